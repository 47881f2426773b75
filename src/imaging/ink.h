/* Ink on paper: the one rule the measuring steps share for what is printed
 * and what is the paper it is printed on. */
#ifndef PLANCHE_IMAGING_INK_H
#define PLANCHE_IMAGING_INK_H

#include <glib.h>

typedef struct {
	int threshold; /* Otsu's split of the luminance */
	int paper;     /* median of the pixels above it */
	int ink;       /* 5th percentile of the pixels below it */
	int level;     /* a pixel darker than this is ink */
} PlInk;

/* Measures paper and ink on a luminance buffer and puts the ink level
 * distance below the paper, or, when distance is 0, a share of the
 * paper-to-ink contrast below it (PL_INK_SHARE, at least PL_INK_MIN). */
void pl_ink_measure(const guchar *lum, size_t n, int distance, PlInk *k);

/* For each line across the axis (a column when columns, else a row) in
 * [0, len), the share of its pixels in [from, to) along it that are ink:
 * out has len entries. */
void pl_ink_cover(const guchar *lum, int w, int h, int level, gboolean columns, int from, int to,
		  double *out);

#endif

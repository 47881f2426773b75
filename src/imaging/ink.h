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

/* A faint rule beyond a box: thin lines a little darker than the paper on
 * both sides of them, too faint to pass for ink, as the construction lines
 * that reach a drawing's edges. From the box's side (PL_EDGE_TOP, _BOTTOM,
 * _LEFT or _RIGHT of imaging/edges.h) outwards, over blank margin only (the
 * search ends at the first line whose stretch beside the box holds ink,
 * darker than level, or a dark bed or shadow), the outermost row (top,
 * bottom) or column (left, right) along which such a line runs unbroken
 * for min_run pixels; -1 when there is none. box is x0, y0, x1, y1
 * (exclusive ends); paper is the paper's level. */
int pl_ink_faint_rule(const guchar *lum, int w, int h, int paper, int level, int side,
		      const int box[4], int min_run);

#endif

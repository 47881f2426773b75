/* The level maths, free of libvips so they can be unit-tested. */
#ifndef PLANCHE_LEVELS_MATH_H
#define PLANCHE_LEVELS_MATH_H

#include <glib.h>

/* The value below which pct percent of a 256-bin histogram's samples lie
 * (linearly interpolated inside the bin). */
double pl_levels_percentile(const guint64 hist[256], double pct);

/* Widens [*black, *white] so that white - black >= min_range, moving black
 * down first: a faint page is not stretched into its noise. */
void pl_levels_limit(double *black, double *white, double min_range);

/* One map: v -> 255 * ((v - black) / (white - black)) ^ (1 / gamma), clipped. */
void pl_levels_lut(double black, double white, double gamma, double lut[256]);

/* Per-channel gains that bring paper (its RGB) to a neutral grey of the
 * same luminance; all 1 when paper is already neutral or too dark to tell. */
void pl_levels_neutral_gains(const double paper[3], double gains[3]);

/* For each luminance v that lut maps to lut[v], the gain on a pixel's colour
 * differences (each channel minus its luminance) that keeps its CIELAB
 * chroma: the paper keeps its tone, coloured ink its colour. */
void pl_levels_chroma_gain(const double lut[256], double gain[256]);

/* Lowers the top of lut, the whole map in proportion, so that paper (its
 * RGB) keeps its tint under the tone map: its brightest channel, above its
 * luminance, lands at 255 rather than beyond, where clipping would bleach
 * and shift it. A map that already keeps it in range is left as it is. */
void pl_levels_fit_paper(const double paper[3], double lut[256]);

/* The ink on a luminance image: strokes darker than their surroundings,
 * counted in the image's middle (frames, page edges and scanner borders
 * linger at its edges). */
typedef struct {
	double share;    /* percent of the middle's pixels that are ink */
	double spread;   /* percent of the middle's cells that hold ink */
	gboolean judged; /* FALSE when the image is too small to tell */
} PlInk;

void pl_levels_ink(const guchar *lum, int w, int h, PlInk *ink);

/* Whether a page holds so little ink, in so few places, that stretching its
 * levels would only stretch its stains. */
gboolean pl_levels_near_blank(const PlInk *ink);

typedef enum { PL_LEVELS_STRETCH, PL_LEVELS_NEAR_BLANK, PL_LEVELS_MANUAL } PlLevelsMode;

/* What levels decides from a luminance histogram, the ink and the paper's
 * luminance (0 when unknown): black and white points (0 and 255 for a
 * near-blank page, left as it is). The paper never comes out darker than
 * it went in: where something brighter (a scanner bed, flecks) sets the
 * white percentile above it, the white point comes down to keep it. */
typedef struct {
	double black_pct, white_pct; /* percentiles that become black and white */
	double min_range;            /* smallest black-to-white distance */
} PlLevelsParams;

typedef struct {
	double black, white;
	PlLevelsMode mode;
	gboolean limited;  /* min_range narrowed the stretch */
	gboolean for_paper; /* the white point came down to the paper */
} PlLevelsPoints;

void pl_levels_decide(const guint64 hist[256], const PlInk *ink, double paper,
		      const PlLevelsParams *p, PlLevelsPoints *out);

#endif

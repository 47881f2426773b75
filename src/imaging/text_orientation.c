#include "imaging/text_orientation.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Cells of this many preview pixels denser in ink than DENSE_SHARE are a
 * dark surround, a solid area or a picture's shadow, not text: left out. */
#define DENSE_CELL 16
#define DENSE_SHARE 0.35
/* Each axis is measured in TILES x TILES tiles, so that a page's columns
 * and the lines' slight skew do not blur one another's profiles. */
#define TILES 8
/* A tile with less ink than this share of its area says nothing. */
#define TILE_MIN_INK 0.02
/* A profile line with less than BLANK_SHARE of the tile's REF_QUANTILE line
 * is blank: not of its fullest line, which a rule along the lines would set
 * (a framed page's columns then all looked blank), and not 2 % of it, which
 * a shrunk preview's tight leading never leaves between lines (the upside
 * down generated pages: 0.19-0.23 blank rows, now 0.28 and more). A line of
 * text is where the profile exceeds LINE_ON of the fullest line, at least
 * LINE_MIN_LEN lines, and its x-height band where it exceeds half its peak. */
#define BLANK_SHARE 0.08
#define REF_QUANTILE 0.9
#define LINE_ON 0.08
#define LINE_MIN_LEN 4
/* The decision, from the 31 real samples (tests/bench/README.md): upright
 * text pages have 0.21-0.48 blank rows across their lines and 0.03-0.16
 * blank columns (euler's tables and boxedpage's ruled box 0.18-0.19); the
 * two sideways ones (pancrazi, and boston before its EXIF turn) 0.28-0.32
 * blank columns against 0.08-0.09 blank rows; drawings reach 0.63 either
 * way but with a handful of lines. */
#define TEXT_MIN_LINES 60
#define TEXT_MIN_GAPS 0.25
#define TEXT_AXIS_RATIO 2.5
/* Upright text pages: asymmetry +0.07 to +0.55 across (real and generated),
 * upside-down generated pages -0.17 to -0.53; upside down is called below
 * -ASYM_UPSIDE_DOWN only, and is unsure above -ASYM_SURE. */
#define ASYM_UPSIDE_DOWN 0.12
/* Asymmetry that makes the direction of a sideways page sure. */
#define ASYM_SURE 0.15

typedef struct {
	int blank, span, lines;
	double above, below;
} Profiles;

/* Lines of text in one profile: ink above and below each one's x-height
 * band. */
static void profile_lines(const double *r, int n, Profiles *p)
{
	double max = 0;
	for (int i = 0; i < n; i++)
		max = MAX(max, r[i]);
	if (max <= 0)
		return;
	for (int y = 0; y < n;) {
		if (r[y] <= LINE_ON * max) {
			y++;
			continue;
		}
		int a = y;
		while (y < n && r[y] > LINE_ON * max)
			y++;
		if (y - a < LINE_MIN_LEN)
			continue;
		double peak = 0;
		for (int k = a; k < y; k++)
			peak = MAX(peak, r[k]);
		int c0 = a, c1 = y - 1;
		while (r[c0] < peak / 2)
			c0++;
		while (r[c1] < peak / 2)
			c1--;
		for (int k = a; k < c0; k++)
			p->above += r[k];
		for (int k = c1 + 1; k < y; k++)
			p->below += r[k];
		p->lines++;
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* One tile's profile along the lines (rows when across, else columns). */
static void tile_profile(const guchar *ink, int w, int x0, int x1, int y0, int y1,
			 gboolean across, Profiles *p)
{
	int n = across ? y1 - y0 : x1 - x0, total = 0;
	double *r = g_new0(double, n), max = 0;
	for (int y = y0; y < y1; y++)
		for (int x = x0; x < x1; x++)
			if (ink[(size_t)y * w + x]) {
				r[across ? y - y0 : x - x0]++;
				total++;
			}
	if (total >= TILE_MIN_INK * (x1 - x0) * (y1 - y0)) {
		int first = -1, last = -1;
		for (int i = 0; i < n; i++) {
			max = MAX(max, r[i]);
			if (r[i] > 0)
				last = i, first = first < 0 ? i : first;
		}
		/* The reference is a high percentile, not the maximum: a rule
		 * along the lines would make every line of text look blank. */
		int len = last - first + 1;
		double *sorted = g_memdup2(r + first, sizeof(double) * len);
		qsort(sorted, len, sizeof(double), cmp_double);
		double ref = sorted[MIN(len - 1, (int)(len * REF_QUANTILE))];
		g_free(sorted);
		for (int i = first; i <= last; i++)
			p->blank += r[i] <= BLANK_SHARE * ref;
		p->span += last - first + 1;
		profile_lines(r, n, p);
	}
	g_free(r);
}

/* The ink, without the dense cells. */
static guchar *text_ink(const guchar *lum, int w, int h, int level)
{
	guchar *ink = g_malloc((size_t)w * h);
	for (size_t i = 0; i < (size_t)w * h; i++)
		ink[i] = lum[i] < level;
	for (int cy = 0; cy < h; cy += DENSE_CELL)
		for (int cx = 0; cx < w; cx += DENSE_CELL) {
			int y1 = MIN(h, cy + DENSE_CELL), x1 = MIN(w, cx + DENSE_CELL), n = 0;
			for (int y = cy; y < y1; y++)
				for (int x = cx; x < x1; x++)
					n += ink[(size_t)y * w + x];
			if (n > DENSE_SHARE * (y1 - cy) * (x1 - cx))
				for (int y = cy; y < y1; y++)
					memset(ink + (size_t)y * w + cx, 0, x1 - cx);
		}
	return ink;
}

static void measure_axis(const guchar *ink, int w, int h, gboolean across, double *gaps,
			 int *lines, double *asym)
{
	Profiles p = { 0 };
	for (int i = 0; i < TILES; i++)
		for (int k = 0; k < TILES; k++)
			tile_profile(ink, w, k * w / TILES, (k + 1) * w / TILES, i * h / TILES,
				     (i + 1) * h / TILES, across, &p);
	*gaps = p.span ? (double)p.blank / p.span : 0;
	*lines = p.lines;
	*asym = p.above + p.below > 0 ? (p.above - p.below) / (p.above + p.below) : 0;
}

/* Whether the lines of one axis are text, against the other axis. */
static gboolean text_along(double gaps, int lines, double other_gaps)
{
	return lines >= TEXT_MIN_LINES && gaps >= TEXT_MIN_GAPS &&
	       gaps >= TEXT_AXIS_RATIO * other_gaps;
}

void pl_text_orientation(const guchar *lum, int w, int h, int level, PlTextOrientation *t)
{
	guchar *ink = text_ink(lum, w, h, level);
	memset(t, 0, sizeof *t);
	measure_axis(ink, w, h, TRUE, &t->gaps_h, &t->lines_h, &t->asym_h);
	measure_axis(ink, w, h, FALSE, &t->gaps_v, &t->lines_v, &t->asym_v);
	g_free(ink);
	double axis_h = t->gaps_h / MAX(t->gaps_v, 0.01), axis_v = t->gaps_v / MAX(t->gaps_h, 0.01);
	if (text_along(t->gaps_h, t->lines_h, t->gaps_v)) {
		/* Lines across: upright, or upside down when clearly so. */
		t->turn = t->asym_h <= -ASYM_UPSIDE_DOWN ? 2 : 0;
		t->confidence = MIN(1, axis_h / (2 * TEXT_AXIS_RATIO));
		t->direction = MIN(1, fabs(t->asym_h) / ASYM_SURE);
	} else if (text_along(t->gaps_v, t->lines_v, t->gaps_h)) {
		/* Lines down: the letters' tops point left when asym_v > 0, and
		 * a clockwise quarter turn sets them up. */
		t->turn = t->asym_v >= 0 ? 1 : 3;
		t->confidence = MIN(1, axis_v / (2 * TEXT_AXIS_RATIO));
		t->direction = MIN(1, fabs(t->asym_v) / ASYM_SURE);
	}
}

#include "imaging/levels_math.h"

#include <math.h>
#include <string.h>

double pl_levels_percentile(const guint64 hist[256], double pct)
{
	guint64 total = 0;
	for (int i = 0; i < 256; i++)
		total += hist[i];
	if (total == 0)
		return pct < 50 ? 0 : 255;
	double want = CLAMP(pct, 0, 100) / 100.0 * (double)total;
	double acc = 0;
	for (int i = 0; i < 256; i++) {
		if (hist[i] == 0)
			continue;
		if (acc + (double)hist[i] >= want)
			return i + (want - acc) / (double)hist[i];
		acc += (double)hist[i];
	}
	return 255;
}

void pl_levels_limit(double *black, double *white, double min_range)
{
	*black = CLAMP(*black, 0, 255);
	*white = CLAMP(*white, 0, 255);
	if (*white < *black) {
		double t = *white;
		*white = *black;
		*black = t;
	}
	if (*white - *black >= min_range)
		return;
	*black = MAX(0, *white - min_range);
	if (*white - *black < min_range)
		*white = MIN(255, *black + min_range);
}

void pl_levels_lut(double black, double white, double gamma, double lut[256])
{
	double range = MAX(white - black, 1e-6);
	if (!(gamma > 0))
		gamma = 1;
	for (int v = 0; v < 256; v++) {
		double t = CLAMP((v - black) / range, 0, 1);
		lut[v] = 255.0 * pow(t, 1.0 / gamma);
	}
}

void pl_levels_neutral_gains(const double paper[3], double gains[3])
{
	double lum = 0.299 * paper[0] + 0.587 * paper[1] + 0.114 * paper[2];
	for (int i = 0; i < 3; i++)
		gains[i] = 1;
	if (lum < 64)
		return;
	for (int i = 0; i < 3; i++)
		gains[i] = paper[i] > 1 ? CLAMP(lum / paper[i], 0.5, 2.0) : 1;
}

/* CIELAB's a* and b* are differences of cube roots of linear light, and an
 * 8-bit sRGB value is about linear light to the power 1/2.2: near the grey
 * axis, a difference dv between channels at value v carries a chroma in
 * proportion to dv * v^(2.2/3 - 1). When v becomes v', scaling dv by
 * (v'/v)^(1 - 2.2/3) keeps the chroma: paper lightened keeps its tone, red
 * and blue lines darkened stay red and blue (scaling the channels alike,
 * dv by v'/v, turned a faded drawing's pink lines black). */
#define CHROMA_EXPONENT (1 - 2.2 / 3)

void pl_levels_chroma_gain(const double lut[256], double gain[256])
{
	gain[0] = 1;
	for (int v = 1; v < 256; v++)
		gain[v] = pow(lut[v] / v, CHROMA_EXPONENT);
}

void pl_levels_fit_paper(const double paper[3], double lut[256])
{
	double y = 0.299 * paper[0] + 0.587 * paper[1] + 0.114 * paper[2];
	double above = MAX(MAX(paper[0], paper[1]), paper[2]) - y, chroma[256];
	int v = (int)CLAMP(floor(y + 0.5), 0, 255);
	pl_levels_chroma_gain(lut, chroma);
	double top = lut[v] + chroma[v] * above;
	if (top <= 255 || lut[v] <= 0)
		return;
	/* Lowering the map lowers the chroma gain too: fitting with the
	 * higher one leaves the paper a little room. */
	double k = MAX(0, 255 - chroma[v] * above) / lut[v];
	for (int i = 0; i < 256; i++)
		lut[i] *= k;
}

/* A stroke is at most 2 * INK_RADIUS + 1 preview pixels wide: the closing
 * (a maximum, then a minimum, over that square) fills it in with the paper
 * around it, and its depth below the closing is its contrast. Stains and
 * foxing, wider and soft-edged, are left out. A preview is 1000-1500 px on
 * its long side, so this takes in lines and letters up to about 0.5 % of
 * the page. */
#define INK_RADIUS 3
/* Levels of depth below the closing that make a pixel ink. Paper grain and
 * JPEG noise on the real samples mostly stay under it: 0.6 % of the
 * near-blank cover's middle (sbb_der-herold_1839_cover) is deeper than 12,
 * 3 % deeper than 8; the faintest pencil drawing's lines (btv1b10052718j)
 * make 7 % of its middle. */
#define INK_DEPTH 12
/* The middle is the image less an eighth on every side, in 6 x 6 cells of
 * an 8 x 8 grid; a cell holds ink when 0.5 % of its pixels are ink (a
 * letter or two, a short line), not a speck of dust. */
#define INK_GRID 8
#define INK_CELL_SHARE 0.005

typedef enum { TAKE_MAX, TAKE_MIN } Extreme;

/* Bytes at a time in extreme_into: a fixed count the compiler turns into
 * one vector instruction even at -O2, whose cost model leaves loops of
 * unknown length scalar (the filters took 40 ms a preview, now a few). */
#define CHUNK 16

/* acc[i] becomes the extreme of acc[i] and v[i]. */
static void extreme_into(guchar *restrict acc, const guchar *restrict v, int n, Extreme e)
{
	int i = 0;
	if (e == TAKE_MAX) {
		for (; i + CHUNK <= n; i += CHUNK)
			for (int j = 0; j < CHUNK; j++)
				acc[i + j] = MAX(acc[i + j], v[i + j]);
		for (; i < n; i++)
			acc[i] = MAX(acc[i], v[i]);
	} else {
		for (; i + CHUNK <= n; i += CHUNK)
			for (int j = 0; j < CHUNK; j++)
				acc[i + j] = MIN(acc[i + j], v[i + j]);
		for (; i < n; i++)
			acc[i] = MIN(acc[i], v[i]);
	}
}

/* Each pixel of a row becomes the extreme of the 2 * INK_RADIUS + 1 pixels
 * around it, the window cut at the row's ends. */
static void filter_row(const guchar *in, guchar *out, int w, Extreme e)
{
	memcpy(out, in, (size_t)w);
	for (int k = 1; k <= INK_RADIUS && k < w; k++) {
		extreme_into(out, in + k, w - k, e);
		extreme_into(out + k, in, w - k, e);
	}
}

/* The square filter: along rows, then across them, the window cut at the
 * image's edges. */
static void filter_square(const guchar *in, guchar *out, guchar *tmp, int w, int h, Extreme e)
{
	for (int y = 0; y < h; y++)
		filter_row(in + (size_t)y * w, tmp + (size_t)y * w, w, e);
	for (int y = 0; y < h; y++) {
		guchar *row = out + (size_t)y * w;
		memcpy(row, tmp + (size_t)y * w, (size_t)w);
		for (int k = MAX(0, y - INK_RADIUS); k <= MIN(h - 1, y + INK_RADIUS); k++)
			extreme_into(row, tmp + (size_t)k * w, w, e);
	}
}

/* Counts the ink of the middle, by cell. */
static void count_ink(const guchar *lum, const guchar *closed, int w, int h, PlInk *ink)
{
	guint64 total = 0, pixels = 0;
	int cells = 0;
	for (int cy = 1; cy < INK_GRID - 1; cy++)
		for (int cx = 1; cx < INK_GRID - 1; cx++) {
			int x0 = cx * w / INK_GRID, x1 = (cx + 1) * w / INK_GRID;
			int y0 = cy * h / INK_GRID, y1 = (cy + 1) * h / INK_GRID;
			guint64 n = 0;
			for (int y = y0; y < y1; y++)
				for (int x = x0; x < x1; x++) {
					size_t i = (size_t)y * w + x;
					n += closed[i] - lum[i] > INK_DEPTH;
				}
			guint64 area = (guint64)(x1 - x0) * (y1 - y0);
			cells += n > INK_CELL_SHARE * area;
			total += n;
			pixels += area;
		}
	int n_cells = (INK_GRID - 2) * (INK_GRID - 2);
	ink->share = 100.0 * total / MAX(pixels, 1);
	ink->spread = 100.0 * cells / n_cells;
}

void pl_levels_ink(const guchar *lum, int w, int h, PlInk *ink)
{
	ink->share = ink->spread = 0;
	/* Every cell needs pixels, and a stroke needs room around it. */
	ink->judged = w >= INK_GRID * (2 * INK_RADIUS + 1) && h >= INK_GRID * (2 * INK_RADIUS + 1);
	if (!ink->judged)
		return;
	size_t n = (size_t)w * h;
	guchar *a = g_malloc(n), *b = g_malloc(n), *tmp = g_malloc(n);
	filter_square(lum, a, tmp, w, h, TAKE_MAX);
	filter_square(a, b, tmp, w, h, TAKE_MIN);
	count_ink(lum, b, w, h, ink);
	g_free(a);
	g_free(b);
	g_free(tmp);
}

/* Near-blank: less than NEAR_BLANK_SHARE percent of the middle is ink, in
 * fewer than NEAR_BLANK_SPREAD percent of its cells. On the 31 real samples
 * (tests/bench/README.md), the near-blank cover has 0.6 % of ink in 28 % of
 * the cells (pencil marks in a corner, stains); the sparsest page with
 * content, a line drawing (btv1b10051649h), 4.2 % in 78 %; every other
 * page more. Both bounds sit between, near the geometric means (1.6, 47). */
#define NEAR_BLANK_SHARE 1.5
#define NEAR_BLANK_SPREAD 45

gboolean pl_levels_near_blank(const PlInk *ink)
{
	return ink->judged && ink->share < NEAR_BLANK_SHARE && ink->spread < NEAR_BLANK_SPREAD;
}

/* Lowers *white so that the map takes paper to at least itself: with
 * black b, white w <= b + (paper - b) * 255 / paper; and *black so that
 * the range stays min_range where that bound binds. */
static gboolean keep_paper(double *black, double *white, double paper, double min_range)
{
	if (paper <= *black || paper >= 255)
		return FALSE;
	double bound = *black + (paper - *black) * 255 / paper;
	if (*white <= bound)
		return FALSE;
	*black = MIN(*black, paper * (1 - min_range / 255));
	*white = *black + (paper - *black) * 255 / paper;
	return TRUE;
}

void pl_levels_decide(const guint64 hist[256], const PlInk *ink, double paper,
		      const PlLevelsParams *p, PlLevelsPoints *out)
{
	out->limited = out->for_paper = FALSE;
	if (pl_levels_near_blank(ink)) {
		out->black = 0;
		out->white = 255;
		out->mode = PL_LEVELS_NEAR_BLANK;
		return;
	}
	out->black = pl_levels_percentile(hist, p->black_pct);
	out->white = pl_levels_percentile(hist, p->white_pct);
	out->mode = PL_LEVELS_STRETCH;
	double range = fabs(out->white - out->black);
	pl_levels_limit(&out->black, &out->white, p->min_range);
	out->limited = out->white - out->black > range;
	out->for_paper = keep_paper(&out->black, &out->white, paper, p->min_range);
}

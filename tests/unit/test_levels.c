/* levels' maths on pixels and pages drawn here: the paper keeps its chroma,
 * contrast comes back on a faded page, a near-blank page is left alone. */
#include <math.h>
#include <string.h>

#include "imaging/levels_math.h"
#include "imaging/linear_map.h"

/* CIELAB L* and C* of an 8-bit sRGB colour (D65). */
static void lab_of(const guchar rgb[3], double *L, double *C)
{
	double lin[3], f[3];
	for (int c = 0; c < 3; c++) {
		double v = rgb[c] / 255.0;
		lin[c] = v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
	}
	double xyz[3] = {
		(0.4124 * lin[0] + 0.3576 * lin[1] + 0.1805 * lin[2]) / 0.95047,
		0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2],
		(0.0193 * lin[0] + 0.1192 * lin[1] + 0.9505 * lin[2]) / 1.08883,
	};
	for (int c = 0; c < 3; c++)
		f[c] = xyz[c] > 0.008856 ? cbrt(xyz[c]) : 7.787 * xyz[c] + 16.0 / 116;
	*L = 116 * f[1] - 16;
	*C = hypot(500 * (f[0] - f[1]), 200 * (f[1] - f[2]));
}

/* The tone map levels builds for black and white points and paper gains;
 * with paper, the map fitted to keep its tint. */
static void tone_of(double black, double white, const double gains[3], const double *paper,
		    PlToneMap *m)
{
	double lut[256], chroma[256];
	pl_levels_lut(black, white, 1, lut);
	if (paper)
		pl_levels_fit_paper(paper, lut);
	pl_levels_chroma_gain(lut, chroma);
	pl_tone_map_init(m, lut, chroma, gains);
}

static const double no_gains[3] = { 1, 1, 1 };

/* Faded papers, beige to yellowed to grey-blue, stretched from their
 * luminance to white: lighter, and their chroma within 10 % (kept out of
 * clipping by the fitted map). One map on every channel (what levels did)
 * made them up to 1.6 times as coloured. */
static void test_paper_keeps_chroma(void)
{
	static const guchar papers[][3] = {
		{ 200, 190, 160 }, { 215, 200, 150 }, { 190, 185, 175 }, { 170, 180, 190 },
		{ 228, 214, 186 }, { 180, 160, 130 },
	};
	double worst_shared = 0;
	for (guint i = 0; i < G_N_ELEMENTS(papers); i++) {
		const guchar *p = papers[i];
		double y = (299.0 * p[0] + 587.0 * p[1] + 114.0 * p[2]) / 1000;
		PlToneMap m;
		double paper[3] = { p[0], p[1], p[2] };
		tone_of(40, y + 2, no_gains, paper, &m);
		guchar out[3], shared[3];
		pl_tone_map_row(&m, p, out, 1);
		double L0, C0, L1, C1, Ls, Cs, lut[256];
		pl_levels_lut(40, y + 2, 1, lut);
		for (int c = 0; c < 3; c++)
			shared[c] = (guchar)CLAMP(lut[p[c]] + 0.5, 0, 255);
		lab_of(p, &L0, &C0);
		lab_of(out, &L1, &C1);
		lab_of(shared, &Ls, &Cs);
		g_test_message("paper %d %d %d: L* %.1f -> %.1f, C* %.1f -> %.1f (one map: %.1f)",
			       p[0], p[1], p[2], L0, L1, C0, C1, Cs);
		g_assert_cmpfloat(L1, >, L0 + 3);
		g_assert_cmpfloat(C1, <=, 1.1 * C0);
		g_assert_cmpfloat(C1, >=, 0.8 * C0);
		worst_shared = MAX(worst_shared, Cs / C0);
	}
	g_assert_cmpfloat(worst_shared, >, 1.4); /* what the test guards against */
}

/* Ink darkened to near black does not come out more coloured than it was,
 * and the order of hues is kept (a red stays red). */
static void test_ink_not_saturated(void)
{
	static const guchar inks[][3] = { { 90, 70, 50 }, { 120, 40, 40 }, { 60, 64, 80 } };
	PlToneMap m;
	tone_of(50, 220, no_gains, NULL, &m);
	for (guint i = 0; i < G_N_ELEMENTS(inks); i++) {
		guchar out[3];
		double L0, C0, L1, C1;
		pl_tone_map_row(&m, inks[i], out, 1);
		lab_of(inks[i], &L0, &C0);
		lab_of(out, &L1, &C1);
		g_assert_cmpfloat(L1, <, L0);
		g_assert_cmpfloat(C1, <=, C0 + 0.5);
		for (int a = 0; a < 3; a++)
			for (int b = 0; b < 3; b++)
				if (inks[i][a] > inks[i][b] + 5)
					g_assert_cmpint(out[a], >=, out[b]);
	}
}

/* A grey keeps all its channels equal, at the map's value; the identity
 * changes no pixel. */
static void test_grey_and_identity(void)
{
	PlToneMap m;
	double lut[256];
	tone_of(30, 210, no_gains, NULL, &m);
	pl_levels_lut(30, 210, 1, lut);
	for (int v = 0; v < 256; v++) {
		guchar grey[3] = { (guchar)v, (guchar)v, (guchar)v }, out[3];
		pl_tone_map_row(&m, grey, out, 1);
		g_assert_cmpint(out[0], ==, out[1]);
		g_assert_cmpint(out[1], ==, out[2]);
		g_assert_cmpint(abs(out[0] - (int)floor(lut[v] + 0.5)), <=, 1);
	}
	tone_of(0, 255, no_gains, NULL, &m);
	g_assert_true(pl_tone_map_is_identity(&m));
	guchar px[3 * 512], out[3 * 512];
	for (int i = 0; i < 3 * 512; i++)
		px[i] = (guchar)g_test_rand_int_range(0, 256);
	pl_tone_map_row(&m, px, out, 512);
	g_assert_cmpmem(px, sizeof px, out, sizeof out);
}

/* paper=neutral: the paper's tint taken out before the stretch. */
static void test_neutral_paper(void)
{
	double paper[3] = { 205, 190, 150 }, gains[3], L, C;
	pl_levels_neutral_gains(paper, gains);
	PlToneMap m;
	tone_of(40, 195, gains, NULL, &m);
	guchar p[3] = { 205, 190, 150 }, out[3];
	pl_tone_map_row(&m, p, out, 1);
	lab_of(out, &L, &C);
	g_assert_cmpfloat(C, <, 3);
	g_assert_cmpfloat(L, >, 95);
}

/* A page of luminance: paper with grain, then what each test draws on it. */
static guchar *page_new(int w, int h, int paper)
{
	guchar *lum = g_malloc((size_t)w * h);
	for (size_t i = 0; i < (size_t)w * h; i++)
		lum[i] = (guchar)(paper + g_test_rand_int_range(-3, 4));
	return lum;
}

static void darken(guchar *lum, int w, int x, int y, int by)
{
	size_t i = (size_t)y * w + x;
	lum[i] = (guchar)MAX(0, lum[i] - by);
}

/* Broad, soft stains: a disc that fades out from its middle. */
static void stain(guchar *lum, int w, int h, int cx, int cy, int r, int depth)
{
	for (int y = MAX(0, cy - r); y < MIN(h, cy + r); y++)
		for (int x = MAX(0, cx - r); x < MIN(w, cx + r); x++) {
			double d = hypot(x - cx, y - cy) / r;
			if (d < 1)
				darken(lum, w, x, y, (int)(depth * (1 - d)));
		}
}

/* Thin lines across the page every gap pixels, depth darker than paper. */
static void hatch(guchar *lum, int w, int h, int x0, int y0, int x1, int y1, int gap, int depth)
{
	for (int y = y0; y < y1; y += gap)
		for (int x = x0; x < x1; x++)
			darken(lum, w, x, y, depth);
	for (int x = x0; x < x1; x += gap)
		for (int y = y0; y < y1; y++)
			darken(lum, w, x, y, depth);
	(void)h;
}

static void test_near_blank(void)
{
	int w = 900, h = 1200;
	PlInk ink;
	/* A flyleaf: stains, and pencil marks in a corner. */
	guchar *lum = page_new(w, h, 212);
	for (int k = 0; k < 12; k++)
		stain(lum, w, h, 150 + 55 * k, 250 + 70 * k, 40, 25);
	hatch(lum, w, h, 130, 160, 330, 260, 20, 60);
	pl_levels_ink(lum, w, h, &ink);
	g_test_message("flyleaf: ink %.2f %% in %.0f %%", ink.share, ink.spread);
	g_assert_true(pl_levels_near_blank(&ink));
	g_free(lum);

	/* A faint line drawing over the whole page: not blank. */
	lum = page_new(w, h, 190);
	hatch(lum, w, h, 60, 60, w - 60, h - 60, 24, 18);
	pl_levels_ink(lum, w, h, &ink);
	g_test_message("faint drawing: ink %.2f %% in %.0f %%", ink.share, ink.spread);
	g_assert_false(pl_levels_near_blank(&ink));
	g_free(lum);

	/* A small picture in the middle: little ink, but a picture. */
	lum = page_new(w, h, 220);
	hatch(lum, w, h, 300, 400, 600, 800, 4, 120);
	pl_levels_ink(lum, w, h, &ink);
	g_test_message("vignette: ink %.2f %% in %.0f %%", ink.share, ink.spread);
	g_assert_false(pl_levels_near_blank(&ink));
	g_free(lum);

	/* Too small to tell: never judged blank. */
	lum = page_new(40, 30, 220);
	pl_levels_ink(lum, 40, 30, &ink);
	g_assert_false(ink.judged);
	g_assert_false(pl_levels_near_blank(&ink));
	g_free(lum);
}

/* A page faded to 35 % of the range, 89 levels: ink goes to black and paper
 * to white (the former min-range of 128 held it to 70 %); a near-blank page
 * keeps its levels. */
static void test_contrast_restored(void)
{
	guint64 hist[256] = { 0 };
	for (int v = 110; v <= 199; v++)
		hist[v] = v < 150 ? 20 : 200; /* ink, then paper */
	PlInk inked = { .share = 20, .spread = 100, .judged = TRUE };
	PlLevelsParams p = { .black_pct = 0.5, .white_pct = 99.5, .min_range = 80 };
	PlLevelsPoints pts;
	double lut[256];
	pl_levels_decide(hist, &inked, 0, &p, &pts);
	g_assert_cmpint(pts.mode, ==, PL_LEVELS_STRETCH);
	g_assert_false(pts.limited);
	pl_levels_lut(pts.black, pts.white, 1, lut);
	g_assert_cmpfloat(lut[110], <=, 3);
	g_assert_cmpfloat(lut[199], >=, 250);

	/* A fainter one only as far as min-range allows. */
	memset(hist, 0, sizeof hist);
	hist[170] = 10, hist[200] = 90;
	pl_levels_decide(hist, &inked, 0, &p, &pts);
	g_assert_true(pts.limited);
	g_assert_cmpfloat(pts.white - pts.black, ==, 80);

	PlInk blank = { .share = 0.4, .spread = 10, .judged = TRUE };
	pl_levels_decide(hist, &blank, 0, &p, &pts);
	g_assert_cmpint(pts.mode, ==, PL_LEVELS_NEAR_BLANK);
	g_assert_cmpfloat(pts.black, ==, 0);
	g_assert_cmpfloat(pts.white, ==, 255);
}

/* Something whiter than the paper (a scanner bed) sets the white
 * percentile: the white point comes down so that the paper is not made
 * darker than it was, and the range stays at least min-range. */
static void test_paper_not_darkened(void)
{
	guint64 hist[256] = { 0 };
	hist[110] = 10, hist[190] = 80, hist[250] = 10; /* ink, paper, bed */
	PlInk inked = { .share = 10, .spread = 100, .judged = TRUE };
	PlLevelsParams p = { .black_pct = 0.5, .white_pct = 99.5, .min_range = 64 };
	PlLevelsPoints pts;
	double lut[256];
	pl_levels_decide(hist, &inked, 190, &p, &pts);
	g_assert_true(pts.for_paper);
	pl_levels_lut(pts.black, pts.white, 1, lut);
	g_assert_cmpfloat(lut[190], >=, 189.5);
	g_assert_cmpfloat(lut[110], <=, 1);
	/* A paper close to the ink: the range kept at min-range. */
	memset(hist, 0, sizeof hist);
	hist[170] = 10, hist[200] = 80, hist[250] = 10;
	pl_levels_decide(hist, &inked, 200, &p, &pts);
	g_assert_cmpfloat(pts.white - pts.black, >=, 64 - 1e-9);
	pl_levels_lut(pts.black, pts.white, 1, lut);
	g_assert_cmpfloat(lut[200], >=, 199.5);
	/* Without the bed, nothing to do. */
	hist[250] = 0;
	pl_levels_decide(hist, &inked, 200, &p, &pts);
	g_assert_false(pts.for_paper);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/levels/paper-keeps-chroma", test_paper_keeps_chroma);
	g_test_add_func("/levels/ink-not-saturated", test_ink_not_saturated);
	g_test_add_func("/levels/grey-and-identity", test_grey_and_identity);
	g_test_add_func("/levels/neutral-paper", test_neutral_paper);
	g_test_add_func("/levels/near-blank", test_near_blank);
	g_test_add_func("/levels/contrast-restored", test_contrast_restored);
	g_test_add_func("/levels/paper-not-darkened", test_paper_not_darkened);
	return g_test_run();
}

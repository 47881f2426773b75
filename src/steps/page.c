/* page: cuts away what lies around a book's page -- page-stack edges, the
 * spine and the gutter's shadow, a strip of the facing page, a finger, what
 * is left of the background -- before the content is measured.
 *
 * Along each side, the ink met from the edge inward is a zone, which ends
 * at the first clean gap of paper: the page's margin. A zone is cut when it
 * is a structure along the side, not print: it has ink on nearly every line
 * along the side (stack edges, a shadow and a strip of facing page do; text
 * lines and a picture have blank rows between them), it starts at the edge,
 * and it is narrow. Print reaching the edge of a tightly cropped page fails
 * the first test, a frame rule a little inside the edge the second.
 *
 * A side with no such zone may show a fold: the crease of the page bending
 * into the binding, a soft valley of shade a little inside the edge, cut at
 * its inner end (FOLD_DEPTH); or a scanner bed lighter than the page, cut
 * where the page begins (BED_LIGHTER); or, on the left or right, such a
 * crease crossing the lines at a slant, found band by band (SLANT_BANDS).
 *
 * On the left or right, a gutter further in wins over all of these: a dark
 * fold that runs the page's length, a facing leaf beyond it and a soft
 * shade rising from it to the page (imaging/gutter.c); the facing leaf's
 * print is no margin, so the zone's test cannot see it. A sliver of stack
 * edge that the border step left along a skewed side is cut too
 * (SLIVER_PCT). */
#include "steps/step.h"

#include <math.h>
#include <string.h>

#include "imaging/gutter.h"
#include "imaging/ink.h"

enum { OPT_MAX, OPT_GAP };

static const PlOption page_options[] = {
	{ .name = "max", .type = PL_OPT_DOUBLE, .def = "30", .min = 1, .max = 49,
	  .help = "widest zone cut along a side, percent of the side" },
	{ .name = "gap", .type = PL_OPT_DOUBLE, .def = "2", .min = 0.2, .max = 20,
	  .help = "clean paper that ends a zone (the page's margin), percent of the side" },
	{ 0 },
};

/* A line with less of its length in ink than this is clean paper: a speck
 * or two of foxing on 1,000 preview pixels. */
#define CLEAN_COVER 0.01
/* A zone starts at the edge when its first ink is this near it (percent of
 * the side): the few columns a shrunk edge blurs. */
#define TOUCH_PCT 1.0
/* A zone this thin (percent of the side) with at least RULE_PAPER clean
 * positions between it and the edge is a rule: a frame printed close to the
 * page's edge (1 px on the preview, 7 px from the edge on the generated
 * text pages). */
#define RULE_PCT 0.6
#define RULE_PAPER 3
/* A broad band may start this far in (percent of the side): a gutter's
 * shadow beyond the page's fold, as on the kraken sample. */
#define BAND_REACH_PCT 3.0
/* ... when it is this wide (percent of the side), wider than any rule. */
#define BAND_MIN_PCT 1.5
/* Share of the lines along the side with ink inside a zone for it to be a
 * structure: 0.87 to 1.0 for the stack edges, spines and facing pages of the
 * real samples, 0.74 at most for the drawings and text that touch an edge. */
#define STRUCTURE_COVER 0.85
/* ... and for a band that starts away from the edge: dark all along. */
#define BAND_COVER 0.95
/* A strip at the edge this narrow (percent of the side) is what the border
 * step left of a skewed stack edge: on part of the side only, where the
 * skew carries it inside the crop (a quarter to two thirds of the lines on
 * the generated spreads), and too thin to be print that matters. */
#define SLIVER_PCT 2.0
#define SLIVER_COVER 0.3

/* A fold: the crease where a page bends into the binding, a little inside
 * the edge, with the page's curve (or the facing side) beyond it. It is a
 * valley of shade, not ink: the lines' median luminance drops FOLD_DEPTH
 * under the paper on both sides of it, within FOLD_WINDOW_PCT of the side
 * (pembroke's crease is 17 levels under, eiteritz's 38; a page's own
 * gradient changes by less than 8 over that window), and stays above the
 * ink level all across (a printed rule is ink). It is met within
 * FOLD_REACH_PCT of the edge (both are within 7 %), before any print, and
 * clean paper, the page's margin, follows it within the window. A sheet's
 * edge on a lighter mount or scanner bed makes the same valley, and is cut
 * the same way (charivari's top, btv1b8528950b's right and bottom). */
#define FOLD_DEPTH 12
/* A crease is a soft shade some pixels wide: pembroke's is 0.5 % of the
 * side on the preview, eiteritz's and the English Illustrated's 1.2 to
 * 1.3 %; a plate mark (lyra) or a sheet's cut edge is sharp, 0.2 to 0.3 %. */
#define FOLD_MIN_PCT 0.4
#define FOLD_WINDOW_PCT 3.0
#define FOLD_REACH_PCT 8.0
/* Ink on this share of the lines is print, which ends the search. */
#define FOLD_INK 0.5
/* A scanner bed lighter than the page: a band from the edge whose lines'
 * median is BED_LIGHTER over the paper's, without ink (charivari's bed is
 * 35 to 50 levels over its toned paper; paper lightens by less than 10
 * towards its own edges). It ends where the page's edge begins, within
 * FOLD_REACH_PCT of the side (charivari's: 1.3 %). */
#define BED_LIGHTER 20
/* A slanted fold: a crease as above, paler than ink, but crossing the
 * lines at a slant, as a book's page is shot a degree or two off (pancrazi:
 * 1.6 degrees, its fold 3 to 6 px wide and 12 to 20 levels under the paper
 * on each side; across the middle half of the side it drifts by 8 px, so
 * the medians over all those lines smear it flat). The side is cut into
 * SLANT_BANDS bands of lines; the fold is found in each band on its own,
 * within the widest zone cut (the option max), and is one when at least
 * half the bands find it on one straight line (within SLANT_FIT_PCT of the
 * side) leaning by at most SLANT_TAN. It is cut where it ends furthest in,
 * over the whole length of the side, provided only clean paper lies
 * between. */
#define SLANT_BANDS 8
/* Shallower than a crease met on all the lines at once (FOLD_DEPTH): in a
 * band pancrazi's fold is 8 to 22 levels deep, 2 to 4 px wide. What tells
 * it from a pale rule printed on the page, which is as faint and as thin,
 * is the leaf beyond it, lighter than the page by SLANT_LEAF (pancrazi's
 * by 7 to 20: it lies flatter to the light); a rule has the page's own
 * paper on both sides. */
#define SLANT_DEPTH 8
#define SLANT_MIN_PX 2
#define SLANT_LEAF 5
#define SLANT_FIT_PCT 0.5
#define SLANT_TAN 0.07
/* Share of the lines along the side on which a gutter's fold is dark. */
#define GUTTER_COVER 0.9
/* Lines with ink against the shade's level on this share of them: print in
 * a gutter's shade, where the cut stops. */
#define SHADE_PRINT 0.02

typedef struct {
	const guchar *lum;
	int w, h, level, paper;
} Sheet;

typedef struct {
	int start, end; /* positions counted from the side inward, end exclusive */
	double cover;   /* share of the lines along the side with ink in it */
	gboolean cut;
	gboolean fold; /* cut at a fold, not a zone of ink */
	gboolean gutter; /* cut at a gutter's fold, with the facing leaf beyond */
} Zone;

static gboolean across_columns(int side)
{
	return side < 2; /* left and right: zones of columns */
}

/* Pixel of line `line` at depth k from side. */
static gboolean is_ink(const Sheet *s, int side, int line, int k)
{
	int x, y;
	switch (side) {
	case 0: x = k, y = line; break;
	case 1: x = s->w - 1 - k, y = line; break;
	case 2: x = line, y = k; break;
	default: x = line, y = s->h - 1 - k; break;
	}
	return s->lum[(size_t)y * s->w + x] < s->level;
}

/* Share of the lines [from, to) with ink between depths start and end. */
static double zone_cover(const Sheet *s, int side, int from, int to, int start, int end)
{
	int inked = 0;
	for (int line = from; line < to; line++)
		for (int k = start; k < end; k++)
			if (is_ink(s, side, line, k)) {
				inked++;
				break;
			}
	return to > from ? (double)inked / (to - from) : 0;
}

/* End of the zone that starts at depth start: the first of gap clean
 * positions, or n. */
static int zone_end(const double *p, int n, int start, int gap)
{
	int run = 0;
	for (int k = start; k < n; k++) {
		run = p[k] <= CLEAN_COVER ? run + 1 : 0;
		if (run >= gap)
			return k - run + 1;
	}
	return n;
}

/* The zone along side, measured over the lines [from, to); FALSE when no
 * ink is near the edge. */
static gboolean zone_find(const Sheet *s, const PlStepConfig *cfg, int side, int from, int to,
			  Zone *z)
{
	gboolean cols = across_columns(side);
	int n = cols ? s->w : s->h;
	double *cover = g_new(double, n), *p = g_new(double, n);
	int reach = MAX(3, (int)(n * BAND_REACH_PCT / 100));
	int gap = MAX(3, (int)(n * cfg->v[OPT_GAP].d / 100));
	pl_ink_cover(s->lum, s->w, s->h, s->level, cols, from, to, cover);
	for (int k = 0; k < n; k++) /* from the side inward */
		p[k] = cover[side == 1 || side == 3 ? n - 1 - k : k];
	memset(z, 0, sizeof *z);
	z->start = -1;
	for (int k = 0; k < reach && z->start < 0; k++)
		if (p[k] > CLEAN_COVER)
			z->start = k;
	if (z->start >= 0) {
		z->end = zone_end(p, n, z->start, gap);
		gboolean narrow = z->end <= n * cfg->v[OPT_MAX].d / 100;
		z->cover = narrow ? zone_cover(s, side, from, to, z->start, z->end) : 0;
		/* A thin line behind a strip of clean paper is a printed rule
		 * close to the edge (a frame), not the edge of the leaves. */
		gboolean rule = z->start >= RULE_PAPER && z->end - z->start <= n * RULE_PCT / 100;
		gboolean at_edge = z->start < MAX(2, n * TOUCH_PCT / 100) && !rule;
		gboolean band = z->end - z->start >= n * BAND_MIN_PCT / 100 && z->cover >= BAND_COVER;
		gboolean sliver = at_edge && z->end <= MAX(2, n * SLIVER_PCT / 100) &&
				  z->cover >= SLIVER_COVER;
		z->cut = narrow && ((z->cover >= STRUCTURE_COVER && (at_edge || band)) || sliver);
	}
	g_free(cover);
	g_free(p);
	return z->start >= 0;
}

/* For each position from side inward, the median luminance of the lines
 * [from, to) there. */
static int *side_medians(const Sheet *s, int side, int from, int to)
{
	gboolean cols = across_columns(side);
	int n = cols ? s->w : s->h, along = cols ? s->h : s->w;
	from = CLAMP(from, 0, along), to = CLAMP(to, from, along);
	int *med = g_new0(int, n), *hist = g_new(int, 256);
	for (int k = 0; k < n && to > from; k++) {
		int line = side == 1 || side == 3 ? n - 1 - k : k, seen = 0, v = 0;
		memset(hist, 0, 256 * sizeof *hist);
		for (int i = from; i < to; i++)
			hist[cols ? s->lum[(size_t)i * s->w + line] : s->lum[(size_t)line * s->w + i]]++;
		while (v < 255 && (seen += hist[v]) * 2 < to - from)
			v++;
		med[k] = v;
	}
	g_free(hist);
	return med;
}

/* How far position k lies under the paper on both sides of it. */
static int valley_depth(const int *med, int n, int k, int window)
{
	int outer = 0, inner = 0;
	for (int i = MAX(0, k - window); i < k; i++)
		outer = MAX(outer, med[i]);
	for (int i = k + 1; i <= MIN(n - 1, k + window); i++)
		inner = MAX(inner, med[i]);
	return MIN(outer, inner) - med[k];
}

/* A fold along side (see FOLD_DEPTH): z gets it, cut at its inner end. */
static gboolean fold_find(const Sheet *s, const PlStepConfig *cfg, int side, int from, int to,
			  Zone *z)
{
	gboolean cols = across_columns(side);
	int n = cols ? s->w : s->h;
	int reach = (int)(n * FOLD_REACH_PCT / 100), gap = MAX(3, (int)(n * cfg->v[OPT_GAP].d / 100));
	int window = MAX(3, (int)(n * FOLD_WINDOW_PCT / 100));
	/* The middle half of the lines: a fold is deepest at mid-page, flatter
	 * towards head and tail (pembroke's is lost over all its rows). */
	int quarter = (to - from) / 4;
	from += quarter, to -= quarter;
	int *med = side_medians(s, side, from, to);
	double *cover = g_new(double, n), *ink = g_new(double, n);
	pl_ink_cover(s->lum, s->w, s->h, s->level, cols, from, to, cover);
	for (int k = 0; k < n; k++)
		ink[k] = cover[side == 1 || side == 3 ? n - 1 - k : k];
	int start = -1, end = -1;
	for (int k = 1; k < reach && start < 0 && ink[k] < FOLD_INK; k++)
		if (med[k] >= s->level && valley_depth(med, n, k, window) >= FOLD_DEPTH)
			start = k;
	gboolean shade = TRUE;
	for (int k = start; start >= 0 && k < n && end < 0; k++)
		if (valley_depth(med, n, k, window) < FOLD_DEPTH)
			end = k;
		else
			shade = shade && med[k] >= s->level;
	/* Its shade fades into the margin: clean paper within the window. */
	gboolean found = end - start >= n * FOLD_MIN_PCT / 100 && shade && zone_end(ink, n, end, gap) - end <= window;
	if (found) {
		memset(z, 0, sizeof *z);
		z->start = start, z->end = end, z->cover = 1;
		z->cut = z->fold = TRUE;
	}
	g_free(med);
	g_free(cover);
	g_free(ink);
	return found;
}

/* A lighter bed along side (see BED_LIGHTER): z gets it, cut where the
 * page's paper begins. */
static gboolean bed_find(const Sheet *s, const PlStepConfig *cfg, int side, int from, int to,
			 Zone *z)
{
	gboolean cols = across_columns(side);
	int n = cols ? s->w : s->h, reach = (int)(n * FOLD_REACH_PCT / 100);
	int gap = MAX(3, (int)(n * cfg->v[OPT_GAP].d / 100));
	int quarter = (to - from) / 4;
	int *med = side_medians(s, side, from + quarter, to - quarter);
	double *cover = g_new(double, n), *ink = g_new(double, n);
	pl_ink_cover(s->lum, s->w, s->h, s->level, cols, from + quarter, to - quarter, cover);
	for (int k = 0; k < n; k++)
		ink[k] = cover[side == 1 || side == 3 ? n - 1 - k : k];
	int end = 0;
	while (end < reach && med[end] >= s->paper + BED_LIGHTER && ink[end] <= CLEAN_COVER)
		end++;
	/* The page begins: the paper's level within the window... */
	int window = MAX(3, (int)(n * FOLD_WINDOW_PCT / 100)), page = -1;
	for (int k = end; end > 0 && k < MIN(n, end + window) && page < 0; k++)
		if (med[k] < s->paper + BED_LIGHTER / 2)
			page = k;
	/* ... with its margin, clean paper: a plate printed to the edge of a
	 * light sheet (the generated case-000) begins with its rule, and the
	 * sheet's margin is trim's to cut. */
	gboolean found = end > 0 && end < reach && page >= 0 && zone_end(ink, n, page, gap) == page;
	g_free(med);
	g_free(cover);
	g_free(ink);
	if (!found)
		return FALSE;
	memset(z, 0, sizeof *z);
	z->start = 0, z->end = page, z->cover = 1;
	z->cut = z->fold = TRUE;
	return TRUE;
}

/* Fits pos ~ a + b * at over the m points, dropping the worst one while it
 * lies further than tol from the line and more than need remain; the
 * number of points kept, or 0 when too few fit. */
static int fit_robust(double *at, double *pos, int m, int need, double tol, double *a, double *b)
{
	while (m >= need && m >= 2) {
		double sx = 0, sy = 0, sxx = 0, sxy = 0;
		for (int i = 0; i < m; i++)
			sx += at[i], sy += pos[i], sxx += at[i] * at[i], sxy += at[i] * pos[i];
		double d = m * sxx - sx * sx;
		*b = d != 0 ? (m * sxy - sx * sy) / d : 0;
		*a = (sy - *b * sx) / m;
		int worst = 0;
		double far = 0;
		for (int i = 0; i < m; i++) {
			double r = fabs(pos[i] - (*a + *b * at[i]));
			if (r > far)
				far = r, worst = i;
		}
		if (far <= tol)
			return m;
		at[worst] = at[m - 1], pos[worst] = pos[m - 1];
		m--;
	}
	return 0;
}

/* A slanted fold along side (see SLANT_BANDS): z gets it, cut where it
 * ends furthest in. */
static gboolean slant_find(const Sheet *s, const PlStepConfig *cfg, int side, int from, int to,
			   Zone *z)
{
	if (!across_columns(side)) /* a page is bound along its left or right */
		return FALSE;
	int n = s->w, reach = (int)(n * cfg->v[OPT_MAX].d / 100);
	int gap = MAX(3, (int)(n * cfg->v[OPT_GAP].d / 100));
	int window = MAX(3, (int)(n * FOLD_WINDOW_PCT / 100));
	double at[SLANT_BANDS], pos[SLANT_BANDS], *cover = g_new(double, n),
						  *ink = g_new(double, n);
	int m = 0;
	/* over the middle half of the page's length at most: a page curls
	 * towards its head and tail, its fold with it */
	from = MAX(from, s->h / 4), to = MIN(to, s->h - s->h / 4);
	for (int band = 0; band < SLANT_BANDS; band++) {
		int b0 = from + (to - from) * band / SLANT_BANDS;
		int b1 = from + (to - from) * (band + 1) / SLANT_BANDS;
		if (b1 - b0 < 4)
			continue;
		int *med = side_medians(s, side, b0, b1), found = -1;
		pl_ink_cover(s->lum, s->w, s->h, s->level, TRUE, b0, b1, cover);
		for (int k = 0; k < n; k++)
			ink[k] = cover[side == 1 ? n - 1 - k : k];
		/* the innermost valley before the print: the leaf beyond the fold
		 * may show its own (a plate mark, the pages' edges) */
		for (int k = 1; k < reach && ink[k] < FOLD_INK; k++) {
			if (med[k] < s->level || valley_depth(med, n, k, window) < SLANT_DEPTH)
				continue;
			int end = k, outer = 0, inner = 0;
			while (end < n && med[end] >= s->level &&
			       valley_depth(med, n, end, window) >= SLANT_DEPTH)
				end++;
			for (int i = MAX(0, k - window); i < k; i++)
				outer = MAX(outer, med[i]);
			for (int i = end; i < MIN(n, end + window); i++)
				inner = MAX(inner, med[i]);
			/* the leaf lighter than the page, the page's margin after
			 * the fold */
			if (end - k >= SLANT_MIN_PX && outer >= inner + SLANT_LEAF &&
			    zone_end(ink, n, end, gap) - end <= window)
				found = end;
			k = end;
		}
		if (found >= 0)
			at[m] = (b0 + b1) / 2.0, pos[m++] = found;
		g_free(med);
	}
	double a = 0, b = 0;
	int cut = -1;
	double tol = MAX(2, n * SLANT_FIT_PCT / 100);
	/* A fold that does not drift by twice the fit's slack over the lines
	 * is one the medians over all of them see (fold_find): this is for the
	 * slanted ones only. */
	if (fit_robust(at, pos, m, SLANT_BANDS / 2, tol, &a, &b) && fabs(b) <= SLANT_TAN &&
	    fabs(b) * (to - from) >= 2 * tol) {
		/* furthest in over the whole side, and nothing printed between
		 * the fold and the cut, on the page's side of the fold: ink
		 * against the shade's own level there, as for a gutter */
		cut = (int)ceil(MAX(a, a + b * s->h));
		int inked = 0, *med = side_medians(s, side, from, to);
		for (int y = from; y < to && cut < reach; y++)
			for (int k = MAX(0, (int)ceil(a + b * y + tol)); k < cut; k++)
				if (s->lum[(size_t)y * s->w + (side == 1 ? n - 1 - k : k)] <
				    MIN(s->level, med[k] - (s->paper - s->level))) {
					inked++;
					break;
				}
		if (cut >= reach || inked > SHADE_PRINT * (to - from))
			cut = -1;
		g_free(med);
	}
	g_free(cover);
	g_free(ink);
	if (cut <= 0)
		return FALSE;
	memset(z, 0, sizeof *z);
	z->start = 0, z->end = cut, z->cover = 1;
	z->cut = z->fold = TRUE;
	return TRUE;
}

/* A gutter along side (imaging/gutter.c), its fold within the widest zone
 * cut: z gets it, cut where its shade has risen back to the paper, or
 * before the first print met in the shade (ink against the shade's own
 * level: the lines of a page curving into the binding). */
static gboolean gutter_find(const Sheet *s, const PlStepConfig *cfg, int side, int from, int to,
			    Zone *z)
{
	gboolean cols = across_columns(side);
	int n = cols ? s->w : s->h, quarter = (to - from) / 4, lit = -1;
	int *med = side_medians(s, side, from + quarter, to - quarter);
	if (!cols) { /* a page is bound along its left or right, once upright */
		g_free(med);
		return FALSE;
	}
	int end = pl_gutter_find(med, n, s->paper, s->level, (int)(n * cfg->v[OPT_MAX].d / 100),
				 &lit);
	/* The fold runs the page's whole length: dark on nearly every line,
	 * where a picture's dark part has margins above and below it. */
	if (end >= 0) {
		int core = end;
		while (core > 0 && med[core - 1] < s->level)
			core--;
		if (zone_cover(s, side, from, to, core, end) < GUTTER_COVER)
			end = -1;
	}
	for (int k = end; end >= 0 && k < lit; k++) {
		int inked = 0, lines = 0, ink = med[k] - (s->paper - s->level);
		for (int line = from + quarter; line < to - quarter; line++, lines++) {
			int x = cols ? (side == 1 ? s->w - 1 - k : k) : line;
			int y = cols ? line : (side == 3 ? s->h - 1 - k : k);
			inked += s->lum[(size_t)y * s->w + x] < ink;
		}
		if (inked > SHADE_PRINT * lines)
			break;
		end = k + 1;
	}
	g_free(med);
	if (end < 0)
		return FALSE;
	memset(z, 0, sizeof *z);
	z->start = 0, z->end = end, z->cover = 1;
	z->cut = z->gutter = TRUE;
	return TRUE;
}

/* Cuts the zones of two opposite sides (0: left and right, 2: top and
 * bottom) measured over lines [from, to): *lo and *hi are what is kept. */
static void cut_sides(const Sheet *s, const PlStepConfig *cfg, int first, int from, int to,
		      int *lo, int *hi, Zone z[4])
{
	int n = across_columns(first) ? s->w : s->h;
	*lo = 0, *hi = n;
	for (int side = first; side < first + 2; side++) {
		Zone g;
		/* A gutter further in than what the other tests cut wins: the
		 * facing leaf's print beyond it is no margin. */
		gboolean gutter = gutter_find(s, cfg, side, from, to, &g);
		if ((!zone_find(s, cfg, side, from, to, &z[side]) || !z[side].cut) &&
		    !fold_find(s, cfg, side, from, to, &z[side]) &&
		    !bed_find(s, cfg, side, from, to, &z[side]) &&
		    !slant_find(s, cfg, side, from, to, &z[side]) && !gutter)
			continue;
		if (gutter && (!z[side].cut || g.end > z[side].end))
			z[side] = g;
		if (side == first)
			*lo = z[side].end;
		else
			*hi = n - z[side].end;
	}
}

static int page_measure(const PlStepConfig *cfg, PlStepContext *ctx, VipsImage *preview,
			PlAction *a, PlJson *b, GError **error)
{
	int w, h;
	guchar *lum = pl_preview_luminance(preview, &w, &h);
	if (!lum) {
		pl_set_vips_error(error, "page");
		return -1;
	}
	PlInk ink;
	pl_ink_measure(lum, (size_t)w * h, 0, &ink);
	Sheet s = { lum, w, h, ink.level, ink.paper };
	Zone z[4];
	/* The columns over the middle half of the rows first (a band across
	 * the top or bottom would put ink in every column), then the rows over
	 * the page's columns, then the columns again over its rows. */
	int x0 = 0, x1 = w, y0 = h / 4, y1 = h - h / 4;
	for (int pass = 0; pass < 2; pass++) {
		memset(z, 0, sizeof z);
		cut_sides(&s, cfg, 0, y0, y1, &x0, &x1, z);
		cut_sides(&s, cfg, 2, x0, x1, &y0, &y1, z);
	}
	g_free(lum);

	double sc = pl_step_scale(ctx);
	int cut[4] = { x0, w - x1, y0, h - y1 };
	pl_json_key(b, "sides");
	pl_json_begin_array(b);
	for (int i = 0; i < 4; i++)
		pl_json_int(b, (gint64)floor(cut[i] / sc + 0.5));
	pl_json_end_array(b);
	pl_json_key(b, "cover");
	pl_json_begin_array(b);
	for (int i = 0; i < 4; i++)
		pl_json_num(b, z[i].cut ? floor(z[i].cover * 100 + 0.5) / 100 : 0);
	pl_json_end_array(b);
	pl_json_key(b, "folds"); /* the sides cut at a fold or a bed's end */
	pl_json_begin_array(b);
	for (int i = 0; i < 4; i++)
		pl_json_int(b, z[i].cut && z[i].fold);
	pl_json_end_array(b);
	pl_json_key(b, "gutters"); /* the sides cut at a gutter */
	pl_json_begin_array(b);
	for (int i = 0; i < 4; i++)
		pl_json_int(b, z[i].cut && z[i].gutter);
	pl_json_end_array(b);
	if (x1 - x0 < w / 2 || y1 - y0 < h / 2) {
		/* The structures would take more than half: a picture. */
		pl_json_key(b, "refused");
		pl_json_str(b, "the page would keep less than half of a side");
		return 0;
	}
	pl_action_crop(a, x0 / sc, y0 / sc, (x1 - x0) / sc, (y1 - y0) / sc);
	if (a->active)
		pl_step_add_box(ctx, b, "box", a->box);
	return 0;
}

static int page_apply(const PlStepConfig *cfg, const PlAction *a, VipsImage *in, VipsImage **out,
		      double scale, GError **error)
{
	return pl_apply_crop(a, in, out, scale);
}

const PlStepClass pl_step_page = {
	.name = "page",
	.summary = "cut a book's page-stack edges, spine, gutter and facing page",
	.options = page_options,
	.measures = (const char *const[]){ "box", "sides", "cover", "folds", "gutters", "refused", NULL },
	.measure = page_measure,
	.apply = page_apply,
	.yields_to_manual_crop = TRUE,
};

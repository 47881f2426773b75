/* border: removes dark scanner borders (black or dark grey, ragged edges) on
 * any side. For each line, the run of dark pixels touching the edge is
 * measured; a side has a border when most lines start dark, and the cut is a
 * high percentile of the runs, so ragged edges go too. */
#include "steps/step.h"

#include <math.h>
#include <stdlib.h>

enum { OPT_THRESHOLD, OPT_COVERAGE, OPT_MAX, OPT_MARGIN };

static const PlOption border_options[] = {
	{ .name = "threshold", .type = PL_OPT_INT, .def = "0", .min = 0, .max = 255,
	  .help = "luminance below which a pixel is border; 0 = from the paper's level" },
	{ .name = "coverage", .type = PL_OPT_DOUBLE, .def = "50", .min = 1, .max = 100,
	  .help = "percent of a side's lines that must start dark" },
	{ .name = "max", .type = PL_OPT_DOUBLE, .def = "35", .min = 1, .max = 49,
	  .help = "widest border, percent of the side" },
	{ .name = "margin", .type = PL_OPT_DOUBLE, .def = "0.3", .min = 0, .max = 5,
	  .help = "extra cut past the border's edge, percent of the side" },
	{ 0 },
};

typedef struct {
	const guchar *lum;
	int w, h, thr;
} Dark;

/* Length of the dark run from an edge along one line; small gaps of light
 * pixels (noise, dust on the glass) do not end it. */
static int dark_run(const Dark *d, int side, int line, int limit)
{
	int run = 0, gap = 0;
	for (int k = 0; k < limit; k++) {
		int x, y;
		switch (side) {
		case 0: x = k, y = line; break;               /* left */
		case 1: x = d->w - 1 - k, y = line; break;    /* right */
		case 2: x = line, y = k; break;               /* top */
		default: x = line, y = d->h - 1 - k; break;   /* bottom */
		}
		if (d->lum[(size_t)y * d->w + x] < d->thr) {
			run = k + 1;
			gap = 0;
		} else if (++gap > 2) {
			break;
		}
	}
	return run;
}

/* A side whose shallow lines (this percentile) are dark for less than
 * IRREGULAR_SHARE of its deep ones (the cut's percentile) is not a scanner
 * border but a sheet of irregular outline on a background, as the cut-out
 * drawing btv1b10053491x: cut only as deep as its shallow lines, so the
 * sheet where it reaches the edge is kept. */
#define SHALLOW_PCT 0.25
#define DEEP_PCT 0.95
#define IRREGULAR_SHARE (1.0 / 3)
/* ... when the deep lines reach this share of the side: a notch, not the
 * few ragged pixels of a scanner's border (boxedpage's reach 3 %, the
 * cut-out sheet's 17 and 29 %, and 7.6 % under its torn bottom edge, where
 * the deep cut went into its drawn plan). */
#define IRREGULAR_DEPTH 0.05
/* A sheet skewed on the bed (3 degrees) has runs from shallow to deep too,
 * but along a straight line: its edge stays within half that depth of the
 * line (off_line_spread), and is a border as before. */

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The spread (DEEP_PCT less SHALLOW_PCT percentile) of the runs about the
 * straight line that fits them best: a skewed sheet's straight edge makes
 * runs that grow along the side, but close to their line; a notch or a
 * torn edge does not. at[k] is the line of runs[k]. */
static double off_line_spread(const int *at, const int *runs, int n)
{
	double sx = 0, sy = 0, sxx = 0, sxy = 0;
	for (int k = 0; k < n; k++)
		sx += at[k], sy += runs[k], sxx += (double)at[k] * at[k],
			sxy += (double)at[k] * runs[k];
	double den = n * sxx - sx * sx, slope = den != 0 ? (n * sxy - sx * sy) / den : 0;
	double icept = (sy - slope * sx) / n;
	double *e = g_new(double, n);
	for (int k = 0; k < n; k++)
		e[k] = runs[k] - (icept + slope * at[k]);
	qsort(e, n, sizeof(double), cmp_double);
	double spread = e[(int)(DEEP_PCT * (n - 1))] - e[(int)(SHALLOW_PCT * (n - 1))];
	g_free(e);
	return spread;
}

/* A notch: a stretch of lines whose dark runs reach deeper than the
 * sheet's straight edge by NOTCH_PCT of the side (at least NOTCH_MIN
 * pixels), on at most NOTCH_SHARE of the lines: a bite out of a cut-out
 * sheet's edge, a corner cut off. Cutting as deep as it would cut into the
 * sheet, and the drawing's faint lines then fall in trim's edge band (the
 * generated `black` cases lost their frame lines so). A ragged scanner
 * border stays within a few pixels of its line; a border along the whole
 * side is no notch. */
#define NOTCH_PCT 0.008
#define NOTCH_MIN 5
#define NOTCH_SHARE 0.5
/* ... and on at least this share of them: a line or two beyond the edge's
 * line is a ragged fibre, which the deep percentile already passes over. */
#define NOTCH_MIN_SHARE 0.02
/* A notch's ends step down within STEP_LINES lines; at a side's end,
 * a slow slope (a corner cut off) is a notch when no longer than this
 * share of the lines. */
#define STEP_LINES 3
#define NOTCH_CORNER 0.15

/* Fits runs[k] ~ icept + slope * at[k] over the lines where keep[k]. */
static void fit_line(const int *at, const int *runs, const gboolean *keep, int n, double *icept,
		     double *slope)
{
	double sx = 0, sy = 0, sxx = 0, sxy = 0, m = 0;
	for (int k = 0; k < n; k++)
		if (!keep || keep[k])
			sx += at[k], sy += runs[k], sxx += (double)at[k] * at[k],
				sxy += (double)at[k] * runs[k], m++;
	double den = m * sxx - sx * sx;
	*slope = den != 0 ? (m * sxy - sx * sy) / den : 0;
	*icept = m > 0 ? (sy - *slope * sx) / m : 0;
}

/* How far the runs step down from the stretch that ends at line k (its
 * STEP_LINES nearest lines) to the lines beyond it in direction dir:
 * the shallowest inside less the deepest outside. */
static int step_at(const int *runs, int n, int k, int dir)
{
	int inside = G_MAXINT, outside = 0;
	for (int i = 0; i < STEP_LINES; i++) {
		int in = k - dir * i, out = k + dir * (i + 1);
		if (in >= 0 && in < n)
			inside = MIN(inside, runs[in]);
		if (out >= 0 && out < n)
			outside = MAX(outside, runs[out]);
	}
	return inside - outside;
}

/* Drops the lines in notches from at[] and runs[]; returns how many are
 * left (n when there is no notch, or too many lines look like one). */
static int drop_notches(int *at, int *runs, int n, int len)
{
	double deep = MAX(NOTCH_MIN, NOTCH_PCT * len), icept, slope;
	gboolean *keep = g_new(gboolean, n);
	int kept = 0;
	/* The edge's line, then again without what lies far above it, so
	 * that the notch does not tilt it. */
	fit_line(at, runs, NULL, n, &icept, &slope);
	for (int k = 0; k < n; k++)
		keep[k] = runs[k] - (icept + slope * at[k]) <= deep / 2;
	fit_line(at, runs, keep, n, &icept, &slope);
	for (int k = 0; k < n; k++)
		keep[k] = runs[k] - (icept + slope * at[k]) <= deep;
	/* Each stretch of lines off the line: a notch steps down from the
	 * edge (a bite's cut side); a dark background that deepens slowly (a
	 * page's curved edge on a table, the boston photograph) does not. A
	 * cut corner deepens slowly too, but only near the side's end. */
	for (int a = 0, b; a < n; a = b) {
		for (b = a + 1; b < n && keep[b] == keep[a]; b++)
			;
		if (keep[a])
			continue;
		gboolean notch = a > 0 || b < n;
		if (a > 0)
			notch = notch && step_at(runs, n, a, -1) >= deep / 2;
		if (b < n)
			notch = notch && step_at(runs, n, b - 1, 1) >= deep / 2;
		if (!notch && (a == 0 || b == n) && b - a <= NOTCH_CORNER * n)
			notch = TRUE;
		for (int k = a; k < b && !notch; k++)
			keep[k] = TRUE;
	}
	for (int k = 0; k < n; k++)
		kept += keep[k];
	if (n - kept >= NOTCH_MIN_SHARE * n && kept >= (1 - NOTCH_SHARE) * n) {
		for (int k = 0, j = 0; k < n; k++)
			if (keep[k])
				at[j] = at[k], runs[j++] = runs[k];
	} else {
		kept = n;
	}
	g_free(keep);
	return kept;
}

/* The cut for one side over lines [from, to), or 0 without a border;
 * *notched: how many lines were left out as a notch's. */
static int side_cut(const Dark *d, int side, int from, int to, double coverage, double maxpct,
		    double *uniform, gboolean *irregular, int *notched)
{
	int len = side < 2 ? d->w : d->h;
	int limit = (int)(len * maxpct / 100);
	int n = to - from, used = 0, dark = 0;
	*notched = 0;
	if (n <= 0)
		return 0;
	int *runs = g_new(int, n), *at = g_new(int, n);
	for (int i = from; i < to; i++) {
		int r = dark_run(d, side, i, len / 2);
		if (r > limit)
			continue; /* a line inside a perpendicular border */
		at[used] = i;
		runs[used++] = r;
		if (r >= 2)
			dark++;
	}
	int cut = 0;
	if (used > n / 4 && dark >= coverage / 100 * used) {
		/* before the sort loses where each run was */
		gboolean straight = off_line_spread(at, runs, used) < IRREGULAR_DEPTH / 2 * len;
		int *rest = g_memdup2(runs, used * sizeof(int)), *rest_at = g_memdup2(at, used * sizeof(int));
		int left = drop_notches(rest_at, rest, used, len);
		qsort(runs, used, sizeof(int), cmp_int);
		int deep = runs[(int)(DEEP_PCT * (used - 1))];
		int shallow = runs[(int)(SHALLOW_PCT * (used - 1))];
		*irregular = shallow < IRREGULAR_SHARE * deep && deep >= IRREGULAR_DEPTH * len &&
			     !straight;
		cut = *irregular ? shallow : deep;
		if (!*irregular && left < used) {
			qsort(rest, left, sizeof(int), cmp_int);
			cut = rest[(int)(DEEP_PCT * (left - 1))];
			*notched = used - left;
		}
		g_free(rest);
		g_free(rest_at);
	}
	*uniform = used ? (double)dark / used : 0;
	g_free(runs);
	g_free(at);
	return cut;
}

static int border_measure(const PlStepConfig *cfg, PlStepContext *ctx, VipsImage *preview,
			  PlAction *a, PlJson *b, GError **error)
{
	int w, h, t, paper, ink;
	guchar *lum = pl_preview_luminance(preview, &w, &h);
	if (!lum) {
		pl_set_vips_error(error, "border");
		return -1;
	}
	pl_paper_ink(lum, (size_t)w * h, &t, &paper, &ink);
	Dark d = { lum, w, h, (int)cfg->v[OPT_THRESHOLD].d };
	if (d.thr == 0)
		d.thr = CLAMP((int)(paper * 0.5), 40, 110);
	int cut[4] = { 0, 0, 0, 0 };
	double cover[4];
	gboolean irregular[4] = { FALSE, FALSE, FALSE, FALSE };
	int notched[4] = { 0, 0, 0, 0 };
	/* Twice: the second pass looks only between the borders found. */
	for (int pass = 0; pass < 2; pass++) {
		int c[4];
		c[0] = side_cut(&d, 0, cut[2], h - cut[3], cfg->v[OPT_COVERAGE].d,
				cfg->v[OPT_MAX].d, &cover[0], &irregular[0],
				&notched[0]);
		c[1] = side_cut(&d, 1, cut[2], h - cut[3], cfg->v[OPT_COVERAGE].d,
				cfg->v[OPT_MAX].d, &cover[1], &irregular[1],
				&notched[1]);
		c[2] = side_cut(&d, 2, cut[0], w - cut[1], cfg->v[OPT_COVERAGE].d,
				cfg->v[OPT_MAX].d, &cover[2], &irregular[2],
				&notched[2]);
		c[3] = side_cut(&d, 3, cut[0], w - cut[1], cfg->v[OPT_COVERAGE].d,
				cfg->v[OPT_MAX].d, &cover[3], &irregular[3],
				&notched[3]);
		for (int i = 0; i < 4; i++)
			cut[i] = c[i];
	}
	g_free(lum);

	double s = pl_step_scale(ctx), m[4];
	for (int i = 0; i < 4; i++) {
		double side = i < 2 ? w : h;
		m[i] = cut[i] ? cut[i] + 1 + side * cfg->v[OPT_MARGIN].d / 100 : 0;
	}
	double box[4] = { m[0] / s, m[2] / s, (w - m[0] - m[1]) / s, (h - m[2] - m[3]) / s };
	pl_json_key(b, "threshold");
	pl_json_int(b, d.thr);
	pl_json_key(b, "sides");
	pl_json_begin_array(b);
	for (int i = 0; i < 4; i++)
		pl_json_int(b, (gint64)floor(m[i] / s + 0.5));
	pl_json_end_array(b);
	static const char *const names[] = { "left", "right", "top", "bottom" };
	int n_irregular = 0;
	for (int i = 0; i < 4; i++)
		n_irregular += irregular[i] && cut[i];
	int n_notched = 0;
	for (int i = 0; i < 4; i++)
		n_notched += notched[i] && cut[i];
	if (n_notched) { /* the lines left out of the cut as a notch's, per side */
		pl_json_key(b, "notched");
		pl_json_begin_array(b);
		for (int i = 0; i < 4; i++)
			pl_json_int(b, cut[i] ? notched[i] : 0);
		pl_json_end_array(b);
	}
	if (n_irregular) {
		pl_json_key(b, "irregular");
		pl_json_begin_array(b);
		for (int i = 0; i < 4; i++)
			if (irregular[i] && cut[i])
				pl_json_str(b, names[i]);
		pl_json_end_array(b);
	}
	if (box[2] < 0.2 * a->in_w || box[3] < 0.2 * a->in_h) {
		/* Mostly dark: a dark picture, not a border. */
		pl_json_key(b, "refused");
		pl_json_str(b, "the border would leave less than a fifth");
		return 0;
	}
	pl_action_crop(a, box[0], box[1], box[2], box[3]);
	if (a->active)
		pl_step_add_box(ctx, b, "box", a->box);
	return 0;
}

static int border_apply(const PlStepConfig *cfg, const PlAction *a, VipsImage *in,
			VipsImage **out, double scale, GError **error)
{
	return pl_apply_crop(a, in, out, scale);
}

const PlStepClass pl_step_border = {
	.name = "border",
	.summary = "remove dark scanner borders on any side",
	.options = border_options,
	.measures = (const char *const[]){ "box", "sides", "threshold", "refused", "irregular", "notched", NULL },
	.measure = border_measure,
	.apply = border_apply,
	.yields_to_manual_crop = TRUE,
};

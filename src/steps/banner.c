/* banner: finds a credit strip at the bottom (Gallica's "Source gallica.bnf.fr
 * / Bibliothèque nationale de France" on a light uniform band, or a library's
 * footer) and crops it off. Conservative: every test must pass, else nothing
 * is cut -- a picture without a strip must never lose a row. */
#include "steps/step.h"

#include <math.h>
#include <stdlib.h>

enum { OPT_MAX_HEIGHT, OPT_MIN_CONFIDENCE, OPT_MIN_LEVEL };

static const PlOption banner_options[] = {
	{ .name = "max-height", .type = PL_OPT_DOUBLE, .def = "10", .min = 0.5, .max = 30,
	  .help = "tallest strip, percent of the image's height" },
	{ .name = "min-confidence", .type = PL_OPT_DOUBLE, .def = "0.8", .min = 0, .max = 1,
	  .help = "how sure the detection must be to cut" },
	{ .name = "min-level", .type = PL_OPT_INT, .def = "140", .min = 0, .max = 255,
	  .help = "darkest strip background (a light band by default)" },
	{ 0 },
};

/* The thresholds below are the step's own since its first versions (c7c52ba,
 * a577cd6, 60d2232, dde9c04), set on Gallica's rendered strips and the ULB's
 * footer bar; here they only got names. */
/* The strip's edge is judged in CHUNKS pieces across the width, each of
 * which must change by EDGE_STEP levels over the rows above it. */
#define CHUNKS 16
#define EDGE_STEP 8
/* A pixel within ROW_NEAR levels of its row's median is flat. */
#define ROW_NEAR 10
/* A row belongs to a uniform segment when its median is within
 * SEGMENT_STEP of the segment's level and SEGMENT_FLAT of it is flat; a
 * rendered band has SEGMENT_EXACT of its rows within a level of it. */
#define SEGMENT_STEP 6
#define SEGMENT_FLAT 0.5
#define SEGMENT_EXACT 0.85
/* The next segment starts within RINGING rows, with three rows NEXT_FLAT
 * flat and within NEXT_LEVEL levels of one another. */
#define RINGING 2
#define NEXT_FLAT 0.8
#define NEXT_LEVEL 2
/* A strip is at least MIN_ROWS rows and MIN_HEIGHT of the height, and
 * starts at least MIN_TOP rows down. */
#define MIN_ROWS 4
#define MIN_HEIGHT 0.006
#define MIN_TOP 6
/* Its text: pixels TEXT_DARKER than the row's median, between TEXT_MIN and
 * TEXT_MAX of the band. */
#define TEXT_DARKER 40
#define TEXT_MIN 0.001
#define TEXT_MAX 0.3
/* Scanned paper has grain: a mean distance to the median above GRAIN. */
#define GRAIN 1.5
/* A band this flat on average counts as wholly flat in the confidence. */
#define FLAT_FULL 0.85
/* A two-tone footer: a bar within TWO_TONE_RANGE levels, TWO_TONE_APART
 * from the segment under it. */
#define TWO_TONE_RANGE 2
#define TWO_TONE_APART 30

typedef struct {
	int median;  /* of the row's luminance */
	double flat; /* fraction of the row within ROW_NEAR of its median */
	double mad;  /* mean distance to the median of those pixels */
} Row;

/* The preview's luminance and its rows. */
typedef struct {
	const guchar *lum;
	const Row *rows;
	int w, h;
} Sheet;

/* A uniform segment met walking up from the bottom: its top (-1 when it is
 * not flat enough to be rendered), its level and the range of its rows'
 * medians. */
typedef struct {
	int top, level, range;
} Candidate;

static int median_of(const guchar *p, int n, int step)
{
	int hist[256] = { 0 }, acc = 0;
	for (int i = 0; i < n; i++)
		hist[p[(size_t)i * step]]++;
	for (int v = 0; v < 256; v++)
		if ((acc += hist[v]) * 2 >= n)
			return v;
	return 255;
}

static Row *measure_rows(const guchar *lum, int w, int h)
{
	Row *rows = g_new0(Row, h);
	for (int y = 0; y < h; y++) {
		const guchar *r = lum + (size_t)y * w;
		int m = median_of(r, w, 1), near = 0, dev = 0;
		for (int x = 0; x < w; x++)
			if (abs(r[x] - m) <= ROW_NEAR)
				near++, dev += abs(r[x] - m);
		rows[y].median = m;
		rows[y].flat = (double)near / w;
		rows[y].mad = near ? (double)dev / near : ROW_NEAR;
	}
	return rows;
}

/* Where the next segment starts above row y, or -1: at most RINGING rows
 * of ringing, then three flat rows of one level. */
static int next_segment(const Row *rows, int y)
{
	for (int j = y; j >= MAX(2, y - RINGING); j--)
		if (rows[j].flat >= NEXT_FLAT && rows[j - 1].flat >= NEXT_FLAT &&
		    abs(rows[j - 1].median - rows[j].median) <= NEXT_LEVEL &&
		    abs(rows[j - 2].median - rows[j].median) <= NEXT_LEVEL)
			return j;
	return -1;
}

/* Walks up from the bottom through one uniform segment, then possibly a
 * second (a footer may be a grey bar over a lighter line): each is a
 * candidate, the lower one first. *last gets the level reached. */
static int find_candidates(const Row *rows, int h, Candidate cand[2], int *last)
{
	int n = 0, level = rows[h - 1].median, lo = level, hi = level, near = 0, nrows = 0;
	for (int y = h - 1; y >= 0 && n < 2; y--) {
		if (abs(rows[y].median - level) <= SEGMENT_STEP && rows[y].flat >= SEGMENT_FLAT) {
			lo = MIN(lo, rows[y].median), hi = MAX(hi, rows[y].median);
			near += abs(rows[y].median - level) <= 1;
			nrows++;
			continue;
		}
		/* A rendered band is flat to a level or two, but for a row or
		 * two of ringing at its edge. */
		cand[n].top = near >= SEGMENT_EXACT * nrows ? y + 1 : -1;
		cand[n].range = hi - lo;
		cand[n++].level = level;
		int next = next_segment(rows, y);
		if (next < 0)
			break;
		y = next + 1;
		level = lo = hi = rows[next].median;
		near = nrows = 0;
	}
	*last = level;
	return n;
}

/* The strip's edge: the share of the width that changes level across it. */
static double strip_edge(const Sheet *s, int t, int level)
{
	int differ = 0;
	for (int k = 0; k < CHUNKS; k++) {
		int x0 = k * s->w / CHUNKS, x1 = (k + 1) * s->w / CHUNKS, cw = x1 - x0;
		guchar *above = g_new(guchar, (size_t)cw * 3);
		for (int j = 0; j < 3; j++)
			for (int x = 0; x < cw; x++)
				above[j * cw + x] = s->lum[(size_t)(t - 2 - j) * s->w + x0 + x];
		differ += abs(median_of(above, cw * 3, 1) - level) >= EDGE_STEP;
		g_free(above);
	}
	return (double)differ / CHUNKS;
}

/* The band from row t down: its share of text pixels, its mean flatness
 * and its grain. */
static void band_texture(const Sheet *s, int t, double *text, double *flat, double *grain)
{
	int inked = 0, total = 0;
	*flat = *grain = 0;
	for (int y = t; y < s->h; y++) {
		*flat += s->rows[y].flat;
		*grain += s->rows[y].mad;
		for (int x = 0; x < s->w; x++) {
			inked += s->lum[(size_t)y * s->w + x] < s->rows[y].median - TEXT_DARKER;
			total++;
		}
	}
	*text = (double)inked / total;
	*flat /= s->h - t;
	*grain /= s->h - t;
}

/* Why candidate c is not a strip, or NULL; *confidence is set once its
 * texture has passed. */
static const char *refused(const PlStepConfig *cfg, const Sheet *s, const Candidate *cand, int c,
			   double *confidence)
{
	int t = cand[c].top, height = s->h - t;
	double text, flat, grain;
	if (t < 0 || height < MAX(MIN_ROWS, MIN_HEIGHT * s->h))
		return "no uniform band at the bottom";
	if (height > cfg->v[OPT_MAX_HEIGHT].d / 100 * s->h || t < MIN_TOP)
		return "uniform band too tall for a strip";
	if (cand[0].level < cfg->v[OPT_MIN_LEVEL].d && cand[c].level < cfg->v[OPT_MIN_LEVEL].d)
		return "band too dark";
	double edge = strip_edge(s, t, cand[c].level);
	band_texture(s, t, &text, &flat, &grain);
	/* Rendered, not scanned: paper has grain, a strip has none. */
	if (grain > GRAIN)
		return "band is grainy like paper, not a rendered strip";
	if (text < TEXT_MIN || text > TEXT_MAX)
		return "no text in the band";
	*confidence = edge * MIN(1, flat / FLAT_FULL);
	if (*confidence < cfg->v[OPT_MIN_CONFIDENCE].d)
		return "band does not stand apart from the picture";
	return NULL;
}

static void banner_report(PlStepContext *ctx, PlJson *b, int height, double confidence, int level,
			  const char *why)
{
	double s = pl_step_scale(ctx);
	pl_json_key(b, "height");
	pl_json_int(b, (gint64)floor(height / s + 0.5));
	pl_json_key(b, "confidence");
	pl_json_num(b, confidence);
	pl_json_key(b, "level");
	pl_json_int(b, level);
	if (why) {
		pl_json_key(b, "found");
		pl_json_str(b, why);
	}
}

static int banner_measure(const PlStepConfig *cfg, PlStepContext *ctx, VipsImage *preview,
			  PlAction *a, PlJson *b, GError **error)
{
	int w, h, level;
	guchar *lum = pl_preview_luminance(preview, &w, &h);
	if (!lum) {
		pl_set_vips_error(error, "banner");
		return -1;
	}
	Row *rows = measure_rows(lum, w, h);
	Sheet sheet = { lum, rows, w, h };
	Candidate cand[2];
	int n = find_candidates(rows, h, cand, &level);
	int top = h, best_level = level;
	double confidence = 0, best_conf = 0;
	const char *why = "no uniform band at the bottom";
	for (int c = 0; c < n; c++) {
		level = cand[c].level;
		const char *no = refused(cfg, &sheet, cand, c, &confidence);
		if (no) {
			why = no;
			continue;
		}
		/* A second segment only for a two-tone footer: a flat bar of a
		 * clearly other shade (a light scan margin over a white strip is
		 * not part of the strip). */
		if (c == 1 && !(cand[1].range <= TWO_TONE_RANGE &&
				abs(cand[1].level - cand[0].level) >= TWO_TONE_APART))
			break;
		top = cand[c].top, best_conf = confidence, best_level = level;
	}
	g_free(lum);
	g_free(rows);
	if (top == h) {
		banner_report(ctx, b, 0, confidence, level, why);
		return 0;
	}
	banner_report(ctx, b, h - top, best_conf, best_level, NULL);
	/* One preview row more: the band's edge is soft after shrinking. */
	pl_action_crop(a, 0, 0, a->in_w, (top - 1) / pl_step_scale(ctx));
	if (a->active)
		pl_step_add_box(ctx, b, "box", a->box);
	return 0;
}

static int banner_apply(const PlStepConfig *cfg, const PlAction *a, VipsImage *in,
			VipsImage **out, double scale, GError **error)
{
	return pl_apply_crop(a, in, out, scale);
}

const PlStepClass pl_step_banner = {
	.name = "banner",
	.summary = "remove a credit strip at the bottom (Gallica's source line)",
	.options = banner_options,
	.measures = (const char *const[]){ "box", "found", "height", "level", "confidence", NULL },
	.measure = banner_measure,
	.apply = banner_apply,
	.yields_to_manual_crop = TRUE,
};

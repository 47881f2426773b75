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

#define CHUNKS 16

typedef struct {
	int median;  /* of the row's luminance */
	double flat; /* fraction of the row within 10 levels of its median */
	double mad;  /* mean distance to the median of those pixels */
} Row;

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

static int banner_measure(const PlStepConfig *cfg, PlStepContext *ctx, VipsImage *preview,
			  PlAction *a, PlJson *b, GError **error)
{
	int w, h;
	guchar *lum = pl_preview_luminance(preview, &w, &h);
	if (!lum) {
		pl_set_vips_error(error, "banner");
		return -1;
	}
	Row *rows = g_new0(Row, h);
	for (int y = 0; y < h; y++) {
		const guchar *r = lum + (size_t)y * w;
		int m = median_of(r, w, 1), near = 0, dev = 0;
		for (int x = 0; x < w; x++)
			if (abs(r[x] - m) <= 10)
				near++, dev += abs(r[x] - m);
		rows[y].median = m;
		rows[y].flat = (double)near / w;
		rows[y].mad = near ? (double)dev / near : 10;
	}

	/* Walk up from the bottom through one uniform segment, then possibly a
	 * second (a footer may be a grey bar over a lighter line): each end is a
	 * candidate top, the lower one tried first. */
	int tops[2] = { -1, -1 }, levels[2] = { 0, 0 }, ranges[2] = { 0, 0 }, ncand = 0;
	int level = rows[h - 1].median, lo = level, hi = level, near = 0, nrows = 0;
	for (int y = h - 1; y >= 0 && ncand < 2; y--) {
		if (abs(rows[y].median - level) <= 6 && rows[y].flat >= 0.5) {
			lo = MIN(lo, rows[y].median), hi = MAX(hi, rows[y].median);
			near += abs(rows[y].median - level) <= 1;
			nrows++;
			continue;
		}
		/* A rendered band is flat to a level or two, but for a row or
		 * two of ringing at its edge. */
		tops[ncand] = near >= 0.85 * nrows ? y + 1 : -1;
		ranges[ncand] = hi - lo;
		levels[ncand++] = level;
		/* The next segment starts at most two rows of ringing above,
		 * with three flat rows of one level. */
		int next = -1;
		for (int j = y; j >= MAX(2, y - 2) && next < 0; j--)
			if (rows[j].flat >= 0.8 && rows[j - 1].flat >= 0.8 &&
			    abs(rows[j - 1].median - rows[j].median) <= 2 &&
			    abs(rows[j - 2].median - rows[j].median) <= 2)
				next = j;
		if (next < 0)
			break;
		y = next + 1;
		level = lo = hi = rows[next].median;
		near = nrows = 0;
	}
	int top = h, height = 0;
	double confidence = 0, best_conf = 0;
	int best_level = level;
	const char *why = "no uniform band at the bottom";
	for (int c = 0; c < ncand; c++) {
		double edge, flat = 0, ink;
		int t = tops[c], differ = 0, inked = 0, total = 0;
		level = levels[c];
		height = h - t;
		if (t < 0 || height < MAX(4, 0.006 * h)) {
			why = "no uniform band at the bottom";
			continue;
		}
		if (height > cfg->v[OPT_MAX_HEIGHT].d / 100 * h || t < 6) {
			why = "uniform band too tall for a strip";
			continue;
		}
		if (levels[0] < cfg->v[OPT_MIN_LEVEL].d && level < cfg->v[OPT_MIN_LEVEL].d) {
			why = "band too dark";
			continue;
		}
		/* The strip's edge: all the width changes level across it. */
		for (int k = 0; k < CHUNKS; k++) {
			int x0 = k * w / CHUNKS, x1 = (k + 1) * w / CHUNKS, cw = x1 - x0;
			guchar *above = g_new(guchar, (size_t)cw * 3);
			for (int j = 0; j < 3; j++)
				for (int x = 0; x < cw; x++)
					above[j * cw + x] = lum[(size_t)(t - 2 - j) * w + x0 + x];
			differ += abs(median_of(above, cw * 3, 1) - level) >= 8;
			g_free(above);
		}
		edge = (double)differ / CHUNKS;
		/* Text: some, not much, clearly darker than the band. */
		for (int y = t; y < h; y++) {
			flat += rows[y].flat;
			for (int x = 0; x < w; x++) {
				inked += lum[(size_t)y * w + x] < rows[y].median - 40;
				total++;
			}
		}
		ink = (double)inked / total;
		flat /= height;
		/* Rendered, not scanned: paper has grain, a strip has none. */
		double mad = 0;
		for (int y = t; y < h; y++)
			mad += rows[y].mad;
		mad /= height;
		if (mad > 1.5) {
			why = "band is grainy like paper, not a rendered strip";
			continue;
		}
		if (ink < 0.001 || ink > 0.3) {
			why = "no text in the band";
			continue;
		}
		confidence = edge * MIN(1, flat / 0.85);
		if (confidence < cfg->v[OPT_MIN_CONFIDENCE].d) {
			why = "band does not stand apart from the picture";
			continue;
		}
		/* A second segment only for a two-tone footer: a flat bar of a
		 * clearly other shade (a light scan margin over a white strip is
		 * not part of the strip). */
		if (c == 1 && !(ranges[1] <= 2 && abs(levels[1] - levels[0]) >= 30))
			break;
		top = t, best_conf = confidence, best_level = level;
	}
	if (top < h) {
		why = NULL;
		height = h - top;
		confidence = best_conf;
		level = best_level;
	} else {
		height = 0;
	}
	g_free(lum);
	g_free(rows);

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
		return 0;
	}
	/* One preview row more: the band's edge is soft after shrinking. */
	pl_action_crop(a, 0, 0, a->in_w, (top - 1) / s);
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

/* levels: black and white points from luminance percentiles, applied to each
 * pixel's luminance while its chroma is kept, so tinted paper keeps its tone
 * instead of turning yellow-orange; the paper made neutral on request; a
 * near-blank page (little ink, in few places) left as it is. */
#include "steps/step.h"

#include <math.h>
#include <string.h>

#include "imaging/levels_math.h"
#include "imaging/linear_map.h"

enum { OPT_BLACK, OPT_WHITE, OPT_GAMMA, OPT_PAPER, OPT_MIN_RANGE };

/* "tone" is what "keep" does now; older pipeline files name it. */
static const char *const paper_modes[] = { "keep", "neutral", "tone", NULL };
enum { PAPER_KEEP, PAPER_NEUTRAL, PAPER_TONE };

static const char *const mode_names[] = {
	[PL_LEVELS_STRETCH] = "stretch",
	[PL_LEVELS_NEAR_BLANK] = "near-blank",
	[PL_LEVELS_MANUAL] = "manual",
};

/* The map levels decided. */
typedef struct {
	gboolean colour;   /* 3 bands: the tone map; otherwise the table on every band */
	PlToneMap tone;
	guchar table[256]; /* the luminance map, rounded */
} LevelsDecision;

static const PlOption levels_options[] = {
	{ .name = "black", .type = PL_OPT_DOUBLE, .def = "0.5", .min = 0, .max = 50,
	  .help = "percent of the pixels that become black" },
	{ .name = "white", .type = PL_OPT_DOUBLE, .def = "99.5", .min = 50, .max = 100,
	  .help = "luminance percentile that becomes white (lower where the paper would "
		  "come out darker)" },
	{ .name = "gamma", .type = PL_OPT_DOUBLE, .def = "1", .min = 0.2, .max = 5,
	  .help = "midtone gamma (above 1 lightens)" },
	{ .name = "paper", .type = PL_OPT_ENUM, .def = "keep", .choices = paper_modes,
	  .help = "keep: lightness stretched, each pixel's chroma kept (the paper keeps its "
		  "tone); neutral: the paper's tint taken out first; tone: the same as keep" },
	/* 64 levels: a stretch of at most 4 times. A near-blank page is left
	 * alone on its own (its ink measured), so this only keeps faint pages
	 * from being blown up into their stains and JPEG noise: the faintest
	 * real drawing (btv1b10052718j) spans 33 levels. At 80, a title page
	 * faded to 33 % (its ink to paper 55 levels) kept 71 % of its contrast;
	 * at 64, 89 %; at 48 the drawing's stains turned to grey blotches. */
	{ .name = "min-range", .type = PL_OPT_DOUBLE, .def = "64", .min = 1, .max = 255,
	  .help = "smallest black-to-white distance: limits the stretch of faint pages" },
	{ 0 },
};

/* What measure sees on the preview. */
typedef struct {
	guint64 hist[256]; /* of the luminance */
	size_t n;
	int bands;
	double paper[3]; /* the paper's colour (paper_colour) */
	PlInk ink;
} Seen;

/* The paper's colour: each channel's median over the brightest 30 % of the
 * pixels, the paper on a page with margins. The brightest tenth, taken
 * before, held the whitest of the paper and whatever lay beyond it (a
 * scanner bed), less tinted than the page: neutral gains from it left the
 * Charivari page at C* 5 and a phone photograph's at 4. */
#define PAPER_PERCENTILE 70

static void paper_colour(const guchar *px, const guchar *lum, Seen *s)
{
	/* (the whole bin the percentile falls in: a flat paper is one bin) */
	int cut = (int)pl_levels_percentile(s->hist, PAPER_PERCENTILE);
	guint64 hist[3][256] = { { 0 } };
	int bands = MIN(s->bands, 3);
	for (size_t i = 0; i < s->n; i++)
		if (lum[i] >= cut)
			for (int c = 0; c < bands; c++)
				hist[c][px[i * s->bands + c]]++;
	for (int c = 0; c < 3; c++)
		s->paper[c] = pl_levels_percentile(hist[MIN(c, bands - 1)], 50);
}

static int look(VipsImage *preview, Seen *s)
{
	int w, h;
	guchar *px = pl_preview_pixels(preview, &w, &h, &s->bands);
	if (!px)
		return -1;
	s->n = (size_t)w * h;
	guchar *lum = pl_pixels_luminance(px, s->n, s->bands);
	memset(s->hist, 0, sizeof s->hist);
	for (size_t i = 0; i < s->n; i++)
		s->hist[lum[i]]++;
	paper_colour(px, lum, s);
	pl_levels_ink(lum, w, h, &s->ink);
	g_free(px);
	g_free(lum);
	return 0;
}

/* The black and white points: an override's, or decided from what was seen. */
static void decide_points(const PlStepConfig *cfg, PlStepContext *ctx, const Seen *s,
			  PlLevelsPoints *pts)
{
	const PlCorrections *corr = pl_step_corrections(ctx);
	if (corr->has_levels) {
		pts->black = corr->levels[0];
		pts->white = corr->levels[1];
		pts->mode = PL_LEVELS_MANUAL;
		pts->limited = pts->for_paper = FALSE;
		return;
	}
	PlLevelsParams p = { .black_pct = cfg->v[OPT_BLACK].d,
			     .white_pct = cfg->v[OPT_WHITE].d,
			     .min_range = cfg->v[OPT_MIN_RANGE].d };
	double paper = 0.299 * s->paper[0] + 0.587 * s->paper[1] + 0.114 * s->paper[2];
	pl_levels_decide(s->hist, &s->ink, paper, &p, pts);
}

/* Fills the decision; FALSE when it would change nothing. */
static gboolean decide_map(const PlStepConfig *cfg, const Seen *s, const PlLevelsPoints *pts,
			   LevelsDecision *d)
{
	double lut[256], chroma[256], white[3] = { 1, 1, 1 };
	pl_levels_lut(pts->black, pts->white, cfg->v[OPT_GAMMA].d, lut);
	for (int v = 0; v < 256; v++)
		d->table[v] = (guchar)CLAMP(floor(lut[v] + 0.5), 0, 255);
	d->colour = s->bands >= 3;
	if (!d->colour) {
		for (int v = 0; v < 256; v++)
			if (d->table[v] != v)
				return TRUE;
		return FALSE;
	}
	if (cfg->v[OPT_PAPER].e == PAPER_NEUTRAL)
		pl_levels_neutral_gains(s->paper, white);
	else
		pl_levels_fit_paper(s->paper, lut);
	pl_levels_chroma_gain(lut, chroma);
	pl_tone_map_init(&d->tone, lut, chroma, white);
	return !pl_tone_map_is_identity(&d->tone);
}

/* Why the map is what it is, in words for the review. */
static char *reason(const Seen *s, const PlLevelsPoints *pts)
{
	if (pts->mode == PL_LEVELS_MANUAL)
		return g_strdup("black and white set by hand");
	if (!s->ink.judged)
		return g_strdup("too small to judge its ink: stretched");
	const char *what = pts->mode == PL_LEVELS_NEAR_BLANK
				   ? "near-blank, levels left as they are"
				   : "stretched";
	return g_strdup_printf("ink on %.1f %% of the middle, in %.0f %% of it: %s%s%s",
			       s->ink.share, s->ink.spread, what,
			       pts->limited ? " as far as min-range allows" : "",
			       pts->for_paper ? ", white lowered so the paper is not darkened" : "");
}

static void record_num(PlJson *b, const char *key, double v)
{
	pl_json_key(b, key);
	pl_json_num(b, v);
}

/* What the map newly sends to pure black or pure white, in percent of the
 * pixels (those already there lose nothing): the review flags heavy
 * clipping. */
static void record_clipping(PlJson *b, const Seen *s, const PlLevelsPoints *pts)
{
	guint64 low = 0, high = 0;
	for (int v = 1; v < 255; v++) {
		if (v <= pts->black)
			low += s->hist[v];
		if (v >= pts->white)
			high += s->hist[v];
	}
	record_num(b, "clipped_black", floor(1000.0 * low / MAX(s->n, 1) + 0.5) / 10);
	record_num(b, "clipped_white", floor(1000.0 * high / MAX(s->n, 1) + 0.5) / 10);
}

static void record(PlJson *b, const Seen *s, const PlLevelsPoints *pts)
{
	record_num(b, "black", pts->black);
	record_num(b, "white", pts->white);
	record_clipping(b, s, pts);
	pl_json_key(b, "paper");
	pl_json_begin_array(b);
	for (int c = 0; c < (s->bands >= 3 ? 3 : 1); c++)
		pl_json_num(b, s->paper[c]);
	pl_json_end_array(b);
	record_num(b, "ink_share", floor(100 * s->ink.share + 0.5) / 100);
	record_num(b, "ink_spread", floor(s->ink.spread + 0.5));
	pl_json_key(b, "mode");
	pl_json_str(b, mode_names[pts->mode]);
	g_autofree char *why = reason(s, pts);
	pl_json_key(b, "reason");
	pl_json_str(b, why);
	pl_json_key(b, "source");
	pl_json_str(b, pts->mode == PL_LEVELS_MANUAL ? "manual" : "measured");
}

static int levels_measure(const PlStepConfig *cfg, PlStepContext *ctx, VipsImage *preview,
			  PlAction *a, PlJson *b, GError **error)
{
	Seen s;
	PlLevelsPoints pts;
	if (look(preview, &s)) {
		pl_set_vips_error(error, "levels");
		return -1;
	}
	decide_points(cfg, ctx, &s, &pts);
	a->manual = pts.mode == PL_LEVELS_MANUAL;
	a->n_bands = s.bands;
	a->active = decide_map(cfg, &s, &pts, a->decision);
	record(b, &s, &pts);
	return 0;
}

static int levels_apply(const PlStepConfig *cfg, const PlAction *a, VipsImage *in,
			VipsImage **out, double scale, GError **error)
{
	const LevelsDecision *d = a->decision;
	if (d->colour && in->Bands == 3)
		return pl_tone_map(in, out, &d->tone);
	/* Without a gamma the map is a clipped line: computed, not looked up,
	 * to the same bytes. */
	int k, c;
	if (pl_linear_map_fit(d->table, &k, &c))
		return pl_linear_map(in, out, k, c);
	/* The maplut holds its own ref to the table. */
	VipsImage *lut = vips_image_new_from_memory_copy(d->table, 256, 256, 1, 1,
							 VIPS_FORMAT_UCHAR);
	if (!lut)
		return -1;
	int rc = vips_maplut(in, out, lut, NULL);
	g_object_unref(lut);
	return rc;
}

const PlStepClass pl_step_levels = {
	.name = "levels",
	.summary = "stretch lightness from luminance percentiles, keeping chroma",
	.options = levels_options,
	.measures = (const char *const[]){ "black", "white", "clipped_black", "clipped_white",
					   "paper", "ink_share", "ink_spread", "mode", "reason",
					   "source", NULL },
	.decision_size = sizeof(LevelsDecision),
	.measure = levels_measure,
	.apply = levels_apply,
};

/* levels: black and white points from luminance percentiles, one map for
 * every channel so hues are kept; the paper's tone kept or made neutral. */
#include "steps/step.h"

#include <math.h>

#include "imaging/levels_math.h"
#include "imaging/linear_map.h"

enum { OPT_BLACK, OPT_WHITE, OPT_GAMMA, OPT_PAPER, OPT_MIN_RANGE };

static const char *const paper_modes[] = { "keep", "neutral", "tone", NULL };

/* The map levels decided. */
typedef struct {
	double lut[256]; /* one map for every channel */
	double gain[4];  /* per-band gain before the map (neutral white) */
	gboolean ratio;  /* scale each pixel's channels alike (keeps tone) */
} LevelsDecision;

static const PlOption levels_options[] = {
	{ .name = "black", .type = PL_OPT_DOUBLE, .def = "0.5", .min = 0, .max = 50,
	  .help = "percent of the pixels that become black" },
	{ .name = "white", .type = PL_OPT_DOUBLE, .def = "99.5", .min = 50, .max = 100,
	  .help = "luminance percentile that becomes white" },
	{ .name = "gamma", .type = PL_OPT_DOUBLE, .def = "1", .min = 0.2, .max = 5,
	  .help = "midtone gamma (above 1 lightens)" },
	{ .name = "paper", .type = PL_OPT_ENUM, .def = "keep", .choices = paper_modes,
	  .help = "keep: one map for every channel (fast; saturates yellowed paper a little); "
		  "neutral: paper to white; tone: each pixel's channels scaled alike, hue and "
		  "saturation kept (slower)" },
	{ .name = "min-range", .type = PL_OPT_DOUBLE, .def = "128", .min = 1, .max = 255,
	  .help = "smallest black-to-white distance: limits the stretch of blank pages" },
	{ 0 },
};

static int levels_measure(const PlStepConfig *cfg, PlStepContext *ctx, VipsImage *preview,
			  PlAction *a, PlJson *b, GError **error)
{
	int w, h, bands;
	guchar *px = pl_preview_pixels(preview, &w, &h, &bands);
	guint64 hist[256] = { 0 };
	double black, white, paper[3] = { 0, 0, 0 }, lut[256];
	const PlCorrections *corr = pl_step_corrections(ctx);
	LevelsDecision *d = a->decision;
	size_t n = (size_t)w * h;

	if (!px) {
		pl_set_vips_error(error, "levels");
		return -1;
	}
	guchar *lum = pl_pixels_luminance(px, n, bands);
	for (size_t i = 0; i < n; i++)
		hist[lum[i]]++;
	black = pl_levels_percentile(hist, cfg->v[OPT_BLACK].d);
	white = pl_levels_percentile(hist, cfg->v[OPT_WHITE].d);
	if (corr->has_levels) {
		black = corr->levels[0];
		white = corr->levels[1];
		a->manual = TRUE;
	} else {
		pl_levels_limit(&black, &white, cfg->v[OPT_MIN_RANGE].d);
	}
	/* Paper: the mean colour of the brightest tenth. */
	double paper_cut = pl_levels_percentile(hist, 90);
	guint64 count = 0;
	for (size_t i = 0; i < n; i++)
		if (lum[i] >= paper_cut) {
			for (int c = 0; c < MIN(bands, 3); c++)
				paper[c] += px[i * bands + c];
			count++;
		}
	for (int c = 0; c < 3; c++)
		paper[c] = count ? paper[c] / count : 255;
	if (bands < 3)
		paper[1] = paper[2] = paper[0];
	g_free(px);
	g_free(lum);

	d->gain[0] = d->gain[1] = d->gain[2] = d->gain[3] = 1;
	if (cfg->v[OPT_PAPER].e == 1 && bands >= 3)
		pl_levels_neutral_gains(paper, d->gain);
	/* "tone": a black point subtracted from every channel saturates
	 * yellowed paper; scaling each pixel's channels by the map's gain on
	 * its luminance keeps both hue and saturation, for about 2 s more CPU
	 * per 80 MP (float arithmetic on every sample). */
	d->ratio = cfg->v[OPT_PAPER].e == 2 && bands >= 3;
	pl_levels_lut(black, white, cfg->v[OPT_GAMMA].d, lut);
	for (int i = 0; i < 256; i++)
		d->lut[i] = lut[i];
	a->n_bands = bands;
	a->active = TRUE;

	pl_json_key(b, "black");
	pl_json_num(b, black);
	pl_json_key(b, "white");
	pl_json_num(b, white);
	/* What the map newly sends to pure black or pure white, in percent of
	 * the pixels (those already there lose nothing): the review flags
	 * heavy clipping. */
	guint64 low = 0, high = 0;
	for (int v = 1; v < 255; v++) {
		if (v <= black)
			low += hist[v];
		if (v >= white)
			high += hist[v];
	}
	pl_json_key(b, "clipped_black");
	pl_json_num(b, floor(1000.0 * low / MAX(n, 1) + 0.5) / 10);
	pl_json_key(b, "clipped_white");
	pl_json_num(b, floor(1000.0 * high / MAX(n, 1) + 0.5) / 10);
	pl_json_key(b, "paper");
	pl_json_begin_array(b);
	for (int c = 0; c < (bands >= 3 ? 3 : 1); c++)
		pl_json_num(b, paper[c]);
	pl_json_end_array(b);
	pl_json_key(b, "source");
	pl_json_str(b, a->manual ? "manual" : "measured");
	return 0;
}

static int levels_apply(const PlStepConfig *cfg, const PlAction *a, VipsImage *in,
			VipsImage **out, double scale, GError **error)
{
	VipsImage **t = (VipsImage **)vips_object_local_array(VIPS_OBJECT(in), 5);
	const LevelsDecision *d = a->decision;
	int bands = in->Bands;
	if (d->ratio && bands >= 3) {
		float gain[256];
		for (int v = 0; v < 256; v++)
			gain[v] = v ? (float)(d->lut[v] / v) : 0;
		if (!(t[0] = vips_image_new_from_memory_copy(gain, sizeof(gain), 256, 1, 1,
							     VIPS_FORMAT_FLOAT)) ||
		    pl_luminance(in, &t[1]) || vips_maplut(t[1], &t[2], t[0], NULL) ||
		    vips_multiply(in, t[2], &t[3], NULL) ||
		    vips_cast(t[3], &t[4], VIPS_FORMAT_UCHAR, NULL))
			return -1;
		/* vips_multiply makes a float image with no colour meaning. */
		return vips_copy(t[4], out, "interpretation", in->Type, NULL);
	}
	guchar table[256 * 4];
	/* One map for all channels; the neutral gains fold into it per band. */
	for (int v = 0; v < 256; v++)
		for (int c = 0; c < bands && c < 4; c++) {
			double g = c < 3 ? d->gain[c] : 1;
			int src = (int)CLAMP(v * g + 0.5, 0, 255);
			table[v * bands + c] = (guchar)CLAMP(d->lut[src] + 0.5, 0, 255);
		}
	/* When the bands share a map (no neutral gains), a one-band table does
	 * the same for a third of maplut's time. */
	gboolean shared = TRUE;
	for (int v = 0; v < 256 && shared; v++)
		for (int c = 1; c < bands && c < 4; c++)
			shared = shared && table[v * bands + c] == table[v * bands];
	int lut_bands = shared ? 1 : bands;
	if (shared)
		for (int v = 1; v < 256; v++)
			table[v] = table[v * bands];
	/* Without a gamma the shared map is a clipped line: computed, not
	 * looked up, to the same bytes. */
	int k, c;
	if (shared && pl_linear_map_fit(table, &k, &c))
		return pl_linear_map(in, out, k, c);
	if (!(t[0] = vips_image_new_from_memory_copy(table, 256 * lut_bands, 256, 1, lut_bands,
						     VIPS_FORMAT_UCHAR)))
		return -1;
	return vips_maplut(in, out, t[0], NULL);
}

const PlStepClass pl_step_levels = {
	.name = "levels",
	.summary = "set black and white points from luminance percentiles",
	.options = levels_options,
	.measures = (const char *const[]){ "black", "white", "clipped_black", "clipped_white",
					   "paper", "source", NULL },
	.decision_size = sizeof(LevelsDecision),
	.measure = levels_measure,
	.apply = levels_apply,
};

/* deskew: measures the skew from projection profiles of the ink (frame
 * rules, text lines, page edges), coarse then fine, and rotates with a good
 * interpolator, filling with the paper's colour. Low confidence: no rotation. */
#include "steps/step.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imaging/bed.h"
#include "imaging/edges.h"
#include "imaging/ink.h"
#include "imaging/rotate.h"
#include "util/util.h"

enum { OPT_RANGE, OPT_MIN_ANGLE, OPT_MIN_CONFIDENCE, OPT_INTERPOLATE };
enum { INTERP_BICUBIC, INTERP_LBB, INTERP_BILINEAR, INTERP_NOHALO };

static const char *const interpolators[] = { "bicubic", "lbb", "bilinear", "nohalo", NULL };

static const PlOption deskew_options[] = {
	{ .name = "range", .type = PL_OPT_DOUBLE, .def = "5", .min = 0.1, .max = 20,
	  .help = "largest skew searched, degrees either way" },
	{ .name = "min-angle", .type = PL_OPT_DOUBLE, .def = "0.05", .min = 0, .max = 5,
	  .help = "smaller skews are left alone" },
	{ .name = "min-confidence", .type = PL_OPT_DOUBLE, .def = "0.15", .min = 0, .max = 1,
	  .help = "how sharp the best angle's peak must be to rotate" },
	{ .name = "interpolate", .type = PL_OPT_ENUM, .def = "bicubic", .choices = interpolators,
	  .help = "interpolator for the rotation" },
	{ 0 },
};

/* Print is this much darker than the paper (a pencil mark or a stain is
 * lighter), and a page with less of it than PRINT_MIN_SHARE of its area has
 * nothing to straighten on: the profile is not tried. Over the middle of
 * the generated scans: near-blank covers 0.01-0.09 %, drawings (the black
 * kind) 0.6 % and more, text pages over 10 %. */
#define PRINT_CONTRAST 40
#define PRINT_MIN_SHARE 0.002

typedef struct {
	float *x, *y; /* ink pixels, centred */
	size_t n;
	int nbins;
	double *bins;
} Profile;

/* Sharpness of the ink's projections at angle deg: the sum of squared
 * differences between neighbouring bins, across and along. */
static double score(Profile *p, double deg)
{
	double r = deg * G_PI / 180, c = cos(r), s = sin(r), total = 0;
	for (int dir = 0; dir < 2; dir++) {
		memset(p->bins, 0, sizeof(double) * p->nbins);
		for (size_t i = 0; i < p->n; i++) {
			/* Each pixel is shared between its two nearest bins: with
			 * plain binning the pixel grid itself makes 0 degrees a
			 * false peak. */
			double v = dir == 0 ? p->y[i] * c + p->x[i] * s : p->x[i] * c - p->y[i] * s;
			double f = v + p->nbins / 2;
			int k = (int)floor(f);
			double frac = f - k;
			if (k >= 0 && k + 1 < p->nbins) {
				p->bins[k] += 1 - frac;
				p->bins[k + 1] += frac;
			}
		}
		for (int k = 1; k < p->nbins; k++) {
			double dlt = p->bins[k] - p->bins[k - 1];
			total += dlt * dlt;
		}
	}
	return total;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Best angle in [lo, hi] by step; returns its score. */
static double search(Profile *p, double lo, double hi, double step, double *best,
		     double *median)
{
	int n = (int)floor((hi - lo) / step + 0.5) + 1;
	double *all = g_new(double, n), top = -1;
	for (int i = 0; i < n; i++) {
		double a = lo + i * step;
		all[i] = score(p, a);
		if (all[i] > top)
			top = all[i], *best = a;
	}
	if (median) {
		qsort(all, n, sizeof(double), cmp_double);
		*median = all[n / 2];
	}
	g_free(all);
	return top;
}

static void rotation_size(double w, double h, double deg, double *ow, double *oh)
{
	double r = fabs(deg) * G_PI / 180;
	*ow = floor(w * cos(r) + h * sin(r) + 0.5);
	*oh = floor(w * sin(r) + h * cos(r) + 0.5);
}

/* The output -> input affine of a rotation by deg (counter-clockwise) about
 * the centre, onto a canvas of ow x oh. */
static void rotation_affine(double w, double h, double ow, double oh, double deg, PlAffine m)
{
	double r = deg * G_PI / 180, c = cos(r), s = sin(r);
	m[0] = c, m[1] = -s, m[2] = w / 2 - c * ow / 2 + s * oh / 2;
	m[3] = s, m[4] = c, m[5] = h / 2 - s * ow / 2 - c * oh / 2;
}

/* What deskew keeps besides the angle: the colour the new corners get. */
typedef struct {
	double bg[4];
} DeskewDecision;

static int deskew_measure(const PlStepConfig *cfg, PlStepContext *ctx, VipsImage *preview,
			  PlAction *a, PlJson *b, GError **error)
{
	int w, h, bands;
	guchar *px = pl_preview_pixels(preview, &w, &h, &bands);
	guchar *lum = px ? pl_pixels_luminance(px, (size_t)w * h, bands) : NULL;
	const PlCorrections *corr = pl_step_corrections(ctx);
	double range = cfg->v[OPT_RANGE].d, angle = 0, confidence = 0;
	const char *method = NULL;
	DeskewDecision *d = a->decision;
	Profile p = { 0 };
	gboolean blank = FALSE;

	if (!px || !lum) {
		g_free(px);
		g_free(lum);
		pl_set_vips_error(error, "deskew");
		return -1;
	}
	size_t n = (size_t)w * h;
	PlInk ink;
	pl_ink_measure(lum, n, 0, &ink);
	int t = ink.threshold;
	/* The fill: the paper's colour, the median of each band over paper. */
	guint64 hist[4][256] = { { 0 } }, on_paper = 0;
	const int nb = MIN(bands, 4);
	for (size_t i = 0; i < n; i++)
		if (lum[i] > t) {
			for (int c = 0; c < nb; c++)
				hist[c][px[i * bands + c]]++;
			on_paper++;
		}
	for (int c = 0; c < nb; c++) {
		guint64 acc = 0;
		d->bg[c] = 255;
		for (int v = 0; v < 256 && on_paper; v++)
			if ((acc += hist[c][v]) * 2 >= on_paper) {
				d->bg[c] = v;
				break;
			}
	}

	/* The bed showing through a cut-out sheet's bites (imaging/bed.h):
	 * straight along the image's axes where the image's edge cuts it, it
	 * would hold the profile at 0 degrees (case-030 of the generated
	 * scans). It is no print: out of the edges and the profile. */
	size_t dark = 0; /* print, counted with the bed (see PRINT_MIN_SHARE) */
	for (size_t i = 0; i < n; i++)
		dark += lum[i] < ink.paper - PRINT_CONTRAST;
	if (pl_bed_erase(lum, w, h, 0, &ink))
		t = ink.threshold;

	if (corr->has_angle) {
		angle = corr->angle;
		a->manual = TRUE;
		confidence = 1;
	} else {
		/* A frame rule or page edge: straight lines met first from the
		 * sides. Two or more that agree give the skew directly. */
		PlEdge e[4];
		double sum = 0, wsum = 0, lo = 90, hi = -90;
		int found = 0;
		for (int side = 0; side < 4; side++)
			if (pl_edge_find(lum, w, h, ink.level, side, range, 2, &e[side]) &&
			    e[side].inliers >= 0.5) {
				sum += e[side].angle * e[side].inliers;
				wsum += e[side].inliers;
				lo = MIN(lo, e[side].angle), hi = MAX(hi, e[side].angle);
				found++;
			}
		if (found >= 2 && hi - lo <= 0.3) {
			angle = -sum / wsum;
			confidence = wsum / found;
			method = "frame";
		}
		/* Ink pixels, at most ~300k of them, centred on the image. */
		size_t count = 0, stride;
		for (size_t i = 0; i < n; i++)
			count += lum[i] <= t;
		stride = count / 300000 + 1;
		p.x = g_new(float, count / stride + 1);
		p.y = g_new(float, count / stride + 1);
		for (size_t i = 0, k = 0; i < n; i++)
			if (lum[i] <= t && k++ % stride == 0) {
				p.x[p.n] = (float)((double)(i % w) - w / 2.0);
				p.y[p.n] = (float)((double)(i / w) - h / 2.0);
				p.n++;
			}
		p.nbins = (int)(2 * sqrt((double)w * w + (double)h * h)) + 8;
		p.bins = g_new(double, p.nbins);
		double best = 0, median = 0, top, fine;
		/* A near-blank page: its "ink" is stains and the grain of the
		 * paper, whose profiles peak at any angle (the generated covers
		 * were turned by 1.7 and 2.6 degrees). */
		blank = dark < PRINT_MIN_SHARE * n;
		if (!method && !blank && p.n > 50 && count < 0.6 * n) {
			search(&p, -range, range, 0.25, &best, &median);
			fine = best;
			search(&p, best - 0.3, best + 0.3, 0.05, &fine, NULL);
			best = fine;
			top = search(&p, best - 0.06, best + 0.06, 0.01, &fine, NULL);
			best = fine;
			confidence = top > 0 ? (top - median) / top : 0;
			/* The profile peaks where ink lines up; rotating back undoes it. */
			angle = -best;
			if (fabs(best) > range - 0.1)
				confidence = 0; /* at the edge of the search: not a true peak */
			method = "profile";
		}
		g_free(p.x);
		g_free(p.y);
		g_free(p.bins);
	}
	g_free(px);
	g_free(lum);

	pl_json_key(b, "angle");
	pl_json_num(b, angle);
	pl_json_key(b, "confidence");
	pl_json_num(b, confidence);
	pl_json_key(b, "source");
	pl_json_str(b, a->manual ? "manual" : "measured");
	pl_json_key(b, "method");
	pl_json_str(b, a->manual ? "override" : method ? method : "none");
	pl_json_key(b, "fill");
	pl_json_begin_array(b);
	for (int c = 0; c < bands && c < 4; c++)
		pl_json_int(b, (gint64)d->bg[c]);
	pl_json_end_array(b);

	if (!a->manual && confidence < cfg->v[OPT_MIN_CONFIDENCE].d) {
		pl_json_key(b, "refused");
		pl_json_str(b, blank && !method ? "too little print" : "low confidence");
		return 0;
	}
	if (fabs(angle) < cfg->v[OPT_MIN_ANGLE].d && !(a->manual && angle != 0))
		return 0;
	a->angle = angle;
	rotation_size(a->in_w, a->in_h, angle, &a->out_w, &a->out_h);
	rotation_affine(a->in_w, a->in_h, a->out_w, a->out_h, angle, a->to_in);
	a->active = TRUE;
	return 0;
}

static int deskew_apply(const PlStepConfig *cfg, const PlAction *a, VipsImage *in,
			VipsImage **out, double scale, GError **error)
{
	const DeskewDecision *d = a->decision;
	double w = in->Xsize, h = in->Ysize, ow, oh;
	double r = a->angle * G_PI / 180, c = cos(r), s = sin(r);
	VipsInterpolate *interp = vips_interpolate_new(interpolators[cfg->v[OPT_INTERPOLATE].e]);
	VipsArrayDouble *bg = vips_array_double_new(d->bg, MIN(in->Bands, 4));
	VipsArrayInt *area;
	int rc;
	if (scale == 1.0) {
		ow = a->out_w;
		oh = a->out_h;
	} else {
		rotation_size(w, h, a->angle, &ow, &oh);
	}
	area = vips_array_int_newv(4, 0, 0, (int)ow, (int)oh);
	/* Each output row reads input rows spread over w * tan(angle): keep
	 * that many rows of the sequential input in a sliding window, so the
	 * decoder is never asked to go back. Memory is bounded by the window,
	 * not the image; the runner opens the image for random access instead
	 * when the window would be too large. */
	VipsImage *src = in, *cached = NULL;
	if (vips_image_is_sequential(in)) {
		int th = 64;
		int rows = pl_rotate_cache_rows(in->Xsize, in->Ysize, a->angle);
		if (vips_tilecache(in, &cached, "tile_width", in->Xsize, "tile_height", th,
				   "max_tiles", rows / th + 4, "access", VIPS_ACCESS_SEQUENTIAL,
				   "threaded", TRUE, NULL)) {
			g_object_unref(interp);
			vips_area_unref(VIPS_AREA(bg));
			vips_area_unref(VIPS_AREA(area));
			return -1;
		}
		src = cached;
	}
	int kind = cfg->v[OPT_INTERPOLATE].e;
	if ((kind == INTERP_BICUBIC || kind == INTERP_BILINEAR) && pl_rotate_supports(src)) {
		rc = pl_rotate(src, out, a->angle, (int)ow, (int)oh, d->bg,
			       kind == INTERP_BICUBIC ? PL_ROTATE_CUBIC : PL_ROTATE_LINEAR);
	} else {
		/* Forward map (input -> output) about the centres; vips puts
		 * pixel centres on whole numbers, hence the half pixels. */
		rc = vips_affine(src, out, c, s, -s, c, "interpolate", interp, "oarea", area, "idx",
				 -(w / 2 - 0.5), "idy", -(h / 2 - 0.5), "odx", ow / 2 - 0.5, "ody",
				 oh / 2 - 0.5, "extend", VIPS_EXTEND_BACKGROUND, "background", bg,
				 NULL);
	}
	g_object_unref(interp);
	vips_area_unref(VIPS_AREA(bg));
	vips_area_unref(VIPS_AREA(area));
	VIPS_UNREF(cached);
	return rc;
}

const PlStepClass pl_step_deskew = {
	.name = "deskew",
	.summary = "measure the skew and rotate it away",
	.options = deskew_options,
	.measures = (const char *const[]){ "angle", "confidence", "source", "method", "fill",
					   "refused", NULL },
	.decision_size = sizeof(DeskewDecision),
	.measure = deskew_measure,
	.apply = deskew_apply,
};

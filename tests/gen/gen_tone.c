/* Paper and ink tones, measured the same way on a scan, a master and a
 * perfect master, for the scorers' chroma, contrast and near-blank verdicts.
 *
 * The paper is the median L*, a*, b* and C* (CIELAB, D65) of the brightest
 * 30 % of the pixels inside the page; the ink is the 1st percentile of L*
 * inside the content (thin strokes shrunk with the image lighten it, the
 * same way on every image measured). Images are shrunk so that their longer
 * side is at most max_side first, by averaging. */
#include "gen.h"

#include <math.h>
#include <string.h>

static double
to_linear(double v)
{
	v /= 255.0;
	return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

static double
from_linear(double v)
{
	v = v <= 0.0031308 ? 12.92 * v : 1.055 * pow(v, 1 / 2.4) - 0.055;
	return CLAMP(v, 0, 1) * 255.0;
}

static const double white_xyz[3] = {0.95047, 1.0, 1.08883};

static double
lab_f(double t)
{
	return t > 216.0 / 24389 ? cbrt(t) : (24389.0 / 27 * t + 16) / 116;
}

static double
lab_finv(double f)
{
	return f * f * f > 216.0 / 24389 ? f * f * f : (116 * f - 16) * 27 / 24389.0;
}

void
gen_srgb_to_lab(const double rgb[3], double lab[3])
{
	double r = to_linear(rgb[0]), g = to_linear(rgb[1]), b = to_linear(rgb[2]);
	double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / white_xyz[0];
	double y = (0.2126 * r + 0.7152 * g + 0.0722 * b) / white_xyz[1];
	double z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / white_xyz[2];

	lab[0] = 116 * lab_f(y) - 16;
	lab[1] = 500 * (lab_f(x) - lab_f(y));
	lab[2] = 200 * (lab_f(y) - lab_f(z));
}

void
gen_lab_to_srgb(const double lab[3], double rgb[3])
{
	double fy = (lab[0] + 16) / 116, fx = fy + lab[1] / 500, fz = fy - lab[2] / 200;
	double x = lab_finv(fx) * white_xyz[0], y = lab_finv(fy) * white_xyz[1];
	double z = lab_finv(fz) * white_xyz[2];

	rgb[0] = from_linear(3.2406 * x - 1.5372 * y - 0.4986 * z);
	rgb[1] = from_linear(-0.9689 * x + 1.8758 * y + 0.0415 * z);
	rgb[2] = from_linear(0.0557 * x - 0.2040 * y + 1.0570 * z);
}

gboolean
gen_point_in_convex(const double (*q)[2], int n, double x, double y)
{
	int pos = 0, neg = 0;

	for (int i = 0; i < n; i++) {
		const double *a = q[i], *b = q[(i + 1) % n];
		double c = (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]);

		pos += c > 0;
		neg += c < 0;
	}
	return pos == 0 || neg == 0;
}

int
gen_clip_convex(const double (*p)[2], int np, const double (*clip)[2], int nc, double (*out)[2])
{
	double buf[2][GEN_CLIP_MAX][2], sgn = gen_poly_area(clip, nc) < 0 ? -1 : 1;
	int n = MIN(np, GEN_CLIP_MAX), cur = 0;

	memcpy(buf[0], p, sizeof(double[2]) * (size_t) n);
	/* Sutherland-Hodgman: what lies inside each edge of the clip, in turn */
	for (int e = 0; e < nc && n > 0; e++) {
		const double *a = clip[e], *b = clip[(e + 1) % nc];
		double (*in)[2] = buf[cur], (*o)[2] = buf[1 - cur];
		int m = 0;

		for (int i = 0; i < n; i++) {
			const double *s = in[i], *t = in[(i + 1) % n];
			double ds = sgn * ((b[0] - a[0]) * (s[1] - a[1]) - (b[1] - a[1]) * (s[0] - a[0]));
			double dt = sgn * ((b[0] - a[0]) * (t[1] - a[1]) - (b[1] - a[1]) * (t[0] - a[0]));

			if (ds >= 0 && m < GEN_CLIP_MAX)
				o[m][0] = s[0], o[m][1] = s[1], m++;
			if (((ds >= 0) != (dt >= 0)) && m < GEN_CLIP_MAX) {
				double k = ds / (ds - dt);

				o[m][0] = s[0] + k * (t[0] - s[0]);
				o[m][1] = s[1] + k * (t[1] - s[1]);
				m++;
			}
		}
		n = m;
		cur = 1 - cur;
	}
	memcpy(out, buf[cur], sizeof(double[2]) * (size_t) n);
	return n;
}

/* The k-th smallest of v[0..n) (Wirth's selection; v is reordered). */
static float
select_kth(float *v, gsize n, gsize k)
{
	gssize l = 0, m = (gssize) n - 1, kk = (gssize) k;

	while (l < m) {
		float x = v[kk];
		gssize i = l, j = m;

		do {
			while (v[i] < x)
				i++;
			while (x < v[j])
				j--;
			if (i <= j) {
				float t = v[i];

				v[i] = v[j];
				v[j] = t;
				i++;
				j--;
			}
		} while (i <= j);
		if (j < kk)
			l = i;
		if (kk < i)
			m = j;
	}
	return v[kk];
}

static float
percentile(float *v, gsize n, double p)
{
	gsize k = (gsize) CLAMP(floor(p / 100.0 * (double) (n - 1) + 0.5), 0, (double) (n - 1));

	return n ? select_kth(v, n, k) : NAN;
}

/* in to CIELAB floats (D65, sRGB's own white): colour with an embedded
 * profile through it into sRGB first, so that a master (which carries an
 * sRGB profile) and an original without one are read the same way. Reading
 * the profiled one through its profile straight to the profile connection
 * space's D50 Lab, and the other with libvips' D65 formulas, gave the same
 * beige paper C* 7.6 and 7.0: a master scored 1.08 times its unprofiled
 * original's chroma with the very same pixels. */
static int
to_lab(VipsObject *ctx, VipsImage *in, VipsImage **out)
{
	VipsImage **t = (VipsImage **) vips_object_local_array(ctx, 4);
	VipsImage *x = in;

	if (vips_image_get_typeof(x, VIPS_META_ICC_NAME) &&
	    (x->Bands >= 3 || x->Type == VIPS_INTERPRETATION_CMYK)) {
		if (vips_icc_transform(x, &t[0], "srgb", "embedded", TRUE, "intent",
				       VIPS_INTENT_RELATIVE, "depth", 16, NULL) == 0)
			x = t[0];
		else
			vips_error_clear(); /* a broken profile: the pixels as sRGB */
	}
	if (x->Bands < 3 && x->Type != VIPS_INTERPRETATION_B_W &&
	    x->Type != VIPS_INTERPRETATION_GREY16) {
		if (vips_copy(x, &t[1], "interpretation",
			      x->BandFmt == VIPS_FORMAT_USHORT ? VIPS_INTERPRETATION_GREY16
							       : VIPS_INTERPRETATION_B_W,
			      NULL))
			return -1;
		x = t[1];
	} else if (x->Bands >= 3 && x->Type != VIPS_INTERPRETATION_sRGB &&
		   x->Type != VIPS_INTERPRETATION_RGB16) {
		if (vips_copy(x, &t[1], "interpretation",
			      x->BandFmt == VIPS_FORMAT_USHORT ? VIPS_INTERPRETATION_RGB16
							       : VIPS_INTERPRETATION_sRGB,
			      NULL))
			return -1;
		x = t[1];
	}
	if (vips_colourspace(x, &t[2], VIPS_INTERPRETATION_LAB, NULL))
		return -1;
	*out = t[2];
	return 0;
}

int
gen_measure_tone(VipsImage *in, int max_side, const double (*page)[2], int n_page,
		 const double (*content)[2], int n_content, GenTone *out, GError **error)
{
	VipsImage *ctxi = vips_image_new();
	VipsObject *ctx = VIPS_OBJECT(ctxi);
	VipsImage **t = (VipsImage **) vips_object_local_array(ctx, 4);
	VipsImage *x = in, *lab;
	double k, sx, sy, pg[8][2], ct[8][2];
	float *px = NULL, *L = NULL, *A = NULL, *B = NULL, *C = NULL, *ink = NULL;
	gsize len, n = 0, n_ink = 0, n_hi = 0;
	int ret = -1;

	memset(out, 0, sizeof *out);
	out->ink_L = NAN;
	if (n_page > 8 || n_content > 8)
		goto out;
	/* colour bands only: an alpha band is no part of the picture */
	if (vips_image_hasalpha(x)) {
		if (vips_extract_band(x, &t[0], 0, "n", x->Bands - 1, NULL))
			goto fail;
		x = t[0];
	}
	k = MIN(1.0, (double) max_side / MAX(x->Xsize, x->Ysize));
	if (k < 1) {
		if (vips_resize(x, &t[1], k, "kernel", VIPS_KERNEL_LINEAR, NULL))
			goto fail;
		x = t[1];
	}
	sx = (double) x->Xsize / in->Xsize;
	sy = (double) x->Ysize / in->Ysize;
	for (int i = 0; i < n_page; i++)
		pg[i][0] = page[i][0] * sx, pg[i][1] = page[i][1] * sy;
	for (int i = 0; i < n_content; i++)
		ct[i][0] = content[i][0] * sx, ct[i][1] = content[i][1] * sy;
	if (to_lab(ctx, x, &lab) || vips_cast(lab, &t[3], VIPS_FORMAT_FLOAT, NULL) ||
	    !(px = vips_image_write_to_memory(t[3], &len)))
		goto fail;
	{
		gsize npx = (gsize) t[3]->Xsize * t[3]->Ysize;
		int w = t[3]->Xsize, bands = t[3]->Bands;

		L = g_new(float, npx);
		A = g_new(float, npx);
		B = g_new(float, npx);
		C = g_new(float, npx);
		ink = g_new(float, npx);
		for (gsize i = 0; i < npx; i++) {
			double cx = (double) (i % w) + 0.5, cy = (double) (i / w) + 0.5;
			const float *p = px + i * bands;

			if (page && !gen_point_in_convex((const double(*)[2]) pg, n_page, cx, cy))
				continue;
			L[n] = p[0];
			A[n] = p[1];
			B[n] = p[2];
			n++;
			if (content && gen_point_in_convex((const double(*)[2]) ct, n_content, cx, cy))
				ink[n_ink++] = p[0];
		}
	}
	out->n = n;
	if (n == 0) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "no pixel inside the page");
		goto out;
	}
	{
		float *tmp = g_memdup2(L, n * sizeof(float));
		float p70 = percentile(tmp, n, 70);
		float p2 = percentile(tmp, n, 2), p98 = percentile(tmp, n, 98);

		out->spread = p98 - p2;
		g_free(tmp);
		for (gsize i = 0; i < n; i++)
			if (L[i] >= p70) {
				L[n_hi] = L[i];
				A[n_hi] = A[i];
				B[n_hi] = B[i];
				C[n_hi] = hypotf(A[i], B[i]);
				n_hi++;
			}
		out->paper_L = percentile(L, n_hi, 50);
		out->paper_a = percentile(A, n_hi, 50);
		out->paper_b = percentile(B, n_hi, 50);
		out->paper_C = percentile(C, n_hi, 50);
	}
	if (n_ink > 0)
		out->ink_L = percentile(ink, n_ink, 1);
	ret = 0;
	goto out;
fail:
	gen_fail(error, "measuring tones");
out:
	g_free(px);
	g_free(L);
	g_free(A);
	g_free(B);
	g_free(C);
	g_free(ink);
	g_object_unref(ctxi);
	return ret;
}

/* The three-shear rotation against what it replaces (vips_affine, bicubic),
 * and the geometry a deskew relies on: where a point lands, what fills the
 * corners, and that the result does not depend on how it is asked for. */
#include <math.h>
#include <string.h>
#include <vips/vips.h>

#include "imaging/rotate.h"

typedef enum { SMOOTH, HATCH, DOT } Pattern;

static VipsImage *pattern_new(int w, int h, int bands, Pattern kind, double dx, double dy)
{
	VipsPel *buf = g_malloc((size_t)w * h * bands);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			for (int c = 0; c < bands; c++) {
				double v;
				if (kind == SMOOTH)
					v = 128 + 60 * sin(x / 23.0 + c) * cos(y / 31.0) +
					    30 * sin((x + y) / 57.0);
				else if (kind == HATCH) /* engraved lines 4 px apart, 2 px wide */
					v = ((x + y / 3) % 4 < 2) ? 30 : 220;
				else { /* a soft dark dot on paper */
					double r2 = (x - dx) * (x - dx) + (y - dy) * (y - dy);
					v = 230 - 200 * exp(-r2 / 8.0);
				}
				buf[((size_t)y * w + x) * bands + c] = (VipsPel)lrint(v - 10 * c);
			}
	VipsImage *im = vips_image_new_from_memory_copy(buf, (size_t)w * h * bands, w, h, bands,
							VIPS_FORMAT_UCHAR);
	g_free(buf);
	g_assert_nonnull(im);
	return im;
}

static VipsImage *rotated(VipsImage *in, double deg, int ow, int oh, const double *bg)
{
	VipsImage *out = NULL;
	g_assert_cmpint(pl_rotate(in, &out, deg, ow, oh, bg, PL_ROTATE_CUBIC), ==, 0);
	VipsImage *mem = vips_image_copy_memory(out);
	g_assert_nonnull(mem);
	g_object_unref(out);
	return mem;
}

static VipsImage *affined(VipsImage *in, double deg, int ow, int oh, const double *bg)
{
	double r = deg * G_PI / 180, c = cos(r), s = sin(r);
	VipsImage *out = NULL;
	VipsInterpolate *interp = vips_interpolate_new("bicubic");
	VipsArrayInt *area = vips_array_int_newv(4, 0, 0, ow, oh);
	VipsArrayDouble *bgv = vips_array_double_new(bg, in->Bands);
	g_assert_cmpint(vips_affine(in, &out, c, s, -s, c, "interpolate", interp, "oarea", area,
				    "idx", -(in->Xsize / 2.0 - 0.5), "idy",
				    -(in->Ysize / 2.0 - 0.5), "odx", ow / 2.0 - 0.5, "ody",
				    oh / 2.0 - 0.5, "extend", VIPS_EXTEND_BACKGROUND, "background",
				    bgv, NULL),
			==, 0);
	g_object_unref(interp);
	vips_area_unref(VIPS_AREA(area));
	vips_area_unref(VIPS_AREA(bgv));
	VipsImage *mem = vips_image_copy_memory(out);
	g_object_unref(out);
	return mem;
}

/* Mean absolute difference, the largest one at least `margin` pixels inside
 * the turned input (its edges against the fill are steps where any two
 * interpolators differ most), and each image's deviation. */
static void compare(VipsImage *a, VipsImage *b, const VipsImage *in, double deg, int margin,
		    double *mean, double *max, double *dev_a, double *dev_b)
{
	double r = deg * G_PI / 180, c = cos(r), s = sin(r);
	g_assert_cmpint(a->Xsize, ==, b->Xsize);
	g_assert_cmpint(a->Ysize, ==, b->Ysize);
	g_assert_cmpint(a->Bands, ==, b->Bands);
	const VipsPel *pa = VIPS_IMAGE_ADDR(a, 0, 0), *pb = VIPS_IMAGE_ADDR(b, 0, 0);
	size_t n = VIPS_IMAGE_N_PELS(a) * a->Bands;
	double sum = 0, big = 0, sa = 0, sa2 = 0, sb = 0, sb2 = 0;
	for (size_t i = 0; i < n; i++) {
		double d = fabs((double)pa[i] - pb[i]);
		double qx = (double)((i / a->Bands) % a->Xsize) - (a->Xsize / 2.0 - 0.5);
		double qy = (double)((i / a->Bands) / a->Xsize) - (a->Ysize / 2.0 - 0.5);
		double x = c * qx - s * qy + in->Xsize / 2.0 - 0.5,
		       y = s * qx + c * qy + in->Ysize / 2.0 - 0.5;
		sum += d;
		if (x >= margin && y >= margin && x <= in->Xsize - 1 - margin &&
		    y <= in->Ysize - 1 - margin)
			big = MAX(big, d);
		sa += pa[i], sa2 += (double)pa[i] * pa[i];
		sb += pb[i], sb2 += (double)pb[i] * pb[i];
	}
	*mean = sum / n;
	*max = big;
	*dev_a = sqrt(sa2 / n - (sa / n) * (sa / n));
	*dev_b = sqrt(sb2 / n - (sb / n) * (sb / n));
}

static void test_matches_affine_on_smooth(void)
{
	const double angles[] = { -4.8, -2.5, 0.3, 1.7, 5 };
	const int sizes[][2] = { { 301, 257 }, { 400, 300 }, { 256, 511 } };
	double bg[3] = { 200, 190, 150 };
	for (int bands = 1; bands <= 3; bands += 2)
		for (size_t s = 0; s < G_N_ELEMENTS(sizes); s++)
			for (size_t k = 0; k < G_N_ELEMENTS(angles); k++) {
				int w = sizes[s][0], h = sizes[s][1], ow = w + 31, oh = h + 22;
				VipsImage *in = pattern_new(w, h, bands, SMOOTH, 0, 0);
				VipsImage *a = rotated(in, angles[k], ow, oh, bg);
				VipsImage *b = affined(in, angles[k], ow, oh, bg);
				double mean, max, da, db;
				compare(a, b, in, angles[k], 2, &mean, &max, &da, &db);
				if (g_test_verbose())
					g_printerr("%d bands %dx%d %+.1f deg: mean %.3f max %.0f\n",
						   bands, w, h, angles[k], mean, max);
				/* The same picture up to rounding. */
				g_assert_cmpfloat(mean, <, 0.3);
				g_assert_cmpfloat(max, <=, 2);
				g_object_unref(in);
				g_object_unref(a);
				g_object_unref(b);
			}
}

/* Fine hatching keeps its contrast: three 1-D passes must neither blur it
 * more than one 2-D bicubic does nor ring much more. */
static void test_keeps_hatching(void)
{
	double bg[1] = { 220 };
	VipsImage *in = pattern_new(500, 400, 1, HATCH, 0, 0);
	VipsImage *a = rotated(in, 2.6, 500, 400, bg);
	VipsImage *b = affined(in, 2.6, 500, 400, bg);
	double mean, max, da, db;
	compare(a, b, in, 2.6, 2, &mean, &max, &da, &db);
	if (g_test_verbose())
		g_printerr("hatching: mean diff %.2f, deviation %.2f (shears) vs %.2f (affine)\n",
			   mean, da, db);
	g_assert_cmpfloat(da, >=, 0.97 * db);
	g_assert_cmpfloat(mean, <, 8);
	g_object_unref(in);
	g_object_unref(a);
	g_object_unref(b);
}

/* A dot lands where the forward map puts it, to a tenth of a pixel. */
static void test_point_lands_in_place(void)
{
	const double deg = 3.7, dx = 61.3, dy = 187.6;
	const int w = 240, h = 260, ow = 270, oh = 280;
	double bg[1] = { 230 };
	VipsImage *in = pattern_new(w, h, 1, DOT, dx, dy);
	VipsImage *out = rotated(in, deg, ow, oh, bg);
	double r = deg * G_PI / 180, c = cos(r), s = sin(r);
	double qx = dx - (w / 2.0 - 0.5), qy = dy - (h / 2.0 - 0.5);
	double ex = c * qx + s * qy + ow / 2.0 - 0.5, ey = -s * qx + c * qy + oh / 2.0 - 0.5;
	double sum = 0, sx = 0, sy = 0;
	for (int y = 0; y < oh; y++)
		for (int x = 0; x < ow; x++) {
			double ink = 230 - *VIPS_IMAGE_ADDR(out, x, y);
			if (ink > 5) {
				sum += ink;
				sx += ink * x;
				sy += ink * y;
			}
		}
	g_assert_cmpfloat(sum, >, 0);
	g_assert_cmpfloat(fabs(sx / sum - ex), <, 0.1);
	g_assert_cmpfloat(fabs(sy / sum - ey), <, 0.1);
	g_object_unref(in);
	g_object_unref(out);
}

/* What lies outside the turned input is exactly the fill colour. */
static void test_corners_are_fill(void)
{
	double bg[3] = { 201, 192, 147 };
	VipsImage *in = pattern_new(300, 200, 3, HATCH, 0, 0);
	VipsImage *out = rotated(in, -4, 340, 230, bg);
	for (int k = 0; k < 4; k++) {
		int x = k % 2 ? 339 : 0, y = k / 2 ? 229 : 0;
		const VipsPel *p = VIPS_IMAGE_ADDR(out, x, y);
		for (int c = 0; c < 3; c++)
			g_assert_cmpint(p[c], ==, (int)bg[c]);
	}
	g_object_unref(in);
	g_object_unref(out);
}

/* Any rectangle asked of the rotation holds the same pixels as the whole. */
static void test_regions_agree(void)
{
	double bg[3] = { 200, 190, 150 };
	VipsImage *in = pattern_new(333, 277, 3, SMOOTH, 0, 0);
	VipsImage *lazy = NULL;
	g_assert_cmpint(pl_rotate(in, &lazy, 2.2, 350, 300, bg, PL_ROTATE_CUBIC), ==, 0);
	VipsImage *whole = vips_image_copy_memory(lazy);
	VipsRegion *reg = vips_region_new(lazy);
	const VipsRect rects[] = {
		{ 0, 0, 1, 1 }, { 17, 29, 37, 53 }, { 200, 5, 150, 295 }, { 0, 150, 350, 3 }
	};
	for (size_t i = 0; i < G_N_ELEMENTS(rects); i++) {
		VipsRect rc = rects[i];
		g_assert_cmpint(vips_region_prepare(reg, &rc), ==, 0);
		for (int y = rc.top; y < VIPS_RECT_BOTTOM(&rc); y++)
			g_assert_cmpmem(VIPS_REGION_ADDR(reg, rc.left, y), rc.width * 3,
					VIPS_IMAGE_ADDR(whole, rc.left, y), rc.width * 3);
	}
	g_object_unref(reg);
	g_object_unref(lazy);
	g_object_unref(whole);
	g_object_unref(in);
}

static void test_refuses_other_formats(void)
{
	VipsImage *in = NULL, *out = NULL;
	double bg[2] = { 0, 0 };
	g_assert_cmpint(vips_black(&in, 10, 10, "bands", 2, NULL), ==, 0);
	g_assert_false(pl_rotate_supports(in));
	g_assert_cmpint(pl_rotate(in, &out, 1, 10, 10, bg, PL_ROTATE_CUBIC), ==, -1);
	g_assert_null(out);
	vips_error_clear();
	g_object_unref(in);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	if (VIPS_INIT(argv[0]))
		vips_error_exit(NULL);
	g_test_add_func("/rotate/smooth-matches-affine", test_matches_affine_on_smooth);
	g_test_add_func("/rotate/keeps-hatching", test_keeps_hatching);
	g_test_add_func("/rotate/point-lands-in-place", test_point_lands_in_place);
	g_test_add_func("/rotate/corners-are-fill", test_corners_are_fill);
	g_test_add_func("/rotate/regions-agree", test_regions_agree);
	g_test_add_func("/rotate/refuses-other-formats", test_refuses_other_formats);
	int rc = g_test_run();
	vips_shutdown();
	return rc;
}

/* levels' maps without a gamma are computed as a fixed-point line: it must
 * give every byte exactly what the table gives, and the image operation the
 * same pixels as vips_maplut. The tone map's operation gives what its row
 * function gives. */
#include <math.h>
#include <string.h>
#include <vips/vips.h>

#include "imaging/levels_math.h"
#include "imaging/linear_map.h"

/* The table levels builds: the map rounded to bytes. */
static void table_of(double black, double white, double gamma, guchar table[256])
{
	double lut[256];
	pl_levels_lut(black, white, gamma, lut);
	for (int v = 0; v < 256; v++)
		table[v] = (guchar)CLAMP(lut[v] + 0.5, 0, 255);
}

static int line_at(int v, int k, int c)
{
	gint64 x = (gint64)v * k + c;
	return x < 0 ? 0 : (int)MIN(255, x >> 16);
}

/* Black and white points over their whole range in fractional steps, as
 * percentiles give them, down to a range of 8: every one fits, exactly. */
static void test_every_levels_map_fits(void)
{
	int fitted = 0, tried = 0;
	for (double black = 0; black < 128; black += 1.37)
		for (double white = black + 8; white <= 255; white += 1.53) {
			guchar table[256];
			int k, c;
			table_of(black, white, 1.0, table);
			tried++;
			if (!pl_linear_map_fit(table, &k, &c))
				continue;
			fitted++;
			for (int v = 0; v < 256; v++)
				if (line_at(v, k, c) != table[v])
					g_error("black %g white %g: %d maps to %d, not %d", black, white, v,
						line_at(v, k, c), table[v]);
		}
	g_assert_cmpint(fitted, ==, tried);
}

static void test_gamma_is_not_a_line(void)
{
	guchar table[256];
	int k, c;
	table_of(10, 240, 1.8, table);
	g_assert_false(pl_linear_map_fit(table, &k, &c));
	for (int v = 0; v < 256; v++) /* a negative */
		table[v] = (guchar)(255 - v);
	g_assert_false(pl_linear_map_fit(table, &k, &c));
}

static void test_same_pixels_as_maplut(void)
{
	VipsImage *noise = NULL, *img = NULL, *lut = NULL, *a = NULL, *b = NULL;
	g_assert_cmpint(vips_gaussnoise(&noise, 331, 97, "mean", 128.0, "sigma", 80.0, NULL), ==,
			0);
	VipsImage *three = NULL;
	VipsImage *in[3] = { noise, noise, noise };
	g_assert_cmpint(vips_bandjoin(in, &three, 3, NULL), ==, 0);
	g_assert_cmpint(vips_cast(three, &img, VIPS_FORMAT_UCHAR, NULL), ==, 0);
	guchar table[256];
	int k, c;
	table_of(23.4, 211.7, 1.0, table);
	g_assert_true(pl_linear_map_fit(table, &k, &c));
	lut = vips_image_new_from_memory_copy(table, 256, 256, 1, 1, VIPS_FORMAT_UCHAR);
	g_assert_cmpint(vips_maplut(img, &a, lut, NULL), ==, 0);
	g_assert_cmpint(pl_linear_map(img, &b, k, c), ==, 0);
	size_t la = 0, lb = 0;
	void *pa = vips_image_write_to_memory(a, &la), *pb = vips_image_write_to_memory(b, &lb);
	g_assert_cmpmem(pa, la, pb, lb);
	g_free(pa);
	g_free(pb);
	VipsImage *all[] = { noise, three, img, lut, a, b };
	for (size_t i = 0; i < G_N_ELEMENTS(all); i++)
		g_object_unref(all[i]);
}

/* The caller drops its input as soon as it has the output, as the pipeline
 * runner does between steps: the operation must hold its own reference. */
static void test_input_may_be_dropped(void)
{
	VipsImage *noise = NULL, *img = NULL, *out = NULL, *expect = NULL;
	g_assert_cmpint(vips_gaussnoise(&noise, 200, 150, "mean", 128.0, "sigma", 60.0, NULL), ==,
			0);
	g_assert_cmpint(vips_cast(noise, &img, VIPS_FORMAT_UCHAR, NULL), ==, 0);
	g_object_unref(noise);
	guchar table[256];
	int k, c;
	table_of(30, 220, 1.0, table);
	g_assert_true(pl_linear_map_fit(table, &k, &c));
	VipsImage *lut = vips_image_new_from_memory_copy(table, 256, 256, 1, 1, VIPS_FORMAT_UCHAR);
	g_assert_cmpint(vips_maplut(img, &expect, lut, NULL), ==, 0);
	size_t le = 0, lo = 0;
	void *pe = vips_image_write_to_memory(expect, &le);
	/* (a copy no cached operation holds, so that dropping it frees it) */
	VipsImage *own = vips_image_copy_memory(img);
	g_object_unref(img);
	g_assert_cmpint(pl_linear_map(own, &out, k, c), ==, 0);
	g_object_unref(own);
	void *po = vips_image_write_to_memory(out, &lo);
	g_assert_nonnull(po);
	g_assert_cmpmem(pe, le, po, lo);
	g_free(pe);
	g_free(po);
	g_object_unref(out);
	g_object_unref(expect);
	g_object_unref(lut);
}

/* The tone map as an image operation gives what its row function gives,
 * on a 3-band image, and holds its own reference to the input. */
static void test_tone_map_operation(void)
{
	VipsImage *noise = NULL, *img = NULL, *out = NULL;
	g_assert_cmpint(vips_gaussnoise(&noise, 173, 61, "mean", 150.0, "sigma", 70.0, NULL), ==,
			0);
	VipsImage *in3[3] = { noise, noise, noise }, *three = NULL, *shifted = NULL;
	double a[3] = { 1, 0.9, 0.7 }, b[3] = { 0, 5, 20 };
	g_assert_cmpint(vips_bandjoin(in3, &three, 3, NULL), ==, 0);
	g_assert_cmpint(vips_linear(three, &shifted, a, b, 3, NULL), ==, 0);
	g_assert_cmpint(vips_cast(shifted, &img, VIPS_FORMAT_UCHAR, NULL), ==, 0);
	VipsImage *own = vips_image_copy_memory(img);
	double lut[256], chroma[256], white[3] = { 0.95, 1, 1.2 };
	pl_levels_lut(35, 205, 1.3, lut);
	pl_levels_chroma_gain(lut, chroma);
	PlToneMap m;
	pl_tone_map_init(&m, lut, chroma, white);
	size_t lin = 0, lo = 0;
	guchar *pin = vips_image_write_to_memory(own, &lin);
	guchar *expect = g_malloc(lin);
	pl_tone_map_row(&m, pin, expect, lin / 3);
	g_assert_cmpint(pl_tone_map(own, &out, &m), ==, 0);
	g_object_unref(own);
	void *po = vips_image_write_to_memory(out, &lo);
	g_assert_cmpmem(expect, lin, po, lo);
	g_free(pin);
	g_free(expect);
	g_free(po);
	VipsImage *all[] = { noise, three, shifted, img, out };
	for (size_t i = 0; i < G_N_ELEMENTS(all); i++)
		g_object_unref(all[i]);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	if (VIPS_INIT(argv[0]))
		vips_error_exit(NULL);
	g_test_add_func("/linear-map/every-levels-map-fits", test_every_levels_map_fits);
	g_test_add_func("/linear-map/gamma-is-not-a-line", test_gamma_is_not_a_line);
	g_test_add_func("/linear-map/same-pixels-as-maplut", test_same_pixels_as_maplut);
	g_test_add_func("/linear-map/input-may-be-dropped", test_input_may_be_dropped);
	g_test_add_func("/linear-map/tone-map-operation", test_tone_map_operation);
	int rc = g_test_run();
	vips_shutdown();
	return rc;
}

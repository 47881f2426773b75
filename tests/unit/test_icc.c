/* Embedded ICC profiles: what one calls itself, and colour read through it
 * before any step measures. */
#include <string.h>
#include <vips/vips.h>

#include "imaging/icc.h"
#include "pipeline/preview.h"

static guchar *profile_blob(const char *name, size_t *len)
{
	VipsBlob *blob = NULL;
	g_assert_cmpint(vips_profile_load(name, &blob, NULL), ==, 0);
	const void *data = vips_blob_get(blob, len);
	guchar *copy = g_memdup2(data, *len);
	vips_area_unref(VIPS_AREA(blob));
	return copy;
}

static void test_description(void)
{
	size_t len;
	g_autofree guchar *srgb = profile_blob("srgb", &len);
	g_autofree char *d = pl_icc_description(srgb, len);
	g_assert_nonnull(d);
	g_assert_nonnull(strstr(d, "sRGB"));

	size_t clen;
	g_autofree guchar *cmyk = profile_blob("cmyk", &clen);
	g_autofree char *c = pl_icc_description(cmyk, clen);
	g_assert_nonnull(c);
	g_assert_true(g_utf8_validate(c, -1, NULL));
	g_assert_cmpstr(c, !=, d);

	/* cut short, it is read no further than it goes */
	for (size_t cut = 0; cut < len; cut += 7) {
		g_autofree char *t = pl_icc_description(srgb, cut);
		g_assert_true(t == NULL || g_utf8_validate(t, -1, NULL));
	}
	g_autofree char *short_header = pl_icc_description(srgb, 100);
	g_assert_null(short_header);
	/* not a profile */
	static const guchar junk[200] = { 1, 2, 3 };
	g_autofree char *j = pl_icc_description(junk, sizeof junk);
	g_assert_null(j);
}

/* A colour image with a profile comes out as sRGB pixels, the same as the
 * profile's own transform gives, with the profile gone (the master gets
 * sRGB's); one without a profile is left as it is. */
static void test_prepare_imports(void)
{
	size_t len;
	g_autofree guchar *cmyk = profile_blob("cmyk", &len);
	static const guchar ink[4] = { 10, 40, 90, 0 };
	guchar px[16 * 16 * 4];
	for (int i = 0; i < 16 * 16; i++)
		memcpy(px + 4 * i, ink, 4);
	VipsImage *in = vips_image_new_from_memory_copy(px, sizeof px, 16, 16, 4, VIPS_FORMAT_UCHAR);
	g_assert_nonnull(in);
	in->Type = VIPS_INTERPRETATION_CMYK;
	vips_image_set_blob_copy(in, VIPS_META_ICC_NAME, cmyk, len);

	VipsImage *out = NULL, *want = NULL;
	g_assert_cmpint(pl_image_prepare(in, &out), ==, 0);
	g_assert_cmpint(vips_icc_transform(in, &want, "srgb", "embedded", TRUE, "intent",
					   VIPS_INTENT_RELATIVE, "depth", 8, NULL),
			==, 0);
	double *a = NULL, *b = NULL;
	int na = 0, nb = 0;
	g_assert_cmpint(vips_getpoint(out, &a, &na, 8, 8, NULL), ==, 0);
	g_assert_cmpint(vips_getpoint(want, &b, &nb, 8, 8, NULL), ==, 0);
	g_assert_cmpint(out->Bands, ==, 3);
	g_assert_cmpint(na, ==, 3);
	for (int c = 0; c < 3; c++)
		g_assert_cmpfloat(a[c], ==, b[c]);
	g_assert_false(vips_image_get_typeof(out, VIPS_META_ICC_NAME));
	g_free(a);
	g_free(b);
	g_object_unref(out);
	g_object_unref(want);
	g_object_unref(in);

	/* untagged sRGB: the same bytes */
	static const guchar rgb[3] = { 200, 180, 150 };
	VipsImage *plain = vips_image_new_from_memory_copy(rgb, 3, 1, 1, 3, VIPS_FORMAT_UCHAR);
	plain->Type = VIPS_INTERPRETATION_sRGB;
	g_assert_cmpint(pl_image_prepare(plain, &out), ==, 0);
	g_assert_cmpint(vips_getpoint(out, &a, &na, 0, 0, NULL), ==, 0);
	for (int c = 0; c < 3; c++)
		g_assert_cmpfloat(a[c], ==, rgb[c]);
	g_free(a);
	g_object_unref(out);
	g_object_unref(plain);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	if (VIPS_INIT(argv[0]))
		vips_error_exit(NULL);
	g_test_add_func("/icc/description", test_description);
	g_test_add_func("/icc/prepare-imports", test_prepare_imports);
	int rc = g_test_run();
	vips_shutdown();
	return rc;
}

/* Saved previews read back exactly as they were decoded, or not at all: a
 * damaged or foreign file must send clean back to the original. */
#include <glib/gstdio.h>
#include <string.h>
#include <vips/vips.h>

#include "pipeline/preview.h"
#include "tmpdir-fixture.h"

/* A small JPEG original, written to dir. */
static char *original_new(const char *dir, int w, int h, int bands)
{
	VipsImage *noise = NULL, *cast = NULL;
	g_assert_cmpint(vips_gaussnoise(&noise, w, h, "mean", 128.0, "sigma", 40.0, NULL), ==, 0);
	VipsImage *x = noise;
	if (bands == 3) {
		VipsImage *in[3] = { noise, noise, noise };
		g_assert_cmpint(vips_bandjoin(in, &x, 3, NULL), ==, 0);
	}
	g_assert_cmpint(vips_cast(x, &cast, VIPS_FORMAT_UCHAR, NULL), ==, 0);
	char *path = g_build_filename(dir, bands == 3 ? "colour.jpg" : "grey.jpg", NULL);
	g_assert_cmpint(vips_image_write_to_file(cast, path, NULL), ==, 0);
	if (x != noise)
		g_object_unref(x);
	g_object_unref(noise);
	g_object_unref(cast);
	return path;
}

static void assert_same_pixels(VipsImage *a, VipsImage *b)
{
	g_assert_cmpint(a->Xsize, ==, b->Xsize);
	g_assert_cmpint(a->Ysize, ==, b->Ysize);
	g_assert_cmpint(a->Bands, ==, b->Bands);
	g_assert_cmpint(a->BandFmt, ==, b->BandFmt);
	g_assert_cmpint(a->Type, ==, b->Type);
	g_assert_cmpmem(VIPS_IMAGE_ADDR(a, 0, 0), VIPS_IMAGE_SIZEOF_IMAGE(a), VIPS_IMAGE_ADDR(b, 0, 0),
			VIPS_IMAGE_SIZEOF_IMAGE(b));
}

static void test_round_trip(Fixture *fx, gconstpointer data)
{
	(void)data;
	for (int bands = 1; bands <= 3; bands += 2) {
		g_autofree char *jpg = original_new(fx->dir, 2400, 1800, bands);
		g_autofree char *saved = g_build_filename(fx->dir, "preview", NULL);
		VipsImage *decoded = NULL;
		g_assert_cmpint(pl_preview_decode(jpg, TRUE, &decoded, NULL), ==, 0);
		/* Shrunk on load: a JPEG of 2400 px gives 1200 (factor 2). */
		g_assert_cmpint(decoded->Xsize, ==, 1200);
		g_assert_cmpint(decoded->Bands, ==, bands);
		g_assert_cmpint(pl_preview_save(decoded, saved, NULL), ==, 0);
		VipsImage *loaded = pl_preview_load(saved);
		g_assert_nonnull(loaded);
		assert_same_pixels(decoded, loaded);
		g_object_unref(decoded);
		g_object_unref(loaded);
	}
}

static void test_damage_refused(Fixture *fx, gconstpointer data)
{
	(void)data;
	g_autofree char *jpg = original_new(fx->dir, 800, 600, 3);
	g_autofree char *saved = g_build_filename(fx->dir, "preview", NULL);
	VipsImage *decoded = NULL;
	g_assert_cmpint(pl_preview_decode(jpg, TRUE, &decoded, NULL), ==, 0);
	g_assert_cmpint(pl_preview_save(decoded, saved, NULL), ==, 0);
	g_object_unref(decoded);
	g_autofree char *good = NULL;
	gsize len = 0;
	g_assert_true(g_file_get_contents(saved, &good, &len, NULL));

	g_assert_null(pl_preview_load(NULL));
	g_autofree char *missing = g_build_filename(fx->dir, "none", NULL);
	g_assert_null(pl_preview_load(missing));

	/* Cut short, as a crash after the rename can leave it. */
	g_assert_true(g_file_set_contents(saved, good, len - 1, NULL));
	g_assert_null(pl_preview_load(saved));
	/* One pixel changed. */
	g_autofree char *bad = g_memdup2(good, len);
	bad[len / 2] ^= 0x20;
	g_assert_true(g_file_set_contents(saved, bad, len, NULL));
	g_assert_null(pl_preview_load(saved));
	/* Another version of the format. */
	memcpy(bad, good, len);
	bad[strlen("planche-preview ")] = '9';
	g_assert_true(g_file_set_contents(saved, bad, len, NULL));
	g_assert_null(pl_preview_load(saved));
	/* Empty. */
	g_assert_true(g_file_set_contents(saved, "", 0, NULL));
	g_assert_null(pl_preview_load(saved));
	/* And intact, it loads. */
	g_assert_true(g_file_set_contents(saved, good, len, NULL));
	VipsImage *ok = pl_preview_load(saved);
	g_assert_nonnull(ok);
	g_object_unref(ok);
}

static void test_strict_decode_refuses_truncated(Fixture *fx, gconstpointer data)
{
	(void)data;
	g_autofree char *jpg = original_new(fx->dir, 1600, 1200, 3);
	g_autofree char *text = NULL;
	gsize len = 0;
	g_assert_true(g_file_get_contents(jpg, &text, &len, NULL));
	g_assert_true(g_file_set_contents(jpg, text, len / 2, NULL));
	VipsImage *out = NULL;
	g_autoptr(GError) error = NULL;
	/* libvips also warns from its worker thread; that is not the failure. */
	g_log_set_always_fatal(G_LOG_FATAL_MASK);
	g_log_set_fatal_mask("VIPS", G_LOG_FATAL_MASK);
	g_assert_cmpint(pl_preview_decode(jpg, TRUE, &out, &error), ==, -1);
	g_assert_null(out);
	g_assert_nonnull(strstr(error->message, jpg));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	if (VIPS_INIT(argv[0]))
		vips_error_exit(NULL);
	g_test_add("/preview/round-trip", Fixture, NULL, tmpdir_setup, test_round_trip,
		   tmpdir_teardown);
	g_test_add("/preview/damage-refused", Fixture, NULL, tmpdir_setup, test_damage_refused,
		   tmpdir_teardown);
	g_test_add("/preview/strict-decode-refuses-truncated", Fixture, NULL, tmpdir_setup,
		   test_strict_decode_refuses_truncated, tmpdir_teardown);
	int rc = g_test_run();
	vips_shutdown();
	return rc;
}

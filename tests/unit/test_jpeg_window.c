/* A JPEG decoded in a window has, inside the window, exactly the pixels of
 * the whole decoding, with the same size and metadata, and black where
 * nothing was decoded; what it cannot decode it leaves to vips' loader. */
#include <glib/gstdio.h>
#include <string.h>
#include <vips/vips.h>

#include "pipeline/jpeg_window.h"
#include "tmpdir-fixture.h"

/* Noise over a gradient, so that blocks, chroma and rows all differ. */
static char *original_new(const char *dir, const char *name, int w, int h, int bands,
			  const char *options)
{
	VipsImage *noise = NULL, *ramp = NULL, *sum = NULL, *x = NULL, *cast = NULL;
	g_assert_cmpint(vips_gaussnoise(&noise, w, h, "mean", 0.0, "sigma", 30.0, NULL), ==, 0);
	g_assert_cmpint(vips_xyz(&ramp, w, h, NULL), ==, 0);
	VipsImage *xy[2] = { NULL, NULL };
	g_assert_cmpint(vips_extract_band(ramp, &xy[0], 0, NULL), ==, 0);
	g_assert_cmpint(vips_add(xy[0], noise, &sum, NULL), ==, 0);
	if (bands == 3) {
		g_assert_cmpint(vips_extract_band(ramp, &xy[1], 1, NULL), ==, 0);
		VipsImage *in[3] = { sum, xy[1], noise };
		g_assert_cmpint(vips_bandjoin(in, &x, 3, NULL), ==, 0);
	} else {
		x = g_object_ref(sum);
	}
	g_assert_cmpint(vips_cast(x, &cast, VIPS_FORMAT_UCHAR, NULL), ==, 0);
	char *path = g_build_filename(dir, name, NULL);
	g_autofree char *target = g_strdup_printf("%s%s", path, options);
	g_assert_cmpint(vips_image_write_to_file(cast, target, NULL), ==, 0);
	VipsImage *all[] = { noise, ramp, sum, x, cast, xy[0], xy[1] };
	for (size_t i = 0; i < G_N_ELEMENTS(all); i++)
		if (all[i])
			g_object_unref(all[i]);
	return path;
}

static VipsImage *whole_decode(const char *path)
{
	VipsImage *im = vips_image_new_from_file(path, NULL);
	g_assert_nonnull(im);
	VipsImage *mem = vips_image_copy_memory(im);
	g_object_unref(im);
	g_assert_nonnull(mem);
	return mem;
}

/* Inside win: the whole decoding's pixels; beyond 64 pixels around it,
 * black. */
static void assert_window(const char *path, VipsImage *whole, VipsRect win)
{
	VipsImage *im = NULL;
	g_assert_cmpint(pl_jpeg_window_open(path, &win, &im), ==, 0);
	g_assert_cmpint(im->Xsize, ==, whole->Xsize);
	g_assert_cmpint(im->Ysize, ==, whole->Ysize);
	g_assert_cmpint(im->Bands, ==, whole->Bands);
	g_assert_cmpint(im->Type, ==, whole->Type);
	VipsImage *mem = vips_image_copy_memory(im);
	g_assert_nonnull(mem);
	size_t pel = VIPS_IMAGE_SIZEOF_PEL(mem);
	for (int y = 0; y < mem->Ysize; y++) {
		gboolean in_rows = y >= win.top && y < VIPS_RECT_BOTTOM(&win);
		if (in_rows)
			g_assert_cmpmem(VIPS_IMAGE_ADDR(mem, win.left, y), win.width * pel,
					VIPS_IMAGE_ADDR(whole, win.left, y), win.width * pel);
		for (int x = 0; x < mem->Xsize; x++) {
			gboolean near = y >= win.top - 64 && y < VIPS_RECT_BOTTOM(&win) + 64 &&
					x >= win.left - 64 && x < VIPS_RECT_RIGHT(&win) + 64;
			if (near)
				continue;
			const VipsPel *p = VIPS_IMAGE_ADDR(mem, x, y);
			for (size_t b = 0; b < pel; b++)
				g_assert_cmpint(p[b], ==, 0);
		}
	}
	g_object_unref(mem);
	g_object_unref(im);
}

static void test_same_pixels(Fixture *fx, gconstpointer data)
{
	(void)data;
	static const struct {
		const char *name, *options;
		int bands;
	} kinds[] = {
		{ "c420.jpg", "[Q=85,subsample_mode=on]", 3 },
		{ "c444.jpg", "[Q=92,subsample_mode=off]", 3 },
		{ "grey.jpg", "[Q=90]", 1 },
	};
	/* Windows at odd places, on every edge, the whole image, one pixel. */
	static const VipsRect windows[] = {
		{ 37, 51, 301, 203 }, { 0, 0, 64, 48 },	   { 410, 290, 107, 99 },
		{ 0, 100, 517, 33 },  { 200, 0, 17, 389 }, { 0, 0, 517, 389 },
		{ 255, 199, 1, 1 },   { 16, 16, 32, 32 },
	};
	for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++) {
		g_autofree char *path = original_new(fx->dir, kinds[k].name, 517, 389, kinds[k].bands,
						     kinds[k].options);
		VipsImage *whole = whole_decode(path);
		for (size_t i = 0; i < G_N_ELEMENTS(windows); i++)
			assert_window(path, whole, windows[i]);
		g_object_unref(whole);
	}
}

static void test_metadata_kept(Fixture *fx, gconstpointer data)
{
	(void)data;
	g_autofree char *path =
		original_new(fx->dir, "icc.jpg", 300, 200, 3, "[Q=90,profile=srgb,subsample_mode=on]");
	VipsImage *whole = vips_image_new_from_file(path, NULL);
	VipsImage *im = NULL;
	VipsRect win = { 10, 10, 100, 100 };
	g_assert_cmpint(pl_jpeg_window_open(path, &win, &im), ==, 0);
	g_assert_true(vips_image_get_typeof(whole, VIPS_META_ICC_NAME));
	g_assert_true(vips_image_get_typeof(im, VIPS_META_ICC_NAME));
	const char *a = NULL, *b = NULL;
	g_assert_cmpint(vips_image_get_string(im, "jpeg-chroma-subsample", &a), ==, 0);
	g_assert_cmpint(vips_image_get_string(whole, "jpeg-chroma-subsample", &b), ==, 0);
	g_assert_cmpstr(a, ==, b);
	g_assert_cmpfloat(im->Xres, ==, whole->Xres);
	g_object_unref(im);
	g_object_unref(whole);
}

static void test_left_to_vips(Fixture *fx, gconstpointer data)
{
	(void)data;
	VipsRect win = { 10, 10, 50, 50 };
	VipsImage *im = NULL;
	g_autofree char *progressive =
		original_new(fx->dir, "prog.jpg", 200, 150, 3, "[Q=90,interlace=true]");
	g_assert_cmpint(pl_jpeg_window_open(progressive, &win, &im), ==, 1);
	g_assert_null(im);
	g_autofree char *png = original_new(fx->dir, "plain.png", 200, 150, 3, "");
	g_assert_cmpint(pl_jpeg_window_open(png, &win, &im), ==, 1);
	g_assert_null(im);
	g_autofree char *missing = g_build_filename(fx->dir, "missing.jpg", NULL);
	g_assert_cmpint(pl_jpeg_window_open(missing, &win, &im), ==, -1);
	vips_error_clear();
}

/* A file cut short inside the window fails; the header alone opens. */
static void test_truncated_fails(Fixture *fx, gconstpointer data)
{
	(void)data;
	g_autofree char *path = original_new(fx->dir, "cut.jpg", 400, 300, 3, "[Q=90]");
	g_autofree char *bytes = NULL;
	gsize len = 0;
	g_assert_true(g_file_get_contents(path, &bytes, &len, NULL));
	g_assert_true(g_file_set_contents(path, bytes, len / 2, NULL));
	VipsRect win = { 0, 0, 400, 300 };
	VipsImage *im = NULL;
	g_assert_cmpint(pl_jpeg_window_open(path, &win, &im), ==, 0);
	/* vips also warns of the tile that failed */
	g_log_set_always_fatal(G_LOG_FATAL_MASK);
	g_log_set_fatal_mask("VIPS", G_LOG_FATAL_MASK);
	VipsImage *mem = vips_image_copy_memory(im);
	g_assert_null(mem);
	g_assert_nonnull(strstr(vips_error_buffer(), "cut short"));
	g_assert_nonnull(strstr(vips_error_buffer(), "cut.jpg"));
	vips_error_clear();
	g_object_unref(im);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	if (VIPS_INIT(argv[0]))
		vips_error_exit(NULL);
	g_test_add("/jpeg-window/same-pixels", Fixture, NULL, tmpdir_setup, test_same_pixels,
		   tmpdir_teardown);
	g_test_add("/jpeg-window/metadata-kept", Fixture, NULL, tmpdir_setup, test_metadata_kept,
		   tmpdir_teardown);
	g_test_add("/jpeg-window/left-to-vips", Fixture, NULL, tmpdir_setup, test_left_to_vips,
		   tmpdir_teardown);
	g_test_add("/jpeg-window/truncated-fails", Fixture, NULL, tmpdir_setup,
		   test_truncated_fails, tmpdir_teardown);
	int rc = g_test_run();
	vips_shutdown();
	return rc;
}

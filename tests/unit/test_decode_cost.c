/* What decoding a file will take, read from its header: the files that
 * cannot be decoded a strip at a time are found, and sized as their
 * decoders size their buffers; the others cost nothing extra. */
#include <string.h>
#include <vips/vips.h>

#include "pipeline/decode_cost.h"
#include "tmpdir-fixture.h"

/* A small colour image saved as name[options] in dir. */
static char *saved(const char *dir, const char *name, const char *options, int w, int h)
{
	VipsImage *x = NULL, *band = NULL, *grey = NULL, *rgb = NULL;
	g_assert_cmpint(vips_xyz(&x, w, h, NULL), ==, 0);
	g_assert_cmpint(vips_extract_band(x, &band, 0, NULL), ==, 0);
	g_assert_cmpint(vips_linear1(band, &grey, 1.0, 10.0, "uchar", TRUE, NULL), ==, 0);
	VipsImage *in[3] = { grey, grey, grey };
	g_assert_cmpint(vips_bandjoin(in, &rgb, 3, NULL), ==, 0);
	char *path = g_build_filename(dir, name, NULL);
	g_autofree char *target = g_strdup_printf("%s%s", path, options);
	g_assert_cmpint(vips_image_write_to_file(rgb, target, NULL), ==, 0);
	g_object_unref(x);
	g_object_unref(band);
	g_object_unref(grey);
	g_object_unref(rgb);
	return path;
}

static void cost_of(const char *path, PlDecodeCost *cost)
{
	VipsImage *head = vips_image_new_from_file(path, "access", VIPS_ACCESS_SEQUENTIAL, NULL);
	g_assert_nonnull(head);
	pl_decode_cost(path, head, cost);
	g_object_unref(head);
}

static void test_jpeg(Fixture *fx, gconstpointer data)
{
	(void)data;
	PlDecodeCost cost;
	g_autofree char *baseline = saved(fx->dir, "b.jpg", "[Q=80]", 640, 480);
	cost_of(baseline, &cost);
	g_assert_cmpint(cost.bytes, ==, 0);
	/* 4:2:0: 80 x 60 blocks of luma and 40 x 30 of each chroma, 128 bytes
	 * a block of coefficients. */
	g_autofree char *progressive = saved(fx->dir, "p.jpg", "[Q=80,interlace]", 640, 480);
	cost_of(progressive, &cost);
	g_assert_cmpint(cost.bytes, ==, (80 * 60 + 2 * 40 * 30) * 128);
	g_assert_cmpstr(cost.kind, ==, "a progressive JPEG");
	/* 4:4:4, sizes that are not whole blocks: 41 x 26 blocks, three times */
	g_autofree char *odd = saved(fx->dir, "o.jpg", "[Q=95,interlace,subsample-mode=off]", 321, 201);
	cost_of(odd, &cost);
	g_assert_cmpint(cost.bytes, ==, 3 * 41 * 26 * 128);
}

static void test_png(Fixture *fx, gconstpointer data)
{
	(void)data;
	PlDecodeCost cost;
	g_autofree char *plain = saved(fx->dir, "p.png", "", 300, 200);
	cost_of(plain, &cost);
	g_assert_cmpint(cost.bytes, ==, 0);
	g_autofree char *interlaced = saved(fx->dir, "i.png", "[interlace]", 300, 200);
	cost_of(interlaced, &cost);
	g_assert_cmpint(cost.bytes, ==, 300 * 200 * 3);
	g_assert_cmpstr(cost.kind, ==, "an interlaced PNG");
}

static void test_webp(Fixture *fx, gconstpointer data)
{
	(void)data;
	PlDecodeCost cost;
	g_autofree char *webp = saved(fx->dir, "w.webp", "", 300, 200);
	cost_of(webp, &cost);
	g_assert_cmpint(cost.bytes, ==, 300 * 200 * 8);
}

static void test_tiff(Fixture *fx, gconstpointer data)
{
	(void)data;
	PlDecodeCost cost;
	g_autofree char *strips = saved(fx->dir, "s.tif", "[compression=deflate,tile-height=64]", 300, 200);
	cost_of(strips, &cost);
	g_assert_cmpint(cost.bytes, ==, 0);
	/* A row of tiles, about three times over. */
	g_autofree char *tiled = saved(fx->dir, "t.tif", "[tile,tile-width=128,tile-height=128]", 300, 200);
	cost_of(tiled, &cost);
	g_assert_cmpint(cost.bytes, ==, 3 * 300 * 3 * 128);
	g_assert_cmpstr(cost.kind, ==, "a TIFF in tiles of 128 x 128");
	/* A JPEG-compressed strip is read whole, about six times over. */
	g_autofree char *jpeg = saved(fx->dir, "j.tif", "[compression=jpeg,tile-height=64]", 300, 200);
	cost_of(jpeg, &cost);
	g_assert_cmpint(cost.bytes, ==, 6 * 300 * 3 * 64);
}

static void test_jpeg2000(Fixture *fx, gconstpointer data)
{
	(void)data;
	PlDecodeCost cost;
	g_autofree char *tiled = saved(fx->dir, "t.jp2", "[tile-width=128,tile-height=128]", 300, 200);
	cost_of(tiled, &cost);
	/* A tile of 32-bit samples, and two rows of tiles. */
	g_assert_cmpint(cost.bytes, ==, 128 * 128 * 3 * 4 + 2 * 300 * 128 * 3);
	g_assert_cmpstr(cost.kind, ==, "a JPEG 2000 in tiles of 128 x 128");
	g_autofree char *one = saved(fx->dir, "o.jp2", "[tile-width=300,tile-height=200]", 300, 200);
	cost_of(one, &cost);
	g_assert_cmpint(cost.bytes, ==, 300 * 200 * 3);
	g_assert_cmpstr(cost.kind, ==, "a JPEG 2000 in a single tile");
}

static void test_siz(void)
{
	/* SOC, SIZ for 1000 x 700 from (10, 20), tiles of 256 from (0, 0), 3 components of 12 bits */
	const guint8 cs[] = {
		0xff, 0x4f, 0xff, 0x51, 0x00, 0x2f, 0x00, 0x00,
		0x00, 0x00, 0x03, 0xf2, 0x00, 0x00, 0x02, 0xd0, /* Xsiz 1010, Ysiz 720 */
		0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x14, /* XOsiz 10, YOsiz 20 */
		0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, /* XTsiz, YTsiz 256 */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* XTOsiz, YTOsiz 0 */
		0x00, 0x03, 0x0b, 0x01, 0x01, 0x0b, 0x01, 0x01, 0x0b, 0x01, 0x01,
	};
	PlJ2kSiz siz;
	g_assert_cmpint(pl_j2k_parse_siz(cs, sizeof cs, &siz), ==, 0);
	g_assert_cmpint(siz.width, ==, 1000);
	g_assert_cmpint(siz.height, ==, 700);
	g_assert_cmpint(siz.tile_w, ==, 256);
	g_assert_cmpint(siz.tiles, ==, 4 * 3); /* ceil(1010 / 256) x ceil(720 / 256) */
	g_assert_cmpint(siz.components, ==, 3);
	g_assert_cmpint(siz.precision, ==, 12);
	/* Cut short, not a codestream, tiles of nothing: refused. */
	g_assert_cmpint(pl_j2k_parse_siz(cs, 30, &siz), ==, -1);
	guint8 bad[sizeof cs];
	memcpy(bad, cs, sizeof cs);
	bad[1] = 0xd8;
	g_assert_cmpint(pl_j2k_parse_siz(bad, sizeof bad, &siz), ==, -1);
	memcpy(bad, cs, sizeof cs);
	bad[26] = bad[27] = 0;
	g_assert_cmpint(pl_j2k_parse_siz(bad, sizeof bad, &siz), ==, -1);
}

static void test_check_message(Fixture *fx, gconstpointer data)
{
	(void)data;
	g_autofree char *progressive = saved(fx->dir, "p.jpg", "[Q=80,interlace]", 640, 480);
	VipsImage *head = vips_image_new_from_file(progressive, NULL);
	g_autoptr(GError) error = NULL;
	g_assert_cmpint(pl_decode_check(progressive, head, 0, NULL), ==, 0);      /* no limit */
	g_assert_cmpint(pl_decode_check(progressive, head, 1000000, NULL), ==, 0); /* under */
	g_assert_cmpint(pl_decode_check(progressive, head, 500000, &error), ==, -1);
	g_assert_cmpstr(error->message, ==,
			"too large to decode: as a progressive JPEG, these 640 x 480 pixels would "
			"take about 922 kB of memory at once; the limit is 500 kB ([limits] "
			"decode-memory in planche.conf)");
	g_object_unref(head);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	if (VIPS_INIT(argv[0]))
		vips_error_exit(NULL);
#define ADD(name, fn) g_test_add("/decode-cost/" name, Fixture, NULL, tmpdir_setup, fn, tmpdir_teardown)
	ADD("jpeg", test_jpeg);
	ADD("png", test_png);
	ADD("webp", test_webp);
	ADD("tiff", test_tiff);
	ADD("jpeg2000", test_jpeg2000);
	ADD("check-message", test_check_message);
	g_test_add_func("/decode-cost/siz", test_siz);
	int rc = g_test_run();
	vips_shutdown();
	return rc;
}

/* EXIF of originals, read with libexif from whatever format libvips loads. */
#include <glib/gstdio.h>
#include <locale.h>
#include <tiffio.h>
#include <vips/vips.h>

#include "collection/exif.h"

static char *write_scan(const char *dir, const char *name)
{
	char *path = g_build_filename(dir, name, NULL);
	VipsImage *img = NULL;
	g_assert_cmpint(vips_black(&img, 64, 48, "bands", 3, NULL), ==, 0);
	/* libvips rebuilds the EXIF block from these fields when it saves. */
	VipsImage *copy = NULL;
	g_assert_cmpint(vips_copy(img, &copy, NULL), ==, 0);
	vips_image_set_string(copy, "exif-ifd0-Make", "Epson");
	vips_image_set_string(copy, "exif-ifd0-Model", "Perfection V850");
	vips_image_set_string(copy, "exif-ifd0-Artist", "Honore Daumier");
	vips_image_set_string(copy, "exif-ifd0-Copyright", "Public domain");
	vips_image_set_string(copy, "exif-ifd0-ImageDescription", "Les Gens de justice");
	vips_image_set_string(copy, "exif-ifd0-DateTime", "2024:03:02 10:11:12");
	vips_image_set_int(copy, "orientation", 6);
	copy->Xres = 600 / 25.4;
	copy->Yres = 600 / 25.4;
	g_assert_cmpint(vips_image_write_to_file(copy, path, NULL), ==, 0);
	g_object_unref(copy);
	g_object_unref(img);
	return path;
}

/* TIFF keeps resolution and orientation as baseline tags: libvips reads
 * those; libvips writes no descriptive tags into a TIFF (a scanner's are
 * read in test_tiff_scanner_tags). (libvips 8.14 writes no descriptive
 * EXIF or orientation into a PNG.) */
static void check(const char *name, gboolean descriptive, gboolean orientation)
{
	g_autofree char *dir = g_dir_make_tmp("planche-exif-XXXXXX", NULL);
	g_autofree char *path = write_scan(dir, name);
	VipsImage *img = vips_image_new_from_file(path, NULL);
	g_assert_nonnull(img);
	CatalogItem *item = catalog_item_new();
	pl_exif_read(img, item);
	if (orientation)
		g_assert_cmpint(item->exif_orientation, ==, 6);
	double per_inch = g_strcmp0(item->exif_resolution_unit, "Centimeter") == 0 ? 2.54 : 1.0;
	g_assert_cmpfloat_with_epsilon(item->exif_x_resolution * per_inch, 600, 0.5);
	if (!descriptive)
		goto done;
	g_assert_cmpstr(item->exif_make, ==, "Epson");
	g_assert_cmpstr(item->exif_model, ==, "Perfection V850");
	g_assert_cmpstr(item->exif_artist, ==, "Honore Daumier");
	g_assert_cmpstr(item->exif_copyright, ==, "Public domain");
	g_assert_cmpstr(item->exif_description, ==, "Les Gens de justice");
	g_assert_cmpstr(item->exif_datetime, ==, "2024:03:02 10:11:12");
done:
	catalog_item_free(item);
	g_object_unref(img);
	g_unlink(path);
	g_rmdir(dir);
}

static void test_jpeg(void) { check("scan.jpg", TRUE, TRUE); }
static void test_tiff(void) { check("scan.tif", FALSE, TRUE); }
static void test_png(void) { check("scan.png", FALSE, FALSE); }
static void test_webp(void) { check("scan.webp", TRUE, TRUE); }

/* A scanner's TIFF: its make, model and the rest as baseline tags, which
 * is where scanners put them (written here with libtiff, as libvips does
 * not write them). */
static void test_tiff_scanner_tags(void)
{
	g_autofree char *dir = g_dir_make_tmp("planche-exif-XXXXXX", NULL);
	g_autofree char *path = g_build_filename(dir, "scanner.tif", NULL);
	TIFF *tif = TIFFOpen(path, "w");
	g_assert_nonnull(tif);
	TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, 16);
	TIFFSetField(tif, TIFFTAG_IMAGELENGTH, 8);
	TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 1);
	TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 8);
	TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
	TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
	TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, 8);
	TIFFSetField(tif, TIFFTAG_MAKE, "Epson");
	TIFFSetField(tif, TIFFTAG_MODEL, "Expression 12000XL");
	TIFFSetField(tif, TIFFTAG_ARTIST, "Grandville");
	TIFFSetField(tif, TIFFTAG_COPYRIGHT, "Public domain");
	TIFFSetField(tif, TIFFTAG_IMAGEDESCRIPTION, "Un autre monde, pl. 12");
	TIFFSetField(tif, TIFFTAG_DATETIME, "2025:11:02 09:08:07");
	guchar row[16] = { 0 };
	for (int y = 0; y < 8; y++)
		g_assert_cmpint(TIFFWriteScanline(tif, row, (guint32)y, 0), ==, 1);
	TIFFClose(tif);

	VipsImage *img = vips_image_new_from_file(path, NULL);
	g_assert_nonnull(img);
	CatalogItem *item = catalog_item_new();
	pl_exif_read(img, item);
	g_assert_cmpstr(item->exif_make, ==, "Epson");
	g_assert_cmpstr(item->exif_model, ==, "Expression 12000XL");
	g_assert_cmpstr(item->exif_artist, ==, "Grandville");
	g_assert_cmpstr(item->exif_copyright, ==, "Public domain");
	g_assert_cmpstr(item->exif_description, ==, "Un autre monde, pl. 12");
	g_assert_cmpstr(item->exif_datetime, ==, "2025:11:02 09:08:07");
	catalog_item_free(item);
	g_object_unref(img);
	g_unlink(path);
	g_rmdir(dir);
}

static void test_no_exif(void)
{
	VipsImage *img = NULL;
	g_assert_cmpint(vips_black(&img, 8, 8, NULL), ==, 0);
	CatalogItem *item = catalog_item_new();
	pl_exif_read(img, item);
	g_assert_null(item->exif_make);
	g_assert_cmpint(item->exif_orientation, ==, 0);
	catalog_item_free(item);
	g_object_unref(img);
}

/* libexif's text of a tag is in the user's language ("pouces" for Inch
 * under fr_FR): what the catalogue keeps must not be. */
static void test_locale(void)
{
	static const char *const names[] = { "fr_FR.UTF-8", "de_DE.UTF-8", NULL };
	g_autofree char *before = g_strdup(setlocale(LC_ALL, NULL));
	const char *got = NULL;
	for (int i = 0; names[i] && !got; i++)
		got = setlocale(LC_ALL, names[i]);
	if (!got) {
		g_test_skip("neither fr_FR.UTF-8 nor de_DE.UTF-8 is installed");
		return;
	}
	g_autofree char *dir = g_dir_make_tmp("planche-exif-XXXXXX", NULL);
	g_autofree char *path = write_scan(dir, "scan.jpg");
	VipsImage *img = vips_image_new_from_file(path, NULL);
	g_assert_nonnull(img);
	CatalogItem *item = catalog_item_new();
	pl_exif_read(img, item);
	g_assert_true(g_strcmp0(item->exif_resolution_unit, "Inch") == 0 ||
		      g_strcmp0(item->exif_resolution_unit, "Centimeter") == 0);
	g_assert_cmpstr(item->exif_make, ==, "Epson");
	catalog_item_free(item);
	g_object_unref(img);
	g_unlink(path);
	g_rmdir(dir);
	setlocale(LC_ALL, before);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	if (VIPS_INIT(argv[0]))
		return 1;
	g_test_add_func("/exif/jpeg", test_jpeg);
	g_test_add_func("/exif/tiff", test_tiff);
	g_test_add_func("/exif/tiff-scanner-tags", test_tiff_scanner_tags);
	g_test_add_func("/exif/png", test_png);
	g_test_add_func("/exif/webp", test_webp);
	g_test_add_func("/exif/none", test_no_exif);
	g_test_add_func("/exif/locale", test_locale);
	int rc = g_test_run();
	vips_shutdown();
	return rc;
}

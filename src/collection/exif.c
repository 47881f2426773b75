#include "collection/exif.h"

#include <libexif/exif-data.h>
#include <stdarg.h>
#include <string.h>
#include <tiffio.h>

/* The bytes of a text tag, not libexif's text form of it: that one is
 * translated into the user's language ("pouces" for "Inch" under fr_FR), and
 * the catalogue must not depend on the locale. */
static char *entry_text(ExifData *data, ExifIfd ifd, ExifTag tag)
{
	ExifEntry *e = exif_content_get_entry(data->ifd[ifd], tag);
	if (!e || e->format != EXIF_FORMAT_ASCII || !e->data || !e->size)
		return NULL;
	g_autofree char *buf = g_strndup((const char *)e->data, e->size);
	g_strstrip(buf);
	if (!*buf)
		return NULL;
	/* EXIF strings are often Latin-1 or padded with junk; keep only valid text. */
	return g_utf8_make_valid(buf, -1);
}

/* ResolutionUnit, named as read_header names it. */
static char *resolution_unit(ExifData *data)
{
	static const char *const units[] = { NULL, NULL, "Inch", "Centimeter", "Millimeter",
					     "Micrometer" };
	ExifEntry *e = exif_content_get_entry(data->ifd[EXIF_IFD_0], EXIF_TAG_RESOLUTION_UNIT);
	if (!e || e->format != EXIF_FORMAT_SHORT || e->components < 1 || !e->data)
		return NULL;
	ExifShort v = exif_get_short(e->data, exif_data_get_byte_order(data));
	return v < G_N_ELEMENTS(units) ? g_strdup(units[v]) : NULL;
}

/* Copyright holds "photographer\0editor\0"; libexif's text form decorates
 * it, so the raw parts are joined instead. */
static char *copyright_text(ExifData *data)
{
	ExifEntry *e = exif_content_get_entry(data->ifd[EXIF_IFD_0], EXIF_TAG_COPYRIGHT);
	if (!e || e->format != EXIF_FORMAT_ASCII || !e->data || !e->size)
		return NULL;
	g_autofree char *raw = g_strndup((const char *)e->data, e->size);
	const char *editor = NULL;
	size_t first = strlen(raw);
	if (first + 1 < e->size)
		editor = raw + first + 1;
	g_autofree char *joined = editor && *g_strstrip((char *)editor) && strcmp(editor, " ") != 0
		? g_strdup_printf("%s; %s", g_strstrip(raw), editor) : g_strdup(g_strstrip(raw));
	if (!*joined)
		return NULL;
	return g_utf8_make_valid(joined, -1);
}

static double rational(ExifData *data, ExifIfd ifd, ExifTag tag)
{
	ExifEntry *e = exif_content_get_entry(data->ifd[ifd], tag);
	if (!e || e->format != EXIF_FORMAT_RATIONAL || e->components < 1)
		return 0;
	ExifRational r = exif_get_rational(e->data, exif_data_get_byte_order(data));
	return r.denominator ? (double)r.numerator / r.denominator : 0;
}

/* What libvips reads of any format: resolution and orientation. TIFF keeps
 * them as baseline tags rather than in an EXIF block. */
static void read_header(VipsImage *image, CatalogItem *item)
{
	const char *unit = NULL;
	gboolean inches = vips_image_get_typeof(image, "resolution-unit") &&
			  vips_image_get_string(image, "resolution-unit", &unit) == 0 &&
			  g_strcmp0(unit, "in") == 0;
	if (image->Xres > 1 && image->Yres > 1) {
		/* libvips keeps pixels per millimetre; EXIF says per inch or per
		 * centimetre. */
		const double mm_per_inch = 25.4, mm_per_cm = 10.0;
		double scale = inches ? mm_per_inch : mm_per_cm;
		item->exif_x_resolution = image->Xres * scale;
		item->exif_y_resolution = image->Yres * scale;
		item->exif_resolution_unit = g_strdup(inches ? "Inch" : "Centimeter");
	}
	int orientation = 0;
	if (vips_image_get_typeof(image, VIPS_META_ORIENTATION) &&
	    vips_image_get_int(image, VIPS_META_ORIENTATION, &orientation) == 0 && orientation > 1)
		item->exif_orientation = orientation;
}

static int tiff_quiet(TIFF *tif, void *user_data, const char *module, const char *fmt,
		      va_list ap)
{
	(void)tif, (void)user_data, (void)module, (void)fmt, (void)ap;
	return 1; /* handled: a damaged tag costs a field, not a message */
}

static void tiff_text(TIFF *tif, ttag_t tag, char **field)
{
	const char *text = NULL;
	if (!*field && TIFFGetField(tif, tag, &text) == 1 && text && *text) {
		*field = g_utf8_make_valid(text, -1);
		g_strstrip(*field);
	}
}

/* A scanner writes its make and model, and often the software, date and
 * description, as TIFF baseline tags, which neither libexif nor libvips
 * reads: libtiff does, with its messages kept to itself (libvips has the
 * library's global handlers). Fields an EXIF block gave are kept. */
static void read_tiff_tags(VipsImage *image, CatalogItem *item)
{
	const char *loader = NULL;
	if (!image->filename || !vips_image_get_typeof(image, VIPS_META_LOADER) ||
	    vips_image_get_string(image, VIPS_META_LOADER, &loader) ||
	    !g_str_has_prefix(loader, "tiffload"))
		return;
	TIFFOpenOptions *opts = TIFFOpenOptionsAlloc();
	TIFFOpenOptionsSetErrorHandlerExtR(opts, tiff_quiet, NULL);
	TIFFOpenOptionsSetWarningHandlerExtR(opts, tiff_quiet, NULL);
	TIFF *tif = TIFFOpenExt(image->filename, "r", opts);
	TIFFOpenOptionsFree(opts);
	if (!tif)
		return;
	tiff_text(tif, TIFFTAG_MAKE, &item->exif_make);
	tiff_text(tif, TIFFTAG_MODEL, &item->exif_model);
	tiff_text(tif, TIFFTAG_ARTIST, &item->exif_artist);
	tiff_text(tif, TIFFTAG_COPYRIGHT, &item->exif_copyright);
	tiff_text(tif, TIFFTAG_IMAGEDESCRIPTION, &item->exif_description);
	tiff_text(tif, TIFFTAG_DATETIME, &item->exif_datetime);
	TIFFClose(tif);
}

void pl_exif_read(VipsImage *image, CatalogItem *item)
{
	const void *blob = NULL;
	size_t len = 0;
	/* An EXIF block starts "Exif\0\0": anything shorter holds no tag. */
	const size_t exif_header_len = 6;
	read_header(image, item);
	if (vips_image_get_typeof(image, VIPS_META_EXIF_NAME) == 0 ||
	    vips_image_get_blob(image, VIPS_META_EXIF_NAME, &blob, &len) != 0 ||
	    len < exif_header_len) {
		read_tiff_tags(image, item);
		return;
	}
	ExifData *data = exif_data_new_from_data(blob, (unsigned int)len);
	if (!data)
		return;
	item->exif_datetime = entry_text(data, EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL);
	if (!item->exif_datetime)
		item->exif_datetime = entry_text(data, EXIF_IFD_0, EXIF_TAG_DATE_TIME);
	item->exif_make = entry_text(data, EXIF_IFD_0, EXIF_TAG_MAKE);
	item->exif_model = entry_text(data, EXIF_IFD_0, EXIF_TAG_MODEL);
	item->exif_artist = entry_text(data, EXIF_IFD_0, EXIF_TAG_ARTIST);
	item->exif_copyright = copyright_text(data);
	item->exif_description = entry_text(data, EXIF_IFD_0, EXIF_TAG_IMAGE_DESCRIPTION);
	double xres = rational(data, EXIF_IFD_0, EXIF_TAG_X_RESOLUTION);
	if (xres > 0) {
		item->exif_x_resolution = xres;
		item->exif_y_resolution = rational(data, EXIF_IFD_0, EXIF_TAG_Y_RESOLUTION);
		g_free(item->exif_resolution_unit);
		item->exif_resolution_unit = resolution_unit(data);
	}
	ExifEntry *o = exif_content_get_entry(data->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
	if (o && o->format == EXIF_FORMAT_SHORT && o->components >= 1)
		item->exif_orientation = exif_get_short(o->data, exif_data_get_byte_order(data));
	exif_data_unref(data);
	read_tiff_tags(image, item);
}

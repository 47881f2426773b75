#include "exif.h"

#include <libexif/exif-data.h>
#include <string.h>

static char *entry_text(ExifData *data, ExifIfd ifd, ExifTag tag)
{
	ExifEntry *e = exif_content_get_entry(data->ifd[ifd], tag);
	if (!e)
		return NULL;
	char buf[1024];
	exif_entry_get_value(e, buf, sizeof buf);
	g_strstrip(buf);
	if (!*buf)
		return NULL;
	/* EXIF strings are often Latin-1 or padded with junk; keep only valid text. */
	return g_utf8_make_valid(buf, -1);
}

static double rational(ExifData *data, ExifIfd ifd, ExifTag tag)
{
	ExifEntry *e = exif_content_get_entry(data->ifd[ifd], tag);
	if (!e || e->format != EXIF_FORMAT_RATIONAL || e->components < 1)
		return 0;
	ExifRational r = exif_get_rational(e->data, exif_data_get_byte_order(data));
	return r.denominator ? (double)r.numerator / r.denominator : 0;
}

void pl_exif_read(VipsImage *image, CatalogItem *item)
{
	const void *blob = NULL;
	size_t len = 0;
	if (vips_image_get_typeof(image, VIPS_META_EXIF_NAME) == 0 ||
	    vips_image_get_blob(image, VIPS_META_EXIF_NAME, &blob, &len) != 0 || len < 6)
		return;
	ExifData *data = exif_data_new_from_data(blob, (unsigned int)len);
	if (!data)
		return;
	item->exif_datetime = entry_text(data, EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL);
	if (!item->exif_datetime)
		item->exif_datetime = entry_text(data, EXIF_IFD_0, EXIF_TAG_DATE_TIME);
	item->exif_make = entry_text(data, EXIF_IFD_0, EXIF_TAG_MAKE);
	item->exif_model = entry_text(data, EXIF_IFD_0, EXIF_TAG_MODEL);
	item->exif_artist = entry_text(data, EXIF_IFD_0, EXIF_TAG_ARTIST);
	item->exif_copyright = entry_text(data, EXIF_IFD_0, EXIF_TAG_COPYRIGHT);
	item->exif_description = entry_text(data, EXIF_IFD_0, EXIF_TAG_IMAGE_DESCRIPTION);
	item->exif_resolution_unit = entry_text(data, EXIF_IFD_0, EXIF_TAG_RESOLUTION_UNIT);
	item->exif_x_resolution = rational(data, EXIF_IFD_0, EXIF_TAG_X_RESOLUTION);
	item->exif_y_resolution = rational(data, EXIF_IFD_0, EXIF_TAG_Y_RESOLUTION);
	ExifEntry *o = exif_content_get_entry(data->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
	if (o && o->format == EXIF_FORMAT_SHORT && o->components >= 1)
		item->exif_orientation = exif_get_short(o->data, exif_data_get_byte_order(data));
	exif_data_unref(data);
}

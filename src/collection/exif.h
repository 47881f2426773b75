/* Reading the EXIF that matters for a scan, with libexif. */
#ifndef PLANCHE_EXIF_H
#define PLANCHE_EXIF_H

#include <vips/vips.h>

#include "collection/catalog.h"

/* Fills item->exif_* from the image's EXIF block, if it has one. */
void pl_exif_read(VipsImage *image, CatalogItem *item);

#endif

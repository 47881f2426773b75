/* A JPEG decoded only where the master will come from. Once the steps have
 * decided on the preview, the full-resolution pass needs a window of the
 * original: libjpeg-turbo can skip the inverse DCT and colour conversion of
 * the rows above it (jpeg_skip_scanlines) and of the columns beside it
 * (jpeg_crop_scanline), and never reads the rows below it. */
#ifndef PLANCHE_JPEG_WINDOW_H
#define PLANCHE_JPEG_WINDOW_H

#include <vips/vips.h>

/* Opens path as an image of the original's full size and metadata whose
 * pixels are the original's inside window (and up to 64 pixels around it)
 * and black elsewhere, for sequential access. Returns 1 when the file is not a JPEG this can decode
 * (progressive, CMYK, ...): then use vips' loader. -1 on error (vips' error
 * buffer), 0 on success. */
int pl_jpeg_window_open(const char *path, const VipsRect *window, VipsImage **out);

#endif

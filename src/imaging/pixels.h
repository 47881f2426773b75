/* Small libvips helpers for the steps and the preview: error text, luminance,
 * a preview's pixels in memory, paper and ink levels. */
#ifndef PLANCHE_IMAGING_PIXELS_H
#define PLANCHE_IMAGING_PIXELS_H

#include <vips/vips.h>

/* Copies and clears vips' error buffer into error. */
void pl_set_vips_error(GError **error, const char *what);
/* Luminance of an sRGB-ish preview as a 1-band uchar image. */
int pl_luminance(VipsImage *in, VipsImage **out);
/* The preview's pixels (uchar, interleaved) or its luminance, newly
 * allocated with g_malloc; NULL on a libvips error. */
guchar *pl_preview_pixels(VipsImage *in, int *w, int *h, int *bands);
guchar *pl_preview_luminance(VipsImage *in, int *w, int *h);
/* The luminance of n interleaved 8-bit pixels, newly allocated. */
guchar *pl_pixels_luminance(const guchar *px, size_t n, int bands);
/* Paper and ink levels of a luminance buffer: Otsu's threshold, the median of
 * the pixels above it and the 5th percentile of the pixels below it. */
void pl_paper_ink(const guchar *lum, size_t n, int *threshold, int *paper, int *ink);

#endif

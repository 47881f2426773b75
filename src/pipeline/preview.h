/* The shrunk copy of an original that every step measures on: decoded with
 * shrink-on-load, in the stored orientation, in sRGB, 8-bit, one or
 * three bands. `add` decodes it anyway to prove a file whole and keeps it
 * for the first `clean`, which then decodes the original once, not twice. */
#ifndef PLANCHE_PREVIEW_H
#define PLANCHE_PREVIEW_H

#include <vips/vips.h>

/* Decodes input's preview into memory. strict: any decoding error fails
 * (add's proof that the file is whole). */
int pl_preview_decode(const char *input, gboolean strict, VipsImage **out, GError **error);

/* Writes a preview to path (temporary file, then rename; no fsync: a lost
 * or damaged file is only decoded again). */
int pl_preview_save(VipsImage *preview, const char *path, GError **error);

/* A saved preview, in memory; NULL when absent, damaged or of another
 * version (then decode it again). */
VipsImage *pl_preview_load(const char *path);

/* Brings any image to 8-bit sRGB-or-grey with no alpha, which every step
 * expects: colour through its embedded ICC profile (the profile dropped, the
 * pixels now sRGB), alpha flattened on white, 16-bit scaled down. */
int pl_image_prepare(VipsImage *in, VipsImage **out);

#endif

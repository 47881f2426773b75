/* levels' maps as demand-driven libvips operations, computed row by row in
 * integer arithmetic the compiler vectorises, instead of looked up byte by
 * byte as vips_maplut must: the look-up was the largest share of a clean's
 * time after the codecs and the rotation.
 *
 * The linear map: a byte map that is a straight line, clipped, as levels'
 * black and white points make it without gamma, on every band.
 *
 * The tone map: for colour, a map of each pixel's luminance that scales the
 * pixel's colour differences (each channel minus the luminance) by a gain of
 * that luminance, so that lightness is stretched and chroma is not. */
#ifndef PLANCHE_LINEAR_MAP_H
#define PLANCHE_LINEAR_MAP_H

#include <vips/vips.h>

/* The fixed-point line v -> clamp((v * k + c) >> 16), k > 0, that gives
 * exactly table[v] for every byte v; FALSE when there is none (a gamma, a
 * negative). */
gboolean pl_linear_map_fit(const guchar table[256], int *k, int *c);

/* Applies that line to every band of a uchar image. */
int pl_linear_map(VipsImage *in, VipsImage **out, int k, int c);

/* A tone map in fixed point. For a pixel (r, g, b), first scaled band by
 * band by white (neutral paper), with luminance y (Rec. 601), each channel
 * c becomes lum[y] + chroma[y] * (c - y), clipped. */
typedef struct {
	gint32 lum[256];    /* 0..255 */
	gint32 chroma[256]; /* 1 << PL_TONE_CHROMA_BITS is a gain of 1 */
	gint32 white[3];    /* 1 << PL_TONE_WHITE_BITS is a gain of 1 */
} PlToneMap;

#define PL_TONE_CHROMA_BITS 8
#define PL_TONE_WHITE_BITS 12

/* Rounds a luminance map (0..255), chroma gains and per-band gains into m. */
void pl_tone_map_init(PlToneMap *m, const double lum[256], const double chroma[256],
		      const double white[3]);
/* Whether m gives every pixel back unchanged. */
gboolean pl_tone_map_is_identity(const PlToneMap *m);
/* Maps n interleaved 3-band pixels from in to out. */
void pl_tone_map_row(const PlToneMap *m, const guchar *in, guchar *out, size_t n);
/* Applies m to a 3-band uchar image. */
int pl_tone_map(VipsImage *in, VipsImage **out, const PlToneMap *m);

#endif

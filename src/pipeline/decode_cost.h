/* What an original costs in memory to decode. Most files decode a strip at a
 * time, whatever their size; some cannot, and their decoder holds the whole
 * picture (progressive JPEG, interlaced PNG, WebP, JPEG 2000 in one tile)
 * or a large piece of it (TIFF and JPEG 2000 in large tiles, JPEG-compressed
 * TIFF strips). A small
 * file of that kind can ask for gigabytes: such files are refused, from
 * their header, before anything is decoded. */
#ifndef PLANCHE_DECODE_COST_H
#define PLANCHE_DECODE_COST_H

#include <vips/vips.h>

typedef struct {
	gint64 bytes; /* held at once, estimated from the header; 0 when it streams */
	char kind[96]; /* what makes it so: "a progressive JPEG", ... */
} PlDecodeCost;

/* Estimates the decoding of path, whose libvips header is head. A header
 * the estimate cannot read counts as streaming: the decoder says what is
 * wrong with it. */
void pl_decode_cost(const char *path, VipsImage *head, PlDecodeCost *cost);

/* Returns -1 with a one-line message (the kind, the estimate and the limit)
 * when decoding path would take more than limit bytes; 0 otherwise and
 * when limit is 0 (no limit). */
int pl_decode_check(const char *path, VipsImage *head, gint64 limit, GError **error);

/* A JPEG 2000 codestream's size and tiling, from its SIZ marker. */
typedef struct {
	gint64 width, height;   /* of the image (Xsiz - XOsiz, Ysiz - YOsiz) */
	gint64 tile_w, tile_h;  /* XTsiz, YTsiz */
	gint64 tiles;           /* how many */
	int components, precision; /* bits of the first component */
} PlJ2kSiz;

/* Reads the SIZ marker of a codestream that starts at data (SOC, SIZ).
 * Returns 0, or -1 when it is not one. */
int pl_j2k_parse_siz(const guint8 *data, gsize len, PlJ2kSiz *siz);

/* "1.2 GB", "160 MB": sizes in messages (decimal units). */
char *pl_format_bytes(gint64 bytes);

#endif

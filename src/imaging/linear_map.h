/* A byte map that is a straight line, clipped, as levels' black and white
 * points make it without gamma, computed in vectorised integer arithmetic
 * instead of looked up byte by byte as vips_maplut must: the look-up was
 * the largest share of a clean's time after the codecs and the rotation. */
#ifndef PLANCHE_LINEAR_MAP_H
#define PLANCHE_LINEAR_MAP_H

#include <vips/vips.h>

/* The fixed-point line v -> clamp((v * k + c) >> 16), k > 0, that gives
 * exactly table[v] for every byte v; FALSE when there is none (a gamma, a
 * negative). */
gboolean pl_linear_map_fit(const guchar table[256], int *k, int *c);

/* Applies that line to every band of a uchar image. */
int pl_linear_map(VipsImage *in, VipsImage **out, int k, int c);

#endif

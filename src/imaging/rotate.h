/* A demand-driven rotation by three shears (Paeth), for the small angles of
 * deskewing: each shear is a 1-D resampling whose weights are constant along
 * a row or a column, several times cheaper than vips_affine's 2-D
 * interpolation, which was most of the cleaning time. */
#ifndef PLANCHE_ROTATE_H
#define PLANCHE_ROTATE_H

#include <vips/vips.h>

typedef enum { PL_ROTATE_CUBIC, PL_ROTATE_LINEAR } PlRotateKernel;

/* Rotates in (uchar, 1 or 3 bands) by degrees counter-clockwise about its
 * centre into an out_w x out_h image with the same centre, as vips_affine
 * does with idx/idy/odx/ody at the centres; outside the input is bg. The
 * input is read in small rectangles: a sequential input needs a cache
 * spanning in->Xsize * tan(angle) rows in front. Returns 0 or -1 with the
 * vips error buffer set. */
int pl_rotate(VipsImage *in, VipsImage **out, double degrees, int out_w, int out_h,
	      const double *bg, PlRotateKernel kernel);

/* Whether pl_rotate takes this image (else use vips_affine). */
gboolean pl_rotate_supports(const VipsImage *in);

#endif

/* Plane affine maps, as the steps chain them back to the original's pixels. */
#ifndef PLANCHE_IMAGING_AFFINE_H
#define PLANCHE_IMAGING_AFFINE_H

/* Maps output pixel coordinates to input ones: x' = m[0]x + m[1]y + m[2],
 * y' = m[3]x + m[4]y + m[5]. */
typedef double PlAffine[6];

void pl_affine_identity(PlAffine m);
void pl_affine_translate(PlAffine m, double dx, double dy);
/* r = a after b: points go through a first, then b (both output->input). */
void pl_affine_multiply(PlAffine r, const PlAffine a, const PlAffine b);
int pl_affine_invert(PlAffine r, const PlAffine m);
void pl_affine_apply(const PlAffine m, double x, double y, double *ox, double *oy);

#endif

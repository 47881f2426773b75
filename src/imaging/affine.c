#include "imaging/affine.h"

#include <math.h>
#include <string.h>

void pl_affine_identity(PlAffine m)
{
	m[0] = 1, m[1] = 0, m[2] = 0;
	m[3] = 0, m[4] = 1, m[5] = 0;
}

void pl_affine_translate(PlAffine m, double dx, double dy)
{
	pl_affine_identity(m);
	m[2] = dx;
	m[5] = dy;
}

void pl_affine_multiply(PlAffine r, const PlAffine a, const PlAffine b)
{
	/* b(a(p)): a is applied first. */
	PlAffine t;
	t[0] = b[0] * a[0] + b[1] * a[3];
	t[1] = b[0] * a[1] + b[1] * a[4];
	t[2] = b[0] * a[2] + b[1] * a[5] + b[2];
	t[3] = b[3] * a[0] + b[4] * a[3];
	t[4] = b[3] * a[1] + b[4] * a[4];
	t[5] = b[3] * a[2] + b[4] * a[5] + b[5];
	memcpy(r, t, sizeof(t));
}

int pl_affine_invert(PlAffine r, const PlAffine m)
{
	double det = m[0] * m[4] - m[1] * m[3];
	if (fabs(det) < 1e-12)
		return -1;
	PlAffine t;
	t[0] = m[4] / det;
	t[1] = -m[1] / det;
	t[3] = -m[3] / det;
	t[4] = m[0] / det;
	t[2] = -(t[0] * m[2] + t[1] * m[5]);
	t[5] = -(t[3] * m[2] + t[4] * m[5]);
	memcpy(r, t, sizeof(t));
	return 0;
}

void pl_affine_apply(const PlAffine m, double x, double y, double *ox, double *oy)
{
	*ox = m[0] * x + m[1] * y + m[2];
	*oy = m[3] * x + m[4] * y + m[5];
}

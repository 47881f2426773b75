/* Rotation by three shears: R(phi) = X(a) Y(b) X(a) with a = -tan(phi/2),
 * b = sin(phi), X shearing along rows, Y along columns. Read backwards from
 * an output pixel, each shear is a 1-D interpolation whose weights are the
 * same for a whole row (X) or a whole column (Y), so the inner loops are
 * plain multiply-adds over contiguous floats that the compiler vectorises.
 * The output is made in rectangles of at most CHUNK x CHUNK pixels: each
 * reads a source rectangle only a little larger than itself. */
#include "imaging/rotate.h"
#include "imaging/vector_clones.h"

#include <math.h>
#include <string.h>

#define CHUNK 128

typedef struct {
	VipsImage *in;
	int w, h, nb;
	double alpha, beta;
	double icx, icy, ocx, ocy; /* centres, in vips' pixel-centre coordinates */
	float bg[3];
	int taps, lo; /* samples per interpolation, offset of the first */
} Rotation;

typedef struct {
	VipsRegion *ir;
	/* the source, after the first and after the second shear, weights, one output row */
	float *s, *a, *b, *wt, *tmp;
	int *fl, *run;
	size_t s_cap, a_cap, b_cap, wt_cap, tmp_cap, fl_cap, run_cap;
} Scratch;

/* Where each shear samples, as "index + offset" along its line. */
static double shift1(const Rotation *r, int row) /* source column of A's column k: k + shift1 */
{
	return r->icx - r->ocx + r->alpha * (row - r->icy);
}

static double shift2(const Rotation *r, int col) /* A's row of B's row y: y + shift2 */
{
	return r->icy - r->ocy + r->beta * (col - r->ocx);
}

static double shift3(const Rotation *r, int row) /* B's column of output column x: x + shift3 */
{
	return r->alpha * (row - r->ocy);
}

static int floor_int(double v)
{
	return (int)floor(v);
}

static void weights(const Rotation *r, double t, float *w)
{
	if (r->taps == 4) {
		/* Keys' cubic with a = -0.75: sharper than Catmull-Rom (-0.5),
		 * which over three passes softens fine hatching more than one
		 * 2-D bicubic does. */
		const double A = -0.75;
		double d[4] = { t + 1, t, 1 - t, 2 - t };
		for (int i = 0; i < 4; i++) {
			double x = d[i];
			w[i] = (float)(x <= 1 ? (A + 2) * x * x * x - (A + 3) * x * x + 1
					      : A * x * x * x - 5 * A * x * x + 8 * A * x - 4 * A);
		}
	} else {
		w[0] = (float)(1 - t);
		w[1] = (float)t;
	}
}

static void *grow(void *p, size_t *cap, size_t n, size_t size)
{
	if (n <= *cap)
		return p;
	*cap = n + n / 4;
	return g_realloc(p, *cap * size);
}

/* dst[e] = sum of w[i] * src[e + i * step]: a shear along a row. */
VECTOR_CLONES static void filter_row(float *restrict dst, const float *restrict src, size_t n,
				     size_t step, const float *w, int taps)
{
	const float w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3];
	if (taps == 4)
		for (size_t e = 0; e < n; e++)
			dst[e] = w0 * src[e] + w1 * src[e + step] + w2 * src[e + 2 * step] +
				 w3 * src[e + 3 * step];
	else
		for (size_t e = 0; e < n; e++)
			dst[e] = w0 * src[e] + w1 * src[e + step];
}

/* The same into 8-bit pixels, rounded and clamped (in integers, which
 * vectorise where float comparisons would not). */
VECTOR_CLONES static void filter_row_out(VipsPel *restrict dst, float *restrict tmp,
					 const float *restrict src, size_t n, size_t step,
					 const float *w, int taps)
{
	filter_row(tmp, src, n, step, w, taps);
	for (size_t e = 0; e < n; e++) {
		int v = (int)(tmp[e] + 0.5f);
		v = v < 0 ? 0 : v;
		dst[e] = (VipsPel)(v > 255 ? 255 : v);
	}
}

/* dst[e] = sum of wt[i][e] * rows[i][e] for e in [from, to): a shear along
 * columns, over a run of columns that read the same rows. */
VECTOR_CLONES static void filter_columns(float *restrict dst, const float *restrict row,
					 size_t stride, const float *restrict wt, size_t wstride,
					 size_t from, size_t to, int taps)
{
	const float *r0 = row, *r1 = row + stride, *r2 = row + 2 * stride, *r3 = row + 3 * stride;
	const float *w0 = wt, *w1 = wt + wstride, *w2 = wt + 2 * wstride, *w3 = wt + 3 * wstride;
	if (taps == 4)
		for (size_t e = from; e < to; e++)
			dst[e] = w0[e] * r0[e] + w1[e] * r1[e] + w2[e] * r2[e] + w3[e] * r3[e];
	else
		for (size_t e = from; e < to; e++)
			dst[e] = w0[e] * r0[e] + w1[e] * r1[e];
}

/* The source rectangle [x0, x0 + ns) x [y0, y0 + nrows) as floats, with the
 * background outside the image. */
VECTOR_CLONES static int load_source(Scratch *sc, const Rotation *r, int x0, int y0, int ns,
				     int nrows)
{
	const int nb = r->nb;
	VipsRect need = { x0, y0, ns, nrows }, image = { 0, 0, r->w, r->h }, have;
	vips_rect_intersectrect(&need, &image, &have);
	gboolean any = !vips_rect_isempty(&have);
	if (any && vips_region_prepare(sc->ir, &have))
		return -1;
	for (int j = 0; j < nrows; j++) {
		float *row = sc->s + (size_t)j * ns * nb;
		int y = y0 + j, from = 0, to = 0;
		if (any && y >= have.top && y < VIPS_RECT_BOTTOM(&have)) {
			const VipsPel *p = VIPS_REGION_ADDR(sc->ir, have.left, y);
			from = have.left - x0;
			to = from + have.width;
			for (size_t e = 0; e < (size_t)have.width * nb; e++)
				row[(size_t)from * nb + e] = p[e];
		}
		for (int x = 0; x < from; x++)
			for (int c = 0; c < nb; c++)
				row[(size_t)x * nb + c] = r->bg[c];
		for (int x = to; x < ns; x++)
			for (int c = 0; c < nb; c++)
				row[(size_t)x * nb + c] = r->bg[c];
	}
	return 0;
}

/* Output pixels [x0, x0 + cw) x [y0, y0 + ch), from the last shear back. */
static int rotate_chunk(VipsRegion *out, Scratch *sc, const Rotation *r, int x0, int y0, int cw,
			int ch)
{
	const int taps = r->taps, lo = r->lo, nb = r->nb;
	/* Floors of linear functions are monotonic: the ends bound each range. */
	int f3a = floor_int(shift3(r, y0)), f3b = floor_int(shift3(r, y0 + ch - 1));
	int bk0 = x0 + MIN(f3a, f3b) + lo;
	int nbk = cw + abs(f3a - f3b) + taps - 1;
	int f2a = floor_int(shift2(r, bk0)), f2b = floor_int(shift2(r, bk0 + nbk - 1));
	int aj0 = y0 + MIN(f2a, f2b) + lo;
	int naj = ch + abs(f2a - f2b) + taps - 1;
	int f1a = floor_int(shift1(r, aj0)), f1b = floor_int(shift1(r, aj0 + naj - 1));
	int sk0 = bk0 + MIN(f1a, f1b) + lo;
	int ns = nbk + abs(f1a - f1b) + taps - 1;
	size_t sstride = (size_t)ns * nb, astride = (size_t)nbk * nb;

	sc->s = grow(sc->s, &sc->s_cap, naj * sstride, sizeof(float));
	sc->a = grow(sc->a, &sc->a_cap, naj * astride, sizeof(float));
	sc->b = grow(sc->b, &sc->b_cap, ch * astride, sizeof(float));
	sc->wt = grow(sc->wt, &sc->wt_cap, taps * astride, sizeof(float));
	sc->fl = grow(sc->fl, &sc->fl_cap, nbk, sizeof(int));
	sc->run = grow(sc->run, &sc->run_cap, nbk, sizeof(int));
	sc->tmp = grow(sc->tmp, &sc->tmp_cap, (size_t)cw * nb, sizeof(float));
	if (load_source(sc, r, sk0, aj0, ns, naj))
		return -1;

	float w[4] = { 0 };
	for (int j = 0; j < naj; j++) {
		double e = shift1(r, aj0 + j);
		int f = floor_int(e);
		weights(r, e - f, w);
		filter_row(sc->a + j * astride,
			   sc->s + j * sstride + (size_t)(bk0 + f + lo - sk0) * nb, astride, nb, w,
			   taps);
	}

	for (int k = 0; k < nbk; k++) {
		double e = shift2(r, bk0 + k);
		sc->fl[k] = floor_int(e);
		weights(r, e - sc->fl[k], w);
		for (int i = 0; i < taps; i++)
			for (int c = 0; c < nb; c++)
				sc->wt[i * astride + (size_t)k * nb + c] = w[i];
	}
	/* Runs of columns that read the same rows of A: run[k] is where k's ends. */
	for (int k = nbk - 1, end = nbk; k >= 0; k--) {
		if (k + 1 < nbk && sc->fl[k] != sc->fl[k + 1])
			end = k + 1;
		sc->run[k] = end;
	}
	for (int y = 0; y < ch; y++)
		for (int k = 0; k < nbk; k = sc->run[k]) {
			int row = y0 + y + sc->fl[k] + lo - aj0;
			filter_columns(sc->b + y * astride, sc->a + row * astride, astride, sc->wt,
				       astride, (size_t)k * nb, (size_t)sc->run[k] * nb, taps);
		}

	for (int y = 0; y < ch; y++) {
		double e = shift3(r, y0 + y);
		int f = floor_int(e);
		weights(r, e - f, w);
		filter_row_out(VIPS_REGION_ADDR(out, x0, y0 + y), sc->tmp,
			       sc->b + y * astride + (size_t)(x0 + f + lo - bk0) * nb,
			       (size_t)cw * nb, nb, w, taps);
	}
	return 0;
}

static int rotate_gen(VipsRegion *out, void *seq, void *a, void *b, gboolean *stop)
{
	(void)b;
	(void)stop;
	const VipsRect *v = &out->valid;
	for (int y = v->top; y < VIPS_RECT_BOTTOM(v); y += CHUNK)
		for (int x = v->left; x < VIPS_RECT_RIGHT(v); x += CHUNK)
			if (rotate_chunk(out, seq, a, x, y, MIN(CHUNK, VIPS_RECT_RIGHT(v) - x),
					 MIN(CHUNK, VIPS_RECT_BOTTOM(v) - y)))
				return -1;
	return 0;
}

static void *rotate_start(VipsImage *out, void *a, void *b)
{
	(void)out;
	(void)b;
	const Rotation *r = a;
	Scratch *sc = g_new0(Scratch, 1);
	sc->ir = vips_region_new(r->in);
	return sc;
}

static int rotate_stop(void *seq, void *a, void *b)
{
	(void)a;
	(void)b;
	Scratch *sc = seq;
	VIPS_UNREF(sc->ir);
	g_free(sc->s);
	g_free(sc->a);
	g_free(sc->b);
	g_free(sc->wt);
	g_free(sc->fl);
	g_free(sc->run);
	g_free(sc->tmp);
	g_free(sc);
	return 0;
}

static void rotation_free(VipsObject *image, Rotation *r)
{
	(void)image;
	VIPS_UNREF(r->in);
	g_free(r);
}

int pl_rotate_cache_rows(int w, int h, double degrees)
{
	/* Two output strips, the shears' reach and the cache's own 64-row
	 * tiles, as measured on 45-degree turns of tall images. */
	const int in_flight = 512;
	double span = ceil(w * fabs(tan(degrees * G_PI / 180)));
	return (int)MIN(span, (double)h) + in_flight;
}

gboolean pl_rotate_supports(const VipsImage *in)
{
	return in->BandFmt == VIPS_FORMAT_UCHAR && (in->Bands == 1 || in->Bands == 3) &&
	       in->Coding == VIPS_CODING_NONE;
}

int pl_rotate(VipsImage *in, VipsImage **out, double degrees, int out_w, int out_h,
	      const double *bg, PlRotateKernel kernel)
{
	if (!pl_rotate_supports(in)) {
		vips_error("pl_rotate", "%s", "only 8-bit images of 1 or 3 bands");
		return -1;
	}
	if (vips_image_pio_input(in))
		return -1;
	Rotation *r = g_new0(Rotation, 1);
	double rad = degrees * G_PI / 180;
	r->w = in->Xsize;
	r->h = in->Ysize;
	r->nb = in->Bands;
	r->alpha = -tan(rad / 2);
	r->beta = sin(rad);
	r->icx = r->w / 2.0 - 0.5;
	r->icy = r->h / 2.0 - 0.5;
	r->ocx = out_w / 2.0 - 0.5;
	r->ocy = out_h / 2.0 - 0.5;
	for (int c = 0; c < r->nb; c++)
		r->bg[c] = (float)bg[c];
	r->taps = kernel == PL_ROTATE_CUBIC ? 4 : 2;
	r->lo = kernel == PL_ROTATE_CUBIC ? -1 : 0;
	r->in = g_object_ref(in);

	*out = vips_image_new();
	g_signal_connect(*out, "close", G_CALLBACK(rotation_free), r);
	if (vips_image_pipelinev(*out, VIPS_DEMAND_STYLE_SMALLTILE, in, NULL)) {
		VIPS_UNREF(*out);
		return -1;
	}
	(*out)->Xsize = out_w;
	(*out)->Ysize = out_h;
	if (vips_image_generate(*out, rotate_start, rotate_gen, rotate_stop, r, NULL)) {
		VIPS_UNREF(*out);
		return -1;
	}
	return 0;
}

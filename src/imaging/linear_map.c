/* The maps of linear_map.h, as demand-driven libvips operations. */
#include "imaging/linear_map.h"

#include <math.h>

#include "imaging/vector_clones.h"

/* Maps width pixels of a row, bands interleaved. */
typedef void (*RowFn)(const void *map, VipsPel *q, const VipsPel *p, int width, int bands);

typedef struct {
	VipsImage *in; /* a reference: the caller may drop its own */
	RowFn row;
	void *map; /* the row function's, owned */
} RowOp;

typedef struct {
	int k, c;
} Line;

static inline int line_at(int v, int k, int c)
{
	int x = v * k + c;
	x = x < 0 ? 0 : x >> 16;
	return x > 255 ? 255 : x;
}

/* Every byte v bounds v * k + c: from below by table[v] << 16 unless it maps
 * to 0, from above by ((table[v] + 1) << 16) - 1 unless it maps to 255. */
static gint64 lower(const guchar table[256], int v)
{
	return table[v] > 0 ? (gint64)table[v] << 16 : G_MININT32;
}

static gint64 upper(const guchar table[256], int v)
{
	return table[v] < 255 ? ((gint64)(table[v] + 1) << 16) - 1 : G_MAXINT32;
}

static gint64 floor_div(gint64 a, gint64 b) /* b > 0 */
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

gboolean pl_linear_map_fit(const guchar table[256], int *k, int *c)
{
	/* Eliminating c from each pair of bounds (Fourier-Motzkin) leaves the
	 * slopes that work, an interval; any whole slope in it has offsets
	 * that work, another interval. */
	gint64 kmin = 1, kmax = 1 << 22; /* v * k + c stays within 32 bits */
	for (int v1 = 0; v1 < 256; v1++)
		for (int v2 = v1 + 1; v2 < 256; v2++) {
			gint64 dv = v2 - v1, lo1 = lower(table, v1), lo2 = lower(table, v2);
			if (table[v1] > 0 && table[v2] < 255)
				kmax = MIN(kmax, floor_div(upper(table, v2) - lo1, dv));
			if (table[v2] > 0 && table[v1] < 255)
				kmin = MAX(kmin, -floor_div(upper(table, v1) - lo2, dv));
		}
	if (kmin > kmax)
		return FALSE;
	gint64 kk = kmin + (kmax - kmin) / 2, lo = G_MININT32, hi = G_MAXINT32 - 255 * kk;
	for (int v = 0; v < 256; v++) {
		lo = MAX(lo, lower(table, v) - v * kk);
		hi = MIN(hi, upper(table, v) - v * kk);
	}
	if (lo > hi)
		return FALSE;
	*k = (int)kk;
	*c = (int)(lo + (hi - lo) / 2);
	return TRUE;
}

VECTOR_CLONES static void map_row(VipsPel *restrict q, const VipsPel *restrict p, size_t n, int k,
				  int c)
{
	for (size_t e = 0; e < n; e++)
		q[e] = (VipsPel)line_at(p[e], k, c);
}

static void line_row(const void *map, VipsPel *q, const VipsPel *p, int width, int bands)
{
	const Line *line = map;
	map_row(q, p, (size_t)width * bands, line->k, line->c);
}

static int row_op_gen(VipsRegion *out, void *seq, void *a, void *b, gboolean *stop)
{
	(void)stop;
	(void)a;
	VipsRegion *ir = seq;
	const RowOp *op = b;
	const VipsRect *r = &out->valid;
	if (vips_region_prepare(ir, r))
		return -1;
	for (int y = r->top; y < VIPS_RECT_BOTTOM(r); y++)
		op->row(op->map, VIPS_REGION_ADDR(out, r->left, y), VIPS_REGION_ADDR(ir, r->left, y),
			r->width, out->im->Bands);
	return 0;
}

static void row_op_free(VipsObject *image, RowOp *op)
{
	(void)image;
	VIPS_UNREF(op->in);
	g_free(op->map);
	g_free(op);
}

/* The operation that maps in row by row with row, on a copy of map. */
static int row_op(VipsImage *in, VipsImage **out, const char *name, RowFn row, const void *map,
		  size_t size)
{
	if (in->BandFmt != VIPS_FORMAT_UCHAR || in->Coding != VIPS_CODING_NONE) {
		vips_error(name, "%s", "only uncoded 8-bit images");
		return -1;
	}
	if (vips_image_pio_input(in))
		return -1;
	RowOp *op = g_new(RowOp, 1);
	op->in = g_object_ref(in);
	op->row = row;
	op->map = g_memdup2(map, size);
	*out = vips_image_new();
	g_signal_connect(*out, "close", G_CALLBACK(row_op_free), op);
	if (vips_image_pipelinev(*out, VIPS_DEMAND_STYLE_THINSTRIP, in, NULL) ||
	    vips_image_generate(*out, vips_start_one, row_op_gen, vips_stop_one, in, op)) {
		VIPS_UNREF(*out);
		return -1;
	}
	return 0;
}

int pl_linear_map(VipsImage *in, VipsImage **out, int k, int c)
{
	Line line = { k, c };
	return row_op(in, out, "pl_linear_map", line_row, &line, sizeof line);
}

void pl_tone_map_init(PlToneMap *m, const double lum[256], const double chroma[256],
		      const double white[3])
{
	for (int v = 0; v < 256; v++) {
		m->lum[v] = (gint32)CLAMP(floor(lum[v] + 0.5), 0, 255);
		m->chroma[v] = (gint32)floor(chroma[v] * (1 << PL_TONE_CHROMA_BITS) + 0.5);
	}
	for (int c = 0; c < 3; c++)
		m->white[c] = (gint32)floor(white[c] * (1 << PL_TONE_WHITE_BITS) + 0.5);
}

gboolean pl_tone_map_is_identity(const PlToneMap *m)
{
	for (int v = 0; v < 256; v++)
		if (m->lum[v] != v || m->chroma[v] != 1 << PL_TONE_CHROMA_BITS)
			return FALSE;
	for (int c = 0; c < 3; c++)
		if (m->white[c] != 1 << PL_TONE_WHITE_BITS)
			return FALSE;
	return TRUE;
}

static inline int white_at(int v, gint32 gain)
{
	int x = (v * gain + (1 << (PL_TONE_WHITE_BITS - 1))) >> PL_TONE_WHITE_BITS;
	return x > 255 ? 255 : x;
}

/* base: the new luminance, shifted and with its rounding half added. */
static inline VipsPel tone_at(int base, int gain, int difference)
{
	int x = base + gain * difference;
	x = x < 0 ? 0 : x > 65535 ? 65535 : x;
	return (VipsPel)(x >> PL_TONE_CHROMA_BITS);
}

VECTOR_CLONES void pl_tone_map_row(const PlToneMap *m, const guchar *restrict in,
				   guchar *restrict out, size_t n)
{
	const gint32 w0 = m->white[0], w1 = m->white[1], w2 = m->white[2];
	for (size_t i = 0; i < n; i++) {
		int r = white_at(in[3 * i], w0), g = white_at(in[3 * i + 1], w1),
		    b = white_at(in[3 * i + 2], w2);
		/* Rec. 601 in 16 bits: a grey keeps its value exactly. */
		int y = (19595 * r + 38470 * g + 7471 * b) >> 16;
		int base = (m->lum[y] << PL_TONE_CHROMA_BITS) + (1 << (PL_TONE_CHROMA_BITS - 1));
		int s = m->chroma[y];
		out[3 * i] = tone_at(base, s, r - y);
		out[3 * i + 1] = tone_at(base, s, g - y);
		out[3 * i + 2] = tone_at(base, s, b - y);
	}
}

static void tone_row(const void *map, VipsPel *q, const VipsPel *p, int width, int bands)
{
	(void)bands;
	pl_tone_map_row(map, p, q, (size_t)width);
}

int pl_tone_map(VipsImage *in, VipsImage **out, const PlToneMap *m)
{
	if (in->Bands != 3) {
		vips_error("pl_tone_map", "%s", "only 3-band images");
		return -1;
	}
	return row_op(in, out, "pl_tone_map", tone_row, m, sizeof *m);
}

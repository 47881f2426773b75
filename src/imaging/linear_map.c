/* The clipped line of linear_map.h, as a demand-driven libvips operation. */
#include "imaging/linear_map.h"
#include "imaging/vector_clones.h"

typedef struct {
	VipsImage *in; /* a reference: the caller may drop its own */
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

static int linear_map_gen(VipsRegion *out, void *seq, void *a, void *b, gboolean *stop)
{
	(void)stop;
	(void)a;
	VipsRegion *ir = seq;
	const Line *line = b;
	const VipsRect *r = &out->valid;
	if (vips_region_prepare(ir, r))
		return -1;
	size_t n = (size_t)r->width * out->im->Bands;
	for (int y = r->top; y < VIPS_RECT_BOTTOM(r); y++)
		map_row(VIPS_REGION_ADDR(out, r->left, y), VIPS_REGION_ADDR(ir, r->left, y), n,
			line->k, line->c);
	return 0;
}

static void line_free(VipsObject *image, Line *line)
{
	(void)image;
	VIPS_UNREF(line->in);
	g_free(line);
}

int pl_linear_map(VipsImage *in, VipsImage **out, int k, int c)
{
	if (in->BandFmt != VIPS_FORMAT_UCHAR || in->Coding != VIPS_CODING_NONE) {
		vips_error("pl_linear_map", "%s", "only uncoded 8-bit images");
		return -1;
	}
	if (vips_image_pio_input(in))
		return -1;
	Line *line = g_new(Line, 1);
	line->in = g_object_ref(in);
	line->k = k;
	line->c = c;
	*out = vips_image_new();
	g_signal_connect(*out, "close", G_CALLBACK(line_free), line);
	if (vips_image_pipelinev(*out, VIPS_DEMAND_STYLE_THINSTRIP, in, NULL) ||
	    vips_image_generate(*out, vips_start_one, linear_map_gen, vips_stop_one, in, line)) {
		VIPS_UNREF(*out);
		return -1;
	}
	return 0;
}

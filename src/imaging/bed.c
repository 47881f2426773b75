#include "imaging/bed.h"

#include <string.h>

/* A block has at least this share of the picture's area: a speck of bed
 * showing through a tear is too small to matter. */
#define BED_MIN_AREA 0.0002
/* Pixels with every pixel BED_DEPTH away (across and along) dark too are
 * deep inside; a block has at least BED_SOLID of its pixels so. A stroke of
 * print (a letter, a hatching line, a frame rule) has almost none. */
#define BED_DEPTH 1
#define BED_SOLID 0.6
/* Where the region ends inside the picture, the pixels BED_RING beyond its
 * edge (past the soft, half-dark pixels of the edge itself) are paper (lighter than light) on BED_PAPER of them: a bite in a sheet.
 * A dark part of a plate or a photograph ends in mid-tones. */
#define BED_RING 4
#define BED_PAPER 0.8
/* A region meeting a side along this share of it or more is a bed along
 * the side (the border step's to cut, and a page edge deskew may use). */
#define BED_SIDE 0.5
/* Pixels the blocks are grown by. */
#define BED_GROW 2

/* A region within this share of the shorter side from the image's edge
 * (at least BED_NEAR_MIN pixels) is joined to it: deskew's turn puts a
 * wedge of paper-coloured fill between the bed and the edge, 3 pixels
 * wide at 0.4 degrees. */
#define BED_NEAR 0.015
#define BED_NEAR_MIN 4

typedef struct {
	int area, deep, ring, paper;
	int lo[4], hi[4]; /* along each side (left, right, top, bottom), what lies near it */
} Region;

static gboolean dark_at(const guchar *lum, int w, int h, int dark, int x, int y)
{
	return x >= 0 && y >= 0 && x < w && y < h && lum[(size_t)y * w + x] < dark;
}

/* Floods the dark region holding seed with label id; measures it. */
static void flood(const guchar *lum, int w, int h, int dark, int light, int near, int seed,
		  int id, int *label, int *stack, Region *r)
{
	int sp = 0;
	memset(r, 0, sizeof *r);
	for (int k = 0; k < 4; k++)
		r->lo[k] = G_MAXINT, r->hi[k] = -1;
	stack[sp++] = seed;
	label[seed] = id;
	while (sp) {
		int i = stack[--sp], x = i % w, y = i / w;
		static const int dx[4] = { -1, 1, 0, 0 }, dy[4] = { 0, 0, -1, 1 };
		r->area++;
		const gboolean at[4] = { x < near, x >= w - near, y < near, y >= h - near };
		for (int k = 0; k < 4; k++)
			if (at[k]) {
				int along = k < 2 ? y : x;
				r->lo[k] = MIN(r->lo[k], along), r->hi[k] = MAX(r->hi[k], along);
			}
		gboolean deep = TRUE;
		for (int k = 0; k < 4; k++) {
			int fx = x + BED_DEPTH * dx[k], fy = y + BED_DEPTH * dy[k];
			/* beyond the picture counts as dark: the bed goes on */
			if (fx >= 0 && fy >= 0 && fx < w && fy < h && !dark_at(lum, w, h, dark, fx, fy))
				deep = FALSE;
			int nx = x + dx[k], ny = y + dy[k];
			/* on the region's edge: what lies a little beyond it */
			int rx = x + BED_RING * dx[k], ry = y + BED_RING * dy[k];
			if (nx >= 0 && ny >= 0 && nx < w && ny < h && !dark_at(lum, w, h, dark, nx, ny) &&
			    rx >= 0 && ry >= 0 && rx < w && ry < h) {
				r->ring++;
				r->paper += lum[(size_t)ry * w + rx] >= light;
			}
			if (dark_at(lum, w, h, dark, nx, ny) && label[(size_t)ny * w + nx] < 0) {
				label[(size_t)ny * w + nx] = id;
				stack[sp++] = ny * w + nx;
			}
		}
		r->deep += deep;
	}
}

int pl_bed_blocks(const guchar *lum, int w, int h, int dark, int light, guchar *mask)
{
	size_t n = (size_t)w * h;
	int *label = g_new(int, n), *stack = g_new(int, n), blocks = 0, id = 0;
	GArray *is_block = g_array_new(FALSE, TRUE, sizeof(gboolean));
	memset(mask, 0, n);
	for (size_t i = 0; i < n; i++)
		label[i] = -1;
	int near = MAX(BED_NEAR_MIN, (int)(BED_NEAR * MIN(w, h)));
	for (int i = 0; i < (int)n; i++) {
		int x = i % w, y = i / w;
		if (x >= near && y >= near && x < w - near && y < h - near)
			continue;
		if (lum[i] >= dark || label[i] >= 0)
			continue;
		Region r;
		flood(lum, w, h, dark, light, near, i, id, label, stack, &r);
		gboolean block = r.area >= BED_MIN_AREA * n && r.deep >= BED_SOLID * r.area &&
				 r.ring > 0 && r.paper >= BED_PAPER * r.ring;
		for (int k = 0; k < 4; k++)
			block = block && r.hi[k] - r.lo[k] + 1 < BED_SIDE * (k < 2 ? h : w);
		g_array_append_val(is_block, block);
		blocks += block;
		id++;
	}
	for (size_t i = 0; i < n && blocks; i++) {
		if (label[i] < 0 || !g_array_index(is_block, gboolean, label[i]))
			continue;
		int x = (int)(i % w), y = (int)(i / w);
		for (int v = MAX(0, y - BED_GROW); v <= MIN(h - 1, y + BED_GROW); v++)
			for (int u = MAX(0, x - BED_GROW); u <= MIN(w - 1, x + BED_GROW); u++)
				mask[(size_t)v * w + u] = 1;
	}
	g_array_unref(is_block);
	g_free(label);
	g_free(stack);
	return blocks;
}

int pl_bed_erase(guchar *lum, int w, int h, int distance, PlInk *ink)
{
	size_t n = (size_t)w * h;
	guchar *mask = g_malloc(n);
	int blocks = pl_bed_blocks(lum, w, h, CLAMP(ink->paper / 2, 40, 110), ink->level, mask);
	if (blocks) {
		for (size_t i = 0; i < n; i++)
			if (mask[i])
				lum[i] = (guchar)ink->paper;
		pl_ink_measure(lum, n, distance, ink);
	}
	g_free(mask);
	return blocks;
}

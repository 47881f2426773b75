/* Blocks of the bed showing through a cut-out sheet (imaging/bed.h), on
 * luminance buffers drawn here: a bite out of the sheet's edge and a cut
 * corner are blocks, also a few pixels off the edge (deskew's fill wedge);
 * a bed along a whole side, print touching the edge, a dark part of a
 * picture ending in mid-tones and a speck are not. */
#include <glib.h>
#include <string.h>

#include "imaging/bed.h"

#define W 800
#define H 600
#define PAPER 210
#define BED 25
#define DARK 105   /* what the steps pass: half the paper's level */
#define LIGHT 150  /* and the ink level: lighter is paper */

static guchar *sheet(void)
{
	guchar *lum = g_malloc((size_t)W * H);
	memset(lum, PAPER, (size_t)W * H);
	return lum;
}

static void rect(guchar *lum, int x0, int y0, int x1, int y1, int v)
{
	for (int y = MAX(0, y0); y < MIN(H, y1); y++)
		for (int x = MAX(0, x0); x < MIN(W, x1); x++)
			lum[(size_t)y * W + x] = (guchar)v;
}

static int marked(const guchar *mask, int x, int y)
{
	return mask[(size_t)y * W + x];
}

static void test_bite_is_a_block(void)
{
	g_autofree guchar *lum = sheet(), *mask = g_malloc((size_t)W * H);
	/* a bite 40 deep along 20 % of the right side, a soft edge round it */
	rect(lum, W - 42, 198, W, 322, 110);
	rect(lum, W - 40, 200, W, 320, BED);
	g_assert_cmpint(pl_bed_blocks(lum, W, H, DARK, LIGHT, mask), ==, 1);
	g_assert_true(marked(mask, W - 1, 260));
	g_assert_true(marked(mask, W - 41, 260)); /* grown over its soft edge */
	g_assert_false(marked(mask, W - 60, 260));
	g_assert_false(marked(mask, W - 1, 100));
}

static void test_corner_off_the_edge(void)
{
	g_autofree guchar *lum = sheet(), *mask = g_malloc((size_t)W * H);
	/* a cut corner, a triangle, 3 px from the edges: the wedge of paper
	 * fill a turn leaves */
	for (int y = 3; y < 90; y++)
		rect(lum, 3, y, 3 + (90 - y) * 60 / 90, y + 1, BED);
	g_assert_cmpint(pl_bed_blocks(lum, W, H, DARK, LIGHT, mask), ==, 1);
	g_assert_true(marked(mask, 10, 10));
}

static void test_bed_along_a_side(void)
{
	g_autofree guchar *lum = sheet(), *mask = g_malloc((size_t)W * H);
	/* the bed along the whole left side: the border's, and a page edge
	 * for deskew */
	rect(lum, 0, 0, 30, H, BED);
	g_assert_cmpint(pl_bed_blocks(lum, W, H, DARK, LIGHT, mask), ==, 0);
	g_assert_false(marked(mask, 5, 300));
}

static void test_print_is_no_block(void)
{
	g_autofree guchar *lum = sheet(), *mask = g_malloc((size_t)W * H);
	/* lines of print running off the left edge: strokes 2 px thick */
	for (int y = 100; y < 200; y += 8)
		rect(lum, 0, y, 120, y + 2, BED);
	for (int x = 0; x < 120; x += 6)
		rect(lum, x, 100, x + 2, 200, BED);
	/* a dark part of a picture at the bottom edge, ending in mid-tones */
	rect(lum, 300, H - 80, 500, H, 120);
	rect(lum, 310, H - 70, 490, H, BED);
	/* a speck of bed at the top edge */
	rect(lum, 600, 0, 606, 5, BED);
	g_assert_cmpint(pl_bed_blocks(lum, W, H, DARK, LIGHT, mask), ==, 0);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/bed/bite", test_bite_is_a_block);
	g_test_add_func("/bed/corner-off-the-edge", test_corner_off_the_edge);
	g_test_add_func("/bed/along-a-side", test_bed_along_a_side);
	g_test_add_func("/bed/print", test_print_is_no_block);
	return g_test_run();
}

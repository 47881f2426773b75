/* The faint rules trim keeps: a thin line a few levels under the paper is
 * found beyond a box, through paper grain; a step (a page's edge), a line
 * past a neighbour's ink, or one hugging the image's edge is not. */
#include <glib.h>
#include <string.h>

#include "imaging/edges.h"
#include "imaging/ink.h"

enum { W = 400, H = 300, PAPER = 210 };

/* Paper with a grain of +-6 levels, the same for every run. */
static guchar *paper_new(void)
{
	guchar *lum = g_new(guchar, W * H);
	GRand *r = g_rand_new_with_seed(7);
	for (int i = 0; i < W * H; i++)
		lum[i] = (guchar)(PAPER + g_rand_int_range(r, -6, 7));
	g_rand_free(r);
	return lum;
}

static void hline(guchar *lum, int y, int x0, int x1, int dip)
{
	for (int x = x0; x < x1; x++)
		lum[y * W + x] -= dip;
}

static void vline(guchar *lum, int x, int y0, int y1, int dip)
{
	for (int y = y0; y < y1; y++)
		lum[y * W + x] -= dip;
}

/* The content: x 120..280, y 100..200. */
static const int box[4] = { 120, 100, 280, 200 };

static void test_faint_found(void)
{
	guchar *lum = paper_new();
	/* 7 levels under the paper: less than the grain's range */
	hline(lum, 40, 150, 260, 7);
	hline(lum, 250, 100, 300, 7);
	vline(lum, 60, 60, 260, 7);
	g_assert_cmpint(pl_ink_faint_rule(lum, W, H, PAPER, 150, PL_EDGE_TOP, box, 40), ==, 40);
	g_assert_cmpint(pl_ink_faint_rule(lum, W, H, PAPER, 150, PL_EDGE_BOTTOM, box, 40), ==, 250);
	g_assert_cmpint(pl_ink_faint_rule(lum, W, H, PAPER, 150, PL_EDGE_LEFT, box, 40), ==, 60);
	/* nothing on the right; and a line shorter than asked is no rule */
	g_assert_cmpint(pl_ink_faint_rule(lum, W, H, PAPER, 150, PL_EDGE_RIGHT, box, 40), ==, -1);
	g_assert_cmpint(pl_ink_faint_rule(lum, W, H, PAPER, 150, PL_EDGE_TOP, box, 150), ==, -1);
	g_free(lum);
}

static void test_faint_not_steps_nor_beyond_ink(void)
{
	guchar *lum = paper_new();
	/* a page's edge: darker paper from x 330 to the right */
	for (int y = 0; y < H; y++)
		for (int x = 330; x < W; x++)
			lum[y * W + x] -= 15;
	g_assert_cmpint(pl_ink_faint_rule(lum, W, H, PAPER, 150, PL_EDGE_RIGHT, box, 40), ==, -1);
	/* a line beyond a neighbour's text (a column of ink at y 40..48) is
	 * not reached; one before it is */
	hline(lum, 20, 100, 300, 7);
	for (int y = 40; y < 48; y++)
		for (int x = 120; x < 280; x += 3)
			lum[y * W + x] = 60;
	g_assert_cmpint(pl_ink_faint_rule(lum, W, H, PAPER, 150, PL_EDGE_TOP, box, 40), ==, -1);
	hline(lum, 70, 100, 300, 7);
	g_assert_cmpint(pl_ink_faint_rule(lum, W, H, PAPER, 150, PL_EDGE_TOP, box, 40), ==, 70);
	/* a line hugging the image's edge is the scan's edge */
	hline(lum, H - 4, 0, W, 9);
	g_assert_cmpint(pl_ink_faint_rule(lum, W, H, PAPER, 150, PL_EDGE_BOTTOM, box, 40), ==, -1);
	g_free(lum);
}

/* A frame rule's box ends where its last dark line does; its soft side,
 * half dark, lies on the box's edge: the search steps over it and finds a
 * faint line beyond (the frame path of trim on a generated cut-out). */
static void test_faint_beyond_a_rules_soft_side(void)
{
	guchar *lum = paper_new();
	/* the rule: dark at y 199, its soft side at y 200, where the box ends */
	hline(lum, 199, 120, 280, 150);
	hline(lum, 200, 120, 280, 90);
	hline(lum, 250, 100, 300, 7);
	g_assert_cmpint(pl_ink_faint_rule(lum, W, H, PAPER, 150, PL_EDGE_BOTTOM, box, 40), ==, 250);
	/* a band of ink wider than a soft side still ends the search */
	for (int y = 201; y < 206; y++)
		hline(lum, y, 120, 280, 150);
	g_assert_cmpint(pl_ink_faint_rule(lum, W, H, PAPER, 150, PL_EDGE_BOTTOM, box, 40), ==, -1);
	g_free(lum);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/ink/faint-rule/found", test_faint_found);
	g_test_add_func("/ink/faint-rule/not-steps-nor-beyond-ink", test_faint_not_steps_nor_beyond_ink);
	g_test_add_func("/ink/faint-rule/beyond-a-rules-soft-side", test_faint_beyond_a_rules_soft_side);
	return g_test_run();
}

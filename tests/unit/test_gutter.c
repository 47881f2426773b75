/* The gutter finder on lines' median profiles, from the side inward: a
 * facing leaf, a dark fold and a soft shade rising to the page is a gutter;
 * a printed rule (sharp), a dark band from the very edge (no leaf beyond),
 * a dark area that never lightens (a picture) and a fold beyond the reach
 * are not. */
#include <glib.h>

#include "imaging/gutter.h"

#define N 1000
#define PAPER 220
#define LEVEL 170

/* Paper everywhere, with a leaf of facing paper, a fold from `fold` to
 * `fold + core` and a shade rising linearly over `soft` positions. */
static void profile(int *med, int fold, int core, int soft)
{
	for (int k = 0; k < N; k++)
		med[k] = PAPER;
	for (int k = 0; k < fold; k++)
		med[k] = PAPER - 15; /* the facing leaf, a little darker */
	for (int k = fold; k < fold + core; k++)
		med[k] = 60;
	for (int i = 0; i < soft; i++) /* 150 up to the paper */
		med[fold + core + i] = 150 + (PAPER - 150) * i / soft;
}

static void test_gutter_found(void)
{
	int med[N], lit = -1;
	profile(med, 150, 6, 20);
	/* The core ends where the shade is lighter than ink (150 + 3.5 i >=
	 * 170), lit where it is within 12 of the paper (>= 208). */
	g_assert_cmpint(pl_gutter_find(med, N, PAPER, LEVEL, 300, &lit), ==, 162);
	g_assert_cmpint(lit, ==, 173);
}

static void test_rule_is_not_a_gutter(void)
{
	int med[N], lit = -1;
	profile(med, 150, 3, 1); /* sharp on the page's side */
	g_assert_cmpint(pl_gutter_find(med, N, PAPER, LEVEL, 300, &lit), ==, -1);
}

static void test_dark_from_the_edge_is_not_a_gutter(void)
{
	int med[N], lit = -1;
	profile(med, 0, 40, 20); /* a spine or a bed: the zone's test, not this */
	g_assert_cmpint(pl_gutter_find(med, N, PAPER, LEVEL, 300, &lit), ==, -1);
}

static void test_dark_area_is_not_a_gutter(void)
{
	int med[N], lit = -1;
	profile(med, 150, 6, 20);
	for (int k = 156; k < 400; k++) /* dark far into the page: a picture */
		med[k] = 120;
	g_assert_cmpint(pl_gutter_find(med, N, PAPER, LEVEL, 300, &lit), ==, -1);
}

static void test_fold_beyond_reach(void)
{
	int med[N], lit = -1;
	profile(med, 350, 6, 20);
	g_assert_cmpint(pl_gutter_find(med, N, PAPER, LEVEL, 300, &lit), ==, -1);
	g_assert_cmpint(pl_gutter_find(med, N, PAPER, LEVEL, 400, &lit), ==, 362);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/gutter/found", test_gutter_found);
	g_test_add_func("/gutter/rule", test_rule_is_not_a_gutter);
	g_test_add_func("/gutter/from-edge", test_dark_from_the_edge_is_not_a_gutter);
	g_test_add_func("/gutter/dark-area", test_dark_area_is_not_a_gutter);
	g_test_add_func("/gutter/reach", test_fold_beyond_reach);
	return g_test_run();
}

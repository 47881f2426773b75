#include "imaging/gutter.h"

#include <glib.h>

/* The shade towards the page rises to within GUTTER_PAPER of the paper
 * over at least GUTTER_SOFT_PCT of the side: a gutter's shadow darkens the
 * page over 1 to 4 % of its width (the generated spreads; pancrazi's and
 * lyra's folds), a printed rule or a picture's edge goes from ink to paper
 * in a pixel or two. */
#define GUTTER_PAPER 12
#define GUTTER_SOFT_PCT 0.5
/* ... and reaches the paper within GUTTER_SHADE_PCT, or it is a picture's
 * dark area, not a shadow. */
#define GUTTER_SHADE_PCT 6.0
/* The core is at most this wide (percent of the side): the fold and the
 * deepest of the shade on both sides of it. */
#define GUTTER_CORE_PCT 8.0
/* Beyond the core, towards the side, the facing leaf: lighter than ink by
 * GUTTER_LEAF within GUTTER_LEAF_PCT of the core. */
#define GUTTER_LEAF 25
#define GUTTER_LEAF_PCT 6.0

int pl_gutter_find(const int *med, int n, int paper, int level, int reach, int *lit_out)
{
	int core_max = MAX(2, (int)(n * GUTTER_CORE_PCT / 100));
	int soft = MAX(2, (int)(n * GUTTER_SOFT_PCT / 100));
	int shade_max = MAX(soft + 1, (int)(n * GUTTER_SHADE_PCT / 100));
	int leaf_max = MAX(2, (int)(n * GUTTER_LEAF_PCT / 100));
	reach = MIN(reach, n);
	for (int c0 = 1; c0 < reach; c0++) {
		if (med[c0] >= level || med[c0 - 1] < level)
			continue;
		int c1 = c0;
		while (c1 < n && med[c1] < level)
			c1++;
		if (c1 - c0 > core_max || c1 >= n) {
			c0 = c1;
			continue;
		}
		/* The facing leaf beyond the core: paper, lighter than ink. */
		gboolean leaf = FALSE;
		for (int k = c0 - 1; k >= MAX(0, c0 - leaf_max) && !leaf; k--)
			leaf = med[k] >= level + GUTTER_LEAF;
		/* The shade towards the page: soft, then paper. */
		int lit = -1;
		for (int k = c1; k < MIN(n, c1 + shade_max) && lit < 0; k++)
			if (med[k] >= paper - GUTTER_PAPER)
				lit = k;
		if (leaf && lit >= 0 && lit - c1 >= soft) {
			*lit_out = lit;
			return c1;
		} /* the outermost: nothing of the page beyond it */
		c0 = c1;
	}
	return -1;
}

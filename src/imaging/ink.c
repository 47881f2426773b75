#include "imaging/ink.h"

#include "imaging/pixels.h"

/* 30 % of the way from paper to ink, and never nearer the paper than 20
 * levels: the rule trim and deskew's edge finder each kept on their own,
 * tuned on the generated scans (tests/bench/accuracy.sh), where paper
 * mottling and JPEG noise reach about 15 levels and faded ink starts some
 * 60 levels under the paper. */
#define PL_INK_SHARE 0.3
#define PL_INK_MIN 20

void pl_ink_measure(const guchar *lum, size_t n, int distance, PlInk *k)
{
	pl_paper_ink(lum, n, &k->threshold, &k->paper, &k->ink);
	if (distance <= 0)
		distance = MAX(PL_INK_MIN, (int)(PL_INK_SHARE * (k->paper - k->ink)));
	k->level = k->paper - distance;
}

void pl_ink_cover(const guchar *lum, int w, int h, int level, gboolean columns, int from, int to,
		  double *out)
{
	int len = columns ? w : h, along = columns ? h : w;
	from = CLAMP(from, 0, along);
	to = CLAMP(to, from, along);
	for (int i = 0; i < len; i++)
		out[i] = 0;
	if (to == from)
		return;
	if (columns) {
		for (int y = from; y < to; y++) {
			const guchar *row = lum + (size_t)y * w;
			for (int x = 0; x < w; x++)
				out[x] += row[x] < level;
		}
	} else {
		for (int y = 0; y < h; y++) {
			const guchar *row = lum + (size_t)y * w;
			int c = 0;
			for (int x = from; x < to; x++)
				c += row[x] < level;
			out[y] = c;
		}
	}
	for (int i = 0; i < len; i++)
		out[i] /= to - from;
}

#include "imaging/ink.h"

#include "imaging/edges.h"
#include "imaging/pixels.h"

#include <stddef.h>

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

/* A faint rule: a line at most FAINT_REACH - 1 pixels thick, darker by
 * FAINT_DIP (averaged over FAINT_SPAN pixels along it) than the paper
 * FAINT_REACH pixels on both sides of it (the lighter side only would take
 * every step, a page's edge or a shadow's, for a line), which itself is
 * paper, not a bed or a dark wash (above FAINT_PAPER of the paper's level). The mean over the
 * span lets a line 5 levels deep stand out of JPEG noise and paper grain
 * of 10 and more; the second difference across lets stains and washes,
 * which change slowly, cancel. */
#define FAINT_REACH 3
#define FAINT_SPAN 15
#define FAINT_DIP 4.0
#define FAINT_PAPER 0.75
/* A line across the box's span with this share of ink or of dark (a bed, a
 * gutter's shadow, a facing page's text) is no blank margin any more: the
 * search for rules stops there, so that it never crosses into a
 * neighbour's content. The roof of a drawing, crossed by a row at two
 * points, stays well under. */
#define FAINT_STOP 0.04
/* Lines this near the image's edge (share of the side) are not searched: a
 * thin dark line hugging it is the scan's own edge, or that edge turned by
 * deskew (at 0.7 degrees a two-pixel line runs for a tenth of the side
 * within 2.5 % of it), not a drawing's. */
#define FAINT_EDGE 0.025

/* Longest run, along line i (a row, or a column when columns), of the
 * windows dark enough to be a faint line. */
static int faint_run(const guchar *lum, int w, int h, int paper, gboolean columns, int i)
{
	int len = columns ? h : w;
	size_t step = columns ? (size_t)w : 1, across = columns ? 1 : (size_t)w;
	const guchar *line = columns ? lum + i : lum + (size_t)i * w;
	double *r = g_new(double, len);
	int floor_ = (int)(FAINT_PAPER * paper);
	for (int k = 0; k < len; k++) {
		const guchar *p = line + k * step;
		int a = p[-(ptrdiff_t)(FAINT_REACH * across)], b = p[FAINT_REACH * across];
		/* beside a bed or a dark stroke: no evidence either way */
		r[k] = a < floor_ || b < floor_ ? 0 : MIN(a, b) - p[0];
	}
	int best = 0, run = 0;
	double sum = 0;
	for (int k = 0; k < len; k++) {
		sum += r[k];
		if (k >= FAINT_SPAN)
			sum -= r[k - FAINT_SPAN];
		if (k >= FAINT_SPAN - 1 && sum >= FAINT_DIP * FAINT_SPAN)
			best = MAX(best, ++run + FAINT_SPAN - 1);
		else
			run = 0;
	}
	g_free(r);
	(void)h;
	return best;
}

/* The share of line i across [from, to) darker than level. */
static double dark_share(const guchar *lum, int w, gboolean columns, int i, int from, int to,
			 int level)
{
	int n = 0;
	for (int k = from; k < to; k++)
		n += (columns ? lum[(size_t)k * w + i] : lum[(size_t)i * w + k]) < level;
	return to > from ? (double)n / (to - from) : 0;
}

int pl_ink_faint_rule(const guchar *lum, int w, int h, int paper, int level, int side,
		      const int box[4], int min_run)
{
	gboolean columns = side == PL_EDGE_LEFT || side == PL_EDGE_RIGHT;
	int n = columns ? w : h;
	/* lines from the box's side outwards, keeping clear of the image's edge */
	int edge = MAX(FAINT_REACH, (int)(FAINT_EDGE * n)), from, to, dir;
	if (n <= 2 * edge + 1)
		return -1;
	switch (side) {
	case PL_EDGE_TOP: from = box[1] - 1, to = edge, dir = -1; break;
	case PL_EDGE_BOTTOM: from = box[3], to = n - 1 - edge, dir = 1; break;
	case PL_EDGE_LEFT: from = box[0] - 1, to = edge, dir = -1; break;
	default: from = box[2], to = n - 1 - edge, dir = 1; break;
	}
	if (dir < 0 ? from < to : from > to)
		return -1;
	from = CLAMP(from, edge, n - 1 - edge);
	int span0 = CLAMP(columns ? box[1] : box[0], 0, columns ? h : w);
	int span1 = CLAMP(columns ? box[3] : box[2], span0, columns ? h : w);
	int found = -1, stop = MIN(level, (int)(FAINT_PAPER * paper));
	/* The box's own edge may be a rule's soft side (trim's frame ends
	 * where the rule's last dark line does): step over it. */
	for (int k = 0; k < FAINT_REACH && (dir < 0 ? from > to : from < to) &&
			dark_share(lum, w, columns, from, span0, span1, stop) > FAINT_STOP;
	     k++)
		from += dir;
	for (int i = from; dir < 0 ? i >= to : i <= to; i += dir) {
		if (dark_share(lum, w, columns, i, span0, span1, stop) > FAINT_STOP)
			break;
		if (faint_run(lum, w, h, paper, columns, i) >= min_run)
			found = i;
	}
	return found;
}

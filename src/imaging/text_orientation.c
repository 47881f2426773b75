#include "imaging/text_orientation.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Cells of this many preview pixels denser in ink than DENSE_SHARE are a
 * dark surround, a solid area or a picture's shadow, not text: left out. */
#define DENSE_CELL 16
#define DENSE_SHARE 0.35
/* Each axis is measured in TILES x TILES tiles, so that a page's columns
 * and the lines' slight skew do not blur one another's profiles. */
#define TILES 8
/* A tile with less ink than this share of its area says nothing. */
#define TILE_MIN_INK 0.02
/* A profile line with less than BLANK_SHARE of the tile's REF_QUANTILE line
 * is blank: not of its fullest line, which a rule along the lines would set
 * (a framed page's columns then all looked blank), and not 2 % of it, which
 * a shrunk preview's tight leading never leaves between lines (the upside
 * down generated pages: 0.19-0.23 blank rows, now 0.28 and more). A line of
 * text is where the profile exceeds LINE_ON of the fullest line, at least
 * LINE_MIN_LEN lines, and its x-height band where it exceeds half its peak. */
#define BLANK_SHARE 0.08
#define REF_QUANTILE 0.9
#define LINE_ON 0.08
#define LINE_MIN_LEN 4
/* The decision, from the 31 real samples (tests/bench/README.md): upright
 * text pages have 0.21-0.48 blank rows across their lines and 0.03-0.16
 * blank columns (euler's tables and boxedpage's ruled box 0.18-0.19); the
 * two sideways ones (pancrazi, and boston before its EXIF turn) 0.28-0.32
 * blank columns against 0.08-0.09 blank rows; drawings reach 0.63 either
 * way but with a handful of lines. */
#define TEXT_MIN_LINES 60
#define TEXT_MIN_GAPS 0.25
#define TEXT_AXIS_RATIO 2.5
/* Upright text pages: asymmetry +0.07 to +0.55 across (real and generated),
 * upside-down generated pages -0.17 to -0.53; upside down is called below
 * -ASYM_UPSIDE_DOWN only, and is unsure above -ASYM_SURE. */
#define ASYM_UPSIDE_DOWN 0.12
/* Asymmetry that makes the direction of a sideways page sure. */
#define ASYM_SURE 0.15

/* Letters: blobs of ink between LETTER_MIN preview pixels and the longer
 * side over LETTER_SPLIT (37 px on a 1500 px preview; body text is 8-20),
 * filling LETTER_FILL_MIN to LETTER_FILL_MAX of their box, at most
 * LETTER_ELONG times longer than wide: not specks, rules, hatching or a
 * picture's solid parts. */
#define LETTER_MIN 3
#define LETTER_SPLIT 40
#define LETTER_FILL_MIN 0.15
#define LETTER_FILL_MAX 0.9
#define LETTER_ELONG 4
/* Two letters are neighbours along a line when their extents across it
 * overlap by LINK_OVERLAP of the smaller one's, differ by less than
 * LINK_SIZE_RATIO, and the gap between them is at most LINK_GAP of the
 * larger: the letters of a word, not those of the next line. LINK_CHAIN
 * letters so linked are a line of text. */
#define LINK_OVERLAP 0.5
#define LINK_SIZE_RATIO 2.5
#define LINK_GAP 0.5
#define LINK_CHAIN 4
/* The decision from the letters, from the 31 real samples and 66 generated
 * pages (accuracy.sh, seeds 1 and 5), links counted without the blobs
 * linked both ways (a halftone's or a stipple's grain): upright real pages
 * link across 1.4 to 300 times as often as down (engravings and title
 * pages 1.4-6), the real sideways ones down 6.5 (lyra: an engraving, its
 * captions, and a facing page's strip of upright print below it, which the
 * profiles call no text at all), 10 (pancrazi) and 57 times (boston before
 * its EXIF turn), the generated sideways ones 120 times and more. */
#define LETTERS_MIN_LINKS 60
#define LETTERS_AXIS_RATIO 2.5
/* The chains' asymmetry (as asym_h, asym_v, on the chains' own letters, so
 * that an engraving's lines do not blur it) once LETTERS_MIN_CHAINED letters
 * are in chains: +0.10 to +0.78 across the real upright pages but an
 * inscription in capitals (-0.27) and a low-contrast page (0.00); down, 0.13
 * to 0.31 either way on the generated sideways pages, lyra -0.16, pancrazi
 * and boston +0.25, where the profiles' asym_v had lyra's the wrong way
 * (+0.11) and pancrazi's at 0; a mounted print's grain linked down: +0.04. */
#define LETTERS_MIN_CHAINED 20
#define LETTERS_ASYM_SURE 0.12

typedef struct {
	int blank, span, lines;
	double above, below;
} Profiles;

/* Lines of text in one profile: ink above and below each one's x-height
 * band. */
static void profile_lines(const double *r, int n, Profiles *p)
{
	double max = 0;
	for (int i = 0; i < n; i++)
		max = MAX(max, r[i]);
	if (max <= 0)
		return;
	for (int y = 0; y < n;) {
		if (r[y] <= LINE_ON * max) {
			y++;
			continue;
		}
		int a = y;
		while (y < n && r[y] > LINE_ON * max)
			y++;
		if (y - a < LINE_MIN_LEN)
			continue;
		double peak = 0;
		for (int k = a; k < y; k++)
			peak = MAX(peak, r[k]);
		int c0 = a, c1 = y - 1;
		while (r[c0] < peak / 2)
			c0++;
		while (r[c1] < peak / 2)
			c1--;
		for (int k = a; k < c0; k++)
			p->above += r[k];
		for (int k = c1 + 1; k < y; k++)
			p->below += r[k];
		p->lines++;
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* One tile's profile along the lines (rows when across, else columns). */
static void tile_profile(const guchar *ink, int w, int x0, int x1, int y0, int y1,
			 gboolean across, Profiles *p)
{
	int n = across ? y1 - y0 : x1 - x0, total = 0;
	double *r = g_new0(double, n), max = 0;
	for (int y = y0; y < y1; y++)
		for (int x = x0; x < x1; x++)
			if (ink[(size_t)y * w + x]) {
				r[across ? y - y0 : x - x0]++;
				total++;
			}
	if (total >= TILE_MIN_INK * (x1 - x0) * (y1 - y0)) {
		int first = -1, last = -1;
		for (int i = 0; i < n; i++) {
			max = MAX(max, r[i]);
			if (r[i] > 0)
				last = i, first = first < 0 ? i : first;
		}
		/* The reference is a high percentile, not the maximum: a rule
		 * along the lines would make every line of text look blank. */
		int len = last - first + 1;
		double *sorted = g_memdup2(r + first, sizeof(double) * len);
		qsort(sorted, len, sizeof(double), cmp_double);
		double ref = sorted[MIN(len - 1, (int)(len * REF_QUANTILE))];
		g_free(sorted);
		for (int i = first; i <= last; i++)
			p->blank += r[i] <= BLANK_SHARE * ref;
		p->span += last - first + 1;
		profile_lines(r, n, p);
	}
	g_free(r);
}

/* The ink, without the dense cells. */
static guchar *text_ink(const guchar *lum, int w, int h, int level)
{
	guchar *ink = g_malloc((size_t)w * h);
	for (size_t i = 0; i < (size_t)w * h; i++)
		ink[i] = lum[i] < level;
	for (int cy = 0; cy < h; cy += DENSE_CELL)
		for (int cx = 0; cx < w; cx += DENSE_CELL) {
			int y1 = MIN(h, cy + DENSE_CELL), x1 = MIN(w, cx + DENSE_CELL), n = 0;
			for (int y = cy; y < y1; y++)
				for (int x = cx; x < x1; x++)
					n += ink[(size_t)y * w + x];
			if (n > DENSE_SHARE * (y1 - cy) * (x1 - cx))
				for (int y = cy; y < y1; y++)
					memset(ink + (size_t)y * w + cx, 0, x1 - cx);
		}
	return ink;
}

static void measure_axis(const guchar *ink, int w, int h, gboolean across, double *gaps,
			 int *lines, double *asym)
{
	Profiles p = { 0 };
	for (int i = 0; i < TILES; i++)
		for (int k = 0; k < TILES; k++)
			tile_profile(ink, w, k * w / TILES, (k + 1) * w / TILES, i * h / TILES,
				     (i + 1) * h / TILES, across, &p);
	*gaps = p.span ? (double)p.blank / p.span : 0;
	*lines = p.lines;
	*asym = p.above + p.below > 0 ? (p.above - p.below) / (p.above + p.below) : 0;
}

typedef struct {
	int x0, y0, x1, y1; /* box, ends exclusive */
	int n;              /* ink pixels */
} Blob;

/* The root of i's set: its first pixel in raster order. */
static int blob_root(int *par, int i)
{
	while (par[i] != i) {
		par[i] = par[par[i]];
		i = par[i];
	}
	return i;
}

/* The 8-connected blobs of ink, as boxes. */
static GArray *ink_blobs(const guchar *lum, int w, int h, int level)
{
	int n = w * h;
	int *par = g_new(int, n);
	for (int i = 0; i < n; i++)
		par[i] = lum[i] < level ? i : -1;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			int i = y * w + x;
			if (par[i] < 0)
				continue;
			/* the neighbours already seen: left, and the three above */
			int nb[4] = { x > 0 ? i - 1 : -1, y > 0 && x > 0 ? i - w - 1 : -1,
				      y > 0 ? i - w : -1, y > 0 && x + 1 < w ? i - w + 1 : -1 };
			for (int k = 0; k < 4; k++) {
				if (nb[k] < 0 || par[nb[k]] < 0)
					continue;
				int a = blob_root(par, i), b = blob_root(par, nb[k]);
				if (a != b)
					par[MAX(a, b)] = MIN(a, b);
			}
		}
	/* Every parent comes before its child: in raster order, a root starts
	 * a blob, and each pixel takes its parent's blob, as -(blob + 2). */
	GArray *blobs = g_array_new(FALSE, FALSE, sizeof(Blob));
	for (int i = 0; i < n; i++) {
		if (par[i] == -1)
			continue;
		int k;
		if (par[i] == i) {
			Blob b = { i % w, i / w, i % w + 1, i / w + 1, 0 };
			g_array_append_val(blobs, b);
			k = blobs->len - 1;
			par[i] = -(k + 2);
		} else {
			par[i] = par[par[i]];
			k = -par[i] - 2;
		}
		Blob *b = &g_array_index(blobs, Blob, k);
		int x = i % w, y = i / w;
		b->x0 = MIN(b->x0, x), b->x1 = MAX(b->x1, x + 1);
		b->y0 = MIN(b->y0, y), b->y1 = MAX(b->y1, y + 1);
		b->n++;
	}
	g_free(par);
	return blobs;
}

/* The blobs shaped like letters. */
static GArray *letters_of(GArray *blobs, int w, int h)
{
	int max = MAX(2 * LETTER_MIN, MAX(w, h) / LETTER_SPLIT);
	GArray *l = g_array_new(FALSE, FALSE, sizeof(Blob));
	for (guint i = 0; i < blobs->len; i++) {
		const Blob *b = &g_array_index(blobs, Blob, i);
		int bw = b->x1 - b->x0, bh = b->y1 - b->y0;
		double fill = (double)b->n / ((double)bw * bh);
		if (MAX(bw, bh) < LETTER_MIN || MAX(bw, bh) > max || MIN(bw, bh) < 2 ||
		    fill < LETTER_FILL_MIN || fill > LETTER_FILL_MAX || bw > LETTER_ELONG * bh ||
		    bh > LETTER_ELONG * bw)
			continue;
		g_array_append_val(l, *b);
	}
	return l;
}

typedef struct {
	int key, index;
} Keyed;

static int cmp_keyed(const void *a, const void *b)
{
	const Keyed *x = a, *y = b;
	if (x->key != y->key)
		return (x->key > y->key) - (x->key < y->key);
	return (x->index > y->index) - (x->index < y->index);
}

/* A blob's extent along the line (across: x) and across it. */
static void blob_extent(const Blob *b, gboolean across, int *a0, int *a1, int *c0, int *c1)
{
	*a0 = across ? b->x0 : b->y0, *a1 = across ? b->x1 : b->y1;
	*c0 = across ? b->y0 : b->x0, *c1 = across ? b->y1 : b->x1;
}

/* For each letter, its nearest neighbour after it along a line across
 * (right of it) or down (below it), or -1. */
static void link_letters(const Blob *l, int n, gboolean across, int *next)
{
	Keyed *order = g_new(Keyed, MAX(n, 1));
	int reach = 0;
	for (int i = 0; i < n; i++) {
		int a0, a1, c0, c1;
		blob_extent(&l[i], across, &a0, &a1, &c0, &c1);
		order[i] = (Keyed){ a0, i };
		reach = MAX(reach, c1 - c0);
	}
	qsort(order, n, sizeof *order, cmp_keyed);
	for (int i = 0; i < n; i++) {
		int a0, a1, c0, c1, best = -1, best_gap = INT_MAX;
		blob_extent(&l[i], across, &a0, &a1, &c0, &c1);
		/* the first letter starting at or after this one's end, less a
		 * pixel of touching */
		int lo = 0, hi = n;
		while (lo < hi) {
			int mid = (lo + hi) / 2;
			if (order[mid].key < a1 - 1)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (int k = lo; k < n && order[k].key <= a1 + LINK_GAP * reach; k++) {
			int j = order[k].index, b0, b1, d0, d1;
			if (j == i)
				continue;
			blob_extent(&l[j], across, &b0, &b1, &d0, &d1);
			int small = MIN(c1 - c0, d1 - d0), large = MAX(c1 - c0, d1 - d0);
			int gap = b0 - a1, overlap = MIN(c1, d1) - MAX(c0, d0);
			if (overlap >= LINK_OVERLAP * small && large < LINK_SIZE_RATIO * small &&
			    gap <= LINK_GAP * large && gap < best_gap)
				best = j, best_gap = gap;
		}
		next[i] = best;
	}
	g_free(order);
}

/* The chains of linked letters of at least LINK_CHAIN: how many letters
 * they hold, and the ink of their letters' boxes above and below the
 * chain's x-height band, summed. */
static int chain_asymmetry(const guchar *lum, int w, int level, const Blob *l, int n,
			   const int *next, gboolean across, double *asym)
{
	int *root = g_new(int, MAX(n, 1)), *count = g_new0(int, MAX(n, 1));
	int *start = g_new0(int, n + 1), *member = g_new(int, MAX(n, 1));
	for (int i = 0; i < n; i++)
		root[i] = i;
	for (int i = 0; i < n; i++)
		if (next[i] >= 0) {
			int a = blob_root(root, i), b = blob_root(root, next[i]);
			if (a != b)
				root[MAX(a, b)] = MIN(a, b);
		}
	for (int i = 0; i < n; i++)
		count[root[i] = blob_root(root, i)]++;
	for (int i = 0; i < n; i++)
		start[i + 1] = start[i] + count[i];
	for (int i = n - 1; i >= 0; i--)
		member[start[root[i]] + --count[root[i]]] = i;
	double above = 0, below = 0;
	int chained = 0;
	for (int r = 0; r < n; r++) {
		int m = start[r + 1] - start[r];
		if (m < LINK_CHAIN)
			continue;
		chained += m;
		int lo = INT_MAX, hi = 0;
		for (int k = start[r]; k < start[r + 1]; k++) {
			int a0, a1, c0, c1;
			blob_extent(&l[member[k]], across, &a0, &a1, &c0, &c1);
			lo = MIN(lo, c0), hi = MAX(hi, c1);
		}
		double *prof = g_new0(double, hi - lo), peak = 0;
		for (int k = start[r]; k < start[r + 1]; k++) {
			const Blob *b = &l[member[k]];
			for (int y = b->y0; y < b->y1; y++)
				for (int x = b->x0; x < b->x1; x++)
					if (lum[(size_t)y * w + x] < level)
						prof[(across ? y : x) - lo]++;
		}
		for (int k = 0; k < hi - lo; k++)
			peak = MAX(peak, prof[k]);
		int c0 = 0, c1 = hi - lo - 1;
		while (prof[c0] < peak / 2)
			c0++;
		while (prof[c1] < peak / 2)
			c1--;
		for (int k = 0; k < c0; k++)
			above += prof[k];
		for (int k = c1 + 1; k < hi - lo; k++)
			below += prof[k];
		g_free(prof);
	}
	*asym = above + below > 0 ? (above - below) / (above + below) : 0;
	g_free(root);
	g_free(count);
	g_free(start);
	g_free(member);
	return chained;
}

/* The letters' evidence: links and chains across and down. */
static void measure_letters(const guchar *lum, int w, int h, int level, PlTextOrientation *t)
{
	GArray *blobs = ink_blobs(lum, w, h, level);
	GArray *letters = letters_of(blobs, w, h);
	g_array_free(blobs, TRUE);
	const Blob *l = (const Blob *)(void *)letters->data;
	int n = letters->len, *next_h = g_new(int, MAX(n, 1)), *next_v = g_new(int, MAX(n, 1));
	link_letters(l, n, TRUE, next_h);
	link_letters(l, n, FALSE, next_v);
	/* A blob with neighbours both across and down is a grain of a
	 * halftone, a stipple or hatching, not a letter of a line: its
	 * links count neither way. */
	guchar *both = g_malloc0(MAX(n, 1)), *in_h = g_malloc0(MAX(n, 1));
	guchar *in_v = g_malloc0(MAX(n, 1));
	for (int i = 0; i < n; i++) {
		if (next_h[i] >= 0)
			in_h[i] = in_h[next_h[i]] = 1;
		if (next_v[i] >= 0)
			in_v[i] = in_v[next_v[i]] = 1;
	}
	for (int i = 0; i < n; i++)
		both[i] = in_h[i] && in_v[i];
	for (int i = 0; i < n; i++) {
		if (next_h[i] >= 0 && (both[i] || both[next_h[i]]))
			next_h[i] = -1;
		if (next_v[i] >= 0 && (both[i] || both[next_v[i]]))
			next_v[i] = -1;
		t->links_h += next_h[i] >= 0;
		t->links_v += next_v[i] >= 0;
	}
	t->chained_h = chain_asymmetry(lum, w, level, l, n, next_h, TRUE, &t->letters_asym_h);
	t->chained_v = chain_asymmetry(lum, w, level, l, n, next_v, FALSE, &t->letters_asym_v);
	g_free(both);
	g_free(in_h);
	g_free(in_v);
	g_free(next_h);
	g_free(next_v);
	g_array_free(letters, TRUE);
}

/* Whether the lines of one axis are text, against the other axis. */
static gboolean text_along(double gaps, int lines, double other_gaps)
{
	return lines >= TEXT_MIN_LINES && gaps >= TEXT_MIN_GAPS &&
	       gaps >= TEXT_AXIS_RATIO * other_gaps;
}

/* How sure the direction down the page is, from the letters' chains: the
 * profiles' asymmetry, blurred by anything else on the page (an engraving,
 * a picture's grain), only vetoes it when sure of the other way. */
static double letters_direction(double letters, double profile)
{
	if (letters * profile < 0 && fabs(profile) >= ASYM_SURE)
		return 0;
	return MIN(1, fabs(letters) / LETTERS_ASYM_SURE);
}

void pl_text_orientation(const guchar *lum, int w, int h, int level, PlTextOrientation *t)
{
	guchar *ink = text_ink(lum, w, h, level);
	memset(t, 0, sizeof *t);
	measure_axis(ink, w, h, TRUE, &t->gaps_h, &t->lines_h, &t->asym_h);
	measure_axis(ink, w, h, FALSE, &t->gaps_v, &t->lines_v, &t->asym_v);
	g_free(ink);
	measure_letters(lum, w, h, level, t);
	double axis_h = t->gaps_h / MAX(t->gaps_v, 0.01), axis_v = t->gaps_v / MAX(t->gaps_h, 0.01);
	double links_h = t->links_h / (double)MAX(t->links_v, 1);
	double links_v = t->links_v / (double)MAX(t->links_h, 1);
	gboolean letters_h = t->links_h >= LETTERS_MIN_LINKS && links_h >= LETTERS_AXIS_RATIO;
	gboolean letters_v = t->links_v >= LETTERS_MIN_LINKS && links_v >= LETTERS_AXIS_RATIO;
	if (letters_v && t->chained_v >= LETTERS_MIN_CHAINED) {
		/* Lines down, from the letters: the tops point left when their
		 * chains' asymmetry is positive, and a clockwise quarter turn
		 * sets them up. */
		t->turn = t->letters_asym_v >= 0 ? 1 : 3;
		t->confidence = MIN(1, links_v / (2 * LETTERS_AXIS_RATIO));
		t->direction = letters_direction(t->letters_asym_v, t->asym_v);
	} else if (text_along(t->gaps_h, t->lines_h, t->gaps_v) ||
		   (letters_h && !text_along(t->gaps_v, t->lines_v, t->gaps_h))) {
		/* Lines across: upright, or upside down when the profiles say so
		 * clearly and the letters do not say upright (tomb-engraving:
		 * profiles -0.26, letters +0.48; the letters alone are weaker
		 * evidence of it, -0.08 to -0.34 on generated pages upside down,
		 * -0.27 on an upright inscription in capitals, so they never turn
		 * a page half round by themselves). */
		gboolean profiles = text_along(t->gaps_h, t->lines_h, t->gaps_v);
		gboolean letters_upright = t->chained_h >= LETTERS_MIN_CHAINED && t->letters_asym_h > 0;
		if (profiles && t->asym_h <= -ASYM_UPSIDE_DOWN && !letters_upright)
			t->turn = 2;
		t->confidence = profiles ? MIN(1, axis_h / (2 * TEXT_AXIS_RATIO)) : 0;
		if (letters_h)
			t->confidence = MAX(t->confidence, MIN(1, links_h / (2 * LETTERS_AXIS_RATIO)));
		t->direction = MIN(1, fabs(t->asym_h) / ASYM_SURE);
	} else if (text_along(t->gaps_v, t->lines_v, t->gaps_h) && !letters_h) {
		/* Lines down from the profiles, where the letters are too few:
		 * the letters' tops point left when asym_v > 0. */
		t->turn = t->asym_v >= 0 ? 1 : 3;
		t->confidence = MIN(1, axis_v / (2 * TEXT_AXIS_RATIO));
		t->direction = MIN(1, fabs(t->asym_v) / ASYM_SURE);
	}
}

#include "imaging/edges.h"

#include <math.h>
#include <string.h>

/* The first dark pixel along line i seen from side, or -1. */
static int first_dark(const guchar *lum, int w, int h, int thr, int side, int i, int skip)
{
	int len = side <= PL_EDGE_BOTTOM ? h : w;
	for (int k = skip; k < len * 2 / 3; k++) {
		int x, y;
		switch (side) {
		case PL_EDGE_TOP: x = i, y = k; break;
		case PL_EDGE_BOTTOM: x = i, y = h - 1 - k; break;
		case PL_EDGE_LEFT: x = k, y = i; break;
		default: x = w - 1 - k, y = i; break;
		}
		/* Specks and noise are left to the robust fit. */
		if (lum[(size_t)y * w + x] < thr)
			return k;
	}
	return -1;
}

gboolean pl_edge_find(const guchar *lum, int w, int h, int thr, int side, double range, int skip,
		      PlEdge *edge)
{
	int along = side <= PL_EDGE_BOTTOM ? w : h;
	int across = side <= PL_EDGE_BOTTOM ? h : w;
	double *t = g_new(double, along), *d = g_new(double, along);
	int n = 0, nbins = across + 2;
	int *bins = g_new(int, nbins);
	int best_score = -1;
	double best_slope = 0, best_off = 0;
	double mid = along / 2.0;

	memset(edge, 0, sizeof(*edge));
	for (int i = 0; i < along; i++) {
		int k = first_dark(lum, w, h, thr, side, i, skip);
		if (k >= 0) {
			t[n] = i - mid;
			d[n] = k;
			n++;
		}
	}
	edge->n = along;
	if (n < along / 4) {
		g_free(t), g_free(d), g_free(bins);
		return FALSE;
	}
	/* Hough in one dimension: the slope whose offsets pile up most. */
	for (double a = -range; a <= range + 1e-9; a += 0.02) {
		double m = tan(a * G_PI / 180);
		memset(bins, 0, sizeof(int) * nbins);
		for (int i = 0; i < n; i++) {
			double off = d[i] - t[i] * m + 0.5;
			/* floor, for the offsets that can land in a bin */
			if (off >= 0 && off < nbins)
				bins[(int)off]++;
		}
		for (int b = 1; b + 1 < nbins; b++) {
			int sc = bins[b - 1] + bins[b] + bins[b + 1];
			if (sc > best_score)
				best_score = sc, best_slope = m, best_off = b;
		}
	}
	/* Least squares over the inliers for the last fraction of a degree. */
	double st = 0, sd = 0, stt = 0, std = 0;
	int m = 0;
	for (int i = 0; i < n; i++)
		if (fabs(d[i] - t[i] * best_slope - best_off) <= 1.5) {
			st += t[i], sd += d[i], stt += t[i] * t[i], std += t[i] * d[i];
			m++;
		}
	double den = m * stt - st * st;
	double slope = m > 2 && fabs(den) > 1e-9 ? (m * std - st * sd) / den : best_slope;
	double off = m ? (sd - slope * st) / m : best_off;
	g_free(t), g_free(d), g_free(bins);

	/* Is the line drawn all along, even where something in front of it
	 * (a caption before a frame's bottom rule) was met first? */
	int dark = 0;
	for (int i = 0; i < along; i++) {
		double k = off + slope * (i - mid);
		gboolean hit = FALSE;
		for (int dk = -1; dk <= 1 && !hit; dk++) {
			int kk = (int)floor(k + 0.5) + dk, x, y;
			if (kk < 0 || kk >= across)
				continue;
			switch (side) {
			case PL_EDGE_TOP: x = i, y = kk; break;
			case PL_EDGE_BOTTOM: x = i, y = h - 1 - kk; break;
			case PL_EDGE_LEFT: x = kk, y = i; break;
			default: x = w - 1 - kk, y = i; break;
			}
			hit = lum[(size_t)y * w + x] < thr;
		}
		dark += hit;
	}
	edge->coverage = (double)dark / along;

	/* Depth grows along the side: turn that into an on-screen angle. */
	double a = atan(slope) * 180 / G_PI;
	switch (side) {
	case PL_EDGE_TOP: edge->angle = -a; break;
	case PL_EDGE_BOTTOM: edge->angle = a; break;
	case PL_EDGE_LEFT: edge->angle = a; break;
	default: edge->angle = -a; break;
	}
	edge->offset = off;
	edge->inliers = (double)m / along;
	return m >= 3;
}

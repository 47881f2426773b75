#include "imaging/levels_math.h"

#include <math.h>

double pl_levels_percentile(const guint64 hist[256], double pct)
{
	guint64 total = 0;
	for (int i = 0; i < 256; i++)
		total += hist[i];
	if (total == 0)
		return pct < 50 ? 0 : 255;
	double want = CLAMP(pct, 0, 100) / 100.0 * (double)total;
	double acc = 0;
	for (int i = 0; i < 256; i++) {
		if (hist[i] == 0)
			continue;
		if (acc + (double)hist[i] >= want)
			return i + (want - acc) / (double)hist[i];
		acc += (double)hist[i];
	}
	return 255;
}

void pl_levels_limit(double *black, double *white, double min_range)
{
	*black = CLAMP(*black, 0, 255);
	*white = CLAMP(*white, 0, 255);
	if (*white < *black) {
		double t = *white;
		*white = *black;
		*black = t;
	}
	if (*white - *black >= min_range)
		return;
	*black = MAX(0, *white - min_range);
	if (*white - *black < min_range)
		*white = MIN(255, *black + min_range);
}

void pl_levels_lut(double black, double white, double gamma, double lut[256])
{
	double range = MAX(white - black, 1e-6);
	if (!(gamma > 0))
		gamma = 1;
	for (int v = 0; v < 256; v++) {
		double t = CLAMP((v - black) / range, 0, 1);
		lut[v] = 255.0 * pow(t, 1.0 / gamma);
	}
}

void pl_levels_neutral_gains(const double paper[3], double gains[3])
{
	double lum = 0.299 * paper[0] + 0.587 * paper[1] + 0.114 * paper[2];
	for (int i = 0; i < 3; i++)
		gains[i] = 1;
	if (lum < 64)
		return;
	for (int i = 0; i < 3; i++)
		gains[i] = paper[i] > 1 ? CLAMP(lum / paper[i], 0.5, 2.0) : 1;
}

/* CIELAB's a* and b* are differences of cube roots of linear light, and an
 * 8-bit sRGB value is about linear light to the power 1/2.2: near the grey
 * axis, a difference dv between channels at value v carries a chroma in
 * proportion to dv * v^(2.2/3 - 1). When v becomes v', scaling dv by
 * (v'/v)^(1 - 2.2/3) keeps the chroma: paper lightened keeps its tone, red
 * and blue lines darkened stay red and blue (scaling the channels alike,
 * dv by v'/v, turned a faded drawing's pink lines black). */
#define CHROMA_EXPONENT (1 - 2.2 / 3)

void pl_levels_chroma_gain(const double lut[256], double gain[256])
{
	gain[0] = 1;
	for (int v = 1; v < 256; v++)
		gain[v] = pow(lut[v] / v, CHROMA_EXPONENT);
}

void pl_levels_fit_paper(const double paper[3], double lut[256])
{
	double y = 0.299 * paper[0] + 0.587 * paper[1] + 0.114 * paper[2];
	double above = MAX(MAX(paper[0], paper[1]), paper[2]) - y, chroma[256];
	int v = (int)CLAMP(floor(y + 0.5), 0, 255);
	pl_levels_chroma_gain(lut, chroma);
	double top = lut[v] + chroma[v] * above;
	if (top <= 255 || lut[v] <= 0)
		return;
	/* Lowering the map lowers the chroma gain too: fitting with the
	 * higher one leaves the paper a little room. */
	double k = MAX(0, 255 - chroma[v] * above) / lut[v];
	for (int i = 0; i < 256; i++)
		lut[i] *= k;
}

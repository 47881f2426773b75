#include "imaging/pixels.h"

#include <math.h>
#include <string.h>

#include "util/util.h"

void pl_set_vips_error(GError **error, const char *what)
{
	/* Copied and cleared in one step: the buffer is the whole process's,
	 * and another image's worker may be writing to it. */
	g_autofree char *msg = vips_error_buffer_copy();
	g_strchomp(msg);
	g_set_error(error, PL_ERROR, PL_ERROR_FAILED, "%s: %s", what,
		    *msg ? msg : "libvips gave no reason");
}

int pl_luminance(VipsImage *in, VipsImage **out)
{
	/* Not hung on 'in': they hold it, and the cycle would never be freed. */
	VipsObject *scope = VIPS_OBJECT(vips_image_new());
	VipsImage **t = (VipsImage **)vips_object_local_array(scope, 3);
	VipsImage *x = in;
	int rc = -1;
	if (x->Bands >= 3) {
		/* Rec. 601 weights: cheap, and good enough to find paper and ink. */
		double w[3] = { 0.299, 0.587, 0.114 };
		if (vips_extract_band(x, &t[0], 0, "n", 3, NULL) ||
		    vips_recomb(t[0], &t[1],
				(t[2] = vips_image_new_matrix_from_array(3, 1, w, 3)), NULL))
			goto out;
		x = t[1];
	} else if (x->Bands == 2) {
		if (vips_extract_band(x, &t[0], 0, NULL))
			goto out;
		x = t[0];
	}
	rc = vips_cast(x, out, VIPS_FORMAT_UCHAR, NULL);
out:
	g_object_unref(scope);
	return rc;
}

guchar *pl_preview_pixels(VipsImage *in, int *w, int *h, int *bands)
{
	size_t size;
	VipsImage *u = NULL;
	if (vips_cast(in, &u, VIPS_FORMAT_UCHAR, NULL))
		return NULL;
	void *mem = vips_image_write_to_memory(u, &size);
	*w = u->Xsize;
	*h = u->Ysize;
	*bands = u->Bands;
	g_object_unref(u);
	/* Freed with g_free(), as vips_image_write_to_memory() documents. */
	return mem;
}

guchar *pl_pixels_luminance(const guchar *px, size_t n, int bands)
{
	guchar *lum = g_malloc(n);
	/* In integers, the same Rec. 601 weights as pl_luminance: every step
	 * measures on it, and vips_recomb's float pass cost more than the
	 * measuring itself. */
	if (bands >= 3)
		for (size_t i = 0; i < n; i++) {
			const guchar *p = px + i * bands;
			lum[i] = (guchar)((299u * p[0] + 587u * p[1] + 114u * p[2]) / 1000u);
		}
	else
		for (size_t i = 0; i < n; i++)
			lum[i] = px[i * bands];
	return lum;
}

guchar *pl_preview_luminance(VipsImage *in, int *w, int *h)
{
	int bands;
	guchar *px = pl_preview_pixels(in, w, h, &bands);
	if (!px || bands == 1)
		return px;
	guchar *lum = pl_pixels_luminance(px, (size_t)*w * *h, bands);
	g_free(px);
	return lum;
}

void pl_paper_ink(const guchar *lum, size_t n, int *threshold, int *paper, int *ink)
{
	guint64 hist[256] = { 0 };
	for (size_t i = 0; i < n; i++)
		hist[lum[i]]++;
	/* Otsu: the split that maximises the between-class variance. */
	double sum = 0, sum_b = 0, w_b = 0, best = -1;
	int t = 128;
	for (int i = 0; i < 256; i++)
		sum += (double)i * (double)hist[i];
	for (int i = 0; i < 256; i++) {
		w_b += (double)hist[i];
		if (w_b == 0)
			continue;
		double w_f = (double)n - w_b;
		if (w_f == 0)
			break;
		sum_b += (double)i * (double)hist[i];
		double m_b = sum_b / w_b, m_f = (sum - sum_b) / w_f;
		double between = w_b * w_f * (m_b - m_f) * (m_b - m_f);
		if (between > best)
			best = between, t = i;
	}
	guint64 above = 0, below = 0, acc = 0;
	for (int i = 0; i < 256; i++) {
		if (i > t)
			above += hist[i];
		else
			below += hist[i];
	}
	*threshold = t;
	*paper = 255;
	for (int i = t + 1; i < 256; i++) {
		acc += hist[i];
		if (acc * 2 >= above) {
			*paper = i;
			break;
		}
	}
	*ink = 0;
	acc = 0;
	for (int i = 0; i <= t; i++) {
		acc += hist[i];
		if (acc * 20 >= below) {
			*ink = i;
			break;
		}
	}
}

/* The table of steps and helpers they share. */
#include "steps/step.h"

#include <math.h>
#include <string.h>

#include "util/util.h"

const PlStepClass *const pl_steps[] = {
	&pl_step_orient, &pl_step_banner,    &pl_step_border, &pl_step_deskew, &pl_step_trim,
	&pl_step_levels, &pl_step_despeckle, &pl_step_output, NULL,
};

const PlStepClass *pl_step_lookup(const char *name)
{
	for (int i = 0; pl_steps[i]; i++)
		if (strcmp(pl_steps[i]->name, name) == 0)
			return pl_steps[i];
	return NULL;
}

char **pl_step_skippable_names(void)
{
	GPtrArray *names = g_ptr_array_new();
	for (int i = 0; pl_steps[i]; i++)
		if (pl_steps[i] != &pl_step_output)
			g_ptr_array_add(names, g_strdup(pl_steps[i]->name));
	g_ptr_array_add(names, NULL);
	return (char **)g_ptr_array_free(names, FALSE);
}

int pl_step_option_index(const PlStepClass *klass, const char *name)
{
	for (int i = 0; klass->options && klass->options[i].name; i++)
		if (strcmp(klass->options[i].name, name) == 0)
			return i;
	return -1;
}

void pl_set_vips_error(GError **error, const char *what)
{
	const char *buf = vips_error_buffer();
	g_autofree char *msg = g_strdup(buf && *buf ? buf : "unknown libvips error");
	g_strchomp(msg);
	g_set_error(error, PL_ERROR, PL_ERROR_FAILED, "%s: %s", what, msg);
	vips_error_clear();
}

void pl_affine_identity(PlAffine m)
{
	m[0] = 1, m[1] = 0, m[2] = 0;
	m[3] = 0, m[4] = 1, m[5] = 0;
}

void pl_affine_translate(PlAffine m, double dx, double dy)
{
	pl_affine_identity(m);
	m[2] = dx;
	m[5] = dy;
}

void pl_affine_multiply(PlAffine r, const PlAffine a, const PlAffine b)
{
	/* b(a(p)): a is applied first. */
	PlAffine t;
	t[0] = b[0] * a[0] + b[1] * a[3];
	t[1] = b[0] * a[1] + b[1] * a[4];
	t[2] = b[0] * a[2] + b[1] * a[5] + b[2];
	t[3] = b[3] * a[0] + b[4] * a[3];
	t[4] = b[3] * a[1] + b[4] * a[4];
	t[5] = b[3] * a[2] + b[4] * a[5] + b[5];
	memcpy(r, t, sizeof(t));
}

int pl_affine_invert(PlAffine r, const PlAffine m)
{
	double det = m[0] * m[4] - m[1] * m[3];
	if (fabs(det) < 1e-12)
		return -1;
	PlAffine t;
	t[0] = m[4] / det;
	t[1] = -m[1] / det;
	t[3] = -m[3] / det;
	t[4] = m[0] / det;
	t[2] = -(t[0] * m[2] + t[1] * m[5]);
	t[5] = -(t[3] * m[2] + t[4] * m[5]);
	memcpy(r, t, sizeof(t));
	return 0;
}

void pl_affine_apply(const PlAffine m, double x, double y, double *ox, double *oy)
{
	*ox = m[0] * x + m[1] * y + m[2];
	*oy = m[3] * x + m[4] * y + m[5];
}

void pl_action_crop(PlAction *a, double x, double y, double w, double h)
{
	/* Whole full-resolution pixels, inside the input, at least 1 x 1. */
	double x0 = CLAMP(floor(x + 0.5), 0, a->in_w - 1);
	double y0 = CLAMP(floor(y + 0.5), 0, a->in_h - 1);
	double x1 = CLAMP(floor(x + w + 0.5), x0 + 1, a->in_w);
	double y1 = CLAMP(floor(y + h + 0.5), y0 + 1, a->in_h);
	a->box[0] = x0, a->box[1] = y0, a->box[2] = x1 - x0, a->box[3] = y1 - y0;
	a->out_w = x1 - x0;
	a->out_h = y1 - y0;
	pl_affine_translate(a->to_in, x0, y0);
	a->active = x0 > 0 || y0 > 0 || x1 < a->in_w || y1 < a->in_h;
}

int pl_apply_crop(const PlAction *a, VipsImage *in, VipsImage **out, double scale)
{
	int x0 = (int)floor(a->box[0] * scale + 0.5);
	int y0 = (int)floor(a->box[1] * scale + 0.5);
	int x1 = (int)floor((a->box[0] + a->box[2]) * scale + 0.5);
	int y1 = (int)floor((a->box[1] + a->box[3]) * scale + 0.5);
	x0 = CLAMP(x0, 0, in->Xsize - 1);
	y0 = CLAMP(y0, 0, in->Ysize - 1);
	x1 = CLAMP(x1, x0 + 1, in->Xsize);
	y1 = CLAMP(y1, y0 + 1, in->Ysize);
	return vips_extract_area(in, out, x0, y0, x1 - x0, y1 - y0, NULL);
}

int pl_luminance(VipsImage *in, VipsImage **out)
{
	VipsImage **t = (VipsImage **)vips_object_local_array(VIPS_OBJECT(in), 3);
	VipsImage *x = in;
	if (x->Bands >= 3) {
		/* Rec. 601 weights: cheap, and good enough to find paper and ink. */
		double w[3] = { 0.299, 0.587, 0.114 };
		if (vips_extract_band(x, &t[0], 0, "n", 3, NULL) ||
		    vips_recomb(t[0], &t[1],
				(t[2] = vips_image_new_matrix_from_array(3, 1, w, 3)), NULL))
			return -1;
		x = t[1];
	} else if (x->Bands == 2) {
		if (vips_extract_band(x, &t[0], 0, NULL))
			return -1;
		x = t[0];
	}
	return vips_cast(x, out, VIPS_FORMAT_UCHAR, NULL);
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

static void json_sep(PlJson *j)
{
	if (!j->first[j->depth])
		g_string_append_c(j->s, ',');
	j->first[j->depth] = FALSE;
}

void pl_json_init(PlJson *j)
{
	j->s = g_string_new("{");
	j->depth = 0;
	j->first[0] = TRUE;
}

char *pl_json_finish(PlJson *j)
{
	g_string_append_c(j->s, '}');
	return g_string_free(j->s, FALSE);
}

void pl_json_key(PlJson *j, const char *key)
{
	json_sep(j);
	pl_json_append_string(j->s, key);
	g_string_append_c(j->s, ':');
	/* The value that follows needs no separator. */
	j->first[j->depth] = TRUE;
}

void pl_json_int(PlJson *j, gint64 v)
{
	json_sep(j);
	g_string_append_printf(j->s, "%" G_GINT64_FORMAT, v);
	j->first[j->depth] = FALSE;
}

void pl_json_num(PlJson *j, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	json_sep(j);
	if (!isfinite(v))
		v = 0;
	if (fabs(v) < 5e-7)
		v = 0; /* no "-0" */
	g_string_append(j->s, g_ascii_formatd(buf, sizeof(buf), "%.6g", v));
	j->first[j->depth] = FALSE;
}

void pl_json_str(PlJson *j, const char *v)
{
	json_sep(j);
	pl_json_append_string(j->s, v);
	j->first[j->depth] = FALSE;
}

void pl_json_begin_array(PlJson *j)
{
	json_sep(j);
	g_string_append_c(j->s, '[');
	if (j->depth < 15)
		j->depth++;
	j->first[j->depth] = TRUE;
}

void pl_json_end_array(PlJson *j)
{
	g_string_append_c(j->s, ']');
	if (j->depth > 0)
		j->depth--;
	j->first[j->depth] = FALSE;
}

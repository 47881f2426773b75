/* One synthetic scan: planning (every random choice, made up front so the
 * truth is known before a pixel is drawn) and drawing with libvips.
 *
 * The drawing is one lazy libvips graph evaluated by the final JPEG save:
 *   plate hatching (procedural, plate-sized) -> frame rings -> sheet with
 *   caption -> paper tone, mottling, foxing, dust -> squeezed, tinted levels
 *   and sensor noise -> rotation onto the scan area -> dark ragged borders
 *   -> Gallica-like strip appended -> JPEG.
 * Nothing full-sized is held in memory, so an 80 MP case costs little RAM. */
#include "gen.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

const char *const gen_kind_names[N_KINDS] = {
	"plate", "text", "spread", "sideways", "blank", "mount", "black", "faded",
};

/* The plates' defect profiles (the case's index modulo 6). */
static const char *const plate_styles[] = {
	"clean: no defect, small margins",
	"skew, borders, strip",
	"skew, foxing, strongly squeezed levels",
	"borders, strip, no skew",
	"landscape, skew, strip",
	"every defect at its strongest",
};

static const char *const captions[] = {
	"Vue du Pont-Neuf, prise du quai des Orfèvres",
	"Ruines de l'abbaye de Jumièges",
	"Le château de Pierrefonds, côté de l'entrée",
	"Intérieur de la cathédrale de Chartres",
	"Paysage des environs de Fontainebleau",
	"Le port de Marseille au soleil couchant",
	"Costumes de Bretagne : paysans de Quimper",
	"La Seine à Rouen, vue du mont Sainte-Catherine",
	"Le moulin de la Galette à Montmartre",
	"Entrée du village d'Étretat",
	"Le Louvre et les Tuileries en 1840",
	"Souvenir des Pyrénées : le cirque de Gavarnie",
};

int
gen_fail(GError **error, const char *what)
{
	const char *buf = vips_error_buffer();
	size_t len = strlen(buf);

	/* vips messages end with a newline; keep the report on one line */
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		len--;
	g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: %.*s", what, (int) len,
		    buf);
	vips_error_clear();
	return -1;
}

void
gen_case_clear(GenCase *c)
{
	for (int s = 0; s < N_SIDES; s++)
		g_clear_pointer(&c->profile[s], g_free);
}

static double
uniform(GRand *r, double lo, double hi)
{
	return g_rand_double_range(r, lo, hi);
}

static gboolean
chance(GRand *r, double p)
{
	return g_rand_double(r) < p;
}

/* Page (upright, W x scan_h) to scan: a turn by rotation about the scan
 * area's centre, counter-clockwise on screen for a positive angle. */
static void
page_to_scan(const GenCase *c, double px, double py, double *sx, double *sy)
{
	double a = c->rotation * G_PI / 180.0;
	double cx = c->width / 2.0, cy = c->scan_h / 2.0;
	double dx = px - cx, dy = py - cy;

	*sx = cx + cos(a) * dx + sin(a) * dy;
	*sy = cy - sin(a) * dx + cos(a) * dy;
}

static void
box_to_quad(const GenCase *c, double x, double y, double w, double h, double q[4][2])
{
	page_to_scan(c, x, y, &q[0][0], &q[0][1]);
	page_to_scan(c, x + w, y, &q[1][0], &q[1][1]);
	page_to_scan(c, x + w, y + h, &q[2][0], &q[2][1]);
	page_to_scan(c, x, y + h, &q[3][0], &q[3][1]);
}

/* A ragged edge: a slope (the sheet's own edge when it lies skewed on the
 * glass), slow waves and a mean-reverting random walk for the torn fibres. */
static double *
make_profile(GRand *r, int len, double base, double slope, double rag, double *max_out)
{
	double *p = g_new(double, len);
	double ph[3], per[3], amp[3], walk = 0, max = 0, min = G_MAXDOUBLE;

	for (int k = 0; k < 3; k++) {
		ph[k] = uniform(r, 0, 2 * G_PI);
		per[k] = len / uniform(r, 2 + 6 * k, 6 + 12 * k);
		amp[k] = rag * uniform(r, 0.3, 1.0) / (k + 1);
	}
	for (int t = 0; t < len; t++) {
		double d = base + slope * (t - len / 2.0);

		for (int k = 0; k < 3; k++)
			d += amp[k] * sin(2 * G_PI * t / per[k] + ph[k]);
		walk = 0.97 * walk + g_rand_double_range(r, -0.6, 0.6) * rag * 0.25;
		d += walk;
		p[t] = d;
		min = MIN(min, d);
	}
	/* never let the dark area vanish: a border is seen along its whole side */
	for (int t = 0; t < len; t++) {
		if (min < 2)
			p[t] += 2 - min;
		max = MAX(max, p[t]);
	}
	*max_out = max;
	return p;
}

/* Renders the caption (or strip) text as a coverage mask, 0..255. */
static int
render_text(const char *text, const char *font, VipsImage **out, GError **error)
{
	g_autofree char *markup = g_markup_escape_text(text, -1);

	if (vips_text(out, markup, "font", font, "dpi", 72, NULL))
		return gen_fail(error, "vips_text");
	return 0;
}

static void
caption_font(const GenCase *c, char *buf, size_t size)
{
	int px = MAX(8, (int) lround(0.017 * c->scan_h));

	g_snprintf(buf, size, "DejaVu Serif Italic %d", px);
}

static void
strip_font(const GenCase *c, char *buf, size_t size)
{
	/* DejaVu's box is about 1.17 times its size in points at 72 dpi */
	int px = MAX(6, (int) lround(0.42 * c->strip_h / 1.17));

	g_snprintf(buf, size, "DejaVu Sans %d", px);
}

/* How far spots and stamps stay from the plate and its caption: more than
 * a cleaner's padding, so that none of them can belong to the print. */
static double
spot_keep(const GenCase *c)
{
	double scale = sqrt((double) c->width * c->height / 4e6);

	return MAX(12, 0.012 * MIN(c->width, c->scan_h)) + 30 * scale;
}

static gboolean
quad_inside(const double q[4][2], double l, double t, double r, double b)
{
	for (int i = 0; i < 4; i++)
		if (q[i][0] < l || q[i][0] > r || q[i][1] < t || q[i][1] > b)
			return FALSE;
	return TRUE;
}

void
gen_case_plan(GenCase *c, guint32 seed, int index, int kind, int w, int h)
{
	guint32 key[3] = {seed, (guint32) index, 0x5ca95u};
	GRand *r = g_rand_new_with_seed_array(key, 3);
	double minside = MIN(w, h), scale = sqrt((double) w * h / 4e6);
	double pad, m[N_SIDES], cap_gap;
	int n_borders = 0, cap_w = 0, cap_h = 0;
	gboolean want[N_SIDES] = {FALSE};
	char font[64];

	memset(c, 0, sizeof *c);
	c->index = index;
	g_snprintf(c->file, sizeof c->file, "case-%03d.jpg", index);
	g_snprintf(c->truth_file, sizeof c->truth_file, "case-%03d.truth.png", index);
	c->width = w;
	c->height = h;
	c->landscape = w > h;
	c->clean = kind == 0;

	/* rotation: none for the clean and straight kinds, up to 3 degrees */
	if (kind == 1 || kind == 2 || kind == 4)
		c->rotation = (chance(r, 0.5) ? 1 : -1) * uniform(r, 0.25, 3.0);
	else if (kind == 5)
		c->rotation = (chance(r, 0.5) ? 1 : -1) * uniform(r, 2.0, 3.0);

	c->has_strip = kind == 1 || kind == 3 || kind == 4 || kind == 5 ||
		       (kind == 2 && chance(r, 0.3));
	c->strip_h = c->has_strip ? (int) lround(uniform(r, 0.03, 0.04) * h) : 0;
	c->scan_h = h - c->strip_h;

	switch (kind) {
	case 1:
		n_borders = g_rand_int_range(r, 2, 5);
		break;
	case 3:
		n_borders = g_rand_int_range(r, 1, 4);
		break;
	case 5:
		n_borders = 4;
		break;
	case 2:
	case 4:
		n_borders = chance(r, 0.3) ? 1 : 0;
		break;
	default:
		break;
	}
	while (n_borders > 0) {
		int s = g_rand_int_range(r, 0, N_SIDES);

		if (!want[s]) {
			want[s] = TRUE;
			n_borders--;
		}
	}
	for (int s = 0; s < N_SIDES; s++) {
		gboolean across = s == SIDE_TOP || s == SIDE_BOTTOM;
		int len = across ? w : c->scan_h;
		double tan_a = tan(c->rotation * G_PI / 180.0), slope;
		double base = uniform(r, 0.008, 0.045) * minside;

		if (!want[s])
			continue;
		/* usually the sheet's edge turned with the sheet, sometimes a
		 * trimmed edge that never was parallel to the print */
		if (c->rotation != 0 && chance(r, 0.7))
			slope = (s == SIDE_TOP || s == SIDE_RIGHT) ? -tan_a : tan_a;
		else
			slope = tan(uniform(r, -0.4, 0.4) * G_PI / 180.0);
		base = MAX(base, fabs(slope) * len / 2 + 4);
		c->profile[s] = make_profile(r, len, base, slope, uniform(r, 1.0, 4.0) * scale,
					     &c->border_max[s]);
	}

	/* levels: ink and paper as the scanner saw them */
	if (c->clean) {
		double k = uniform(r, 6, 14), wr = uniform(r, 244, 252);

		c->black[0] = k, c->black[1] = k, c->black[2] = k;
		c->white[0] = wr, c->white[1] = wr * 0.985, c->white[2] = wr * 0.95;
		c->unevenness = 0.01;
	} else {
		double k = kind == 5 ? uniform(r, 50, 62) : uniform(r, 28, 52);
		double wr = kind == 5 ? uniform(r, 188, 200) : uniform(r, 200, 226);
		double yb = kind == 5 ? 0.74 : uniform(r, 0.78, 0.9);

		c->black[0] = k, c->black[1] = k * 0.93, c->black[2] = k * 0.8;
		c->white[0] = wr, c->white[1] = wr * uniform(r, 0.95, 0.985), c->white[2] = wr * yb;
		c->unevenness = uniform(r, 0.025, 0.07);
		c->n_foxing = (kind == 2 || kind == 4 || kind == 5) ? g_rand_int_range(r, 6, 20)
								    : g_rand_int_range(r, 0, 5);
		c->n_dust = g_rand_int_range(r, 10, 60);
	}
	c->quality = c->clean ? 90 : g_rand_int_range(r, 82, 91);

	/* layout: the frame and its caption inside the paper's safe area */
	pad = (c->clean ? 0.006 : 0.02) * minside;
	for (int s = 0; s < N_SIDES; s++)
		m[s] = (c->clean ? uniform(r, 0.015, 0.03) : uniform(r, 0.035, 0.1)) * minside;
	/* prints often sit high on the sheet, over a deep lower margin */
	if (!c->clean && chance(r, 0.4))
		m[SIDE_BOTTOM] = uniform(r, 0.1, 0.17) * minside;
	g_strlcpy(c->caption_text, captions[g_rand_int_range(r, 0, G_N_ELEMENTS(captions))],
		  sizeof c->caption_text);
	caption_font(c, font, sizeof font);
	{
		VipsImage *t = NULL;

		if (render_text(c->caption_text, font, &t, NULL) == 0) {
			cap_w = t->Xsize;
			cap_h = t->Ysize;
			g_object_unref(t);
		} else {
			cap_w = (int) (0.4 * w);
			cap_h = (int) (0.02 * h);
		}
	}
	cap_gap = uniform(r, 0.008, 0.02) * c->scan_h;
	{
		double l = c->border_max[SIDE_LEFT] + pad;
		double t = c->border_max[SIDE_TOP] + pad;
		double rr = w - c->border_max[SIDE_RIGHT] - pad;
		double b = c->scan_h - c->border_max[SIDE_BOTTOM] - pad;
		double fx = l + m[SIDE_LEFT], fy = t + m[SIDE_TOP];
		double fw = rr - m[SIDE_RIGHT] - fx;
		double fh = b - m[SIDE_BOTTOM] - cap_gap - cap_h - fy;

		/* shrink about the centre until the turned frame and caption
		 * stay clear of the borders */
		for (int tries = 0; tries < 60; tries++) {
			c->fx = (int) lround(fx), c->fy = (int) lround(fy);
			c->fw = (int) lround(fw), c->fh = (int) lround(fh);
			c->cw = cap_w, c->ch = cap_h;
			c->cx = c->fx + (c->fw - cap_w) / 2;
			c->cy = (int) lround(c->fy + c->fh + cap_gap);
			box_to_quad(c, c->fx, c->fy, c->fw, c->fh, c->content);
			box_to_quad(c, c->cx, c->cy, c->cw, c->ch, c->caption);
			if (quad_inside(c->content, l, t, rr, b) &&
			    quad_inside(c->caption, l, t, rr, b))
				break;
			fx += fw * 0.01, fy += fh * 0.01;
			fw *= 0.98, fh *= 0.98;
		}
	}
	{
		int lx = MIN(c->fx, c->cx), rx = MAX(c->fx + c->fw, c->cx + c->cw);

		c->lw = rx - lx;
		c->lh = c->cy + c->ch - c->fy;
		box_to_quad(c, lx, c->fy, c->lw, c->lh, c->lettered);
	}
	c->rule = MAX(1, (int) lround(uniform(r, 1.8, 4.0) * MAX(0.5, scale)));

	/* an ownership stamp in whichever margin has room for it */
	if (!c->clean && chance(r, 0.4)) {
		double keep = spot_keep(c), d = uniform(r, 0.025, 0.045) * minside;
		double l = c->border_max[SIDE_LEFT] + pad, t = c->border_max[SIDE_TOP] + pad;
		double rr = w - c->border_max[SIDE_RIGHT] - pad;
		double b = c->scan_h - c->border_max[SIDE_BOTTOM] - pad;
		/* free bands: left, right, top, bottom (under the caption) */
		double band[4][4] = {
			{l, t, c->fx - keep, b},
			{c->fx + c->fw + keep, t, rr, b},
			{l, t, rr, c->fy - keep},
			{l, c->cy + c->ch + keep, rr, b},
		};
		int fits[4], n = 0;

		for (int k = 0; k < 4; k++)
			if (band[k][2] - band[k][0] >= d && band[k][3] - band[k][1] >= d)
				fits[n++] = k;
		if (n > 0) {
			const double *bb = band[fits[g_rand_int_range(r, 0, n)]];

			c->ss = (int) d;
			c->sx = (int) uniform(r, bb[0], bb[2] - d);
			c->sy = (int) uniform(r, bb[1], bb[3] - d);
			box_to_quad(c, c->sx, c->sy, c->ss, c->ss, c->stamp);
		}
	}
	c->gap = MAX(2, (int) lround(uniform(r, 0.006, 0.018) * MIN(c->fw, c->fh)));
	g_rand_free(r);

	/* What every kind records: the paper is the scan minus its dark
	 * borders (at their deepest) and the strip; a perfect cleaner makes it
	 * white with black ink, as the truth image is. */
	c->kind = KIND_PLATE;
	c->variant = kind;
	g_strlcpy(c->style, plate_styles[kind % G_N_ELEMENTS(plate_styles)], sizeof c->style);
	{
		double l = c->border_max[SIDE_LEFT], t = c->border_max[SIDE_TOP];
		double rr = w - c->border_max[SIDE_RIGHT], b = c->scan_h - c->border_max[SIDE_BOTTOM];
		double q[4][2] = {{l, t}, {rr, t}, {rr, b}, {l, b}};

		memcpy(c->page, q, sizeof q);
	}
	for (int i = 0; i < 3; i++)
		c->paper_rgb[i] = c->white[i];
	c->ideal_paper_lab[0] = 100;
	c->ideal.paper_L = 100;
	c->ideal.ink_L = 0;
	c->has_ideal = TRUE;
	memcpy(c->perfect_region, c->content, sizeof c->content);
	g_strlcpy(c->perfect_file, c->truth_file, sizeof c->perfect_file);
}

/* Crops or extends (by copying edge pixels) in to exactly w x h. */
static int
fit(VipsObject *ctx, VipsImage *in, int w, int h, VipsImage **out)
{
	VipsImage **t = (VipsImage **) vips_object_local_array(ctx, 1);

	if (in->Xsize == w && in->Ysize == h) {
		*out = in;
		return 0;
	}
	if (vips_embed(in, &t[0], 0, 0, MAX(w, in->Xsize), MAX(h, in->Ysize), "extend",
		       VIPS_EXTEND_COPY, NULL) ||
	    vips_extract_area(t[0], out, 0, 0, w, h, NULL))
		return -1;
	vips_object_local(ctx, *out);
	return 0;
}

/* A low-frequency field: Perlin noise on a grid 1/step the size, enlarged. */
static int
smooth_noise(VipsObject *ctx, int w, int h, int step, int cell, int seed, VipsImage **out)
{
	VipsImage **t = (VipsImage **) vips_object_local_array(ctx, 2);
	int sw = w / step + 2, sh = h / step + 2;

	if (vips_perlin(&t[0], sw, sh, "cell_size", cell, "seed", seed, NULL) ||
	    vips_resize(t[0], &t[1], (double) step, "kernel", VIPS_KERNEL_LINEAR, NULL))
		return -1;
	return fit(ctx, t[1], w, h, out);
}

/* The picture's tones (0 paper .. 1 solid ink) on a coarse grid: a sky with
 * a cloud, hills, trees made of clustered crowns with trunks, a house with a
 * shaded side, some texture; drawn in plain C, enlarged by libvips. */
enum { MAX_TREES = 6, MAX_LOBES = 9 };

typedef struct {
	double x, y, r, dark, trunk_w, trunk_h;
	int n;
	double lx[MAX_LOBES], ly[MAX_LOBES], lr[MAX_LOBES];
} Tree;

static int
tone_field(VipsObject *ctx, GRand *r, int pw, int ph, VipsImage **out)
{
	VipsImage **t = (VipsImage **) vips_object_local_array(ctx, 2);
	int sw = MAX(16, pw / 8), sh = MAX(16, ph / 8);
	float *buf = g_new(float, (gsize) sw * sh);
	double horizon = uniform(r, 0.38, 0.68), hill_a = uniform(r, 0.02, 0.12);
	double hill_f = uniform(r, 1, 3.5), hill_p = uniform(r, 0, 6.3);
	double hx = uniform(r, 0.1, 0.7), hw = uniform(r, 0.1, 0.3), hh = uniform(r, 0.15, 0.35);
	double hd = uniform(r, 0.3, 0.6);
	gboolean has_house = chance(r, 0.6);
	double clx = uniform(r, 0.1, 0.9), cly = uniform(r, 0.05, 0.3);
	double tex_f[3][2], tex_p[3];
	int n_trees = g_rand_int_range(r, 2, MAX_TREES + 1);
	double aspect = (double) pw / ph;
	Tree trees[MAX_TREES];

	for (int k = 0; k < 3; k++) {
		tex_f[k][0] = uniform(r, 1.5, 6);
		tex_f[k][1] = uniform(r, 1.5, 6);
		tex_p[k] = uniform(r, 0, 6.3);
	}
	for (int i = 0; i < n_trees; i++) {
		Tree *tr = &trees[i];

		tr->x = uniform(r, 0, 1);
		tr->r = uniform(r, 0.05, 0.14);
		tr->y = uniform(r, horizon - 0.1, 0.95) - tr->r;
		tr->dark = uniform(r, 0.5, 0.85);
		tr->trunk_w = tr->r * uniform(r, 0.08, 0.16);
		tr->trunk_h = tr->r * uniform(r, 1.0, 1.8);
		tr->n = g_rand_int_range(r, 4, MAX_LOBES + 1);
		for (int k = 0; k < tr->n; k++) {
			double a = uniform(r, 0, 2 * G_PI), d = uniform(r, 0, 0.6) * tr->r;

			tr->lx[k] = tr->x + cos(a) * d / aspect;
			tr->ly[k] = tr->y + sin(a) * d * 0.8;
			tr->lr[k] = tr->r * uniform(r, 0.35, 0.6);
		}
	}
	/* edges soft over about one coarse pixel, so that the enlarged field
	 * shows no staircase */
	for (int y = 0; y < sh; y++)
		for (int x = 0; x < sw; x++) {
			double u = (x + 0.5) / sw, v = (y + 0.5) / sh, e = 1.5 / sh;
			double ground = horizon + hill_a * sin(hill_f * 2 * G_PI * u + hill_p);
			double g = CLAMP((v - ground) / e + 0.5, 0, 1);
			double sky = 0.05 + 0.15 * v / ground;
			double land = 0.25 + 0.3 * CLAMP((v - ground) / (1 - ground + 1e-6), 0, 1);
			double tone = sky * (1 - g) + land * g;

			/* a light cloud in the sky */
			{
				double dx = (u - clx) / 0.18, dy = (v - cly) / 0.07;

				tone -= 0.06 * exp(-(dx * dx + dy * dy));
			}
			/* texture: the engraver's tones are never flat */
			for (int k = 0; k < 3; k++)
				tone += 0.02 * sin(tex_f[k][0] * u * 2 * G_PI + tex_f[k][1] * v * 2 * G_PI +
						   tex_p[k]);
			if (has_house) {
				/* standing level on the ground under its middle */
				double base = horizon + hill_a * sin(hill_f * 2 * G_PI * (hx + hw / 2) + hill_p);
				double in = CLAMP((u - hx) * sw + 0.5, 0, 1) *
					    CLAMP((hx + hw - u) * sw + 0.5, 0, 1) *
					    CLAMP((v - (base - hh)) * sh + 0.5, 0, 1) *
					    CLAMP((base + 0.05 - v) * sh + 0.5, 0, 1);
				double hv = hd + 0.2 * (u > hx + hw * 0.6);

				tone = tone * (1 - in) + hv * in;
			}
			for (int i = 0; i < n_trees; i++) {
				const Tree *tr = &trees[i];
				double cover = 0, trunk;

				for (int k = 0; k < tr->n; k++) {
					double dx = (u - tr->lx[k]) * aspect, dy = v - tr->ly[k];
					double d = sqrt(dx * dx + dy * dy) / tr->lr[k];

					cover = MAX(cover, CLAMP((1 - d) * tr->lr[k] * sh + 0.5, 0, 1));
				}
				trunk = CLAMP((tr->trunk_w / 2 - fabs(u - tr->x) * aspect) * sh + 0.5, 0, 1) *
					CLAMP((v - tr->y) * sh + 0.5, 0, 1) *
					CLAMP((tr->y + tr->trunk_h - v) * sh + 0.5, 0, 1);
				cover = MAX(cover, trunk);
				/* lit from the upper left: the lower right of a crown is darker */
				tone = tone * (1 - cover) +
				       cover * tr->dark *
					       (0.85 + 0.15 * CLAMP((u - tr->x) * aspect / tr->r + (v - tr->y) / tr->r, -1, 1));
			}
			buf[(gsize) y * sw + x] = (float) CLAMP(tone, 0, 1);
		}
	t[0] = vips_image_new_from_memory_copy(buf, sizeof(float) * sw * sh, sw, sh, 1,
					       VIPS_FORMAT_FLOAT);
	g_free(buf);
	if (!t[0] || vips_resize(t[0], &t[1], (double) pw / sw, "vscale", (double) ph / sh,
				 "kernel", VIPS_KERNEL_LINEAR, NULL))
		return -1;
	return fit(ctx, t[1], pw, ph, out);
}

/* One family of engraved lines: direction phi (degrees), period p, gently
 * waved; the line's width grows with the tone above threshold t0.
 * Result: ink coverage, uchar 0..255. */
static int
hatch_layer(VipsObject *ctx, VipsImage *xy, VipsImage *tone, double phi, double p,
	    double wave_a, double wave_l, double phase, double t0, VipsImage **out)
{
	VipsImage **t = (VipsImage **) vips_object_local_array(ctx, 13);
	double a = phi * G_PI / 180.0;
	double k = 0.5 * p / (1 - t0); /* half-width per unit tone */

	VipsImage *along;

	if (wave_a == 0) {
		/* straight lines: one projection is all it takes */
		t[0] = vips_image_new_matrixv(2, 1, cos(a), sin(a));
		if (!t[0] || vips_recomb(xy, &t[7], t[0], NULL))
			return -1;
		along = t[7];
	} else {
		t[0] = vips_image_new_matrixv(2, 2, cos(a), sin(a), -sin(a), cos(a));
		if (!t[0] || vips_recomb(xy, &t[1], t[0], NULL) ||
		    vips_extract_band(t[1], &t[2], 0, NULL) ||
		    vips_extract_band(t[1], &t[3], 1, NULL) ||
		    vips_linear1(t[3], &t[4], 360.0 / wave_l, phase, NULL) ||
		    vips_math(t[4], &t[5], VIPS_OPERATION_MATH_SIN, NULL) ||
		    vips_linear1(t[5], &t[6], wave_a, 0, NULL) || vips_add(t[2], t[6], &t[7], NULL))
			return -1;
		along = t[7];
	}
	if (vips_remainder_const1(along, &t[8], p, NULL) ||
	    vips_linear1(t[8], &t[9], 1, -p / 2, NULL) || vips_abs(t[9], &t[10], NULL) ||
	    /* coverage = 255 (halfwidth - distance + 0.5), clipped by the cast */
	    vips_linear1(tone, &t[11], 255 * k, 255 * (0.5 - k * t0), NULL) ||
	    vips_linear1(t[10], &t[12], -255, 0, NULL))
		return -1;
	{
		VipsImage **u = (VipsImage **) vips_object_local_array(ctx, 2);

		if (vips_add(t[11], t[12], &u[0], NULL) ||
		    vips_cast(u[0], &u[1], VIPS_FORMAT_UCHAR, NULL))
			return -1;
		*out = u[1];
	}
	return 0;
}

/* The plate: up to three families of lines laid over each other, as
 * transmission (255 paper, 0 ink). */
static int
plate(VipsObject *ctx, GRand *r, double scale, int pw, int ph, VipsImage **out)
{
	VipsImage **t = (VipsImage **) vips_object_local_array(ctx, 10);
	double p = uniform(r, 3.6, 5.5) * MAX(0.75, scale);
	double phi = chance(r, 0.5) ? uniform(r, -8, 8) : uniform(r, -60, 60);
	double phis[3] = {phi, phi + uniform(r, 55, 90), phi - uniform(r, 35, 55)};
	double t0[3] = {0.04, 0.38, 0.68};
	VipsImage *tone, *cov[3]; /* owned by ctx */

	if (tone_field(ctx, r, pw, ph, &tone) || vips_xyz(&t[0], pw, ph, NULL))
		return -1;
	for (int k = 0; k < 3; k++) {
		double pk = p * uniform(r, 0.85, 1.15);

		/* only the first family follows the forms; crossings are straight */
		if (hatch_layer(ctx, t[0], tone, phis[k], pk, k == 0 ? uniform(r, 0.2, 1.4) * pk : 0,
				uniform(r, 60, 300) * MAX(0.5, scale), uniform(r, 0, 360), t0[k],
				&cov[k]))
			return -1;
	}
	/* crossed lines darken where they meet, as ink laid twice does */
	if (vips_linear1(cov[0], &t[4], -1, 255, NULL) ||
	    vips_linear1(cov[1], &t[5], -1, 255, NULL) ||
	    vips_linear1(cov[2], &t[6], -1.0 / 65025, 255.0 / 65025, NULL) ||
	    vips_multiply(t[4], t[5], &t[7], NULL) || vips_multiply(t[7], t[6], &t[8], NULL) ||
	    vips_cast(t[8], &t[9], VIPS_FORMAT_UCHAR, NULL))
		return -1;
	*out = t[9];
	return 0;
}

/* vips_embed onto a constant; the operation keeps its own reference to
 * the background array. */
static int
embed_bg(VipsImage *in, VipsImage **out, int x, int y, int w, int h, double bg)
{
	VipsArrayDouble *a = vips_array_double_new(&bg, 1);
	int rc = vips_embed(in, out, x, y, w, h, "extend", VIPS_EXTEND_BACKGROUND, "background",
			    a, NULL);

	vips_area_unref(VIPS_AREA(a));
	return rc;
}

/* Frame: the hatching, a blank gap, optionally a thin inner rule and a
 * second gap, then the outer rule: rings laid from the inside out. */
int
gen_frame_block(VipsObject *ctx, GRand *r, const GenCase *c, VipsImage **out)
{
	gboolean dbl = chance(r, 0.5);
	int thin = MAX(1, c->rule / 2), gap2 = MAX(2, c->gap / 2);
	int rings[4][2] = {{c->gap, 255}, {0, 0}, {0, 255}, {c->rule, 0}};
	int inner = 2 * (c->rule + c->gap) + (dbl ? 2 * (thin + gap2) : 0);
	VipsImage **t = (VipsImage **) vips_object_local_array(ctx, 4);
	VipsImage *cur;
	double scale = sqrt((double) c->width * c->height / 4e6);

	if (dbl) {
		rings[1][0] = thin;
		rings[2][0] = gap2;
	}
	if (plate(ctx, r, scale, c->fw - inner, c->fh - inner, &cur))
		return -1;
	for (int i = 0; i < 4; i++) {
		double bg = rings[i][1];

		if (rings[i][0] == 0)
			continue;
		if (embed_bg(cur, &t[i], rings[i][0], rings[i][0], cur->Xsize + 2 * rings[i][0],
			     cur->Ysize + 2 * rings[i][0], bg))
			return -1;
		cur = t[i];
	}
	*out = cur;
	return 0;
}

/* One irregular spot, as a 3-band factor patch (255 = untouched): foxing is
 * a rusty, soft-edged stain, dust a small sharp dark speck. */
static VipsImage *
spot_patch(GRand *r, gboolean fox, double scale)
{
	double rad = fox ? uniform(r, 3, 22) * scale : uniform(r, 0.6, 2.2) * MAX(0.6, scale);
	double strength = fox ? uniform(r, 0.12, 0.4) : uniform(r, 0.5, 0.85);
	double kc[3] = {0.9, 0.9, 0.9}, h[4], hp[4];
	int size = (int) ceil(rad * 2.6) + 3, c0 = size / 2;
	guchar *buf = g_new(guchar, (gsize) size * size * 3);
	VipsImage *img;

	if (fox) {
		kc[0] = 0.35, kc[1] = 0.58, kc[2] = 0.85;
	}
	for (int k = 0; k < 4; k++) {
		h[k] = uniform(r, 0, 0.3);
		hp[k] = uniform(r, 0, 2 * G_PI);
	}
	for (int y = 0; y < size; y++)
		for (int x = 0; x < size; x++) {
			double dx = x + 0.5 - c0, dy = y + 0.5 - c0;
			double ang = atan2(dy, dx), rr = rad;
			double d, v;

			for (int k = 0; k < 4; k++)
				rr *= 1 + h[k] * sin((k + 2) * ang + hp[k]);
			d = sqrt(dx * dx + dy * dy) / MAX(rr, 0.3);
			/* foxing: a darker core fading out; dust: a hard edge */
			v = fox ? CLAMP(1.15 - d, 0, 1) * (0.6 + 0.4 * CLAMP(1 - d, 0, 1))
				: CLAMP((1 - d) * rr + 0.5, 0, 1);
			for (int b = 0; b < 3; b++)
				buf[((gsize) y * size + x) * 3 + b] =
					(guchar) lround(255 * (1 - strength * kc[b] * v));
		}
	img = vips_image_new_from_memory_copy(buf, (gsize) size * size * 3, size, size, 3,
					      VIPS_FORMAT_UCHAR);
	g_free(buf);
	return img;
}

/* A worn red ownership stamp: two rings and initials, as a 3-band factor
 * patch (255 = untouched) of side size. */
static VipsImage *
stamp_patch(GRand *r, int size)
{
	static const double ink[3] = {0.08, 0.58, 0.55}; /* absorbed: red ink */
	double strength = uniform(r, 0.55, 0.85), c0 = size / 2.0;
	double ph[4];
	guchar *buf = g_new(guchar, (gsize) size * size * 3);
	float *m = g_new0(float, (gsize) size * size);
	VipsImage *text = NULL, *img = NULL;
	char font[48];

	for (int k = 0; k < 4; k++)
		ph[k] = uniform(r, 0, 2 * G_PI);
	for (int y = 0; y < size; y++)
		for (int x = 0; x < size; x++) {
			double d = hypot(x + 0.5 - c0, y + 0.5 - c0) / c0;
			double ring = MAX(CLAMP((0.055 - fabs(d - 0.92)) * c0 + 0.5, 0, 1),
					  CLAMP((0.02 - fabs(d - 0.78)) * c0 + 0.5, 0, 1));

			m[(gsize) y * size + x] = (float) ring;
		}
	g_snprintf(font, sizeof font, "DejaVu Serif Bold %d", MAX(6, (int) (size * 0.3)));
	if (vips_text(&text, "BN", "font", font, "dpi", 72, NULL) == 0) {
		size_t len;
		guchar *tm = vips_image_write_to_memory(text, &len);
		int tx = (size - text->Xsize) / 2, ty = (size - text->Ysize) / 2;

		for (int y = 0; tm && y < text->Ysize; y++)
			for (int x = 0; x < text->Xsize; x++) {
				int X = tx + x, Y = ty + y;

				if (X >= 0 && Y >= 0 && X < size && Y < size)
					m[(gsize) Y * size + X] =
						MAX(m[(gsize) Y * size + X],
						    tm[(gsize) y * text->Xsize + x] / 255.0f);
			}
		g_free(tm);
		g_object_unref(text);
	} else
		vips_error_clear();
	for (int y = 0; y < size; y++)
		for (int x = 0; x < size; x++) {
			/* the ink took unevenly */
			double wear = 0.6 + 0.4 * sin(x * 0.21 + ph[0]) * sin(y * 0.17 + ph[1]) +
				      0.15 * sin((x + y) * 0.05 + ph[2]);
			double v = m[(gsize) y * size + x] * strength * CLAMP(wear, 0.2, 1);

			for (int b = 0; b < 3; b++)
				buf[((gsize) y * size + x) * 3 + b] = (guchar) lround(255 * (1 - v * ink[b]));
		}
	img = vips_image_new_from_memory_copy(buf, (gsize) size * size * 3, size, size, 3,
					      VIPS_FORMAT_UCHAR);
	g_free(buf);
	g_free(m);
	return img;
}

/* Paper factor (3 bands, 255 = clean paper) with foxing and dust in the
 * margins, in sheet coordinates. Built as a chain of lazy inserts into a
 * constant image, so it costs no full-size buffer. */
static int
paper_spots(VipsObject *ctx, GRand *r, const GenCase *c, int sw, int sh, int ox, int oy,
	    VipsImage **out)
{
	VipsImage **t = (VipsImage **) vips_object_local_array(ctx, 1);
	double scale = sqrt((double) c->width * c->height / 4e6);
	int n = c->n_foxing + c->n_dust;
	double keep = spot_keep(c);
	VipsImage *cur;

	if (vips_black(&t[0], sw, sh, "bands", 3, NULL))
		return -1;
	{
		VipsImage **u = (VipsImage **) vips_object_local_array(ctx, 1);

		if (vips_invert(t[0], &u[0], NULL))
			return -1;
		cur = u[0];
	}
	for (int i = 0; i < n; i++) {
		VipsImage **u = (VipsImage **) vips_object_local_array(ctx, 2);
		double x, y;
		int tries = 0;

		/* somewhere on the page, clear of the plate and its caption by more
		 * than a cleaner's padding, so that no spot ever belongs to them */
		do {
			x = uniform(r, 0, c->width);
			y = uniform(r, 0, c->scan_h);
		} while (tries++ < 100 &&
			 ((x > c->fx - keep && x < c->fx + c->fw + keep && y > c->fy - keep &&
			   y < c->fy + c->fh + keep) ||
			  (x > c->cx - keep && x < c->cx + c->cw + keep && y > c->cy - keep &&
			   y < c->cy + c->ch + keep)));
		if (tries > 100)
			continue;
		u[0] = spot_patch(r, i < c->n_foxing, scale);
		if (!u[0] || vips_insert(cur, u[0], &u[1], (int) x + ox - u[0]->Xsize / 2,
					 (int) y + oy - u[0]->Ysize / 2, NULL))
			return -1;
		cur = u[1];
	}
	if (c->ss > 0) {
		VipsImage **u = (VipsImage **) vips_object_local_array(ctx, 2);

		u[0] = stamp_patch(r, c->ss);
		if (!u[0] || vips_insert(cur, u[0], &u[1], c->sx + ox, c->sy + oy, NULL))
			return -1;
		cur = u[1];
	}
	*out = cur;
	return 0;
}

/* Dark scanner bed on one side: coverage 0..255 in an area as deep as the
 * deepest point, oriented as for the left side (x = distance from the edge). */
static int
border_mask(VipsObject *ctx, const GenCase *c, int side, VipsImage **out)
{
	VipsImage **t = (VipsImage **) vips_object_local_array(ctx, 11);
	gboolean across = side == SIDE_TOP || side == SIDE_BOTTOM;
	int len = across ? c->width : c->scan_h;
	int depth = (int) ceil(c->border_max[side]) + 2;
	int w = c->width, h = c->scan_h;
	float *col = g_new(float, len);
	VipsImage *m;

	for (int i = 0; i < len; i++)
		col[i] = (float) c->profile[side][i];
	t[0] = vips_image_new_from_memory_copy(col, sizeof(float) * len, 1, len, 1,
					       VIPS_FORMAT_FLOAT);
	g_free(col);
	/* coverage of pixel x by [0, D) is D - x, clipped to 0..1 */
	if (!t[0] || vips_replicate(t[0], &t[1], depth, 1, NULL) ||
	    vips_xyz(&t[2], depth, len, NULL) || vips_extract_band(t[2], &t[3], 0, NULL) ||
	    vips_subtract(t[1], t[3], &t[4], NULL) ||
	    vips_linear1(t[4], &t[5], 255, 0, NULL) ||
	    vips_cast(t[5], &t[6], VIPS_FORMAT_UCHAR, NULL))
		return -1;
	m = t[6];
	switch (side) {
	case SIDE_LEFT:
		if (vips_embed(m, &t[7], 0, 0, w, h, NULL))
			return -1;
		break;
	case SIDE_RIGHT:
		if (vips_flip(m, &t[8], VIPS_DIRECTION_HORIZONTAL, NULL) ||
		    vips_embed(t[8], &t[7], w - depth, 0, w, h, NULL))
			return -1;
		break;
	case SIDE_TOP:
		if (vips_rot(m, &t[8], VIPS_ANGLE_D90, NULL) ||
		    vips_flip(t[8], &t[9], VIPS_DIRECTION_HORIZONTAL, NULL) ||
		    vips_embed(t[9], &t[7], 0, 0, w, h, NULL))
			return -1;
		break;
	default: /* bottom */
		if (vips_rot(m, &t[8], VIPS_ANGLE_D270, NULL) ||
		    vips_embed(t[8], &t[7], 0, h - depth, w, h, NULL))
			return -1;
		break;
	}
	*out = t[7];
	return 0;
}

/* The light band with the credit line that Gallica appends to downloads. */
static int
strip_image(VipsObject *ctx, GRand *r, const GenCase *c, VipsImage **out, GError **error)
{
	VipsImage **t = (VipsImage **) vips_object_local_array(ctx, 4);
	double bg = uniform(r, 238, 252), fg = uniform(r, 50, 90);
	double a[3], b[3];
	char font[64];
	int x, y;

	strip_font(c, font, sizeof font);
	if (render_text("Source gallica.bnf.fr / Bibliothèque nationale de France", font, &t[0],
			error))
		return -1;
	x = MAX(0, c->width - t[0]->Xsize - (int) (0.012 * c->width));
	y = MAX(0, (c->strip_h - t[0]->Ysize) / 2);
	for (int i = 0; i < 3; i++) {
		a[i] = (fg - bg) / 255;
		b[i] = bg;
	}
	if (vips_embed(t[0], &t[1], x, y, c->width, c->strip_h, NULL) ||
	    vips_linear(t[1], &t[2], a, b, 3, NULL) ||
	    vips_cast(t[2], &t[3], VIPS_FORMAT_UCHAR, NULL))
		return gen_fail(error, "strip");
	*out = t[3];
	return 0;
}

int
gen_case_draw(GenCase *c, guint32 seed, const char *dir, gboolean truth_png, gboolean perfect,
	      GError **error)
{
	guint32 key[3] = {seed, (guint32) c->index, 0xd7a3u};
	GRand *r = g_rand_new_with_seed_array(key, 3);
	VipsImage *ctxi = vips_image_new();
	VipsObject *ctx = VIPS_OBJECT(ctxi);
	VipsImage **t = (VipsImage **) vips_object_local_array(ctx, 24);
	double ang = c->rotation * G_PI / 180.0;
	double ca = fabs(cos(ang)), sa = fabs(sin(ang));
	int w = c->width, h = c->scan_h;
	int sw = (int) ceil(w * ca + h * sa) + 8, sh = (int) ceil(w * sa + h * ca) + 8;
	int ox, oy, nmask = 0;
	double a[3], b[3];
	char font[64];
	VipsImage *frame, *spots, *uneven, *img, *masks[N_SIDES];
	g_autofree char *path = NULL;
	int ret = -1;

	if (c->kind != KIND_PLATE) {
		g_object_unref(ctxi);
		g_rand_free(r);
		return gen_kind_draw(c, seed, dir, truth_png, perfect, error);
	}
	/* a plate's perfect master is its truth image */
	truth_png = truth_png || perfect;
	path = g_build_filename(dir, c->file, NULL);
	sw += (sw - w) & 1; /* keep the page's offset in the sheet whole */
	sh += (sh - h) & 1;
	ox = (sw - w) / 2;
	oy = (sh - h) / 2;

	/* transmission of the sheet: plate and caption on blank paper */
	if (gen_frame_block(ctx, r, c, &frame)) {
		gen_fail(error, "plate");
		goto out;
	}
	/* the plate is wanted twice (scan and truth): draw it once */
	if (truth_png) {
		if (!(t[17] = vips_image_copy_memory(frame))) {
			gen_fail(error, "plate");
			goto out;
		}
		frame = t[17];
	}
	caption_font(c, font, sizeof font);
	if (render_text(c->caption_text, font, &t[0], error))
		goto out;
	if (embed_bg(frame, &t[1], ox + c->fx, oy + c->fy, sw, sh, 255) ||
	    vips_invert(t[0], &t[2], NULL) ||
	    vips_insert(t[1], t[2], &t[3], ox + c->cx, oy + c->cy, NULL)) {
		gen_fail(error, "sheet");
		goto out;
	}

	/* aged paper: mottling, foxing, dust; then the scanner's levels */
	if (smooth_noise(ctx, sw, sh, 16, g_rand_int_range(r, 5, 12), (int) g_rand_int(r),
			 &uneven) ||
	    vips_linear1(uneven, &t[4], c->unevenness, 1, NULL) ||
	    paper_spots(ctx, r, c, sw, sh, ox, oy, &spots)) {
		gen_fail(error, "paper");
		goto out;
	}
	/* sensor noise, added while the image is one band: a tile of noise
	 * repeated (full-size Gaussian noise costs more than the rest of the
	 * drawing; odd sizes hide the period), scaled so that it is about 1.8
	 * levels in the scan */
	{
		double range = (c->white[0] + c->white[1] + c->white[2] - c->black[0] - c->black[1] -
				c->black[2]) / 3;
		int nw = MIN(sw, 509), nh = MIN(sh, 503);

		if (vips_gaussnoise(&t[18], nw, nh, "sigma", 1.8 * 255 / MAX(range, 20), "mean", 0.0,
				    "seed", (int) g_rand_int(r), NULL) ||
		    vips_replicate(t[18], &t[19], sw / nw + 1, sh / nh + 1, NULL) ||
		    vips_extract_area(t[19], &t[12], 0, 0, sw, sh, NULL) ||
		    vips_multiply(t[3], t[4], &t[5], NULL) || vips_add(t[5], t[12], &t[13], NULL) ||
		    vips_multiply(t[13], spots, &t[6], NULL)) {
			gen_fail(error, "paper");
			goto out;
		}
	}
	for (int i = 0; i < 3; i++) {
		a[i] = (c->white[i] - c->black[i]) / 65025.0;
		b[i] = c->black[i];
	}
	for (int i = 0; i < 3; i++)
		b[i] += 0.5; /* rounds in the cast */
	if (vips_linear(t[6], &t[16], a, b, 3, NULL) ||
	    vips_cast(t[16], &t[7], VIPS_FORMAT_UCHAR, NULL)) {
		gen_fail(error, "levels");
		goto out;
	}

	/* the sheet lay skewed on the glass: turn it onto the scan area */
	if (c->rotation == 0) {
		if (vips_extract_area(t[7], &t[8], ox, oy, w, h, NULL)) {
			gen_fail(error, "crop");
			goto out;
		}
	} else {
		double csx = ox + w / 2.0, csy = oy + h / 2.0;
		VipsInterpolate *bilinear = vips_interpolate_new("bilinear");
		VipsArrayInt *area = vips_array_int_newv(4, 0, 0, w, h);
		int rc;

		/* vips_affine maps pixel indices; the +-0.5 turn them into the
		 * pixel-area coordinates the truth is written in */
		rc = vips_affine(t[7], &t[8], cos(ang), sin(ang), -sin(ang), cos(ang), "idx",
				 0.5 - csx, "idy", 0.5 - csy, "odx", w / 2.0 - 0.5, "ody",
				 h / 2.0 - 0.5, "oarea", area, "interpolate", bilinear, NULL);
		vips_area_unref(VIPS_AREA(area));
		g_object_unref(bilinear);
		if (rc) {
			gen_fail(error, "rotate");
			goto out;
		}
	}
	img = t[8];

	/* dark ragged scanner bed where the sheet did not reach */
	for (int s = 0; s < N_SIDES; s++)
		if (c->profile[s] && border_mask(ctx, c, s, &masks[nmask]) == 0)
			nmask++;
		else if (c->profile[s]) {
			gen_fail(error, "border");
			goto out;
		}
	if (nmask > 0) {
		double level = uniform(r, 8, 55);
		VipsImage *bed_noise;

		for (int i = 0; i < 3; i++) {
			a[i] = 14;
			b[i] = level * (i == 2 ? 0.95 : 1.0);
		}
		if (nmask == 1)
			t[9] = g_object_ref(masks[0]);
		else if (vips_bandrank(masks, &t[9], nmask, "index", nmask - 1, NULL)) {
			gen_fail(error, "border");
			goto out;
		}
		if (smooth_noise(ctx, w, h, 32, 4, (int) g_rand_int(r), &bed_noise) ||
		    vips_linear(bed_noise, &t[10], a, b, 3, NULL) ||
		    vips_ifthenelse(t[9], t[10], img, &t[11], "blend", TRUE, NULL)) {
			gen_fail(error, "border");
			goto out;
		}
		img = t[11];
	}

	if (img->BandFmt != VIPS_FORMAT_UCHAR) {
		if (vips_cast(img, &t[14], VIPS_FORMAT_UCHAR, NULL)) {
			gen_fail(error, "border");
			goto out;
		}
		img = t[14];
	}
	if (c->has_strip) {
		VipsImage *strip = NULL;

		if (strip_image(ctx, r, c, &strip, error))
			goto out;
		if (vips_join(img, strip, &t[15], VIPS_DIRECTION_VERTICAL, NULL)) {
			gen_fail(error, "strip");
			goto out;
		}
		img = t[15];
	}
	/* scanners tag their resolution: 300 dpi, in pixels per millimetre */
	if (vips_copy(img, &t[20], "xres", 300 / 25.4, "yres", 300 / 25.4, NULL) ||
	    vips_jpegsave(t[20], path, "Q", c->quality, NULL)) {
		gen_fail(error, path);
		goto out;
	}
	if (truth_png) {
		g_autofree char *tpath = g_build_filename(dir, c->truth_file, NULL);

		if (vips_pngsave(frame, tpath, "compression", 1, "filter",
				 VIPS_FOREIGN_PNG_FILTER_NONE, NULL)) {
			gen_fail(error, tpath);
			goto out;
		}
	}
	ret = 0;
out:
	g_object_unref(ctxi);
	g_rand_free(r);
	return ret;
}

void
gen_add_quad(JsonBuilder *b, const char *name, const double q[4][2])
{
	if (name)
		json_builder_set_member_name(b, name);
	json_builder_begin_array(b);
	for (int i = 0; i < 4; i++) {
		json_builder_begin_array(b);
		json_builder_add_double_value(b, round(q[i][0] * 1000) / 1000);
		json_builder_add_double_value(b, round(q[i][1] * 1000) / 1000);
		json_builder_end_array(b);
	}
	json_builder_end_array(b);
}

static void
add_triple(JsonBuilder *b, const char *name, const double v[3])
{
	json_builder_set_member_name(b, name);
	json_builder_begin_array(b);
	for (int i = 0; i < 3; i++)
		json_builder_add_double_value(b, round(v[i] * 10) / 10);
	json_builder_end_array(b);
}

void
gen_case_to_json(const GenCase *c, JsonBuilder *b)
{
	static const char *const names[N_SIDES] = {"top", "right", "bottom", "left"};

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "file");
	json_builder_add_string_value(b, c->file);
	json_builder_set_member_name(b, "truth_image");
	json_builder_add_string_value(b, c->truth_file);
	json_builder_set_member_name(b, "width");
	json_builder_add_int_value(b, c->width);
	json_builder_set_member_name(b, "height");
	json_builder_add_int_value(b, c->height);
	json_builder_set_member_name(b, "rotation");
	json_builder_add_double_value(b, round(c->rotation * 10000) / 10000);
	gen_add_quad(b, "content", c->content);
	json_builder_set_member_name(b, "content_size");
	json_builder_begin_array(b);
	json_builder_add_int_value(b, c->fw);
	json_builder_add_int_value(b, c->fh);
	json_builder_end_array(b);
	if (c->kind == KIND_PLATE) {
		gen_add_quad(b, "caption", c->caption);
		gen_add_quad(b, "content_with_caption", c->lettered);
		json_builder_set_member_name(b, "content_with_caption_size");
		json_builder_begin_array(b);
		json_builder_add_int_value(b, c->lw);
		json_builder_add_int_value(b, c->lh);
		json_builder_end_array(b);
		json_builder_set_member_name(b, "caption_text");
		json_builder_add_string_value(b, c->caption_text);
	}
	json_builder_set_member_name(b, "has_strip");
	json_builder_add_boolean_value(b, c->has_strip);
	json_builder_set_member_name(b, "strip_height");
	json_builder_add_int_value(b, c->strip_h);
	json_builder_set_member_name(b, "borders");
	json_builder_begin_object(b);
	for (int s = 0; s < N_SIDES; s++) {
		json_builder_set_member_name(b, names[s]);
		json_builder_add_double_value(b, round(c->border_max[s] * 10) / 10);
	}
	json_builder_end_object(b);
	/* the ragged edges, for scorers that check every point of them */
	json_builder_set_member_name(b, "border_profiles");
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "step");
	json_builder_add_int_value(b, GEN_PROFILE_STEP);
	for (int s = 0; s < N_SIDES; s++) {
		int len = (s == SIDE_TOP || s == SIDE_BOTTOM) ? c->width : c->scan_h;

		if (!c->profile[s])
			continue;
		json_builder_set_member_name(b, names[s]);
		json_builder_begin_array(b);
		for (int i = 0; i < len; i += GEN_PROFILE_STEP) {
			double mx = 0;

			for (int j = i; j < MIN(len, i + GEN_PROFILE_STEP); j++)
				mx = MAX(mx, c->profile[s][j]);
			json_builder_add_double_value(b, round(mx * 10) / 10);
		}
		json_builder_end_array(b);
	}
	json_builder_end_object(b);
	json_builder_set_member_name(b, "levels");
	json_builder_begin_object(b);
	add_triple(b, "black", c->black);
	add_triple(b, "white", c->white);
	json_builder_end_object(b);
	json_builder_set_member_name(b, "unevenness");
	json_builder_add_double_value(b, round(c->unevenness * 1000) / 1000);
	json_builder_set_member_name(b, "foxing");
	json_builder_add_int_value(b, c->n_foxing);
	json_builder_set_member_name(b, "dust");
	json_builder_add_int_value(b, c->n_dust);
	json_builder_set_member_name(b, "stamp");
	if (c->ss > 0)
		gen_add_quad(b, NULL, c->stamp);
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "jpeg_quality");
	json_builder_add_int_value(b, c->quality);
	json_builder_set_member_name(b, "clean");
	json_builder_add_boolean_value(b, c->clean);

	/* what every kind records, for the scorer's crop, rotation and tone verdicts */
	json_builder_set_member_name(b, "kind");
	json_builder_add_string_value(b, gen_kind_names[c->kind]);
	json_builder_set_member_name(b, "variant");
	json_builder_add_int_value(b, c->variant);
	json_builder_set_member_name(b, "style");
	json_builder_add_string_value(b, c->style);
	gen_add_quad(b, "page", c->page);
	json_builder_set_member_name(b, "alt_page");
	if (c->has_alt_page)
		gen_add_quad(b, NULL, c->alt_page);
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "upright_rotation");
	json_builder_add_int_value(b, c->upright_rotation);
	json_builder_set_member_name(b, "near_blank");
	json_builder_add_boolean_value(b, c->near_blank);
	{
		double lab[3];

		gen_srgb_to_lab(c->paper_rgb, lab);
		json_builder_set_member_name(b, "paper");
		json_builder_begin_object(b);
		add_triple(b, "rgb", c->paper_rgb);
		add_triple(b, "lab", lab);
		json_builder_set_member_name(b, "chroma");
		json_builder_add_double_value(b, round(hypot(lab[1], lab[2]) * 100) / 100);
		json_builder_end_object(b);
	}
	json_builder_set_member_name(b, "ideal");
	json_builder_begin_object(b);
	add_triple(b, "paper_lab", c->ideal_paper_lab);
	json_builder_set_member_name(b, "paper_L");
	json_builder_add_double_value(b, round(c->ideal.paper_L * 100) / 100);
	json_builder_set_member_name(b, "paper_chroma");
	json_builder_add_double_value(b, round(c->ideal.paper_C * 100) / 100);
	json_builder_set_member_name(b, "ink_L");
	json_builder_add_double_value(b, round(c->ideal.ink_L * 100) / 100);
	json_builder_set_member_name(b, "contrast");
	json_builder_add_double_value(b, round((c->ideal.paper_L - c->ideal.ink_L) * 100) / 100);
	json_builder_end_object(b);
	json_builder_end_object(b);
}

/* The kinds of synthetic scan beyond the engraved plate: book pages,
 * spreads, pages turned sideways, near-blank covers, prints on mounts,
 * cut-out drawings on black and faded prints.
 *
 * Each is drawn in plain C as "what lies on the glass", upright: the scene,
 * a little larger than the scan area, holds the bed (dark, black or light),
 * mounts, page-stack edges, the facing page and the page itself, in the
 * true colours of paper and ink. The page's ink is drawn first into a
 * coverage layer of its own, so that the content's box is known exactly,
 * and so is the perfect master (the page in ideal colours, no defect).
 * Then the scanner's levels (squeezed, tinted), sensor noise, and one turn
 * (a quarter turn for the pages turned sideways, plus a small skew) onto
 * the scan area; JPEG.
 *
 * Memory: the scene is held as floats, 12 bytes a pixel: these kinds are
 * meant for sizes of a few megapixels, not for the speed benchmark's 85. */
#include "gen.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static double
U(GRand *r, double lo, double hi)
{
	return g_rand_double_range(r, lo, hi);
}

static gboolean
P(GRand *r, double p)
{
	return g_rand_double(r) < p;
}

static double
sign(GRand *r)
{
	return P(r, 0.5) ? 1 : -1;
}

void
gen_kind_plan(GenCase *c, guint32 seed, int index, GenKind kind, int variant, double mp)
{
	guint32 key[3] = {seed, (guint32) index, 0x6b1du};
	GRand *r = g_rand_new_with_seed_array(key, 3);
	double pixels = mp * 1e6 * U(r, 0.85, 1.15), aspect, skew = 0;
	int uw, uh, q = 0;

	memset(c, 0, sizeof *c);
	c->index = index;
	g_snprintf(c->file, sizeof c->file, "case-%03d.jpg", index);
	g_snprintf(c->truth_file, sizeof c->truth_file, "case-%03d.truth.png", index);
	g_snprintf(c->perfect_file, sizeof c->perfect_file, "case-%03d.perfect.png", index);
	c->kind = kind;
	c->variant = variant;
	switch (kind) {
	case KIND_SPREAD:
		aspect = U(r, 1.05, 1.3);
		break;
	case KIND_MOUNT:
		aspect = U(r, 0.95, 1.3);
		break;
	case KIND_BLACK:
		aspect = P(r, 0.3) ? U(r, 0.7, 0.85) : U(r, 1.25, 2.2);
		break;
	default:
		aspect = U(r, 1.3, 1.5);
		break;
	}
	uw = 2 * (int) lround(sqrt(pixels / aspect) / 2);
	uh = 2 * (int) lround(uw * aspect / 2);
	switch (kind) {
	case KIND_TEXT:
		skew = P(r, 0.25) ? 0 : sign(r) * U(r, 0.2, 2.0);
		break;
	case KIND_SPREAD:
		skew = sign(r) * U(r, 0.2, 1.5);
		break;
	case KIND_SIDEWAYS:
		q = 1 + variant % 3;
		skew = P(r, 0.4) ? 0 : sign(r) * U(r, 0.2, 1.0);
		break;
	case KIND_MOUNT:
		skew = P(r, 0.4) ? 0 : sign(r) * U(r, 0.2, 1.0);
		break;
	case KIND_BLACK:
		skew = P(r, 0.5) ? 0 : sign(r) * U(r, 0.1, 0.8);
		break;
	case KIND_FADED:
		skew = P(r, 0.3) ? 0 : sign(r) * U(r, 0.2, 1.5);
		break;
	default: /* a near-blank page gives a cleaner nothing to straighten on */
		break;
	}
	c->rotation = 90 * q + skew;
	c->upright_rotation = q == 0 ? 0 : q == 1 ? 90 : q == 2 ? 180 : -90;
	c->width = q % 2 ? uh : uw;
	c->height = q % 2 ? uw : uh;
	c->scan_h = c->height;
	c->landscape = c->width > c->height;
	c->near_blank = kind == KIND_BLANK;
	c->quality = g_rand_int_range(r, 82, 93);
	g_rand_free(r);
}

/* ---- drawing state ---------------------------------------------------- */

typedef struct {
	GenCase *c;
	GRand *r;
	double scale;  /* sqrt(pixels / 4 MP): lines and specks grow with it */
	int uw, uh;    /* the scan area, upright */
	int m;         /* the scene's margin around the scan area */
	int sw, sh;    /* the scene */
	float *px;     /* the scene's true colours, RGB 0..255 */
	int pgx, pgy, pgw, pgh; /* the page, in upright scan-area coordinates */
	guint8 *cov;   /* the page's ink, pgw x pgh */
	guint8 *alpha; /* the page's shape when it is cut out, else NULL */
	double paper[3], ink[3], bg[3];
	double black[3], white[3]; /* the scanner's levels */
	double unevenness, noise;
	double page_box[4]; /* the truth's page, in page coordinates: x0 y0 x1 y1 */
	gboolean has_alt;
	double alt_box[4];  /* in upright scan-area coordinates */
	double ideal_ink[3];
	gboolean ideal_is_scan; /* the near-blank page: the perfect master is the scan's look */
	gboolean verso;         /* a spread's page is on the left, the gutter at its right */
	GString *style;
} Draw;

static float *
scene_at(Draw *D, int ux, int uy)
{
	int x = ux + D->m, y = uy + D->m;

	if (x < 0 || y < 0 || x >= D->sw || y >= D->sh)
		return NULL;
	return D->px + ((gsize) y * D->sw + x) * 3;
}

/* Fills [x0, x1) x [y0, y1) (upright scan-area coordinates) with rgb. */
static void
scene_rect(Draw *D, double x0, double y0, double x1, double y1, const double rgb[3])
{
	int a0 = MAX(0, (int) floor(x0) + D->m), a1 = MIN(D->sw, (int) ceil(x1) + D->m);
	int b0 = MAX(0, (int) floor(y0) + D->m), b1 = MIN(D->sh, (int) ceil(y1) + D->m);

	for (int y = b0; y < b1; y++)
		for (int x = a0; x < a1; x++)
			for (int b = 0; b < 3; b++)
				D->px[((gsize) y * D->sw + x) * 3 + b] = (float) rgb[b];
}

/* Smooth noise in about -1..1: two octaves of value noise. */
static float *
mottle(GRand *r, int w, int h, double cell)
{
	float *out = g_new0(float, (gsize) w * h);
	double cells[2] = {MAX(4, cell), MAX(3, cell / 2.7)}, amp[2] = {0.7, 0.35};

	for (int o = 0; o < 2; o++) {
		int gw = (int) (w / cells[o]) + 3, gh = (int) (h / cells[o]) + 3;
		float *g = g_new(float, (gsize) gw * gh);

		for (int i = 0; i < gw * gh; i++)
			g[i] = (float) U(r, -1, 1);
		for (int y = 0; y < h; y++) {
			double fy = y / cells[o];
			int iy = (int) fy;
			double ty = fy - iy;

			ty = ty * ty * (3 - 2 * ty);
			for (int x = 0; x < w; x++) {
				double fx = x / cells[o];
				int ix = (int) fx;
				double tx = fx - ix, a, b;

				tx = tx * tx * (3 - 2 * tx);
				a = g[iy * gw + ix] * (1 - tx) + g[iy * gw + ix + 1] * tx;
				b = g[(iy + 1) * gw + ix] * (1 - tx) + g[(iy + 1) * gw + ix + 1] * tx;
				out[(gsize) y * w + x] += (float) (amp[o] * (a * (1 - ty) + b * ty));
			}
		}
		g_free(g);
	}
	return out;
}

/* ---- the page's ink ---------------------------------------------------- */

static void
cov_put(Draw *D, int x, int y, double v)
{
	guint8 *p;

	if (x < 0 || y < 0 || x >= D->pgw || y >= D->pgh)
		return;
	p = &D->cov[(gsize) y * D->pgw + x];
	*p = (guint8) MAX(*p, (int) lround(CLAMP(v, 0, 1) * 255));
}

/* A mask (0..255) laid on the page's ink at (x, y), times strength. */
static void
cov_blit(Draw *D, const guint8 *mask, int mw, int mh, int x, int y, double strength)
{
	for (int j = 0; j < mh; j++)
		for (int i = 0; i < mw; i++) {
			int v = mask[(gsize) j * mw + i];

			if (v)
				cov_put(D, x + i, y + j, v / 255.0 * strength);
		}
}

/* A rule: the box [x0, x1) x [y0, y1); broken ones have worn gaps, along
 * their longer side. */
static void
cov_rule(Draw *D, int x0, int y0, int x1, int y1, gboolean broken, double strength)
{
	gboolean across = x1 - x0 >= y1 - y0;
	int len = across ? x1 - x0 : y1 - y0;
	int t = 0;

	while (t < len) {
		int on = broken ? (int) (U(D->r, 20, 220) * D->scale) + 1 : len;
		int off = broken && P(D->r, 0.6) ? (int) (U(D->r, 2, 14) * D->scale) + 1 : 0;
		double v = broken ? strength * U(D->r, 0.55, 1) : strength;

		for (int k = t; k < MIN(len, t + on); k++)
			for (int w = 0; w < (across ? y1 - y0 : x1 - x0); w++) {
				if (across)
					cov_put(D, x0 + k, y0 + w, v);
				else
					cov_put(D, x0 + w, y0 + k, v);
			}
		t += on + off;
	}
}

static void
cov_frame(Draw *D, int x0, int y0, int x1, int y1, int th, gboolean broken)
{
	cov_rule(D, x0, y0, x1, y0 + th, broken, 1);
	cov_rule(D, x0, y1 - th, x1, y1, broken, 1);
	cov_rule(D, x0, y0, x0 + th, y1, broken, 1);
	cov_rule(D, x1 - th, y0, x1, y1, broken, 1);
}

/* An antialiased line of width wd, coverage v. */
static void
cov_line(Draw *D, double x0, double y0, double x1, double y1, double wd, double v)
{
	double dx = x1 - x0, dy = y1 - y0, l2 = dx * dx + dy * dy;
	int a0 = (int) floor(MIN(x0, x1) - wd - 1), a1 = (int) ceil(MAX(x0, x1) + wd + 1);
	int b0 = (int) floor(MIN(y0, y1) - wd - 1), b1 = (int) ceil(MAX(y0, y1) + wd + 1);

	a0 = MAX(a0, 0), b0 = MAX(b0, 0), a1 = MIN(a1, D->pgw), b1 = MIN(b1, D->pgh);
	for (int y = b0; y < b1; y++)
		for (int x = a0; x < a1; x++) {
			double px = x + 0.5, py = y + 0.5;
			double t = l2 > 0 ? CLAMP(((px - x0) * dx + (py - y0) * dy) / l2, 0, 1) : 0;
			double d = hypot(px - (x0 + t * dx), py - (y0 + t * dy));
			double c = CLAMP(wd / 2 - d + 0.5, 0, 1);

			if (c > 0)
				cov_put(D, x, y, c * v);
		}
}

static void
cov_arc(Draw *D, double cx, double cy, double rx, double ry, double a0, double a1, double wd,
	double v)
{
	int n = 48;

	for (int i = 0; i < n; i++) {
		double t0 = a0 + (a1 - a0) * i / n, t1 = a0 + (a1 - a0) * (i + 1) / n;

		cov_line(D, cx + rx * cos(t0), cy - ry * sin(t0), cx + rx * cos(t1), cy - ry * sin(t1),
			 wd, v);
	}
}

/* ---- text -------------------------------------------------------------- */

static const char *const words[] = {
	"le", "la", "les", "des", "de", "du", "et", "en", "un", "une", "qui", "que", "dans",
	"pour", "par", "sur", "avec", "sans", "mais", "comme", "plus", "tout", "cette", "leur",
	"nous", "ils", "elle", "il", "est", "sont", "fut", "était", "avoit", "peut", "doit",
	"histoire", "nature", "animaux", "mer", "poulpe", "espèce", "corps", "forme", "partie",
	"temps", "siècle", "auteur", "anciens", "observations", "connoissance", "ouvrage",
	"description", "figure", "planche", "chapitre", "volume", "premier", "second", "grand",
	"petit", "long", "différentes", "plusieurs", "quelques", "certains", "toujours", "jamais",
	"encore", "ainsi", "alors", "depuis", "enfin", "souvent", "presque", "beaucoup", "moins",
	"bien", "mal", "fort", "peu", "assez", "trop", "raison", "cause", "effet", "manière",
	"usage", "art", "ville", "pays", "royaume", "roi", "peuple", "hommes", "femme", "enfans",
	"maison", "église", "terre", "eau", "feu", "air", "lumière", "ombre", "couleur", "pierre",
	"bois", "fer", "or", "argent", "livre", "page", "lettre", "mot", "nom", "voyage",
	"route", "montagne", "rivière", "campagne", "jardin", "arbre", "fleurs", "fruits",
	"remarquable", "singulier", "nouveau", "ancien", "véritable", "général", "particulier",
	"naturel", "célèbre", "savant", "habile", "curieux", "utile", "nécessaire", "possible",
	"rapporte", "assure", "montre", "prouve", "décrit", "trouve", "voit", "croit", "dit",
};

static const char *const titles[] = {
	"Histoire naturelle", "Des poulpes", "Voyage en Orient", "Œuvres complètes",
	"De la peinture", "Mémoires", "Traité des arbres", "Description de Paris",
	"Lettres édifiantes", "Essai sur les mœurs", "Recueil de pièces", "Annales du musée",
};

static void
append_sentence(GRand *r, GString *s)
{
	int n = g_rand_int_range(r, 5, 18);

	for (int i = 0; i < n; i++) {
		const char *w = words[g_rand_int_range(r, 0, G_N_ELEMENTS(words))];

		if (i == 0) {
			gunichar u = g_unichar_toupper(g_utf8_get_char(w));
			char buf[8];

			buf[g_unichar_to_utf8(u, buf)] = 0;
			g_string_append(s, buf);
			g_string_append(s, g_utf8_next_char(w));
		} else {
			g_string_append_c(s, ' ');
			g_string_append(s, w);
		}
		if (i > 1 && i < n - 2 && P(r, 0.1))
			g_string_append_c(s, ',');
	}
	g_string_append(s, P(r, 0.85) ? ". " : P(r, 0.5) ? " ; " : " : ");
}

/* About n characters of paragraphs, each indented by an em space. */
static char *
paragraphs(GRand *r, gsize n)
{
	GString *s = g_string_new(NULL);

	while (s->len < n) {
		int k = g_rand_int_range(r, 2, 8);

		if (s->len)
			g_string_append_c(s, '\n');
		g_string_append(s, "\u2003\u2003");
		for (int i = 0; i < k; i++)
			append_sentence(r, s);
	}
	return g_string_free(s, FALSE);
}

/* Renders Pango markup as a coverage mask; width > 0 wraps (and justifies). */
static guint8 *
text_mask(const char *markup, const char *font, int width, gboolean justify, int *mw, int *mh,
	  GError **error)
{
	VipsImage *t = NULL;
	guint8 *buf;
	size_t len;
	int rc = width > 0 ? vips_text(&t, markup, "font", font, "dpi", 72, "width", width,
				       "justify", justify, NULL)
			   : vips_text(&t, markup, "font", font, "dpi", 72, NULL);

	if (rc) {
		gen_fail(error, "vips_text");
		return NULL;
	}
	*mw = t->Xsize;
	*mh = t->Ysize;
	buf = vips_image_write_to_memory(t, &len);
	g_object_unref(t);
	if (!buf)
		gen_fail(error, "vips_text");
	return buf;
}

/* The last empty row at or above limit, so that a text block ends between
 * two lines; 0 when there is none. */
static int
cut_at_line(const guint8 *m, int mw, int mh, int limit)
{
	int y = MIN(limit, mh - 1);

	for (; y > 0; y--) {
		gboolean empty = TRUE;

		for (int x = 0; x < mw && empty; x++)
			empty = m[(gsize) y * mw + x] == 0;
		if (empty)
			return y;
	}
	return 0;
}

/* A block of justified text exactly filling at most h rows at width w,
 * laid at (x, y); returns its height. */
static int
text_block(Draw *D, const char *family, int fs, int x, int y, int w, int h, GError **error)
{
	char font[96];
	gsize chars = (gsize) ((double) w / (0.5 * fs) * (double) h / (1.2 * fs) * 1.3) + 200;

	g_snprintf(font, sizeof font, "%s %d", family, fs);
	for (int tries = 0; tries < 4; tries++) {
		g_autofree char *text = paragraphs(D->r, chars);
		int mw, mh, cut;
		guint8 *m = text_mask(text, font, w, TRUE, &mw, &mh, error);

		if (!m)
			return -1;
		if (mh <= h && tries < 3) {
			g_free(m);
			chars *= 2;
			continue;
		}
		cut = mh <= h ? mh : cut_at_line(m, mw, mh, h);
		cov_blit(D, m, mw, cut, x, y, 1);
		g_free(m);
		return cut;
	}
	return 0;
}

/* A plate (the engraved print of gen_scene.c, in its frame rule) of w x h
 * laid on the page at (x, y). */
static int
plate_block(Draw *D, int x, int y, int w, int h, GError **error)
{
	VipsImage *ctxi = vips_image_new();
	GenCase tmp;
	VipsImage *img = NULL;
	guint8 *buf = NULL;
	size_t len;
	int ret = -1;

	memset(&tmp, 0, sizeof tmp);
	tmp.width = D->uw;
	tmp.height = D->uh;
	tmp.fw = w;
	tmp.fh = h;
	tmp.rule = MAX(1, (int) lround(U(D->r, 1.8, 4.0) * MAX(0.5, D->scale)));
	tmp.gap = MAX(2, (int) lround(U(D->r, 0.006, 0.018) * MIN(w, h)));
	if (gen_frame_block(VIPS_OBJECT(ctxi), D->r, &tmp, &img) ||
	    !(buf = vips_image_write_to_memory(img, &len))) {
		gen_fail(error, "plate");
		goto out;
	}
	for (int j = 0; j < img->Ysize; j++)
		for (int i = 0; i < img->Xsize; i++) {
			int v = 255 - buf[(gsize) j * img->Xsize + i];

			if (v)
				cov_put(D, x + i, y + j, v / 255.0);
		}
	ret = 0;
out:
	g_free(buf);
	g_object_unref(ctxi);
	return ret;
}

enum { FRAME_NONE, FRAME_THIN, FRAME_BROKEN, FRAME_DOUBLE, FRAME_CLOSE };
static const char *const frame_names[] = {"no frame", "thin frame", "broken frame",
					  "double frame", "frame close to the edge"};

/* A printed book page: running head with the page number, text, sometimes
 * an illustration, footnotes, sometimes a frame rule. */
static int
text_page(Draw *D, gboolean recto, int frame, gboolean illustrated, GError **error)
{
	GRand *r = D->r;
	int fs = MAX(9, (int) lround(U(r, 0.0125, 0.017) * D->pgh));
	const char *family = P(r, 0.3) ? "DejaVu Serif Condensed" : "DejaVu Serif";
	double inner = U(r, 0.08, 0.12) * D->pgw, outer = U(r, 0.1, 0.16) * D->pgw;
	int bx0, by0, bx1, by1, fx0 = 0, fy0 = 0, fx1 = 0, fy1 = 0, body_y, limit;
	int th = MAX(1, (int) lround(0.0012 * D->pgw));
	char font[96];

	if (frame == FRAME_CLOSE) {
		int d = (int) lround(U(r, 0.006, 0.014) * MIN(D->pgw, D->pgh));
		int g = (int) lround(U(r, 0.025, 0.045) * D->pgw);

		fx0 = d, fy0 = d, fx1 = D->pgw - d, fy1 = D->pgh - d;
		bx0 = fx0 + g, by0 = fy0 + g, bx1 = fx1 - g, by1 = fy1 - g;
	} else {
		bx0 = (int) lround(recto ? inner : outer);
		bx1 = D->pgw - (int) lround(recto ? outer : inner);
		by0 = (int) lround(U(r, 0.06, 0.1) * D->pgh);
		by1 = D->pgh - (int) lround(U(r, 0.08, 0.14) * D->pgh);
		if (frame != FRAME_NONE) {
			int g = (int) lround(U(r, 0.012, 0.03) * D->pgw);

			fx0 = bx0 - g, fy0 = by0 - g, fx1 = bx1 + g, fy1 = by1 + g;
		}
	}
	/* the running head: the title in small capitals, the number outside */
	{
		g_autofree char *head = g_markup_printf_escaped(
			"<span font_variant='smallcaps' letter_spacing='%d'>%s</span>", 1024 * 2,
			titles[g_rand_int_range(r, 0, G_N_ELEMENTS(titles))]);
		g_autofree char *num = g_strdup_printf("%d", g_rand_int_range(r, 3, 480));
		int hw, hh, nw, nh;
		guint8 *hm, *nm;

		g_snprintf(font, sizeof font, "%s %d", family, (int) (fs * 0.9));
		if (!(hm = text_mask(head, font, 0, FALSE, &hw, &hh, error)))
			return -1;
		g_snprintf(font, sizeof font, "%s %d", family, fs);
		if (!(nm = text_mask(num, font, 0, FALSE, &nw, &nh, error))) {
			g_free(hm);
			return -1;
		}
		cov_blit(D, hm, hw, hh, (bx0 + bx1 - hw) / 2, by0, 1);
		cov_blit(D, nm, nw, nh, recto ? bx1 - nw : bx0, by0, 1);
		g_free(hm);
		g_free(nm);
		body_y = by0 + MAX(hh, nh);
		if (P(r, 0.35)) {
			int y = body_y + (int) (0.35 * fs);

			cov_rule(D, bx0, y, bx1, y + MAX(1, fs / 16), FALSE, 1);
			body_y = y + (int) (0.9 * fs);
		} else
			body_y += (int) (1.2 * fs);
	}
	limit = by1;
	/* footnotes under a short rule */
	if (P(r, 0.55)) {
		GString *notes = g_string_new(NULL);
		int n = g_rand_int_range(r, 1, 4), mw, mh;
		guint8 *m;

		for (int i = 0; i < n; i++) {
			g_string_append_printf(notes, "%s(%d) ", i ? "\n" : "", i + 1);
			for (int k = g_rand_int_range(r, 1, 4); k > 0; k--)
				append_sentence(r, notes);
		}
		g_snprintf(font, sizeof font, "%s %d", family, MAX(7, (int) (fs * 0.78)));
		m = text_mask(notes->str, font, bx1 - bx0, TRUE, &mw, &mh, error);
		g_string_free(notes, TRUE);
		if (!m)
			return -1;
		if (mh < (by1 - body_y) / 3) {
			int ny = by1 - mh, ry = ny - (int) (0.6 * fs);

			cov_blit(D, m, mw, mh, bx0, ny, 1);
			cov_rule(D, bx0, ry, bx0 + (int) ((bx1 - bx0) * U(r, 0.2, 0.33)),
				 ry + MAX(1, fs / 18), FALSE, 1);
			limit = ry - (int) (0.8 * fs);
			g_string_append(D->style, ", footnotes");
		}
		g_free(m);
	}
	/* an illustration at the top of the text, with its caption */
	if (illustrated && limit - body_y > 12 * fs) {
		int ph = (int) ((limit - body_y) * U(r, 0.35, 0.6));
		int pw = MIN((int) ((bx1 - bx0) * U(r, 0.65, 1.0)), (int) (ph * 1.8));

		if (plate_block(D, (bx0 + bx1 - pw) / 2, body_y, pw, ph, error))
			return -1;
		body_y += ph + (int) (0.8 * fs);
		if (P(r, 0.6)) {
			int mw, mh;
			guint8 *m;

			g_snprintf(font, sizeof font, "%s Italic %d", "DejaVu Serif", (int) (fs * 0.85));
			m = text_mask(titles[g_rand_int_range(r, 0, G_N_ELEMENTS(titles))], font, 0, FALSE,
				      &mw, &mh, error);
			if (!m)
				return -1;
			cov_blit(D, m, mw, mh, (bx0 + bx1 - mw) / 2, body_y, 1);
			body_y += mh + (int) (0.8 * fs);
			g_free(m);
		}
		g_string_append(D->style, ", illustrated");
	}
	if (limit - body_y > 2 * fs && text_block(D, family, fs, bx0, body_y, bx1 - bx0,
						  limit - body_y, error) < 0)
		return -1;
	if (frame != FRAME_NONE) {
		if (frame == FRAME_DOUBLE || (frame == FRAME_CLOSE && P(r, 0.4))) {
			int thick = MAX(2, (int) lround(0.003 * D->pgw));
			int gap = MAX(3, (int) lround(0.004 * D->pgw));

			cov_frame(D, fx0, fy0, fx1, fy1, thick, FALSE);
			cov_frame(D, fx0 + thick + gap, fy0 + thick + gap, fx1 - thick - gap,
				  fy1 - thick - gap, th, FALSE);
		} else
			cov_frame(D, fx0, fy0, fx1, fy1,
				  frame == FRAME_BROKEN ? MAX(2, (int) lround(0.0018 * D->pgw)) : th,
				  frame == FRAME_BROKEN);
		g_string_append_printf(D->style, ", %s", frame_names[frame]);
	}
	return 0;
}

/* A print: a plate with its caption on the page, margins all round. */
static int
print_page(Draw *D, GError **error)
{
	GRand *r = D->r;
	int mx = (int) (U(r, 0.06, 0.12) * D->pgw), my = (int) (U(r, 0.06, 0.1) * D->pgh);
	int fs = MAX(9, (int) lround(0.017 * D->pgh)), cap = (int) (fs * 2.2);
	int pw = D->pgw - 2 * mx, ph = D->pgh - 2 * my - cap;
	char font[64];
	int mw, mh;
	guint8 *m;

	if (plate_block(D, mx, my, pw, ph, error))
		return -1;
	g_snprintf(font, sizeof font, "DejaVu Serif Italic %d", fs);
	if (!(m = text_mask(titles[g_rand_int_range(r, 0, G_N_ELEMENTS(titles))], font, 0, FALSE,
			    &mw, &mh, error)))
		return -1;
	cov_blit(D, m, mw, mh, (D->pgw - mw) / 2, my + ph + (int) (0.8 * fs), 1);
	g_free(m);
	return 0;
}

/* A drawing in sepia: light washes, a building in ink, and faint thin
 * construction lines at the drawing's very edges. */
static void
drawing(Draw *D, int x0, int y0, int x1, int y1)
{
	GRand *r = D->r;
	double w = x1 - x0, h = y1 - y0, lw = MAX(1.2, 2.2 * D->scale);
	double faint = U(r, 0.14, 0.3), bx0 = x0 + w * U(r, 0.12, 0.22);
	double bx1 = x1 - w * U(r, 0.12, 0.22), base = y1 - h * U(r, 0.08, 0.15);
	double top = y0 + h * U(r, 0.1, 0.3);
	int cols = g_rand_int_range(r, 2, 5);
	/* washes: soft ellipses of light tone */
	for (int k = 0; k < 5; k++) {
		double cx = U(r, bx0, bx1), cy = U(r, top, base), rx = w * U(r, 0.08, 0.25);
		double ry = h * U(r, 0.05, 0.2), v = U(r, 0.06, 0.18);

		for (int y = (int) MAX(y0, cy - ry); y < (int) MIN(y1, cy + ry); y++)
			for (int x = (int) MAX(x0, cx - rx); x < (int) MIN(x1, cx + rx); x++) {
				double d = hypot((x - cx) / rx, (y - cy) / ry);

				if (d < 1)
					cov_put(D, x, y, v * (1 - d * d));
			}
	}
	/* the building: walls, an arch, columns, a roof */
	cov_line(D, bx0, base, bx1, base, lw, 0.8);
	cov_line(D, bx0, base, bx0, top + h * 0.2, lw, 0.75);
	cov_line(D, bx1, base, bx1, top + h * 0.2, lw, 0.75);
	cov_line(D, bx0, top + h * 0.2, bx1, top + h * 0.2, lw, 0.75);
	cov_line(D, bx0, top + h * 0.2, (bx0 + bx1) / 2, top, lw, 0.7);
	cov_line(D, bx1, top + h * 0.2, (bx0 + bx1) / 2, top, lw, 0.7);
	{
		double aw = (bx1 - bx0) * U(r, 0.25, 0.4), ac = (bx0 + bx1) / 2;
		double spring = base - (base - top) * U(r, 0.3, 0.45);

		cov_line(D, ac - aw / 2, base, ac - aw / 2, spring, lw, 0.8);
		cov_line(D, ac + aw / 2, base, ac + aw / 2, spring, lw, 0.8);
		cov_arc(D, ac, spring, aw / 2, aw / 2, 0, G_PI, lw, 0.8);
	}
	for (int k = 0; k < cols; k++) {
		double cx = bx0 + (bx1 - bx0) * (k + 0.5) / cols;

		if (fabs(cx - (bx0 + bx1) / 2) < (bx1 - bx0) * 0.22)
			continue;
		cov_line(D, cx - 6 * D->scale, base, cx - 6 * D->scale, top + h * 0.22, lw * 0.7, 0.6);
		cov_line(D, cx + 6 * D->scale, base, cx + 6 * D->scale, top + h * 0.22, lw * 0.7, 0.6);
	}
	/* hatched shadow under the roof */
	for (double x = bx0; x < bx1; x += 7 * D->scale)
		cov_line(D, x, top + h * 0.2, x + 10 * D->scale, top + h * 0.26, lw * 0.5, 0.45);
	/* the faint construction lines that reach the drawing's edges */
	cov_line(D, x0 + 1, y1 - 1, x1 - 1, y1 - 1, 1, faint);
	cov_line(D, x0 + 1, y0 + h * 0.05, x0 + 1, y1 - 1, 1, faint);
	cov_line(D, x1 - 1, y0 + h * U(r, 0.0, 0.3), x1 - 1, y1 - 1, 1, faint);
	cov_line(D, x0 + w * U(r, 0.2, 0.4), y0 + 1, x1 - w * U(r, 0.2, 0.4), y0 + 1, 1, faint);
}

/* A few pencil marks: a shelf mark, a tick, a number. */
static int
pencil_marks(Draw *D, GError **error)
{
	static const char *const marks[] = {"Gg 14350", "Inv. 3348", "Fc 127", "Y² 1214",
					    "Rés. 882", "4° Z 21", "Nº 617", "Ms. 23"};
	GRand *r = D->r;
	double strength = U(r, 0.45, 0.75);
	int fs = MAX(8, (int) lround(U(r, 0.014, 0.022) * D->pgh));
	int x = (int) (U(r, 0.08, 0.3) * D->pgw), y = (int) (U(r, 0.05, 0.16) * D->pgh);
	char font[64];
	int mw, mh;
	guint8 *m;

	g_snprintf(font, sizeof font, "DejaVu Sans Oblique %d", fs);
	if (!(m = text_mask(marks[g_rand_int_range(r, 0, G_N_ELEMENTS(marks))], font, 0, FALSE, &mw,
			    &mh, error)))
		return -1;
	cov_blit(D, m, mw, mh, x, y, strength);
	g_free(m);
	if (P(r, 0.7)) /* underlined */
		cov_line(D, x, y + mh + fs * 0.2, x + mw * U(r, 0.8, 1.1), y + mh + fs * 0.15,
			 MAX(1.0, 1.5 * D->scale), strength * 0.9);
	if (P(r, 0.6)) { /* a tick below */
		double tx = x + U(r, 0, mw), ty = y + mh + fs * U(r, 1.5, 3);

		cov_line(D, tx, ty, tx + fs * 0.3, ty + fs * 0.5, MAX(1.0, 1.5 * D->scale), strength);
		cov_line(D, tx + fs * 0.3, ty + fs * 0.5, tx + fs * 0.9, ty - fs * 0.6,
			 MAX(1.0, 1.5 * D->scale), strength);
	}
	if (P(r, 0.5)) { /* a number to the right */
		g_autofree char *num = g_strdup_printf("%d", g_rand_int_range(r, 10, 9999));

		if (!(m = text_mask(num, font, 0, FALSE, &mw, &mh, error)))
			return -1;
		cov_blit(D, m, mw, mh, x + (int) (U(r, 0.3, 0.5) * D->pgw), y + (int) (U(r, 0, 2) * fs),
			 strength);
		g_free(m);
	}
	return 0;
}

/* ---- the scene ---------------------------------------------------------- */

/* Colour of a true Lab colour, as RGB. */
static void
lab_rgb(double L, double a, double b, double rgb[3])
{
	double lab[3] = {L, a, b};

	gen_lab_to_srgb(lab, rgb);
}

/* A round spot (foxing: soft rust; dust: a hard dark speck) or a water
 * stain's tide line, multiplied into the scene at (cx, cy). */
static void
scene_spot(Draw *D, double cx, double cy, double rad, double strength, int type)
{
	static const double kc[3][3] = {{0.35, 0.58, 0.85}, {0.9, 0.9, 0.9}, {0.3, 0.5, 0.8}};
	double h[4], hp[4], ext = rad * (type == 2 ? 1.6 : 1.4) + 2;

	for (int k = 0; k < 4; k++) {
		h[k] = U(D->r, 0, type == 2 ? 0.15 : 0.3);
		hp[k] = U(D->r, 0, 2 * G_PI);
	}
	for (int y = (int) floor(cy - ext); y <= (int) ceil(cy + ext); y++)
		for (int x = (int) floor(cx - ext); x <= (int) ceil(cx + ext); x++) {
			float *p = scene_at(D, x, y);
			double dx = x + 0.5 - cx, dy = y + 0.5 - cy, ang = atan2(dy, dx), rr = rad, d, v;

			if (!p)
				continue;
			for (int k = 0; k < 4; k++)
				rr *= 1 + h[k] * sin((k + 2) * ang + hp[k]);
			d = hypot(dx, dy) / MAX(rr, 0.3);
			if (type == 0)
				v = CLAMP(1.15 - d, 0, 1) * (0.6 + 0.4 * CLAMP(1 - d, 0, 1));
			else if (type == 1)
				v = CLAMP((1 - d) * rr + 0.5, 0, 1);
			else
				v = exp(-pow((d - 1) / 0.05, 2)) + (d < 1 ? 0.25 * d : 0);
			for (int b = 0; b < 3; b++)
				p[b] *= (float) (1 - strength * kc[type][b] * v);
		}
}

/* The page: paper (mottled) where its shape is, with its ink. */
static void
scene_page(Draw *D, const double paper[3], const double ink[3])
{
	float *mot = mottle(D->r, D->pgw, D->pgh, 0.08 * MIN(D->pgw, D->pgh));

	for (int v = 0; v < D->pgh; v++)
		for (int u = 0; u < D->pgw; u++) {
			float *p = scene_at(D, D->pgx + u, D->pgy + v);
			gsize i = (gsize) v * D->pgw + u;
			double a = D->alpha ? D->alpha[i] / 255.0 : 1, c = D->cov[i] / 255.0;
			double f = 1 + D->unevenness * mot[i];

			if (!p || a <= 0)
				continue;
			for (int b = 0; b < 3; b++) {
				double col = paper[b] * f * (1 - c) + ink[b] * c;

				p[b] = (float) (p[b] * (1 - a) + col * a);
			}
		}
	g_free(mot);
}

/* Another sheet (a facing page), with text of its own. */
static int
scene_sheet_with_text(Draw *D, int x0, int y0, int x1, int y1, int tx, int tw,
		      const double paper[3], GError **error)
{
	int fs = MAX(9, (int) lround(U(D->r, 0.0125, 0.017) * D->pgh));
	int ty = y0 + (int) ((y1 - y0) * U(D->r, 0.07, 0.1)), th = (int) ((y1 - y0) * 0.78);
	char font[64];
	g_autofree char *text = paragraphs(D->r, (gsize) (tw / (0.5 * fs) * th / (1.2 * fs) * 1.3));
	int mw, mh, cut;
	guint8 *m;

	scene_rect(D, x0, y0, x1, y1, paper);
	g_snprintf(font, sizeof font, "DejaVu Serif %d", fs);
	if (!(m = text_mask(text, font, tw, TRUE, &mw, &mh, error)))
		return -1;
	cut = mh <= th ? mh : cut_at_line(m, mw, mh, th);
	for (int j = 0; j < cut; j++)
		for (int i = 0; i < mw; i++) {
			float *p = scene_at(D, tx + i, ty + j);
			double c = m[(gsize) j * mw + i] / 255.0;

			if (!p || tx + i < x0 || tx + i >= x1)
				continue;
			for (int b = 0; b < 3; b++)
				p[b] = (float) (p[b] * (1 - c) + D->ink[b] * c);
		}
	g_free(m);
	return 0;
}

/* Page-stack edges: the leaves' edges as thin lines in a band beside a page
 * side; vertical when the band runs along x0..x1 full height. */
static void
scene_stack(Draw *D, int x0, int y0, int x1, int y1, gboolean vertical, gboolean sprinkled)
{
	int len = vertical ? x1 - x0 : y1 - y0, pos = 0;

	while (pos < len) {
		int lw = g_rand_int_range(D->r, 1, 4);
		double tone = U(D->r, 0.62, 0.95);
		double col[3];

		for (int b = 0; b < 3; b++)
			col[b] = D->paper[b] * tone * (sprinkled && b > 0 ? 0.7 : 1);
		if (vertical)
			scene_rect(D, x0 + pos, y0, MIN(x1, x0 + pos + lw), y1, col);
		else
			scene_rect(D, x0, y0 + pos, x1, MIN(y1, y0 + pos + lw), col);
		pos += lw;
	}
	if (sprinkled) /* red specks on the sprinkled edges */
		for (int k = 0; k < (x1 - x0) * (y1 - y0) / 60; k++) {
			float *p = scene_at(D, g_rand_int_range(D->r, x0, MAX(x0 + 1, x1)),
					    g_rand_int_range(D->r, y0, MAX(y0 + 1, y1)));

			if (p)
				p[1] *= 0.55f, p[2] *= 0.5f;
		}
}

/* Bed around the page: dark, black or a light scanner lid. */
static void
choose_bed(Draw *D, int style)
{
	double v = style == 0 ? U(D->r, 25, 70) : style == 1 ? U(D->r, 2, 10) : U(D->r, 236, 250);

	D->bg[0] = v, D->bg[1] = v, D->bg[2] = v * (style == 2 ? 1 : 0.96);
}

static const char *const bed_names[] = {"dark bed", "black bed", "light bed", "fills the frame"};

/* Page margins in the scan area: each side's bed, sometimes a page that
 * runs off the edge -- never one whose frame rule hugs its edge (keep_on),
 * whose rule would leave the scan. */
static void
place_page(Draw *D, int bed, gboolean keep_on)
{
	double mn = MIN(D->uw, D->uh), m[4];

	for (int s = 0; s < 4; s++) {
		if (bed == 3)
			m[s] = -U(D->r, 0.003, 0.015) * mn;
		else if (P(D->r, 0.15))
			m[s] = -U(D->r, 0.005, 0.02) * mn;
		else
			m[s] = U(D->r, 0.01, 0.07) * mn;
		if (keep_on)
			m[s] = MAX(m[s], 0.01 * mn);
	}
	D->pgx = (int) lround(m[SIDE_LEFT]);
	D->pgy = (int) lround(m[SIDE_TOP]);
	D->pgw = D->uw - D->pgx - (int) lround(m[SIDE_RIGHT]);
	D->pgh = D->uh - D->pgy - (int) lround(m[SIDE_BOTTOM]);
}

static void
alloc_page(Draw *D)
{
	D->cov = g_new0(guint8, (gsize) D->pgw * D->pgh);
	D->page_box[0] = 0, D->page_box[1] = 0, D->page_box[2] = D->pgw, D->page_box[3] = D->pgh;
}

/* ---- the kinds ---------------------------------------------------------- */

static int
kind_text(Draw *D, gboolean sideways, GError **error)
{
	GRand *r = D->r;
	double x = g_rand_double(r);
	int bed = x < 0.55 ? 0 : x < 0.7 ? 1 : x < 0.85 ? 2 : 3;
	int frame = 0;
	gboolean recto = P(r, 0.5), illustrated = P(r, 0.35);

	x = g_rand_double(r);
	frame = x < 0.5 ? FRAME_NONE : x < 0.65 ? FRAME_THIN : x < 0.75 ? FRAME_BROKEN
			: x < 0.85 ? FRAME_DOUBLE : FRAME_CLOSE;
	choose_bed(D, bed);
	scene_rect(D, -D->m, -D->m, D->uw + D->m, D->uh + D->m, D->bg);
	place_page(D, frame == FRAME_CLOSE && bed == 3 ? 0 : bed, frame == FRAME_CLOSE);
	if (frame == FRAME_CLOSE && bed == 3)
		bed = 0, choose_bed(D, 0), scene_rect(D, -D->m, -D->m, D->uw + D->m, D->uh + D->m, D->bg);
	g_string_append_printf(D->style, "%s%s, %s", sideways ? "sideways text page" : "text page",
			       recto ? " (recto)" : " (verso)", bed_names[bed]);
	alloc_page(D);
	/* the outer edge of the leaves beneath, now and then */
	if (bed != 3 && P(r, 0.2)) {
		int bw = (int) (U(r, 0.006, 0.015) * D->uw);

		if (recto && D->pgx + D->pgw + bw < D->uw)
			scene_stack(D, D->pgx + D->pgw, D->pgy, D->pgx + D->pgw + bw, D->pgy + D->pgh, TRUE,
				    FALSE);
		else if (!recto && D->pgx - bw > 0)
			scene_stack(D, D->pgx - bw, D->pgy, D->pgx, D->pgy + D->pgh, TRUE, FALSE);
		g_string_append(D->style, ", page-stack edge");
	}
	return text_page(D, recto, frame, illustrated, error);
}

static int
kind_spread(Draw *D, gboolean sideways, GError **error)
{
	GRand *r = D->r;
	gboolean verso = P(r, 0.5); /* the page on the left, the gutter at its right */
	int bed = P(r, 0.7) ? 0 : 1;
	int bedo = (int) (U(r, 0, 0.05) * D->uw), sb = (int) (U(r, 0.006, 0.025) * D->uw);
	int fsw = (int) (U(r, 0.08, 0.22) * D->uw);
	int bt = (int) (U(r, 0.01, 0.05) * D->uh), bb = (int) (U(r, 0.01, 0.05) * D->uh);
	int tb = P(r, 0.5) ? (int) (U(r, 0.003, 0.012) * D->uh) : 0;
	gboolean sprinkled = P(r, 0.25);
	int fold;
	double paper2[3];

	choose_bed(D, bed);
	scene_rect(D, -D->m, -D->m, D->uw + D->m, D->uh + D->m, D->bg);
	D->pgy = bt + tb;
	D->pgh = D->uh - D->pgy - bb - tb;
	D->pgw = D->uw - bedo - sb - fsw;
	D->pgx = verso ? bedo + sb : fsw;
	fold = verso ? D->pgx + D->pgw : D->pgx;
	D->verso = verso;
	g_string_append_printf(D->style, "%s%s, %s, facing page %d px", sideways ? "sideways " : "",
			       verso ? "spread, verso" : "spread, recto", bed_names[bed], fsw);
	alloc_page(D);
	/* the leaves beneath: outer side, and top and bottom now and then */
	if (verso)
		scene_stack(D, D->pgx - sb, D->pgy - tb, D->pgx, D->pgy + D->pgh + tb, TRUE, sprinkled);
	else
		scene_stack(D, D->pgx + D->pgw, D->pgy - tb, D->pgx + D->pgw + sb, D->pgy + D->pgh + tb,
			    TRUE, sprinkled);
	if (tb > 0) {
		scene_stack(D, D->pgx, D->pgy - tb, D->pgx + D->pgw, D->pgy, FALSE, sprinkled);
		scene_stack(D, D->pgx, D->pgy + D->pgh, D->pgx + D->pgw, D->pgy + D->pgh + tb, FALSE,
			    sprinkled);
	}
	/* the facing page, from the fold to beyond the scan area */
	for (int b = 0; b < 3; b++)
		paper2[b] = D->paper[b] * U(r, 0.96, 1.0);
	{
		int inner = (int) (U(r, 0.08, 0.12) * D->pgw), tw = (int) (D->pgw * U(r, 0.7, 0.78));
		int y0 = D->pgy + (int) (U(r, -0.01, 0.01) * D->uh), y1 = y0 + D->pgh;

		if (verso) {
			if (scene_sheet_with_text(D, fold, y0, D->uw + D->m, y1, fold + inner, tw, paper2,
						  error))
				return -1;
		} else if (scene_sheet_with_text(D, -D->m, y0, fold, y1, fold - inner - tw, tw, paper2,
						 error))
			return -1;
	}
	if (text_page(D, !verso, P(r, 0.8) ? FRAME_NONE : FRAME_THIN, P(r, 0.3), error))
		return -1;
	/* up to the fold is also right: the alternative box */
	D->has_alt = TRUE;
	D->alt_box[0] = D->pgx, D->alt_box[1] = D->pgy;
	D->alt_box[2] = D->pgx + D->pgw, D->alt_box[3] = D->pgy + D->pgh;
	return 0;
}

/* The gutter's shadow, on both pages, and the fold: after the page is laid. */
static void
spread_shadow(Draw *D, gboolean verso, double a1, double s1, double a2, double s2, int foldw)
{
	int fold = verso ? D->pgx + D->pgw : D->pgx;

	for (int y = -D->m; y < D->uh + D->m; y++)
		for (int x = fold - (int) (8 * MAX(s1, s2)); x < fold + (int) (8 * MAX(s1, s2)); x++) {
			float *p = scene_at(D, x, y);
			double d = x + 0.5 - fold, f;
			gboolean page_side = verso ? d < 0 : d > 0;

			if (!p || y < D->pgy - D->uh / 50 || y >= D->pgy + D->pgh + D->uh / 50)
				continue;
			f = page_side ? 1 - a1 * exp(-fabs(d) / s1) : 1 - a2 * exp(-fabs(d) / s2);
			if (fabs(d) < foldw / 2.0)
				f *= 0.35;
			for (int b = 0; b < 3; b++)
				p[b] *= (float) f;
		}
}

static int
kind_blank(Draw *D, GError **error)
{
	GRand *r = D->r;
	int bed = P(r, 0.6) ? 0 : 1;
	gboolean turnins = P(r, 0.35);

	choose_bed(D, bed);
	scene_rect(D, -D->m, -D->m, D->uw + D->m, D->uh + D->m, D->bg);
	place_page(D, bed, FALSE);
	alloc_page(D);
	g_string_append_printf(D->style, "near-blank page, %s%s", bed_names[bed],
			       turnins ? ", marbled turn-ins" : "");
	if (pencil_marks(D, error))
		return -1;
	D->ideal_is_scan = TRUE;
	return turnins ? 1 : 0;
}

/* Marbled turn-ins along three sides of a board, inside the page. */
static void
turnins(Draw *D)
{
	int w = (int) (U(D->r, 0.02, 0.04) * D->pgw);
	float *mot = mottle(D->r, D->pgw, D->pgh, 6 * D->scale);
	double base[3] = {U(D->r, 60, 110), U(D->r, 50, 90), U(D->r, 40, 70)};

	for (int v = 0; v < D->pgh; v++)
		for (int u = 0; u < D->pgw; u++) {
			gboolean in = u < w || v < w || v >= D->pgh - w;
			float *p = scene_at(D, D->pgx + u, D->pgy + v);
			double m = mot[(gsize) v * D->pgw + u];

			if (!in || !p)
				continue;
			for (int b = 0; b < 3; b++)
				p[b] = (float) CLAMP(base[b] * (1 + 0.9 * m), 5, 250);
		}
	g_free(mot);
}

static int
kind_mount(Draw *D, GError **error)
{
	static const double mounts[][3] = {
		{64, -4, -7}, {66, -6, 6}, {78, 3, 16}, {70, 0, 2}, {52, -2, -6}, {84, 1, 8},
	};
	GRand *r = D->r;
	const double *ml = mounts[g_rand_int_range(r, 0, G_N_ELEMENTS(mounts))];
	gboolean fills = P(r, 0.6);
	double mrgb[3], mx0, my0, mx1, my1;
	float *mot;
	int fs = MAX(8, (int) lround(0.016 * D->uh));

	lab_rgb(ml[0] + U(r, -4, 4), ml[1], ml[2], mrgb);
	choose_bed(D, 0);
	scene_rect(D, -D->m, -D->m, D->uw + D->m, D->uh + D->m, D->bg);
	if (fills) {
		double e = U(r, 0.005, 0.02) * D->uw;

		mx0 = -e, my0 = -e, mx1 = D->uw + e, my1 = D->uh + e;
	} else {
		mx0 = U(r, 0.01, 0.05) * D->uw, my0 = U(r, 0.01, 0.05) * D->uh;
		mx1 = D->uw - U(r, 0.01, 0.05) * D->uw, my1 = D->uh - U(r, 0.01, 0.05) * D->uh;
	}
	/* the mount board, textured */
	mot = mottle(r, D->sw, D->sh, 0.05 * MIN(D->uw, D->uh));
	for (int y = (int) floor(my0); y < (int) ceil(my1); y++)
		for (int x = (int) floor(mx0); x < (int) ceil(mx1); x++) {
			float *p = scene_at(D, x, y);

			if (!p)
				continue;
			for (int b = 0; b < 3; b++)
				p[b] = (float) (mrgb[b] * (1 + 0.03 * mot[(gsize) (y + D->m) * D->sw + x + D->m]));
		}
	g_free(mot);
	D->has_alt = TRUE;
	D->alt_box[0] = mx0, D->alt_box[1] = my0, D->alt_box[2] = mx1, D->alt_box[3] = my1;
	/* the print pasted on it, a little above the middle */
	D->pgw = (int) (U(r, 0.45, 0.72) * D->uw);
	D->pgh = MIN((int) (D->pgw * U(r, 0.9, 1.4)), (int) (0.72 * D->uh));
	D->pgx = (D->uw - D->pgw) / 2 + (int) (U(r, -0.03, 0.03) * D->uw);
	D->pgy = (int) ((D->uh - D->pgh) * U(r, 0.38, 0.5));
	alloc_page(D);
	g_string_append_printf(D->style, "print on a mount%s",
			       fills ? " that fills the frame" : ", dark bed");
	/* a ruled window around the print, in gold or ink */
	if (P(r, 0.6)) {
		double gold[3] = {U(r, 180, 215), U(r, 150, 180), U(r, 70, 110)}, ink[3] = {60, 55, 50};
		const double *col = P(r, 0.6) ? gold : ink;
		int g = (int) (U(r, 0.012, 0.03) * D->uw), th = MAX(2, (int) lround(2.5 * D->scale));
		int x0 = D->pgx - g, y0 = D->pgy - g, x1 = D->pgx + D->pgw + g, y1 = D->pgy + D->pgh + g;

		scene_rect(D, x0, y0, x1, y0 + th, col);
		scene_rect(D, x0, y1 - th, x1, y1, col);
		scene_rect(D, x0, y0, x0 + th, y1, col);
		scene_rect(D, x1 - th, y0, x1, y1, col);
		g_string_append(D->style, col == gold ? ", gold window rule" : ", ink window rule");
	}
	/* pencil on the mount, under the print */
	if (P(r, 0.7)) {
		char font[64];
		int mw, mh;
		guint8 *m;

		g_snprintf(font, sizeof font, "DejaVu Sans Oblique %d", fs);
		if (!(m = text_mask(P(r, 0.5) ? "Coll. 1231" : "St. Victor", font, 0, FALSE, &mw, &mh,
				    error)))
			return -1;
		for (int j = 0; j < mh; j++)
			for (int i = 0; i < mw; i++) {
				int y = (int) (D->pgy + D->pgh + (my1 - D->pgy - D->pgh) * 0.4) + j;
				float *p = scene_at(D, D->pgx + i, y);
				double c = m[(gsize) j * mw + i] / 255.0 * 0.6;

				if (p && y < my1)
					for (int b = 0; b < 3; b++)
						p[b] = (float) (p[b] * (1 - c) + 70 * c);
			}
		g_free(m);
	}
	{
		int mx = (int) (U(r, 0.03, 0.08) * D->pgw), my = (int) (U(r, 0.03, 0.08) * D->pgh);

		return plate_block(D, mx, my, D->pgw - 2 * mx, D->pgh - 2 * my, error);
	}
}

/* A cut-out sheet: corners cut off, bites out of its edges, ragged edges;
 * never into the drawing's box (x0 y0 x1 y1, page coordinates). */
static void
cut_out(Draw *D, const int box[4])
{
	GRand *r = D->r;
	int w = D->pgw, h = D->pgh;

	D->alpha = g_new(guint8, (gsize) w * h);
	memset(D->alpha, 255, (gsize) w * h);
	for (int k = g_rand_int_range(r, 1, 3); k > 0; k--) { /* corners cut */
		int corner = g_rand_int_range(r, 0, 4);
		double ax = U(r, 0.5, 0.9) * (corner == 0 || corner == 3 ? box[0] : w - box[2]);
		double ay = U(r, 0.5, 0.9) * (corner < 2 ? box[1] : h - box[3]);

		for (int v = 0; v < h; v++)
			for (int u = 0; u < w; u++) {
				double dx = corner == 0 || corner == 3 ? u : w - u;
				double dy = corner < 2 ? v : h - v;

				if (dx / MAX(ax, 1) + dy / MAX(ay, 1) < 1)
					D->alpha[(gsize) v * w + u] = 0;
			}
	}
	for (int k = g_rand_int_range(r, 1, 4); k > 0; k--) { /* bites */
		int side = g_rand_int_range(r, 0, 4);
		gboolean across = side == SIDE_TOP || side == SIDE_BOTTOM;
		int len = across ? w : h;
		int a = (int) (U(r, 0.1, 0.7) * len), b = a + (int) (U(r, 0.1, 0.3) * len);
		int room = side == SIDE_TOP ? box[1] : side == SIDE_BOTTOM ? h - box[3]
			 : side == SIDE_LEFT ? box[0] : w - box[2];
		int depth = (int) (U(r, 0.3, 0.8) * room);

		for (int t = a; t < MIN(b, len); t++)
			for (int d = 0; d < depth; d++) {
				int u = across ? t : side == SIDE_LEFT ? d : w - 1 - d;
				int v = across ? (side == SIDE_TOP ? d : h - 1 - d) : t;

				D->alpha[(gsize) v * w + u] = 0;
			}
	}
	{ /* ragged edges: a few pixels of torn fibre */
		double walk = 0, amp = MAX(1.0, 2 * D->scale);

		for (int s = 0; s < 4; s++) {
			gboolean across = s == SIDE_TOP || s == SIDE_BOTTOM;
			int len = across ? w : h;

			for (int t = 0; t < len; t++) {
				int d;

				walk = 0.9 * walk + U(r, -0.5, 0.5) * amp;
				d = (int) CLAMP(fabs(walk), 0, amp * 2);
				for (int k = 0; k < d; k++) {
					int u = across ? t : s == SIDE_LEFT ? k : w - 1 - k;
					int v = across ? (s == SIDE_TOP ? k : h - 1 - k) : t;

					D->alpha[(gsize) v * w + u] = 0;
				}
			}
		}
	}
}

static int
kind_black(Draw *D, GError **error)
{
	GRand *r = D->r;
	double mn = MIN(D->uw, D->uh), m[4];
	int box[4];

	choose_bed(D, 1);
	scene_rect(D, -D->m, -D->m, D->uw + D->m, D->uh + D->m, D->bg);
	for (int s = 0; s < 4; s++)
		m[s] = P(r, 0.2) ? -U(r, 0.003, 0.01) * mn : U(r, 0.015, 0.07) * mn;
	D->pgx = (int) lround(m[SIDE_LEFT]);
	D->pgy = (int) lround(m[SIDE_TOP]);
	D->pgw = D->uw - D->pgx - (int) lround(m[SIDE_RIGHT]);
	D->pgh = D->uh - D->pgy - (int) lround(m[SIDE_BOTTOM]);
	alloc_page(D);
	box[0] = (int) (U(r, 0.04, 0.12) * D->pgw);
	box[1] = (int) (U(r, 0.04, 0.12) * D->pgh);
	box[2] = D->pgw - (int) (U(r, 0.04, 0.12) * D->pgw);
	box[3] = D->pgh - (int) (U(r, 0.04, 0.12) * D->pgh);
	/* never closer to the scan's edge than the rotation could carry it */
	for (int s = 0; s < 4; s++)
		if (m[s] < 0) {
			int need = (int) (0.04 * mn - m[s]);

			if (s == SIDE_LEFT)
				box[0] = MAX(box[0], need);
			else if (s == SIDE_TOP)
				box[1] = MAX(box[1], need);
			else if (s == SIDE_RIGHT)
				box[2] = MIN(box[2], D->pgw - need);
			else
				box[3] = MIN(box[3], D->pgh - need);
		}
	cut_out(D, box);
	drawing(D, box[0], box[1], box[2], box[3]);
	g_string_append(D->style, "cut-out drawing on black, faint lines at its edges");
	{ /* the truth's page: the cut-out's bounding box */
		int x0 = D->pgw, y0 = D->pgh, x1 = 0, y1 = 0;

		for (int v = 0; v < D->pgh; v++)
			for (int u = 0; u < D->pgw; u++)
				if (D->alpha[(gsize) v * D->pgw + u]) {
					x0 = MIN(x0, u), x1 = MAX(x1, u + 1);
					y0 = MIN(y0, v), y1 = MAX(y1, v + 1);
				}
		D->page_box[0] = x0, D->page_box[1] = y0, D->page_box[2] = x1, D->page_box[3] = y1;
	}
	return 0;
}

static int
kind_faded(Draw *D, GError **error)
{
	GRand *r = D->r;
	double x = g_rand_double(r);
	int bed = x < 0.5 ? 0 : x < 0.65 ? 1 : 3;
	gboolean print = P(r, 0.4);

	choose_bed(D, bed);
	scene_rect(D, -D->m, -D->m, D->uw + D->m, D->uh + D->m, D->bg);
	place_page(D, bed, FALSE);
	alloc_page(D);
	g_string_append_printf(D->style, "faded %s, %s", print ? "print" : "text page",
			       bed_names[bed]);
	return print ? print_page(D, error) : text_page(D, P(r, 0.5), FRAME_NONE, FALSE, error);
}

/* ---- drawing a case ------------------------------------------------------ */

/* Scan area (upright) to scan: the turn about the centres. */
static void
uc_to_scan(const GenCase *c, int uw, int uh, double x, double y, double *sx, double *sy)
{
	double a = c->rotation * G_PI / 180.0, ca = cos(a), sa = sin(a);
	double dx = x - uw / 2.0, dy = y - uh / 2.0;

	/* exact quarter turns: no 1e-16 crumbs in the truth */
	if (fmod(c->rotation, 90) == 0) {
		ca = round(ca);
		sa = round(sa);
	}
	*sx = c->width / 2.0 + ca * dx + sa * dy;
	*sy = c->height / 2.0 - sa * dx + ca * dy;
}

static void
box_quad(const GenCase *c, int uw, int uh, const double b[4], double q[4][2])
{
	uc_to_scan(c, uw, uh, b[0], b[1], &q[0][0], &q[0][1]);
	uc_to_scan(c, uw, uh, b[2], b[1], &q[1][0], &q[1][1]);
	uc_to_scan(c, uw, uh, b[2], b[3], &q[2][0], &q[2][1]);
	uc_to_scan(c, uw, uh, b[0], b[3], &q[3][0], &q[3][1]);
}

static void
apply_levels(double v, const double black[3], const double white[3], int b, double *out)
{
	*out = black[b] + v * (white[b] - black[b]) / 255.0;
}

static int
save_rgb(const guint8 *buf, int w, int h, const char *path, GError **error)
{
	VipsImage *img = vips_image_new_from_memory(buf, (size_t) w * h * 3, w, h, 3,
						    VIPS_FORMAT_UCHAR);
	int rc;

	if (!img)
		return gen_fail(error, path);
	rc = vips_pngsave(img, path, "compression", 1, NULL);
	g_object_unref(img);
	return rc ? gen_fail(error, path) : 0;
}

int
gen_kind_draw(GenCase *c, guint32 seed, const char *dir, gboolean truth_png, gboolean perfect,
	      GError **error)
{
	guint32 key[3] = {seed, (guint32) c->index, 0xd7a4u};
	Draw D0, *D = &D0;
	int q = ((int) lround(c->rotation / 90) % 4 + 4) % 4;
	double ex, ey;
	double a = c->rotation * G_PI / 180.0, ca = cos(a), sa = sin(a);
	double lab_p[3], lab_s[3], ideal_paper[3], a1 = 0, s1 = 0, a2 = 0, s2 = 0;
	double cb[4] = {G_MAXDOUBLE, G_MAXDOUBLE, 0, 0};
	int foldw = 0, rc = -1, kind_rc = 0;
	gboolean verso = FALSE;
	guint8 *scan = NULL, *ideal = NULL;
	g_autofree char *path = g_build_filename(dir, c->file, NULL);
	VipsImage *ctxi = vips_image_new();
	VipsImage **t = (VipsImage **) vips_object_local_array(VIPS_OBJECT(ctxi), 4);

	memset(D, 0, sizeof *D);
	D->c = c;
	D->r = g_rand_new_with_seed_array(key, 3);
	D->style = g_string_new(NULL);
	D->uw = q % 2 ? c->height : c->width;
	D->uh = q % 2 ? c->width : c->height;
	D->scale = sqrt((double) D->uw * D->uh / 4e6);
	ex = fabs(ca) * c->width / 2.0 + fabs(sa) * c->height / 2.0;
	ey = fabs(sa) * c->width / 2.0 + fabs(ca) * c->height / 2.0;
	D->m = (int) ceil(MAX(ex - D->uw / 2.0, ey - D->uh / 2.0)) + 4;
	D->sw = D->uw + 2 * D->m;
	D->sh = D->uh + 2 * D->m;
	D->px = g_new0(float, (gsize) D->sw * D->sh * 3);

	/* true colours: cream paper, printer's ink; a cut-out drawing is on
	 * yellowed buff paper, in sepia */
	if (c->kind == KIND_BLACK) {
		lab_rgb(U(D->r, 82, 92), U(D->r, 1, 4), U(D->r, 12, 22), D->paper);
		lab_rgb(U(D->r, 25, 40), U(D->r, 5, 10), U(D->r, 15, 25), D->ink);
	} else {
		lab_rgb(U(D->r, 89, 95), U(D->r, -0.5, 2.5), U(D->r, 4, 13), D->paper);
		lab_rgb(U(D->r, 8, 18), U(D->r, 0, 1.5), U(D->r, 0, 4), D->ink);
	}
	if (c->kind == KIND_BLANK) /* pencil */
		lab_rgb(U(D->r, 50, 66), 0, U(D->r, 0, 2), D->ink);
	D->unevenness = U(D->r, 0.01, 0.035);

	/* the scanner's levels */
	if (c->kind == KIND_FADED) {
		double frac = U(D->r, 0.3, 0.7), range = frac * 255, k = U(D->r, 15, MAX(16, 248 - range));
		double tint[3];
		int style = g_rand_int_range(D->r, 0, 3);

		if (style == 0)
			tint[0] = 1, tint[1] = U(D->r, 0.9, 0.96), tint[2] = U(D->r, 0.72, 0.85);
		else if (style == 1)
			tint[0] = 1, tint[1] = U(D->r, 0.85, 0.9), tint[2] = U(D->r, 0.68, 0.78);
		else
			tint[0] = U(D->r, 0.92, 0.96), tint[1] = 1, tint[2] = U(D->r, 0.88, 0.94);
		D->black[0] = k, D->black[1] = k * 0.95, D->black[2] = k * 0.9;
		for (int b = 0; b < 3; b++)
			D->white[b] = D->black[b] + (k + range - D->black[b]) * tint[b];
		D->unevenness = U(D->r, 0.03, 0.07);
	} else if (c->kind == KIND_BLANK) {
		double k = U(D->r, 4, 16), wr = U(D->r, 236, 252);

		D->black[0] = k, D->black[1] = k, D->black[2] = k * 0.95;
		D->white[0] = wr, D->white[1] = wr * U(D->r, 0.98, 1), D->white[2] = wr * U(D->r, 0.94, 0.99);
	} else {
		double k = U(D->r, 8, 30), wr = U(D->r, 226, 250);

		D->black[0] = k, D->black[1] = k * 0.97, D->black[2] = k * 0.92;
		D->white[0] = wr, D->white[1] = wr * U(D->r, 0.975, 1), D->white[2] = wr * U(D->r, 0.9, 0.985);
	}
	D->noise = U(D->r, 1.2, 2.2);

	switch (c->kind) {
	case KIND_TEXT:
		kind_rc = kind_text(D, FALSE, error);
		break;
	case KIND_SPREAD:
	case KIND_SIDEWAYS:
		if (c->kind == KIND_SIDEWAYS && c->variant < 3) {
			kind_rc = kind_text(D, TRUE, error);
			break;
		}
		/* the shadow's parameters are drawn here so that kind_spread and
		 * spread_shadow agree */
		kind_rc = kind_spread(D, c->kind == KIND_SIDEWAYS, error);
		verso = D->verso;
		a1 = U(D->r, 0.35, 0.7), s1 = U(D->r, 0.006, 0.02) * D->uw;
		a2 = U(D->r, 0.4, 0.8), s2 = U(D->r, 0.01, 0.03) * D->uw;
		foldw = MAX(2, (int) lround(U(D->r, 1.5, 4) * D->scale));
		/* the truth's page stops where the shadow darkens it by a tenth */
		if (kind_rc == 0) {
			int shadow = (int) ceil(s1 * log(a1 / 0.1)) + foldw;

			D->page_box[0] = verso ? 0 : shadow;
			D->page_box[2] = verso ? D->pgw - shadow : D->pgw;
		}
		break;
	case KIND_BLANK:
		kind_rc = kind_blank(D, error);
		break;
	case KIND_MOUNT:
		kind_rc = kind_mount(D, error);
		break;
	case KIND_BLACK:
		kind_rc = kind_black(D, error);
		break;
	case KIND_FADED:
		kind_rc = kind_faded(D, error);
		break;
	default:
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "no such kind");
		kind_rc = -1;
		break;
	}
	if (kind_rc < 0)
		goto out;

	/* the content's box, and a skew small enough to keep it in the scan */
	for (int v = 0; v < D->pgh; v++)
		for (int u = 0; u < D->pgw; u++)
			if (D->cov[(gsize) v * D->pgw + u] > 6) {
				cb[0] = MIN(cb[0], u), cb[2] = MAX(cb[2], u + 1);
				cb[1] = MIN(cb[1], v), cb[3] = MAX(cb[3], v + 1);
			}
	if (cb[2] <= cb[0]) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: no content", c->file);
		goto out;
	}
	for (;;) {
		double b[4] = {cb[0] + D->pgx, cb[1] + D->pgy, cb[2] + D->pgx, cb[3] + D->pgy}, qd[4][2];
		double turn = 90 * lround(c->rotation / 90), skew = c->rotation - turn;
		gboolean in = TRUE;

		box_quad(c, D->uw, D->uh, b, qd);
		for (int k = 0; k < 4; k++)
			in = in && qd[k][0] >= 2 && qd[k][1] >= 2 && qd[k][0] <= c->width - 2 &&
			     qd[k][1] <= c->height - 2;
		if (in)
			break;
		if (skew == 0) {
			g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
				    "%s: the content leaves the scan", c->file);
			goto out;
		}
		c->rotation = turn + (fabs(skew) < 0.1 ? 0 : skew / 2);
	}
	a = c->rotation * G_PI / 180.0, ca = cos(a), sa = sin(a);

	/* the page, its stains and specks, the gutter's shadow */
	scene_page(D, D->paper, D->ink);
	if (c->kind == KIND_BLANK && kind_rc == 1)
		turnins(D);
	if (c->kind == KIND_SPREAD || (c->kind == KIND_SIDEWAYS && c->variant >= 3))
		spread_shadow(D, verso, a1, s1, a2, s2, foldw);
	{
		int n_fox = c->kind == KIND_BLANK ? g_rand_int_range(D->r, 5, 20) : g_rand_int_range(D->r, 0, 8);
		int n_dust = c->kind == KIND_FADED ? g_rand_int_range(D->r, 60, 200) : g_rand_int_range(D->r, 5, 40);
		int n_rings = c->kind == KIND_BLANK ? g_rand_int_range(D->r, 2, 6) : P(D->r, 0.15);

		for (int i = 0; i < n_fox; i++)
			scene_spot(D, D->pgx + U(D->r, 0, D->pgw), D->pgy + U(D->r, 0, D->pgh),
				   U(D->r, 3, 22) * D->scale, U(D->r, 0.08, 0.3), 0);
		for (int i = 0; i < n_dust; i++)
			scene_spot(D, U(D->r, 0, D->uw), U(D->r, 0, D->uh), U(D->r, 0.6, 2.0) * MAX(0.6, D->scale),
				   U(D->r, 0.4, 0.8), 1);
		for (int i = 0; i < n_rings; i++)
			scene_spot(D, D->pgx + U(D->r, 0.1, 0.9) * D->pgw, D->pgy + U(D->r, 0.1, 0.9) * D->pgh,
				   U(D->r, 0.04, 0.14) * D->pgw, U(D->r, 0.06, 0.16), 2);
		c->n_foxing = n_fox;
		c->n_dust = n_dust;
	}

	/* the scanner: levels, noise; then the turn onto the scan area */
	scan = g_malloc((gsize) D->sw * D->sh * 3);
	{
		guint32 st = g_rand_int(D->r) | 1;

		for (gsize i = 0; i < (gsize) D->sw * D->sh; i++)
			for (int b = 0; b < 3; b++) {
				double v, n = 0;

				for (int k = 0; k < 4; k++) {
					st ^= st << 13, st ^= st >> 17, st ^= st << 5;
					n += st / 4294967296.0;
				}
				apply_levels(CLAMP(D->px[i * 3 + b], 0, 255), D->black, D->white, b, &v);
				v += (n - 2) * 1.732 * D->noise;
				scan[i * 3 + b] = (guint8) CLAMP(lround(v), 0, 255);
			}
	}
	g_clear_pointer(&D->px, g_free);
	{
		VipsInterpolate *bilinear = vips_interpolate_new("bilinear");
		VipsArrayInt *area = vips_array_int_newv(4, 0, 0, c->width, c->height);
		double cs = ca, sn = sa;
		int r2;

		if (fmod(c->rotation, 90) == 0)
			cs = round(cs), sn = round(sn);
		t[0] = vips_image_new_from_memory(scan, (size_t) D->sw * D->sh * 3, D->sw, D->sh, 3,
						  VIPS_FORMAT_UCHAR);
		r2 = !t[0] || vips_affine(t[0], &t[1], cs, sn, -sn, cs, "idx", 0.5 - (D->m + D->uw / 2.0),
					  "idy", 0.5 - (D->m + D->uh / 2.0), "odx", c->width / 2.0 - 0.5,
					  "ody", c->height / 2.0 - 0.5, "oarea", area, "interpolate",
					  bilinear, NULL);
		vips_area_unref(VIPS_AREA(area));
		g_object_unref(bilinear);
		if (r2 || vips_copy(t[1], &t[2], "xres", 300 / 25.4, "yres", 300 / 25.4,
				    "interpretation", VIPS_INTERPRETATION_sRGB, NULL) ||
		    vips_jpegsave(t[2], path, "Q", c->quality, NULL)) {
			gen_fail(error, path);
			goto out;
		}
	}

	/* the truth */
	{
		double paper_scan[3], b[4];

		for (int k = 0; k < 3; k++)
			apply_levels(D->paper[k], D->black, D->white, k, &paper_scan[k]);
		memcpy(c->paper_rgb, paper_scan, sizeof paper_scan);
		for (int k = 0; k < 4; k++)
			c->black[k % 3] = D->black[k % 3], c->white[k % 3] = D->white[k % 3];
		c->unevenness = D->unevenness;
		/* the content */
		b[0] = cb[0] + D->pgx, b[1] = cb[1] + D->pgy, b[2] = cb[2] + D->pgx, b[3] = cb[3] + D->pgy;
		box_quad(c, D->uw, D->uh, b, c->content);
		memcpy(c->lettered, c->content, sizeof c->content);
		c->fw = (int) (cb[2] - cb[0]), c->fh = (int) (cb[3] - cb[1]);
		c->lw = c->fw, c->lh = c->fh;
		/* the page, and the looser box that is also right */
		b[0] = D->page_box[0] + D->pgx, b[1] = D->page_box[1] + D->pgy;
		b[2] = D->page_box[2] + D->pgx, b[3] = D->page_box[3] + D->pgy;
		box_quad(c, D->uw, D->uh, b, c->page);
		c->has_alt_page = D->has_alt;
		if (D->has_alt)
			box_quad(c, D->uw, D->uh, D->alt_box, c->alt_page);
		g_strlcpy(c->style, D->style->str, sizeof c->style);

		/* the perfect master: the page in ideal colours, no defect. Its
		 * paper is as light as the true paper and no more coloured than
		 * the scan's (the scorer's chroma target); the near-blank page's
		 * is the scan's own. The scan's paper is measured as the scorer
		 * measures it: its JPEG's chroma subsampling takes a tenth or so
		 * off the colour it was drawn with. */
		gen_srgb_to_lab(D->paper, lab_p);
		gen_srgb_to_lab(paper_scan, lab_s);
		{
			GenTone st;
			VipsImage *img = vips_image_new_from_file(path, NULL);
			int mr = img ? gen_measure_tone(img, 1600, (const double(*)[2]) c->page, 4, NULL, 0,
						       &st, error)
				     : gen_fail(error, path);

			if (img)
				g_object_unref(img);
			if (mr)
				goto out;
			if (D->ideal_is_scan)
				lab_s[0] = st.paper_L;
			lab_s[1] = st.paper_a;
			lab_s[2] = st.paper_b;
		}
		if (D->ideal_is_scan) {
			memcpy(c->ideal_paper_lab, lab_s, sizeof lab_s);
			for (int k = 0; k < 3; k++)
				apply_levels(D->ink[k], D->black, D->white, k, &D->ideal_ink[k]);
		} else {
			c->ideal_paper_lab[0] = lab_p[0];
			c->ideal_paper_lab[1] = lab_s[1];
			c->ideal_paper_lab[2] = lab_s[2];
			memcpy(D->ideal_ink, D->ink, sizeof D->ink);
		}
		gen_lab_to_srgb(c->ideal_paper_lab, ideal_paper);
		ideal = g_malloc((gsize) D->pgw * D->pgh * 3);
		for (gsize i = 0; i < (gsize) D->pgw * D->pgh; i++) {
			double cv = D->cov[i] / 255.0, al = D->alpha ? D->alpha[i] / 255.0 : 1;

			for (int k = 0; k < 3; k++) {
				double v = ideal_paper[k] * (1 - cv) + D->ideal_ink[k] * cv;
				double bgv;

				apply_levels(D->bg[k], D->black, D->white, k, &bgv);
				ideal[i * 3 + k] = (guint8) CLAMP(lround(v * al + bgv * (1 - al)), 0, 255);
			}
		}
		{
			VipsImage *img = vips_image_new_from_memory(ideal, (size_t) D->pgw * D->pgh * 3,
								    D->pgw, D->pgh, 3, VIPS_FORMAT_UCHAR);
			double cq[4][2] = {{cb[0], cb[1]}, {cb[2], cb[1]}, {cb[2], cb[3]}, {cb[0], cb[3]}};
			int mr;

			if (!img) {
				gen_fail(error, "ideal");
				goto out;
			}
			mr = gen_measure_tone(img, 1600, NULL, 0, (const double(*)[2]) cq, 4, &c->ideal,
					      error);
			g_object_unref(img);
			if (mr)
				goto out;
			c->has_ideal = TRUE;
		}
		if (truth_png) {
			g_autofree char *tp = g_build_filename(dir, c->truth_file, NULL);

			if (save_rgb(ideal, D->pgw, D->pgh, tp, error))
				goto out;
		}
		if (perfect) {
			/* the page's box, narrowed until the turned box lies in
			 * the scan area: a crop a perfect cleaner could make */
			double pb[4], qd[4][2];
			g_autofree char *pp = g_build_filename(dir, c->perfect_file, NULL);
			int x0, y0, x1, y1;
			guint8 *crop;

			memcpy(pb, D->page_box, sizeof pb);
			for (int it = 0; it < 4000; it++) {
				double bb[4] = {pb[0] + D->pgx, pb[1] + D->pgy, pb[2] + D->pgx, pb[3] + D->pgy};
				gboolean moved = FALSE;

				box_quad(c, D->uw, D->uh, bb, qd);
				for (int k = 0; k < 4; k++)
					if (qd[k][0] < 0.5 || qd[k][1] < 0.5 || qd[k][0] > c->width - 0.5 ||
					    qd[k][1] > c->height - 0.5) {
						/* corner k: TL TR BR BL of the page */
						if (k == 0 || k == 3)
							pb[0] += 1;
						else
							pb[2] -= 1;
						if (k < 2)
							pb[1] += 1;
						else
							pb[3] -= 1;
						moved = TRUE;
					}
				if (!moved)
					break;
			}
			memcpy(c->perfect_region, qd, sizeof qd);
			x0 = (int) pb[0], y0 = (int) pb[1], x1 = (int) pb[2], y1 = (int) pb[3];
			if (x1 - x0 < 8 || y1 - y0 < 8) {
				g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: no perfect crop",
					    c->file);
				goto out;
			}
			crop = g_malloc((gsize) (x1 - x0) * (y1 - y0) * 3);
			for (int v = y0; v < y1; v++)
				memcpy(crop + (gsize) (v - y0) * (x1 - x0) * 3,
				       ideal + ((gsize) v * D->pgw + x0) * 3, (gsize) (x1 - x0) * 3);
			rc = save_rgb(crop, x1 - x0, y1 - y0, pp, error);
			g_free(crop);
			if (rc)
				goto out;
			rc = -1;
		}
	}
	rc = 0;
out:
	g_object_unref(ctxi); /* before the buffer it reads */
	g_free(D->px);
	g_free(D->cov);
	g_free(D->alpha);
	g_free(scan);
	g_free(ideal);
	g_string_free(D->style, TRUE);
	g_rand_free(D->r);
	return rc;
}

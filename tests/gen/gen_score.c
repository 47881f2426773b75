/* --score: compares what planche kept of each synthetic scan with the truth.
 *
 * Input: OUTDIR/truth.json (written by the generator) and the JSON array
 * `planche query --format json` prints. Each result object is matched to a
 * case by the file name of its "path"; "master" (relative to the collection),
 * "region" ([[x,y] x4]: the master's TL, TR, BR, BL corners in the original's
 * pixels) and "angle" (degrees the cleaner turned the image, CCW positive)
 * are looked for at the object's top level first, then in nested objects.
 * The original is read at "path" in the collection (or, failing that, in
 * OUTDIR by its name) for the tones it started from.
 *
 * Conventions: the truth's "rotation" is how far the sheet was turned, CCW
 * positive, quarter turns included, so a perfect cleaner turns by -rotation:
 * the residual is rotation + the turn the region's top edge shows.
 *
 * Verdicts, per case (tests/bench/README.md says why):
 *   crop      inside the page (or the looser alt_page) and the scan within
 *             max(3 px, 0.3 % of the longer side), and holding the whole
 *             content within 1 % of the longer side;
 *   rotation  the quarter turn right and the skew left at most 0.15 deg;
 *   chroma    C* of the master's paper at most 1.1 times the scan's (the
 *             paper: the brightest 30 % inside the page, in both);
 *   contrast  the master's paper-to-ink L* distance at least 0.8 of the
 *             perfect master's (every case but the near-blank ones);
 *   blank     a near-blank page's paper within 4 L* and 2 C* of the scan's.
 * The plates are also judged by the earlier criterion (IoU with the plate
 * >= 0.97, skew <= 0.15 deg, no strip or border left). */
#include "gen.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { MAX_POLY = 16 };

double
gen_poly_area(const double (*p)[2], int n)
{
	double s = 0;

	for (int i = 0; i < n; i++) {
		int j = (i + 1) % n;

		s += p[i][0] * p[j][1] - p[j][0] * p[i][1];
	}
	return s / 2;
}

static double
cross(const double *o, const double *a, const double *b)
{
	return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/* Copies p into out with a positive signed area. */
static void
orient(const double (*p)[2], int n, double (*out)[2])
{
	gboolean flip = gen_poly_area(p, n) < 0;

	for (int i = 0; i < n; i++) {
		const double *src = p[flip ? n - 1 - i : i];

		out[i][0] = src[0];
		out[i][1] = src[1];
	}
}

/* Sutherland-Hodgman: clip a by each edge of the convex polygon b. */
double
gen_convex_intersection_area(const double (*a)[2], int na, const double (*b)[2], int nb)
{
	double cur[MAX_POLY][2], next[MAX_POLY][2], clip[MAX_POLY][2];
	int n = na;

	if (na < 3 || nb < 3 || na > MAX_POLY / 2 || nb > MAX_POLY / 2)
		return 0;
	orient(a, na, cur);
	orient(b, nb, clip);
	for (int e = 0; e < nb && n > 0; e++) {
		const double *p0 = clip[e], *p1 = clip[(e + 1) % nb];
		int m = 0;

		for (int i = 0; i < n; i++) {
			const double *s = cur[i], *t = cur[(i + 1) % n];
			double cs = cross(p0, p1, s), ct = cross(p0, p1, t);

			if (cs >= 0 && m < MAX_POLY) {
				next[m][0] = s[0];
				next[m][1] = s[1];
				m++;
			}
			if ((cs >= 0) != (ct >= 0) && m < MAX_POLY) {
				double k = cs / (cs - ct);

				next[m][0] = s[0] + k * (t[0] - s[0]);
				next[m][1] = s[1] + k * (t[1] - s[1]);
				m++;
			}
		}
		memcpy(cur, next, sizeof(double) * 2 * m);
		n = m;
	}
	return n >= 3 ? fabs(gen_poly_area((const double(*)[2]) cur, n)) : 0;
}

const char *const gen_side_names[N_SIDES] = {"top", "right", "bottom", "left"};

static gboolean
inside_convex(const double (*q)[2], int n, double x, double y)
{
	double pt[2] = {x, y};
	int pos = 0, neg = 0;

	for (int i = 0; i < n; i++) {
		double c = cross(q[i], q[(i + 1) % n], pt);

		pos += c > 0;
		neg += c < 0;
	}
	return pos == 0 || neg == 0;
}

/* Depth-first search for a member by name, so that the scorer does not
 * depend on how the results nest a run's fields. */
JsonNode *
gen_find_member(JsonNode *node, const char *name, int depth)
{
	if (!node || depth > 4)
		return NULL;
	if (JSON_NODE_HOLDS_OBJECT(node)) {
		JsonObject *o = json_node_get_object(node);
		g_autoptr(GList) members = NULL;

		if (json_object_has_member(o, name) && !json_object_get_null_member(o, name))
			return json_object_get_member(o, name);
		members = json_object_get_members(o);
		for (GList *l = members; l; l = l->next) {
			JsonNode *hit =
				gen_find_member(json_object_get_member(o, l->data), name, depth + 1);

			if (hit)
				return hit;
		}
	}
	return NULL;
}

GHashTable *
gen_results_by_name(JsonArray *res)
{
	GHashTable *by_name = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

	for (guint i = 0; i < json_array_get_length(res); i++) {
		JsonNode *item = json_array_get_element(res, i);
		JsonNode *path = gen_find_member(item, "path", 0);

		if (path && JSON_NODE_HOLDS_VALUE(path) && json_node_get_string(path))
			g_hash_table_insert(by_name, g_path_get_basename(json_node_get_string(path)),
					    item);
	}
	return by_name;
}

int
gen_read_quad(JsonNode *node, double q[4][2])
{
	JsonArray *a;

	if (!node || !JSON_NODE_HOLDS_ARRAY(node))
		return -1;
	a = json_node_get_array(node);
	if (json_array_get_length(a) != 4)
		return -1;
	for (guint i = 0; i < 4; i++) {
		JsonNode *pt = json_array_get_element(a, i);
		JsonArray *p;

		if (!JSON_NODE_HOLDS_ARRAY(pt) || json_array_get_length(p = json_node_get_array(pt)) != 2)
			return -1;
		q[i][0] = json_array_get_double_element(p, 0);
		q[i][1] = json_array_get_double_element(p, 1);
	}
	return 0;
}

static double
num(JsonObject *o, const char *name)
{
	JsonNode *n = o ? json_object_get_member(o, name) : NULL;

	return n && JSON_NODE_HOLDS_VALUE(n) ? json_node_get_double(n) : 0;
}

VipsImage *
gen_load(const char *path, GError **error)
{
	VipsImage *img = vips_image_new_from_file(path, NULL);

	if (!img)
		gen_fail(error, path);
	return img;
}

/* How far point p lies outside convex polygon q: the most of its outward
 * distances from q's edges (<= 0 inside); *edge gets that edge. */
static double
outside_by(const double (*q)[2], int n, const double *p, int *edge)
{
	double best = -G_MAXDOUBLE, sgn = gen_poly_area(q, n) < 0 ? -1 : 1;

	for (int i = 0; i < n; i++) {
		const double *a = q[i], *b = q[(i + 1) % n];
		double len = hypot(b[0] - a[0], b[1] - a[1]);
		double d = len > 0 ? -sgn * cross(a, b, p) / len : -G_MAXDOUBLE;

		if (d > best) {
			best = d;
			*edge = i;
		}
	}
	return best;
}

/* The master's side (of the region) whose outward direction is nearest to
 * that of the edge a -> b of a polygon of sign sgn. */
static int
master_side(const double region[4][2], const double *a, const double *b, double sgn)
{
	double nx = sgn * (b[1] - a[1]), ny = -sgn * (b[0] - a[0]), best = -G_MAXDOUBLE;
	double cx = 0, cy = 0;
	int side = 0;

	for (int k = 0; k < 4; k++)
		cx += region[k][0] / 4, cy += region[k][1] / 4;
	for (int s = 0; s < 4; s++) {
		double mx = (region[s][0] + region[(s + 1) % 4][0]) / 2 - cx;
		double my = (region[s][1] + region[(s + 1) % 4][1]) / 2 - cy;
		double dot = (mx * nx + my * ny) / MAX(1e-9, hypot(mx, my) * hypot(nx, ny));

		if (dot > best)
			best = dot, side = s;
	}
	return side;
}

void
gen_crop_verdict(const double region[4][2], const double (*page)[2], int n_page, double W,
		 double H, const double (*content)[2], int n_content, GenCrop *v)
{
	const double scan[4][2] = {{0, 0}, {W, 0}, {W, H}, {0, H}};
	double rsgn = gen_poly_area(region, 4) < 0 ? -1 : 1;

	v->cut = 0, v->cut_side = 0, v->out = 0, v->out_side = 0;
	for (int i = 0; i < n_content; i++) {
		int e = 0;
		double d = outside_by(region, 4, content[i], &e);

		if (d > v->cut) {
			v->cut = d;
			/* the region's edges are the master's sides, in the order of
			 * its corners; a mirrored region reads them backwards */
			v->cut_side = rsgn > 0 ? e : (3 - e + 4) % 4;
		}
	}
	for (int k = 0; k < 4; k++) {
		int e = 0;
		double d = outside_by(page, n_page, region[k], &e);
		double psgn = gen_poly_area(page, n_page) < 0 ? -1 : 1;

		if (d > v->out) {
			v->out = d;
			v->out_side = master_side(region, page[e], page[(e + 1) % n_page], psgn);
		}
		d = outside_by(scan, 4, region[k], &e);
		if (d > v->out) {
			v->out = d;
			v->out_side = master_side(region, scan[e], scan[(e + 1) % 4], 1);
		}
	}
}

double
gen_region_turn(const double region[4][2])
{
	double dx = region[1][0] - region[0][0], dy = region[1][1] - region[0][1];

	/* the top edge leans by the content's CCW turn; the cleaner undid it */
	return -atan2(-dy, dx) * 180 / G_PI;
}

void
gen_to_master(const double region[4][2], int mw, int mh, const double (*in)[2], int n,
	      double (*out)[2])
{
	double ax = (region[1][0] - region[0][0]) / mw, ay = (region[1][1] - region[0][1]) / mw;
	double bx = (region[3][0] - region[0][0]) / mh, by = (region[3][1] - region[0][1]) / mh;
	double det = ax * by - bx * ay;

	for (int i = 0; i < n; i++) {
		double dx = in[i][0] - region[0][0], dy = in[i][1] - region[0][1];

		out[i][0] = det != 0 ? (dx * by - dy * bx) / det : 0;
		out[i][1] = det != 0 ? (ax * dy - ay * dx) / det : 0;
	}
}

/* The scorers measure tone on previews of this longer side. */
#define TONE_SIDE 1600

int
gen_measure_tone_pair(VipsImage *scan, VipsImage *master, const double (*region)[2],
		      const double (*page)[2], const double (*content)[2], double cm[4][2],
		      GenTone *st, GenTone *mt, GError **error)
{
	double pm[4][2], sp[GEN_CLIP_MAX][2];

	gen_to_master(region, master->Xsize, master->Ysize, content, 4, cm);
	gen_to_master(region, master->Xsize, master->Ysize, page, 4, pm);
	int nsp = gen_clip_convex(page, 4, region, 4, sp);
	if (nsp < 3)
		nsp = 4, memcpy(sp, page, sizeof(double[4][2]));
	if (gen_measure_tone(scan, TONE_SIDE, (const double(*)[2]) sp, nsp, content, 4, st, error) ||
	    gen_measure_tone(master, TONE_SIDE, (const double(*)[2]) pm, 4, (const double(*)[2]) cm,
			     4, mt, error))
		return -1;
	return 0;
}

/* Pearson correlation of master and truth, both brought to the truth's
 * proportions at about 300 px: it measures whether the picture's tones are
 * where they belong, not the phase of hatching a few pixels apart. */
static int
correlation(const char *master, const char *truth, const double crop[4], double *r,
	    GError **error)
{
	VipsImage *ctxi = vips_image_new();
	VipsObject *ctx = VIPS_OBJECT(ctxi);
	VipsImage **t = (VipsImage **) vips_object_local_array(ctx, 16);
	double k, w, h, ea, eb, eab, eaa, ebb;
	int ret = -1;

	if (!(t[11] = vips_image_new_from_file(master, NULL)) ||
	    !(t[1] = vips_image_new_from_file(truth, NULL))) {
		gen_fail(error, "load");
		goto out;
	}
	/* crop: the plate's share of a master that kept its lettering */
	{
		int W = t[11]->Xsize, H = t[11]->Ysize;
		int x0 = (int) CLAMP(crop[0] * W, 0, W - 1), y0 = (int) CLAMP(crop[1] * H, 0, H - 1);
		int x1 = (int) CLAMP(crop[2] * W, x0 + 1, W), y1 = (int) CLAMP(crop[3] * H, y0 + 1, H);

		if (vips_extract_area(t[11], &t[0], x0, y0, x1 - x0, y1 - y0, NULL)) {
			gen_fail(error, "crop");
			goto out;
		}
	}
	k = 300.0 / MAX(t[1]->Xsize, t[1]->Ysize);
	w = MAX(8, round(t[1]->Xsize * k));
	h = MAX(8, round(t[1]->Ysize * k));
	if (vips_colourspace(t[0], &t[2], VIPS_INTERPRETATION_B_W, NULL) ||
	    vips_extract_band(t[2], &t[3], 0, NULL) ||
	    vips_thumbnail_image(t[3], &t[4], (int) w, "height", (int) h, "size", VIPS_SIZE_FORCE,
				 NULL) ||
	    vips_thumbnail_image(t[1], &t[5], (int) w, "height", (int) h, "size", VIPS_SIZE_FORCE,
				 NULL) ||
	    vips_cast(t[4], &t[6], VIPS_FORMAT_DOUBLE, NULL) ||
	    vips_cast(t[5], &t[7], VIPS_FORMAT_DOUBLE, NULL) ||
	    vips_multiply(t[6], t[7], &t[8], NULL) || vips_multiply(t[6], t[6], &t[9], NULL) ||
	    vips_multiply(t[7], t[7], &t[10], NULL) || vips_avg(t[6], &ea, NULL) ||
	    vips_avg(t[7], &eb, NULL) || vips_avg(t[8], &eab, NULL) ||
	    vips_avg(t[9], &eaa, NULL) || vips_avg(t[10], &ebb, NULL)) {
		gen_fail(error, "correlation");
		goto out;
	}
	{
		double va = eaa - ea * ea, vb = ebb - eb * eb;

		*r = va > 0 && vb > 0 ? (eab - ea * eb) / sqrt(va * vb) : 0;
	}
	ret = 0;
out:
	g_object_unref(ctxi);
	return ret;
}

/* Share of a side's ragged dark border the region still holds: samples of
 * the profile (each the deepest point of its span) lying more than tol
 * inside the region. */
static int
border_kept(JsonObject *tc, const double region[4][2], int *sides_kept)
{
	JsonObject *prof;
	int w = (int) num(tc, "width"), h = (int) num(tc, "height") - (int) num(tc, "strip_height");
	int step, kept = 0;
	const double tol = 2.0;

	*sides_kept = 0;
	if (!json_object_has_member(tc, "border_profiles"))
		return 0;
	prof = json_object_get_object_member(tc, "border_profiles");
	step = (int) num(prof, "step");
	for (int s = 0; s < N_SIDES; s++) {
		JsonArray *a;
		int side_kept = 0;

		if (!json_object_has_member(prof, gen_side_names[s]))
			continue;
		a = json_object_get_array_member(prof, gen_side_names[s]);
		for (guint i = 0; i < json_array_get_length(a); i++) {
			double d = json_array_get_double_element(a, i) - tol;
			double t = i * step + step / 2.0, x, y;

			if (d <= 0)
				continue;
			switch (s) {
			case SIDE_TOP:
				x = t, y = d;
				break;
			case SIDE_RIGHT:
				x = w - d, y = t;
				break;
			case SIDE_BOTTOM:
				x = t, y = h - d;
				break;
			default:
				x = d, y = t;
				break;
			}
			if (inside_convex(region, 4, x, y))
				side_kept++;
		}
		if (side_kept) {
			(*sides_kept)++;
			kept += side_kept;
		}
	}
	return kept;
}

static double
iou_of(const double (*a)[2], const double (*b)[2])
{
	double inter = gen_convex_intersection_area(a, 4, b, 4);
	double u = fabs(gen_poly_area(a, 4)) + fabs(gen_poly_area(b, 4)) - inter;

	return u > 0 ? inter / u : 0;
}

/* The earlier criterion, for plates: IoU with the plate (or the plate and
 * its caption), skew, strip and border left, and the correlation r. */
typedef struct {
	double iou, r;
	gboolean with_caption, strip_left, pass;
	int border_samples, border_sides;
	double strip_depth;
} PlateScore;

static void
score_plate(JsonObject *tc, const double region[4][2], double skew, const char *mpath,
	    const char *truth_dir, PlateScore *ps)
{
	double truth_q[4][2], lettered[4][2], crop[4] = {0, 0, 1, 1};

	memset(ps, 0, sizeof *ps);
	ps->r = NAN;
	if (gen_read_quad(json_object_get_member(tc, "content"), truth_q))
		return;
	ps->iou = iou_of(region, (const double(*)[2]) truth_q);
	/* keeping the caption engraved under the plate is as right as
	 * cutting it off: score against whichever the cleaner chose */
	if (gen_read_quad(json_object_get_member(tc, "content_with_caption"), lettered) == 0) {
		double il = iou_of(region, (const double(*)[2]) lettered);

		if (il > ps->iou) {
			double ux[2], uy[2], lx, ly, d[2];

			ps->iou = il;
			ps->with_caption = TRUE;
			/* where the plate lies in the lettered box, as fractions */
			ux[0] = lettered[1][0] - lettered[0][0], ux[1] = lettered[1][1] - lettered[0][1];
			uy[0] = lettered[3][0] - lettered[0][0], uy[1] = lettered[3][1] - lettered[0][1];
			lx = hypot(ux[0], ux[1]), ly = hypot(uy[0], uy[1]);
			d[0] = truth_q[0][0] - lettered[0][0], d[1] = truth_q[0][1] - lettered[0][1];
			crop[0] = (d[0] * ux[0] + d[1] * ux[1]) / (lx * lx);
			crop[1] = (d[0] * uy[0] + d[1] * uy[1]) / (ly * ly);
			crop[2] = crop[0] + hypot(truth_q[1][0] - truth_q[0][0],
						  truth_q[1][1] - truth_q[0][1]) / lx;
			crop[3] = crop[1] + hypot(truth_q[3][0] - truth_q[0][0],
						  truth_q[3][1] - truth_q[0][1]) / ly;
		}
	}
	if (json_object_get_boolean_member(tc, "has_strip")) {
		double top = num(tc, "height") - num(tc, "strip_height");

		for (int k = 0; k < 4; k++)
			ps->strip_depth = MAX(ps->strip_depth, region[k][1] - top);
		/* a few light rows are invisible; the credit text is not */
		ps->strip_left = ps->strip_depth > MAX(2.0, 0.1 * num(tc, "strip_height"));
	}
	ps->border_samples = border_kept(tc, region, &ps->border_sides);
	if (mpath && json_object_has_member(tc, "truth_image")) {
		g_autofree char *tpath = g_build_filename(
			truth_dir, json_object_get_string_member(tc, "truth_image"), NULL);
		g_autoptr(GError) cerr = NULL;

		if (g_file_test(tpath, G_FILE_TEST_EXISTS) &&
		    correlation(mpath, tpath, crop, &ps->r, &cerr) != 0) {
			fprintf(stderr, "planche-gen-scans: %s: %s\n", mpath, cerr->message);
			ps->r = NAN;
		}
	}
	ps->pass = ps->iou >= 0.97 && skew <= 0.15 && !ps->strip_left && ps->border_samples == 0;
}

/* Targets (tests/bench/README.md). */
#define SKEW_MAX 0.15
#define CHROMA_MAX 1.1
#define CONTRAST_MIN 0.8
#define BLANK_DL 4.0
#define BLANK_DC 2.0

/* The page: truth.json's, or, in a file from before the kinds, the scan
 * minus its borders and strip. */
static void
page_of(JsonObject *tc, double page[4][2])
{
	if (gen_read_quad(json_object_get_member(tc, "page"), page) == 0)
		return;
	{
		JsonObject *b = json_object_has_member(tc, "borders")
					? json_object_get_object_member(tc, "borders")
					: NULL;
		double w = num(tc, "width"), h = num(tc, "height") - num(tc, "strip_height");
		double l = num(b, "left"), t = num(b, "top"), r = w - num(b, "right");
		double bt = h - num(b, "bottom");
		double q[4][2] = {{l, t}, {r, t}, {r, bt}, {l, bt}};

		memcpy(page, q, sizeof q);
	}
}

static void
crop_text(const GenCrop *v, double tol_cut, double tol_out, char *buf, size_t size)
{
	if (v->cut > tol_cut)
		g_snprintf(buf, size, "cuts content by %.0f px (%s)", v->cut, gen_side_names[v->cut_side]);
	else if (v->out > tol_out)
		g_snprintf(buf, size, "keeps outside by %.0f px (%s)", v->out,
			   gen_side_names[v->out_side]);
	else
		g_strlcpy(buf, "right", size);
}

typedef struct {
	int n, found, pass, crop, rot, skew_ok, chroma, contrast, n_contrast, blank, n_blank;
	int kind_n[N_KINDS], kind_pass[N_KINDS];
	int plates, plate_pass, with_caption, strips_left, borders_left, n_r;
	double iou_sum, iou_min, r_sum, r_min, skew_max, chroma_max, contrast_min;
} Totals;

static GenKind
kind_of(JsonObject *tc)
{
	const char *k = json_object_has_member(tc, "kind") ? json_object_get_string_member(tc, "kind")
							     : "plate";

	for (int i = 0; i < N_KINDS; i++)
		if (g_strcmp0(k, gen_kind_names[i]) == 0)
			return (GenKind) i;
	return KIND_PLATE;
}

int
gen_score(const char *truth_dir, const char *results, const char *collection, gboolean verbose,
	  double min_pass)
{
	g_autofree char *truth_path = g_build_filename(truth_dir, "truth.json", NULL);
	g_autofree char *coll = collection ? g_strdup(collection) : g_path_get_dirname(results);
	g_autoptr(JsonParser) tp = json_parser_new();
	g_autoptr(JsonParser) rp = json_parser_new();
	g_autoptr(GError) error = NULL;
	g_autoptr(GHashTable) by_name = NULL;
	JsonArray *cases, *res;
	Totals tot = {0};

	tot.iou_min = 1;
	tot.r_min = 1;
	tot.contrast_min = G_MAXDOUBLE;
	if (!json_parser_load_from_file(tp, truth_path, &error) ||
	    !json_parser_load_from_file(rp, results, &error)) {
		fprintf(stderr, "planche-gen-scans: %s\n", error->message);
		return 1;
	}
	if (!JSON_NODE_HOLDS_ARRAY(json_parser_get_root(tp)) ||
	    !JSON_NODE_HOLDS_ARRAY(json_parser_get_root(rp))) {
		fprintf(stderr, "planche-gen-scans: %s and %s must both hold a JSON array\n",
			truth_path, results);
		return 1;
	}
	cases = json_node_get_array(json_parser_get_root(tp));
	res = json_node_get_array(json_parser_get_root(rp));
	by_name = gen_results_by_name(res);

	printf("%-13s %-8s %-32s %-8s %7s %6s %-17s %s\n", "case", "kind", "crop", "turn", "skew",
	       "chroma", "contrast", "result");
	for (guint i = 0; i < json_array_get_length(cases); i++) {
		JsonObject *tc = json_array_get_object_element(cases, i);
		const char *file = json_object_get_string_member(tc, "file");
		JsonNode *item = g_hash_table_lookup(by_name, file);
		JsonNode *master_n, *path_n;
		JsonObject *ideal = json_object_has_member(tc, "ideal")
					    ? json_object_get_object_member(tc, "ideal")
					    : NULL;
		GenKind kind = kind_of(tc);
		double page[4][2], alt[4][2], content[4][2], region[4][2];
		double W = num(tc, "width"), H = num(tc, "height"), L = MAX(W, H);
		double tol_cut = 0.01 * L, tol_out = MAX(3.0, 0.003 * L);
		double rot = num(tc, "rotation"), turn, resid, skew, chroma = NAN, contrast = NAN;
		double scan_contrast = NAN, ideal_contrast = num(ideal, "contrast"), dL = NAN, dC = NAN;
		gboolean near_blank = json_object_has_member(tc, "near_blank") &&
				      json_object_get_boolean_member(tc, "near_blank");
		gboolean has_alt, crop_ok, rot_ok, tone_ok, ok;
		int expect_q = (int) num(tc, "upright_rotation"), done_q;
		GenCrop cv, cva;
		GenTone st = {0}, mt = {0};
		char ctext[64], ttext[24], chtext[16], cotext[40], stext[16];
		g_autofree char *mpath = NULL;
		GString *why = g_string_new(NULL);
		PlateScore ps = {0};

		tot.n++;
		tot.kind_n[kind]++;
		if (kind == KIND_PLATE)
			tot.plates++;
		if (!item || gen_read_quad(gen_find_member(item, "region", 0), region) ||
		    gen_read_quad(json_object_get_member(tc, "content"), content)) {
			printf("%-13s %-8s FAIL (%s)\n", file, gen_kind_names[kind],
			       item ? "no region: not cleaned?" : "not in the results");
			g_string_free(why, TRUE);
			continue;
		}
		tot.found++;
		page_of(tc, page);
		has_alt = gen_read_quad(json_object_get_member(tc, "alt_page"), alt) == 0;

		/* the crop */
		gen_crop_verdict((const double(*)[2]) region, (const double(*)[2]) page, 4, W, H,
				 (const double(*)[2]) content, 4, &cv);
		if (has_alt) {
			gen_crop_verdict((const double(*)[2]) region, (const double(*)[2]) alt, 4, W, H,
					 (const double(*)[2]) content, 4, &cva);
			if (cva.out < cv.out)
				cv = cva;
		}
		crop_ok = cv.cut <= tol_cut && cv.out <= tol_out;
		crop_text(&cv, tol_cut, tol_out, ctext, sizeof ctext);

		/* the turn */
		turn = gen_region_turn((const double(*)[2]) region);
		resid = fmod(rot + turn + 540.0, 360.0) - 180.0;
		skew = fabs(resid);
		done_q = (int) lround(-turn / 90.0) * 90;
		done_q = ((done_q % 360) + 360) % 360;
		done_q = done_q == 270 ? -90 : done_q;
		rot_ok = skew < 45;
		if (rot_ok)
			g_snprintf(ttext, sizeof ttext, "%d", expect_q);
		else
			g_snprintf(ttext, sizeof ttext, "%d!=%d", done_q, expect_q);

		/* the tones: the scan's page, the master, the perfect master's */
		master_n = gen_find_member(item, "master", 0);
		path_n = gen_find_member(item, "path", 0);
		if (master_n && JSON_NODE_HOLDS_VALUE(master_n) && json_node_get_string(master_n)) {
			const char *m = json_node_get_string(master_n), *op = json_node_get_string(path_n);
			g_autofree char *spath =
				g_path_is_absolute(op) ? g_strdup(op) : g_build_filename(coll, op, NULL);
			g_autoptr(GError) terr = NULL;
			VipsImage *scan, *master;

			mpath = g_path_is_absolute(m) ? g_strdup(m) : g_build_filename(coll, m, NULL);
			if (!g_file_test(spath, G_FILE_TEST_EXISTS)) {
				g_free(spath);
				spath = g_build_filename(truth_dir, file, NULL);
			}
			if ((scan = gen_load(spath, &terr)) && (master = gen_load(mpath, &terr))) {
				double cm[4][2];

				/* the same page and content in both: a master that kept
				 * a mount is judged on the print's paper */
				if (gen_measure_tone_pair(scan, master, (const double(*)[2]) region,
							  (const double(*)[2]) page,
							  (const double(*)[2]) content, cm, &st, &mt,
							  &terr) == 0) {
					chroma = mt.paper_C / MAX(st.paper_C, 1.0);
					if (ideal_contrast > 0) {
						contrast = (mt.paper_L - mt.ink_L) / ideal_contrast;
						scan_contrast = (st.paper_L - st.ink_L) / ideal_contrast;
					}
					dL = mt.paper_L - st.paper_L;
					dC = mt.paper_C - st.paper_C;
				}
				g_object_unref(master);
			}
			if (scan)
				g_object_unref(scan);
			if (terr)
				fprintf(stderr, "planche-gen-scans: %s: %s\n", file, terr->message);
		}
		if (isnan(chroma))
			g_strlcpy(chtext, "-", sizeof chtext);
		else
			g_snprintf(chtext, sizeof chtext, "%.3f", chroma);
		if (near_blank && !isnan(dL))
			g_snprintf(cotext, sizeof cotext, "dL %+.1f dC %+.1f", dL, dC);
		else if (!near_blank && !isnan(contrast))
			g_snprintf(cotext, sizeof cotext, "%.3f (scan %.2f)", contrast, scan_contrast);
		else
			g_strlcpy(cotext, "-", sizeof cotext);
		tone_ok = !isnan(chroma) && chroma <= CHROMA_MAX &&
			  (near_blank ? fabs(dL) <= BLANK_DL && fabs(dC) <= BLANK_DC
				      : contrast >= CONTRAST_MIN);
		ok = crop_ok && rot_ok && skew <= SKEW_MAX && tone_ok;
		if (!crop_ok)
			g_string_append(why, " crop");
		if (!rot_ok)
			g_string_append(why, " turn");
		else if (skew > SKEW_MAX)
			g_string_append(why, " skew");
		if (isnan(chroma))
			g_string_append(why, " tones?");
		else {
			if (chroma > CHROMA_MAX)
				g_string_append(why, " chroma");
			if (near_blank && !(fabs(dL) <= BLANK_DL && fabs(dC) <= BLANK_DC))
				g_string_append(why, " blank");
			if (!near_blank && !(contrast >= CONTRAST_MIN))
				g_string_append(why, " contrast");
		}

		tot.pass += ok;
		tot.kind_pass[kind] += ok;
		tot.crop += crop_ok;
		tot.rot += rot_ok;
		tot.skew_ok += rot_ok && skew <= SKEW_MAX;
		if (rot_ok)
			tot.skew_max = MAX(tot.skew_max, skew);
		tot.chroma += !isnan(chroma) && chroma <= CHROMA_MAX;
		if (!isnan(chroma))
			tot.chroma_max = MAX(tot.chroma_max, chroma);
		if (near_blank) {
			tot.n_blank++;
			tot.blank += fabs(dL) <= BLANK_DL && fabs(dC) <= BLANK_DC;
		} else {
			tot.n_contrast++;
			tot.contrast += contrast >= CONTRAST_MIN;
			if (!isnan(contrast))
				tot.contrast_min = MIN(tot.contrast_min, contrast);
		}
		if (kind == KIND_PLATE) {
			score_plate(tc, (const double(*)[2]) region, skew, mpath, truth_dir, &ps);
			tot.plate_pass += ps.pass;
			tot.with_caption += ps.with_caption;
			tot.iou_sum += ps.iou;
			tot.iou_min = MIN(tot.iou_min, ps.iou);
			tot.strips_left += ps.strip_left;
			tot.borders_left += ps.border_samples > 0;
			if (!isnan(ps.r)) {
				tot.r_sum += ps.r;
				tot.r_min = MIN(tot.r_min, ps.r);
				tot.n_r++;
			}
		}
		if (rot_ok)
			g_snprintf(stext, sizeof stext, "%.3f°", skew);
		else
			g_strlcpy(stext, "-", sizeof stext);
		/* (the degree sign takes two bytes of the width) */
		printf("%-13s %-8s %-32s %-8s %*s %6s %-17s %s%s%s\n", file, gen_kind_names[kind],
		       ctext, ttext, rot_ok ? 8 : 7, stext, chtext, cotext, ok ? "pass" : "FAIL (",
		       why->str + (ok ? 0 : 1), ok ? "" : ")");
		if (verbose) {
			printf("    %s; rotation %.3f°, the region turned %.3f°; cut %.1f px, outside "
			       "%.1f px (tolerances %.0f and %.0f)\n",
			       json_object_has_member(tc, "style") ? json_object_get_string_member(tc, "style")
								   : "",
			       rot, turn, cv.cut, cv.out, tol_cut, tol_out);
			printf("    paper L*/C*: scan %.1f/%.1f, master %.1f/%.1f, ideal %.1f/%.1f; ink L*: "
			       "scan %.1f, master %.1f, ideal %.1f\n",
			       st.paper_L, st.paper_C, mt.paper_L, mt.paper_C, num(ideal, "paper_L"),
			       num(ideal, "paper_chroma"), st.ink_L, mt.ink_L, num(ideal, "ink_L"));
			if (kind == KIND_PLATE)
				printf("    plate: IoU %.4f vs %s, r %.4f, strip %s (%.1f px), border "
				       "samples kept %d on %d side(s): %s by the earlier criterion\n",
				       ps.iou, ps.with_caption ? "plate+caption" : "plate", ps.r,
				       ps.strip_left ? "left" : "gone or none", ps.strip_depth,
				       ps.border_samples, ps.border_sides, ps.pass ? "pass" : "FAIL");
		}
		g_string_free(why, TRUE);
	}
	printf("\ncases %d, scored %d\n", tot.n, tot.found);
	printf("crop right %d/%d (inside the page within max(3 px, 0.3 %%), holding the content "
	       "within 1 %% of the longer side)\n",
	       tot.crop, tot.n);
	printf("turn right %d/%d, skew <= %.2f° on %d/%d (max %.3f°)\n", tot.rot, tot.n, SKEW_MAX,
	       tot.skew_ok, tot.n, tot.skew_max);
	printf("paper chroma <= %.1f x the scan's on %d/%d (max %.2f)\n", CHROMA_MAX, tot.chroma,
	       tot.n, tot.chroma_max);
	printf("contrast >= %.1f of the ideal's on %d/%d (min %.2f); near-blank untouched "
	       "(|dL*| <= %.0f, |dC*| <= %.0f) %d/%d\n",
	       CONTRAST_MIN, tot.contrast, tot.n_contrast,
	       tot.contrast_min == G_MAXDOUBLE ? 0 : tot.contrast_min, BLANK_DL, BLANK_DC, tot.blank,
	       tot.n_blank);
	printf("by kind:");
	for (int k = 0; k < N_KINDS; k++)
		if (tot.kind_n[k])
			printf(" %s %d/%d", gen_kind_names[k], tot.kind_pass[k], tot.kind_n[k]);
	printf("\n");
	if (tot.plates) {
		printf("plates by the earlier criterion (IoU >= 0.97, skew <= 0.15°, no strip or "
		       "border left): %d/%d; mean IoU %.4f (min %.4f), ",
		       tot.plate_pass, tot.plates, tot.iou_sum / MAX(1, tot.plates), tot.iou_min);
		if (tot.n_r)
			printf("mean r %.4f (min %.4f), ", tot.r_sum / tot.n_r, tot.r_min);
		printf("strip left on %d, border left on %d, caption kept on %d\n", tot.strips_left,
		       tot.borders_left, tot.with_caption);
	}
	printf("passing (crop, turn, skew, chroma, contrast or near-blank): %d/%d = %.1f %% "
	       "(target >= 95 %%: %s)\n",
	       tot.pass, tot.n, tot.n ? 100.0 * tot.pass / tot.n : 0,
	       tot.n && tot.pass * 100 >= 95 * tot.n ? "met" : "NOT met");
	/* exit status 3 lets a test insist on a pass rate */
	return tot.n && 100.0 * tot.pass / tot.n >= min_pass ? 0 : 3;
}

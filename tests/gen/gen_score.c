/* --score: compares what planche kept of each synthetic scan with the truth.
 *
 * Input: OUTDIR/truth.json (written by the generator) and the JSON array
 * `planche query --format json` prints. Each result object is matched to a
 * case by the file name of its "path"; "master" (relative to the collection),
 * "region" ([[x,y] x4]: the master's TL, TR, BR, BL corners in the original's
 * pixels) and "angle" (degrees the cleaner turned the image, CCW positive)
 * are looked for at the object's top level first, then in nested objects.
 *
 * Conventions: the truth's "rotation" is how far the sheet was turned, CCW
 * positive, so a perfect cleaner turns by -rotation: residual skew is
 * |rotation + angle|. Without "angle", the region's top edge gives it. */
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
static JsonNode *
find_member(JsonNode *node, const char *name, int depth)
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
			JsonNode *hit = find_member(json_object_get_member(o, l->data), name, depth + 1);

			if (hit)
				return hit;
		}
	}
	return NULL;
}

static int
read_quad(JsonNode *node, double q[4][2])
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
	return json_object_has_member(o, name) ? json_object_get_double_member(o, name) : 0;
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
	static const char *const names[N_SIDES] = {"top", "right", "bottom", "left"};
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

		if (!json_object_has_member(prof, names[s]))
			continue;
		a = json_object_get_array_member(prof, names[s]);
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

typedef struct {
	int n, found, pass, with_caption;
	double iou_sum, iou_min, skew_max, r_sum, r_min;
	int n_r, strips_left, borders_left;
} Totals;

int
gen_score(const char *truth_dir, const char *results, const char *collection, gboolean verbose,
	  double min_pass)
{
	g_autofree char *truth_path = g_build_filename(truth_dir, "truth.json", NULL);
	g_autofree char *coll = collection ? g_strdup(collection) : g_path_get_dirname(results);
	g_autoptr(JsonParser) tp = json_parser_new();
	g_autoptr(JsonParser) rp = json_parser_new();
	g_autoptr(GError) error = NULL;
	g_autoptr(GHashTable) by_name = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	JsonArray *cases, *res;
	Totals tot = {0};

	tot.iou_min = 1;
	tot.r_min = 1;
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
	for (guint i = 0; i < json_array_get_length(res); i++) {
		JsonNode *item = json_array_get_element(res, i);
		JsonNode *path = find_member(item, "path", 0);

		if (path && JSON_NODE_HOLDS_VALUE(path) && json_node_get_string(path))
			g_hash_table_insert(by_name, g_path_get_basename(json_node_get_string(path)),
					    item);
	}

	printf("%-14s %7s %4s %7s %7s %6s %6s %s\n", "case", "IoU", "vs", "skew", "r", "strip",
	       "border", "result");
	for (guint i = 0; i < json_array_get_length(cases); i++) {
		JsonObject *tc = json_array_get_object_element(cases, i);
		const char *file = json_object_get_string_member(tc, "file");
		JsonNode *item = g_hash_table_lookup(by_name, file);
		JsonNode *angle_n, *master_n;
		double truth_q[4][2], region[4][2], iou, skew, r = NAN, rot = num(tc, "rotation");
		double angle = 0, strip_depth = 0, lettered[4][2], crop[4] = {0, 0, 1, 1};
		gboolean strip_left = FALSE, ok, have_angle, with_caption = FALSE;
		int sides = 0, kept;
		char rtext[16];
		GString *why = g_string_new(NULL);

		tot.n++;
		if (!item || read_quad(find_member(item, "region", 0), region) ||
		    read_quad(json_object_get_member(tc, "content"), truth_q)) {
			printf("%-14s %7s %4s %7s %7s %6s %6s FAIL (%s)\n", file, "-", "-", "-", "-", "-", "-",
			       item ? "no region: not cleaned?" : "not in the results");
			g_string_free(why, TRUE);
			continue;
		}
		tot.found++;
		iou = iou_of((const double(*)[2]) region, (const double(*)[2]) truth_q);
		/* keeping the caption engraved under the plate is as right as
		 * cutting it off: score against whichever the cleaner chose */
		if (read_quad(json_object_get_member(tc, "content_with_caption"), lettered) == 0) {
			double il = iou_of((const double(*)[2]) region, (const double(*)[2]) lettered);

			if (il > iou) {
				double ux[2], uy[2], lx, ly, d[2];

				iou = il;
				with_caption = TRUE;
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
		angle_n = find_member(item, "angle", 0);
		have_angle = angle_n && JSON_NODE_HOLDS_VALUE(angle_n);
		if (have_angle)
			angle = json_node_get_double(angle_n);
		else
			/* the region's top edge, CCW positive on screen, is -angle */
			angle = -atan2(-(region[1][1] - region[0][1]), region[1][0] - region[0][0]) *
				180 / G_PI;
		skew = fabs(rot + angle);

		if (json_object_get_boolean_member(tc, "has_strip")) {
			double top = num(tc, "height") - num(tc, "strip_height");

			for (int k = 0; k < 4; k++)
				strip_depth = MAX(strip_depth, region[k][1] - top);
			/* a few light rows are invisible; the credit text is not */
			strip_left = strip_depth > MAX(2.0, 0.1 * num(tc, "strip_height"));
		}
		kept = border_kept(tc, (const double(*)[2]) region, &sides);

		master_n = find_member(item, "master", 0);
		if (master_n && JSON_NODE_HOLDS_VALUE(master_n) && json_node_get_string(master_n)) {
			const char *m = json_node_get_string(master_n);
			g_autofree char *mpath =
				g_path_is_absolute(m) ? g_strdup(m) : g_build_filename(coll, m, NULL);
			g_autofree char *tpath = g_build_filename(
				truth_dir, json_object_get_string_member(tc, "truth_image"), NULL);
			g_autoptr(GError) cerr = NULL;

			if (g_file_test(tpath, G_FILE_TEST_EXISTS) &&
			    correlation(mpath, tpath, crop, &r, &cerr) != 0) {
				fprintf(stderr, "planche-gen-scans: %s: %s\n", file, cerr->message);
				r = NAN;
			}
		}
		if (!isnan(r)) {
			tot.r_sum += r;
			tot.r_min = MIN(tot.r_min, r);
			tot.n_r++;
		}

		if (isnan(r))
			g_strlcpy(rtext, "-", sizeof rtext);
		else
			g_snprintf(rtext, sizeof rtext, "%.4f", r);
		ok = iou >= 0.97 && skew <= 0.15 && !strip_left && kept == 0;
		if (iou < 0.97)
			g_string_append(why, " IoU");
		if (skew > 0.15)
			g_string_append(why, " skew");
		if (strip_left)
			g_string_append(why, " strip");
		if (kept)
			g_string_append(why, " border");
		tot.pass += ok;
		tot.with_caption += with_caption;
		tot.iou_sum += iou;
		tot.iou_min = MIN(tot.iou_min, iou);
		tot.skew_max = MAX(tot.skew_max, skew);
		tot.strips_left += strip_left;
		tot.borders_left += kept > 0;
		printf("%-14s %7.4f %4s %6.3f° %7s %6s %6s %s%s%s\n", file, iou,
		       with_caption ? "+cap" : "pl", skew, rtext,
		       strip_left ? "left" : (json_object_get_boolean_member(tc, "has_strip") ? "gone"
											   : "-"),
		       kept ? "left" : "ok", ok ? "pass" : "FAIL (", why->str + (ok ? 0 : 1),
		       ok ? "" : ")");
		if (verbose)
			printf("    rotation %.3f° angle %.3f°%s, strip depth kept %.1f px, border "
			       "samples kept %d on %d side(s)\n",
			       rot, angle, have_angle ? "" : " (from region)", strip_depth, kept, sides);
		g_string_free(why, TRUE);
	}
	printf("\ncases %d, scored %d; mean IoU %.4f (min %.4f); max skew %.3f°; "
	       "mean r %.4f (min %.4f, %d masters)\n",
	       tot.n, tot.found, tot.found ? tot.iou_sum / tot.found : 0, tot.iou_min, tot.skew_max,
	       tot.n_r ? tot.r_sum / tot.n_r : 0, tot.n_r ? tot.r_min : 0, tot.n_r);
	printf("strip left on %d, border left on %d; caption kept on %d (IoU vs plate+caption)\n",
	       tot.strips_left, tot.borders_left, tot.with_caption);
	printf("passing (IoU >= 0.97, skew <= 0.15°, no strip or border left): %d/%d = %.1f %% "
	       "(target >= 95 %%: %s)\n",
	       tot.pass, tot.n, tot.n ? 100.0 * tot.pass / tot.n : 0,
	       tot.n && tot.pass * 100 >= 95 * tot.n ? "met" : "NOT met");
	/* exit status 3 lets a test insist on a pass rate */
	return tot.n && 100.0 * tot.pass / tot.n >= min_pass ? 0 : 3;
}

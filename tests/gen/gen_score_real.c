/* --score-real: planche's masters of real scans against their hand-checked
 * expected.json (shared/samples/real/, not in the repository).
 *
 * expected.json: an array, per sample "file", "width", "height" (as stored),
 * "box" [x, y, w, h] (the page: what may be kept), "alt_box" (another box
 * that is also right, or null), "content" [x, y, w, h] (what must never be
 * cut), "upright_rotation" (the quarter turn, clockwise, that makes it
 * upright), "skew_deg" (the content's tilt, counter-clockwise positive, once
 * upright; "Skew unsure" in "notes" when the sample's lines disagree),
 * "near_blank". Boxes are in the file's STORED pixels: EXIF orientation not
 * applied, as planche's "region" is.
 *
 * Per sample:
 *   crop      right when the region lies inside box (or alt_box) and holds
 *             the whole content, each within 1 % of the scan's longer side;
 *   turn      the quarter turn made (from the region) against the expected;
 *   skew      what is left: the expected tilt minus the turn made beyond
 *             the quarter; and, measured on the master's content by
 *             projection profiles, where its lines make that possible;
 *   chroma    C* of the brightest 30 % of the page box, in the master over
 *             in the original (the target: at most 1.1);
 *   contrast  the master's paper-to-ink L* distance over the original's
 *             (ink: the 1st percentile of L* in the content);
 *   blank     for near-blank pages, the paper's L* and C* change (target:
 *             within 4 and 2).
 * Targets: at least 28 of 31 crops right, every turn right, every chroma
 * ratio at most 1.1, every near-blank page untouched. */
#include "gen.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define CHROMA_MAX 1.1
#define BLANK_DL 4.0
#define BLANK_DC 2.0
#define CROPS_MIN_SHARE (28.0 / 31.0)

static double
member_num(JsonObject *o, const char *name, double dflt)
{
	JsonNode *n = json_object_get_member(o, name);

	return n && JSON_NODE_HOLDS_VALUE(n) ? json_node_get_double(n) : dflt;
}

/* [x, y, w, h] as a quad; FALSE when absent or null. */
static gboolean
box_member(JsonObject *o, const char *name, double q[4][2])
{
	JsonNode *n = json_object_get_member(o, name);
	JsonArray *a;
	double x, y, w, h;

	if (!n || !JSON_NODE_HOLDS_ARRAY(n) || json_array_get_length(a = json_node_get_array(n)) != 4)
		return FALSE;
	x = json_array_get_double_element(a, 0), y = json_array_get_double_element(a, 1);
	w = json_array_get_double_element(a, 2), h = json_array_get_double_element(a, 3);
	q[0][0] = x, q[0][1] = y, q[1][0] = x + w, q[1][1] = y;
	q[2][0] = x + w, q[2][1] = y + h, q[3][0] = x, q[3][1] = y + h;
	return TRUE;
}

static int
quarter(double deg)
{
	int q = (int) lround(deg / 90.0) * 90;

	q = ((q % 360) + 360) % 360;
	return q == 270 ? -90 : q;
}

/* The tilt of the master's lines inside poly (master pixels), degrees
 * counter-clockwise, by projection profiles over -3..3 degrees: the angle
 * whose row sums of ink are most uneven. *conf is how much that beats the
 * median angle (0..1); -1 when nothing could be measured. */
static int
measure_skew(VipsImage *master, const double (*poly)[2], double *angle, double *conf)
{
	VipsImage *ctxi = vips_image_new();
	VipsImage **t = (VipsImage **) vips_object_local_array(VIPS_OBJECT(ctxi), 6);
	double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE, k;
	enum { N_ANGLES = 121 };
	double score[N_ANGLES], sorted[N_ANGLES];
	guint8 *px = NULL;
	size_t len;
	int ret = -1, w, h, best = 0;

	*angle = NAN;
	*conf = -1;
	for (int i = 0; i < 4; i++) {
		x0 = MIN(x0, poly[i][0]), x1 = MAX(x1, poly[i][0]);
		y0 = MIN(y0, poly[i][1]), y1 = MAX(y1, poly[i][1]);
	}
	x0 = CLAMP(x0, 0, master->Xsize), x1 = CLAMP(x1, 0, master->Xsize);
	y0 = CLAMP(y0, 0, master->Ysize), y1 = CLAMP(y1, 0, master->Ysize);
	if (x1 - x0 < 32 || y1 - y0 < 32)
		goto out;
	k = MIN(1.0, 1000.0 / MAX(x1 - x0, y1 - y0));
	if (vips_extract_area(master, &t[0], (int) x0, (int) y0, (int) (x1 - x0), (int) (y1 - y0),
			      NULL) ||
	    vips_colourspace(t[0], &t[1], VIPS_INTERPRETATION_B_W, NULL) ||
	    vips_extract_band(t[1], &t[2], 0, NULL) ||
	    vips_resize(t[2], &t[3], k, "kernel", VIPS_KERNEL_LINEAR, NULL) ||
	    vips_cast(t[3], &t[4], VIPS_FORMAT_UCHAR, NULL) ||
	    !(px = vips_image_write_to_memory(t[4], &len))) {
		vips_error_clear();
		goto out;
	}
	w = t[4]->Xsize, h = t[4]->Ysize;
	{
		/* ink: darker than the paper (the 80th percentile) by more than
		 * a third of the way to the darkest */
		guint hist[256] = {0};
		int p80 = 255, p1 = 0, acc = 0, thr;
		gsize n = (gsize) w * h;
		int nb = h + w / 10 + 16; /* rows sheared by up to tan(3 deg) * w */
		double *bins = g_new(double, nb);

		for (gsize i = 0; i < n; i++)
			hist[px[i]]++;
		for (int v = 0; v < 256; v++) {
			acc += hist[v];
			if (acc >= 0.01 * n && p1 == 0)
				p1 = MAX(1, v);
			if (acc >= 0.8 * n) {
				p80 = v;
				break;
			}
		}
		thr = p80 - (p80 - p1) / 3;
		if (p80 - p1 < 20) {
			g_free(bins);
			goto out;
		}
		for (int a = 0; a < N_ANGLES; a++) {
			double tn = tan((-3.0 + 0.05 * a) * G_PI / 180), s = 0;

			memset(bins, 0, sizeof(double) * nb);
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					int v = px[(gsize) y * w + x], b;

					if (v >= thr)
						continue;
					b = (int) lround(y - (x - w / 2.0) * tn) + w / 20 + 8;
					if (b >= 0 && b < nb)
						bins[b] += thr - v;
				}
			for (int b = 0; b < nb; b++)
				s += bins[b] * bins[b];
			score[a] = s;
			sorted[a] = s;
			if (s > score[best])
				best = a;
		}
		g_free(bins);
	}
	/* median of the scores */
	for (int i = 1; i < N_ANGLES; i++)
		for (int j = i; j > 0 && sorted[j - 1] > sorted[j]; j--) {
			double tmp = sorted[j];

			sorted[j] = sorted[j - 1];
			sorted[j - 1] = tmp;
		}
	if (score[best] <= 0)
		goto out;
	*conf = (score[best] - sorted[N_ANGLES / 2]) / score[best];
	/* bins along y - x tan(a) line up ink that rises by tan(a) to the
	 * left: the lines' own counter-clockwise tilt is -a */
	*angle = -(-3.0 + 0.05 * best);
	if (best == 0 || best == N_ANGLES - 1)
		*conf = -1; /* at the end of the range: not measured */
	ret = 0;
out:
	g_free(px);
	g_object_unref(ctxi);
	return ret;
}

/* A measured skew counts when its lines stand out this much from the
 * median angle's: on the 31 samples, measurements above it agree with the
 * expected skew left within about 0.15 degrees but for a newspaper's
 * columns; below it, pictures and curved pages give noise. */
#define SKEW_CONF_MIN 0.25

int
gen_score_real(const char *expected, const char *results, const char *collection,
	       const char *originals, gboolean verbose, gboolean strict)
{
	g_autofree char *coll = collection ? g_strdup(collection) : g_path_get_dirname(results);
	g_autoptr(JsonParser) ep = json_parser_new();
	g_autoptr(JsonParser) rp = json_parser_new();
	g_autoptr(GError) error = NULL;
	g_autoptr(GHashTable) by_name = NULL;
	JsonArray *samples, *res;
	int n = 0, crops = 0, turns = 0, chromas = 0, blanks = 0, n_blank = 0, n_skew = 0;
	double chroma_max = 0, skew_left_max = 0;
	GString *fails = g_string_new(NULL);
	gboolean met;

	if (!json_parser_load_from_file(ep, expected, &error) ||
	    !json_parser_load_from_file(rp, results, &error)) {
		fprintf(stderr, "planche-gen-scans: %s\n", error->message);
		g_string_free(fails, TRUE);
		return 1;
	}
	if (!JSON_NODE_HOLDS_ARRAY(json_parser_get_root(ep)) ||
	    !JSON_NODE_HOLDS_ARRAY(json_parser_get_root(rp))) {
		fprintf(stderr, "planche-gen-scans: %s and %s must both hold a JSON array\n", expected,
			results);
		g_string_free(fails, TRUE);
		return 1;
	}
	samples = json_node_get_array(json_parser_get_root(ep));
	res = json_node_get_array(json_parser_get_root(rp));
	by_name = gen_results_by_name(res);

	printf("%-44s %-30s %-7s %-16s %-18s %-8s %s\n", "sample", "crop", "turn",
	       "skew left", "chroma", "contrast", "near-blank");
	for (guint i = 0; i < json_array_get_length(samples); i++) {
		JsonObject *e = json_array_get_object_element(samples, i);
		const char *file = json_object_get_string_member(e, "file");
		const char *notes = json_object_has_member(e, "notes")
					    ? json_object_get_string_member(e, "notes")
					    : "";
		JsonNode *item = g_hash_table_lookup(by_name, file), *mn, *pn;
		double W = member_num(e, "width", 0), H = member_num(e, "height", 0);
		double tol = 0.01 * MAX(W, H), box[4][2], alt[4][2], content[4][2], region[4][2];
		double skew_exp = member_num(e, "skew_deg", 0), done_cw, applied, left;
		double chroma = NAN, contrast = NAN, dL = NAN, dC = NAN, mskew = NAN, mconf = -1;
		gboolean has_alt, near_blank = json_object_has_member(e, "near_blank") &&
					       json_object_get_boolean_member(e, "near_blank");
		gboolean unsure = strstr(notes, "kew unsure") != NULL, crop_ok, turn_ok, chroma_ok;
		gboolean blank_ok = TRUE;
		int q_exp = quarter(member_num(e, "upright_rotation", 0)), q_done;
		GenCrop cv, cva;
		GenTone ot = {0}, mt = {0};
		char ctext[64], ttext[16], stext[32], chtext[32], cotext[16], btext[32];
		char name[45];

		n++;
		g_snprintf(name, sizeof name, "%s", file);
		if (strlen(file) > 44)
			g_snprintf(name + 41, 4, "...");
		if (near_blank)
			n_blank++;
		if (!box_member(e, "box", box) || !box_member(e, "content", content)) {
			printf("%-44s expected.json gives no box or content\n", name);
			continue;
		}
		has_alt = box_member(e, "alt_box", alt);
		mn = item ? gen_find_member(item, "master", 0) : NULL;
		if (!item || gen_read_quad(gen_find_member(item, "region", 0), region) || !mn ||
		    !JSON_NODE_HOLDS_VALUE(mn) || !json_node_get_string(mn)) {
			printf("%-44s no master (%s)\n", name,
			       item ? "not cleaned?" : "not in the results");
			g_string_append_printf(fails, "  %s: no master\n", file);
			continue;
		}
		gen_crop_verdict((const double(*)[2]) region, (const double(*)[2]) box, 4, W, H,
				 (const double(*)[2]) content, 4, &cv);
		if (has_alt) {
			gen_crop_verdict((const double(*)[2]) region, (const double(*)[2]) alt, 4, W, H,
					 (const double(*)[2]) content, 4, &cva);
			if (cva.out < cv.out)
				cv = cva;
		}
		crop_ok = cv.cut <= tol && cv.out <= tol;
		if (cv.cut > tol)
			g_snprintf(ctext, sizeof ctext, "cuts content by %.0f px (%s)", cv.cut,
				   gen_side_names[cv.cut_side]);
		else if (cv.out > tol)
			g_snprintf(ctext, sizeof ctext, "keeps outside by %.0f px (%s)", cv.out,
				   gen_side_names[cv.out_side]);
		else
			g_strlcpy(ctext, "right", sizeof ctext);

		done_cw = -gen_region_turn((const double(*)[2]) region);
		q_done = quarter(done_cw);
		applied = done_cw - q_done;
		if (applied > 180)
			applied -= 360;
		turn_ok = q_done == q_exp;
		g_snprintf(ttext, sizeof ttext, "%d%s%d", q_exp, turn_ok ? "=" : "!=", q_done);
		left = skew_exp - applied;
		g_snprintf(stext, sizeof stext, "%+.2f°%s", left, unsure ? "?" : "");

		/* tones: the original's page box against the whole master */
		pn = gen_find_member(item, "path", 0);
		{
			const char *m = json_node_get_string(mn), *op = json_node_get_string(pn);
			g_autofree char *mpath =
				g_path_is_absolute(m) ? g_strdup(m) : g_build_filename(coll, m, NULL);
			g_autofree char *opath =
				originals ? g_build_filename(originals, file, NULL)
				: g_path_is_absolute(op) ? g_strdup(op)
							 : g_build_filename(coll, op, NULL);
			g_autoptr(GError) terr = NULL;
			VipsImage *orig = NULL, *master = NULL;

			if ((orig = gen_load(opath, &terr)) && (master = gen_load(mpath, &terr))) {
				double cm[4][2];

				/* the same page box and content in both */
				if (gen_measure_tone_pair(orig, master, (const double(*)[2]) region,
							  (const double(*)[2]) box,
							  (const double(*)[2]) content, cm, &ot, &mt,
							  &terr) == 0) {
					chroma = mt.paper_C / MAX(ot.paper_C, 1.0);
					contrast = (mt.paper_L - mt.ink_L) / MAX(1.0, ot.paper_L - ot.ink_L);
					dL = mt.paper_L - ot.paper_L;
					dC = mt.paper_C - ot.paper_C;
				}
				measure_skew(master, (const double(*)[2]) cm, &mskew, &mconf);
			}
			if (orig)
				g_object_unref(orig);
			if (master)
				g_object_unref(master);
			if (terr)
				fprintf(stderr, "planche-gen-scans: %s: %s\n", file, terr->message);
		}
		if (mconf >= SKEW_CONF_MIN) {
			g_snprintf(stext + strlen(stext), sizeof stext - strlen(stext), " m%+.2f°", mskew);
			n_skew++;
			skew_left_max = MAX(skew_left_max, fabs(mskew));
		}
		chroma_ok = !isnan(chroma) && chroma <= CHROMA_MAX;
		g_snprintf(chtext, sizeof chtext, "%.3f (%.1f->%.1f)", chroma, ot.paper_C, mt.paper_C);
		g_snprintf(cotext, sizeof cotext, "%.2f", contrast);
		if (near_blank) {
			blank_ok = fabs(dL) <= BLANK_DL && fabs(dC) <= BLANK_DC;
			g_snprintf(btext, sizeof btext, "%s dL %+.1f dC %+.1f",
				   blank_ok ? "untouched" : "CHANGED", dL, dC);
			blanks += blank_ok;
		} else
			g_strlcpy(btext, "-", sizeof btext);
		crops += crop_ok;
		turns += turn_ok;
		chromas += chroma_ok;
		if (!isnan(chroma))
			chroma_max = MAX(chroma_max, chroma);
		printf("%-44s %-30s %-7s %-16s %-18s %-8s %s\n", name, ctext, ttext, stext, chtext,
		       cotext, btext);
		if (verbose)
			printf("    region [%.0f,%.0f %.0f,%.0f %.0f,%.0f %.0f,%.0f], turned %.2f° clockwise; "
			       "cut %.1f, outside %.1f px (tolerance %.0f); measured skew %+.2f° "
			       "(confidence %.2f); paper L*/C* %.1f/%.1f -> %.1f/%.1f, ink L* %.1f -> %.1f\n",
			       region[0][0], region[0][1], region[1][0], region[1][1], region[2][0],
			       region[2][1], region[3][0], region[3][1], done_cw, cv.cut, cv.out, tol,
			       mskew, mconf, ot.paper_L, ot.paper_C, mt.paper_L, mt.paper_C, ot.ink_L,
			       mt.ink_L);
		if (!crop_ok || !turn_ok || !chroma_ok || !blank_ok) {
			g_string_append_printf(fails, "  %s:", file);
			if (!crop_ok)
				g_string_append_printf(fails, " crop %s;", ctext);
			if (!turn_ok)
				g_string_append_printf(fails, " turned %d°, not %d°;", q_done, q_exp);
			if (!chroma_ok)
				g_string_append_printf(fails, " paper chroma x%.3f;", chroma);
			if (!blank_ok)
				g_string_append_printf(fails, " near-blank page changed (dL* %+.1f, dC* %+.1f);",
						       dL, dC);
			g_string_append_c(fails, '\n');
		}
	}
	met = crops >= CROPS_MIN_SHARE * n - 1e-9 && turns == n && chromas == n && blanks == n_blank;
	printf("\nsamples %d\n", n);
	printf("crops right %d/%d (target >= %d: %s)\n", crops, n,
	       (int) ceil(CROPS_MIN_SHARE * n - 1e-9),
	       crops >= CROPS_MIN_SHARE * n - 1e-9 ? "met" : "NOT met");
	printf("turns right %d/%d (target: all: %s)\n", turns, n, turns == n ? "met" : "NOT met");
	printf("paper chroma ratio <= %.1f on %d/%d, max %.2f (target: all: %s)\n", CHROMA_MAX,
	       chromas, n, chroma_max, chromas == n ? "met" : "NOT met");
	printf("near-blank pages untouched (|dL*| <= %.0f, |dC*| <= %.0f) %d/%d (target: all: %s)\n",
	       BLANK_DL, BLANK_DC, blanks, n_blank, blanks == n_blank ? "met" : "NOT met");
	printf("skew left measured on %d master(s), at most %.2f°\n", n_skew, skew_left_max);
	printf("targets: %s\n", met ? "all met" : "NOT all met");
	if (fails->len)
		printf("misses:\n%s", fails->str);
	g_string_free(fails, TRUE);
	return strict && !met ? 3 : 0;
}

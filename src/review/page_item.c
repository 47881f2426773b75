/* One image on the review site: the original with the boxes the steps found
 * drawn over it (an SVG in the original's pixels, so the script's drag maths
 * stay in those pixels), the master beside it, the measurements, and the
 * corrections form (a plain form: it saves without JavaScript too). */
#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "corrections/corrections.h"
#include "pipeline/pipeline.h"
#include "review/review-private.h"
#include "util/json.h"
#include "util/util.h"

/* Long side of the images a review page shows: enough to judge a crop on
 * a laptop's screen, small enough to make while the page loads. */
#define VIEW_SIZE 1200

/* The content box shown for dragging: the manual crop, else what trim
 * found, else the master's bounding box, else the whole image. */
static void content_box(const CatalogItem *it, double box[4])
{
	const char *crop = g_hash_table_lookup(it->overrides, "crop");
	double r[4][2], manual[4];
	box[0] = box[1] = 0;
	box[2] = it->width, box[3] = it->height;
	if (crop && pl_correction_parse_crop(crop, manual, NULL) == 0) {
		memcpy(box, manual, sizeof manual);
		return;
	}
	if (rv_step_box(it->last_run, "trim", "box", box))
		return;
	const CatalogRun *run = it->last_run;
	if (run && review_parse_region(run->region, r)) {
		double x0 = r[0][0], y0 = r[0][1], x1 = r[0][0], y1 = r[0][1];
		for (int i = 1; i < 4; i++) {
			x0 = MIN(x0, r[i][0]), y0 = MIN(y0, r[i][1]);
			x1 = MAX(x1, r[i][0]), y1 = MAX(y1, r[i][1]);
		}
		box[0] = x0, box[1] = y0, box[2] = x1 - x0, box[3] = y1 - y0;
	}
}

static void rect(GString *out, const char *cls, const char *id, const double b[4])
{
	g_string_append_printf(out, "<rect class=\"%s\"", cls);
	if (id)
		g_string_append_printf(out, " id=\"%s\"", id);
	g_string_append(out, " x=\"");
	rv_num(out, b[0]);
	g_string_append(out, "\" y=\"");
	rv_num(out, b[1]);
	g_string_append(out, "\" width=\"");
	rv_num(out, MAX(0, b[2]));
	g_string_append(out, "\" height=\"");
	rv_num(out, MAX(0, b[3]));
	g_string_append(out, "\" vector-effect=\"non-scaling-stroke\"/>\n");
}

static void overlay(GString *out, const CatalogItem *it)
{
	const CatalogRun *run = it->last_run;
	double w = it->width, h = it->height, b[4], r[4][2];
	g_string_append(out, "<svg class=\"overlay\" id=\"overlay\" viewBox=\"0 0 ");
	rv_num(out, w);
	g_string_append_c(out, ' ');
	rv_num(out, h);
	g_string_append(out, "\" preserveAspectRatio=\"none\" role=\"group\" "
			     "aria-label=\"Boxes the cleaning steps found\">\n");
	/* The credit strip: below the box banner kept. */
	if (rv_step_box(run, "banner", "box", b) && b[1] + b[3] < h) {
		double strip[4] = { 0, b[1] + b[3], w, h - b[1] - b[3] };
		rect(out, "banner", NULL, strip);
	}
	if (rv_step_box(run, "border", "box", b))
		rect(out, "border", NULL, b);
	if (run && review_parse_region(run->region, r)) {
		g_string_append(out, "<polygon class=\"region\" id=\"region\" points=\"");
		for (int i = 0; i < 4; i++) {
			rv_num(out, r[i][0]);
			g_string_append_c(out, ',');
			rv_num(out, r[i][1]);
			g_string_append_c(out, i < 3 ? ' ' : '"');
		}
		g_string_append(out, " vector-effect=\"non-scaling-stroke\"/>\n");
	}
	content_box(it, b);
	rect(out, "content", "content-box", b);
	/* Keyboard users move it too (the script listens): focusable, labelled. */
	g_string_truncate(out, out->len - 3);
	g_string_append(out, " tabindex=\"0\" role=\"button\" aria-roledescription=\"movable box\" "
			     "aria-label=\"Content box: arrow keys move it, "
			     "Shift with arrow keys resizes it\"/>\n");
	/* Corner handles, sized in the original's pixels; the script moves them. */
	double hs = MAX(w, h) * 0.02;
	static const char *const corners[] = { "nw", "ne", "se", "sw" };
	for (int i = 0; i < 4; i++) {
		double cx = b[0] + (i == 1 || i == 2 ? b[2] : 0);
		double cy = b[1] + (i >= 2 ? b[3] : 0);
		double hb[4] = { cx - hs / 2, cy - hs / 2, hs, hs };
		g_autofree char *cls = g_strdup_printf("handle %s", corners[i]);
		rect(out, cls, NULL, hb);
	}
	g_string_append(out, "</svg>\n");
}

static void json_value(GString *out, JsonNode *n)
{
	if (JSON_NODE_HOLDS_ARRAY(n)) {
		JsonArray *a = json_node_get_array(n);
		for (guint i = 0; i < json_array_get_length(a); i++) {
			if (i)
				g_string_append(out, ", ");
			json_value(out, json_array_get_element(a, i));
		}
	} else if (JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING) {
		rv_text(out, json_node_get_string(n));
	} else if (JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_BOOLEAN) {
		g_string_append(out, json_node_get_boolean(n) ? "yes" : "no");
	} else if (JSON_NODE_HOLDS_VALUE(n)) {
		rv_num(out, json_node_get_double(n));
	}
}

/* "key value" pairs of a step's measurements; the raw text when it is not
 * a JSON object. */
static void measured_text(GString *out, const char *text)
{
	g_autoptr(JsonParser) p = json_parser_new();
	JsonNode *root = NULL;
	if (text && json_parser_load_from_data(p, text, -1, NULL))
		root = json_parser_get_root(p);
	if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
		g_string_append(out, "<code>");
		rv_text(out, text);
		g_string_append(out, "</code>");
		return;
	}
	g_autoptr(GList) members = json_object_get_members(json_node_get_object(root));
	for (GList *l = members; l; l = l->next) {
		g_string_append(out, "<span class=\"m\"><span class=\"k\">");
		rv_text(out, l->data);
		g_string_append(out, "</span> ");
		json_value(out, json_object_get_member(json_node_get_object(root), l->data));
		g_string_append(out, "</span> ");
	}
}

static void measurements(GString *out, const CatalogRun *run)
{
	if (!run)
		return;
	g_string_append(out, "<section class=\"measures\"><h2>Measurements</h2>\n<table>\n"
			     "<thead><tr><th scope=\"col\">Step</th><th scope=\"col\">Done</th>"
			     "<th scope=\"col\">Measured</th></tr></thead>\n<tbody>\n");
	for (guint i = 0; i < run->steps->len; i++) {
		const CatalogStep *s = run->steps->pdata[i];
		g_string_append(out, "<tr><th scope=\"row\">");
		rv_text(out, s->step);
		g_string_append_printf(out, "</th><td>%s</td><td>", s->applied ? "yes" : "no");
		measured_text(out, s->measured);
		g_string_append(out, "</td></tr>\n");
	}
	g_string_append(out, "</tbody>\n</table></section>\n");
}

static void text_field(GString *out, const char *name, const char *label, const char *value,
		       const char *placeholder, const char *hint)
{
	g_string_append_printf(out, "<p><label for=\"%s\">%s</label> <input type=\"text\" id=\"%s\" "
				    "name=\"%s\" value=\"", name, label, name, name);
	rv_text(out, value);
	g_string_append(out, "\" placeholder=\"");
	rv_text(out, placeholder);
	g_string_append_printf(out, "\" autocomplete=\"off\" aria-describedby=\"%s-hint\">"
				    " <span class=\"hint\" id=\"%s-hint\">%s</span></p>\n",
			       name, name, hint);
}

static double measured_angle(const CatalogItem *it)
{
	return it->last_run ? it->last_run->angle : 0;
}

static void corrections(GString *out, const ReviewSet *set, const CatalogItem *it,
			const char *token)
{
	GHashTable *ov = it->overrides;
	double b[4];
	GString *ph = g_string_new(NULL);
	g_string_append_printf(out, "<form id=\"corrections\" method=\"post\" action=\"/item/%"
				    G_GINT64_FORMAT "\">\n<h2>Corrections</h2>\n"
				    "<input type=\"hidden\" name=\"token\" value=\"", it->id);
	rv_text(out, token);
	g_string_append(out, "\">\n");
	content_box(it, b);
	for (int i = 0; i < 4; i++) {
		if (i)
			g_string_append_c(ph, ',');
		rv_num(ph, floor(b[i] + 0.5));
	}
	text_field(out, "crop", "Content box X,Y,W,H", g_hash_table_lookup(ov, "crop"), ph->str,
		   "in the original's pixels; drag the box on the original; empty: trim decides");
	g_string_truncate(ph, 0);
	rv_num(ph, measured_angle(it));
	text_field(out, "angle", "Angle (degrees, counter-clockwise)", g_hash_table_lookup(ov, "angle"),
		   ph->str, "empty: deskew measures it");
	g_string_append(out, "<p class=\"nudges\"><button type=\"button\" data-nudge=\"-0.5\">−0.5°</button>"
			     " <button type=\"button\" data-nudge=\"-0.1\">−0.1°</button>"
			     " <button type=\"button\" data-nudge=\"0.1\">+0.1°</button>"
			     " <button type=\"button\" data-nudge=\"0.5\">+0.5°</button></p>\n");
	text_field(out, "rotate", "Quarter turn (0, 90, 180, 270 degrees clockwise)",
		   g_hash_table_lookup(ov, "rotate"), "",
		   "after the EXIF orientation; 0 keeps the page unturned; empty: orient decides");
	text_field(out, "levels", "Levels BLACK,WHITE", g_hash_table_lookup(ov, "levels"), "",
		   "0–255; empty: from the image");

	/* One box per step of the last run (output always runs). */
	g_autofree char *skip = g_strdup(g_hash_table_lookup(ov, "skip"));
	g_auto(GStrv) skipped = g_strsplit(skip ? skip : "", ",", -1);
	g_string_append(out, "<fieldset class=\"skip\"><legend>Switch steps off for this image</legend>"
			     "<input type=\"hidden\" name=\"skipform\" value=\"1\">\n");
	for (guint i = 0; it->last_run && i < it->last_run->steps->len; i++) {
		const CatalogStep *s = it->last_run->steps->pdata[i];
		if (!g_strcmp0(s->step, "output") || !s->step)
			continue;
		g_string_append(out, "<label><input type=\"checkbox\" name=\"skip.");
		rv_text(out, s->step);
		g_string_append_printf(out, "\"%s> ", g_strv_contains((const char *const *)skipped, s->step) ? " checked" : "");
		rv_text(out, s->step);
		g_string_append(out, "</label>\n");
	}
	g_string_append(out, "</fieldset>\n<p><label for=\"pipeline\">Pipeline</label> "
			     "<select id=\"pipeline\" name=\"pipeline\"><option value=\"\">");
	g_string_append(out, "collection's default (");
	rv_text(out, set->default_pipeline);
	g_string_append(out, ")</option>");
	g_autoptr(GPtrArray) list = pl_pipeline_list(set->c->root);
	for (guint i = 0; list && i < list->len; i++) {
		const PlPipelineInfo *pi = list->pdata[i];
		g_string_append(out, "<option value=\"");
		rv_text(out, pi->name);
		g_string_append_printf(out, "\"%s>", !g_strcmp0(pi->name, it->pipeline) ? " selected" : "");
		rv_text(out, pi->name);
		g_string_append(out, "</option>");
	}
	g_string_append(out, "</select></p>\n<p><input type=\"hidden\" name=\"reviewed\" value=\"no\">"
			     "<label><input type=\"checkbox\" id=\"reviewed\" name=\"reviewed\" value=\"yes\"");
	if (!g_strcmp0(g_hash_table_lookup(ov, "reviewed"), "yes"))
		g_string_append(out, " checked");
	g_string_append(out, "> Reviewed</label></p>\n"
			     "<p><button type=\"submit\" id=\"save\">Save and clean again</button> "
			     "<output id=\"status\" role=\"status\"></output></p>\n</form>\n");
	g_string_free(ph, TRUE);
}

static void reasons(GString *out, const ReviewDoubt *d)
{
	g_string_append(out, "<ul class=\"reasons\" id=\"reasons\">");
	for (guint i = 0; i < d->reasons->len; i++) {
		g_string_append(out, "<li>");
		rv_text(out, d->reasons->pdata[i]);
		g_string_append(out, "</li>");
	}
	g_string_append(out, "</ul>\n");
}

static void nav_link(GString *out, const ReviewSet *set, int i, const char *rel, const char *label)
{
	if (i < 0 || i >= (int)set->entries->len)
		return;
	const ReviewEntry *e = set->entries->pdata[i];
	g_string_append_printf(out, " · <a rel=\"%s\" href=\"/item/%" G_GINT64_FORMAT "\">%s</a>",
			       rel, e->item->id, label);
}

/* The review set and where image id stands in it, or -1 with a message. */
static int load_entry(gint64 id, ReviewSet **set, GError **error)
{
	if (review_set_load(set, error) != 0)
		return -1;
	int i = review_set_find(*set, id);
	if (i < 0)
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "no image with id %" G_GINT64_FORMAT, id);
	return i;
}

int review_page_item(gint64 id, const char *token, const char *notice, GString *out,
		     GError **error)
{
	g_autoptr(ReviewSet) set = NULL;
	int i = load_entry(id, &set, error);
	if (i < 0)
		return -1;
	const ReviewEntry *e = set->entries->pdata[i];
	const CatalogItem *it = e->item;
	const CatalogRun *run = it->last_run;
	g_autofree char *title = g_strdup_printf("#%" G_GINT64_FORMAT " %s", it->id,
						 it->title ? it->title : it->path);
	rv_head(out, title, token);
	g_string_append(out, "<header><p class=\"crumbs\"><a href=\"/\">All images</a>");
	nav_link(out, set, i - 1, "prev", "previous");
	nav_link(out, set, i + 1, "next", "next");
	g_string_append(out, "</p><h1>");
	rv_text(out, title);
	g_string_append(out, "</h1>\n<p class=\"path\">");
	rv_text(out, it->path);
	g_string_append(out, "</p></header>\n<main class=\"item\" id=\"item\" data-id=\"");
	g_string_append_printf(out, "%" G_GINT64_FORMAT "\">\n", it->id);
	if (notice) {
		g_string_append(out, "<p class=\"notice\" role=\"status\">");
		rv_text(out, notice);
		g_string_append(out, "</p>\n");
	}
	reasons(out, e->doubt);
	g_string_append(out, "<div class=\"pair\">\n<figure class=\"original\"><div class=\"stage\">");
	if (!(g_strcmp0(it->status, "failed") == 0)) {
		g_autofree char *src = rv_image_url(it, "original", VIEW_SIZE);
		g_string_append(out, "<img id=\"original\" src=\"");
		rv_text(out, src);
		g_string_append(out, "\" alt=\"The original\">\n");
		overlay(out, it);
	}
	g_string_append_printf(out, "</div><figcaption>Original, %d × %d px. "
				    "<span class=\"key banner\">credit strip cut</span> "
				    "<span class=\"key border\">border box</span> "
				    "<span class=\"key content\">content box</span> "
				    "<span class=\"key region\">master</span> · angle <span id=\"angle-shown\">",
			       it->width, it->height);
	rv_num(out, measured_angle(it));
	g_string_append(out, "</span>°</figcaption></figure>\n<figure class=\"master\">");
	if (run && run->master_path && !g_strcmp0(run->status, "done")) {
		g_autofree char *src = rv_image_url(it, "master", VIEW_SIZE);
		g_string_append(out, "<img id=\"master\" src=\"");
		rv_text(out, src);
		g_string_append_printf(out, "\" alt=\"The cleaned master\">"
					    "<figcaption>Master, <span id=\"master-size\">%d × %d</span> px, ",
				       run->master_width, run->master_height);
		rv_text(out, run->pipeline);
		g_string_append(out, "</figcaption>");
	} else {
		g_string_append(out, "<figcaption>No master: ");
		rv_text(out, run ? run->error : "not cleaned yet");
		g_string_append(out, "</figcaption>");
	}
	g_string_append(out, "</figure>\n</div>\n");
	corrections(out, set, it, token);
	measurements(out, run);
	g_string_append(out, "</main>\n");
	rv_foot(out);
	return 0;
}

/* A number as the pages show it (rv_num: at most 2 decimals). */
static void json_num2(PlJson *j, double v)
{
	g_autoptr(GString) shown = g_string_new(NULL);
	rv_num(shown, v);
	pl_json_double(j, g_ascii_strtod(shown->str, NULL));
}

int review_item_json(gint64 id, GString *out, GError **error)
{
	g_autoptr(ReviewSet) set = NULL;
	int i = load_entry(id, &set, error);
	if (i < 0)
		return -1;
	const ReviewEntry *e = set->entries->pdata[i];
	const CatalogItem *it = e->item;
	const CatalogRun *run = it->last_run;
	gboolean done = run && !g_strcmp0(run->status, "done");
	double b[4];
	PlJson j;
	pl_json_init(&j);
	pl_json_key_int(&j, "id", it->id);
	pl_json_key_text(&j, "status", it->status);
	pl_json_key_text(&j, "verdict", e->doubt->verdict == REVIEW_FAILED     ? "failed"
				      : e->doubt->verdict == REVIEW_DOUBTFUL ? "doubtful"
									     : "fine");
	pl_json_key_bool(&j, "reviewed", e->doubt->reviewed);
	pl_json_key(&j, "reasons");
	pl_json_begin_array(&j);
	for (guint k = 0; k < e->doubt->reasons->len; k++)
		pl_json_str(&j, e->doubt->reasons->pdata[k]);
	pl_json_end_array(&j);
	pl_json_key_str(&j, "error", run ? run->error : NULL);
	pl_json_key(&j, "master");
	if (done && run->master_path) {
		g_autofree char *src = rv_image_url(it, "master", VIEW_SIZE);
		pl_json_begin_object(&j);
		pl_json_key_text(&j, "url", src);
		pl_json_key_int(&j, "width", run->master_width);
		pl_json_key_int(&j, "height", run->master_height);
		pl_json_end_object(&j);
	} else {
		pl_json_null(&j);
	}
	pl_json_key(&j, "region");
	pl_json_parsed(&j, done ? run->region : NULL);
	pl_json_key(&j, "angle");
	json_num2(&j, measured_angle(it));
	content_box(it, b);
	pl_json_key(&j, "content");
	pl_json_begin_array(&j);
	for (int k = 0; k < 4; k++)
		json_num2(&j, b[k]);
	pl_json_end_array(&j);
	pl_json_key(&j, "overrides");
	pl_json_begin_object(&j);
	g_autoptr(GList) keys = g_list_sort(g_hash_table_get_keys(it->overrides), (GCompareFunc)strcmp);
	for (GList *l = keys; l; l = l->next)
		pl_json_key_text(&j, l->data, g_hash_table_lookup(it->overrides, l->data));
	pl_json_end_object(&j);
	pl_json_key_str(&j, "pipeline", it->pipeline);
	g_autofree char *text = pl_json_finish(&j);
	g_string_append(out, text);
	g_string_append_c(out, '\n');
	return 0;
}

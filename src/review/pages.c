/* The review site's list page and what every page shares: the judged set of
 * images, escaping, head and foot. Pages read the catalogue read-only and
 * work without JavaScript; the script only adds dragging and saving in place. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "collection/config.h"
#include "review/review-private.h"
#include "util/util.h"

static void entry_free(ReviewEntry *e)
{
	catalog_item_free(e->item);
	review_doubt_free(e->doubt);
	g_free(e);
}

void review_set_free(ReviewSet *set)
{
	if (!set)
		return;
	if (set->entries)
		g_ptr_array_unref(set->entries);
	collection_close(set->c);
	g_free(set->default_pipeline);
	g_free(set);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int cmp_entry(gconstpointer a, gconstpointer b)
{
	const ReviewEntry *x = *(ReviewEntry *const *)a, *y = *(ReviewEntry *const *)b;
	int rx = review_doubt_rank(x->doubt), ry = review_doubt_rank(y->doubt);
	if (rx != ry)
		return rx - ry;
	return (x->item->id > y->item->id) - (x->item->id < y->item->id);
}

int review_set_load(ReviewSet **out, GError **error)
{
	g_autoptr(ReviewSet) set = g_new0(ReviewSet, 1);
	g_autoptr(PlConfig) cfg = NULL;
	ReviewRules rules;
	if (collection_open(CATALOG_READONLY, &set->c, error) != 0 ||
	    pl_config_load(set->c->root, &cfg, error) != 0)
		return -1;
	set->default_pipeline = g_strdup(cfg->pipeline);
	set->entries = g_ptr_array_new_with_free_func((GDestroyNotify)entry_free);
	g_autoptr(GArray) ids = catalog_item_ids(set->c->cat);
	g_autoptr(GArray) shares = g_array_new(FALSE, FALSE, sizeof(double));
	for (guint i = 0; i < ids->len; i++) {
		ReviewEntry *e = g_new0(ReviewEntry, 1);
		if (catalog_item_load(set->c->cat, g_array_index(ids, gint64, i), &e->item, error)) {
			g_free(e);
			return -1;
		}
		g_ptr_array_add(set->entries, e);
		double s = review_removed_share(e->item);
		if (s >= 0 && !g_hash_table_contains(e->item->overrides, "crop"))
			g_array_append_val(shares, s);
	}
	/* "Unusual" is against the batch: a median needs a few images. With
	 * four, one odd crop cannot be the median itself. */
	const guint median_min_images = 4;
	set->median_removed = -1;
	if (shares->len >= median_min_images) {
		qsort(shares->data, shares->len, sizeof(double), cmp_double);
		set->median_removed = g_array_index(shares, double, shares->len / 2);
	}
	review_rules_default(&rules);
	for (guint i = 0; i < set->entries->len; i++) {
		ReviewEntry *e = set->entries->pdata[i];
		e->doubt = review_doubt_new(e->item, set->median_removed, &rules);
	}
	g_ptr_array_sort(set->entries, cmp_entry);
	*out = g_steal_pointer(&set);
	return 0;
}

int review_set_find(const ReviewSet *set, gint64 id)
{
	for (guint i = 0; i < set->entries->len; i++)
		if (((ReviewEntry *)set->entries->pdata[i])->item->id == id)
			return (int)i;
	return -1;
}

void rv_text(GString *out, const char *s)
{
	g_autofree char *e = pl_html_escape(s);
	g_string_append(out, e);
}

void rv_num(GString *out, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	if (!isfinite(v))
		v = 0;
	g_ascii_formatd(buf, sizeof buf, "%.2f", v);
	/* Short: "12" rather than "12.00". */
	char *dot = strchr(buf, '.');
	if (dot) {
		char *end = buf + strlen(buf) - 1;
		while (end > dot && *end == '0')
			*end-- = '\0';
		if (end == dot)
			*end = '\0';
	}
	if (strcmp(buf, "-0") == 0)
		strcpy(buf, "0");
	g_string_append(out, buf);
}

void rv_head(GString *out, const char *title, const char *token)
{
	g_string_append(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
			     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			     "<meta name=\"referrer\" content=\"no-referrer\">\n<title>");
	rv_text(out, title);
	g_string_append(out, " — planche review</title>\n<meta name=\"review-token\" content=\"");
	rv_text(out, token);
	g_string_append(out, "\">\n<link rel=\"icon\" href=\"/assets/icon.svg\" type=\"image/svg+xml\">\n"
			     "<link rel=\"stylesheet\" href=\"/assets/review.css\">\n"
			     "<script src=\"/assets/review.js\" defer></script>\n</head>\n<body>\n");
}

void rv_foot(GString *out)
{
	g_string_append(out, "</body>\n</html>\n");
}

gboolean rv_step_box(const CatalogRun *run, const char *step, const char *key, double box[4])
{
	for (guint i = 0; run && i < run->steps->len; i++) {
		const CatalogStep *s = run->steps->pdata[i];
		if (g_strcmp0(s->step, step) != 0 || !s->measured)
			continue;
		g_autoptr(JsonParser) p = json_parser_new();
		if (!json_parser_load_from_data(p, s->measured, -1, NULL))
			return FALSE;
		JsonNode *root = json_parser_get_root(p);
		if (!root || !JSON_NODE_HOLDS_OBJECT(root))
			return FALSE;
		JsonNode *n = json_object_get_member(json_node_get_object(root), key);
		if (!n || !JSON_NODE_HOLDS_ARRAY(n) || json_array_get_length(json_node_get_array(n)) != 4)
			return FALSE;
		for (guint k = 0; k < 4; k++) {
			JsonNode *v = json_array_get_element(json_node_get_array(n), k);
			if (!JSON_NODE_HOLDS_VALUE(v) || json_node_get_value_type(v) == G_TYPE_STRING)
				return FALSE;
			box[k] = json_node_get_double(v);
		}
		return box[2] > 0 && box[3] > 0;
	}
	return FALSE;
}

char *rv_image_url(const CatalogItem *item, const char *kind, int size)
{
	const char *version = item->sha256 ? item->sha256 : "0";
	if (strcmp(kind, "master") == 0 && item->last_run && item->last_run->master_sha256)
		version = item->last_run->master_sha256;
	return g_strdup_printf("/img/%" G_GINT64_FORMAT "/%s?size=%d&v=%.12s", item->id, kind,
			       size, version);
}

static gboolean shown(const ReviewEntry *e, const ReviewFilter *f)
{
	const char *pipe = e->item->last_run ? e->item->last_run->pipeline : e->item->pipeline;
	if (f->pipeline && *f->pipeline && g_strcmp0(pipe, f->pipeline) != 0)
		return FALSE;
	if (!g_strcmp0(f->show, "doubtful"))
		return e->doubt->verdict != REVIEW_OK && !e->doubt->reviewed;
	if (!g_strcmp0(f->show, "failed"))
		return e->doubt->verdict == REVIEW_FAILED;
	if (!g_strcmp0(f->show, "unreviewed"))
		return !e->doubt->reviewed;
	return TRUE;
}

static void filter_link(GString *out, const ReviewFilter *f, const char *show, const char *label,
			int count)
{
	gboolean current = g_strcmp0(f->show, show) == 0;
	g_string_append_printf(out, "<li><a href=\"/?show=%s", show);
	if (f->pipeline && *f->pipeline) {
		g_autofree char *p = g_uri_escape_string(f->pipeline, NULL, FALSE);
		g_string_append(out, "&amp;pipeline=");
		rv_text(out, p);
	}
	g_string_append_printf(out, "\"%s>%s <span class=\"count\">%d</span></a></li>",
			       current ? " aria-current=\"page\"" : "", label, count);
}

static const char *verdict_class(const ReviewDoubt *d)
{
	if (d->reviewed)
		return "reviewed";
	return d->verdict == REVIEW_FAILED ? "failed" : d->verdict == REVIEW_DOUBTFUL ? "doubtful" : "fine";
}

static const char *verdict_label(const ReviewDoubt *d)
{
	if (d->reviewed)
		return "reviewed";
	return d->verdict == REVIEW_FAILED ? "failed" : d->verdict == REVIEW_DOUBTFUL ? "doubtful" : "looks right";
}

static void list_row(GString *out, const ReviewEntry *e)
{
	const CatalogItem *it = e->item;
	const CatalogRun *run = it->last_run;
	gboolean master = run && run->master_path && !g_strcmp0(run->status, "done");
	g_autofree char *thumb = rv_image_url(it, master ? "master" : "original", 160);
	g_string_append_printf(out, "<tr class=\"%s\" data-id=\"%" G_GINT64_FORMAT "\">\n",
			       verdict_class(e->doubt), it->id);
	g_string_append_printf(out, "<td class=\"thumb\"><a href=\"/item/%" G_GINT64_FORMAT "\">",
			       it->id);
	if (!(g_strcmp0(it->status, "failed") == 0)) {
		g_string_append(out, "<img src=\"");
		rv_text(out, thumb);
		g_string_append_printf(out, "\" alt=\"#%" G_GINT64_FORMAT "\" loading=\"lazy\">", it->id);
	} else {
		g_string_append(out, "(unreadable)");
	}
	g_string_append(out, "</a></td>\n");
	g_string_append_printf(out, "<td><a href=\"/item/%" G_GINT64_FORMAT "\">#%" G_GINT64_FORMAT
				    " ", it->id, it->id);
	rv_text(out, it->title ? it->title : it->path);
	g_string_append(out, "</a><div class=\"path\">");
	rv_text(out, it->path);
	g_string_append(out, "</div></td>\n<td>");
	rv_text(out, run ? run->pipeline : it->pipeline);
	g_string_append_printf(out, "</td>\n<td><span class=\"badge %s\">%s</span>",
			       verdict_class(e->doubt), verdict_label(e->doubt));
	if (g_hash_table_size(it->overrides) > (g_hash_table_contains(it->overrides, "reviewed") ? 1u : 0u))
		g_string_append(out, " <span class=\"badge manual\">corrected</span>");
	g_string_append(out, "</td>\n<td><ul class=\"reasons\">");
	for (guint i = 0; i < e->doubt->reasons->len; i++) {
		g_string_append(out, "<li>");
		rv_text(out, e->doubt->reasons->pdata[i]);
		g_string_append(out, "</li>");
	}
	g_string_append(out, "</ul></td>\n</tr>\n");
}

int review_page_list(const ReviewFilter *f, const char *token, GString *out, GError **error)
{
	g_autoptr(ReviewSet) set = NULL;
	if (review_set_load(&set, error) != 0)
		return -1;
	int n_doubt = 0, n_failed = 0, n_unreviewed = 0, n_all = 0;
	g_autoptr(GHashTable) pipelines = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < set->entries->len; i++) {
		const ReviewEntry *e = set->entries->pdata[i];
		const char *pipe = e->item->last_run ? e->item->last_run->pipeline : e->item->pipeline;
		if (pipe)
			g_hash_table_add(pipelines, (gpointer)pipe);
		ReviewFilter any = { .show = "all", .pipeline = f->pipeline };
		if (!shown(e, &any))
			continue;
		n_all++;
		n_doubt += e->doubt->verdict != REVIEW_OK && !e->doubt->reviewed;
		n_failed += e->doubt->verdict == REVIEW_FAILED;
		n_unreviewed += !e->doubt->reviewed;
	}
	rv_head(out, "Review", token);
	g_string_append(out, "<header><h1>Review</h1><p class=\"note\">For the archivist only: "
			     "served on this computer, never published.</p></header>\n<main>\n"
			     "<nav aria-label=\"Filters\"><ul class=\"filters\">");
	filter_link(out, f, "doubtful", "Doubtful", n_doubt);
	filter_link(out, f, "failed", "Failed", n_failed);
	filter_link(out, f, "unreviewed", "Not reviewed", n_unreviewed);
	filter_link(out, f, "all", "All", n_all);
	g_string_append(out, "</ul>\n<form method=\"get\" action=\"/\" class=\"pipeline-filter\">"
			     "<input type=\"hidden\" name=\"show\" value=\"");
	rv_text(out, f->show);
	g_string_append(out, "\"><label>Pipeline <select name=\"pipeline\"><option value=\"\">any</option>");
	g_autoptr(GList) names = g_list_sort(g_hash_table_get_keys(pipelines), (GCompareFunc)strcmp);
	for (GList *l = names; l; l = l->next) {
		g_string_append(out, "<option");
		if (!g_strcmp0(f->pipeline, l->data))
			g_string_append(out, " selected");
		g_string_append(out, ">");
		rv_text(out, l->data);
		g_string_append(out, "</option>");
	}
	g_string_append(out, "</select></label> <button type=\"submit\">Filter</button></form></nav>\n");

	g_string_append(out, "<table class=\"list\">\n<thead><tr><th scope=\"col\">Master</th>"
			     "<th scope=\"col\">Image</th><th scope=\"col\">Pipeline</th>"
			     "<th scope=\"col\">Verdict</th><th scope=\"col\">Why</th></tr></thead>\n<tbody>\n");
	int rows = 0;
	for (guint i = 0; i < set->entries->len; i++) {
		const ReviewEntry *e = set->entries->pdata[i];
		if (shown(e, f)) {
			list_row(out, e);
			rows++;
		}
	}
	g_string_append(out, "</tbody>\n</table>\n");
	if (!rows)
		g_string_append(out, "<p class=\"empty\">Nothing here.</p>\n");
	g_string_append(out, "</main>\n");
	rv_foot(out);
	return 0;
}

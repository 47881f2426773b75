/* The search page and its index: search/index.json, and the same JSON as
 * search/index.js so that it loads from file:// too (fetch() cannot). */
#include "gallery/site.h"

#include <string.h>

#include "util/json.h"
#include "util/util.h"

static char *index_json(GalSite *site)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "version");
	json_builder_add_int_value(b, 1);
	json_builder_set_member_name(b, "items");
	json_builder_begin_array(b);
	for (guint i = 0; i < site->items->len; i++) {
		GalItem *it = site->items->pdata[i];
		CatalogItem *ci = it->ci;
		json_builder_begin_object(b);
		pl_json_member_text(b, "id", it->id);
		pl_json_member_text(b, "title", it->title);
		pl_json_member_text(b, "creator", ci->creator);
		pl_json_member_text(b, "date", ci->date);
		pl_json_member_text(b, "document", ci->document_title);
		json_builder_set_member_name(b, "tags");
		json_builder_begin_array(b);
		for (guint t = 0; ci->tags && t < ci->tags->len; t++) {
			g_autofree char *v = pl_xml_text(ci->tags->pdata[t]);
			json_builder_add_string_value(b, v);
		}
		json_builder_end_array(b);
		json_builder_set_member_name(b, "ids");
		json_builder_begin_array(b);
		for (guint k = 0; ci->identifiers && k < ci->identifiers->len; k++) {
			const PlIdentifier *pid = ci->identifiers->pdata[k];
			const char *forms[] = {pid->value, pid->local_id, pid->url};
			for (int f = 0; f < 3; f++)
				if (forms[f] && *forms[f]) {
					g_autofree char *v = pl_xml_text(forms[f]);
					json_builder_add_string_value(b, v);
				}
		}
		json_builder_end_array(b);
		json_builder_set_member_name(b, "years");
		json_builder_begin_array(b);
		json_builder_add_int_value(b, ci->year_min);
		json_builder_add_int_value(b, ci->year_max);
		json_builder_end_array(b);
		g_autofree char *thumb = g_strdup_printf("media/%s/%d.jpg", it->id, it->sizes[0]);
		pl_json_member_text(b, "thumb", thumb);
		json_builder_set_member_name(b, "w");
		json_builder_add_int_value(b, it->sizes[0]);
		json_builder_set_member_name(b, "h");
		json_builder_add_int_value(b, it->w > 0 ? (int)((double)it->h * it->sizes[0] / it->w + 0.5) : it->sizes[0]);
		pl_json_member_text(b, "alt", it->alt);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
	return gal_json_string(b, FALSE);
}

int gal_write_search(GalSite *site, GError **error)
{
	g_autofree char *json = index_json(site);
	if (gal_out_write(site->out, "search/index.json", json, strlen(json), error))
		return -1;
	g_autofree char *safe = gal_json_for_html(json);
	g_autofree char *js = g_strdup_printf("window.plancheIndex = %s;\n", safe);
	if (gal_out_write(site->out, "search/index.js", js, strlen(js), error))
		return -1;

	GalPage page = {.title = _("Search"), .depth = 1, .canonical = "search/index.html",
			.body_class = "search", .search = TRUE};
	g_autoptr(GString) out = g_string_new(NULL);
	gal_page_begin(site, out, &page);
	g_string_append(out, "<h1>");
	gal_esc(out, _("Search"));
	g_string_append(out, "</h1>\n<form class=\"search-box\" role=\"search\" action=\"index.html\" method=\"get\" id=\"search-form\"><label for=\"q\">");
	gal_esc(out, _("Titles, creators, tags, identifiers (ARK), dates"));
	g_string_append(out, "</label> <input id=\"q\" type=\"search\" name=\"q\" autocomplete=\"off\"> <button type=\"submit\">");
	gal_esc(out, _("Find"));
	g_string_append(out, "</button></form>\n<p id=\"search-status\" class=\"count\" role=\"status\" aria-live=\"polite\"></p>\n"
			     "<ul id=\"search-results\" class=\"grid\"></ul>\n<noscript><p>");
	gal_esc(out, _("Search needs JavaScript. Every image can also be found through the browse pages:"));
	g_string_append(out, " <a href=\"../browse/index.html\">");
	gal_esc(out, _("All images"));
	g_string_append(out, "</a>");
	for (int k = 0; k < GAL_N_KINDS; k++) {
		g_string_append_printf(out, ", <a href=\"../%s/index.html\">", gal_kind_dir((GalKind)k));
		gal_esc(out, gal_kind_title((GalKind)k));
		g_string_append(out, "</a>");
	}
	g_string_append(out, ".</p></noscript>\n");
	/* Strings for the script, translated here. */
	g_string_append(out, "<template id=\"search-text\" data-none=\"");
	gal_esc(out, _("No image matches."));
	g_string_append(out, "\" data-one=\"");
	gal_esc(out, _("1 image matches."));
	g_string_append(out, "\" data-many=\"");
	gal_esc(out, _("%d images match."));
	g_string_append(out, "\"></template>\n");
	gal_page_end(site, out, &page);
	return gal_out_write_string(site->out, "search/index.html", out, error);
}

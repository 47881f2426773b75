/* The home page: title, the collection's introduction (Markdown), latest
 * additions, and the ways to browse. */
#include "gallery/site.h"

#include <string.h>

#include "util/util.h"

#define LATEST 12

static int cmp_added_desc(gconstpointer a, gconstpointer b)
{
	const GalItem *x = *(GalItem *const *)a, *y = *(GalItem *const *)b;
	int c = g_strcmp0(y->ci->added_at, x->ci->added_at);
	if (c)
		return c;
	return y->ci->id < x->ci->id ? -1 : y->ci->id > x->ci->id;
}

GPtrArray *gal_latest(GalSite *site, guint n)
{
	GPtrArray *sorted = g_ptr_array_new();
	for (guint i = 0; i < site->items->len; i++)
		g_ptr_array_add(sorted, site->items->pdata[i]);
	g_ptr_array_sort(sorted, cmp_added_desc);
	if (sorted->len > n)
		g_ptr_array_set_size(sorted, n);
	return sorted;
}

static char *read_intro(GalSite *site)
{
	const char *name = site->cfg->introduction;
	if (!name || !*name)
		return NULL;
	g_autofree char *path = g_path_is_absolute(name) ? g_strdup(name)
							   : g_build_filename(site->opt->root, name, NULL);
	char *text = NULL;
	g_autoptr(GError) err = NULL;
	gsize len = 0;
	if (!g_file_get_contents(path, &text, &len, &err) ||
	    pl_utf8_check_text(text, (gssize)len, path, &err)) {
		g_printerr("planche: warning: introduction %s\n", err->message);
		g_free(text);
		return NULL;
	}
	return text;
}

int gal_write_home(GalSite *site, GError **error)
{
	g_autofree char *intro = read_intro(site);
	GalPage page = {.title = NULL, .depth = 0, .canonical = "", .body_class = "home"};
	g_autoptr(GString) head = g_string_new(NULL);
	g_string_append(head, "<meta property=\"og:type\" content=\"website\">\n<meta property=\"og:title\" content=\"");
	gal_esc(head, site->cfg->title);
	g_string_append(head, "\">\n");
	page.head_extra = head;
	g_autoptr(GString) out = g_string_new(NULL);
	gal_page_begin(site, out, &page);
	g_string_append(out, "<h1>");
	gal_esc(out, site->cfg->title);
	g_string_append(out, "</h1>\n");
	if (intro) {
		g_autofree char *html = gal_markdown_to_html(intro);
		g_string_append_printf(out, "<div class=\"intro\">\n%s</div>\n", html);
	}
	g_string_append(out, "<form class=\"search-box\" role=\"search\" action=\"search/index.html\" method=\"get\">"
			     "<label for=\"home-q\">");
	gal_esc(out, _("Search the collection"));
	g_string_append(out, "</label> <input id=\"home-q\" type=\"search\" name=\"q\"> <button type=\"submit\">");
	gal_esc(out, _("Find"));
	g_string_append(out, "</button></form>\n");

	g_string_append(out, "<section aria-labelledby=\"latest\">\n<h2 id=\"latest\">");
	gal_esc(out, _("Latest additions"));
	g_string_append(out, "</h2>\n");
	g_autoptr(GPtrArray) latest = gal_latest(site, LATEST);
	if (latest->len)
		gal_grid(site, out, (GalItem **)latest->pdata, (int)latest->len, 0);
	else {
		g_string_append(out, "<p>");
		gal_esc(out, _("Nothing here yet."));
		g_string_append(out, "</p>\n");
	}
	g_string_append(out, "</section>\n<section aria-labelledby=\"ways\">\n<h2 id=\"ways\">");
	gal_esc(out, _("Browse"));
	g_string_append(out, "</h2>\n<ul class=\"ways\">\n<li><a href=\"browse/index.html\">");
	gal_esc(out, _("All images"));
	g_autofree char *all = g_strdup_printf(gal_ntr("%d image", "%d images", site->items->len),
					       (int)site->items->len);
	g_string_append(out, "</a> <span class=\"m\">");
	gal_esc(out, all);
	g_string_append(out, "</span></li>\n");
	for (int k = 0; k < GAL_N_KINDS; k++) {
		GPtrArray *groups = site->groups[k];
		g_string_append_printf(out, "<li><a href=\"%s/index.html\">", gal_kind_dir((GalKind)k));
		gal_esc(out, gal_kind_title((GalKind)k));
		g_string_append(out, "</a> <span class=\"m\">");
		/* A few names, so the list says what it holds. */
		for (guint i = 0; i < MIN(groups->len, 4u); i++) {
			GalGroup *g = groups->pdata[i];
			if (i)
				g_string_append(out, ", ");
			g_string_append_printf(out, "<a href=\"%s/%s/index.html\">", gal_kind_dir(g->kind), g->slug);
			gal_esc(out, g->label);
			g_string_append(out, "</a>");
		}
		if (groups->len > 4)
			g_string_append(out, "…");
		g_string_append(out, "</span></li>\n");
	}
	g_string_append(out, "</ul>\n</section>\n");
	gal_page_end(site, out, &page);
	return gal_out_write_string(site->out, "index.html", out, error);
}

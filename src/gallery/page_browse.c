/* Browse pages: all images, and one paginated grid per document, creator,
 * decade, tag and source, with an index page per kind. */
#include "gallery/site.h"

#include <string.h>

/* pages of a grid live at DIR/index.html, DIR/2/index.html, ... */
static char *page_rel(const char *dir, int page)
{
	if (page <= 1)
		return g_strdup_printf("%s/index.html", dir);
	return g_strdup_printf("%s/%d/index.html", dir, page);
}

/* A link from a page at (dir, from) to page `to` of the same grid. */
static char *page_href(int from, int to)
{
	const char *up = from > 1 ? "../" : "";
	if (to <= 1)
		return g_strdup_printf("%sindex.html", up);
	return g_strdup_printf("%s%d/index.html", up, to);
}

/* A link from page `from` to page `to`: of a grid (pages in folders,
 * DIR/N/index.html), or of a kind's index (files, KIND/index-N.html, as
 * the folders there are the groups', and a group may be called "2"). */
static char *pager_href(gboolean files, int from, int to)
{
	if (files)
		return to <= 1 ? g_strdup("index.html") : g_strdup_printf("index-%d.html", to);
	return page_href(from, to);
}

static void pager_in(GString *out, int n_pages, int current, gboolean bottom, gboolean files)
{
	if (n_pages <= 1)
		return;
	int win[9];
	int n = gal_pager_window(n_pages, current, win);
	/* Landmarks need distinct names: the pager is above and below the grid. */
	g_string_append(out, "<nav class=\"pager\" aria-label=\"");
	gal_esc(out, bottom ? _("Pages, end of list") : _("Pages"));
	g_string_append(out, "\"><ul>");
	if (current > 1) {
		g_autofree char *h = pager_href(files, current, current - 1);
		g_string_append_printf(out, "<li><a rel=\"prev\" href=\"%s\">", h);
		gal_esc(out, _("Previous"));
		g_string_append(out, "</a></li>");
	}
	for (int i = 0; i < n; i++) {
		if (win[i] == 0) {
			g_string_append(out, "<li class=\"gap\">…</li>");
		} else if (win[i] == current) {
			g_autofree char *h = pager_href(files, current, current);
			g_string_append_printf(out, "<li><a aria-current=\"page\" href=\"%s\">%d</a></li>",
					       files ? h : "index.html", win[i]);
		} else {
			g_autofree char *h = pager_href(files, current, win[i]);
			g_string_append_printf(out, "<li><a href=\"%s\">%d</a></li>", h, win[i]);
		}
	}
	if (current < n_pages) {
		g_autofree char *h = pager_href(files, current, current + 1);
		g_string_append_printf(out, "<li><a rel=\"next\" href=\"%s\">", h);
		gal_esc(out, _("Next"));
		g_string_append(out, "</a></li>");
	}
	g_string_append(out, "</ul></nav>\n");
}

static void pager(GString *out, int n_pages, int current, gboolean bottom)
{
	pager_in(out, n_pages, current, bottom, FALSE);
}

/* Writes every page of one grid. dir_depth is the depth of dir's index.html.
 * A document's grid names its IIIF manifest (dir/manifest.json, iiif.c) on its
 * first page, for people and in the head for tools. */
static int write_grid(GalSite *site, const char *dir, int dir_depth, const char *title,
		      const char *intro_html, const char *body_class, GPtrArray *items,
		      gboolean manifest, GError **error)
{
	int per = site->cfg->page_size;
	int n_pages = gal_page_count((int)items->len, per);
	for (int p = 1; p <= n_pages; p++) {
		int depth = dir_depth + (p > 1 ? 1 : 0);
		int first, last;
		gal_page_range((int)items->len, per, p, &first, &last);
		g_autofree char *rel = page_rel(dir, p);
		g_autofree char *full_title = p > 1 ? g_strdup_printf(_("%s, page %d"), title, p)
						    : g_strdup(title);
		g_autoptr(GString) head = g_string_new(NULL);
		if (p > 1) {
			g_autofree char *h = page_href(p, p - 1);
			g_string_append_printf(head, "<link rel=\"prev\" href=\"%s\">\n", h);
		}
		if (p < n_pages) {
			g_autofree char *h = page_href(p, p + 1);
			g_string_append_printf(head, "<link rel=\"next\" href=\"%s\">\n", h);
		}
		if (manifest && p == 1) {
			g_string_append(head, "<link rel=\"alternate\" type=\"application/ld+json;profile=&quot;http://iiif.io/api/presentation/3/context.json&quot;\" href=\"manifest.json\" title=\"");
			gal_esc(head, _("IIIF manifest"));
			g_string_append(head, "\">\n");
		}
		GalPage page = {.title = full_title, .depth = depth, .canonical = rel,
				.head_extra = head, .body_class = body_class};
		g_autoptr(GString) out = g_string_new(NULL);
		gal_page_begin(site, out, &page);
		g_string_append(out, "<h1>");
		gal_esc(out, title);
		g_string_append(out, "</h1>\n<p class=\"count\">");
		g_autofree char *count = g_strdup_printf(
			gal_ntr("%d image", "%d images", (unsigned long)items->len), (int)items->len);
		gal_esc(out, count);
		if (n_pages > 1) {
			g_autofree char *pg = g_strdup_printf(_("page %d of %d"), p, n_pages);
			g_string_append(out, " · ");
			gal_esc(out, pg);
		}
		g_string_append(out, "</p>\n");
		if (intro_html && p == 1)
			g_string_append(out, intro_html);
		if (manifest && p == 1) {
			g_string_append(out, "<p class=\"m\"><a href=\"manifest.json\">");
			gal_esc(out, _("IIIF manifest"));
			g_string_append(out, "</a> ");
			gal_esc(out, _("(every view in order, for IIIF viewers such as Mirador or the Universal Viewer)"));
			g_string_append(out, "</p>\n");
		}
		pager(out, n_pages, p, FALSE);
		gal_grid(site, out, (GalItem **)items->pdata + first, last - first, depth);
		pager(out, n_pages, p, TRUE);
		gal_page_end(site, out, &page);
		if (gal_out_write_string(site->out, rel, out, error))
			return -1;
	}
	return 0;
}

/* The groups of a kind, page-size to a page: a site of 100,000 images has
 * thousands of documents, and one page of them all weighed megabytes. */
static int write_kind_index(GalSite *site, GalKind kind, GError **error)
{
	GPtrArray *groups = site->groups[kind];
	g_autofree char *cls = g_strdup_printf("kind-%s", gal_kind_dir(kind));
	int per = site->cfg->page_size;
	int n_pages = MAX(gal_page_count((int)groups->len, per), 1);
	for (int p = 1; p <= n_pages; p++) {
		g_autofree char *rel = p > 1 ? g_strdup_printf("%s/index-%d.html", gal_kind_dir(kind), p)
					     : g_strdup_printf("%s/index.html", gal_kind_dir(kind));
		g_autofree char *full_title = p > 1 ? g_strdup_printf(_("%s, page %d"),
								      gal_kind_title(kind), p)
						    : g_strdup(gal_kind_title(kind));
		g_autoptr(GString) head = g_string_new(NULL);
		if (p > 1) {
			g_autofree char *h = pager_href(TRUE, p, p - 1);
			g_string_append_printf(head, "<link rel=\"prev\" href=\"%s\">\n", h);
		}
		if (p < n_pages) {
			g_autofree char *h = pager_href(TRUE, p, p + 1);
			g_string_append_printf(head, "<link rel=\"next\" href=\"%s\">\n", h);
		}
		GalPage page = {.title = full_title, .depth = 1, .canonical = rel,
				.head_extra = head, .body_class = cls};
		g_autoptr(GString) out = g_string_new(NULL);
		gal_page_begin(site, out, &page);
		g_string_append(out, "<h1>");
		gal_esc(out, gal_kind_title(kind));
		g_string_append(out, "</h1>\n");
		if (groups->len == 0) {
			g_string_append(out, "<p>");
			gal_esc(out, _("Nothing here yet."));
			g_string_append(out, "</p>\n");
		} else {
			int first, last;
			gal_page_range((int)groups->len, per, p, &first, &last);
			if (n_pages > 1) {
				g_autofree char *pg = g_strdup_printf(_("page %d of %d"), p, n_pages);
				g_string_append(out, "<p class=\"count\">");
				gal_esc(out, pg);
				g_string_append(out, "</p>\n");
			}
			pager_in(out, n_pages, p, FALSE, TRUE);
			g_string_append(out, "<ul class=\"groups\">\n");
			for (int i = first; i < last; i++) {
				GalGroup *g = groups->pdata[i];
				GalItem *firstitem = g->items->pdata[0];
				g_string_append_printf(out, "<li><a href=\"%s/index.html\">", g->slug);
				gal_picture(site, out, firstitem, 1, "8em", TRUE);
				g_string_append(out, "<span class=\"caption\"><span class=\"t\">");
				gal_esc(out, g->label);
				g_string_append(out, "</span><span class=\"m\">");
				g_autofree char *count = g_strdup_printf(
					gal_ntr("%d image", "%d images", g->items->len), (int)g->items->len);
				gal_esc(out, count);
				g_string_append(out, "</span></span></a></li>\n");
			}
			g_string_append(out, "</ul>\n");
			pager_in(out, n_pages, p, TRUE, TRUE);
		}
		gal_page_end(site, out, &page);
		if (gal_out_write_string(site->out, rel, out, error))
			return -1;
	}
	return 0;
}

int gal_write_browse(GalSite *site, GError **error)
{
	return write_grid(site, "browse", 1, _("All images"), NULL, "browse-all", site->items, FALSE, error);
}

int gal_write_groups(GalSite *site, GalKind kind, GError **error)
{
	if (write_kind_index(site, kind, error))
		return -1;
	GPtrArray *groups = site->groups[kind];
	g_autofree char *cls = g_strdup_printf("kind-%s", gal_kind_dir(kind));
	for (guint i = 0; i < groups->len; i++) {
		GalGroup *g = groups->pdata[i];
		g_autofree char *dir = gal_group_dir(g);
		/* TRANSLATORS: a group page's title, its kind and its name ("Creator: Daumier"). */
		g_autofree char *title = g_strdup_printf(_("%s: %s"), gal_kind_singular(g->kind), g->label);
		if (write_grid(site, dir, 2, title, NULL, cls, g->items, kind == GAL_DOCUMENT, error))
			return -1;
	}
	return 0;
}

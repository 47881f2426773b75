/* The page a web server shows for an address the site does not have
 * (404.html at the root, as GitHub Pages, Netlify and most servers expect). */
#include "gallery/site.h"

#include <string.h>

/* The site's path on its server: base-url's path, else the server's root.
 * A server shows 404.html at whatever address was asked, so relative links
 * (even to the stylesheet) would lead nowhere from any folder but the root. */
static char *site_path(GalSite *site)
{
	g_autoptr(GUri) uri = *site->base_url ? g_uri_parse(site->base_url, G_URI_FLAGS_NONE, NULL) : NULL;
	const char *path = uri ? g_uri_get_path(uri) : NULL;
	if (!path || !*path)
		return g_strdup("/");
	return g_str_has_suffix(path, "/") ? g_strdup(path) : g_strconcat(path, "/", NULL);
}

int gal_write_404(GalSite *site, GError **error)
{
	g_autofree char *root = site_path(site);
	GalPage page = {.title = _("Page not found"), .depth = 0, .canonical = NULL,
			.body_class = "notfound", .root = root};
	g_autoptr(GString) out = g_string_new(NULL);
	gal_page_begin(site, out, &page);
	g_string_append(out, "<h1>");
	gal_esc(out, _("Page not found"));
	g_string_append(out, "</h1>\n<p>");
	gal_esc(out, _("There is no page at this address. The picture may have been moved or removed."));
	g_string_append(out, "</p>\n<ul class=\"ways\">\n<li><a href=\"");
	gal_esc(out, root);
	g_string_append(out, "index.html\">");
	gal_esc(out, _("Home"));
	g_string_append(out, "</a></li>\n<li><a href=\"");
	gal_esc(out, root);
	g_string_append(out, "search/index.html\">");
	gal_esc(out, _("Search"));
	g_string_append(out, "</a></li>\n</ul>\n");
	gal_page_end(site, out, &page);
	return gal_out_write_string(site->out, "404.html", out, error);
}

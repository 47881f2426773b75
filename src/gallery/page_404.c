/* The page a web server shows for an address the site does not have
 * (404.html at the root, as GitHub Pages, Netlify and most servers expect). */
#include "gallery/site.h"

#include <string.h>

int gal_write_404(GalSite *site, GError **error)
{
	GalPage page = {.title = _("Page not found"), .depth = 0, .canonical = NULL,
			.body_class = "notfound"};
	g_autoptr(GString) out = g_string_new(NULL);
	gal_page_begin(site, out, &page);
	g_string_append(out, "<h1>");
	gal_esc(out, _("Page not found"));
	g_string_append(out, "</h1>\n<p>");
	gal_esc(out, _("There is no page at this address. The picture may have been moved or removed."));
	g_string_append(out, "</p>\n<ul class=\"ways\">\n<li><a href=\"");
	/* from an unknown depth, relative links may not lead home: the site's
	 * own address when it is known */
	if (*site->base_url)
		gal_esc(out, site->base_url);
	g_string_append(out, "index.html\">");
	gal_esc(out, _("Home"));
	g_string_append(out, "</a></li>\n<li><a href=\"");
	if (*site->base_url)
		gal_esc(out, site->base_url);
	g_string_append(out, "search/index.html\">");
	gal_esc(out, _("Search"));
	g_string_append(out, "</a></li>\n</ul>\n");
	gal_page_end(site, out, &page);
	return gal_out_write_string(site->out, "404.html", out, error);
}

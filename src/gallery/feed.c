/* Discovery: the Atom feed of latest additions, sitemap.xml (an index of
 * sitemaps past 1,000 addresses) and robots.txt. */
#include "gallery/site.h"

#include <string.h>

#include "util/util.h"

#define FEED_ENTRIES 50
#define SITEMAP_MAX 1000

static void text_el(GString *out, const char *name, const char *value)
{
	g_string_append_printf(out, "<%s>", name);
	gal_esc(out, value);
	g_string_append_printf(out, "</%s>\n", name);
}

/* Atom needs IRIs for ids; without a base-url they are URNs made from the
 * item id, stable across rebuilds. */
static char *entry_id(GalSite *site, const char *rel)
{
	if (*site->base_url)
		return gal_site_url(site, rel);
	g_autofree char *h = pl_sha256_data(site->cfg->title, strlen(site->cfg->title));
	return g_strdup_printf("urn:planche:%.16s:%s", h, rel);
}

static const char *atom_time(const char *t, const char *fallback)
{
	return t && strlen(t) >= 20 ? t : fallback;
}

int gal_write_feed(GalSite *site, GError **error)
{
	g_autoptr(GPtrArray) latest = gal_latest(site, FEED_ENTRIES);
	const char *updated = latest->len ? atom_time(((GalItem *)latest->pdata[0])->ci->added_at,
						      "1970-01-01T00:00:00Z")
					  : "1970-01-01T00:00:00Z";
	g_autoptr(GString) out = g_string_new("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
	g_string_append_printf(out, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"%s\"", site->lang);
	if (*site->base_url) {
		g_string_append(out, " xml:base=\"");
		gal_esc(out, site->base_url);
		g_string_append(out, "\"");
	}
	g_string_append(out, ">\n");
	text_el(out, "title", site->cfg->title);
	g_autofree char *fid = entry_id(site, "feed.xml");
	text_el(out, "id", fid);
	text_el(out, "updated", updated);
	g_string_append(out, "<link rel=\"self\" href=\"feed.xml\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"index.html\"/>\n");
	g_string_append(out, "<author>");
	text_el(out, "name", *site->cfg->author ? site->cfg->author : site->cfg->title);
	g_string_append(out, "</author>\n<generator>planche</generator>\n");
	for (guint i = 0; i < latest->len; i++) {
		GalItem *it = latest->pdata[i];
		CatalogItem *ci = it->ci;
		g_autofree char *rel = g_strdup_printf("items/%s/", it->id);
		g_autofree char *id = entry_id(site, rel);
		g_string_append(out, "<entry>\n");
		text_el(out, "title", it->title);
		text_el(out, "id", id);
		text_el(out, "updated", atom_time(ci->updated_at, updated));
		text_el(out, "published", atom_time(ci->added_at, updated));
		g_string_append_printf(out, "<link rel=\"alternate\" type=\"text/html\" href=\"items/%s/index.html\"/>\n", it->id);
		g_auto(GStrv) creators = pl_creators_split(ci->creator);
		for (int c = 0; creators[c]; c++) {
			g_string_append(out, "<author>");
			text_el(out, "name", creators[c]);
			g_string_append(out, "</author>\n");
		}
		for (guint t = 0; ci->tags && t < ci->tags->len; t++) {
			g_string_append(out, "<category term=\"");
			gal_esc(out, ci->tags->pdata[t]);
			g_string_append(out, "\"/>\n");
		}
		if (ci->credit && *ci->credit)
			text_el(out, "rights", ci->credit);
		/* The summary is text: a reader escapes nothing twice. Every entry
		 * has one: the date, the description, else the creator and credit. */
		GString *sum = g_string_new(NULL);
		if (ci->creator && *ci->creator)
			g_string_append(sum, ci->creator);
		if (ci->date && *ci->date)
			g_string_append_printf(sum, "%s%s", sum->len ? ", " : "", ci->date);
		if (ci->description && *ci->description)
			g_string_append_printf(sum, "%s%s", sum->len ? ". " : "", ci->description);
		if (!sum->len)
			g_string_append(sum, ci->credit && *ci->credit ? ci->credit : it->title);
		text_el(out, "summary", sum->str);
		/* The picture: an enclosure, and in the content for readers that
		 * show only that (relative to xml:base, or to the feed). */
		int w = it->sizes[MIN(1, it->n_sizes - 1)];
		g_autofree char *pic = g_strdup_printf("media/%s/%d.jpg", it->id, w);
		g_autofree char *pic_url = gal_site_url(site, pic);
		g_string_append(out, "<link rel=\"enclosure\" type=\"image/jpeg\" href=\"");
		gal_esc(out, pic_url);
		g_string_append(out, "\"/>\n");
		g_autoptr(GString) html = g_string_new("<p><img src=\"");
		gal_esc(html, pic_url);
		g_string_append_printf(html, "\" width=\"%d\" alt=\"", w);
		gal_esc(html, it->alt);
		g_string_append(html, "\"></p><p>");
		gal_esc(html, sum->str);
		g_string_append(html, "</p>");
		g_string_append(out, "<content type=\"html\">");
		gal_esc(out, html->str);
		g_string_append(out, "</content>\n");
		g_string_free(sum, TRUE);
		g_string_append(out, "</entry>\n");
	}
	g_string_append(out, "</feed>\n");
	return gal_out_write_string(site->out, "feed.xml", out, error);
}

static void add_url(GPtrArray *urls, const char *rel)
{
	g_ptr_array_add(urls, g_strdup(rel));
}

static int write_urlset(GalSite *site, const char *name, GPtrArray *urls, guint from, guint to,
			GError **error)
{
	g_autoptr(GString) out = g_string_new("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
					      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	for (guint i = from; i < to; i++) {
		g_autofree char *url = gal_site_url(site, urls->pdata[i]);
		g_string_append(out, "<url><loc>");
		gal_esc(out, url);
		g_string_append(out, "</loc></url>\n");
	}
	g_string_append(out, "</urlset>\n");
	return gal_out_write_string(site->out, name, out, error);
}

int gal_write_sitemap(GalSite *site, GError **error)
{
	g_autoptr(GString) robots = g_string_new("User-agent: *\nAllow: /\n");
	if (!*site->base_url) {
		/* A sitemap holds absolute addresses only: it needs base-url. */
		return gal_out_write_string(site->out, "robots.txt", robots, error);
	}
	g_autofree char *sm = gal_site_url(site, "sitemap.xml");
	g_string_append_printf(robots, "Sitemap: %s\n", sm);
	if (gal_out_write_string(site->out, "robots.txt", robots, error))
		return -1;
	g_autoptr(GPtrArray) urls = g_ptr_array_new_with_free_func(g_free);
	for (gsize k = 0; k < gal_n_page_kinds; k++) {
		const GalPageKind *pk = &gal_page_kinds[k];
		if (!pk->in_sitemap)
			continue;
		if (pk->index)
			add_url(urls, pk->index);
		for (guint i = 0; pk->kind != GAL_NO_KIND && i < site->groups[pk->kind]->len; i++) {
			g_autofree char *dir = gal_group_dir(site->groups[pk->kind]->pdata[i]);
			g_autofree char *rel = g_strdup_printf("%s/index.html", dir);
			add_url(urls, rel);
		}
		for (guint i = 0; pk->write_item && i < site->items->len; i++) {
			GalItem *it = site->items->pdata[i];
			g_autofree char *rel = g_strdup_printf("items/%s/", it->id);
			add_url(urls, rel);
		}
	}
	if (urls->len <= SITEMAP_MAX)
		return write_urlset(site, "sitemap.xml", urls, 0, urls->len, error);
	g_autoptr(GString) index = g_string_new("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
						"<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	for (guint from = 0, n = 1; from < urls->len; from += SITEMAP_MAX, n++) {
		g_autofree char *name = g_strdup_printf("sitemap-%u.xml", n);
		if (write_urlset(site, name, urls, from, MIN(from + SITEMAP_MAX, urls->len), error))
			return -1;
		g_autofree char *url = gal_site_url(site, name);
		g_string_append(index, "<sitemap><loc>");
		gal_esc(index, url);
		g_string_append(index, "</loc></sitemap>\n");
	}
	g_string_append(index, "</sitemapindex>\n");
	return gal_out_write_string(site->out, "sitemap.xml", index, error);
}

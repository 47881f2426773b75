/* Templating shared by every page: the frame (head, header, footer), the
 * grid of images, <picture> elements, and small labels. */
#include "gallery/site.h"

#include <string.h>

#include "provenance/rights.h"
#include "util/util.h"

/* Only the site itself: no request can leave it, whatever a page holds. */
#define CSP "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; " \
	    "script-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; " \
	    "base-uri 'none'; form-action 'self'"

void gal_esc_len(GString *out, const char *s, gssize len)
{
	if (!s)
		return;
	g_autofree char *copy = len < 0 ? NULL : g_strndup(s, (gsize)len);
	g_autofree char *e = pl_html_escape(copy ? copy : s);
	g_string_append(out, e);
}

void gal_esc(GString *out, const char *s)
{
	gal_esc_len(out, s, -1);
}

const char *gal_root(int depth)
{
	static const char ups[] = "../../../../../../../../";
	depth = CLAMP(depth, 0, 8);
	return ups + sizeof ups - 1 - 3 * (gsize)depth;
}

/* The group kinds: their folder, and their names in the plural and the singular. */
static const struct {
	const char *dir, *title, *singular;
} kinds[GAL_N_KINDS] = {
	[GAL_DOCUMENT] = { "documents", N_("Documents"), N_("Document") },
	[GAL_CREATOR] = { "creators", N_("Creators"), N_("Creator") },
	[GAL_DECADE] = { "decades", N_("Decades"), N_("Decade") },
	[GAL_TAG] = { "tags", N_("Tags"), N_("Tag") },
	[GAL_SOURCE] = { "sources", N_("Sources"), N_("Source") },
};

const char *gal_kind_dir(GalKind kind)
{
	return kinds[kind].dir;
}

const char *gal_kind_title(GalKind kind)
{
	return _(kinds[kind].title);
}

const char *gal_kind_singular(GalKind kind)
{
	return _(kinds[kind].singular);
}

char *gal_group_dir(const GalGroup *g)
{
	return g_strdup_printf("%s/%s", gal_kind_dir(g->kind), g->slug);
}

static void nav_link(GString *out, const char *root, const char *href, const char *label,
		     gboolean current)
{
	g_string_append_printf(out, "<li><a href=\"%s%s\"%s>", root, href,
			       current ? " aria-current=\"page\"" : "");
	gal_esc(out, label);
	g_string_append(out, "</a></li>");
}

void gal_page_begin(GalSite *site, GString *out, const GalPage *p)
{
	const char *root = p->root ? p->root : gal_root(p->depth);
	g_string_append_printf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
			       "<meta charset=\"utf-8\">\n"
			       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			       "<meta http-equiv=\"Content-Security-Policy\" content=\"%s\">\n"
			       "<meta name=\"referrer\" content=\"no-referrer\">\n<title>",
			       site->lang, CSP);
	if (p->title && *p->title) {
		gal_esc(out, p->title);
		g_string_append(out, " · ");
	}
	gal_esc(out, site->cfg->title);
	g_string_append(out, "</title>\n");
	if (p->description && *p->description) {
		g_string_append(out, "<meta name=\"description\" content=\"");
		gal_esc(out, p->description);
		g_string_append(out, "\">\n");
	}
	if (p->canonical && *site->base_url) {
		g_autofree char *url = gal_site_url(site, p->canonical);
		g_string_append(out, "<link rel=\"canonical\" href=\"");
		gal_esc(out, url);
		g_string_append(out, "\">\n");
	}
	g_string_append_printf(out,
			       "<link rel=\"stylesheet\" href=\"%sassets/planche.css\">\n"
			       "<link rel=\"stylesheet\" href=\"%sassets/theme.css\">\n"
			       "<link rel=\"icon\" href=\"%sassets/icon.svg\" type=\"image/svg+xml\">\n"
			       "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"%sfeed.xml\" title=\"",
			       root, root, root, root);
	gal_esc(out, _("Latest additions"));
	g_string_append(out, "\">\n");
	if (p->head_extra)
		g_string_append_len(out, p->head_extra->str, (gssize)p->head_extra->len);
	g_string_append_printf(out, "<script src=\"%sassets/planche.js\" defer></script>\n", root);
	if (p->viewer && site->has_viewer)
		g_string_append_printf(out,
				       "<script src=\"%sassets/openseadragon/openseadragon.min.js\" defer></script>\n"
				       "<script src=\"%sassets/viewer.js\" defer></script>\n",
				       root, root);
	if (p->search)
		g_string_append_printf(out,
				       "<script src=\"%sassets/search.js\" defer></script>\n"
				       "<script src=\"%ssearch/keys.js\" defer></script>\n",
				       root, root);
	g_string_append_printf(out, "</head>\n<body class=\"%s\">\n<a class=\"skip\" href=\"#main\">",
			       p->body_class ? p->body_class : "page");
	gal_esc(out, _("Skip to content"));
	g_string_append_printf(out, "</a>\n<header class=\"site\">\n<p class=\"site-title\"><a href=\"%sindex.html\">",
			       root);
	gal_esc(out, site->cfg->title);
	g_string_append(out, "</a></p>\n<nav aria-label=\"");
	gal_esc(out, _("Site"));
	g_string_append(out, "\"><ul>");
	const char *cls = p->body_class ? p->body_class : "";
	for (gsize k = 0; k < gal_n_page_kinds; k++) {
		const GalPageKind *pk = &gal_page_kinds[k];
		const char *label = pk->kind != GAL_NO_KIND ? gal_kind_title(pk->kind)
			: pk->label ? _(pk->label) : NULL;
		if (label && pk->index)
			nav_link(out, root, pk->index, label, strcmp(cls, pk->name) == 0);
	}
	g_string_append(out, "</ul></nav>\n</header>\n<main id=\"main\">\n");
}

void gal_page_end(GalSite *site, GString *out, const GalPage *p)
{
	const char *root = p->root ? p->root : gal_root(p->depth);
	g_string_append(out, "</main>\n<footer class=\"site\">\n<p>");
	if (*site->cfg->author) {
		gal_esc(out, site->cfg->author);
		g_string_append(out, " · ");
	}
	g_string_append_printf(out, "<a href=\"%sfeed.xml\">", root);
	gal_esc(out, _("Atom feed"));
	g_string_append_printf(out, "</a> · <a href=\"%siiif/collection.json\">", root);
	gal_esc(out, _("IIIF collection"));
	g_string_append(out, "</a> · ");
	gal_esc(out, _("Made with planche"));
	g_string_append(out, "</p>\n</footer>\n</body>\n</html>\n");
}

/* The WebP list ends with the largest size's JPEG when that has no WebP:
 * a browser picks by width and reads the format from the file itself. */
static void srcset(GString *out, const char *root, GalItem *it, gboolean webp)
{
	for (int i = 0; i < it->n_sizes; i++)
		g_string_append_printf(out, "%s%smedia/%s/%d.%s %dw", i ? ", " : "", root, it->id,
				       it->sizes[i], webp && gal_size_has_webp(it, i) ? "webp" : "jpg",
				       it->sizes[i]);
}

void gal_picture(GalSite *site, GString *out, GalItem *it, int depth, const char *sizes,
		 gboolean lazy)
{
	const char *root = gal_root(depth);
	/* The fallback src is the middle size: enough for a grid, cheap on old browsers. */
	int fallback = lazy ? it->sizes[MIN(1, it->n_sizes - 1)] : it->sizes[it->n_sizes - 1];
	int fh = it->w > 0 ? (int)((double)it->h * fallback / it->w + 0.5) : fallback;
	g_string_append(out, "<picture><source type=\"image/webp\" srcset=\"");
	srcset(out, root, it, TRUE);
	g_string_append_printf(out, "\" sizes=\"%s\"><img src=\"%smedia/%s/%d.jpg\" srcset=\"", sizes,
			       root, it->id, fallback);
	srcset(out, root, it, FALSE);
	g_string_append_printf(out, "\" sizes=\"%s\" width=\"%d\" height=\"%d\" alt=\"", sizes, fallback,
			       MAX(fh, 1));
	gal_esc(out, it->alt);
	g_string_append_printf(out, "\"%s decoding=\"async\"></picture>",
			       lazy ? " loading=\"lazy\"" : "");
}

void gal_grid(GalSite *site, GString *out, GalItem **items, int n, int depth)
{
	const char *root = gal_root(depth);
	g_string_append(out, "<ul class=\"grid\">\n");
	for (int i = 0; i < n; i++) {
		GalItem *it = items[i];
		g_string_append_printf(out, "<li><a href=\"%sitems/%s/index.html\">", root, it->id);
		gal_picture(site, out, it, depth, "(min-width: 50em) 16em, (min-width: 30em) 30vw, 45vw",
			    TRUE);
		g_string_append(out, "<span class=\"caption\"><span class=\"t\">");
		gal_esc(out, it->title);
		g_string_append(out, "</span>");
		const char *who = it->ci->creator;
		const char *when = it->ci->date;
		if ((who && *who) || (when && *when)) {
			g_string_append(out, "<span class=\"m\">");
			gal_esc(out, who && *who ? who : "");
			if (who && *who && when && *when)
				g_string_append(out, ", ");
			gal_esc(out, when && *when ? when : "");
			g_string_append(out, "</span>");
		}
		g_string_append(out, "</span></a></li>\n");
	}
	g_string_append(out, "</ul>\n");
}

char *gal_json_string(PlJson *j)
{
	gboolean pretty = j->indent > 0;
	char *s = pl_json_finish(j);
	if (pretty) {
		char *t = g_strconcat(s, "\n", NULL);
		g_free(s);
		s = t;
	}
	return s;
}

void gal_json_lang_map(PlJson *j, const char *lang, const char *value)
{
	pl_json_begin_object(j);
	pl_json_key(j, lang);
	pl_json_begin_array(j);
	pl_json_str(j, value);
	pl_json_end_array(j);
	pl_json_end_object(j);
}

char *gal_site_url(GalSite *site, const char *rel)
{
	return g_strconcat(site->base_url, rel, NULL);
}

char *gal_format_size(gint64 bytes)
{
	return g_format_size_full((guint64)MAX(bytes, 0), G_FORMAT_SIZE_DEFAULT);
}

const char *gal_rights_label(const char *rights)
{
	return rights ? pl_rights_label(rights) : NULL;
}

const char *gal_source_label(const char *source)
{
	const char *label = pl_source_label(source);
	return label ? label : _("Other sources");
}

char *gal_join(GPtrArray *strings, const char *sep)
{
	GString *out = g_string_new(NULL);
	for (guint i = 0; strings && i < strings->len; i++) {
		if (i)
			g_string_append(out, sep);
		g_string_append(out, strings->pdata[i]);
	}
	return g_string_free(out, FALSE);
}

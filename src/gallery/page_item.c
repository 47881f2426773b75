/* One page per image at items/ID/: the picture and its zoom viewer, the
 * record, provenance, processing history, checksums and downloads, with
 * Dublin Core, Open Graph and schema.org descriptions in the head. */
#include "gallery/site.h"

#include <string.h>

#include "util/json.h"
#include "util/util.h"

#define DEPTH 2

static void dt(GString *out, const char *label)
{
	g_string_append(out, "<dt>");
	gal_esc(out, label);
	g_string_append(out, "</dt>");
}

static void dd_text(GString *out, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	dt(out, label);
	g_string_append(out, "<dd>");
	gal_esc(out, value);
	g_string_append(out, "</dd>\n");
}

static void group_link(GString *out, GalGroup *g, const char *text)
{
	g_autofree char *dir = gal_group_dir(g);
	g_string_append_printf(out, "<a href=\"%s%s/index.html\">", gal_root(DEPTH), dir);
	gal_esc(out, text ? text : g->label);
	g_string_append(out, "</a>");
}

static void dd_group(GString *out, const char *label, const char *value, GalGroup *g)
{
	if (!value || !*value)
		return;
	dt(out, label);
	g_string_append(out, "<dd>");
	if (g)
		group_link(out, g, value);
	else
		gal_esc(out, value);
	g_string_append(out, "</dd>\n");
}

static void meta_name(GString *head, const char *attr, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	g_string_append_printf(head, "<meta %s=\"%s\" content=\"", attr, name);
	gal_esc(head, value);
	g_string_append(head, "\">\n");
}

/* A member only when there is something to say. */
static void json_str(PlJson *b, const char *name, const char *value)
{
	if (value && *value)
		pl_json_key_text(b, name, value);
}

static const PlIdentifier *primary_id(GalItem *it)
{
	GPtrArray *ids = it->ci->identifiers;
	return ids && ids->len ? ids->pdata[0] : NULL;
}

static void head_meta(GalSite *site, GalItem *it, GString *head)
{
	CatalogItem *ci = it->ci;
	const PlIdentifier *pid = primary_id(it);
	/* Dublin Core, as DCTERMS meta elements. */
	g_string_append(head, "<link rel=\"schema.DCTERMS\" href=\"http://purl.org/dc/terms/\">\n");
	meta_name(head, "name", "DCTERMS.title", it->title);
	g_auto(GStrv) creators = pl_creators_split(ci->creator);
	for (int c = 0; creators[c]; c++)
		meta_name(head, "name", "DCTERMS.creator", creators[c]);
	meta_name(head, "name", "DCTERMS.date", ci->date);
	meta_name(head, "name", "DCTERMS.description", ci->description);
	meta_name(head, "name", "DCTERMS.publisher", ci->publisher);
	meta_name(head, "name", "DCTERMS.isPartOf", ci->document_title);
	for (guint i = 0; ci->tags && i < ci->tags->len; i++)
		meta_name(head, "name", "DCTERMS.subject", ci->tags->pdata[i]);
	meta_name(head, "name", "DCTERMS.type", "StillImage");
	meta_name(head, "name", "DCTERMS.format", it->master_ext && strcmp(it->master_ext, "png") == 0
							 ? "image/png" : "image/jpeg");
	meta_name(head, "name", "DCTERMS.rights", ci->rights);
	meta_name(head, "name", "DCTERMS.rightsHolder", ci->institution);
	meta_name(head, "name", "DCTERMS.language", site->lang);
	if (pid) {
		meta_name(head, "name", "DCTERMS.identifier", pid->value);
		meta_name(head, "name", "DCTERMS.source", pid->url);
	}
	/* Open Graph; the image needs an absolute address, so only with base-url. */
	meta_name(head, "property", "og:type", "article");
	meta_name(head, "property", "og:title", it->title);
	meta_name(head, "property", "og:description", ci->description);
	meta_name(head, "property", "og:site_name", site->cfg->title);
	meta_name(head, "property", "og:locale", strcmp(site->lang, "fr") == 0 ? "fr_FR" : "en_GB");
	g_autofree char *img_rel = g_strdup_printf("media/%s/%d.jpg", it->id, it->sizes[it->n_sizes - 1]);
	g_autofree char *page_rel = g_strdup_printf("items/%s/", it->id);
	if (*site->base_url) {
		g_autofree char *img = gal_site_url(site, img_rel);
		g_autofree char *page = gal_site_url(site, page_rel);
		meta_name(head, "property", "og:image", img);
		meta_name(head, "property", "og:url", page);
		meta_name(head, "property", "og:image:alt", it->alt);
	}
	/* schema.org, as JSON-LD. */
	PlJson jb, *b = &jb;
	pl_json_init(b);
	json_str(b, "@context", "https://schema.org");
	json_str(b, "@type", "ImageObject");
	json_str(b, "name", it->title);
	json_str(b, "description", ci->description);
	if (creators[0]) {
		pl_json_key(b, "creator");
		pl_json_begin_array(b);
		for (int c = 0; creators[c]; c++) {
			pl_json_begin_object(b);
			json_str(b, "@type", "Person");
			json_str(b, "name", creators[c]);
			pl_json_end_object(b);
		}
		pl_json_end_array(b);
	}
	json_str(b, "dateCreated", ci->date);
	if (ci->tags && ci->tags->len) {
		g_autofree char *kw = gal_join(ci->tags, ", ");
		json_str(b, "keywords", kw);
	}
	if (ci->document_title && *ci->document_title) {
		pl_json_key(b, "isPartOf");
		pl_json_begin_object(b);
		json_str(b, "@type", "CreativeWork");
		json_str(b, "name", ci->document_title);
		pl_json_end_object(b);
	}
	g_autofree char *master_rel = g_strdup_printf("media/%s/master.%s", it->id, it->master_ext);
	g_autofree char *master = gal_site_url(site, master_rel);
	g_autofree char *thumb = gal_site_url(site, img_rel);
	g_autofree char *page_url = gal_site_url(site, page_rel);
	json_str(b, "contentUrl", master);
	json_str(b, "thumbnailUrl", thumb);
	if (*site->base_url)
		json_str(b, "url", page_url);
	pl_json_key_int(b, "width", it->w);
	pl_json_key_int(b, "height", it->h);
	json_str(b, "license", ci->rights);
	json_str(b, "creditText", ci->credit);
	json_str(b, "copyrightNotice", ci->credit);
	if (pid) {
		json_str(b, "identifier", pid->value);
		json_str(b, "sameAs", pid->url);
	}
	/* PlJson escapes '<', so the text cannot close the script element. */
	g_autofree char *ld = pl_json_finish(b);
	g_string_append_printf(head, "<script type=\"application/ld+json\">%s</script>\n", ld);
}

/* A JSON value for people: numbers rounded to 4 significant digits. */
static void json_human(GString *out, JsonNode *v)
{
	if (JSON_NODE_HOLDS_ARRAY(v)) {
		JsonArray *a = json_node_get_array(v);
		g_string_append_c(out, '[');
		for (guint i = 0; i < json_array_get_length(a); i++) {
			if (i)
				g_string_append(out, ", ");
			json_human(out, json_array_get_element(a, i));
		}
		g_string_append_c(out, ']');
	} else if (JSON_NODE_HOLDS_VALUE(v) && json_node_get_value_type(v) == G_TYPE_DOUBLE) {
		g_string_append_printf(out, "%.4g", json_node_get_double(v));
	} else if (JSON_NODE_HOLDS_VALUE(v) && json_node_get_value_type(v) == G_TYPE_STRING) {
		g_string_append(out, json_node_get_string(v));
	} else {
		PlJson j;
		pl_json_start(&j, 0);
		pl_json_node(&j, v);
		g_autofree char *t = pl_json_finish(&j);
		g_string_append(out, t);
	}
}

/* A JSON object of step settings or measures as a list "key: value". */
static void json_kv(GString *out, const char *json)
{
	if (!json || !*json || strcmp(json, "{}") == 0) {
		g_string_append(out, "—");
		return;
	}
	g_autoptr(JsonParser) p = json_parser_new();
	JsonNode *root = NULL;
	if (json_parser_load_from_data(p, json, -1, NULL))
		root = json_parser_get_root(p);
	if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
		gal_esc(out, json);
		return;
	}
	JsonObject *o = json_node_get_object(root);
	g_autoptr(GList) members = json_object_get_members(o);
	g_string_append(out, "<ul class=\"kv\">");
	for (GList *l = members; l; l = l->next) {
		JsonNode *v = json_object_get_member(o, l->data);
		g_autoptr(GString) text = g_string_new(NULL);
		json_human(text, v);
		g_string_append(out, "<li><span class=\"k\">");
		gal_esc(out, l->data);
		g_string_append(out, "</span> ");
		gal_esc(out, text->str);
		g_string_append(out, "</li>");
	}
	g_string_append(out, "</ul>");
}

static void history(GString *out, GalItem *it)
{
	const CatalogRun *run = it->run;
	g_string_append(out, "<section aria-labelledby=\"history\">\n<h2 id=\"history\">");
	gal_esc(out, _("Processing history"));
	g_string_append(out, "</h2>\n<p>");
	g_autoptr(GDateTime) when = run->started_at ? g_date_time_new_from_iso8601(run->started_at, NULL) : NULL;
	g_autofree char *date = when ? g_date_time_format(when, "%Y-%m-%d %H:%M UTC")
				     : g_strdup(run->started_at ? run->started_at : "?");
	g_autofree char *line = g_strdup_printf(_("Cleaned with the pipeline “%s” on %s, in %.1f s."),
						run->pipeline ? run->pipeline : "?", date, run->seconds);
	gal_esc(out, line);
	g_string_append(out, "</p>\n");
	if (run->steps && run->steps->len) {
		g_string_append(out, "<div class=\"table\"><table>\n<caption>");
		gal_esc(out, _("What each step measured and did"));
		g_string_append(out, "</caption>\n<thead><tr><th scope=\"col\">");
		gal_esc(out, _("Step"));
		g_string_append(out, "</th><th scope=\"col\">");
		gal_esc(out, _("Applied"));
		g_string_append(out, "</th><th scope=\"col\">");
		gal_esc(out, _("Settings"));
		g_string_append(out, "</th><th scope=\"col\">");
		gal_esc(out, _("Measured"));
		g_string_append(out, "</th></tr></thead>\n<tbody>\n");
		for (guint i = 0; i < run->steps->len; i++) {
			CatalogStep *s = run->steps->pdata[i];
			g_string_append(out, "<tr><th scope=\"row\">");
			gal_esc(out, s->step);
			g_string_append(out, "</th><td>");
			gal_esc(out, s->applied ? _("yes") : _("no"));
			g_string_append(out, "</td><td>");
			json_kv(out, s->params);
			g_string_append(out, "</td><td>");
			json_kv(out, s->measured);
			g_string_append(out, "</td></tr>\n");
		}
		g_string_append(out, "</tbody>\n</table></div>\n");
	}
	g_string_append(out, "</section>\n");
}

/* What the cleaning changed: the original (a derivative made at build, never
 * the raw file) beside the master, two plain pictures that need no script;
 * assets/compare.js stacks them and adds a toggle to flip between them. */
static void before_after(GalSite *site, GString *out, GalItem *it)
{
	if (!it->before_w)
		return;
	int w = it->sizes[it->n_sizes - 1];
	g_string_append(out, "<section class=\"compare\" aria-labelledby=\"compare\">\n<h2 id=\"compare\">");
	gal_esc(out, _("Before and after cleaning"));
	g_string_append(out, "</h2>\n<div class=\"pair\">\n<figure id=\"before\"><img src=\"");
	g_string_append_printf(out, "%smedia/%s/before.jpg\" width=\"%d\" height=\"%d\" loading=\"lazy\" alt=\"",
			       gal_root(DEPTH), it->id, it->before_w, it->before_h);
	g_autofree char *alt_before = g_strdup_printf(_("%s, the original scan"), it->alt);
	gal_esc(out, alt_before);
	g_string_append(out, "\"><figcaption>");
	gal_esc(out, _("Original scan"));
	g_string_append(out, "</figcaption></figure>\n<figure id=\"after\"><img src=\"");
	g_string_append_printf(out, "%smedia/%s/%d.jpg\" width=\"%d\" height=\"%d\" loading=\"lazy\" alt=\"",
			       gal_root(DEPTH), it->id, w, w, (int)((double)it->h * w / MAX(it->w, 1) + 0.5));
	g_autofree char *alt_after = g_strdup_printf(_("%s, cleaned"), it->alt);
	gal_esc(out, alt_after);
	g_string_append(out, "\"><figcaption>");
	gal_esc(out, _("Cleaned master"));
	g_string_append(out, "</figcaption></figure>\n</div>\n</section>\n");
	(void)site;
}

static void provenance(GString *out, GalItem *it)
{
	CatalogItem *ci = it->ci;
	g_string_append(out, "<section aria-labelledby=\"provenance\">\n<h2 id=\"provenance\">");
	gal_esc(out, _("Provenance"));
	g_string_append(out, "</h2>\n<dl class=\"meta\">\n");
	for (guint i = 0; ci->identifiers && i < ci->identifiers->len; i++) {
		const PlIdentifier *pid = ci->identifiers->pdata[i];
		g_autofree char *label = pl_identifier_label(pid);
		dt(out, i == 0 ? _("Identifier") : _("Also at"));
		g_string_append(out, "<dd>");
		if (pid->url && (g_str_has_prefix(pid->url, "https://") || g_str_has_prefix(pid->url, "http://"))) {
			g_string_append(out, "<a class=\"source\" rel=\"external\" href=\"");
			gal_esc(out, pid->url);
			g_string_append(out, "\">");
			gal_esc(out, label);
			if (pid->view) {
				g_autofree char *v = g_strdup_printf(_(", view %s"), pid->view);
				gal_esc(out, v);
			}
			g_string_append(out, "</a>");
		} else {
			gal_esc(out, label);
		}
		g_string_append(out, "</dd>\n");
	}
	dd_text(out, _("Holding institution"), ci->institution);
	dd_text(out, _("Publisher"), ci->publisher);
	dd_text(out, _("Credit"), ci->credit);
	if (ci->rights && *ci->rights) {
		dt(out, _("Rights"));
		g_string_append(out, "<dd>");
		const char *label = gal_rights_label(ci->rights);
		if (g_str_has_prefix(ci->rights, "http://") || g_str_has_prefix(ci->rights, "https://")) {
			g_string_append(out, "<a rel=\"license\" href=\"");
			gal_esc(out, ci->rights);
			g_string_append(out, "\">");
			gal_esc(out, label ? label : ci->rights);
			g_string_append(out, "</a>");
			if (label) {
				g_string_append(out, " <span class=\"uri\">");
				gal_esc(out, ci->rights);
				g_string_append(out, "</span>");
			}
		} else {
			gal_esc(out, ci->rights);
		}
		g_string_append(out, "</dd>\n");
	}
	g_string_append(out, "</dl>\n</section>\n");
}

static void checksums_and_downloads(GalSite *site, GString *out, GalItem *it)
{
	CatalogItem *ci = it->ci;
	const CatalogRun *run = it->run;
	g_string_append(out, "<section aria-labelledby=\"downloads\">\n<h2 id=\"downloads\">");
	gal_esc(out, _("Downloads"));
	g_string_append(out, "</h2>\n<ul class=\"downloads\">\n");
	g_autofree char *slug = gal_slugify(it->title, GAL_SLUG_MAX);
	g_autofree char *msize = gal_format_size(run->master_size);
	g_string_append_printf(out, "<li><a href=\"%smedia/%s/master.%s\" download=\"%s-%s.%s\">",
			       gal_root(DEPTH), it->id, it->master_ext, slug, it->id, it->master_ext);
	gal_esc(out, _("Cleaned master"));
	g_autofree char *minfo = g_strdup_printf(" (%s, %d × %d px, %s)", it->master_ext, it->w, it->h, msize);
	g_string_append(out, "</a>");
	gal_esc(out, minfo);
	g_string_append(out, "</li>\n");
	if (it->original_abs) {
		g_autofree char *osize = gal_format_size(ci->size);
		g_string_append_printf(out, "<li><a href=\"%smedia/%s/original.%s\" download=\"%s-%s-original.%s\">",
				       gal_root(DEPTH), it->id, it->original_ext, slug, it->id, it->original_ext);
		gal_esc(out, _("Original scan, untouched"));
		g_autofree char *oinfo = g_strdup_printf(" (%s, %d × %d px, %s)", it->original_ext, ci->width,
							 ci->height, osize);
		g_string_append(out, "</a>");
		gal_esc(out, oinfo);
		g_string_append(out, "</li>\n");
	}
	g_string_append(out, "<li><a href=\"manifest.json\">");
	gal_esc(out, _("IIIF manifest"));
	g_string_append_printf(out, "</a></li>\n<li><a href=\"%siiif/%s/info.json\">", gal_root(DEPTH), it->id);
	gal_esc(out, _("IIIF image service (level 0)"));
	g_string_append(out, "</a></li>\n</ul>\n</section>\n");

	g_string_append(out, "<section aria-labelledby=\"checksums\">\n<h2 id=\"checksums\">");
	gal_esc(out, _("Checksums"));
	g_string_append(out, "</h2>\n<dl class=\"meta sums\">\n");
	if (ci->sha256) {
		dt(out, _("Original (SHA-256)"));
		g_string_append(out, "<dd><code>");
		gal_esc(out, ci->sha256);
		g_string_append(out, "</code></dd>\n");
	}
	if (run->master_sha256) {
		dt(out, _("Master (SHA-256)"));
		g_string_append(out, "<dd><code>");
		gal_esc(out, run->master_sha256);
		g_string_append(out, "</code></dd>\n");
	}
	g_string_append(out, "</dl>\n</section>\n");
}

static void prev_next(GalSite *site, GString *out, GalItem *it)
{
	GalItem *prev = it->index > 0 ? site->items->pdata[it->index - 1] : NULL;
	GalItem *next = it->index + 1 < (int)site->items->len ? site->items->pdata[it->index + 1] : NULL;
	if (!prev && !next)
		return;
	g_string_append(out, "<nav class=\"prevnext\" aria-label=\"");
	gal_esc(out, _("Previous and next images"));
	g_string_append(out, "\"><ul>");
	if (prev) {
		g_string_append_printf(out, "<li class=\"prev\"><a rel=\"prev\" href=\"../%s/index.html\">← ", prev->id);
		gal_esc(out, _("Previous"));
		g_string_append(out, "<span class=\"t\">");
		gal_esc(out, prev->title);
		g_string_append(out, "</span></a></li>");
	}
	if (next) {
		g_string_append_printf(out, "<li class=\"next\"><a rel=\"next\" href=\"../%s/index.html\">", next->id);
		gal_esc(out, _("Next"));
		g_string_append(out, " →<span class=\"t\">");
		gal_esc(out, next->title);
		g_string_append(out, "</span></a></li>");
	}
	g_string_append(out, "</ul></nav>\n");
}

int gal_write_item_page(GalSite *site, GalItem *it, GError **error)
{
	CatalogItem *ci = it->ci;
	g_autofree char *rel = g_strdup_printf("items/%s/index.html", it->id);
	g_autofree char *canon = g_strdup_printf("items/%s/", it->id);
	g_autoptr(GString) head = g_string_new(NULL);
	head_meta(site, it, head);
	g_string_append(head, "<link rel=\"alternate\" type=\"application/ld+json;profile=&quot;http://iiif.io/api/presentation/3/context.json&quot;\" href=\"manifest.json\" title=\"");
	gal_esc(head, _("IIIF manifest"));
	g_string_append(head, "\">\n");
	if (it->before_w)
		g_string_append_printf(head, "<script src=\"%sassets/compare.js\" defer></script>\n", gal_root(DEPTH));
	GalPage page = {.title = it->title, .depth = DEPTH, .canonical = canon,
			.description = ci->description, .head_extra = head, .body_class = "item",
			.viewer = TRUE};
	g_autoptr(GString) out = g_string_new(NULL);
	gal_page_begin(site, out, &page);

	GalGroup *doc = it->groups[GAL_DOCUMENT];
	g_string_append(out, "<nav class=\"crumbs\" aria-label=\"");
	gal_esc(out, _("Breadcrumb"));
	g_string_append_printf(out, "\"><ol><li><a href=\"%sindex.html\">", gal_root(DEPTH));
	gal_esc(out, _("Home"));
	g_string_append(out, "</a></li>");
	if (doc) {
		g_string_append(out, "<li>");
		group_link(out, doc, NULL);
		g_string_append(out, "</li>");
	}
	g_string_append(out, "</ol></nav>\n<article class=\"record\">\n<h1>");
	gal_esc(out, it->title);
	g_string_append(out, "</h1>\n<figure class=\"plate\">\n");
	g_autofree char *info = site->has_viewer ? gal_iiif_read_info(site, it) : NULL;
	if (info) {
		g_string_append_printf(out, "<div class=\"viewer\" id=\"viewer\" data-tiles=\"%siiif/%s\" "
				       "data-images=\"%sassets/openseadragon/images/\" data-label=\"",
				       gal_root(DEPTH), it->id, gal_root(DEPTH));
		g_autofree char *label = g_strdup_printf(_("Zoomable image: %s"), it->alt);
		gal_esc(out, label);
		/* The viewer's button tooltips, in the site's language (viewer.js). */
		static const char *const tips[][2] = {
			{ "zoom-in", N_("Zoom in") }, { "zoom-out", N_("Zoom out") },
			{ "home", N_("Whole picture") }, { "full-page", N_("Full screen") },
		};
		for (gsize t = 0; t < G_N_ELEMENTS(tips); t++) {
			g_string_append_printf(out, "\" data-tip-%s=\"", tips[t][0]);
			gal_esc(out, _(tips[t][1]));
		}
		g_string_append(out, "\">");
	} else {
		g_string_append(out, "<div class=\"viewer\">");
	}
	g_string_append_printf(out, "<a class=\"full\" href=\"%smedia/%s/master.%s\">", gal_root(DEPTH),
			       it->id, it->master_ext);
	gal_picture(site, out, it, DEPTH, "(min-width: 70em) 60em, 100vw", FALSE);
	g_string_append(out, "</a></div>\n");
	if (info) {
		g_autofree char *safe = gal_json_for_html(info);
		g_string_append_printf(out, "<script type=\"application/json\" id=\"iiif-info\">%s</script>\n", safe);
	}
	/* The credit and the way to the source, under the picture where they are
	 * seen without scrolling (the viewer leaves them room). */
	const PlIdentifier *src = primary_id(it);
	gboolean src_link = src && src->url && (g_str_has_prefix(src->url, "https://") ||
						 g_str_has_prefix(src->url, "http://"));
	if ((ci->credit && *ci->credit) || src_link) {
		g_string_append(out, "<figcaption class=\"credit\">");
		if (ci->credit && *ci->credit) {
			g_string_append(out, "<span class=\"credit-line\">");
			gal_esc(out, ci->credit);
			g_string_append(out, "</span>");
		}
		if (src_link) {
			g_autofree char *label = pl_identifier_label(src);
			/* An ARK or an archive.org name alone does not say where it
			 * leads: the archive's name goes first. */
			GalGroup *archive = it->groups[GAL_SOURCE];
			if (archive && archive->label && label && !strstr(label, archive->label)) {
				char *named = g_strdup_printf(_("%s: %s"), archive->label, label);
				g_free(label);
				label = named;
			}
			if (ci->credit && *ci->credit)
				g_string_append(out, " · ");
			g_string_append(out, "<a class=\"source-link\" rel=\"external\" href=\"");
			gal_esc(out, src->url);
			g_string_append(out, "\">");
			gal_esc(out, label);
			g_string_append(out, "</a>");
		}
		g_string_append(out, "</figcaption>\n");
	}
	g_string_append(out, "</figure>\n");
	before_after(site, out, it);
	g_string_append(out, "<dl class=\"meta\">\n");
	if (it->groups[GAL_CREATOR]) {
		dt(out, _("Creator"));
		g_string_append(out, "<dd>");
		group_link(out, it->groups[GAL_CREATOR], NULL);
		for (guint i = 0; i < it->creator_groups->len; i++) {
			g_string_append(out, "; ");
			group_link(out, it->creator_groups->pdata[i], NULL);
		}
		g_string_append(out, "</dd>\n");
	}
	dd_group(out, _("Date"), ci->date, it->groups[GAL_DECADE]);
	if (doc)
		dd_group(out, _("Document"), doc->label, doc);
	dd_text(out, _("Description"), ci->description);
	if (it->tag_groups->len) {
		dt(out, _("Tags"));
		g_string_append(out, "<dd><ul class=\"tags\">");
		for (guint i = 0; i < it->tag_groups->len; i++) {
			g_string_append(out, "<li>");
			group_link(out, it->tag_groups->pdata[i], NULL);
			g_string_append(out, "</li>");
		}
		g_string_append(out, "</ul></dd>\n");
	}
	if (it->groups[GAL_SOURCE])
		dd_group(out, _("Source"), it->groups[GAL_SOURCE]->label, it->groups[GAL_SOURCE]);
	g_string_append(out, "</dl>\n");
	provenance(out, it);
	history(out, it);
	checksums_and_downloads(site, out, it);
	g_string_append(out, "</article>\n");
	prev_next(site, out, it);
	gal_page_end(site, out, &page);
	return gal_out_write_string(site->out, rel, out, error);
}

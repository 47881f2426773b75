/* IIIF: the Image API 3 level-0 info.json beside the tiles libvips makes,
 * a Presentation 3 manifest per image and the site's top-level Collection. */
#include "gallery/site.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/json.h"
#include "util/util.h"

/* The tile side to assume when an info.json lists none: derivatives.c's
 * TILE_SIZE, which the site's tiles are made at. */
#define IIIF_TILE_DEFAULT 512

typedef struct {
	int sf;
	int lw, lh; /* the level's size */
	gboolean whole; /* the level is one tile holding the whole image */
	char *whole_path;
} Level;

static Level *level_for(GArray *levels, int sf)
{
	for (guint i = 0; i < levels->len; i++)
		if (g_array_index(levels, Level, i).sf == sf)
			return &g_array_index(levels, Level, i);
	Level l = {.sf = sf};
	g_array_append_val(levels, l);
	return &g_array_index(levels, Level, levels->len - 1);
}

static int cmp_level(gconstpointer a, gconstpointer b)
{
	return ((const Level *)a)->sf - ((const Level *)b)->sf;
}

int gal_iiif_fix_info(const char *dir, const char *id, GError **error)
{
	g_autofree char *info_path = g_build_filename(dir, "info.json", NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) err = NULL;
	g_autoptr(GArray) levels = g_array_new(FALSE, TRUE, sizeof(Level));
	g_autofree char *text = NULL;
	int rc = -1;
	if (!json_parser_load_from_file(parser, info_path, &err)) {
		g_set_error(error, PL_ERROR, PL_ERROR_FAILED, "%s: %s", info_path, err->message);
		return -1;
	}
	JsonObject *o = json_node_get_object(json_parser_get_root(parser));
	int width = (int)json_object_get_int_member_with_default(o, "width", 0);
	int height = (int)json_object_get_int_member_with_default(o, "height", 0);
	int tile = IIIF_TILE_DEFAULT;
	JsonArray *tiles = json_object_has_member(o, "tiles") ? json_object_get_array_member(o, "tiles") : NULL;
	if (tiles && json_array_get_length(tiles) > 0)
		tile = (int)json_object_get_int_member_with_default(json_array_get_object_element(tiles, 0),
								     "width", IIIF_TILE_DEFAULT);
	/* 8.14 leaves the last level (one tile, the whole image) out of
	 * scaleFactors and lists no sizes: read what it really wrote. */
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *region;
	while (d && (region = g_dir_read_name(d))) {
		int x, y, w, h;
		if (sscanf(region, "%d,%d,%d,%d", &x, &y, &w, &h) != 4 || w <= 0 || h <= 0)
			continue;
		g_autofree char *rdir = g_build_filename(dir, region, NULL);
		GDir *sd = g_dir_open(rdir, 0, NULL);
		const char *size;
		while (sd && (size = g_dir_read_name(sd))) {
			int sw, sh;
			if (sscanf(size, "%d,%d", &sw, &sh) != 2 || sw <= 0 || sh <= 0)
				continue;
			double ratio = MAX((double)w / sw, (double)h / sh);
			int sf = 1 << (int)lround(log2(MAX(ratio, 1.0)));
			Level *l = level_for(levels, sf);
			l->lw = MAX(l->lw, x / sf + sw);
			l->lh = MAX(l->lh, y / sf + sh);
			if (x == 0 && y == 0 && w == width && h == height) {
				l->whole = TRUE;
				g_free(l->whole_path);
				l->whole_path = g_build_filename(rdir, size, "0", "default.jpg", NULL);
			}
		}
		if (sd)
			g_dir_close(sd);
	}
	if (d)
		g_dir_close(d);
	g_array_sort(levels, cmp_level);

	PlJson jb, *b = &jb;
	pl_json_start(b, 1);
	pl_json_begin_object(b);
	pl_json_key_text(b, "@context", "http://iiif.io/api/image/3/context.json");
	pl_json_key_text(b, "id", id);
	pl_json_key_text(b, "type", "ImageService3");
	pl_json_key_text(b, "protocol", "http://iiif.io/api/image");
	pl_json_key_text(b, "profile", "level0");
	pl_json_key_int(b, "width", width);
	pl_json_key_int(b, "height", height);
	pl_json_key(b, "tiles");
	pl_json_begin_array(b);
	pl_json_begin_object(b);
	pl_json_key_int(b, "width", tile);
	pl_json_key_int(b, "height", tile);
	pl_json_key(b, "scaleFactors");
	pl_json_begin_array(b);
	for (guint i = 0; i < levels->len; i++)
		pl_json_int(b, g_array_index(levels, Level, i).sf);
	pl_json_end_array(b);
	pl_json_end_object(b);
	pl_json_end_array(b);
	/* Only sizes that exist as full/W,H/0/default.jpg: a level-0 server has
	 * no other. Viewers ask for the whole-image level by those names. */
	pl_json_key(b, "sizes");
	pl_json_begin_array(b);
	for (guint i = 0; i < levels->len; i++) {
		Level *l = &g_array_index(levels, Level, i);
		if (!l->whole)
			continue;
		g_autofree char *sz = g_strdup_printf("%d,%d", l->lw, l->lh);
		g_autofree char *fdir = g_build_filename(dir, "full", sz, "0", NULL);
		g_autofree char *fpath = g_build_filename(fdir, "default.jpg", NULL);
		if (pl_mkdir_p(fdir, error))
			goto out;
		if (link(l->whole_path, fpath) != 0) {
			gchar *data = NULL;
			gsize len = 0;
			if (!g_file_get_contents(l->whole_path, &data, &len, &err) ||
			    pl_write_file_atomic(fpath, data, len, error)) {
				g_free(data);
				if (err)
					g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s", err->message);
				goto out;
			}
			g_free(data);
		}
		if (l->sf == 1) {
			g_autofree char *mdir = g_build_filename(dir, "full", "max", "0", NULL);
			g_autofree char *mpath = g_build_filename(mdir, "default.jpg", NULL);
			if (pl_mkdir_p(mdir, error))
				goto out;
			if (link(l->whole_path, mpath) != 0) {
				g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s: cannot link", mpath);
				goto out;
			}
		}
		pl_json_begin_object(b);
		pl_json_key_int(b, "width", l->lw);
		pl_json_key_int(b, "height", l->lh);
		pl_json_end_object(b);
	}
	pl_json_end_array(b);
	pl_json_end_object(b);
	text = gal_json_string(b);
	rc = pl_write_file_atomic(info_path, text, strlen(text), error);
out:
	if (!text)
		pl_json_clear(b);
	for (guint i = 0; i < levels->len; i++)
		g_free(g_array_index(levels, Level, i).whole_path);
	return rc;
}

char *gal_iiif_read_info(GalSite *site, GalItem *it)
{
	g_autofree char *path = g_build_filename(gal_out_dir(site->out), "iiif", it->id, "info.json", NULL);
	g_autofree char *rel = g_strdup_printf("iiif/%s", it->id);
	g_autofree char *want = gal_site_url(site, rel);
	char *text = NULL;
	if (!g_file_get_contents(path, &text, NULL, NULL))
		return NULL;
	/* A new base-url changes only the id: patch it rather than remake the tiles. */
	g_autoptr(JsonParser) parser = json_parser_new();
	if (!json_parser_load_from_data(parser, text, -1, NULL))
		return text;
	JsonNode *root = json_parser_get_root(parser);
	if (!JSON_NODE_HOLDS_OBJECT(root))
		return text;
	JsonObject *o = json_node_get_object(root);
	if (g_strcmp0(json_object_get_string_member_with_default(o, "id", ""), want) == 0)
		return text;
	json_object_set_string_member(o, "id", want);
	PlJson j;
	pl_json_start(&j, 1);
	pl_json_node(&j, root);
	g_free(text);
	text = gal_json_string(&j);
	if (pl_write_file_atomic(path, text, strlen(text), NULL))
		g_printerr("planche: warning: %s: cannot update its id\n", path);
	return text;
}

/* ---- Presentation 3 ---- */

/* Opens a Presentation 3 resource: its context, id, type and label. */
static void p3_begin(PlJson *b, const char *id, const char *type, const char *label)
{
	pl_json_start(b, 1);
	pl_json_begin_object(b);
	pl_json_key_text(b, "@context", "http://iiif.io/api/presentation/3/context.json");
	pl_json_key_text(b, "id", id);
	pl_json_key_text(b, "type", type);
	pl_json_key(b, "label");
	gal_json_lang_map(b, "none", label);
}

static void metadata_pair(PlJson *b, const char *lang, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	pl_json_begin_object(b);
	pl_json_key(b, "label");
	gal_json_lang_map(b, lang, label);
	pl_json_key(b, "value");
	gal_json_lang_map(b, "none", value);
	pl_json_end_object(b);
}

/* One label, several values: {"none": ["Mark Twain", "E. W. Kemble (ill.)"]}. */
static void metadata_creators(PlJson *b, const char *lang, const char *label, const char *text)
{
	g_auto(GStrv) creators = pl_creators_split(text);
	if (!creators[0])
		return;
	pl_json_begin_object(b);
	pl_json_key(b, "label");
	gal_json_lang_map(b, lang, label);
	pl_json_key(b, "value");
	pl_json_begin_object(b);
	pl_json_key(b, "none");
	pl_json_begin_array(b);
	for (int c = 0; creators[c]; c++)
		pl_json_str(b, creators[c]);
	pl_json_end_array(b);
	pl_json_end_object(b);
	pl_json_end_object(b);
}

/* "requiredStatement": the credit line, when there is one. */
static void credit_member(PlJson *b, const char *lang, const char *credit)
{
	if (!credit || !*credit)
		return;
	pl_json_key(b, "requiredStatement");
	pl_json_begin_object(b);
	pl_json_key(b, "label");
	gal_json_lang_map(b, lang, _("Credit"));
	pl_json_key(b, "value");
	gal_json_lang_map(b, "none", credit);
	pl_json_end_object(b);
}

static gboolean rights_uri(const char *r)
{
	/* Presentation 3 allows only Creative Commons and RightsStatements.org here. */
	return r && (g_str_has_prefix(r, "http://creativecommons.org/") ||
		     g_str_has_prefix(r, "https://creativecommons.org/") ||
		     g_str_has_prefix(r, "http://rightsstatements.org/vocab/") ||
		     g_str_has_prefix(r, "https://rightsstatements.org/vocab/"));
}

/* IIIF 3 lists its rights URIs with http: a CC licence stored with https is
 * written as http (the form the specification expects). Nothing when the
 * rights are not such a URI. */
static void rights_member(PlJson *b, const char *r)
{
	if (!rights_uri(r))
		return;
	if (g_str_has_prefix(r, "https://creativecommons.org/")) {
		g_autofree char *http = g_strconcat("http://", r + strlen("https://"), NULL);
		pl_json_key_text(b, "rights", http);
	} else if (g_str_has_prefix(r, "https://rightsstatements.org/vocab/")) {
		g_autofree char *http = g_strconcat("http://", r + strlen("https://"), NULL);
		pl_json_key_text(b, "rights", http);
	} else {
		pl_json_key_text(b, "rights", r);
	}
}

/* Machine-readable records of the item at its source. */
static void see_also(PlJson *b, const PlIdentifier *id)
{
	g_autofree char *url = NULL;
	const char *format = NULL, *profile = NULL;
	if (g_strcmp0(id->source, "gallica") == 0 && id->local_id) {
		url = g_strdup_printf("https://gallica.bnf.fr/services/OAIRecord?ark=%s", id->local_id);
		format = "text/xml";
		profile = "http://www.openarchives.org/OAI/2.0/oai_dc/";
	} else if (g_strcmp0(id->source, "internet-archive") == 0 && id->local_id) {
		g_autofree char *enc = g_uri_escape_string(id->local_id, NULL, FALSE);
		url = g_strdup_printf("https://archive.org/metadata/%s", enc);
		format = "application/json";
	}
	if (!url)
		return;
	pl_json_begin_object(b);
	pl_json_key_text(b, "id", url);
	pl_json_key_text(b, "type", "Dataset");
	pl_json_key_text(b, "format", format);
	if (profile)
		pl_json_key_text(b, "profile", profile);
	pl_json_end_object(b);
}

/* "homepage": one web page about the resource. */
static void homepage_member(PlJson *b, const char *url, const char *label)
{
	pl_json_key(b, "homepage");
	pl_json_begin_array(b);
	pl_json_begin_object(b);
	pl_json_key_text(b, "id", url);
	pl_json_key_text(b, "type", "Text");
	pl_json_key(b, "label");
	gal_json_lang_map(b, "none", label);
	pl_json_key_text(b, "format", "text/html");
	pl_json_end_object(b);
	pl_json_end_array(b);
}

static void thumbnail(GalSite *site, PlJson *b, GalItem *it)
{
	int w = it->sizes[0];
	g_autofree char *rel = g_strdup_printf("media/%s/%d.jpg", it->id, w);
	g_autofree char *url = gal_site_url(site, rel);
	pl_json_key(b, "thumbnail");
	pl_json_begin_array(b);
	pl_json_begin_object(b);
	pl_json_key_text(b, "id", url);
	pl_json_key_text(b, "type", "Image");
	pl_json_key_text(b, "format", "image/jpeg");
	pl_json_key_int(b, "width", w);
	pl_json_key_int(b, "height", it->w > 0 ? (int)((double)it->h * w / it->w + 0.5) : w);
	pl_json_end_object(b);
	pl_json_end_array(b);
}

static const char *mime_for(const char *ext)
{
	if (g_ascii_strcasecmp(ext, "png") == 0)
		return "image/png";
	if (g_ascii_strcasecmp(ext, "tif") == 0 || g_ascii_strcasecmp(ext, "tiff") == 0)
		return "image/tiff";
	if (g_ascii_strcasecmp(ext, "webp") == 0)
		return "image/webp";
	return "image/jpeg";
}

/* A canvas painted with the item's master, served by its level-0 tiles;
 * labelled when label is not NULL (in the language lang). */
static void canvas_for(GalSite *site, PlJson *b, GalItem *it, const char *canvas,
		       const char *lang, const char *label)
{
	g_autofree char *master_rel = g_strdup_printf("media/%s/master.%s", it->id, it->master_ext);
	g_autofree char *master = gal_site_url(site, master_rel);
	pl_json_begin_object(b);
	pl_json_key_text(b, "id", canvas);
	pl_json_key_text(b, "type", "Canvas");
	if (label) {
		pl_json_key(b, "label");
		gal_json_lang_map(b, lang, label);
	}
	pl_json_key_int(b, "width", it->w);
	pl_json_key_int(b, "height", it->h);
	pl_json_key(b, "items");
	pl_json_begin_array(b);
	pl_json_begin_object(b);
	g_autofree char *ap = g_strconcat(canvas, "/page", NULL);
	pl_json_key_text(b, "id", ap);
	pl_json_key_text(b, "type", "AnnotationPage");
	pl_json_key(b, "items");
	pl_json_begin_array(b);
	pl_json_begin_object(b);
	g_autofree char *anno = g_strconcat(canvas, "/page/painting", NULL);
	pl_json_key_text(b, "id", anno);
	pl_json_key_text(b, "type", "Annotation");
	pl_json_key_text(b, "motivation", "painting");
	pl_json_key_text(b, "target", canvas);
	pl_json_key(b, "body");
	pl_json_begin_object(b);
	pl_json_key_text(b, "id", master);
	pl_json_key_text(b, "type", "Image");
	pl_json_key_text(b, "format", mime_for(it->master_ext));
	pl_json_key_int(b, "width", it->w);
	pl_json_key_int(b, "height", it->h);
	pl_json_key(b, "service");
	pl_json_begin_array(b);
	pl_json_begin_object(b);
	g_autofree char *svc_rel = g_strdup_printf("iiif/%s", it->id);
	g_autofree char *svc = gal_site_url(site, svc_rel);
	pl_json_key_text(b, "id", svc);
	pl_json_key_text(b, "type", "ImageService3");
	pl_json_key_text(b, "profile", "level0");
	pl_json_end_object(b);
	pl_json_end_array(b);
	pl_json_end_object(b); /* body */
	pl_json_end_object(b); /* annotation */
	pl_json_end_array(b);
	pl_json_end_object(b); /* page */
	pl_json_end_array(b);
	pl_json_end_object(b); /* canvas */
}

/* The item's descriptive metadata: label/value pairs for people to read. */
static void manifest_metadata(PlJson *b, const char *lang, const CatalogItem *ci)
{
	pl_json_key(b, "metadata");
	pl_json_begin_array(b);
	metadata_creators(b, lang, _("Creator"), ci->creator);
	metadata_pair(b, lang, _("Date"), ci->date);
	metadata_pair(b, lang, _("Document"), ci->document_title);
	metadata_pair(b, lang, _("Publisher"), ci->publisher);
	metadata_pair(b, lang, _("Institution"), ci->institution);
	for (guint i = 0; ci->identifiers && i < ci->identifiers->len; i++) {
		const PlIdentifier *pid = ci->identifiers->pdata[i];
		metadata_pair(b, lang, _("Identifier"), pid->value);
	}
	if (ci->tags && ci->tags->len) {
		g_autofree char *tags = gal_join(ci->tags, ", ");
		metadata_pair(b, lang, _("Tags"), tags);
	}
	pl_json_end_array(b);
}

/* "navDate": "avant 1870" navigates by the year it names. */
static void nav_date_member(PlJson *b, const CatalogItem *ci)
{
	int nav_year = ci->year_min > PL_DATE_OPEN_START ? ci->year_min : ci->year_max;
	if (!nav_year)
		return;
	g_autofree char *nav = g_strdup_printf("%04d-01-01T00:00:00Z", CLAMP(nav_year, 1, 9999));
	pl_json_key_text(b, "navDate", nav);
}

/* The item's page at its archive, and the archive's record of it. */
static void source_links(PlJson *b, const CatalogItem *ci)
{
	const PlIdentifier *primary = ci->identifiers && ci->identifiers->len ? ci->identifiers->pdata[0] : NULL;
	if (!primary || !primary->url)
		return;
	g_autofree char *home_label = pl_identifier_label(primary);
	homepage_member(b, primary->url, home_label);
	pl_json_key(b, "seeAlso");
	pl_json_begin_array(b);
	see_also(b, primary);
	pl_json_end_array(b);
}

/* "partOf" the site's collection, and the master as a "rendering" to download. */
static void collection_and_master(GalSite *site, PlJson *b, GalItem *it)
{
	g_autofree char *coll = gal_site_url(site, "iiif/collection.json");
	pl_json_key(b, "partOf");
	pl_json_begin_array(b);
	pl_json_begin_object(b);
	pl_json_key_text(b, "id", coll);
	pl_json_key_text(b, "type", "Collection");
	pl_json_end_object(b);
	pl_json_end_array(b);
	g_autofree char *master_rel = g_strdup_printf("media/%s/master.%s", it->id, it->master_ext);
	g_autofree char *master = gal_site_url(site, master_rel);
	pl_json_key(b, "rendering");
	pl_json_begin_array(b);
	pl_json_begin_object(b);
	pl_json_key_text(b, "id", master);
	pl_json_key_text(b, "type", "Image");
	pl_json_key(b, "label");
	gal_json_lang_map(b, site->lang, _("Cleaned master"));
	pl_json_key_text(b, "format", mime_for(it->master_ext));
	pl_json_end_object(b);
	pl_json_end_array(b);
}

int gal_write_manifest(GalSite *site, GalItem *it, GError **error)
{
	CatalogItem *ci = it->ci;
	g_autofree char *rel = g_strdup_printf("items/%s/manifest.json", it->id);
	g_autofree char *id = gal_site_url(site, rel);
	g_autofree char *canvas_rel = g_strdup_printf("items/%s/canvas/1", it->id);
	g_autofree char *canvas = gal_site_url(site, canvas_rel);
	PlJson jb, *b = &jb;
	p3_begin(b, id, "Manifest", it->title);
	if (ci->description && *ci->description) {
		pl_json_key(b, "summary");
		gal_json_lang_map(b, "none", ci->description);
	}
	manifest_metadata(b, site->lang, ci);
	credit_member(b, site->lang, ci->credit);
	rights_member(b, ci->rights);
	nav_date_member(b, ci);
	source_links(b, ci);
	collection_and_master(site, b, it);
	thumbnail(site, b, it);
	/* One canvas painted with the master, served by its level-0 tiles. */
	pl_json_key(b, "items");
	pl_json_begin_array(b);
	canvas_for(site, b, it, canvas, NULL, NULL);
	pl_json_end_array(b);
	g_autofree char *text = gal_json_string(b);
	return gal_out_write(site->out, rel, text, strlen(text), error);
}

/* The label of the n-th view (from 1) of the document labelled doc_label:
 * its name at its archive (Gallica's folio "f12", the Internet Archive's
 * leaf "n12", another archive's page as it gives it), else its title when
 * that says more than the document's name, else "View N" (in *lang, the
 * site's language; the others are "none"). Mirador shows it for the page
 * in place of a bare canvas number. */
static char *view_label(GalSite *site, GalItem *it, const char *doc_label, guint n, const char **lang)
{
	GPtrArray *ids = it->ci->identifiers;
	const PlIdentifier *pid = ids && ids->len ? ids->pdata[0] : NULL;
	*lang = "none";
	if (pid && pid->view && *pid->view) {
		if (g_strcmp0(pid->source, "gallica") == 0)
			return g_strconcat("f", pid->view, NULL);
		if (g_strcmp0(pid->source, "internet-archive") == 0)
			return g_strconcat("n", pid->view, NULL);
		return g_strdup(pid->view);
	}
	if (g_strcmp0(it->title, doc_label) != 0)
		return g_strdup(it->title);
	*lang = site->lang;
	return g_strdup_printf(_("View %u"), n);
}

/* A manifest per document: one canvas per view, in view order (the group's
 * items are sorted so), next to the document's page. */
int gal_write_document_manifests(GalSite *site, GError **error)
{
	for (guint i = 0; i < site->groups[GAL_DOCUMENT]->len; i++) {
		GalGroup *g = site->groups[GAL_DOCUMENT]->pdata[i];
		if (!g->items->len)
			continue;
		GalItem *first = g->items->pdata[0];
		g_autofree char *dir = gal_group_dir(g);
		g_autofree char *rel = g_strdup_printf("%s/manifest.json", dir);
		g_autofree char *id = gal_site_url(site, rel);
		PlJson jb, *b = &jb;
		p3_begin(b, id, "Manifest", g->label);
		pl_json_key(b, "metadata");
		pl_json_begin_array(b);
		metadata_creators(b, site->lang, _("Creator"), first->ci->creator);
		metadata_pair(b, site->lang, _("Publisher"), first->ci->publisher);
		metadata_pair(b, site->lang, _("Institution"), first->ci->institution);
		pl_json_end_array(b);
		credit_member(b, site->lang, first->ci->credit);
		rights_member(b, first->ci->rights);
		thumbnail(site, b, first);
		pl_json_key(b, "items");
		pl_json_begin_array(b);
		for (guint k = 0; k < g->items->len; k++) {
			GalItem *it = g->items->pdata[k];
			g_autofree char *canvas_rel = g_strdup_printf("items/%s/canvas/1", it->id);
			g_autofree char *canvas = gal_site_url(site, canvas_rel);
			const char *lang;
			g_autofree char *label = view_label(site, it, g->label, k + 1, &lang);
			canvas_for(site, b, it, canvas, lang, label);
		}
		pl_json_end_array(b);
		g_autofree char *text = gal_json_string(b);
		if (gal_out_write(site->out, rel, text, strlen(text), error))
			return -1;
	}
	return 0;
}

/* One entry of the collection: a manifest, its label and a thumbnail (the
 * Universal Viewer shows them; Mirador 4 lists labels only). */
static void collection_entry(GalSite *site, PlJson *b, const char *rel, const char *label, GalItem *thumb)
{
	g_autofree char *mid = gal_site_url(site, rel);
	pl_json_begin_object(b);
	pl_json_key_text(b, "id", mid);
	pl_json_key_text(b, "type", "Manifest");
	pl_json_key(b, "label");
	gal_json_lang_map(b, "none", label);
	thumbnail(site, b, thumb);
	pl_json_end_object(b);
}

/* One flat list in the site's order (year, title), each picture once: a
 * document of several views is listed by its document manifest where its
 * first view comes, in place of its views' own manifests (which stay, linked
 * from their pages); every other image by its own manifest. Not nested
 * collections ("Documents", "Images"): Mirador 4 then opens on the
 * sub-collections, each a further file to fetch and a further click, and
 * views listed beside their book would mostly repeat the book's title. A
 * one-view document is its image: the image's manifest, which carries more
 * (navDate, homepage, summary), stands for it. */
int gal_write_collection(GalSite *site, GError **error)
{
	g_autofree char *id = gal_site_url(site, "iiif/collection.json");
	g_autoptr(GHashTable) listed = g_hash_table_new(NULL, NULL);
	PlJson jb, *b = &jb;
	p3_begin(b, id, "Collection", site->cfg->title);
	if (*site->base_url)
		homepage_member(b, site->base_url, site->cfg->title);
	pl_json_key(b, "items");
	pl_json_begin_array(b);
	for (guint i = 0; i < site->items->len; i++) {
		GalItem *it = site->items->pdata[i];
		GalGroup *doc = it->groups[GAL_DOCUMENT];
		if (doc && doc->items->len > 1) {
			if (!g_hash_table_add(listed, doc))
				continue;
			g_autofree char *dir = gal_group_dir(doc);
			g_autofree char *rel = g_strdup_printf("%s/manifest.json", dir);
			collection_entry(site, b, rel, doc->label, doc->items->pdata[0]);
			continue;
		}
		g_autofree char *rel = g_strdup_printf("items/%s/manifest.json", it->id);
		collection_entry(site, b, rel, it->title, it);
	}
	pl_json_end_array(b);
	g_autofree char *text = gal_json_string(b);
	return gal_out_write(site->out, "iiif/collection.json", text, strlen(text), error);
}

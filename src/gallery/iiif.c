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
	int tile = 512;
	JsonArray *tiles = json_object_has_member(o, "tiles") ? json_object_get_array_member(o, "tiles") : NULL;
	if (tiles && json_array_get_length(tiles) > 0)
		tile = (int)json_object_get_int_member_with_default(json_array_get_object_element(tiles, 0),
								     "width", 512);
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

	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "@context");
	json_builder_add_string_value(b, "http://iiif.io/api/image/3/context.json");
	json_builder_set_member_name(b, "id");
	json_builder_add_string_value(b, id);
	json_builder_set_member_name(b, "type");
	json_builder_add_string_value(b, "ImageService3");
	json_builder_set_member_name(b, "protocol");
	json_builder_add_string_value(b, "http://iiif.io/api/image");
	json_builder_set_member_name(b, "profile");
	json_builder_add_string_value(b, "level0");
	json_builder_set_member_name(b, "width");
	json_builder_add_int_value(b, width);
	json_builder_set_member_name(b, "height");
	json_builder_add_int_value(b, height);
	json_builder_set_member_name(b, "tiles");
	json_builder_begin_array(b);
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "width");
	json_builder_add_int_value(b, tile);
	json_builder_set_member_name(b, "height");
	json_builder_add_int_value(b, tile);
	json_builder_set_member_name(b, "scaleFactors");
	json_builder_begin_array(b);
	for (guint i = 0; i < levels->len; i++)
		json_builder_add_int_value(b, g_array_index(levels, Level, i).sf);
	json_builder_end_array(b);
	json_builder_end_object(b);
	json_builder_end_array(b);
	/* Only sizes that exist as full/W,H/0/default.jpg: a level-0 server has
	 * no other. Viewers ask for the whole-image level by those names. */
	json_builder_set_member_name(b, "sizes");
	json_builder_begin_array(b);
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
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "width");
		json_builder_add_int_value(b, l->lw);
		json_builder_set_member_name(b, "height");
		json_builder_add_int_value(b, l->lh);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
	text = gal_json_string(b, TRUE);
	rc = pl_write_file_atomic(info_path, text, strlen(text), error);
out:
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
	g_autoptr(JsonGenerator) gen = json_generator_new();
	json_generator_set_root(gen, root);
	json_generator_set_pretty(gen, TRUE);
	json_generator_set_indent(gen, 1);
	g_autofree char *raw = json_generator_to_data(gen, NULL);
	g_autofree char *fixed = gal_json_for_html(raw);
	g_free(text);
	text = g_strconcat(fixed, "\n", NULL);
	if (pl_write_file_atomic(path, text, strlen(text), NULL))
		g_printerr("planche: warning: %s: cannot update its id\n", path);
	return text;
}

/* ---- Presentation 3 ---- */

/* Opens a Presentation 3 resource: its context, id, type and label. */
static void p3_begin(JsonBuilder *b, const char *id, const char *type, const char *label)
{
	json_builder_begin_object(b);
	pl_json_member_text(b, "@context", "http://iiif.io/api/presentation/3/context.json");
	pl_json_member_text(b, "id", id);
	pl_json_member_text(b, "type", type);
	json_builder_set_member_name(b, "label");
	gal_json_lang_map(b, "none", label);
}

static void metadata_pair(JsonBuilder *b, const char *lang, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "label");
	gal_json_lang_map(b, lang, label);
	json_builder_set_member_name(b, "value");
	gal_json_lang_map(b, "none", value);
	json_builder_end_object(b);
}

/* One label, several values: {"none": ["Mark Twain", "E. W. Kemble (ill.)"]}. */
static void metadata_creators(JsonBuilder *b, const char *lang, const char *label, const char *text)
{
	g_auto(GStrv) creators = pl_creators_split(text);
	if (!creators[0])
		return;
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "label");
	gal_json_lang_map(b, lang, label);
	json_builder_set_member_name(b, "value");
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "none");
	json_builder_begin_array(b);
	for (int c = 0; creators[c]; c++)
		json_builder_add_string_value(b, creators[c]);
	json_builder_end_array(b);
	json_builder_end_object(b);
	json_builder_end_object(b);
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
 * written as http (the form the specification expects). */
static void rights_member(JsonBuilder *b, const char *r)
{
	if (g_str_has_prefix(r, "https://creativecommons.org/")) {
		g_autofree char *http = g_strconcat("http://", r + strlen("https://"), NULL);
		pl_json_member_text(b, "rights", http);
	} else if (g_str_has_prefix(r, "https://rightsstatements.org/vocab/")) {
		g_autofree char *http = g_strconcat("http://", r + strlen("https://"), NULL);
		pl_json_member_text(b, "rights", http);
	} else {
		pl_json_member_text(b, "rights", r);
	}
}

/* Machine-readable records of the item at its source. */
static void see_also(JsonBuilder *b, const PlIdentifier *id)
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
	json_builder_begin_object(b);
	pl_json_member_text(b, "id", url);
	pl_json_member_text(b, "type", "Dataset");
	pl_json_member_text(b, "format", format);
	if (profile)
		pl_json_member_text(b, "profile", profile);
	json_builder_end_object(b);
}

static void thumbnail(GalSite *site, JsonBuilder *b, GalItem *it)
{
	int w = it->sizes[0];
	g_autofree char *rel = g_strdup_printf("media/%s/%d.jpg", it->id, w);
	g_autofree char *url = gal_site_url(site, rel);
	json_builder_set_member_name(b, "thumbnail");
	json_builder_begin_array(b);
	json_builder_begin_object(b);
	pl_json_member_text(b, "id", url);
	pl_json_member_text(b, "type", "Image");
	pl_json_member_text(b, "format", "image/jpeg");
	json_builder_set_member_name(b, "width");
	json_builder_add_int_value(b, w);
	json_builder_set_member_name(b, "height");
	json_builder_add_int_value(b, it->w > 0 ? (int)((double)it->h * w / it->w + 0.5) : w);
	json_builder_end_object(b);
	json_builder_end_array(b);
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

/* A canvas painted with the item's master, served by its level-0 tiles. */
static void canvas_for(GalSite *site, JsonBuilder *b, GalItem *it, const char *canvas)
{
	g_autofree char *master_rel = g_strdup_printf("media/%s/master.%s", it->id, it->master_ext);
	g_autofree char *master = gal_site_url(site, master_rel);
	json_builder_begin_object(b);
	pl_json_member_text(b, "id", canvas);
	pl_json_member_text(b, "type", "Canvas");
	json_builder_set_member_name(b, "width");
	json_builder_add_int_value(b, it->w);
	json_builder_set_member_name(b, "height");
	json_builder_add_int_value(b, it->h);
	json_builder_set_member_name(b, "items");
	json_builder_begin_array(b);
	json_builder_begin_object(b);
	g_autofree char *ap = g_strconcat(canvas, "/page", NULL);
	pl_json_member_text(b, "id", ap);
	pl_json_member_text(b, "type", "AnnotationPage");
	json_builder_set_member_name(b, "items");
	json_builder_begin_array(b);
	json_builder_begin_object(b);
	g_autofree char *anno = g_strconcat(canvas, "/page/painting", NULL);
	pl_json_member_text(b, "id", anno);
	pl_json_member_text(b, "type", "Annotation");
	pl_json_member_text(b, "motivation", "painting");
	pl_json_member_text(b, "target", canvas);
	json_builder_set_member_name(b, "body");
	json_builder_begin_object(b);
	pl_json_member_text(b, "id", master);
	pl_json_member_text(b, "type", "Image");
	pl_json_member_text(b, "format", mime_for(it->master_ext));
	json_builder_set_member_name(b, "width");
	json_builder_add_int_value(b, it->w);
	json_builder_set_member_name(b, "height");
	json_builder_add_int_value(b, it->h);
	json_builder_set_member_name(b, "service");
	json_builder_begin_array(b);
	json_builder_begin_object(b);
	g_autofree char *svc_rel = g_strdup_printf("iiif/%s", it->id);
	g_autofree char *svc = gal_site_url(site, svc_rel);
	pl_json_member_text(b, "id", svc);
	pl_json_member_text(b, "type", "ImageService3");
	pl_json_member_text(b, "profile", "level0");
	json_builder_end_object(b);
	json_builder_end_array(b);
	json_builder_end_object(b); /* body */
	json_builder_end_object(b); /* annotation */
	json_builder_end_array(b);
	json_builder_end_object(b); /* page */
	json_builder_end_array(b);
	json_builder_end_object(b); /* canvas */
}

int gal_write_manifest(GalSite *site, GalItem *it, GError **error)
{
	CatalogItem *ci = it->ci;
	const char *lang = site->lang;
	g_autofree char *rel = g_strdup_printf("items/%s/manifest.json", it->id);
	g_autofree char *id = gal_site_url(site, rel);
	g_autofree char *canvas_rel = g_strdup_printf("items/%s/canvas/1", it->id);
	g_autofree char *canvas = gal_site_url(site, canvas_rel);
	g_autoptr(JsonBuilder) b = json_builder_new();
	p3_begin(b, id, "Manifest", it->title);
	if (ci->description && *ci->description) {
		json_builder_set_member_name(b, "summary");
		gal_json_lang_map(b, "none", ci->description);
	}
	json_builder_set_member_name(b, "metadata");
	json_builder_begin_array(b);
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
	json_builder_end_array(b);
	if (ci->credit && *ci->credit) {
		json_builder_set_member_name(b, "requiredStatement");
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "label");
		gal_json_lang_map(b, lang, _("Credit"));
		json_builder_set_member_name(b, "value");
		gal_json_lang_map(b, "none", ci->credit);
		json_builder_end_object(b);
	}
	if (rights_uri(ci->rights))
		rights_member(b, ci->rights);
	/* "avant 1870" navigates by the year it names */
	int nav_year = ci->year_min > PL_DATE_OPEN_START ? ci->year_min : ci->year_max;
	if (nav_year) {
		g_autofree char *nav = g_strdup_printf("%04d-01-01T00:00:00Z", CLAMP(nav_year, 1, 9999));
		pl_json_member_text(b, "navDate", nav);
	}
	const PlIdentifier *primary = ci->identifiers && ci->identifiers->len ? ci->identifiers->pdata[0] : NULL;
	if (primary && primary->url) {
		json_builder_set_member_name(b, "homepage");
		json_builder_begin_array(b);
		json_builder_begin_object(b);
		pl_json_member_text(b, "id", primary->url);
		pl_json_member_text(b, "type", "Text");
		json_builder_set_member_name(b, "label");
		g_autofree char *home_label = pl_identifier_label(primary);
		gal_json_lang_map(b, "none", home_label);
		pl_json_member_text(b, "format", "text/html");
		json_builder_end_object(b);
		json_builder_end_array(b);
		json_builder_set_member_name(b, "seeAlso");
		json_builder_begin_array(b);
		see_also(b, primary);
		json_builder_end_array(b);
	}
	g_autofree char *coll = gal_site_url(site, "iiif/collection.json");
	json_builder_set_member_name(b, "partOf");
	json_builder_begin_array(b);
	json_builder_begin_object(b);
	pl_json_member_text(b, "id", coll);
	pl_json_member_text(b, "type", "Collection");
	json_builder_end_object(b);
	json_builder_end_array(b);
	json_builder_set_member_name(b, "rendering");
	json_builder_begin_array(b);
	json_builder_begin_object(b);
	g_autofree char *master_rel = g_strdup_printf("media/%s/master.%s", it->id, it->master_ext);
	g_autofree char *master = gal_site_url(site, master_rel);
	pl_json_member_text(b, "id", master);
	pl_json_member_text(b, "type", "Image");
	json_builder_set_member_name(b, "label");
	gal_json_lang_map(b, lang, _("Cleaned master"));
	pl_json_member_text(b, "format", mime_for(it->master_ext));
	json_builder_end_object(b);
	json_builder_end_array(b);
	thumbnail(site, b, it);

	/* One canvas painted with the master, served by its level-0 tiles. */
	json_builder_set_member_name(b, "items");
	json_builder_begin_array(b);
	canvas_for(site, b, it, canvas);
	json_builder_end_array(b);
	json_builder_end_object(b);
	g_autofree char *text = gal_json_string(b, TRUE);
	return gal_out_write(site->out, rel, text, strlen(text), error);
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
		g_autoptr(JsonBuilder) b = json_builder_new();
		p3_begin(b, id, "Manifest", g->label);
		json_builder_set_member_name(b, "metadata");
		json_builder_begin_array(b);
		metadata_creators(b, site->lang, _("Creator"), first->ci->creator);
		metadata_pair(b, site->lang, _("Publisher"), first->ci->publisher);
		metadata_pair(b, site->lang, _("Institution"), first->ci->institution);
		json_builder_end_array(b);
		if (first->ci->credit && *first->ci->credit) {
			json_builder_set_member_name(b, "requiredStatement");
			json_builder_begin_object(b);
			json_builder_set_member_name(b, "label");
			gal_json_lang_map(b, site->lang, _("Credit"));
			json_builder_set_member_name(b, "value");
			gal_json_lang_map(b, "none", first->ci->credit);
			json_builder_end_object(b);
		}
		if (rights_uri(first->ci->rights))
			rights_member(b, first->ci->rights);
		thumbnail(site, b, first);
		json_builder_set_member_name(b, "items");
		json_builder_begin_array(b);
		for (guint k = 0; k < g->items->len; k++) {
			GalItem *it = g->items->pdata[k];
			g_autofree char *canvas_rel = g_strdup_printf("items/%s/canvas/1", it->id);
			g_autofree char *canvas = gal_site_url(site, canvas_rel);
			canvas_for(site, b, it, canvas);
		}
		json_builder_end_array(b);
		json_builder_end_object(b);
		g_autofree char *text = gal_json_string(b, TRUE);
		if (gal_out_write(site->out, rel, text, strlen(text), error))
			return -1;
	}
	return 0;
}

int gal_write_collection(GalSite *site, GError **error)
{
	g_autofree char *id = gal_site_url(site, "iiif/collection.json");
	g_autoptr(JsonBuilder) b = json_builder_new();
	p3_begin(b, id, "Collection", site->cfg->title);
	if (*site->base_url) {
		json_builder_set_member_name(b, "homepage");
		json_builder_begin_array(b);
		json_builder_begin_object(b);
		pl_json_member_text(b, "id", site->base_url);
		pl_json_member_text(b, "type", "Text");
		json_builder_set_member_name(b, "label");
		gal_json_lang_map(b, "none", site->cfg->title);
		pl_json_member_text(b, "format", "text/html");
		json_builder_end_object(b);
		json_builder_end_array(b);
	}
	json_builder_set_member_name(b, "items");
	json_builder_begin_array(b);
	for (guint i = 0; i < site->items->len; i++) {
		GalItem *it = site->items->pdata[i];
		g_autofree char *rel = g_strdup_printf("items/%s/manifest.json", it->id);
		g_autofree char *mid = gal_site_url(site, rel);
		json_builder_begin_object(b);
		pl_json_member_text(b, "id", mid);
		pl_json_member_text(b, "type", "Manifest");
		json_builder_set_member_name(b, "label");
		gal_json_lang_map(b, "none", it->title);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
	g_autofree char *text = gal_json_string(b, TRUE);
	return gal_out_write(site->out, "iiif/collection.json", text, strlen(text), error);
}

/* Fingerprints of what an item's pages (items/ID/index.html and its
 * manifest.json) are made from. A no-change rebuild compares these instead
 * of rendering every page again (70 % of its time before, issue 18).
 *
 * A fingerprint must cover every input of the page or an edit would not
 * reach the site, so it is deliberately wide: the whole catalogue record
 * (every field and run, not only those shown; a run stands for its steps),
 * the site's settings, the planche binary itself (templates and
 * translations change with it), and what the page shows of other items (neighbours, groups). A change
 * outside what a page shows only costs a render and a compare, as before. */
#include "gallery/site.h"

#include <glib/gstdio.h>
#include <libintl.h>
#include <locale.h>
#include <string.h>

#include "util/util.h"

#ifndef PLANCHE_VERSION
#define PLANCHE_VERSION "?"
#endif

/* The fields are laid end to end in one buffer, hashed once (a hash
 * update per field cost more than the rest of the fingerprint). Numbers
 * go in as their 8 bytes (decimal text and printf for the doubles were
 * most of the cost), a string after its length, NULL as length -1: so
 * that "ab"+"c" and "a"+"bc" differ and NULL differs from "". */
typedef GString Fp;

static void put_i(Fp *c, gint64 v)
{
	g_string_append_len(c, (const char *)&v, sizeof v);
}

static void put_s(Fp *c, const char *s)
{
	if (!s) {
		put_i(c, -1);
		return;
	}
	size_t n = strlen(s);
	put_i(c, (gint64)n);
	g_string_append_len(c, s, (gssize)n);
}

static void put_d(Fp *c, double v)
{
	g_string_append_len(c, (const char *)&v, sizeof v);
}

/* A 128-bit non-cryptographic hash (util/hash.c): SHA-256 of every record
 * was 12 % of a no-change rebuild, and a fingerprint only has to tell an
 * edit from none. */
static char *fp_finish(Fp *c)
{
	return pl_hash128_hex(c->str, c->len);
}

static void put_file_stat(Fp *c, const char *path)
{
	GStatBuf st;
	put_s(c, path);
	if (path && g_stat(path, &st) == 0) {
		put_i(c, (gint64)st.st_size);
		put_i(c, (gint64)st.st_mtime);
	} else {
		put_i(c, -1);
	}
}

static void put_run(Fp *c, const CatalogRun *r)
{
	if (!r) {
		put_s(c, NULL);
		return;
	}
	put_i(c, r->id);
	const char *s[] = {r->pipeline, r->pipeline_hash, r->inputs_hash, r->original_sha256,
			   r->started_at, r->status, r->error, r->master_path, r->master_sha256,
			   r->region};
	for (gsize i = 0; i < G_N_ELEMENTS(s); i++)
		put_s(c, s[i]);
	put_d(c, r->seconds);
	put_d(c, r->angle);
	put_i(c, r->master_size);
	put_i(c, r->master_width);
	put_i(c, r->master_height);
	/* Not its steps: a run is written once with them (catalog_run_insert,
	 * one transaction) and never changed, so its row stands for them; the
	 * build reads them only for the pages it renders (issue 18). */
}

/* Every field of the record. */
static void put_catalog_item(Fp *c, const CatalogItem *ci)
{
	put_i(c, ci->id);
	put_i(c, ci->size);
	put_i(c, ci->mtime);
	put_i(c, ci->width);
	put_i(c, ci->height);
	put_i(c, ci->year_min);
	put_i(c, ci->year_max);
	put_i(c, ci->document_id);
	put_i(c, ci->exif_orientation);
	put_d(c, ci->exif_x_resolution);
	put_d(c, ci->exif_y_resolution);
	const char *s[] = {ci->path, ci->sha256, ci->format, ci->status, ci->error, ci->title,
			   ci->creator, ci->date, ci->description, ci->publisher, ci->institution,
			   ci->source, ci->credit, ci->rights, ci->notes, ci->pipeline, ci->added_at,
			   ci->updated_at, ci->document_key, ci->document_title, ci->document,
			   ci->exif_datetime, ci->exif_make, ci->exif_model, ci->exif_artist,
			   ci->exif_copyright, ci->exif_description, ci->exif_resolution_unit};
	for (gsize i = 0; i < G_N_ELEMENTS(s); i++)
		put_s(c, s[i]);
	put_i(c, ci->identifiers ? (gint64)ci->identifiers->len : -1);
	for (guint i = 0; ci->identifiers && i < ci->identifiers->len; i++) {
		const PlIdentifier *id = ci->identifiers->pdata[i];
		const char *f[] = {id->scheme, id->authority, id->local_id, id->view, id->url,
				   id->value, id->source};
		for (gsize k = 0; k < G_N_ELEMENTS(f); k++)
			put_s(c, f[k]);
	}
	put_i(c, ci->tags ? (gint64)ci->tags->len : -1);
	for (guint i = 0; ci->tags && i < ci->tags->len; i++)
		put_s(c, ci->tags->pdata[i]);
	if (ci->overrides) {
		g_autoptr(GList) keys = g_hash_table_get_keys(ci->overrides);
		keys = g_list_sort(keys, (GCompareFunc)strcmp);
		put_i(c, (gint64)g_list_length(keys));
		for (GList *l = keys; l; l = l->next) {
			put_s(c, l->data);
			put_s(c, g_hash_table_lookup(ci->overrides, l->data));
		}
	} else {
		put_i(c, -1);
	}
	put_run(c, ci->last_run);
	put_run(c, ci->good_run);
}

static void put_group(Fp *c, const GalGroup *g)
{
	if (!g) {
		put_s(c, NULL);
		return;
	}
	put_i(c, g->kind);
	put_s(c, g->key);
	put_s(c, g->label);
	put_s(c, g->slug);
}

/* What the page of one item shows of another (the previous and next links). */
static void put_neighbour(Fp *c, const GalItem *it)
{
	if (!it) {
		put_s(c, NULL);
		return;
	}
	put_s(c, it->id);
	put_s(c, it->title);
	put_s(c, it->alt);
}

char *gal_site_fingerprint(GalSite *site)
{
	g_autoptr(GString) c = g_string_sized_new(2048);
	put_s(c, "planche site inputs 3");
	put_s(c, PLANCHE_VERSION);
	/* The binary: templates, assets and page code are compiled into it. */
	g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
	put_file_stat(c, exe);
	put_s(c, site->lang);
	/* a document's views are ordered by file name in the collation's order */
	put_s(c, setlocale(LC_COLLATE, NULL));
	/* The translations are read at run time. */
	const char *dir = bindtextdomain(GAL_DOMAIN, NULL);
	g_autofree char *mo = dir ? g_build_filename(dir, site->lang, "LC_MESSAGES", GAL_DOMAIN ".mo",
						     NULL) : NULL;
	put_file_stat(c, mo);
	const PlConfig *cfg = site->cfg;
	put_s(c, cfg->title);
	put_s(c, cfg->introduction);
	put_s(c, cfg->base_url);
	put_s(c, cfg->language);
	put_s(c, cfg->author);
	put_i(c, cfg->download_originals);
	put_i(c, cfg->page_size);
	put_i(c, (gint64)cfg->n_widths);
	for (gsize i = 0; i < cfg->n_widths; i++)
		put_i(c, cfg->widths[i]);
	put_s(c, site->base_url);
	put_s(c, site->intro);
	put_i(c, site->has_viewer);
	return fp_finish(c);
}

char *gal_item_fingerprint(GalSite *site, const char *site_fp, GalItem *it)
{
	g_autoptr(GString) c = g_string_sized_new(2048);
	put_s(c, site_fp);
	put_catalog_item(c, it->ci);
	/* What the build made of it: derivatives (and info.json), sizes, names. */
	put_s(c, it->id);
	put_s(c, it->title);
	put_s(c, it->alt);
	put_s(c, it->derive_key);
	put_s(c, it->master_ext);
	put_s(c, it->original_ext);
	put_i(c, it->original_abs != NULL);
	put_i(c, it->before_abs != NULL);
	put_i(c, it->before_w);
	put_i(c, it->before_h);
	put_i(c, it->w);
	put_i(c, it->h);
	put_i(c, it->n_sizes);
	for (int i = 0; i < it->n_sizes; i++)
		put_i(c, it->sizes[i]);
	for (int k = 0; k < GAL_N_KINDS; k++) {
		put_group(c, it->groups[k]);
		/* a document's manifest and crumbs may count its views */
		put_i(c, it->groups[k] ? (gint64)it->groups[k]->items->len : -1);
	}
	put_i(c, (gint64)it->tag_groups->len);
	for (guint i = 0; i < it->tag_groups->len; i++)
		put_group(c, it->tag_groups->pdata[i]);
	put_i(c, (gint64)it->creator_groups->len);
	for (guint i = 0; i < it->creator_groups->len; i++)
		put_group(c, it->creator_groups->pdata[i]);
	put_neighbour(c, it->index > 0 ? site->items->pdata[it->index - 1] : NULL);
	put_neighbour(c, it->index + 1 < (int)site->items->len ? site->items->pdata[it->index + 1]
							       : NULL);
	return fp_finish(c);
}

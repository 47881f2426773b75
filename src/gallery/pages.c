/* The kinds of page of a site, in the order the build writes them, the
 * navigation links them and the sitemap lists them; the sitemap comes last. */
#include "gallery/site.h"

#include "util/util.h"

const GalPageKind gal_page_kinds[] = {
	{ .name = "home", .index = "", .kind = GAL_NO_KIND, .in_sitemap = TRUE,
	  .write = gal_write_home },
	{ .name = "browse-all", .index = "browse/index.html", .label = N_("All images"),
	  .kind = GAL_NO_KIND, .in_sitemap = TRUE, .write = gal_write_browse },
	{ .name = "kind-documents", .index = "documents/index.html", .kind = GAL_DOCUMENT,
	  .in_sitemap = TRUE },
	{ .name = "kind-creators", .index = "creators/index.html", .kind = GAL_CREATOR,
	  .in_sitemap = TRUE },
	{ .name = "kind-decades", .index = "decades/index.html", .kind = GAL_DECADE,
	  .in_sitemap = TRUE },
	{ .name = "kind-tags", .index = "tags/index.html", .kind = GAL_TAG, .in_sitemap = TRUE },
	{ .name = "kind-sources", .index = "sources/index.html", .kind = GAL_SOURCE,
	  .in_sitemap = TRUE },
	{ .name = "search", .index = "search/index.html", .label = N_("Search"),
	  .kind = GAL_NO_KIND, .in_sitemap = TRUE, .write = gal_write_search },
	{ .name = "item", .kind = GAL_NO_KIND, .in_sitemap = TRUE,
	  .write_item = gal_write_item_page, .item_rel = "items/%s/index.html", .shows_steps = TRUE },
	{ .name = "manifest", .kind = GAL_NO_KIND, .write_item = gal_write_manifest,
	  .item_rel = "items/%s/manifest.json" },
	{ .name = "document-manifests", .kind = GAL_NO_KIND, .write = gal_write_document_manifests },
	{ .name = "iiif-collection", .kind = GAL_NO_KIND, .write = gal_write_collection },
	{ .name = "feed", .kind = GAL_NO_KIND, .write = gal_write_feed },
	{ .name = "not-found", .kind = GAL_NO_KIND, .write = gal_write_404 },
	{ .name = "sitemap", .kind = GAL_NO_KIND, .write = gal_write_sitemap },
};
const gsize gal_n_page_kinds = G_N_ELEMENTS(gal_page_kinds);

/* The names of an item's own pages, made once a build: its key in the
 * record ("items/ID"), then the files its page kinds write. */
typedef struct {
	int n;          /* files an item writes */
	const char *fmts[8];
	char **names;   /* n + 1 an item: the key, then the files */
} ItemNames;

static char **item_names(const ItemNames *in, guint i)
{
	return in->names + (gsize)i * (gsize)(in->n + 1);
}

typedef struct {
	GalSite *site;
	const char *site_fp;
	char **fps;
	gboolean *same;
	ItemNames *in;
} CurrentCtx;

/* In worker threads: the names, the fingerprint, and whether the pages are
 * the last build's and still there (looking only; nothing is recorded yet). */
static void item_check(int i, gpointer data)
{
	CurrentCtx *ctx = data;
	GalItem *it = ctx->site->items->pdata[i];
	char **names = item_names(ctx->in, (guint)i);
	names[0] = g_strconcat("items/", it->id, NULL);
	for (int r = 0; r < ctx->in->n; r++)
		names[r + 1] = g_strdup_printf(ctx->in->fmts[r], it->id);
	ctx->fps[i] = gal_item_fingerprint(ctx->site, ctx->site_fp, it);
	ctx->same[i] = gal_out_inputs_same(ctx->site->out, names[0], ctx->fps[i],
					   (const char *const *)names + 1, ctx->in->n);
}

/* An item's own pages are rendered only when the fingerprint of their
 * inputs changed since the last build (or a file of them went missing).
 * Fingerprints and looks at the files, a fifth of a no-change rebuild, are
 * shared between threads; what they found is recorded in this one. */
static gboolean *items_current(GalSite *site, const char *site_fp, char **fps, ItemNames *in)
{
	guint len = site->items->len;
	gboolean *current = g_new0(gboolean, len ? len : 1);
	for (gsize k = 0; k < gal_n_page_kinds && in->n < (int)G_N_ELEMENTS(in->fmts); k++)
		if (gal_page_kinds[k].write_item)
			in->fmts[in->n++] = gal_page_kinds[k].item_rel;
	in->names = g_new0(char *, (gsize)len * (gsize)(in->n + 1) + 1);
	CurrentCtx ctx = {.site = site, .site_fp = site_fp, .fps = fps, .same = current, .in = in};
	gal_parallel_for((int)len, gal_threads(site), item_check, &ctx);
	for (guint i = 0; i < len; i++) {
		char **names = item_names(in, i);
		current[i] = gal_out_inputs_settle(site->out, names[0], fps[i],
						   (const char *const *)names + 1, in->n, current[i]);
	}
	return current;
}

/* Items a slice at a time when their pages show the runs' steps, which
 * are read for the slice and let go after it: the steps are the biggest
 * part of the catalogue (118 MB at 100,000 images, issue 18), and a
 * no-change rebuild reads none of them. */
#define STEPS_SLICE 1024

static int write_item_pages(GalSite *site, const GalPageKind *pk, const gboolean *current,
			    GError **error)
{
	const GalleryOptions *opt = site->opt;
	gboolean read = pk->shows_steps && opt->read_steps;
	g_autoptr(GPtrArray) runs = g_ptr_array_new();
	for (guint start = 0; start < site->items->len; start += STEPS_SLICE) {
		guint end = MIN(start + STEPS_SLICE, site->items->len);
		g_ptr_array_set_size(runs, 0);
		for (guint i = start; read && i < end; i++) {
			CatalogRun *run = ((GalItem *)site->items->pdata[i])->ci->good_run;
			if (!current[i] && run->steps_unread)
				g_ptr_array_add(runs, run);
		}
		if (runs->len && opt->read_steps(opt->catalog, runs, error))
			return -1;
		for (guint i = start; i < end; i++)
			if (!current[i] && pk->write_item(site, site->items->pdata[i], error))
				return -1;
		for (guint i = 0; i < runs->len; i++) {
			CatalogRun *run = runs->pdata[i];
			g_ptr_array_set_size(run->steps, 0);
			run->steps_unread = TRUE;
		}
	}
	return 0;
}

int gal_write_pages(GalSite *site, GError **error)
{
	int rc = -1;
	char **fps = g_new0(char *, site->items->len + 1);
	g_autofree char *site_fp = gal_site_fingerprint(site);
	ItemNames names = {0};
	gboolean *current = items_current(site, site_fp, fps, &names);
	/* The pages made from the whole site depend on nothing but the settings
	 * and every item's inputs, its groups and neighbours, in the site's
	 * order: all of which the items' fingerprints, in that order, cover. */
	g_autoptr(GString) all = g_string_new(site_fp);
	for (guint i = 0; i < site->items->len; i++)
		g_string_append(g_string_append_c(all, ' '), fps[i]);
	g_autofree char *all_fp = pl_hash128_hex(all->str, all->len);
	gboolean whole = gal_out_inputs_current_rest(site->out, "site", all_fp);
	for (gsize k = 0; k < gal_n_page_kinds; k++) {
		const GalPageKind *pk = &gal_page_kinds[k];
		if (pk->write_item && write_item_pages(site, pk, current, error))
			goto out;
		if (whole)
			continue;
		if (pk->kind != GAL_NO_KIND && gal_write_groups(site, pk->kind, error))
			goto out;
		if (pk->write && pk->write(site, error))
			goto out;
	}
	if (!whole)
		gal_out_inputs_done(site->out, "site", all_fp);
	for (guint i = 0; i < site->items->len; i++)
		if (!current[i])
			gal_out_inputs_done(site->out, item_names(&names, i)[0], fps[i]);
	rc = 0;
out:
	g_strfreev(names.names);
	g_strfreev(fps);
	g_free(current);
	return rc;
}

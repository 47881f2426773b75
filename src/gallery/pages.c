/* The kinds of page of a site, in the order the build writes them, the
 * navigation links them and the sitemap lists them; the sitemap comes last. */
#include "gallery/site.h"

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
	  .write_item = gal_write_item_page },
	{ .name = "manifest", .kind = GAL_NO_KIND, .write_item = gal_write_manifest },
	{ .name = "document-manifests", .kind = GAL_NO_KIND, .write = gal_write_document_manifests },
	{ .name = "iiif-collection", .kind = GAL_NO_KIND, .write = gal_write_collection },
	{ .name = "feed", .kind = GAL_NO_KIND, .write = gal_write_feed },
	{ .name = "not-found", .kind = GAL_NO_KIND, .write = gal_write_404 },
	{ .name = "sitemap", .kind = GAL_NO_KIND, .write = gal_write_sitemap },
};
const gsize gal_n_page_kinds = G_N_ELEMENTS(gal_page_kinds);

int gal_write_pages(GalSite *site, GError **error)
{
	for (gsize k = 0; k < gal_n_page_kinds; k++) {
		const GalPageKind *pk = &gal_page_kinds[k];
		for (guint i = 0; pk->write_item && i < site->items->len; i++)
			if (pk->write_item(site, site->items->pdata[i], error))
				return -1;
		if (pk->kind != GAL_NO_KIND && gal_write_groups(site, pk->kind, error))
			return -1;
		if (pk->write && pk->write(site, error))
			return -1;
	}
	return 0;
}

/* What 'build' takes from a collection for the gallery: the folder the site
 * goes to and the items, as plain CatalogItems. */
#ifndef PLANCHE_PUBLISH_H
#define PLANCHE_PUBLISH_H

#include "collection/collection.h"

/* The site's folder: out, or site/ in the collection. The build prunes what
 * it no longer writes there, so a folder holding a collection is refused
 * (PL_ERROR_INPUT). */
char *publish_site_dir(const Collection *c, const char *out, GError **error);

/* The gallery's two readers (GalleryOptions's read_items and read_steps,
 * which take the Collection as an untyped pointer). */
/* Every item in id order (CatalogItem*, owned), without its runs' steps; or
 * -1 with an error when the catalogue cannot be read: the build must then
 * stop, not publish a site of the items read so far and remove the others'
 * pages. */
int publish_read_items(gpointer collection, GPtrArray **items, GError **error);
/* The steps of runs (CatalogRun*) that publish_read_items left unread, for
 * the pages a build renders. */
int publish_read_steps(gpointer collection, GPtrArray *runs, GError **error);

#endif

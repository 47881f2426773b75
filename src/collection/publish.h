/* What 'build' takes from a collection for the gallery: the folder the site
 * goes to and the items, as plain CatalogItems. */
#ifndef PLANCHE_PUBLISH_H
#define PLANCHE_PUBLISH_H

#include "collection/collection.h"

/* The site's folder: out, or site/ in the collection. The build prunes what
 * it no longer writes there, so a folder holding a collection is refused
 * (PL_ERROR_INPUT). */
char *publish_site_dir(const Collection *c, const char *out, GError **error);

/* Every item in id order (CatalogItem*, owned); an item that cannot be
 * loaded is told to problem and left out. */
GPtrArray *publish_items(Collection *c, void (*problem)(void *data, const char *line),
			 void *data);

#endif

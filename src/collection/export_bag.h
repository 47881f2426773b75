/* A BagIt bag (RFC 8493, version 1.0) of a collection's masters and,
 * optionally, its originals. */
#ifndef PLANCHE_EXPORT_BAG_H
#define PLANCHE_EXPORT_BAG_H

#include "collection/collection.h"

typedef struct {
	guint files, links, copies, without_master;
	gint64 bytes;
} ExportBagStats;

/* Writes the bag into dir, which must not exist or be empty: it is built in a
 * temporary folder beside it and renamed into place whole, so a bag at dir is
 * always complete. items is of CatalogItem*. Masters are hard links when dir
 * is on the collection's file system, else copies; originals are always
 * copied. Each file is hashed in the bag and must match its recorded SHA-256. source_organization
 * may be NULL or "". */
int export_bag(Collection *c, GPtrArray *items, const char *dir, gboolean originals,
	       const char *source_organization, ExportBagStats *stats, GError **error);

#endif

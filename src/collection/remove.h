/* Forgetting images (planche rm). Their runs, steps, tags, identifiers, EXIF
 * and corrections go with them (foreign keys), and their full-text row.
 * Files on disk stay unless asked: masters, or originals too. */
#ifndef PLANCHE_REMOVE_H
#define PLANCHE_REMOVE_H

#include "collection/collection.h"

typedef struct {
	gboolean delete_masters;   /* the masters planche made in masters/ */
	gboolean delete_originals; /* the original scans too (and the masters) */
	/* What was removed or deleted (problem FALSE), and each file not
	 * deleted, with why (TRUE), as one line. */
	void (*report)(void *data, gboolean problem, const char *line);
	void *report_data;
} RemoveOptions;

typedef struct {
	guint removed;                    /* images the catalogue forgot */
	int kept_masters, kept_originals; /* files left on disk, as asked */
	int not_deleted;                  /* files asked for that stayed */
} RemoveSummary;

/* Forgets the images names name (ids, paths, checksums or identifiers, as
 * catalog_item_resolve takes them), in one transaction: when one is not
 * found, or the catalogue fails, nothing is removed (-1, the message says
 * so). Files are deleted only once the catalogue no longer names them. */
int remove_items(Collection *c, char **names, const RemoveOptions *opts, RemoveSummary *summary,
		 GError **error);

#endif

/* Editing one image's record field by field (planche set): metadata in the
 * item, for catalog_item_update; corrections for the cleaning steps straight
 * into the catalogue, in the rules corrections.c gives (the review's). */
#ifndef PLANCHE_EDIT_H
#define PLANCHE_EDIT_H

#include "collection/collection.h"

/* TRUE for a metadata field or a correction 'set' takes. */
gboolean edit_is_field(const char *key);

/* Sets key to value, or clears it when value is "". Returns 0, maybe with
 * *warning (newly allocated: a date kept as written, not understood), or -1:
 * a value the rules refuse or a pipeline that does not load (PL_ERROR_INPUT),
 * an identifier that is not one, or the catalogue failing. */
/* A correction for the cleaning steps (crop, angle, rotate, levels, skip,
 * reviewed) stored in the canonical text corrections.c gives it, so that
 * what set and the review accept, clean can apply; "" clears it. */
int edit_correction_set(Catalog *cat, const CatalogItem *item, const char *key,
			const char *value, GError **error);

int edit_item_set(Collection *c, CatalogItem *item, const char *key, const char *value,
		  char **warning, GError **error);

#endif

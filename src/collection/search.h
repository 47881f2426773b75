/* Searching the catalogue: the terms of 'planche query'. */
#ifndef PLANCHE_SEARCH_H
#define PLANCHE_SEARCH_H

#include "collection/catalog.h"

/* The ids of the items matching every term, in the order sort asks (NULL:
 * id; "title", "creator", "date", "year", "added", "path", "-" first for
 * descending), at most limit of them (0: all). Free words search the
 * full-text index (titles, creators, descriptions, tags, identifiers,
 * documents) as prefixes, ignoring case and accents; "field:value" terms
 * filter: source, creator, title, tag, status, year (YEAR or FROM..TO),
 * pipeline, identifier; an ARK or a URL alone is an identifier. A bad term
 * or sort is PL_ERROR_INPUT. */
int catalog_search(Catalog *cat, char *const *terms, const char *sort, int limit, GArray **ids,
		   GError **error);
/* Tests: the number of matches from which a filter is checked on each row
 * scanned rather than listed from its index (0: always scanned; -1: the
 * default). Both ways give the same ids. */
void catalog_search_set_dense_at(int n);

#endif

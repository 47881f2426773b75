/* An item's record as JSON and as text, for show and query. */
#ifndef PLANCHE_RECORD_H
#define PLANCHE_RECORD_H

#include <json-glib/json-glib.h>
#include <stdio.h>

#include "collection/catalog.h"

/* The query fields: id, path, sha256, width, height, identifier, view,
 * title, creator, date, source, status, master, region, angle. With full,
 * everything else too: EXIF, tags, identifiers, processing history. */
JsonNode *record_to_json(const CatalogItem *item, gboolean full);
/* The record for a reader: control characters in it are shown escaped
 * (pl_terminal_escape), so stored text cannot drive the terminal. */
void record_print_text(const CatalogItem *item, FILE *out);
/* Pretty JSON text of a node, newly allocated; for a terminal (out one),
 * with the controls JSON leaves raw (DEL, C1, bidi marks) as \u escapes. */
char *record_json_text(JsonNode *node, FILE *out);

#endif

/* An item's record as JSON and as text, for show and query. */
#ifndef PLANCHE_RECORD_H
#define PLANCHE_RECORD_H

#include <stdio.h>

#include "collection/catalog.h"
#include "util/json.h"

/* The query fields: id, path, sha256, width, height, identifier, view,
 * title, creator, date, source, status, master, region, angle. With full,
 * everything else too: EXIF, tags, identifiers, processing history. */
void record_write_json(PlJson *j, const CatalogItem *item, gboolean full);
/* The same members, into the object open in j (to add members of one's own). */
void record_json_members(PlJson *j, const CatalogItem *item, gboolean full);
/* The record for a reader: control characters in it are shown escaped
 * (pl_terminal_escape), so stored text cannot drive the terminal. */
void record_print_text(const CatalogItem *item, FILE *out);
/* A document laid out for a reader (2 spaces a level, "<b>" as it is), and its text when
 * written (j finished; newly allocated); for a terminal (out one), with the
 * controls JSON leaves raw (DEL, C1, bidi marks) as \u escapes. */
void record_json_start(PlJson *j);
char *record_json_text(PlJson *j, FILE *out);

#endif

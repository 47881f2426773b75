/* The metadata sheet's columns, shared by 'add --csv' (reads), 'import'
 * (reads) and 'export --format csv' (writes), so a sheet planche writes is one
 * it reads back. Column names are matched as pl_sheet_column does. */
#ifndef PLANCHE_SHEET_META_H
#define PLANCHE_SHEET_META_H

#include "collection/ingest.h"
#include "provenance/csv.h"

/* Where each known column is in a sheet, -1 when absent. */
typedef struct {
	int file, sha256, identifier, source;
	int title, creator, date, description, publisher, institution;
	int credit, rights, tags, notes, pipeline, document;
} SheetMetaColumns;

/* The accepted spellings of each column; [0] is the one export writes. */
extern const char *const sheet_meta_file_names[];
extern const char *const sheet_meta_sha256_names[];
extern const char *const sheet_meta_identifier_names[];

void sheet_meta_find_columns(PlSheet *sheet, SheetMetaColumns *cols);
/* Field col of a row, or NULL when absent or empty. */
const char *sheet_meta_field(GPtrArray *fields, int col);
/* Fills meta with pointers into fields (which must outlive it). A "source"
 * holding a URL stands for the identifier when there is none. */
void sheet_meta_from_row(const SheetMetaColumns *cols, GPtrArray *fields, IngestMeta *meta);

/* The columns export writes, in order: those import reads, then read-only
 * facts (checksums, sizes, status) that import ignores. */
typedef struct {
	const char *name;
	const char *type; /* Frictionless field type: string, integer, datetime */
	const char *description;
	char *(*value)(const CatalogItem *item); /* newly allocated, NULL for none */
} SheetMetaColumn;

extern const SheetMetaColumn sheet_meta_columns[];
extern const gsize sheet_meta_n_columns;

/* The primary identifier as text that pl_identifier_parse reads back to the
 * same value and view; NULL when the item has none. */
char *sheet_meta_identifier_text(const CatalogItem *item);

#endif

/* The catalogue written out whole: CSV (a sheet 'import' reads back), JSON,
 * Dublin Core XML (oai_dc), and the Frictionless datapackage.json that
 * describes the first two. Rows are streamed from SQLite to the output one
 * at a time, inside one read transaction (one state of the catalogue), so
 * memory stays flat whatever the number of images. */
#ifndef PLANCHE_EXPORT_H
#define PLANCHE_EXPORT_H

#include "collection/catalog.h"
#include "collection/config.h"

typedef enum {
	EXPORT_CSV,
	EXPORT_JSON,
	EXPORT_DC,
} ExportFormat;

/* The data file's name inside an --out folder (catalogue.csv, ...). */
const char *export_file_name(ExportFormat format);

/* Writes every item in format to path, atomically (a temporary file beside
 * it, renamed when complete), or to standard output when path is NULL.
 * With records (JSON only), each item carries the archives' records kept by
 * planche fetch. *n_items counts the items written. */
int export_catalogue(Catalog *cat, ExportFormat format, gboolean records, const char *path,
		     guint *n_items, GError **error);

/* The datapackage.json describing data_name (CSV or JSON), atomically. */
int export_datapackage(const char *path, const char *data_name, ExportFormat format,
		       gboolean records, const PlConfig *cfg, GError **error);

/* Every item (CatalogItem*), loaded in one read transaction: for the bag,
 * which needs them all before it renames the bag into place. */
GPtrArray *export_load_items(Catalog *cat, GError **error);

#endif

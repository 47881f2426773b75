/* Bulk metadata updates from a sheet of the columns 'add --csv' reads (and
 * 'export --format csv' writes): planche import.
 *
 * The whole sheet is one transaction, each row inside a savepoint: a sheet of
 * thousands of rows costs one commit instead of thousands, a gallery build
 * never sees half a sheet, and an interrupted import leaves the catalogue as
 * it was, so it can simply be run again. A row that cannot be applied is
 * undone alone (its savepoint) and reported by line; the others go in. */
#ifndef PLANCHE_IMPORT_H
#define PLANCHE_IMPORT_H

#include "collection/collection.h"
#include "collection/sheet_read.h"

typedef struct {
	gboolean dry_run; /* everything is done, then rolled back */
	/* Each image changed, by its path (problem FALSE), and each row that
	 * could not be applied or had a problem, as "SHEET:LINE: what" (TRUE). */
	void (*report)(void *data, gboolean problem, const char *line);
	void *report_data;
} ImportOptions;

typedef struct {
	int updated, unchanged, failed, warned;
} ImportSummary;

/* Opens the sheet at path and checks it names a column to find images by
 * (file, sha256 or identifier). */
int import_sheet_open(const char *path, SheetReader **out, GError **error);

/* Applies every row of sheet to the images it names. Returns 0 with the
 * summary, or -1 when the catalogue itself failed: then nothing changed. */
int import_sheet(Collection *c, SheetReader *sheet, const ImportOptions *opts,
		 ImportSummary *summary, GError **error);

#endif

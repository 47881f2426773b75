/* Reading a metadata sheet row by row: the one loop 'add --csv' and 'import'
 * share. A row that cannot be read is named "SHEET:LINE: what" and skipped;
 * the others come out with their line, for messages that point at them. */
#ifndef PLANCHE_SHEET_READ_H
#define PLANCHE_SHEET_READ_H

#include "collection/sheet_meta.h"

typedef struct {
	char *path;            /* as given, to name the sheet in messages */
	char *dir;             /* its folder: file cells are relative to it */
	SheetMetaColumns cols; /* where the known columns are */
	/* private */
	char *text;
	PlSheet *sheet;
} SheetReader;

/* Reads the sheet at path and finds its columns. -1 with a message naming
 * the file when it cannot be read or has no header row. */
int sheet_reader_open(const char *path, SheetReader **out, GError **error);
void sheet_reader_free(SheetReader *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SheetReader, sheet_reader_free)

/* The next row: 1 with its fields (the caller unrefs them) and its line, 0
 * at the end, -1 for a row that cannot be read, with *problem saying so as
 * "SHEET:LINE: what" (newly allocated); reading goes on after -1. */
int sheet_reader_next(SheetReader *r, GPtrArray **fields, int *line, char **problem);

/* "SHEET:LINE: what", the way every row is named (newly allocated). */
char *sheet_reader_row_message(const SheetReader *r, int line, const char *what);

#endif

/* RFC 4180 CSV for metadata sheets: reading (quoted fields, embedded commas,
 * quotes and newlines, a UTF-8 BOM, CRLF or LF) and the one writer every CSV
 * planche prints goes through. Pure functions. */
#ifndef PLANCHE_CSV_H
#define PLANCHE_CSV_H

#include <glib.h>

typedef struct PlCsv PlCsv;

/* Reads from a copy of data (len -1 for NUL-terminated). */
PlCsv *pl_csv_new(const char *data, gssize len);
void pl_csv_free(PlCsv *csv);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PlCsv, pl_csv_free)

/* Next record: 1 with *fields (a GPtrArray of char*, caller frees with
 * g_ptr_array_unref) and *line (the line it starts on), 0 at the end, -1 on a
 * malformed record (unterminated quote, stray quote, invalid UTF-8) with a
 * message naming the line; reading may go on after -1. */
int pl_csv_next(PlCsv *csv, GPtrArray **fields, int *line, GError **error);
/* Lines holding only spaces or tabs are skipped, not read as records; a line
 * end inside a quoted field comes out as "\n". The separator is ',' unless
 * set before the first pl_csv_next (';' and '\t' are the usual others). */
void pl_csv_set_separator(PlCsv *csv, char sep);

/* A sheet: a CSV whose first record names the columns. Column names are
 * matched case-insensitively, ignoring spaces, '_' and '-' (and accents, so
 * "Date de création" is also "date_de_creation"). */
typedef struct PlSheet PlSheet;
PlSheet *pl_sheet_new(const char *data, gssize len, GError **error);
void pl_sheet_free(PlSheet *sheet);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PlSheet, pl_sheet_free)
/* Index of the first column among a NULL-terminated list of names, or -1.
 * The names are tried in order, so the preferred spelling goes first. */
int pl_sheet_column(PlSheet *sheet, const char *const *names);
/* Next row, as pl_csv_next. A row with more fields than the header is an error.
 * Shorter rows are padded with "" to the header's width, and rows whose fields
 * are all empty (",,,," left by spreadsheets) are skipped. */
int pl_sheet_next(PlSheet *sheet, GPtrArray **fields, int *line, GError **error);
/* The header: its width and the names as written (NULL past the end). The
 * separator is guessed from the header row: ',', or ';' (Excel in French) or
 * '\t' when those are more frequent there. */
guint pl_sheet_n_columns(PlSheet *sheet);
const char *pl_sheet_column_name(PlSheet *sheet, guint i);

/* ---- writing ---- */

/* Appends one field. It is quoted when it holds ',', ';', a tab, a quote or a
 * line end, or has spaces at an edge (which readers would trim); bad UTF-8 is
 * replaced. A value a spreadsheet would run as a formula (one starting with
 * '=', '+', '-', '@', a tab, a CR or a LF, after any number of apostrophes) gets
 * one leading apostrophe (the OWASP guard), which pl_sheet_next takes off
 * again: an export read back by 'import' is the catalogue unchanged. */
void pl_csv_append_field(GString *out, const char *value);
/* Appends n fields (NULL as "") separated by ',' and ended by CRLF. */
void pl_csv_append_record(GString *out, const char *const *fields, gsize n);
/* The guard alone: value with the apostrophe the writer adds, and a cell
 * with the one the writer added taken off (any other cell as it is). Both
 * newly allocated; pl_csv_unguard(pl_csv_guard(v)) is v. */
char *pl_csv_guard(const char *value);
char *pl_csv_unguard(const char *cell);

#endif

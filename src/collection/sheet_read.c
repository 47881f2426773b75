#include "collection/sheet_read.h"

#include <stdio.h>

#include "util/util.h"

int sheet_reader_open(const char *path, SheetReader **out, GError **error)
{
	g_autofree char *text = NULL;
	gsize len = 0;
	*out = NULL;
	if (!g_file_get_contents(path, &text, &len, error))
		return -1;
	g_autoptr(GError) err = NULL;
	PlSheet *sheet = pl_sheet_new(text, (gssize)len, &err);
	if (!sheet) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s: %s", path, err->message);
		return -1;
	}
	SheetReader *r = g_new0(SheetReader, 1);
	r->path = g_strdup(path);
	r->dir = g_path_get_dirname(path);
	r->text = g_steal_pointer(&text);
	r->sheet = sheet;
	sheet_meta_find_columns(sheet, &r->cols);
	*out = r;
	return 0;
}

void sheet_reader_free(SheetReader *r)
{
	if (!r)
		return;
	pl_sheet_free(r->sheet);
	g_free(r->text);
	g_free(r->dir);
	g_free(r->path);
	g_free(r);
}

char *sheet_reader_row_message(const SheetReader *r, int line, const char *what)
{
	return g_strdup_printf("%s:%d: %s", r->path, line, what);
}

int sheet_reader_next(SheetReader *r, GPtrArray **fields, int *line, char **problem)
{
	g_autoptr(GError) err = NULL;
	*problem = NULL;
	int rc = pl_sheet_next(r->sheet, fields, line, &err);
	if (rc >= 0)
		return rc;
	/* pl_sheet_next's messages start "line N: "; the row is named
	 * "SHEET:N: ..." as every other row problem is. */
	int n = 0, used = 0;
	if (sscanf(err->message, "line %d: %n", &n, &used) == 1 && used > 0)
		*problem = sheet_reader_row_message(r, n, err->message + used);
	else
		*problem = g_strdup_printf("%s: %s", r->path, err->message);
	return -1;
}

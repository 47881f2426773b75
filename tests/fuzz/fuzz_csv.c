/* CSV and sheets from arbitrary bytes: no crash, every call makes progress,
 * and every field handed out is valid UTF-8; every record read, written
 * again by the writer and read back as a sheet, is the same record. */
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "provenance/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_fields(GPtrArray *fields)
{
	if (!fields || fields->len == 0)
		abort();
	for (guint i = 0; i < fields->len; i++)
		if (!g_utf8_validate(fields->pdata[i], -1, NULL))
			abort();
}

static gboolean
all_empty(GPtrArray *fields)
{
	for (guint i = 0; i < fields->len; i++)
		if (*(const char *)fields->pdata[i])
			return FALSE;
	return TRUE;
}

/* The writer's output is read back to the very fields (the formula guard
 * it adds comes off again). */
static void
check_round_trip(GPtrArray *fields)
{
	GString *doc = g_string_new(NULL);
	GPtrArray *header = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *back = NULL;
	PlSheet *sheet;

	if (all_empty(fields)) /* skipped by the sheet reader, as it should */
		goto out;
	for (guint i = 0; i < fields->len; i++)
		g_ptr_array_add(header, g_strdup_printf("c%u", i));
	pl_csv_append_record(doc, (const char *const *)header->pdata, header->len);
	pl_csv_append_record(doc, (const char *const *)fields->pdata, fields->len);
	sheet = pl_sheet_new(doc->str, (gssize)doc->len, NULL);
	if (!sheet || pl_sheet_next(sheet, &back, NULL, NULL) != 1 || back->len != fields->len)
		abort();
	for (guint i = 0; i < fields->len; i++)
		if (strcmp(back->pdata[i], fields->pdata[i]) != 0)
			abort();
	g_ptr_array_unref(back);
	pl_sheet_free(sheet);
out:
	g_ptr_array_unref(header);
	g_string_free(doc, TRUE);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "title", "Date de création", "ark", NULL };
	/* each record or error uses at least one byte */
	size_t budget = size + 2;
	PlCsv *csv = pl_csv_new((const char *)data, (gssize)size);
	PlSheet *sheet;
	GError *error = NULL;
	int r, line, last_line = 0;

	for (;;) {
		GPtrArray *fields = NULL;
		r = pl_csv_next(csv, &fields, &line, &error);
		if (budget-- == 0)
			abort();
		if (r == 0)
			break;
		if (r == 1) {
			check_fields(fields);
			check_round_trip(fields);
			if (line < last_line || error)
				abort();
			last_line = line;
			g_ptr_array_unref(fields);
		} else if (r != -1 || fields || !error) {
			abort();
		}
		g_clear_error(&error);
	}
	pl_csv_free(csv);

	sheet = pl_sheet_new((const char *)data, (gssize)size, &error);
	if (!sheet) {
		if (!error)
			abort();
		g_clear_error(&error);
		return 0;
	}
	(void)pl_sheet_column(sheet, names);
	budget = size + 2;
	for (;;) {
		GPtrArray *fields = NULL;
		r = pl_sheet_next(sheet, &fields, &line, &error);
		if (budget-- == 0)
			abort();
		if (r == 0)
			break;
		if (r == 1) {
			check_fields(fields);
			if (fields->len != pl_sheet_n_columns(sheet))
				abort();
			g_ptr_array_unref(fields);
		}
		g_clear_error(&error);
	}
	pl_sheet_free(sheet);
	return 0;
}

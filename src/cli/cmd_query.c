#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "collection/collection.h"
#include "collection/query_sql.h"
#include "collection/record.h"
#include "collection/search.h"
#include "provenance/csv.h"
#include "util/util.h"

/* One CSV record on standard output, through the writer export uses: raw
 * for a program reading the pipe; on a terminal, no ESC gets through. */
static void print_csv_record(const char *const *fields, gsize n)
{
	/* Asked once: a dump of 100,000 rows made as many ioctl calls. */
	static int tty = -1;
	if (tty < 0)
		tty = isatty(fileno(stdout));
	g_autoptr(GString) line = g_string_new(NULL);
	if (!tty) {
		pl_csv_append_record(line, fields, n);
		fwrite(line->str, 1, line->len, stdout);
		return;
	}
	g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func(g_free);
	for (gsize i = 0; i < n; i++)
		g_ptr_array_add(shown, pl_terminal_escape(fields[i], FALSE));
	pl_csv_append_record(line, (const char *const *)shown->pdata, n);
	fwrite(line->str, 1, line->len, stdout);
}

static void print_sql_row(void *data, const char *const *values, gsize n)
{
	print_csv_record(values, n);
}

/* The records, each written out as it is done (catalog_items_each reads
 * them a batch at a time): a dump of the whole catalogue holds a batch. */
typedef struct {
	PlJson *j;
	gboolean terminal;
} JsonOut;

static int put_json(CatalogItem *item, gpointer data)
{
	JsonOut *jo = data;
	record_write_json(jo->j, item, FALSE);
	g_autofree char *chunk = pl_json_take(jo->j);
	if (jo->terminal) {
		g_autofree char *shown = pl_terminal_escape(chunk, TRUE);
		fputs(shown, stdout);
	} else {
		fputs(chunk, stdout);
	}
	return 0;
}

static const char *master_of(const CatalogItem *item)
{
	return item->good_run ? item->good_run->master_path : NULL;
}

static int put_csv(CatalogItem *item, gpointer data)
{
	(void)data;
	const PlIdentifier *ident = item->identifiers->len ? item->identifiers->pdata[0] : NULL;
	g_autofree char *id = g_strdup_printf("%" G_GINT64_FORMAT, item->id);
	const char *cols[] = {id, item->path, item->status, ident ? ident->value : NULL,
			      ident ? ident->view : NULL, item->title, item->creator,
			      item->date, item->source, master_of(item)};
	print_csv_record(cols, G_N_ELEMENTS(cols));
	return 0;
}

static int put_line(CatalogItem *item, gpointer data)
{
	(void)data;
	const PlIdentifier *ident = item->identifiers->len ? item->identifiers->pdata[0] : NULL;
	g_autofree char *idtext = ident ? g_strdup_printf("%s%s%s", ident->value,
		ident->view ? "/f" : "", ident->view ? ident->view : "") : g_strdup("-");
	/* Stored text may hold an ESC sequence: shown escaped. */
	g_autofree char *title = pl_terminal_escape(item->title ? item->title : item->path, FALSE);
	g_autofree char *ident_shown = pl_terminal_escape(idtext, FALSE);
	printf("%-5" G_GINT64_FORMAT " %-10s %-32s %s\n", item->id, item->status, ident_shown, title);
	return 0;
}

int cmd_query(int argc, char **argv)
{
	g_autofree char *format = NULL, *sort = NULL, *sql = NULL;
	int limit = 0;
	GOptionEntry entries[] = {
		{"format", 0, 0, G_OPTION_ARG_STRING, &format, "table (default), csv or json", "FORMAT"},
		{"sort", 0, 0, G_OPTION_ARG_STRING, &sort, "id, title, creator, date, added or path; '-' first for descending", "FIELD"},
		{"limit", 0, 0, G_OPTION_ARG_INT, &limit, "at most N results", "N"},
		{"sql", 0, 0, G_OPTION_ARG_STRING, &sql, "run a read-only SQL query on the catalogue", "SELECT..."},
		{NULL},
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("[TERMS...] - search the catalogue");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx,
		"Words search titles, creators, descriptions, tags and identifiers, ignoring\n"
		"case and accents. Filters: source:gallica creator:daumier tag:caricature\n"
		"status:failed year:1830..1850 pipeline:engraving identifier:btv1b...");
	int rc = cli_parse(ctx, &argc, &argv);
	if (rc)
		return rc;
	if (!format)
		format = g_strdup("table");
	if (strcmp(format, "table") && strcmp(format, "csv") && strcmp(format, "json"))
		return cli_error(2, "--format is table, csv or json, not '%s'", format);

	g_autoptr(Collection) c = NULL;
	g_autoptr(GError) error = NULL;
	if (collection_open(CATALOG_READONLY, &c, &error) != 0)
		return cli_error(1, "%s", error->message);
	if (sql) {
		if (query_sql(c->cat, sql, print_sql_row, NULL, &error) != 0)
			return cli_error(1, "--sql: %s", error->message);
		return 0;
	}

	int status = 0;
	g_autoptr(GArray) ids = NULL;
	/* One read transaction: one state of the catalogue, and one lock taken
	 * instead of one per statement (ten calls to fcntl per item listed). */
	if (catalog_exec_named(c->cat, "read_begin", &error) != 0)
		return cli_error(1, "%s", error->message);
	g_auto(GStrv) terms = g_new0(char *, (gsize)argc);
	for (int i = 1; i < argc; i++)
		terms[i - 1] = g_strdup(argv[i]);
	if (catalog_search(c->cat, terms, sort, limit, &ids, &error) != 0)
		return cli_error(g_error_matches(error, PL_ERROR, PL_ERROR_INPUT) ? 2 : 1, "%s",
				 error->message);

	if (strcmp(format, "json") == 0) {
		/* Streamed: each record is written out as it is done, so a dump of
		 * the whole catalogue holds one record at a time. */
		PlJson j;
		record_json_start(&j);
		pl_json_begin_array(&j);
		JsonOut jo = {.j = &j, .terminal = isatty(fileno(stdout))}; /* asked once */
		if (catalog_items_each(c->cat, ids, put_json, &jo, &error) != 0) {
			status = cli_error(1, "%s", error->message);
			pl_json_clear(&j);
			goto out;
		}
		pl_json_end_array(&j);
		g_autofree char *out = record_json_text(&j, stdout);
		printf("%s\n", out);
		goto out;
	}
	gboolean csv = strcmp(format, "csv") == 0;
	if (csv) {
		static const char *const header[] = {"id", "path", "status", "identifier", "view",
						     "title", "creator", "date", "source", "master"};
		print_csv_record(header, G_N_ELEMENTS(header));
	}
	else if (ids->len)
		printf("%-5s %-10s %-32s %s\n", "ID", "STATUS", "IDENTIFIER", "TITLE");
	if (catalog_items_each(c->cat, ids, csv ? put_csv : put_line, NULL, &error) != 0) {
		status = cli_error(1, "%s", error->message);
		goto out;
	}
	if (!csv)
		fprintf(stderr, "%u image%s\n", ids->len, ids->len == 1 ? "" : "s");
out:
	catalog_rollback(c->cat);
	return status;
}

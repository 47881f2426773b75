/* planche export: the catalogue as CSV (a sheet 'import' reads back), JSON
 * (both with a Frictionless datapackage.json), Dublin Core XML (oai_dc), or
 * the files themselves as a BagIt bag (RFC 8493). */
#include <errno.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "provenance/names.h"
#include "collection/collection.h"
#include "collection/config.h"
#include "collection/export_bag.h"
#include "collection/fetch.h"
#include "provenance/csv.h"
#include "provenance/rights.h"
#include "collection/sheet_meta.h"
#include "util/util.h"

/* Every item, loaded in one read so the export is one state of the catalogue. */
static GPtrArray *load_items(Collection *c, GError **error)
{
	GPtrArray *items = g_ptr_array_new_with_free_func((GDestroyNotify)catalog_item_free);
	GArray *ids = NULL;
	sqlite3_stmt *begin = catalog_stmt(c->cat, "read_begin");
	int rc = sqlite3_step(begin);
	sqlite3_reset(begin);
	if (rc != SQLITE_DONE) {
		catalog_fail(c->cat, error, "cannot start reading");
		goto fail;
	}
	ids = catalog_item_ids(c->cat);
	for (guint i = 0; i < ids->len; i++) {
		CatalogItem *item = NULL;
		if (catalog_item_load(c->cat, g_array_index(ids, gint64, i), &item, error) != 0)
			goto fail;
		g_ptr_array_add(items, item);
	}
	catalog_rollback(c->cat);
	g_array_unref(ids);
	return items;
fail:
	catalog_rollback(c->cat);
	if (ids)
		g_array_unref(ids);
	g_ptr_array_unref(items);
	return NULL;
}

static GString *write_csv(GPtrArray *items)
{
	GString *out = g_string_new(NULL);
	g_autofree const char **names = g_new0(const char *, sheet_meta_n_columns);
	for (gsize k = 0; k < sheet_meta_n_columns; k++)
		names[k] = sheet_meta_columns[k].name;
	pl_csv_append_record(out, names, sheet_meta_n_columns);
	g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < items->len; i++) {
		g_ptr_array_set_size(values, 0);
		for (gsize k = 0; k < sheet_meta_n_columns; k++)
			g_ptr_array_add(values, sheet_meta_columns[k].value(items->pdata[i]));
		pl_csv_append_record(out, (const char *const *)values->pdata, sheet_meta_n_columns);
	}
	return out;
}

/* The JSON has the CSV's columns, with numbers as numbers and tags as an
 * array; with records (a catalogue), also the archives' records fetched. */
static GString *write_json(GPtrArray *items, Catalog *records)
{
	GString *out = g_string_new("[");
	for (guint i = 0; i < items->len; i++) {
		const CatalogItem *item = items->pdata[i];
		g_string_append(out, i ? ",\n  {" : "\n  {");
		for (gsize k = 0; k < sheet_meta_n_columns; k++) {
			const SheetMetaColumn *col = &sheet_meta_columns[k];
			if (k)
				g_string_append(out, ", ");
			pl_json_append_string(out, col->name);
			g_string_append(out, ": ");
			if (strcmp(col->name, "tags") == 0) {
				g_string_append_c(out, '[');
				for (guint t = 0; t < item->tags->len; t++) {
					if (t)
						g_string_append(out, ", ");
					pl_json_append_string(out, item->tags->pdata[t]);
				}
				g_string_append_c(out, ']');
				continue;
			}
			g_autofree char *v = col->value(item);
			if (!v)
				g_string_append(out, "null");
			else if (strcmp(col->type, "integer") == 0)
				g_string_append(out, v); /* made by int_text: digits only */
			else
				pl_json_append_string(out, v);
		}
		if (records) {
			g_autoptr(JsonNode) list = fetch_records_json(records, item->id, TRUE);
			g_autofree char *text = json_to_string(list, FALSE);
			g_string_append_printf(out, ", \"fetched_records\": %s", text);
		}
		g_string_append_c(out, '}');
	}
	g_string_append(out, items->len ? "\n]\n" : "]\n");
	return out;
}

/* Frictionless Data Package describing the one data file. A CSV is a
 * tabular data resource; a JSON array of objects is not one (the tabular
 * profile wants CSV or inline rows), so it is a plain data resource with
 * the same schema for the reader. */
static GString *write_datapackage(const char *data_name, gboolean json, gboolean records,
				  const PlConfig *cfg)
{
	GString *out = g_string_new(NULL);
	g_string_append_printf(out, "{\n  \"profile\": \"%s\",\n"
			       "  \"name\": \"planche-catalogue\",\n  \"title\": ",
			       json ? "data-package" : "tabular-data-package");
	pl_json_append_string(out, cfg && *cfg->title ? cfg->title : "planche catalogue");
	g_autofree char *now = pl_now_iso8601();
	g_string_append(out, ",\n  \"created\": ");
	pl_json_append_string(out, now);
	if (cfg && *cfg->author) {
		g_string_append(out, ",\n  \"contributors\": [{\"title\": ");
		pl_json_append_string(out, cfg->author);
		g_string_append(out, ", \"role\": \"author\"}]");
	}
	g_string_append(out, ",\n  \"resources\": [{\n    \"name\": \"catalogue\",\n    \"path\": ");
	pl_json_append_string(out, data_name);
	g_string_append_printf(out,
		",\n    \"profile\": \"%s\",\n"
		"    \"format\": \"%s\",\n    \"mediatype\": \"%s\",\n    \"encoding\": \"utf-8\",\n",
		json ? "data-resource" : "tabular-data-resource", json ? "json" : "csv",
		json ? "application/json" : "text/csv");
	if (!json)
		g_string_append(out, "    \"dialect\": {\"delimiter\": \",\", \"lineTerminator\": \"\\r\\n\", "
				     "\"quoteChar\": \"\\\"\", \"doubleQuote\": true, \"header\": true},\n");
	g_string_append(out, "    \"schema\": {\n      \"fields\": [");
	for (gsize k = 0; k < sheet_meta_n_columns; k++) {
		const SheetMetaColumn *col = &sheet_meta_columns[k];
		const char *type = json && strcmp(col->name, "tags") == 0 ? "array" : col->type;
		g_string_append(out, k ? ",\n        {\"name\": " : "\n        {\"name\": ");
		pl_json_append_string(out, col->name);
		g_string_append(out, ", \"type\": ");
		pl_json_append_string(out, type);
		g_string_append(out, ", \"description\": ");
		pl_json_append_string(out, col->description);
		g_string_append_c(out, '}');
	}
	if (records)
		g_string_append(out, ",\n        {\"name\": \"fetched_records\", \"type\": \"array\", "
				     "\"description\": \"the archives' records fetched for the image: url, "
				     "archive, identifier, retrieved_at, content_type, fields read, body as served\"}");
	g_string_append(out, "\n      ],\n      \"primaryKey\": [\"file\"],\n"
			     "      \"missingValues\": [\"\"]\n    }\n  }]\n}\n");
	return out;
}

static const char *mime_type(const char *format)
{
	static const char *const types[][2] = {
		{"jpeg", "image/jpeg"}, {"tiff", "image/tiff"}, {"png", "image/png"},
		{"jp2", "image/jp2"}, {"webp", "image/webp"},
	};
	for (size_t i = 0; format && i < G_N_ELEMENTS(types); i++)
		if (strcmp(format, types[i][0]) == 0)
			return types[i][1];
	return NULL;
}

static void dc_element(GString *out, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	g_autofree char *v = pl_html_escape(value);
	g_string_append_printf(out, "    <dc:%s>%s</dc:%s>\n", name, v, name);
}

/* One oai_dc record per image, in a planche:records root whose schema
 * (tests/fixtures/dc/records.xsd) imports oai_dc.xsd: each record is as an
 * OAI-PMH repository would serve it. */
static GString *write_dc(GPtrArray *items)
{
	GString *out = g_string_new(
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<planche:records xmlns:planche=\"urn:planche:records:1\"\n"
		"         xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\"\n"
		"         xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
		"         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n");
	for (guint i = 0; i < items->len; i++) {
		const CatalogItem *item = items->pdata[i];
		g_string_append(out, "  <oai_dc:dc xsi:schemaLocation=\"http://www.openarchives.org/OAI/2.0/oai_dc/ "
				     "http://www.openarchives.org/OAI/2.0/oai_dc.xsd\">\n");
		dc_element(out, "title", item->title);
		g_auto(GStrv) creators = pl_creators_split(item->creator);
		for (int c = 0; creators[c]; c++)
			dc_element(out, "creator", creators[c]);
		dc_element(out, "date", item->date);
		dc_element(out, "description", item->description);
		for (guint t = 0; t < item->tags->len; t++)
			dc_element(out, "subject", item->tags->pdata[t]);
		dc_element(out, "publisher", item->publisher);
		/* The identifier in one form (an ARK with its view); the source is
		 * the URL anyone can open, not the credit line. */
		for (guint k = 0; k < item->identifiers->len; k++) {
			const PlIdentifier *ident = item->identifiers->pdata[k];
			g_autofree char *idv = ident->view && g_strcmp0(ident->scheme, "ark") == 0
						       ? g_strdup_printf("%s/f%s", ident->value, ident->view)
						       : g_strdup(ident->value);
			dc_element(out, "identifier", idv);
			if (ident->url && (g_str_has_prefix(ident->url, "https://") ||
					   g_str_has_prefix(ident->url, "http://")))
				dc_element(out, "source", ident->url);
		}
		dc_element(out, "rights", item->rights);
		if (item->rights)
			dc_element(out, "rights", pl_rights_label(item->rights));
		if (item->credit)
			dc_element(out, "rights", item->credit);
		dc_element(out, "type", "StillImage");
		dc_element(out, "format", mime_type(item->format));
		g_string_append(out, "  </oai_dc:dc>\n");
	}
	g_string_append(out, "</planche:records>\n");
	return out;
}

static int write_out(const char *path, GString *data, GError **error)
{
	if (!path) {
		if (fwrite(data->str, 1, data->len, stdout) != data->len || fflush(stdout) != 0) {
			g_set_error(error, PL_ERROR, PL_ERROR_IO, "cannot write to standard output: %s",
				    g_strerror(errno));
			return -1;
		}
		return 0;
	}
	return pl_write_file_atomic(path, data->str, data->len, error);
}

/* --out names a folder (the data and datapackage.json go in it) when it is
 * one, ends in '/' or has no extension; otherwise the one data file. */
static gboolean out_is_dir(const char *out)
{
	if (g_file_test(out, G_FILE_TEST_IS_DIR) || g_str_has_suffix(out, "/"))
		return TRUE;
	g_autofree char *base = g_path_get_basename(out);
	return strchr(base, '.') == NULL;
}

int cmd_export(int argc, char **argv)
{
	g_autofree char *format = NULL, *out = NULL, *bag = NULL;
	gboolean originals = FALSE, records = FALSE;
	GOptionEntry entries[] = {
		{"format", 'f', 0, G_OPTION_ARG_STRING, &format, "csv (default), json or dc (Dublin Core XML)", "FORMAT"},
		{"out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "a folder (data file and datapackage.json) or one file; default: standard output", "DIR|FILE"},
		{"bag", 0, 0, G_OPTION_ARG_FILENAME, &bag, "write a BagIt bag of the masters into DIR (a new folder)", "DIR"},
		{"originals", 0, 0, G_OPTION_ARG_NONE, &originals, "with --bag: the originals too", NULL},
		{"records", 0, 0, G_OPTION_ARG_NONE, &records, "with --format json: the archives' records fetched (planche fetch)", NULL},
		{NULL},
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("- the catalogue as CSV, JSON or Dublin Core, or a BagIt bag");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx,
		"--format csv writes a sheet 'planche import' reads back (a round trip\n"
		"changes nothing); json the same columns as objects. With --out DIR, the file\n"
		"(catalogue.csv or catalogue.json) comes with a Frictionless datapackage.json;\n"
		"--out is a folder when it is one, ends in '/' or has no extension.\n"
		"--format dc writes one oai_dc record per image (catalogue-dc.xml in DIR).\n"
		"\n"
		"--bag DIR writes a BagIt 1.0 bag of the masters (and the originals with\n"
		"--originals) under DIR/data. Masters are hard links when DIR is on the same\n"
		"file system (planche never rewrites a master in place), else copies;\n"
		"originals are always copied. The recorded SHA-256 of every file is checked\n"
		"against the file in the bag; a mismatch stops the bag (run 'planche verify').");
	g_autoptr(Collection) c = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) items = NULL;
	g_autoptr(PlConfig) cfg = NULL;
	int status = cli_parse(ctx, &argc, &argv);
	if (status)
		return status;
	if (argc > 1)
		return cli_error(2, "export takes no arguments; see 'planche export --help'");
	if (bag && (format || out))
		return cli_error(2, "--bag writes files, not a format: give --bag or --format/--out");
	if (originals && !bag)
		return cli_error(2, "--originals goes with --bag");
	if (!format)
		format = g_strdup("csv");
	if (records && strcmp(format, "json") != 0)
		return cli_error(2, "--records goes with --format json");
	gboolean is_csv = strcmp(format, "csv") == 0, is_json = strcmp(format, "json") == 0;
	if (!bag && !is_csv && !is_json && strcmp(format, "dc") != 0)
		return cli_error(2, "--format is csv, json or dc, not '%s'", format);
	/* Export only reads the catalogue: no lock, and it works read-only. */
	if (collection_open(CATALOG_READONLY, &c, &error) != 0)
		return cli_error(1, "%s", error->message);
	if (pl_config_load(c->root, &cfg, &error) != 0)
		return cli_error(1, "%s", error->message);
	if (!(items = load_items(c, &error)))
		return cli_error(1, "%s", error->message);
	if (bag) {
		ExportBagStats stats;
		if (export_bag(c, items, bag, originals, cfg->author, &stats, &error) != 0)
			return cli_error(1, "%s", error->message);
		printf("bag %s: %u files, %" G_GINT64_FORMAT " bytes (%u hard links, %u copies)\n",
		       bag, stats.files, stats.bytes, stats.links, stats.copies);
		if (stats.without_master)
			printf("%u images have no master yet and are not in the bag\n", stats.without_master);
		return 0;
	}
	g_autoptr(GString) data = is_csv ? write_csv(items) : is_json ? write_json(items, records ? c->cat : NULL) : write_dc(items);
	const char *data_name = is_csv ? "catalogue.csv" : is_json ? "catalogue.json" : "catalogue-dc.xml";
	if (!out || !out_is_dir(out)) {
		if (write_out(out, data, &error) != 0)
			return cli_error(1, "%s", error->message);
		return 0;
	}
	g_autofree char *data_path = g_build_filename(out, data_name, NULL);
	if (pl_mkdir_p(out, &error) != 0 || write_out(data_path, data, &error) != 0)
		return cli_error(1, "%s", error->message);
	printf("%s (%u images)\n", data_path, items->len);
	if (!is_csv && !is_json)
		return 0;
	g_autoptr(GString) package = write_datapackage(data_name, is_json, records, cfg);
	g_autofree char *package_path = g_build_filename(out, "datapackage.json", NULL);
	if (write_out(package_path, package, &error) != 0)
		return cli_error(1, "%s", error->message);
	printf("%s\n", package_path);
	return 0;
}

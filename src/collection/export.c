#include "collection/export.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "collection/fetch.h"
#include "collection/sheet_meta.h"
#include "provenance/csv.h"
#include "provenance/names.h"
#include "provenance/rights.h"
#include "util/json.h"
#include "util/util.h"

/* ---- the output: standard output, or a temporary file renamed at the end ---- */

typedef struct {
	FILE *f;
	const char *path; /* NULL: standard output */
	char *tmp;
} Out;

static int out_open(Out *o, const char *path, GError **error)
{
	memset(o, 0, sizeof *o);
	o->path = path;
	if (!path) {
		o->f = stdout;
		return 0;
	}
	o->tmp = pl_tmp_path_for(path);
	if (!(o->f = g_fopen(o->tmp, "wb"))) {
		g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s: cannot write: %s", path, g_strerror(errno));
		g_clear_pointer(&o->tmp, g_free);
		return -1;
	}
	return 0;
}

static int out_fail(Out *o, GError **error)
{
	if (error && !*error)
		g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s: cannot write: %s",
			    o->path ? o->path : "standard output", g_strerror(errno));
	return -1;
}

/* Writes s and empties it, so one buffer serves every row. */
static int out_put(Out *o, GString *s, GError **error)
{
	if (s->len && fwrite(s->str, 1, s->len, o->f) != s->len)
		return out_fail(o, error);
	g_string_truncate(s, 0);
	return 0;
}

/* Completes the file (flushed, synced, renamed into place), or leaves
 * nothing when ok is FALSE. */
static int out_close(Out *o, gboolean ok, GError **error)
{
	int rc = ok ? 0 : -1;
	if (!o->path) {
		if (ok && fflush(o->f) != 0)
			rc = out_fail(o, error);
		return rc;
	}
	if (ok && (fflush(o->f) != 0 || fsync(fileno(o->f)) != 0))
		rc = out_fail(o, error);
	if (fclose(o->f) != 0 && rc == 0)
		rc = out_fail(o, error);
	if (rc == 0 && g_rename(o->tmp, o->path) != 0)
		rc = out_fail(o, error);
	if (rc != 0)
		g_unlink(o->tmp);
	g_free(o->tmp);
	return rc;
}

/* ---- rows ---- */

static void csv_header(GString *s)
{
	g_autofree const char **names = g_new0(const char *, sheet_meta_n_columns);
	for (gsize k = 0; k < sheet_meta_n_columns; k++)
		names[k] = sheet_meta_columns[k].name;
	pl_csv_append_record(s, names, sheet_meta_n_columns);
}

static void csv_row(GString *s, const CatalogItem *item)
{
	char *values[64] = { NULL };
	g_assert(sheet_meta_n_columns <= G_N_ELEMENTS(values));
	for (gsize k = 0; k < sheet_meta_n_columns; k++)
		values[k] = sheet_meta_columns[k].value(item);
	pl_csv_append_record(s, (const char *const *)values, sheet_meta_n_columns);
	for (gsize k = 0; k < sheet_meta_n_columns; k++)
		g_free(values[k]);
}

/* The JSON has the CSV's columns, with numbers as numbers and tags as an
 * array; with records (a catalogue), also the archives' records fetched.
 * One object per line, so the file can also be read line by line. */
static void json_row(GString *s, const CatalogItem *item, Catalog *records, gboolean first)
{
	PlJson j;
	pl_json_init(&j);
	for (gsize k = 0; k < sheet_meta_n_columns; k++) {
		const SheetMetaColumn *col = &sheet_meta_columns[k];
		if (strcmp(col->name, "tags") == 0) {
			pl_json_key(&j, col->name);
			pl_json_begin_array(&j);
			for (guint t = 0; t < item->tags->len; t++)
				pl_json_str(&j, item->tags->pdata[t]);
			pl_json_end_array(&j);
			continue;
		}
		g_autofree char *v = col->value(item);
		if (v && strcmp(col->type, "integer") == 0) {
			pl_json_key(&j, col->name);
			pl_json_int(&j, g_ascii_strtoll(v, NULL, 10));
		} else {
			pl_json_key_str(&j, col->name, v);
		}
	}
	if (records) {
		pl_json_key(&j, "fetched_records");
		fetch_records_write(&j, records, item->id, TRUE);
	}
	g_autofree char *text = pl_json_finish(&j);
	g_string_append(s, first ? "\n" : ",\n");
	g_string_append(s, text);
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

static const char dc_head[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<planche:records xmlns:planche=\"urn:planche:records:1\"\n"
	"         xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\"\n"
	"         xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
	"         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n";

/* One oai_dc record per image, in a planche:records root whose schema
 * (tests/fixtures/dc/records.xsd) imports oai_dc.xsd: each record is as an
 * OAI-PMH repository would serve it. */
static void dc_row(GString *out, const CatalogItem *item)
{
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

/* ---- the catalogue ---- */

const char *export_file_name(ExportFormat format)
{
	return format == EXPORT_CSV ? "catalogue.csv" : format == EXPORT_JSON ? "catalogue.json"
									      : "catalogue-dc.xml";
}

static int read_begin(Catalog *cat, GError **error)
{
	sqlite3_stmt *begin = catalog_stmt(cat, "read_begin");
	int rc = sqlite3_step(begin);
	sqlite3_reset(begin);
	return rc == SQLITE_DONE ? 0 : catalog_fail(cat, error, "cannot start reading");
}

typedef struct {
	Catalog *cat;
	ExportFormat format;
	gboolean records;
	GString *s;
	Out *o;
	guint *n_items;
	GError **error;
} Rows;

static int export_row(CatalogItem *item, gpointer data)
{
	Rows *r = data;
	if (r->format == EXPORT_CSV)
		csv_row(r->s, item);
	else if (r->format == EXPORT_JSON)
		json_row(r->s, item, r->records ? r->cat : NULL, *r->n_items == 0);
	else
		dc_row(r->s, item);
	(*r->n_items)++;
	return r->s->len >= 65536 ? out_put(r->o, r->s, r->error) : 0;
}

int export_catalogue(Catalog *cat, ExportFormat format, gboolean records, const char *path,
		     guint *n_items, GError **error)
{
	Out o;
	int rc = -1, step;
	g_autoptr(GString) s = g_string_sized_new(4096);
	*n_items = 0;
	if (read_begin(cat, error) != 0)
		return -1;
	if (out_open(&o, path, error) != 0) {
		catalog_rollback(cat);
		return -1;
	}
	if (format == EXPORT_CSV)
		csv_header(s);
	else if (format == EXPORT_JSON)
		g_string_append_c(s, '[');
	else
		g_string_append(s, dc_head);
	/* The ids (8 bytes an item), then the items a batch at a time, without
	 * the runs' steps, which no row shows: memory flat in the rows. */
	g_autoptr(GArray) all = g_array_new(FALSE, FALSE, sizeof(gint64));
	sqlite3_stmt *ids = catalog_stmt(cat, "item_ids");
	while ((step = sqlite3_step(ids)) == SQLITE_ROW) {
		gint64 id = sqlite3_column_int64(ids, 0);
		g_array_append_val(all, id);
	}
	sqlite3_reset(ids);
	if (step != SQLITE_DONE) {
		catalog_fail(cat, error, "cannot read the items");
		goto out;
	}
	Rows rows = {.cat = cat, .format = format, .records = records, .s = s, .o = &o,
		     .n_items = n_items, .error = error};
	if (catalog_items_each(cat, all, export_row, &rows, error))
		goto out;
	if (format == EXPORT_JSON)
		g_string_append(s, *n_items ? "\n]\n" : "]\n");
	else if (format == EXPORT_DC)
		g_string_append(s, "</planche:records>\n");
	rc = out_put(&o, s, error);
out:
	sqlite3_reset(ids);
	catalog_rollback(cat);
	return out_close(&o, rc == 0, error);
}

GPtrArray *export_load_items(Catalog *cat, GError **error)
{
	GPtrArray *items = g_ptr_array_new_with_free_func((GDestroyNotify)catalog_item_free);
	int step;
	if (read_begin(cat, error) != 0)
		goto fail;
	sqlite3_stmt *ids = catalog_stmt(cat, "item_ids");
	while ((step = sqlite3_step(ids)) == SQLITE_ROW) {
		CatalogItem *item = NULL;
		if (catalog_item_load(cat, sqlite3_column_int64(ids, 0), &item, error) != 0) {
			sqlite3_reset(ids);
			goto fail;
		}
		g_ptr_array_add(items, item);
	}
	sqlite3_reset(ids);
	if (step != SQLITE_DONE) {
		catalog_fail(cat, error, "cannot read the items");
		goto fail;
	}
	catalog_rollback(cat);
	return items;
fail:
	catalog_rollback(cat);
	g_ptr_array_unref(items);
	return NULL;
}

/* Frictionless Data Package describing the one data file. A CSV is a
 * tabular data resource; a JSON array of objects is not one (the tabular
 * profile wants CSV or inline rows), so it is a plain data resource with
 * the same schema for the reader. */
int export_datapackage(const char *path, const char *data_name, ExportFormat format,
		       gboolean records, const PlConfig *cfg, GError **error)
{
	gboolean json = format == EXPORT_JSON;
	PlJson j;
	pl_json_init(&j);
	pl_json_key(&j, "profile");
	pl_json_str(&j, json ? "data-package" : "tabular-data-package");
	pl_json_key(&j, "name");
	pl_json_str(&j, "planche-catalogue");
	pl_json_key(&j, "title");
	pl_json_str(&j, cfg && *cfg->title ? cfg->title : "planche catalogue");
	g_autofree char *now = pl_now_iso8601();
	pl_json_key(&j, "created");
	pl_json_str(&j, now);
	if (cfg && *cfg->author) {
		pl_json_key(&j, "contributors");
		pl_json_begin_array(&j);
		pl_json_begin_object(&j);
		pl_json_key_str(&j, "title", cfg->author);
		pl_json_key_str(&j, "role", "author");
		pl_json_end_object(&j);
		pl_json_end_array(&j);
	}
	pl_json_key(&j, "resources");
	pl_json_begin_array(&j);
	pl_json_begin_object(&j);
	pl_json_key_str(&j, "name", "catalogue");
	pl_json_key_str(&j, "path", data_name);
	pl_json_key_str(&j, "profile", json ? "data-resource" : "tabular-data-resource");
	pl_json_key_str(&j, "format", json ? "json" : "csv");
	pl_json_key_str(&j, "mediatype", json ? "application/json" : "text/csv");
	pl_json_key_str(&j, "encoding", "utf-8");
	if (!json) {
		pl_json_key(&j, "dialect");
		pl_json_begin_object(&j);
		pl_json_key_str(&j, "delimiter", ",");
		pl_json_key_str(&j, "lineTerminator", "\r\n");
		pl_json_key_str(&j, "quoteChar", "\"");
		pl_json_key_bool(&j, "doubleQuote", TRUE);
		pl_json_key_bool(&j, "header", TRUE);
		pl_json_end_object(&j);
	}
	pl_json_key(&j, "schema");
	pl_json_begin_object(&j);
	pl_json_key(&j, "fields");
	pl_json_begin_array(&j);
	for (gsize k = 0; k < sheet_meta_n_columns; k++) {
		const SheetMetaColumn *col = &sheet_meta_columns[k];
		pl_json_begin_object(&j);
		pl_json_key_str(&j, "name", col->name);
		pl_json_key_str(&j, "type", json && strcmp(col->name, "tags") == 0 ? "array" : col->type);
		pl_json_key_str(&j, "description", col->description);
		pl_json_end_object(&j);
	}
	if (records) {
		pl_json_begin_object(&j);
		pl_json_key_str(&j, "name", "fetched_records");
		pl_json_key_str(&j, "type", "array");
		pl_json_key_str(&j, "description",
			    "the archives' records fetched for the image: url, archive, identifier, "
			    "retrieved_at, content_type, fields read, body as served");
		pl_json_end_object(&j);
	}
	pl_json_end_array(&j);
	pl_json_key(&j, "primaryKey");
	pl_json_begin_array(&j);
	pl_json_str(&j, "file");
	pl_json_end_array(&j);
	pl_json_key(&j, "missingValues");
	pl_json_begin_array(&j);
	pl_json_str(&j, "");
	pl_json_end_array(&j);
	pl_json_end_object(&j);
	pl_json_end_object(&j);
	pl_json_end_array(&j);
	g_autofree char *text = pl_json_finish(&j);
	g_autoptr(GString) s = g_string_new(text);
	g_string_append_c(s, '\n');
	if (!path) {
		Out o;
		out_open(&o, NULL, error);
		return out_close(&o, out_put(&o, s, error) == 0, error);
	}
	return pl_write_file_atomic(path, s->str, s->len, error);
}

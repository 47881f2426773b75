#include "collection/fetch.h"

#include <glib/gstdio.h>
#include <string.h>

#include "collection/ingest.h"
#include "provenance/rights.h"
#include "util/json.h"
#include "util/util.h"

PlHttp *fetch_http_new(const PlConfig *cfg, GError **error)
{
	PlHttpOptions o = {
		.delay = cfg->delay, .timeout = cfg->timeout, .retries = 3, .max_wait = 120,
		.contact = cfg->contact,
	};
	return pl_http_new(&o, error);
}

/* A document's record, or why it could not be had: asked once per batch. */
typedef struct {
	PlFetched *fetched;
	char *error;
} Cached;

static void cached_free(Cached *c)
{
	pl_fetched_free(c->fetched);
	g_free(c->error);
	g_free(c);
}

struct FetchRun {
	Collection *c;
	PlHttp *http;
	FetchOptions opts;
	GHashTable *cache; /* document identifier -> Cached* */
};

FetchRun *fetch_run_new(Collection *c, PlHttp *http, const FetchOptions *opts)
{
	FetchRun *run = g_new0(FetchRun, 1);
	run->c = c;
	run->http = http;
	if (opts)
		run->opts = *opts;
	run->cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)cached_free);
	return run;
}

void fetch_run_free(FetchRun *run)
{
	if (!run)
		return;
	g_hash_table_destroy(run->cache);
	g_free(run);
}

static const PlFetched *document_record(FetchRun *run, const PlIdentifier *ident, GError **error)
{
	Cached *cached = g_hash_table_lookup(run->cache, ident->value);
	if (!cached) {
		cached = g_new0(Cached, 1);
		g_autoptr(GError) err = NULL;
		if (pl_archive_fetch_record(run->http, ident, &cached->fetched, &err) != 0)
			cached->error = g_strdup(err->message);
		g_hash_table_insert(run->cache, g_strdup(ident->value), cached);
	}
	if (cached->error) {
		g_set_error_literal(error, PL_ERROR, PL_ERROR_INPUT, cached->error);
		return NULL;
	}
	return cached->fetched;
}

/* What add puts in by itself is not the user's word: a record may replace it. */
static gboolean is_default(const CatalogItem *item, const char *field, const char *old)
{
	if (g_strcmp0(item->source, "gallica") != 0)
		return FALSE;
	return (strcmp(field, "credit") == 0 && g_strcmp0(old, PL_GALLICA_CREDIT) == 0) ||
	       (strcmp(field, "rights") == 0 && g_strcmp0(old, PL_RIGHTS_PDM) == 0);
}

typedef struct {
	const char *name;
	const char *old;
	const char *value;
	const char **meta_slot;
} Field;

/* Decides field by field, fills meta with what changes and writes the report.
 * Returns the number of changes. */
static int plan_changes(const FetchRun *run, const CatalogItem *item, const PlRecord *r,
			const char *creators, IngestMeta *meta, GString *tags, GString *report)
{
	/* The fields a record is expected to have, first in fields[]: the
	 * report names those it lacks (the others are often absent). */
	const size_t n_expected = 3;
	Field fields[] = {
		{"title", item->title, r->title, &meta->title},
		{"creator", item->creator, creators, &meta->creator},
		{"date", item->date, r->date, &meta->date},
		{"publisher", item->publisher, r->publisher, &meta->publisher},
		{"description", item->description, r->description, &meta->description},
		{"institution", item->institution, r->institution, &meta->institution},
		{"rights", item->rights, r->rights, &meta->rights},
		{"credit", item->credit, r->credit, &meta->credit},
	};
	const char *verb = run->opts.dry_run ? "would set" : "set";
	int changes = 0;
	GString *lacking = g_string_new(NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
		const Field *f = &fields[i];
		if (!f->value) {
			if (i < n_expected)
				g_string_append_printf(lacking, "%s%s", lacking->len ? ", " : "", f->name);
			continue;
		}
		if (g_strcmp0(f->old, f->value) == 0)
			continue;
		gboolean empty = !f->old || !*f->old || is_default(item, f->name, f->old);
		if (!empty && !run->opts.overwrite) {
			g_autofree char *old = g_strdelimit(pl_utf8_sanitize(f->old), "\n", ' ');
			g_autofree char *shown = g_strdelimit(g_strdup(f->value), "\n", ' ');
			g_string_append_printf(report, "\n  kept %s: %s (the record says: %s; --overwrite "
					       "replaces it)", f->name, old, shown);
			continue;
		}
		*f->meta_slot = f->value;
		g_autofree char *shown = g_strdelimit(g_strdup(f->value), "\n", ' ');
		g_string_append_printf(report, "\n  %s %s: %s", verb, f->name, shown);
		changes++;
	}
	for (guint i = 0; i < r->subjects->len; i++) {
		const char *s = r->subjects->pdata[i];
		gboolean have = FALSE;
		for (guint k = 0; k < item->tags->len && !have; k++)
			have = strcmp(item->tags->pdata[k], s) == 0;
		/* a comma or semicolon would split the subject into several tags */
		if (have || strpbrk(s, ",;"))
			continue;
		g_string_append_printf(tags, "%s%s", tags->len ? "," : "", s);
	}
	if (tags->len) {
		meta->tags = tags->str;
		g_string_append_printf(report, "\n  %s tags: +%s", run->opts.dry_run ? "would add" : "added",
				       tags->str);
		changes++;
	}
	if (lacking->len)
		g_string_append_printf(report, "\n  the record has no %s", lacking->str);
	g_string_free(lacking, TRUE);
	return changes;
}

static int store_record(Catalog *cat, gint64 item_id, const PlFetched *f, GError **error)
{
	g_autofree char *fields = pl_record_to_json(f->record);
	gsize len = 0;
	const char *body = g_bytes_get_data(f->body, &len);
	sqlite3_stmt *st = catalog_stmt(cat, "fetched_record_upsert");
	g_autofree char *copy = g_strndup(body, len);
	g_autofree char *valid = pl_utf8_sanitize(copy);
	sqlite3_bind_text(st, 1, f->url, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, f->archive, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, f->identifier, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, f->retrieved_at, -1, SQLITE_TRANSIENT);
	if (f->content_type)
		sqlite3_bind_text(st, 5, f->content_type, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, valid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, fields, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_ROW)
		return catalog_fail(cat, error, "cannot keep the record");
	gint64 record_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	st = catalog_stmt(cat, "item_record_link");
	sqlite3_bind_int64(st, 1, item_id);
	sqlite3_bind_int64(st, 2, record_id);
	if (sqlite3_step(st) != SQLITE_DONE)
		return catalog_fail(cat, error, "cannot keep the record");
	return 0;
}

static char *item_label(const CatalogItem *item)
{
	g_autofree char *path = pl_utf8_sanitize(item->path);
	const PlIdentifier *ident = item->identifiers->len ? item->identifiers->pdata[0] : NULL;
	if (!ident)
		return g_strdup_printf("%" G_GINT64_FORMAT " %s", item->id, path);
	return g_strdup_printf("%" G_GINT64_FORMAT " %s (%s%s%s)", item->id, path, ident->value,
			       ident->view ? ", view " : "", ident->view ? ident->view : "");
}

int fetch_item(FetchRun *run, gint64 item_id, char **report, GError **error)
{
	Catalog *cat = run->c->cat;
	g_autoptr(CatalogItem) item = NULL;
	*report = NULL;
	if (catalog_item_load(cat, item_id, &item, error) != 0)
		return -1;
	g_autofree char *label = item_label(item);
	if (item->identifiers->len == 0) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
			    "%s: no archive identifier to fetch a record for (set one with "
			    "'planche set %" G_GINT64_FORMAT " identifier=…')", label, item->id);
		return -1;
	}
	const PlIdentifier *ident = item->identifiers->pdata[0];
	g_autoptr(GError) err = NULL;
	const PlFetched *f = document_record(run, ident, &err);
	if (!f) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s: %s", label, err->message);
		return -1;
	}
	const PlRecord *r = f->record;
	g_autoptr(GString) joined = g_string_new(NULL);
	for (guint i = 0; i < r->creators->len; i++)
		g_string_append_printf(joined, "%s%s", i ? "; " : "", (const char *)r->creators->pdata[i]);
	const char *creators = joined->len ? joined->str : NULL;
	IngestMeta meta = {0};
	g_autoptr(GString) tags = g_string_new(NULL);
	g_autoptr(GString) lines = g_string_new(NULL);
	if (!run->opts.dry_run && catalog_begin(cat, error) != 0)
		return -1;
	/* Decided on the record as it is inside the transaction: nobody writes between. */
	if (!run->opts.dry_run) {
		catalog_item_free(g_steal_pointer(&item));
		if (catalog_item_load(cat, item_id, &item, error) != 0)
			goto rollback;
	}
	int changes = plan_changes(run, item, r, creators, &meta, tags, lines);
	if (!run->opts.dry_run) {
		g_autoptr(GError) meta_err = NULL;
		if (changes && ingest_apply_meta(item, &meta, &meta_err) != 0)
			g_string_append_printf(lines, "\n  note: %s", meta_err->message);
		if (store_record(cat, item->id, f, error) != 0)
			goto rollback;
		if (changes) {
			const PlIdentifier *primary = item->identifiers->pdata[0];
			if (catalog_item_set_document(cat, item, primary->value, error) != 0 ||
			    catalog_item_update(cat, item, error) != 0)
				goto rollback;
		}
		if (catalog_commit(cat, error) != 0)
			return -1;
	}
	if (changes == 0)
		*report = g_strdup_printf("%s: nothing to fill from %s%s", label, f->url, lines->str);
	else
		*report = g_strdup_printf("%s: %s %d field%s from %s%s", label,
					  run->opts.dry_run ? "would fill" : "filled", changes,
					  changes == 1 ? "" : "s", f->url, lines->str);
	return 0;
rollback:
	catalog_rollback(cat);
	return -1;
}

static void add_id(GArray *ids, GHashTable *seen, gint64 id)
{
	if (g_hash_table_add(seen, g_memdup2(&id, sizeof id)))
		g_array_append_val(ids, id);
}

static gint compare_ids(gconstpointer a, gconstpointer b)
{
	gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
	return x < y ? -1 : x > y;
}

GArray *fetch_select(Collection *c, char **names, gboolean all, gboolean missing,
		     GPtrArray *problems)
{
	GArray *ids = g_array_new(FALSE, FALSE, sizeof(gint64));
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
	if (all || missing) {
		sqlite3_stmt *st = catalog_stmt(c->cat, missing ? "item_ids_unfetched" : "item_ids_identified");
		while (sqlite3_step(st) == SQLITE_ROW)
			add_id(ids, seen, sqlite3_column_int64(st, 0));
		sqlite3_reset(st);
	}
	for (int i = 0; names && names[i]; i++) {
		gint64 id = 0;
		g_autoptr(GError) err = NULL;
		if (catalog_item_resolve(c->cat, names[i], &id, &err) == 0) {
			add_id(ids, seen, id);
			continue;
		}
		/* a folder: the items below it */
		g_autofree char *rel = collection_relpath(c, names[i]);
		if (g_file_test(names[i], G_FILE_TEST_IS_DIR)) {
			g_autoptr(GArray) every = catalog_item_ids(c->cat);
			g_autofree char *prefix = g_str_has_suffix(rel, "/") ? g_strdup(rel)
						  : g_strdup_printf("%s/", rel);
			int found = 0;
			for (guint k = 0; k < every->len; k++) {
				gint64 one = g_array_index(every, gint64, k);
				g_autoptr(CatalogItem) item = NULL;
				if (catalog_item_load(c->cat, one, &item, NULL) == 0 &&
				    (g_str_has_prefix(item->path, prefix) || strcmp(rel, ".") == 0)) {
					add_id(ids, seen, one);
					found++;
				}
			}
			if (found)
				continue;
		}
		g_ptr_array_add(problems, g_strdup(err->message));
	}
	g_array_sort(ids, compare_ids);
	return ids;
}

void fetch_records_write(PlJson *j, Catalog *cat, gint64 item_id, gboolean with_body)
{
	pl_json_begin_array(j);
	sqlite3_stmt *st = catalog_stmt(cat, "fetched_records_by_item");
	sqlite3_bind_int64(st, 1, item_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		pl_json_begin_object(j);
		static const char *const names[] = {"url", "archive", "identifier", "retrieved_at",
						    "content_type"};
		for (int i = 0; i < (int)G_N_ELEMENTS(names); i++)
			pl_json_key_str(j, names[i], (const char *)sqlite3_column_text(st, i));
		pl_json_key(j, "fields");
		pl_json_parsed(j, (const char *)sqlite3_column_text(st, 5));
		if (with_body)
			pl_json_key_str(j, "body", (const char *)sqlite3_column_text(st, 6));
		pl_json_end_object(j);
	}
	sqlite3_reset(st);
	pl_json_end_array(j);
}

JsonNode *fetch_records_json(Catalog *cat, gint64 item_id, gboolean with_body)
{
	PlJson j;
	pl_json_start(&j, 0);
	fetch_records_write(&j, cat, item_id, with_body);
	g_autofree char *text = pl_json_finish(&j);
	return json_from_string(text, NULL);
}

static void print_member(JsonObject *o, const char *name, const char *label, FILE *out)
{
	JsonNode *n = json_object_has_member(o, name) ? json_object_get_member(o, name) : NULL;
	if (!n || JSON_NODE_HOLDS_NULL(n))
		return;
	if (JSON_NODE_HOLDS_ARRAY(n)) {
		JsonArray *a = json_node_get_array(n);
		if (json_array_get_length(a) == 0)
			return;
		GString *s = g_string_new(NULL);
		for (guint i = 0; i < json_array_get_length(a); i++)
			g_string_append_printf(s, "%s%s", i ? "; " : "", json_array_get_string_element(a, i));
		fprintf(out, "  %-12s %s\n", label, s->str);
		g_string_free(s, TRUE);
	} else if (json_node_get_value_type(n) == G_TYPE_INT64) {
		fprintf(out, "  %-12s %" G_GINT64_FORMAT "\n", label, json_node_get_int(n));
	} else if (json_node_get_value_type(n) == G_TYPE_STRING) {
		g_autofree char *v = g_strdelimit(g_strdup(json_node_get_string(n)), "\n", ' ');
		fprintf(out, "  %-12s %s\n", label, v);
	}
}

void fetch_records_print(Catalog *cat, gint64 item_id, FILE *out)
{
	g_autoptr(JsonNode) list = fetch_records_json(cat, item_id, FALSE);
	JsonArray *a = json_node_get_array(list);
	for (guint i = 0; i < json_array_get_length(a); i++) {
		JsonObject *rec = json_array_get_object_element(a, i);
		fprintf(out, "\nrecord         %s\n", json_object_get_string_member(rec, "url"));
		fprintf(out, "  %-12s %s (%s)\n", "fetched", json_object_get_string_member(rec, "retrieved_at"),
			json_object_get_string_member(rec, "archive"));
		JsonNode *fn = json_object_get_member(rec, "fields");
		if (!fn || !JSON_NODE_HOLDS_OBJECT(fn))
			continue;
		JsonObject *f = json_node_get_object(fn);
		static const char *const names[][2] = {
			{"title", "title"}, {"creators", "creators"}, {"date", "date"},
			{"publisher", "publisher"}, {"description", "description"},
			{"subjects", "subjects"}, {"type", "type"}, {"language", "language"},
			{"rights", "rights"}, {"credit", "credit"}, {"institution", "institution"},
			{"shelfmark", "shelfmark"}, {"views", "views"},
		};
		for (size_t k = 0; k < G_N_ELEMENTS(names); k++)
			print_member(f, names[k][0], names[k][1], out);
	}
}

/* Schema upgrades: a catalogue written by schema version 1 (the embedded
 * catalog/001-initial.sql, applied the way an old planche did, rows written
 * with plain SQL) must open with every row intact and end at the newest
 * version; version 2's indexes must serve the queries they were made for. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "collection/catalog.h"
#include "collection/search.h"
#include "tmpdir-fixture.h"
#include "util/util.h"

static void exec_ok(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		g_error("%s\n-- in --\n%s", msg, sql);
}

/* A catalogue as planche with schema 1 left it: the 001 script, then rows
 * written with plain SQL (not today's catalog.c, which could hide a change). */
static void make_v1(const char *path)
{
	g_autoptr(GBytes) sql = g_resources_lookup_data("/planche/catalog/001-initial.sql",
							G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
	g_assert_nonnull(sql);
	g_autofree char *text = g_strndup(g_bytes_get_data(sql, NULL), g_bytes_get_size(sql));
	sqlite3 *db = NULL;
	g_assert_cmpint(sqlite3_open(path, &db), ==, SQLITE_OK);
	exec_ok(db, "PRAGMA foreign_keys = ON; BEGIN");
	exec_ok(db, text);
	exec_ok(db,
		"INSERT INTO documents (id, key, title, creator) VALUES "
		"  (1, 'ark:/12148/btv1b8451605w', 'Les Gens de justice', 'Honoré Daumier');"
		"INSERT INTO items (id, path, size, mtime, sha256, format, width, height, status, "
		"  document_id, title, creator, date, year_min, year_max, source, credit, rights, notes, "
		"  added_at, updated_at) VALUES "
		"  (1, 'scans/btv1b8451605w_f12.jpg', 1234, 1700000000, "
		"   'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'jpeg', 2400, 3200, "
		"   'cleaned', 1, 'Vous aviez faim…', 'Honoré Daumier', 'vers 1845', 1845, 1845, 'gallica', "
		"   'Source gallica.bnf.fr / BnF', 'http://creativecommons.org/publicdomain/mark/1.0/', "
		"   'une note', '2024-01-02T03:04:05Z', '2024-01-02T03:04:05Z'),"
		"  (2, 'scans/plain.tif', 99, 1700000001, "
		"   'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'tiff', 10, 20, "
		"   'registered', NULL, 'Plain', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
		"   '2024-01-02T03:04:06Z', '2024-01-02T03:04:06Z');"
		"INSERT INTO identifiers (item_id, position, scheme, authority, local_id, view, url, value) "
		"  VALUES (1, 0, 'ark', '12148', 'btv1b8451605w', '12', "
		"  'https://gallica.bnf.fr/ark:/12148/btv1b8451605w/f12.item', 'ark:/12148/btv1b8451605w');"
		"INSERT INTO tags (item_id, tag) VALUES (1, 'caricature'), (1, 'justice'), (2, 'plain');"
		"INSERT INTO exif (item_id, make, x_resolution, orientation) VALUES (1, 'Nikon', 300, 1);"
		"INSERT INTO overrides (item_id, key, value) VALUES (1, 'angle', '0.5');"
		"INSERT INTO runs (id, item_id, pipeline, pipeline_hash, original_sha256, started_at, "
		"  seconds, status, master_path, master_size, master_sha256, master_width, master_height, "
		"  region, angle) VALUES (7, 1, 'gallica', 'ph', "
		"  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', "
		"  '2024-01-02T03:05:00Z', 1.5, 'done', 'masters/000001-x.jpg', 555, "
		"  'cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc', 2300, 3100, "
		"  '[[0,0],[1,0],[1,1],[0,1]]', 0.5);"
		"INSERT INTO run_steps (run_id, position, step, params, measured, applied) VALUES "
		"  (7, 0, 'deskew', '{}', '{\"angle\":0.5}', 1), (7, 1, 'trim', '{}', '{}', 0);"
		"INSERT INTO items_fts (rowid, title, creator, description, tags, identifiers, document) "
		"  VALUES (1, 'Vous aviez faim…', 'Honoré Daumier', NULL, 'caricature justice', "
		"  'ark:/12148/btv1b8451605w btv1b8451605w f12', 'Les Gens de justice');");
	exec_ok(db, "COMMIT");
	sqlite3_stmt *st = NULL;
	g_assert_cmpint(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL), ==, SQLITE_OK);
	g_assert_cmpint(sqlite3_step(st), ==, SQLITE_ROW);
	g_assert_cmpint(sqlite3_column_int(st, 0), ==, 1);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void test_v1_data_survives_open(Fixture *f, gconstpointer data)
{
	make_v1(f->db);
	Catalog *cat = NULL;
	g_autoptr(GError) error = NULL;
	g_assert_cmpint(catalog_open(f->db, 0, &cat, &error), ==, 0);
	g_assert_no_error(error);
	g_assert_cmpint(catalog_schema_version(cat), ==, catalog_latest_version());

	g_autoptr(GArray) ids = catalog_item_ids(cat);
	g_assert_cmpuint(ids->len, ==, 2);
	g_autoptr(CatalogItem) item = NULL;
	g_assert_cmpint(catalog_item_load(cat, 1, &item, &error), ==, 0);
	g_assert_cmpstr(item->path, ==, "scans/btv1b8451605w_f12.jpg");
	g_assert_cmpstr(item->title, ==, "Vous aviez faim…");
	g_assert_cmpstr(item->date, ==, "vers 1845");
	g_assert_cmpint(item->year_min, ==, 1845);
	g_assert_cmpstr(item->rights, ==, "http://creativecommons.org/publicdomain/mark/1.0/");
	g_assert_cmpstr(item->added_at, ==, "2024-01-02T03:04:05Z");
	g_assert_cmpstr(item->document_key, ==, "ark:/12148/btv1b8451605w");
	/* v4: no name given, so the identifier's document stays */
	g_assert_null(item->document);
	g_assert_cmpstr(item->exif_make, ==, "Nikon");
	g_assert_cmpuint(item->identifiers->len, ==, 1);
	const PlIdentifier *ident = item->identifiers->pdata[0];
	g_assert_cmpstr(ident->value, ==, "ark:/12148/btv1b8451605w");
	g_assert_cmpstr(ident->view, ==, "12");
	g_assert_cmpuint(item->tags->len, ==, 2);
	g_assert_cmpstr(item->tags->pdata[1], ==, "justice");
	g_assert_cmpstr(g_hash_table_lookup(item->overrides, "angle"), ==, "0.5");
	g_assert_nonnull(item->last_run);
	g_assert_cmpstr(item->last_run->master_path, ==, "masters/000001-x.jpg");
	g_assert_cmpuint(item->last_run->steps->len, ==, 2);
	g_assert_false(((CatalogStep *)item->last_run->steps->pdata[1])->applied);

	/* Look-ups and the full-text index still work on the old rows. */
	gint64 id = 0;
	g_assert_cmpint(catalog_item_resolve(cat, "ark:/12148/btv1b8451605w/f12", &id, &error), ==, 0);
	g_assert_cmpint(id, ==, 1);
	sqlite3_stmt *st = NULL;
	g_assert_cmpint(sqlite3_prepare_v2(catalog_db(cat),
		"SELECT rowid FROM items_fts WHERE items_fts MATCH 'daumier'", -1, &st, NULL), ==, SQLITE_OK);
	g_assert_cmpint(sqlite3_step(st), ==, SQLITE_ROW);
	g_assert_cmpint(sqlite3_column_int64(st, 0), ==, 1);
	sqlite3_finalize(st);

	/* And the old rows take new writes: delete cascades through runs and tags. */
	g_assert_cmpint(catalog_begin(cat, &error), ==, 0);
	g_assert_cmpint(catalog_item_delete(cat, 1, &error), ==, 0);
	g_assert_cmpint(catalog_commit(cat, &error), ==, 0);
	g_assert_cmpint(sqlite3_prepare_v2(catalog_db(cat),
		"SELECT (SELECT count(*) FROM runs) + (SELECT count(*) FROM run_steps) + "
		"(SELECT count(*) FROM tags WHERE item_id = 1)", -1, &st, NULL), ==, SQLITE_OK);
	g_assert_cmpint(sqlite3_step(st), ==, SQLITE_ROW);
	g_assert_cmpint(sqlite3_column_int(st, 0), ==, 0);
	sqlite3_finalize(st);
	catalog_close(cat);

	/* Opening again is a no-op at the newest version. */
	g_assert_cmpint(catalog_open(f->db, 0, &cat, &error), ==, 0);
	g_assert_cmpint(catalog_schema_version(cat), ==, catalog_latest_version());
	g_autoptr(GArray) left = catalog_item_ids(cat);
	g_assert_cmpuint(left->len, ==, 1);
	catalog_close(cat);
}

/* v4: a document named by the archivist groups views whatever their
 * identifiers, and the old rows take the name. */
static void test_v4_named_documents(Fixture *f, gconstpointer data)
{
	make_v1(f->db);
	Catalog *cat = NULL;
	g_autoptr(GError) error = NULL;
	g_assert_cmpint(catalog_open(f->db, 0, &cat, &error), ==, 0);
	g_assert_cmpint(catalog_schema_version(cat), >=, 4);
	g_assert_cmpint(catalog_begin(cat, &error), ==, 0);
	for (gint64 id = 1; id <= 2; id++) {
		g_autoptr(CatalogItem) item = NULL;
		g_assert_cmpint(catalog_item_load(cat, id, &item, &error), ==, 0);
		item->document = g_strdup("Les Gens de justice");
		g_assert_cmpint(catalog_item_link_document(cat, item, &error), ==, 0);
		g_assert_cmpint(catalog_item_update(cat, item, &error), ==, 0);
	}
	g_assert_cmpint(catalog_commit(cat, &error), ==, 0);
	g_autoptr(CatalogItem) a = NULL, b = NULL;
	g_assert_cmpint(catalog_item_load(cat, 1, &a, &error), ==, 0);
	g_assert_cmpint(catalog_item_load(cat, 2, &b, &error), ==, 0);
	g_assert_cmpstr(a->document, ==, "Les Gens de justice");
	g_assert_cmpint(a->document_id, ==, b->document_id);
	g_assert_cmpstr(a->document_key, ==, "document:Les Gens de justice");
	g_assert_cmpstr(b->document_title, ==, "Les Gens de justice");
	catalog_close(cat);
}

static int count_rows(sqlite3 *db, const char *table)
{
	g_autofree char *sql = g_strdup_printf("SELECT count(*) FROM %s", table);
	sqlite3_stmt *st = NULL;
	g_assert_cmpint(sqlite3_prepare_v2(db, sql, -1, &st, NULL), ==, SQLITE_OK);
	g_assert_cmpint(sqlite3_step(st), ==, SQLITE_ROW);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* The plan SQLite chooses for sql, its details joined. */
static char *plan_of(sqlite3 *db, const char *sql)
{
	g_autofree char *explain = g_strconcat("EXPLAIN QUERY PLAN ", sql, NULL);
	sqlite3_stmt *st = NULL;
	GString *plan = g_string_new(NULL);
	g_assert_cmpint(sqlite3_prepare_v2(db, explain, -1, &st, NULL), ==, SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		g_string_append_printf(plan, "%s\n", sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
	return g_string_free(plan, FALSE);
}

static void assert_plan_uses(sqlite3 *db, const char *sql, const char *index)
{
	g_autofree char *plan = plan_of(db, sql);
	if (!strstr(plan, index))
		g_error("%s\ndoes not use %s:\n%s", sql, index, plan);
}

static GArray *search(Catalog *cat, const char *a, const char *b)
{
	char *terms[] = { (char *)a, (char *)b, NULL };
	GArray *ids = NULL;
	g_autoptr(GError) error = NULL;
	g_assert_cmpint(catalog_search(cat, terms, NULL, 0, &ids, &error), ==, 0);
	g_assert_no_error(error);
	return ids;
}

static gint64 only_id(GArray *ids)
{
	gint64 id = ids->len == 1 ? g_array_index(ids, gint64, 0) : -(gint64)ids->len;
	g_array_unref(ids);
	return id;
}

/* Version 2 keeps every row of version 1 and adds indexes that the queries
 * of a large collection use instead of reading every row. */
/* A real version-1 catalogue opened (so migrated) by this planche: at
 * least version min, every table with the rows it had. */
static Catalog *migrate_v1_keeping_rows(Fixture *f, int min)
{
	make_v1(f->db);
	static const char *const tables[] = { "documents", "items", "identifiers", "tags", "exif",
					      "overrides", "runs", "run_steps", "items_fts" };
	int before[G_N_ELEMENTS(tables)];
	sqlite3 *raw = NULL;
	g_assert_cmpint(sqlite3_open(f->db, &raw), ==, SQLITE_OK);
	for (guint i = 0; i < G_N_ELEMENTS(tables); i++)
		before[i] = count_rows(raw, tables[i]);
	sqlite3_close(raw);

	Catalog *cat = NULL;
	g_autoptr(GError) error = NULL;
	g_assert_cmpint(catalog_open(f->db, 0, &cat, &error), ==, 0);
	g_assert_cmpint(catalog_schema_version(cat), >=, min);
	sqlite3 *db = catalog_db(cat);
	for (guint i = 0; i < G_N_ELEMENTS(tables); i++)
		g_assert_cmpint(count_rows(db, tables[i]), ==, before[i]);
	return cat;
}

static void test_v2_indexes(Fixture *f, gconstpointer data)
{
	Catalog *cat = migrate_v1_keeping_rows(f, 2);
	sqlite3 *db = catalog_db(cat);

	/* tags_tag_nocase, replaced in version 5 by tags_tag_item */
	assert_plan_uses(db, "SELECT item_id FROM tags WHERE tag = 'x' COLLATE NOCASE",
			 "tags_tag_item");
	assert_plan_uses(db, "SELECT id FROM items i WHERE i.year_min <= 1850 AND i.year_max >= 1830 "
			     "ORDER BY i.year_min LIMIT 60", "items_year");
	assert_plan_uses(db, "SELECT id FROM items i ORDER BY i.title COLLATE NOCASE, i.id LIMIT 60",
			 "items_title");
	assert_plan_uses(db, "SELECT id FROM items i ORDER BY i.creator COLLATE NOCASE, i.id LIMIT 60",
			 "items_creator");
	assert_plan_uses(db, "SELECT id FROM items WHERE sha256 >= 'ab' AND sha256 < 'abg' LIMIT 2",
			 "sqlite_autoindex_items");
	assert_plan_uses(db, "SELECT DISTINCT master_path FROM runs WHERE master_path IS NOT NULL "
			     "ORDER BY master_path", "runs_master");
	assert_plan_uses(db, "DELETE FROM documents WHERE NOT EXISTS "
			     "(SELECT 1 FROM items WHERE items.document_id = documents.id)",
			 "items_document");

	/* The query forms find the old rows. */
	g_assert_cmpint(only_id(search(cat, "creator:daumier", NULL)), ==, 1);
	g_assert_cmpint(only_id(search(cat, "creator:Honoré Daumier", NULL)), ==, 1);
	g_assert_cmpint(only_id(search(cat, "title:faim", NULL)), ==, 1);
	g_assert_cmpint(only_id(search(cat, "tag:CARICATURE", NULL)), ==, 1);
	g_assert_cmpint(only_id(search(cat, "year:1840..1850", "source:gallica")), ==, 1);
	g_assert_cmpint(only_id(search(cat, "year:1846..1900", NULL)), ==, 0);
	g_assert_cmpint(only_id(search(cat, "identifier:btv1b8451605w", NULL)), ==, 1);
	g_assert_cmpint(only_id(search(cat, "ark:/12148/btv1b8451605w/f12", NULL)), ==, 1);
	g_assert_cmpint(only_id(search(cat, "ark:/12148/btv1b8451605w/f13", NULL)), ==, 0);
	g_assert_cmpint(only_id(search(cat, "justice", "daumier")), ==, 1);
	g_assert_cmpint(only_id(search(cat, "status:registered", NULL)), ==, 2);
	char *bad[] = { "year:soon", NULL };
	GArray *ids = NULL;
	g_autoptr(GError) error = NULL;
	g_assert_cmpint(catalog_search(cat, bad, NULL, 0, &ids, &error), ==, -1);
	g_assert_error(error, PL_ERROR, PL_ERROR_INPUT);
	catalog_close(cat);
}

/* Version 5 keeps every row and gives each filter an index that lists its
 * items when few match; both ways of reading a filter give the same ids. */
static void test_v5_filters(Fixture *f, gconstpointer data)
{
	Catalog *cat = migrate_v1_keeping_rows(f, 5);
	sqlite3 *db = catalog_db(cat);

	assert_plan_uses(db, "SELECT item_id FROM tags WHERE tag = 'x' COLLATE NOCASE",
			 "COVERING INDEX tags_tag_item");
	assert_plan_uses(db, "SELECT id FROM items WHERE year_min <= 1500 AND year_max >= 1500",
			 "items_year");
	assert_plan_uses(db, "SELECT id FROM items WHERE source > '' AND source LIKE '%x%'",
			 "COVERING INDEX items_source");
	assert_plan_uses(db, "SELECT item_id FROM runs WHERE pipeline = 'x'", "runs_pipeline");
	assert_plan_uses(db, "SELECT id FROM items WHERE pipeline = 'x'", "items_pipeline");

	/* Item 1 was last run with another pipeline than its first; item 2 has
	 * never run and names its own. */
	exec_ok(db, "INSERT INTO runs (item_id, pipeline, pipeline_hash, original_sha256, "
		    "started_at, seconds, status) VALUES (1, 'engraving', 'ph2', 'a', "
		    "'2024-01-03T00:00:00Z', 1, 'failed');"
		    "UPDATE items SET pipeline = 'engraving', source = 'internet-archive' WHERE id = 2;");
	static const char *const forms[][2] = {
		{ "tag:CARICATURE", NULL },	  { "tag:plain", NULL },
		{ "year:1840..1850", NULL },	  { "year:1500", NULL },
		{ "source:gallica", NULL },	  { "source:archive", NULL },
		{ "pipeline:gallica", NULL },	  { "pipeline:engraving", NULL },
		{ "tag:justice", "year:1845" }, { "source:a", "pipeline:engraving" },
	};
	static const char *const expected[] = { "1", "2", "1", "", "1", "2", "", "1 2", "1", "1 2" };
	for (guint i = 0; i < G_N_ELEMENTS(forms); i++) {
		for (int dense = 0; dense < 2; dense++) {
			catalog_search_set_dense_at(dense ? 0 : -1);
			g_autoptr(GArray) ids = search(cat, forms[i][0], forms[i][1]);
			g_autoptr(GString) got = g_string_new(NULL);
			for (guint k = 0; k < ids->len; k++)
				g_string_append_printf(got, "%s%" G_GINT64_FORMAT, k ? " " : "",
						       g_array_index(ids, gint64, k));
			if (strcmp(got->str, expected[i]) != 0)
				g_error("%s %s (%s): got '%s', expected '%s'", forms[i][0],
					forms[i][1] ? forms[i][1] : "", dense ? "scanned" : "listed",
					got->str, expected[i]);
		}
	}
	catalog_search_set_dense_at(-1);
	catalog_close(cat);
}

/* Read-only opening never migrates: it refuses an older catalogue, and
 * accepts one at the newest version. */
static void test_readonly_needs_latest(Fixture *f, gconstpointer data)
{
	make_v1(f->db);
	Catalog *cat = NULL;
	g_autoptr(GError) error = NULL;
	int rc = catalog_open(f->db, CATALOG_READONLY, &cat, &error);
	if (catalog_latest_version() > 1) {
		g_assert_cmpint(rc, ==, -1);
		g_assert_nonnull(strstr(error->message, "schema version 1"));
		g_clear_error(&error);
		g_assert_cmpint(catalog_open(f->db, 0, &cat, &error), ==, 0);
		catalog_close(cat);
		rc = catalog_open(f->db, CATALOG_READONLY, &cat, &error);
	}
	g_assert_cmpint(rc, ==, 0);
	g_assert_no_error(error);
	g_autoptr(GArray) ids = catalog_item_ids(cat);
	g_assert_cmpuint(ids->len, ==, 2);
	catalog_close(cat);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add("/migrate/v1-data-survives-open", Fixture, NULL, tmpdir_setup,
		   test_v1_data_survives_open, tmpdir_teardown);
	g_test_add("/migrate/readonly-needs-latest", Fixture, NULL, tmpdir_setup,
		   test_readonly_needs_latest, tmpdir_teardown);
	g_test_add("/migrate/v4-named-documents", Fixture, NULL, tmpdir_setup, test_v4_named_documents,
		   tmpdir_teardown);
	g_test_add("/migrate/v2-indexes", Fixture, NULL, tmpdir_setup, test_v2_indexes,
		   tmpdir_teardown);
	g_test_add("/migrate/v5-filters", Fixture, NULL, tmpdir_setup, test_v5_filters,
		   tmpdir_teardown);
	return g_test_run();
}

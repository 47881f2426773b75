/* Schema upgrades: a catalogue written by schema version 1 (the embedded
 * catalog/001-initial.sql, applied the way an old planche did) must open with
 * its data intact and end at the newest version. There is no migration after
 * 001 yet, so this guards the path every later one will take; the first real
 * migration adds a committed v1 fixture file and checks what it changes. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "collection/catalog.h"
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
	return g_test_run();
}

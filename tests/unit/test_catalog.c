/* The catalogue: schema versioning, records in and out, look-ups, full text. */
#include <glib/gstdio.h>
#include <string.h>

#include "collection/catalog.h"
#include "tmpdir-fixture.h"
#include "util/util.h"

static Catalog *open_new(Fixture *f)
{
	Catalog *cat = NULL;
	g_autoptr(GError) error = NULL;
	g_assert_cmpint(catalog_open(f->db, CATALOG_CREATE, &cat, &error), ==, 0);
	g_assert_no_error(error);
	return cat;
}

static gint64 add_item(Catalog *cat, const char *path, const char *sha, const char *title,
		       const char *ark_value, const char *view)
{
	g_autoptr(CatalogItem) item = catalog_item_new();
	g_autoptr(GError) error = NULL;
	item->path = g_strdup(path);
	item->sha256 = g_strdup(sha);
	item->width = 100;
	item->height = 200;
	item->title = g_strdup(title);
	if (ark_value) {
		PlIdentifier *id = pl_identifier_new();
		id->scheme = g_strdup("ark");
		id->authority = g_strdup("12148");
		id->local_id = g_strdup(ark_value + strlen("ark:/12148/"));
		id->value = g_strdup(ark_value);
		id->view = g_strdup(view);
		g_ptr_array_add(item->identifiers, id);
	}
	g_ptr_array_add(item->tags, g_strdup("caricature"));
	g_assert_cmpint(catalog_begin(cat, &error), ==, 0);
	g_assert_cmpint(catalog_item_insert(cat, item, &error), ==, 0);
	g_assert_no_error(error);
	g_assert_cmpint(catalog_commit(cat, &error), ==, 0);
	return item->id;
}

static void test_new_catalogue_is_at_latest_version(Fixture *f, gconstpointer data)
{
	Catalog *cat = open_new(f);
	g_assert_cmpint(catalog_schema_version(cat), ==, catalog_latest_version());
	g_assert_cmpint(catalog_latest_version(), >=, 1);
	catalog_close(cat);
	/* Opening again migrates nothing and keeps the data. */
	cat = open_new(f);
	g_assert_cmpint(catalog_schema_version(cat), ==, catalog_latest_version());
	catalog_close(cat);
}

static void test_newer_schema_is_refused(Fixture *f, gconstpointer data)
{
	Catalog *cat = open_new(f);
	g_autofree char *sql = g_strdup_printf("PRAGMA user_version = %d", catalog_latest_version() + 1);
	g_assert_cmpint(sqlite3_exec(catalog_db(cat), sql, NULL, NULL, NULL), ==, SQLITE_OK);
	catalog_close(cat);
	g_autoptr(GError) error = NULL;
	Catalog *again = NULL;
	g_assert_cmpint(catalog_open(f->db, 0, &again, &error), ==, -1);
	g_assert_nonnull(strstr(error->message, "newer"));
	g_assert_null(again);
}

static void test_not_a_database(Fixture *f, gconstpointer data)
{
	g_assert_true(g_file_set_contents(f->db, "this is not SQLite, just text\n", -1, NULL));
	g_autoptr(GError) error = NULL;
	Catalog *cat = NULL;
	g_assert_cmpint(catalog_open(f->db, 0, &cat, &error), ==, -1);
	g_assert_nonnull(strstr(error->message, f->db));
}

static void test_item_round_trip(Fixture *f, gconstpointer data)
{
	Catalog *cat = open_new(f);
	gint64 id = add_item(cat, "scans/a.jpg", "aaaa1111bbbb2222", "L'Épée de Damoclès",
			     "ark:/12148/btv1b8451605w", "12");
	g_autoptr(CatalogItem) item = NULL;
	g_autoptr(GError) error = NULL;
	g_assert_cmpint(catalog_item_load(cat, id, &item, &error), ==, 0);
	g_assert_cmpstr(item->path, ==, "scans/a.jpg");
	g_assert_cmpstr(item->title, ==, "L'Épée de Damoclès");
	g_assert_cmpint(item->width, ==, 100);
	g_assert_cmpuint(item->identifiers->len, ==, 1);
	const PlIdentifier *ident = item->identifiers->pdata[0];
	g_assert_cmpstr(ident->value, ==, "ark:/12148/btv1b8451605w");
	g_assert_cmpstr(ident->view, ==, "12");
	g_assert_cmpuint(item->tags->len, ==, 1);
	g_assert_null(item->last_run);
	catalog_close(cat);
}

static void test_resolve(Fixture *f, gconstpointer data)
{
	Catalog *cat = open_new(f);
	gint64 a = add_item(cat, "a.jpg", "aaaa1111bbbb2222cccc", "A", "ark:/12148/btv1b8451605w", "12");
	gint64 b = add_item(cat, "b.jpg", "dddd3333eeee4444ffff", "B", "ark:/12148/btv1b8451605w", "13");
	gint64 id = 0;
	g_autoptr(GError) error = NULL;
	g_assert_cmpint(catalog_item_resolve(cat, "a.jpg", &id, &error), ==, 0);
	g_assert_cmpint(id, ==, a);
	g_assert_cmpint(catalog_item_resolve(cat, "dddd3333", &id, &error), ==, 0);
	g_assert_cmpint(id, ==, b);
	g_assert_cmpint(catalog_item_resolve(cat, "ark:/12148/btv1b8451605w/f13", &id, &error), ==, 0);
	g_assert_cmpint(id, ==, b);
	/* Two views of one ARK: the bare ARK is ambiguous, and says so. */
	g_assert_cmpint(catalog_item_resolve(cat, "ark:/12148/btv1b8451605w", &id, &error), ==, -1);
	g_assert_nonnull(strstr(error->message, "more than one"));
	g_clear_error(&error);
	g_assert_cmpint(catalog_item_resolve(cat, "nothing.jpg", &id, &error), ==, -1);
	g_assert_nonnull(strstr(error->message, "nothing.jpg"));
	catalog_close(cat);
}

static int count_matches(Catalog *cat, const char *match)
{
	sqlite3_stmt *st = NULL;
	g_assert_cmpint(sqlite3_prepare_v2(catalog_db(cat),
		"SELECT count(*) FROM items_fts WHERE items_fts MATCH ?", -1, &st, NULL), ==, SQLITE_OK);
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	g_assert_cmpint(sqlite3_step(st), ==, SQLITE_ROW);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void test_full_text_ignores_case_and_accents(Fixture *f, gconstpointer data)
{
	Catalog *cat = open_new(f);
	add_item(cat, "a.jpg", "aaaa", "L'Épée de Damoclès", NULL, NULL);
	add_item(cat, "b.jpg", "bbbb", "Les Gens de justice", "ark:/12148/btv1b8451605w", "2");
	g_assert_cmpint(count_matches(cat, "epee"), ==, 1);
	g_assert_cmpint(count_matches(cat, "DAMOCLES"), ==, 1);
	g_assert_cmpint(count_matches(cat, "btv1b8451605w"), ==, 1);
	g_assert_cmpint(count_matches(cat, "caricature"), ==, 2);
	g_assert_cmpint(count_matches(cat, "nothing"), ==, 0);
	catalog_close(cat);
}

static void test_readonly_refuses_writes(Fixture *f, gconstpointer data)
{
	catalog_close(open_new(f));
	Catalog *cat = NULL;
	g_autoptr(GError) error = NULL;
	g_assert_cmpint(catalog_open(f->db, CATALOG_READONLY, &cat, &error), ==, 0);
	g_assert_cmpint(sqlite3_exec(catalog_db(cat), "DELETE FROM items", NULL, NULL, NULL), ==,
			SQLITE_READONLY);
	catalog_close(cat);
}

static void test_run_recorded(Fixture *f, gconstpointer data)
{
	Catalog *cat = open_new(f);
	gint64 id = add_item(cat, "a.jpg", "aaaa", "A", NULL, NULL);
	CatalogRun *run = catalog_run_new();
	run->pipeline = g_strdup("gallica");
	run->pipeline_hash = g_strdup("hash");
	run->original_sha256 = g_strdup("aaaa");
	run->started_at = g_strdup("2026-01-01T00:00:00Z");
	run->status = g_strdup("done");
	run->master_path = g_strdup("masters/a.jpg");
	run->angle = -1.25;
	CatalogStep *step = g_new0(CatalogStep, 1);
	step->step = g_strdup("deskew");
	step->params = g_strdup("{\"range\":5}");
	step->measured = g_strdup("{\"angle\":-1.25}");
	step->applied = TRUE;
	g_ptr_array_add(run->steps, step);
	g_autoptr(GError) error = NULL;
	g_assert_cmpint(catalog_begin(cat, &error), ==, 0);
	g_assert_cmpint(catalog_run_insert(cat, id, run, &error), ==, 0);
	g_assert_cmpint(catalog_commit(cat, &error), ==, 0);
	catalog_run_free(run);
	g_autoptr(CatalogItem) item = NULL;
	g_assert_cmpint(catalog_item_load(cat, id, &item, &error), ==, 0);
	g_assert_cmpstr(item->status, ==, "cleaned");
	g_assert_nonnull(item->last_run);
	g_assert_cmpfloat_with_epsilon(item->last_run->angle, -1.25, 1e-9);
	g_assert_cmpuint(item->last_run->steps->len, ==, 1);
	const CatalogStep *s = item->last_run->steps->pdata[0];
	g_assert_cmpstr(s->step, ==, "deskew");
	g_assert_cmpstr(s->measured, ==, "{\"angle\":-1.25}");
	/* Forgetting the item forgets its runs (foreign keys are on). */
	g_assert_cmpint(catalog_item_delete(cat, id, &error), ==, 0);
	sqlite3_stmt *st = NULL;
	sqlite3_prepare_v2(catalog_db(cat), "SELECT count(*) FROM run_steps", -1, &st, NULL);
	g_assert_cmpint(sqlite3_step(st), ==, SQLITE_ROW);
	g_assert_cmpint(sqlite3_column_int(st, 0), ==, 0);
	sqlite3_finalize(st);
	catalog_close(cat);
}

static void add_run(Catalog *cat, gint64 item_id, const char *status, const char *step_name)
{
	CatalogRun *run = catalog_run_new();
	run->pipeline = g_strdup("default");
	run->pipeline_hash = g_strdup("ph");
	run->original_sha256 = g_strdup("os");
	run->started_at = g_strdup("2026-12-06T10:00:00Z");
	run->status = g_strdup(status);
	run->master_path = g_strdup_printf("masters/%" G_GINT64_FORMAT ".jpg", item_id);
	run->master_width = 30;
	run->master_height = 40;
	CatalogStep *step = g_new0(CatalogStep, 1);
	step->step = g_strdup(step_name);
	step->measured = g_strdup_printf("{\"item\":%" G_GINT64_FORMAT "}", item_id);
	g_ptr_array_add(run->steps, step);
	step = g_new0(CatalogStep, 1);
	step->step = g_strdup("save");
	g_ptr_array_add(run->steps, step);
	g_autoptr(GError) error = NULL;
	g_assert_cmpint(catalog_begin(cat, &error), ==, 0);
	g_assert_cmpint(catalog_run_insert(cat, item_id, run, &error), ==, 0);
	g_assert_cmpint(catalog_commit(cat, &error), ==, 0);
	catalog_run_free(run);
}

static void describe_run(GString *d, const CatalogRun *r)
{
	if (!r) {
		g_string_append(d, "run:none\n");
		return;
	}
	g_string_append_printf(d, "run:%" G_GINT64_FORMAT " %s %s %s %dx%d steps:", r->id, r->status,
			       r->pipeline, r->master_path, r->master_width, r->master_height);
	for (guint i = 0; i < r->steps->len; i++) {
		const CatalogStep *s = r->steps->pdata[i];
		g_string_append_printf(d, " %s%s%s/%d", s->step, s->params, s->measured, s->applied);
	}
	g_string_append_c(d, '\n');
}

/* What a user of a loaded record sees of it, as text to compare. */
static char *describe(const CatalogItem *it)
{
	GString *d = g_string_new(NULL);
	g_string_append_printf(d, "%" G_GINT64_FORMAT " %s %s %s %s doc:%" G_GINT64_FORMAT " %s\n",
			       it->id, it->path, it->sha256, it->title, it->status, it->document_id,
			       it->document_key);
	for (guint i = 0; i < it->identifiers->len; i++) {
		const PlIdentifier *id = it->identifiers->pdata[i];
		g_string_append_printf(d, "id:%s %s %s\n", id->value, id->view, id->source);
	}
	for (guint i = 0; i < it->tags->len; i++)
		g_string_append_printf(d, "tag:%s\n", (const char *)it->tags->pdata[i]);
	g_autoptr(GList) keys = g_list_sort(g_hash_table_get_keys(it->overrides), (GCompareFunc)strcmp);
	for (GList *l = keys; l; l = l->next)
		g_string_append_printf(d, "override:%s=%s\n", (const char *)l->data,
				       (const char *)g_hash_table_lookup(it->overrides, l->data));
	describe_run(d, it->last_run);
	g_string_append(d, it->good_run == it->last_run ? "good:last\n" : "good:");
	if (it->good_run != it->last_run)
		describe_run(d, it->good_run);
	return g_string_free(d, FALSE);
}

/* The set-wide load (a site's build), with the steps read afterwards, gives
 * every record exactly as the item-by-item load does: runs that failed after a good one, runs of
 * several items interleaved, items never cleaned or without tags. */
static void test_load_all_matches_load(Fixture *f, gconstpointer data)
{
	Catalog *cat = open_new(f);
	gint64 a = add_item(cat, "a.jpg", "a1", "A", "ark:/12148/btv1b8451605w", "12");
	gint64 b = add_item(cat, "b.jpg", "b2", "B", NULL, NULL);
	gint64 gone = add_item(cat, "gone.jpg", "g3", "Gone", NULL, NULL);
	gint64 c = add_item(cat, "c.jpg", "c4", "C", "ark:/12148/btv1b8451605w", "13");
	gint64 d = add_item(cat, "d.jpg", "d5", "D", NULL, NULL);
	g_autoptr(GError) error = NULL;
	add_run(cat, a, "done", "deskew");
	add_run(cat, c, "failed", "crop");
	add_run(cat, d, "done", "levels");
	add_run(cat, a, "failed", "deskew");
	add_run(cat, gone, "done", "crop");
	add_run(cat, d, "done", "despeckle");
	g_assert_cmpint(catalog_override_set(cat, a, "angle", "1.5", &error), ==, 0);
	g_assert_cmpint(catalog_override_set(cat, a, "crop", "1,2,3,4", &error), ==, 0);
	g_assert_cmpint(catalog_override_set(cat, d, "skip", "true", &error), ==, 0);
	g_assert_cmpint(sqlite3_exec(catalog_db(cat), "DELETE FROM tags WHERE item_id = 2; "
				     "INSERT INTO tags VALUES (4, 'zinc'), (4, 'ardoise')",
				     NULL, NULL, NULL), ==, SQLITE_OK);
	g_assert_cmpint(catalog_item_delete(cat, gone, &error), ==, 0);
	/* a hand-edited catalogue: steps out of insertion order, a gap */
	g_assert_cmpint(sqlite3_exec(catalog_db(cat),
				     "UPDATE run_steps SET position = 20 WHERE run_id = 6 AND position = 0; "
				     "UPDATE run_steps SET position = 3 WHERE run_id = 6 AND position = 1; "
				     "UPDATE run_steps SET position = 5 WHERE run_id = 4 AND position = 1",
				     NULL, NULL, NULL), ==, SQLITE_OK);
	g_autoptr(GPtrArray) all = NULL;
	g_assert_cmpint(catalog_items_load_all(cat, &all, &error), ==, 0);
	g_assert_no_error(error);
	/* the steps are left for the runs whose pages are made: read them all */
	g_autoptr(GPtrArray) runs = g_ptr_array_new();
	for (guint i = 0; i < all->len; i++) {
		CatalogItem *it = all->pdata[i];
		CatalogRun *both[] = {it->last_run, it->good_run != it->last_run ? it->good_run : NULL};
		for (int k = 0; k < 2; k++) {
			if (!both[k])
				continue;
			g_assert_true(both[k]->steps_unread);
			g_assert_cmpuint(both[k]->steps->len, ==, 0);
			g_ptr_array_add(runs, both[k]);
		}
	}
	g_assert_cmpuint(runs->len, ==, 4);
	g_assert_cmpint(catalog_runs_read_steps(cat, runs, &error), ==, 0);
	g_assert_no_error(error);
	g_autoptr(GArray) ids = catalog_item_ids(cat);
	g_assert_cmpuint(all->len, ==, ids->len);
	g_assert_cmpuint(all->len, ==, 4);
	for (guint i = 0; i < all->len; i++) {
		g_autoptr(CatalogItem) one = NULL;
		g_assert_cmpint(catalog_item_load(cat, g_array_index(ids, gint64, i), &one, &error), ==, 0);
		g_autofree char *want = describe(one);
		g_autofree char *got = describe(all->pdata[i]);
		g_assert_cmpstr(got, ==, want);
	}
	/* and what the comparison rests on is there */
	const CatalogItem *ia = all->pdata[0], *ib = all->pdata[1], *ic = all->pdata[2];
	g_assert_cmpstr(ia->last_run->status, ==, "failed");
	g_assert_nonnull(ia->good_run);
	g_assert_cmpstr(ia->good_run->status, ==, "done");
	g_assert_cmpuint(ia->good_run->steps->len, ==, 2);
	g_assert_cmpuint(g_hash_table_size(ia->overrides), ==, 2);
	g_assert_null(ib->last_run);
	g_assert_cmpuint(ib->tags->len, ==, 0);
	g_assert_null(ic->good_run);
	g_assert_cmpstr(((CatalogStep *)ic->last_run->steps->pdata[0])->step, ==, "crop");
	g_assert_cmpuint(((CatalogItem *)all->pdata[3])->tags->len, ==, 1);
	const CatalogRun *dr = ((CatalogItem *)all->pdata[3])->good_run;
	g_assert_cmpuint(dr->steps->len, ==, 2);
	g_assert_cmpstr(((CatalogStep *)dr->steps->pdata[0])->step, ==, "save");
	g_assert_cmpstr(((CatalogStep *)dr->steps->pdata[1])->step, ==, "despeckle");
	g_assert_cmpuint(ia->last_run->steps->len, ==, 2);
	(void)b;
	catalog_close(cat);
}

static int collect(CatalogItem *item, gpointer data)
{
	g_ptr_array_add(data, describe(item));
	return 0;
}

/* Items a batch at a time (a dump): each as catalog_item_load_brief gives
 * it, in the order asked, whether the ids run up (read by ranges) or not
 * (a sorted search, read one by one); an id of no item stops it. */
static void test_items_each(Fixture *f, gconstpointer data)
{
	(void)data;
	Catalog *cat = open_new(f);
	const char *titles[] = {"A", "B", "C", "D", "E"};
	gint64 id[5];
	for (int i = 0; i < 5; i++) {
		g_autofree char *path = g_strdup_printf("%d.jpg", i);
		g_autofree char *sha = g_strdup_printf("s%d", i);
		id[i] = add_item(cat, path, sha, titles[i], i % 2 ? "ark:/12148/btv1b8451605w" : NULL,
				 i % 2 ? "3" : NULL);
		add_run(cat, id[i], i == 3 ? "failed" : "done", "trim");
	}
	add_run(cat, id[1], "failed", "crop");
	g_autoptr(GError) error = NULL;
	g_assert_cmpint(catalog_item_delete(cat, id[2], &error), ==, 0);
	gint64 orders[][4] = {{id[0], id[1], id[3], id[4]}, {id[4], id[0], id[3], id[1]}};
	for (gsize o = 0; o < G_N_ELEMENTS(orders); o++) {
		g_autoptr(GArray) ids = g_array_new(FALSE, FALSE, sizeof(gint64));
		g_array_append_vals(ids, orders[o], 4);
		g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func(g_free);
		g_assert_cmpint(catalog_items_each(cat, ids, collect, got, &error), ==, 0);
		g_assert_no_error(error);
		g_assert_cmpuint(got->len, ==, 4);
		for (guint i = 0; i < 4; i++) {
			g_autoptr(CatalogItem) one = NULL;
			g_assert_cmpint(catalog_item_load_brief(cat, orders[o][i], &one, &error), ==, 0);
			g_autofree char *want = describe(one);
			g_assert_cmpstr(got->pdata[i], ==, want);
		}
	}
	/* the one deleted, among others */
	gint64 gone[] = {id[0], id[2], id[3]};
	g_autoptr(GArray) ids = g_array_new(FALSE, FALSE, sizeof(gint64));
	g_array_append_vals(ids, gone, 3);
	g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func(g_free);
	g_assert_cmpint(catalog_items_each(cat, ids, collect, got, &error), ==, -1);
	g_assert_error(error, PL_ERROR, PL_ERROR_INPUT);
	catalog_close(cat);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
#define ADD(name, fn) g_test_add("/catalog/" name, Fixture, NULL, tmpdir_setup, fn, tmpdir_teardown)
	ADD("new-catalogue-is-at-latest-version", test_new_catalogue_is_at_latest_version);
	ADD("newer-schema-is-refused", test_newer_schema_is_refused);
	ADD("not-a-database", test_not_a_database);
	ADD("item-round-trip", test_item_round_trip);
	ADD("resolve", test_resolve);
	ADD("full-text-ignores-case-and-accents", test_full_text_ignores_case_and_accents);
	ADD("readonly-refuses-writes", test_readonly_refuses_writes);
	ADD("run-recorded", test_run_recorded);
	ADD("load-all-matches-load", test_load_all_matches_load);
	ADD("items-each", test_items_each);
	return g_test_run();
}

#include "collection/publish.h"

#include "util/util.h"

char *publish_site_dir(const Collection *c, const char *out, GError **error)
{
	g_autofree char *dir = out ? g_canonicalize_filename(out, NULL)
				   : g_build_filename(c->root, "site", NULL);
	g_autofree char *db_there = g_build_filename(dir, "planche.db", NULL);
	if (g_file_test(db_there, G_FILE_TEST_EXISTS)) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
			    "%s holds a collection; give --out a folder of its own", dir);
		return NULL;
	}
	return g_steal_pointer(&dir);
}

static void free_item(gpointer p)
{
	catalog_item_free(p);
}

GPtrArray *publish_items(Collection *c, void (*problem)(void *data, const char *line),
			 void *data)
{
	GPtrArray *items = g_ptr_array_new_with_free_func(free_item);
	/* One read transaction for the whole catalogue: one consistent view of
	 * it, and the locks taken once rather than for every query of every
	 * item (7 % of a no-change rebuild, issue 18). */
	sqlite3 *db = catalog_db(c->cat);
	gboolean began = sqlite3_get_autocommit(db) &&
			 sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
	g_autoptr(GArray) ids = catalog_item_ids(c->cat);
	for (guint i = 0; ids && i < ids->len; i++) {
		CatalogItem *item = NULL;
		g_autoptr(GError) err = NULL;
		if (catalog_item_load(c->cat, g_array_index(ids, gint64, i), &item, &err)) {
			if (problem)
				problem(data, err->message);
			continue;
		}
		g_ptr_array_add(items, item);
	}
	if (began)
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return items;
}

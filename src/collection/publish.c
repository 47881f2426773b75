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

/* One read transaction for a set of reads: one consistent view of the
 * catalogue, and the locks taken once (7 % of a no-change rebuild, issue
 * 18). */
static int in_read_transaction(Collection *c, int (*read)(Catalog *cat, gpointer out, GError **error),
			       gpointer out, GError **error)
{
	/* the catalogue's own read snapshot, unless one is open already */
	gboolean began = sqlite3_get_autocommit(catalog_db(c->cat)) &&
			 catalog_exec_named(c->cat, "read_begin", NULL) == 0;
	int rc = read(c->cat, out, error);
	if (began)
		catalog_rollback(c->cat);
	return rc;
}

static int load_all(Catalog *cat, gpointer out, GError **error)
{
	return catalog_items_load_all(cat, out, error);
}

int publish_read_items(gpointer collection, GPtrArray **items, GError **error)
{
	/* a few set-wide queries rather than a dozen an item (12 %) */
	return in_read_transaction(collection, load_all, items, error);
}

static int read_steps(Catalog *cat, gpointer runs, GError **error)
{
	return catalog_runs_read_steps(cat, runs, error);
}

int publish_read_steps(gpointer collection, GPtrArray *runs, GError **error)
{
	return in_read_transaction(collection, read_steps, runs, error);
}

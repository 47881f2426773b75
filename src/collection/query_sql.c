#include "collection/query_sql.h"

#include "util/util.h"

int query_sql(Catalog *cat, const char *sql,
	      void (*row)(void *data, const char *const *values, gsize n), void *data,
	      GError **error)
{
	sqlite3 *db = catalog_db(cat);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s", sqlite3_errmsg(db));
		return -1;
	}
	if (!sqlite3_stmt_readonly(st)) {
		sqlite3_finalize(st);
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "the catalogue is opened read-only "
			    "here; only queries that do not write are run");
		return -1;
	}
	int n = sqlite3_column_count(st), rc;
	g_autofree const char **values = g_new0(const char *, MAX(n, 1));
	for (int i = 0; i < n; i++)
		values[i] = sqlite3_column_name(st, i);
	row(data, values, (gsize)n);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < n; i++)
			values[i] = (const char *)sqlite3_column_text(st, i);
		row(data, values, (gsize)n);
	}
	if (rc != SQLITE_DONE)
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

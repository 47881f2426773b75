/* Terms become one SELECT: free words and the text fields go to the
 * full-text index (one MATCH), the other filters to conditions on indexed
 * columns (catalog/002-indexes.sql, 005-sparse-filters.sql), every value a
 * bound parameter.
 *
 * A filter can be read two ways, and neither is fast for every value: the
 * items scanned in the order asked, each checked (quick when many match,
 * the first page comes early; every row read when few do), or the matching
 * ids listed from an index first (quick when few match; when many do, the
 * whole list is made before the first page). So each filter with an index
 * is counted first, up to a bound (a short index read): under the bound,
 * the list; at it, the scan. */
#include "collection/search.h"

#include <string.h>

#include "util/util.h"

/* Matches under which a filter lists its items from the index: then a page
 * sorts at most this many; above it, at least one item in
 * n_items / DENSE_AT matches, so a scan finds a page of 60 quickly. */
#define DENSE_AT 1000
static int dense_at = DENSE_AT;

void catalog_search_set_dense_at(int n)
{
	dense_at = n < 0 ? DENSE_AT : n;
}

/* A filter: a condition on the row "i" (dense) and, when an index can list
 * its items, a SELECT of their ids (sparse) that takes its parameters
 * sparse_uses times over. */
typedef struct {
	char *dense;
	char *sparse;
	int sparse_uses;
	GPtrArray *params;
} Filter;

static void filter_free(Filter *f)
{
	g_free(f->dense);
	g_free(f->sparse);
	g_ptr_array_unref(f->params);
	g_free(f);
}

typedef struct {
	GString *where;
	GPtrArray *params;  /* char*, bound in order */
	GString *fts;       /* an FTS5 query: its parts are ANDed */
	GPtrArray *filters; /* Filter*, decided when the terms are all read */
} Query;

static void add_filter(Query *q, const char *dense, const char *sparse, int sparse_uses,
		       const char *p1, const char *p2)
{
	Filter *f = g_new0(Filter, 1);
	f->dense = g_strdup(dense);
	f->sparse = g_strdup(sparse);
	f->sparse_uses = sparse_uses;
	f->params = g_ptr_array_new_with_free_func(g_free);
	if (p1)
		g_ptr_array_add(f->params, g_strdup(p1));
	if (p2)
		g_ptr_array_add(f->params, g_strdup(p2));
	g_ptr_array_add(q->filters, f);
}

static void bind_filter(sqlite3_stmt *st, int *p, const Filter *f, int uses)
{
	for (int u = 0; u < uses; u++)
		for (guint i = 0; i < f->params->len; i++)
			sqlite3_bind_text(st, (*p)++, f->params->pdata[i], -1, SQLITE_TRANSIENT);
}

/* TRUE when the filter's index lists fewer than dense_at items. */
static int is_sparse(sqlite3 *db, const Filter *f, gboolean *sparse, GError **error)
{
	g_autofree char *sql = g_strdup_printf("SELECT count(*) FROM (%s LIMIT %d)", f->sparse,
					       dense_at);
	sqlite3_stmt *st = NULL;
	int p = 1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		g_set_error(error, PL_ERROR, PL_ERROR_FAILED, "query: %s", sqlite3_errmsg(db));
		return -1;
	}
	bind_filter(st, &p, f, f->sparse_uses);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*sparse = sqlite3_column_int(st, 0) < dense_at;
	else
		g_set_error(error, PL_ERROR, PL_ERROR_FAILED, "query: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

static void add_cond(Query *q, const char *sql, const char *param)
{
	g_string_append_printf(q->where, " AND %s", sql);
	if (param)
		g_ptr_array_add(q->params, g_strdup(param));
}

static char *like_pattern(const char *value)
{
	GString *s = g_string_new("%");
	for (const char *p = value; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			g_string_append_c(s, '\\');
		g_string_append_c(s, *p);
	}
	g_string_append_c(s, '%');
	return g_string_free(s, FALSE);
}

/* Appends "COLUMN : "TEXT"*" (every column when column is NULL): text is
 * quoted for FTS5, so it is one phrase whatever it holds, and its last
 * word matches as a prefix. */
static void add_fts(Query *q, const char *column, const char *text)
{
	if (q->fts->len)
		g_string_append_c(q->fts, ' ');
	if (column)
		g_string_append_printf(q->fts, "%s : ", column);
	g_string_append_c(q->fts, '"');
	for (const char *p = text; *p; p++) {
		if (*p == '"')
			g_string_append_c(q->fts, '"');
		g_string_append_c(q->fts, *p);
	}
	g_string_append(q->fts, "\"*");
}

/* Each word of value as a prefix in column. */
static void add_fts_words(Query *q, const char *column, const char *value)
{
	g_auto(GStrv) words = g_strsplit_set(value, " \t", -1);
	for (int i = 0; words[i]; i++)
		if (*words[i])
			add_fts(q, column, words[i]);
}

/* Years as EDTF writes them without an exponent: four digits, either side
 * of year 0. */
#define YEAR_LIMIT 9999

static int add_year(Query *q, const char *term, const char *value, GError **error)
{
	char *end = NULL;
	gint64 from = g_ascii_strtoll(value, &end, 10), to = from;
	if (end != value && g_str_has_prefix(end, "..")) {
		const char *second = end + 2;
		to = g_ascii_strtoll(second, &end, 10);
		if (end == second)
			end = NULL;
	}
	if (!end || end == value || *end || from > to || from < -YEAR_LIMIT || to > YEAR_LIMIT) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
			    "'%s': year takes YEAR or FROM..TO, e.g. year:1830..1850", term);
		return -1;
	}
	/* Dates are ranges: keep the items whose range overlaps the one asked. */
	g_autofree char *a = g_strdup_printf("%" G_GINT64_FORMAT, from);
	g_autofree char *b = g_strdup_printf("%" G_GINT64_FORMAT, to);
	add_filter(q, "i.year_min <= CAST(? AS INTEGER) AND i.year_max >= CAST(? AS INTEGER)",
		   "SELECT id FROM items WHERE year_min <= CAST(? AS INTEGER) "
		   "AND year_max >= CAST(? AS INTEGER)", 1, b, a);
	return 0;
}

/* An ARK or URL alone: the item with that identifier (and view, if given). */
static void add_identifier(Query *q, const char *term)
{
	g_autoptr(PlIdentifier) ident = NULL;
	if (pl_identifier_parse(term, &ident, NULL) == 0) {
		add_cond(q, "i.id IN (SELECT item_id FROM identifiers WHERE value = ?", ident->value);
		if (ident->view)
			add_cond(q, "view = ?)", ident->view);
		else
			g_string_append_c(q->where, ')');
		return;
	}
	add_fts(q, "identifiers", term);
}

static int parse_term(Query *q, const char *term, GError **error)
{
	static const char *const fields[] = { "source", "creator", "tag", "status", "year",
					      "pipeline", "identifier", "title", NULL };
	const char *colon = strchr(term, ':');
	g_autofree char *field = colon ? g_strndup(term, (gsize)(colon - term)) : NULL;
	const char *value = colon ? colon + 1 : term;
	if (field && !g_strv_contains(fields, field)) {
		/* "ark:/12148/..." and URLs are identifiers, not fields. */
		if (g_str_has_prefix(term, "ark:") || strstr(term, "://")) {
			add_identifier(q, term);
			return 0;
		}
		g_clear_pointer(&field, g_free);
		value = term;
	}
	if (!field) {
		add_fts(q, NULL, value);
		return 0;
	}
	if (!*value) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "'%s' needs a value", term);
		return -1;
	}
	if (strcmp(field, "creator") == 0 || strcmp(field, "title") == 0) {
		add_fts_words(q, field, value);
	} else if (strcmp(field, "identifier") == 0) {
		add_fts(q, "identifiers", value);
	} else if (strcmp(field, "source") == 0) {
		g_autofree char *pat = like_pattern(value);
		/* "> ''" skips the items without a source in the index. */
		add_filter(q, "i.source LIKE ? ESCAPE '\\'",
			   "SELECT id FROM items WHERE source > '' AND source LIKE ? ESCAPE '\\'", 1,
			   pat, NULL);
	} else if (strcmp(field, "tag") == 0) {
		add_filter(q, "EXISTS (SELECT 1 FROM tags t WHERE t.item_id = i.id "
			      "AND t.tag = ? COLLATE NOCASE)",
			   "SELECT item_id FROM tags WHERE tag = ? COLLATE NOCASE", 1, value, NULL);
	} else if (strcmp(field, "status") == 0) {
		/* items_status lists them in id order: one way serves all. */
		add_cond(q, "i.status = ?", value);
	} else if (strcmp(field, "pipeline") == 0) {
		/* The pipeline of the last run, or the item's own before any run. */
		add_filter(q, "coalesce((SELECT pipeline FROM runs r WHERE r.item_id = i.id "
			      "ORDER BY r.id DESC LIMIT 1), i.pipeline) = ?",
			   "SELECT r.item_id FROM runs r WHERE r.pipeline = ? AND r.id = "
			   "(SELECT max(r2.id) FROM runs r2 WHERE r2.item_id = r.item_id) "
			   "UNION ALL SELECT i2.id FROM items i2 WHERE i2.pipeline = ? AND NOT EXISTS "
			   "(SELECT 1 FROM runs r3 WHERE r3.item_id = i2.id)", 2, value, NULL);
	} else {
		return add_year(q, term, value, error);
	}
	return 0;
}

static const char *const sort_columns[][2] = {
	{ "id", "i.id" },	       { "title", "i.title COLLATE NOCASE" },
	{ "creator", "i.creator COLLATE NOCASE" }, { "date", "i.year_min" },
	{ "year", "i.year_min" },    { "added", "i.added_at" },
	{ "path", "i.path" },
};

static const char *order_by(const char *sort, gboolean *desc, GError **error)
{
	*desc = FALSE;
	if (!sort)
		return "i.id";
	if (*sort == '-') {
		*desc = TRUE;
		sort++;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(sort_columns); i++)
		if (strcmp(sort, sort_columns[i][0]) == 0)
			return sort_columns[i][1];
	g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
		    "--sort: no field '%s' (id, title, creator, date, added, path)", sort);
	return NULL;
}

int catalog_search(Catalog *cat, char *const *terms, const char *sort, int limit, GArray **ids,
		   GError **error)
{
	Query q = { g_string_new(""), g_ptr_array_new_with_free_func(g_free), g_string_new(""),
		    g_ptr_array_new_with_free_func((GDestroyNotify)filter_free) };
	sqlite3 *db = catalog_db(cat);
	sqlite3_stmt *st = NULL;
	g_autofree char *text = NULL;
	g_autofree gboolean *sparse = NULL;
	gboolean desc;
	int rc = -1;
	const char *order = order_by(sort, &desc, error);
	if (!order)
		goto out;
	for (int i = 0; terms && terms[i]; i++)
		if (parse_term(&q, terms[i], error) != 0)
			goto out;
	sparse = g_new0(gboolean, q.filters->len + 1);
	GString *filters = g_string_new(NULL);
	for (guint i = 0; i < q.filters->len; i++) {
		const Filter *f = q.filters->pdata[i];
		if (is_sparse(db, f, &sparse[i], error) != 0) {
			g_string_free(filters, TRUE);
			goto out;
		}
		if (sparse[i])
			g_string_append_printf(filters, " AND i.id IN (%s)", f->sparse);
		else
			g_string_append_printf(filters, " AND %s", f->dense);
	}
	text = g_strdup_printf(
		"SELECT i.id FROM items i WHERE 1%s%s%s ORDER BY %s%s, i.id%s",
		q.fts->len ? " AND i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)" : "",
		q.where->str, filters->str, order, desc ? " DESC" : "", limit > 0 ? " LIMIT ?" : "");
	g_string_free(filters, TRUE);
	if (sqlite3_prepare_v2(db, text, -1, &st, NULL) != SQLITE_OK) {
		g_set_error(error, PL_ERROR, PL_ERROR_FAILED, "query: %s", sqlite3_errmsg(db));
		goto out;
	}
	int p = 1;
	if (q.fts->len)
		sqlite3_bind_text(st, p++, q.fts->str, -1, SQLITE_TRANSIENT);
	for (guint i = 0; i < q.params->len; i++)
		sqlite3_bind_text(st, p++, q.params->pdata[i], -1, SQLITE_TRANSIENT);
	for (guint i = 0; i < q.filters->len; i++) {
		const Filter *f = q.filters->pdata[i];
		bind_filter(st, &p, f, sparse[i] ? f->sparse_uses : 1);
	}
	if (limit > 0)
		sqlite3_bind_int(st, p++, limit);
	*ids = g_array_new(FALSE, FALSE, sizeof(gint64));
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		gint64 id = sqlite3_column_int64(st, 0);
		g_array_append_val(*ids, id);
	}
	if (step != SQLITE_DONE) {
		g_set_error(error, PL_ERROR, PL_ERROR_FAILED, "query: %s", sqlite3_errmsg(db));
		g_clear_pointer(ids, g_array_unref);
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	g_string_free(q.where, TRUE);
	g_string_free(q.fts, TRUE);
	g_ptr_array_unref(q.params);
	g_ptr_array_unref(q.filters);
	return rc;
}

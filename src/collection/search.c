/* Terms become one SELECT: free words and the text fields go to the
 * full-text index (one MATCH), the other filters to conditions on indexed
 * columns (catalog/002-indexes.sql), every value a bound parameter. */
#include "collection/search.h"

#include <string.h>

#include "util/util.h"

typedef struct {
	GString *where;
	GPtrArray *params; /* char*, bound in order */
	GString *fts;      /* an FTS5 query: its parts are ANDed */
} Query;

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
	add_cond(q, "i.year_min <= CAST(? AS INTEGER)", b);
	add_cond(q, "i.year_max >= CAST(? AS INTEGER)", a);
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
		add_cond(q, "i.source LIKE ? ESCAPE '\\'", pat);
	} else if (strcmp(field, "tag") == 0) {
		add_cond(q, "i.id IN (SELECT item_id FROM tags WHERE tag = ? COLLATE NOCASE)", value);
	} else if (strcmp(field, "status") == 0) {
		add_cond(q, "i.status = ?", value);
	} else if (strcmp(field, "pipeline") == 0) {
		add_cond(q, "coalesce((SELECT pipeline FROM runs r WHERE r.item_id = i.id "
			    "ORDER BY r.id DESC LIMIT 1), i.pipeline) = ?", value);
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
	Query q = { g_string_new(""), g_ptr_array_new_with_free_func(g_free), g_string_new("") };
	sqlite3 *db = catalog_db(cat);
	sqlite3_stmt *st = NULL;
	g_autofree char *text = NULL;
	gboolean desc;
	int rc = -1;
	const char *order = order_by(sort, &desc, error);
	if (!order)
		goto out;
	for (int i = 0; terms && terms[i]; i++)
		if (parse_term(&q, terms[i], error) != 0)
			goto out;
	text = g_strdup_printf(
		"SELECT i.id FROM items i WHERE 1%s%s ORDER BY %s%s, i.id%s",
		q.fts->len ? " AND i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)" : "",
		q.where->str, order, desc ? " DESC" : "", limit > 0 ? " LIMIT ?" : "");
	if (sqlite3_prepare_v2(db, text, -1, &st, NULL) != SQLITE_OK) {
		g_set_error(error, PL_ERROR, PL_ERROR_FAILED, "query: %s", sqlite3_errmsg(db));
		goto out;
	}
	int p = 1;
	if (q.fts->len)
		sqlite3_bind_text(st, p++, q.fts->str, -1, SQLITE_TRANSIENT);
	for (guint i = 0; i < q.params->len; i++)
		sqlite3_bind_text(st, p++, q.params->pdata[i], -1, SQLITE_TRANSIENT);
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
	return rc;
}

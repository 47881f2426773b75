#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "collection/collection.h"
#include "collection/record.h"
#include "util/util.h"

/* A search: free terms go to the full-text index; "field:value" terms
 * become conditions with bound parameters. */
typedef struct {
	GString *where;
	GPtrArray *params; /* char*, bound in order */
	GString *fts;
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

static int parse_term(Query *q, const char *term, GError **error)
{
	const char *colon = strchr(term, ':');
	g_autofree char *field = colon ? g_strndup(term, (gsize)(colon - term)) : NULL;
	const char *value = colon ? colon + 1 : term;
	static const char *const fields[] = {"source", "creator", "tag", "status", "year",
					     "pipeline", "identifier", "title", NULL};
	if (field && !g_strv_contains(fields, field)) {
		/* "ark:/12148/..." and URLs are identifiers, not fields. */
		g_clear_pointer(&field, g_free);
		value = term;
		if (g_str_has_prefix(term, "ark:") || strstr(term, "://")) {
			g_autofree char *pat = like_pattern(term);
			add_cond(q, "i.id IN (SELECT item_id FROM identifiers WHERE value || coalesce('/f' || view, '') LIKE ? ESCAPE '\\' OR url LIKE ? ESCAPE '\\')", pat);
			g_ptr_array_add(q->params, g_strdup(pat));
			return 0;
		}
	}
	if (!field) {
		/* Each word is quoted for FTS5 and matched as a prefix. */
		GString *w = g_string_new("\"");
		for (const char *p = value; *p; p++) {
			if (*p == '"')
				g_string_append_c(w, '"');
			g_string_append_c(w, *p);
		}
		g_string_append(w, "\"*");
		g_string_append_printf(q->fts, "%s%s", q->fts->len ? " " : "", w->str);
		g_string_free(w, TRUE);
		return 0;
	}
	if (!*value) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "'%s' needs a value", term);
		return -1;
	}
	g_autofree char *pat = like_pattern(value);
	if (strcmp(field, "source") == 0)
		add_cond(q, "i.source LIKE ? ESCAPE '\\'", pat);
	else if (strcmp(field, "creator") == 0)
		add_cond(q, "i.creator LIKE ? ESCAPE '\\'", pat);
	else if (strcmp(field, "title") == 0)
		add_cond(q, "i.title LIKE ? ESCAPE '\\'", pat);
	else if (strcmp(field, "tag") == 0)
		add_cond(q, "i.id IN (SELECT item_id FROM tags WHERE tag = ? COLLATE NOCASE)", value);
	else if (strcmp(field, "status") == 0)
		add_cond(q, "i.status = ?", value);
	else if (strcmp(field, "pipeline") == 0)
		add_cond(q, "coalesce((SELECT pipeline FROM runs r WHERE r.item_id = i.id ORDER BY r.id DESC LIMIT 1), i.pipeline) = ?", value);
	else if (strcmp(field, "identifier") == 0) {
		add_cond(q, "i.id IN (SELECT item_id FROM identifiers WHERE value LIKE ? ESCAPE '\\' OR local_id LIKE ? ESCAPE '\\')", pat);
		g_ptr_array_add(q->params, g_strdup(pat));
	} else if (strcmp(field, "year") == 0) {
		int from = 0, to = 0;
		char tail = 0;
		if (sscanf(value, "%d..%d%c", &from, &to, &tail) == 2 ||
		    (sscanf(value, "%d%c", &from, &tail) == 1 && (to = from))) {
			g_autofree char *a = g_strdup_printf("%d", from);
			g_autofree char *b = g_strdup_printf("%d", to);
			/* Dates are ranges: keep items whose range overlaps the asked one. */
			add_cond(q, "i.year_max >= CAST(? AS INTEGER)", a);
			add_cond(q, "i.year_min <= CAST(? AS INTEGER)", b);
		} else {
			g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
				    "'%s': year takes YEAR or FROM..TO, e.g. year:1830..1850", term);
			return -1;
		}
	}
	return 0;
}

static void csv_field(FILE *out, const char *s, gboolean last)
{
	if (!s)
		s = "";
	if (strpbrk(s, ",\"\n\r")) {
		fputc('"', out);
		for (const char *p = s; *p; p++) {
			if (*p == '"')
				fputc('"', out);
			fputc(*p, out);
		}
		fputc('"', out);
	} else {
		fputs(s, out);
	}
	fputc(last ? '\n' : ',', out);
}

static const char *const sort_columns[][2] = {
	{"id", "i.id"}, {"title", "i.title COLLATE NOCASE"}, {"creator", "i.creator COLLATE NOCASE"},
	{"date", "i.year_min"}, {"year", "i.year_min"}, {"added", "i.added_at"}, {"path", "i.path"},
};

int cmd_query(int argc, char **argv)
{
	g_autofree char *format = NULL, *sort = NULL, *sql = NULL;
	int limit = 0;
	GOptionEntry entries[] = {
		{"format", 0, 0, G_OPTION_ARG_STRING, &format, "table (default), csv or json", "FORMAT"},
		{"sort", 0, 0, G_OPTION_ARG_STRING, &sort, "id, title, creator, date, added or path; '-' first for descending", "FIELD"},
		{"limit", 0, 0, G_OPTION_ARG_INT, &limit, "at most N results", "N"},
		{"sql", 0, 0, G_OPTION_ARG_STRING, &sql, "run a read-only SQL query on the catalogue", "SELECT..."},
		{NULL},
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("[TERMS...] - search the catalogue");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx,
		"Words search titles, creators, descriptions, tags and identifiers, ignoring\n"
		"case and accents. Filters: source:gallica creator:daumier tag:caricature\n"
		"status:failed year:1830..1850 pipeline:engraving identifier:btv1b...");
	int rc = cli_parse(ctx, &argc, &argv);
	if (rc)
		return rc;
	if (!format)
		format = g_strdup("table");
	if (strcmp(format, "table") && strcmp(format, "csv") && strcmp(format, "json"))
		return cli_error(2, "--format is table, csv or json, not '%s'", format);

	g_autoptr(Collection) c = NULL;
	g_autoptr(GError) error = NULL;
	if (collection_open(CATALOG_READONLY, &c, &error) != 0)
		return cli_error(1, "%s", error->message);
	sqlite3 *db = catalog_db(c->cat);

	if (sql) {
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
			return cli_error(1, "--sql: %s", sqlite3_errmsg(db));
		if (!sqlite3_stmt_readonly(st)) {
			sqlite3_finalize(st);
			return cli_error(1, "--sql: the catalogue is opened read-only here; "
					    "only queries that do not write are run");
		}
		int n = sqlite3_column_count(st);
		for (int i = 0; i < n; i++)
			csv_field(stdout, sqlite3_column_name(st, i), i == n - 1);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			for (int i = 0; i < n; i++)
				csv_field(stdout, (const char *)sqlite3_column_text(st, i), i == n - 1);
		int status = rc == SQLITE_DONE ? 0 : cli_error(1, "--sql: %s", sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return status;
	}

	Query q = {g_string_new(""), g_ptr_array_new_with_free_func(g_free), g_string_new("")};
	int status = 0;
	sqlite3_stmt *st = NULL;
	GArray *ids = g_array_new(FALSE, FALSE, sizeof(gint64));
	g_autofree char *text = NULL;
	for (int i = 1; i < argc; i++)
		if (parse_term(&q, argv[i], &error) != 0) {
			status = cli_error(2, "%s", error->message);
			goto out;
		}
	const char *order = "i.id";
	gboolean desc = FALSE;
	if (sort) {
		const char *key = sort;
		if (*key == '-') {
			desc = TRUE;
			key++;
		}
		order = NULL;
		for (size_t i = 0; i < G_N_ELEMENTS(sort_columns); i++)
			if (strcmp(key, sort_columns[i][0]) == 0)
				order = sort_columns[i][1];
		if (!order) {
			status = cli_error(2, "--sort: no field '%s' (id, title, creator, date, added, path)", key);
			goto out;
		}
	}
	text = g_strdup_printf(
		"SELECT i.id FROM items i WHERE 1%s%s ORDER BY %s%s, i.id%s",
		q.fts->len ? " AND i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)" : "",
		q.where->str, order, desc ? " DESC" : "", limit > 0 ? " LIMIT ?" : "");
	if (sqlite3_prepare_v2(db, text, -1, &st, NULL) != SQLITE_OK) {
		status = cli_error(1, "query: %s", sqlite3_errmsg(db));
		goto out;
	}
	int p = 1;
	if (q.fts->len)
		sqlite3_bind_text(st, p++, q.fts->str, -1, SQLITE_TRANSIENT);
	for (guint i = 0; i < q.params->len; i++)
		sqlite3_bind_text(st, p++, q.params->pdata[i], -1, SQLITE_TRANSIENT);
	if (limit > 0)
		sqlite3_bind_int(st, p++, limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		gint64 id = sqlite3_column_int64(st, 0);
		g_array_append_val(ids, id);
	}
	if (rc != SQLITE_DONE) {
		status = cli_error(1, "query: %s", sqlite3_errmsg(db));
		goto out;
	}

	if (strcmp(format, "json") == 0) {
		g_autoptr(JsonBuilder) b = json_builder_new();
		json_builder_begin_array(b);
		for (guint i = 0; i < ids->len; i++) {
			g_autoptr(CatalogItem) item = NULL;
			if (catalog_item_load(c->cat, g_array_index(ids, gint64, i), &item, &error) != 0) {
				status = cli_error(1, "%s", error->message);
				goto out;
			}
			json_builder_add_value(b, record_to_json(item, FALSE));
		}
		json_builder_end_array(b);
		JsonNode *root = json_builder_get_root(b);
		g_autofree char *out = record_json_text(root);
		json_node_unref(root);
		printf("%s\n", out);
		goto out;
	}
	gboolean csv = strcmp(format, "csv") == 0;
	if (csv)
		printf("id,path,status,identifier,view,title,creator,date,source,master\n");
	else if (ids->len)
		printf("%-5s %-10s %-32s %s\n", "ID", "STATUS", "IDENTIFIER", "TITLE");
	for (guint i = 0; i < ids->len; i++) {
		g_autoptr(CatalogItem) item = NULL;
		if (catalog_item_load(c->cat, g_array_index(ids, gint64, i), &item, &error) != 0) {
			status = cli_error(1, "%s", error->message);
			goto out;
		}
		const PlIdentifier *ident = item->identifiers->len ? item->identifiers->pdata[0] : NULL;
		const char *master = item->good_run ? item->good_run->master_path : NULL;
		if (csv) {
			g_autofree char *id = g_strdup_printf("%" G_GINT64_FORMAT, item->id);
			const char *cols[] = {id, item->path, item->status, ident ? ident->value : NULL,
					      ident ? ident->view : NULL, item->title, item->creator,
					      item->date, item->source, master};
			for (size_t k = 0; k < G_N_ELEMENTS(cols); k++)
				csv_field(stdout, cols[k], k == G_N_ELEMENTS(cols) - 1);
		} else {
			g_autofree char *idtext = ident ? g_strdup_printf("%s%s%s", ident->value,
				ident->view ? "/f" : "", ident->view ? ident->view : "") : g_strdup("-");
			g_autofree char *title = pl_utf8_sanitize(item->title ? item->title : item->path);
			printf("%-5" G_GINT64_FORMAT " %-10s %-32s %s\n", item->id, item->status, idtext, title);
		}
	}
	if (!csv)
		fprintf(stderr, "%u image%s\n", ids->len, ids->len == 1 ? "" : "s");
out:
	sqlite3_finalize(st);
	g_array_unref(ids);
	g_string_free(q.where, TRUE);
	g_string_free(q.fts, TRUE);
	g_ptr_array_unref(q.params);
	return status;
}

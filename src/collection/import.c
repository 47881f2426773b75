#include "collection/import.h"

#include <string.h>

#include "collection/ingest.h"
#include "util/util.h"

typedef struct {
	Collection *c;
	SheetReader *sheet;
	const ImportOptions *opts;
} ImportRun;

/* The item a path cell names: as recorded, or a file relative to the sheet's
 * folder or to the current one. */
static gboolean id_by_path_cell(ImportRun *im, const char *file, gint64 *id)
{
	if (catalog_item_id_by_path(im->c->cat, file, id))
		return TRUE;
	g_autofree char *beside = g_path_is_absolute(file)
		? g_strdup(file) : g_build_filename(im->sheet->dir, file, NULL);
	const char *tries[] = {beside, file};
	for (size_t i = 0; i < G_N_ELEMENTS(tries); i++) {
		if (!g_file_test(tries[i], G_FILE_TEST_EXISTS))
			continue;
		g_autofree char *rel = collection_relpath(im->c, tries[i]);
		if (catalog_item_id_by_path(im->c->cat, rel, id))
			return TRUE;
	}
	return FALSE;
}

static int id_by_identifier(ImportRun *im, const char *text, gint64 *id, GError **error)
{
	g_autoptr(PlIdentifier) ident = NULL;
	if (pl_identifier_parse(text, &ident, error) != 0)
		return -1;
	sqlite3_stmt *st = catalog_stmt(im->c->cat, "item_ids_by_identifier");
	sqlite3_bind_text(st, 1, ident->value, -1, SQLITE_TRANSIENT);
	if (ident->view)
		sqlite3_bind_text(st, 2, ident->view, -1, SQLITE_TRANSIENT);
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n++ == 0)
			*id = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (n == 1)
		return 0;
	g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
		    n ? "identifier '%s' names more than one image; give the view or the file"
		      : "no image has the identifier '%s'", text);
	return -1;
}

/* Finds the row's image by hash, path or identifier, in that order of
 * precedence; when several are given they must agree. The identifier only
 * decides when neither hash nor path is given: otherwise it is new metadata. */
static int match_row(ImportRun *im, GPtrArray *fields, gint64 *id, GError **error)
{
	const char *sha = sheet_meta_field(fields, im->sheet->cols.sha256);
	const char *file = sheet_meta_field(fields, im->sheet->cols.file);
	gint64 by_sha = 0, by_path = 0;
	if (sha) {
		g_autofree char *lower = g_ascii_strdown(sha, -1);
		if (!catalog_item_id_by_sha(im->c->cat, g_strstrip(lower), &by_sha)) {
			g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "no image has the SHA-256 %s", sha);
			return -1;
		}
	}
	if (file && !id_by_path_cell(im, file, &by_path)) {
		if (!by_sha) {
			g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "no image at '%s' in the catalogue", file);
			return -1;
		}
		by_path = by_sha; /* the file moved; its content is what counts */
	}
	if (by_sha && by_path && by_sha != by_path) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
			    "the SHA-256 names image %" G_GINT64_FORMAT " but '%s' is image %" G_GINT64_FORMAT,
			    by_sha, file, by_path);
		return -1;
	}
	if (by_sha || by_path) {
		*id = by_sha ? by_sha : by_path;
		return 0;
	}
	const char *ident = sheet_meta_field(fields, im->sheet->cols.identifier);
	if (ident)
		return id_by_identifier(im, ident, id, error);
	g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "no file, sha256 or identifier in this row");
	return -1;
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* What import may change, as one string, to tell a no-op row from a change
 * (so a round trip export -> import writes nothing, not even updated_at). */
static char *fingerprint(const CatalogItem *item)
{
	GString *s = g_string_new(NULL);
	const char *const fields[] = {
		item->title, item->creator, item->date, item->description, item->publisher,
		item->institution, item->source, item->credit, item->rights, item->notes,
		item->pipeline, item->document,
	};
	for (size_t i = 0; i < G_N_ELEMENTS(fields); i++)
		g_string_append_printf(s, "%s%c", fields[i] ? fields[i] : "\x01", 0x1f);
	g_string_append_printf(s, "%d-%d%c", item->year_min, item->year_max, 0x1f);
	for (guint i = 0; i < item->identifiers->len; i++) {
		const PlIdentifier *id = item->identifiers->pdata[i];
		g_string_append_printf(s, "%s/%s/%s%c", id->value, id->view ? id->view : "",
				       id->url ? id->url : "", 0x1e);
	}
	/* Borrowed strings: the copy must not free them. */
	g_autoptr(GPtrArray) tags = g_ptr_array_new();
	for (guint i = 0; i < item->tags->len; i++)
		g_ptr_array_add(tags, item->tags->pdata[i]);
	g_ptr_array_sort(tags, compare_strings);
	for (guint i = 0; i < tags->len; i++)
		g_string_append_printf(s, "%c%s", 0x1e, (const char *)tags->pdata[i]);
	return g_string_free(s, FALSE);
}

/* A cell equal to what is recorded (spaces aside) asks for nothing: dropping
 * it keeps a value typed with stray spaces by 'set' as it is. */
static void drop_same(const char **cell, const char *current)
{
	if (!*cell || !current)
		return;
	g_autofree char *a = g_strstrip(g_strdup(*cell));
	g_autofree char *b = g_strstrip(g_strdup(current));
	if (strcmp(a, b) == 0)
		*cell = NULL;
}

/* Applies one row to its image. Returns 0 (*changed says whether anything
 * did), or -1 with a message when the row cannot be applied; *warning may
 * carry a problem that did not stop it (a date kept as written). */
static int apply_row(ImportRun *im, GPtrArray *fields, gboolean *changed, char **warning,
		     char **shown, GError **error)
{
	g_autoptr(CatalogItem) item = NULL;
	gint64 id = 0;
	*changed = FALSE;
	if (match_row(im, fields, &id, error) != 0 ||
	    catalog_item_load(im->c->cat, id, &item, error) != 0)
		return -1;
	*shown = g_strdup(item->path);
	IngestMeta meta;
	sheet_meta_from_row(&im->sheet->cols, fields, &meta);
	if (meta.identifier) {
		/* A bad identifier refuses the row: applying the rest would leave the
		 * image half described with no sign of it in the catalogue. */
		g_autoptr(PlIdentifier) ident = NULL;
		if (pl_identifier_parse(meta.identifier, &ident, error) != 0)
			return -1;
		const PlIdentifier *cur = item->identifiers->len ? item->identifiers->pdata[0] : NULL;
		/* The same identifier again keeps the others the image may have. */
		if (cur && g_strcmp0(cur->value, ident->value) == 0 &&
		    g_strcmp0(cur->view, ident->view) == 0)
			meta.identifier = NULL;
	}
	drop_same(&meta.title, item->title);
	drop_same(&meta.creator, item->creator);
	drop_same(&meta.date, item->date);
	drop_same(&meta.description, item->description);
	drop_same(&meta.publisher, item->publisher);
	drop_same(&meta.institution, item->institution);
	drop_same(&meta.credit, item->credit);
	drop_same(&meta.rights, item->rights);
	drop_same(&meta.notes, item->notes);
	drop_same(&meta.pipeline, item->pipeline);
	g_autofree char *before = fingerprint(item);
	/* A sheet states an image's tags: they replace the recorded ones, as
	 * 'set tags=' does; an empty cell leaves them. */
	if (meta.tags)
		g_ptr_array_set_size(item->tags, 0);
	g_autoptr(GError) meta_err = NULL;
	if (ingest_apply_meta(item, &meta, &meta_err) != 0)
		*warning = g_strdup(meta_err->message);
	g_autofree char *after = fingerprint(item);
	if (strcmp(before, after) == 0)
		return 0;
	*changed = TRUE;
	if (catalog_exec_named(im->c->cat, "import_row_begin", error) != 0)
		return -1;
	if (catalog_item_link_document(im->c->cat, item, error) != 0)
		goto undo;
	if (catalog_item_update(im->c->cat, item, error) != 0)
		goto undo;
	return catalog_exec_named(im->c->cat, "import_row_release", error);
undo:
	catalog_exec_named(im->c->cat, "import_row_undo", NULL);
	catalog_exec_named(im->c->cat, "import_row_release", NULL);
	return -1;
}

static void say(ImportRun *im, gboolean problem, const char *line)
{
	if (im->opts->report)
		im->opts->report(im->opts->report_data, problem, line);
}

int import_sheet_open(const char *path, SheetReader **out, GError **error)
{
	if (sheet_reader_open(path, out, error) != 0)
		return -1;
	const SheetMetaColumns *cols = &(*out)->cols;
	if (cols->file < 0 && cols->sha256 < 0 && cols->identifier < 0) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s: the header names no 'file', "
			    "'sha256' or 'identifier' column to find the images by", path);
		g_clear_pointer(out, sheet_reader_free);
		return -1;
	}
	return 0;
}

/* One row read: applied, or reported by its line. Returns -1 only when
 * the catalogue itself failed, which is no row's fault. */
static int import_row(ImportRun *im, GPtrArray *fields, int line, ImportSummary *sum,
		      GError **error)
{
	gboolean changed = FALSE;
	g_autofree char *warning = NULL, *shown = NULL;
	g_autoptr(GError) row_err = NULL;
	if (apply_row(im, fields, &changed, &warning, &shown, &row_err) != 0) {
		g_autofree char *what = sheet_reader_row_message(im->sheet, line, row_err->message);
		say(im, TRUE, what);
		sum->failed++;
		if (sqlite3_get_autocommit(catalog_db(im->c->cat))) {
			g_set_error(error, PL_ERROR, PL_ERROR_IO,
				    "the import was abandoned; nothing was changed");
			return -1;
		}
		return 0;
	}
	if (warning) {
		g_autofree char *what = g_strdup_printf("%s; the row was applied", warning);
		g_autofree char *msg = sheet_reader_row_message(im->sheet, line, what);
		say(im, TRUE, msg);
		sum->warned++;
	}
	if (changed) {
		sum->updated++;
		g_autofree char *msg = g_strdup_printf("%s %s", im->opts->dry_run ? "would update"
						       : "updated", shown);
		say(im, FALSE, msg);
	} else {
		sum->unchanged++;
	}
	return 0;
}

int import_sheet(Collection *c, SheetReader *sheet, const ImportOptions *opts,
		 ImportSummary *summary, GError **error)
{
	ImportRun im = {.c = c, .sheet = sheet, .opts = opts};
	g_autoptr(GError) err = NULL;
	memset(summary, 0, sizeof *summary);
	if (catalog_begin(c->cat, error) != 0)
		return -1;
	GPtrArray *fields = NULL;
	int line = 0, rc;
	g_autofree char *problem = NULL;
	while ((rc = sheet_reader_next(sheet, &fields, &line, &problem)) != 0) {
		if (rc < 0) {
			say(&im, TRUE, problem);
			g_clear_pointer(&problem, g_free);
			summary->failed++;
			continue;
		}
		rc = import_row(&im, fields, line, summary, error);
		g_ptr_array_unref(fields);
		if (rc != 0)
			goto fail;
	}
	/* A changed identifier may have left its old document without images. */
	if (catalog_exec_named(c->cat, "documents_prune", &err) != 0)
		goto failed;
	if (opts->dry_run)
		catalog_rollback(c->cat);
	else if (catalog_commit(c->cat, &err) != 0)
		goto failed;
	return 0;
failed:
	g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s; nothing was changed", err->message);
fail:
	catalog_rollback(c->cat);
	return -1;
}

#include "collection/remove.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>

#include "collection/preview_cache.h"
#include "util/util.h"

typedef struct {
	char *recorded;
	char *sha256; /* originals: what the file must still hold */
} Doomed;

static void doomed_free(Doomed *d)
{
	g_free(d->recorded);
	g_free(d->sha256);
	g_free(d);
}

static void sayf(const RemoveOptions *o, gboolean problem, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static void sayf(const RemoveOptions *o, gboolean problem, const char *fmt, ...)
{
	if (!o->report)
		return;
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *line = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	o->report(o->report_data, problem, line);
}

/* Deletes a file after the catalogue forgot it; a file already gone is fine.
 * The catalogue's path is not trusted: a master goes only when its real path
 * is a regular file inside masters/, an original only when it is a regular
 * file reached by no symbolic link that still holds the recorded content. */
static int delete_file(Collection *c, const Doomed *d, const char *what, const RemoveOptions *o)
{
	g_autofree char *abs = collection_abspath(c, d->recorded);
	g_autofree char *masters = g_build_filename(c->root, "masters", NULL);
	g_autofree char *real_masters = pl_real_path(masters);
	g_autofree char *real = pl_real_path(abs);
	GStatBuf st;
	if (g_lstat(abs, &st) != 0 && errno == ENOENT)
		return 0;
	const char *why = NULL;
	if (!real)
		why = g_strerror(errno);
	else if (!d->sha256 && (!real_masters || !pl_path_is_below(real, real_masters)))
		why = "it is not inside masters/";
	else if (g_lstat(real, &st) != 0 || !S_ISREG(st.st_mode))
		why = "not a regular file";
	else if (d->sha256 && g_lstat(abs, &st) == 0 && S_ISLNK(st.st_mode))
		why = "a symbolic link, not the file added";
	g_autoptr(GError) error = NULL;
	if (!why && d->sha256) {
		g_autofree char *sha = pl_sha256_file(real, NULL, &error);
		if (!sha)
			why = error->message;
		else if (strcmp(sha, d->sha256) != 0)
			why = "its content is not the one recorded";
	}
	if (why) {
		sayf(o, TRUE, "%s: not deleted: %s", d->recorded, why);
		return -1;
	}
	if (g_unlink(real) == 0) {
		sayf(o, FALSE, "deleted %s %s", what, d->recorded);
		return 0;
	}
	sayf(o, TRUE, "%s: cannot delete: %s", d->recorded, g_strerror(errno));
	return -1;
}

/* Every name to an id, once each: all of them first, so that a typo in the
 * fifth does not leave four removed. */
static int resolve_all(Collection *c, char **names, GArray *ids, GError **error)
{
	for (int i = 0; names[i]; i++) {
		gint64 id = 0;
		if (catalog_item_resolve(c->cat, names[i], &id, error) != 0)
			return -1;
		gboolean seen = FALSE;
		for (guint k = 0; k < ids->len && !seen; k++)
			seen = g_array_index(ids, gint64, k) == id;
		if (!seen)
			g_array_append_val(ids, id);
	}
	return 0;
}

/* The item's masters in masters/ that are on disk: to delete, or counted
 * as kept. Only what planche made there is ours to delete (delete_file
 * checks where the path really leads). */
static void plan_masters(Collection *c, gint64 id, const RemoveOptions *o, GPtrArray *masters,
			 RemoveSummary *sum)
{
	sqlite3_stmt *st = catalog_stmt(c->cat, "master_paths_by_item");
	sqlite3_bind_int64(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *m = (const char *)sqlite3_column_text(st, 0);
		g_autofree char *abs = collection_abspath(c, m);
		if (!g_str_has_prefix(m, "masters/") || !g_file_test(abs, G_FILE_TEST_EXISTS))
			continue;
		if (o->delete_masters || o->delete_originals) {
			Doomed *d = g_new0(Doomed, 1);
			d->recorded = g_strdup(m);
			g_ptr_array_add(masters, d);
		} else {
			sum->kept_masters++;
		}
	}
	sqlite3_reset(st);
}

int remove_items(Collection *c, char **names, const RemoveOptions *opts, RemoveSummary *summary,
		 GError **error)
{
	g_autoptr(GArray) ids = g_array_new(FALSE, FALSE, sizeof(gint64));
	g_autoptr(GPtrArray) masters = g_ptr_array_new_with_free_func((GDestroyNotify)doomed_free);
	g_autoptr(GPtrArray) originals = g_ptr_array_new_with_free_func((GDestroyNotify)doomed_free);
	/* Said once the catalogue has committed: before, nothing is removed yet. */
	g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GError) err = NULL;
	memset(summary, 0, sizeof *summary);
	if (catalog_begin(c->cat, error) != 0)
		return -1;
	if (resolve_all(c, names, ids, &err) != 0)
		goto fail;
	for (guint k = 0; k < ids->len; k++) {
		gint64 id = g_array_index(ids, gint64, k);
		g_autoptr(CatalogItem) item = NULL;
		if (catalog_item_load(c->cat, id, &item, &err) != 0)
			goto fail;
		plan_masters(c, id, opts, masters, summary);
		if (opts->delete_originals && item->sha256) {
			Doomed *d = g_new0(Doomed, 1);
			d->recorded = g_strdup(item->path);
			d->sha256 = g_strdup(item->sha256);
			g_ptr_array_add(originals, d);
		} else if (opts->delete_originals) {
			sayf(opts, TRUE, "%s: not deleted: no checksum was recorded to know it by",
			     item->path);
			summary->not_deleted++;
		} else {
			summary->kept_originals++;
		}
		if (catalog_item_delete(c->cat, id, &err) != 0)
			goto fail;
		g_ptr_array_add(removed, g_strdup_printf("removed %" G_GINT64_FORMAT " %s", id, item->path));
	}
	if (catalog_exec_named(c->cat, "documents_prune", &err) != 0 ||
	    catalog_commit(c->cat, &err) != 0)
		goto fail;
	summary->removed = ids->len;
	for (guint k = 0; k < removed->len; k++)
		sayf(opts, FALSE, "%s", (const char *)removed->pdata[k]);
	/* Files go only once the catalogue no longer names them. */
	for (guint k = 0; k < masters->len; k++)
		if (delete_file(c, masters->pdata[k], "master", opts) != 0)
			summary->not_deleted++;
	for (guint k = 0; k < originals->len; k++)
		if (delete_file(c, originals->pdata[k], "original", opts) != 0)
			summary->not_deleted++;
	preview_cache_prune(c);
	return 0;
fail:
	/* On a full disk the commit is what fails: the catalogue is as it was. */
	g_set_error(error, err->domain, err->code, "%s; nothing was removed", err->message);
	catalog_rollback(c->cat);
	return -1;
}

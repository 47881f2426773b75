/* planche rm: forget images. Their runs, steps, tags, identifiers, EXIF and
 * corrections go with them (foreign keys), and their full-text row. Files on
 * disk stay unless asked: masters with --delete-files, originals only with
 * --delete-originals. */
#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cmd.h"
#include "collection/collection.h"
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

/* Deletes a file after the catalogue forgot it; a file already gone is fine.
 * The catalogue's path is not trusted: a master goes only when its real path
 * is a regular file inside masters/, an original only when it is a regular
 * file reached by no symbolic link that still holds the recorded content. */
static int delete_file(Collection *c, const Doomed *d, const char *what)
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
	if (!why && d->sha256) {
		g_autoptr(GError) error = NULL;
		g_autofree char *sha = pl_sha256_file(real, NULL, &error);
		if (!sha)
			why = error->message;
		else if (strcmp(sha, d->sha256) != 0)
			why = "its content is not the one recorded";
	}
	if (why) {
		fprintf(stderr, "planche: %s: not deleted: %s\n", d->recorded, why);
		return -1;
	}
	if (g_unlink(real) == 0) {
		printf("deleted %s %s\n", what, d->recorded);
		return 0;
	}
	fprintf(stderr, "planche: %s: cannot delete: %s\n", d->recorded, g_strerror(errno));
	return -1;
}

int cmd_rm(int argc, char **argv)
{
	gboolean delete_files = FALSE, delete_originals = FALSE;
	GOptionEntry entries[] = {
		{"delete-files", 0, 0, G_OPTION_ARG_NONE, &delete_files, "also delete the images' masters (in masters/)", NULL},
		{"delete-originals", 0, 0, G_OPTION_ARG_NONE, &delete_originals, "also delete the ORIGINAL SCANS themselves (and the masters)", NULL},
		{NULL},
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("ID... - forget images");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx,
		"Removes images from the catalogue, with their processing history, tags,\n"
		"identifiers and corrections. IDs are ids, paths, checksums or identifiers,\n"
		"as 'show' takes them; if one is not found, nothing is removed.\n"
		"\n"
		"Files are kept unless asked: --delete-files deletes the masters planche\n"
		"made; the original scans are deleted only with --delete-originals.\n"
		"A master kept on disk is no longer named by any run: 'planche verify'\n"
		"lists it as unrecorded.");
	g_autoptr(Collection) c = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GArray) ids = g_array_new(FALSE, FALSE, sizeof(gint64));
	g_autoptr(GPtrArray) masters = g_ptr_array_new_with_free_func((GDestroyNotify)doomed_free);
	g_autoptr(GPtrArray) originals = g_ptr_array_new_with_free_func((GDestroyNotify)doomed_free);
	/* Said once the catalogue has committed: before, nothing is removed yet. */
	g_autoptr(GString) removed = g_string_new(NULL);
	int status = cli_parse(ctx, &argc, &argv);
	if (status)
		return status;
	if (argc < 2)
		return cli_error(2, "rm needs at least one image; see 'planche rm --help'");
	if (delete_originals)
		delete_files = TRUE;
	if (collection_open(0, &c, &error) != 0)
		return cli_error(1, "%s", error->message);
	if (catalog_begin(c->cat, &error) != 0)
		return cli_error(1, "%s", error->message);
	/* All names first: a typo in the fifth must not leave four removed. */
	for (int i = 1; i < argc; i++) {
		gint64 id = 0;
		if (catalog_item_resolve(c->cat, argv[i], &id, &error) != 0) {
			status = cli_error(1, "%s; nothing was removed", error->message);
			goto out;
		}
		gboolean seen = FALSE;
		for (guint k = 0; k < ids->len && !seen; k++)
			seen = g_array_index(ids, gint64, k) == id;
		if (!seen)
			g_array_append_val(ids, id);
	}
	int kept_masters = 0, kept_originals = 0;
	for (guint k = 0; k < ids->len; k++) {
		gint64 id = g_array_index(ids, gint64, k);
		g_autoptr(CatalogItem) item = NULL;
		if (catalog_item_load(c->cat, id, &item, &error) != 0)
			goto fail;
		sqlite3_stmt *st = catalog_stmt(c->cat, "master_paths_by_item");
		sqlite3_bind_int64(st, 1, id);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *m = (const char *)sqlite3_column_text(st, 0);
			g_autofree char *abs = collection_abspath(c, m);
			/* Only what planche made in masters/ is ours to delete
			 * (delete_file checks where the path really leads). */
			if (!g_str_has_prefix(m, "masters/") || !g_file_test(abs, G_FILE_TEST_EXISTS))
				continue;
			if (delete_files) {
				Doomed *d = g_new0(Doomed, 1);
				d->recorded = g_strdup(m);
				g_ptr_array_add(masters, d);
			} else {
				kept_masters++;
			}
		}
		sqlite3_reset(st);
		if (delete_originals && item->sha256) {
			Doomed *d = g_new0(Doomed, 1);
			d->recorded = g_strdup(item->path);
			d->sha256 = g_strdup(item->sha256);
			g_ptr_array_add(originals, d);
		} else if (delete_originals) {
			fprintf(stderr, "planche: %s: not deleted: no checksum was recorded to know it by\n",
				item->path);
			status = 1;
		} else {
			kept_originals++;
		}
		if (catalog_item_delete(c->cat, id, &error) != 0)
			goto fail;
		g_string_append_printf(removed, "removed %" G_GINT64_FORMAT " %s\n", id, item->path);
	}
	if (catalog_exec_named(c->cat, "documents_prune", &error) != 0 ||
	    catalog_commit(c->cat, &error) != 0)
		goto fail;
	fputs(removed->str, stdout);
	/* Files go only once the catalogue no longer names them. */
	for (guint k = 0; k < masters->len; k++)
		if (delete_file(c, masters->pdata[k], "master") != 0)
			status = 1;
	for (guint k = 0; k < originals->len; k++)
		if (delete_file(c, originals->pdata[k], "original") != 0)
			status = 1;
	preview_cache_prune(c);
	printf("%u removed from the catalogue", ids->len);
	if (kept_masters || kept_originals)
		printf("; kept on disk: %d master%s, %d original%s%s", kept_masters,
		       kept_masters == 1 ? "" : "s", kept_originals, kept_originals == 1 ? "" : "s",
		       delete_files ? " (--delete-originals deletes the originals)"
				    : " (--delete-files deletes masters, --delete-originals originals)");
	printf("\n");
	return status;
fail:
	/* On a full disk the commit is what fails: the catalogue is as it was. */
	status = cli_error(1, "%s; nothing was removed", error->message);
out:
	catalog_rollback(c->cat);
	return status;
}

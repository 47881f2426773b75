/* planche rm: forget images. Their runs, steps, tags, identifiers, EXIF and
 * corrections go with them (foreign keys), and their full-text row. Files on
 * disk stay unless asked: masters with --delete-files, originals only with
 * --delete-originals. */
#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "collection/collection.h"
#include "collection/preview_cache.h"
#include "util/util.h"

/* Deletes a file after the catalogue forgot it; a file already gone is fine. */
static int delete_file(Collection *c, const char *recorded, const char *what)
{
	g_autofree char *abs = collection_abspath(c, recorded);
	if (g_unlink(abs) == 0) {
		printf("deleted %s %s\n", what, recorded);
		return 0;
	}
	if (errno == ENOENT)
		return 0;
	fprintf(stderr, "planche: %s: cannot delete: %s\n", recorded, g_strerror(errno));
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
	g_autoptr(GPtrArray) masters = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) originals = g_ptr_array_new_with_free_func(g_free);
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
			/* Only what planche made in masters/ is ours to delete. */
			if (!g_str_has_prefix(m, "masters/") || !g_file_test(abs, G_FILE_TEST_EXISTS))
				continue;
			if (delete_files)
				g_ptr_array_add(masters, g_strdup(m));
			else
				kept_masters++;
		}
		sqlite3_reset(st);
		if (delete_originals)
			g_ptr_array_add(originals, g_strdup(item->path));
		else
			kept_originals++;
		if (catalog_item_delete(c->cat, id, &error) != 0)
			goto fail;
		printf("removed %" G_GINT64_FORMAT " %s\n", id, item->path);
	}
	if (catalog_exec_named(c->cat, "documents_prune", &error) != 0 ||
	    catalog_commit(c->cat, &error) != 0)
		goto fail;
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
	status = cli_error(1, "%s; nothing was removed", error->message);
out:
	catalog_rollback(c->cat);
	return status;
}

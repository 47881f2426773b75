/* planche verify: the catalogue itself (SQLite's quick_check, or its
 * integrity_check with --full), fixity of every original and master against
 * the SHA-256 the catalogue recorded, and files in masters/ that no run made.
 * It only reads: the catalogue is opened read-only, without the writers'
 * lock, so it works on another user's collection or a read-only disk. */
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "collection/collection.h"
#include "collection/ingest.h"
#include "util/util.h"

typedef struct {
	Collection *c;
	int ok, changed, missing, unreadable, unrecorded, unchecked;
} Verify;

static void check_file(Verify *v, const char *recorded, const char *sha256, const char *what)
{
	g_autofree char *abs = collection_abspath(v->c, recorded);
	g_autoptr(GError) error = NULL;
	if (!g_file_test(abs, G_FILE_TEST_EXISTS)) {
		printf("missing     %s (%s)\n", recorded, what);
		v->missing++;
		return;
	}
	g_autofree char *sha = pl_sha256_file(abs, NULL, &error);
	if (!sha) {
		printf("unreadable  %s (%s): %s\n", recorded, what, error->message);
		v->unreadable++;
	} else if (strcmp(sha, sha256) != 0) {
		printf("changed     %s (%s): SHA-256 %s, recorded %s\n", recorded, what, sha, sha256);
		v->changed++;
	} else {
		v->ok++;
	}
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Image files below dir (recursively) that no run names. */
static void find_unrecorded(Verify *v, const char *dir, GHashTable *named)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	if (!d)
		return;
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	const char *name;
	while ((name = g_dir_read_name(d)))
		g_ptr_array_add(names, g_strdup(name));
	g_dir_close(d);
	g_ptr_array_sort(names, compare_names);
	for (guint i = 0; i < names->len; i++) {
		const char *n = names->pdata[i];
		g_autofree char *full = g_build_filename(dir, n, NULL);
		if (g_file_test(full, G_FILE_TEST_IS_DIR)) {
			if (!g_file_test(full, G_FILE_TEST_IS_SYMLINK))
				find_unrecorded(v, full, named);
			continue;
		}
		/* A clean in progress writes ".name.tmp-PID-N" first. */
		if (n[0] == '.' || !ingest_is_image_name(n))
			continue;
		g_autofree char *rel = collection_relpath(v->c, full);
		if (!g_hash_table_contains(named, rel)) {
			printf("unrecorded  %s (no run made it)\n", rel);
			v->unrecorded++;
		}
	}
}

int cmd_verify(int argc, char **argv)
{
	gboolean full = FALSE;
	GOptionEntry entries[] = {
		{"full", 0, 0, G_OPTION_ARG_NONE, &full, "check the catalogue with SQLite's integrity_check (slower; indexes against their tables too)", NULL},
		{NULL},
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("- check the catalogue, and every file against its recorded checksum");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx,
		"Checks the catalogue file (SQLite's quick_check; --full: integrity_check),\n"
		"then reads every original and every current master and compares its SHA-256\n"
		"with the one recorded when it was added or made. Reports, by path, a damaged\n"
		"catalogue, files that are missing or changed, and image files in masters/\n"
		"that no run made. Exit status 1 when anything is wrong. Nothing is written.");
	g_autoptr(Collection) c = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GHashTable) named = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func((GDestroyNotify)catalog_item_free);
	Verify v = {0};
	int status = cli_parse(ctx, &argc, &argv);
	if (status)
		return status;
	if (argc > 1)
		return cli_error(2, "verify takes no arguments; see 'planche verify --help'");
	if (collection_open(CATALOG_READONLY | CATALOG_NO_CHECK, &c, &error) != 0)
		return cli_error(1, "%s", error->message);
	v.c = c;
	{
		gboolean ok;
		g_autofree char *found = catalog_check(c->cat, full, &ok);
		if (!ok) {
			printf("damaged     %s (the catalogue): %s\n", c->db_path, found);
			printf("NOT OK: the catalogue is damaged. Restore planche.db from a backup, or salvage "
			       "what SQLite can read: sqlite3 planche.db .recover > recovered.sql\n");
			/* Said here: no second message at exit. */
			g_free(catalog_damage_unreported());
			return 1;
		}
	}
	/* One read of the catalogue, then the long part (hashing) outside it. */
	sqlite3_stmt *begin = catalog_stmt(c->cat, "read_begin");
	int rc = sqlite3_step(begin);
	sqlite3_reset(begin);
	if (rc != SQLITE_DONE) {
		catalog_fail(c->cat, &error, "cannot start reading");
		return cli_error(1, "%s", error->message);
	}
	g_autoptr(GArray) ids = catalog_item_ids(c->cat);
	for (guint i = 0; i < ids->len; i++) {
		CatalogItem *item = NULL;
		if (catalog_item_load(c->cat, g_array_index(ids, gint64, i), &item, &error) != 0) {
			catalog_rollback(c->cat);
			return cli_error(1, "%s", error->message);
		}
		g_ptr_array_add(items, item);
	}
	sqlite3_stmt *st = catalog_stmt(c->cat, "master_paths_all");
	while (sqlite3_step(st) == SQLITE_ROW)
		g_hash_table_add(named, g_strdup((const char *)sqlite3_column_text(st, 0)));
	sqlite3_reset(st);
	catalog_rollback(c->cat);

	for (guint i = 0; i < items->len; i++) {
		const CatalogItem *item = items->pdata[i];
		g_autofree char *what = g_strdup_printf("original of image %" G_GINT64_FORMAT, item->id);
		/* A file that could not be read when added has no checksum to check. */
		if (item->sha256)
			check_file(&v, item->path, item->sha256, what);
		else
			v.unchecked++;
		const CatalogRun *run = item->good_run;
		if (run && run->master_path && run->master_sha256) {
			g_autofree char *mwhat = g_strdup_printf("master of image %" G_GINT64_FORMAT, item->id);
			check_file(&v, run->master_path, run->master_sha256, mwhat);
		}
	}
	g_autofree char *masters = g_build_filename(c->root, "masters", NULL);
	find_unrecorded(&v, masters, named);

	gboolean bad = v.changed || v.missing || v.unreadable || v.unrecorded;
	printf("%s: catalogue %s, %d files checked, %d ok, %d changed, %d missing, %d unreadable, "
	       "%d unrecorded", bad ? "NOT OK" : "ok", full ? "whole (integrity_check)" : "ok",
	       v.ok + v.changed + v.unreadable, v.ok, v.changed, v.missing, v.unreadable, v.unrecorded);
	if (v.unchecked)
		printf(" (%d failed images without a checksum)", v.unchecked);
	printf("\n");
	return bad ? 1 : 0;
}

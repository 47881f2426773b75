#include "collection/verify.h"

#include <stdarg.h>
#include <string.h>

#include "collection/ingest.h"
#include "util/util.h"

typedef struct {
	Collection *c;
	VerifySummary *sum;
	void (*report)(void *data, const char *line);
	void *data;
} Verify;

static void sayf(Verify *v, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void sayf(Verify *v, const char *fmt, ...)
{
	if (!v->report)
		return;
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *line = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	v->report(v->data, line);
}

static void check_file(Verify *v, const char *recorded, const char *sha256, const char *what)
{
	g_autofree char *abs = collection_abspath(v->c, recorded);
	g_autoptr(GError) error = NULL;
	if (!g_file_test(abs, G_FILE_TEST_EXISTS)) {
		sayf(v, "missing     %s (%s)", recorded, what);
		v->sum->missing++;
		return;
	}
	g_autofree char *sha = pl_sha256_file(abs, NULL, &error);
	if (!sha) {
		sayf(v, "unreadable  %s (%s): %s", recorded, what, error->message);
		v->sum->unreadable++;
	} else if (strcmp(sha, sha256) != 0) {
		sayf(v, "changed     %s (%s): SHA-256 %s, recorded %s", recorded, what, sha, sha256);
		v->sum->changed++;
	} else {
		v->sum->ok++;
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
			sayf(v, "unrecorded  %s (no run made it)", rel);
			v->sum->unrecorded++;
		}
	}
}

/* One read of the catalogue: every item, and every master a run names. */
static int read_catalogue(Collection *c, GPtrArray *items, GHashTable *named, GError **error)
{
	sqlite3_stmt *begin = catalog_stmt(c->cat, "read_begin");
	int rc = sqlite3_step(begin);
	sqlite3_reset(begin);
	if (rc != SQLITE_DONE)
		return catalog_fail(c->cat, error, "cannot start reading");
	g_autoptr(GArray) ids = catalog_item_ids(c->cat);
	for (guint i = 0; i < ids->len; i++) {
		CatalogItem *item = NULL;
		if (catalog_item_load(c->cat, g_array_index(ids, gint64, i), &item, error) != 0) {
			catalog_rollback(c->cat);
			return -1;
		}
		g_ptr_array_add(items, item);
	}
	sqlite3_stmt *st = catalog_stmt(c->cat, "master_paths_all");
	while (sqlite3_step(st) == SQLITE_ROW)
		g_hash_table_add(named, g_strdup((const char *)sqlite3_column_text(st, 0)));
	sqlite3_reset(st);
	catalog_rollback(c->cat);
	return 0;
}

int verify_files(Collection *c, void (*report)(void *data, const char *line), void *data,
		 VerifySummary *summary, GError **error)
{
	Verify v = {.c = c, .sum = summary, .report = report, .data = data};
	g_autoptr(GHashTable) named = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func((GDestroyNotify)catalog_item_free);
	memset(summary, 0, sizeof *summary);
	/* The long part (hashing) outside the read. */
	if (read_catalogue(c, items, named, error) != 0)
		return -1;
	for (guint i = 0; i < items->len; i++) {
		const CatalogItem *item = items->pdata[i];
		g_autofree char *what = g_strdup_printf("original of image %" G_GINT64_FORMAT, item->id);
		/* A file that could not be read when added has no checksum to check. */
		if (item->sha256)
			check_file(&v, item->path, item->sha256, what);
		else
			summary->unchecked++;
		const CatalogRun *run = item->good_run;
		if (run && run->master_path && run->master_sha256) {
			g_autofree char *mwhat = g_strdup_printf("master of image %" G_GINT64_FORMAT, item->id);
			check_file(&v, run->master_path, run->master_sha256, mwhat);
		}
	}
	g_autofree char *masters = g_build_filename(c->root, "masters", NULL);
	find_unrecorded(&v, masters, named);
	return 0;
}

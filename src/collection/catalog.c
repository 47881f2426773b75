#include "collection/catalog.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <string.h>
#include <sys/statvfs.h>

#include "util/util.h"

struct Catalog {
	sqlite3 *db;
	char *path;
	GHashTable *sql;   /* query name -> SQL text */
	GHashTable *stmts; /* query name -> sqlite3_stmt* */
};

/* SQLite logs every corruption it meets, also inside a loop whose caller
 * only sees fewer rows: the log is how a command that read on through a
 * damaged page still learns of it (catalog_damage_unreported). Only
 * SQLITE_CORRUPT counts there: libvips' loaders probe images with SQLite
 * too, and log "not a database" for every one (ours is checked on open). */
static gint damage_seen, damage_reported;
static char *last_path; /* the catalogue opened last, for that message */
G_LOCK_DEFINE_STATIC(last_path);

static gboolean is_damage(int code)
{
	return (code & 0xff) == SQLITE_CORRUPT || (code & 0xff) == SQLITE_NOTADB;
}

static void sqlite_log(void *data, int code, const char *msg)
{
	if ((code & 0xff) == SQLITE_CORRUPT)
		g_atomic_int_set(&damage_seen, 1);
}

static void set_damaged(GError **error, const char *path, const char *detail)
{
	g_atomic_int_set(&damage_seen, 1);
	g_atomic_int_set(&damage_reported, 1);
	g_set_error(error, PL_ERROR, PL_ERROR_FAILED,
		    "%s: the catalogue is damaged (%s); nothing more was done. Restore it from a "
		    "backup, or salvage what SQLite can read: sqlite3 planche.db .recover > recovered.sql",
		    path, detail);
}

char *catalog_damage_unreported(void)
{
	if (!g_atomic_int_get(&damage_seen) || g_atomic_int_get(&damage_reported))
		return NULL;
	G_LOCK(last_path);
	g_autoptr(GError) error = NULL;
	set_damaged(&error, last_path ? last_path : "planche.db", "database disk image is malformed");
	G_UNLOCK(last_path);
	return g_strdup(error->message);
}

int catalog_fail(Catalog *cat, GError **error, const char *what)
{
	int code = sqlite3_extended_errcode(cat->db);
	if (is_damage(code)) {
		g_autofree char *detail = g_strdup_printf("%s: %s", what, sqlite3_errmsg(cat->db));
		set_damaged(error, cat->path, detail);
		return -1;
	}
	g_set_error(error, PL_ERROR, PL_ERROR_FAILED, "catalogue: %s: %s", what,
		    sqlite3_errmsg(cat->db));
	return -1;
}

int catalog_exec_named(Catalog *cat, const char *name, GError **error)
{
	sqlite3_stmt *st = catalog_stmt(cat, name);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : catalog_fail(cat, error, name);
}

/* Problems SQLite's check names in the one line the user reads: the first
 * few say where the damage is; the rest is counted ("and N more"). */
#define CHECK_PROBLEMS_SHOWN 3

/* "ok", or the first problems PRAGMA quick_check or integrity_check finds. */
char *catalog_check(Catalog *cat, gboolean full, gboolean *ok)
{
	sqlite3_stmt *st = NULL;
	GString *out = g_string_new(NULL);
	int n = 0, rc;
	*ok = FALSE;
	rc = sqlite3_prepare_v2(cat->db, full ? "PRAGMA integrity_check(20)" : "PRAGMA quick_check(20)",
				-1, &st, NULL);
	if (rc == SQLITE_OK) {
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			/* One line for the user: SQLite's lines joined, its heading dropped. */
			g_auto(GStrv) lines = g_strsplit((const char *)sqlite3_column_text(st, 0), "\n", -1);
			for (int i = 0; lines[i]; i++) {
				if (!*lines[i] || g_str_has_prefix(lines[i], "*** in database"))
					continue;
				if (n++ < CHECK_PROBLEMS_SHOWN)
					g_string_append_printf(out, "%s%s", out->len ? "; " : "", lines[i]);
			}
		}
	}
	if (rc == SQLITE_DONE && n == 1 && strcmp(out->str, "ok") == 0)
		*ok = TRUE;
	else if (rc != SQLITE_DONE)
		g_string_printf(out, "%s", sqlite3_errmsg(cat->db));
	else if (n > CHECK_PROBLEMS_SHOWN)
		g_string_append_printf(out, "; and %d more", n - CHECK_PROBLEMS_SHOWN);
	sqlite3_finalize(st);
	return g_string_free(out, FALSE);
}

static GBytes *resource(const char *name)
{
	g_autofree char *path = g_strdup_printf("/planche/catalog/%s", name);
	return g_resources_lookup_data(path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Migration files, NNN-name.sql, in order. */
static char **migration_names(void)
{
	char **names = g_resources_enumerate_children("/planche/catalog/",
						      G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
	if (!names)
		return g_new0(char *, 1);
	int n = 0;
	for (int i = 0; names[i]; i++)
		if (g_ascii_isdigit(names[i][0]))
			names[n++] = names[i];
		else
			g_free(names[i]);
	names[n] = NULL;
	qsort(names, (size_t)n, sizeof *names, compare_strings);
	return names;
}

int catalog_latest_version(void)
{
	g_auto(GStrv) names = migration_names();
	int latest = 0;
	for (int i = 0; names[i]; i++)
		latest = MAX(latest, atoi(names[i]));
	return latest;
}

static int user_version(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int v = -1;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

int catalog_schema_version(Catalog *cat)
{
	return user_version(cat->db);
}

/* The one thing to do with a catalogue from a newer planche, whatever the
 * command: no migration goes backwards. */
static int newer_error(Catalog *cat, const char *path, GError **error)
{
	g_set_error(error, PL_ERROR, PL_ERROR_FAILED,
		    "%s: this catalogue was written by a newer planche (schema version %d; this "
		    "planche knows up to %d): upgrade planche", path, user_version(cat->db),
		    catalog_latest_version());
	return -1;
}

/* Applies every migration newer than the file's user_version, each in its own
 * transaction, so a catalogue is moved forward step by step and never rebuilt. */
static int migrate(Catalog *cat, const char *path, GError **error)
{
	int current = user_version(cat->db);
	if (current > catalog_latest_version())
		return newer_error(cat, path, error);
	g_auto(GStrv) names = migration_names();
	for (int i = 0; names[i]; i++) {
		int version = atoi(names[i]);
		if (version <= current)
			continue;
		g_autoptr(GBytes) sql = resource(names[i]);
		g_autofree char *text = g_strndup(g_bytes_get_data(sql, NULL), g_bytes_get_size(sql));
		char *msg = NULL;
		gboolean began = sqlite3_exec(cat->db, "BEGIN IMMEDIATE", NULL, NULL, &msg) == SQLITE_OK;
		/* Another process may have migrated while BEGIN IMMEDIATE waited for it. */
		if (began && user_version(cat->db) >= version) {
			sqlite3_exec(cat->db, "COMMIT", NULL, NULL, NULL);
			current = user_version(cat->db);
			continue;
		}
		if (!began || sqlite3_exec(cat->db, text, NULL, NULL, &msg) != SQLITE_OK) {
			g_set_error(error, PL_ERROR, PL_ERROR_FAILED,
				    "%s: cannot apply schema migration %s: %s", path, names[i],
				    msg ? msg : sqlite3_errmsg(cat->db));
			sqlite3_free(msg);
			sqlite3_exec(cat->db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
		if (sqlite3_exec(cat->db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) {
			g_set_error(error, PL_ERROR, PL_ERROR_FAILED, "%s: %s", path, msg);
			sqlite3_free(msg);
			return -1;
		}
		current = version;
	}
	return 0;
}

static void load_queries(Catalog *cat)
{
	g_autoptr(GBytes) bytes = resource("queries.sql");
	g_assert(bytes);
	g_autofree char *text = g_strndup(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	char *name = NULL;
	GString *body = g_string_new(NULL);
	for (int i = 0;; i++) {
		const char *line = lines[i];
		gboolean is_name = line && g_str_has_prefix(line, "-- name: ");
		if (!line || is_name) {
			if (name)
				g_hash_table_insert(cat->sql, name, g_strdup(body->str));
			name = NULL;
			g_string_truncate(body, 0);
			if (!line)
				break;
			name = g_strstrip(g_strdup(line + strlen("-- name: ")));
			continue;
		}
		if (name)
			g_string_append_printf(body, "%s\n", line);
	}
	g_string_free(body, TRUE);
}

static void finalize_stmt(gpointer st)
{
	sqlite3_finalize(st);
}

static void setup_log(void)
{
	static gsize done;
	if (g_once_init_enter(&done)) {
		/* Only possible before SQLite starts: a process that used it first
		 * (a test) goes without the log, not without a catalogue. */
		sqlite3_config(SQLITE_CONFIG_LOG, sqlite_log, NULL);
		g_once_init_leave(&done, 1);
	}
}

/* A reader that may not write where the catalogue is cannot make the WAL's
 * shared-memory file (another user's collection, a read-only mount): it
 * reads the file as it is, without SQLite's locks, which is right when
 * nobody can be writing there and at worst reads a snapshot otherwise. */
static int open_immutable(Catalog *cat, const char *path)
{
	sqlite3_close(cat->db);
	cat->db = NULL;
	g_autofree char *escaped = g_uri_escape_string(path, "/", FALSE);
	g_autofree char *uri = g_strconcat("file:", escaped, "?mode=ro&immutable=1", NULL);
	return sqlite3_open_v2(uri, &cat->db,
			       SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_FULLMUTEX, NULL);
}

static gboolean cannot_share(int code)
{
	return (code & 0xff) == SQLITE_READONLY || (code & 0xff) == SQLITE_CANTOPEN;
}

static void set_unusable(GError **error, Catalog *cat, const char *path)
{
	int code = sqlite3_extended_errcode(cat->db);
	if (is_damage(code)) {
		set_damaged(error, path, sqlite3_errmsg(cat->db));
		return;
	}
	/* SQLite cannot make its shared-memory file on a full disk, and says
	 * "disk I/O error". Under a megabyte free is full for it: the -shm file
	 * alone takes 32 KB, and the WAL grows by pages. */
	const guint64 nearly_full_bytes = 1024 * 1024;
	g_autofree char *dir = g_path_get_dirname(path);
	struct statvfs vfs;
	gboolean full = (code & 0xff) == SQLITE_FULL ||
		((code & 0xff) == SQLITE_IOERR && statvfs(dir, &vfs) == 0 &&
		 (guint64)vfs.f_bavail * vfs.f_frsize < nearly_full_bytes);
	g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s: not a usable catalogue: %s%s", path,
		    sqlite3_errmsg(cat->db), full ? " (the disk is full)" : "");
}

/* The state of the catalogue's files, as the file system keeps it: any
 * write to planche.db or its WAL, a copy or a restore changes the change
 * time (ctime), which no user tool can set back. */
static char *file_state(const char *path)
{
	g_autofree char *wal = g_strconcat(path, "-wal", NULL);
	const char *paths[] = { path, wal };
	GString *s = g_string_new(NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(paths); i++) {
		GStatBuf sb;
		if (g_stat(paths[i], &sb) != 0 || (i > 0 && sb.st_size == 0))
			continue; /* an empty WAL holds nothing of the catalogue */
		g_string_append_printf(s, "%s %ju %ju %jd %jd.%09ld %jd.%09ld\n", i ? "wal" : "db",
				       (uintmax_t)sb.st_dev, (uintmax_t)sb.st_ino, (intmax_t)sb.st_size,
				       (intmax_t)sb.st_mtim.tv_sec, sb.st_mtim.tv_nsec,
				       (intmax_t)sb.st_ctim.tv_sec, sb.st_ctim.tv_nsec);
	}
	return g_string_free(s, FALSE);
}

/* A damaged catalogue is noticed before a command reads around the damage,
 * or writes on top of it. PRAGMA quick_check reads every page (about 130 ms
 * at 100,000 images), so it runs once per state of the files: a passed
 * check leaves the files' state in planche.db.checked, and an open that
 * finds the same state skips it. The first command after a write checks
 * again; damage that changes no file time (the disk's own) is verify's. */
static int check_once(Catalog *cat, const char *path, GError **error)
{
	g_autofree char *stamp_path = g_strconcat(path, ".checked", NULL);
	g_autofree char *state = file_state(path);
	g_autofree char *stamp = NULL;
	if (*state && g_file_get_contents(stamp_path, &stamp, NULL, NULL) && strcmp(stamp, state) == 0)
		return 0;
	gboolean ok;
	g_autofree char *found = catalog_check(cat, FALSE, &ok);
	if (!ok) {
		set_damaged(error, path, found);
		return -1;
	}
	/* The state taken before the check: a write during it changes the
	 * files again, so the next open checks. A catalogue whose folder
	 * cannot be written is checked every time. */
	if (*state)
		pl_write_file_atomic(stamp_path, state, strlen(state), NULL);
	return 0;
}

int catalog_open(const char *path, int flags, Catalog **out, GError **error)
{
	Catalog *cat = g_new0(Catalog, 1);
	gboolean readonly = (flags & CATALOG_READONLY) != 0;
	int oflags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if ((flags & CATALOG_CREATE) && !readonly)
		oflags |= SQLITE_OPEN_CREATE;
	setup_log();
	G_LOCK(last_path);
	g_free(last_path);
	last_path = g_strdup(path);
	G_UNLOCK(last_path);
	cat->path = g_strdup(path);
	cat->sql = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	cat->stmts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, finalize_stmt);
	if (sqlite3_open_v2(path, &cat->db, oflags | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK) {
		g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s: cannot open catalogue: %s", path,
			    cat->db ? sqlite3_errmsg(cat->db) : "out of memory");
		goto fail;
	}
	/* Another planche on the same collection waits for us rather than
	 * failing: 30 s is longer than any one write transaction holds the
	 * lock (a sheet's import, a batch's run records), short enough that a
	 * stuck writer is reported rather than waited on for ever. */
	const int busy_wait_ms = 30000;
	sqlite3_busy_timeout(cat->db, busy_wait_ms);
	sqlite3_extended_result_codes(cat->db, 1);
	if (!readonly &&
	    sqlite3_exec(cat->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK) {
		set_unusable(error, cat, path);
		goto fail;
	}
	int version = user_version(cat->db);
	if (version < 0 && readonly && cannot_share(sqlite3_extended_errcode(cat->db))) {
		if (open_immutable(cat, path) != SQLITE_OK) {
			g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s: cannot open catalogue: %s", path,
				    cat->db ? sqlite3_errmsg(cat->db) : "out of memory");
			goto fail;
		}
		sqlite3_extended_result_codes(cat->db, 1);
		version = user_version(cat->db);
	}
	if (version < 0 ||
	    sqlite3_exec(cat->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK) {
		set_unusable(error, cat, path);
		goto fail;
	}
	if (!(flags & CATALOG_NO_CHECK) && check_once(cat, path, error) != 0)
		goto fail;
	if (readonly) {
		/* Reading never migrates: the file may be another user's, or on a
		 * read-only disk. */
		if (version > catalog_latest_version()) {
			newer_error(cat, path, error);
			goto fail;
		}
		if (version < catalog_latest_version()) {
			g_set_error(error, PL_ERROR, PL_ERROR_FAILED,
				    "%s: catalogue schema version %d is older than this planche's (%d) and "
				    "is not migrated by a reading command; run a writing one (planche add) "
				    "where the catalogue can be written, or use the planche that made it",
				    path, version, catalog_latest_version());
			goto fail;
		}
	} else if (migrate(cat, path, error) != 0) {
		goto fail;
	}
	load_queries(cat);
	*out = cat;
	return 0;
fail:
	catalog_close(cat);
	return -1;
}

void catalog_close(Catalog *cat)
{
	if (!cat)
		return;
	g_hash_table_destroy(cat->stmts);
	g_hash_table_destroy(cat->sql);
	sqlite3_close(cat->db);
	g_free(cat->path);
	g_free(cat);
}

sqlite3 *catalog_db(Catalog *cat)
{
	return cat->db;
}

sqlite3_stmt *catalog_stmt(Catalog *cat, const char *name)
{
	sqlite3_stmt *st = g_hash_table_lookup(cat->stmts, name);
	if (st) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return st;
	}
	const char *sql = g_hash_table_lookup(cat->sql, name);
	if (!sql)
		g_error("no query named %s in catalog/queries.sql", name);
	if (sqlite3_prepare_v3(cat->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
		g_error("query %s: %s", name, sqlite3_errmsg(cat->db));
	g_hash_table_insert(cat->stmts, g_strdup(name), st);
	return st;
}

int catalog_begin(Catalog *cat, GError **error)
{
	if (sqlite3_exec(cat->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return catalog_fail(cat, error, "cannot start a transaction");
	return 0;
}

int catalog_commit(Catalog *cat, GError **error)
{
	if (sqlite3_exec(cat->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		catalog_fail(cat, error, "cannot commit");
		catalog_rollback(cat);
		return -1;
	}
	return 0;
}

void catalog_rollback(Catalog *cat)
{
	if (!sqlite3_get_autocommit(cat->db))
		sqlite3_exec(cat->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ---- records ---- */

CatalogItem *catalog_item_new(void)
{
	CatalogItem *item = g_new0(CatalogItem, 1);
	item->identifiers = g_ptr_array_new_with_free_func((GDestroyNotify)pl_identifier_free);
	item->tags = g_ptr_array_new_with_free_func(g_free);
	item->overrides = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	item->status = g_strdup("registered");
	return item;
}

void catalog_item_free(CatalogItem *item)
{
	if (!item)
		return;
	char **strings[] = {
		&item->path, &item->sha256, &item->format, &item->status, &item->error,
		&item->title, &item->creator, &item->date, &item->description, &item->publisher,
		&item->institution, &item->source, &item->credit, &item->rights, &item->notes,
		&item->pipeline, &item->added_at, &item->updated_at, &item->document_key,
		&item->document_title, &item->exif_datetime, &item->exif_make, &item->exif_model,
		&item->exif_artist, &item->exif_copyright, &item->exif_description,
		&item->exif_resolution_unit, &item->document,
	};
	for (size_t i = 0; i < G_N_ELEMENTS(strings); i++)
		g_free(*strings[i]);
	g_ptr_array_unref(item->identifiers);
	g_ptr_array_unref(item->tags);
	g_hash_table_destroy(item->overrides);
	if (item->good_run != item->last_run)
		catalog_run_free(item->good_run);
	catalog_run_free(item->last_run);
	g_free(item);
}

CatalogRun *catalog_run_new(void)
{
	CatalogRun *run = g_new0(CatalogRun, 1);
	run->steps = g_ptr_array_new_with_free_func((GDestroyNotify)catalog_step_free);
	return run;
}

void catalog_run_free(CatalogRun *run)
{
	if (!run)
		return;
	g_free(run->pipeline);
	g_free(run->pipeline_hash);
	g_free(run->inputs_hash);
	g_free(run->original_sha256);
	g_free(run->started_at);
	g_free(run->status);
	g_free(run->error);
	g_free(run->master_path);
	g_free(run->master_sha256);
	g_free(run->region);
	g_ptr_array_unref(run->steps);
	g_free(run);
}

void catalog_step_free(CatalogStep *step)
{
	if (!step)
		return;
	g_free(step->step);
	g_free(step->params);
	g_free(step->measured);
	g_free(step);
}

static char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? g_strdup((const char *)t) : NULL;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static void bind_int_or_null(sqlite3_stmt *st, int i, gint64 v)
{
	if (v)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

/* The run columns of last_run_by_item (and runs_published_all from column
 * first on), in that order. */
static CatalogRun *run_from_row(sqlite3_stmt *st, int first)
{
	CatalogRun *run = catalog_run_new();
	int c = first;
	run->id = sqlite3_column_int64(st, c++);
	run->pipeline = col_text(st, c++);
	run->pipeline_hash = col_text(st, c++);
	run->original_sha256 = col_text(st, c++);
	run->started_at = col_text(st, c++);
	run->seconds = sqlite3_column_double(st, c++);
	run->status = col_text(st, c++);
	run->error = col_text(st, c++);
	run->master_path = col_text(st, c++);
	run->master_size = sqlite3_column_int64(st, c++);
	run->master_sha256 = col_text(st, c++);
	run->master_width = sqlite3_column_int(st, c++);
	run->master_height = sqlite3_column_int(st, c++);
	run->region = col_text(st, c++);
	run->angle = sqlite3_column_double(st, c++);
	run->inputs_hash = col_text(st, c++);
	return run;
}

/* The columns of steps_by_run. */
static CatalogStep *step_from_row(sqlite3_stmt *st)
{
	const int first = 0;
	CatalogStep *step = g_new0(CatalogStep, 1);
	step->step = col_text(st, first);
	step->params = col_text(st, first + 1);
	step->measured = col_text(st, first + 2);
	step->applied = sqlite3_column_int(st, first + 3);
	return step;
}

static int read_steps(Catalog *cat, CatalogRun *run, GError **error)
{
	if (!run->steps_unread)
		return 0;
	sqlite3_stmt *st = catalog_stmt(cat, "steps_by_run");
	sqlite3_bind_int64(st, 1, run->id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		g_ptr_array_add(run->steps, step_from_row(st));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		g_ptr_array_set_size(run->steps, 0);
		return catalog_fail(cat, error, "cannot read run steps");
	}
	run->steps_unread = FALSE;
	return 0;
}

int catalog_runs_read_steps(Catalog *cat, GPtrArray *runs, GError **error)
{
	for (guint i = 0; i < runs->len; i++)
		if (read_steps(cat, runs->pdata[i], error))
			return -1;
	return 0;
}

static int load_run(Catalog *cat, const char *query, gint64 item_id, gboolean steps,
		    CatalogRun **out, GError **error)
{
	*out = NULL;
	sqlite3_stmt *st = catalog_stmt(cat, query);
	sqlite3_bind_int64(st, 1, item_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return catalog_fail(cat, error, "cannot read runs");
	CatalogRun *run = run_from_row(st, 0);
	sqlite3_reset(st);
	run->steps_unread = TRUE;
	if (steps && read_steps(cat, run, error)) {
		catalog_run_free(run);
		return -1;
	}
	*out = run;
	return 0;
}

/* The columns of items_all, in that order. */
static CatalogItem *item_from_row(sqlite3_stmt *st)
{
	CatalogItem *item = catalog_item_new();
	g_free(item->status);
	int c = 0;
	item->id = sqlite3_column_int64(st, c++);
	item->path = col_text(st, c++);
	item->size = sqlite3_column_int64(st, c++);
	item->mtime = sqlite3_column_int64(st, c++);
	item->sha256 = col_text(st, c++);
	item->format = col_text(st, c++);
	item->width = sqlite3_column_int(st, c++);
	item->height = sqlite3_column_int(st, c++);
	item->status = col_text(st, c++);
	item->error = col_text(st, c++);
	item->title = col_text(st, c++);
	item->creator = col_text(st, c++);
	item->date = col_text(st, c++);
	item->year_min = sqlite3_column_int(st, c++);
	item->year_max = sqlite3_column_int(st, c++);
	item->description = col_text(st, c++);
	item->publisher = col_text(st, c++);
	item->institution = col_text(st, c++);
	item->source = col_text(st, c++);
	item->credit = col_text(st, c++);
	item->rights = col_text(st, c++);
	item->notes = col_text(st, c++);
	item->pipeline = col_text(st, c++);
	item->added_at = col_text(st, c++);
	item->updated_at = col_text(st, c++);
	item->document_id = sqlite3_column_int64(st, c++);
	item->document_key = col_text(st, c++);
	item->document_title = col_text(st, c++);
	item->exif_datetime = col_text(st, c++);
	item->exif_make = col_text(st, c++);
	item->exif_model = col_text(st, c++);
	item->exif_artist = col_text(st, c++);
	item->exif_copyright = col_text(st, c++);
	item->exif_description = col_text(st, c++);
	item->exif_resolution_unit = col_text(st, c++);
	item->exif_x_resolution = sqlite3_column_double(st, c++);
	item->exif_y_resolution = sqlite3_column_double(st, c++);
	item->exif_orientation = sqlite3_column_int(st, c++);
	item->document = col_text(st, c++);
	return item;
}

static PlIdentifier *identifier_from_row(sqlite3_stmt *st, int first, const char *source)
{
	PlIdentifier *ident = pl_identifier_new();
	ident->scheme = col_text(st, first);
	ident->authority = col_text(st, first + 1);
	ident->local_id = col_text(st, first + 2);
	ident->view = col_text(st, first + 3);
	ident->url = col_text(st, first + 4);
	ident->value = col_text(st, first + 5);
	ident->source = g_strdup(source);
	return ident;
}

/* items_all, ready to step: the rows of the ids from first to last. */
static sqlite3_stmt *items_in_range(Catalog *cat, gint64 first, gint64 last)
{
	sqlite3_stmt *st = catalog_stmt(cat, "items_all");
	sqlite3_bind_int64(st, 1, first);
	sqlite3_bind_int64(st, 2, last);
	return st;
}

static int item_load(Catalog *cat, gint64 id, gboolean steps, CatalogItem **out, GError **error)
{
	sqlite3_stmt *st = items_in_range(cat, id, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "no image with id %" G_GINT64_FORMAT, id);
		return -1;
	}
	if (rc != SQLITE_ROW)
		return catalog_fail(cat, error, "cannot read item");
	CatalogItem *item = item_from_row(st);
	sqlite3_reset(st);

	st = catalog_stmt(cat, "identifiers_by_item");
	sqlite3_bind_int64(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW)
		g_ptr_array_add(item->identifiers, identifier_from_row(st, 0, item->source));
	sqlite3_reset(st);
	st = catalog_stmt(cat, "tags_by_item");
	sqlite3_bind_int64(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW)
		g_ptr_array_add(item->tags, col_text(st, 0));
	sqlite3_reset(st);
	st = catalog_stmt(cat, "overrides_by_item");
	sqlite3_bind_int64(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW)
		g_hash_table_insert(item->overrides, col_text(st, 0), col_text(st, 1));
	sqlite3_reset(st);
	if (load_run(cat, "last_run_by_item", id, steps, &item->last_run, error) != 0) {
		catalog_item_free(item);
		return -1;
	}
	if (item->last_run && g_strcmp0(item->last_run->status, "done") == 0)
		item->good_run = item->last_run;
	else if (item->last_run &&
		 load_run(cat, "last_done_run_by_item", id, steps, &item->good_run, error) != 0) {
		catalog_item_free(item);
		return -1;
	}
	*out = item;
	return 0;
}

int catalog_item_load(Catalog *cat, gint64 id, CatalogItem **out, GError **error)
{
	return item_load(cat, id, TRUE, out, error);
}

int catalog_item_load_brief(Catalog *cat, gint64 id, CatalogItem **out, GError **error)
{
	return item_load(cat, id, FALSE, out, error);
}

/* Item whose id is id in items (sorted by id), from *at on; rows come in id
 * order, so the walk goes forward only. NULL for a row of no item. */
static CatalogItem *item_at(GPtrArray *items, guint *at, gint64 id)
{
	while (*at < items->len && ((CatalogItem *)items->pdata[*at])->id < id)
		(*at)++;
	if (*at < items->len && ((CatalogItem *)items->pdata[*at])->id == id)
		return items->pdata[*at];
	return NULL;
}

typedef struct {
	gint64 first, last; /* the range of ids read */
	GPtrArray *items;
	guint at;
} LoadAll;

/* One pass over the rows of a set-wide query for the ids from first to
 * last; each row goes to row(). */
static int each_row(Catalog *cat, const char *query, const char *what,
		    void (*row)(sqlite3_stmt *st, void *data), void *data, GError **error)
{
	const LoadAll *la = data;
	sqlite3_stmt *st = catalog_stmt(cat, query);
	sqlite3_bind_int64(st, 1, la->first);
	sqlite3_bind_int64(st, 2, la->last);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		row(st, data);
	if (rc != SQLITE_DONE) {
		catalog_fail(cat, error, what);
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	return 0;
}

static void row_identifier(sqlite3_stmt *st, void *data)
{
	LoadAll *la = data;
	CatalogItem *item = item_at(la->items, &la->at, sqlite3_column_int64(st, 0));
	if (item)
		g_ptr_array_add(item->identifiers, identifier_from_row(st, 1, item->source));
}

static void row_tag(sqlite3_stmt *st, void *data)
{
	LoadAll *la = data;
	CatalogItem *item = item_at(la->items, &la->at, sqlite3_column_int64(st, 0));
	if (item)
		g_ptr_array_add(item->tags, col_text(st, 1));
}

static void row_override(sqlite3_stmt *st, void *data)
{
	LoadAll *la = data;
	CatalogItem *item = item_at(la->items, &la->at, sqlite3_column_int64(st, 0));
	if (item)
		g_hash_table_insert(item->overrides, col_text(st, 1), col_text(st, 2));
}

/* Rows in (item, run id) order: an item's latest run comes last, after its
 * latest done one when that is an earlier run. Their steps are left unread. */
static void row_run(sqlite3_stmt *st, void *data)
{
	LoadAll *la = data;
	CatalogItem *item = item_at(la->items, &la->at, sqlite3_column_int64(st, 0));
	if (!item)
		return;
	CatalogRun *run = run_from_row(st, 1);
	run->steps_unread = TRUE;
	if (item->last_run) {
		if (item->good_run && item->good_run != item->last_run)
			catalog_run_free(item->good_run);
		item->good_run = item->last_run;
	}
	item->last_run = run;
	if (g_strcmp0(run->status, "done") == 0)
		item->good_run = run;
}

static void item_free_cb(gpointer p)
{
	catalog_item_free(p);
}

int catalog_items_load_range(Catalog *cat, gint64 first, gint64 last, GPtrArray **out,
			      GError **error)
{
	*out = NULL;
	LoadAll la = {.first = first, .last = last,
		      .items = g_ptr_array_new_with_free_func(item_free_cb)};
	int rc = -1;
	sqlite3_stmt *st = items_in_range(cat, first, last);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		g_ptr_array_add(la.items, item_from_row(st));
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		catalog_fail(cat, error, "cannot read items");
		goto out;
	}
	la.at = 0;
	if (each_row(cat, "identifiers_all", "cannot read identifiers", row_identifier, &la, error))
		goto out;
	la.at = 0;
	if (each_row(cat, "tags_all", "cannot read tags", row_tag, &la, error))
		goto out;
	la.at = 0;
	if (each_row(cat, "overrides_all", "cannot read overrides", row_override, &la, error))
		goto out;
	la.at = 0;
	if (each_row(cat, "runs_published_all", "cannot read runs", row_run, &la, error))
		goto out;
	*out = g_steal_pointer(&la.items);
	rc = 0;
out:
	if (la.items)
		g_ptr_array_unref(la.items);
	return rc;
}

int catalog_items_load_all(Catalog *cat, GPtrArray **out, GError **error)
{
	return catalog_items_load_range(cat, G_MININT64, G_MAXINT64, out, error);
}

/* Ids a batch holds at most, and how far apart its first and last may be:
 * a batch of sparse ids reads the items between them too. */
#define EACH_BATCH 512
#define EACH_SPAN 2048

int catalog_items_each(Catalog *cat, const GArray *ids, int (*fn)(CatalogItem *item, gpointer data),
		       gpointer data, GError **error)
{
	const gint64 *id = (const gint64 *)(gpointer)ids->data;
	for (guint i = 0; i < ids->len;) {
		guint j = i + 1;
		while (j < ids->len && j - i < EACH_BATCH && id[j] > id[j - 1] && id[j] - id[i] < EACH_SPAN)
			j++;
		if (j - i == 1) {
			/* one alone, or out of id order (a sorted search) */
			g_autoptr(CatalogItem) item = NULL;
			if (catalog_item_load_brief(cat, id[i], &item, error) || fn(item, data))
				return -1;
			i = j;
			continue;
		}
		g_autoptr(GPtrArray) items = NULL;
		if (catalog_items_load_range(cat, id[i], id[j - 1], &items, error))
			return -1;
		guint at = 0;
		for (; i < j; i++) {
			CatalogItem *item = item_at(items, &at, id[i]);
			if (!item) {
				g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
					    "no image with id %" G_GINT64_FORMAT, id[i]);
				return -1;
			}
			if (fn(item, data))
				return -1;
		}
	}
	return 0;
}

GArray *catalog_item_ids(Catalog *cat)
{
	GArray *ids = g_array_new(FALSE, FALSE, sizeof(gint64));
	sqlite3_stmt *st = catalog_stmt(cat, "item_ids");
	while (sqlite3_step(st) == SQLITE_ROW) {
		gint64 id = sqlite3_column_int64(st, 0);
		g_array_append_val(ids, id);
	}
	sqlite3_reset(st);
	return ids;
}

static int lookup_id(Catalog *cat, const char *query, const char *arg, gint64 *id)
{
	sqlite3_stmt *st = catalog_stmt(cat, query);
	bind_text(st, 1, arg);
	int found = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		found = 1;
	}
	sqlite3_reset(st);
	return found;
}

int catalog_item_id_by_sha(Catalog *cat, const char *sha256, gint64 *id)
{
	return lookup_id(cat, "item_id_by_sha", sha256, id);
}

int catalog_item_id_by_path(Catalog *cat, const char *path, gint64 *id)
{
	return lookup_id(cat, "item_id_by_path", path, id);
}

/* Runs a query returning ids and accepts exactly one. */
static int unique_id(Catalog *cat, sqlite3_stmt *st, const char *key, gint64 *id,
		     GError **error)
{
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == 0)
			*id = sqlite3_column_int64(st, 0);
		n++;
	}
	sqlite3_reset(st);
	if (n == 1)
		return 0;
	if (n > 1)
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
			    "%s: more than one image matches; give its id or a view", key);
	return n > 1 ? -1 : 1;
}

int catalog_item_resolve(Catalog *cat, const char *key, gint64 *id, GError **error)
{
	char *end = NULL;
	gint64 n = g_ascii_strtoll(key, &end, 10);
	if (*key && end && *end == '\0' && n > 0) {
		sqlite3_stmt *st = items_in_range(cat, n, n);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc == SQLITE_ROW) {
			*id = n;
			return 0;
		}
	}
	if (catalog_item_id_by_path(cat, key, id))
		return 0;
	size_t len = strlen(key);
	if (len >= 8 && len <= 64 && strspn(key, "0123456789abcdef") == len) {
		sqlite3_stmt *st = catalog_stmt(cat, "item_id_by_sha_prefix");
		bind_text(st, 1, key);
		int rc = unique_id(cat, st, key, id, error);
		if (rc <= 0)
			return rc;
	}
	g_autoptr(PlIdentifier) ident = NULL;
	if (pl_identifier_parse(key, &ident, NULL) == 0) {
		sqlite3_stmt *st = catalog_stmt(cat, "item_ids_by_identifier");
		bind_text(st, 1, ident->value);
		bind_text(st, 2, ident->view);
		int rc = unique_id(cat, st, key, id, error);
		if (rc <= 0)
			return rc;
	}
	/* Another archive's identifier as stored ("dta:eiteritz_affe_1719"),
	 * which only its URL parses into. */
	if (strchr(key, ':')) {
		sqlite3_stmt *st = catalog_stmt(cat, "item_ids_by_identifier");
		bind_text(st, 1, key);
		sqlite3_bind_null(st, 2);
		int rc = unique_id(cat, st, key, id, error);
		if (rc <= 0)
			return rc;
	}
	/* A path given relative to the current folder or absolute. */
	if (g_file_test(key, G_FILE_TEST_EXISTS)) {
		g_autofree char *sha = pl_sha256_file(key, NULL, NULL);
		if (sha && catalog_item_id_by_sha(cat, sha, id))
			return 0;
	}
	g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s: no such image in the catalogue", key);
	return -1;
}

static int write_children(Catalog *cat, CatalogItem *item, GError **error)
{
	sqlite3_stmt *st = catalog_stmt(cat, "identifiers_clear");
	sqlite3_bind_int64(st, 1, item->id);
	if (sqlite3_step(st) != SQLITE_DONE)
		return catalog_fail(cat, error, "cannot write identifiers");
	for (guint i = 0; i < item->identifiers->len; i++) {
		const PlIdentifier *ident = item->identifiers->pdata[i];
		st = catalog_stmt(cat, "identifier_insert");
		sqlite3_bind_int64(st, 1, item->id);
		sqlite3_bind_int(st, 2, (int)i);
		bind_text(st, 3, ident->scheme);
		bind_text(st, 4, ident->authority);
		bind_text(st, 5, ident->local_id);
		bind_text(st, 6, ident->view);
		bind_text(st, 7, ident->url);
		bind_text(st, 8, ident->value);
		if (sqlite3_step(st) != SQLITE_DONE)
			return catalog_fail(cat, error, "cannot write identifier");
	}
	st = catalog_stmt(cat, "tags_clear");
	sqlite3_bind_int64(st, 1, item->id);
	if (sqlite3_step(st) != SQLITE_DONE)
		return catalog_fail(cat, error, "cannot write tags");
	for (guint i = 0; i < item->tags->len; i++) {
		st = catalog_stmt(cat, "tag_insert");
		sqlite3_bind_int64(st, 1, item->id);
		bind_text(st, 2, item->tags->pdata[i]);
		if (sqlite3_step(st) != SQLITE_DONE)
			return catalog_fail(cat, error, "cannot write tag");
	}
	st = catalog_stmt(cat, "exif_upsert");
	sqlite3_bind_int64(st, 1, item->id);
	bind_text(st, 2, item->exif_datetime);
	bind_text(st, 3, item->exif_make);
	bind_text(st, 4, item->exif_model);
	bind_text(st, 5, item->exif_artist);
	bind_text(st, 6, item->exif_copyright);
	bind_text(st, 7, item->exif_description);
	bind_text(st, 8, item->exif_resolution_unit);
	if (item->exif_x_resolution > 0)
		sqlite3_bind_double(st, 9, item->exif_x_resolution);
	if (item->exif_y_resolution > 0)
		sqlite3_bind_double(st, 10, item->exif_y_resolution);
	bind_int_or_null(st, 11, item->exif_orientation);
	if (sqlite3_step(st) != SQLITE_DONE)
		return catalog_fail(cat, error, "cannot write EXIF");
	return catalog_reindex_item(cat, item->id, error);
}

static void bind_metadata(sqlite3_stmt *st, int first, const CatalogItem *item)
{
	int c = first;
	bind_text(st, c++, item->title);
	bind_text(st, c++, item->creator);
	bind_text(st, c++, item->date);
	bind_int_or_null(st, c++, item->year_min);
	bind_int_or_null(st, c++, item->year_max);
	bind_text(st, c++, item->description);
	bind_text(st, c++, item->publisher);
	bind_text(st, c++, item->institution);
	bind_text(st, c++, item->source);
	bind_text(st, c++, item->credit);
	bind_text(st, c++, item->rights);
	bind_text(st, c++, item->notes);
	bind_text(st, c++, item->pipeline);
}

int catalog_item_insert(Catalog *cat, CatalogItem *item, GError **error)
{
	sqlite3_stmt *st = catalog_stmt(cat, "item_insert");
	bind_text(st, 1, item->path);
	sqlite3_bind_int64(st, 2, item->size);
	sqlite3_bind_int64(st, 3, item->mtime);
	bind_text(st, 4, item->sha256);
	bind_text(st, 5, item->format);
	bind_int_or_null(st, 6, item->width);
	bind_int_or_null(st, 7, item->height);
	bind_text(st, 8, item->status);
	bind_text(st, 9, item->error);
	bind_metadata(st, 10, item);
	bind_int_or_null(st, 23, item->document_id);
	bind_text(st, 24, item->document);
	if (sqlite3_step(st) != SQLITE_DONE)
		return catalog_fail(cat, error, "cannot add item");
	item->id = sqlite3_last_insert_rowid(cat->db);
	return write_children(cat, item, error);
}

int catalog_item_update(Catalog *cat, CatalogItem *item, GError **error)
{
	sqlite3_stmt *st = catalog_stmt(cat, "item_update");
	sqlite3_bind_int64(st, 1, item->id);
	bind_text(st, 2, item->path);
	sqlite3_bind_int64(st, 3, item->size);
	sqlite3_bind_int64(st, 4, item->mtime);
	bind_text(st, 5, item->sha256);
	bind_text(st, 6, item->format);
	bind_int_or_null(st, 7, item->width);
	bind_int_or_null(st, 8, item->height);
	bind_text(st, 9, item->status);
	bind_text(st, 10, item->error);
	bind_metadata(st, 11, item);
	bind_int_or_null(st, 24, item->document_id);
	bind_text(st, 25, item->document);
	if (sqlite3_step(st) != SQLITE_DONE)
		return catalog_fail(cat, error, "cannot update item");
	return write_children(cat, item, error);
}

int catalog_item_delete(Catalog *cat, gint64 id, GError **error)
{
	sqlite3_stmt *st = catalog_stmt(cat, "fts_delete");
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		return catalog_fail(cat, error, "cannot delete item");
	st = catalog_stmt(cat, "item_delete");
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		return catalog_fail(cat, error, "cannot delete item");
	return 0;
}

int catalog_item_set_document(Catalog *cat, CatalogItem *item, const char *key,
			      GError **error)
{
	sqlite3_stmt *st = catalog_stmt(cat, "document_get_or_insert");
	bind_text(st, 1, key);
	if (sqlite3_step(st) != SQLITE_ROW)
		return catalog_fail(cat, error, "cannot record document");
	item->document_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	st = catalog_stmt(cat, "document_fill");
	sqlite3_bind_int64(st, 1, item->document_id);
	bind_text(st, 2, item->title);
	bind_text(st, 3, item->creator);
	bind_text(st, 4, item->date);
	bind_text(st, 5, item->publisher);
	bind_text(st, 6, item->institution);
	if (sqlite3_step(st) != SQLITE_DONE)
		return catalog_fail(cat, error, "cannot record document");
	g_free(item->document_key);
	item->document_key = g_strdup(key);
	return 0;
}

int catalog_item_link_document(Catalog *cat, CatalogItem *item, GError **error)
{
	if (item->document && *item->document) {
		g_autofree char *key = g_strconcat("document:", item->document, NULL);
		/* the name the archivist gave is the document's title */
		sqlite3_stmt *st = catalog_stmt(cat, "document_name");
		if (catalog_item_set_document(cat, item, key, error) != 0)
			return -1;
		sqlite3_bind_int64(st, 1, item->document_id);
		bind_text(st, 2, item->document);
		if (sqlite3_step(st) != SQLITE_DONE)
			return catalog_fail(cat, error, "cannot record document");
		g_free(item->document_title);
		item->document_title = g_strdup(item->document);
		return 0;
	}
	if (item->identifiers->len > 0) {
		const PlIdentifier *ident = item->identifiers->pdata[0];
		return catalog_item_set_document(cat, item, ident->value, error);
	}
	/* neither a name nor an identifier: no document (documents_prune
	 * forgets one left without images) */
	item->document_id = 0;
	g_clear_pointer(&item->document_key, g_free);
	g_clear_pointer(&item->document_title, g_free);
	return 0;
}

int catalog_reindex_item(Catalog *cat, gint64 id, GError **error)
{
	sqlite3_stmt *st = catalog_stmt(cat, "fts_delete");
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		return catalog_fail(cat, error, "cannot index item");
	st = catalog_stmt(cat, "fts_insert");
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		return catalog_fail(cat, error, "cannot index item");
	return 0;
}

int catalog_override_set(Catalog *cat, gint64 item_id, const char *key, const char *value,
			 GError **error)
{
	sqlite3_stmt *st = catalog_stmt(cat, "override_set");
	sqlite3_bind_int64(st, 1, item_id);
	bind_text(st, 2, key);
	bind_text(st, 3, value);
	if (sqlite3_step(st) != SQLITE_DONE)
		return catalog_fail(cat, error, "cannot record override");
	return 0;
}

int catalog_override_clear(Catalog *cat, gint64 item_id, const char *key, GError **error)
{
	sqlite3_stmt *st = catalog_stmt(cat, "override_clear");
	sqlite3_bind_int64(st, 1, item_id);
	bind_text(st, 2, key);
	if (sqlite3_step(st) != SQLITE_DONE)
		return catalog_fail(cat, error, "cannot clear override");
	return 0;
}

int catalog_run_insert(Catalog *cat, gint64 item_id, CatalogRun *run, GError **error)
{
	sqlite3_stmt *st = catalog_stmt(cat, "run_insert");
	sqlite3_bind_int64(st, 1, item_id);
	bind_text(st, 2, run->pipeline);
	bind_text(st, 3, run->pipeline_hash);
	bind_text(st, 4, run->original_sha256);
	bind_text(st, 5, run->started_at);
	sqlite3_bind_double(st, 6, run->seconds);
	bind_text(st, 7, run->status);
	bind_text(st, 8, run->error);
	bind_text(st, 9, run->master_path);
	bind_int_or_null(st, 10, run->master_size);
	bind_text(st, 11, run->master_sha256);
	bind_int_or_null(st, 12, run->master_width);
	bind_int_or_null(st, 13, run->master_height);
	bind_text(st, 14, run->region);
	sqlite3_bind_double(st, 15, run->angle);
	bind_text(st, 16, run->inputs_hash);
	if (sqlite3_step(st) != SQLITE_DONE)
		return catalog_fail(cat, error, "cannot record run");
	run->id = sqlite3_last_insert_rowid(cat->db);
	for (guint i = 0; i < run->steps->len; i++) {
		const CatalogStep *step = run->steps->pdata[i];
		st = catalog_stmt(cat, "run_step_insert");
		sqlite3_bind_int64(st, 1, run->id);
		sqlite3_bind_int(st, 2, (int)i);
		bind_text(st, 3, step->step);
		bind_text(st, 4, step->params ? step->params : "{}");
		bind_text(st, 5, step->measured ? step->measured : "{}");
		sqlite3_bind_int(st, 6, step->applied);
		if (sqlite3_step(st) != SQLITE_DONE)
			return catalog_fail(cat, error, "cannot record run step");
	}
	st = catalog_stmt(cat, "item_set_status");
	sqlite3_bind_int64(st, 1, item_id);
	bind_text(st, 2, strcmp(run->status, "done") == 0 ? "cleaned" : "failed");
	bind_text(st, 3, run->error);
	if (sqlite3_step(st) != SQLITE_DONE)
		return catalog_fail(cat, error, "cannot record run");
	return 0;
}

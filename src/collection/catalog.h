/* The provenance catalogue: one SQLite file per collection (planche.db).
 * Schema and queries live in catalog/ (SQL files), embedded at build time. */
#ifndef PLANCHE_CATALOG_H
#define PLANCHE_CATALOG_H

#include <glib.h>
#include <sqlite3.h>

#include "provenance/identifier.h"

typedef struct Catalog Catalog;

enum {
	CATALOG_CREATE = 1 << 0,   /* make the file if it is not there */
	CATALOG_READONLY = 1 << 1, /* any write is refused by SQLite */
	CATALOG_NO_CHECK = 1 << 2, /* skip the damage check (PRAGMA quick_check) */
};

/* Opens (and migrates forward) the catalogue at path, after checking it is
 * not damaged (quick_check, once per state of the files: see check_once in
 * catalog.c). Read-only, it never migrates, and reads a file
 * it cannot share the locks of (another user's, a read-only disk) as it is. */
int catalog_open(const char *path, int flags, Catalog **out, GError **error);
/* PRAGMA quick_check, or integrity_check when full: "ok" with *ok TRUE, or
 * the first problems found (newly allocated). */
char *catalog_check(Catalog *cat, gboolean full, gboolean *ok);
/* When SQLite met a damaged catalogue (SQLITE_CORRUPT, SQLITE_NOTADB) that
 * no message has named yet, that message (newly allocated); else NULL. */
char *catalog_damage_unreported(void);
void catalog_close(Catalog *cat);
sqlite3 *catalog_db(Catalog *cat);
int catalog_schema_version(Catalog *cat);
/* The newest schema version this build knows. */
int catalog_latest_version(void);

/* A prepared statement for the query named NAME in catalog/queries.sql,
 * reset and with bindings cleared; owned by the catalogue. */
sqlite3_stmt *catalog_stmt(Catalog *cat, const char *name);

/* BEGIN IMMEDIATE (waits for other writers up to the busy timeout). */
int catalog_begin(Catalog *cat, GError **error);
int catalog_commit(Catalog *cat, GError **error);
void catalog_rollback(Catalog *cat);
/* Sets *error from the connection's last message, returns -1. */
int catalog_fail(Catalog *cat, GError **error, const char *what);
/* Runs queries.sql's statement NAME, which takes no parameter and returns no row. */
int catalog_exec_named(Catalog *cat, const char *name, GError **error);

typedef struct {
	char *step;
	char *params;   /* JSON object */
	char *measured; /* JSON object */
	gboolean applied;
} CatalogStep;

typedef struct {
	gint64 id;
	char *pipeline;
	char *pipeline_hash;
	char *inputs_hash; /* original, pipeline text and overrides together */
	char *original_sha256;
	char *started_at;
	double seconds;
	char *status; /* done | failed */
	char *error;
	char *master_path; /* relative to the collection */
	gint64 master_size;
	char *master_sha256;
	int master_width, master_height;
	char *region; /* JSON [[x,y]x4]: the master's corners in the original's pixels */
	double angle; /* degrees rotated, counter-clockwise positive */
	GPtrArray *steps; /* of CatalogStep* */
	/* Loaded without its steps (catalog_items_load_all): steps is empty
	 * until catalog_runs_read_steps. */
	gboolean steps_unread;
} CatalogRun;

typedef struct {
	gint64 id;
	char *path; /* relative to the collection when inside it */
	gint64 size, mtime;
	char *sha256, *format;
	int width, height;
	char *status, *error;
	char *title, *creator, *date, *description, *publisher, *institution;
	int year_min, year_max; /* 0 when unknown */
	char *source, *credit, *rights, *notes, *pipeline;
	char *added_at, *updated_at;
	/* the document */
	gint64 document_id;
	char *document_key, *document_title;
	char *document; /* the document's name as given, NULL when the identifier decides */
	/* EXIF */
	char *exif_datetime, *exif_make, *exif_model, *exif_artist, *exif_copyright,
		*exif_description, *exif_resolution_unit;
	double exif_x_resolution, exif_y_resolution;
	int exif_orientation;
	GPtrArray *identifiers; /* of PlIdentifier*; [0] is the primary one */
	GPtrArray *tags;        /* of char* */
	GHashTable *overrides;  /* key -> value */
	CatalogRun *last_run;   /* NULL when never cleaned */
	/* The latest run that made a master: last_run itself when it did, an
	 * earlier one when the latest failed (that master is still on disk and
	 * stays published), NULL when none did. */
	CatalogRun *good_run;
} CatalogItem;

CatalogItem *catalog_item_new(void);
void catalog_item_free(CatalogItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CatalogItem, catalog_item_free)
CatalogRun *catalog_run_new(void);
void catalog_run_free(CatalogRun *run);
void catalog_step_free(CatalogStep *step);

/* Loads the whole record (identifiers, tags, EXIF, overrides, last run). */
int catalog_item_load(Catalog *cat, gint64 id, CatalogItem **out, GError **error);
/* The same but for the runs' steps (steps_unread), for what never shows
 * them: a listing or a dump read the 800,000 steps of 100,000 items for
 * nothing, half their time. */
int catalog_item_load_brief(Catalog *cat, gint64 id, CatalogItem **out, GError **error);
/* Loads every item's whole record, as catalog_item_load does, in id order,
 * but for the runs' steps: a few set-wide queries instead of a dozen an
 * item (issue 18). Run it in a read transaction for one consistent view.
 * The steps were 800,000 rows and 118 MB of JSON at 100,000 items, which a
 * site needs only for the pages it renders: catalog_runs_read_steps. */
int catalog_items_load_all(Catalog *cat, GPtrArray **out, GError **error);
/* The same for the items whose ids are from first to last. */
int catalog_items_load_range(Catalog *cat, gint64 first, gint64 last, GPtrArray **out,
			     GError **error);
/* Calls fn on each item of ids (gint64), in that order, loaded as
 * catalog_item_load_brief does: ids in ascending runs are read a batch at
 * a time with the set-wide queries (five queries an item were half of a
 * dump of 100,000 records), so that memory stays flat. fn returns 0 to go
 * on, -1 to stop (with error set by it, or not). Run it in a read
 * transaction. */
int catalog_items_each(Catalog *cat, const GArray *ids, int (*fn)(CatalogItem *item, gpointer data),
		       gpointer data, GError **error);
/* Reads the steps of those runs (of CatalogRun*) loaded without them. */
int catalog_runs_read_steps(Catalog *cat, GPtrArray *runs, GError **error);
/* Finds an item by numeric id, path, SHA-256 (or a unique prefix of 8+) or
 * identifier ("ark:/12148/x", "ark:/12148/x/f3", a Gallica URL).
 * Returns 0 with *id set, or -1 with a message. */
int catalog_item_resolve(Catalog *cat, const char *key, gint64 *id, GError **error);
/* All item ids, in id order. */
GArray *catalog_item_ids(Catalog *cat);

/* Inserts an item (path, sha256, size, mtime, format, width, height, status,
 * error, metadata, identifiers, tags, exif) and fills item->id. */
int catalog_item_insert(Catalog *cat, CatalogItem *item, GError **error);
/* Writes back every column and replaces identifiers, tags and EXIF. */
int catalog_item_update(Catalog *cat, CatalogItem *item, GError **error);
int catalog_item_delete(Catalog *cat, gint64 id, GError **error);
int catalog_item_id_by_sha(Catalog *cat, const char *sha256, gint64 *id);
int catalog_item_id_by_path(Catalog *cat, const char *path, gint64 *id);
/* Links the item to its document (made if needed) keyed by key. */
int catalog_item_set_document(Catalog *cat, CatalogItem *item, const char *key,
			      GError **error);
/* Links the item to its document: the one it names (item->document, keyed
 * 'document:<name>', titled with the name), else its primary identifier's. */
int catalog_item_link_document(Catalog *cat, CatalogItem *item, GError **error);
/* Rewrites the item's full-text row. */
int catalog_reindex_item(Catalog *cat, gint64 id, GError **error);

int catalog_override_set(Catalog *cat, gint64 item_id, const char *key, const char *value,
			 GError **error);
int catalog_override_clear(Catalog *cat, gint64 item_id, const char *key, GError **error);

/* Records a run with its steps; sets run->id; updates the item's status.
 * A run is never changed after: the gallery takes its row for its steps. */
int catalog_run_insert(Catalog *cat, gint64 item_id, CatalogRun *run, GError **error);

#endif

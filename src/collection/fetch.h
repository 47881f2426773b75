/* Filling items from their archives' records (fetch), and downloading
 * originals from the archives (get): the only part of the collection that
 * goes online, through archives/. */
#ifndef PLANCHE_FETCH_H
#define PLANCHE_FETCH_H

#include <json-glib/json-glib.h>
#include <stdio.h>

#include "archives/archives.h"
#include "collection/collection.h"
#include "collection/config.h"
#include "util/json.h"

/* The HTTP client set up from planche.conf's [archives]. */
PlHttp *fetch_http_new(const PlConfig *cfg, GError **error);

typedef struct {
	gboolean overwrite; /* replace fields that already have a value */
	gboolean dry_run;   /* say what would change, write nothing */
} FetchOptions;

typedef struct FetchRun FetchRun;

/* A batch: each document's record is asked once, whatever number of its
 * views are in the batch. Borrows c and http. */
FetchRun *fetch_run_new(Collection *c, PlHttp *http, const FetchOptions *opts);
void fetch_run_free(FetchRun *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(FetchRun, fetch_run_free)

/* Fetches the record of the item's document and fills the item's empty
 * fields (all of them with overwrite), in one transaction with the record.
 * Returns 0 with a report (a first line naming the item, then a line per
 * field), or -1 with a one-line message for this item (no identifier, no such
 * ARK, rate limited, a malformed record, or the catalogue failed). */
int fetch_item(FetchRun *run, gint64 item_id, char **report, GError **error);

/* The items fetch works on, in id order, each once: those named (an id,
 * path, checksum or identifier), every item with an identifier (all), or
 * those with no record yet (missing). A name that matches nothing is a line
 * in problems, and the others are still selected. */
GArray *fetch_select(Collection *c, char **names, gboolean all, gboolean missing,
		     GPtrArray *problems);

/* The records kept for an item, newest first: a JSON array of
 * {url, archive, identifier, retrieved_at, content_type, fields} (and the
 * body as served, with_body) written into j, or lines of text for show. */
void fetch_records_write(PlJson *j, Catalog *cat, gint64 item_id, gboolean with_body);
/* The same array as a tree to read (written, then parsed). */
JsonNode *fetch_records_json(Catalog *cat, gint64 item_id, gboolean with_body);
void fetch_records_print(Catalog *cat, gint64 item_id, FILE *out);

/* ---- get ---- */

typedef struct {
	PlIdentifier *ident;  /* the document's identifier, with the view downloaded */
	PlRemoteImage *image;
	char *dest;           /* absolute path of the original to write */
} GetJob;

void get_job_free(GetJob *job);

/* The absolute folder get downloads into ([archives] originals, relative to
 * the collection), made if needed and cleared of what a get killed midway
 * was writing. */
char *get_originals_dir(const Collection *c, const PlConfig *cfg, GError **error);

/* The downloads for one identifier or URL (an ARK without a view: every view,
 * within first-last when > 0), appended to jobs as GetJob*. originals is the
 * absolute folder they go to. */
int get_plan(PlHttp *http, const char *text, int first, int last, const char *originals,
	     GPtrArray *jobs, GError **error);

typedef enum {
	GET_ADDED,   /* downloaded and registered */
	GET_SKIPPED, /* already in the collection (same identifier and view, path or content) */
} GetOutcome;

/* Downloads one original atomically (unless it is already there) and
 * registers it as add does, with its identifier; with fetch, also its record.
 * Returns 0 with an outcome and a line for the user, or -1 with a message. */
int get_job_run(Collection *c, PlHttp *http, FetchRun *fetch, GetJob *job, GetOutcome *outcome,
		char **line, GError **error);

#endif

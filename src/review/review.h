/* planche review: a local site on 127.0.0.1 where the archivist sees which
 * cleaned images are doubtful and corrects them. Never part of site/. */
#ifndef PLANCHE_REVIEW_H
#define PLANCHE_REVIEW_H

#include <glib.h>

#include "collection/catalog.h"

/* ---- doubt.c: which results deserve a look, and why (pure, no I/O) ---- */

typedef enum {
	REVIEW_OK,
	REVIEW_DOUBTFUL,
	REVIEW_FAILED,
} ReviewVerdict;

typedef struct {
	double max_removed;     /* a crop removing more than this share of the area */
	double unusual_removed; /* ... or this much more than the batch's median share */
	double edge_margin;     /* deskew angles this close (share of range) to the limit */
	double low_confidence;  /* confidence below min-confidence times this */
	double max_clipped;     /* percent of pixels clipped by levels */
	double max_gain;        /* levels stretch 255 / (white - black) above this */
} ReviewRules;

typedef struct {
	ReviewVerdict verdict;
	gboolean reviewed;  /* reviewed=yes override */
	double removed;     /* share of the original's area the master lost; -1 unknown */
	GPtrArray *reasons; /* of char*: one sentence each, plain text */
} ReviewDoubt;

void review_rules_default(ReviewRules *rules);
/* The region "[[x,y]x4]" of a run, read whatever the locale; FALSE when it
 * is not that. */
gboolean review_parse_region(const char *text, double pt[4][2]);
/* Share of the original's area outside the master's region (0..1), or -1
 * when the item has no successful run. */
double review_removed_share(const CatalogItem *item);
/* Judges an item's last run. batch_removed is the median removed share of
 * the collection (-1 when unknown). Never fails: missing measurements are
 * simply not judged. */
ReviewDoubt *review_doubt_new(const CatalogItem *item, double batch_removed,
			      const ReviewRules *rules);
void review_doubt_free(ReviewDoubt *d);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ReviewDoubt, review_doubt_free)
/* Sort rank: unreviewed failed, doubtful, fine, then reviewed ones. */
int review_doubt_rank(const ReviewDoubt *d);

/* ---- edit.c: applying a form of corrections to one image ---- */

#define REVIEW_ERROR (review_error_quark())
GQuark review_error_quark(void);
enum { REVIEW_ERROR_BUSY }; /* another planche holds the collection's lock */

/* Applies form fields to item id: crop, angle, levels, skip, reviewed (empty
 * clears; checked with corrections.c's rules, as 'planche set' does),
 * pipeline (empty = the collection's default). Opens the
 * collection for writing, commits, then cleans the image again when its
 * inputs changed. *cleaned tells whether a clean ran. Fails at once with
 * REVIEW_ERROR_BUSY while another planche writes to the collection. */
int review_apply(GHashTable *form, gint64 id, gboolean *cleaned, GError **error);

/* ---- images.c: downscaled JPEGs of originals and masters, cached ---- */

typedef struct ReviewImages ReviewImages;
ReviewImages *review_images_new(void);
void review_images_free(ReviewImages *ri);
/* A JPEG of path no larger than size px on its long side, in the file's
 * stored orientation (no EXIF rotation: boxes are in stored pixels). */
GBytes *review_images_get(ReviewImages *ri, const char *path, int size, GError **error);

/* ---- pages.c: HTML and JSON ---- */

typedef struct {
	const char *show;     /* all | doubtful | failed | unreviewed */
	const char *pipeline; /* NULL = any */
} ReviewFilter;

/* The list page. Reads the collection itself (read-only). */
int review_page_list(const ReviewFilter *f, const char *token, GString *out, GError **error);
/* One image's page. */
int review_page_item(gint64 id, const char *token, const char *notice, GString *out,
		     GError **error);
/* One image's state as JSON, for the script after a save. */
int review_item_json(gint64 id, GString *out, GError **error);

/* ---- server.c ---- */

/* Serves on 127.0.0.1:port (0 = any free port) until killed; prints the URL. */
int review_serve(int port, GError **error);

/* Checks that every step measurement the doubt rules read is declared by its
 * step (PlStepClass.measures); -1 names the first that is not. */
int review_check_measurements(GError **error);

#endif

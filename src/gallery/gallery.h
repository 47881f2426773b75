/* The static gallery: renders a site from plain structs (a list of
 * CatalogItem and the collection's PlConfig), so that it can be built and
 * tested without a catalogue. */
#ifndef PLANCHE_GALLERY_H
#define PLANCHE_GALLERY_H

#include <glib.h>

#include "collection/catalog.h"
#include "collection/config.h"

typedef struct {
	const char *root;      /* the collection folder: masters and originals are below it */
	const char *out_dir;   /* the site folder (made if needed) */
	const PlConfig *cfg;
	gboolean quiet;        /* no progress lines */
	int jobs;              /* image workers; 0 = number of processors */
	gboolean force;        /* write into a folder planche did not make */
	/* The catalogue, for the two readers below (NULL for items given whole):
	 * read_items reads the items when gallery_build is given none, while
	 * the last build's files are looked at; read_steps, the steps of runs
	 * loaded without them (steps_unread), for the pages that are rendered
	 * only: a no-change rebuild reads none. */
	gpointer catalog;
	int (*read_items)(gpointer catalog, GPtrArray **items, GError **error);
	int (*read_steps)(gpointer catalog, GPtrArray *runs, GError **error);
} GalleryOptions;

typedef struct {
	int items;        /* images published */
	int left_out;     /* images without a master (never cleaned, or failed) */
	int stale;        /* published with an earlier master: the latest clean failed */
	int derived;      /* images whose derivatives and tiles were (re)made */
	int failed;       /* images whose derivatives could not be made */
	int written;      /* files written: pages, manifests, feeds, derivatives */
	gint64 written_bytes;
	int unchanged;    /* text files left as they were */
	int removed;      /* files of items that are gone */
	gboolean finished; /* the site was brought up to date (maybe without some images) */
	gboolean kept;    /* what was written is recorded and stays (after a build
			   * stopped midway, it may have been removed again) */
	int removed_again; /* not kept: new files removed (the rest of those written
			    * replaced files the last build recorded) */
	double seconds;
} GalleryStats;

/* Builds (or brings up to date) the site from items (of CatalogItem*, not
 * taken; NULL: read by opt->read_items). An image that cannot be processed is reported and left out; the
 * build goes on and returns -1 at the end with a message counting them.
 * Only files planche recorded as its own are ever replaced or removed in
 * the site folder; a folder holding anything else is refused unless force.
 * Nothing reaches the site whose SHA-256 is not the one recorded. */
int gallery_build(const GalleryOptions *opt, GPtrArray *items, GalleryStats *stats,
		  GError **error);

/* ---- pure helpers, exposed for the unit tests ---- */

/* A URL-safe slug: ASCII lower case letters, digits and single '-', at most
 * max_len bytes, never empty ("x" for a text with no letter or digit). */
char *gal_slugify(const char *text, gsize max_len);
/* A slug's longest: a title's first words, far under any file system's
 * 255-byte name limit even with a numeric suffix. */
#define GAL_SLUG_MAX 60

/* Site order of two texts, the same whatever the locale (g_utf8_collate
 * follows LC_COLLATE, and a site built under fr_FR came out in another order
 * than under C): letters compare without case or accents ("Éventail" before
 * "Fable"), then as written. */
int gal_text_cmp(const char *a, const char *b);
/* The key gal_text_cmp compares first (strcmp), for a sort that computes
 * it once an item rather than at every comparison. */
char *gal_text_sort_key(const char *text);

/* Renders a small, safe Markdown subset (paragraphs, # headings shifted one
 * level down, - lists, > quotes, **strong**, *em*, `code`, [links](url),
 * backslash escapes) to HTML. Everything else is escaped text; links only
 * to relative, http(s) or mailto targets. */
char *gal_markdown_to_html(const char *text);

/* Paging: how many pages count items make at per_page (at least 1), and the
 * [first, last) range of items on page (1-based; clamped). */
int gal_page_count(int count, int per_page);
void gal_page_range(int count, int per_page, int page, int *first, int *last);
/* The page numbers a pager shows around current: 1, last, and current +- 2,
 * with 0 standing for an ellipsis. Returns how many were written to out
 * (at most 9). */
int gal_pager_window(int n_pages, int current, int out[9]);

/* The derivative widths made for a master of width w from the configured
 * widths (ascending): those narrower than w, plus w itself when it is below
 * the largest configured width. Returns how many (at most 8). */
int gal_derivative_widths(const int *widths, gsize n_widths, int w, int out[8]);

/* Escapes JSON so it can sit inside an HTML <script> element. */
char *gal_json_for_html(const char *json);

/* The sort key for a decade ("1860") from a year; NULL when unknown. */
char *gal_decade_key(int year);

#endif

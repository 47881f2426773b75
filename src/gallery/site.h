/* The gallery's internal model: the site being built, its items and groups,
 * and the writer that keeps outputs incremental. */
#ifndef PLANCHE_GALLERY_SITE_H
#define PLANCHE_GALLERY_SITE_H

#include <json-glib/json-glib.h>

#include "gallery/gallery.h"
#include "gallery/i18n.h"
#include "provenance/date.h"
#include "provenance/names.h"
#include "util/json.h"

#define GAL_MAX_SIZES 8

typedef enum {
	GAL_DOCUMENT,
	GAL_CREATOR,
	GAL_DECADE,
	GAL_TAG,
	GAL_SOURCE,
	GAL_N_KINDS,
	GAL_NO_KIND = -1
} GalKind;

typedef struct GalItem GalItem;

typedef struct {
	GalKind kind;
	char *key;   /* what items share: a creator's name, a decade "1860" */
	char *label; /* shown */
	char *label_key; /* gal_text_sort_key(label), for the groups' order */
	char *slug;  /* folder name below the kind's folder */
	GPtrArray *items; /* of GalItem*, not owned, in the site order */
} GalGroup;

struct GalItem {
	CatalogItem *ci; /* not owned */
	const CatalogRun *run; /* the run whose master is published: ci->good_run */
	char *id;        /* decimal item id: the permalink is items/ID/ */
	char *title;     /* never empty */
	char *title_key; /* gal_text_sort_key(title), for the site order */
	char *alt;       /* title, else description */
	char *master_abs;
	char *master_ext;
	char *original_abs; /* NULL unless originals are offered */
	char *before_abs;   /* the original, shown small beside the master; NULL if absent */
	int before_w, before_h; /* the size of media/ID/before.jpg; 0 when there is none */
	char *original_ext;
	int w, h;           /* the master's */
	int n_sizes;
	int sizes[GAL_MAX_SIZES]; /* derivative widths made */
	char *derive_key;   /* hash of what the derivatives are made from */
	const char *master_sha256;   /* as recorded; what reaches the site must match */
	const char *original_sha256;
	GPtrArray *tree_files; /* paths below the site its derivation made */
	int index;          /* in the site order */
	GalGroup *groups[GAL_N_KINDS]; /* NULL when the item has none of that kind */
	GPtrArray *tag_groups; /* of GalGroup*, not owned */
	GPtrArray *creator_groups; /* the second creator's and later (groups[] has the first) */
	gboolean failed;    /* derivatives could not be made: left out */
	gboolean tree_current; /* its derivatives are the last build's, still there */
};

typedef struct GalOut GalOut;

typedef struct {
	const GalleryOptions *opt;
	const PlConfig *cfg;
	char *base_url;   /* "" or ending with '/' */
	char *lang;       /* "en" or "fr" */
	GPtrArray *items; /* of GalItem*, owned, site order (published only) */
	GPtrArray *groups[GAL_N_KINDS]; /* of GalGroup*, owned, sorted by label */
	GalOut *out;
	gboolean has_viewer; /* OpenSeadragon was found and copied */
	char *intro;         /* the introduction's Markdown, or NULL */
} GalSite;

/* The largest introduction or theme.css a collection may have. */
#define GAL_MAX_SETTING_FILE (1024 * 1024)

/* ---- outputs (out.c) ---- */
/* Opens the site folder and reads the record of the last build. A folder
 * that holds anything but no record of planche's is refused unless force
 * (then files at the names planche writes are replaced, nothing deleted). */
GalOut *gal_out_new(const char *dir, gboolean force, GError **error);
void gal_out_free(GalOut *o);
const char *gal_out_dir(GalOut *o);
/* Writes rel (a path below the site) unless the last build wrote the same
 * bytes there and the file is still present; a file planche did not write
 * there is an error (unless force). */
int gal_out_write(GalOut *o, const char *rel, const char *data, gsize len, GError **error);
int gal_out_write_string(GalOut *o, const char *rel, GString *s, GError **error);
/* Before a derived file is made at rel: -1 when a file planche did not
 * write is there (unless force), else rel is journaled as planche's.
 * Thread-safe. */
int gal_out_claim(GalOut *o, const char *rel, GError **error);
/* Pages keyed by the fingerprint of their inputs (key names the set, such
 * as "items/ID"): current when the last build recorded the same fingerprint
 * and wrote all of rels, which are still there; they are then kept as they
 * are, unrendered. Else the caller renders them, then calls
 * gal_out_inputs_done. In two halves, so that the first runs in worker
 * threads: _same only looks (thread-safe while nothing is written), and
 * _settle records what it found and returns whether they are current. */
gboolean gal_out_inputs_same(GalOut *o, const char *key, const char *fp, const char *const *rels,
			     int n);
gboolean gal_out_inputs_settle(GalOut *o, const char *key, const char *fp,
			       const char *const *rels, int n, gboolean same);
void gal_out_inputs_done(GalOut *o, const char *key, const char *fp);
/* The same for every file the last build wrote that this one has not
 * written or kept yet: the pages made from the whole site (grids, groups,
 * search, feed, IIIF collection, sitemap), when key's fingerprint covers
 * every input of all of them. */
gboolean gal_out_inputs_current_rest(GalOut *o, const char *key, const char *fp);
/* Starts looking, in a thread of its own, at every file the last build
 * recorded (and its derivatives' folders), for the questions below to find
 * the answers ready: the caller reads the catalogue meanwhile. Join before
 * anything is asked or written; a file written after was not seen, so the
 * answers are for the last build's files as this build found them. */
void gal_out_look_ahead(GalOut *o);
void gal_out_look_ahead_join(GalOut *o);
/* Derived trees (media/ID, iiif/ID): TRUE when key matches the last build's
 * and its folders are still there. Thread-safe while nothing is written. */
gboolean gal_out_tree_current(GalOut *o, const char *id, const char *key);
/* Records the tree of id for this build: files (paths below the site) made
 * now, or NULL for the ones the last build recorded. */
void gal_out_tree_keep(GalOut *o, const char *id, const char *key, GPtrArray *files);
/* Removes the files the last build recorded for id's tree. Thread-safe. */
void gal_out_tree_clear(GalOut *o, const char *id);
/* Removes one file planche wrote (rel below the site, its folder really
 * inside the site), and the folders it leaves empty. */
int gal_out_remove_file(GalOut *o, const char *rel);
/* Removes one of planche's temporaries (a name pl_tmp_path_for made). */
void gal_out_remove_tmp(GalOut *o, const char *path);
/* Removes what the last build wrote and this one did not, then saves the record. */
int gal_out_finish(GalOut *o, int *removed, GError **error);
/* After a failed build: records what it wrote (*kept TRUE), or, when not
 * even that can be written, removes the files it made where the record had
 * none (*kept FALSE, *removed of them, -1). */
int gal_out_abandon(GalOut *o, gboolean *kept, int *removed, GError **error);
/* Files written (text and derived) and their bytes, text files left as they were. */
void gal_out_counts(GalOut *o, int *written, gint64 *bytes, int *unchanged);

/* ---- html.c: shared templating ---- */
/* Appends s escaped for HTML text or attribute values. */
void gal_esc(GString *out, const char *s);
void gal_esc_len(GString *out, const char *s, gssize len);
/* "../" repeated depth times ("" at depth 0). */
const char *gal_root(int depth);
typedef struct {
	const char *title;      /* page title, before the site's */
	int depth;              /* folders below the site root */
	const char *canonical;  /* path below the site for <link rel=canonical>; may be NULL */
	const char *description;
	GString *head_extra;    /* raw, already escaped markup for <head>; may be NULL */
	const char *body_class;
	gboolean viewer;        /* load the zoom viewer's scripts */
	gboolean search;        /* load the search script */
	const char *root;       /* what links start with when depth cannot say it (404.html,
				 * shown at any address): NULL for the relative gal_root(depth) */
} GalPage;
void gal_page_begin(GalSite *site, GString *out, const GalPage *p);
void gal_page_end(GalSite *site, GString *out, const GalPage *p);
/* A grid of items as <ul class="grid">, links relative to depth. */
void gal_grid(GalSite *site, GString *out, GalItem **items, int n, int depth);
/* A <picture> of an item's derivatives; sizes is the CSS sizes attribute. */
void gal_picture(GalSite *site, GString *out, GalItem *it, int depth, const char *sizes,
		 gboolean lazy);
/* The relative folder of a group ("creators/daumier") and its label for a kind. */
char *gal_group_dir(const GalGroup *g);
const char *gal_kind_dir(GalKind kind);
const char *gal_kind_title(GalKind kind);
const char *gal_kind_singular(GalKind kind);

/* ---- JSON ---- */
/* The text of a document written with PlJson (started with indent 1 when
 * laid out, as the IIIF files are: then it ends with a newline). */
char *gal_json_string(PlJson *j);
/* An absolute URL for a path below the site when base-url is set, else the
 * path as it is. */
char *gal_site_url(GalSite *site, const char *rel);
/* Adds a IIIF language map {lang: [value]} as the current value. */
void gal_json_lang_map(PlJson *j, const char *lang, const char *value);

/* ---- pages ---- */
/* The kinds of page of a site, one row each (pages.c): the build writes them
 * in the table's order, the navigation links the rows that have a label (or
 * a group kind), the sitemap lists the rows marked for it. A new kind of
 * page is a writer and a row. */
typedef struct {
	const char *name;  /* its pages' body class, "browse-all" */
	const char *index; /* its first page below the site ("" for the home page), or NULL */
	const char *label; /* in the site's navigation (translated at use), or NULL */
	GalKind kind;      /* a group kind's index and groups, written by gal_write_groups */
	gboolean in_sitemap;
	int (*write)(GalSite *site, GError **error);
	int (*write_item)(GalSite *site, GalItem *it, GError **error); /* one per image */
	const char *item_rel; /* the file write_item makes, "items/%s/index.html" with the id */
	gboolean shows_steps; /* write_item shows the steps of the image's run */
} GalPageKind;
extern const GalPageKind gal_page_kinds[];
extern const gsize gal_n_page_kinds;
/* Writes every page of the table, in order. */
int gal_write_pages(GalSite *site, GError **error);
/* Calls fn(i, data) for i in [0, n) on up to threads threads (this one
 * among them), in chunks; returns when all are done. */
void gal_parallel_for(int n, int threads, void (*fn)(int i, gpointer data), gpointer data);
/* The threads a build's bookkeeping uses: --jobs, else the processors. */
int gal_threads(const GalSite *site);
/* Fingerprints (fingerprint.c, 128-bit hex, util/hash.c): of the settings, translations
 * and planche binary every page depends on; of everything an item's own
 * pages are made from, that one included. */
char *gal_site_fingerprint(GalSite *site);
char *gal_item_fingerprint(GalSite *site, const char *site_fp, GalItem *it);

/* Reads [site] introduction into site->intro: -1 when it names no file of
 * the collection's own (outside it, not a regular file, over 1 MiB). */
int gal_read_introduction(GalSite *site, GError **error);
int gal_write_home(GalSite *site, GError **error);
int gal_write_404(GalSite *site, GError **error);
int gal_write_browse(GalSite *site, GError **error);
/* A group kind's index page and one paginated grid per group. */
int gal_write_groups(GalSite *site, GalKind kind, GError **error);
int gal_write_item_page(GalSite *site, GalItem *it, GError **error);
int gal_write_search(GalSite *site, GError **error);
int gal_write_feed(GalSite *site, GError **error);
int gal_write_sitemap(GalSite *site, GError **error);
int gal_write_manifest(GalSite *site, GalItem *it, GError **error);
int gal_write_collection(GalSite *site, GError **error);
int gal_write_document_manifests(GalSite *site, GError **error);
int gal_write_assets(GalSite *site, GError **error);

/* ---- derivatives.c ---- */
/* Makes media/ID (derivatives, master and original copies) and iiif/ID (tiles
 * and info.json) for one item; safe to call from several threads. */
/* Whether size i of the item is also made in WebP: every size a grid uses,
 * not the largest (the single picture of the item page, in JPEG), unless it
 * is the only one. WebP costs 5x a JPEG to encode, 2/3 of a build's time at
 * the largest size (tests/bench/README.md). */
static inline gboolean gal_size_has_webp(const GalItem *it, int i)
{
	return i < it->n_sizes - 1 || it->n_sizes == 1;
}

int gal_derive_item(GalSite *site, GalItem *it, GError **error);
/* Corrects libvips 8.14's info.json in dir: id, every scale factor made,
 * sizes of the whole-image renderings (copied to full/W,H/0/default.jpg). */
int gal_iiif_fix_info(const char *dir, const char *id, GError **error);
/* The info.json of an item as a string (for the page's viewer), its id
 * corrected on disk first when the base-url changed. */
char *gal_iiif_read_info(GalSite *site, GalItem *it);

/* The n most recently added items (new array of borrowed pointers). */
GPtrArray *gal_latest(GalSite *site, guint n);
/* The strings of a GPtrArray joined with sep. */
char *gal_join(GPtrArray *strings, const char *sep);
/* Human size ("1.2 MB"). */
char *gal_format_size(gint64 bytes);
/* A label for a rights statement URI ("Public Domain Mark 1.0"), or NULL. */
const char *gal_rights_label(const char *rights);
/* A label for a source ("gallica" -> "Gallica"). */
const char *gal_source_label(const char *source);

#endif

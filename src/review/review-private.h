/* Shared by the review site's pages. */
#ifndef PLANCHE_REVIEW_PRIVATE_H
#define PLANCHE_REVIEW_PRIVATE_H

#include "collection/collection.h"
#include "review/review.h"

/* One image and its verdict. */
typedef struct {
	CatalogItem *item;
	ReviewDoubt *doubt;
} ReviewEntry;

/* Every image of the collection, judged, in review order (most doubtful
 * first). The collection is open read-only, without a lock. */
typedef struct {
	Collection *c;
	GPtrArray *entries; /* of ReviewEntry* */
	double median_removed;
	char *default_pipeline;
} ReviewSet;

int review_set_load(ReviewSet **out, GError **error);
void review_set_free(ReviewSet *set);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ReviewSet, review_set_free)
/* Index of id in set->entries, or -1. */
int review_set_find(const ReviewSet *set, gint64 id);

/* Escaped text; numbers in the C locale ("1.5", whatever LC_NUMERIC says). */
void rv_text(GString *out, const char *s);
void rv_num(GString *out, double v);
/* Page head (title escaped) and foot. */
void rv_head(GString *out, const char *title, const char *token);
void rv_foot(GString *out);
/* A step's measured box "key" ([x,y,w,h]) from its JSON text. */
gboolean rv_step_box(const CatalogRun *run, const char *step, const char *key, double box[4]);
/* The image's URL path for kind "original" or "master", with a version (not escaped). */
char *rv_image_url(const CatalogItem *item, const char *kind, int size);

#endif

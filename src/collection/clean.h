/* Cleaning a collection's images: what is pending, a thread pool of
 * pipeline runs, and the record of each run. Used by clean, run and review. */
#ifndef PLANCHE_CLEAN_H
#define PLANCHE_CLEAN_H

#include "collection/collection.h"

typedef struct {
	const char *pipeline;     /* for images without their own; NULL = planche.conf's */
	gboolean force;           /* clean again even when up to date */
	gboolean drop_overrides;  /* forget manual corrections first */
	int jobs;                 /* images at once; 0 = one per core, at most one per image */
	/* Told the batch's size, then each image's line as it ends; NULL for
	 * none (the review server). The command layer draws it as it likes. */
	void (*begin)(void *data, int total);
	void (*item)(void *data, gboolean failed, const char *line);
	void *report_data;
} CleanOptions;

typedef struct {
	int done, failed, up_to_date, unreadable;
	int bad_pipelines; /* pipelines that did not parse: nothing ran with them */
} CleanSummary;

/* Cleans the items in ids (all when NULL) that are pending. Broken images
 * and pipelines are reported and counted; returns -1 only when the
 * catalogue itself failed. */
int clean_items(Collection *c, GArray *ids, const CleanOptions *opts, CleanSummary *summary,
		GError **error);

#endif

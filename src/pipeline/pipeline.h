/* Pipelines: plain-text files of steps ("step key=value ...", '#' comments),
 * parsed, then run on one image: measured on a shrunk preview, applied once
 * to the full-resolution image in sequential access. */
#ifndef PLANCHE_PIPELINE_H
#define PLANCHE_PIPELINE_H

#include <glib.h>

#include "steps/step.h"

typedef struct PlPipeline PlPipeline;

/* Parses a pipeline's text. filename is used in messages, which read
 * "FILE:LINE: what is wrong". Unknown steps, unknown or bad options are errors. */
PlPipeline *pl_pipeline_parse(const char *name, const char *text, const char *filename,
			      GError **error);
void pl_pipeline_free(PlPipeline *p);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PlPipeline, pl_pipeline_free)

const char *pl_pipeline_name(const PlPipeline *p);
/* The first comment line of the file, without '#'. */
const char *pl_pipeline_description(const PlPipeline *p);
/* SHA-256 of the pipeline's text: a changed pipeline makes images pending. */
const char *pl_pipeline_hash(const PlPipeline *p);
/* File extension of the masters it writes ("jpg", "tif", "png"). */
const char *pl_pipeline_extension(const PlPipeline *p);

/* Loads NAME: the collection's pipelines/NAME.pipeline first (root may be
 * NULL), else the shipped one embedded in the binary. */
PlPipeline *pl_pipeline_load(const char *root, const char *name, GError **error);

typedef struct {
	char *name;
	char *description;
	char *origin; /* "collection" or "shipped" */
} PlPipelineInfo;
/* Every pipeline available to a collection, by name; shipped ones that the
 * collection overrides appear once, as "collection". */
GPtrArray *pl_pipeline_list(const char *root);
void pl_pipeline_info_free(PlPipelineInfo *info);

/* What one image needs to go through a pipeline. */
typedef struct {
	const char *input;  /* the original */
	const char *preview; /* a preview saved by add, used if it is there and sound (may be NULL) */
	PlMasterMeta master; /* where the master goes, and its provenance */
	/* Per-image manual overrides, key -> value (may be NULL): crop=X,Y,W,H in
	 * the original's pixels, angle=DEG, skip=step,step, levels=BLACK,WHITE,
	 * read with corrections.c's rules. */
	GHashTable *overrides;
} PlCleanJob;

/* What one step did. */
typedef struct {
	char *step;
	char *params;   /* JSON object of its options */
	char *measured; /* JSON object: boxes in the original's pixels, angle, confidence, ... */
	gboolean applied;
} PlStepReport;

typedef struct {
	GPtrArray *steps; /* of PlStepReport* */
	int width, height; /* of the master */
	/* The master's corners (top-left, top-right, bottom-right, bottom-left)
	 * in the original's pixel coordinates (after EXIF orientation is undone,
	 * i.e. as the original file's pixels are stored): what was kept, for
	 * scoring against ground truth and for drawing on the original. */
	double region[4][2];
	double angle; /* total rotation applied, degrees, counter-clockwise positive */
} PlCleanResult;

void pl_clean_result_free(PlCleanResult *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PlCleanResult, pl_clean_result_free)

/* Runs p on job. Returns 0 with *result, or -1 with a message; on failure
 * no file is left at job->master.path (nor a temporary beside it). */
int pl_pipeline_run(const PlPipeline *p, const PlCleanJob *job, PlCleanResult **result,
		    GError **error);

#endif

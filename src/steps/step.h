/* The one interface every cleaning step implements.
 *
 * A step is a const PlStepClass: its name, a table of options (parsed
 * generically from "key=value" by the pipeline parser), and two functions:
 *
 *   measure  looks at the preview (a shrunk copy already advanced through the
 *            previous steps), decides an action and records measurements;
 *   apply    applies that action to an image at a given scale: once on the
 *            preview (so the next step sees the result) and once on the
 *            full-resolution image, in the single sequential pass.
 *
 * Geometry is tracked with affines: every action carries the map from its
 * output's pixels to its input's pixels (both at full resolution), which the
 * runner chains back to the original's pixels for boxes and the region. */
#ifndef PLANCHE_STEP_H
#define PLANCHE_STEP_H

#include <vips/vips.h>

#include "corrections/corrections.h"
#include "imaging/affine.h"
#include "imaging/pixels.h"
#include "util/json.h"

#define PL_MAX_OPTIONS 12

typedef enum { PL_OPT_BOOL, PL_OPT_INT, PL_OPT_DOUBLE, PL_OPT_ENUM, PL_OPT_STRING } PlOptType;

typedef struct {
	const char *name;
	PlOptType type;
	const char *def; /* default, parsed like a user's value */
	double min, max; /* range for INT and DOUBLE */
	const char *const *choices; /* ENUM: NULL-terminated */
	const char *help;
} PlOption;

typedef struct {
	double d; /* BOOL, INT, DOUBLE */
	int e;    /* ENUM: index in choices */
	char *s;  /* STRING (owned) */
} PlOptValue;

typedef struct PlStepClass PlStepClass;

/* One step line of a pipeline. */
typedef struct {
	const PlStepClass *klass;
	PlOptValue v[PL_MAX_OPTIONS];
	int line;
} PlStepConfig;

/* What a step decided on the preview, in full-resolution pixels of its input:
 * the geometry every step shares, and the step's own decision data. */
typedef struct {
	gboolean active;
	gboolean manual;   /* an override decided it */
	double in_w, in_h; /* size of the step's input */
	double out_w, out_h;
	PlAffine to_in;    /* output -> input */
	double box[4];     /* a crop (pl_action_crop): x, y, w, h */
	double angle;      /* a rotation, degrees counter-clockwise: summed into the result */
	gboolean reads_out_of_order; /* apply reads its input out of order (quarter turns) */
	int n_bands;       /* of the preview */
	void *decision;    /* the step's own: klass->decision_size bytes, zeroed by the runner */
} PlAction;

/* Where a master goes (written atomically) and the provenance written into
 * it (EXIF and XMP); any but path may be NULL. */
typedef struct {
	const char *path;
	const char *title, *creator, *date, *description, *credit, *rights, *identifier;
	const char *source_url;  /* a URL anyone can open: the item at its archive */
	const char *rights_text; /* the statement's words ("Public Domain Mark 1.0") */
	gboolean public_domain;  /* rights say no copyright (xmpRights:Marked False) */
	/* The original's capture, kept in the master: scanner, when, resolution. */
	const char *make, *model, *datetime;
	double x_res, y_res;     /* pixels per inch; 0 when unknown */
} PlMasterMeta;

/* What a step may ask of the run. */
typedef struct PlStepContext PlStepContext;
/* Maps a point of the step's input (full-resolution pixels) to the
 * original's pixels. */
void pl_step_to_original(const PlStepContext *ctx, double x, double y, double *ox, double *oy);
/* Maps a point of the original's pixels into the step's input. */
void pl_step_from_original(const PlStepContext *ctx, double ox, double oy, double *x, double *y);
/* Preview pixels per full-resolution pixel. */
double pl_step_scale(const PlStepContext *ctx);
/* The original's EXIF orientation (1..8). */
int pl_step_orientation(const PlStepContext *ctx);
/* The description of the original's embedded ICC profile ("" when it has
 * one without a description), NULL when it has none. Colour images are
 * brought into sRGB through it before any step sees them. */
const char *pl_step_source_profile(const PlStepContext *ctx);
/* The image's corrections (crop, angle, levels, skip), read once by the
 * runner with corrections.c's rules: steps take the values, not the text. */
const PlCorrections *pl_step_corrections(const PlStepContext *ctx);
/* Adds "key": [x, y, w, h] for a box of the step's input, in the original's
 * pixels (the bounding box of its mapped corners). */
void pl_step_add_box(const PlStepContext *ctx, PlJson *b, const char *key,
		     const double box[4]);

struct PlStepClass {
	const char *name;
	const char *summary;
	const PlOption *options; /* terminated by a NULL name */
	/* Every top-level key measure may record, NULL-terminated. Other code
	 * (the review's doubt rules) reads only declared keys, and a unit test
	 * fails when a step records one it does not declare. */
	const char *const *measures;
	size_t decision_size; /* bytes of PlAction.decision this step keeps */
	/* Fills *a (preset to "inactive, identity, same size") and adds
	 * measurements to b, an open JSON object. */
	int (*measure)(const PlStepConfig *cfg, PlStepContext *ctx, VipsImage *preview,
		       PlAction *a, PlJson *b, GError **error);
	/* Applies an active action; scale is pixels of in per full-res pixel. */
	int (*apply)(const PlStepConfig *cfg, const PlAction *a, VipsImage *in, VipsImage **out,
		     double scale, GError **error);
	/* A box drawn by hand (the crop override) is what to keep: steps that
	 * cut edges away on their own must not eat into it first. */
	gboolean yields_to_manual_crop;
	/* A step that writes the master: the runner calls save last, on the
	 * full-resolution image (source_chroma: the original's
	 * "jpeg-chroma-subsample", NULL if not a JPEG), instead of apply; the
	 * parser puts the table's first such step at the end of a pipeline that
	 * names none. It is never skipped. */
	int (*save)(const PlStepConfig *cfg, VipsImage *in, const char *source_chroma,
		    const PlMasterMeta *meta, GError **error);
	/* File extension of the masters save writes ("jpg", "tif", "png"). */
	const char *(*extension)(const PlStepConfig *cfg);
};

/* The table of steps, NULL-terminated: adding a step is a file and a row. */
extern const PlStepClass *const pl_steps[];
const PlStepClass *pl_step_lookup(const char *name);
/* The steps an image may switch off with skip= (every one but a saving
 * step), NULL-terminated, newly allocated. */
char **pl_step_skippable_names(void);
/* The step that ends a pipeline naming no saving step. */
const PlStepClass *pl_step_default_output(void);
/* Whether klass declares key among its measurements. */
gboolean pl_step_measures(const PlStepClass *klass, const char *key);
/* Index of an option in klass->options, or -1. */
int pl_step_option_index(const PlStepClass *klass, const char *name);



/* A crop action of box (x, y, w, h) clamped to the input. */
void pl_action_crop(PlAction *a, double x, double y, double w, double h);
/* Crops an image at scale: box in full-res pixels. */
int pl_apply_crop(const PlAction *a, VipsImage *in, VipsImage **out, double scale);

#endif

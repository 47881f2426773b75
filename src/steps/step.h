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
#include "pipeline/pipeline.h"

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

/* Maps output pixel coordinates to input ones: x' = m[0]x + m[1]y + m[2],
 * y' = m[3]x + m[4]y + m[5]. */
typedef double PlAffine[6];

/* What a step decided on the preview, in full-resolution pixels of its input. */
typedef struct {
	gboolean active;
	gboolean manual;   /* an override decided it */
	double in_w, in_h; /* size of the step's input */
	double out_w, out_h;
	PlAffine to_in;    /* output -> input */
	/* Step-specific parameters. */
	double box[4];     /* a crop: x, y, w, h */
	double angle;      /* rotation, degrees counter-clockwise */
	double bg[4];      /* fill colour */
	int orientation;   /* EXIF orientation 1..8 */
	double lut[256];   /* levels: one map for every channel */
	double gain[4];    /* levels: per-band gain before the map (neutral white) */
	gboolean ratio;    /* levels: scale each pixel's channels alike (keeps tone) */
	int n_bands;
} PlAction;

/* A small JSON writer for measurements: numbers come out short ("0.35",
 * not "0.34999999999999998"). Keys only inside objects. */
typedef struct {
	GString *s;
	int depth;
	gboolean first[16];
} PlJson;
void pl_json_init(PlJson *j); /* opens the top-level object */
char *pl_json_finish(PlJson *j); /* closes it; returns the text */
void pl_json_key(PlJson *j, const char *key);
void pl_json_int(PlJson *j, gint64 v);
void pl_json_num(PlJson *j, double v);
void pl_json_str(PlJson *j, const char *v);
void pl_json_begin_array(PlJson *j);
void pl_json_end_array(PlJson *j);

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
};

/* The table of steps, NULL-terminated. */
extern const PlStepClass *const pl_steps[];
const PlStepClass *pl_step_lookup(const char *name);
/* Index of an option in klass->options, or -1. */
int pl_step_option_index(const PlStepClass *klass, const char *name);

extern const PlStepClass pl_step_orient, pl_step_banner, pl_step_border, pl_step_deskew,
	pl_step_trim, pl_step_levels, pl_step_despeckle, pl_step_output;

/* The output step also saves: called by the runner on the full-resolution image. */
/* source_chroma: the original's "jpeg-chroma-subsample", NULL if not a JPEG. */
int pl_step_output_save(const PlStepConfig *cfg, VipsImage *in, const char *source_chroma,
			const PlCleanJob *job, GError **error);
const char *pl_step_output_extension(const PlStepConfig *cfg);

/* Helpers shared by steps. */
/* Copies and clears vips' error buffer into error. */
void pl_set_vips_error(GError **error, const char *what);
void pl_affine_identity(PlAffine m);
void pl_affine_translate(PlAffine m, double dx, double dy);
/* r = a after b: points go through a first, then b (both output->input). */
void pl_affine_multiply(PlAffine r, const PlAffine a, const PlAffine b);
int pl_affine_invert(PlAffine r, const PlAffine m);
void pl_affine_apply(const PlAffine m, double x, double y, double *ox, double *oy);
/* A crop action of box (x, y, w, h) clamped to the input. */
void pl_action_crop(PlAction *a, double x, double y, double w, double h);
/* Luminance of an sRGB-ish preview as a 1-band uchar image. */
int pl_luminance(VipsImage *in, VipsImage **out);
/* The preview's pixels (uchar, interleaved) or its luminance, newly
 * allocated with g_malloc; NULL on a libvips error. */
guchar *pl_preview_pixels(VipsImage *in, int *w, int *h, int *bands);
guchar *pl_preview_luminance(VipsImage *in, int *w, int *h);
/* The luminance of n interleaved 8-bit pixels, newly allocated. */
guchar *pl_pixels_luminance(const guchar *px, size_t n, int bands);
/* Paper and ink levels of a luminance buffer: Otsu's threshold, the median of
 * the pixels above it and the 5th percentile of the pixels below it. */
void pl_paper_ink(const guchar *lum, size_t n, int *threshold, int *paper, int *ink);
/* Crops an image at scale: box in full-res pixels. */
int pl_apply_crop(const PlAction *a, VipsImage *in, VipsImage **out, double scale);

#endif

/* The per-image corrections ("overrides"): what 'planche set' and the review
 * site accept, and what clean applies. Each has one rule here: how its text
 * is read (numbers with a dot, whatever the locale: "-0.8", never "-0,8"),
 * its bounds, its canonical text (what the catalogue stores) and the one
 * message that refuses it. Pure: GLib only.
 *
 *   crop=X,Y,W,H      the content box, in the original's stored pixels
 *   angle=DEGREES     rotation, counter-clockwise, -45..45
 *   rotate=0|90|180|270  a quarter turn, degrees clockwise, after the EXIF
 *                     orientation; 0 keeps the page as it is and stops the
 *                     automatic turn (orient's reading of the text lines)
 *   levels=B,W        black and white luminance levels, 0 <= B < W <= 255
 *   skip=STEP,STEP    steps switched off for this image
 *   reviewed=yes|no   the archivist has looked at the result
 *
 * and the image's pipeline, a name (pipeline=engraving), which also names a
 * file. An empty value clears a correction: the callers handle that. */
#ifndef PLANCHE_CORRECTIONS_H
#define PLANCHE_CORRECTIONS_H

#include <glib.h>

#define PL_ANGLE_MAX 45.0
/* Larger than any scan: keeps the box's arithmetic in int range. */
#define PL_CROP_MAX 1000000.0

/* The keys above, NULL-terminated (not pipeline, which is an item field). */
extern const char *const pl_correction_keys[];
gboolean pl_correction_is_key(const char *key);

/* A stored set of corrections, read: what the runner and the steps use. */
typedef struct {
	gboolean has_crop, has_angle, has_rotate, has_levels;
	double crop[4];   /* x, y, w, h */
	double angle;     /* degrees, counter-clockwise */
	int rotate;       /* clockwise quarter turns, 0..3 */
	double levels[2]; /* black, white */
	char **skip;      /* step names, NULL-terminated; NULL when none */
	gboolean reviewed;
} PlCorrections;

/* Each reads one value (spaces around it and around commas are allowed)
 * and fails with its rule's message, which quotes the value. */
int pl_correction_parse_crop(const char *value, double box[4], GError **error);
int pl_correction_parse_angle(const char *value, double *degrees, GError **error);
/* *turns gets 0..3 clockwise quarter turns ("90" -> 1). */
int pl_correction_parse_rotate(const char *value, int *turns, GError **error);
int pl_correction_parse_levels(const char *value, double levels[2], GError **error);
/* steps: the names that may be switched off (the runner passes NULL: any
 * name, since a step absent from the pipeline is simply not there). *names
 * (may be NULL) gets them, newly allocated, once each. */
int pl_correction_parse_skip(const char *value, const char *const *steps, char ***names,
			     GError **error);
int pl_correction_parse_reviewed(const char *value, gboolean *yes, GError **error);
/* A pipeline's name: letters, digits, '-', '_' and '.', not starting with a
 * dot; whether such a pipeline exists is for the caller to ask. */
int pl_correction_check_pipeline(const char *name, GError **error);

/* A box that stays inside the original (width x height stored pixels, with
 * a pixel of slack for rounding); clean would make a sliver of it else. */
int pl_correction_check_crop_fits(const double box[4], int width, int height, GError **error);

/* The canonical text of key's value ("crop", "angle", "rotate", "levels", "skip",
 * "reviewed" or "pipeline"), newly allocated; NULL with the rule's message
 * when it is refused, or when key is none of them. steps: as above. */
char *pl_correction_normalize(const char *key, const char *value, const char *const *steps,
			      GError **error);

/* What 'planche set' and the review site store for an image of width x
 * height stored pixels (0 x 0: unknown): pl_correction_normalize's text,
 * and a crop must also fit (pl_correction_check_crop_fits). */
char *pl_correction_for_image(const char *key, const char *value, const char *const *steps,
			      int width, int height, GError **error);

/* Reads a stored table (key -> text) for clean; keys it does not know are
 * left alone. On failure *out is cleared. */
int pl_corrections_read(GHashTable *table, PlCorrections *out, GError **error);
void pl_corrections_clear(PlCorrections *c);

/* A number as corrections write it: the shortest decimal text with a dot
 * that reads back the same, no exponent ("0.8", "120", "-2.25"). */
void pl_correction_append_number(GString *out, double v);

#endif

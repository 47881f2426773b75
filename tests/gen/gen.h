/* planche-gen-scans: synthetic degraded scans of 19th-century prints with
 * known ground truth, the scorer that compares planche's results with that
 * truth, and the README's example set.
 *
 * Coordinates everywhere: pixel (i, j) covers [i, i+1) x [j, j+1), so an
 * image spans [0, W] x [0, H], x to the right, y down. Rotations are in
 * degrees, counter-clockwise as seen on screen positive. */
#ifndef PLANCHE_GEN_H
#define PLANCHE_GEN_H

#include <glib.h>
#include <json-glib/json-glib.h>
#include <vips/vips.h>

enum { SIDE_TOP, SIDE_RIGHT, SIDE_BOTTOM, SIDE_LEFT, N_SIDES };

/* Border depth profiles are written to truth.json sampled every this many
 * pixels (each sample the deepest point of its span). */
#define GEN_PROFILE_STEP 8

typedef struct {
	int index;
	char file[64];
	char truth_file[64];
	int width, height; /* of the whole scan, strip included */
	int scan_h;        /* rows above the strip (== height without one) */
	double rotation;   /* the sheet was turned by this, CCW positive */
	/* The frame rule's outer box in the upright sheet ("page") coordinates,
	 * where the page is the W x scan_h scan area before rotation. */
	int fx, fy, fw, fh;
	int rule, gap; /* rule thickness, blank between rule and hatching */
	double content[4][2]; /* TL, TR, BR, BL of the frame in the scan */
	double caption[4][2]; /* the caption's box in the scan */
	/* The frame and its caption (the lettered plate): what a cleaner that
	 * keeps the lettering keeps; lw x lh upright. */
	double lettered[4][2];
	int lw, lh;
	int cx, cy, cw, ch;   /* the caption's box in the page */
	char caption_text[160];
	gboolean has_strip;
	int strip_h;
	/* Dark scanner border per side: depth of the dark area from that edge
	 * of the scan area (bottom: from the strip's top), at every pixel along
	 * the edge; NULL when the side has none. */
	double *profile[N_SIDES];
	double border_max[N_SIDES];
	double black[3], white[3]; /* scan values of ideal ink and ideal paper */
	double unevenness;         /* relative amplitude of the paper's mottling */
	int n_foxing, n_dust;
	/* A library's red ownership stamp in a margin (page coordinates, a
	 * square of side ss), and its box in the scan; ss == 0 when none. */
	int sx, sy, ss;
	double stamp[4][2];
	int quality; /* JPEG Q */
	gboolean clean; /* no defect at all: a cleaner must keep it whole */
	gboolean landscape;
} GenCase;

typedef struct {
	double megapixels;
	guint32 seed;
	int start;             /* index of the first case */
	gboolean truth_images; /* write case-NNN.truth.png */
} GenOptions;

void gen_case_clear(GenCase *c);

/* Chooses every parameter of case index (deterministic for seed). kind
 * picks the defect profile (see gen_scene.c); w, h the scan's size. */
void gen_case_plan(GenCase *c, guint32 seed, int index, int kind, int w, int h);

/* Draws case c; writes dir/c->file (JPEG) and, when truth_png is set,
 * dir/c->truth_file. */
int gen_case_draw(const GenCase *c, guint32 seed, const char *dir, gboolean truth_png,
		  GError **error);

/* One truth.json entry. */
void gen_case_to_json(const GenCase *c, JsonBuilder *b);

/* Modes. Each returns the process status. */
int gen_cases(const char *dir, int count, const GenOptions *opt);
int gen_example(const char *dir, guint32 seed);
int gen_bench_collection(const char *dir, int count, guint32 seed);
/* Returns 0, 1 on an error, 3 when fewer than min_pass percent pass. */
int gen_score(const char *truth_dir, const char *results, const char *collection,
	      gboolean verbose, double min_pass);

/* Helpers shared by the modes. */
int gen_fail(GError **error, const char *what);
int gen_mkdir(const char *dir, GError **error);

/* Polygon geometry for the scorer (convex polygons, any orientation). */
double gen_poly_area(const double (*p)[2], int n);
double gen_convex_intersection_area(const double (*a)[2], int na, const double (*b)[2],
				    int nb);

#endif

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

/* What a case shows. PLATE is the original engraved print in a frame rule
 * (with its six defect profiles); the others are drawn by gen_kinds.c. */
typedef enum {
	KIND_PLATE,
	KIND_TEXT,     /* a book page: running head, text, footnotes, sometimes a frame rule */
	KIND_SPREAD,   /* one page of an open book: facing-page strip, gutter shadow, page stack */
	KIND_SIDEWAYS, /* a text page turned 90, 180 or 270 degrees on the glass */
	KIND_BLANK,    /* a near-blank cover or flyleaf: stains and a few pencil marks */
	KIND_MOUNT,    /* a print pasted on a larger mount board of another tone */
	KIND_BLACK,    /* a cut-out drawing on black, faint thin lines near its edges */
	KIND_FADED,    /* levels squeezed to 30-70 % of the range, tinted paper, dust */
	N_KINDS
} GenKind;

extern const char *const gen_kind_names[N_KINDS];

/* Paper and ink as measured on an image (see gen_measure_tone): the paper is
 * the median of the brightest 30 % of the page's pixels, the ink the 1st
 * percentile of L* inside the content. */
typedef struct {
	double paper_L, paper_a, paper_b, paper_C;
	double ink_L;  /* NAN when no content was given */
	double spread; /* L* 98th minus 2nd percentile over the page */
	gsize n;       /* pixels measured */
} GenTone;

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

	/* Every kind. */
	GenKind kind;
	int variant;          /* plates: the defect profile; others: a sub-style */
	char style[96];       /* the sub-style in words, for truth.json */
	double page[4][2];    /* the sheet in the scan (TL, TR, BR, BL of the upright page) */
	gboolean has_alt_page;
	double alt_page[4][2]; /* a looser box that is also right (the mount) */
	int upright_rotation; /* the quarter turn, clockwise, that makes the scan upright */
	gboolean near_blank;
	double paper_rgb[3];  /* the paper's colour in the scan, before mottling and noise */
	double ideal_paper_lab[3]; /* the paper a perfect cleaner gives */
	GenTone ideal;        /* measured on the perfect master */
	gboolean has_ideal;
	/* The perfect result (--perfect): its region in the scan and its master. */
	double perfect_region[4][2];
	char perfect_file[64];
} GenCase;

typedef struct {
	double megapixels;
	guint32 seed;
	int start;             /* index of the first case */
	gboolean truth_images; /* write case-NNN.truth.png */
	GenKind kinds[N_KINDS]; /* case i is of kind kinds[i % n_kinds] */
	int n_kinds;
	gboolean perfect;      /* also write perfect masters and perfect.json */
} GenOptions;

void gen_case_clear(GenCase *c);

/* Chooses every parameter of case index (deterministic for seed). kind
 * picks the defect profile (see gen_scene.c); w, h the scan's size. */
void gen_case_plan(GenCase *c, guint32 seed, int index, int kind, int w, int h);

/* Draws case c; writes dir/c->file (JPEG) and, when truth_png is set,
 * dir/c->truth_file; with perfect, dir/c->perfect_file. Fills in what only
 * the drawing knows (the new kinds' geometry, the ideal's tones). */
int gen_case_draw(GenCase *c, guint32 seed, const char *dir, gboolean truth_png,
		  gboolean perfect, GError **error);

/* The new kinds (gen_kinds.c): planning and drawing. */
void gen_kind_plan(GenCase *c, guint32 seed, int index, GenKind kind, int variant,
		   double megapixels);
int gen_kind_draw(GenCase *c, guint32 seed, const char *dir, gboolean truth_png,
		  gboolean perfect, GError **error);

/* Pieces of gen_scene.c the new kinds reuse. */
int gen_frame_block(VipsObject *ctx, GRand *r, const GenCase *c, VipsImage **out);
void gen_add_quad(JsonBuilder *b, const char *name, const double q[4][2]);

/* Colour: sRGB (0..255) to CIELAB (D65) and back. */
void gen_srgb_to_lab(const double rgb[3], double lab[3]);
void gen_lab_to_srgb(const double lab[3], double rgb[3]);

/* Measures paper and ink on image in (any libvips image; an embedded ICC
 * profile is honoured, else sRGB or grey is assumed), shrunk so that its
 * longer side is at most max_side. page (n_page points, in the image's
 * pixels; NULL: the whole image) is where the paper is looked for, content
 * (NULL: no ink measured) where the ink is. Polygons are convex. */
int gen_measure_tone(VipsImage *in, int max_side, const double (*page)[2], int n_page,
		     const double (*content)[2], int n_content, GenTone *out, GError **error);
gboolean gen_point_in_convex(const double (*q)[2], int n, double x, double y);
/* The part of convex polygon p inside convex polygon clip, into out (at most
 * GEN_CLIP_MAX corners); returns its corner count, 0 when they do not meet. */
#define GEN_CLIP_MAX 8
int gen_clip_convex(const double (*p)[2], int np, const double (*clip)[2], int nc, double (*out)[2]);

/* --score-real: the real samples against their hand-checked expected.json. */
int gen_score_real(const char *expected, const char *results, const char *collection,
		   const char *originals, gboolean verbose, gboolean strict);

/* One truth.json entry. */
void gen_case_to_json(const GenCase *c, JsonBuilder *b);

/* Modes. Each returns the process status. */
int gen_cases(const char *dir, int count, const GenOptions *opt);
int gen_example(const char *dir, guint32 seed);
int gen_bench_collection(const char *dir, int count, double megapixels, guint32 seed);
/* Returns 0, 1 on an error, 3 when fewer than min_pass percent pass. */
int gen_score(const char *truth_dir, const char *results, const char *collection,
	      gboolean verbose, double min_pass);
/* Parses "plate,text,..." (or "all"); returns the count, -1 on an unknown name. */
int gen_parse_kinds(const char *list, GenKind *kinds, GError **error);

/* Helpers shared by the modes. */
int gen_fail(GError **error, const char *what);
int gen_mkdir(const char *dir, GError **error);

/* The verdict on a crop: how far the region (the master's corners in the
 * scan) cuts into the content, and how far it reaches outside the page (and
 * the scan); sides are the master's (0 top, 1 right, 2 bottom, 3 left). */
typedef struct {
	double cut;
	int cut_side;
	double out;
	int out_side;
} GenCrop;

extern const char *const gen_side_names[N_SIDES];

/* page: its convex polygon (any number of points up to 8), clipped to the
 * scan's [0, W] x [0, H]. */
void gen_crop_verdict(const double region[4][2], const double (*page)[2], int n_page, double W,
		      double H, const double (*content)[2], int n_content, GenCrop *v);
/* The turn the cleaner made, degrees counter-clockwise, from the region's
 * top edge, in (-180, 180]. */
double gen_region_turn(const double region[4][2]);
/* A polygon in the original's pixels to the master's pixels (mw x mh). */
void gen_to_master(const double region[4][2], int mw, int mh, const double (*in)[2], int n,
		   double (*out)[2]);
/* Paper and ink of a scan and of its master over the same page and content:
 * in the master, page and content mapped through region (into cm, the
 * content in the master's pixels); in the scan, the page where the master
 * shows it, so that a crop down to the content leaves the margins out of
 * both (a scan's margins are often whiter than its middle's paper). */
int gen_measure_tone_pair(VipsImage *scan, VipsImage *master, const double (*region)[2],
			  const double (*page)[2], const double (*content)[2], double cm[4][2],
			  GenTone *st, GenTone *mt, GError **error);
/* Helpers shared by the scorers. */
/* A cleaner's results (objects with a "path") by their file's base name. */
GHashTable *gen_results_by_name(JsonArray *res);
JsonNode *gen_find_member(JsonNode *node, const char *name, int depth);
int gen_read_quad(JsonNode *node, double q[4][2]);
VipsImage *gen_load(const char *path, GError **error);

/* Polygon geometry for the scorer (convex polygons, any orientation). */
double gen_poly_area(const double (*p)[2], int n);
double gen_convex_intersection_area(const double (*a)[2], int na, const double (*b)[2],
				    int nb);

#endif

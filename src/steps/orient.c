/* orient: turns the image upright. First from its EXIF orientation, as
 * vips_autorot does, but from the orientation read once from the original's
 * header, so the same quarter turn applies to the preview and the full
 * image; then, for a scan that says nothing, from its text lines when they
 * run down the page or upside down (imaging/text_orientation.c: its letters
 * linked into lines, or the lines' profiles where the letters are too few).
 * The "rotate" correction (0, 90, 180 or 270 degrees clockwise, after EXIF)
 * overrides what the text says. */
#include "steps/step.h"

#include <math.h>

#include "imaging/ink.h"
#include "imaging/text_orientation.h"
#include "util/util.h"

enum { OPT_TEXT, OPT_MIN_CONFIDENCE };

static const PlOption orient_options[] = {
	{ .name = "text", .type = PL_OPT_BOOL, .def = "true",
	  .help = "turn a page whose text lines run down or upside down" },
	{ .name = "min-confidence", .type = PL_OPT_DOUBLE, .def = "0.5", .min = 0, .max = 1,
	  .help = "how sure the text lines must be to turn" },
	{ 0 },
};

/* A half turn whose direction is less sure than this is made, but doubtful;
 * a quarter turn is not made. */
#define DIRECTION_SURE 0.5

typedef struct {
	int orientation; /* EXIF 1..8 */
	int turn;        /* clockwise quarter turns after it */
} OrientDecision;

/* Output (display) pixels to stored pixels for each EXIF orientation, edges
 * at whole numbers; translations in units of the input's width or height. */
static const double exif_maps[9][6] = {
	{ 0 },
	{ 1, 0, 0, 0, 1, 0 },
	{ -1, 0, 1, 0, 1, 0 },  /* x = W - x' */
	{ -1, 0, 1, 0, -1, 1 }, /* 180 */
	{ 1, 0, 0, 0, -1, 1 },  /* y = H - y' */
	{ 0, 1, 0, 1, 0, 0 },   /* transpose */
	{ 0, 1, 0, -1, 0, 1 },  /* 90 clockwise: x = y', y = H - x' */
	{ 0, -1, 1, -1, 0, 1 }, /* transverse */
	{ 0, -1, 1, 1, 0, 0 },  /* 270 clockwise: x = W - y', y = x' */
};
/* The same for 0..3 clockwise quarter turns: EXIF orientations 1, 6, 3, 8. */
static const int turn_as_exif[4] = { 1, 6, 3, 8 };

/* The map of EXIF orientation o on an input of w x h; its output size. */
static void exif_map(int o, double w, double h, PlAffine m, double *ow, double *oh)
{
	for (int i = 0; i < 6; i++)
		m[i] = exif_maps[o][i];
	m[2] *= w;
	m[5] *= h;
	*ow = o >= 5 ? h : w;
	*oh = o >= 5 ? w : h;
}

/* Reads the text lines of the preview, as the EXIF turn shows it. */
static int text_turn(const PlStepConfig *cfg, VipsImage *preview, int o, PlJson *b,
		     GError **error)
{
	int w, h;
	guchar *lum = pl_preview_luminance(preview, &w, &h);
	if (!lum) {
		pl_set_vips_error(error, "orient");
		return -1;
	}
	PlInk ink;
	PlTextOrientation t;
	pl_ink_measure(lum, (size_t)w * h, 0, &ink);
	pl_text_orientation(lum, w, h, ink.level, &t);
	g_free(lum);
	/* Measured on the stored pixels: with an EXIF quarter turn the
	 * text's turn is counted from there, so only upright scans are read. */
	pl_json_key(b, "confidence");
	pl_json_num(b, floor(t.confidence * 100 + 0.5) / 100);
	pl_json_key(b, "direction");
	pl_json_num(b, floor(t.direction * 100 + 0.5) / 100);
	/* The evidence: letters linked along lines across and down. */
	pl_json_key(b, "letters");
	pl_json_begin_array(b);
	pl_json_int(b, t.links_h);
	pl_json_int(b, t.links_v);
	pl_json_end_array(b);
	if (t.confidence < cfg->v[OPT_MIN_CONFIDENCE].d) {
		if (t.confidence > 0 && t.turn != 0) {
			pl_json_key(b, "unsure");
			pl_json_str(b, "text lines may run another way; not turned");
		}
		return 0;
	}
	if (t.turn != 0 && t.direction < DIRECTION_SURE) {
		pl_json_key(b, "unsure");
		pl_json_str(b, t.turn == 2 ? "text may be upside down" :
					     "text runs down the page; which way it reads is unsure: not turned");
		/* A quarter turn the wrong way leaves the page upside down:
		 * no better than sideways, and it hides the doubt in a turn. */
		if (t.turn != 2)
			return 0;
	}
	return o == 1 ? t.turn : 0;
}

static int orient_measure(const PlStepConfig *cfg, PlStepContext *ctx, VipsImage *preview,
			  PlAction *a, PlJson *b, GError **error)
{
	OrientDecision *d = a->decision;
	const PlCorrections *corr = pl_step_corrections(ctx);
	gboolean manual = corr->has_rotate;
	int o = pl_step_orientation(ctx);
	if (o < 1 || o > 8)
		o = 1;
	d->orientation = o;
	pl_json_key(b, "orientation");
	pl_json_int(b, o);
	if (manual) {
		d->turn = corr->rotate;
		a->manual = TRUE;
	} else if (cfg->v[OPT_TEXT].d != 0 && o == 1) {
		if ((d->turn = text_turn(cfg, preview, o, b, error)) < 0)
			return -1;
	}
	pl_json_key(b, "turn");
	pl_json_int(b, d->turn * 90);
	pl_json_key(b, "source");
	pl_json_str(b, manual ? "manual" : d->turn ? "text" : o != 1 ? "exif" : "none");
	if (o == 1 && d->turn == 0)
		return 0;
	/* The EXIF map, then the turn: output -> turned -> stored. */
	PlAffine m_exif, m_turn;
	double w, h, tw, th;
	exif_map(o, a->in_w, a->in_h, m_exif, &w, &h);
	exif_map(turn_as_exif[d->turn], w, h, m_turn, &tw, &th);
	pl_affine_multiply(a->to_in, m_turn, m_exif);
	a->out_w = tw;
	a->out_h = th;
	/* Quarter turns and upside-down flips read the input out of order. */
	a->reads_out_of_order = o > 2 || d->turn != 0;
	a->active = TRUE;
	return 0;
}

/* The EXIF orientation's flips and turns, as vips_autorot does them. */
static int exif_apply(int o, VipsImage *in, VipsImage **out)
{
	VipsImage *t = NULL;
	int rc;
	switch (o) {
	case 2: return vips_flip(in, out, VIPS_DIRECTION_HORIZONTAL, NULL);
	case 3: return vips_rot(in, out, VIPS_ANGLE_D180, NULL);
	case 4: return vips_flip(in, out, VIPS_DIRECTION_VERTICAL, NULL);
	case 5:
	case 7:
		if (vips_rot(in, &t, o == 5 ? VIPS_ANGLE_D90 : VIPS_ANGLE_D270, NULL))
			return -1;
		rc = vips_flip(t, out, VIPS_DIRECTION_HORIZONTAL, NULL);
		g_object_unref(t);
		return rc;
	case 6: return vips_rot(in, out, VIPS_ANGLE_D90, NULL);
	case 8: return vips_rot(in, out, VIPS_ANGLE_D270, NULL);
	default: return vips_copy(in, out, NULL);
	}
}

static int orient_apply(const PlStepConfig *cfg, const PlAction *a, VipsImage *in,
			VipsImage **out, double scale, GError **error)
{
	static const VipsAngle turns[4] = { VIPS_ANGLE_D0, VIPS_ANGLE_D90, VIPS_ANGLE_D180,
					    VIPS_ANGLE_D270 };
	/* Not hung on 'in': they hold it, and the cycle would never be freed. */
	VipsObject *scope = VIPS_OBJECT(vips_image_new());
	VipsImage **t = (VipsImage **)vips_object_local_array(scope, 3);
	const OrientDecision *d = a->decision;
	int rc = -1;
	if (exif_apply(d->orientation, in, &t[0]) ||
	    vips_rot(t[0], &t[1], turns[d->turn], NULL) || vips_copy(t[1], &t[2], NULL))
		goto out;
	/* The master is upright: it must not be turned again by viewers. */
	vips_image_remove(t[2], VIPS_META_ORIENTATION);
	rc = vips_copy(t[2], out, NULL);
out:
	g_object_unref(scope);
	return rc;
}

const PlStepClass pl_step_orient = {
	.name = "orient",
	.summary = "turn the image upright from its EXIF orientation and its text lines",
	.options = orient_options,
	.measures = (const char *const[]){ "orientation", "turn", "source", "confidence",
					   "direction", "letters", "unsure", NULL },
	.decision_size = sizeof(OrientDecision),
	.measure = orient_measure,
	.apply = orient_apply,
};

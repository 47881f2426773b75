/* orient: turns the image upright from its EXIF orientation, as vips_autorot
 * does, but from the orientation read once from the original's header, so the
 * same quarter turn applies to the preview and the full image. */
#include "steps/step.h"

static const PlOption orient_options[] = { { NULL } };

typedef struct {
	int orientation; /* EXIF 1..8 */
} OrientDecision;

static int orient_measure(const PlStepConfig *cfg, PlStepContext *ctx, VipsImage *preview,
			  PlAction *a, PlJson *b, GError **error)
{
	OrientDecision *d = a->decision;
	int o = pl_step_orientation(ctx);
	double w = a->in_w, h = a->in_h;
	if (o < 1 || o > 8)
		o = 1;
	d->orientation = o;
	pl_json_key(b, "orientation");
	pl_json_int(b, o);
	if (o == 1)
		return 0;
	/* Output (display) pixels to stored pixels, edges at whole numbers. */
	static const double m[9][6] = {
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
	for (int i = 0; i < 6; i++)
		a->to_in[i] = m[o][i];
	/* The translations are in units of the input's width or height. */
	a->to_in[2] *= w;
	a->to_in[5] *= h;
	a->out_w = o >= 5 ? h : w;
	a->out_h = o >= 5 ? w : h;
	/* Quarter turns and upside-down flips read the input out of order. */
	a->reads_out_of_order = o > 2;
	a->active = TRUE;
	return 0;
}

static int orient_apply(const PlStepConfig *cfg, const PlAction *a, VipsImage *in,
			VipsImage **out, double scale, GError **error)
{
	VipsImage **t = (VipsImage **)vips_object_local_array(VIPS_OBJECT(in), 3);
	const OrientDecision *d = a->decision;
	VipsImage *x = in;
	switch (d->orientation) {
	case 2:
		if (vips_flip(x, &t[0], VIPS_DIRECTION_HORIZONTAL, NULL))
			return -1;
		break;
	case 3:
		if (vips_rot(x, &t[0], VIPS_ANGLE_D180, NULL))
			return -1;
		break;
	case 4:
		if (vips_flip(x, &t[0], VIPS_DIRECTION_VERTICAL, NULL))
			return -1;
		break;
	case 5:
	case 7:
		if (vips_rot(x, &t[1], d->orientation == 5 ? VIPS_ANGLE_D90 : VIPS_ANGLE_D270,
			     NULL) ||
		    vips_flip(t[1], &t[0], VIPS_DIRECTION_HORIZONTAL, NULL))
			return -1;
		break;
	case 6:
	case 8:
		if (vips_rot(x, &t[0], d->orientation == 6 ? VIPS_ANGLE_D90 : VIPS_ANGLE_D270,
			     NULL))
			return -1;
		break;
	default:
		return vips_copy(x, out, NULL);
	}
	/* The master is upright: it must not be turned again by viewers. */
	if (vips_copy(t[0], &t[2], NULL))
		return -1;
	vips_image_remove(t[2], VIPS_META_ORIENTATION);
	return vips_copy(t[2], out, NULL);
}

const PlStepClass pl_step_orient = {
	.name = "orient",
	.summary = "turn the image upright from its EXIF orientation",
	.options = orient_options,
	.measures = (const char *const[]){ "orientation", NULL },
	.decision_size = sizeof(OrientDecision),
	.measure = orient_measure,
	.apply = orient_apply,
};

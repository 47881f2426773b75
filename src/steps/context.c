/* The accessors of step.h on the run's context: defined here, below the
 * runner, so that steps/ needs nothing from pipeline/. */
#include "steps/context.h"

#include <math.h>

void pl_step_to_original(const PlStepContext *ctx, double x, double y, double *ox, double *oy)
{
	pl_affine_apply(ctx->to_orig, x, y, ox, oy);
}

void pl_step_from_original(const PlStepContext *ctx, double ox, double oy, double *x, double *y)
{
	pl_affine_apply(ctx->from_orig, ox, oy, x, y);
}

int pl_step_orientation(const PlStepContext *ctx)
{
	return ctx->orientation;
}

double pl_step_scale(const PlStepContext *ctx)
{
	return ctx->scale;
}

const char *pl_step_source_profile(const PlStepContext *ctx)
{
	return ctx->profile;
}

const PlCorrections *pl_step_corrections(const PlStepContext *ctx)
{
	return &ctx->corrections;
}

void pl_step_add_box(const PlStepContext *ctx, PlJson *b, const char *key,
		     const double box[4])
{
	double c[4][2] = { { box[0], box[1] },
			   { box[0] + box[2], box[1] },
			   { box[0] + box[2], box[1] + box[3] },
			   { box[0], box[1] + box[3] } };
	double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
	for (int i = 0; i < 4; i++) {
		double ox, oy;
		pl_step_to_original(ctx, c[i][0], c[i][1], &ox, &oy);
		x0 = MIN(x0, ox), y0 = MIN(y0, oy);
		x1 = MAX(x1, ox), y1 = MAX(y1, oy);
	}
	pl_json_key(b, key);
	pl_json_begin_array(b);
	pl_json_int(b, (gint64)floor(x0 + 0.5));
	pl_json_int(b, (gint64)floor(y0 + 0.5));
	pl_json_int(b, (gint64)floor(x1 - x0 + 0.5));
	pl_json_int(b, (gint64)floor(y1 - y0 + 0.5));
	pl_json_end_array(b);
}

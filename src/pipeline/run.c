/* The runner: every step measures on a shrunk preview and decides; then the
 * full-resolution image is opened once, flows through the decided actions in
 * sequential access and into the saver. */
#include "pipeline/pipeline-private.h"

#include <math.h>
#include <string.h>

#include "imaging/icc.h"
#include "imaging/rotate.h"
#include "pipeline/decode_cost.h"
#include "pipeline/jpeg_window.h"
#include "pipeline/preview.h"
#include "steps/context.h"
#include "util/util.h"

static void step_report_free(PlStepReport *r)
{
	if (!r)
		return;
	g_free(r->step);
	g_free(r->params);
	g_free(r->measured);
	g_free(r);
}

void pl_clean_result_free(PlCleanResult *r)
{
	if (!r)
		return;
	if (r->steps)
		g_ptr_array_unref(r->steps);
	g_free(r);
}

static gboolean skipped(const PlCorrections *c, const PlStepClass *klass)
{
	if (c->has_crop && klass->yields_to_manual_crop)
		return TRUE;
	if (!c->skip || klass->save)
		return FALSE;
	return g_strv_contains((const char *const *)c->skip, klass->name);
}

static int to_memory(VipsImage *in, VipsImage **out)
{
	VipsImage *m = vips_image_copy_memory(in);
	if (!m)
		return -1;
	*out = m;
	return 0;
}

/* The original's size and stored orientation, and the preview: the one add
 * saved when there is one, else decoded now. */
static int open_preview(const PlCleanJob *job, int *width, int *height, int *orientation,
			char **profile, VipsImage **out, GError **error)
{
	VipsImage *head =
		vips_image_new_from_file(job->input, "access", VIPS_ACCESS_SEQUENTIAL, NULL);
	if (!head) {
		pl_set_vips_error(error, job->input);
		return -1;
	}
	/* Before anything is decoded: add refuses these too, but the limit may
	 * have been lowered since. */
	if (pl_decode_check(job->input, head, job->decode_limit, error)) {
		g_prefix_error(error, "%s: ", job->input);
		g_object_unref(head);
		return -1;
	}
	*width = head->Xsize;
	*height = head->Ysize;
	if (vips_image_get_typeof(head, VIPS_META_ORIENTATION) == 0 ||
	    vips_image_get_int(head, VIPS_META_ORIENTATION, orientation))
		*orientation = 1;
	const void *icc = NULL;
	size_t icc_len = 0;
	if (vips_image_get_typeof(head, VIPS_META_ICC_NAME) &&
	    !vips_image_get_blob(head, VIPS_META_ICC_NAME, &icc, &icc_len)) {
		*profile = pl_icc_description(icc, icc_len);
		if (!*profile)
			*profile = g_strdup("");
	}
	vips_error_clear();
	g_object_unref(head);
	if ((*out = pl_preview_load(job->preview)))
		return 0;
	return pl_preview_decode(job->input, FALSE, out, error);
}

/* The most a rotation may keep of a sequential input in its row cache
 * (pl_rotate_cache_rows): a 45-degree turn of a 7500-pixel-wide scan needs
 * 170 MB of it. Past this, the image is opened for random access instead,
 * which libvips decodes to a temporary file on disk. */
#define ROTATE_CACHE_MAX (128 * 1024 * 1024)

/* Room around the master's source for the interpolators and filters that
 * read beyond a pixel: the rotation's three cubic passes reach about 5
 * pixels. */
#define WINDOW_MARGIN 32

/* The original for the full-resolution pass. A JPEG read in order is decoded
 * only in the window the master comes from, when that saves a tenth of it.
 * A truncated original must fail, not give a master with a grey foot. */
static int open_full(const char *input, const PlAffine to_orig, double out_w, double out_h,
		     int width, int height, gboolean random, VipsImage **full)
{
	if (!random && g_strcmp0(g_getenv("PLANCHE_JPEG_WINDOW"), "0")) {
		double x0 = width, y0 = height, x1 = 0, y1 = 0;
		const double c[4][2] = { { 0, 0 }, { out_w, 0 }, { out_w, out_h }, { 0, out_h } };
		for (int k = 0; k < 4; k++) {
			double x, y;
			pl_affine_apply(to_orig, c[k][0], c[k][1], &x, &y);
			x0 = MIN(x0, x);
			y0 = MIN(y0, y);
			x1 = MAX(x1, x);
			y1 = MAX(y1, y);
		}
		VipsRect win;
		win.left = (int)floor(x0) - WINDOW_MARGIN;
		win.top = (int)floor(y0) - WINDOW_MARGIN;
		win.width = (int)ceil(x1) + WINDOW_MARGIN - win.left;
		win.height = (int)ceil(y1) + WINDOW_MARGIN - win.top;
		VipsRect image = { 0, 0, width, height };
		vips_rect_intersectrect(&win, &image, &win);
		if (!vips_rect_isempty(&win) &&
		    (double)win.width * win.height < 0.9 * width * height) {
			int rc = pl_jpeg_window_open(input, &win, full);
			if (rc <= 0)
				return rc;
		}
	}
	*full = vips_image_new_from_file(input, "access",
					 random ? VIPS_ACCESS_RANDOM : VIPS_ACCESS_SEQUENTIAL,
					 "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL);
	return *full ? 0 : -1;
}

int pl_pipeline_run(const PlPipeline *p, const PlCleanJob *job, PlCleanResult **result,
		    GError **error)
{
	g_autoptr(PlCleanResult) res = g_new0(PlCleanResult, 1);
	PlStepContext ctx = { 0 };
	guint n = pl_pipeline_n_steps(p);
	PlAction *actions = g_new0(PlAction, n);
	VipsImage *preview = NULL, *full = NULL, *cur = NULL;
	int width, height, orientation, rc = -1;
	double cur_w, cur_h;
	gboolean needs_random = FALSE;

	res->steps = g_ptr_array_new_with_free_func((GDestroyNotify)step_report_free);
	/* Stored by an older planche or by hand, they may break today's rules. */
	if (pl_corrections_read(job->overrides, &ctx.corrections, error)) {
		g_prefix_error(error, "%s: the image's corrections: ", job->input);
		goto out;
	}
	if (open_preview(job, &width, &height, &orientation, &ctx.profile, &preview, error))
		goto out;
	ctx.orientation = orientation;
	cur_w = width;
	cur_h = height;
	ctx.scale = 0.5 * (preview->Xsize / (double)width + preview->Ysize / (double)height);
	pl_affine_identity(ctx.to_orig);
	pl_affine_identity(ctx.from_orig);

	for (guint i = 0; i < n; i++) {
		const PlStepConfig *cfg = pl_pipeline_step(p, i);
		PlAction *a = &actions[i];
		PlStepReport *rep = g_new0(PlStepReport, 1);
		PlJson jb, *b = &jb;
		rep->step = g_strdup(cfg->klass->name);
		rep->params = pl_step_config_to_json(cfg);
		g_ptr_array_add(res->steps, rep);
		a->in_w = a->out_w = cur_w;
		a->in_h = a->out_h = cur_h;
		a->n_bands = preview->Bands;
		a->decision = cfg->klass->decision_size ? g_malloc0(cfg->klass->decision_size) : NULL;
		pl_affine_identity(a->to_in);
		pl_json_init(b);
		if (skipped(&ctx.corrections, cfg->klass)) {
			pl_json_key(b, "skipped");
			pl_json_str(b, "manual");
		} else if (cfg->klass->measure(cfg, &ctx, preview, a, b, error)) {
			g_prefix_error(error, "%s: %s: ", job->input, cfg->klass->name);
			g_free(pl_json_finish(b));
			goto out;
		}
		rep->measured = pl_json_finish(b);
		rep->applied = a->active;
		if (!a->active || cfg->klass->save)
			continue;

		/* Advance the preview so the next step measures the result. */
		VipsImage *next = NULL, *mem = NULL;
		if (cfg->klass->apply(cfg, a, preview, &next, ctx.scale, error) == 0 &&
		    to_memory(next, &mem) == 0) {
			VIPS_UNREF(next);
			VIPS_UNREF(preview);
			preview = mem;
		} else {
			VIPS_UNREF(next);
			if (error && !*error)
				pl_set_vips_error(error, job->input);
			g_prefix_error(error, "%s: ", cfg->klass->name);
			goto out;
		}
		pl_affine_multiply(ctx.to_orig, a->to_in, ctx.to_orig);
		if (pl_affine_invert(ctx.from_orig, ctx.to_orig)) {
			g_set_error(error, PL_ERROR, PL_ERROR_FAILED, "%s: %s: degenerate geometry",
				    job->input, cfg->klass->name);
			goto out;
		}
		cur_w = a->out_w;
		cur_h = a->out_h;
		if (a->reads_out_of_order)
			needs_random = TRUE;
		if (a->angle != 0 &&
		    (double)pl_rotate_cache_rows((int)a->in_w, (int)a->in_h, a->angle) * a->in_w *
				    a->n_bands > ROTATE_CACHE_MAX)
			needs_random = TRUE;
		if (a->angle != 0)
			res->angle += a->angle;
	}
	VIPS_UNREF(preview);

	/* The single full-resolution pass. */
	if (open_full(job->input, ctx.to_orig, cur_w, cur_h, width, height, needs_random, &full) ||
	    pl_image_prepare(full, &cur)) {
		pl_set_vips_error(error, job->input);
		goto out;
	}
	for (guint i = 0; i + 1 < n; i++) {
		const PlStepConfig *cfg = pl_pipeline_step(p, i);
		VipsImage *next = NULL;
		if (!actions[i].active)
			continue;
		if (cfg->klass->apply(cfg, &actions[i], cur, &next, 1.0, error)) {
			if (error && !*error)
				pl_set_vips_error(error, job->input);
			g_prefix_error(error, "%s: ", cfg->klass->name);
			goto out;
		}
		VIPS_UNREF(cur);
		cur = next;
	}
	const char *chroma = NULL;
	if (vips_image_get_typeof(full, "jpeg-chroma-subsample"))
		vips_image_get_string(full, "jpeg-chroma-subsample", &chroma);
	const PlStepConfig *last = pl_pipeline_step(p, n - 1);
	if (last->klass->save(last, cur, chroma, &job->master, error))
		goto out;

	res->width = cur->Xsize;
	res->height = cur->Ysize;
	{
		double c[4][2] = { { 0, 0 }, { cur->Xsize, 0 }, { cur->Xsize, cur->Ysize },
				   { 0, cur->Ysize } };
		for (int k = 0; k < 4; k++)
			pl_affine_apply(ctx.to_orig, c[k][0], c[k][1], &res->region[k][0],
					&res->region[k][1]);
	}
	*result = g_steal_pointer(&res);
	rc = 0;
out:
	VIPS_UNREF(preview);
	VIPS_UNREF(cur);
	VIPS_UNREF(full);
	for (guint i = 0; i < n; i++)
		g_free(actions[i].decision);
	g_free(actions);
	pl_corrections_clear(&ctx.corrections);
	g_free(ctx.profile);
	return rc;
}

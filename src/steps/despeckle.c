/* despeckle: replaces isolated dark specks (a few pixels with paper all
 * round) by the local median. Lines, hatching and text have dark neighbours
 * along their length, so they are left alone. */
#include "steps/step.h"

enum { OPT_THRESHOLD, OPT_SIZE };

static const PlOption despeckle_options[] = {
	{ .name = "threshold", .type = PL_OPT_INT, .def = "48", .min = 1, .max = 255,
	  .help = "how much darker than its surroundings a speck is" },
	{ .name = "size", .type = PL_OPT_INT, .def = "2", .min = 1, .max = 4,
	  .help = "largest speck, in full-resolution pixels across" },
	{ 0 },
};

static int despeckle_measure(const PlStepConfig *cfg, PlStepContext *ctx, VipsImage *preview,
			     PlAction *a, PlJson *b, GError **error)
{
	a->active = TRUE;
	return 0;
}

static int despeckle_apply(const PlStepConfig *cfg, const PlAction *a, VipsImage *in,
			   VipsImage **out, double scale, GError **error)
{
	int size = (int)cfg->v[OPT_SIZE].d;
	int win = 2 * size + 1;       /* median window that swallows a speck */
	int ring = 2 * (size + 1) + 1; /* neighbourhood that must be paper */
	double thr = cfg->v[OPT_THRESHOLD].d;
	if (scale < 0.75)
		return vips_copy(in, out, NULL); /* specks vanish on the preview */
	/* Not hung on 'in': they hold it, and the cycle would never be freed. */
	VipsObject *scope = VIPS_OBJECT(vips_image_new());
	VipsImage **t = (VipsImage **)vips_object_local_array(scope, 10);
	/* speck = darker than the median by thr, and fewer such pixels in the
	 * ring window than a line crossing it would have (rank picks the K-th
	 * largest: non-zero when at least K are set). */
	int rc = vips_median(in, &t[0], win, NULL) || pl_luminance(in, &t[1]) ||
		 pl_luminance(t[0], &t[2]) || vips_subtract(t[2], t[1], &t[3], NULL) ||
		 vips_more_const1(t[3], &t[4], thr, NULL) ||
		 vips_rank(t[4], &t[5], ring, ring, ring * ring - (size * size + size + 1), NULL) ||
		 vips_equal_const1(t[5], &t[6], 0, NULL) ||
		 vips_andimage(t[4], t[6], &t[7], NULL) ||
		 vips_ifthenelse(t[7], t[0], in, out, NULL)
		 ? -1 : 0;
	g_object_unref(scope);
	return rc;
}

const PlStepClass pl_step_despeckle = {
	.name = "despeckle",
	.summary = "remove isolated dust specks, leaving hatching alone",
	.options = despeckle_options,
	.measures = (const char *const[]){ NULL },
	.measure = despeckle_measure,
	.apply = despeckle_apply,
};

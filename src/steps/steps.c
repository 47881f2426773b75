/* The table of steps, and the crop that several of them decide. */
#include "steps/step.h"

#include <math.h>
#include <string.h>

/* Only the table names the steps: the runner and the parser know them by
 * their class's hooks and flags. */
extern const PlStepClass pl_step_orient, pl_step_banner, pl_step_border, pl_step_page,
	pl_step_deskew, pl_step_trim, pl_step_levels, pl_step_despeckle, pl_step_output;

const PlStepClass *const pl_steps[] = {
	&pl_step_orient, &pl_step_banner, &pl_step_border,    &pl_step_page,   &pl_step_deskew,
	&pl_step_trim,   &pl_step_levels, &pl_step_despeckle, &pl_step_output, NULL,
};

const PlStepClass *pl_step_lookup(const char *name)
{
	for (int i = 0; pl_steps[i]; i++)
		if (strcmp(pl_steps[i]->name, name) == 0)
			return pl_steps[i];
	return NULL;
}

const PlStepClass *pl_step_default_output(void)
{
	for (int i = 0; pl_steps[i]; i++)
		if (pl_steps[i]->save)
			return pl_steps[i];
	g_assert_not_reached();
}

gboolean pl_step_measures(const PlStepClass *klass, const char *key)
{
	for (int i = 0; klass->measures && klass->measures[i]; i++)
		if (strcmp(klass->measures[i], key) == 0)
			return TRUE;
	return FALSE;
}

char **pl_step_skippable_names(void)
{
	GPtrArray *names = g_ptr_array_new();
	for (int i = 0; pl_steps[i]; i++)
		if (!pl_steps[i]->save)
			g_ptr_array_add(names, g_strdup(pl_steps[i]->name));
	g_ptr_array_add(names, NULL);
	return (char **)g_ptr_array_free(names, FALSE);
}

int pl_step_option_index(const PlStepClass *klass, const char *name)
{
	for (int i = 0; klass->options && klass->options[i].name; i++)
		if (strcmp(klass->options[i].name, name) == 0)
			return i;
	return -1;
}

void pl_action_crop(PlAction *a, double x, double y, double w, double h)
{
	/* Whole full-resolution pixels, inside the input, at least 1 x 1. */
	double x0 = CLAMP(floor(x + 0.5), 0, a->in_w - 1);
	double y0 = CLAMP(floor(y + 0.5), 0, a->in_h - 1);
	double x1 = CLAMP(floor(x + w + 0.5), x0 + 1, a->in_w);
	double y1 = CLAMP(floor(y + h + 0.5), y0 + 1, a->in_h);
	a->box[0] = x0, a->box[1] = y0, a->box[2] = x1 - x0, a->box[3] = y1 - y0;
	a->out_w = x1 - x0;
	a->out_h = y1 - y0;
	pl_affine_translate(a->to_in, x0, y0);
	a->active = x0 > 0 || y0 > 0 || x1 < a->in_w || y1 < a->in_h;
}

int pl_apply_crop(const PlAction *a, VipsImage *in, VipsImage **out, double scale)
{
	int x0 = (int)floor(a->box[0] * scale + 0.5);
	int y0 = (int)floor(a->box[1] * scale + 0.5);
	int x1 = (int)floor((a->box[0] + a->box[2]) * scale + 0.5);
	int y1 = (int)floor((a->box[1] + a->box[3]) * scale + 0.5);
	x0 = CLAMP(x0, 0, in->Xsize - 1);
	y0 = CLAMP(y0, 0, in->Ysize - 1);
	x1 = CLAMP(x1, x0 + 1, in->Xsize);
	y1 = CLAMP(y1, y0 + 1, in->Ysize);
	return vips_extract_area(in, out, x0, y0, x1 - x0, y1 - y0, NULL);
}

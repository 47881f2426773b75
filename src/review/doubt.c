/* Which cleaned images deserve the archivist's eye. The rules read only the
 * catalogue's record of the last run; steps are still being tuned, so any
 * measurement may be missing and is then not judged. A step an override
 * decided is the archivist's choice and is never doubted. */
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "review/review.h"
#include "steps/step.h"
#include "util/util.h"

void review_rules_default(ReviewRules *rules)
{
	/* The values src/review/README.md states as the rules. Gallica scans
	 * with wide dark borders lose 40 % and are right; cutting much more than
	 * the rest of the batch is what loses content. */
	rules->max_removed = 0.6;
	rules->unusual_removed = 0.2;
	/* deskew refuses below its min-confidence: half as much again is the
	 * margin where it straightened but may be wrong. An angle in the outer
	 * tenth of its range may be the range's limit cutting a larger one. */
	rules->edge_margin = 0.1;
	rules->low_confidence = 1.5;
	/* levels' defaults (black=0.5, white=99.5 percentiles) clip 1 % in
	 * all: twice that is more than the defaults explain. */
	rules->max_clipped = 2.0;
	/* 255 / 2.5: black and white points about 100 levels apart, stretched
	 * hard enough to show (levels' min-range, 64, allows a gain of 4). */
	rules->max_gain = 2.5;
}

void review_doubt_free(ReviewDoubt *d)
{
	if (!d)
		return;
	g_ptr_array_unref(d->reasons);
	g_free(d);
}

int review_doubt_rank(const ReviewDoubt *d)
{
	int rank = d->verdict == REVIEW_FAILED ? 0 : d->verdict == REVIEW_DOUBTFUL ? 1 : 2;
	return d->reviewed ? rank + 3 : rank;
}

gboolean review_parse_region(const char *text, double pt[4][2])
{
	g_autoptr(JsonParser) p = json_parser_new();
	if (!text || !json_parser_load_from_data(p, text, -1, NULL))
		return FALSE;
	JsonNode *root = json_parser_get_root(p);
	if (!JSON_NODE_HOLDS_ARRAY(root) || json_array_get_length(json_node_get_array(root)) != 4)
		return FALSE;
	JsonArray *a = json_node_get_array(root);
	for (guint i = 0; i < 4; i++) {
		JsonNode *n = json_array_get_element(a, i);
		if (!JSON_NODE_HOLDS_ARRAY(n) || json_array_get_length(json_node_get_array(n)) != 2)
			return FALSE;
		for (guint k = 0; k < 2; k++) {
			JsonNode *v = json_array_get_element(json_node_get_array(n), k);
			if (!JSON_NODE_HOLDS_VALUE(v) || json_node_get_value_type(v) == G_TYPE_STRING)
				return FALSE;
			pt[i][k] = json_node_get_double(v);
		}
	}
	return TRUE;
}

double review_removed_share(const CatalogItem *item)
{
	double pt[4][2], area = 0;
	const CatalogRun *run = item->last_run;
	if (!run || g_strcmp0(run->status, "done") != 0 || item->width <= 0 || item->height <= 0 ||
	    !review_parse_region(run->region, pt))
		return -1;
	/* Shoelace: the region is a quadrilateral (a rotated crop). */
	for (int i = 0; i < 4; i++)
		area += pt[i][0] * pt[(i + 1) % 4][1] - pt[(i + 1) % 4][0] * pt[i][1];
	double kept = fabs(area) / 2 / ((double)item->width * item->height);
	return CLAMP(1 - kept, 0, 1);
}

/* A step's params and measured objects, parsed; NULL members when absent. */
typedef struct {
	const PlStepClass *klass;
	JsonParser *pp, *pm;
	JsonObject *params, *measured;
	gboolean applied;
} StepView;

static void step_view_clear(StepView *s)
{
	g_clear_object(&s->pp);
	g_clear_object(&s->pm);
	s->params = s->measured = NULL;
}

static JsonObject *parse_object(JsonParser **parser, const char *text)
{
	*parser = json_parser_new();
	if (!text || !json_parser_load_from_data(*parser, text, -1, NULL))
		return NULL;
	JsonNode *root = json_parser_get_root(*parser);
	return root && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
}

static gboolean find_step(const CatalogRun *run, const char *name, StepView *s)
{
	memset(s, 0, sizeof *s);
	for (guint i = 0; i < run->steps->len; i++) {
		const CatalogStep *st = run->steps->pdata[i];
		if (g_strcmp0(st->step, name) != 0)
			continue;
		s->klass = pl_step_lookup(name);
		s->params = parse_object(&s->pp, st->params);
		s->measured = parse_object(&s->pm, st->measured);
		s->applied = st->applied;
		return s->measured != NULL;
	}
	return FALSE;
}

static gboolean get_num(JsonObject *o, const char *key, double *v)
{
	JsonNode *n = o ? json_object_get_member(o, key) : NULL;
	if (!n || !JSON_NODE_HOLDS_VALUE(n))
		return FALSE;
	GType t = json_node_get_value_type(n);
	if (t != G_TYPE_DOUBLE && t != G_TYPE_INT64)
		return FALSE;
	*v = json_node_get_double(n);
	return isfinite(*v);
}

static const char *get_str(JsonObject *o, const char *key)
{
	JsonNode *n = o ? json_object_get_member(o, key) : NULL;
	if (!n || !JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_STRING)
		return NULL;
	return json_node_get_string(n);
}

static gboolean get_box(JsonObject *o, const char *key, double box[4])
{
	JsonNode *n = o ? json_object_get_member(o, key) : NULL;
	if (!n || !JSON_NODE_HOLDS_ARRAY(n) || json_array_get_length(json_node_get_array(n)) != 4)
		return FALSE;
	for (guint i = 0; i < 4; i++) {
		JsonNode *v = json_array_get_element(json_node_get_array(n), i);
		if (!JSON_NODE_HOLDS_VALUE(v) || json_node_get_value_type(v) == G_TYPE_STRING)
			return FALSE;
		box[i] = json_node_get_double(v);
	}
	return TRUE;
}

/* The measurements the rules read, each declared by its step: a step that
 * renames one fails review_check_measurements (a unit test) instead of
 * silently never being doubted. */
static const struct {
	const char *step, *key;
} measurements_read[] = {
	{ "deskew", "confidence" }, { "deskew", "refused" },  { "deskew", "angle" },
	{ "deskew", "source" },     { "trim", "found" },      { "trim", "box" },
	{ "trim", "source" },       { "border", "box" },      { "border", "refused" },
	{ "border", "sides" },      { "banner", "box" },      { "banner", "height" },
	{ "levels", "clipped_black" }, { "levels", "clipped_white" }, { "levels", "black" },
	{ "levels", "white" },      { "levels", "source" },     { "orient", "unsure" },
	{ "orient", "source" },     { "border", "irregular" },
};

int review_check_measurements(GError **error)
{
	for (guint i = 0; i < G_N_ELEMENTS(measurements_read); i++) {
		const PlStepClass *k = pl_step_lookup(measurements_read[i].step);
		if (!k || !pl_step_measures(k, measurements_read[i].key)) {
			g_set_error(error, PL_ERROR, PL_ERROR_FAILED,
				    "the review reads %s's '%s', which that step does not declare",
				    measurements_read[i].step, measurements_read[i].key);
			return -1;
		}
	}
	return 0;
}

/* One of the step's measurements, when the rules list it as read. */
static JsonObject *measured(const StepView *s, const char *key)
{
	for (guint i = 0; i < G_N_ELEMENTS(measurements_read); i++)
		if (s->klass && strcmp(measurements_read[i].step, s->klass->name) == 0 &&
		    strcmp(measurements_read[i].key, key) == 0)
			return s->measured;
	g_critical("review: %s's '%s' is read but not listed in measurements_read",
		   s->klass ? s->klass->name : "?", key);
	return NULL;
}

/* Manual when the step reports it so, or the runner skipped it. */
static gboolean is_manual(const StepView *s)
{
	gboolean says_manual = s->klass && pl_step_measures(s->klass, "source") &&
			       g_strcmp0(get_str(measured(s, "source"), "source"), "manual") == 0;
	return says_manual || get_str(s->measured, "skipped") != NULL;
}

static void reason(ReviewDoubt *d, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void reason(ReviewDoubt *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_ptr_array_add(d->reasons, g_strdup_vprintf(fmt, ap));
	va_end(ap);
	if (d->verdict == REVIEW_OK)
		d->verdict = REVIEW_DOUBTFUL;
}

/* A step option's default, from the step's own table: what a run recorded
 * without that option ran with. */
static double step_default(const char *step, const char *option)
{
	const PlStepClass *k = pl_step_lookup(step);
	for (const PlOption *o = k ? k->options : NULL; o && o->name; o++)
		if (strcmp(o->name, option) == 0)
			return g_ascii_strtod(o->def, NULL);
	return 0;
}

static void judge_deskew(ReviewDoubt *d, const CatalogRun *run, const ReviewRules *r)
{
	StepView s;
	double conf = 0, angle, range = step_default("deskew", "range"), min_conf = 0;
	if (!find_step(run, "deskew", &s) || is_manual(&s))
		goto out;
	get_num(s.params, "range", &range);
	get_num(s.params, "min-confidence", &min_conf);
	gboolean has_conf = get_num(measured(&s, "confidence"), "confidence", &conf);
	const char *refused = get_str(measured(&s, "refused"), "refused");
	if (refused && has_conf)
		reason(d, "deskew: %s (%.2f), not straightened", refused, conf);
	else if (refused)
		reason(d, "deskew: %s, not straightened", refused);
	else if (s.applied && has_conf && min_conf > 0 && conf < min_conf * r->low_confidence)
		reason(d, "deskew: low confidence (%.2f)", conf);
	if (s.applied && get_num(measured(&s, "angle"), "angle", &angle) &&
	    fabs(angle) >= range * (1 - r->edge_margin))
		reason(d, "deskew: %.2f° is at the edge of its ±%g° range", angle, range);
out:
	step_view_clear(&s);
}

/* A box side within this share of the page's size (and at least this many
 * pixels) lies on the page's side: 0.3 % is about 4 pixels of the 1500-pixel
 * preview the steps measure on (pipeline/preview.c), the rounding a box
 * found there carries. */
#define EDGE_TOLERANCE_SHARE 0.003
#define EDGE_TOLERANCE_PX 2
/* The README's trim rule: on three sides the margins were not told apart. */
#define TRIM_SIDES_DOUBTFUL 3

/* Sides of box (in the original's pixels) lying on the sides of within. */
static int sides_touching(const double box[4], const double within[4])
{
	double tol_x = MAX(EDGE_TOLERANCE_PX, within[2] * EDGE_TOLERANCE_SHARE);
	double tol_y = MAX(EDGE_TOLERANCE_PX, within[3] * EDGE_TOLERANCE_SHARE);
	return (fabs(box[0] - within[0]) <= tol_x) + (fabs(box[1] - within[1]) <= tol_y) +
	       (fabs(box[0] + box[2] - within[0] - within[2]) <= tol_x) +
	       (fabs(box[1] + box[3] - within[1] - within[3]) <= tol_y);
}

static void judge_trim(ReviewDoubt *d, const CatalogItem *item, const CatalogRun *run)
{
	StepView s, prev;
	double box[4], within[4] = { 0, 0, item->width, item->height };
	if (!find_step(run, "trim", &s) || is_manual(&s))
		goto out;
	const char *found = get_str(measured(&s, "found"), "found");
	if (g_strcmp0(found, "no content") == 0) {
		reason(d, "trim: no content found, margins kept");
		goto out;
	}
	if (g_strcmp0(found, "near-blank") == 0) {
		reason(d, "trim: a near-blank page, its whole box kept");
		goto out;
	}
	if (!s.applied || !get_box(measured(&s, "box"), "box", box) ||
	    g_strcmp0(found, "frame") == 0)
		goto out;
	/* What trim was given: the last crop before it, if any. */
	static const char *const before[] = { "border", "banner" };
	for (guint i = 0; i < G_N_ELEMENTS(before); i++) {
		gboolean ok = find_step(run, before[i], &prev) && prev.applied &&
			      get_box(measured(&prev, "box"), "box", within);
		step_view_clear(&prev);
		if (ok)
			break;
	}
	/* A content box on three sides of the page: the margins were not told
	 * apart from the picture (a stain, a shadow, text to the edge). */
	if (sides_touching(box, within) >= TRIM_SIDES_DOUBTFUL)
		reason(d, "trim: the content box reaches the page's edge on %d sides",
		       sides_touching(box, within));
out:
	step_view_clear(&s);
}

/* The README's rules: a border cut within 5 % of its max, a banner at 90 %
 * of its max-height, has likely hit the limit rather than the edge. */
#define BORDER_NEAR_LIMIT 0.95
#define BANNER_NEAR_LIMIT 0.9

static void judge_border(ReviewDoubt *d, const CatalogItem *item, const CatalogRun *run)
{
	StepView s;
	double maxpct = step_default("border", "max");
	if (!find_step(run, "border", &s) || is_manual(&s))
		goto out;
	const char *refused = get_str(measured(&s, "refused"), "refused");
	if (refused)
		reason(d, "border: refused (%s)", refused);
	get_num(s.params, "max", &maxpct);
	JsonObject *sides = measured(&s, "sides");
	JsonNode *n = sides ? json_object_get_member(sides, "sides") : NULL;
	if (n && JSON_NODE_HOLDS_ARRAY(n) && json_array_get_length(json_node_get_array(n)) == 4) {
		static const char *const names[] = { "left", "right", "top", "bottom" };
		for (guint i = 0; i < 4; i++) {
			JsonNode *v = json_array_get_element(json_node_get_array(n), i);
			if (!JSON_NODE_HOLDS_VALUE(v) || json_node_get_value_type(v) == G_TYPE_STRING)
				continue;
			double side = i < 2 ? item->width : item->height;
			if (side > 0 && json_node_get_double(v) >= BORDER_NEAR_LIMIT * maxpct / 100 * side)
				reason(d, "border: the %s cut is at its %g %% limit", names[i], maxpct);
		}
	}
out:
	step_view_clear(&s);
}

static void judge_banner(ReviewDoubt *d, const CatalogItem *item, const CatalogRun *run)
{
	StepView s;
	double height, maxpct = step_default("banner", "max-height");
	if (!find_step(run, "banner", &s) || is_manual(&s) || !s.applied)
		goto out;
	get_num(s.params, "max-height", &maxpct);
	if (item->height > 0 && get_num(measured(&s, "height"), "height", &height) &&
	    height >= BANNER_NEAR_LIMIT * maxpct / 100 * item->height)
		reason(d, "banner: the strip cut (%.0f px) is near its %g %% limit", height, maxpct);
out:
	step_view_clear(&s);
}

/* What a step records as a doubt of its own: orient's unsure direction or
 * turn not taken, trim's unsure content, border's irregular sides. */
static void judge_unsure(ReviewDoubt *d, const CatalogRun *run)
{
	StepView s;
	if (find_step(run, "orient", &s) && !is_manual(&s)) {
		const char *unsure = get_str(measured(&s, "unsure"), "unsure");
		if (unsure)
			reason(d, "orient: %s", unsure);
	}
	step_view_clear(&s);
	if (find_step(run, "trim", &s) && !is_manual(&s) &&
	    g_strcmp0(get_str(measured(&s, "found"), "found"), "unsure") == 0)
		reason(d, "trim: marks and content not told apart; every mark kept");
	step_view_clear(&s);
	if (find_step(run, "border", &s) && !is_manual(&s) &&
	    measured(&s, "irregular") && json_object_has_member(s.measured, "irregular"))
		reason(d, "border: an irregular outline, cut only as deep as its shallow part");
	step_view_clear(&s);
}

static void judge_levels(ReviewDoubt *d, const CatalogRun *run, const ReviewRules *r)
{
	StepView s;
	double black, white, clip = 0, part;
	gboolean has_clip = FALSE;
	if (!find_step(run, "levels", &s) || is_manual(&s) || !s.applied)
		goto out;
	/* Clipping as the step reports it, in percent of the pixels. */
	static const char *const keys[] = { "clipped_black", "clipped_white" };
	for (guint i = 0; i < G_N_ELEMENTS(keys); i++)
		if (get_num(measured(&s, keys[i]), keys[i], &part))
			clip += part, has_clip = TRUE;
	if (has_clip && clip > r->max_clipped)
		reason(d, "levels: %.1f %% of the pixels clipped", clip);
	else if (!has_clip && get_num(measured(&s, "black"), "black", &black) &&
		 get_num(measured(&s, "white"), "white", &white) &&
		 (white - black <= 0 || 255 / (white - black) > r->max_gain))
		reason(d, "levels: a strong stretch (black %.0f, white %.0f) clips shadows and lights",
		       black, white);
out:
	step_view_clear(&s);
}

static gboolean manual_crop(const CatalogItem *item)
{
	return g_hash_table_contains(item->overrides, "crop");
}

ReviewDoubt *review_doubt_new(const CatalogItem *item, double batch_removed,
			      const ReviewRules *rules)
{
	ReviewDoubt *d = g_new0(ReviewDoubt, 1);
	const CatalogRun *run = item->last_run;
	d->reasons = g_ptr_array_new_with_free_func(g_free);
	d->reviewed = g_strcmp0(g_hash_table_lookup(item->overrides, "reviewed"), "yes") == 0;
	d->removed = review_removed_share(item);
	/* The original itself failed (at add, or changed on disk since): an
	 * older run's master no longer speaks for it. */
	if (g_strcmp0(item->status, "failed") == 0) {
		d->verdict = REVIEW_FAILED;
		g_ptr_array_add(d->reasons, g_strdup_printf("the original could not be read: %s",
							    item->error ? item->error : "unknown error"));
		return d;
	}
	if (!run) {
		reason(d, "not cleaned yet");
		return d;
	}
	if (g_strcmp0(run->status, "done") != 0) {
		d->verdict = REVIEW_FAILED;
		g_ptr_array_add(d->reasons, g_strdup_printf("cleaning failed: %s",
							    run->error ? run->error : "unknown error"));
		return d;
	}
	if (d->removed >= 0 && !manual_crop(item)) {
		if (d->removed > rules->max_removed)
			reason(d, "the crop removed %.0f %% of the area", d->removed * 100);
		else if (batch_removed >= 0 && d->removed - batch_removed > rules->unusual_removed)
			reason(d, "the crop removed %.0f %% of the area, against %.0f %% for most images",
			       d->removed * 100, batch_removed * 100);
	}
	judge_banner(d, item, run);
	judge_border(d, item, run);
	judge_deskew(d, run, rules);
	judge_trim(d, item, run);
	judge_levels(d, run, rules);
	judge_unsure(d, run);
	return d;
}

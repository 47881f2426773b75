/* The pipeline parser and loader, and the level maths. */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <vips/vips.h>

#include "pipeline/pipeline-private.h"
#include "imaging/levels_math.h"
#include "util/util.h"

static PlPipeline *parse(const char *text, GError **error)
{
	return pl_pipeline_parse("t", text, "t.pipeline", error);
}

static void test_parse_good(void)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(PlPipeline) p = parse("# Prints, gently\n"
					"\n"
					"orient\n"
					"  trim padding=2 reach=5   # margins\n"
					"# a second comment is not the description\n"
					"levels paper=neutral gamma=1.2\n"
					"output format=png\n",
					&err);
	g_assert_no_error(err);
	g_assert_nonnull(p);
	g_assert_cmpstr(pl_pipeline_description(p), ==, "Prints, gently");
	g_assert_cmpstr(pl_pipeline_name(p), ==, "t");
	g_assert_cmpuint(pl_pipeline_n_steps(p), ==, 4);
	g_assert_cmpstr(pl_pipeline_extension(p), ==, "png");
	const PlStepConfig *trim = pl_pipeline_step(p, 1);
	g_assert_cmpstr(trim->klass->name, ==, "trim");
	g_assert_cmpint(trim->line, ==, 4);
	g_autofree char *json = pl_step_config_to_json(trim);
	g_autoptr(JsonNode) params = json_from_string(json, NULL);
	g_assert_nonnull(params);
	JsonObject *o = json_node_get_object(params);
	g_assert_cmpint(json_object_get_int_member(o, "padding"), ==, 2);
	g_assert_cmpint(json_object_get_int_member(o, "reach"), ==, 5);
	/* Unset options appear with their defaults. */
	g_assert_true(json_object_get_boolean_member(o, "frame"));
	g_assert_cmpuint(strlen(pl_pipeline_hash(p)), ==, 64);
}

static void test_default_output(void)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(PlPipeline) p = parse("orient\r\ndeskew\r\n", &err);
	g_assert_no_error(err);
	g_assert_cmpuint(pl_pipeline_n_steps(p), ==, 3);
	g_assert_cmpstr(pl_pipeline_step(p, 2)->klass->name, ==, "output");
	g_assert_cmpstr(pl_pipeline_extension(p), ==, "jpg");
	g_assert_cmpstr(pl_pipeline_description(p), ==, "");

	g_autoptr(PlPipeline) empty = parse("", &err);
	g_assert_no_error(err);
	g_assert_cmpuint(pl_pipeline_n_steps(empty), ==, 1);
}

static void test_quoting(void)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(PlPipeline) p = parse("output format=\"tiff\" compression='lzw'\n", &err);
	g_assert_no_error(err);
	g_assert_cmpstr(pl_pipeline_extension(p), ==, "tif");
	g_autoptr(PlPipeline) q = parse("trim padding=\"1.5\"   # quoted number\n", &err);
	g_assert_no_error(err);
	g_assert_cmpfloat(pl_pipeline_step(q, 0)->v[0].d, ==, 1.5);
	/* A '#' inside quotes is not a comment; it is still a bad number. */
	g_autoptr(PlPipeline) r = parse("trim padding=\"1#2\"\n", &err);
	g_assert_null(r);
	g_assert_error(err, PL_ERROR, PL_ERROR_INPUT);
	g_assert_nonnull(strstr(err->message, "'1#2'"));
}

static void test_hash_changes(void)
{
	g_autoptr(PlPipeline) a = parse("trim\n", NULL);
	g_autoptr(PlPipeline) b = parse("trim padding=1\n", NULL);
	g_assert_cmpstr(pl_pipeline_hash(a), !=, pl_pipeline_hash(b));
}

static const struct {
	const char *text;
	const char *message; /* expected prefix "t.pipeline:LINE: ..." */
} bad_cases[] = {
	{ "orient\n\nfrobnicate\n", "t.pipeline:3: unknown step 'frobnicate'" },
	{ "# d\ntrim colour=red\n", "t.pipeline:2: step 'trim' has no option 'colour'" },
	{ "trim padding=abc\n", "t.pipeline:1: bad value 'abc' for trim.padding" },
	{ "orient\noutput quality=101\n", "t.pipeline:2: bad value '101' for output.quality" },
	{ "deskew range=2.5.1\n", "t.pipeline:1: bad value '2.5.1' for deskew.range" },
	{ "output format=gif\n", "t.pipeline:1: bad value 'gif' for output.format" },
	{ "trim frame=maybe\n", "t.pipeline:1: bad value 'maybe' for trim.frame" },
	{ "output quality=9.5\n", "t.pipeline:1: bad value '9.5' for output.quality" },
	{ "trim padding\n", "t.pipeline:1: 'padding': expected key=value" },
	{ "trim =3\n", "t.pipeline:1: '=3': expected key=value" },
	{ "trim padding=\"3\n", "t.pipeline:1: unterminated \" quote" },
	{ "levels black=1 black=2\n", "t.pipeline:1: option 'black' given twice" },
	{ "output\ntrim\n", "t.pipeline:2: nothing may follow the output step" },
	{ "levels gamma=nan\n", "t.pipeline:1: bad value 'nan' for levels.gamma" },
	{ "trim padding=0,5\n", "t.pipeline:1: bad value '0,5' for trim.padding: expected a number, "
				 "with a dot for decimals (0.5)" },
	{ "# caf\xe9\norient\n", "t.pipeline:1: not UTF-8 text (save the file as UTF-8)" },
};

static void test_errors(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
		g_autoptr(GError) err = NULL;
		g_autoptr(PlPipeline) p = parse(bad_cases[i].text, &err);
		g_assert_null(p);
		g_assert_nonnull(err);
		if (!g_str_has_prefix(err->message, bad_cases[i].message))
			g_error("case %zu: got \"%s\", want \"%s...\"", i, err->message,
				bad_cases[i].message);
	}
}

static void test_shipped(void)
{
	static const char *const expected[] = { "engraving", "gallica", "none", "page",
						"photograph" };
	g_autoptr(GPtrArray) list = pl_pipeline_list(NULL);
	g_assert_cmpuint(list->len, >=, G_N_ELEMENTS(expected));
	for (size_t i = 0; i < G_N_ELEMENTS(expected); i++) {
		g_autoptr(GError) err = NULL;
		g_autoptr(PlPipeline) p = pl_pipeline_load(NULL, expected[i], &err);
		g_assert_no_error(err);
		g_assert_nonnull(p);
		g_assert_cmpuint(strlen(pl_pipeline_description(p)), >, 10);
		gboolean listed = FALSE;
		for (guint k = 0; k < list->len; k++) {
			PlPipelineInfo *info = g_ptr_array_index(list, k);
			if (!strcmp(info->name, expected[i])) {
				listed = TRUE;
				g_assert_cmpstr(info->origin, ==, "shipped");
				g_assert_cmpstr(info->description, ==, pl_pipeline_description(p));
			}
		}
		g_assert_true(listed);
	}
	/* The default's steps, in order. */
	g_autoptr(PlPipeline) g = pl_pipeline_load(NULL, "gallica", NULL);
	static const char *const steps[] = { "orient", "banner", "border", "page",
					     "deskew", "trim",   "levels", "output" };
	g_assert_cmpuint(pl_pipeline_n_steps(g), ==, G_N_ELEMENTS(steps));
	for (guint i = 0; i < G_N_ELEMENTS(steps); i++)
		g_assert_cmpstr(pl_pipeline_step(g, i)->klass->name, ==, steps[i]);
}

static void test_collection_override(void)
{
	g_autoptr(GError) err = NULL;
	g_autofree char *root = g_dir_make_tmp("planche-pipe-XXXXXX", &err);
	g_assert_no_error(err);
	g_autofree char *dir = g_build_filename(root, "pipelines", NULL);
	g_autofree char *file = g_build_filename(dir, "gallica.pipeline", NULL);
	g_autofree char *mine = g_build_filename(dir, "mine.pipeline", NULL);
	g_assert_cmpint(g_mkdir(dir, 0755), ==, 0);
	g_assert_true(g_file_set_contents(file, "# Local gallica\norient\n", -1, NULL));
	g_assert_true(g_file_set_contents(mine, "# Mine\nbogus\n", -1, NULL));

	g_autoptr(PlPipeline) p = pl_pipeline_load(root, "gallica", &err);
	g_assert_no_error(err);
	g_assert_cmpstr(pl_pipeline_description(p), ==, "Local gallica");
	g_assert_cmpuint(pl_pipeline_n_steps(p), ==, 2);

	/* A broken collection pipeline: the error names its file and line. */
	g_autoptr(PlPipeline) q = pl_pipeline_load(root, "mine", &err);
	g_assert_null(q);
	g_assert_nonnull(strstr(err->message, "mine.pipeline:2: unknown step 'bogus'"));
	g_clear_error(&err);

	g_autoptr(PlPipeline) none = pl_pipeline_load(root, "none", &err);
	g_assert_no_error(err);
	g_autoptr(PlPipeline) missing = pl_pipeline_load(root, "nosuch", &err);
	g_assert_null(missing);
	g_assert_nonnull(strstr(err->message, "no pipeline named 'nosuch'"));
	g_clear_error(&err);
	g_autoptr(PlPipeline) evil = pl_pipeline_load(root, "../etc/passwd", &err);
	g_assert_null(evil);
	g_clear_error(&err);

	g_autoptr(GPtrArray) list = pl_pipeline_list(root);
	int seen_gallica = 0;
	for (guint k = 0; k < list->len; k++) {
		PlPipelineInfo *info = g_ptr_array_index(list, k);
		if (!strcmp(info->name, "gallica")) {
			seen_gallica++;
			g_assert_cmpstr(info->origin, ==, "collection");
		}
		if (!strcmp(info->name, "mine"))
			g_assert_cmpstr(info->description, ==, "Mine");
	}
	g_assert_cmpint(seen_gallica, ==, 1);

	g_unlink(file);
	g_unlink(mine);
	g_rmdir(dir);
	g_rmdir(root);
}

static void test_levels_percentile(void)
{
	guint64 hist[256] = { 0 };
	/* 100 samples: 10 at 20, 80 at 128, 10 at 240. */
	hist[20] = 10, hist[128] = 80, hist[240] = 10;
	g_assert_cmpfloat_with_epsilon(pl_levels_percentile(hist, 5), 20.5, 1e-9);
	g_assert_cmpfloat_with_epsilon(pl_levels_percentile(hist, 50), 128.5, 1e-9);
	g_assert_cmpfloat_with_epsilon(pl_levels_percentile(hist, 100), 241, 1e-9);
	g_assert_cmpfloat(pl_levels_percentile(hist, 0), <=, 20.01);
	guint64 empty[256] = { 0 };
	g_assert_cmpfloat(pl_levels_percentile(empty, 1), ==, 0);
	g_assert_cmpfloat(pl_levels_percentile(empty, 99), ==, 255);
}

static void test_levels_lut(void)
{
	double lut[256];
	pl_levels_lut(20, 220, 1, lut);
	g_assert_cmpfloat(lut[0], ==, 0);
	g_assert_cmpfloat(lut[20], ==, 0);
	g_assert_cmpfloat_with_epsilon(lut[120], 127.5, 1e-9);
	g_assert_cmpfloat(lut[220], ==, 255);
	g_assert_cmpfloat(lut[255], ==, 255);
	for (int i = 1; i < 256; i++)
		g_assert_cmpfloat(lut[i], >=, lut[i - 1]);
	/* gamma above 1 lightens the midtones, ends unchanged */
	double light[256];
	pl_levels_lut(20, 220, 2, light);
	g_assert_cmpfloat(light[120], >, lut[120] + 20);
	g_assert_cmpfloat(light[20], ==, 0);
	g_assert_cmpfloat(light[220], ==, 255);
}

static void test_levels_limit(void)
{
	double black = 180, white = 200;
	pl_levels_limit(&black, &white, 96);
	g_assert_cmpfloat(white, ==, 200);
	g_assert_cmpfloat(black, ==, 104);
	black = 10, white = 30;
	pl_levels_limit(&black, &white, 96);
	g_assert_cmpfloat(black, ==, 0);
	g_assert_cmpfloat(white, ==, 96);
	black = 30, white = 10; /* swapped */
	pl_levels_limit(&black, &white, 1);
	g_assert_cmpfloat(black, ==, 10);
	g_assert_cmpfloat(white, ==, 30);
}

static void test_levels_neutral(void)
{
	double warm[3] = { 240, 225, 190 }, g[3];
	pl_levels_neutral_gains(warm, g);
	double lum = 0.299 * 240 + 0.587 * 225 + 0.114 * 190;
	for (int c = 0; c < 3; c++)
		g_assert_cmpfloat_with_epsilon(warm[c] * g[c], lum, 1e-9);
	double grey[3] = { 200, 200, 200 };
	pl_levels_neutral_gains(grey, g);
	for (int c = 0; c < 3; c++)
		g_assert_cmpfloat_with_epsilon(g[c], 1, 1e-12);
	double dark[3] = { 40, 20, 10 };
	pl_levels_neutral_gains(dark, g);
	for (int c = 0; c < 3; c++)
		g_assert_cmpfloat(g[c], ==, 1);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	if (VIPS_INIT(argv[0]))
		return 1;
	g_test_add_func("/pipeline/parse/good", test_parse_good);
	g_test_add_func("/pipeline/parse/default-output", test_default_output);
	g_test_add_func("/pipeline/parse/quoting", test_quoting);
	g_test_add_func("/pipeline/parse/hash", test_hash_changes);
	g_test_add_func("/pipeline/parse/errors", test_errors);
	g_test_add_func("/pipeline/load/shipped", test_shipped);
	g_test_add_func("/pipeline/load/collection", test_collection_override);
	g_test_add_func("/levels/percentile", test_levels_percentile);
	g_test_add_func("/levels/lut", test_levels_lut);
	g_test_add_func("/levels/limit", test_levels_limit);
	g_test_add_func("/levels/neutral", test_levels_neutral);
	int rc = g_test_run();
	vips_shutdown();
	return rc;
}

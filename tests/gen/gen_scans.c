/* planche-gen-scans: command line and the test-case mode.
 *
 *   planche-gen-scans [--count N] [--seed S] [--megapixels M] [--start I] [--kinds LIST]
 *                     [--no-truth-images] [--perfect] OUTDIR
 *   planche-gen-scans --example OUTDIR
 *   planche-gen-scans --bench-collection N [--megapixels M] OUTDIR
 *   planche-gen-scans --score [--collection DIR] [--verbose] [--min-pass PCT] OUTDIR RESULTS.json
 *   planche-gen-scans --score-real [--collection DIR] [--originals DIR] [--verbose] [--strict]
 *                     EXPECTED.json RESULTS.json
 *
 * See tests/bench/README.md for truth.json and the conventions. */
#include "gen.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

int
gen_mkdir(const char *dir, GError **error)
{
	if (g_mkdir_with_parents(dir, 0755) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
			    "cannot create %s: %s", dir, g_strerror(errno));
		return -1;
	}
	return 0;
}

/* Sizes: around M megapixels (0.85..1.15 M), portrait about 3:4 to 2:3,
 * every sixth case and one in five others landscape. */
static void
case_size(guint32 seed, int index, int kind, double mp, int *w, int *h)
{
	guint32 key[3] = {seed, (guint32) index, 0x517eu};
	GRand *r = g_rand_new_with_seed_array(key, 3);
	double pixels = mp * 1e6 * g_rand_double_range(r, 0.85, 1.15);
	double aspect = g_rand_double_range(r, 1.28, 1.5);
	gboolean landscape = kind == 4 || g_rand_double(r) < 0.2;
	int a = (int) lround(sqrt(pixels / aspect)), b = (int) lround(sqrt(pixels / aspect) * aspect);

	*w = landscape ? b : a;
	*h = landscape ? a : b;
	g_rand_free(r);
}

static int
write_json(JsonBuilder *b, const char *path, GError **error)
{
	g_autoptr(JsonGenerator) gen = json_generator_new();
	g_autoptr(JsonNode) root = json_builder_get_root(b);

	json_generator_set_root(gen, root);
	json_generator_set_pretty(gen, TRUE);
	json_generator_set_indent(gen, 1);
	return json_generator_to_file(gen, path, error) ? 0 : -1;
}

typedef struct {
	guint32 seed;
	const char *dir;
	gboolean truth, perfect;
	GMutex lock;
	GError *error; /* the first failure */
} DrawAll;

static void
draw_one(gpointer data, gpointer user_data)
{
	DrawAll *d = user_data;
	GError *err = NULL;

	if (gen_case_draw(data, d->seed, d->dir, d->truth, d->perfect, &err)) {
		g_mutex_lock(&d->lock);
		if (!d->error)
			d->error = err;
		else
			g_error_free(err);
		g_mutex_unlock(&d->lock);
	}
	vips_thread_shutdown();
}

/* Draws planned cases a few at a time: libvips spreads one image over the
 * cores only so well, and a small one hardly at all. */
static int
draw_all(GenCase *cases, int n, guint32 seed, const char *dir, gboolean truth, gboolean perfect,
	 GError **error)
{
	DrawAll d = {seed, dir, truth, perfect, {0}, NULL};
	int workers = MAX(1, MIN(n, (int) g_get_num_processors()));
	GThreadPool *pool;

	g_mutex_init(&d.lock);
	pool = g_thread_pool_new(draw_one, &d, workers, TRUE, NULL);
	for (int i = 0; i < n; i++)
		g_thread_pool_push(pool, &cases[i], NULL);
	g_thread_pool_free(pool, FALSE, TRUE);
	g_mutex_clear(&d.lock);
	if (d.error) {
		g_propagate_error(error, d.error);
		return -1;
	}
	return 0;
}

/* The common end of a generating mode: report, release, return status. */
static int
finish(GenCase *cases, int count, const char *dir, const char *what, GTimer *timer,
       const GError *error, int status)
{
	if (status == 0)
		fprintf(stderr, "planche-gen-scans: %d %s in %s (%.1f s)\n", count, what, dir,
			g_timer_elapsed(timer, NULL));
	if (error)
		fprintf(stderr, "planche-gen-scans: %s\n", error->message);
	for (int i = 0; i < count; i++)
		gen_case_clear(&cases[i]);
	g_free(cases);
	g_timer_destroy(timer);
	return status;
}

int
gen_parse_kinds(const char *list, GenKind *kinds, GError **error)
{
	g_auto(GStrv) names = g_strsplit(list, ",", -1);
	int n = 0;

	if (g_strcmp0(g_strstrip(names[0]), "all") == 0 && !names[1]) {
		for (int k = 0; k < N_KINDS; k++)
			kinds[n++] = (GenKind) k;
		return n;
	}
	for (int i = 0; names[i]; i++) {
		const char *name = g_strstrip(names[i]);
		int k;

		if (!*name)
			continue;
		for (k = 0; k < N_KINDS && strcmp(gen_kind_names[k], name) != 0; k++)
			;
		if (k == N_KINDS || n == N_KINDS) {
			g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
				    "--kinds: %s %s (kinds: plate, text, spread, sideways, blank, mount, "
				    "black, faded, or all)",
				    name, k == N_KINDS ? "is no kind" : "once too many");
			return -1;
		}
		kinds[n++] = (GenKind) k;
	}
	if (n == 0) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--kinds: no kind");
		return -1;
	}
	return n;
}

/* perfect.json: what a perfect cleaner would have reported, in the form
 * `planche query --format json` gives, for --score to check itself on. */
static void
perfect_to_json(const GenCase *c, JsonBuilder *b)
{
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "path");
	json_builder_add_string_value(b, c->file);
	json_builder_set_member_name(b, "master");
	json_builder_add_string_value(b, c->perfect_file);
	gen_add_quad(b, "region", c->perfect_region);
	json_builder_set_member_name(b, "angle");
	json_builder_add_double_value(b, -c->rotation);
	json_builder_end_object(b);
}

int
gen_cases(const char *dir, int count, const GenOptions *opt)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonBuilder) pb = json_builder_new();
	g_autofree char *truth = g_build_filename(dir, "truth.json", NULL);
	g_autofree char *perfect = g_build_filename(dir, "perfect.json", NULL);
	GenCase *cases = g_new0(GenCase, count);
	GTimer *timer = g_timer_new();
	int status = 1;

	if (gen_mkdir(dir, &error))
		goto out;
	/* case i is of kind kinds[i mod n]; a plate's defect profile is the
	 * count of plates before it modulo 6 -- with plates alone, the index
	 * modulo 6, as it always was */
	for (int i = 0; i < count; i++) {
		int index = opt->start + i, n = MAX(1, opt->n_kinds);
		GenKind kind = opt->n_kinds ? opt->kinds[index % n] : KIND_PLATE;
		int variant = (index / n) % 6, w, h;

		if (kind == KIND_PLATE) {
			case_size(opt->seed, index, variant, opt->megapixels, &w, &h);
			gen_case_plan(&cases[i], opt->seed, index, variant, w, h);
		} else
			gen_kind_plan(&cases[i], opt->seed, index, kind, variant, opt->megapixels);
	}
	if (draw_all(cases, count, opt->seed, dir, opt->truth_images, opt->perfect, &error))
		goto out;
	json_builder_begin_array(b);
	json_builder_begin_array(pb);
	for (int i = 0; i < count; i++) {
		gen_case_to_json(&cases[i], b);
		perfect_to_json(&cases[i], pb);
	}
	json_builder_end_array(b);
	json_builder_end_array(pb);
	if (write_json(b, truth, &error) || (opt->perfect && write_json(pb, perfect, &error)))
		goto out;
	status = 0;
out:
	return finish(cases, count, dir, "case(s)", timer, error, status);
}

int
gen_bench_collection(const char *dir, int count, double megapixels, guint32 seed)
{
	g_autoptr(GError) error = NULL;
	GenCase *cases = g_new0(GenCase, count);
	GTimer *timer = g_timer_new();
	int status = 1;

	if (gen_mkdir(dir, &error))
		goto out;
	for (int i = 0; i < count; i++) {
		int kind = i % 6, w, h;

		case_size(seed, i, kind, megapixels, &w, &h);
		gen_case_plan(&cases[i], seed, i, kind, w, h);
		g_snprintf(cases[i].file, sizeof cases[i].file, "bench-%05d.jpg", i);
	}
	if (draw_all(cases, count, seed, dir, FALSE, FALSE, &error))
		goto out;
	status = 0;
out:
	return finish(cases, count, dir, "image(s)", timer, error, status);
}

int
main(int argc, char **argv)
{
	int count = 24, bench = 0, start = 0;
	double megapixels = 0, min_pass = 0; /* 0: 4, or 0.3 for --bench-collection */
	gint64 seed = 1;
	gboolean example = FALSE, score = FALSE, score_real = FALSE, verbose = FALSE;
	gboolean no_truth = FALSE, perfect = FALSE, strict = FALSE;
	g_autofree char *collection = NULL, *originals = NULL, *kinds = NULL;
	GOptionEntry entries[] = {
		{"count", 'n', 0, G_OPTION_ARG_INT, &count, "Number of cases (24)", "N"},
		{"seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Random seed (1)", "S"},
		{"start", 0, 0, G_OPTION_ARG_INT, &start,
		 "Index of the first case (0); case I is of kind I modulo the number of kinds", "I"},
		{"kinds", 'k', 0, G_OPTION_ARG_STRING, &kinds,
		 "Kinds of case, in turn: plate, text, spread, sideways, blank, mount, black, faded "
		 "(all of them, in that order)",
		 "LIST"},
		{"megapixels", 'm', 0, G_OPTION_ARG_DOUBLE, &megapixels,
		 "Mean size of a case in megapixels, 0.05 to 400 (4; 0.3 with --bench-collection)", "M"},
		{"no-truth-images", 0, 0, G_OPTION_ARG_NONE, &no_truth,
		 "Do not write case-NNN.truth.png", NULL},
		{"perfect", 0, 0, G_OPTION_ARG_NONE, &perfect,
		 "Also write a perfect cleaner's masters and perfect.json, its results", NULL},
		{"example", 0, 0, G_OPTION_ARG_NONE, &example,
		 "Write the README's example scans and example.csv to OUTDIR", NULL},
		{"bench-collection", 0, 0, G_OPTION_ARG_INT, &bench,
		 "Write N small images (~0.3 MP) to OUTDIR, for the gallery benchmark", "N"},
		{"score", 0, 0, G_OPTION_ARG_NONE, &score,
		 "Score planche's results (planche query --format json) against OUTDIR/truth.json",
		 NULL},
		{"score-real", 0, 0, G_OPTION_ARG_NONE, &score_real,
		 "Score planche's results on the real samples against their EXPECTED.json", NULL},
		{"collection", 'C', 0, G_OPTION_ARG_FILENAME, &collection,
		 "With --score or --score-real: the collection masters and originals are relative to "
		 "(default: RESULTS' directory)",
		 "DIR"},
		{"originals", 0, 0, G_OPTION_ARG_FILENAME, &originals,
		 "With --score-real: read the originals from DIR by name (default: their path in the "
		 "collection)",
		 "DIR"},
		{"verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "With --score: more columns", NULL},
		{"min-pass", 0, 0, G_OPTION_ARG_DOUBLE, &min_pass,
		 "With --score: exit 3 when fewer than PCT percent of the cases pass (0)", "PCT"},
		{"strict", 0, 0, G_OPTION_ARG_NONE, &strict,
		 "With --score-real: exit 3 when a target is not met", NULL},
		{NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("OUTDIR [RESULTS.json]");
	g_autoptr(GError) error = NULL;
	GenOptions opt = {0};
	int status;

	if (VIPS_INIT(argv[0]))
		vips_error_exit(NULL);
	g_option_context_set_summary(ctx, "Synthetic degraded scans of old prints and pages with "
					  "known ground truth,\nand scorers for planche's results.");
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &error) ||
	    (opt.n_kinds = gen_parse_kinds(kinds ? kinds : "all", opt.kinds, &error)) < 0) {
		fprintf(stderr, "planche-gen-scans: %s\n", error->message);
		return 2;
	}
	if (argc != (score || score_real ? 3 : 2) || count < 1 || count > 100000 ||
	    (megapixels != 0 && (megapixels < 0.05 || megapixels > 400)) || bench > 100000 || bench < 0 || start < 0 ||
	    start > 99999) {
		g_autofree char *help = g_option_context_get_help(ctx, TRUE, NULL);

		fputs(help, stderr);
		return 2;
	}
	if (score_real)
		status = gen_score_real(argv[1], argv[2], collection, originals, verbose, strict);
	else if (score)
		status = gen_score(argv[1], argv[2], collection, verbose, min_pass);
	else if (example)
		status = gen_example(argv[1], (guint32) seed);
	else if (bench > 0)
		status = gen_bench_collection(argv[1], bench, megapixels ? megapixels : 0.3, (guint32) seed);
	else {
		opt.megapixels = megapixels ? megapixels : 4;
		opt.seed = (guint32) seed;
		opt.start = start;
		opt.truth_images = !no_truth;
		opt.perfect = perfect;
		status = gen_cases(argv[1], count, &opt);
	}
	vips_shutdown();
	return status;
}

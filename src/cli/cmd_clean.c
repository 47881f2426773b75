#include <stdio.h>

#include "collection/clean.h"
#include "cli/cmd.h"
#include "cli/progress.h"

int cli_clean(Collection *c, GArray *ids, CleanOptions *opts)
{
	g_autoptr(GError) error = NULL;
	ProgressBatch batch = {.what = "clean"};
	opts->begin = progress_batch_begin;
	opts->item = progress_batch_item;
	opts->report_data = &batch;
	CleanSummary sum;
	int rc = clean_items(c, ids, opts, &sum, &error);
	progress_batch_end(&batch);
	if (rc != 0)
		return cli_error(1, "%s", error->message);
	if (sum.up_to_date)
		printf("%d image%s already up to date\n", sum.up_to_date, sum.up_to_date == 1 ? "" : "s");
	if (sum.unreadable)
		fprintf(stderr, "planche: %d image%s could not be read when added; "
			"see 'planche query status:failed'\n", sum.unreadable, sum.unreadable == 1 ? "" : "s");
	return sum.failed || sum.bad_pipelines ? 1 : 0;
}

int cmd_clean(int argc, char **argv)
{
	g_autofree char *pipeline_name = NULL;
	gboolean force = FALSE, drop_overrides = FALSE;
	int jobs = 0;
	GOptionEntry entries[] = {
		{"pipeline", 'p', 0, G_OPTION_ARG_STRING, &pipeline_name, "pipeline for images without one of their own (default: planche.conf's, else gallica)", "NAME"},
		{"force", 'f', 0, G_OPTION_ARG_NONE, &force, "clean every image again, not only pending ones", NULL},
		{"drop-overrides", 0, 0, G_OPTION_ARG_NONE, &drop_overrides, "forget manual corrections (crop, angle, skip, levels) first", NULL},
		{"jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "images at once (default: one per core)", "N"},
		{NULL},
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("[ID...] - turn originals into cleaned masters");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx,
		"Runs each pending image (new or changed original, changed pipeline or\n"
		"corrections, missing master) through its pipeline into masters/, and records\n"
		"what every step measured and did. A broken image is reported and recorded;\n"
		"the batch goes on. Interrupted, it picks up where it stopped.");
	int status = cli_parse(ctx, &argc, &argv);
	if (status)
		return status;
	if (jobs < 0)
		return cli_error(2, "--jobs takes a positive number");

	g_autoptr(Collection) c = NULL;
	g_autoptr(GError) error = NULL;
	if (collection_open(0, &c, &error) != 0)
		return cli_error(1, "%s", error->message);
	g_autoptr(GArray) ids = NULL;
	if (argc > 1) {
		ids = g_array_new(FALSE, FALSE, sizeof(gint64));
		for (int i = 1; i < argc; i++) {
			gint64 id;
			if (catalog_item_resolve(c->cat, argv[i], &id, &error) != 0) {
				status = cli_error(1, "%s", error->message);
				g_clear_error(&error);
				continue;
			}
			g_array_append_val(ids, id);
		}
	}
	CleanOptions opts = {
		.pipeline = pipeline_name, .force = force, .drop_overrides = drop_overrides, .jobs = jobs,
	};
	return status | cli_clean(c, ids, &opts);
}

#include <stdio.h>

#include "cli/cmd.h"
#include "collection/collection.h"
#include "util/util.h"

/* Runs one command with a fresh argv, as GOption consumes the one it gets. */
static int run_cmd(int (*fn)(int, char **), GPtrArray *args)
{
	g_ptr_array_add(args, NULL);
	char **argv = g_strdupv((char **)args->pdata);
	int argc = (int)g_strv_length(argv);
	char **keep = g_memdup2(argv, sizeof(char *) * (gsize)(argc + 1));
	int rc = fn(argc, argv);
	for (int i = 0; i < argc; i++)
		g_free(keep[i]);
	g_free(keep);
	g_free(argv);
	return rc;
}

int cmd_run(int argc, char **argv)
{
	g_autofree char *pipeline = NULL, *out = NULL, *csv = NULL;
	int jobs = 0;
	GOptionEntry entries[] = {
		{"pipeline", 'p', 0, G_OPTION_ARG_STRING, &pipeline, "pipeline for images without one of their own", "NAME"},
		{"jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "images cleaned at once", "N"},
		{"csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, "metadata sheet for the files", "SHEET"},
		{"out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "where the site goes (default: site/)", "DIR"},
		{NULL},
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("[PATH...] - init if needed, add, clean and build");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx,
		"The one command for a folder of scans: makes the collection here if there is\n"
		"none, registers new and changed files, cleans what is pending and builds the\n"
		"site. Broken files are reported and skipped; the exit status is then 1.");
	int rc = cli_parse(ctx, &argc, &argv);
	if (rc)
		return rc;
	int status = 0;
	g_autoptr(Collection) c = NULL;
	g_autoptr(GError) open_error = NULL;
	if (collection_open(0, &c, &open_error) != 0) {
		g_autoptr(GError) error = NULL;
		/* Only where there is no collection: a damaged or locked one above
		 * must not get a second one made inside it. */
		if (!g_error_matches(open_error, PL_ERROR, PL_ERROR_INPUT))
			return cli_error(1, "%s", open_error->message);
		if (collection_init(".", &error) != 0)
			return cli_error(1, "%s", error->message);
		printf("collection made here\n");
	}
	g_clear_pointer(&c, collection_close);

	if (argc > 1 || csv) {
		g_autoptr(GPtrArray) add = g_ptr_array_new();
		g_ptr_array_add(add, "add");
		if (csv) {
			g_ptr_array_add(add, "--csv");
			g_ptr_array_add(add, csv);
		}
		for (int i = 1; i < argc; i++)
			g_ptr_array_add(add, argv[i]);
		rc = run_cmd(cmd_add, add);
		if (rc > 1)
			return rc;
		status |= rc;
	}

	g_autoptr(GPtrArray) clean = g_ptr_array_new_with_free_func(NULL);
	g_autofree char *jobs_text = g_strdup_printf("%d", jobs);
	g_ptr_array_add(clean, "clean");
	if (pipeline) {
		g_ptr_array_add(clean, "--pipeline");
		g_ptr_array_add(clean, pipeline);
	}
	if (jobs > 0) {
		g_ptr_array_add(clean, "--jobs");
		g_ptr_array_add(clean, jobs_text);
	}
	rc = run_cmd(cmd_clean, clean);
	if (rc > 1)
		return rc;
	status |= rc;

	g_autoptr(GPtrArray) build = g_ptr_array_new();
	g_ptr_array_add(build, "build");
	if (out) {
		g_ptr_array_add(build, "--out");
		g_ptr_array_add(build, out);
	}
	rc = run_cmd(cmd_build, build);
	if (rc > 1)
		return rc;
	return status | rc;
}

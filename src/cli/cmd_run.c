#include <stdio.h>

#include "cli/cmd.h"
#include "collection/collection.h"
#include "util/util.h"

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
	g_autoptr(GError) error = NULL;
	gboolean made = FALSE;
	if (collection_open_or_init(&c, &made, &error) != 0)
		return cli_error(1, "%s", error->message);
	if (made)
		printf("collection made here\n");

	if (argc > 1 || csv) {
		g_auto(GStrv) paths = g_new0(char *, (gsize)argc);
		for (int i = 1; i < argc; i++)
			paths[i - 1] = g_strdup(argv[i]);
		AddOptions add = {.sheet = csv, .paths = paths};
		status |= cli_add(c, &add);
	}
	CleanOptions clean = {.pipeline = pipeline, .jobs = jobs};
	status |= cli_clean(c, NULL, &clean);
	return status | cli_build(c, out, 0, FALSE, FALSE);
}

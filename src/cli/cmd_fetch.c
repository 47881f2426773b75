/* planche fetch: fill items' empty fields from their archives' records. */
#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/progress.h"
#include "collection/collection.h"
#include "collection/config.h"
#include "collection/fetch.h"

static void say_wait(void *data, const char *message)
{
	fprintf(stderr, "planche: %s\n", message);
}

int cmd_fetch(int argc, char **argv)
{
	gboolean all = FALSE, missing = FALSE, overwrite = FALSE, dry_run = FALSE;
	GOptionEntry entries[] = {
		{"all", 0, 0, G_OPTION_ARG_NONE, &all, "every image that has an archive identifier", NULL},
		{"missing", 0, 0, G_OPTION_ARG_NONE, &missing, "the images whose record was never fetched", NULL},
		{"overwrite", 0, 0, G_OPTION_ARG_NONE, &overwrite, "replace fields that already have a value", NULL},
		{"dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run, "say what would change; change nothing", NULL},
		{NULL},
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("[ID|PATH...] - fill fields from the archives' records");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx,
		"Reads each image's record from its archive and fills the fields that are\n"
		"empty: title, creator, date, publisher, description, holding institution,\n"
		"rights and credit, and adds its subjects as tags. A field you set is kept\n"
		"unless --overwrite. The record itself is kept in the catalogue (shown by\n"
		"'planche show'). A document's record is asked once for all its views.\n"
		"\n"
		"This command goes online: it asks " PL_ARCHIVE_HOSTS ",\n"
		"one request at a time, [archives] delay seconds apart (planche.conf; 1 at\n"
		"least). No other planche command uses the network, except get.");
	g_autoptr(Collection) c = NULL;
	g_autoptr(PlConfig) cfg = NULL;
	g_autoptr(PlHttp) http = NULL;
	g_autoptr(FetchRun) run = NULL;
	g_autoptr(GArray) ids = NULL;
	g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GError) error = NULL;
	int status = cli_parse(ctx, &argc, &argv);
	if (status)
		return status;
	if (all && missing)
		return cli_error(2, "give --all or --missing, not both");
	if (argc < 2 && !all && !missing)
		return cli_error(2, "fetch needs images (ids, paths, identifiers), --all or --missing; "
				 "see 'planche fetch --help'");
	if (collection_open(0, &c, &error) != 0 || pl_config_load(c->root, &cfg, &error) != 0 ||
	    !(http = fetch_http_new(cfg, &error)))
		return cli_error(1, "%s", error->message);
	pl_http_set_notify(http, say_wait, NULL);
	FetchOptions opts = {.overwrite = overwrite, .dry_run = dry_run};
	run = fetch_run_new(c, http, &opts);
	ids = fetch_select(c, argc > 1 ? argv + 1 : NULL, all, missing, problems);
	for (guint i = 0; i < problems->len; i++)
		status = cli_error(1, "%s", (const char *)problems->pdata[i]);
	if (ids->len == 0) {
		printf("nothing to fetch\n");
		return status;
	}
	Progress *p = progress_new(dry_run ? "fetch (dry run)" : "fetch", (int)ids->len);
	for (guint i = 0; i < ids->len; i++) {
		g_autofree char *report = NULL;
		g_autoptr(GError) err = NULL;
		if (fetch_item(run, g_array_index(ids, gint64, i), &report, &err) == 0) {
			progress_item(p, FALSE, "%s", report);
		} else {
			progress_item(p, TRUE, "%s", err->message);
			status = 1;
		}
	}
	progress_free(p);
	return status;
}

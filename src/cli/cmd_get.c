/* planche get: download originals from the archives and register them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/progress.h"
#include "collection/collection.h"
#include "collection/config.h"
#include "collection/fetch.h"
#include "util/util.h"

static void say_wait(void *data, const char *message)
{
	fprintf(stderr, "planche: %s\n", message);
}

/* "3-12", "3-", "-12" or "7" */
static int parse_views(const char *s, int *first, int *last)
{
	char *end = NULL;
	*first = *last = 0;
	if (*s != '-') {
		*first = (int)strtol(s, &end, 10);
		if (end == s || *first < 1)
			return -1;
		s = end;
		if (!*s) {
			*last = *first;
			return 0;
		}
	}
	if (*s != '-')
		return -1;
	s++;
	if (!*s)
		return 0;
	*last = (int)strtol(s, &end, 10);
	if (*end || *last < 1 || (*first && *last < *first))
		return -1;
	return 0;
}

int cmd_get(int argc, char **argv)
{
	g_autofree char *views = NULL;
	gboolean fetch = FALSE;
	GOptionEntry entries[] = {
		{"views", 0, 0, G_OPTION_ARG_STRING, &views, "only these views of a document: 3-12, 5, 3-", "RANGE"},
		{"fetch", 0, 0, G_OPTION_ARG_NONE, &fetch, "also fetch each image's record (as 'planche fetch')", NULL},
		{NULL},
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("ID|URL... - download originals from the archives");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx,
		"Downloads images at the archive's full resolution into the collection's\n"
		"originals folder ([archives] originals in planche.conf, 'originals' by\n"
		"default) and registers them as 'planche add' does, with their identifier:\n"
		"Gallica through IIIF (every view of a document ARK, or --views), the\n"
		"original image files of an Internet Archive item, a Wikimedia Commons\n"
		"file. Files are written whole or not at all; images already in the\n"
		"collection are skipped, so an interrupted get resumes where it stopped.\n"
		"\n"
		"This command goes online: it asks " PL_ARCHIVE_HOSTS ",\n"
		"one request at a time, [archives] delay seconds apart (planche.conf; 1 at\n"
		"least). No other planche command uses the network, except fetch.");
	int first = 0, last = 0;
	g_autoptr(Collection) c = NULL;
	g_autoptr(PlConfig) cfg = NULL;
	g_autoptr(PlHttp) http = NULL;
	g_autoptr(FetchRun) run = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func((GDestroyNotify)get_job_free);
	int status = cli_parse(ctx, &argc, &argv);
	if (status)
		return status;
	if (argc < 2)
		return cli_error(2, "get needs identifiers or URLs; see 'planche get --help'");
	if (views && parse_views(views, &first, &last) != 0)
		return cli_error(2, "--views takes a view or a range: 5, 3-12, 3-, not '%s'", views);
	if (collection_open(0, &c, &error) != 0 || pl_config_load(c->root, &cfg, &error) != 0 ||
	    !(http = fetch_http_new(cfg, &error)))
		return cli_error(1, "%s", error->message);
	pl_http_set_notify(http, say_wait, NULL);
	g_autofree char *originals = get_originals_dir(c, cfg, &error);
	if (!originals)
		return cli_error(1, "%s", error->message);
	if (fetch) {
		FetchOptions opts = {0};
		run = fetch_run_new(c, http, &opts);
	}
	for (int i = 1; i < argc; i++) {
		g_autoptr(GError) err = NULL;
		if (get_plan(http, argv[i], first, last, originals, jobs, &err) != 0)
			status = cli_error(1, "%s", err->message);
	}
	if (jobs->len == 0)
		return status ? status : cli_error(1, "nothing to download");
	Progress *p = progress_new("get", (int)jobs->len);
	int added = 0, skipped = 0;
	for (guint i = 0; i < jobs->len; i++) {
		g_autofree char *line = NULL;
		g_autoptr(GError) err = NULL;
		GetOutcome outcome;
		if (get_job_run(c, http, run, jobs->pdata[i], &outcome, &line, &err) == 0) {
			progress_item(p, FALSE, "%s", line);
			if (outcome == GET_ADDED)
				added++;
			else
				skipped++;
		} else {
			progress_item(p, TRUE, "%s", err->message);
			status = 1;
		}
	}
	progress_free(p);
	printf("%d downloaded or resumed, %d already there, %d failed\n", added, skipped,
	       (int)jobs->len - added - skipped);
	return status;
}

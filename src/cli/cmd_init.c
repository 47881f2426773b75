#include <stdio.h>

#include "cli/cmd.h"
#include "collection/collection.h"

int cmd_init(int argc, char **argv)
{
	g_autoptr(GOptionContext) ctx = g_option_context_new("[DIR] - make a collection");
	g_option_context_set_summary(ctx,
		"Makes a planche collection in DIR (default: the current folder): the catalogue\n"
		"planche.db, the settings planche.conf, and masters/ for cleaned images.\n"
		"Originals stay where they are. Running it again on a collection is harmless.");
	int rc = cli_parse(ctx, &argc, &argv);
	if (rc)
		return rc;
	if (argc > 2)
		return cli_error(2, "init takes at most one folder");
	const char *dir = argc == 2 ? argv[1] : ".";
	g_autoptr(GError) error = NULL;
	if (collection_init(dir, &error) != 0)
		return cli_error(1, "%s", error->message);
	g_autofree char *shown = g_filename_display_name(dir);
	printf("collection ready in %s\n", shown);
	return 0;
}

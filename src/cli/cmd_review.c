/* planche review: the archivist's loop after a batch, in a browser on this
 * computer only (src/review/). */
#include <stdio.h>

#include "cli/cmd.h"
#include "collection/collection.h"
#include "review/review.h"

/* Beside serve's 8000, so both can run at once; the archivist's bookmark. */
#define REVIEW_DEFAULT_PORT 8766

int cmd_review(int argc, char **argv)
{
	int port = REVIEW_DEFAULT_PORT;
	GOptionEntry entries[] = {
		{ "port", 'p', 0, G_OPTION_ARG_INT, &port,
		  "port on 127.0.0.1 (default 8766; 0 picks a free one)", "N" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("- review and correct cleaned images");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx,
		"Opens a local site listing every image, doubtful results first, with the\n"
		"boxes the steps found drawn over the original and the master beside it.\n"
		"Corrections made there are saved as the image's overrides (as 'planche set'\n"
		"does) and the image is cleaned again at once. Listens on 127.0.0.1 only.");
	int rc = cli_parse(ctx, &argc, &argv);
	if (rc)
		return rc;
	if (argc > 1)
		return cli_error(2, "review takes no arguments, not '%s'", argv[1]);
	if (port < 0 || port > 65535)
		return cli_error(2, "--port must be between 0 and 65535");
	g_autoptr(GError) error = NULL;
	{
		/* Fail early, outside any request, when there is no collection. */
		g_autoptr(Collection) c = NULL;
		if (collection_open(CATALOG_READONLY, &c, &error) != 0)
			return cli_error(1, "%s", error->message);
	}
	if (review_serve(port, &error) != 0)
		return cli_error(1, "%s", error->message);
	return 0;
}

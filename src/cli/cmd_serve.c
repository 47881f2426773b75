/* planche serve: previews the gallery on 127.0.0.1, never on another
 * interface, and only to requests that name it (Host: a loopback name, or
 * one given with --allow-host); only files below the site folder are
 * served. What is refused is decided on the headers (gallery/serve.c),
 * before any body is read. */
#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "collection/collection.h"
#include "gallery/serve.h"

/* The port static-site previewers (python -m http.server) use. */
#define SERVE_DEFAULT_PORT 8000

int cmd_serve(int argc, char **argv)
{
	int port = SERVE_DEFAULT_PORT;
	g_autofree char *dir = NULL;
	g_auto(GStrv) hosts = NULL;
	GOptionEntry entries[] = {
		{"port", 'p', 0, G_OPTION_ARG_INT, &port, "port to listen on, on 127.0.0.1 (default 8000; 0 picks one)", "N"},
		{"dir", 'd', 0, G_OPTION_ARG_FILENAME, &dir, "serve DIR (default: the collection's site/)", "DIR"},
		{"allow-host", 0, 0, G_OPTION_ARG_STRING_ARRAY, &hosts, "also answer requests for NAME (a proxy's or tunnel's host name; repeat for more)", "NAME"},
		{NULL, 0, 0, 0, NULL, NULL, NULL}};
	g_autoptr(GOptionContext) ctx = g_option_context_new("- preview the gallery in a browser");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx,
		"Serves the site on 127.0.0.1 to requests for localhost, 127.0.0.1 or [::1]\n"
		"with the port: another name in Host (a web page that made its own name lead\n"
		"here, DNS rebinding) is refused, unless given with --allow-host.");
	int rc = cli_parse(ctx, &argc, &argv);
	if (rc)
		return rc;
	if (port < 0 || port > 65535)
		return cli_error(2, "--port must be between 0 and 65535");
	g_autoptr(GError) err = NULL;
	if (!dir) {
		g_autoptr(Collection) c = NULL;
		if (collection_open(CATALOG_READONLY, &c, &err))
			return cli_error(1, "%s (or give --dir)", err->message);
		dir = g_build_filename(c->root, "site", NULL);
	}
	for (int i = 0; hosts && hosts[i]; i++)
		if (!*hosts[i] || strpbrk(hosts[i], "/:@ "))
			return cli_error(2, "--allow-host takes a host name, without port or scheme, "
					    "not '%s'", hosts[i]);
	GalServer *server = gal_server_start(dir, (const char *const *)hosts, port, &err);
	if (!server)
		return cli_error(1, "%s", err->message);
	for (GSList *l = gal_server_uris(server); l; l = l->next) {
		g_autofree char *s = g_uri_to_string(l->data);
		printf("Serving %s at %s (Ctrl-C to stop)\n", gal_server_root(server), s);
	}
	fflush(stdout);
	g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);
	g_main_loop_run(loop);
	gal_server_free(server);
	return 0;
}

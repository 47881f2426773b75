#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "collection/collection.h"
#include "collection/fetch.h"
#include "collection/record.h"

int cmd_show(int argc, char **argv)
{
	g_autofree char *format = NULL;
	GOptionEntry entries[] = {
		{"format", 0, 0, G_OPTION_ARG_STRING, &format, "text (default) or json", "FORMAT"},
		{NULL},
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("ID|ARK|PATH... - print an image's whole record");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx,
		"An image is named by its id, its path, its SHA-256 (or 8+ first digits), or\n"
		"its identifier (ark:/12148/ID/fN, a Gallica URL...).");
	int rc = cli_parse(ctx, &argc, &argv);
	if (rc)
		return rc;
	gboolean json = format && strcmp(format, "json") == 0;
	if (format && !json && strcmp(format, "text") != 0)
		return cli_error(2, "--format is text or json, not '%s'", format);
	if (argc < 2)
		return cli_error(2, "show needs an image: an id, path, checksum or identifier");
	g_autoptr(Collection) c = NULL;
	g_autoptr(GError) error = NULL;
	if (collection_open(CATALOG_READONLY, &c, &error) != 0)
		return cli_error(1, "%s", error->message);
	int status = 0;
	for (int i = 1; i < argc; i++) {
		gint64 id = 0;
		g_autoptr(CatalogItem) item = NULL;
		g_clear_error(&error);
		if (catalog_item_resolve(c->cat, argv[i], &id, &error) != 0 ||
		    catalog_item_load(c->cat, id, &item, &error) != 0) {
			status = cli_error(1, "%s", error->message);
			continue;
		}
		if (json) {
			PlJson j;
			record_json_start(&j);
			pl_json_begin_object(&j);
			record_json_members(&j, item, TRUE);
			pl_json_key(&j, "fetched_records");
			fetch_records_write(&j, c->cat, id, FALSE);
			g_autofree char *text = record_json_text(&j, stdout);
			printf("%s\n", text);
		} else {
			if (i > 1)
				printf("\n");
			record_print_text(item, stdout);
			fetch_records_print(c->cat, id, stdout);
		}
	}
	return status;
}

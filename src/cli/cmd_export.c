/* planche export: the catalogue as CSV (a sheet 'import' reads back), JSON
 * (both with a Frictionless datapackage.json), Dublin Core XML (oai_dc), or
 * the files themselves as a BagIt bag (RFC 8493). */
#include <errno.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "collection/collection.h"
#include "collection/config.h"
#include "collection/export.h"
#include "collection/export_bag.h"
#include "util/util.h"

/* --out names a folder (the data and datapackage.json go in it) when it is
 * one, ends in '/' or has no extension; otherwise the one data file. */
static gboolean out_is_dir(const char *out)
{
	if (g_file_test(out, G_FILE_TEST_IS_DIR) || g_str_has_suffix(out, "/"))
		return TRUE;
	g_autofree char *base = g_path_get_basename(out);
	return strchr(base, '.') == NULL;
}

int cmd_export(int argc, char **argv)
{
	g_autofree char *format = NULL, *out = NULL, *bag = NULL;
	gboolean originals = FALSE, records = FALSE;
	GOptionEntry entries[] = {
		{"format", 'f', 0, G_OPTION_ARG_STRING, &format, "csv (default), json or dc (Dublin Core XML)", "FORMAT"},
		{"out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "a folder (data file and datapackage.json) or one file; default: standard output", "DIR|FILE"},
		{"bag", 0, 0, G_OPTION_ARG_FILENAME, &bag, "write a BagIt bag of the masters into DIR (a new folder)", "DIR"},
		{"originals", 0, 0, G_OPTION_ARG_NONE, &originals, "with --bag: the originals too", NULL},
		{"records", 0, 0, G_OPTION_ARG_NONE, &records, "with --format json: the archives' records fetched (planche fetch)", NULL},
		{NULL},
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("- the catalogue as CSV, JSON or Dublin Core, or a BagIt bag");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx,
		"--format csv writes a sheet 'planche import' reads back (a round trip\n"
		"changes nothing); json the same columns as objects. With --out DIR, the file\n"
		"(catalogue.csv or catalogue.json) comes with a Frictionless datapackage.json;\n"
		"--out is a folder when it is one, ends in '/' or has no extension.\n"
		"--format dc writes one oai_dc record per image (catalogue-dc.xml in DIR).\n"
		"\n"
		"--bag DIR writes a BagIt 1.0 bag of the masters (and the originals with\n"
		"--originals) under DIR/data. Masters are hard links when DIR is on the same\n"
		"file system (planche never rewrites a master in place), else copies;\n"
		"originals are always copied. The recorded SHA-256 of every file is checked\n"
		"against the file in the bag; a mismatch stops the bag (run 'planche verify').");
	g_autoptr(Collection) c = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) items = NULL;
	g_autoptr(PlConfig) cfg = NULL;
	int status = cli_parse(ctx, &argc, &argv);
	if (status)
		return status;
	if (argc > 1)
		return cli_error(2, "export takes no arguments; see 'planche export --help'");
	if (bag && (format || out))
		return cli_error(2, "--bag writes files, not a format: give --bag or --format/--out");
	if (originals && !bag)
		return cli_error(2, "--originals goes with --bag");
	if (!format)
		format = g_strdup("csv");
	if (records && strcmp(format, "json") != 0)
		return cli_error(2, "--records goes with --format json");
	gboolean is_csv = strcmp(format, "csv") == 0, is_json = strcmp(format, "json") == 0;
	if (!bag && !is_csv && !is_json && strcmp(format, "dc") != 0)
		return cli_error(2, "--format is csv, json or dc, not '%s'", format);
	/* Export only reads the catalogue: no lock, and it works read-only. */
	if (collection_open(CATALOG_READONLY, &c, &error) != 0)
		return cli_error(1, "%s", error->message);
	if (pl_config_load(c->root, &cfg, &error) != 0)
		return cli_error(1, "%s", error->message);
	if (bag) {
		ExportBagStats stats;
		if (!(items = export_load_items(c->cat, &error)) ||
		    export_bag(c, items, bag, originals, cfg->author, &stats, &error) != 0)
			return cli_error(1, "%s", error->message);
		printf("bag %s: %u files, %" G_GINT64_FORMAT " bytes (%u hard links, %u copies)\n",
		       bag, stats.files, stats.bytes, stats.links, stats.copies);
		if (stats.without_master)
			printf("%u images have no master yet and are not in the bag\n", stats.without_master);
		return 0;
	}
	ExportFormat fmt = is_csv ? EXPORT_CSV : is_json ? EXPORT_JSON : EXPORT_DC;
	const char *data_name = export_file_name(fmt);
	guint n;
	if (!out || !out_is_dir(out)) {
		if (export_catalogue(c->cat, fmt, records, out, &n, &error) != 0)
			return cli_error(1, "%s", error->message);
		return 0;
	}
	g_autofree char *data_path = g_build_filename(out, data_name, NULL);
	if (pl_mkdir_p(out, &error) != 0 ||
	    export_catalogue(c->cat, fmt, records, data_path, &n, &error) != 0)
		return cli_error(1, "%s", error->message);
	printf("%s (%u images)\n", data_path, n);
	if (fmt == EXPORT_DC)
		return 0;
	g_autofree char *package_path = g_build_filename(out, "datapackage.json", NULL);
	if (export_datapackage(package_path, data_name, fmt, records, cfg, &error) != 0)
		return cli_error(1, "%s", error->message);
	printf("%s\n", package_path);
	return 0;
}

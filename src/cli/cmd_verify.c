/* planche verify: the catalogue itself (SQLite's quick_check, or its
 * integrity_check with --full), fixity of every original and master against
 * the SHA-256 the catalogue recorded, and files in masters/ that no run made.
 * It only reads: the catalogue is opened read-only, without the writers'
 * lock, so it works on another user's collection or a read-only disk. */
#include <stdio.h>

#include "cli/cmd.h"
#include "collection/collection.h"
#include "collection/verify.h"

static void print_line(void *data, const char *line)
{
	printf("%s\n", line);
}

int cmd_verify(int argc, char **argv)
{
	gboolean full = FALSE;
	GOptionEntry entries[] = {
		{"full", 0, 0, G_OPTION_ARG_NONE, &full, "check the catalogue with SQLite's integrity_check (slower; indexes against their tables too)", NULL},
		{NULL},
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("- check the catalogue, and every file against its recorded checksum");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx,
		"Checks the catalogue file (SQLite's quick_check; --full: integrity_check),\n"
		"then reads every original and every current master and compares its SHA-256\n"
		"with the one recorded when it was added or made. Reports, by path, a damaged\n"
		"catalogue, files that are missing or changed, and image files in masters/\n"
		"that no run made. Exit status 1 when anything is wrong. Nothing is written.");
	g_autoptr(Collection) c = NULL;
	g_autoptr(GError) error = NULL;
	VerifySummary v;
	int status = cli_parse(ctx, &argc, &argv);
	if (status)
		return status;
	if (argc > 1)
		return cli_error(2, "verify takes no arguments; see 'planche verify --help'");
	if (collection_open(CATALOG_READONLY | CATALOG_NO_CHECK, &c, &error) != 0)
		return cli_error(1, "%s", error->message);
	{
		gboolean ok;
		g_autofree char *found = catalog_check(c->cat, full, &ok);
		if (!ok) {
			printf("damaged     %s (the catalogue): %s\n", c->db_path, found);
			printf("NOT OK: the catalogue is damaged. Restore planche.db from a backup, or salvage "
			       "what SQLite can read: sqlite3 planche.db .recover > recovered.sql\n");
			/* Said here: no second message at exit. */
			g_free(catalog_damage_unreported());
			return 1;
		}
	}
	if (verify_files(c, print_line, NULL, &v, &error) != 0)
		return cli_error(1, "%s", error->message);

	gboolean bad = v.changed || v.missing || v.unreadable || v.unrecorded;
	printf("%s: catalogue %s, %d files checked, %d ok, %d changed, %d missing, %d unreadable, "
	       "%d unrecorded", bad ? "NOT OK" : "ok", full ? "whole (integrity_check)" : "ok",
	       v.ok + v.changed + v.unreadable, v.ok, v.changed, v.missing, v.unreadable, v.unrecorded);
	if (v.unchecked)
		printf(" (%d failed images without a checksum)", v.unchecked);
	printf("\n");
	return bad ? 1 : 0;
}

/* planche import SHEET: bulk metadata updates from a sheet (the work is
 * collection/import.c's). */
#include <stdio.h>

#include "cli/cmd.h"
#include "collection/collection.h"
#include "collection/import.h"

/* An image updated on stdout; a row's problem on stderr. */
static void print_line(void *data, gboolean problem, const char *line)
{
	if (problem)
		fprintf(stderr, "planche: %s\n", line);
	else
		printf("%s\n", line);
}

int cmd_import(int argc, char **argv)
{
	gboolean dry_run = FALSE;
	GOptionEntry entries[] = {
		{"dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run, "report what would change, write nothing", NULL},
		{NULL},
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("SHEET.csv - update metadata in bulk");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx,
		"Each row names an image by its file (path as recorded), sha256 or identifier\n"
		"and gives new values for the columns 'add --csv' reads: identifier, title,\n"
		"creator, date, description, publisher, institution, credit, rights, tags,\n"
		"notes, pipeline. Empty cells leave a field as it is; a tags cell replaces\n"
		"the tags. 'planche export --format csv' writes such a sheet.\n"
		"\n"
		"The sheet is applied in one transaction: rows that cannot be applied are\n"
		"reported as SHEET:LINE and skipped, the others are applied together.\n"
		"Exit status 1 when a row was skipped.");
	g_autoptr(Collection) c = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(SheetReader) sheet = NULL;
	int status = cli_parse(ctx, &argc, &argv);
	if (status)
		return status;
	if (argc != 2)
		return cli_error(2, "import needs one sheet; see 'planche import --help'");
	if (import_sheet_open(argv[1], &sheet, &error) != 0)
		return cli_error(1, "%s", error->message);
	if (collection_open(0, &c, &error) != 0)
		return cli_error(1, "%s", error->message);
	ImportOptions opts = {.dry_run = dry_run, .report = print_line};
	ImportSummary sum;
	if (import_sheet(c, sheet, &opts, &sum, &error) != 0)
		return cli_error(1, "%s", error->message);
	printf("%d %supdated, %d unchanged, %d failed\n", sum.updated, dry_run ? "would be " : "",
	       sum.unchanged, sum.failed);
	return sum.failed ? 1 : 0;
}

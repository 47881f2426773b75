/* planche rm: forget images (the work is collection/remove.c's). Files on
 * disk stay unless asked: masters with --delete-files, originals only with
 * --delete-originals. */
#include <stdio.h>

#include "cli/cmd.h"
#include "collection/collection.h"
#include "collection/remove.h"

/* What was removed or deleted on stdout; a file not deleted on stderr. */
static void print_line(void *data, gboolean problem, const char *line)
{
	if (problem)
		fprintf(stderr, "planche: %s\n", line);
	else
		printf("%s\n", line);
}

int cmd_rm(int argc, char **argv)
{
	gboolean delete_files = FALSE, delete_originals = FALSE;
	GOptionEntry entries[] = {
		{"delete-files", 0, 0, G_OPTION_ARG_NONE, &delete_files, "also delete the images' masters (in masters/)", NULL},
		{"delete-originals", 0, 0, G_OPTION_ARG_NONE, &delete_originals, "also delete the ORIGINAL SCANS themselves (and the masters)", NULL},
		{NULL},
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("ID... - forget images");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx,
		"Removes images from the catalogue, with their processing history, tags,\n"
		"identifiers and corrections. IDs are ids, paths, checksums or identifiers,\n"
		"as 'show' takes them; if one is not found, nothing is removed.\n"
		"\n"
		"Files are kept unless asked: --delete-files deletes the masters planche\n"
		"made; the original scans are deleted only with --delete-originals.\n"
		"A master kept on disk is no longer named by any run: 'planche verify'\n"
		"lists it as unrecorded.");
	g_autoptr(Collection) c = NULL;
	g_autoptr(GError) error = NULL;
	int status = cli_parse(ctx, &argc, &argv);
	if (status)
		return status;
	if (argc < 2)
		return cli_error(2, "rm needs at least one image; see 'planche rm --help'");
	if (collection_open(0, &c, &error) != 0)
		return cli_error(1, "%s", error->message);
	RemoveOptions opts = {.delete_masters = delete_files, .delete_originals = delete_originals,
			      .report = print_line};
	RemoveSummary sum;
	g_auto(GStrv) names = g_new0(char *, (gsize)argc);
	for (int i = 1; i < argc; i++)
		names[i - 1] = g_strdup(argv[i]);
	if (remove_items(c, names, &opts, &sum, &error) != 0)
		return cli_error(1, "%s", error->message);
	printf("%u removed from the catalogue", sum.removed);
	if (sum.kept_masters || sum.kept_originals)
		printf("; kept on disk: %d master%s, %d original%s%s", sum.kept_masters,
		       sum.kept_masters == 1 ? "" : "s", sum.kept_originals,
		       sum.kept_originals == 1 ? "" : "s",
		       delete_files || delete_originals
			       ? " (--delete-originals deletes the originals)"
			       : " (--delete-files deletes masters, --delete-originals originals)");
	printf("\n");
	return sum.not_deleted ? 1 : 0;
}

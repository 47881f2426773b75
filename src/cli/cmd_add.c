/* planche add: register originals, with their provenance from the options
 * or a sheet (the work is collection/add.c's). */
#include <stdio.h>

#include "cli/cmd.h"
#include "collection/add.h"
#include "collection/collection.h"

/* A file's line on stdout as it is done; a problem on stderr. */
static void print_line(void *data, gboolean problem, const char *line)
{
	if (problem) {
		fprintf(stderr, "planche: %s\n", line);
	} else {
		printf("%s\n", line);
		fflush(stdout);
	}
}

int cli_add(Collection *c, const AddOptions *given)
{
	AddOptions opts = *given;
	if (!opts.report)
		opts.report = print_line;
	AddSummary sum;
	g_autoptr(GError) error = NULL;
	int status = 0;
	if (add_files(c, &opts, &sum, &error) != 0)
		status = cli_error(1, "%s", error->message);
	if (c->notice)
		fprintf(stderr, "planche: %s\n", c->notice);
	printf("%d added, %d updated, %d moved, %d unchanged, %d failed, %d skipped\n",
	       sum.counts[INGEST_ADDED], sum.counts[INGEST_UPDATED], sum.counts[INGEST_MOVED],
	       sum.counts[INGEST_UNCHANGED] + sum.counts[INGEST_DUPLICATE],
	       sum.counts[INGEST_FAILED], sum.counts[INGEST_SKIPPED]);
	/* a mistyped ARK or a date not understood is the archivist's to fix */
	if (sum.counts[INGEST_FAILED] || sum.warnings || sum.sheet_problems)
		status = 1;
	return status;
}

int cmd_add(int argc, char **argv)
{
	char *ark = NULL, *source = NULL, *title = NULL, *creator = NULL, *date = NULL;
	char *credit = NULL, *rights = NULL, *description = NULL, *notes = NULL, *csv = NULL;
	char *pipeline = NULL, *document = NULL;
	char **tags = NULL;
	GOptionEntry entries[] = {
		{"ark", 0, 0, G_OPTION_ARG_STRING, &ark, "Gallica ARK of the one file (ark:/12148/ID/fN or ID_fN)", "ARK"},
		{"source", 0, 0, G_OPTION_ARG_STRING, &source, "identifier or URL of the file in its archive", "ID|URL"},
		{"title", 0, 0, G_OPTION_ARG_STRING, &title, "title", "TEXT"},
		{"creator", 0, 0, G_OPTION_ARG_STRING, &creator, "creator (artist, engraver, author)", "TEXT"},
		{"date", 0, 0, G_OPTION_ARG_STRING, &date, "date as written: 1843, vers 1860, 1865~", "TEXT"},
		{"description", 0, 0, G_OPTION_ARG_STRING, &description, "description", "TEXT"},
		{"credit", 0, 0, G_OPTION_ARG_STRING, &credit, "credit line", "TEXT"},
		{"rights", 0, 0, G_OPTION_ARG_STRING, &rights, "rights statement (URI, PDM, CC BY 4.0 ...)", "TEXT"},
		{"notes", 0, 0, G_OPTION_ARG_STRING, &notes, "free notes", "TEXT"},
		{"tag", 0, 0, G_OPTION_ARG_STRING_ARRAY, &tags, "a tag (repeat for more)", "TAG"},
		{"pipeline", 0, 0, G_OPTION_ARG_STRING, &pipeline, "pipeline for these files", "NAME"},
		{"document", 0, 0, G_OPTION_ARG_STRING, &document, "the book or set these files are views of, in the order given", "NAME"},
		{"csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, "metadata sheet with a header row (file, identifier, title, creator, date, source, credit, rights, tags, notes, document)", "SHEET"},
		{NULL},
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("PATH... - register originals");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx,
		"Registers image files and folders (recursively) in the catalogue with their\n"
		"checksum, size, EXIF and provenance. Gallica ARKs, Internet Archive and\n"
		"Wikimedia Commons identifiers are read from file names; a sheet or the\n"
		"options give the rest. Adding a file again updates it; a moved file is\n"
		"recognised by its checksum.");
	g_autofree char *tag_list = NULL;
	g_auto(GStrv) paths = NULL;
	g_autoptr(Collection) c = NULL;
	g_autoptr(GError) error = NULL;
	int status = cli_parse(ctx, &argc, &argv);
	if (status)
		goto out;
	gboolean one_file_meta = ark || source || title || creator || date || description ||
				 credit || rights || notes;
	if (argc < 2 && !csv) {
		status = cli_error(2, "add needs files or folders (or --csv SHEET); see 'planche add --help'");
		goto out;
	}
	if (one_file_meta && (argc != 2 || csv)) {
		status = cli_error(2, "--ark, --source, --title and the like describe one file: give exactly one");
		goto out;
	}
	if (ark && source) {
		status = cli_error(2, "give --ark or --source, not both");
		goto out;
	}
	if (collection_open(0, &c, &error) != 0) {
		status = cli_error(1, "%s", error->message);
		goto out;
	}
	tag_list = tags ? g_strjoinv(",", tags) : NULL;
	IngestMeta meta = {
		.identifier = ark ? ark : source, .title = title, .creator = creator, .date = date,
		.description = description, .credit = credit, .rights = rights, .notes = notes,
		.tags = tag_list, .pipeline = pipeline, .document = document,
	};
	gboolean have_meta = one_file_meta || tags || pipeline || document;
	paths = g_new0(char *, (gsize)argc);
	for (int i = 1; i < argc; i++)
		paths[i - 1] = g_strdup(argv[i]);
	AddOptions add = {.sheet = csv, .paths = paths, .meta = have_meta ? &meta : NULL};
	status |= cli_add(c, &add);
out:
	g_free(ark); g_free(source); g_free(title); g_free(creator); g_free(date);
	g_free(credit); g_free(rights); g_free(description); g_free(notes); g_free(csv);
	g_free(pipeline);
	g_free(document);
	g_strfreev(tags);
	return status;
}

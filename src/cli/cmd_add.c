#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cmd.h"
#include "collection/collection.h"
#include "collection/ingest.h"
#include "provenance/csv.h"
#include "collection/sheet_meta.h"
#include "util/util.h"

typedef struct {
	Collection *c;
	GPtrArray *sheet_rows;  /* of IngestRow*, in sheet order */
	GHashTable *row_by_key; /* path or base name -> IngestRow* (not owned) */
	GHashTable *seen_dirs;  /* "dev:ino" of folders walked, against symlink loops */
	char *real_root;        /* the collection's real path */
	char *named_root;       /* real path of the file or folder being added */
	int counts[INGEST_SKIPPED + 1];
	gboolean catalogue_failed;
	const char *sheet;   /* the sheet's path, to name a row by its line */
	GStatBuf sheet_st;   /* the sheet's file, not an image when a walk meets it */
	gboolean sheet_found;
	int warnings;        /* files whose metadata had a problem (a mistyped ARK) */
} AddRun;

/* One row of a metadata sheet. */
typedef struct {
	int line;
	gboolean used;
	char *file;
	GPtrArray *fields; /* owns the strings IngestMeta points into */
	IngestMeta meta;
} IngestRow;

static void ingest_row_free(IngestRow *row)
{
	g_free(row->file);
	if (row->fields)
		g_ptr_array_unref(row->fields);
	g_free(row);
}

static void add_one(AddRun *run, const char *path, const IngestMeta *meta)
{
	if (run->catalogue_failed)
		return;
	int line = 0;
	if (!meta && run->sheet_rows) {
		g_autofree char *base = g_path_get_basename(path);
		g_autofree char *rel = collection_relpath(run->c, path);
		IngestRow *row = g_hash_table_lookup(run->row_by_key, rel);
		if (!row)
			row = g_hash_table_lookup(run->row_by_key, base);
		if (row) {
			row->used = TRUE;
			meta = &row->meta;
			line = row->line;
		}
	}
	IngestOutcome outcome;
	g_autofree char *note = NULL, *warning = NULL;
	g_autoptr(GError) error = NULL;
	if (ingest_file(run->c, path, meta, &outcome, &note, &warning, &error) != 0) {
		cli_error(1, "%s", error->message);
		run->catalogue_failed = TRUE;
		return;
	}
	run->counts[outcome]++;
	if (outcome == INGEST_FAILED)
		fprintf(stderr, "planche: %s\n", note);
	else if (note)
		printf("%s\n", note);
	if (warning) {
		/* from a sheet, the row that said it, by its line */
		if (line)
			fprintf(stderr, "planche: %s:%d: %s\n", run->sheet, line, warning);
		else
			fprintf(stderr, "planche: %s\n", warning);
		run->warnings++;
	}
	fflush(stdout);
}

static gboolean skip_dir(AddRun *run, const char *path)
{
	g_autofree char *rel = collection_relpath(run->c, path);
	/* planche's own outputs are not originals. */
	return strcmp(rel, "masters") == 0 || strcmp(rel, "site") == 0 ||
	       g_str_has_prefix(rel, "masters/") || g_str_has_prefix(rel, "site/");
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A symbolic link met in a folder is followed only where it stays inside
 * the collection or the folder being added: a link in the scans folder
 * pointed at /etc/passwd is not an original. */
static gboolean link_allowed(AddRun *run, const char *real)
{
	const char *roots[] = {run->real_root, run->named_root};
	for (size_t i = 0; i < G_N_ELEMENTS(roots); i++)
		if (roots[i] && (strcmp(real, roots[i]) == 0 || pl_path_is_below(real, roots[i])))
			return TRUE;
	return FALSE;
}

static void walk(AddRun *run, const char *path)
{
	GStatBuf st;
	if (g_lstat(path, &st) != 0) {
		g_autofree char *shown = g_filename_display_name(path);
		fprintf(stderr, "planche: %s: cannot read: %s\n", shown, g_strerror(errno));
		run->counts[INGEST_FAILED]++;
		return;
	}
	if (S_ISLNK(st.st_mode)) {
		g_autofree char *shown = g_filename_display_name(path);
		g_autofree char *real = pl_real_path(path);
		if (!real) {
			fprintf(stderr, "planche: %s: skipped: broken symbolic link\n", shown);
			run->counts[INGEST_FAILED]++;
		} else if (!link_allowed(run, real)) {
			g_autofree char *to = g_filename_display_name(real);
			fprintf(stderr, "planche: %s: skipped: a symbolic link to %s, outside the collection "
				"and the folder added\n", shown, to);
			run->counts[INGEST_SKIPPED]++;
		} else {
			/* Registered under the path it leads to, which no link can
			 * later redirect. */
			walk(run, real);
		}
		return;
	}
	if (S_ISREG(st.st_mode)) {
		/* The sheet being read lies in the folder added: it is no image
		 * to report as skipped. */
		if (run->sheet_found && st.st_dev == run->sheet_st.st_dev && st.st_ino == run->sheet_st.st_ino)
			return;
		add_one(run, path, NULL);
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		g_autofree char *shown = g_filename_display_name(path);
		fprintf(stderr, "planche: %s: skipped: not a regular file\n", shown);
		run->counts[INGEST_SKIPPED]++;
		return;
	}
	if (skip_dir(run, path))
		return;
	char *key = g_strdup_printf("%lu:%lu", (unsigned long)st.st_dev, (unsigned long)st.st_ino);
	if (!g_hash_table_add(run->seen_dirs, key)) {
		g_autofree char *shown = g_filename_display_name(path);
		fprintf(stderr, "planche: %s: skipped: folder already visited (symbolic link loop)\n",
			shown);
		return;
	}
	g_autoptr(GError) error = NULL;
	GDir *dir = g_dir_open(path, 0, &error);
	if (!dir) {
		g_autofree char *shown = g_filename_display_name(path);
		fprintf(stderr, "planche: %s: cannot read folder: %s\n", shown, g_strerror(errno));
		run->counts[INGEST_FAILED]++;
		return;
	}
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const char *name;
	while ((name = g_dir_read_name(dir)))
		if (name[0] != '.') /* hidden files, and our own temporaries */
			g_ptr_array_add(names, g_strdup(name));
	g_dir_close(dir);
	g_ptr_array_sort(names, compare_names);
	for (guint i = 0; i < names->len && !run->catalogue_failed; i++) {
		g_autofree char *child = g_build_filename(path, names->pdata[i], NULL);
		g_autofree char *rel = collection_relpath(run->c, child);
		if (strcmp(rel, "planche.db") == 0 || g_str_has_prefix(rel, "planche.db-"))
			continue;
		walk(run, child);
	}
	g_ptr_array_unref(names);
}

/* A path the user named (an argument, a sheet's file): when it leads
 * through a symbolic link, what it leads to is added, so that the recorded
 * path is the file's own; links inside it are followed only within it or
 * the collection. */
static void add_named(AddRun *run, const char *path, const IngestMeta *meta)
{
	g_autofree char *real = pl_real_path(path);
	const char *use = path;
	if (real) {
		g_autofree char *as_given = collection_relpath(run->c, path);
		g_autofree char *resolved = collection_relpath(run->c, real);
		if (strcmp(as_given, resolved) != 0)
			use = real;
	}
	g_free(run->named_root);
	run->named_root = g_steal_pointer(&real);
	if (meta)
		add_one(run, use, meta);
	else
		walk(run, use);
}

/* Reads the sheet; rows are matched to files by path (relative to the sheet,
 * the collection or the current folder) or by base name. */
static int read_sheet(AddRun *run, const char *sheet_path, GPtrArray *sheet_files)
{
	g_autofree char *text = NULL;
	gsize len = 0;
	g_autoptr(GError) error = NULL;
	if (!g_file_get_contents(sheet_path, &text, &len, &error))
		return cli_error(1, "%s", error->message);
	g_autoptr(PlSheet) sheet = pl_sheet_new(text, (gssize)len, &error);
	if (!sheet)
		return cli_error(1, "%s: %s", sheet_path, error->message);
	SheetMetaColumns cols;
	sheet_meta_find_columns(sheet, &cols);
	if (cols.file < 0)
		return cli_error(1, "%s: no 'file' column in the header row", sheet_path);
	g_autofree char *sheet_dir = g_path_get_dirname(sheet_path);

	int bad = 0;
	for (;;) {
		GPtrArray *fields = NULL;
		int line = 0;
		g_autoptr(GError) row_err = NULL;
		int rc = pl_sheet_next(sheet, &fields, &line, &row_err);
		if (rc == 0)
			break;
		if (rc < 0) {
			fprintf(stderr, "planche: %s: %s\n", sheet_path, row_err->message);
			bad++;
			continue;
		}
		const char *file = sheet_meta_field(fields, cols.file);
		if (!file) {
			fprintf(stderr, "planche: %s:%d: no file named in this row\n", sheet_path, line);
			g_ptr_array_unref(fields);
			bad++;
			continue;
		}
		IngestRow *row = g_new0(IngestRow, 1);
		row->line = line;
		row->fields = fields;
		sheet_meta_from_row(&cols, fields, &row->meta);
		/* Where the sheet's file is, if it names one that exists. */
		g_autofree char *beside = g_path_is_absolute(file) ? g_strdup(file)
			: g_build_filename(sheet_dir, file, NULL);
		row->file = g_strdup(file);
		g_ptr_array_add(run->sheet_rows, row);
		if (g_file_test(beside, G_FILE_TEST_EXISTS)) {
			g_ptr_array_add(sheet_files, g_strdup(beside));
			g_hash_table_insert(run->row_by_key, collection_relpath(run->c, beside), row);
		} else {
			g_hash_table_insert(run->row_by_key, g_path_get_basename(file), row);
		}
	}
	return bad ? 1 : 0;
}

int cli_add(Collection *c, const AddRequest *req)
{
	AddRun run = {.c = c, .real_root = pl_real_path(c->root)};
	int status = 0;
	g_autoptr(GPtrArray) sheet_files = g_ptr_array_new_with_free_func(g_free);
	run.seen_dirs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	if (req->csv) {
		run.sheet = req->csv;
		run.sheet_found = g_stat(req->csv, &run.sheet_st) == 0;
		run.sheet_rows = g_ptr_array_new_with_free_func((GDestroyNotify)ingest_row_free);
		run.row_by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		if (read_sheet(&run, req->csv, sheet_files) != 0)
			status = 1;
	}
	if (req->paths && req->paths[0]) {
		for (int i = 0; req->paths[i] && !run.catalogue_failed; i++)
			add_named(&run, req->paths[i], req->meta);
	} else {
		for (guint i = 0; i < sheet_files->len && !run.catalogue_failed; i++)
			add_named(&run, sheet_files->pdata[i], NULL);
	}
	for (guint i = 0; run.sheet_rows && i < run.sheet_rows->len; i++) {
		const IngestRow *row = run.sheet_rows->pdata[i];
		if (!row->used) {
			fprintf(stderr, "planche: %s:%d: no file matches '%s'\n", req->csv, row->line,
				row->file);
			status = 1;
		}
	}
	if (c->notice)
		fprintf(stderr, "planche: %s\n", c->notice);
	printf("%d added, %d updated, %d moved, %d unchanged, %d failed, %d skipped\n",
	       run.counts[INGEST_ADDED], run.counts[INGEST_UPDATED], run.counts[INGEST_MOVED],
	       run.counts[INGEST_UNCHANGED] + run.counts[INGEST_DUPLICATE],
	       run.counts[INGEST_FAILED], run.counts[INGEST_SKIPPED]);
	/* a mistyped ARK or a date not understood is the archivist's to fix */
	if (run.counts[INGEST_FAILED] || run.catalogue_failed || run.warnings)
		status = 1;
	if (run.sheet_rows)
		g_ptr_array_unref(run.sheet_rows);
	if (run.row_by_key)
		g_hash_table_destroy(run.row_by_key);
	g_hash_table_destroy(run.seen_dirs);
	g_free(run.real_root);
	g_free(run.named_root);
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
	AddRequest req = {.csv = csv, .paths = paths, .meta = have_meta ? &meta : NULL};
	status |= cli_add(c, &req);
out:
	g_free(ark); g_free(source); g_free(title); g_free(creator); g_free(date);
	g_free(credit); g_free(rights); g_free(description); g_free(notes); g_free(csv);
	g_free(pipeline);
	g_free(document);
	g_strfreev(tags);
	return status;
}

#include "collection/add.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>

#include "collection/sheet_read.h"
#include "util/util.h"

/* One row of a metadata sheet, waiting for its file. */
typedef struct {
	int line;
	gboolean used;
	char *file;
	GPtrArray *fields; /* owns the strings meta points into */
	IngestMeta meta;
} SheetRow;

typedef struct {
	Collection *c;
	const AddOptions *opts;
	AddSummary *sum;
	const char *sheet;      /* the sheet's path, to name a row by its line */
	GPtrArray *sheet_rows;  /* of SheetRow*, in sheet order */
	GHashTable *row_by_key; /* path or base name -> SheetRow* (not owned) */
	GHashTable *seen_dirs;  /* "dev:ino" of folders walked, against symlink loops */
	char *real_root;        /* the collection's real path */
	char *named_root;       /* real path of the file or folder being added */
	GStatBuf sheet_st;      /* the sheet's file, not an image when a walk meets it */
	gboolean sheet_found;
	GError *catalogue_error; /* set when the catalogue failed: the batch stops */
} AddRun;

static void sheet_row_free(SheetRow *row)
{
	g_free(row->file);
	if (row->fields)
		g_ptr_array_unref(row->fields);
	g_free(row);
}

static void say(AddRun *run, gboolean problem, const char *line)
{
	if (run->opts->report)
		run->opts->report(run->opts->report_data, problem, line);
}

static void sayf(AddRun *run, gboolean problem, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static void sayf(AddRun *run, gboolean problem, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *line = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	say(run, problem, line);
}

/* The sheet's row for a file met in a walk: by its path, else its base name. */
static const SheetRow *row_for(AddRun *run, const char *path)
{
	if (!run->row_by_key)
		return NULL;
	g_autofree char *base = g_path_get_basename(path);
	g_autofree char *rel = collection_relpath(run->c, path);
	SheetRow *row = g_hash_table_lookup(run->row_by_key, rel);
	if (!row)
		row = g_hash_table_lookup(run->row_by_key, base);
	if (row)
		row->used = TRUE;
	return row;
}

static void add_one(AddRun *run, const char *path, const IngestMeta *meta)
{
	if (run->catalogue_error)
		return;
	int line = 0;
	if (!meta) {
		const SheetRow *row = row_for(run, path);
		if (row) {
			meta = &row->meta;
			line = row->line;
		}
	}
	IngestOutcome outcome;
	g_autofree char *note = NULL, *warning = NULL;
	if (ingest_file(run->c, path, meta, &outcome, &note, &warning, &run->catalogue_error) != 0)
		return;
	run->sum->counts[outcome]++;
	if (note)
		say(run, outcome == INGEST_FAILED, note);
	if (warning) {
		/* from a sheet, the row that said it, by its line */
		if (line)
			sayf(run, TRUE, "%s:%d: %s", run->sheet, line, warning);
		else
			say(run, TRUE, warning);
		run->sum->warnings++;
	}
}

/* planche's own outputs are not originals, nor is its catalogue. */
static gboolean own_output(AddRun *run, const char *path)
{
	g_autofree char *rel = collection_relpath(run->c, path);
	return strcmp(rel, "masters") == 0 || strcmp(rel, "site") == 0 ||
	       g_str_has_prefix(rel, "masters/") || g_str_has_prefix(rel, "site/");
}

static gboolean own_catalogue(AddRun *run, const char *path)
{
	g_autofree char *rel = collection_relpath(run->c, path);
	return strcmp(rel, "planche.db") == 0 || g_str_has_prefix(rel, "planche.db-");
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

static void walk(AddRun *run, const char *path);

static void walk_link(AddRun *run, const char *path)
{
	g_autofree char *shown = g_filename_display_name(path);
	g_autofree char *real = pl_real_path(path);
	if (!real) {
		sayf(run, TRUE, "%s: skipped: broken symbolic link", shown);
		run->sum->counts[INGEST_FAILED]++;
	} else if (!link_allowed(run, real)) {
		g_autofree char *to = g_filename_display_name(real);
		sayf(run, TRUE, "%s: skipped: a symbolic link to %s, outside the collection "
		     "and the folder added", shown, to);
		run->sum->counts[INGEST_SKIPPED]++;
	} else {
		/* Registered under the path it leads to, which no link can later
		 * redirect. */
		walk(run, real);
	}
}

/* A folder's entries in name order, hidden ones (and our own temporaries)
 * left out; a folder met twice (a link loop) is walked once. */
static void walk_dir(AddRun *run, const char *path, const GStatBuf *st)
{
	if (own_output(run, path))
		return;
	char *key = g_strdup_printf("%lu:%lu", (unsigned long)st->st_dev, (unsigned long)st->st_ino);
	if (!g_hash_table_add(run->seen_dirs, key)) {
		g_autofree char *shown = g_filename_display_name(path);
		sayf(run, TRUE, "%s: skipped: folder already visited (symbolic link loop)", shown);
		return;
	}
	g_autoptr(GError) error = NULL;
	GDir *dir = g_dir_open(path, 0, &error);
	if (!dir) {
		g_autofree char *shown = g_filename_display_name(path);
		sayf(run, TRUE, "%s: cannot read folder: %s", shown, g_strerror(errno));
		run->sum->counts[INGEST_FAILED]++;
		return;
	}
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	const char *name;
	while ((name = g_dir_read_name(dir)))
		if (name[0] != '.')
			g_ptr_array_add(names, g_strdup(name));
	g_dir_close(dir);
	g_ptr_array_sort(names, compare_names);
	for (guint i = 0; i < names->len && !run->catalogue_error; i++) {
		g_autofree char *child = g_build_filename(path, names->pdata[i], NULL);
		if (!own_catalogue(run, child))
			walk(run, child);
	}
}

static void walk(AddRun *run, const char *path)
{
	GStatBuf st;
	if (g_lstat(path, &st) != 0) {
		g_autofree char *shown = g_filename_display_name(path);
		sayf(run, TRUE, "%s: cannot read: %s", shown, g_strerror(errno));
		run->sum->counts[INGEST_FAILED]++;
	} else if (S_ISLNK(st.st_mode)) {
		walk_link(run, path);
	} else if (S_ISREG(st.st_mode)) {
		/* The sheet being read lies in the folder added: it is no image
		 * to report as skipped. */
		if (!(run->sheet_found && st.st_dev == run->sheet_st.st_dev &&
		      st.st_ino == run->sheet_st.st_ino))
			add_one(run, path, NULL);
	} else if (S_ISDIR(st.st_mode)) {
		walk_dir(run, path, &st);
	} else {
		g_autofree char *shown = g_filename_display_name(path);
		sayf(run, TRUE, "%s: skipped: not a regular file", shown);
		run->sum->counts[INGEST_SKIPPED]++;
	}
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

/* Reads the sheet's rows; they are matched to files by path (relative to
 * the sheet, the collection or the current folder) or by base name. The
 * files a row names that exist beside the sheet go into sheet_files. */
static void read_sheet(AddRun *run, const char *sheet_path, GPtrArray *sheet_files)
{
	g_autoptr(SheetReader) sheet = NULL;
	g_autoptr(GError) error = NULL;
	if (sheet_reader_open(sheet_path, &sheet, &error) != 0) {
		say(run, TRUE, error->message);
		run->sum->sheet_problems++;
		return;
	}
	if (sheet->cols.file < 0) {
		sayf(run, TRUE, "%s: no 'file' column in the header row", sheet_path);
		run->sum->sheet_problems++;
		return;
	}
	GPtrArray *fields = NULL;
	int line = 0, rc;
	g_autofree char *problem = NULL;
	while ((rc = sheet_reader_next(sheet, &fields, &line, &problem)) != 0) {
		const char *file = rc > 0 ? sheet_meta_field(fields, sheet->cols.file) : NULL;
		if (rc > 0 && !file) {
			g_clear_pointer(&fields, g_ptr_array_unref);
			problem = sheet_reader_row_message(sheet, line, "no file named in this row");
		}
		if (problem) {
			say(run, TRUE, problem);
			g_clear_pointer(&problem, g_free);
			run->sum->sheet_problems++;
			continue;
		}
		SheetRow *row = g_new0(SheetRow, 1);
		row->line = line;
		row->fields = g_steal_pointer(&fields);
		sheet_meta_from_row(&sheet->cols, row->fields, &row->meta);
		row->file = g_strdup(file);
		g_ptr_array_add(run->sheet_rows, row);
		/* Where the sheet's file is, if it names one that exists. */
		g_autofree char *beside = g_path_is_absolute(file) ? g_strdup(file)
			: g_build_filename(sheet->dir, file, NULL);
		if (g_file_test(beside, G_FILE_TEST_EXISTS)) {
			g_ptr_array_add(sheet_files, g_strdup(beside));
			g_hash_table_insert(run->row_by_key, collection_relpath(run->c, beside), row);
		} else {
			g_hash_table_insert(run->row_by_key, g_path_get_basename(file), row);
		}
	}
}

int add_files(Collection *c, const AddOptions *opts, AddSummary *summary, GError **error)
{
	memset(summary, 0, sizeof *summary);
	AddRun run = {.c = c, .opts = opts, .sum = summary, .sheet = opts->sheet,
		      .real_root = pl_real_path(c->root)};
	g_autoptr(GPtrArray) sheet_files = g_ptr_array_new_with_free_func(g_free);
	run.seen_dirs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	if (opts->sheet) {
		run.sheet_found = g_stat(opts->sheet, &run.sheet_st) == 0;
		run.sheet_rows = g_ptr_array_new_with_free_func((GDestroyNotify)sheet_row_free);
		run.row_by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		read_sheet(&run, opts->sheet, sheet_files);
	}
	if (opts->paths && opts->paths[0]) {
		for (int i = 0; opts->paths[i] && !run.catalogue_error; i++)
			add_named(&run, opts->paths[i], opts->meta);
	} else {
		for (guint i = 0; i < sheet_files->len && !run.catalogue_error; i++)
			add_named(&run, sheet_files->pdata[i], NULL);
	}
	/* Rows no file took: said once the batch went through, unless it
	 * stopped before trying them. */
	for (guint i = 0; run.sheet_rows && i < run.sheet_rows->len && !run.catalogue_error; i++) {
		const SheetRow *row = run.sheet_rows->pdata[i];
		if (!row->used) {
			sayf(&run, TRUE, "%s:%d: no file matches '%s'", opts->sheet, row->line, row->file);
			summary->sheet_problems++;
		}
	}
	int rc = 0;
	if (run.catalogue_error) {
		g_propagate_error(error, run.catalogue_error);
		rc = -1;
	}
	if (run.sheet_rows)
		g_ptr_array_unref(run.sheet_rows);
	if (run.row_by_key)
		g_hash_table_destroy(run.row_by_key);
	g_hash_table_destroy(run.seen_dirs);
	g_free(run.real_root);
	g_free(run.named_root);
	return rc;
}

/* The library side of add and import, without the command layer: what the
 * report callback is told, what the summary counts, what the catalogue
 * holds afterwards. */
#include <glib/gstdio.h>
#include <unistd.h>
#include <vips/vips.h>

#include "collection/add.h"
#include "collection/import.h"
#include "tmpdir-fixture.h"

typedef struct {
	GPtrArray *said;     /* lines, problem FALSE */
	GPtrArray *problems; /* lines, problem TRUE */
} Heard;

static void hear(void *data, gboolean problem, const char *line)
{
	Heard *h = data;
	g_ptr_array_add(problem ? h->problems : h->said, g_strdup(line));
}

static gboolean heard(GPtrArray *lines, const char *part)
{
	for (guint i = 0; i < lines->len; i++)
		if (strstr(lines->pdata[i], part))
			return TRUE;
	return FALSE;
}

static void make_jpeg(const char *path, int w, int h, double grey)
{
	VipsImage *img = NULL, *out = NULL;
	g_assert_cmpint(vips_black(&img, w, h, NULL), ==, 0);
	g_assert_cmpint(vips_linear1(img, &out, 1, grey, "uchar", TRUE, NULL), ==, 0);
	g_autofree char *dir = g_path_get_dirname(path);
	g_assert_cmpint(g_mkdir_with_parents(dir, 0755), ==, 0);
	g_assert_cmpint(vips_jpegsave(out, path, NULL), ==, 0);
	g_object_unref(img);
	g_object_unref(out);
}

static void write_text(const char *path, const char *text)
{
	g_assert_true(g_file_set_contents(path, text, -1, NULL));
}

/* In the fixture's folder, a collection with two scans and a sheet. */
static Collection *open_collection(Fixture *f)
{
	g_assert_cmpint(g_chdir(f->dir), ==, 0);
	g_autoptr(GError) error = NULL;
	Collection *c = NULL;
	g_assert_cmpint(collection_init(".", &error), ==, 0);
	g_assert_cmpint(collection_open(0, &c, &error), ==, 0);
	make_jpeg("scans/a.jpg", 64, 48, 100);
	make_jpeg("scans/sub/b.jpg", 48, 64, 150);
	write_text("scans/notes.txt", "not an image");
	return c;
}

static void test_walk_and_counts(Fixture *f, gconstpointer data)
{
	g_autoptr(Collection) c = open_collection(f);
	Heard h = {g_ptr_array_new_with_free_func(g_free), g_ptr_array_new_with_free_func(g_free)};
	char *paths[] = {"scans", NULL};
	AddOptions opts = {.paths = paths, .report = hear, .report_data = &h};
	AddSummary sum;
	g_autoptr(GError) error = NULL;
	g_assert_cmpint(add_files(c, &opts, &sum, &error), ==, 0);
	g_assert_cmpint(sum.counts[INGEST_ADDED], ==, 2);
	g_assert_cmpint(sum.counts[INGEST_SKIPPED], ==, 1);
	/* Folders in name order: a.jpg, notes.txt, then sub/. */
	g_assert_cmpuint(h.said->len, ==, 3);
	g_assert_true(g_str_has_prefix(h.said->pdata[0], "added     scans/a.jpg"));
	g_assert_true(strstr(h.said->pdata[1], "notes.txt: skipped"));
	g_assert_true(g_str_has_prefix(h.said->pdata[2], "added     scans/sub/b.jpg"));
	g_assert_cmpuint(h.problems->len, ==, 0);

	/* Again: nothing changes, and it says so. */
	g_ptr_array_set_size(h.said, 0);
	g_assert_cmpint(add_files(c, &opts, &sum, &error), ==, 0);
	g_assert_cmpint(sum.counts[INGEST_UNCHANGED], ==, 2);
	g_assert_cmpint(sum.counts[INGEST_ADDED], ==, 0);
	g_assert_true(heard(h.said, "unchanged scans/a.jpg"));
	g_ptr_array_unref(h.said);
	g_ptr_array_unref(h.problems);
}

static void test_sheet_rows(Fixture *f, gconstpointer data)
{
	g_autoptr(Collection) c = open_collection(f);
	write_text("scans/meta.csv",
		   "file,title,date\n"
		   "a.jpg,Plate one,1845\n"
		   ",no file,\n"
		   "gone.jpg,Nowhere,\n"
		   "sub/b.jpg,Plate two,un jour\n"
		   "\"broken\n");
	Heard h = {g_ptr_array_new_with_free_func(g_free), g_ptr_array_new_with_free_func(g_free)};
	AddOptions opts = {.sheet = "scans/meta.csv", .report = hear, .report_data = &h};
	AddSummary sum;
	g_autoptr(GError) error = NULL;
	g_assert_cmpint(add_files(c, &opts, &sum, &error), ==, 0);
	/* The sheet's files only: the two it names that exist. */
	g_assert_cmpint(sum.counts[INGEST_ADDED], ==, 2);
	/* Every row problem named by its line, the same way. */
	g_assert_true(heard(h.problems, "scans/meta.csv:3: no file named in this row"));
	g_assert_true(heard(h.problems, "scans/meta.csv:4: no file matches 'gone.jpg'"));
	g_assert_true(heard(h.problems, "scans/meta.csv:5: scans/sub/b.jpg: date 'un jour'"));
	g_assert_true(heard(h.problems, "scans/meta.csv:6: quoted field never closed"));
	g_assert_cmpint(sum.sheet_problems, ==, 3);
	g_assert_cmpint(sum.warnings, ==, 1);

	gint64 id = 0;
	g_autoptr(CatalogItem) item = NULL;
	g_assert_true(catalog_item_id_by_path(c->cat, "scans/a.jpg", &id));
	g_assert_cmpint(catalog_item_load(c->cat, id, &item, &error), ==, 0);
	g_assert_cmpstr(item->title, ==, "Plate one");
	g_assert_cmpint(item->year_min, ==, 1845);
	g_ptr_array_unref(h.said);
	g_ptr_array_unref(h.problems);
}

static void test_import(Fixture *f, gconstpointer data)
{
	g_autoptr(Collection) c = open_collection(f);
	char *paths[] = {"scans", NULL};
	AddOptions add = {.paths = paths};
	AddSummary added;
	g_autoptr(GError) error = NULL;
	g_assert_cmpint(add_files(c, &add, &added, &error), ==, 0);

	write_text("import.csv", "file,title\nscans/a.jpg,Renamed\nnothere.jpg,X\nscans/sub/b.jpg,\n");
	g_autoptr(SheetReader) sheet = NULL;
	g_assert_cmpint(import_sheet_open("import.csv", &sheet, &error), ==, 0);
	Heard h = {g_ptr_array_new_with_free_func(g_free), g_ptr_array_new_with_free_func(g_free)};
	ImportOptions opts = {.report = hear, .report_data = &h};
	ImportSummary sum;
	g_assert_cmpint(import_sheet(c, sheet, &opts, &sum, &error), ==, 0);
	g_assert_cmpint(sum.updated, ==, 1);
	g_assert_cmpint(sum.unchanged, ==, 1);
	g_assert_cmpint(sum.failed, ==, 1);
	g_assert_true(heard(h.said, "updated scans/a.jpg"));
	g_assert_true(heard(h.problems, "import.csv:3: no image at 'nothere.jpg'"));

	gint64 id = 0;
	g_autoptr(CatalogItem) item = NULL;
	g_assert_true(catalog_item_id_by_path(c->cat, "scans/a.jpg", &id));
	g_assert_cmpint(catalog_item_load(c->cat, id, &item, &error), ==, 0);
	g_assert_cmpstr(item->title, ==, "Renamed");

	/* A sheet with nothing to find images by is refused, naming it. */
	write_text("titles.csv", "title\nX\n");
	g_autoptr(SheetReader) bad = NULL;
	g_assert_cmpint(import_sheet_open("titles.csv", &bad, &error), ==, -1);
	g_assert_nonnull(strstr(error->message, "titles.csv: the header names no 'file'"));
	g_ptr_array_unref(h.said);
	g_ptr_array_unref(h.problems);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	if (VIPS_INIT(argv[0]))
		vips_error_exit(NULL);
	g_test_add("/add/walk-and-counts", Fixture, NULL, tmpdir_setup, test_walk_and_counts,
		   tmpdir_teardown);
	g_test_add("/add/sheet-rows", Fixture, NULL, tmpdir_setup, test_sheet_rows, tmpdir_teardown);
	g_test_add("/add/import", Fixture, NULL, tmpdir_setup, test_import, tmpdir_teardown);
	int rc = g_test_run();
	vips_shutdown();
	return rc;
}

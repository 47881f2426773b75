/* pl_listing_test answers as g_file_test does, from one listing a folder. */
#include <glib/gstdio.h>
#include <unistd.h>

#include "tmpdir-fixture.h"
#include "util/listing.h"

static char *at(Fixture *f, const char *rel)
{
	return g_build_filename(f->dir, rel, NULL);
}

static void test_same_answers_as_g_file_test(Fixture *f, gconstpointer data)
{
	(void)data;
	g_autofree char *file = at(f, "print.jpg");
	g_autofree char *sub = at(f, "media");
	g_autofree char *deep = at(f, "media/12");
	g_assert_true(g_file_set_contents(file, "x", 1, NULL));
	g_assert_cmpint(g_mkdir(sub, 0755), ==, 0);
	g_assert_cmpint(g_mkdir(deep, 0755), ==, 0);
	g_autofree char *to_file = at(f, "link-to-file.jpg");
	g_autofree char *to_dir = at(f, "link-to-dir");
	g_autofree char *dangling = at(f, "dangling.jpg");
	g_assert_cmpint(symlink(file, to_file), ==, 0);
	g_assert_cmpint(symlink(sub, to_dir), ==, 0);
	g_assert_cmpint(symlink("nowhere.jpg", dangling), ==, 0);
	const char *names[] = {"print.jpg", "media", "media/12", "link-to-file.jpg", "link-to-dir",
			       "dangling.jpg", "missing.jpg", "media/13", "no-folder/x.jpg",
			       "print.jpg/x"};
	g_autoptr(PlListing) l = pl_listing_new();
	int regular = 0, dirs = 0;
	for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
		g_autofree char *path = at(f, names[i]);
		GFileTest tests[] = {G_FILE_TEST_IS_REGULAR, G_FILE_TEST_IS_DIR};
		for (int t = 0; t < 2; t++) {
			gboolean want = g_file_test(path, tests[t]);
			g_assert_cmpint(pl_listing_test(l, path, tests[t]), ==, want);
			regular += want && t == 0;
			dirs += want && t == 1;
		}
	}
	/* what the comparison rests on: each kind was there */
	g_assert_cmpint(regular, ==, 2);
	g_assert_cmpint(dirs, ==, 3);
}

/* Read once: a file made after its folder was listed is not seen. */
static void test_folder_read_once(Fixture *f, gconstpointer data)
{
	(void)data;
	g_autofree char *a = at(f, "a.jpg");
	g_autofree char *b = at(f, "b.jpg");
	g_assert_true(g_file_set_contents(a, "x", 1, NULL));
	g_autoptr(PlListing) l = pl_listing_new();
	g_assert_true(pl_listing_test(l, a, G_FILE_TEST_IS_REGULAR));
	g_assert_true(g_file_set_contents(b, "x", 1, NULL));
	g_assert_false(pl_listing_test(l, b, G_FILE_TEST_IS_REGULAR));
	g_autoptr(PlListing) fresh = pl_listing_new();
	g_assert_true(pl_listing_test(fresh, b, G_FILE_TEST_IS_REGULAR));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add("/listing/same-answers-as-g_file_test", Fixture, NULL, tmpdir_setup,
		   test_same_answers_as_g_file_test, tmpdir_teardown);
	g_test_add("/listing/folder-read-once", Fixture, NULL, tmpdir_setup, test_folder_read_once,
		   tmpdir_teardown);
	return g_test_run();
}

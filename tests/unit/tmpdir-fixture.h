/* A temporary folder with a catalogue path in it, made and removed around
 * each GLib test case (g_test_add with tmpdir_setup / tmpdir_teardown). */
#ifndef PLANCHE_TEST_TMPDIR_FIXTURE_H
#define PLANCHE_TEST_TMPDIR_FIXTURE_H

#include <glib.h>
#include <stdlib.h>

typedef struct {
	char *dir;
	char *db; /* dir/planche.db, not made */
} Fixture;

static inline void tmpdir_setup(Fixture *f, gconstpointer data)
{
	(void)data;
	f->dir = g_dir_make_tmp("planche-test-XXXXXX", NULL);
	f->db = g_build_filename(f->dir, "planche.db", NULL);
}

static inline void tmpdir_teardown(Fixture *f, gconstpointer data)
{
	(void)data;
	g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", f->dir);
	g_assert_cmpint(system(cmd), ==, 0);
	g_free(f->dir);
	g_free(f->db);
}

#endif

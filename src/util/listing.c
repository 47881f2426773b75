#include "util/listing.h"

#include <dirent.h>
#include <string.h>

struct PlListing {
	GMutex lock;
	GHashTable *folders; /* folder -> (name -> d_type + 1), or no table when unreadable */
};

static void names_free(gpointer names)
{
	if (names)
		g_hash_table_unref(names);
}

PlListing *pl_listing_new(void)
{
	PlListing *l = g_new0(PlListing, 1);
	g_mutex_init(&l->lock);
	l->folders = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, names_free);
	return l;
}

void pl_listing_free(PlListing *l)
{
	if (!l)
		return;
	g_hash_table_unref(l->folders);
	g_mutex_clear(&l->lock);
	g_free(l);
}

static GHashTable *read_folder(const char *folder)
{
	DIR *d = opendir(folder);
	if (!d)
		return NULL;
	GHashTable *names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	struct dirent *e;
	while ((e = readdir(d)))
		g_hash_table_insert(names, g_strdup(e->d_name), GINT_TO_POINTER((int)e->d_type + 1));
	closedir(d);
	return names;
}

gboolean pl_listing_test(PlListing *l, const char *path, GFileTest test)
{
	const char *slash = strrchr(path, '/');
	if (!slash || !slash[1] || (test != G_FILE_TEST_IS_REGULAR && test != G_FILE_TEST_IS_DIR))
		return g_file_test(path, test);
	g_autofree char *folder = slash == path ? g_strdup("/") : g_strndup(path, (gsize)(slash - path));
	g_mutex_lock(&l->lock);
	gpointer names = NULL;
	if (!g_hash_table_lookup_extended(l->folders, folder, NULL, &names)) {
		names = read_folder(folder);
		g_hash_table_insert(l->folders, g_strdup(folder), names);
	}
	int type = names ? GPOINTER_TO_INT(g_hash_table_lookup(names, slash + 1)) - 1 : DT_UNKNOWN;
	gboolean listed = names != NULL;
	g_mutex_unlock(&l->lock);
	if (listed && type < 0)
		return FALSE;
	if (type == DT_REG)
		return test == G_FILE_TEST_IS_REGULAR;
	if (type == DT_DIR)
		return test == G_FILE_TEST_IS_DIR;
	/* a link (followed, as g_file_test does), or a file system that does
	 * not give the type */
	return g_file_test(path, test);
}

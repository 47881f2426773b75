#include "collection/collection.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "collection/config.h"
#include "util/util.h"

int collection_init(const char *dir, GError **error)
{
	g_autofree char *masters = g_build_filename(dir, "masters", NULL);
	g_autofree char *db = g_build_filename(dir, "planche.db", NULL);
	if (pl_mkdir_p(dir, error) || pl_mkdir_p(masters, error))
		return -1;
	Catalog *cat = NULL;
	if (catalog_open(db, CATALOG_CREATE, &cat, error) != 0)
		return -1;
	catalog_close(cat);
	return pl_config_write_default(dir, error);
}

/* Two writers on one collection would clean the same images twice and
 * interleave their outputs; the second waits for the first. */
static int collection_lock(Collection *c, GError **error)
{
	g_autofree char *path = g_build_filename(c->root, ".planche.lock", NULL);
	c->lock_fd = g_open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (c->lock_fd < 0) {
		g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s: cannot lock the collection: %s", path,
			    g_strerror(errno));
		return -1;
	}
	if (flock(c->lock_fd, LOCK_EX | LOCK_NB) == 0)
		return 0;
	fprintf(stderr, "planche: another planche is working on this collection; waiting for it\n");
	if (flock(c->lock_fd, LOCK_EX) != 0) {
		g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s: cannot lock the collection: %s", path,
			    g_strerror(errno));
		return -1;
	}
	return 0;
}

/* The current folder as the kernel has it: $PWD may lead through a link,
 * and recorded paths are compared with the collection's real path. */
static char *current_dir(void)
{
	char *real = pl_real_path(".");
	return real ? real : g_get_current_dir();
}

int collection_open(int flags, Collection **out, GError **error)
{
	g_autofree char *cwd = current_dir();
	char *dir = g_strdup(cwd);
	for (;;) {
		g_autofree char *db = g_build_filename(dir, "planche.db", NULL);
		if (g_file_test(db, G_FILE_TEST_IS_REGULAR))
			break;
		char *parent = g_path_get_dirname(dir);
		if (strcmp(parent, dir) == 0) {
			g_free(parent);
			g_free(dir);
			g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
				    "%s: not in a planche collection (no planche.db here or above); "
				    "run 'planche init' first", cwd);
			return -1;
		}
		g_free(dir);
		dir = parent;
	}
	Collection *c = g_new0(Collection, 1);
	c->root = dir;
	c->db_path = g_build_filename(dir, "planche.db", NULL);
	c->lock_fd = -1;
	c->decode_limit = -1;
	c->previews_bytes = -1;
	if (!(flags & CATALOG_READONLY) && collection_lock(c, error) != 0) {
		collection_close(c);
		return -1;
	}
	if (catalog_open(c->db_path, flags & ~CATALOG_CREATE, &c->cat, error) != 0) {
		collection_close(c);
		return -1;
	}
	*out = c;
	return 0;
}

int collection_open_or_init(Collection **out, gboolean *made, GError **error)
{
	g_autoptr(GError) open_error = NULL;
	*made = FALSE;
	if (collection_open(0, out, &open_error) == 0)
		return 0;
	/* Only where there is no collection: a damaged or locked one above
	 * must not get a second one made inside it. */
	if (!g_error_matches(open_error, PL_ERROR, PL_ERROR_INPUT)) {
		g_propagate_error(error, g_steal_pointer(&open_error));
		return -1;
	}
	if (collection_init(".", error) != 0 || collection_open(0, out, error) != 0)
		return -1;
	*made = TRUE;
	return 0;
}

void collection_close(Collection *c)
{
	if (!c)
		return;
	catalog_close(c->cat);
	if (c->lock_fd >= 0)
		close(c->lock_fd); /* releases the lock */
	g_free(c->root);
	g_free(c->db_path);
	g_free(c->notice);
	g_free(c);
}

/* Resolves "." and ".." lexically, so that recorded paths are stable. */
static char *normalise(const char *path)
{
	g_autofree char *cwd = current_dir();
	g_autofree char *abs = g_path_is_absolute(path) ? g_strdup(path)
		: g_build_filename(cwd, path, NULL);
	g_auto(GStrv) parts = g_strsplit(abs, "/", -1);
	GPtrArray *kept = g_ptr_array_new();
	for (int i = 0; parts[i]; i++) {
		if (!*parts[i] || strcmp(parts[i], ".") == 0)
			continue;
		if (strcmp(parts[i], "..") == 0) {
			if (kept->len)
				g_ptr_array_remove_index(kept, kept->len - 1);
			continue;
		}
		g_ptr_array_add(kept, parts[i]);
	}
	g_ptr_array_add(kept, NULL);
	g_autofree char *joined = g_strjoinv("/", (char **)kept->pdata);
	g_ptr_array_free(kept, TRUE);
	return g_strconcat("/", joined, NULL);
}

char *collection_relpath(const Collection *c, const char *path)
{
	g_autofree char *abs = normalise(path);
	size_t n = strlen(c->root);
	if (strncmp(abs, c->root, n) == 0 && abs[n] == '/')
		return g_strdup(abs + n + 1);
	return g_steal_pointer(&abs);
}

char *collection_abspath(const Collection *c, const char *recorded)
{
	if (g_path_is_absolute(recorded))
		return g_strdup(recorded);
	return g_build_filename(c->root, recorded, NULL);
}

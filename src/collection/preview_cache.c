#include "collection/preview_cache.h"

#include <glib/gstdio.h>
#include <sys/statvfs.h>

#include "pipeline/preview.h"
#include "util/util.h"

/* ~250 previews of 4 MB: the batches hobbyists add at once. */
#define CACHE_MAX_BYTES (1024LL * 1024 * 1024)
/* What a preview must leave free on its disk: it only spares clean a
 * decoding, and the disk is the user's. */
#define DISK_RESERVE (256LL * 1024 * 1024)

static char *cache_dir(const Collection *c)
{
	return g_build_filename(c->root, ".previews", NULL);
}

char *preview_cache_path(const Collection *c, const char *sha256)
{
	g_autofree char *dir = cache_dir(c);
	return g_build_filename(dir, sha256, NULL);
}

/* Only the previews' own names are ever counted or removed: SHA-256s. */
static gboolean ours(const char *name)
{
	size_t i = 0;
	while (g_ascii_isxdigit(name[i]) && !g_ascii_isupper(name[i]))
		i++;
	return i == 64 && name[i] == '\0';
}

/* The cache's size, counted once a command and kept up to date after: a
 * listing for every file added made add slower as the cache grew (0.6 s a
 * file with 100,000 previews). */
static gint64 cache_bytes(Collection *c, const char *dir)
{
	if (c->previews_bytes >= 0)
		return c->previews_bytes;
	/* Writers hold the collection's lock: a temporary file here is what a
	 * killed one left. */
	pl_remove_stale_tmp(dir);
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	const char *name;
	gint64 sum = 0;
	while (d && (name = g_dir_read_name(d))) {
		g_autofree char *path = g_build_filename(dir, name, NULL);
		GStatBuf st;
		if (ours(name) && g_stat(path, &st) == 0)
			sum += st.st_size;
	}
	c->previews_bytes = sum;
	return sum;
}

static gint64 disk_free(const char *path)
{
	struct statvfs st;
	if (statvfs(path, &st) != 0)
		return G_MAXINT64; /* unknown: the write itself will tell */
	return (gint64)st.f_bavail * (gint64)st.f_frsize;
}

PreviewCacheOutcome preview_cache_put(Collection *c, const char *sha256, VipsImage *preview,
				      gint64 *free_bytes)
{
	g_autofree char *dir = cache_dir(c);
	gint64 size = (gint64)VIPS_IMAGE_SIZEOF_IMAGE(preview);
	if (!sha256 || c->previews_off)
		return PREVIEW_NOT_KEPT;
	if (cache_bytes(c, dir) + size > CACHE_MAX_BYTES)
		return PREVIEW_NOT_KEPT;
	gint64 left = disk_free(g_file_test(dir, G_FILE_TEST_IS_DIR) ? dir : c->root);
	if (left - size < DISK_RESERVE) {
		c->previews_off = TRUE;
		if (free_bytes)
			*free_bytes = left;
		return PREVIEW_DISK_NEARLY_FULL;
	}
	if (pl_mkdir_p(dir, NULL) != 0)
		return PREVIEW_NOT_KEPT;
	g_autofree char *path = preview_cache_path(c, sha256);
	g_autoptr(GError) error = NULL;
	GStatBuf st;
	if (pl_preview_save(preview, path, &error) != 0) {
		g_debug("preview not kept: %s", error->message);
		return PREVIEW_NOT_KEPT;
	}
	if (g_stat(path, &st) == 0)
		c->previews_bytes += st.st_size;
	return PREVIEW_KEPT;
}

void preview_cache_drop(Collection *c, const char *sha256)
{
	if (!sha256)
		return;
	g_autofree char *path = preview_cache_path(c, sha256);
	GStatBuf st;
	if (g_stat(path, &st) == 0 && g_unlink(path) == 0 && c->previews_bytes >= 0)
		c->previews_bytes = MAX(0, c->previews_bytes - st.st_size);
}

void preview_cache_prune(Collection *c)
{
	g_autofree char *dir = cache_dir(c);
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	const char *name;
	while (d && (name = g_dir_read_name(d))) {
		gint64 id;
		if (ours(name) && !catalog_item_id_by_sha(c->cat, name, &id)) {
			g_autofree char *path = g_build_filename(dir, name, NULL);
			g_unlink(path);
		}
	}
	g_rmdir(dir); /* only goes when empty: no clutter once every image is cleaned */
	c->previews_bytes = -1; /* counted again if needed */
}

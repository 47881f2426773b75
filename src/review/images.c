/* Downscaled JPEGs of originals and masters for the review pages, made on
 * the fly with shrink-on-load and kept in memory (never written into site/).
 * A file's size and mtime are in the key, so a new master is a new entry. */
#include <glib/gstdio.h>
#include <vips/vips.h>

#include "review/review.h"
#include "util/util.h"

/* Views of 1200 px at Q 85 weigh some 200 KB: a few hundred of them, a
 * batch's worth for one archivist going back and forth. */
#define CACHE_BYTES (64 * 1024 * 1024)
/* The usual web quality: no artefacts a reviewer would take for the
 * cleaning's. */
#define VIEW_QUALITY 85

struct ReviewImages {
	GHashTable *cache; /* key -> GBytes */
	gsize bytes;
};

ReviewImages *review_images_new(void)
{
	ReviewImages *ri = g_new0(ReviewImages, 1);
	ri->cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					  (GDestroyNotify)g_bytes_unref);
	return ri;
}

void review_images_free(ReviewImages *ri)
{
	if (!ri)
		return;
	g_hash_table_destroy(ri->cache);
	g_free(ri);
}

GBytes *review_images_get(ReviewImages *ri, const char *path, int size, GError **error)
{
	GStatBuf st;
	VipsImage *thumb = NULL;
	void *buf = NULL;
	size_t len = 0;
	if (g_stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
		g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s: no such file", path);
		return NULL;
	}
	g_autofree char *key = g_strdup_printf("%s\n%lld\n%lld\n%d", path, (long long)st.st_size,
					       (long long)st.st_mtime, size);
	GBytes *hit = g_hash_table_lookup(ri->cache, key);
	if (hit)
		return g_bytes_ref(hit);
	/* no_rotate: the boxes are drawn in the file's stored pixels. */
	if (vips_thumbnail(path, &thumb, size, "height", size, "no_rotate", TRUE, "size",
			   VIPS_SIZE_DOWN, NULL) ||
	    vips_jpegsave_buffer(thumb, &buf, &len, "Q", VIEW_QUALITY, "strip", TRUE, NULL)) {
		g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s: %s", path, vips_error_buffer());
		vips_error_clear();
		VIPS_UNREF(thumb);
		return NULL;
	}
	VIPS_UNREF(thumb);
	GBytes *bytes = g_bytes_new_with_free_func(buf, len, (GDestroyNotify)g_free, buf);
	if (ri->bytes + len > CACHE_BYTES) {
		/* Simple and enough for one archivist: start afresh. */
		g_hash_table_remove_all(ri->cache);
		ri->bytes = 0;
	}
	g_hash_table_insert(ri->cache, g_steal_pointer(&key), g_bytes_ref(bytes));
	ri->bytes += len;
	return bytes;
}

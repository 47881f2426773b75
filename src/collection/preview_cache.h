/* Previews that `add` decodes anyway (to prove a file whole) and keeps for
 * the first `clean`, in ROOT/.previews/SHA256: each spares clean a second
 * decoding of its original. A cache, bounded in size and by the disk's free
 * space: past either add keeps none and clean decodes as before; clean
 * removes each once used. */
#ifndef PLANCHE_PREVIEW_CACHE_H
#define PLANCHE_PREVIEW_CACHE_H

#include <vips/vips.h>

#include "collection/collection.h"

/* Where the preview of an original with this SHA-256 is kept. */
char *preview_cache_path(const Collection *c, const char *sha256);
typedef enum {
	PREVIEW_KEPT,
	PREVIEW_NOT_KEPT,         /* the cache is full, or the write failed: only speed is lost */
	PREVIEW_DISK_NEARLY_FULL, /* the disk would be left with less than 256 MB: none
				   * more is kept by this command (*free_bytes: what is free) */
} PreviewCacheOutcome;

/* Keeps a preview, if the cache and the disk have room. The cache's size is
 * counted once a command (the first call lists the folder), then kept up to
 * date: each file costs the same however many previews there are. */
PreviewCacheOutcome preview_cache_put(Collection *c, const char *sha256, VipsImage *preview,
				      gint64 *free_bytes);
void preview_cache_drop(Collection *c, const char *sha256);
/* Removes the previews of originals the catalogue no longer has. */
void preview_cache_prune(Collection *c);

#endif

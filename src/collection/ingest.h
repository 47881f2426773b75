/* Registering originals: checksums, format and size, EXIF, provenance. */
#ifndef PLANCHE_INGEST_H
#define PLANCHE_INGEST_H

#include "collection/collection.h"

/* Metadata given for a file on the command line or in a sheet; NULL or ""
 * fields are left as they are. */
typedef struct {
	const char *identifier; /* an ARK, URL or archive id */
	const char *title, *creator, *date, *description, *publisher, *institution;
	const char *credit, *rights, *notes;
	const char *tags; /* comma- or semicolon-separated */
	const char *pipeline;
	const char *document; /* the name of the book or set the image is a view of */
} IngestMeta;

typedef enum {
	INGEST_ADDED,
	INGEST_UNCHANGED,
	INGEST_UPDATED, /* same path, new content, or new metadata */
	INGEST_MOVED,   /* known content at a new path */
	INGEST_DUPLICATE,
	INGEST_FAILED,  /* recorded as failed */
	INGEST_SKIPPED, /* not an image format planche registers */
} IngestOutcome;

/* TRUE for the file name endings planche registers. */
gboolean ingest_is_image_name(const char *path);

/* Registers one file in its own transaction. Returns 0 with *outcome, a
 * one-line *note for the user and maybe a one-line *warning (a bad identifier
 * or date; both newly allocated), or -1 when the catalogue itself failed.
 * Problems with the file are outcomes, not errors. */
int ingest_file(Collection *c, const char *path, const IngestMeta *meta,
		IngestOutcome *outcome, char **note, char **warning, GError **error);

/* Applies meta to an item in memory (identifier, credit and rights defaults,
 * date range). Returns -1 with a message for a bad identifier, date or rights
 * statement; the other fields are still applied. */
int ingest_apply_meta(CatalogItem *item, const IngestMeta *meta, GError **error);

/* Sets the identifier found in the item's path if it has none. */
int ingest_identify_from_path(CatalogItem *item, GError **error);

/* Pixels above which an image is refused before decoding (PLANCHE_MAX_PIXELS). */
gint64 ingest_max_pixels(void);

#endif

/* The archives planche reads records and images from: Gallica (OAIRecord,
 * IIIF), the Internet Archive (metadata API, downloads) and Wikimedia
 * Commons (api.php imageinfo). Each function makes its requests through
 * PlHttp and parses the answers with records.h. */
#ifndef PLANCHE_ARCHIVES_H
#define PLANCHE_ARCHIVES_H

#include "archives/http.h"
#include "archives/records.h"
#include "provenance/identifier.h"

/* The hosts fetch and get may ask, for --help. */
#define PL_ARCHIVE_HOSTS "gallica.bnf.fr, archive.org (and its download servers), " \
	"commons.wikimedia.org and upload.wikimedia.org"

/* A record as read from its archive. */
typedef struct {
	char *archive;      /* gallica, internet-archive, wikimedia-commons */
	char *identifier;   /* the document's identifier, without a view */
	char *url;          /* the archive's address of the record */
	char *content_type;
	char *retrieved_at; /* ISO 8601 UTC */
	GBytes *body;       /* as served */
	PlRecord *record;
} PlFetched;

void pl_fetched_free(PlFetched *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PlFetched, pl_fetched_free)

/* The record's URL for an identifier (Gallica's OAIRecord, archive.org's
 * metadata, Commons' imageinfo), newly allocated; NULL with a message when
 * the archive has no record service planche knows. */
char *pl_archive_record_url(const PlIdentifier *id, GError **error);

/* GETs and parses the record of id's document. Messages are one line,
 * naming the identifier and the problem (no such ARK, not XML, …). */
int pl_archive_fetch_record(PlHttp *h, const PlIdentifier *id, PlFetched **out, GError **error);

/* The images `get` downloads for id: the one view it names, or every view
 * of the document between first and last (0: no bound), as PlRemoteImage*. */
int pl_archive_list_images(PlHttp *h, const PlIdentifier *id, int first, int last,
			   GPtrArray **images, GError **error);

#endif

/* The records archives publish for an item, read into one plain struct:
 * Gallica's OAIRecord (oai_dc) and IIIF manifests, IIIF info.json, the
 * Internet Archive's metadata JSON and Wikimedia Commons' imageinfo.
 * Pure functions on strings: no network, no catalogue. */
#ifndef PLANCHE_ARCHIVES_RECORDS_H
#define PLANCHE_ARCHIVES_RECORDS_H

#include <glib.h>

typedef struct {
	char *title;
	GPtrArray *creators; /* of char*, as written */
	char *date;          /* as written */
	char *publisher, *description, *type, *language;
	char *rights;        /* a URI when the record gives one, else its words */
	char *credit;        /* the credit line the archive asks for */
	char *institution;   /* holding institution */
	char *shelfmark;
	GPtrArray *subjects; /* of char* */
	int views;           /* number of views (pages, images); 0 when not said */
} PlRecord;

PlRecord *pl_record_new(void);
void pl_record_free(PlRecord *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PlRecord, pl_record_free)
/* The fields as a JSON object (for the catalogue and show). */
char *pl_record_to_json(const PlRecord *r);

/* One image an archive offers for download. */
typedef struct {
	char *view;      /* "12" (Gallica f12), "3" (the item's 3rd image file), or NULL */
	char *url;       /* the full-resolution image */
	char *service;   /* IIIF image service, when there is one */
	char *name;      /* the archive's file name, when it has one */
	char *mime;      /* expected type, or NULL */
	char *sha1;      /* hex, when the archive says */
	gint64 size;     /* bytes, 0 when not said */
	int width, height;
} PlRemoteImage;

void pl_remote_image_free(PlRemoteImage *img);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PlRemoteImage, pl_remote_image_free)

/* Gallica's OAIRecord answer (<results><notice><record>…<oai_dc:dc>).
 * Returns 0 with *out, or -1 with a one-line message (not XML, no record). */
int pl_gallica_oai_parse(const char *body, gsize len, PlRecord **out, GError **error);

/* A IIIF Presentation 2 or 3 manifest: its metadata as a record, and its
 * canvases' images (views numbered from the canvas names "fN", else in order)
 * as PlRemoteImage* in *images, their URLs the largest the service offers. */
int pl_iiif_manifest_parse(const char *body, gsize len, PlRecord **out, GPtrArray **images,
			   GError **error);

/* A IIIF image service's info.json: the URL of the whole image at the
 * largest size it serves, and its size. */
int pl_iiif_info_parse(const char *body, gsize len, const char *service, PlRemoteImage **out,
		       GError **error);
/* The full-size URL of a IIIF image service of API version 1, 2 or 3. */
char *pl_iiif_full_url(const char *service, int version);

/* archive.org/metadata/ID: the record and the item's original image files
 * (PlRemoteImage*, in name order, views numbered from 1). An empty answer ({})
 * is the archive's "no such item". */
int pl_ia_metadata_parse(const char *body, gsize len, const char *identifier, PlRecord **out,
			 GPtrArray **images, GError **error);

/* Commons' api.php?action=query&prop=imageinfo&iiprop=url|size|mime|sha1|extmetadata
 * answer (formatversion 1 or 2): the record and the original file. */
int pl_commons_parse(const char *body, gsize len, PlRecord **out, PlRemoteImage **image,
		     GError **error);

/* Text of an HTML fragment (Commons' extmetadata, archive.org descriptions):
 * tags dropped, entities decoded, white space collapsed. NULL for none. */
char *pl_html_to_text(const char *html);

#endif

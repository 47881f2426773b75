/* Archive identifiers: Gallica ARKs (with NOID check character and view),
 * Internet Archive identifiers, Wikimedia Commons files. Pure functions. */
#ifndef PLANCHE_IDENTIFIER_H
#define PLANCHE_IDENTIFIER_H

#include <glib.h>

typedef struct {
	char *scheme;    /* "ark", "internet-archive", "wikimedia-commons", another
	                  * archive's ("dta", "sbb", …) or "url" for any other URL */
	char *authority; /* "12148", "archive.org", "commons.wikimedia.org" */
	char *local_id;  /* "btv1b8451605w", "cu31924013351766", "Daumier_-_Les_Gens.jpg" */
	char *view;      /* "12" (Gallica f12, IA page n12), or NULL */
	char *url;       /* canonical URL of the view, e.g. https://gallica.bnf.fr/ark:/12148/ID/f12.item */
	char *value;     /* canonical form without view: "ark:/12148/btv1b8451605w" */
	char *source;    /* "gallica", "internet-archive", "wikimedia-commons", another
	                  * archive's ("deutsches-textarchiv", …) or an unknown URL's host */
} PlIdentifier;

PlIdentifier *pl_identifier_new(void);
void pl_identifier_free(PlIdentifier *id);
PlIdentifier *pl_identifier_copy(const PlIdentifier *id);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PlIdentifier, pl_identifier_free)

/* NOID check character of a bare ARK name without its check character
 * ("bpt6k205233" -> 'j'); 0 if name holds a character outside the alphabet. */
char pl_noid_check_char(const char *name, gssize len);
/* TRUE if the last character of name is the right NOID check character. */
gboolean pl_noid_valid(const char *name);

/* Parses one identifier as a person would write it: a full ARK
 * ("ark:/12148/btv1b8451605w/f12"), a bare Gallica name with an optional view
 * ("btv1b8451605w_f12"), any Gallica URL (.item, .highres, .thumbnail, .texteImage,
 * IIIF image URLs), an Internet Archive identifier or URL ("ia:ID",
 * https://archive.org/details/ID/page/n12), a Wikimedia Commons file URL or
 * "File:Name.jpg", or any other http(s) URL: kept as written, named after its
 * archive when planche knows it (Deutsches Textarchiv, Europeana, …) with
 * the archive's own identifier read where its URLs are understood. Returns 0 with *out set, or -1 with a one-line message
 * (e.g. a wrong check character, naming the ARK). */
int pl_identifier_parse(const char *text, PlIdentifier **out, GError **error);

/* Looks for a Gallica ARK name (bpt6k…, btv1b…, bd6t…) or an ARK in a file
 * name or path, with a view suffix (_f12, -f12, .f12, /f12).
 * Returns 1 with *out set, 0 when there is none, -1 with a message when one
 * is there but its check character is wrong. */
int pl_identifier_from_path(const char *path, PlIdentifier **out, GError **error);

/* The name of the archive a source key stands for ("gallica" -> "Gallica",
 * "deutsches-textarchiv" -> "Deutsches Textarchiv"); the key itself (a host)
 * for an archive planche does not know; NULL for none or "other". */
const char *pl_source_label(const char *source);

/* What a link to the identifier says: the ARK or archive id for Gallica,
 * the Internet Archive and Commons, "Archive: id" for other archives, the
 * archive's name or host for a bare URL. Newly allocated. */
char *pl_identifier_label(const PlIdentifier *id);

#endif

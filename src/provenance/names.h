/* Names of people as archivists write them. Pure functions. */
#ifndef PLANCHE_NAMES_H
#define PLANCHE_NAMES_H

#include <glib.h>

/* The creators in "Mark Twain; E. W. Kemble (ill.)": split on ';' (a comma
 * stays, as in "Daumier, Honoré"), each trimmed, empty ones dropped. The
 * catalogue keeps the text as written; pages, manifests and Dublin Core list
 * the parts. Returns a NULL-terminated array, empty for NULL or blank text. */
GStrv pl_creators_split(const char *text);

#endif

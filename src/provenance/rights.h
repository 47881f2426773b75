/* Rights statements as URIs: the Public Domain Mark, RightsStatements.org and
 * Creative Commons. Pure functions. */
#ifndef PLANCHE_RIGHTS_H
#define PLANCHE_RIGHTS_H

#include <glib.h>

#define PL_RIGHTS_PDM "http://creativecommons.org/publicdomain/mark/1.0/"
#define PL_RIGHTS_CC0 "http://creativecommons.org/publicdomain/zero/1.0/"
#define PL_GALLICA_CREDIT "Source gallica.bnf.fr / Bibliothèque nationale de France"

/* Normalises what a person wrote ("public domain", "PDM", "CC BY 4.0",
 * "CC0", "InC", a RightsStatements.org or Creative Commons URI) to the
 * canonical URI. Returns a new string, or NULL with a message when the text
 * is neither a known statement nor such a URI. */
char *pl_rights_normalise(const char *text, GError **error);
/* A short human label for a canonical URI ("Public Domain Mark 1.0",
 * "CC BY-SA 4.0", "In Copyright"); NULL if unknown. The string is static. */
const char *pl_rights_label(const char *uri);

#endif

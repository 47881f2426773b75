/* The gallery's interface text in English and French, through gettext with
 * the domain "planche-gallery" (catalogues compiled by CMake from
 * src/gallery/po/). The language is the collection's, not the user's locale. */
#ifndef PLANCHE_GALLERY_I18N_H
#define PLANCHE_GALLERY_I18N_H

#include <glib.h>

#define GAL_DOMAIN "planche-gallery"

/* Selects "en" or "fr" (anything else is English). Returns the code used. */
const char *gal_i18n_set(const char *lang);
const char *gal_tr(const char *msgid);
const char *gal_ntr(const char *msgid, const char *plural, unsigned long n);

#define _(s) gal_tr(s)
#define N_(s) (s)

#endif

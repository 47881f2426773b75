#include "gallery/i18n.h"

#include <libintl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#ifndef PLANCHE_LOCALEDIR
#define PLANCHE_LOCALEDIR "/usr/share/locale"
#endif
#ifndef PLANCHE_INSTALLED_LOCALEDIR
#define PLANCHE_INSTALLED_LOCALEDIR "/usr/share/locale"
#endif

/* The build tree's catalogues while developing, the installed ones after
 * 'cmake --install'. */
static const char *locale_dir(void)
{
	g_autofree char *mo = g_build_filename(PLANCHE_LOCALEDIR, "fr", "LC_MESSAGES",
					       GAL_DOMAIN ".mo", NULL);
	return g_file_test(mo, G_FILE_TEST_IS_REGULAR) ? PLANCHE_LOCALEDIR
						       : PLANCHE_INSTALLED_LOCALEDIR;
}

static gboolean bound;

const char *gal_i18n_set(const char *lang)
{
	const char *code = g_strcmp0(lang, "fr") == 0 ? "fr" : "en";
	if (!bound) {
		bindtextdomain(GAL_DOMAIN, locale_dir());
		bind_textdomain_codeset(GAL_DOMAIN, "UTF-8");
		bound = TRUE;
	}
	/* gettext picks the catalogue from LANGUAGE, which it ignores under the
	 * "C" locale: switch messages to C.UTF-8 then, and reset LC_MESSAGES so
	 * that gettext drops what it had cached for the previous language. */
	/* Plain setenv: g_setenv warns once libvips has started its threads. */
	setenv("LANGUAGE", code, 1);
	const char *cur = setlocale(LC_MESSAGES, NULL);
	if (!cur || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0) {
		if (!setlocale(LC_MESSAGES, "C.UTF-8"))
			setlocale(LC_MESSAGES, "C.utf8");
	} else {
		g_autofree char *keep = g_strdup(cur);
		setlocale(LC_MESSAGES, keep);
	}
	return code;
}

const char *gal_tr(const char *msgid)
{
	return dgettext(GAL_DOMAIN, msgid);
}

const char *gal_ntr(const char *msgid, const char *plural, unsigned long n)
{
	return dngettext(GAL_DOMAIN, msgid, plural, n);
}

/* Rights statements: what people write, the URI planche records, the label
 * the gallery shows. */
#include <glib.h>
#include <string.h>

#include "provenance/rights.h"

#define RS "http://rightsstatements.org/vocab/"
#define CC "https://creativecommons.org/licenses/"

static const struct {
	const char *text, *uri, *label;
} cases[] = {
	{ "public domain", PL_RIGHTS_PDM, "Public Domain Mark 1.0" },
	{ "Public Domain", PL_RIGHTS_PDM, "Public Domain Mark 1.0" },
	{ "domaine public", PL_RIGHTS_PDM, "Public Domain Mark 1.0" },
	{ "Domaine Public ", PL_RIGHTS_PDM, "Public Domain Mark 1.0" },
	{ "PDM", PL_RIGHTS_PDM, "Public Domain Mark 1.0" },
	{ "pd", PL_RIGHTS_PDM, "Public Domain Mark 1.0" },
	{ "Public Domain Mark 1.0", PL_RIGHTS_PDM, "Public Domain Mark 1.0" },
	{ "http://creativecommons.org/publicdomain/mark/1.0/", PL_RIGHTS_PDM, "Public Domain Mark 1.0" },
	{ "https://creativecommons.org/publicdomain/mark/1.0", PL_RIGHTS_PDM, "Public Domain Mark 1.0" },
	{ "https://creativecommons.org/publicdomain/mark/1.0/deed.fr", PL_RIGHTS_PDM,
	  "Public Domain Mark 1.0" },
	{ "CC0", PL_RIGHTS_CC0, "CC0 1.0 Universal" },
	{ "cc0 1.0", PL_RIGHTS_CC0, "CC0 1.0 Universal" },
	{ "CC0 1.0 Universal", PL_RIGHTS_CC0, "CC0 1.0 Universal" },
	{ "https://creativecommons.org/publicdomain/zero/1.0/", PL_RIGHTS_CC0, "CC0 1.0 Universal" },
	{ "CC BY 4.0", CC "by/4.0/", "CC BY 4.0" },
	{ "CC-BY-4.0", CC "by/4.0/", "CC BY 4.0" },
	{ "cc by 4", CC "by/4.0/", "CC BY 4.0" },
	{ "CC BY-SA 3.0", CC "by-sa/3.0/", "CC BY-SA 3.0" },
	{ "CC BY-SA 4.0 International", CC "by-sa/4.0/", "CC BY-SA 4.0" },
	{ "CC BY-SA-NC 4.0", CC "by-nc-sa/4.0/", "CC BY-NC-SA 4.0" },
	{ "CC BY-NC-ND 2.0 FR", CC "by-nc-nd/2.0/fr/", "CC BY-NC-ND 2.0 FR" },
	{ "CC BY-ND-NC 1.0", CC "by-nd-nc/1.0/", "CC BY-ND-NC 1.0" },
	{ "Creative Commons Attribution-ShareAlike 4.0 International", CC "by-sa/4.0/",
	  "CC BY-SA 4.0" },
	{ "Creative Commons Attribution - Pas d'Utilisation Commerciale", NULL, NULL },
	{ "Creative Commons Attribution-NonCommercial 2.5", CC "by-nc/2.5/", "CC BY-NC 2.5" },
	{ "http://creativecommons.org/licenses/by-sa/3.0/", CC "by-sa/3.0/", "CC BY-SA 3.0" },
	{ "https://creativecommons.org/licenses/by-sa/3.0", CC "by-sa/3.0/", "CC BY-SA 3.0" },
	{ "https://creativecommons.org/licenses/by/4.0/deed.fr", CC "by/4.0/", "CC BY 4.0" },
	{ "https://creativecommons.org/licenses/by/4.0/legalcode", CC "by/4.0/", "CC BY 4.0" },
	{ "https://www.creativecommons.org/licenses/by-nc-sa/3.0/fr/", CC "by-nc-sa/3.0/fr/",
	  "CC BY-NC-SA 3.0 FR" },
	{ "InC", RS "InC/1.0/", "In Copyright" },
	{ "inc", RS "InC/1.0/", "In Copyright" },
	{ "NoC-US", RS "NoC-US/1.0/", "No Copyright - United States" },
	{ "noc us", RS "NoC-US/1.0/", "No Copyright - United States" },
	{ "CNE", RS "CNE/1.0/", "Copyright Not Evaluated" },
	{ "UND", RS "UND/1.0/", "Copyright Undetermined" },
	{ "NKC", RS "NKC/1.0/", "No Known Copyright" },
	{ "InC-OW-EU", RS "InC-OW-EU/1.0/", "In Copyright - EU Orphan Work" },
	{ "No Copyright - Contractual Restrictions", RS "NoC-CR/1.0/",
	  "No Copyright - Contractual Restrictions" },
	{ "Tous droits réservés", RS "InC/1.0/", "In Copyright" },
	{ "http://rightsstatements.org/vocab/InC/1.0/", RS "InC/1.0/", "In Copyright" },
	{ "https://rightsstatements.org/vocab/InC/1.0", RS "InC/1.0/", "In Copyright" },
	{ "https://rightsstatements.org/page/NoC-NC/1.0/?language=fr", RS "NoC-NC/1.0/",
	  "No Copyright - Non-Commercial Use Only" },
	{ "http://rightsstatements.org/vocab/inc-edu/1.0/", RS "InC-EDU/1.0/",
	  "In Copyright - Educational Use Permitted" },
};

static void
test_normalise_table(void)
{
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GError) error = NULL;
		g_autofree char *uri = pl_rights_normalise(cases[i].text, &error);

		g_test_message("%s", cases[i].text);
		g_assert_cmpstr(uri, ==, cases[i].uri);
		if (!cases[i].uri) {
			g_assert_nonnull(error);
			continue;
		}
		g_assert_no_error(error);
		g_assert_cmpstr(pl_rights_label(uri), ==, cases[i].label);
		/* canonical URIs are fixed points */
		{
			g_autofree char *again = pl_rights_normalise(uri, NULL);
			g_assert_cmpstr(again, ==, uri);
		}
	}
}

static void
test_refused(void)
{
	static const char *const texts[] = {
		"",
		"  ",
		"libre",
		"CC BY",                    /* which version? */
		"CC BY-SA-ND 4.0",          /* share-alike and no-derivatives exclude each other */
		"CC SA 4.0",                /* no attribution: not a licence */
		"CC BY 5.0",
		"CC BY 4.0 FR",             /* 4.0 has no national versions */
		"CC BY 4.0 and more",
		"https://creativecommons.org/licenses/by-zz/4.0/",
		"https://creativecommons.org/licenses/by/",
		"https://creativecommons.org/publicdomain/zero/2.0/",
		"http://rightsstatements.org/vocab/InC/2.0/",
		"http://rightsstatements.org/vocab/Free/1.0/",
		"https://example.org/licence",
		"\xff",
	};

	for (gsize i = 0; i < G_N_ELEMENTS(texts); i++) {
		g_autoptr(GError) error = NULL;
		char *uri = pl_rights_normalise(texts[i], &error);
		g_test_message("%s", texts[i]);
		g_assert_null(uri);
		g_assert_nonnull(error);
		g_assert_null(strchr(error->message, '\n'));
	}
	g_assert_null(pl_rights_normalise(NULL, NULL));
}

static void
test_version_asked(void)
{
	g_autoptr(GError) error = NULL;

	g_assert_null(pl_rights_normalise("CC BY-SA", &error));
	g_assert_nonnull(strstr(error->message, "version"));
}

static void
test_labels_unknown(void)
{
	g_assert_null(pl_rights_label(NULL));
	g_assert_null(pl_rights_label("public domain")); /* not a URI */
	g_assert_null(pl_rights_label("https://example.org/"));
	/* labels made on demand stay valid */
	g_assert_true(pl_rights_label(CC "by/4.0/") == pl_rights_label(CC "by/4.0/"));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/rights/normalise", test_normalise_table);
	g_test_add_func("/rights/refused", test_refused);
	g_test_add_func("/rights/version-asked", test_version_asked);
	g_test_add_func("/rights/labels-unknown", test_labels_unknown);
	return g_test_run();
}

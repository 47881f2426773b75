/* Identifiers as people paste them: ARKs, Gallica URLs, file names,
 * archive.org and Wikimedia Commons. */
#include <glib.h>
#include <string.h>

#include "provenance/identifier.h"

static const char *const real_arks[] = {
	"btv1b10051649h", "btv1b10052718j", "btv1b10053491x", "btv1b6903556w", "btv1b6907406w",
	"btv1b8456072s",  "btv1b8457300n",  "btv1b8528950b",  "btv1b8451605w", "bpt6k205233j",
	/* catalogue records, one with a digit for check character */
	"cb11935154w",    "cb13898247z",    "cb149106333",
};

static void
test_noid_real_arks(void)
{
	for (gsize i = 0; i < G_N_ELEMENTS(real_arks); i++) {
		const char *name = real_arks[i];
		gsize n = strlen(name);
		g_assert_true(pl_noid_valid(name));
		g_assert_cmpint(pl_noid_check_char(name, (gssize)(n - 1)), ==, name[n - 1]);
	}
	g_assert_cmpint(pl_noid_check_char("bpt6k205233", -1), ==, 'j');
}

static void
test_noid_refuses(void)
{
	/* every other check character is wrong */
	for (const char *c = "0123456789bcdfghjkmnpqrstvwxz"; *c; c++) {
		char name[] = "btv1b8451605w";
		name[strlen(name) - 1] = *c;
		g_assert_cmpint(pl_noid_valid(name), ==, *c == 'w');
	}
	/* a swap of two characters, the error the check is made for */
	g_assert_false(pl_noid_valid("btv1b8415605w"));
	g_assert_cmpint(pl_noid_check_char("bonjour", -1), ==, 0); /* 'o' is not in the alphabet */
	g_assert_cmpint(pl_noid_check_char("", -1), ==, 0);
	g_assert_false(pl_noid_valid(""));
	g_assert_false(pl_noid_valid("w"));
	g_assert_false(pl_noid_valid(NULL));
}

typedef struct {
	const char *text;
	const char *local_id;
	const char *view;
} GallicaCase;

static void
check_gallica(const PlIdentifier *id, const char *local_id, const char *view)
{
	g_autofree char *value = g_strdup_printf("ark:/12148/%s", local_id);
	g_autofree char *url = view ?
		g_strdup_printf("https://gallica.bnf.fr/ark:/12148/%s/f%s.item", local_id, view) :
		g_strdup_printf("https://gallica.bnf.fr/ark:/12148/%s", local_id);

	g_assert_cmpstr(id->scheme, ==, "ark");
	g_assert_cmpstr(id->authority, ==, "12148");
	g_assert_cmpstr(id->source, ==, "gallica");
	g_assert_cmpstr(id->local_id, ==, local_id);
	g_assert_cmpstr(id->view, ==, view);
	g_assert_cmpstr(id->value, ==, value);
	g_assert_cmpstr(id->url, ==, url);
}

/* Each text, read by parse (0) or found in a path (1), gives its Gallica case. */
static void
check_gallica_read(const GallicaCase *c, int (*read)(const char *, PlIdentifier **, GError **),
		   int want)
{
	g_autoptr(PlIdentifier) id = NULL;
	g_autoptr(GError) error = NULL;
	g_test_message("%s", c->text);
	g_assert_cmpint(read(c->text, &id, &error), ==, want);
	g_assert_no_error(error);
	check_gallica(id, c->local_id, c->view);
}

static void
check_gallica_parse(const GallicaCase *c)
{
	check_gallica_read(c, pl_identifier_parse, 0);
}

static void
check_gallica_path(const GallicaCase *c)
{
	check_gallica_read(c, pl_identifier_from_path, 1);
}

static void
test_parse_gallica_forms(void)
{
	static const GallicaCase cases[] = {
		{ "ark:/12148/btv1b8451605w", "btv1b8451605w", NULL },
		{ "ark:/12148/btv1b8451605w/f12", "btv1b8451605w", "12" },
		{ "  ark:/12148/btv1b8451605w/f12\n", "btv1b8451605w", "12" },
		{ "ark:12148/btv1b8451605w", "btv1b8451605w", NULL },
		{ "btv1b8451605w", "btv1b8451605w", NULL },
		{ "btv1b8451605w_f12", "btv1b8451605w", "12" },
		{ "btv1b8451605w-f12", "btv1b8451605w", "12" },
		{ "btv1b8451605w.f12", "btv1b8451605w", "12" },
		{ "btv1b8451605w/f12", "btv1b8451605w", "12" },
		{ "bpt6k205233j/f003", "bpt6k205233j", "3" },
		{ "https://gallica.bnf.fr/ark:/12148/btv1b8451605w", "btv1b8451605w", NULL },
		{ "https://gallica.bnf.fr/ark:/12148/btv1b8451605w/f12.item", "btv1b8451605w", "12" },
		{ "http://gallica.bnf.fr/ark:/12148/btv1b8451605w/f12.item", "btv1b8451605w", "12" },
		{ "https://gallica.bnf.fr/ark:/12148/btv1b8451605w/f12.highres", "btv1b8451605w", "12" },
		{ "https://gallica.bnf.fr/ark:/12148/btv1b8451605w/f12.thumbnail", "btv1b8451605w", "12" },
		{ "https://gallica.bnf.fr/ark:/12148/bpt6k205233j/f3.texteImage", "bpt6k205233j", "3" },
		{ "https://gallica.bnf.fr/ark:/12148/bpt6k205233j.texteImage", "bpt6k205233j", NULL },
		{ "https://gallica.bnf.fr/ark:/12148/btv1b8451605w/f12.image", "btv1b8451605w", "12" },
		{ "https://gallica.bnf.fr/ark:/12148/btv1b8451605w.item", "btv1b8451605w", NULL },
		{ "https://gallica.bnf.fr/ark:/12148/btv1b8451605w/f12.item.r=daumier.langFR",
		  "btv1b8451605w", "12" },
		{ "https://gallica.bnf.fr/ark:/12148/btv1b8451605w/f12.item?rk=21459;2", "btv1b8451605w",
		  "12" },
		{ "https://gallica.bnf.fr/ark:/12148/btv1b8451605w?rk=21459;2", "btv1b8451605w", NULL },
		{ "https://gallica.bnf.fr/ark:/12148/bpt6k205233j/f1n5.texteImage", "bpt6k205233j", "1" },
		{ "https://gallica.bnf.fr/iiif/ark:/12148/btv1b8451605w/f12/full/full/0/native.jpg",
		  "btv1b8451605w", "12" },
		{ "https://gallica.bnf.fr/iiif/ark:/12148/btv1b8451605w/manifest.json", "btv1b8451605w",
		  NULL },
		{ "gallica.bnf.fr/ark:/12148/btv1b10051649h/f2.item", "btv1b10051649h", "2" },
		{ "HTTPS://GALLICA.BNF.FR/ark:/12148/btv1b10051649h", "btv1b10051649h", NULL },
		{ "https://catalogue.bnf.fr/ark:/12148/cb11935154w", "cb11935154w", NULL },
		{ "cb149106333", "cb149106333", NULL },
	};

	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++)
		check_gallica_parse(&cases[i]);
}

static void
test_parse_all_real_arks(void)
{
	for (gsize i = 0; i < G_N_ELEMENTS(real_arks); i++) {
		g_autoptr(PlIdentifier) id = NULL;
		g_autofree char *ark = g_strdup_printf("ark:/12148/%s", real_arks[i]);
		g_assert_cmpint(pl_identifier_parse(ark, &id, NULL), ==, 0);
		check_gallica(id, real_arks[i], NULL);
	}
}

static void
test_parse_wrong_check(void)
{
	static const char *const texts[] = {
		"ark:/12148/btv1b8451605x",
		"https://gallica.bnf.fr/ark:/12148/btv1b8451605x/f12.item",
		"https://gallica.bnf.fr/iiif/ark:/12148/btv1b8451605x/f1/full/full/0/native.jpg",
		"btv1b8451605x",
		"btv1b8451605x_f12",
	};

	for (gsize i = 0; i < G_N_ELEMENTS(texts); i++) {
		g_autoptr(PlIdentifier) id = NULL;
		g_autoptr(GError) error = NULL;
		g_assert_cmpint(pl_identifier_parse(texts[i], &id, &error), ==, -1);
		g_assert_null(id);
		g_assert_nonnull(error);
		g_assert_cmpstr(error->message, ==,
		                "ark:/12148/btv1b8451605x: wrong check character (expected w)");
	}
}

typedef struct {
	const char *text;
	const char *local_id, *view, *value, *url;
} OtherCase;

static void
test_parse_internet_archive(void)
{
	static const OtherCase cases[] = {
		{ "ia:cu31924013351766", "cu31924013351766", NULL, "ia:cu31924013351766",
		  "https://archive.org/details/cu31924013351766" },
		{ "https://archive.org/details/cu31924013351766", "cu31924013351766", NULL,
		  "ia:cu31924013351766", "https://archive.org/details/cu31924013351766" },
		{ "http://www.archive.org/details/cu31924013351766/", "cu31924013351766", NULL,
		  "ia:cu31924013351766", "https://archive.org/details/cu31924013351766" },
		{ "https://archive.org/details/les_gens_de_justice-1845/page/n12", "les_gens_de_justice-1845",
		  "12", "ia:les_gens_de_justice-1845",
		  "https://archive.org/details/les_gens_de_justice-1845/page/n12" },
		{ "https://archive.org/details/cu31924013351766/page/n12/mode/2up", "cu31924013351766", "12",
		  "ia:cu31924013351766", "https://archive.org/details/cu31924013351766/page/n12" },
		{ "https://archive.org/details/cu31924013351766/page/n0", "cu31924013351766", "0",
		  "ia:cu31924013351766", "https://archive.org/details/cu31924013351766/page/n0" },
		{ "https://archive.org/details/cu31924013351766/page/n12abc", "cu31924013351766", NULL,
		  "ia:cu31924013351766", "https://archive.org/details/cu31924013351766" },
		/* a printed page label is not a view */
		{ "https://archive.org/details/cu31924013351766/page/12", "cu31924013351766", NULL,
		  "ia:cu31924013351766", "https://archive.org/details/cu31924013351766/page/12" },
		{ "https://archive.org/download/cu31924013351766/cu31924013351766.pdf", "cu31924013351766",
		  NULL, "ia:cu31924013351766", "https://archive.org/details/cu31924013351766" },
		{ "https://archive.org/details/Daumier.1845?q=robert", "Daumier.1845", NULL,
		  "ia:Daumier.1845", "https://archive.org/details/Daumier.1845" },
	};

	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(PlIdentifier) id = NULL;
		g_autoptr(GError) error = NULL;
		g_test_message("%s", cases[i].text);
		g_assert_cmpint(pl_identifier_parse(cases[i].text, &id, &error), ==, 0);
		g_assert_no_error(error);
		g_assert_cmpstr(id->scheme, ==, "internet-archive");
		g_assert_cmpstr(id->source, ==, "internet-archive");
		g_assert_cmpstr(id->authority, ==, "archive.org");
		g_assert_cmpstr(id->local_id, ==, cases[i].local_id);
		g_assert_cmpstr(id->view, ==, cases[i].view);
		g_assert_cmpstr(id->value, ==, cases[i].value);
		g_assert_cmpstr(id->url, ==, cases[i].url);
	}
}

static void
test_parse_commons(void)
{
	static const OtherCase cases[] = {
		{ "https://commons.wikimedia.org/wiki/File:Daumier_-_Les_Gens_de_justice.jpg",
		  "Daumier_-_Les_Gens_de_justice.jpg", NULL, "commons:File:Daumier_-_Les_Gens_de_justice.jpg",
		  "https://commons.wikimedia.org/wiki/File:Daumier_-_Les_Gens_de_justice.jpg" },
		{ "File:Daumier - Les Gens de justice.jpg", "Daumier_-_Les_Gens_de_justice.jpg", NULL,
		  "commons:File:Daumier_-_Les_Gens_de_justice.jpg",
		  "https://commons.wikimedia.org/wiki/File:Daumier_-_Les_Gens_de_justice.jpg" },
		{ "commons:File:Daumier_-_Les_Gens_de_justice.jpg", "Daumier_-_Les_Gens_de_justice.jpg",
		  NULL, "commons:File:Daumier_-_Les_Gens_de_justice.jpg",
		  "https://commons.wikimedia.org/wiki/File:Daumier_-_Les_Gens_de_justice.jpg" },
		{ "https://commons.wikimedia.org/wiki/File:Honor%C3%A9_Daumier_(1808-1879)_"
		  "-_Le_Ventre_l%C3%A9gislatif.jpg?uselang=fr",
		  "Honoré_Daumier_(1808-1879)_-_Le_Ventre_législatif.jpg", NULL,
		  "commons:File:Honoré_Daumier_(1808-1879)_-_Le_Ventre_législatif.jpg",
		  "https://commons.wikimedia.org/wiki/File:Honor%C3%A9_Daumier_(1808-1879)_"
		  "-_Le_Ventre_l%C3%A9gislatif.jpg" },
		{ "https://upload.wikimedia.org/wikipedia/commons/a/ab/Gens_de_justice.jpg",
		  "Gens_de_justice.jpg", NULL, "commons:File:Gens_de_justice.jpg",
		  "https://commons.wikimedia.org/wiki/File:Gens_de_justice.jpg" },
		{ "https://upload.wikimedia.org/wikipedia/commons/thumb/a/ab/Gens_de_justice.jpg/"
		  "800px-Gens_de_justice.jpg",
		  "Gens_de_justice.jpg", NULL, "commons:File:Gens_de_justice.jpg",
		  "https://commons.wikimedia.org/wiki/File:Gens_de_justice.jpg" },
		/* MediaWiki capitalises the first letter and folds runs of spaces */
		{ "file:gens  de justice.jpg", "Gens_de_justice.jpg", NULL, "commons:File:Gens_de_justice.jpg",
		  "https://commons.wikimedia.org/wiki/File:Gens_de_justice.jpg" },
		{ "https://commons.wikimedia.org/w/index.php?title=File:Gens_de_justice.jpg&oldid=1",
		  "Gens_de_justice.jpg", NULL, "commons:File:Gens_de_justice.jpg",
		  "https://commons.wikimedia.org/wiki/File:Gens_de_justice.jpg" },
		/* a '%' that starts no escape is part of the name */
		{ "File:100% Daumier.jpg", "100%_Daumier.jpg", NULL, "commons:File:100%_Daumier.jpg",
		  "https://commons.wikimedia.org/wiki/File:100%25_Daumier.jpg" },
		{ "https://commons.wikimedia.org/wiki/File:What%3F_%26_why.jpg", "What?_&_why.jpg", NULL,
		  "commons:File:What?_&_why.jpg", "https://commons.wikimedia.org/wiki/File:What%3F_%26_why.jpg" },
	};

	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(PlIdentifier) id = NULL;
		g_autoptr(GError) error = NULL;
		g_test_message("%s", cases[i].text);
		g_assert_cmpint(pl_identifier_parse(cases[i].text, &id, &error), ==, 0);
		g_assert_no_error(error);
		g_assert_cmpstr(id->scheme, ==, "wikimedia-commons");
		g_assert_cmpstr(id->source, ==, "wikimedia-commons");
		g_assert_cmpstr(id->authority, ==, "commons.wikimedia.org");
		g_assert_cmpstr(id->local_id, ==, cases[i].local_id);
		g_assert_null(id->view);
		g_assert_cmpstr(id->value, ==, cases[i].value);
		g_assert_cmpstr(id->url, ==, cases[i].url);
	}
}

/* The canonical forms planche writes must read back as the same identifier. */
static void
test_parse_canonical_round_trip(void)
{
	static const char *const texts[] = {
		"https://gallica.bnf.fr/ark:/12148/btv1b8451605w/f12.item",
		"https://archive.org/details/cu31924013351766/page/n12",
		"https://commons.wikimedia.org/wiki/File:Honor%C3%A9_Daumier.jpg",
		"File:Honoré Daumier.jpg",
		"File:100% Daumier.jpg",
	};

	for (gsize i = 0; i < G_N_ELEMENTS(texts); i++) {
		g_autoptr(PlIdentifier) a = NULL, b = NULL, c = NULL, d = NULL;
		g_assert_cmpint(pl_identifier_parse(texts[i], &a, NULL), ==, 0);
		g_assert_cmpint(pl_identifier_parse(a->url, &b, NULL), ==, 0);
		g_assert_cmpint(pl_identifier_parse(a->value, &c, NULL), ==, 0);
		g_assert_cmpstr(b->value, ==, a->value);
		g_assert_cmpstr(b->view, ==, a->view);
		g_assert_cmpstr(b->url, ==, a->url);
		g_assert_cmpstr(c->value, ==, a->value);
		d = pl_identifier_copy(a);
		g_assert_true(d != a);
		g_assert_cmpstr(d->url, ==, a->url);
		g_assert_cmpstr(d->local_id, ==, a->local_id);
		g_assert_cmpstr(d->view, ==, a->view);
	}
}

static void
test_parse_garbage(void)
{
	static const char *const texts[] = {
		"",
		"   ",
		"hello",
		"ark:/",
		"ark:/12148/",
		"ark:/12148/BTV1B8451605W",
		"ark:/13960/t0ks6wm5m", /* another NAAN */
		"btv1b8451605w_page12",
		"btv1b8451605w_f",
		"btv1b",
		"https://",
		"https://exa mple.org/",
		"https://-bad.org/x",
		"https://example.org/a b",
		"https://gallica.bnf.fr/services/engine/search",
		"https://archive.org/",
		"https://archive.org/details/",
		"https://archive.org/search?query=daumier",
		"ia:",
		"ia:bad id",
		"File:",
		"File:no_extension",
		"File:a/b.jpg",
		"File:%2541.jpg", /* would decode again: MediaWiki refuses such titles */
		"File:%00.jpg",
		"https://upload.wikimedia.org/wikipedia/commons/Name.jpg",
		"https://commons.wikimedia.org/wiki/Category:Daumier",
		"\xff\xfe",
		"ark:/12148/btv1b8451605w\xff",
	};

	for (gsize i = 0; i < G_N_ELEMENTS(texts); i++) {
		PlIdentifier *id = NULL;
		g_autoptr(GError) error = NULL;
		g_test_message("%s", texts[i]);
		g_assert_cmpint(pl_identifier_parse(texts[i], &id, &error), ==, -1);
		g_assert_null(id);
		g_assert_nonnull(error);
		g_assert_null(strchr(error->message, '\n'));
	}
	{
		PlIdentifier *id = NULL;
		g_autoptr(GError) error = NULL;
		g_assert_cmpint(pl_identifier_parse(NULL, &id, &error), ==, -1);
		g_assert_null(id);
	}
	{
		/* longer than MediaWiki allows a title to be */
		g_autofree char *name = g_strnfill(252, 'a');
		g_autofree char *ok = g_strdup_printf("File:%s.jpg", name + 1);
		g_autofree char *too_long = g_strdup_printf("File:%s.jpg", name);
		PlIdentifier *id = NULL;
		g_assert_cmpint(pl_identifier_parse(ok, &id, NULL), ==, 0);
		g_clear_pointer(&id, pl_identifier_free);
		g_assert_cmpint(pl_identifier_parse(too_long, &id, NULL), ==, -1);
		g_assert_null(id);
	}
}


/* Any other http(s) URL is a source link, named after its archive when the
 * table knows it, with the archive's identifier where its URLs say it. */
static void
test_parse_other_archives(void)
{
	static const struct {
		const char *text, *scheme, *source, *local_id, *view, *value, *label;
	} cases[] = {
		{ "https://www.deutschestextarchiv.de/book/view/eiteritz_affe_1719?p=206", "dta",
		  "deutsches-textarchiv", "eiteritz_affe_1719", "206", "dta:eiteritz_affe_1719",
		  "Deutsches Textarchiv: eiteritz_affe_1719" },
		{ "http://resolver.staatsbibliothek-berlin.de/SBB0000F29300010000", "sbb", "sbb",
		  "SBB0000F29300010000", NULL, "sbb:SBB0000F29300010000",
		  "Staatsbibliothek zu Berlin: SBB0000F29300010000" },
		{ "https://digital.staatsbibliothek-berlin.de/werkansicht?PPN=PPN767137728&PHYSID=PHYS_0005",
		  "sbb", "sbb", "PPN767137728", "PHYS_0005", "sbb:PPN767137728", NULL },
		{ "https://www.gutenberg.org/files/76/76-h/images/c02-22.jpg", "gutenberg", "project-gutenberg",
		  "76", NULL, "gutenberg:76", "Project Gutenberg: 76" },
		{ "https://www.digitale-sammlungen.de/en/view/bsb11280551?page=5", "mdz", "mdz", "bsb11280551",
		  "5", "mdz:bsb11280551", NULL },
		{ "https://www.e-rara.ch/zut/content/titleinfo/1234567", "e-rara", "e-rara", "1234567", NULL,
		  "e-rara:1234567", NULL },
		{ "https://www.europeana.eu/en/item/9200579/bkjagu6n", "europeana", "europeana",
		  "9200579/bkjagu6n", NULL, "europeana:9200579/bkjagu6n", NULL },
		{ "https://babel.hathitrust.org/cgi/pt?id=mdp.39015011386474&seq=9", "hathitrust",
		  "hathitrust", "mdp.39015011386474", "9", "hathitrust:mdp.39015011386474", NULL },
		{ "https://www.loc.gov/item/2002719538/", "loc", "library-of-congress", "2002719538", NULL,
		  "loc:2002719538", NULL },
		{ "https://www.rijksmuseum.nl/en/collection/RP-P-1906-2550", "rijksmuseum", "rijksmuseum",
		  "RP-P-1906-2550", NULL, "rijksmuseum:RP-P-1906-2550", NULL },
		{ "https://digital.slub-dresden.de/werkansicht/dlf/12345/1", "slub", "slub", "12345", NULL,
		  "slub:12345", NULL },
		/* a known archive whose URL names no item: the URL, named */
		{ "https://www.deutschestextarchiv.de/", "url", "deutsches-textarchiv",
		  "https://www.deutschestextarchiv.de/", NULL, "https://www.deutschestextarchiv.de/",
		  "Deutsches Textarchiv" },
		/* an archive planche does not know: the URL, named after its host */
		{ "http://www.baxleystamps.com/litho/meiji/courts_1871.jpg", "url", "baxleystamps.com",
		  "http://www.baxleystamps.com/litho/meiji/courts_1871.jpg", NULL,
		  "http://www.baxleystamps.com/litho/meiji/courts_1871.jpg", "baxleystamps.com" },
		{ "https://example.org/ark:/12148/btv1b8451605w", "url", "example.org", NULL, NULL, NULL,
		  "example.org" },
	};

	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(PlIdentifier) id = NULL, back = NULL;
		g_autoptr(GError) error = NULL;
		g_autofree char *label = NULL;
		g_test_message("%s", cases[i].text);
		g_assert_cmpint(pl_identifier_parse(cases[i].text, &id, &error), ==, 0);
		g_assert_no_error(error);
		g_assert_cmpstr(id->scheme, ==, cases[i].scheme);
		g_assert_cmpstr(id->source, ==, cases[i].source);
		if (cases[i].local_id)
			g_assert_cmpstr(id->local_id, ==, cases[i].local_id);
		g_assert_cmpstr(id->view, ==, cases[i].view);
		if (cases[i].value)
			g_assert_cmpstr(id->value, ==, cases[i].value);
		/* the link is the URL as written */
		g_assert_cmpstr(id->url, ==, cases[i].text);
		label = pl_identifier_label(id);
		if (cases[i].label)
			g_assert_cmpstr(label, ==, cases[i].label);
		g_assert_nonnull(pl_source_label(id->source));
		/* the URL reads back as the same identifier */
		g_assert_cmpint(pl_identifier_parse(id->url, &back, NULL), ==, 0);
		g_assert_cmpstr(back->value, ==, id->value);
	}
	g_assert_cmpstr(pl_source_label("gallica"), ==, "Gallica");
	g_assert_cmpstr(pl_source_label("deutsches-textarchiv"), ==, "Deutsches Textarchiv");
	g_assert_null(pl_source_label("other"));
	g_assert_null(pl_source_label(NULL));
}

/* IIIF clients escape the identifier's slashes; an Internet Archive page
 * label is not a leaf, but the link keeps it. */
static void
test_parse_escaped_and_page(void)
{
	g_autoptr(PlIdentifier) a = NULL, b = NULL;

	g_assert_cmpint(pl_identifier_parse("https://gallica.bnf.fr/iiif/ark:%2F12148%2Fbtv1b8451605w/f12/"
					    "full/full/0/native.jpg", &a, NULL), ==, 0);
	g_assert_cmpstr(a->value, ==, "ark:/12148/btv1b8451605w");
	g_assert_cmpstr(a->view, ==, "12");
	g_assert_cmpint(pl_identifier_parse("https://archive.org/details/bostoncookingsch00farm/page/248",
					    &b, NULL), ==, 0);
	g_assert_cmpstr(b->value, ==, "ia:bostoncookingsch00farm");
	g_assert_null(b->view);
	g_assert_cmpstr(b->url, ==, "https://archive.org/details/bostoncookingsch00farm/page/248");
}

static void
test_from_path(void)
{
	static const GallicaCase cases[] = {
		{ "gallica_btv1b10051649h_drawing.jpg", "btv1b10051649h", NULL },
		{ "scans/btv1b8451605w_f12.jpg", "btv1b8451605w", "12" },
		{ "scans/btv1b8451605w-f12.tif", "btv1b8451605w", "12" },
		{ "bpt6k205233j.f3.tif", "bpt6k205233j", "3" },
		{ "periodiques/cb13898247z/1865.pdf", "cb13898247z", NULL },
		{ "/data/btv1b8451605w/f12.jpg", "btv1b8451605w", "12" },
		{ "/data/btv1b8451605w/scan.jpg", "btv1b8451605w", NULL },
		{ "ark:/12148/btv1b8451605w/f7.png", "btv1b8451605w", "7" },
		{ "ark__12148_btv1b8451605w_f7.png", "btv1b8451605w", "7" },
		/* the part nearest the file wins */
		{ "btv1b10051649h/btv1b8451605w_f2.jpg", "btv1b8451605w", "2" },
		/* "f12x" is not a view */
		{ "btv1b8451605w_f12x.jpg", "btv1b8451605w", NULL },
	};

	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++)
		check_gallica_path(&cases[i]);
}

static void
test_from_path_none(void)
{
	static const char *const paths[] = {
		"",
		"scans/daumier-01.jpg",
		"IMG_20240101_120000.jpg",
		"cb.jpg",
		"cb12.jpg",
		/* too few digits to be a Gallica name */
		"cb1w.jpg",
		"notes-btv1b845w.txt",
		"ark:/12148/",
		"scans/ark:/12148/",
		/* names start at a boundary: not inside a word */
		"scanbtv1b8451605w.jpg",
		/* 'a' cannot be a check character */
		"btv1b8451605a.jpg",
	};

	for (gsize i = 0; i < G_N_ELEMENTS(paths); i++) {
		PlIdentifier *id = NULL;
		g_autoptr(GError) error = NULL;
		g_assert_cmpint(pl_identifier_from_path(paths[i], &id, &error), ==, 0);
		g_assert_null(id);
		g_assert_no_error(error);
	}
}

static void
test_from_path_wrong_check(void)
{
	PlIdentifier *id = NULL;
	g_autoptr(GError) error = NULL;

	g_assert_cmpint(pl_identifier_from_path("scans/btv1b8451605x_f12.jpg", &id, &error), ==, -1);
	g_assert_null(id);
	g_assert_nonnull(error);
	g_assert_cmpstr(error->message, ==, "ark:/12148/btv1b8451605x: wrong check character (expected w)");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/identifier/noid/real-arks", test_noid_real_arks);
	g_test_add_func("/identifier/noid/refuses", test_noid_refuses);
	g_test_add_func("/identifier/parse/gallica-forms", test_parse_gallica_forms);
	g_test_add_func("/identifier/parse/real-arks", test_parse_all_real_arks);
	g_test_add_func("/identifier/parse/wrong-check", test_parse_wrong_check);
	g_test_add_func("/identifier/parse/internet-archive", test_parse_internet_archive);
	g_test_add_func("/identifier/parse/commons", test_parse_commons);
	g_test_add_func("/identifier/parse/round-trip", test_parse_canonical_round_trip);
	g_test_add_func("/identifier/parse/garbage", test_parse_garbage);
	g_test_add_func("/identifier/parse/other-archives", test_parse_other_archives);
	g_test_add_func("/identifier/parse/escaped-and-page", test_parse_escaped_and_page);
	g_test_add_func("/identifier/from-path/found", test_from_path);
	g_test_add_func("/identifier/from-path/none", test_from_path_none);
	g_test_add_func("/identifier/from-path/wrong-check", test_from_path_wrong_check);
	return g_test_run();
}

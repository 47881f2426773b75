/* Dates as archivists write them, and their EDTF rendering. */
#include <glib.h>

#include "provenance/date.h"

typedef struct {
	const char *text;
	int earliest, latest;
	gboolean approximate, uncertain;
	const char *edtf;
} DateCase;

#define A TRUE
#define U TRUE
#define F FALSE

static const DateCase dates[] = {
	/* EDTF */
	{ "1865", 1865, 1865, F, F, "1865" },
	{ "1865~", 1865, 1865, A, F, "1865~" },
	{ "1865?", 1865, 1865, F, U, "1865?" },
	{ "1865%", 1865, 1865, A, U, "1865%" },
	{ "186X", 1860, 1869, F, F, "186X" },
	{ "18XX", 1800, 1899, F, F, "18XX" },
	{ "18xx", 1800, 1899, F, F, "18XX" },
	{ "186X?", 1860, 1869, F, U, "186X?" },
	{ "1860/1869", 1860, 1869, F, F, "186X" },
	{ "1843/1845", 1843, 1845, F, F, "1843/1845" },
	{ "1843~/1845~", 1843, 1845, A, F, "1843~/1845~" },
	{ "1865-03", 1865, 1865, F, F, "1865" },
	{ "1865-03-02", 1865, 1865, F, F, "1865" },
	{ "1865-03-02?", 1865, 1865, F, U, "1865?" },
	{ "[1860..1869]", 1860, 1869, F, F, "186X" },
	{ "[1860, 1865]", 1860, 1865, F, F, "1860/1865" },
	{ "{1860..1862}", 1860, 1862, F, F, "1860/1862" },
	/* approximate */
	{ "vers 1860", 1860, 1860, A, F, "1860~" },
	{ "Vers 1860", 1860, 1860, A, F, "1860~" },
	{ "circa 1860", 1860, 1860, A, F, "1860~" },
	{ "ca. 1860", 1860, 1860, A, F, "1860~" },
	{ "ca 1860", 1860, 1860, A, F, "1860~" },
	{ "c. 1860", 1860, 1860, A, F, "1860~" },
	{ "c.1860", 1860, 1860, A, F, "1860~" },
	{ "v. 1860", 1860, 1860, A, F, "1860~" },
	{ "environ 1860", 1860, 1860, A, F, "1860~" },
	{ "[ca 1860]", 1860, 1860, A, F, "1860~" },
	{ "vers 1860 ?", 1860, 1860, A, U, "1860%" },
	/* uncertain */
	{ "1860 ?", 1860, 1860, F, U, "1860?" },
	{ "[1860?]", 1860, 1860, F, U, "1860?" },
	{ "1860 [?]", 1860, 1860, F, U, "1860?" },
	/* unspecified digits, as cataloguers write them */
	{ "18..", 1800, 1899, F, F, "18XX" },
	{ "185.", 1850, 1859, F, F, "185X" },
	{ "185-", 1850, 1859, F, F, "185X" },
	{ "185-?", 1850, 1859, F, U, "185X?" },
	{ "18--", 1800, 1899, F, F, "18XX" },
	{ "1860s", 1860, 1869, F, F, "186X" },
	{ "the 1860s", 1860, 1869, F, F, "186X" },
	{ "1800s", 1800, 1899, F, F, "18XX" },
	{ "années 1860", 1860, 1869, F, F, "186X" },
	/* ranges */
	{ "1843-1845", 1843, 1845, F, F, "1843/1845" },
	{ "1843 - 1845", 1843, 1845, F, F, "1843/1845" },
	{ "1843 – 1845", 1843, 1845, F, F, "1843/1845" },
	{ "1843-45", 1843, 1845, F, F, "1843/1845" },
	{ "1843-1845?", 1843, 1845, F, U, "1843?/1845?" },
	{ "vers 1843-1845", 1843, 1845, A, F, "1843~/1845~" },
	{ "entre 1840 et 1845", 1840, 1845, F, F, "1840/1845" },
	{ "between 1840 and 1845", 1840, 1845, F, F, "1840/1845" },
	{ "de 1843 à 1845", 1843, 1845, F, F, "1843/1845" },
	{ "from 1843 to 1845", 1843, 1845, F, F, "1843/1845" },
	{ "du 2 mars 1865 au 5 avril 1866", 1865, 1866, F, F, "1865/1866" },
	/* centuries */
	{ "XIXe siècle", 1801, 1900, F, F, "1801/1900" },
	{ "XIXème siècle", 1801, 1900, F, F, "1801/1900" },
	{ "XIXᵉ siècle", 1801, 1900, F, F, "1801/1900" },
	{ "xixe s.", 1801, 1900, F, F, "1801/1900" },
	{ "XIX siècle", 1801, 1900, F, F, "1801/1900" },
	{ "19e siècle", 1801, 1900, F, F, "1801/1900" },
	{ "19th century", 1801, 1900, F, F, "1801/1900" },
	{ "the 19th century", 1801, 1900, F, F, "1801/1900" },
	{ "XVIIIe siècle", 1701, 1800, F, F, "1701/1800" },
	{ "Ier siècle", 1, 100, F, F, "0001/0100" },
	{ "début du XIXe siècle", 1801, 1833, A, F, "1801~/1833~" },
	{ "milieu du XIXe siècle", 1834, 1866, A, F, "1834~/1866~" },
	{ "fin du XIXe siècle", 1867, 1900, A, F, "1867~/1900~" },
	{ "mid-19th century", 1834, 1866, A, F, "1834~/1866~" },
	{ "late 19th century", 1867, 1900, A, F, "1867~/1900~" },
	{ "seconde moitié du XIXe siècle", 1851, 1900, F, F, "1851/1900" },
	{ "first half of the 19th century", 1801, 1850, F, F, "1801/1850" },
	{ "dernier quart du XVIIIe siècle", 1776, 1800, F, F, "1776/1800" },
	/* calendar dates */
	{ "[1860]", 1860, 1860, F, F, "1860" },
	{ "1er janvier 1865", 1865, 1865, F, F, "1865" },
	{ "1ᵉʳ janvier 1865", 1865, 1865, F, F, "1865" },
	{ "2 mars 1865", 1865, 1865, F, F, "1865" },
	{ "le 2 mars 1865", 1865, 1865, F, F, "1865" },
	{ "14 août 1865", 1865, 1865, F, F, "1865" },
	{ "2 March 1865", 1865, 1865, F, F, "1865" },
	{ "March 2, 1865", 1865, 1865, F, F, "1865" },
	{ "March 2nd, 1865", 1865, 1865, F, F, "1865" },
	{ "Sept. 1865", 1865, 1865, F, F, "1865" },
	{ "mars 1865", 1865, 1865, F, F, "1865" },
	{ "02/03/1865", 1865, 1865, F, F, "1865" },
	{ "29 février 1864", 1864, 1864, F, F, "1864" },
	{ "1865.", 1865, 1865, F, F, "1865" },
	{ "  1865  ", 1865, 1865, F, F, "1865" },
	{ "１８６５", 1865, 1865, F, F, "1865" }, /* full-width digits fold to ASCII */
};

static const char *const not_dates[] = {
	"",
	"   ",
	"s.d.",
	"sans date",
	"n.d.",
	"Daumier",
	"865",
	"18650",
	"1865-13-01",
	"1865-02-30",
	"29 février 1865", /* not a leap year */
	"31/31/1865",
	"1869/1860",     /* ends before it starts */
	"1860/..",       /* open */
	"../1869",
	"avant 1870",
	"1865-45",       /* "45" after 1865 can be neither a month nor a later year */
	"XLe siècle",    /* no 40th century */
	"XIIII siècle",  /* not a roman numeral */
	"1865 1866",
	"vers",
	"[1860..]",
	"1860~~x",
	"\xff\xfe",
};

static void
test_parse_table(void)
{
	for (gsize i = 0; i < G_N_ELEMENTS(dates); i++) {
		const DateCase *c = &dates[i];
		PlDate d = { 0 };
		g_autofree char *edtf = NULL;

		g_test_message("%s", c->text);
		g_assert_cmpint(pl_date_parse(c->text, &d), ==, 0);
		g_assert_cmpint(d.earliest, ==, c->earliest);
		g_assert_cmpint(d.latest, ==, c->latest);
		g_assert_cmpint(d.approximate, ==, c->approximate);
		g_assert_cmpint(d.uncertain, ==, c->uncertain);
		edtf = pl_date_to_edtf(&d);
		g_assert_cmpstr(edtf, ==, c->edtf);
	}
}

static void
test_not_dates(void)
{
	for (gsize i = 0; i < G_N_ELEMENTS(not_dates); i++) {
		PlDate d = { 1, 2, FALSE, FALSE };
		g_test_message("%s", not_dates[i]);
		g_assert_cmpint(pl_date_parse(not_dates[i], &d), ==, -1);
	}
	g_assert_cmpint(pl_date_parse(NULL, NULL), ==, -1);
}

/* What pl_date_to_edtf writes, pl_date_parse reads back unchanged. */
static void
test_edtf_round_trip(void)
{
	for (gsize i = 0; i < G_N_ELEMENTS(dates); i++) {
		PlDate a, b;
		g_autofree char *edtf = NULL;

		g_assert_cmpint(pl_date_parse(dates[i].text, &a), ==, 0);
		edtf = pl_date_to_edtf(&a);
		g_test_message("%s -> %s", dates[i].text, edtf);
		g_assert_cmpint(pl_date_parse(edtf, &b), ==, 0);
		g_assert_cmpint(a.earliest, ==, b.earliest);
		g_assert_cmpint(a.latest, ==, b.latest);
		g_assert_cmpint(a.approximate, ==, b.approximate);
		g_assert_cmpint(a.uncertain, ==, b.uncertain);
	}
}

static void
test_to_edtf_forms(void)
{
	static const struct {
		PlDate d;
		const char *edtf;
	} cases[] = {
		{ { 1000, 1999, FALSE, FALSE }, "1XXX" },
		{ { 1800, 1899, TRUE, FALSE }, "18XX~" },
		{ { 1861, 1870, FALSE, FALSE }, "1861/1870" },
		{ { 1865, 1865, TRUE, TRUE }, "1865%" },
		{ { 800, 800, FALSE, FALSE }, "0800" },
		{ { G_MININT, G_MININT, FALSE, FALSE }, "-2147483648" },
	};

	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *edtf = pl_date_to_edtf(&cases[i].d);
		g_assert_cmpstr(edtf, ==, cases[i].edtf);
	}
	g_assert_null(pl_date_to_edtf(NULL));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/date/parse", test_parse_table);
	g_test_add_func("/date/not-dates", test_not_dates);
	g_test_add_func("/date/edtf-round-trip", test_edtf_round_trip);
	g_test_add_func("/date/to-edtf", test_to_edtf_forms);
	return g_test_run();
}

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
#define T_ TRUE

static const DateCase dates[] = {
	/* EDTF */
	{ "1865", 1865, 1865, F, F, "1865" },
	{ "1865~", 1860, 1870, A, F, "1865~" },
	{ "1865?", 1865, 1865, F, U, "1865?" },
	{ "1865%", 1860, 1870, A, U, "1865%" },
	{ "186X", 1860, 1869, F, F, "186X" },
	{ "18XX", 1800, 1899, F, F, "18XX" },
	{ "18xx", 1800, 1899, F, F, "18XX" },
	{ "186X?", 1860, 1869, F, U, "186X?" },
	{ "1860/1869", 1860, 1869, F, F, "186X" },
	{ "1843/1845", 1843, 1845, F, F, "1843/1845" },
	{ "1843~/1845~", 1838, 1850, A, F, "1843~/1845~" },
	{ "1865-03", 1865, 1865, F, F, "1865" },
	{ "1865-03-02", 1865, 1865, F, F, "1865" },
	{ "1865-03-02?", 1865, 1865, F, U, "1865?" },
	{ "[1860..1869]", 1860, 1869, F, F, "186X" },
	{ "[1860, 1865]", 1860, 1865, F, F, "1860/1865" },
	{ "{1860..1862}", 1860, 1862, F, F, "1860/1862" },
	/* approximate */
	{ "vers 1860", 1855, 1865, A, F, "1860~" },
	{ "Vers 1860", 1855, 1865, A, F, "1860~" },
	{ "circa 1860", 1855, 1865, A, F, "1860~" },
	{ "ca. 1860", 1855, 1865, A, F, "1860~" },
	{ "ca 1860", 1855, 1865, A, F, "1860~" },
	{ "c. 1860", 1855, 1865, A, F, "1860~" },
	{ "c.1860", 1855, 1865, A, F, "1860~" },
	{ "v. 1860", 1855, 1865, A, F, "1860~" },
	{ "environ 1860", 1855, 1865, A, F, "1860~" },
	{ "[ca 1860]", 1855, 1865, A, F, "1860~" },
	{ "vers 1860 ?", 1855, 1865, A, U, "1860%" },
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
	{ "vers 1843-1845", 1838, 1850, A, F, "1843~/1845~" },
	{ "entre 1840 et 1845", 1840, 1845, F, F, "1840/1845" },
	{ "between 1840 and 1845", 1840, 1845, F, F, "1840/1845" },
	{ "de 1843 à 1845", 1843, 1845, F, F, "1843/1845" },
	{ "from 1843 to 1845", 1843, 1845, F, F, "1843/1845" },
	{ "du 2 mars 1865 au 5 avril 1866", 1865, 1866, F, F, "1865/1866" },
	/* centuries */
	{ "XIXe siècle", 1800, 1899, F, F, "18XX" },
	{ "XIXème siècle", 1800, 1899, F, F, "18XX" },
	{ "XIXᵉ siècle", 1800, 1899, F, F, "18XX" },
	{ "xixe s.", 1800, 1899, F, F, "18XX" },
	{ "XIX siècle", 1800, 1899, F, F, "18XX" },
	{ "19e siècle", 1800, 1899, F, F, "18XX" },
	{ "19th century", 1800, 1899, F, F, "18XX" },
	{ "the 19th century", 1800, 1899, F, F, "18XX" },
	{ "XVIIIe siècle", 1700, 1799, F, F, "17XX" },
	{ "IIe siècle", 100, 199, F, F, "01XX" },
	{ "début du XIXe siècle", 1800, 1832, A, F, "1805~/1827~" },
	{ "milieu du XIXe siècle", 1833, 1865, A, F, "1838~/1860~" },
	{ "fin du XIXe siècle", 1866, 1899, A, F, "1871~/1894~" },
	{ "mid-19th century", 1833, 1865, A, F, "1838~/1860~" },
	{ "late 19th century", 1866, 1899, A, F, "1871~/1894~" },
	{ "seconde moitié du XIXe siècle", 1850, 1899, F, F, "1850/1899" },
	{ "first half of the 19th century", 1800, 1849, F, F, "1800/1849" },
	{ "dernier quart du XVIIIe siècle", 1775, 1799, F, F, "1775/1799" },
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
	/* The EDTF specification's own examples (Library of Congress, 2019),
	 * levels 0 and 1; open ends in their own test below. */
	{ "1985-04-12", 1985, 1985, F, F, "1985" },
	{ "1985-04", 1985, 1985, F, F, "1985" },
	{ "1985", 1985, 1985, F, F, "1985" },
	{ "1985-04-12T23:20:30", 1985, 1985, F, F, "1985" },
	{ "1985-04-12T23:20:30Z", 1985, 1985, F, F, "1985" },
	{ "1985-04-12T23:20:30-04", 1985, 1985, F, F, "1985" },
	{ "1985-04-12T23:20:30+04:30", 1985, 1985, F, F, "1985" },
	{ "1964/2008", 1964, 2008, F, F, "1964/2008" },
	{ "2004-06/2006-08", 2004, 2006, F, F, "2004/2006" },
	{ "2004-02-01/2005-02-08", 2004, 2005, F, F, "2004/2005" },
	{ "2004-02-01/2005-02", 2004, 2005, F, F, "2004/2005" },
	{ "2004-02-01/2005", 2004, 2005, F, F, "2004/2005" },
	{ "2005/2006-02", 2005, 2006, F, F, "2005/2006" },
	{ "Y170000002", 170000002, 170000002, F, F, "Y170000002" },
	{ "Y-170000002", -170000002, -170000002, F, F, "Y-170000002" },
	{ "2001-21", 2001, 2001, F, F, "2001" }, /* spring 2001, not 2001-2021 */
	{ "2001-22", 2001, 2001, F, F, "2001" },
	{ "2001-23", 2001, 2001, F, F, "2001" },
	{ "2001-24", 2001, 2001, F, F, "2001" },
	{ "1984?", 1984, 1984, F, U, "1984?" },
	{ "2004-06~", 1999, 2009, A, F, "2004~" },
	{ "2004-06-11%", 1999, 2009, A, U, "2004%" },
	{ "201X", 2010, 2019, F, F, "201X" },
	{ "20XX", 2000, 2099, F, F, "20XX" },
	{ "2004-XX", 2004, 2004, F, F, "2004" },
	{ "1985-04-XX", 1985, 1985, F, F, "1985" },
	{ "1985-XX-XX", 1985, 1985, F, F, "1985" },
	{ "-1985", -1985, -1985, F, F, "-1985" },
	{ "1984~/2004-06", 1979, 2004, A, F, "1984~/1999~" },
	{ "1984/2004-06~", 1984, 2009, A, F, "1989~/2004~" },
	{ "1984~/2004~", 1979, 2009, A, F, "1984~/2004~" },
	{ "1984?/2004%", 1984, 2009, A, U, "1989%/2004%" },
	{ "1984-06?/2004-08?", 1984, 2004, F, U, "1984?/2004?" },
	{ "1984-06-02?/2004-08-08~", 1984, 2009, A, U, "1989%/2004%" },
	/* French, English and German forms */
	{ "um 1860", 1855, 1865, A, F, "1860~" },
	{ "~1860", 1855, 1865, A, F, "1860~" },
	{ "an VIII", 1799, 1800, F, F, "1799/1800" },
	{ "l'an II", 1793, 1794, F, F, "1793/1794" },
	{ "an 8", 1799, 1800, F, F, "1799/1800" },
	{ "1860 ou 1861", 1860, 1861, F, F, "1860/1861" },
	{ "1860 or 1861", 1860, 1861, F, F, "1860/1861" },
	{ "1843-5", 1843, 1845, F, F, "1843/1845" },
	{ "1848-9", 1848, 1849, F, F, "1848/1849" },
};

static const char *const not_dates[] = {
	"",
	"   ",
	"Daumier",
	"865",
	"18650",
	"1865-13-01",
	"1865-02-30",
	"29 février 1865", /* not a leap year */
	"31/31/1865",
	"1869/1860",     /* ends before it starts */
	"1865-45",       /* "45" after 1865 can be neither a month nor a later year */
	"1865-25",       /* a season of EDTF level 2, not read */
	"an XV",         /* the Republican calendar ended with an XIV */
	"1865/..x",
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
		PlDate d = { 1, 2, FALSE, FALSE, FALSE, FALSE };
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

/* Open and unknown ends: the known year, the other end open. */
static void
test_open(void)
{
	static const struct {
		const char *text;
		int earliest, latest;
		gboolean open_start, open_end, approximate;
		const char *edtf;
	} cases[] = {
		{ "1985-04-12/..", 1985, PL_DATE_OPEN_END, F, T_, F, "1985/.." },
		{ "1985-04/..", 1985, PL_DATE_OPEN_END, F, T_, F, "1985/.." },
		{ "../1985-04-12", PL_DATE_OPEN_START, 1985, T_, F, F, "../1985" },
		{ "../1985-04", PL_DATE_OPEN_START, 1985, T_, F, F, "../1985" },
		{ "1985-04-12/", 1985, PL_DATE_OPEN_END, F, T_, F, "1985/.." },
		{ "1985-04/", 1985, PL_DATE_OPEN_END, F, T_, F, "1985/.." },
		{ "/1985-04-12", PL_DATE_OPEN_START, 1985, T_, F, F, "../1985" },
		{ "/1985-04", PL_DATE_OPEN_START, 1985, T_, F, F, "../1985" },
		{ "1984-06-02?/..", 1984, PL_DATE_OPEN_END, F, T_, F, "1984?/.." },
		{ "1984~/..", 1979, PL_DATE_OPEN_END, F, T_, A, "1984~/.." },
		{ "avant 1870", PL_DATE_OPEN_START, 1870, T_, F, F, "../1870" },
		{ "before 1870", PL_DATE_OPEN_START, 1870, T_, F, F, "../1870" },
		{ "après 1850", 1850, PL_DATE_OPEN_END, F, T_, F, "1850/.." },
		{ "after 1850", 1850, PL_DATE_OPEN_END, F, T_, F, "1850/.." },
		{ "nach 1850", 1850, PL_DATE_OPEN_END, F, T_, F, "1850/.." },
	};

	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		PlDate d = { 0 }, back = { 0 };
		g_autofree char *edtf = NULL;
		g_test_message("%s", cases[i].text);
		g_assert_cmpint(pl_date_parse(cases[i].text, &d), ==, 0);
		g_assert_cmpint(d.earliest, ==, cases[i].earliest);
		g_assert_cmpint(d.latest, ==, cases[i].latest);
		g_assert_cmpint(d.open_start, ==, cases[i].open_start);
		g_assert_cmpint(d.open_end, ==, cases[i].open_end);
		g_assert_cmpint(d.approximate, ==, cases[i].approximate);
		edtf = pl_date_to_edtf(&d);
		g_assert_cmpstr(edtf, ==, cases[i].edtf);
		g_assert_cmpint(pl_date_parse(edtf, &back), ==, 0);
		g_assert_cmpint(back.earliest, ==, d.earliest);
		g_assert_cmpint(back.latest, ==, d.latest);
	}
}

/* The cataloguer's "no date" is understood, and is no date. */
static void
test_no_date(void)
{
	static const char *const texts[] = { "s.d.", "S. d.", "[s.d.]", "sans date", "n.d.", "N.D.",
		                             "no date", "undated", "o. J.", "s.a." };

	for (gsize i = 0; i < G_N_ELEMENTS(texts); i++) {
		PlDate d = { 1, 2, TRUE, TRUE, TRUE, TRUE };
		g_test_message("%s", texts[i]);
		g_assert_cmpint(pl_date_parse(texts[i], &d), ==, 1);
		g_assert_cmpint(d.earliest, ==, 0);
		g_assert_cmpint(d.latest, ==, 0);
		g_assert_false(d.approximate);
	}
}

static void
test_to_edtf_forms(void)
{
	static const struct {
		PlDate d;
		const char *edtf;
	} cases[] = {
		{ { 1000, 1999, FALSE, FALSE, FALSE, FALSE }, "1XXX" },
		{ { 1795, 1904, TRUE, FALSE, FALSE, FALSE }, "18XX~" },
		{ { 1861, 1870, FALSE, FALSE, FALSE, FALSE }, "1861/1870" },
		{ { 1860, 1870, TRUE, TRUE, FALSE, FALSE }, "1865%" },
		{ { 800, 800, FALSE, FALSE, FALSE, FALSE }, "0800" },
		{ { G_MININT, G_MININT, FALSE, FALSE, FALSE, FALSE }, "Y-2147483648" },
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
	g_test_add_func("/date/open", test_open);
	g_test_add_func("/date/no-date", test_no_date);
	g_test_add_func("/date/edtf-round-trip", test_edtf_round_trip);
	g_test_add_func("/date/to-edtf", test_to_edtf_forms);
	return g_test_run();
}

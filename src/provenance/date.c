/* Dates: the text is folded (NFKD, marks dropped, lower case, dashes and
 * spaces unified) and then read by a small recursive-descent parser that
 * backtracks by restoring its cursor. */
#include "provenance/date.h"

#include <string.h>

/* Dates are short; longer text is a description, not a date. */
#define MAX_DATE_TEXT 256

typedef struct {
	int lo, hi;
	gboolean approx, uncertain;
	gboolean widen;     /* a qualifier asked for PL_DATE_APPROX_YEARS more each side */
	gboolean word;      /* "vers": the qualifier covers a range that follows */
	gboolean open_lo, open_hi;
} Range;

/* Once per date: a range's ends are widened each by its own qualifier. */
static void
apply_widen(Range *r)
{
	if (!r->widen)
		return;
	r->lo = r->lo >= 1 ? MAX(1, r->lo - PL_DATE_APPROX_YEARS) : r->lo - PL_DATE_APPROX_YEARS;
	r->hi += PL_DATE_APPROX_YEARS;
	r->widen = FALSE;
}

static char *
fold_text(const char *text)
{
	g_autofree char *nfkd = NULL;
	GString *s;
	const char *p;

	if (!g_utf8_validate(text, -1, NULL))
		return NULL;
	nfkd = g_utf8_normalize(text, -1, G_NORMALIZE_ALL);
	if (!nfkd)
		return NULL;
	s = g_string_new(NULL);
	for (p = nfkd; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		char out;

		if (g_unichar_type(c) == G_UNICODE_NON_SPACING_MARK)
			continue;
		/* brackets mark a date supplied by the cataloguer ("[1860]",
		 * "1865 [?]"); the date inside is read as written */
		if (c == '[' || c == ']' || c == '(' || c == ')')
			continue;
		if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212)
			out = '-';
		else if (g_unichar_isspace(c))
			out = ' ';
		else if (c < 0x80)
			out = g_ascii_tolower((char)c);
		else
			out = '#'; /* matches nothing below */
		if (out == ' ' && (s->len == 0 || s->str[s->len - 1] == ' '))
			continue;
		g_string_append_c(s, out);
	}
	while (s->len && s->str[s->len - 1] == ' ')
		g_string_truncate(s, s->len - 1);
	return g_string_free(s, FALSE);
}

static void
skip_ws(const char **p)
{
	while (**p == ' ')
		(*p)++;
}

static gboolean
is_alpha(char c)
{
	return c >= 'a' && c <= 'z';
}

static gboolean
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A whole word (or words, where ' ' in w also matches '-'), with an optional
 * trailing '.', followed by something that is not a letter. */
static gboolean
eat_word(const char **p, const char *w)
{
	const char *s = *p;

	for (; *w; w++, s++) {
		if (*w == ' ' ? (*s != ' ' && *s != '-') : *s != *w)
			return FALSE;
	}
	if (w[-1] != '.' && *s == '.')
		s++;
	if (is_alpha(*s))
		return FALSE;
	*p = s;
	return TRUE;
}

static gboolean
eat_any(const char **p, const char *const *words)
{
	for (int i = 0; words[i]; i++)
		if (eat_word(p, words[i]))
			return TRUE;
	return FALSE;
}

/* Exactly n digits, not followed by another digit. */
static gboolean
read_digits(const char **p, int n, int *v)
{
	int x = 0;

	for (int i = 0; i < n; i++) {
		if (!is_digit((*p)[i]))
			return FALSE;
		x = x * 10 + ((*p)[i] - '0');
	}
	if (is_digit((*p)[n]))
		return FALSE;
	*v = x;
	*p += n;
	return TRUE;
}

/* One or two digits. */
static gboolean
read_small(const char **p, int *v)
{
	return read_digits(p, 2, v) || read_digits(p, 1, v);
}

static gboolean
read_year(const char **p, int *y)
{
	return read_digits(p, 4, y);
}

static void
set_year(Range *r, int lo, int hi)
{
	r->lo = lo;
	r->hi = hi;
}

/* ---- centuries ------------------------------------------------------- */

static int
roman_value(char c)
{
	switch (c) {
	case 'i': return 1;
	case 'v': return 5;
	case 'x': return 10;
	case 'l': return 50;
	case 'c': return 100;
	case 'd': return 500;
	case 'm': return 1000;
	default: return 0;
	}
}

static void
roman_render(int v, GString *out)
{
	static const struct {
		int v;
		const char *s;
	} t[] = { { 1000, "m" }, { 900, "cm" }, { 500, "d" }, { 400, "cd" }, { 100, "c" },
		  { 90, "xc" },  { 50, "l" },   { 40, "xl" }, { 10, "x" },   { 9, "ix" },
		  { 5, "v" },    { 4, "iv" },   { 1, "i" } };

	for (gsize i = 0; i < G_N_ELEMENTS(t); i++)
		while (v >= t[i].v) {
			g_string_append(out, t[i].s);
			v -= t[i].v;
		}
}

/* Value of the n letters at s if they are a roman numeral in its usual
 * form (so "xixi" of "xixieme" is not read as one), else 0. */
static int
roman_parse(const char *s, gsize n)
{
	g_autoptr(GString) back = g_string_new(NULL);
	int v = 0;

	for (gsize i = 0; i < n; i++) {
		int a = roman_value(s[i]);
		int b = i + 1 < n ? roman_value(s[i + 1]) : 0;
		if (a == 0)
			return 0;
		v += a < b ? -a : a;
	}
	if (v <= 0 || v > 3999)
		return 0;
	roman_render(v, back);
	return back->len == n && memcmp(back->str, s, n) == 0 ? v : 0;
}

static const char *const ordinal_fr[] = { "ieme", "eme", "er", "re", "e", NULL };
static const char *const ordinal_en[] = { "st", "nd", "rd", "th", NULL };
static const char *const century_words[] = { "siecles", "siecle", "s.", "century", "centuries",
	                                     "c.", NULL };

static gboolean
eat_suffix(const char **p, const char *const *suffixes)
{
	for (int i = 0; suffixes[i]; i++) {
		gsize n = strlen(suffixes[i]);
		if (strncmp(*p, suffixes[i], n) == 0 && !is_alpha((*p)[n])) {
			*p += n;
			return TRUE;
		}
	}
	return FALSE;
}

/* "xixe", "xix", "19e", "19eme", "19th": the century number, or 0. */
static int
read_century_number(const char **p)
{
	const char *s = *p;
	int n = 0;

	if (is_digit(*s)) {
		if (!read_small(&s, &n))
			return 0;
		if (!eat_suffix(&s, ordinal_fr) && !eat_suffix(&s, ordinal_en))
			return 0;
	} else {
		gsize run = 0;
		while (roman_value(s[run]))
			run++;
		for (; run > 0; run--) {
			const char *t = s + run;
			n = roman_parse(s, run);
			if (n && (eat_suffix(&t, ordinal_fr) || !is_alpha(*t))) {
				s = t;
				break;
			}
		}
		if (run == 0)
			return 0;
	}
	if (n < 1 || n > 30)
		return 0;
	*p = s;
	return n;
}

typedef struct {
	const char *words;
	int lo, hi; /* years within the century, 1 to 100 */
	gboolean approx;
} CenturyPart;

/* Thirds for début/milieu/fin (approximate by nature), exact halves and
 * quarters. */
static const CenturyPart century_parts[] = {
	{ "debut", 1, 33, TRUE },
	{ "early", 1, 33, TRUE },
	{ "milieu", 34, 66, TRUE },
	{ "mid", 34, 66, TRUE },
	{ "middle", 34, 66, TRUE },
	{ "fin", 67, 100, TRUE },
	{ "late", 67, 100, TRUE },
	{ "premiere moitie", 1, 50, FALSE },
	{ "1re moitie", 1, 50, FALSE },
	{ "first half", 1, 50, FALSE },
	{ "seconde moitie", 51, 100, FALSE },
	{ "deuxieme moitie", 51, 100, FALSE },
	{ "2e moitie", 51, 100, FALSE },
	{ "second half", 51, 100, FALSE },
	{ "premier quart", 1, 25, FALSE },
	{ "1er quart", 1, 25, FALSE },
	{ "first quarter", 1, 25, FALSE },
	{ "deuxieme quart", 26, 50, FALSE },
	{ "second quart", 26, 50, FALSE },
	{ "2e quart", 26, 50, FALSE },
	{ "second quarter", 26, 50, FALSE },
	{ "troisieme quart", 51, 75, FALSE },
	{ "3e quart", 51, 75, FALSE },
	{ "third quarter", 51, 75, FALSE },
	{ "dernier quart", 76, 100, FALSE },
	{ "quatrieme quart", 76, 100, FALSE },
	{ "4e quart", 76, 100, FALSE },
	{ "last quarter", 76, 100, FALSE },
	{ "fourth quarter", 76, 100, FALSE },
};

static const char *const part_links[] = { "du", "de la", "de", "of the", "of", NULL };

/* "XIXe siècle" is 1800–1899. */
static gboolean
parse_century(const char **p, Range *r)
{
	const char *s = *p;
	const CenturyPart *part = NULL;
	int n;

	for (gsize i = 0; i < G_N_ELEMENTS(century_parts); i++) {
		const char *t = s;
		if (eat_word(&t, century_parts[i].words)) {
			part = &century_parts[i];
			s = t;
			if (*s == ' ' || *s == '-')
				s++;
			t = s;
			if (eat_any(&t, part_links)) {
				s = t;
				skip_ws(&s);
			}
			break;
		}
	}
	if (eat_word(&s, "the"))
		skip_ws(&s);
	n = read_century_number(&s);
	if (!n)
		return FALSE;
	if (*s == ' ' || *s == '-')
		s++;
	if (!eat_any(&s, century_words))
		return FALSE;
	/* filed as people file them: the XIXe under 1800–1899 (counted strictly,
	 * 1801–1900, it would sort under 1801 and the 1800s' decade) */
	set_year(r, (n - 1) * 100 + (part ? part->lo : 1) - 1, (n - 1) * 100 + (part ? part->hi : 100) - 1);
	r->approx = part && part->approx;
	*p = s;
	return TRUE;
}

/* ---- decades, calendar dates, EDTF ----------------------------------- */

/* "1860s", "the 1860s", "années 1860"; "1800s" is the whole century. */
static gboolean
parse_decade(const char **p, Range *r)
{
	const char *s = *p;
	gboolean annees = FALSE;
	int y;

	if (eat_word(&s, "les annees") || eat_word(&s, "annees")) {
		annees = TRUE;
		skip_ws(&s);
	} else if (eat_word(&s, "the")) {
		skip_ws(&s);
	}
	if (!read_year(&s, &y))
		return FALSE;
	if (!annees) {
		if (*s == '\'')
			s++;
		if (*s != 's' || is_alpha(s[1]))
			return FALSE;
		s++;
	}
	if (y % 100 == 0 && !annees)
		set_year(r, y, y + 99);
	else if (y % 10 == 0)
		set_year(r, y, y + 9);
	else
		return FALSE;
	*p = s;
	return TRUE;
}

static const struct {
	const char *name;
	int month;
} months[] = {
	{ "janvier", 1 },   { "janv.", 1 },     { "january", 1 },  { "jan.", 1 },
	{ "fevrier", 2 },   { "fevr.", 2 },     { "fev.", 2 },     { "february", 2 },
	{ "feb.", 2 },      { "mars", 3 },      { "march", 3 },    { "mar.", 3 },
	{ "avril", 4 },     { "avr.", 4 },      { "april", 4 },    { "apr.", 4 },
	{ "mai", 5 },       { "may", 5 },       { "juin", 6 },     { "june", 6 },
	{ "jun.", 6 },      { "juillet", 7 },   { "juil.", 7 },    { "july", 7 },
	{ "jul.", 7 },      { "aout", 8 },      { "august", 8 },   { "aug.", 8 },
	{ "septembre", 9 }, { "september", 9 }, { "sept.", 9 },    { "sep.", 9 },
	{ "octobre", 10 },  { "october", 10 },  { "oct.", 10 },    { "novembre", 11 },
	{ "november", 11 }, { "nov.", 11 },     { "decembre", 12 }, { "december", 12 },
	{ "dec.", 12 },
};

/* Month names; abbreviations are listed with their '.', which may be left out. */
static int
read_month_name(const char **p)
{
	for (gsize i = 0; i < G_N_ELEMENTS(months); i++) {
		const char *name = months[i].name;
		gsize n = strlen(name);
		const char *s = *p;

		if (name[n - 1] == '.')
			n--;
		if (strncmp(s, name, n) != 0)
			continue;
		s += n;
		if (*s == '.')
			s++;
		if (is_alpha(*s))
			continue;
		*p = s;
		return months[i].month;
	}
	return 0;
}

static gboolean
valid_day(int d, int m, int y)
{
	return y >= 1 && g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y);
}

static const char *const day_suffixes[] = { "er", "st", "nd", "rd", "th", NULL };

/* "1er janvier 1865", "2 mars 1865", "March 2, 1865", "mars 1865",
 * "02/03/1865" (day first; only the year is kept, so the order of day and
 * month does not matter as long as one of them can be a month). */
static gboolean
parse_calendar(const char **p, Range *r)
{
	const char *s = *p;
	int d = 0, m, y;

	if (eat_word(&s, "le"))
		skip_ws(&s);
	if (is_digit(*s)) {
		const char *t = s;
		int a, b;
		char sep;
		/* numeric day, month and year */
		if (read_small(&t, &a) && (*t == '/' || *t == '.' || *t == '-')) {
			sep = *t++;
			if (read_small(&t, &b) && *t == sep) {
				t++;
				if (!read_year(&t, &y))
					return FALSE;
				if (!(valid_day(a, b, y) || valid_day(b, a, y)))
					return FALSE;
				set_year(r, y, y);
				*p = t;
				return TRUE;
			}
			return FALSE;
		}
		if (!read_small(&s, &d))
			return FALSE;
		eat_suffix(&s, day_suffixes);
		skip_ws(&s);
		if (!(m = read_month_name(&s)))
			return FALSE;
		skip_ws(&s);
	} else {
		if (!(m = read_month_name(&s)))
			return FALSE;
		skip_ws(&s);
		if (is_digit(*s) && !is_digit(s[1] ? s[2] : 0)) {
			if (!read_small(&s, &d))
				return FALSE;
			eat_suffix(&s, day_suffixes);
		}
		if (*s == ',')
			s++;
		skip_ws(&s);
	}
	if (!read_year(&s, &y))
		return FALSE;
	if (d ? !valid_day(d, m, y) : y < 1)
		return FALSE;
	set_year(r, y, y);
	*p = s;
	return TRUE;
}

/* EDTF years with unspecified digits ("186X", "18XX") and the cataloguers'
 * forms of the same ("18..", "185.", "18--", "185-", "18??"). */
static gboolean
parse_masked(const char **p, Range *r)
{
	const char *s = *p;
	int digits = 0, v = 0, span = 1;

	while (digits < 3 && is_digit(s[digits])) {
		v = v * 10 + (s[digits] - '0');
		digits++;
	}
	if (digits == 0)
		return FALSE;
	for (int i = digits; i < 4; i++) {
		if (!strchr("xu.-?", s[i]) || s[i] == '\0')
			return FALSE;
		v *= 10;
		span *= 10;
	}
	if (is_digit(s[4]) || is_alpha(s[4]))
		return FALSE;
	set_year(r, v, v + span - 1);
	*p = s + 4;
	return TRUE;
}

/* "1865", "1865-03", "1865-03-02". Two digits after the year that cannot be a
 * month are left for the range reader ("1843-45"). */
/* EDTF level 1's years of more than four digits: "Y170000002", "Y-170000002". */
static gboolean
read_long_year(const char **p, int *y)
{
	const char *s = *p;
	gboolean neg = FALSE;
	gint64 v = 0;
	int n = 0;

	if (*s != 'y')
		return FALSE;
	s++;
	if (*s == '-') {
		neg = TRUE;
		s++;
	}
	while (is_digit(s[n]) && n < 10) {
		v = v * 10 + (s[n] - '0');
		n++;
	}
	if (n < 5 || is_digit(s[n]) || v > G_MAXINT / 2)
		return FALSE;
	*y = neg ? (int)-v : (int)v;
	*p = s + n;
	return TRUE;
}

/* An ISO 8601 time after a day: "t23:20:30", "t23:20:30z", "t23:20:30+04:30". */
static void
skip_time(const char **p)
{
	const char *s = *p;

	if (*s != 't' || !is_digit(s[1]))
		return;
	s++;
	while (is_digit(*s) || *s == ':' || *s == '.')
		s++;
	if (*s == 'z') {
		s++;
	} else if ((*s == '+' || *s == '-') && is_digit(s[1])) {
		s++;
		while (is_digit(*s) || *s == ':')
			s++;
	}
	*p = s;
}

/* "1865", "1865-03", "1865-03-02", "1985-04-XX", "2004-XX", "2001-21" (a
 * season: 21 spring to 24 winter), "-1985", with a time after the day. Two
 * digits after the year that can be neither a month nor a season are left
 * for the range reader ("1843-45"). */
static gboolean
parse_edtf_date(const char **p, Range *r)
{
	const char *s = *p;
	gboolean neg = FALSE;
	int y, m, d;

	if (read_long_year(&s, &y)) {
		if (is_alpha(*s))
			return FALSE;
		set_year(r, y, y);
		*p = s;
		return TRUE;
	}
	if (s[0] == '-' && is_digit(s[1])) {
		neg = TRUE;
		s++;
	}
	if (!read_year(&s, &y))
		return FALSE;
	if (is_alpha(*s))
		return FALSE;
	if (neg)
		y = -y;
	if (s[0] == '-') {
		const char *t = s + 1;
		if (t[0] == 'x' && t[1] == 'x' && !is_alpha(t[2])) {
			/* month unspecified; so is the day, if there is one */
			s = t + 2;
			if (s[0] == '-' && s[1] == 'x' && s[2] == 'x' && !is_alpha(s[3]))
				s += 3;
		} else if (read_digits(&t, 2, &m) && m >= 21 && m <= 24) {
			s = t;
		} else if (t = s + 1, read_digits(&t, 2, &m) && m >= 1 && m <= 12) {
			s = t;
			if (s[0] == '-') {
				t = s + 1;
				if (t[0] == 'x' && t[1] == 'x' && !is_alpha(t[2])) {
					s = t + 2;
				} else {
					if (!read_digits(&t, 2, &d) || !valid_day(d, m, y > 0 ? y : 4))
						return FALSE;
					s = t;
					skip_time(&s);
				}
			}
		}
	}
	if (is_alpha(*s))
		return FALSE;
	set_year(r, y, y);
	*p = s;
	return TRUE;
}

/* The years of the French Republican calendar: "an VIII" ran from September
 * 1799 to September 1800; an I began in 1792, an XIV ended with 1805. */
static gboolean
parse_republican(const char **p, Range *r)
{
	const char *s = *p;
	int n = 0;

	if (s[0] == 'l' && s[1] == '\'')
		s += 2;
	if (!eat_word(&s, "an"))
		return FALSE;
	skip_ws(&s);
	if (is_digit(*s)) {
		if (!read_small(&s, &n))
			return FALSE;
	} else {
		gsize run = 0;
		while (roman_value(s[run]))
			run++;
		if (run == 0 || is_alpha(s[run]) || !(n = roman_parse(s, run)))
			return FALSE;
		s += run;
	}
	if (n < 1 || n > 14)
		return FALSE;
	set_year(r, 1791 + n, 1792 + n);
	*p = s;
	return TRUE;
}

/* Each may be followed by '.' ("ca.", "c.", "v."). */
static const char *const approx_words[] = {
	"vers", "circa", "ca", "c", "v", "env", "environ", "about", "around",
	"approximately", "approx", "autour de", "um", "gegen", "~", NULL
};

/* A date with its qualifiers: "vers 1860", "1865~", "1865?", "1860 ?". */
static gboolean
parse_single(const char **p, Range *r)
{
	const char *s = *p;
	const char *t;
	gboolean approx = FALSE;

	memset(r, 0, sizeof *r);
	skip_ws(&s);
	if (eat_any(&s, approx_words)) {
		approx = TRUE;
		skip_ws(&s);
	}
	t = s;
	if (parse_century(&t, r) || (t = s, parse_republican(&t, r)) || (t = s, parse_decade(&t, r)) ||
	    (t = s, parse_calendar(&t, r)) || (t = s, parse_edtf_date(&t, r)) ||
	    (t = s, parse_masked(&t, r)))
		s = t;
	else
		return FALSE;
	r->approx |= approx;
	r->widen = r->word = approx;
	for (;;) {
		const char *q = s;
		skip_ws(&q);
		if (*s == '~') {
			r->approx = r->widen = TRUE;
			s++;
		} else if (*s == '%') {
			r->approx = r->uncertain = r->widen = TRUE;
			s++;
		} else if (*q == '?') {
			r->uncertain = TRUE;
			s = q + 1;
		} else {
			break;
		}
	}
	*p = s;
	return TRUE;
}

static const char *const range_seps[] = { "-", "/", "a", "au", "to", "..", "ou", "or", NULL };

static gboolean
eat_sep(const char **p)
{
	const char *s = *p;

	skip_ws(&s);
	for (int i = 0; range_seps[i]; i++) {
		gsize n = strlen(range_seps[i]);
		if (strncmp(s, range_seps[i], n) == 0 && !(is_alpha(s[0]) && is_alpha(s[n]))) {
			*p = s + n;
			return TRUE;
		}
	}
	return FALSE;
}

static gboolean
join(Range *out, Range *a, Range *b)
{
	/* "vers 1843-1845": the word covers the whole range */
	if (a->word)
		b->widen = b->approx = TRUE;
	apply_widen(a);
	apply_widen(b);
	if (a->lo > b->hi)
		return FALSE;
	out->lo = a->lo;
	out->hi = b->hi;
	out->approx = a->approx || b->approx;
	out->uncertain = a->uncertain || b->uncertain;
	return TRUE;
}

/* "1843-1845", "1843 - 1845", "1860/1869", "entre 1840 et 1845",
 * "between 1840 and 1845", "de 1843 à 1845", "from 1843 to 1845", and the
 * short "1843-45". */
static gboolean
parse_range(const char **p, Range *out)
{
	static const struct {
		const char *open, *link;
	} framed[] = { { "entre", "et" },  { "between", "and" }, { "de", "a" },
		       { "du", "au" },     { "from", "to" },      { "from", "until" } };
	static const char *const before[] = { "avant", "before", "vor", "not after", "pas apres", NULL };
	static const char *const after[] = { "apres", "after", "nach", "not before", "pas avant", NULL };
	const char *s = *p;
	Range a, b;

	/* open or unknown start: "../1985", "/1985", "avant 1870" */
	{
		const char *t = s;
		gboolean open = FALSE;
		if (t[0] == '.' && t[1] == '.' && t[2] == '/') {
			t += 3;
			open = TRUE;
		} else if (t[0] == '/') {
			t++;
			open = TRUE;
		} else if (eat_any(&t, before)) {
			open = TRUE;
		}
		if (open) {
			if (!parse_single(&t, &b))
				return FALSE;
			apply_widen(&b);
			*out = b;
			out->lo = PL_DATE_OPEN_START;
			out->open_lo = TRUE;
			*p = t;
			return TRUE;
		}
		t = s;
		if (eat_any(&t, after)) {
			if (!parse_single(&t, &a))
				return FALSE;
			apply_widen(&a);
			*out = a;
			out->hi = PL_DATE_OPEN_END;
			out->open_hi = TRUE;
			*p = t;
			return TRUE;
		}
	}
	for (gsize i = 0; i < G_N_ELEMENTS(framed); i++) {
		const char *t = s;
		if (!eat_word(&t, framed[i].open))
			continue;
		if (!parse_single(&t, &a))
			continue;
		skip_ws(&t);
		if (!eat_word(&t, framed[i].link) || !parse_single(&t, &b) || !join(out, &a, &b))
			continue;
		*p = t;
		return TRUE;
	}
	if (!parse_single(&s, &a))
		return FALSE;
	{
		const char *t = s;
		int yy;
		/* open or unknown end: "1985/..", "1985/" */
		skip_ws(&t);
		if (*t == '/') {
			const char *u = t + 1;
			skip_ws(&u);
			if (u[0] == '.' && u[1] == '.' && !is_digit(u[2]))
				u += 2;
			skip_ws(&u);
			if (*u == '\0') {
				apply_widen(&a);
				*out = a;
				out->hi = PL_DATE_OPEN_END;
				out->open_hi = TRUE;
				*p = u;
				return TRUE;
			}
		}
		t = s;
		if (eat_sep(&t)) {
			const char *u = t;
			skip_ws(&u);
			if (parse_single(&u, &b) && join(out, &a, &b)) {
				*p = u;
				return TRUE;
			}
			u = t;
			skip_ws(&u);
			/* "1843-45" and "1843-5" */
			int nd = 0;
			if (read_digits(&u, 2, &yy)) {
				nd = 2;
			} else {
				u = t;
				skip_ws(&u);
				if (read_digits(&u, 1, &yy))
					nd = 1;
			}
			if (nd && !is_alpha(*u) && a.lo > 0) {
				b = (Range){ 0 };
				b.lo = b.hi = nd == 1 ? a.lo - a.lo % 10 + yy : a.lo - a.lo % 100 + yy;
				if (b.hi > a.hi) {
					const char *q = u;
					skip_ws(&q);
					if (*q == '?') {
						b.uncertain = TRUE;
						u = q + 1;
					}
					join(out, &a, &b);
					*p = u;
					return TRUE;
				}
			}
		}
	}
	apply_widen(&a);
	*out = a;
	*p = s;
	return TRUE;
}

/* EDTF sets: "[1860..1869]", "[1860, 1865]", "{1860..1869}". */
static gboolean
parse_set(const char *text, Range *out)
{
	const char *s = text;
	char close;
	gboolean any = FALSE;

	if (*s == '[')
		close = ']';
	else if (*s == '{')
		close = '}';
	else
		return FALSE;
	s++;
	for (;;) {
		Range a, b;
		skip_ws(&s);
		if (!parse_single(&s, &a))
			return FALSE;
		skip_ws(&s);
		if (s[0] == '.' && s[1] == '.') {
			s += 2;
			skip_ws(&s);
			if (!parse_single(&s, &b) || !join(&a, &a, &b))
				return FALSE;
			skip_ws(&s);
		}
		apply_widen(&a);
		if (!any) {
			*out = a;
			any = TRUE;
		} else {
			out->lo = MIN(out->lo, a.lo);
			out->hi = MAX(out->hi, a.hi);
			out->approx |= a.approx;
			out->uncertain |= a.uncertain;
		}
		if (*s == ',') {
			s++;
			continue;
		}
		break;
	}
	if (*s != close)
		return FALSE;
	s++;
	skip_ws(&s);
	return *s == '\0';
}

static gboolean
parse_folded(const char *s, Range *r)
{
	if (!parse_range(&s, r))
		return FALSE;
	skip_ws(&s);
	return *s == '\0' && r->lo <= r->hi;
}

/* "s.d.", "s. d.", "[s.d.]", "n.d.", "o. J.", "sans date", "no date": the
 * cataloguer's statement that the item bears no date. */
static gboolean
is_no_date(const char *folded)
{
	static const char *const forms[] = { "s.d", "sd", "sans date", "sansdate", "n.d", "nd",
		                             "no date", "nodate", "undated", "o.j", "ohne jahr",
		                             "ohnejahr", "s.a", "sine anno", "sineanno", "sans date",
		                             "date inconnue", "dateinconnue", NULL };
	g_autoptr(GString) s = g_string_new(NULL);

	for (const char *p = folded; *p; p++)
		if (*p != ' ')
			g_string_append_c(s, *p);
	while (s->len && s->str[s->len - 1] == '.')
		g_string_truncate(s, s->len - 1);
	for (int i = 0; forms[i]; i++) {
		g_autofree char *f = g_strdup(forms[i]);
		char *w = f, *r = f;
		for (; *r; r++)
			if (*r != ' ')
				*w++ = *r;
		*w = '\0';
		if (strcmp(s->str, f) == 0)
			return TRUE;
	}
	return FALSE;
}

int
pl_date_parse(const char *text, PlDate *out)
{
	g_autofree char *folded = NULL;
	g_autofree char *raw = NULL;
	Range r = { 0 };
	gboolean ok;
	gsize n;

	if (!text || strlen(text) > MAX_DATE_TEXT)
		return -1;
	{
		g_autofree char *f = fold_text(text);
		if (f && *f && is_no_date(f)) {
			if (out)
				memset(out, 0, sizeof *out);
			return 1;
		}
	}
	/* sets need their brackets, which fold_text drops */
	raw = g_strstrip(g_ascii_strdown(text, -1));
	ok = parse_set(raw, &r) && r.lo <= r.hi;
	if (!ok) {
		folded = fold_text(text);
		if (!folded)
			return -1;
		ok = parse_folded(folded, &r);
		/* ISBD ends an area with '.': "1865." (but "185." is a decade) */
		n = strlen(folded);
		if (!ok && n > 1 && folded[n - 1] == '.') {
			folded[n - 1] = '\0';
			ok = parse_folded(folded, &r);
		}
	}
	if (!ok)
		return -1;
	if (out) {
		out->earliest = r.lo;
		out->latest = r.hi;
		out->approximate = r.approx;
		out->uncertain = r.uncertain;
		out->open_start = r.open_lo;
		out->open_end = r.open_hi;
	}
	return 0;
}

/* Widened: a PlDate filled by hand may hold INT_MIN. */
static void
append_year(GString *s, int y)
{
	gint64 v = y;

	/* EDTF level 1 marks years of more than four digits with a Y */
	if (v > 9999 || v < -9999)
		g_string_append_printf(s, "Y%" G_GINT64_FORMAT, v);
	else if (v < 0)
		g_string_append_printf(s, "-%04" G_GINT64_FORMAT, -v);
	else
		g_string_append_printf(s, "%04" G_GINT64_FORMAT, v);
}

char *
pl_date_to_edtf(const PlDate *date)
{
	const char *q;
	GString *s;
	int lo, hi;

	if (!date)
		return NULL;
	q = date->approximate && date->uncertain ? "%" :
	    date->approximate                    ? "~" :
	    date->uncertain                      ? "?" :
	                                           "";
	lo = date->earliest;
	hi = date->latest;
	s = g_string_new(NULL);
	/* what the parser widened, narrowed back: "1855~/1865~" is "1860~" */
	if (date->approximate && date->open_end) {
		append_year(s, lo == 1 ? lo : lo + PL_DATE_APPROX_YEARS);
		g_string_append(s, q);
		g_string_append(s, "/..");
		return g_string_free(s, FALSE);
	}
	if (date->approximate && date->open_start) {
		g_string_append(s, "../");
		append_year(s, hi - PL_DATE_APPROX_YEARS);
		g_string_append(s, q);
		return g_string_free(s, FALSE);
	}
	if (date->open_end || date->open_start) {
		if (date->open_start)
			g_string_append(s, "../");
		append_year(s, date->open_start ? hi : lo);
		g_string_append(s, q);
		if (date->open_end)
			g_string_append(s, "/..");
		return g_string_free(s, FALSE);
	}
	if (date->approximate && (gint64)hi - lo >= 2 * PL_DATE_APPROX_YEARS && lo > G_MININT + 10) {
		lo += PL_DATE_APPROX_YEARS;
		hi -= PL_DATE_APPROX_YEARS;
	}
	if (lo == hi) {
		append_year(s, lo);
	} else if (lo >= 0 && hi <= 9999 && lo % 10 == 0 && hi == lo + 9) {
		g_string_append_printf(s, "%03dX", lo / 10);
	} else if (lo >= 0 && hi <= 9999 && lo % 100 == 0 && hi == lo + 99) {
		g_string_append_printf(s, "%02dXX", lo / 100);
	} else if (lo >= 0 && hi <= 9999 && lo % 1000 == 0 && hi == lo + 999) {
		g_string_append_printf(s, "%dXXX", lo / 1000);
	} else {
		append_year(s, lo);
		g_string_append(s, q);
		g_string_append_c(s, '/');
		append_year(s, hi);
	}
	g_string_append(s, q);
	return g_string_free(s, FALSE);
}

/* Rights statements. Free text is compared in a "compact" form (lower case,
 * no accents, letters, digits and '.' only) so that "NoC-US", "noc us" and
 * "No Copyright - United States" meet; Creative Commons licences are read
 * token by token, since people write them in many orders and spellings. */
#include "provenance/rights.h"

#include <string.h>

#include "util/util.h"

#define RS_PREFIX "http://rightsstatements.org/vocab/"
#define CC_PREFIX "https://creativecommons.org/licenses/"
#define MAX_RIGHTS_TEXT 512

/* RightsStatements.org's twelve statements and their English labels. */
static const struct {
	const char *code, *label;
} rs_statements[] = {
	{ "InC", "In Copyright" },
	{ "InC-OW-EU", "In Copyright - EU Orphan Work" },
	{ "InC-EDU", "In Copyright - Educational Use Permitted" },
	{ "InC-NC", "In Copyright - Non-Commercial Use Permitted" },
	{ "InC-RUU", "In Copyright - Rights-holder(s) Unlocatable or Unidentifiable" },
	{ "NoC-CR", "No Copyright - Contractual Restrictions" },
	{ "NoC-NC", "No Copyright - Non-Commercial Use Only" },
	{ "NoC-OKLR", "No Copyright - Other Known Legal Restrictions" },
	{ "NoC-US", "No Copyright - United States" },
	{ "CNE", "Copyright Not Evaluated" },
	{ "UND", "Copyright Undetermined" },
	{ "NKC", "No Known Copyright" },
};

/* What people write for the public domain, CC0 and plain copyright, in
 * compact form. */
static const struct {
	const char *compact, *uri;
} phrases[] = {
	{ "publicdomain", PL_RIGHTS_PDM },
	{ "domainepublic", PL_RIGHTS_PDM },
	{ "pdm", PL_RIGHTS_PDM },
	{ "pd", PL_RIGHTS_PDM },
	{ "pdm1.0", PL_RIGHTS_PDM },
	{ "publicdomainmark", PL_RIGHTS_PDM },
	{ "publicdomainmark1.0", PL_RIGHTS_PDM },
	{ "cc0", PL_RIGHTS_CC0 },
	{ "cc01.0", PL_RIGHTS_CC0 },
	{ "cc0universal", PL_RIGHTS_CC0 },
	{ "cc01.0universal", PL_RIGHTS_CC0 },
	{ "cczero", PL_RIGHTS_CC0 },
	{ "creativecommonszero", PL_RIGHTS_CC0 },
	{ "publicdomaindedication", PL_RIGHTS_CC0 },
	{ "allrightsreserved", RS_PREFIX "InC/1.0/" },
	{ "tousdroitsreserves", RS_PREFIX "InC/1.0/" },
	{ "sousdroits", RS_PREFIX "InC/1.0/" },
};

static char *
fold(const char *text)
{
	g_autofree char *nfkd = g_utf8_normalize(text, -1, G_NORMALIZE_ALL);
	GString *s;

	if (!nfkd)
		return NULL;
	s = g_string_new(NULL);
	for (const char *p = nfkd; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_type(c) == G_UNICODE_NON_SPACING_MARK)
			continue;
		if (c < 0x80)
			g_string_append_c(s, g_ascii_tolower((char)c));
		else if (g_unichar_isspace(c) || (c >= 0x2010 && c <= 0x2015))
			g_string_append_c(s, ' ');
		else
			g_string_append_unichar(s, c);
	}
	return g_string_free(s, FALSE);
}

static char *
compact(const char *folded)
{
	GString *s = g_string_new(NULL);

	for (const char *p = folded; *p; p++)
		if (g_ascii_isalnum(*p) || *p == '.')
			g_string_append_c(s, *p);
	return g_string_free(s, FALSE);
}

static const char *
rs_code_from_compact(const char *c)
{
	for (gsize i = 0; i < G_N_ELEMENTS(rs_statements); i++) {
		g_autofree char *fc = fold(rs_statements[i].code);
		g_autofree char *cc = compact(fc);
		g_autofree char *fl = fold(rs_statements[i].label);
		g_autofree char *cl = compact(fl);
		if (strcmp(c, cc) == 0 || strcmp(c, cl) == 0)
			return rs_statements[i].code;
	}
	return NULL;
}

typedef struct {
	gboolean cc, by, nc, sa, nd;
	char version[4]; /* "4.0" */
	char port[4];    /* "fr", "igo" or "" */
} CcLicence;

static gboolean
cc_version(const char *t, char out[4])
{
	static const char *const known[] = { "1.0", "2.0", "2.1", "2.5", "3.0", "4.0", NULL };
	char v[4];

	if (g_ascii_isdigit(t[0]) && t[1] == '\0')
		g_snprintf(v, sizeof v, "%c.0", t[0]);
	else if (g_ascii_isdigit(t[0]) && t[1] == '.' && g_ascii_isdigit(t[2]) && t[3] == '\0')
		g_strlcpy(v, t, sizeof v);
	else
		return FALSE;
	for (int i = 0; known[i]; i++)
		if (strcmp(v, known[i]) == 0) {
			memcpy(out, v, sizeof v);
			return TRUE;
		}
	return FALSE;
}

/* One licence element; two-word spellings look at the next token. Returns the
 * number of tokens used, 0 if t is not an element. */
static int
cc_element(CcLicence *l, char **t)
{
	const char *a = t[0], *b = t[1] ? t[1] : "";

	if (!strcmp(a, "by") || !strcmp(a, "attribution"))
		return l->by = TRUE, 1;
	if (!strcmp(a, "sa") || !strcmp(a, "sharealike"))
		return l->sa = TRUE, 1;
	if (!strcmp(a, "share") && !strcmp(b, "alike"))
		return l->sa = TRUE, 2;
	if (!strcmp(a, "nc") || !strcmp(a, "noncommercial"))
		return l->nc = TRUE, 1;
	if (!strcmp(a, "non") && !strcmp(b, "commercial"))
		return l->nc = TRUE, 2;
	if (!strcmp(a, "nd") || !strcmp(a, "noderivatives") || !strcmp(a, "noderivs"))
		return l->nd = TRUE, 1;
	if (!strcmp(a, "no") && (!strcmp(b, "derivatives") || !strcmp(b, "derivs")))
		return l->nd = TRUE, 2;
	return 0;
}

static char *
cc_uri(const CcLicence *l, const char *text, GError **error)
{
	const char *elems;

	if (!l->by || (l->sa && l->nd)) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s: not a Creative Commons licence", text);
		return NULL;
	}
	if (!l->version[0]) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
		            "%s: which version of the licence? (e.g. \"CC BY 4.0\")", text);
		return NULL;
	}
	if (l->port[0] && strcmp(l->version, "4.0") == 0) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
		            "%s: 4.0 licences have no national versions", text);
		return NULL;
	}
	/* version 1.0 spelt it by-nd-nc */
	if (l->nc && l->nd)
		elems = strcmp(l->version, "1.0") == 0 ? "by-nd-nc" : "by-nc-nd";
	else if (l->nc && l->sa)
		elems = "by-nc-sa";
	else if (l->nc)
		elems = "by-nc";
	else if (l->sa)
		elems = "by-sa";
	else if (l->nd)
		elems = "by-nd";
	else
		elems = "by";
	if (l->port[0])
		return g_strdup_printf(CC_PREFIX "%s/%s/%s/", elems, l->version, l->port);
	return g_strdup_printf(CC_PREFIX "%s/%s/", elems, l->version);
}

static gboolean
is_port(const char *t)
{
	return (strlen(t) == 2 && g_ascii_isalpha(t[0]) && g_ascii_isalpha(t[1])) ||
	       strcmp(t, "igo") == 0;
}

static const char *const cc_noise[] = { "international", "unported", "generic", "license",
	                                "licence",       "licenses", "licences", NULL };

static gboolean
is_noise(const char *t)
{
	return g_strv_contains(cc_noise, t);
}

/* "CC BY-SA 3.0 FR", "cc-by-4.0", "Creative Commons Attribution-ShareAlike
 * 4.0 International". */
static char *
cc_from_text(const char *folded, const char *text, GError **error)
{
	g_auto(GStrv) raw = g_strsplit_set(folded, " \t-_/,;:()", -1);
	g_autoptr(GPtrArray) tok = g_ptr_array_new();
	CcLicence l = { 0 };
	guint i = 0;

	for (char **r = raw; *r; r++)
		if (**r)
			g_ptr_array_add(tok, *r);
	g_ptr_array_add(tok, NULL);
	char **t = (char **)tok->pdata;

	if (t[0] && !strcmp(t[0], "cc"))
		i = 1;
	else if (t[0] && !strcmp(t[0], "creativecommons"))
		i = 1;
	else if (t[0] && t[1] && !strcmp(t[0], "creative") && !strcmp(t[1], "commons"))
		i = 2;
	else
		return NULL;
	l.cc = TRUE;
	for (; t[i]; i++) {
		int used = cc_element(&l, t + i);
		if (used) {
			i += used - 1;
		} else if (!l.version[0] && cc_version(t[i], l.version)) {
			continue;
		} else if (l.version[0] && !l.port[0] && is_port(t[i])) {
			g_strlcpy(l.port, t[i], sizeof l.port);
		} else if (!is_noise(t[i])) {
			g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
			            "%s: \"%s\" is not part of a Creative Commons licence name", text, t[i]);
			return NULL;
		}
	}
	return cc_uri(&l, text, error);
}

static gboolean
eat(const char **p, const char *prefix)
{
	gsize n = strlen(prefix);

	if (g_ascii_strncasecmp(*p, prefix, n) != 0)
		return FALSE;
	*p += n;
	return TRUE;
}

/* A path segment into out (at most size-1 bytes), lower-cased; returns the
 * bytes read or 0 when the segment is empty or too long. */
static gsize
segment(const char *p, char *out, gsize size)
{
	gsize n = strcspn(p, "/?#");

	if (n == 0 || n >= size)
		return 0;
	for (gsize i = 0; i < n; i++)
		out[i] = g_ascii_tolower(p[i]);
	out[n] = '\0';
	return n;
}

/* After the version: an optional port, "deed.xx" or "legalcode[.xx]", '/',
 * and a query or fragment. */
static gboolean
cc_url_tail(const char *p, CcLicence *l)
{
	char seg[32];
	gsize n;

	if (*p == '/')
		p++;
	if ((n = segment(p, seg, sizeof seg)) && is_port(seg)) {
		g_strlcpy(l->port, seg, sizeof l->port);
		p += n;
		if (*p == '/')
			p++;
	}
	if ((n = segment(p, seg, sizeof seg)) &&
	    (g_str_has_prefix(seg, "deed") || g_str_has_prefix(seg, "legalcode"))) {
		p += n;
		if (*p == '/')
			p++;
	}
	return *p == '\0' || *p == '?' || *p == '#';
}

static char *
from_uri(const char *uri, GError **error)
{
	const char *p = uri;
	char seg[32];
	gsize n;

	if (!eat(&p, "https://") && !eat(&p, "http://"))
		return NULL;
	eat(&p, "www.");
	if (eat(&p, "rightsstatements.org/")) {
		if (!eat(&p, "vocab/") && !eat(&p, "page/"))
			goto bad;
		n = strcspn(p, "/?#");
		for (gsize i = 0; i < G_N_ELEMENTS(rs_statements); i++) {
			const char *code = rs_statements[i].code;
			if (strlen(code) == n && g_ascii_strncasecmp(p, code, n) == 0) {
				const char *q = p + n;
				if (eat(&q, "/1.0") && (*q == '\0' || strchr("/?#", *q)) &&
				    (*q != '/' || q[1] == '\0' || strchr("?#", q[1])))
					return g_strdup_printf(RS_PREFIX "%s/1.0/", code);
			}
		}
		goto bad;
	}
	if (eat(&p, "creativecommons.org/")) {
		CcLicence l = { 0 };
		if (eat(&p, "publicdomain/")) {
			const char *uri_out = NULL;
			if (eat(&p, "zero/1.0"))
				uri_out = PL_RIGHTS_CC0;
			else if (eat(&p, "mark/1.0"))
				uri_out = PL_RIGHTS_PDM;
			if (!uri_out || !cc_url_tail(p, &l) || l.port[0])
				goto bad;
			return g_strdup(uri_out);
		}
		if (!eat(&p, "licenses/") || !(n = segment(p, seg, sizeof seg)))
			goto bad;
		{
			g_auto(GStrv) parts = g_strsplit(seg, "-", -1);
			for (char **e = parts; *e; e++)
				if (!cc_element(&l, e) || !**e)
					goto bad;
		}
		p += n;
		if (*p != '/' || !(n = segment(p + 1, seg, sizeof seg)) || !cc_version(seg, l.version))
			goto bad;
		p += 1 + n;
		if (!cc_url_tail(p, &l))
			goto bad;
		return cc_uri(&l, uri, error);
	}
bad:
	g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
	            "%s: not a RightsStatements.org or Creative Commons URI planche knows", uri);
	return NULL;
}

char *
pl_rights_normalise(const char *text, GError **error)
{
	g_autofree char *t = NULL;
	g_autofree char *folded = NULL;
	g_autofree char *c = NULL;
	const char *code;
	char *uri;
	GError *cc_error = NULL;

	if (!text || strlen(text) > MAX_RIGHTS_TEXT || !g_utf8_validate(text, -1, NULL)) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "not a rights statement (empty, too long or not UTF-8)");
		return NULL;
	}
	t = g_strstrip(g_strdup(text));
	if (!*t) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "no rights statement given");
		return NULL;
	}
	if (g_ascii_strncasecmp(t, "http://", 7) == 0 || g_ascii_strncasecmp(t, "https://", 8) == 0)
		return from_uri(t, error);
	folded = fold(t);
	c = compact(folded);
	for (gsize i = 0; i < G_N_ELEMENTS(phrases); i++)
		if (strcmp(c, phrases[i].compact) == 0)
			return g_strdup(phrases[i].uri);
	if ((code = rs_code_from_compact(c)))
		return g_strdup_printf(RS_PREFIX "%s/1.0/", code);
	uri = cc_from_text(folded, t, &cc_error);
	if (uri || cc_error) {
		if (cc_error)
			g_propagate_error(error, cc_error);
		return uri;
	}
	g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
	            "%s: not a rights statement planche knows (try \"public domain\", \"CC0\", "
	            "\"CC BY 4.0\", \"InC\" or a rightsstatements.org URI)",
	            t);
	return NULL;
}

/* Labels of licences are made on demand and interned, so the returned
 * string lives as long as the program, as for the fixed ones. */
const char *
pl_rights_label(const char *uri)
{
	g_autofree char *canon = NULL;

	if (!uri || (g_ascii_strncasecmp(uri, "http://", 7) != 0 &&
	             g_ascii_strncasecmp(uri, "https://", 8) != 0))
		return NULL;
	canon = pl_rights_normalise(uri, NULL);
	if (!canon)
		return NULL;
	if (strcmp(canon, PL_RIGHTS_PDM) == 0)
		return "Public Domain Mark 1.0";
	if (strcmp(canon, PL_RIGHTS_CC0) == 0)
		return "CC0 1.0 Universal";
	if (g_str_has_prefix(canon, RS_PREFIX)) {
		const char *code = canon + strlen(RS_PREFIX);
		for (gsize i = 0; i < G_N_ELEMENTS(rs_statements); i++) {
			gsize n = strlen(rs_statements[i].code);
			if (strncmp(code, rs_statements[i].code, n) == 0 && code[n] == '/')
				return rs_statements[i].label;
		}
		return NULL;
	}
	if (g_str_has_prefix(canon, CC_PREFIX)) {
		g_auto(GStrv) parts = g_strsplit(canon + strlen(CC_PREFIX), "/", -1);
		g_autofree char *elems = NULL;
		g_autofree char *port = NULL;
		g_autofree char *label = NULL;

		if (g_strv_length(parts) < 3)
			return NULL;
		elems = g_ascii_strup(parts[0], -1);
		port = g_ascii_strup(parts[2], -1);
		label = g_strdup_printf("CC %s %s%s%s", elems, parts[1], *port ? " " : "", port);
		return g_intern_string(label);
	}
	return NULL;
}

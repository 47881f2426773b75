/* Archive identifiers. Everything here works on bytes of the given string and
 * never reads past its NUL, so any input, valid UTF-8 or not, is safe. */
#include "provenance/identifier.h"

#include <string.h>

#include "util/util.h"

#define GALLICA_NAAN "12148"
#define NOID_ALPHABET "0123456789bcdfghjkmnpqrstvwxz"
/* Longer input is not an identifier; the cap keeps error messages short. */
#define MAX_TEXT 2048
#define MAX_VIEW_DIGITS 6
/* NOID names are short; MediaWiki titles are at most 255 bytes. Both caps
 * keep every canonical URL under MAX_TEXT, so it parses back. */
#define MAX_NAME 64
#define MAX_COMMONS_NAME 255

/* The four Gallica name families (books and periodicals, prints and
 * manuscripts, objects, catalogue records). */
static const char *const gallica_prefixes[] = { "bpt6k", "btv1b", "bd6t", "cb", NULL };

PlIdentifier *
pl_identifier_new(void)
{
	return g_new0(PlIdentifier, 1);
}

void
pl_identifier_free(PlIdentifier *id)
{
	if (!id)
		return;
	g_free(id->scheme);
	g_free(id->authority);
	g_free(id->local_id);
	g_free(id->view);
	g_free(id->url);
	g_free(id->value);
	g_free(id->source);
	g_free(id);
}

PlIdentifier *
pl_identifier_copy(const PlIdentifier *id)
{
	PlIdentifier *c;

	if (!id)
		return NULL;
	c = pl_identifier_new();
	c->scheme = g_strdup(id->scheme);
	c->authority = g_strdup(id->authority);
	c->local_id = g_strdup(id->local_id);
	c->view = g_strdup(id->view);
	c->url = g_strdup(id->url);
	c->value = g_strdup(id->value);
	c->source = g_strdup(id->source);
	return c;
}

static int
noid_value(char c)
{
	const char *p;

	if (c == '\0')
		return -1;
	p = strchr(NOID_ALPHABET, c);
	return p ? (int)(p - NOID_ALPHABET) : -1;
}

/* The header's contract: a name with a character outside the alphabet has no
 * check character (NOID would count it as 0, which only matters for the '/'
 * of "NAAN/name"; Gallica's check runs over the bare name, whose characters
 * are all in the alphabet). */
char
pl_noid_check_char(const char *name, gssize len)
{
	guint64 sum = 0;
	gsize n, i;

	if (!name)
		return 0;
	n = len < 0 ? strlen(name) : (gsize)len;
	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		int v = noid_value(name[i]);
		if (v < 0)
			return 0;
		sum = (sum + (guint64)(i + 1) * (guint64)v) % 29;
	}
	return NOID_ALPHABET[sum];
}

gboolean
pl_noid_valid(const char *name)
{
	gsize n;
	char want;

	if (!name)
		return FALSE;
	n = strlen(name);
	if (n < 2)
		return FALSE;
	want = pl_noid_check_char(name, (gssize)(n - 1));
	return want != 0 && want == name[n - 1];
}

static gboolean
is_name_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z');
}

static gboolean
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Length of the run of [0-9a-z] starting at s. */
static gsize
name_run(const char *s)
{
	gsize n = 0;

	while (is_name_char(s[n]))
		n++;
	return n;
}

/* A Gallica name as it appears outside an explicit "ark:/12148/": a known
 * prefix, digits, then the check character (a digit or alphabet letter).
 * Strict so that ordinary words in file names are not taken for ARKs. */
static gboolean
looks_like_gallica_name(const char *s, gsize n)
{
	for (int i = 0; gallica_prefixes[i]; i++) {
		gsize plen = strlen(gallica_prefixes[i]);
		gsize digits = 0, j;

		if (n <= plen || strncmp(s, gallica_prefixes[i], plen) != 0)
			continue;
		for (j = plen; j < n && is_digit(s[j]); j++)
			digits++;
		if (j == n - 1 && noid_value(s[j]) >= 0)
			return digits >= 5;
		if (j == n)
			return digits >= 6; /* the check character is a digit */
	}
	return FALSE;
}

/* Reads "f<digits>" at s; sets *view (leading zeros dropped) and returns the
 * number of bytes read, or 0. Views are numbered from 1: f0 is not one. */
static gsize
read_view(const char *s, char **view)
{
	gsize i = 1, start;

	*view = NULL;
	if (s[0] != 'f' || !is_digit(s[1]))
		return 0;
	while (s[i] == '0')
		i++;
	start = i;
	while (is_digit(s[i]))
		i++;
	if (i == start || i - start > MAX_VIEW_DIGITS)
		return 0;
	*view = g_strndup(s + start, i - start);
	return i;
}

static void
set_gallica(PlIdentifier *id, const char *name, gsize n, char *view)
{
	id->scheme = g_strdup("ark");
	id->authority = g_strdup(GALLICA_NAAN);
	id->local_id = g_strndup(name, n);
	id->view = view;
	id->value = g_strdup_printf("ark:/" GALLICA_NAAN "/%s", id->local_id);
	if (view)
		id->url = g_strdup_printf("https://gallica.bnf.fr/%s/f%s.item", id->value, view);
	else
		id->url = g_strdup_printf("https://gallica.bnf.fr/%s", id->value);
	id->source = g_strdup("gallica");
}

static int
check_gallica_name(const char *name, gsize n, GError **error)
{
	char want;

	if (n < 2 || n > MAX_NAME) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "ark:/" GALLICA_NAAN "/%.*s: not an ARK name",
		            (int)MIN(n, MAX_NAME), name);
		return -1;
	}
	want = pl_noid_check_char(name, (gssize)(n - 1));
	if (want == 0) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
		            "ark:/" GALLICA_NAAN "/%.*s: not an ARK name (a character outside the NOID alphabet)",
		            (int)n, name);
		return -1;
	}
	if (want != name[n - 1]) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
		            "ark:/" GALLICA_NAAN "/%.*s: wrong check character (expected %c)", (int)n, name, want);
		return -1;
	}
	return 0;
}

static gboolean
has_prefix_ci(const char *s, const char *prefix)
{
	return g_ascii_strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* "ark:/12148/" or the newer "ark:12148/"; returns the bytes read or 0. */
static gsize
gallica_ark_prefix(const char *s)
{
	if (has_prefix_ci(s, "ark:/" GALLICA_NAAN "/"))
		return strlen("ark:/" GALLICA_NAAN "/");
	if (has_prefix_ci(s, "ark:" GALLICA_NAAN "/"))
		return strlen("ark:" GALLICA_NAAN "/");
	return 0;
}

/* s points just after "ark:/12148/". The name may be followed by a view
 * ("/f12", "/f12.item", "/f12/full/full/0/native.jpg", "/f1n5.texteImage"),
 * a Gallica suffix (".item", ".texteImage", "/manifest.json", "/date") or a
 * query or fragment: none of those change the document. */
static int
parse_gallica_after_prefix(const char *text, const char *s, PlIdentifier **out, GError **error)
{
	gsize n = name_run(s);
	const char *rest = s + n;
	char *view = NULL;
	PlIdentifier *id;

	if (n == 0 || (*rest && !strchr("/.?#", *rest))) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s: not a Gallica ARK", text);
		return -1;
	}
	if (check_gallica_name(s, n, error) < 0)
		return -1;
	if (rest[0] == '/') {
		gsize v = read_view(rest + 1, &view);
		if (v && rest[1 + v] && !strchr("./?#n", rest[1 + v]))
			g_clear_pointer(&view, g_free);
	}
	id = pl_identifier_new();
	set_gallica(id, s, n, view);
	*out = id;
	return 0;
}

/* A bare name, with an optional view ("btv1b8451605w_f12"): nothing else. */
static int
parse_bare_gallica(const char *text, PlIdentifier **out, GError **error)
{
	gsize n = name_run(text);
	const char *rest = text + n;
	char *view = NULL;
	PlIdentifier *id;

	if (!looks_like_gallica_name(text, n))
		return 1;
	if (*rest) {
		gsize v = 0;
		if (strchr("_-./", *rest))
			v = read_view(rest + 1, &view);
		if (v == 0 || rest[1 + v] != '\0') {
			g_free(view);
			return 1;
		}
	}
	if (check_gallica_name(text, n, error) < 0) {
		g_free(view);
		return -1;
	}
	id = pl_identifier_new();
	set_gallica(id, text, n, view);
	*out = id;
	return 0;
}

static gboolean
is_ia_char(char c)
{
	return g_ascii_isalnum(c) || c == '.' || c == '_' || c == '-';
}

/* Archive.org identifiers: letters, digits, '.', '_' and '-', 100 at most. */
static gsize
ia_run(const char *s)
{
	gsize n = 0;

	while (is_ia_char(s[n]))
		n++;
	if (n == 0 || n > 100 || !g_ascii_isalnum(s[0]))
		return 0;
	return n;
}

static void
set_ia(PlIdentifier *id, const char *ident, gsize n, char *view)
{
	id->scheme = g_strdup("internet-archive");
	id->authority = g_strdup("archive.org");
	id->local_id = g_strndup(ident, n);
	id->view = view;
	id->value = g_strdup_printf("ia:%s", id->local_id);
	if (view)
		id->url = g_strdup_printf("https://archive.org/details/%s/page/n%s", id->local_id, view);
	else
		id->url = g_strdup_printf("https://archive.org/details/%s", id->local_id);
	id->source = g_strdup("internet-archive");
}

/* "n12" is the leaf index archive.org puts in its page URLs; "n0" is the
 * first leaf, so 0 is kept. A bare "12" is a printed page label, not a view. */
static char *
ia_view(const char *s)
{
	gsize i = 1, start;

	if (s[0] != 'n' || !is_digit(s[1]))
		return NULL;
	while (s[i] == '0' && is_digit(s[i + 1]))
		i++;
	start = i;
	while (is_digit(s[i]))
		i++;
	if (i - start > MAX_VIEW_DIGITS || (s[i] && !strchr("/?#", s[i])))
		return NULL;
	return g_strndup(s + start, i - start);
}

/* path is what follows the host: "/details/ID[/page/nN]", "/download/ID/FILE",
 * "/embed/ID", "/stream/ID/...". */
static int
parse_ia_path(const char *text, const char *path, PlIdentifier **out, GError **error)
{
	static const char *const kinds[] = { "/details/", "/download/", "/embed/", "/stream/",
		                             "/metadata/", NULL };
	const char *s = NULL;
	gsize n;
	char *view = NULL;

	for (int i = 0; kinds[i]; i++)
		if (g_str_has_prefix(path, kinds[i])) {
			s = path + strlen(kinds[i]);
			break;
		}
	n = s ? ia_run(s) : 0;
	if (n == 0 || (s[n] && !strchr("/?#", s[n]))) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s: not an Internet Archive item URL", text);
		return -1;
	}
	if (g_str_has_prefix(path, "/details/") && g_str_has_prefix(s + n, "/page/"))
		view = ia_view(s + n + strlen("/page/"));
	*out = pl_identifier_new();
	set_ia(*out, s, n, view);
	return 0;
}

/* Decodes the %XX sequences of s and leaves any other '%' alone: a name
 * typed by hand may hold one ("100%_Daumier.jpg"). NULL if one decodes to NUL. */
static char *
percent_decode(const char *s, gsize n)
{
	GString *out = g_string_sized_new(n);

	for (gsize i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && g_ascii_isxdigit(s[i + 1]) &&
		    g_ascii_isxdigit(s[i + 2])) {
			char c = (char)(g_ascii_xdigit_value(s[i + 1]) * 16 + g_ascii_xdigit_value(s[i + 2]));
			if (c == '\0') {
				g_string_free(out, TRUE);
				return NULL;
			}
			g_string_append_c(out, c);
			i += 2;
		} else {
			g_string_append_c(out, s[i]);
		}
	}
	return g_string_free(out, FALSE);
}

/* MediaWiki's form of a file name: '_' for spaces, runs collapsed, no
 * leading or trailing ones, first letter upper case. NULL if it cannot be a
 * Commons file name. */
static char *
commons_name(const char *raw, gssize len)
{
	g_autofree char *dec = percent_decode(raw, len < 0 ? strlen(raw) : (gsize)len);
	GString *s;
	const char *p;
	gunichar first;
	char buf[8];
	int n;

	if (!dec || !g_utf8_validate(dec, -1, NULL))
		return NULL;
	s = g_string_new(NULL);
	for (p = dec; *p; p++) {
		char c = *p == ' ' ? '_' : *p;
		if ((guchar)c < 0x20 || c == 0x7f || strchr("#<>[]|{}/\\:", c)) {
			g_string_free(s, TRUE);
			return NULL;
		}
		/* MediaWiki refuses titles that would decode again */
		if (c == '%' && g_ascii_isxdigit(p[1]) && g_ascii_isxdigit(p[2])) {
			g_string_free(s, TRUE);
			return NULL;
		}
		if (c == '_' && (s->len == 0 || s->str[s->len - 1] == '_'))
			continue;
		g_string_append_c(s, c);
	}
	while (s->len && s->str[s->len - 1] == '_')
		g_string_truncate(s, s->len - 1);
	if (s->len > MAX_COMMONS_NAME) {
		g_string_free(s, TRUE);
		return NULL;
	}
	/* a file name has an extension and something before it */
	p = strrchr(s->str, '.');
	if (!p || p == s->str || p[1] == '\0') {
		g_string_free(s, TRUE);
		return NULL;
	}
	first = g_utf8_get_char(s->str);
	n = g_unichar_to_utf8(g_unichar_toupper(first), buf);
	g_string_erase(s, 0, g_utf8_next_char(s->str) - s->str);
	g_string_insert_len(s, 0, buf, n);
	return g_string_free(s, FALSE);
}

static int
set_commons(const char *text, const char *raw, gssize len, PlIdentifier **out, GError **error)
{
	char *name = commons_name(raw, len);
	g_autofree char *escaped = NULL;
	PlIdentifier *id;

	if (!name) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s: not a Wikimedia Commons file name", text);
		return -1;
	}
	escaped = g_uri_escape_string(name, "!$()*,;@~", FALSE);
	id = pl_identifier_new();
	id->scheme = g_strdup("wikimedia-commons");
	id->authority = g_strdup("commons.wikimedia.org");
	id->local_id = name;
	id->value = g_strdup_printf("commons:File:%s", name);
	id->url = g_strdup_printf("https://commons.wikimedia.org/wiki/File:%s", escaped);
	id->source = g_strdup("wikimedia-commons");
	*out = id;
	return 0;
}

/* "File:", and the French and old aliases people copy from wiki text. */
static gsize
commons_namespace(const char *s)
{
	static const char *const ns[] = { "File:", "Fichier:", "Image:", NULL };

	for (int i = 0; ns[i]; i++)
		if (has_prefix_ci(s, ns[i]))
			return strlen(ns[i]);
	return 0;
}

static gsize
until_query(const char *s)
{
	return strcspn(s, "?#");
}

static int
parse_commons_path(const char *text, const char *path, PlIdentifier **out, GError **error)
{
	gsize ns;

	if (g_str_has_prefix(path, "/wiki/") && (ns = commons_namespace(path + 6)))
		return set_commons(text, path + 6 + ns, (gssize)until_query(path + 6 + ns), out, error);
	if (g_str_has_prefix(path, "/w/index.php?")) {
		const char *t = strstr(path, "?title=");
		if (!t)
			t = strstr(path, "&title=");
		if (t && (ns = commons_namespace(t + 7)))
			return set_commons(text, t + 7 + ns, (gssize)strcspn(t + 7 + ns, "&#"), out, error);
	}
	g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s: not a Wikimedia Commons file page", text);
	return -1;
}

/* upload.wikimedia.org/wikipedia/commons/a/ab/Name.jpg and its thumbnails
 * .../commons/thumb/a/ab/Name.jpg/800px-Name.jpg */
static int
parse_upload_path(const char *text, const char *path, PlIdentifier **out, GError **error)
{
	const char *s = path;
	const char *end;

	if (!g_str_has_prefix(s, "/wikipedia/commons/"))
		goto bad;
	s += strlen("/wikipedia/commons/");
	if (g_str_has_prefix(s, "thumb/"))
		s += strlen("thumb/");
	if (!(g_ascii_isxdigit(s[0]) && s[1] == '/' && s[2] == s[0] && g_ascii_isxdigit(s[3]) &&
	      s[4] == '/'))
		goto bad;
	s += 5;
	end = s + strcspn(s, "/?#");
	if (end == s)
		goto bad;
	return set_commons(text, s, end - s, out, error);
bad:
	g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s: not a Wikimedia Commons file URL", text);
	return -1;
}

static gboolean
host_is(const char *host, gsize n, const char *want)
{
	gsize w = strlen(want);

	if (n == w && g_ascii_strncasecmp(host, want, n) == 0)
		return TRUE;
	/* www.archive.org, commons.m.wikimedia.org and the like */
	return n > w + 1 && host[n - w - 1] == '.' && g_ascii_strncasecmp(host + n - w, want, w) == 0;
}

static int
parse_url(const char *text, const char *after_scheme, PlIdentifier **out, GError **error)
{
	gsize hn = strcspn(after_scheme, "/?#");
	const char *host = after_scheme;
	const char *path = after_scheme + hn;
	gsize hl = hn;
	const char *colon = memchr(host, ':', hn);

	if (colon)
		hl = colon - host; /* a port */
	if (host_is(host, hl, "bnf.fr") || host_is(host, hl, "n2t.net")) {
		gsize k;
		if (g_str_has_prefix(path, "/iiif/"))
			path += strlen("/iiif");
		if (path[0] == '/' && (k = gallica_ark_prefix(path + 1)))
			return parse_gallica_after_prefix(text, path + 1 + k, out, error);
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s: no Gallica ARK in this URL", text);
		return -1;
	}
	if (host_is(host, hl, "archive.org"))
		return parse_ia_path(text, path, out, error);
	if (host_is(host, hl, "upload.wikimedia.org"))
		return parse_upload_path(text, path, out, error);
	if (host_is(host, hl, "commons.wikimedia.org") || host_is(host, hl, "commons.m.wikimedia.org"))
		return parse_commons_path(text, path, out, error);
	g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
	            "%s: not a Gallica, Internet Archive or Wikimedia Commons URL", text);
	return -1;
}

int
pl_identifier_parse(const char *text, PlIdentifier **out, GError **error)
{
	g_autofree char *t = NULL;
	gsize k;
	int r;

	*out = NULL;
	if (!text || strlen(text) > MAX_TEXT) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "not an identifier (empty or too long)");
		return -1;
	}
	t = g_strstrip(g_strdup(text));
	if (!*t || !g_utf8_validate(t, -1, NULL)) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "not an identifier (empty or not UTF-8)");
		return -1;
	}
	if (has_prefix_ci(t, "https://"))
		return parse_url(t, t + 8, out, error);
	if (has_prefix_ci(t, "http://"))
		return parse_url(t, t + 7, out, error);
	/* a URL pasted without its scheme */
	if (has_prefix_ci(t, "gallica.bnf.fr/") || has_prefix_ci(t, "archive.org/") ||
	    has_prefix_ci(t, "commons.wikimedia.org/") || has_prefix_ci(t, "upload.wikimedia.org/"))
		return parse_url(t, t, out, error);
	if ((k = gallica_ark_prefix(t)))
		return parse_gallica_after_prefix(t, t + k, out, error);
	if (has_prefix_ci(t, "ark:")) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
		            "%s: only Gallica ARKs (ark:/" GALLICA_NAAN "/…) are understood", t);
		return -1;
	}
	if (has_prefix_ci(t, "ia:")) {
		gsize n = ia_run(t + 3);
		if (n == 0 || t[3 + n]) {
			g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s: not an Internet Archive identifier", t);
			return -1;
		}
		*out = pl_identifier_new();
		set_ia(*out, t + 3, n, NULL);
		return 0;
	}
	if (has_prefix_ci(t, "commons:") && (k = commons_namespace(t + 8)))
		return set_commons(t, t + 8 + k, -1, out, error);
	if ((k = commons_namespace(t)))
		return set_commons(t, t + k, -1, out, error);
	r = parse_bare_gallica(t, out, error);
	if (r <= 0)
		return r;
	g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
	            "%s: not an identifier planche understands (a Gallica ARK or URL, ia:ID, an "
	            "archive.org or Wikimedia Commons URL, File:Name)",
	            t);
	return -1;
}

/* A view written after the name in a path: _f12, -f12, .f12 or /f12, ended
 * by anything that cannot continue a name. */
static char *
path_view(const char *s)
{
	char *view = NULL;
	gsize v;

	if (!*s || !strchr("_-./", *s))
		return NULL;
	v = read_view(s + 1, &view);
	if (v && is_name_char(s[1 + v]))
		g_clear_pointer(&view, g_free);
	return view;
}

/* The last candidate wins: in "btv1b…h/btv1b…h_f3.jpg" or "notes-cb…/x.jpg"
 * the part nearest the file says most about it. */
int
pl_identifier_from_path(const char *path, PlIdentifier **out, GError **error)
{
	const char *best = NULL;
	gsize best_n = 0;
	const char *p;

	*out = NULL;
	if (!path)
		return 0;
	for (p = path; *p;) {
		gsize n, k;
		gboolean after_ark = FALSE;

		if ((k = gallica_ark_prefix(p))) {
			p += k;
			after_ark = TRUE;
		}
		n = name_run(p);
		if (n == 0) {
			if (*p) /* the prefix may end the path */
				p++;
			continue;
		}
		if (n <= MAX_NAME && (after_ark ? n >= 2 : looks_like_gallica_name(p, n))) {
			best = p;
			best_n = n;
		}
		p += n;
	}
	if (!best)
		return 0;
	if (check_gallica_name(best, best_n, error) < 0)
		return -1;
	*out = pl_identifier_new();
	set_gallica(*out, best, best_n, path_view(best + best_n));
	return 1;
}

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
	/* "/page/248" is a printed page label, not a leaf: no view, but the URL
	 * keeps it, so the link still opens that page. */
	if (!view && g_str_has_prefix(path, "/details/") && g_str_has_prefix(s + n, "/page/")) {
		const char *label = s + n + strlen("/page/");
		gsize ln = strcspn(label, "/?#");
		/* a printed page number, in arabic or roman figures */
		gsize digits = strspn(label, "0123456789"), roman = strspn(label, "ivxlcdm");
		if (ln > 0 && ln <= 12 && (digits == ln || roman == ln)) {
			g_autofree char *enc = g_uri_escape_string((*out)->local_id, NULL, FALSE);
			g_autofree char *lab = g_strndup(label, ln);
			g_autofree char *lab_enc = g_uri_escape_string(lab, NULL, FALSE);
			g_free((*out)->url);
			(*out)->url = g_strdup_printf("https://archive.org/details/%s/page/%s", enc, lab_enc);
		}
	}
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

/* Only the escaped '/' and ':' of an identifier in a path are decoded: the
 * rest of the path is left as it was written. */
static char *
percent_decode_slashes(const char *path)
{
	GString *out = g_string_new(NULL);

	for (const char *p = path; *p; p++) {
		if (p[0] == '%' && p[1] == '2' && (p[2] == 'F' || p[2] == 'f')) {
			g_string_append_c(out, '/');
			p += 2;
		} else if (p[0] == '%' && p[1] == '3' && (p[2] == 'A' || p[2] == 'a')) {
			g_string_append_c(out, ':');
			p += 2;
		} else {
			g_string_append_c(out, *p);
		}
	}
	return g_string_free(out, FALSE);
}

/* Archives planche names, and where their URLs put the item's identifier.
 * The first row whose host matches wins, so a specific host comes before
 * its domain. A URL of an archive not listed here is kept all the same,
 * named after its host. */
typedef struct {
	const char *host;          /* the host or a domain it belongs to */
	const char *source;        /* items.source */
	const char *label;         /* shown to people */
	const char *scheme;        /* identifiers.scheme when the id is read */
	const char *id_after[4];   /* the id follows one of these in the path */
	const char *id_param;      /* or is this query parameter */
	const char *view_param;    /* the query parameter naming the page, if any */
	gboolean id_to_end;        /* the id runs to the end of the path, '/' included */
} PlArchive;

static const PlArchive archives[] = {
	{ "gallica.bnf.fr", "gallica", "Gallica", NULL, { NULL }, NULL, NULL, FALSE },
	{ "archive.org", "internet-archive", "Internet Archive", NULL, { NULL }, NULL, NULL, FALSE },
	{ "commons.wikimedia.org", "wikimedia-commons", "Wikimedia Commons", NULL, { NULL }, NULL, NULL,
	  FALSE },
	{ "deutschestextarchiv.de", "deutsches-textarchiv", "Deutsches Textarchiv", "dta",
	  { "/book/view/", "/book/show/", "/book/download_xml/", NULL }, NULL, "p", FALSE },
	{ "resolver.staatsbibliothek-berlin.de", "sbb", "Staatsbibliothek zu Berlin", "sbb", { "/", NULL },
	  NULL, NULL, FALSE },
	{ "staatsbibliothek-berlin.de", "sbb", "Staatsbibliothek zu Berlin", "sbb", { NULL }, "PPN",
	  "PHYSID", FALSE },
	{ "digitale-sammlungen.de", "mdz", "MDZ (Bayerische Staatsbibliothek)", "mdz",
	  { "/view/", "/details/", NULL }, NULL, "page", FALSE },
	{ "mdz-nbn-resolving.de", "mdz", "MDZ (Bayerische Staatsbibliothek)", "mdz", { "/", NULL }, NULL,
	  NULL, FALSE },
	{ "bsb-muenchen.de", "mdz", "MDZ (Bayerische Staatsbibliothek)", NULL, { NULL }, NULL, NULL, FALSE },
	{ "slub-dresden.de", "slub", "SLUB Dresden", "slub", { "/werkansicht/dlf/", "/id", NULL }, NULL,
	  NULL, FALSE },
	{ "e-rara.ch", "e-rara", "e-rara", "e-rara", { "/titleinfo/", "/pageview/", NULL }, NULL, NULL,
	  FALSE },
	{ "europeana.eu", "europeana", "Europeana", "europeana", { "/item/", NULL }, NULL, NULL, TRUE },
	{ "babel.hathitrust.org", "hathitrust", "HathiTrust", "hathitrust", { NULL }, "id", "seq", FALSE },
	{ "hathitrust.org", "hathitrust", "HathiTrust", "hathitrust", { "/Record/", NULL }, NULL, NULL,
	  FALSE },
	{ "hdl.handle.net", "hathitrust", "HathiTrust", "hathitrust", { "/2027/", NULL }, NULL, NULL,
	  FALSE },
	{ "lccn.loc.gov", "library-of-congress", "Library of Congress", "lccn", { "/", NULL }, NULL, NULL,
	  FALSE },
	{ "loc.gov", "library-of-congress", "Library of Congress", "loc",
	  { "/pictures/item/", "/item/", "/resource/", NULL }, NULL, NULL, FALSE },
	{ "rijksmuseum.nl", "rijksmuseum", "Rijksmuseum", "rijksmuseum",
	  { "/collectie/", "/collection/", NULL }, NULL, NULL, FALSE },
	{ "gutenberg.org", "project-gutenberg", "Project Gutenberg", "gutenberg",
	  { "/ebooks/", "/files/", "/cache/epub/", NULL }, NULL, NULL, FALSE },
	{ "biodiversitylibrary.org", "bhl", "Biodiversity Heritage Library", "bhl",
	  { "/item/", "/bibliography/", NULL }, NULL, NULL, FALSE },
	{ "digi.ub.uni-heidelberg.de", "ub-heidelberg", "Universitätsbibliothek Heidelberg", "heidelberg",
	  { "/diglit/", NULL }, NULL, NULL, FALSE },
	{ "bibliothek.uni-halle.de", "ulb-halle", "ULB Sachsen-Anhalt", "ulb-halle",
	  { "/titleinfo/", "/pageview/", NULL }, NULL, NULL, FALSE },
	{ "onb.ac.at", "onb", "Österreichische Nationalbibliothek", NULL, { NULL }, NULL, NULL, FALSE },
	{ "wellcomecollection.org", "wellcome", "Wellcome Collection", "wellcome", { "/works/", NULL },
	  NULL, NULL, FALSE },
	{ "bl.uk", "british-library", "British Library", NULL, { NULL }, NULL, NULL, FALSE },
	{ "digitalcollections.nypl.org", "nypl", "New York Public Library", "nypl", { "/items/", NULL },
	  NULL, NULL, FALSE },
	{ "davidrumsey.com", "david-rumsey", "David Rumsey Map Collection", NULL, { NULL }, NULL, NULL,
	  FALSE },
};

static const PlArchive *
archive_for_host(const char *host, gsize n)
{
	for (gsize i = 0; i < G_N_ELEMENTS(archives); i++)
		if (host_is(host, n, archives[i].host))
			return &archives[i];
	return NULL;
}

static const PlArchive *
archive_for_source(const char *source)
{
	for (gsize i = 0; source && i < G_N_ELEMENTS(archives); i++)
		if (strcmp(archives[i].source, source) == 0)
			return &archives[i];
	return NULL;
}

const char *
pl_source_label(const char *source)
{
	const PlArchive *a = archive_for_source(source);

	if (a)
		return a->label;
	if (!source || !*source || strcmp(source, "other") == 0)
		return NULL;
	return source; /* the host of an archive planche does not know */
}

char *
pl_identifier_label(const PlIdentifier *id)
{
	const PlArchive *a = NULL;

	if (!id)
		return NULL;
	if (g_strcmp0(id->scheme, "ark") == 0 || g_strcmp0(id->scheme, "internet-archive") == 0 ||
	    g_strcmp0(id->scheme, "wikimedia-commons") == 0)
		return g_strdup(id->value ? id->value : id->url);
	if (id->authority)
		a = archive_for_host(id->authority, strlen(id->authority));
	if (!a)
		a = archive_for_source(id->source);
	if (g_strcmp0(id->scheme, "url") == 0 || !id->local_id)
		return g_strdup(a ? a->label : id->authority ? id->authority : id->url);
	return g_strdup_printf("%s: %s", a ? a->label : id->authority, id->local_id);
}

/* The value of query parameter name in the query part of a URL, decoded. */
static char *
query_param(const char *query, const char *name)
{
	gsize nl = strlen(name);

	for (const char *p = query; p && *p;) {
		gsize len = strcspn(p, "&#");
		if (len > nl && strncmp(p, name, nl) == 0 && p[nl] == '=')
			return percent_decode(p + nl + 1, len - nl - 1);
		if (p[len] != '&')
			break;
		p += len + 1;
	}
	return NULL;
}

static gboolean
is_id_char(char c)
{
	/* strchr finds the terminating NUL too: it is no part of an id */
	return g_ascii_isalnum(c) || (c && strchr("._-:+~", c) != NULL);
}

/* The item's identifier where the archive's URLs put it, or NULL. */
static char *
archive_local_id(const PlArchive *a, const char *path, const char *query)
{
	if (a->id_param && query) {
		g_autofree char *v = query_param(query, a->id_param);
		if (v && *v && strlen(v) <= MAX_NAME * 2 && g_utf8_validate(v, -1, NULL))
			return g_steal_pointer(&v);
	}
	for (int i = 0; a->id_after[i]; i++) {
		const char *s = strstr(path, a->id_after[i]);
		gsize n = 0;
		if (!s)
			continue;
		s += strlen(a->id_after[i]);
		if (a->id_to_end) {
			n = strcspn(s, "?#");
			while (n > 0 && s[n - 1] == '/')
				n--;
		} else {
			while (is_id_char(s[n]))
				n++;
		}
		if (n > 0 && n <= MAX_NAME * 2)
			return g_strndup(s, n);
	}
	return NULL;
}

static gboolean
is_host_char(char c)
{
	return g_ascii_isalnum(c) || c == '.' || c == '-' || c == ':';
}

/* Any other http(s) URL: kept as the item's source link as written, named
 * after its archive when the table knows it, with the archive's own
 * identifier when its URLs are understood. */
static int
parse_other_url(const char *text, const char *host, gsize hl, const char *path, PlIdentifier **out,
                GError **error)
{
	const char *query = strchr(path, '?');
	g_autofree char *lhost = NULL;
	g_autofree char *bare_path = NULL;
	const PlArchive *a;
	PlIdentifier *id;
	char *local = NULL;

	for (const char *p = text; *p; p++)
		if ((guchar)*p <= 0x20 || *p == 0x7f || *p == '"' || *p == '<' || *p == '>' || *p == '\\') {
			g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s: not a URL (a space or control character)",
			            text);
			return -1;
		}
	if (hl == 0 || !g_ascii_isalnum(host[0])) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s: not a URL (no host)", text);
		return -1;
	}
	for (gsize i = 0; i < (gsize)(path - host); i++)
		if (!is_host_char(host[i])) {
			g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s: not a URL (a bad host name)", text);
			return -1;
		}
	lhost = g_ascii_strdown(host, hl);
	bare_path = g_strndup(path, strcspn(path, "?#"));
	a = archive_for_host(lhost, hl);
	id = pl_identifier_new();
	id->url = g_strdup(text);
	if (a && a->scheme)
		local = archive_local_id(a, bare_path, query ? query + 1 : NULL);
	if (local) {
		id->scheme = g_strdup(a->scheme);
		id->authority = g_strdup(a->host);
		id->local_id = local;
		id->value = g_strdup_printf("%s:%s", a->scheme, local);
		if (a->view_param && query) {
			char *v = query_param(query + 1, a->view_param);
			if (v && *v && strlen(v) <= 32)
				id->view = v;
			else
				g_free(v);
		}
	} else {
		id->scheme = g_strdup("url");
		id->authority = g_strdup(a ? a->host : g_str_has_prefix(lhost, "www.") ? lhost + 4 : lhost);
		id->local_id = g_strdup(text);
		id->value = g_strdup(text);
	}
	id->source = g_strdup(a ? a->source : id->authority);
	*out = id;
	return 0;
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
		/* IIIF clients escape the slashes of the identifier: ark:%2F12148%2F… */
		g_autofree char *decoded = percent_decode_slashes(path);
		path = decoded;
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
	return parse_other_url(text, host, hl, path, out, error);
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

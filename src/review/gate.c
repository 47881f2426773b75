/* The review server's decisions on headers alone: a request from another
 * site, or one whose body is too large, is refused before a byte of its
 * body is read (a DNS-rebinding page's 400 MiB POST once got its 403 only
 * after the server had buffered it all). */
#include "review/gate.h"

#include <string.h>

#include "util/http.h"

guint review_gate_decide(int port, const char *method, SoupMessageHeaders *h, const char **why)
{
	const char *host = soup_message_headers_get_one(h, "Host");
	const char *origin = soup_message_headers_get_one(h, "Origin");
	const char *site = soup_message_headers_get_one(h, "Sec-Fetch-Site");
	gboolean post = g_strcmp0(method, "POST") == 0;
	SoupEncoding encoding = soup_message_headers_get_encoding(h);
	/* Host names this server; Origin, when sent, is this server; a browser's
	 * Sec-Fetch-Site, when sent, says the request did not come from another site. */
	if (!pl_http_host_is_loopback(host, port)) {
		*why = "forbidden: this review server answers only requests for its own address (Host)";
		return SOUP_STATUS_FORBIDDEN;
	}
	if (origin && !pl_http_origin_is_loopback(origin, port)) {
		*why = "forbidden: requests from another site are refused (Origin)";
		return SOUP_STATUS_FORBIDDEN;
	}
	if (site && strcmp(site, "same-origin") != 0 && strcmp(site, "none") != 0) {
		*why = "forbidden: requests from another site are refused (Sec-Fetch-Site)";
		return SOUP_STATUS_FORBIDDEN;
	}
	if (!post && g_strcmp0(method, "GET") != 0 && g_strcmp0(method, "HEAD") != 0) {
		*why = "method not allowed";
		return SOUP_STATUS_METHOD_NOT_ALLOWED;
	}
	if (!post && (encoding == SOUP_ENCODING_CHUNKED ||
		      (encoding == SOUP_ENCODING_CONTENT_LENGTH &&
		       soup_message_headers_get_content_length(h) > 0))) {
		*why = "bad request: a GET has no body";
		return SOUP_STATUS_BAD_REQUEST;
	}
	if (post && encoding != SOUP_ENCODING_CONTENT_LENGTH && encoding != SOUP_ENCODING_NONE) {
		*why = "bad request: send the form with a Content-Length";
		return SOUP_STATUS_LENGTH_REQUIRED;
	}
	if (post && encoding == SOUP_ENCODING_CONTENT_LENGTH &&
	    soup_message_headers_get_content_length(h) > REVIEW_MAX_BODY) {
		*why = "bad request: the form is too large";
		return SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
	}
	*why = NULL;
	return 0;
}

/* soup_form_decode quietly drops a pair it cannot decode: a correction the
 * archivist made would vanish. Every pair must be NAME=VALUE with whole
 * %-escapes. */
static gboolean form_well_formed(const char *text)
{
	g_auto(GStrv) pairs = g_strsplit(text, "&", -1);
	for (int i = 0; pairs[i]; i++) {
		const char *p = pairs[i];
		if (!*p)
			continue;
		if (!strchr(p, '=') || *p == '=')
			return FALSE;
		for (; *p; p++)
			if (*p == '%' && !(g_ascii_isxdigit(p[1]) && g_ascii_isxdigit(p[2])))
				return FALSE;
	}
	return TRUE;
}

GHashTable *review_form_parse(const char *data, gsize len, const char **why)
{
	if (len > REVIEW_MAX_BODY) {
		*why = "bad request: the form is too large";
		return NULL;
	}
	g_autofree char *text = g_strndup(data, len);
	if (strlen(text) != len || !g_utf8_validate(text, -1, NULL)) {
		*why = "bad request: the form is not UTF-8 text";
		return NULL;
	}
	GHashTable *form = form_well_formed(text) ? soup_form_decode(text) : NULL;
	if (!form) {
		*why = "bad request: the form is not NAME=VALUE pairs joined by & with whole %-escapes";
		return NULL;
	}
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, form);
	while (g_hash_table_iter_next(&it, &k, &v))
		if (!g_utf8_validate(k, -1, NULL) || !g_utf8_validate(v, -1, NULL)) {
			g_hash_table_unref(form);
			*why = "bad request: the form is not UTF-8 text";
			return NULL;
		}
	*why = NULL;
	return form;
}

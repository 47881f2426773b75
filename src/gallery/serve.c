/* The preview server's decisions on headers alone. It serves the site to
 * this computer's browser: a request naming another host (a DNS-rebinding
 * page) is refused, and so is any body, before it is read. */
#include "gallery/serve.h"

#include <string.h>

#include "util/http.h"

static gboolean host_allowed(const GalServeGate *g, const char *host)
{
	if (pl_http_host_is_loopback(host, g->port))
		return TRUE;
	for (int i = 0; g->hosts && g->hosts[i]; i++)
		if (pl_http_host_is(host, g->hosts[i]))
			return TRUE;
	return FALSE;
}

guint gal_serve_decide(const GalServeGate *g, const char *method, const char *path,
		       SoupMessageHeaders *h, char **rel, const char **why)
{
	SoupEncoding encoding = soup_message_headers_get_encoding(h);
	*rel = NULL;
	if (!host_allowed(g, soup_message_headers_get_one(h, "Host"))) {
		*why = "forbidden: this server answers only requests for its own address (Host); "
		       "see planche serve --allow-host\n";
		return SOUP_STATUS_FORBIDDEN;
	}
	if (g_strcmp0(method, "GET") != 0 && g_strcmp0(method, "HEAD") != 0) {
		*why = "method not allowed\n";
		return SOUP_STATUS_METHOD_NOT_ALLOWED;
	}
	if (encoding == SOUP_ENCODING_CHUNKED ||
	    (encoding == SOUP_ENCODING_CONTENT_LENGTH && soup_message_headers_get_content_length(h) > 0)) {
		*why = "a request to this server has no body\n";
		return SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
	}
	/* g_uri_unescape_string refuses an escaped NUL. */
	g_autofree char *decoded = path ? g_uri_unescape_string(path, NULL) : NULL;
	if (!decoded || decoded[0] != '/') {
		*why = "bad path\n";
		return SOUP_STATUS_BAD_REQUEST;
	}
	g_auto(GStrv) parts = g_strsplit(decoded + 1, "/", -1);
	GString *out = g_string_new(NULL);
	for (int i = 0; parts[i]; i++) {
		if (strcmp(parts[i], "..") == 0 || strcmp(parts[i], ".") == 0 || strchr(parts[i], '\\')) {
			g_string_free(out, TRUE);
			*why = "forbidden\n";
			return SOUP_STATUS_FORBIDDEN;
		}
		/* "//x" is "x": what is served is always below the site. */
		if (*parts[i])
			g_string_append_printf(out, "%s%s", out->len ? "/" : "", parts[i]);
	}
	if (out->len && g_str_has_suffix(decoded, "/"))
		g_string_append_c(out, '/');
	*rel = g_string_free(out, FALSE);
	*why = NULL;
	return 0;
}

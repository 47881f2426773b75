/* planche serve's decisions from arbitrary requests: no crash, and what it
 * lets through names this server or an allowed host, is a GET or HEAD
 * without a body, and asks for a path that stays below the site. */
#include <stdint.h>
#include <stdlib.h>

#include "gallery/serve.h"
#include "http-request.h"
#include "util/http.h"

#define PORT 8000

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const hosts[] = {"prints.example", NULL};
	const GalServeGate gate = {.port = PORT, .hosts = hosts};
	FuzzRequest r;
	if (!fuzz_request_parse(data, size, &r)) {
		fuzz_request_clear(&r);
		return 0;
	}
	char *rel = NULL;
	const char *why = NULL;
	guint status = gal_serve_decide(&gate, r.method, r.path, r.headers, &rel, &why);
	if (status == 0) {
		const char *host = soup_message_headers_get_one(r.headers, "Host");
		SoupEncoding enc = soup_message_headers_get_encoding(r.headers);
		if (!rel || why || rel[0] == '/' || strchr(rel, '\\') ||
		    (!pl_http_host_is_loopback(host, PORT) && !pl_http_host_is(host, hosts[0])) ||
		    (strcmp(r.method, "GET") != 0 && strcmp(r.method, "HEAD") != 0) ||
		    enc == SOUP_ENCODING_CHUNKED ||
		    (enc == SOUP_ENCODING_CONTENT_LENGTH && soup_message_headers_get_content_length(r.headers) > 0))
			abort();
		gchar **parts = g_strsplit(rel, "/", -1);
		for (int i = 0; parts[i]; i++)
			if (strcmp(parts[i], "..") == 0)
				abort();
		g_strfreev(parts);
	} else if (rel || !why || status < 400 || status > 499) {
		abort();
	}
	g_free(rel);
	fuzz_request_clear(&r);
	return 0;
}

/* The review server's decisions from arbitrary requests: no crash, and what
 * it lets through names this server (Host, Origin), uses GET, HEAD or POST,
 * and carries no body larger than a form may be; a form it accepts is
 * UTF-8 throughout. */
#include <stdint.h>
#include <stdlib.h>

#include "http-request.h"
#include "review/gate.h"
#include "util/http.h"

#define PORT 8766

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_form(const char *body, size_t len)
{
	const char *why = NULL;
	GHashTable *form = review_form_parse(body, len, &why);
	if (!form) {
		if (!why)
			abort();
		return;
	}
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, form);
	while (g_hash_table_iter_next(&it, &k, &v))
		if (!g_utf8_validate(k, -1, NULL) || !g_utf8_validate(v, -1, NULL))
			abort();
	g_hash_table_unref(form);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FuzzRequest r;
	if (fuzz_request_parse(data, size, &r)) {
		const char *why = NULL;
		guint status = review_gate_decide(PORT, r.method, r.headers, &why);
		if (status == 0) {
			const char *origin = soup_message_headers_get_one(r.headers, "Origin");
			SoupEncoding enc = soup_message_headers_get_encoding(r.headers);
			gboolean post = strcmp(r.method, "POST") == 0;
			if (why || !pl_http_host_is_loopback(soup_message_headers_get_one(r.headers, "Host"), PORT) ||
			    (origin && !pl_http_origin_is_loopback(origin, PORT)) ||
			    (!post && strcmp(r.method, "GET") != 0 && strcmp(r.method, "HEAD") != 0) ||
			    enc == SOUP_ENCODING_CHUNKED ||
			    (enc == SOUP_ENCODING_CONTENT_LENGTH &&
			     soup_message_headers_get_content_length(r.headers) > (post ? REVIEW_MAX_BODY : 0)))
				abort();
		} else if (!why || status < 400 || status > 499) {
			abort();
		}
		fuzz_request_clear(&r);
	} else {
		fuzz_request_clear(&r);
	}
	check_form(r.body, r.body_len);
	return 0;
}

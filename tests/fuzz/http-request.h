/* For the server fuzz targets: arbitrary bytes read as an HTTP request the
 * way libsoup's server reads one (soup_headers_parse_request on what comes
 * before the blank line; what follows is the body). */
#ifndef PLANCHE_FUZZ_HTTP_REQUEST_H
#define PLANCHE_FUZZ_HTTP_REQUEST_H

#include <libsoup/soup.h>
#include <string.h>

typedef struct {
	SoupMessageHeaders *headers;
	char *method, *path;
	const char *body;
	size_t body_len;
} FuzzRequest;

/* FALSE when libsoup itself would refuse the request line or headers. */
static inline gboolean fuzz_request_parse(const uint8_t *data, size_t size, FuzzRequest *r)
{
	const char *end = g_strstr_len((const char *)data, (gssize)size, "\r\n\r\n");
	size_t head = end ? (size_t)(end - (const char *)data) + 4 : size;
	/* libsoup reads headers into a NUL-terminated buffer. */
	char *copy = g_strndup((const char *)data, head);
	SoupHTTPVersion version;
	memset(r, 0, sizeof *r);
	r->headers = soup_message_headers_new(SOUP_MESSAGE_HEADERS_REQUEST);
	guint status = soup_headers_parse_request(copy, (int)strlen(copy), r->headers, &r->method,
						  &r->path, &version);
	g_free(copy);
	r->body = (const char *)data + head;
	r->body_len = size - head;
	return SOUP_STATUS_IS_SUCCESSFUL(status);
}

static inline void fuzz_request_clear(FuzzRequest *r)
{
	soup_message_headers_unref(r->headers);
	g_free(r->method);
	g_free(r->path);
}

#endif

/* What the two local servers decide on a request's headers alone (Host,
 * Origin, method, body length, path), before they read a body. */
#include <glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "gallery/serve.h"
#include "review/gate.h"
#include "util/http.h"

static void test_hosts(void)
{
	g_assert_true(pl_http_host_is_loopback("127.0.0.1:8766", 8766));
	g_assert_true(pl_http_host_is_loopback("localhost:8766", 8766));
	g_assert_true(pl_http_host_is_loopback("LOCALHOST:8766", 8766));
	g_assert_true(pl_http_host_is_loopback("[::1]:8766", 8766));
	g_assert_true(pl_http_host_is_loopback("localhost", 80));
	g_assert_false(pl_http_host_is_loopback("localhost", 8766));
	g_assert_false(pl_http_host_is_loopback("localhost:8767", 8766));
	g_assert_false(pl_http_host_is_loopback("localhost:08766", 8766));
	g_assert_false(pl_http_host_is_loopback("localhost:8766x", 8766));
	g_assert_false(pl_http_host_is_loopback("localhost.evil.example:8766", 8766));
	g_assert_false(pl_http_host_is_loopback("127.0.0.1.evil.example:8766", 8766));
	g_assert_false(pl_http_host_is_loopback("evil.example:8766", 8766));
	g_assert_false(pl_http_host_is_loopback("", 8766));
	g_assert_false(pl_http_host_is_loopback(NULL, 8766));
	g_assert_true(pl_http_host_is("prints.example", "prints.example"));
	g_assert_true(pl_http_host_is("Prints.Example:8443", "prints.example"));
	g_assert_false(pl_http_host_is("prints.example.evil", "prints.example"));
	g_assert_false(pl_http_host_is("prints.example:", "prints.example"));
	g_assert_false(pl_http_host_is("prints.example:84x", "prints.example"));
	g_assert_true(pl_http_origin_is_loopback("http://127.0.0.1:8766", 8766));
	g_assert_false(pl_http_origin_is_loopback("https://127.0.0.1:8766", 8766));
	g_assert_false(pl_http_origin_is_loopback("http://evil.example", 8766));
	g_assert_false(pl_http_origin_is_loopback("null", 8766));
}

/* Headers from "Name: value" lines. */
static SoupMessageHeaders *headers(const char *const *lines)
{
	SoupMessageHeaders *h = soup_message_headers_new(SOUP_MESSAGE_HEADERS_REQUEST);
	for (int i = 0; lines[i]; i++) {
		const char *colon = strchr(lines[i], ':');
		g_autofree char *name = g_strndup(lines[i], (gsize)(colon - lines[i]));
		soup_message_headers_append(h, name, colon + 2);
	}
	return h;
}

static guint review(const char *method, const char *const *lines)
{
	SoupMessageHeaders *h = headers(lines);
	const char *why = NULL;
	guint status = review_gate_decide(8766, method, h, &why);
	g_assert_true(status == 0 ? why == NULL : why != NULL);
	soup_message_headers_unref(h);
	return status;
}

static void test_review_gate(void)
{
	const char *ok[] = {"Host: 127.0.0.1:8766", NULL};
	const char *form[] = {"Host: localhost:8766", "Origin: http://localhost:8766",
			      "Sec-Fetch-Site: same-origin", "Content-Length: 40", NULL};
	const char *evil_host[] = {"Host: evil.example", "Content-Length: 419430400", NULL};
	const char *no_host[] = {"Content-Length: 3", NULL};
	const char *evil_origin[] = {"Host: 127.0.0.1:8766", "Origin: http://evil.example", NULL};
	const char *cross[] = {"Host: 127.0.0.1:8766", "Sec-Fetch-Site: cross-site", NULL};
	const char *huge[] = {"Host: 127.0.0.1:8766", "Content-Length: 65537", NULL};
	const char *limit[] = {"Host: 127.0.0.1:8766", "Content-Length: 65536", NULL};
	const char *chunked[] = {"Host: 127.0.0.1:8766", "Transfer-Encoding: chunked", NULL};
	const char *get_body[] = {"Host: 127.0.0.1:8766", "Content-Length: 10", NULL};
	g_assert_cmpuint(review("GET", ok), ==, 0);
	g_assert_cmpuint(review("HEAD", ok), ==, 0);
	g_assert_cmpuint(review("POST", form), ==, 0);
	g_assert_cmpuint(review("POST", limit), ==, 0);
	g_assert_cmpuint(review("POST", evil_host), ==, SOUP_STATUS_FORBIDDEN);
	g_assert_cmpuint(review("POST", no_host), ==, SOUP_STATUS_FORBIDDEN);
	g_assert_cmpuint(review("POST", evil_origin), ==, SOUP_STATUS_FORBIDDEN);
	g_assert_cmpuint(review("GET", cross), ==, SOUP_STATUS_FORBIDDEN);
	g_assert_cmpuint(review("POST", huge), ==, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);
	g_assert_cmpuint(review("POST", chunked), ==, SOUP_STATUS_LENGTH_REQUIRED);
	g_assert_cmpuint(review("GET", get_body), ==, SOUP_STATUS_BAD_REQUEST);
	g_assert_cmpuint(review("PUT", ok), ==, SOUP_STATUS_METHOD_NOT_ALLOWED);
	g_assert_cmpuint(review("DELETE", ok), ==, SOUP_STATUS_METHOD_NOT_ALLOWED);
}

static void test_review_form(void)
{
	const char *why = NULL;
	GHashTable *f = review_form_parse("token=ab&crop=1%2C2%2C3%2C4&angle=", 34, &why);
	g_assert_nonnull(f);
	g_assert_cmpstr(g_hash_table_lookup(f, "crop"), ==, "1,2,3,4");
	g_assert_cmpstr(g_hash_table_lookup(f, "angle"), ==, "");
	g_hash_table_unref(f);
	g_assert_null(review_form_parse("a=%ZZ", 5, &why));
	g_assert_nonnull(why);
	g_assert_null(review_form_parse("=b", 2, &why));
	g_assert_null(review_form_parse("a=b\0c", 5, &why));
	g_assert_null(review_form_parse("a=\xff", 3, &why));
	g_assert_null(review_form_parse("a=%FF", 5, &why));
	g_autofree char *big = g_strnfill(REVIEW_MAX_BODY + 1, 'a');
	g_assert_null(review_form_parse(big, REVIEW_MAX_BODY + 1, &why));
}

static guint serve(const char *method, const char *path, const char *const *lines, char **rel)
{
	static const char *const hosts[] = {"prints.example", NULL};
	GalServeGate gate = {.port = 8000, .hosts = hosts};
	SoupMessageHeaders *h = headers(lines);
	const char *why = NULL;
	guint status = gal_serve_decide(&gate, method, path, h, rel, &why);
	g_assert_true(status == 0 ? why == NULL && *rel : why != NULL && !*rel);
	soup_message_headers_unref(h);
	return status;
}

static void test_serve_gate(void)
{
	const char *ok[] = {"Host: localhost:8000", NULL};
	const char *allowed[] = {"Host: prints.example:443", NULL};
	const char *evil[] = {"Host: evil.example:8000", NULL};
	const char *body[] = {"Host: localhost:8000", "Content-Length: 209715200", NULL};
	const char *chunked[] = {"Host: localhost:8000", "Transfer-Encoding: chunked", NULL};
	g_autofree char *rel = NULL;
	g_assert_cmpuint(serve("GET", "/", ok, &rel), ==, 0);
	g_assert_cmpstr(rel, ==, "");
	g_clear_pointer(&rel, g_free);
	g_assert_cmpuint(serve("HEAD", "/media/3/640%20x.webp", allowed, &rel), ==, 0);
	g_assert_cmpstr(rel, ==, "media/3/640 x.webp");
	g_clear_pointer(&rel, g_free);
	g_assert_cmpuint(serve("GET", "//evil.example/x//y/", ok, &rel), ==, 0);
	g_assert_cmpstr(rel, ==, "evil.example/x/y/");
	g_clear_pointer(&rel, g_free);
	g_assert_cmpuint(serve("GET", "/", evil, &rel), ==, SOUP_STATUS_FORBIDDEN);
	g_assert_cmpuint(serve("POST", "/", ok, &rel), ==, SOUP_STATUS_METHOD_NOT_ALLOWED);
	g_assert_cmpuint(serve("POST", "/", body, &rel), ==, SOUP_STATUS_METHOD_NOT_ALLOWED);
	g_assert_cmpuint(serve("GET", "/", body, &rel), ==, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);
	g_assert_cmpuint(serve("GET", "/", chunked, &rel), ==, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);
	g_assert_cmpuint(serve("GET", "/%2e%2e/planche.conf", ok, &rel), ==, SOUP_STATUS_FORBIDDEN);
	g_assert_cmpuint(serve("GET", "/a/../../b", ok, &rel), ==, SOUP_STATUS_FORBIDDEN);
	g_assert_cmpuint(serve("GET", "/a%5c..%5cb", ok, &rel), ==, SOUP_STATUS_FORBIDDEN);
	g_assert_cmpuint(serve("GET", "/x%00y", ok, &rel), ==, SOUP_STATUS_BAD_REQUEST);
	g_assert_cmpuint(serve("GET", "x", ok, &rel), ==, SOUP_STATUS_BAD_REQUEST);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/servers/hosts", test_hosts);
	g_test_add_func("/servers/review-gate", test_review_gate);
	g_test_add_func("/servers/review-form", test_review_form);
	g_test_add_func("/servers/serve-gate", test_serve_gate);
	return g_test_run();
}

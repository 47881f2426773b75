/* The review server: libsoup on 127.0.0.1 only. Every request must name this
 * server in Host (a DNS-rebinding page cannot) and, when it has one, in
 * Origin (another site's form or fetch cannot); a save also carries the
 * per-server token printed in our own pages. These are decided on the
 * headers alone (gate.c), before any body is read. A bad request gets a
 * status and a sentence, never a crash. */
#include <glib-unix.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

#include "collection/collection.h"
#include "review/gate.h"
#include "review/review.h"
#include "util/json.h"
#include "util/util.h"

typedef struct {
	char *token;
	int port; /* the one listened on */
	ReviewImages *images;
} Server;

static void set_common_headers(SoupServerMessage *msg, gboolean cacheable)
{
	SoupMessageHeaders *h = soup_server_message_get_response_headers(msg);
	soup_message_headers_replace(h, "Content-Security-Policy",
				     "default-src 'none'; img-src 'self'; style-src 'self'; "
				     "script-src 'self'; connect-src 'self'; form-action 'self'; "
				     "frame-ancestors 'none'; base-uri 'none'");
	soup_message_headers_replace(h, "X-Frame-Options", "DENY");
	soup_message_headers_replace(h, "X-Content-Type-Options", "nosniff");
	soup_message_headers_replace(h, "Referrer-Policy", "no-referrer");
	soup_message_headers_replace(h, "Cache-Control", cacheable ? "private, max-age=86400" : "no-store");
}

static void reply_text(SoupServerMessage *msg, guint status, const char *text)
{
	g_autofree char *body = g_strconcat(text, "\n", NULL);
	set_common_headers(msg, FALSE);
	soup_server_message_set_status(msg, status, NULL);
	soup_server_message_set_response(msg, "text/plain; charset=utf-8", SOUP_MEMORY_COPY, body,
					 strlen(body));
}

static void reply_json_error(SoupServerMessage *msg, guint status, const char *text)
{
	PlJson j;
	pl_json_init(&j);
	pl_json_key_text(&j, "error", text);
	g_autofree char *body = pl_json_finish(&j);
	set_common_headers(msg, FALSE);
	soup_server_message_set_status(msg, status, NULL);
	soup_server_message_set_response(msg, "application/json", SOUP_MEMORY_COPY, body, strlen(body));
}

static void reply_string(SoupServerMessage *msg, const char *type, GString *body)
{
	set_common_headers(msg, FALSE);
	soup_server_message_set_status(msg, SOUP_STATUS_OK, NULL);
	soup_server_message_set_response(msg, type, SOUP_MEMORY_COPY, body->str, body->len);
}

static gboolean wants_json(SoupServerMessage *msg)
{
	const char *accept = soup_message_headers_get_one(
		soup_server_message_get_request_headers(msg), "Accept");
	return accept && strstr(accept, "application/json");
}

/* A missing item is the client's mistake; anything else is ours. */
static guint status_of(const GError *error, guint input_status)
{
	if (g_error_matches(error, REVIEW_ERROR, REVIEW_ERROR_BUSY))
		return SOUP_STATUS_SERVICE_UNAVAILABLE;
	return error->domain == PL_ERROR && error->code == PL_ERROR_INPUT
		       ? input_status
		       : SOUP_STATUS_INTERNAL_SERVER_ERROR;
}

static gboolean token_ok(const Server *s, const char *given)
{
	size_t n = strlen(s->token);
	if (!given || strlen(given) != n)
		return FALSE;
	unsigned char diff = 0;
	for (size_t i = 0; i < n; i++)
		diff |= (unsigned char)(given[i] ^ s->token[i]);
	return diff == 0;
}

/* "/item/12" -> 12; FALSE unless the rest is a positive decimal id. */
static gboolean parse_id(const char *text, gint64 *id)
{
	guint64 v;
	if (!g_ascii_string_to_unsigned(text, 10, 1, G_MAXINT64, &v, NULL))
		return FALSE;
	*id = (gint64)v;
	return TRUE;
}

static void serve_asset(SoupServerMessage *msg, const char *name)
{
	static const struct {
		const char *name, *type;
	} assets[] = {
		{ "review.js", "text/javascript; charset=utf-8" },
		{ "review.css", "text/css; charset=utf-8" },
		{ "icon.svg", "image/svg+xml" },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(assets); i++) {
		if (strcmp(assets[i].name, name) != 0)
			continue;
		g_autofree char *path = g_strconcat("/planche/src/review/assets/", name, NULL);
		g_autoptr(GBytes) data = g_resources_lookup_data(path, 0, NULL);
		if (!data)
			break;
		set_common_headers(msg, FALSE);
		soup_server_message_set_status(msg, SOUP_STATUS_OK, NULL);
		soup_server_message_set_response(msg, assets[i].type, SOUP_MEMORY_COPY,
						 g_bytes_get_data(data, NULL), g_bytes_get_size(data));
		return;
	}
	reply_text(msg, SOUP_STATUS_NOT_FOUND, "not found");
}

static void serve_image(Server *s, SoupServerMessage *msg, gint64 id, const char *kind,
			GHashTable *query)
{
	g_autoptr(Collection) c = NULL;
	g_autoptr(CatalogItem) item = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree char *path = NULL;
	guint64 size = 1200;
	const char *asked = query ? g_hash_table_lookup(query, "size") : NULL;
	if (asked && !g_ascii_string_to_unsigned(asked, 10, 32, 2400, &size, NULL)) {
		reply_text(msg, SOUP_STATUS_BAD_REQUEST, "size must be a number of pixels from 32 to 2400");
		return;
	}
	/* Many images per page: the catalogue was checked by the page itself. */
	if (collection_open(CATALOG_READONLY | CATALOG_NO_CHECK, &c, &error) != 0 ||
	    catalog_item_load(c->cat, id, &item, &error) != 0) {
		reply_text(msg, status_of(error, SOUP_STATUS_NOT_FOUND), error->message);
		return;
	}
	if (strcmp(kind, "original") == 0) {
		path = collection_abspath(c, item->path);
	} else if (item->good_run && item->good_run->master_path) {
		path = collection_abspath(c, item->good_run->master_path);
	} else {
		reply_text(msg, SOUP_STATUS_NOT_FOUND, "this image has no master");
		return;
	}
	g_autoptr(GBytes) jpeg = review_images_get(s->images, path, (int)size, &error);
	if (!jpeg) {
		reply_text(msg, SOUP_STATUS_NOT_FOUND, error->message);
		return;
	}
	set_common_headers(msg, TRUE);
	soup_server_message_set_status(msg, SOUP_STATUS_OK, NULL);
	soup_server_message_set_response(msg, "image/jpeg", SOUP_MEMORY_COPY,
					 g_bytes_get_data(jpeg, NULL), g_bytes_get_size(jpeg));
}

static void save(Server *s, SoupServerMessage *msg, gint64 id)
{
	gboolean json = wants_json(msg);
	void (*fail)(SoupServerMessage *, guint, const char *) = json ? reply_json_error : reply_text;
	SoupMessageHeaders *h = soup_server_message_get_request_headers(msg);
	const char *type = soup_message_headers_get_content_type(h, NULL);
	if (!type || g_ascii_strcasecmp(type, "application/x-www-form-urlencoded") != 0) {
		fail(msg, SOUP_STATUS_BAD_REQUEST,
		     "bad request: send the corrections as a form (application/x-www-form-urlencoded)");
		return;
	}
	SoupMessageBody *body = soup_server_message_get_request_body(msg);
	g_autoptr(GBytes) bytes = soup_message_body_flatten(body);
	const char *why = NULL;
	g_autoptr(GHashTable) form = review_form_parse(g_bytes_get_data(bytes, NULL),
						       g_bytes_get_size(bytes), &why);
	if (!form) {
		fail(msg, g_bytes_get_size(bytes) > REVIEW_MAX_BODY ? SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE
								     : SOUP_STATUS_BAD_REQUEST, why);
		return;
	}
	const char *token = g_hash_table_lookup(form, "token");
	if (!token)
		token = soup_message_headers_get_one(h, "X-Review-Token");
	if (!token_ok(s, token)) {
		fail(msg, SOUP_STATUS_FORBIDDEN,
		     "forbidden: missing or wrong token (reload the page: the server was restarted?)");
		return;
	}
	g_hash_table_remove(form, "token");
	g_autoptr(GError) error = NULL;
	gboolean cleaned = FALSE;
	if (review_apply(form, id, &cleaned, &error) != 0) {
		g_autofree char *m = g_strconcat(error->domain == PL_ERROR && error->code == PL_ERROR_INPUT
							 ? "bad request: "
							 : "",
						 error->message, NULL);
		fail(msg, status_of(error, SOUP_STATUS_BAD_REQUEST), m);
		return;
	}
	if (!json) {
		g_autofree char *loc = g_strdup_printf("/item/%" G_GINT64_FORMAT "?saved=1", id);
		set_common_headers(msg, FALSE);
		soup_server_message_set_redirect(msg, SOUP_STATUS_SEE_OTHER, loc);
		return;
	}
	GString *out = g_string_new(NULL);
	if (review_item_json(id, out, &error) != 0)
		reply_json_error(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, error->message);
	else
		reply_string(msg, "application/json", out);
	g_string_free(out, TRUE);
}

/* Runs once the request line and headers are read, before the body is: a
 * refused request is answered from them, and its body, if the client sends
 * it anyway, is read only to be thrown away, never kept. */
static void early(SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
		  gpointer data)
{
	Server *s = data;
	const char *why = NULL;
	guint status = review_gate_decide(s->port, soup_server_message_get_method(msg),
					  soup_server_message_get_request_headers(msg), &why);
	if (!status)
		return;
	soup_message_body_set_accumulate(soup_server_message_get_request_body(msg), FALSE);
	soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Connection",
				     "close");
	reply_text(msg, status, why);
}

static void handle(SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
		   gpointer data)
{
	Server *s = data;
	const char *method = soup_server_message_get_method(msg);
	gboolean get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	gboolean post = strcmp(method, "POST") == 0;
	g_autoptr(GError) error = NULL;
	g_auto(GStrv) parts = NULL;
	gint64 id = 0;
	if (soup_server_message_get_status(msg) != 0)
		return; /* refused by early() */
	if (!get && !post) {
		reply_text(msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method not allowed");
		return;
	}
	parts = g_strsplit(path, "/", 5);
	guint n = g_strv_length(parts);
	if (strcmp(path, "/") == 0 && get) {
		ReviewFilter f = { .show = "all" };
		static const char *const shows[] = { "all", "doubtful", "failed", "unreviewed", NULL };
		const char *show = query ? g_hash_table_lookup(query, "show") : NULL;
		if (show && !g_strv_contains(shows, show)) {
			reply_text(msg, SOUP_STATUS_BAD_REQUEST,
				   "bad request: show is all, doubtful, failed or unreviewed");
			return;
		}
		f.show = show ? show : "all";
		f.pipeline = query ? g_hash_table_lookup(query, "pipeline") : NULL;
		GString *out = g_string_new(NULL);
		if (review_page_list(&f, s->token, out, &error) != 0)
			reply_text(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, error->message);
		else
			reply_string(msg, "text/html; charset=utf-8", out);
		g_string_free(out, TRUE);
	} else if (strcmp(path, "/favicon.ico") == 0 && get) {
		serve_asset(msg, "icon.svg");
	} else if (n == 3 && strcmp(parts[1], "assets") == 0 && get) {
		serve_asset(msg, parts[2]);
	} else if (n == 3 && strcmp(parts[1], "item") == 0) {
		if (!parse_id(parts[2], &id)) {
			reply_text(msg, SOUP_STATUS_BAD_REQUEST, "bad request: an image id is a positive number");
		} else if (post) {
			save(s, msg, id);
		} else {
			gboolean saved = query && g_hash_table_contains(query, "saved");
			GString *out = g_string_new(NULL);
			if (review_page_item(id, s->token, saved ? "Saved." : NULL, out, &error) != 0)
				reply_text(msg, status_of(error, SOUP_STATUS_NOT_FOUND), error->message);
			else
				reply_string(msg, "text/html; charset=utf-8", out);
			g_string_free(out, TRUE);
		}
	} else if (n == 4 && strcmp(parts[1], "api") == 0 && strcmp(parts[2], "item") == 0 && get) {
		GString *out = g_string_new(NULL);
		if (!parse_id(parts[3], &id))
			reply_json_error(msg, SOUP_STATUS_BAD_REQUEST, "bad request: an image id is a positive number");
		else if (review_item_json(id, out, &error) != 0)
			reply_json_error(msg, status_of(error, SOUP_STATUS_NOT_FOUND), error->message);
		else
			reply_string(msg, "application/json", out);
		g_string_free(out, TRUE);
	} else if (n == 4 && strcmp(parts[1], "img") == 0 && get &&
		   (strcmp(parts[3], "original") == 0 || strcmp(parts[3], "master") == 0)) {
		if (!parse_id(parts[2], &id))
			reply_text(msg, SOUP_STATUS_BAD_REQUEST, "bad request: an image id is a positive number");
		else
			serve_image(s, msg, id, parts[3], query);
	} else if (post) {
		reply_text(msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method not allowed here");
	} else {
		reply_text(msg, SOUP_STATUS_NOT_FOUND, "not found");
	}
}

static char *new_token(GError **error)
{
	guchar raw[16];
	FILE *f = fopen("/dev/urandom", "rb");
	if (!f || fread(raw, 1, sizeof raw, f) != sizeof raw) {
		if (f)
			fclose(f);
		g_set_error(error, PL_ERROR, PL_ERROR_IO, "cannot read /dev/urandom for the token");
		return NULL;
	}
	fclose(f);
	GString *s = g_string_new(NULL);
	for (gsize i = 0; i < sizeof raw; i++)
		g_string_append_printf(s, "%02x", raw[i]);
	return g_string_free(s, FALSE);
}

static gboolean quit(gpointer loop)
{
	g_main_loop_quit(loop);
	return G_SOURCE_REMOVE;
}

int review_serve(int port, GError **error)
{
	Server s = { 0 };
	int rc = -1;
	SoupServer *server = NULL;
	GMainLoop *loop = NULL;
	GSList *uris = NULL;
	g_autoptr(GInetAddress) lo = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
	g_autoptr(GSocketAddress) addr = g_inet_socket_address_new(lo, (guint16)port);
	if (!(s.token = new_token(error)))
		goto out;
	s.images = review_images_new();
	server = soup_server_new("server-header", "planche-review", NULL);
	soup_server_add_early_handler(server, NULL, early, &s, NULL);
	soup_server_add_handler(server, NULL, handle, &s, NULL);
	if (!soup_server_listen(server, addr, 0, error)) {
		g_prefix_error(error, "cannot listen on 127.0.0.1:%d: ", port);
		goto out;
	}
	uris = soup_server_get_uris(server);
	if (!uris) {
		g_set_error(error, PL_ERROR, PL_ERROR_IO, "the server has no address");
		goto out;
	}
	int bound = g_uri_get_port(uris->data);
	s.port = bound;
	printf("Review at http://127.0.0.1:%d/ (for you only; Ctrl-C to stop)\n", bound);
	fflush(stdout);
	loop = g_main_loop_new(NULL, FALSE);
	g_unix_signal_add(SIGINT, quit, loop);
	g_unix_signal_add(SIGTERM, quit, loop);
	g_main_loop_run(loop);
	rc = 0;
out:
	g_slist_free_full(uris, (GDestroyNotify)g_uri_unref);
	if (loop)
		g_main_loop_unref(loop);
	if (server)
		g_object_unref(server);
	review_images_free(s.images);
	g_free(s.token);
	return rc;
}

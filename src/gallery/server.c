/* The preview server (planche serve): files below the site folder, to
 * requests that gal_serve_decide (serve.c) lets through; IIIF JSON of a site
 * built without base-url gets absolute ids, so viewers can follow them. */
#include <errno.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <stdlib.h>
#include <string.h>

#include "gallery/serve.h"
#include "util/json.h"

struct GalServer {
	char *root; /* real path of the site folder */
	char **hosts;
	GalServeGate gate;
	SoupServer *soup;
	GSList *uris; /* of GUri*, where it listens */
};
typedef struct GalServer ServeCtx;

/* Relative IIIF ids (a site built without base-url) made absolute against
 * origin ("http://127.0.0.1:8000/"), so that viewers can follow them. */
static void absolute_ids(JsonNode *node, const char *origin)
{
	if (JSON_NODE_HOLDS_ARRAY(node)) {
		JsonArray *a = json_node_get_array(node);
		for (guint i = 0; i < json_array_get_length(a); i++)
			absolute_ids(json_array_get_element(a, i), origin);
	} else if (JSON_NODE_HOLDS_OBJECT(node)) {
		JsonObject *o = json_node_get_object(node);
		g_autoptr(GList) names = json_object_get_members(o);
		for (GList *l = names; l; l = l->next) {
			const char *name = l->data;
			JsonNode *v = json_object_get_member(o, name);
			if ((strcmp(name, "id") == 0 || strcmp(name, "target") == 0) &&
			    JSON_NODE_HOLDS_VALUE(v) && json_node_get_value_type(v) == G_TYPE_STRING) {
				const char *s = json_node_get_string(v);
				if (*s && !strstr(s, "://")) {
					g_autofree char *abs = g_strconcat(origin, s[0] == '/' ? s + 1 : s, NULL);
					json_object_set_string_member(o, name, abs);
				}
			} else {
				absolute_ids(v, origin);
			}
		}
	}
}

/* The JSON of a site built without base-url, with its ids absolute; NULL
 * when there is nothing to change (or it is not JSON). */
static char *serve_iiif_json(GBytes *bytes, const char *origin)
{
	g_autoptr(JsonParser) p = json_parser_new();
	gsize n = 0;
	const char *data = g_bytes_get_data(bytes, &n);
	if (!json_parser_load_from_data(p, data, (gssize)n, NULL))
		return NULL;
	JsonNode *root = json_parser_get_root(p);
	if (!root || !JSON_NODE_HOLDS_OBJECT(root) ||
	    !json_object_has_member(json_node_get_object(root), "id"))
		return NULL;
	const char *id = json_object_get_string_member_with_default(json_node_get_object(root), "id", "");
	if (strstr(id, "://"))
		return NULL; /* built with base-url: left as it is */
	absolute_ids(root, origin);
	PlJson j;
	pl_json_start(&j, 0);
	pl_json_node(&j, root);
	return pl_json_finish(&j);
}

static const char *mime_type(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{".html", "text/html; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"}, {".json", "application/json"},
		{".xml", "application/xml"}, {".txt", "text/plain; charset=utf-8"},
		{".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".png", "image/png"},
		{".webp", "image/webp"}, {".svg", "image/svg+xml"}, {".tif", "image/tiff"},
		{".tiff", "image/tiff"}, {".jp2", "image/jp2"}, {".map", "application/json"},
	};
	for (gsize i = 0; i < G_N_ELEMENTS(types); i++)
		if (g_str_has_suffix(path, types[i].ext))
			return types[i].type;
	return "application/octet-stream";
}

static void reply(SoupServerMessage *msg, guint status, const char *text)
{
	soup_server_message_set_status(msg, status, NULL);
	soup_server_message_set_response(msg, "text/plain; charset=utf-8", SOUP_MEMORY_COPY, text,
					 strlen(text));
}

/* Resolves the request path (checked by gal_serve_decide) below root;
 * NULL when it is not there. */
static char *resolve(const ServeCtx *ctx, const char *decoded, guint *status)
{
	g_autofree char *path = g_build_filename(ctx->root, decoded, NULL);
	if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
		char *index = g_build_filename(path, "index.html", NULL);
		g_free(path);
		path = index;
	}
	/* Symbolic links must not lead out of the site either. */
	char *real = realpath(path, NULL);
	if (!real) {
		*status = SOUP_STATUS_NOT_FOUND;
		return NULL;
	}
	gsize n = strlen(ctx->root);
	if (strncmp(real, ctx->root, n) != 0 || (real[n] != '/' && real[n] != 0)) {
		free(real);
		*status = SOUP_STATUS_FORBIDDEN;
		return NULL;
	}
	char *out = g_strdup(real);
	free(real);
	return out;
}

/* Runs on the request line and headers, before libsoup reads a body: what
 * is refused is answered from them, and a body the client sends anyway is
 * read only to be thrown away, never kept. */
static void early(SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
		  gpointer data)
{
	const ServeCtx *ctx = data;
	g_autofree char *rel = NULL;
	const char *why = NULL;
	guint status = gal_serve_decide(&ctx->gate, soup_server_message_get_method(msg), path,
					soup_server_message_get_request_headers(msg), &rel, &why);
	if (!status)
		return;
	soup_message_body_set_accumulate(soup_server_message_get_request_body(msg), FALSE);
	soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Connection",
				     "close");
	reply(msg, status, why);
}

static void handle(SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
		   gpointer data)
{
	const ServeCtx *ctx = data;
	g_autofree char *decoded = NULL;
	const char *why = NULL;
	if (soup_server_message_get_status(msg) != 0)
		return; /* refused by early() */
	guint status = gal_serve_decide(&ctx->gate, soup_server_message_get_method(msg), path,
					soup_server_message_get_request_headers(msg), &decoded, &why);
	if (status) {
		reply(msg, status, why);
		return;
	}
	status = SOUP_STATUS_NOT_FOUND;
	g_autofree char *file = resolve(ctx, decoded, &status);
	if (!file) {
		/* the site's own page for a missing address, as a web server would */
		g_autofree char *nf = g_build_filename(ctx->root, "404.html", NULL);
		g_autofree char *text = NULL;
		gsize len = 0;
		if (status == SOUP_STATUS_NOT_FOUND && g_file_get_contents(nf, &text, &len, NULL)) {
			soup_server_message_set_status(msg, SOUP_STATUS_NOT_FOUND, NULL);
			soup_server_message_set_response(msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY, text, len);
			return;
		}
		reply(msg, status, status == SOUP_STATUS_FORBIDDEN ? "forbidden\n" : "not found\n");
		return;
	}
	/* A folder asked for without its slash: relative links need it. */
	g_autofree char *asked = g_build_filename(ctx->root, decoded, NULL);
	if (g_file_test(asked, G_FILE_TEST_IS_DIR) && *decoded && !g_str_has_suffix(decoded, "/")) {
		/* From the checked path, not the raw one: "//host/x" must not
		 * become a redirect to another host. */
		g_autofree char *escaped = g_uri_escape_string(decoded, "/", FALSE);
		g_autofree char *loc = g_strconcat("/", escaped, "/", NULL);
		soup_server_message_set_redirect(msg, SOUP_STATUS_MOVED_PERMANENTLY, loc);
		return;
	}
	GMappedFile *mf = g_mapped_file_new(file, FALSE, NULL);
	if (!mf) {
		reply(msg, SOUP_STATUS_NOT_FOUND, "not found\n");
		return;
	}
	GBytes *bytes = g_mapped_file_get_bytes(mf);
	g_mapped_file_unref(mf);
	SoupMessageHeaders *h = soup_server_message_get_response_headers(msg);
	soup_message_headers_replace(h, "Cache-Control", "no-cache");
	soup_message_headers_replace(h, "X-Content-Type-Options", "nosniff");
	soup_server_message_set_status(msg, SOUP_STATUS_OK, NULL);
	if (g_str_has_suffix(file, ".json")) {
		/* IIIF viewers on other origins (Mirador, the Universal Viewer) load these */
		soup_message_headers_replace(h, "Access-Control-Allow-Origin", "*");
		GUri *u = soup_server_message_get_uri(msg);
		g_autofree char *origin = g_strdup_printf("http://%s:%d/", g_uri_get_host(u), g_uri_get_port(u));
		g_autofree char *text = serve_iiif_json(bytes, origin);
		if (text) {
			soup_server_message_set_response(msg, "application/json", SOUP_MEMORY_COPY, text,
							 strlen(text));
			g_bytes_unref(bytes);
			return;
		}
	}
	soup_server_message_set_response(msg, mime_type(file), SOUP_MEMORY_COPY,
					 g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
	g_bytes_unref(bytes);
}

GalServer *gal_server_start(const char *root, const char *const *hosts, int port, GError **error)
{
	GalServer *s = g_new0(GalServer, 1);
	char *real = realpath(root, NULL);
	if (!real || !g_file_test(real, G_FILE_TEST_IS_DIR)) {
		free(real);
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
			    "%s: no site there (run planche build first)", root);
		g_free(s);
		return NULL;
	}
	s->root = g_strdup(real);
	free(real);
	s->hosts = g_strdupv((char **)hosts);
	s->gate.hosts = (const char *const *)s->hosts;
	s->soup = soup_server_new("server-header", "planche", NULL);
	soup_server_add_early_handler(s->soup, NULL, early, s, NULL);
	soup_server_add_handler(s->soup, NULL, handle, s, NULL);
	g_autoptr(GInetAddress) lo = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
	g_autoptr(GSocketAddress) addr = g_inet_socket_address_new(lo, (guint16)port);
	if (!soup_server_listen(s->soup, addr, 0, error)) {
		g_prefix_error(error, "cannot listen on 127.0.0.1:%d: ", port);
		gal_server_free(s);
		return NULL;
	}
	s->uris = soup_server_get_uris(s->soup);
	s->gate.port = s->uris ? g_uri_get_port(s->uris->data) : port;
	return s;
}

const char *gal_server_root(const GalServer *s)
{
	return s->root;
}

GSList *gal_server_uris(const GalServer *s)
{
	return s->uris;
}

void gal_server_free(GalServer *s)
{
	if (!s)
		return;
	g_slist_free_full(s->uris, (GDestroyNotify)g_uri_unref);
	if (s->soup)
		g_object_unref(s->soup);
	g_strfreev(s->hosts);
	g_free(s->root);
	g_free(s);
}

/* planche serve's server: what it decides from a request's method, path and
 * headers alone, before any body is read (serve.c: pure, fuzzed by
 * tests/fuzz/fuzz_serve_request.c), and the server (server.c). */
#ifndef PLANCHE_GALLERY_SERVE_H
#define PLANCHE_GALLERY_SERVE_H

#include <libsoup/soup.h>

typedef struct {
	int port;                  /* the one listened on */
	const char *const *hosts;  /* other Host names answered (--allow-host); may be NULL */
} GalServeGate;

/* 0 with *rel, the decoded path below the site to serve (newly allocated,
 * "" for the site's root; no "..", no empty part, no backslash, no NUL; a
 * final '/' kept), or the HTTP status to answer with and *why, a line of
 * text. */
guint gal_serve_decide(const GalServeGate *g, const char *method, const char *path,
		       SoupMessageHeaders *h, char **rel, const char **why);

/* The preview server itself: listens on 127.0.0.1:port (0 picks one) and
 * serves the site below root, answering hosts (may be NULL) besides the
 * loopback names; runs in the thread-default main context. NULL with error
 * when root is no folder or the port cannot be had. */
typedef struct GalServer GalServer;
GalServer *gal_server_start(const char *root, const char *const *hosts, int port, GError **error);
const char *gal_server_root(const GalServer *s); /* its real path */
GSList *gal_server_uris(const GalServer *s);     /* of GUri*, where it listens; not owned */
void gal_server_free(GalServer *s);

#endif

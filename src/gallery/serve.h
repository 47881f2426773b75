/* What 'planche serve' decides from a request's method, path and headers
 * alone, before any body is read. Pure; fuzzed by
 * tests/fuzz/fuzz_serve_request.c. */
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

#endif

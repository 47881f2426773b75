/* What the review server decides before it reads a request's body: from the
 * method and headers alone (Host, Origin, Sec-Fetch-Site, the body's length),
 * and the form a save's body must be. Pure; fuzzed by
 * tests/fuzz/fuzz_review_request.c. */
#ifndef PLANCHE_REVIEW_GATE_H
#define PLANCHE_REVIEW_GATE_H

#include <libsoup/soup.h>

/* The largest form a save may send. */
#define REVIEW_MAX_BODY (64 * 1024)

/* 0 when the request may go on (a POST's body is then read, at most
 * REVIEW_MAX_BODY bytes), else the HTTP status to answer with and *why,
 * a sentence. port is the server's. */
guint review_gate_decide(int port, const char *method, SoupMessageHeaders *h, const char **why);

/* A save's body as a form: NAME=VALUE pairs joined by '&', with whole
 * %-escapes, all UTF-8. NULL with *why when it is not that. */
GHashTable *review_form_parse(const char *data, gsize len, const char **why);

#endif

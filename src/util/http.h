/* The Host checks of planche's two local servers (review, serve). A page of
 * another site made to resolve to 127.0.0.1 (DNS rebinding) reaches them
 * with its own name in Host: only the loopback names are answered. Pure. */
#ifndef PLANCHE_UTIL_HTTP_H
#define PLANCHE_UTIL_HTTP_H

#include <glib.h>

/* TRUE for "localhost", "127.0.0.1" or "[::1]" (any case) with ":PORT",
 * or without it when port is 80 (browsers leave the default port out). */
gboolean pl_http_host_is_loopback(const char *host, int port);
/* TRUE for name itself (any case), or name with ":DIGITS" after it. */
gboolean pl_http_host_is(const char *host, const char *name);
/* TRUE for "http://" followed by a loopback host of port. */
gboolean pl_http_origin_is_loopback(const char *origin, int port);

#endif

#include "util/http.h"

#include <string.h>

/* rest is "" (port 80 only) or ":PORT" exactly. */
static gboolean port_matches(const char *rest, int port)
{
	if (!*rest)
		return port == 80;
	if (*rest != ':' || !g_ascii_isdigit(rest[1]))
		return FALSE;
	guint64 v;
	return g_ascii_string_to_unsigned(rest + 1, 10, 0, 65535, &v, NULL) && (int)v == port &&
	       rest[1] != '0';
}

gboolean pl_http_host_is_loopback(const char *host, int port)
{
	static const char *const names[] = {"localhost", "127.0.0.1", "[::1]"};
	if (!host)
		return FALSE;
	for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
		gsize n = strlen(names[i]);
		if (g_ascii_strncasecmp(host, names[i], n) == 0 && port_matches(host + n, port))
			return TRUE;
	}
	return FALSE;
}

gboolean pl_http_host_is(const char *host, const char *name)
{
	if (!host || !name || !*name)
		return FALSE;
	gsize n = strlen(name);
	if (g_ascii_strncasecmp(host, name, n) != 0)
		return FALSE;
	const char *rest = host + n;
	if (!*rest)
		return TRUE;
	if (*rest++ != ':' || !*rest)
		return FALSE;
	for (; *rest; rest++)
		if (!g_ascii_isdigit(*rest))
			return FALSE;
	return TRUE;
}

gboolean pl_http_origin_is_loopback(const char *origin, int port)
{
	return origin && g_ascii_strncasecmp(origin, "http://", 7) == 0 &&
	       pl_http_host_is_loopback(origin + 7, port);
}

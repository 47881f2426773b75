/* The one door planche opens to the network: polite HTTP GETs to the
 * archives (libsoup 3, synchronous). Requests go one at a time, at least
 * `delay` seconds apart per host; 429 and 503 are honoured with their
 * Retry-After, other failures retried with a growing back-off, then reported.
 *
 * PLANCHE_ARCHIVE_BASE=http://127.0.0.1:PORT (for tests only) sends every
 * request to that server instead, as BASE/HOST/PATH; it must be this machine,
 * and only then may the delay go below PL_HTTP_MIN_DELAY. */
#ifndef PLANCHE_ARCHIVES_HTTP_H
#define PLANCHE_ARCHIVES_HTTP_H

#include <glib.h>

#define PL_HTTP_MIN_DELAY 1.0  /* seconds between two requests to one host, at least */
#define PL_HTTP_DEFAULT_TIMEOUT 30

#define PL_HTTP_ERROR (pl_http_error_quark())
GQuark pl_http_error_quark(void);
typedef enum {
	PL_HTTP_ERROR_NOT_FOUND,    /* 404, 410 */
	PL_HTTP_ERROR_STATUS,       /* another refusal (4xx) or a server error that lasted */
	PL_HTTP_ERROR_RATE_LIMITED, /* 429/503 that lasted, or asked for too long a wait */
	PL_HTTP_ERROR_NETWORK,      /* no connection, a timeout */
	PL_HTTP_ERROR_TRUNCATED,    /* fewer bytes than Content-Length said */
	PL_HTTP_ERROR_TYPE,         /* the body is not what its Content-Type says */
	PL_HTTP_ERROR_SETUP,        /* PLANCHE_ARCHIVE_BASE refused, a file not writable */
} PlHttpError;

typedef struct {
	double delay;     /* seconds between requests to one host (raised to the floor) */
	int timeout;      /* seconds without an answer before a try is given up */
	int retries;      /* further tries after a failed one */
	double max_wait;  /* the longest Retry-After planche waits for */
	const char *contact; /* put in the User-Agent when set */
} PlHttpOptions;

typedef struct PlHttp PlHttp;

/* Says what the client is waiting for ("… asks to wait 2 s"), for the user. */
typedef void (*PlHttpNotify)(void *data, const char *message);

/* opts may be NULL for the defaults. Fails only on a bad PLANCHE_ARCHIVE_BASE. */
PlHttp *pl_http_new(const PlHttpOptions *opts, GError **error);
void pl_http_free(PlHttp *h);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PlHttp, pl_http_free)
void pl_http_set_notify(PlHttp *h, PlHttpNotify fn, void *data);
const char *pl_http_user_agent(const PlHttp *h);
double pl_http_delay(const PlHttp *h);
/* TRUE when PLANCHE_ARCHIVE_BASE points requests at a test server. */
gboolean pl_http_is_redirected(const PlHttp *h);

/* GETs url; *body holds the whole answer, *content_type its type (may be
 * NULL). Errors are PL_HTTP_ERROR, messages one line without the URL. */
int pl_http_get(PlHttp *h, const char *url, GBytes **body, char **content_type, GError **error);

/* GETs an image into dest through a temporary file and a rename: a
 * truncated, interrupted or mistyped answer leaves nothing at dest. */
int pl_http_download(PlHttp *h, const char *url, const char *dest, char **content_type,
		     gint64 *size, GError **error);

/* The image type the first bytes say ("image/jpeg", …), or NULL. */
const char *pl_image_type_sniff(const guint8 *data, gsize len);

#endif

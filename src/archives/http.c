#include "archives/http.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"

/* A record is never this large; an image may be up to 1 GiB. */
#define MAX_BODY (64 * 1024 * 1024)
#define MAX_IMAGE ((gint64)1024 * 1024 * 1024)
/* Three tries more, 1 + 2 + 4 s of back-off from the least delay: a passing
 * hiccup is over by then; an archive down for longer is one to come back to. */
#define DEFAULT_RETRIES 3
/* A Retry-After above two minutes is an outage, not a rate: said, not waited. */
#define DEFAULT_MAX_WAIT 120.0
/* The doubling back-off stops at a minute between two tries. */
#define BACKOFF_MAX 60.0
/* Against a local server (PLANCHE_ARCHIVE_BASE, the tests'), back-off starts
 * at a tenth of a second, so a test of retries does not sleep for seconds. */
#define LOCAL_BACKOFF_START 0.1

G_DEFINE_QUARK(planche-http-error-quark, pl_http_error)

struct PlHttp {
	SoupSession *session;
	PlHttpOptions opts;
	char *contact;
	char *base;           /* PLANCHE_ARCHIVE_BASE without a trailing slash, or NULL */
	char *user_agent;
	GHashTable *next_at;  /* host -> gint64*: monotonic µs before which it is not asked again */
	PlHttpNotify notify;
	void *notify_data;
};

/* Where a body goes: memory for records, a file descriptor for images. */
typedef struct {
	GByteArray *bytes;
	int fd;
	gint64 written;
	gint64 limit;
	guint8 head[16];
	gsize head_len;
} Sink;

/* An address of this machine: a name like "127.0.0.1.example.org" is not. */
static gboolean is_loopback(const char *host)
{
	if (!host)
		return FALSE;
	if (strcmp(host, "localhost") == 0)
		return TRUE;
	g_autofree char *bare = g_strdup(host);
	gsize n = strlen(bare);
	if (n > 2 && bare[0] == '[' && bare[n - 1] == ']') {
		bare[n - 1] = '\0';
		memmove(bare, bare + 1, n - 1);
	}
	g_autoptr(GInetAddress) addr = g_inet_address_new_from_string(bare);
	return addr && g_inet_address_get_is_loopback(addr);
}

PlHttp *pl_http_new(const PlHttpOptions *opts, GError **error)
{
	PlHttpOptions defaults = {
		.delay = PL_HTTP_MIN_DELAY, .timeout = PL_HTTP_DEFAULT_TIMEOUT,
		.retries = DEFAULT_RETRIES, .max_wait = DEFAULT_MAX_WAIT,
	};
	const char *base = g_getenv("PLANCHE_ARCHIVE_BASE");
	if (base && *base) {
		g_autoptr(GUri) uri = g_uri_parse(base, G_URI_FLAGS_NONE, NULL);
		if (!uri || g_strcmp0(g_uri_get_scheme(uri), "http") != 0 ||
		    !is_loopback(g_uri_get_host(uri))) {
			g_set_error(error, PL_HTTP_ERROR, PL_HTTP_ERROR_SETUP,
				    "PLANCHE_ARCHIVE_BASE is for tests and must be http://127.0.0.1:PORT "
				    "(this machine), not '%s'", base);
			return NULL;
		}
	} else {
		base = NULL;
	}
	PlHttp *h = g_new0(PlHttp, 1);
	h->opts = opts ? *opts : defaults;
	h->contact = opts && opts->contact && *opts->contact ? g_strdup(opts->contact) : NULL;
	h->opts.contact = h->contact;
	if (h->opts.timeout <= 0)
		h->opts.timeout = PL_HTTP_DEFAULT_TIMEOUT;
	if (h->opts.retries < 0)
		h->opts.retries = 0;
	if (h->opts.max_wait <= 0)
		h->opts.max_wait = defaults.max_wait;
	/* The floor holds for every real archive; only the test server, on this
	 * machine, may be asked faster. */
	if (!base && h->opts.delay < PL_HTTP_MIN_DELAY)
		h->opts.delay = PL_HTTP_MIN_DELAY;
	if (h->opts.delay < 0)
		h->opts.delay = 0;
	if (base) {
		h->base = g_strdup(base);
		gsize n = strlen(h->base);
		while (n > 0 && h->base[n - 1] == '/')
			h->base[--n] = '\0';
	}
	h->user_agent = h->contact ? g_strdup_printf("planche/%s (%s)", PLANCHE_VERSION, h->contact)
				   : g_strdup_printf("planche/%s", PLANCHE_VERSION);
	/* One connection per host: one request at a time to each archive. */
	h->session = soup_session_new_with_options("max-conns-per-host", 1, "max-conns", 4,
						   "timeout", (guint)h->opts.timeout,
						   "idle-timeout", (guint)60,
						   "user-agent", h->user_agent, NULL);
	if (h->base) {
		/* The test server is reached directly, whatever proxy the machine has. */
		g_autoptr(GProxyResolver) direct = g_simple_proxy_resolver_new(NULL, NULL);
		soup_session_set_proxy_resolver(h->session, direct);
	}
	h->next_at = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	return h;
}

void pl_http_free(PlHttp *h)
{
	if (!h)
		return;
	g_object_unref(h->session);
	g_hash_table_destroy(h->next_at);
	g_free(h->contact);
	g_free(h->base);
	g_free(h->user_agent);
	g_free(h);
}

void pl_http_set_notify(PlHttp *h, PlHttpNotify fn, void *data)
{
	h->notify = fn;
	h->notify_data = data;
}

const char *pl_http_user_agent(const PlHttp *h)
{
	return h->user_agent;
}

double pl_http_delay(const PlHttp *h)
{
	return h->opts.delay;
}

gboolean pl_http_is_redirected(const PlHttp *h)
{
	return h->base != NULL;
}

static void notify(PlHttp *h, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void notify(PlHttp *h, const char *fmt, ...)
{
	if (!h->notify)
		return;
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	h->notify(h->notify_data, msg);
}

/* Waits until host may be asked again. */
static void wait_turn(PlHttp *h, const char *host)
{
	gint64 *next = g_hash_table_lookup(h->next_at, host);
	if (!next)
		return;
	gint64 now = g_get_monotonic_time();
	if (*next > now)
		g_usleep((gulong)(*next - now));
}

static void set_next(PlHttp *h, const char *host, double seconds_from_now)
{
	gint64 *next = g_hash_table_lookup(h->next_at, host);
	if (!next) {
		next = g_new(gint64, 1);
		g_hash_table_insert(h->next_at, g_strdup(host), next);
	}
	*next = g_get_monotonic_time() + (gint64)(seconds_from_now * 1e6);
}

/* Retry-After: seconds, or an HTTP date. -1 when absent or unreadable. */
static double retry_after(SoupMessageHeaders *hdrs)
{
	const char *v = soup_message_headers_get_one(hdrs, "Retry-After");
	if (!v)
		return -1;
	while (*v == ' ')
		v++;
	if (g_ascii_isdigit(*v))
		return g_ascii_strtod(v, NULL);
	g_autoptr(GDateTime) when = soup_date_time_new_from_http_string(v);
	if (!when)
		return -1;
	g_autoptr(GDateTime) now = g_date_time_new_now_utc();
	double s = (double)g_date_time_difference(when, now) / 1e6;
	return s > 0 ? s : 0;
}

static void sink_reset(Sink *s)
{
	if (s->bytes)
		g_byte_array_set_size(s->bytes, 0);
	if (s->fd >= 0) {
		if (ftruncate(s->fd, 0) != 0 || lseek(s->fd, 0, SEEK_SET) != 0)
			g_warning("cannot rewind a download: %s", g_strerror(errno));
	}
	s->written = 0;
	s->head_len = 0;
}

static int sink_write(Sink *s, const guint8 *data, gsize n, GError **error)
{
	if (s->written + (gint64)n > s->limit) {
		g_set_error(error, PL_HTTP_ERROR, PL_HTTP_ERROR_TYPE,
			    "the answer is larger than %" G_GINT64_FORMAT " MiB", s->limit >> 20);
		return -1;
	}
	if (s->head_len < sizeof s->head) {
		gsize k = MIN(n, sizeof s->head - s->head_len);
		memcpy(s->head + s->head_len, data, k);
		s->head_len += k;
	}
	if (s->bytes) {
		g_byte_array_append(s->bytes, data, (guint)n);
	} else {
		while (n > 0) {
			ssize_t w = write(s->fd, data, n);
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				g_set_error(error, PL_HTTP_ERROR, PL_HTTP_ERROR_SETUP, "cannot write: %s",
					    g_strerror(errno));
				return -1;
			}
			data += w;
			n -= (gsize)w;
			s->written += w;
		}
		return 0;
	}
	s->written += (gint64)n;
	return 0;
}

/* The URL actually asked: the archive's, or the test server's BASE/HOST/PATH. */
static char *target_url(PlHttp *h, const char *url, char **host, GError **error)
{
	g_autoptr(GUri) uri = g_uri_parse(url, G_URI_FLAGS_ENCODED, NULL);
	if (!uri || !g_uri_get_host(uri) ||
	    (g_strcmp0(g_uri_get_scheme(uri), "https") != 0 && g_strcmp0(g_uri_get_scheme(uri), "http") != 0)) {
		g_set_error(error, PL_HTTP_ERROR, PL_HTTP_ERROR_SETUP, "not an http(s) URL: %s", url);
		return NULL;
	}
	*host = g_ascii_strdown(g_uri_get_host(uri), -1);
	if (!h->base)
		return g_strdup(url);
	const char *query = g_uri_get_query(uri);
	return g_strdup_printf("%s/%s%s%s%s", h->base, *host, g_uri_get_path(uri),
			       query ? "?" : "", query ? query : "");
}

typedef enum { TRY_DONE, TRY_AGAIN, TRY_FAIL } TryResult;

/* One try: sends, reads the body into the sink. On TRY_AGAIN *wait says how
 * long the server asked us to wait (-1: our own back-off). */
static TryResult try_once(PlHttp *h, const char *target, Sink *sink,
			  char **content_type, double *wait, GError **error)
{
	g_autoptr(SoupMessage) msg = soup_message_new("GET", target);
	if (!msg) {
		g_set_error(error, PL_HTTP_ERROR, PL_HTTP_ERROR_SETUP, "not a URL libsoup takes: %s", target);
		return TRY_FAIL;
	}
	/* Only the test server's own answers count: no redirect leads elsewhere. */
	if (h->base)
		soup_message_add_flags(msg, SOUP_MESSAGE_NO_REDIRECT);
	*wait = -1;
	g_autoptr(GError) err = NULL;
	g_autoptr(GInputStream) in = soup_session_send(h->session, msg, NULL, &err);
	if (!in) {
		g_set_error(error, PL_HTTP_ERROR, PL_HTTP_ERROR_NETWORK, "%s", err->message);
		return TRY_AGAIN;
	}
	guint status = soup_message_get_status(msg);
	SoupMessageHeaders *hdrs = soup_message_get_response_headers(msg);
	if (status != SOUP_STATUS_OK) {
		/* Read what little there is, so the connection can be reused. */
		char drain[4096];
		for (int i = 0; i < 16 && g_input_stream_read(in, drain, sizeof drain, NULL, NULL) > 0; i++)
			;
		g_input_stream_close(in, NULL, NULL);
		const char *reason = soup_message_get_reason_phrase(msg);
		if (status == 404 || status == 410) {
			g_set_error(error, PL_HTTP_ERROR, PL_HTTP_ERROR_NOT_FOUND, "HTTP %u %s", status,
				    reason ? reason : "");
			return TRY_FAIL;
		}
		if (status == 429 || status == 503) {
			*wait = retry_after(hdrs);
			g_set_error(error, PL_HTTP_ERROR, PL_HTTP_ERROR_RATE_LIMITED,
				    "the archive is busy or limits its rate (HTTP %u %s)", status,
				    reason ? reason : "");
			return TRY_AGAIN;
		}
		g_set_error(error, PL_HTTP_ERROR, PL_HTTP_ERROR_STATUS, "HTTP %u %s", status,
			    reason ? reason : "");
		return status >= 500 ? TRY_AGAIN : TRY_FAIL;
	}
	const char *type = soup_message_headers_get_content_type(hdrs, NULL);
	g_free(*content_type);
	*content_type = g_strdup(type);
	gboolean has_length = soup_message_headers_get_encoding(hdrs) == SOUP_ENCODING_CONTENT_LENGTH;
	goffset expected = has_length ? soup_message_headers_get_content_length(hdrs) : -1;
	guint8 buf[65536];
	for (;;) {
		gssize n = g_input_stream_read(in, buf, sizeof buf, NULL, &err);
		if (n < 0) {
			/* a stall mid-body, or the connection cut short */
			if (expected >= 0 && sink->written < expected)
				g_set_error(error, PL_HTTP_ERROR, PL_HTTP_ERROR_TRUNCATED,
					    "truncated: the answer stopped after %" G_GINT64_FORMAT " of %"
					    G_GINT64_FORMAT " bytes (%s)", sink->written, (gint64)expected,
					    err->message);
			else
				g_set_error(error, PL_HTTP_ERROR, PL_HTTP_ERROR_NETWORK, "%s", err->message);
			return TRY_AGAIN;
		}
		if (n == 0)
			break;
		if (sink_write(sink, buf, (gsize)n, error) != 0)
			return TRY_FAIL;
	}
	g_input_stream_close(in, NULL, NULL);
	if (expected >= 0 && sink->written != expected) {
		g_set_error(error, PL_HTTP_ERROR, PL_HTTP_ERROR_TRUNCATED,
			    "truncated: the answer stopped after %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT
			    " bytes", sink->written, (gint64)expected);
		return TRY_AGAIN;
	}
	return TRY_DONE;
}

/* Tries, waits and retries; the body ends up in the sink. */
static int fetch(PlHttp *h, const char *url, Sink *sink, char **content_type, GError **error)
{
	g_autofree char *host = NULL;
	g_autofree char *target = target_url(h, url, &host, error);
	if (!target)
		return -1;
	int tries = 1 + h->opts.retries;
	for (int attempt = 0;; attempt++) {
		g_autoptr(GError) err = NULL;
		double asked = -1;
		sink_reset(sink);
		wait_turn(h, host);
		TryResult r = try_once(h, target, sink, content_type, &asked, &err);
		/* The delay runs from the end of this request to the start of the next. */
		set_next(h, host, h->opts.delay);
		if (r == TRY_DONE)
			return 0;
		if (r == TRY_FAIL || attempt + 1 >= tries) {
			if (r == TRY_AGAIN && tries > 1)
				g_prefix_error(&err, "after %d tries: ", tries);
			g_propagate_error(error, g_steal_pointer(&err));
			return -1;
		}
		if (asked > h->opts.max_wait) {
			g_set_error(error, PL_HTTP_ERROR, PL_HTTP_ERROR_RATE_LIMITED,
				    "%s; it asks to wait %.0f s (Retry-After), longer than planche waits "
				    "(%.0f s): try again later", err->message, asked, h->opts.max_wait);
			return -1;
		}
		/* Back-off doubles from the delay (at least a second for real archives). */
		double backoff = MAX(h->opts.delay, h->base ? LOCAL_BACKOFF_START : PL_HTTP_MIN_DELAY) *
				 (double)(1 << attempt);
		double wait = asked >= 0 ? MAX(asked, h->opts.delay) : MIN(backoff, BACKOFF_MAX);
		if (asked >= 0)
			notify(h, "%s: %s; waiting %.0f s as it asks (Retry-After)", host, err->message, wait);
		else
			notify(h, "%s: %s; trying again in %.1f s", host, err->message, wait);
		set_next(h, host, wait);
	}
}

int pl_http_get(PlHttp *h, const char *url, GBytes **body, char **content_type, GError **error)
{
	Sink sink = {.bytes = g_byte_array_new(), .fd = -1, .limit = MAX_BODY};
	g_autofree char *type = NULL;
	*body = NULL;
	if (fetch(h, url, &sink, &type, error) != 0) {
		g_byte_array_unref(sink.bytes);
		return -1;
	}
	*body = g_byte_array_free_to_bytes(sink.bytes);
	if (content_type)
		*content_type = g_steal_pointer(&type);
	return 0;
}

const char *pl_image_type_sniff(const guint8 *d, gsize n)
{
	if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		return "image/jpeg";
	if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (n >= 4 && (memcmp(d, "II*\0", 4) == 0 || memcmp(d, "MM\0*", 4) == 0))
		return "image/tiff";
	if ((n >= 12 && memcmp(d, "\0\0\0\x0cjP  \r\n\x87\n", 12) == 0) ||
	    (n >= 4 && memcmp(d, "\xff\x4f\xff\x51", 4) == 0))
		return "image/jp2";
	if (n >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0)
		return "image/webp";
	return NULL;
}

/* The body must be an image, and the image the type says. */
static int check_image(const Sink *sink, const char *content_type, GError **error)
{
	const char *sniffed = pl_image_type_sniff(sink->head, sink->head_len);
	g_autofree char *type = content_type ? g_ascii_strdown(content_type, -1) : NULL;
	if (type && !g_str_has_prefix(type, "image/")) {
		g_set_error(error, PL_HTTP_ERROR, PL_HTTP_ERROR_TYPE,
			    "the answer is %s, not an image", content_type);
		return -1;
	}
	if (!sniffed) {
		g_set_error(error, PL_HTTP_ERROR, PL_HTTP_ERROR_TYPE,
			    "the answer says %s but its bytes are no image planche knows",
			    content_type ? content_type : "nothing of its type");
		return -1;
	}
	gboolean same;
	if (!type)
		same = TRUE;
	else if (strcmp(type, "image/jpg") == 0 || strcmp(type, "image/pjpeg") == 0)
		same = strcmp(sniffed, "image/jpeg") == 0;
	else if (strcmp(sniffed, "image/jp2") == 0)
		same = strcmp(type, "image/jp2") == 0 || strcmp(type, "image/jpx") == 0;
	else
		same = strcmp(type, sniffed) == 0;
	if (!same) {
		g_set_error(error, PL_HTTP_ERROR, PL_HTTP_ERROR_TYPE,
			    "the answer says %s but its bytes are %s", content_type, sniffed);
		return -1;
	}
	return 0;
}

int pl_http_download(PlHttp *h, const char *url, const char *dest, char **content_type,
		     gint64 *size, GError **error)
{
	g_autofree char *tmp = pl_tmp_path_for(dest);
	g_autofree char *type = NULL;
	g_autoptr(GError) err = NULL;
	int rc = -1;
	int fd = g_open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		g_set_error(error, PL_HTTP_ERROR, PL_HTTP_ERROR_SETUP, "%s: cannot write: %s", dest,
			    g_strerror(errno));
		return -1;
	}
	Sink sink = {.fd = fd, .limit = MAX_IMAGE};
	if (fetch(h, url, &sink, &type, error) != 0 || check_image(&sink, type, error) != 0)
		goto out;
	if (fsync(fd) != 0) {
		g_set_error(error, PL_HTTP_ERROR, PL_HTTP_ERROR_SETUP, "%s: cannot write: %s", dest,
			    g_strerror(errno));
		goto out;
	}
	close(fd);
	fd = -1;
	if (pl_commit_tmp(tmp, dest, &err) != 0) {
		g_set_error(error, PL_HTTP_ERROR, PL_HTTP_ERROR_SETUP, "%s", err->message);
		goto out;
	}
	if (content_type)
		*content_type = g_steal_pointer(&type);
	if (size)
		*size = sink.written;
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (rc != 0)
		g_unlink(tmp);
	return rc;
}

#include "imaging/icc.h"

#include <string.h>

#include "util/util.h"

static guint32 be32(const guchar *p)
{
	return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

/* Longer descriptions are cut: this is a label, not a document. */
#define DESC_MAX 200

/* Text in [start, start + n) when that lies inside len bytes. */
static gboolean inside(size_t len, guint64 start, guint64 n)
{
	return start <= len && n <= len - start;
}

static char *clean(char *text)
{
	if (!text)
		return NULL;
	g_autofree char *s = pl_utf8_sanitize(text);
	g_free(text);
	for (char *c = s; *c; c++)
		if ((guchar)*c < 0x20 || *c == 0x7f)
			*c = ' ';
	g_strstrip(s);
	if (!*s)
		return NULL;
	return g_utf8_substring(s, 0, MIN(g_utf8_strlen(s, -1), DESC_MAX));
}

char *pl_icc_description(const guchar *data, size_t len)
{
	/* a 128-byte header, 'acsp' at 36, then the tag count and table */
	if (!data || len < 132 || memcmp(data + 36, "acsp", 4))
		return NULL;
	guint32 n = be32(data + 128);
	for (guint64 i = 0; i < n && inside(len, 132 + 12 * i, 12); i++) {
		const guchar *e = data + 132 + 12 * i;
		guint64 off = be32(e + 4), size = be32(e + 8);
		if (memcmp(e, "desc", 4) || !inside(len, off, size) || size < 12)
			continue;
		const guchar *t = data + off;
		if (!memcmp(t, "desc", 4)) {
			guint64 count = be32(t + 8);
			if (!inside(size, 12, count))
				return NULL;
			return clean(g_strndup((const char *)t + 12, MIN(count, 4 * DESC_MAX)));
		}
		if (!memcmp(t, "mluc", 4) && size >= 28 && be32(t + 8) > 0) {
			guint64 rlen = be32(t + 20), roff = be32(t + 24);
			if (!inside(size, roff, rlen))
				return NULL;
			char *u = g_convert((const char *)t + roff, (gssize)MIN(rlen, 8 * DESC_MAX),
					    "UTF-8", "UTF-16BE", NULL, NULL, NULL);
			return clean(u);
		}
		return NULL;
	}
	return NULL;
}

/* A fast 128-bit hash, to tell whether the inputs of a page changed since
 * the last build (issue 18: SHA-256 of every record was 12 % of a no-change
 * rebuild). Not cryptographic: someone who wanted two catalogue records to
 * collide could only make a page stale on their own site. GLib has no
 * non-cryptographic hash wider than g_str_hash's 32 bits.
 *
 * Two 64-bit lanes take 16 bytes a round, each multiplied, rotated and fed
 * into the other; the length goes in first and the tail is padded with
 * zeros, so inputs of different lengths differ; a final avalanche mixes
 * every input bit into every output bit. */
#include "util/util.h"

#include <string.h>

#define K1 0x9e3779b97f4a7c15ULL /* 2^64 / golden ratio, odd */
#define K2 0xc2b2ae3d27d4eb4fULL
#define K3 0x94d049bb133111ebULL

static inline guint64 rotl(guint64 x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static inline guint64 read64(const guchar *p)
{
	guint64 v;
	memcpy(&v, p, sizeof v);
	return GUINT64_FROM_LE(v);
}

/* Every bit of x reaches every bit of the result. */
static inline guint64 avalanche(guint64 x)
{
	x ^= x >> 31;
	x *= K3;
	x ^= x >> 29;
	x *= K2;
	x ^= x >> 32;
	return x;
}

static inline void round16(guint64 *a, guint64 *b, guint64 w0, guint64 w1)
{
	*a = rotl(*a ^ (w0 * K1), 29) * K2 + *b;
	*b = rotl(*b ^ (w1 * K2), 35) * K1 + *a;
}

void pl_hash128(const void *data, gsize len, guint64 out[2])
{
	const guchar *p = data;
	guint64 a = K3 ^ (guint64)len, b = K1 + ((guint64)len << 1);
	gsize n = len;
	for (; n >= 16; n -= 16, p += 16)
		round16(&a, &b, read64(p), read64(p + 8));
	guchar tail[16] = {0};
	memcpy(tail, p, n);
	round16(&a, &b, read64(tail), read64(tail + 8));
	a = avalanche(a + rotl(b, 17));
	b = avalanche(b ^ a);
	out[0] = a;
	out[1] = b;
}

char *pl_hash128_hex(const void *data, gsize len)
{
	guint64 h[2];
	pl_hash128(data, len, h);
	return g_strdup_printf("%016" G_GINT64_MODIFIER "x%016" G_GINT64_MODIFIER "x", h[0], h[1]);
}

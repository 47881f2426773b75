#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

G_DEFINE_QUARK(planche-error-quark, pl_error)

static gint tmp_counter;

char *pl_tmp_path_for(const char *path)
{
	g_autofree char *dir = g_path_get_dirname(path);
	g_autofree char *base = g_path_get_basename(path);
	char *tmp_name = g_strdup_printf(".%s.tmp-%ld-%d", base, (long)getpid(),
					 g_atomic_int_add(&tmp_counter, 1));
	char *tmp = g_build_filename(dir, tmp_name, NULL);
	g_free(tmp_name);
	return tmp;
}

static int fsync_path(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* Data first on disk (synced: already done by the caller), then the name:
 * a crash leaves either the old file or the whole new one; the folder
 * synced now, or by a caller that syncs it once for many files. */
static int commit_tmp(const char *tmp, const char *path, gboolean synced, gboolean sync_dir,
		      GError **error)
{
	if (!synced)
		fsync_path(tmp);
	if (g_rename(tmp, path) != 0) {
		int saved = errno;
		g_unlink(tmp);
		g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s: cannot rename into place: %s",
			    path, g_strerror(saved));
		return -1;
	}
	if (sync_dir) {
		g_autofree char *dir = g_path_get_dirname(path);
		fsync_path(dir);
	}
	return 0;
}

int pl_commit_tmp(const char *tmp, const char *path, GError **error)
{
	return commit_tmp(tmp, path, FALSE, TRUE, error);
}

int pl_sync_dir(const char *dir)
{
	return fsync_path(dir);
}

static int write_atomic(const char *path, const void *data, gsize len, gboolean sync_dir,
			GError **error)
{
	g_autofree char *tmp = pl_tmp_path_for(path);
	int fd = g_open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s: cannot write: %s", path,
			    g_strerror(errno));
		return -1;
	}
	const char *p = data;
	gsize left = len;
	while (left > 0) {
		ssize_t n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int saved = errno;
			close(fd);
			g_unlink(tmp);
			g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s: cannot write: %s", path,
				    g_strerror(saved));
			return -1;
		}
		p += n;
		left -= (gsize)n;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		int saved = errno;
		g_unlink(tmp);
		g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s: cannot write: %s", path,
			    g_strerror(saved));
		return -1;
	}
	/* synced above: a second fsync a page was a third of a site's writing */
	return commit_tmp(tmp, path, TRUE, sync_dir, error);
}

int pl_write_file_atomic(const char *path, const void *data, gsize len, GError **error)
{
	return write_atomic(path, data, len, TRUE, error);
}

int pl_write_file_atomic_dir_later(const char *path, const void *data, gsize len, GError **error)
{
	return write_atomic(path, data, len, FALSE, error);
}

void pl_remove_stale_tmp(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	if (!d)
		return;
	const char *name;
	while ((name = g_dir_read_name(d))) {
		g_autofree char *full = g_build_filename(dir, name, NULL);
		if (name[0] == '.' && strstr(name, ".tmp-"))
			g_unlink(full);
		else if (g_file_test(full, G_FILE_TEST_IS_DIR) &&
			 !g_file_test(full, G_FILE_TEST_IS_SYMLINK))
			pl_remove_stale_tmp(full);
	}
	g_dir_close(d);
}

gboolean pl_is_tmp_name(const char *name)
{
	/* ".NAME.tmp-PID-N", maybe with a saver's ".jpg" or ".webp" after it. */
	if (name[0] != '.')
		return FALSE;
	const char *t = g_strrstr(name, ".tmp-");
	if (!t || t == name)
		return FALSE;
	const char *p = t + 5;
	for (int part = 0; part < 2; part++) {
		if (!g_ascii_isdigit(*p))
			return FALSE;
		while (g_ascii_isdigit(*p))
			p++;
		if (part == 0 && *p++ != '-')
			return FALSE;
	}
	return *p == '\0' || strcmp(p, ".jpg") == 0 || strcmp(p, ".webp") == 0;
}

char *pl_real_path(const char *path)
{
	char *real = realpath(path, NULL);
	if (!real)
		return NULL;
	char *out = g_strdup(real);
	free(real);
	return out;
}

gboolean pl_path_is_below(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (n == 1 && dir[0] == '/')
		return path[0] == '/' && path[1] != '\0';
	return strncmp(path, dir, n) == 0 && path[n] == '/' && path[n + 1] != '\0';
}

int pl_read_file_below(const char *root, const char *name, gsize max, char **data, gsize *len,
		       GError **error)
{
	g_autofree char *path = g_path_is_absolute(name) ? g_strdup(name)
							 : g_build_filename(root, name, NULL);
	g_autofree char *real_root = pl_real_path(root);
	g_autofree char *real = pl_real_path(path);
	GString *buf = NULL;
	int fd = -1, rc = -1;
	struct stat st;
	*data = NULL;
	if (!real) {
		g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s: cannot read: %s", path, g_strerror(errno));
		goto out;
	}
	if (!real_root || !pl_path_is_below(real, real_root)) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s: not a file inside %s; refused", path, root);
		goto out;
	}
	/* The real path, and no link followed at its end: what was checked is
	 * what is read. */
	fd = g_open(real, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0);
	if (fd < 0 || fstat(fd, &st) != 0) {
		g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s: cannot read: %s", path, g_strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s: not a regular file; refused", path);
		goto out;
	}
	if ((guint64)st.st_size > max) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
			    "%s: too large (%" G_GUINT64_FORMAT " bytes; at most %" G_GSIZE_FORMAT ")", path,
			    (guint64)st.st_size, max);
		goto out;
	}
	buf = g_string_sized_new((gsize)st.st_size + 1);
	char chunk[65536];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s: cannot read: %s", path, g_strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		/* A file growing while read is held to the limit too. */
		if (buf->len + (gsize)n > max) {
			g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s: too large (at most %" G_GSIZE_FORMAT
				    " bytes)", path, max);
			goto out;
		}
		g_string_append_len(buf, chunk, n);
	}
	if (len)
		*len = buf->len;
	*data = g_string_free(g_steal_pointer(&buf), FALSE);
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (buf)
		g_string_free(buf, TRUE);
	return rc;
}

int pl_mkdir_p(const char *path, GError **error)
{
	if (g_mkdir_with_parents(path, 0755) != 0) {
		g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s: cannot create folder: %s", path,
			    g_strerror(errno));
		return -1;
	}
	return 0;
}

/* OpenSSL's SHA-256 uses the processor's SHA instructions where there are
 * some: about 1 GB/s here, six times GLib's, and every original and master
 * is hashed. */
static char *hex_digest(const unsigned char *md, unsigned int len)
{
	static const char digits[] = "0123456789abcdef";
	char *hex = g_malloc(2 * len + 1);
	for (unsigned int i = 0; i < len; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[2 * len] = '\0';
	return hex;
}

char *pl_sha256_file(const char *path, gint64 *size, GError **error)
{
	FILE *f = g_fopen(path, "rb");
	if (!f) {
		g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s: cannot read: %s", path,
			    g_strerror(errno));
		return NULL;
	}
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	gboolean ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1;
	guchar buf[1 << 16];
	size_t n;
	gint64 total = 0;
	while (ok && (n = fread(buf, 1, sizeof buf, f)) > 0) {
		ok = EVP_DigestUpdate(ctx, buf, n) == 1;
		total += (gint64)n;
	}
	int failed = ferror(f);
	int saved = errno;
	fclose(f);
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	char *hex = NULL;
	if (failed)
		g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s: read error: %s", path,
			    g_strerror(saved));
	else if (!ok || EVP_DigestFinal_ex(ctx, md, &len) != 1)
		g_set_error(error, PL_ERROR, PL_ERROR_FAILED, "%s: SHA-256 failed", path);
	else
		hex = hex_digest(md, len);
	EVP_MD_CTX_free(ctx);
	if (size)
		*size = total;
	return hex;
}

char *pl_sha256_data(const void *data, gsize len)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	if (EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) != 1)
		g_error("SHA-256 failed"); /* only on allocation failure */
	return hex_digest(md, n);
}

char *pl_now_iso8601(void)
{
	g_autoptr(GDateTime) now = g_date_time_new_now_utc();
	return g_date_time_format(now, "%Y-%m-%dT%H:%M:%SZ");
}

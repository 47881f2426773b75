#include "collection/export_bag.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collection/record.h"
#include "util/util.h"

typedef struct {
	char *src;      /* absolute path of the file in the collection */
	char *bag_path; /* "data/..." */
	char *sha256;   /* as recorded */
	char *what;     /* "master of image 3", for messages */
	gboolean may_link; /* a hard link may stand for a copy */
} Payload;

static void payload_free(Payload *p)
{
	g_free(p->src);
	g_free(p->bag_path);
	g_free(p->sha256);
	g_free(p->what);
	g_free(p);
}

static void add_payload(GPtrArray *list, char *src, char *bag_path, const char *sha256,
			char *what, gboolean may_link)
{
	Payload *p = g_new0(Payload, 1);
	p->may_link = may_link;
	p->src = src;
	p->bag_path = bag_path;
	p->sha256 = g_strdup(sha256);
	p->what = what;
	g_ptr_array_add(list, p);
}

/* A recorded path as a path under data/: relative paths keep their folders;
 * absolute ones (originals outside the collection) and any with ".." are put
 * in external/ by image id, so nothing can point outside the bag. */
static char *bag_path_for(const char *prefix, const char *recorded, gint64 id)
{
	if (!g_path_is_absolute(recorded) && !g_str_has_prefix(recorded, "../") &&
	    !strstr(recorded, "/../") && strcmp(recorded, "..") != 0)
		return g_build_filename("data", prefix, recorded, NULL);
	g_autofree char *base = g_path_get_basename(recorded);
	g_autofree char *name = g_strdup_printf("%" G_GINT64_FORMAT "-%s", id, base);
	return g_build_filename("data", prefix, "external", name, NULL);
}

/* RFC 8493 2.1.3: CR, LF and '%' in a manifest's file path are percent-encoded. */
static void append_manifest_path(GString *out, const char *path)
{
	for (const char *p = path; *p; p++) {
		if (*p == '%')
			g_string_append(out, "%25");
		else if (*p == '\n')
			g_string_append(out, "%0A");
		else if (*p == '\r')
			g_string_append(out, "%0D");
		else
			g_string_append_c(out, *p);
	}
}

static void remove_tree(const char *path)
{
	GDir *d = g_dir_open(path, 0, NULL);
	if (d) {
		const char *name;
		while ((name = g_dir_read_name(d))) {
			g_autofree char *child = g_build_filename(path, name, NULL);
			if (g_file_test(child, G_FILE_TEST_IS_DIR) &&
			    !g_file_test(child, G_FILE_TEST_IS_SYMLINK))
				remove_tree(child);
			else
				g_unlink(child);
		}
		g_dir_close(d);
	}
	g_rmdir(path);
}

/* Puts one file in the bag (link, else copy) and checks its checksum there. */
static int place(const Payload *p, const char *root, ExportBagStats *stats, GError **error)
{
	g_autofree char *dst = g_build_filename(root, p->bag_path, NULL);
	g_autofree char *parent = g_path_get_dirname(dst);
	if (pl_mkdir_p(parent, error) != 0)
		return -1;
	if (!g_file_test(p->src, G_FILE_TEST_IS_REGULAR)) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s (%s): missing", p->src, p->what);
		return -1;
	}
	/* link() and a copy without following would put the link itself in
	 * the bag, leading wherever it leads. */
	GStatBuf st;
	if (g_lstat(p->src, &st) != 0 || !S_ISREG(st.st_mode)) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
			    "%s (%s): a symbolic link, not the file recorded; not put in the bag", p->src,
			    p->what);
		return -1;
	}
	if (p->may_link && link(p->src, dst) == 0) {
		stats->links++;
	} else {
		g_autoptr(GFile) from = g_file_new_for_path(p->src);
		g_autoptr(GFile) to = g_file_new_for_path(dst);
		if (!g_file_copy(from, to, G_FILE_COPY_NOFOLLOW_SYMLINKS, NULL, NULL, NULL, error))
			return -1;
		stats->copies++;
	}
	gint64 size = 0;
	g_autofree char *sha = pl_sha256_file(dst, &size, error);
	if (!sha)
		return -1;
	if (!p->sha256 || strcmp(sha, p->sha256) != 0) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
			    "%s (%s): SHA-256 %s is not the recorded %s; the file changed since it was "
			    "recorded (see 'planche verify')", p->src, p->what, sha,
			    p->sha256 ? p->sha256 : "(none)");
		return -1;
	}
	stats->files++;
	stats->bytes += size;
	return 0;
}

static int compare_payloads(const void *a, const void *b)
{
	const Payload *x = *(Payload *const *)a, *y = *(Payload *const *)b;
	return strcmp(x->bag_path, y->bag_path);
}

static int write_tag_file(const char *root, const char *name, const GString *text,
			  GString *tagmanifest, GError **error)
{
	g_autofree char *path = g_build_filename(root, name, NULL);
	if (pl_write_file_atomic(path, text->str, text->len, error) != 0)
		return -1;
	if (tagmanifest) {
		g_autofree char *sha = pl_sha256_data(text->str, text->len);
		g_string_append_printf(tagmanifest, "%s  %s\n", sha, name);
	}
	return 0;
}

/* The catalogue's record of each image whose files the bag carries, with
 * their paths in the bag: a tag file (metadata/catalogue.json), so that the
 * bag says what its files are without planche. */
static GString *bag_metadata(GPtrArray *items, gboolean originals)
{
	PlJson j;
	record_json_start(&j);
	pl_json_begin_array(&j);
	for (guint i = 0; i < items->len; i++) {
		const CatalogItem *item = items->pdata[i];
		const CatalogRun *run = item->last_run;
		gboolean master = run && g_strcmp0(run->status, "done") == 0 && run->master_path;
		pl_json_begin_object(&j);
		record_json_members(&j, item, TRUE);
		pl_json_key(&j, "bag_files");
		pl_json_begin_array(&j);
		if (master) {
			g_autofree char *p = bag_path_for("", run->master_path, item->id);
			pl_json_str(&j, p);
		}
		if (originals && item->sha256) {
			g_autofree char *p = bag_path_for("originals", item->path, item->id);
			pl_json_str(&j, p);
		}
		pl_json_end_array(&j);
		pl_json_end_object(&j);
	}
	char *text = pl_json_finish(&j);
	GString *out = g_string_new(text);
	g_string_append_c(out, '\n');
	g_free(text);
	return out;
}

static gboolean dir_is_empty(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	if (!d)
		return FALSE;
	gboolean empty = g_dir_read_name(d) == NULL;
	g_dir_close(d);
	return empty;
}

int export_bag(Collection *c, GPtrArray *items, const char *dir, gboolean originals,
	       const char *source_organization, ExportBagStats *stats, GError **error)
{
	g_autoptr(GPtrArray) payload = g_ptr_array_new_with_free_func((GDestroyNotify)payload_free);
	GString *manifest = g_string_new(NULL), *tagmanifest = g_string_new(NULL);
	GString *bagit = g_string_new(NULL), *info = g_string_new(NULL);
	g_autofree char *tmp = NULL, *trimmed = g_strdup(dir), *data_dir = NULL, *today = NULL;
	g_autofree char *size = NULL, *meta_dir = NULL;
	GString *meta = NULL;
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	int rc = -1;
	memset(stats, 0, sizeof *stats);

	/* "bag/" and "bag" are one folder; the temporary name is built beside it. */
	while (strlen(trimmed) > 1 && g_str_has_suffix(trimmed, "/"))
		trimmed[strlen(trimmed) - 1] = '\0';
	if (g_file_test(trimmed, G_FILE_TEST_EXISTS) &&
	    !(g_file_test(trimmed, G_FILE_TEST_IS_DIR) && dir_is_empty(trimmed))) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
			    "%s: already exists; a bag goes into a new or empty folder", dir);
		goto out;
	}
	/* Masters are hard-linked: it costs no space and is safe, as planche
	 * replaces a master by renaming a new file over it, which leaves the bag's
	 * inode alone. Originals are copied: other programs may edit them in
	 * place, which would change a linked bag without a trace. */
	for (guint i = 0; i < items->len; i++) {
		const CatalogItem *item = items->pdata[i];
		const CatalogRun *run = item->good_run;
		if (run && run->master_path)
			add_payload(payload, collection_abspath(c, run->master_path),
				    bag_path_for("", run->master_path, item->id), run->master_sha256,
				    g_strdup_printf("master of image %" G_GINT64_FORMAT, item->id), TRUE);
		else
			stats->without_master++;
		if (originals && item->sha256)
			add_payload(payload, collection_abspath(c, item->path),
				    bag_path_for("originals", item->path, item->id), item->sha256,
				    g_strdup_printf("original of image %" G_GINT64_FORMAT, item->id), FALSE);
	}
	g_ptr_array_sort(payload, compare_payloads);

	tmp = pl_tmp_path_for(trimmed);
	if (pl_mkdir_p(tmp, error) != 0)
		goto out;
	for (guint i = 0; i < payload->len; i++) {
		const Payload *p = payload->pdata[i];
		if (place(p, tmp, stats, error) != 0)
			goto out;
		g_string_append_printf(manifest, "%s  ", p->sha256);
		append_manifest_path(manifest, p->bag_path);
		g_string_append_c(manifest, '\n');
	}
	/* An empty payload still needs data/. */
	data_dir = g_build_filename(tmp, "data", NULL);
	if (pl_mkdir_p(data_dir, error) != 0)
		goto out;

	g_string_append(bagit, "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
	today = g_date_time_format(now, "%Y-%m-%d");
	g_string_append_printf(info, "Bagging-Date: %s\n", today);
	g_string_append_printf(info, "Payload-Oxum: %" G_GINT64_FORMAT ".%u\n", stats->bytes,
			       stats->files);
	if (source_organization && *source_organization) {
		/* A tag value is one line; a newline would start a new tag. */
		g_autofree char *org = g_strdelimit(g_strdup(source_organization), "\r\n", ' ');
		g_string_append_printf(info, "Source-Organization: %s\n", org);
	}
	g_string_append_printf(info, "External-Description: %s of a planche collection\n",
			       originals ? "Cleaned masters and original scans" : "Cleaned masters");
	g_string_append(info, "Bag-Software-Agent: planche " PLANCHE_VERSION "\n");
	size = g_format_size((guint64)stats->bytes);
	g_string_append_printf(info, "Bag-Size: %s\n", size);
	g_string_append_printf(info, "Planche-Images: %u\n", items->len);
	g_string_append(info, "Internal-Sender-Description: metadata/catalogue.json holds the catalogue's "
			      "record of every image (title, creator, date, identifiers, source, credit, "
			      "rights, checksums, processing) with the paths of its files in this bag\n");
	meta = bag_metadata(items, originals);
	meta_dir = g_build_filename(tmp, "metadata", NULL);
	if (pl_mkdir_p(meta_dir, error) != 0)
		goto out;
	if (write_tag_file(tmp, "bagit.txt", bagit, tagmanifest, error) != 0 ||
	    write_tag_file(tmp, "metadata/catalogue.json", meta, tagmanifest, error) != 0 ||
	    write_tag_file(tmp, "bag-info.txt", info, tagmanifest, error) != 0 ||
	    write_tag_file(tmp, "manifest-sha256.txt", manifest, tagmanifest, error) != 0 ||
	    write_tag_file(tmp, "tagmanifest-sha256.txt", tagmanifest, NULL, error) != 0)
		goto out;
	/* rename() replaces an empty folder, never a full one. */
	if (g_rename(tmp, trimmed) != 0) {
		g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s: cannot move the bag into place: %s",
			    dir, g_strerror(errno));
		goto out;
	}
	g_clear_pointer(&tmp, g_free);
	rc = 0;
out:
	if (tmp)
		remove_tree(tmp);
	g_string_free(manifest, TRUE);
	g_string_free(tagmanifest, TRUE);
	g_string_free(bagit, TRUE);
	g_string_free(info, TRUE);
	if (meta)
		g_string_free(meta, TRUE);
	return rc;
}

/* Per-image work done with libvips: the WebP and JPEG derivatives of the
 * grids, copies of the master (and original) for download, and the IIIF
 * level-0 tiles of the zoom viewer. The master and the original reach the
 * site only when their SHA-256 is the one the catalogue recorded, and the
 * derivatives are made from the checked copy: a catalogue path that now
 * leads elsewhere (a link to /etc/passwd) publishes nothing. Every file made
 * is claimed first (gal_out_claim) and listed in it->tree_files. */
#include "gallery/site.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vips/vips.h>

#include "util/json.h"
#include "util/util.h"

#define TILE_SIZE 512
/* Longest side of an image given as a single tile. */
#define ONE_TILE_MAX 2048

static int vips_fail(GError **error, const char *path, const char *what)
{
	g_autofree char *msg = g_strdup(vips_error_buffer());
	g_set_error(error, PL_ERROR, PL_ERROR_FAILED, "%s: %s: %s", path, what, g_strstrip(msg));
	vips_error_clear();
	return -1;
}

/* Encoder qualities, the same since the first gallery (every figure in
 * tests/bench/README.md is at these; changing them changes the sizes the
 * gallery benchmark compares); the tiles are JPEGs of the same quality. */
#define WEBP_QUALITY 80
#define JPEG_QUALITY 85
#define TILE_SUFFIX ".jpg[Q=85,strip]" /* JPEG_QUALITY, as libvips' save options */

/* How save_atomic encodes. */
typedef enum { SAVE_WEBP, SAVE_JPEG, SAVE_JPEG_PLAIN } SaveKind;

/* Saves through a temporary so that a half-written file never has the name. */
static int save_atomic(VipsImage *im, const char *path, SaveKind kind, GError **error)
{
	gboolean webp = kind == SAVE_WEBP;
	g_autofree char *tmp = pl_tmp_path_for(path);
	g_autofree char *tmp_named = g_strconcat(tmp, webp ? ".webp" : ".jpg", NULL);
	/* Measured on 1.1 MP masters (tests/bench/README.md): WebP at effort 1
	 * is 2.3x cheaper than the default 4, files within a few percent and
	 * PSNR within 0.3 dB; a progressive JPEG cost 2.8x a baseline one for
	 * files 2.5 % smaller. The JPEGs are the fallback of browsers without
	 * WebP, and the feed's and manifests' pictures. Optimised Huffman tables
	 * cost 2.4x a plain encode for files 3 % smaller (same pixels): the
	 * before picture, seen only beside the master, is plain (SAVE_JPEG_PLAIN). */
	int rc = webp ? vips_webpsave(im, tmp_named, "Q", WEBP_QUALITY, "strip", TRUE, "effort", 1, NULL)
		      : vips_jpegsave(im, tmp_named, "Q", JPEG_QUALITY, "strip", TRUE, "optimize_coding",
				      kind == SAVE_JPEG, NULL);
	if (rc) {
		g_unlink(tmp_named);
		return vips_fail(error, path, "cannot save");
	}
	return pl_commit_tmp(tmp_named, path, error);
}

/* Copies the open file fd to path (a new file, no link followed). */
static int copy_fd(int fd, const char *path, GError **error)
{
	int out = g_open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	char buf[1 << 16];
	ssize_t n = 0;
	if (out < 0)
		goto fail;
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		for (ssize_t done = 0; done < n;) {
			ssize_t w = write(out, buf + done, (size_t)(n - done));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0)
				goto fail;
			done += w;
		}
	}
	if (close(out) != 0) {
		out = -1;
		goto fail;
	}
	return 0;
fail:
	g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s: cannot write: %s", path, g_strerror(errno));
	if (out >= 0)
		close(out);
	g_unlink(path);
	return -1;
}

/* Places the file at from in the site at to, only when its content has the
 * SHA-256 the catalogue recorded. The file is opened once, never through a
 * link at its end, and what is placed is that very file: with link (a
 * master, which planche never rewrites in place) a hard link to the opened
 * inode (never to a symbolic link) when the site is on the same file
 * system, else a copy (an original, which its owner may edit in place);
 * it is hashed as placed. */
static int copy_verified(const char *from, const char *to, const char *sha256, gboolean link,
			 GError **error)
{
	g_autofree char *tmp = pl_tmp_path_for(to);
	g_autofree char *proc = NULL;
	g_autofree char *sha = NULL;
	struct stat st;
	int rc = -1;
	if (!sha256) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
			    "%s: no SHA-256 recorded to check it by; not published", from);
		return -1;
	}
	int fd = g_open(from, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0);
	if (fd < 0) {
		g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s: %s; not published", from,
			    errno == ELOOP ? "a symbolic link, not the file recorded" : g_strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s: not a regular file; not published", from);
		goto out;
	}
	proc = g_strdup_printf("/proc/self/fd/%d", fd);
	if ((!link || linkat(AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW) != 0) &&
	    copy_fd(fd, tmp, error) != 0)
		goto out;
	if (!(sha = pl_sha256_file(tmp, NULL, error))) {
		g_unlink(tmp);
		goto out;
	}
	if (strcmp(sha, sha256) != 0) {
		g_unlink(tmp);
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
			    "%s: its content is not the one recorded (SHA-256 %.12s..., recorded %.12s...); "
			    "not published (see 'planche verify')", from, sha, sha256);
		goto out;
	}
	rc = pl_commit_tmp(tmp, to, error);
	/* rename() does nothing when both names are links to one file (the
	 * same master left by a build that was killed): the temporary goes. */
	g_unlink(tmp);
out:
	close(fd);
	return rc;
}

/* Claims rel below the site for this item and returns its path. */
static char *claim(GalSite *site, GalItem *it, const char *rel, GError **error)
{
	if (gal_out_claim(site->out, rel, error))
		return NULL;
	g_ptr_array_add(it->tree_files, g_strdup(rel));
	return g_build_filename(gal_out_dir(site->out), rel, NULL);
}

/* The grid's sizes, each made from the next larger one (a Lanczos shrink of
 * an image already in memory: cheaper than from the master, and no softer
 * as the widths at most halve). *full takes the decoded master when the
 * largest size is the master's own width, for the tiles to be cut from. */
static int make_sizes(GalSite *site, GalItem *it, const char *master, VipsImage **full,
		      GError **error)
{
	VipsImage *big = NULL, *prev = NULL;
	int rc = -1;
	int maxw = it->sizes[it->n_sizes - 1];
	/* Shrink-on-load: a JPEG master is decoded at 1/2, 1/4 or 1/8 when it
	 * can be; decoded once into memory (1.4 MP: 4 MB), every size comes from it. */
	if (vips_thumbnail(master, &big, maxw, "height", VIPS_MAX_COORD, "size",
			   VIPS_SIZE_DOWN, NULL)) {
		vips_fail(error, it->master_abs, "cannot read");
		goto out;
	}
	if (!(prev = vips_image_copy_memory(big))) {
		vips_fail(error, it->master_abs, "cannot read");
		goto out;
	}
	if (prev->Xsize == it->w && prev->Ysize == it->h) {
		*full = prev;
		g_object_ref(prev);
	}
	for (int i = it->n_sizes - 1; i >= 0; i--) {
		VipsImage *im = NULL, *shrunk = NULL;
		if (it->sizes[i] >= prev->Xsize) {
			im = prev;
			g_object_ref(im);
		} else if (vips_resize(prev, &shrunk, (double)it->sizes[i] / prev->Xsize, NULL) ||
			   !(im = vips_image_copy_memory(shrunk))) {
			if (shrunk)
				g_object_unref(shrunk);
			vips_fail(error, it->master_abs, "cannot resize");
			goto out;
		}
		if (shrunk)
			g_object_unref(shrunk);
		g_autofree char *webp_rel = g_strdup_printf("media/%s/%d.webp", it->id, it->sizes[i]);
		g_autofree char *jpg_rel = g_strdup_printf("media/%s/%d.jpg", it->id, it->sizes[i]);
		g_autofree char *webp = gal_size_has_webp(it, i) ? claim(site, it, webp_rel, error) : NULL;
		g_autofree char *jpg = claim(site, it, jpg_rel, error);
		int bad = !jpg ||
			  (gal_size_has_webp(it, i) && (!webp || save_atomic(im, webp, SAVE_WEBP, error))) ||
			  save_atomic(im, jpg, SAVE_JPEG, error);
		g_object_unref(prev);
		prev = im;
		if (bad)
			goto out;
	}
	rc = 0;
out:
	if (big)
		g_object_unref(big);
	if (prev)
		g_object_unref(prev);
	return rc;
}

/* The files below dir, as paths below it ("0,0,512,512/512,/0/default.jpg"). */
static void list_files(const char *dir, const char *prefix, GPtrArray *into)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;
	while (d && (name = g_dir_read_name(d))) {
		g_autofree char *full = g_build_filename(dir, name, NULL);
		g_autofree char *rel = *prefix ? g_strconcat(prefix, "/", name, NULL) : g_strdup(name);
		GStatBuf st;
		if (g_lstat(full, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			list_files(full, rel, into);
		else
			g_ptr_array_add(into, g_steal_pointer(&rel));
	}
	if (d)
		g_dir_close(d);
}

/* The single tile of an image that fits a screen, as dzsave lays it out
 * (REGION/SIZE/0/default.jpg and an info.json gal_iiif_fix_info completes),
 * made of a hard link to jpg, a file of that very picture. */
static int link_one_tile(GalSite *site, const char *tmp, int w, int h, const char *jpg)
{
	g_autofree char *region = g_strdup_printf("0,0,%d,%d", w, h);
	g_autofree char *size = g_strdup_printf("%d,%d", w, h);
	g_autofree char *dir = g_build_filename(tmp, region, size, "0", NULL);
	g_autofree char *tile = g_build_filename(dir, "default.jpg", NULL);
	g_autofree char *info = g_build_filename(tmp, "info.json", NULL);
	PlJson jb, *b = &jb;
	pl_json_start(b, 0);
	pl_json_begin_object(b);
	pl_json_key_int(b, "width", w);
	pl_json_key_int(b, "height", h);
	pl_json_key(b, "tiles");
	pl_json_begin_array(b);
	pl_json_begin_object(b);
	pl_json_key_int(b, "width", MAX(w, h));
	pl_json_key_int(b, "height", MAX(w, h));
	pl_json_end_object(b);
	pl_json_end_array(b);
	pl_json_end_object(b);
	g_autofree char *json = pl_json_finish(b);
	if (g_mkdir_with_parents(dir, 0755) != 0 || link(jpg, tile) != 0 ||
	    !g_file_set_contents(info, json, -1, NULL)) {
		gal_out_remove_tmp(site->out, tmp);
		return -1;
	}
	return 0;
}

/* Tiles are made in a temporary folder, then renamed into place whole; when
 * iiif/ID still holds files of the user's, they go in one by one beside them. */
static int make_tiles(GalSite *site, GalItem *it, const char *master, VipsImage *full,
		      const char *full_jpg, const char *iiif_dir, GError **error)
{
	VipsImage *in = NULL, *srgb = NULL;
	int rc = -1;
	g_autofree char *tmp = pl_tmp_path_for(iiif_dir);
	g_autofree char *props = NULL, *rel = NULL, *id = NULL;
	g_autofree char *parent = g_path_get_dirname(iiif_dir);
	g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func(g_free);
	if (pl_mkdir_p(parent, error))
		goto out;
	if (!(in = vips_image_new_from_file(master, NULL))) {
		vips_fail(error, it->master_abs, "cannot read");
		goto out;
	}
	/* Cut from the master already decoded for the sizes when that is the
	 * file's very pixels (vips_thumbnail turned nothing), else streamed. */
	if (full && full->Xsize == in->Xsize && full->Ysize == in->Ysize &&
	    full->Bands == in->Bands && full->BandFmt == in->BandFmt &&
	    vips_image_get_orientation(in) <= 1) {
		g_object_unref(in);
		in = full;
		g_object_ref(in);
	}
	/* JPEG tiles want 8-bit sRGB or grey whatever the master is (16-bit TIFF, CMYK). */
	if (in->BandFmt == VIPS_FORMAT_UCHAR && (in->Type == VIPS_INTERPRETATION_sRGB ||
						 in->Type == VIPS_INTERPRETATION_B_W) &&
	    (in->Bands == 1 || in->Bands == 3)) {
		srgb = in;
		g_object_ref(srgb);
	} else if (vips_colourspace(in, &srgb, in->Bands < 3 ? VIPS_INTERPRETATION_B_W
							      : VIPS_INTERPRETATION_sRGB, NULL)) {
		vips_fail(error, it->master_abs, "cannot convert to sRGB");
		goto out;
	}
	if (srgb->Bands == 2 || srgb->Bands == 4) {
		VipsImage *flat = NULL;
		if (vips_flatten(srgb, &flat, NULL)) {
			vips_fail(error, it->master_abs, "cannot flatten");
			goto out;
		}
		g_object_unref(srgb);
		srgb = flat;
	}
	/* An image that fits a screen is one tile, its whole self, and no
	 * pyramid: a viewer scales it down itself (OpenSeadragon asks for
	 * full/max). Half the tiling's time and 11 files fewer at 1.4 MP. */
	int side = MAX(srgb->Xsize, srgb->Ysize);
	gboolean one = side <= ONE_TILE_MAX;
	/* That tile is the largest grid JPEG when it holds the master's very
	 * pixels (same quality, same encoder): a link instead of a second
	 * encode of the same picture. A file system without links encodes. */
	gboolean linked = one && full_jpg && in == full && srgb == in &&
			  link_one_tile(site, tmp, srgb->Xsize, srgb->Ysize, full_jpg) == 0;
	if (!linked && vips_dzsave(srgb, tmp, "layout", VIPS_FOREIGN_DZ_LAYOUT_IIIF3, "tile_size",
			one ? side : TILE_SIZE, "depth", one ? VIPS_FOREIGN_DZ_DEPTH_ONE
							     : VIPS_FOREIGN_DZ_DEPTH_ONEPIXEL,
			"overlap", 0, "suffix", TILE_SUFFIX, NULL)) {
		vips_fail(error, it->master_abs, "cannot make tiles");
		goto out;
	}
	props = g_build_filename(tmp, "vips-properties.xml", NULL);
	g_unlink(props);
	rel = g_strdup_printf("iiif/%s", it->id);
	id = gal_site_url(site, rel);
	if (gal_iiif_fix_info(tmp, id, error))
		goto out;
	list_files(tmp, "", made);
	for (guint i = 0; i < made->len; i++) {
		g_autofree char *file_rel = g_strconcat(rel, "/", (char *)made->pdata[i], NULL);
		g_autofree char *path = claim(site, it, file_rel, error);
		if (!path)
			goto out;
	}
	/* The last build's files are gone (gal_out_tree_clear): a folder left
	 * empty takes the new one, one holding the user's files takes them in. */
	g_rmdir(iiif_dir);
	if (g_rename(tmp, iiif_dir) != 0) {
		for (guint i = 0; i < made->len; i++) {
			g_autofree char *from = g_build_filename(tmp, (char *)made->pdata[i], NULL);
			g_autofree char *to = g_build_filename(iiif_dir, (char *)made->pdata[i], NULL);
			g_autofree char *to_dir = g_path_get_dirname(to);
			if (pl_mkdir_p(to_dir, error))
				goto out;
			if (g_rename(from, to) != 0) {
				g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s: cannot rename into place: %s",
					    to, g_strerror(errno));
				goto out;
			}
		}
	}
	rc = 0;
out:
	gal_out_remove_tmp(site->out, tmp);
	if (in)
		g_object_unref(in);
	if (srgb)
		g_object_unref(srgb);
	return rc;
}

/* The original as a visitor may see it: a JPEG as wide as the largest grid
 * image, turned upright, in sRGB, without its metadata. */
static int make_before(GalSite *site, GalItem *it, const char *media, GError **error)
{
	/* Made from the original only while it is the file the catalogue recorded. */
	g_autofree char *sha = pl_sha256_file(it->before_abs, NULL, error);
	if (!sha)
		return -1;
	if (g_strcmp0(sha, it->ci->sha256) != 0) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
			    "%s: its content is not the one recorded; no before picture made (see "
			    "'planche verify')", it->before_abs);
		return -1;
	}
	VipsImage *im = NULL;
	if (vips_thumbnail(it->before_abs, &im, it->before_w, "height", VIPS_MAX_COORD, "size",
			   VIPS_SIZE_DOWN, NULL))
		return vips_fail(error, it->before_abs, "cannot read");
	/* the page states the size it computed; the picture keeps its own ratio */
	it->before_w = im->Xsize;
	it->before_h = im->Ysize;
	g_autofree char *rel = g_strdup_printf("media/%s/before.jpg", it->id);
	g_autofree char *jpg = claim(site, it, rel, error);
	int rc = jpg ? save_atomic(im, jpg, SAVE_JPEG_PLAIN, error) : -1;
	g_object_unref(im);
	(void)media;
	return rc;
}

int gal_derive_item(GalSite *site, GalItem *it, GError **error)
{
	const char *dir = gal_out_dir(site->out);
	g_autofree char *media = g_build_filename(dir, "media", it->id, NULL);
	g_autofree char *iiif = g_build_filename(dir, "iiif", it->id, NULL);
	g_autofree char *master_rel = g_strdup_printf("media/%s/master.%s", it->id, it->master_ext);
	g_autofree char *master = NULL;
	g_autofree char *full_jpg = NULL;
	VipsImage *full = NULL;
	int rc = -1;
	if (it->tree_files)
		g_ptr_array_unref(it->tree_files);
	it->tree_files = g_ptr_array_new_with_free_func(g_free);
	/* Only the files the last build recorded for this image go; anything
	 * else in its folders stays. */
	gal_out_tree_clear(site->out, it->id);
	if (pl_mkdir_p(media, error))
		goto out;
	if (!(master = claim(site, it, master_rel, error)) ||
	    copy_verified(it->master_abs, master, it->master_sha256, TRUE, error))
		goto out;
	if (make_sizes(site, it, master, &full, error))
		goto out;
	if (it->original_abs) {
		g_autofree char *orig_rel = g_strdup_printf("media/%s/original.%s", it->id,
							    it->original_ext);
		g_autofree char *orig = claim(site, it, orig_rel, error);
		if (!orig || copy_verified(it->original_abs, orig, it->original_sha256, FALSE, error))
			goto out;
	}
	if (it->before_abs && make_before(site, it, media, error))
		goto out;
	/* full, when set, is the largest size's very pixels, saved as its JPEG */
	if (full)
		full_jpg = g_strdup_printf("%s/%d.jpg", media, it->sizes[it->n_sizes - 1]);
	if (make_tiles(site, it, master, full, full_jpg, iiif, error))
		goto out;
	rc = 0;
out:
	if (full)
		g_object_unref(full);
	if (rc) {
		/* Nothing half made stays: the image is left out whole. */
		for (guint i = 0; i < it->tree_files->len; i++)
			gal_out_remove_file(site->out, it->tree_files->pdata[i]);
		g_ptr_array_set_size(it->tree_files, 0);
	}
	return rc;
}

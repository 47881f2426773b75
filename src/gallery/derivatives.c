/* Per-image work done with libvips: the WebP and JPEG derivatives of the
 * grids, copies of the master (and original) for download, and the IIIF
 * level-0 tiles of the zoom viewer. */
#include "gallery/site.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <vips/vips.h>

#include "util/util.h"

#define TILE_SIZE 512

static int vips_fail(GError **error, const char *path, const char *what)
{
	g_autofree char *msg = g_strdup(vips_error_buffer());
	g_set_error(error, PL_ERROR, PL_ERROR_FAILED, "%s: %s: %s", path, what, g_strstrip(msg));
	vips_error_clear();
	return -1;
}

/* Saves through a temporary so that a half-written file never has the name. */
static int save_atomic(VipsImage *im, const char *path, gboolean webp, GError **error)
{
	g_autofree char *tmp = pl_tmp_path_for(path);
	g_autofree char *tmp_named = g_strconcat(tmp, webp ? ".webp" : ".jpg", NULL);
	int rc = webp ? vips_webpsave(im, tmp_named, "Q", 80, "strip", TRUE, NULL)
		      : vips_jpegsave(im, tmp_named, "Q", 85, "strip", TRUE, "interlace", TRUE,
				      "optimize_coding", TRUE, NULL);
	if (rc) {
		g_unlink(tmp_named);
		return vips_fail(error, path, "cannot save");
	}
	return pl_commit_tmp(tmp_named, path, error);
}

/* A hard link when the site is on the same file system, else a copy. */
static int copy_file(const char *from, const char *to, GError **error)
{
	g_autofree char *tmp = pl_tmp_path_for(to);
	if (link(from, tmp) == 0)
		return pl_commit_tmp(tmp, to, error);
	g_autoptr(GFile) src = g_file_new_for_path(from);
	g_autoptr(GFile) dst = g_file_new_for_path(tmp);
	g_autoptr(GError) err = NULL;
	if (!g_file_copy(src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &err)) {
		g_unlink(tmp);
		g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s: cannot copy: %s", from, err->message);
		return -1;
	}
	return pl_commit_tmp(tmp, to, error);
}

static int make_sizes(GalItem *it, const char *media, GError **error)
{
	VipsImage *big = NULL, *mem = NULL;
	int rc = -1;
	int maxw = it->sizes[it->n_sizes - 1];
	/* Shrink-on-load: a JPEG master is decoded at 1/2, 1/4 or 1/8 when it can be. */
	if (vips_thumbnail(it->master_abs, &big, maxw, "height", VIPS_MAX_COORD, "size",
			   VIPS_SIZE_DOWN, NULL)) {
		vips_fail(error, it->master_abs, "cannot read");
		goto out;
	}
	if (!(mem = vips_image_copy_memory(big))) {
		vips_fail(error, it->master_abs, "cannot read");
		goto out;
	}
	for (int i = it->n_sizes - 1; i >= 0; i--) {
		VipsImage *im = NULL;
		if (it->sizes[i] >= mem->Xsize) {
			im = mem;
			g_object_ref(im);
		} else if (vips_resize(mem, &im, (double)it->sizes[i] / mem->Xsize, NULL)) {
			vips_fail(error, it->master_abs, "cannot resize");
			goto out;
		}
		g_autofree char *webp = g_strdup_printf("%s/%d.webp", media, it->sizes[i]);
		g_autofree char *jpg = g_strdup_printf("%s/%d.jpg", media, it->sizes[i]);
		int bad = save_atomic(im, webp, TRUE, error) || save_atomic(im, jpg, FALSE, error);
		g_object_unref(im);
		if (bad)
			goto out;
	}
	rc = 0;
out:
	if (big)
		g_object_unref(big);
	if (mem)
		g_object_unref(mem);
	return rc;
}

static int make_tiles(GalSite *site, GalItem *it, const char *iiif_dir, GError **error)
{
	VipsImage *in = NULL, *srgb = NULL;
	int rc = -1;
	g_autofree char *tmp = pl_tmp_path_for(iiif_dir);
	g_autofree char *props = NULL, *rel = NULL, *id = NULL;
	g_autofree char *parent = g_path_get_dirname(iiif_dir);
	if (pl_mkdir_p(parent, error))
		goto out;
	if (!(in = vips_image_new_from_file(it->master_abs, NULL))) {
		vips_fail(error, it->master_abs, "cannot read");
		goto out;
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
	if (vips_dzsave(srgb, tmp, "layout", VIPS_FOREIGN_DZ_LAYOUT_IIIF3, "tile_size", TILE_SIZE,
			"overlap", 0, "suffix", ".jpg[Q=85,strip]", NULL)) {
		vips_fail(error, it->master_abs, "cannot make tiles");
		goto out;
	}
	props = g_build_filename(tmp, "vips-properties.xml", NULL);
	g_unlink(props);
	rel = g_strdup_printf("iiif/%s", it->id);
	id = gal_site_url(site, rel);
	if (gal_iiif_fix_info(tmp, id, error))
		goto out;
	int renamed = g_rename(tmp, iiif_dir);
	if (renamed != 0 && (errno == ENOTEMPTY || errno == EEXIST)) {
		/* Tiles of a build killed after its rename but before its state was
		 * saved: ours replace them. */
		gal_out_remove_tree(site->out, "iiif", it->id);
		renamed = g_rename(tmp, iiif_dir);
	}
	if (renamed != 0) {
		g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s: cannot rename into place: %s",
			    iiif_dir, g_strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (rc)
		gal_out_remove_tree(site->out, "iiif", strrchr(tmp, '/') + 1);
	if (in)
		g_object_unref(in);
	if (srgb)
		g_object_unref(srgb);
	return rc;
}

/* The original as a visitor may see it: a JPEG as wide as the largest grid
 * image, turned upright, in sRGB, without its metadata. */
static int make_before(GalItem *it, const char *media, GError **error)
{
	VipsImage *im = NULL;
	if (vips_thumbnail(it->before_abs, &im, it->before_w, "height", VIPS_MAX_COORD, "size",
			   VIPS_SIZE_DOWN, NULL))
		return vips_fail(error, it->before_abs, "cannot read");
	/* the page states the size it computed; the picture keeps its own ratio */
	it->before_w = im->Xsize;
	it->before_h = im->Ysize;
	g_autofree char *jpg = g_strdup_printf("%s/before.jpg", media);
	int rc = save_atomic(im, jpg, FALSE, error);
	g_object_unref(im);
	return rc;
}

int gal_derive_item(GalSite *site, GalItem *it, GError **error)
{
	const char *dir = gal_out_dir(site->out);
	g_autofree char *media = g_build_filename(dir, "media", it->id, NULL);
	g_autofree char *iiif = g_build_filename(dir, "iiif", it->id, NULL);
	gal_out_remove_tree(site->out, "media", it->id);
	gal_out_remove_tree(site->out, "iiif", it->id);
	if (pl_mkdir_p(media, error))
		return -1;
	if (make_sizes(it, media, error))
		return -1;
	g_autofree char *master = g_strdup_printf("%s/master.%s", media, it->master_ext);
	if (copy_file(it->master_abs, master, error))
		return -1;
	if (it->before_abs && make_before(it, media, error))
		return -1;
	if (it->original_abs) {
		g_autofree char *orig = g_strdup_printf("%s/original.%s", media, it->original_ext);
		if (copy_file(it->original_abs, orig, error))
			return -1;
	}
	return make_tiles(site, it, iiif, error);
}

/* The measuring preview: how big, decoded how, and kept on disk between
 * `add` and `clean`. */
#include "pipeline/preview.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "steps/step.h"
#include "util/util.h"

/* Long side of the preview: 0.1 degree over 1500 px is 2.6 px of drift. */
#define PREVIEW_SIZE 1500
/* A JPEG's shrink-on-load stops above this: at least two thirds of
 * PREVIEW_SIZE, so the measurements keep most of their precision. */
#define PREVIEW_MIN 1000

/* Saved previews start with this, then "W H BANDS SHA256\n" and the pixels.
 * The version changes whenever the decoding above does. */
#define MAGIC "planche-preview 3 "

/* Colour through the embedded profile into sRGB, relative intent (the
 * paper's white stays white), so that every step measures and maps the same
 * space and the master's sRGB profile matches its pixels: an Adobe RGB scan
 * read as sRGB is duller than it is, and a map fitted to those numbers is
 * fitted to the wrong colours. The sRGB profile libvips attaches is dropped:
 * output attaches its own, with no second transform. Grey stays grey; a
 * profile that cannot be read leaves the pixels taken as sRGB, as viewers
 * take them. */
static int import_profile(VipsImage *x, VipsImage **out)
{
	if (!vips_image_get_typeof(x, VIPS_META_ICC_NAME) ||
	    (x->Bands < 3 && x->Type != VIPS_INTERPRETATION_CMYK))
		return vips_copy(x, out, NULL);
	VipsImage *t = NULL;
	if (vips_icc_transform(x, &t, "srgb", "embedded", TRUE, "intent", VIPS_INTENT_RELATIVE,
			       "depth", 8, NULL)) {
		vips_error_clear();
		return vips_copy(x, out, NULL);
	}
	int rc = vips_copy(t, out, NULL);
	g_object_unref(t);
	if (rc == 0)
		vips_image_remove(*out, VIPS_META_ICC_NAME);
	return rc;
}

int pl_image_prepare(VipsImage *in, VipsImage **out)
{
	/* The intermediates hang on a scope of their own, dropped on the way
	 * out: hung on 'in', they would hold it through their operations and
	 * neither would ever be freed (an open decoder per image of a batch). */
	VipsObject *scope = VIPS_OBJECT(vips_image_new());
	VipsImage **t = (VipsImage **)vips_object_local_array(scope, 5);
	VipsImage *x = in;
	int rc = -1;
	if (import_profile(x, &t[4]))
		goto out;
	x = t[4];
	if (vips_image_hasalpha(x)) {
		double white[1] = { x->Type == VIPS_INTERPRETATION_RGB16 ||
						    x->Type == VIPS_INTERPRETATION_GREY16
					    ? 65535
					    : 255 };
		VipsArrayDouble *bg = vips_array_double_new(white, 1);
		int failed = vips_flatten(x, &t[0], "background", bg, NULL);
		vips_area_unref(VIPS_AREA(bg)); /* the operation took its own ref */
		if (failed)
			goto out;
		x = t[0];
	}
	if (x->BandFmt != VIPS_FORMAT_UCHAR || x->Type == VIPS_INTERPRETATION_CMYK ||
	    x->Type == VIPS_INTERPRETATION_LAB) {
		VipsInterpretation want =
			x->Bands < 3 ? VIPS_INTERPRETATION_B_W : VIPS_INTERPRETATION_sRGB;
		if (vips_colourspace(x, &t[1], want, NULL) ||
		    vips_cast(t[1], &t[2], VIPS_FORMAT_UCHAR, NULL))
			goto out;
		x = t[2];
	}
	if (x->Bands == 2 || x->Bands > 3) {
		if (vips_extract_band(x, &t[3], 0, "n", x->Bands == 2 ? 1 : 3, NULL))
			goto out;
		x = t[3];
	}
	rc = vips_copy(x, out, NULL);
out:
	g_object_unref(scope);
	return rc;
}

int pl_preview_decode(const char *input, gboolean strict, VipsImage **out, GError **error)
{
	VipsImage *head = NULL, *thumb = NULL, *prep = NULL;
	int rc = -1;
	if (!(head = vips_image_new_from_file(input, "access", VIPS_ACCESS_SEQUENTIAL, NULL)))
		goto failed;
	/* A JPEG shrinks 2, 4 or 8 times while it decodes: pick the largest
	 * factor that keeps the preview at least PREVIEW_MIN on its long side,
	 * so the preview costs a fraction of the full pass. */
	int size = PREVIEW_SIZE, longest = MAX(head->Xsize, head->Ysize);
	const char *loader = NULL;
	if (vips_image_get_typeof(head, VIPS_META_LOADER) &&
	    !vips_image_get_string(head, VIPS_META_LOADER, &loader) && loader &&
	    g_str_has_prefix(loader, "jpegload") && longest > PREVIEW_SIZE)
		for (int f = 8; f >= 2; f /= 2)
			if (longest / f >= PREVIEW_MIN) {
				size = longest / f; /* rounding up would undo the factor */
				break;
			}
	/* The preview keeps the stored orientation, and comes to sRGB the way
	 * the full image does, so that what is measured on it applies unchanged
	 * to the full image. */
	if (vips_thumbnail(input, &thumb, size, "height", size, "no_rotate", TRUE, "size",
			   VIPS_SIZE_DOWN, "fail_on",
			   strict ? VIPS_FAIL_ON_ERROR : VIPS_FAIL_ON_NONE, NULL) ||
	    pl_image_prepare(thumb, &prep) || !(*out = vips_image_copy_memory(prep)))
		goto failed;
	/* The same as a saved one reads back: measuring must not depend on
	 * whether the preview was decoded now or by add. */
	(*out)->Type = (*out)->Bands == 1 ? VIPS_INTERPRETATION_B_W : VIPS_INTERPRETATION_sRGB;
	rc = 0;
	goto out;
failed:
	pl_set_vips_error(error, input);
out:
	VIPS_UNREF(head);
	VIPS_UNREF(thumb);
	VIPS_UNREF(prep);
	return rc;
}

int pl_preview_save(VipsImage *preview, const char *path, GError **error)
{
	size_t len = 0;
	void *pixels = vips_image_write_to_memory(preview, &len);
	if (!pixels) {
		pl_set_vips_error(error, path);
		return -1;
	}
	g_autofree char *sum = pl_sha256_data(pixels, len);
	g_autofree char *head = g_strdup_printf(MAGIC "%d %d %d %s\n", preview->Xsize,
						preview->Ysize, preview->Bands, sum);
	g_autofree char *tmp = pl_tmp_path_for(path);
	FILE *f = fopen(tmp, "wb");
	gboolean ok = f && fputs(head, f) >= 0 && fwrite(pixels, 1, len, f) == len;
	int saved = errno;
	if (f && fclose(f) != 0 && ok) {
		ok = FALSE;
		saved = errno;
	}
	g_free(pixels);
	if (!ok || g_rename(tmp, path) != 0) {
		if (ok)
			saved = errno;
		g_unlink(tmp);
		g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s: %s", path, g_strerror(saved));
		return -1;
	}
	return 0;
}

VipsImage *pl_preview_load(const char *path)
{
	g_autofree char *data = NULL;
	gsize len = 0;
	if (!path || !g_file_get_contents(path, &data, &len, NULL))
		return NULL;
	const char *nl = memchr(data, '\n', MIN(len, 200));
	int w = 0, h = 0, bands = 0, used = 0;
	char want[65] = "";
	if (!nl || len < strlen(MAGIC) || memcmp(data, MAGIC, strlen(MAGIC)) ||
	    sscanf(data + strlen(MAGIC), "%d %d %d %64[0-9a-f]%n", &w, &h, &bands, want, &used) != 4 ||
	    data + strlen(MAGIC) + used != nl || w <= 0 || h <= 0 || (bands != 1 && bands != 3))
		return NULL;
	const char *pixels = nl + 1;
	gsize n = (gsize)w * h * bands;
	if (len - (gsize)(pixels - data) != n)
		return NULL;
	g_autofree char *sum = pl_sha256_data(pixels, n);
	if (strcmp(sum, want))
		return NULL;
	VipsImage *im = vips_image_new_from_memory_copy(pixels, n, w, h, bands, VIPS_FORMAT_UCHAR);
	if (!im) {
		vips_error_clear();
		return NULL;
	}
	im->Type = bands == 1 ? VIPS_INTERPRETATION_B_W : VIPS_INTERPRETATION_sRGB;
	return im;
}

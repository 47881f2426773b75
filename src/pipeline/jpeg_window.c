/* The window decoder (see jpeg_window.h). libjpeg reports fatal errors by
 * calling error_exit, which must not return: it jumps back to the setjmp of
 * the function that called into libjpeg, which turns it into vips' error. */
#include "pipeline/jpeg_window.h"

#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>
#include <jerror.h>
#include <jpeglib.h>

typedef struct {
	struct jpeg_error_mgr pub;
	jmp_buf jump;
	gboolean truncated;
	char message[JMSG_LENGTH_MAX];
} ErrorManager;

typedef struct {
	struct jpeg_decompress_struct cinfo;
	ErrorManager err;
	gboolean created, started, failed;
	FILE *fp;
	char *path;
	VipsRect window; /* the rows and columns decoded, before libjpeg widens them */
	JDIMENSION x0, width; /* the columns libjpeg decodes: the window's, to whole blocks */
	int next_row;
	int bands;
	GMutex lock;
} Window;

static void error_exit(j_common_ptr cinfo)
{
	ErrorManager *err = (ErrorManager *)cinfo->err;
	cinfo->err->format_message(cinfo, err->message);
	longjmp(err->jump, 1);
}

/* Warnings are not printed. A file cut short is an error, as it is for
 * vips' loader with fail_on=truncated: no master with a grey foot. */
static void emit_message(j_common_ptr cinfo, int level)
{
	ErrorManager *err = (ErrorManager *)cinfo->err;
	if (level < 0 && cinfo->err->msg_code == JWRN_JPEG_EOF)
		err->truncated = TRUE;
}

static void window_free(VipsObject *image, Window *w)
{
	(void)image;
	if (w->created)
		jpeg_destroy_decompress(&w->cinfo);
	if (w->fp)
		fclose(w->fp);
	g_free(w->path);
	g_mutex_clear(&w->lock);
	g_free(w);
}

/* Starts decoding: only the window's columns, from the window's first row. */
static int window_start(Window *w)
{
	if (setjmp(w->err.jump)) {
		vips_error("planche", "%s: %s", w->path, w->err.message);
		return -1;
	}
	jpeg_start_decompress(&w->cinfo);
	w->x0 = w->window.left;
	w->width = w->window.width;
	jpeg_crop_scanline(&w->cinfo, &w->x0, &w->width);
	if (w->window.top > 0)
		jpeg_skip_scanlines(&w->cinfo, w->window.top);
	w->next_row = w->window.top;
	w->started = TRUE;
	return 0;
}

/* Decodes row y (at or after the next one) into dst: w->width pixels from
 * column w->x0. */
static int window_read_row(Window *w, int y, JSAMPLE *dst)
{
	if (y < w->next_row) {
		vips_error("planche", "%s: rows asked out of order", w->path);
		return -1;
	}
	if (setjmp(w->err.jump)) {
		vips_error("planche", "%s: %s", w->path, w->err.message);
		return -1;
	}
	if (y > w->next_row)
		w->next_row += jpeg_skip_scanlines(&w->cinfo, y - w->next_row);
	JSAMPROW rows[1] = { dst };
	if (jpeg_read_scanlines(&w->cinfo, rows, 1) != 1 || w->err.truncated) {
		vips_error("planche", "%s: %s", w->path, "the file is cut short");
		return -1;
	}
	w->next_row++;
	return 0;
}

/* Rows are decoded straight into the region: vips_sequential, the only
 * reader, asks for strips of whole rows. */
static int window_fill(Window *w, VipsRegion *out)
{
	if (w->failed || (!w->started && window_start(w)))
		return -1;
	const VipsRect *r = &out->valid;
	const size_t pel = (size_t)w->bands;
	const int x0 = w->x0, x1 = w->x0 + w->width;
	if (r->left > x0 || VIPS_RECT_RIGHT(r) < x1) {
		vips_error("planche", "%s: part of a row asked", w->path);
		return -1;
	}
	for (int y = r->top; y < VIPS_RECT_BOTTOM(r); y++) {
		VipsPel *q = VIPS_REGION_ADDR(out, r->left, y);
		if (y < w->window.top || y >= VIPS_RECT_BOTTOM(&w->window)) {
			memset(q, 0, r->width * pel);
			continue;
		}
		memset(q, 0, (x0 - r->left) * pel);
		memset(q + (x1 - r->left) * pel, 0, (VIPS_RECT_RIGHT(r) - x1) * pel);
		if (window_read_row(w, y, q + (x0 - r->left) * pel))
			return -1;
	}
	return 0;
}

static int window_gen(VipsRegion *out, void *seq, void *a, void *b, gboolean *stop)
{
	(void)seq;
	(void)b;
	(void)stop;
	Window *w = a;
	g_mutex_lock(&w->lock);
	int rc = window_fill(w, out);
	if (rc)
		w->failed = TRUE;
	g_mutex_unlock(&w->lock);
	return rc;
}

/* Whether libjpeg can decode path as the window needs: baseline 8-bit, grey
 * or three-component colour that comes out as RGB. Reads the header; one it
 * cannot read is left to vips' loader too, which says what is wrong. */
static int window_header(Window *w, const VipsImage *head)
{
	if (setjmp(w->err.jump))
		return 1;
	jpeg_create_decompress(&w->cinfo);
	w->created = TRUE;
	jpeg_stdio_src(&w->cinfo, w->fp);
	jpeg_read_header(&w->cinfo, TRUE);
	struct jpeg_decompress_struct *c = &w->cinfo;
	if (c->progressive_mode || c->data_precision != 8 ||
	    (int)c->image_width != head->Xsize || (int)c->image_height != head->Ysize)
		return 1;
	if (c->num_components == 1 && c->jpeg_color_space == JCS_GRAYSCALE)
		c->out_color_space = JCS_GRAYSCALE;
	else if (c->num_components == 3 &&
		 (c->jpeg_color_space == JCS_YCbCr || c->jpeg_color_space == JCS_RGB))
		c->out_color_space = JCS_RGB;
	else
		return 1;
	w->bands = c->num_components;
	if (w->bands != head->Bands)
		return 1;
	/* Upsampled colour at the decoded area's edges is made without the
	 * neighbours a whole decoding has: decode a block row and column more
	 * on every side, so the window itself has the very same pixels. */
	const int bw = c->max_h_samp_factor * DCTSIZE, bh = c->max_v_samp_factor * DCTSIZE;
	VipsRect wider = { w->window.left - bw, w->window.top - bh, w->window.width + 2 * bw,
			   w->window.height + 2 * bh };
	VipsRect image = { 0, 0, head->Xsize, head->Ysize };
	vips_rect_intersectrect(&wider, &image, &w->window);
	return 0;
}

int pl_jpeg_window_open(const char *path, const VipsRect *window, VipsImage **out)
{
	VipsImage *head = NULL, *raw = NULL;
	Window *w = NULL;
	const char *loader = NULL;
	int rc = -1;

	*out = NULL;
	if (!(head = vips_image_new_from_file(path, "access", VIPS_ACCESS_SEQUENTIAL, NULL)))
		goto out;
	if (vips_image_get_string(head, VIPS_META_LOADER, &loader) || strcmp(loader, "jpegload") ||
	    head->BandFmt != VIPS_FORMAT_UCHAR || head->Coding != VIPS_CODING_NONE) {
		vips_error_clear();
		rc = 1;
		goto out;
	}
	w = g_new0(Window, 1);
	g_mutex_init(&w->lock);
	w->path = g_strdup(path);
	w->cinfo.err = jpeg_std_error(&w->err.pub);
	w->err.pub.error_exit = error_exit;
	w->err.pub.emit_message = emit_message;
	VipsRect image = { 0, 0, head->Xsize, head->Ysize };
	vips_rect_intersectrect(window, &image, &w->window);
	if (!(w->fp = g_fopen(path, "rb"))) {
		vips_error_system(errno, "planche", "%s", path);
		goto out;
	}
	if ((rc = window_header(w, head)))
		goto out;
	rc = -1;

	raw = vips_image_new();
	g_signal_connect(raw, "close", G_CALLBACK(window_free), w);
	Window *owned = g_steal_pointer(&w);
	/* The same size and metadata (profile, resolution, chroma) as vips'
	 * loader gives; sequential, so that rows come in order. */
	if (vips_image_pipelinev(raw, VIPS_DEMAND_STYLE_THINSTRIP, head, NULL) ||
	    vips_image_generate(raw, NULL, window_gen, NULL, owned, NULL) ||
	    vips_sequential(raw, out, "tile_height", 16, NULL))
		goto out;
	rc = 0;
out:
	if (w)
		window_free(NULL, w);
	VIPS_UNREF(raw);
	VIPS_UNREF(head);
	return rc;
}

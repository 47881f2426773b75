/* The memory a decoder holds at once, from the file's header (see
 * decode_cost.h). The factors were measured with GNU time on libvips 8.14,
 * libjpeg-turbo 2.1, libtiff 4.5 and OpenJPEG 2.5 (tests/bench/bombs.sh). */
#include "pipeline/decode_cost.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>
#include <jpeglib.h>
#include <tiffio.h>

#include "util/util.h"

/* ---- JPEG: several scans (progressive, or one scan per component) make
 * libjpeg keep every DCT coefficient of the image until the last scan. */

typedef struct {
	struct jpeg_error_mgr pub;
	jmp_buf jump;
} QuietJpegError;

static void jpeg_error_jump(j_common_ptr cinfo)
{
	longjmp(((QuietJpegError *)cinfo->err)->jump, 1);
}

static void jpeg_no_message(j_common_ptr cinfo, int level)
{
	(void)cinfo, (void)level;
}

static gint64 jpeg_cost(const char *path, char *kind, gsize kind_len)
{
	struct jpeg_decompress_struct cinfo;
	QuietJpegError err;
	volatile gint64 bytes = 0;
	FILE *fp = g_fopen(path, "rb");
	if (!fp)
		return 0;
	memset(&cinfo, 0, sizeof cinfo);
	cinfo.err = jpeg_std_error(&err.pub);
	err.pub.error_exit = jpeg_error_jump;
	err.pub.emit_message = jpeg_no_message;
	if (setjmp(err.jump) == 0) {
		jpeg_create_decompress(&cinfo);
		jpeg_stdio_src(&cinfo, fp);
		jpeg_read_header(&cinfo, TRUE);
		if (jpeg_has_multiple_scans(&cinfo)) {
			gint64 sum = 0;
			for (int i = 0; i < cinfo.num_components; i++) {
				const jpeg_component_info *c = &cinfo.comp_info[i];
				/* As jdcoefct.c sizes its whole-image buffer. */
				gint64 bw = (c->width_in_blocks + c->h_samp_factor - 1) /
					    c->h_samp_factor * c->h_samp_factor;
				gint64 bh = (c->height_in_blocks + c->v_samp_factor - 1) /
					    c->v_samp_factor * c->v_samp_factor;
				sum += bw * bh * (gint64)sizeof(JBLOCK);
			}
			bytes = sum;
			g_strlcpy(kind, cinfo.progressive_mode ? "a progressive JPEG"
							       : "a JPEG in several scans",
				  kind_len);
		}
	}
	jpeg_destroy_decompress(&cinfo);
	fclose(fp);
	return bytes;
}

/* ---- TIFF: libvips keeps a whole row of tiles, and reads a JPEG-compressed
 * strip whole. */

static int tiff_quiet(TIFF *tif, void *user_data, const char *module, const char *fmt,
		      va_list ap)
{
	(void)tif, (void)user_data, (void)module, (void)fmt, (void)ap;
	return 1;
}

static gint64 tiff_cost(const char *path, char *kind, gsize kind_len)
{
	TIFFOpenOptions *opts = TIFFOpenOptionsAlloc();
	TIFFOpenOptionsSetErrorHandlerExtR(opts, tiff_quiet, NULL);
	TIFFOpenOptionsSetWarningHandlerExtR(opts, tiff_quiet, NULL);
	TIFF *tif = TIFFOpenExt(path, "r", opts);
	TIFFOpenOptionsFree(opts);
	if (!tif)
		return 0;
	guint32 w = 0, h = 0, tw = 0, th = 0, rows = 0;
	guint16 spp = 1, bps = 8, compression = COMPRESSION_NONE;
	TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &w);
	TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &h);
	TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &spp);
	TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bps);
	TIFFGetFieldDefaulted(tif, TIFFTAG_COMPRESSION, &compression);
	double row = (double)w * spp * MAX(bps, 8) / 8;
	gint64 bytes = 0;
	if (TIFFIsTiled(tif) && TIFFGetField(tif, TIFFTAG_TILEWIDTH, &tw) &&
	    TIFFGetField(tif, TIFFTAG_TILELENGTH, &th) && tw > 0 && th > 0) {
		/* 20000 pixels wide in tiles 4096 high: 690 MB, 2.6 rows of tiles */
		bytes = (gint64)(3 * row * MIN(th, MAX(h, 1)));
		g_snprintf(kind, kind_len, "a TIFF in tiles of %u x %u", tw, th);
	} else if ((compression == COMPRESSION_JPEG || compression == COMPRESSION_OJPEG) &&
		   TIFFGetFieldDefaulted(tif, TIFFTAG_ROWSPERSTRIP, &rows) && rows > 0) {
		/* strips of 1024, 4096 and 8192 rows: 4.9, 5.6 and 5.8 strips */
		bytes = (gint64)(6 * row * MIN(rows, MAX(h, 1)));
		g_snprintf(kind, kind_len, "a JPEG-compressed TIFF in strips of %u rows",
			   MIN(rows, h));
	}
	TIFFClose(tif);
	return bytes;
}

/* ---- JPEG 2000: libvips decodes a tiled file a whole tile at a time into
 * 32-bit samples (OpenJPEG's) and keeps a row of tiles; a file of one tile
 * it decodes in strips, but OpenJPEG keeps the whole tile's code-blocks. */

static guint32 be32(const guint8 *p)
{
	return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

int pl_j2k_parse_siz(const guint8 *d, gsize len, PlJ2kSiz *siz)
{
	/* SOC, then SIZ: Lsiz Rsiz Xsiz Ysiz XOsiz YOsiz XTsiz YTsiz XTOsiz
	 * YTOsiz Csiz, then per component Ssiz XRsiz YRsiz. */
	if (len < 4 + 38 + 3 || d[0] != 0xff || d[1] != 0x4f || d[2] != 0xff || d[3] != 0x51)
		return -1;
	const guint8 *m = d + 4;
	gint64 x = be32(m + 4), y = be32(m + 8), xo = be32(m + 12), yo = be32(m + 16);
	gint64 tw = be32(m + 20), th = be32(m + 24), xto = be32(m + 28), yto = be32(m + 32);
	int csiz = m[36] << 8 | m[37];
	if (x <= xo || y <= yo || tw == 0 || th == 0 || xto > xo || yto > yo || csiz < 1 ||
	    xto + tw <= xo || yto + th <= yo)
		return -1;
	siz->width = x - xo;
	siz->height = y - yo;
	siz->tile_w = tw;
	siz->tile_h = th;
	siz->tiles = ((x - xto + tw - 1) / tw) * ((y - yto + th - 1) / th);
	siz->components = csiz;
	siz->precision = (m[38] & 0x7f) + 1;
	return 0;
}

/* A JP2 has a handful of boxes before its codestream (signature, ftyp,
 * header, maybe XML and UUIDs): past this many, the file is not one to
 * walk further. */
#define J2K_MAX_BOXES 64

/* The codestream: the file itself (.j2k), or the jp2c box of a JP2. */
static int j2k_read_siz(FILE *fp, PlJ2kSiz *siz)
{
	guint8 buf[64];
	gint64 at = 0;
	for (int box = 0; box < J2K_MAX_BOXES; box++) {
		if (fseeko(fp, at, SEEK_SET) != 0 || fread(buf, 1, 16, fp) != 16)
			return -1;
		if (box == 0 && buf[0] == 0xff && buf[1] == 0x4f)
			break;
		gint64 size = be32(buf), header = 8;
		if (size == 1) {
			size = (gint64)be32(buf + 8) << 32 | be32(buf + 12);
			header = 16;
		}
		if (memcmp(buf + 4, "jp2c", 4) == 0) {
			at += header;
			break;
		}
		if (size < header) /* 0: the last box, and not the codestream */
			return -1;
		at += size;
	}
	gsize n = 0;
	if (fseeko(fp, at, SEEK_SET) != 0 || (n = fread(buf, 1, sizeof buf, fp)) == 0)
		return -1;
	return pl_j2k_parse_siz(buf, n, siz);
}

static gint64 j2k_cost(const char *path, VipsImage *head, char *kind, gsize kind_len)
{
	FILE *fp = g_fopen(path, "rb");
	PlJ2kSiz siz;
	if (!fp)
		return 0;
	int rc = j2k_read_siz(fp, &siz);
	fclose(fp);
	if (rc != 0)
		return 0;
	gint64 sample = siz.precision > 8 ? 2 : 1;
	if (siz.tiles == 1) {
		/* 12 MP of noise: 34 MB more than in tiles of 512; 20000 x
		 * 20000 took 330 MB (and ten minutes) */
		g_strlcpy(kind, "a JPEG 2000 in a single tile", kind_len);
		return siz.width * siz.height * siz.components * sample;
	}
	g_snprintf(kind, kind_len, "a JPEG 2000 in tiles of %" G_GINT64_FORMAT " x %" G_GINT64_FORMAT,
		   siz.tile_w, siz.tile_h);
	/* 10000 x 10000 in tiles of 8192: 1.2 GB */
	gint64 rows = MIN(siz.tile_h, siz.height);
	gint64 tile = MIN(siz.tile_w, siz.width) * rows * siz.components;
	return tile * 4 + 2 * (gint64)head->Xsize * rows * head->Bands * sample;
}

static const char *loader_of(VipsImage *head)
{
	const char *loader = NULL;
	if (vips_image_get_typeof(head, VIPS_META_LOADER) &&
	    vips_image_get_string(head, VIPS_META_LOADER, &loader) == 0)
		return loader;
	return "";
}

void pl_decode_cost(const char *path, VipsImage *head, PlDecodeCost *cost)
{
	const char *loader = loader_of(head);
	int interlaced = 0;
	memset(cost, 0, sizeof *cost);
	if (g_str_has_prefix(loader, "jpegload")) {
		cost->bytes = jpeg_cost(path, cost->kind, sizeof cost->kind);
	} else if (g_str_has_prefix(loader, "pngload")) {
		/* Adam7 spreads every row over seven passes: decoded whole. */
		if (vips_image_get_typeof(head, "interlaced") &&
		    vips_image_get_int(head, "interlaced", &interlaced) == 0 && interlaced) {
			cost->bytes = (gint64)VIPS_IMAGE_SIZEOF_IMAGE(head);
			g_strlcpy(cost->kind, "an interlaced PNG", sizeof cost->kind);
		}
	} else if (g_str_has_prefix(loader, "webpload")) {
		/* libvips 8.14 decodes a WebP whole, as RGBA and once more:
		 * 16383 x 16383 took 2.15 GB. */
		cost->bytes = (gint64)head->Xsize * head->Ysize * 8;
		g_strlcpy(cost->kind, "a WebP", sizeof cost->kind);
	} else if (g_str_has_prefix(loader, "tiffload")) {
		cost->bytes = tiff_cost(path, cost->kind, sizeof cost->kind);
	} else if (g_str_has_prefix(loader, "jp2kload")) {
		cost->bytes = j2k_cost(path, head, cost->kind, sizeof cost->kind);
	}
}

char *pl_format_bytes(gint64 bytes)
{
	if (bytes >= 1000000000)
		return g_strdup_printf("%.1f GB", bytes / 1e9);
	if (bytes >= 1000000)
		return g_strdup_printf("%.0f MB", bytes / 1e6);
	return g_strdup_printf("%.0f kB", bytes / 1e3);
}

int pl_decode_check(const char *path, VipsImage *head, gint64 limit, GError **error)
{
	PlDecodeCost cost;
	if (limit <= 0)
		return 0;
	pl_decode_cost(path, head, &cost);
	if (cost.bytes <= limit)
		return 0;
	g_autofree char *need = pl_format_bytes(cost.bytes);
	g_autofree char *max = pl_format_bytes(limit);
	g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
		    "too large to decode: as %s, these %d x %d pixels would take about %s of "
		    "memory at once; the limit is %s ([limits] decode-memory in planche.conf)",
		    cost.kind, head->Xsize, head->Ysize, need, max);
	return -1;
}

/* trim: crops the paper margins around the printed content. Ink is found
 * against the paper's level, gathered into blobs on a coarse grid; big blobs
 * make the content, small ones count only near it, so dust, foxing and
 * specks in the margin do not hold the crop open. */
#include "steps/step.h"

#include <math.h>
#include <string.h>

#include "util/util.h"

enum { OPT_PADDING, OPT_THRESHOLD, OPT_MIN_BLOB, OPT_REACH, OPT_FRAME, OPT_FRAME_PADDING };

static const PlOption trim_options[] = {
	{ .name = "padding", .type = PL_OPT_DOUBLE, .def = "0.5", .min = 0, .max = 20,
	  .help = "paper kept around the content, percent of its longer side" },
	{ .name = "threshold", .type = PL_OPT_INT, .def = "0", .min = 0, .max = 255,
	  .help = "how much darker than paper ink is; 0 = from the image" },
	{ .name = "min-blob", .type = PL_OPT_DOUBLE, .def = "0.05", .min = 0, .max = 10,
	  .help = "smallest blob that is content anywhere, percent of the area" },
	{ .name = "reach", .type = PL_OPT_DOUBLE, .def = "4", .min = 0, .max = 50,
	  .help = "small blobs this close to the content (percent of the diagonal) join it" },
	{ .name = "frame", .type = PL_OPT_BOOL, .def = "true",
	  .help = "crop to a plate's frame rule when one encloses the picture" },
	{ .name = "frame-padding", .type = PL_OPT_DOUBLE, .def = "0", .min = 0, .max = 20,
	  .help = "paper kept around a frame rule, percent of its longer side" },
	{ 0 },
};

#define CELL 4 /* preview pixels per grid cell */

typedef struct {
	int x0, y0, x1, y1; /* cells, inclusive */
	int ink;            /* ink pixels */
} Blob;

static int trim_measure(const PlStepConfig *cfg, PlStepContext *ctx, VipsImage *preview,
			PlAction *a, PlJson *b, GError **error)
{
	int w, h, t, paper, ink;
	guchar *lum = pl_preview_luminance(preview, &w, &h);
	const PlCorrections *corr = pl_step_corrections(ctx);
	double s = pl_step_scale(ctx);

	if (!lum) {
		pl_set_vips_error(error, "trim");
		return -1;
	}
	if (corr->has_crop) {
		double ox = corr->crop[0], oy = corr->crop[1], ow = corr->crop[2], oh = corr->crop[3];
		double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
		g_free(lum);
		/* The box is in the original's pixels: map it to ours. */
		double c[4][2] = { { ox, oy }, { ox + ow, oy }, { ox + ow, oy + oh }, { ox, oy + oh } };
		for (int i = 0; i < 4; i++) {
			double x, y;
			pl_step_from_original(ctx, c[i][0], c[i][1], &x, &y);
			x0 = MIN(x0, x), y0 = MIN(y0, y), x1 = MAX(x1, x), y1 = MAX(y1, y);
		}
		a->manual = TRUE;
		pl_action_crop(a, x0, y0, x1 - x0, y1 - y0);
		a->active = TRUE;
		pl_step_add_box(ctx, b, "box", a->box);
		pl_json_key(b, "source");
		pl_json_str(b, "manual");
		return 0;
	}

	pl_paper_ink(lum, (size_t)w * h, &t, &paper, &ink);
	int thr = (int)cfg->v[OPT_THRESHOLD].d;
	if (thr == 0)
		thr = MAX(20, (int)(0.3 * (paper - ink)));

	/* A frame rule: after deskew, the outermost rows and columns that are
	 * dark across most of the sheet, on all four sides. A caption outside
	 * it, being short, does not count, and goes with the margin. */
	if (cfg->v[OPT_FRAME].d != 0) {
		int *rowc = g_new0(int, h), *colc = g_new0(int, w);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				if (lum[(size_t)y * w + x] < paper - thr)
					rowc[y]++, colc[x]++;
		int fy0 = -1, fy1 = -1, fx0 = -1, fx1 = -1;
		for (int y = 2; y < h * 35 / 100 && fy0 < 0; y++)
			if (rowc[y] >= 0.45 * w)
				fy0 = y;
		for (int y = h - 3; y > h * 65 / 100 && fy1 < 0; y--)
			if (rowc[y] >= 0.45 * w)
				fy1 = y + 1;
		for (int x = 2; x < w * 35 / 100 && fx0 < 0; x++)
			if (colc[x] >= 0.45 * h)
				fx0 = x;
		for (int x = w - 3; x > w * 65 / 100 && fx1 < 0; x--)
			if (colc[x] >= 0.45 * h)
				fx1 = x + 1;
		g_free(rowc);
		g_free(colc);
		/* A rule runs unbroken between the other two: dense text or a
		 * spine's shadow does not. */
		gboolean ruled = fy0 >= 0 && fy1 >= 0 && fx0 >= 0 && fx1 >= 0 && fx1 - fx0 > w / 4 &&
				 fy1 - fy0 > h / 4;
		for (int side = 0; side < 4 && ruled; side++) {
			double best = 0;
			for (int k = 0; k < 3; k++) {
				int dark = 0, n = 0;
				for (int i = side < 2 ? fx0 : fy0; i < (side < 2 ? fx1 : fy1); i++) {
					int x = side == 2 ? fx0 + k : side == 3 ? fx1 - 1 - k : i;
					int y = side == 0 ? fy0 + k : side == 1 ? fy1 - 1 - k : i;
					dark += lum[(size_t)y * w + x] < paper - thr;
					n++;
				}
				best = MAX(best, (double)dark / n);
			}
			ruled = best >= 0.7;
		}
		if (ruled) {
			g_free(lum);
			double pad = cfg->v[OPT_FRAME_PADDING].d / 100 * MAX(fx1 - fx0, fy1 - fy0);
			pl_action_crop(a, (fx0 - pad) / s, (fy0 - pad) / s, (fx1 - fx0 + 2 * pad) / s,
				       (fy1 - fy0 + 2 * pad) / s);
			pl_step_add_box(ctx, b, "box", a->box);
			pl_json_key(b, "found");
			pl_json_str(b, "frame");
			pl_json_key(b, "source");
			pl_json_str(b, "measured");
			return 0;
		}
	}

	int gw = (w + CELL - 1) / CELL, gh = (h + CELL - 1) / CELL;
	int *cells = g_new0(int, (size_t)gw * gh);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			if (lum[(size_t)y * w + x] < paper - thr)
				cells[(size_t)(y / CELL) * gw + x / CELL]++;
	g_free(lum);

	/* Blobs: cells with ink, joined across gaps of up to two cells. */
	int *label = g_new(int, (size_t)gw * gh);
	int *stack = g_new(int, (size_t)gw * gh);
	GArray *blobs = g_array_new(FALSE, FALSE, sizeof(Blob));
	for (size_t i = 0; i < (size_t)gw * gh; i++)
		label[i] = -1;
	for (int i = 0; i < gw * gh; i++) {
		if (cells[i] < 2 || label[i] >= 0)
			continue;
		Blob bl = { i % gw, i / gw, i % gw, i / gw, 0 };
		int sp = 0, id = (int)blobs->len;
		stack[sp++] = i;
		label[i] = id;
		while (sp) {
			int c = stack[--sp], cx = c % gw, cy = c / gw;
			bl.ink += cells[c];
			bl.x0 = MIN(bl.x0, cx), bl.x1 = MAX(bl.x1, cx);
			bl.y0 = MIN(bl.y0, cy), bl.y1 = MAX(bl.y1, cy);
			for (int dy = -3; dy <= 3; dy++)
				for (int dx = -3; dx <= 3; dx++) {
					int nx = cx + dx, ny = cy + dy;
					if (nx < 0 || ny < 0 || nx >= gw || ny >= gh)
						continue;
					int k = ny * gw + nx;
					if (cells[k] >= 2 && label[k] < 0) {
						label[k] = id;
						stack[sp++] = k;
					}
				}
		}
		g_array_append_val(blobs, bl);
	}
	g_free(cells);
	g_free(label);
	g_free(stack);

	/* Big blobs are content; small ones join when within reach of it. */
	double big = cfg->v[OPT_MIN_BLOB].d / 100 * w * h;
	double reach = cfg->v[OPT_REACH].d / 100 * sqrt((double)w * w + (double)h * h) / CELL;
	int bx0 = G_MAXINT, by0 = G_MAXINT, bx1 = -1, by1 = -1, kept = 0, dropped = 0;
	gboolean *in = g_new0(gboolean, blobs->len + 1);
	for (guint i = 0; i < blobs->len; i++) {
		Blob *bl = &g_array_index(blobs, Blob, i);
		if (bl->ink >= big) {
			in[i] = TRUE;
			bx0 = MIN(bx0, bl->x0), by0 = MIN(by0, bl->y0);
			bx1 = MAX(bx1, bl->x1), by1 = MAX(by1, bl->y1);
			kept++;
		}
	}
	for (gboolean grew = bx1 >= 0; grew;) {
		grew = FALSE;
		for (guint i = 0; i < blobs->len; i++) {
			Blob *bl = &g_array_index(blobs, Blob, i);
			if (in[i] || bl->ink < 12)
				continue;
			double dx = MAX(0, MAX(bx0 - bl->x1, bl->x0 - bx1));
			double dy = MAX(0, MAX(by0 - bl->y1, bl->y0 - by1));
			if (sqrt(dx * dx + dy * dy) <= reach) {
				in[i] = TRUE;
				bx0 = MIN(bx0, bl->x0), by0 = MIN(by0, bl->y0);
				bx1 = MAX(bx1, bl->x1), by1 = MAX(by1, bl->y1);
				kept++;
				grew = TRUE;
			}
		}
	}
	for (guint i = 0; i < blobs->len; i++)
		dropped += !in[i];
	g_free(in);
	g_array_unref(blobs);

	pl_json_key(b, "paper");
	pl_json_int(b, paper);
	pl_json_key(b, "threshold");
	pl_json_int(b, thr);
	pl_json_key(b, "blobs_kept");
	pl_json_int(b, kept);
	pl_json_key(b, "blobs_ignored");
	pl_json_int(b, dropped);
	if (bx1 < 0) {
		pl_json_key(b, "found");
		pl_json_str(b, "no content");
		return 0;
	}
	/* Cells to full-resolution pixels, then the padding. */
	double x0 = bx0 * CELL / s, y0 = by0 * CELL / s;
	double x1 = MIN(w, (bx1 + 1) * CELL) / s, y1 = MIN(h, (by1 + 1) * CELL) / s;
	double pad = cfg->v[OPT_PADDING].d / 100 * MAX(x1 - x0, y1 - y0);
	pl_action_crop(a, x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad);
	pl_step_add_box(ctx, b, "box", a->box);
	pl_json_key(b, "source");
	pl_json_str(b, "measured");
	return 0;
}

static int trim_apply(const PlStepConfig *cfg, const PlAction *a, VipsImage *in,
		      VipsImage **out, double scale, GError **error)
{
	return pl_apply_crop(a, in, out, scale);
}

const PlStepClass pl_step_trim = {
	.name = "trim",
	.summary = "crop the paper margins around the printed content",
	.options = trim_options,
	.measures = (const char *const[]){ "box", "found", "paper", "source", "threshold",
					   "blobs_kept", "blobs_ignored", NULL },
	.measure = trim_measure,
	.apply = trim_apply,
};

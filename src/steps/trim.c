/* trim: crops the paper margins around the printed content. Ink is found
 * against the paper's level, gathered into blobs on a coarse grid; big blobs
 * make the content, small ones count only near it, so dust, foxing and
 * specks in the margin do not hold the crop open. Faint rules beyond that
 * box (a drawing's construction lines, too light to pass for ink) and a
 * wash panel round a frame rule widen it: they are content too. A frame
 * round text keeps a strip of paper round its rule (frame_room). */
#include "steps/step.h"

#include <math.h>
#include <string.h>

#include "imaging/bed.h"
#include "imaging/edges.h"
#include "imaging/ink.h"
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
	{ .name = "frame-padding", .type = PL_OPT_DOUBLE, .def = "1", .min = 0, .max = 20,
	  .help = "paper kept around a frame rule round text, percent of its longer side, where the sheet has it" },
	{ 0 },
};

#define CELL 4 /* preview pixels per grid cell */
/* Cells with fewer ink pixels are empty; blobs join across JOIN cells. */
#define CELL_MIN_INK 2
#define JOIN 3
/* A blob with less ink than this (preview pixels) is a speck: never
 * content, and not counted in what was left out. */
#define SPECK_INK 12
/* A frame rule: rows and columns dark across FRAME_SPAN of the sheet, met
 * within FRAME_REACH of each side, and dark along FRAME_UNBROKEN of their
 * length between the other two (generated plates: 0.9 and more; dense text
 * and a spine's shadow stay under). */
#define FRAME_SPAN 0.45
#define FRAME_REACH 0.35
#define FRAME_UNBROKEN 0.7
/* When the blobs left out hold this share of the ink, the content was not
 * told apart from the marks: the faint lines of btv1b10053491x and the
 * pencil marks of the Herold's near-blank board went that way. The box
 * then holds every blob but the specks, and says it is unsure. */
#define UNSURE_LEFT_OUT 0.25
/* A page whose content holds less ink than this share of its area is
 * near-blank: a board, a flyleaf, a page with a shelf mark. What it shows
 * (stains, the grain of a pastedown, faint pencil) is not told from paper,
 * so its whole box is kept rather than a few marks, and it is doubtful.
 * On the real samples: the Herold's inside board 0.5 %, the faintest
 * drawing (btv1b10052718j) 1.4 %, printed pages 7 % and more. */
#define NEAR_BLANK_INK 0.0075

/* A faint rule runs along at least this share of its side to widen the
 * box: the construction lines at a drawing's edges run along a fifth of it
 * and more; dust, a fibre or a letter's stroke far less. */
#define FAINT_RUN 0.1

/* The padding goes round a frame that holds text: at least FRAME_TEXT of
 * the rows inside it (clear of its rules by FRAME_INSET of the side) are
 * blank (ink on at most FRAME_BLANK of them), the space between lines
 * (boxedpage: 7 %, a quarter of a degree of skew left), in at least
 * FRAME_LINES runs between inked rows: lines of text. A plate's picture
 * fills its frame, or leaves a sky or two blank (the generated plates),
 * and is cropped to its rule, as a plate is published. */
#define FRAME_TEXT 0.05
#define FRAME_LINES 8
#define FRAME_INSET 0.03
#define FRAME_BLANK 0.02
/* A line beyond a frame rule darker than this share of its length is no
 * tail of the skewed rule but a bed or a shadow. */
#define RULE_TAIL 0.9

/* A wash panel round a frame (btv1b8528950b: a pale green panel holding
 * the plate and its caption, on a lighter sheet): beyond the rule, lines
 * of one tone, then, at the panel's edge, a step up of PANEL_STEP levels
 * (on the line's median) held for PANEL_FLAT of the side. Plain paper up
 * to the image's edge, a shadow or a bed is no panel. */
#define PANEL_STEP 6
#define PANEL_FLAT 0.012
/* The rule itself, skipped first, is at most this share of the side. */
#define PANEL_RULE 0.02

typedef struct {
	int x0, y0, x1, y1; /* cells, inclusive */
	int ink;            /* ink pixels */
} Blob;

/* The content box, in preview pixels (x0, y0, x1, y1), and how it was
 * found. */
typedef struct {
	int box[4];
	int kept, dropped;
	double ink; /* ink pixels in the kept blobs */
	const char *found; /* "unsure", "near-blank", or NULL for the blobs */
} Content;

/* The crop correction: a box in the original's pixels, mapped to ours. */
static int trim_manual(PlStepContext *ctx, const double crop[4], PlAction *a, PlJson *b)
{
	double ox = crop[0], oy = crop[1], ow = crop[2], oh = crop[3];
	double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
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

/* The outermost rows and columns dark across most of the sheet, on all
 * four sides, after deskew: f = x0, y0, x1, y1 (exclusive ends). A caption
 * outside it, being short, does not count. */
static gboolean frame_lines(const guchar *lum, int w, int h, int level, int f[4])
{
	int *rowc = g_new0(int, h), *colc = g_new0(int, w);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			if (lum[(size_t)y * w + x] < level)
				rowc[y]++, colc[x]++;
	f[0] = f[1] = f[2] = f[3] = -1;
	for (int y = 2; y < h * FRAME_REACH && f[1] < 0; y++)
		if (rowc[y] >= FRAME_SPAN * w)
			f[1] = y;
	for (int y = h - 3; y > h * (1 - FRAME_REACH) && f[3] < 0; y--)
		if (rowc[y] >= FRAME_SPAN * w)
			f[3] = y + 1;
	for (int x = 2; x < w * FRAME_REACH && f[0] < 0; x++)
		if (colc[x] >= FRAME_SPAN * h)
			f[0] = x;
	for (int x = w - 3; x > w * (1 - FRAME_REACH) && f[2] < 0; x--)
		if (colc[x] >= FRAME_SPAN * h)
			f[2] = x + 1;
	g_free(rowc);
	g_free(colc);
	return f[0] >= 0 && f[1] >= 0 && f[2] >= 0 && f[3] >= 0 && f[2] - f[0] > w / 4 &&
	       f[3] - f[1] > h / 4;
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* A rule runs unbroken between the other two: dense text or a spine's
 * shadow does not. */
static gboolean frame_unbroken(const guchar *lum, int w, int level, const int f[4])
{
	for (int side = 0; side < 4; side++) {
		double best = 0;
		for (int k = 0; k < 3; k++) {
			int dark = 0, n = 0;
			for (int i = side < 2 ? f[0] : f[1]; i < (side < 2 ? f[2] : f[3]); i++) {
				int x = side == 2 ? f[0] + k : side == 3 ? f[2] - 1 - k : i;
				int y = side == 0 ? f[1] + k : side == 1 ? f[3] - 1 - k : i;
				dark += lum[(size_t)y * w + x] < level;
				n++;
			}
			best = MAX(best, (double)dark / n);
		}
		if (best < FRAME_UNBROKEN)
			return FALSE;
	}
	return TRUE;
}

/* Median of line i (a row, or a column when columns) over [from, to). */
static int line_median(const guchar *lum, int w, gboolean columns, int i, int from, int to)
{
	int hist[256] = { 0 }, n = to - from, c = 0;
	for (int k = from; k < to; k++)
		hist[columns ? lum[(size_t)k * w + i] : lum[(size_t)i * w + k]]++;
	for (int v = 0; v < 256; v++)
		if ((c += hist[v]) * 2 >= n)
			return v;
	return 255;
}

/* Where a wash panel round the frame f ends on one side (0 left, 1 top,
 * 2 right, 3 bottom): the first line of the lighter paper beyond it, or
 * -1 when there is no panel. */
static int panel_edge(const guchar *lum, int w, int h, int level, const int f[4], int side)
{
	gboolean columns = side % 2 == 0;
	int n = columns ? w : h, dir = side < 2 ? -1 : 1;
	int from = columns ? f[1] : f[0], to = columns ? f[3] : f[2];
	int i = side < 2 ? f[side] - 1 : f[side];
	int flat = MAX(4, (int)(PANEL_FLAT * n)), rule = MAX(2, (int)(PANEL_RULE * n));
	if (to - from < 8)
		return -1;
#define INSIDE(j) ((j) >= 0 && (j) < n)
	for (int k = 0; k < rule && INSIDE(i) && line_median(lum, w, columns, i, from, to) < level;
	     k++)
		i += dir;
	/* the panel's tone, over its first lines; then the median of the last
	 * ones, so a wash that darkens or fades slowly across the panel (the
	 * Adobe RGB green of btv1b8528950b, once in sRGB, by 7 levels) is still
	 * one tone, while a step is not */
	int tones[64], sorted[64], nt = 0, at = 0;
	for (int k = 0; k < MIN(flat, 64); k++, i += dir) {
		if (!INSIDE(i))
			return -1;
		tones[nt++] = line_median(lum, w, columns, i, from, to);
	}
	for (; INSIDE(i); i += dir) {
		memcpy(sorted, tones, nt * sizeof(int));
		qsort(sorted, nt, sizeof(int), cmp_int);
		int tone = sorted[nt / 2];
		int m = line_median(lum, w, columns, i, from, to);
		if (m < tone - PANEL_STEP)
			return -1;
		if (m <= tone + PANEL_STEP) {
			tones[at] = m, at = (at + 1) % nt;
			continue;
		}
		/* lighter: the sheet round the panel, when it holds */
		int k = 1;
		while (k < flat && INSIDE(i + k * dir) &&
		       line_median(lum, w, columns, i + k * dir, from, to) > tone + PANEL_STEP)
			k++;
		if (k == flat)
			return i;
	}
#undef INSIDE
	return -1;
}

/* Share of line i (a row, or a column when columns) over [from, to)
 * darker than level. */
static double line_cover(const guchar *lum, int w, gboolean columns, int i, int from, int to,
			 int level)
{
	int inked = 0;
	for (int k = from; k < to; k++)
		inked += (columns ? lum[(size_t)k * w + i] : lum[(size_t)i * w + k]) < level;
	return to > from ? (double)inked / (to - from) : 0;
}

/* Whether the frame f (x0, y0, x1, y1) holds text (see FRAME_TEXT). */
static gboolean frame_holds_text(const guchar *lum, int w, int level, const double f[4])
{
	int ix = (int)ceil(FRAME_INSET * (f[2] - f[0])), iy = (int)ceil(FRAME_INSET * (f[3] - f[1]));
	int x0 = (int)f[0] + ix, x1 = (int)f[2] - ix, y0 = (int)f[1] + iy, y1 = (int)f[3] - iy;
	int blank = 0, runs = 0;
	gboolean was_blank = FALSE;
	if (x1 - x0 < 8 || y1 - y0 < 8)
		return FALSE;
	for (int y = y0; y < y1; y++) {
		gboolean is_blank = line_cover(lum, w, FALSE, y, x0, x1, level) <= FRAME_BLANK;
		blank += is_blank;
		runs += is_blank && !was_blank && y > y0;
		was_blank = is_blank;
	}
	return blank >= FRAME_TEXT * (y1 - y0) && runs >= FRAME_LINES;
}

/* How many lines beyond the box f (x0, y0, x1, y1, exclusive ends) belong
 * to the frame's sheet on its poorest side, counted up to want: first what
 * is left of a skewed rule (lines less and less dark), then paper (a median
 * above the ink level, whatever is printed on it: a page number, a corner
 * of the rule). A bed or a shadow ends them. The padding round a frame is
 * the same on every side (margins even), so it is what the poorest side
 * has: a frame rule hugged with no paper beyond it loses its corners to the
 * skew deskew leaves (a quarter of a degree along 400 pixels is 2), and a
 * frame on a page looks cut with none. */
static int frame_room(const guchar *lum, int w, int h, int level, const double f[4], int want)
{
	int room = want;
	int b[4] = { (int)floor(f[0]), (int)floor(f[1]), (int)ceil(f[2]), (int)ceil(f[3]) };
	for (int side = 0; side < 4 && room > 0; side++) {
		gboolean columns = side % 2 == 0;
		int from = CLAMP(columns ? b[1] : b[0], 0, columns ? h : w);
		int to = CLAMP(columns ? b[3] : b[2], from, columns ? h : w);
		int dir = side < 2 ? -1 : 1, n = columns ? w : h, k = 0;
		int i = side < 2 ? b[side] - 1 : b[side];
		if (to - from < 8)
			return 0;
		for (double prev = RULE_TAIL; k < room && i >= 0 && i < n &&
					       line_median(lum, w, columns, i, from, to) < level;
		     i += dir, k++) {
			double c = line_cover(lum, w, columns, i, from, to, level);
			if (c >= prev)
				break;
			prev = c;
		}
		if (i >= 0 && i < n && line_median(lum, w, columns, i, from, to) < level)
			k = 0; /* a bed right beyond the rule, or a tail that never fades */
		for (; k < room && i >= 0 && i < n &&
		       line_median(lum, w, columns, i, from, to) >= level;
		     i += dir, k++)
			;
		room = MIN(room, k);
	}
	return room;
}

/* Blobs: cells with ink, joined across gaps of up to JOIN cells. */
static GArray *find_blobs(const guchar *lum, int w, int h, int level)
{
	int gw = (w + CELL - 1) / CELL, gh = (h + CELL - 1) / CELL;
	int *cells = g_new0(int, (size_t)gw * gh);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			if (lum[(size_t)y * w + x] < level)
				cells[(size_t)(y / CELL) * gw + x / CELL]++;
	int *label = g_new(int, (size_t)gw * gh);
	int *stack = g_new(int, (size_t)gw * gh);
	GArray *blobs = g_array_new(FALSE, FALSE, sizeof(Blob));
	for (size_t i = 0; i < (size_t)gw * gh; i++)
		label[i] = -1;
	for (int i = 0; i < gw * gh; i++) {
		if (cells[i] < CELL_MIN_INK || label[i] >= 0)
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
			for (int ny = MAX(0, cy - JOIN); ny <= MIN(gh - 1, cy + JOIN); ny++)
				for (int nx = MAX(0, cx - JOIN); nx <= MIN(gw - 1, cx + JOIN); nx++) {
					int k = ny * gw + nx;
					if (cells[k] >= CELL_MIN_INK && label[k] < 0) {
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
	return blobs;
}

static void box_add(int box[4], const Blob *bl)
{
	box[0] = MIN(box[0], bl->x0), box[1] = MIN(box[1], bl->y0);
	box[2] = MAX(box[2], bl->x1), box[3] = MAX(box[3], bl->y1);
}

/* Big blobs are content; small ones join when within reach of it; when
 * what is left out is too much, every blob but the specks. Box in cells. */
static void gather_content(GArray *blobs, double big, double reach, Content *c)
{
	int box[4] = { G_MAXINT, G_MAXINT, -1, -1 };
	gboolean *in = g_new0(gboolean, blobs->len + 1);
	double kept_ink = 0, left_ink = 0;
	for (guint i = 0; i < blobs->len; i++) {
		Blob *bl = &g_array_index(blobs, Blob, i);
		if (bl->ink >= big)
			in[i] = TRUE, box_add(box, bl), c->kept++;
	}
	for (gboolean grew = box[2] >= 0; grew;) {
		grew = FALSE;
		for (guint i = 0; i < blobs->len; i++) {
			Blob *bl = &g_array_index(blobs, Blob, i);
			if (in[i] || bl->ink < SPECK_INK)
				continue;
			double dx = MAX(0, MAX(box[0] - bl->x1, bl->x0 - box[2]));
			double dy = MAX(0, MAX(box[1] - bl->y1, bl->y0 - box[3]));
			if (sqrt(dx * dx + dy * dy) <= reach)
				in[i] = TRUE, box_add(box, bl), c->kept++, grew = TRUE;
		}
	}
	for (guint i = 0; i < blobs->len; i++) {
		Blob *bl = &g_array_index(blobs, Blob, i);
		c->dropped += !in[i];
		if (bl->ink >= SPECK_INK)
			*(in[i] ? &kept_ink : &left_ink) += bl->ink;
	}
	c->ink = kept_ink;
	if (box[2] >= 0 && left_ink > UNSURE_LEFT_OUT * (kept_ink + left_ink)) {
		for (guint i = 0; i < blobs->len; i++)
			if (g_array_index(blobs, Blob, i).ink >= SPECK_INK)
				box_add(box, &g_array_index(blobs, Blob, i));
		c->found = "unsure";
	}
	memcpy(c->box, box, sizeof box);
	g_free(in);
}

static void crop_to(PlStepContext *ctx, PlAction *a, PlJson *b, double x0, double y0, double x1,
		    double y1, double pad)
{
	double s = pl_step_scale(ctx);
	pl_action_crop(a, (x0 - pad) / s, (y0 - pad) / s, (x1 - x0 + 2 * pad) / s,
		       (y1 - y0 + 2 * pad) / s);
	pl_step_add_box(ctx, b, "box", a->box);
}

/* Faint rules beyond the box (preview pixels x0, y0, x1, y1) widen it:
 * a drawing's construction lines are content, however faint. Records how
 * far each side moved, when one did; returns how many sides moved. */
static int widen_to_faint(const guchar *lum, int w, int h, const PlInk *ink, double box[4],
			  PlJson *b)
{
	static const int sides[4] = { PL_EDGE_LEFT, PL_EDGE_TOP, PL_EDGE_RIGHT, PL_EDGE_BOTTOM };
	int ib[4] = { (int)floor(box[0]), (int)floor(box[1]), (int)ceil(box[2]), (int)ceil(box[3]) };
	int moved[4] = { 0, 0, 0, 0 }, any = 0;
	for (int i = 0; i < 4; i++) {
		int len = i % 2 ? h : w;
		int at = pl_ink_faint_rule(lum, w, h, ink->paper, ink->level, sides[i], ib,
					   (int)(FAINT_RUN * len));
		if (at < 0)
			continue;
		/* a pixel past the line, for its other half */
		double edge = i < 2 ? MAX(0, at - 1) : MIN(i % 2 ? h : w, at + 2);
		moved[i] = (int)fabs(edge - box[i]);
		box[i] = edge;
		any++;
	}
	if (any) {
		pl_json_key(b, "faint");
		pl_json_begin_array(b);
		for (int i = 0; i < 4; i++)
			pl_json_int(b, moved[i]);
		pl_json_end_array(b);
	}
	return any;
}

static int trim_measure(const PlStepConfig *cfg, PlStepContext *ctx, VipsImage *preview,
			PlAction *a, PlJson *b, GError **error)
{
	int w, h, f[4];
	const PlCorrections *corr = pl_step_corrections(ctx);
	if (corr->has_crop)
		return trim_manual(ctx, corr->crop, a, b);
	guchar *lum = pl_preview_luminance(preview, &w, &h);
	if (!lum) {
		pl_set_vips_error(error, "trim");
		return -1;
	}
	PlInk ink;
	pl_ink_measure(lum, (size_t)w * h, (int)cfg->v[OPT_THRESHOLD].d, &ink);
	/* The bed in a cut-out sheet's bites and cut corners is no content: a
	 * box that held it would run to the image's edge and past the sheet. */
	int bed = pl_bed_erase(lum, w, h, (int)cfg->v[OPT_THRESHOLD].d, &ink);
	if (bed) {
		pl_json_key(b, "bed_blocks");
		pl_json_int(b, bed);
	}
	if (cfg->v[OPT_FRAME].d != 0 && frame_lines(lum, w, h, ink.level, f) &&
	    frame_unbroken(lum, w, ink.level, f)) {
		double fb[4] = { f[0], f[1], f[2], f[3] };
		int p[4], found = 0;
		for (int side = 0; side < 4; side++)
			found += (p[side] = panel_edge(lum, w, h, ink.level, f, side)) >= 0;
		/* a panel holds the frame on every side, or it is not one */
		if (found == 4)
			fb[0] = p[0] + 1, fb[1] = p[1] + 1, fb[2] = p[2], fb[3] = p[3];
		widen_to_faint(lum, w, h, &ink, fb, b);
		double pad = cfg->v[OPT_FRAME_PADDING].d / 100 * MAX(fb[2] - fb[0], fb[3] - fb[1]);
		double ff[4] = { f[0], f[1], f[2], f[3] };
		pad = frame_holds_text(lum, w, ink.level, ff)
			      ? MIN(pad, frame_room(lum, w, h, ink.level, fb, (int)ceil(pad)))
			      : 0;
		g_free(lum);
		pl_json_key(b, "frame_padding");
		pl_json_num(b, floor(pad / pl_step_scale(ctx) + 0.5));
		crop_to(ctx, a, b, fb[0], fb[1], fb[2], fb[3], pad);
		pl_json_key(b, "found");
		pl_json_str(b, found == 4 ? "panel" : "frame");
		pl_json_key(b, "source");
		pl_json_str(b, "measured");
		return 0;
	}
	GArray *blobs = find_blobs(lum, w, h, ink.level);
	Content c = { .found = NULL };
	double big = cfg->v[OPT_MIN_BLOB].d / 100 * w * h;
	double reach = cfg->v[OPT_REACH].d / 100 * sqrt((double)w * w + (double)h * h) / CELL;
	gather_content(blobs, big, reach, &c);
	g_array_unref(blobs);

	pl_json_key(b, "paper");
	pl_json_int(b, ink.paper);
	pl_json_key(b, "threshold");
	pl_json_int(b, ink.paper - ink.level);
	pl_json_key(b, "blobs_kept");
	pl_json_int(b, c.kept);
	pl_json_key(b, "blobs_ignored");
	pl_json_int(b, c.dropped);
	pl_json_key(b, "ink");
	pl_json_num(b, floor(c.ink / ((double)w * h) * 1e5 + 0.5) / 1e3);
	if (c.box[2] < 0) {
		pl_json_key(b, "found");
		pl_json_str(b, "no content");
		g_free(lum);
		return 0;
	}
	/* Cells to preview pixels, then the padding: the same on every side. */
	double cb[4] = { c.box[0] * CELL, c.box[1] * CELL, MIN(w, (c.box[2] + 1) * CELL),
			 MIN(h, (c.box[3] + 1) * CELL) };
	int sides = widen_to_faint(lum, w, h, &ink, cb, b);
	g_free(lum);
	/* Little ink is a near-blank page, unless faint rules close it in on
	 * every side: a drawing of faint lines (the generated cut-outs with a
	 * pale drawing: 0.3 % of ink, ruled all round). */
	if (c.ink < NEAR_BLANK_INK * w * h && sides < 4) {
		pl_json_key(b, "found");
		pl_json_str(b, "near-blank");
		return 0;
	}
	crop_to(ctx, a, b, cb[0], cb[1], cb[2], cb[3],
		cfg->v[OPT_PADDING].d / 100 * MAX(cb[2] - cb[0], cb[3] - cb[1]));
	if (c.found) {
		pl_json_key(b, "found");
		pl_json_str(b, c.found);
	}
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
					   "blobs_kept", "blobs_ignored", "ink", "faint", "bed_blocks",
					   "frame_padding", NULL },
	.measure = trim_measure,
	.apply = trim_apply,
};

/* Steps on small images drawn here with libvips, with known answers. */
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <vips/vips.h>

#include <json-glib/json-glib.h>

#include "pipeline/pipeline.h"
#include "steps/step.h"
#include "util/util.h"

static char *tmpdir;

static char *tmp_file(const char *name)
{
	return g_build_filename(tmpdir, name, NULL);
}

/* Cream paper, w x h, 3 bands, in memory so it can be drawn on. */
static VipsImage *paper_new(int w, int h)
{
	VipsImage *black = NULL, *lin = NULL, *cast = NULL;
	double a[3] = { 1, 1, 1 }, b[3] = { 236, 228, 206 };
	g_assert_cmpint(vips_black(&black, w, h, "bands", 3, NULL), ==, 0);
	g_assert_cmpint(vips_linear(black, &lin, a, b, 3, NULL), ==, 0);
	g_assert_cmpint(vips_cast(lin, &cast, VIPS_FORMAT_UCHAR, NULL), ==, 0);
	VipsImage *mem = vips_image_copy_memory(cast);
	g_object_unref(black);
	g_object_unref(lin);
	g_object_unref(cast);
	vips_image_set_int(mem, "interpretation", VIPS_INTERPRETATION_sRGB);
	mem->Type = VIPS_INTERPRETATION_sRGB;
	return mem;
}

static void draw_rect(VipsImage *im, int x, int y, int w, int h, double v)
{
	double ink[3] = { v, v, v * 0.9 };
	g_assert_cmpint(vips_draw_rect(im, ink, 3, x, y, w, h, "fill", TRUE, NULL), ==, 0);
}

/* A plate: a 4-px frame rule with hatching inside, on the paper. */
static void draw_plate(VipsImage *im, int x, int y, int w, int h)
{
	double ink[3] = { 30, 28, 25 };
	for (int t = 0; t < 4; t++)
		g_assert_cmpint(vips_draw_rect(im, ink, 3, x + t, y + t, w - 2 * t, h - 2 * t, NULL),
				==, 0);
	for (int k = 12; k < h - 12; k += 6)
		g_assert_cmpint(vips_draw_line(im, ink, 3, x + 12, y + k,
					       x + w - 12 - (k % 40), y + k + 3, NULL),
				==, 0);
}

static void save(VipsImage *im, const char *path)
{
	g_assert_cmpint(vips_image_write_to_file(im, path, NULL), ==, 0);
}

/* Turns im counter-clockwise by deg about its centre, same size, paper fill. */
static VipsImage *rotated(VipsImage *im, double deg)
{
	double r = deg * G_PI / 180, c = cos(r), s = sin(r);
	double bg[3] = { 236, 228, 206 };
	VipsImage *out = NULL;
	VipsArrayDouble *bga = vips_array_double_new(bg, 3);
	VipsArrayInt *area = vips_array_int_newv(4, 0, 0, im->Xsize, im->Ysize);
	g_assert_cmpint(vips_affine(im, &out, c, s, -s, c, "oarea", area, "idx",
				    -(im->Xsize / 2.0 - 0.5), "idy", -(im->Ysize / 2.0 - 0.5),
				    "odx", im->Xsize / 2.0 - 0.5, "ody", im->Ysize / 2.0 - 0.5,
				    "background", bga, "interpolate",
				    vips_interpolate_bilinear_static(), NULL),
			==, 0);
	vips_area_unref(VIPS_AREA(bga));
	vips_area_unref(VIPS_AREA(area));
	return out;
}

typedef struct {
	PlCleanResult *result;
	char *output;
} Run;

static void run_clear(Run *r)
{
	pl_clean_result_free(r->result);
	if (r->output)
		g_unlink(r->output);
	g_free(r->output);
	/* libvips caches a file's loading by its name, and every run writes
	 * the same name: the next test must not read this run's master. */
	int max = vips_cache_get_max();
	vips_cache_set_max(0);
	vips_cache_set_max(max);
}

static const PlStepReport *report(const Run *r, const char *step)
{
	for (guint i = 0; i < r->result->steps->len; i++) {
		const PlStepReport *rep = g_ptr_array_index(r->result->steps, i);
		if (!strcmp(rep->step, step))
			return rep;
	}
	g_assert_not_reached();
	return NULL;
}

static void run_text(const char *pipeline, const char *input, GHashTable *overrides, Run *r)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(PlPipeline) p = pl_pipeline_parse("t", pipeline, "t.pipeline", &err);
	g_assert_no_error(err);
	memset(r, 0, sizeof(*r));
	r->output = tmp_file("out.png");
	PlCleanJob job = { .input = input, .master = { .path = r->output }, .overrides = overrides };
	g_assert_cmpint(pl_pipeline_run(p, &job, &r->result, &err), ==, 0);
	g_assert_no_error(err);
}

static double mean_of(const char *path, int x, int y, int w, int h)
{
	VipsImage *im = vips_image_new_from_file(path, NULL), *crop = NULL;
	double avg = -1;
	g_assert_nonnull(im);
	g_assert_cmpint(vips_extract_area(im, &crop, x, y, w, h, NULL), ==, 0);
	g_assert_cmpint(vips_avg(crop, &avg, NULL), ==, 0);
	g_object_unref(crop);
	g_object_unref(im);
	return avg;
}

static void test_deskew_frame(void)
{
	VipsImage *im = paper_new(1200, 900);
	draw_plate(im, 150, 120, 900, 660);
	VipsImage *turned = rotated(im, 2.0);
	g_autofree char *in = tmp_file("deskew.png");
	save(turned, in);
	Run r;
	run_text("deskew\noutput format=png\n", in, NULL, &r);
	/* Turned 2 degrees counter-clockwise: the cleaner turns it back. */
	g_assert_cmpfloat(fabs(r.result->angle + 2.0), <=, 0.1);
	g_assert_true(report(&r, "deskew")->applied);
	g_assert_nonnull(strstr(report(&r, "deskew")->measured, "\"confidence\""));
	run_clear(&r);

	/* With trim after it, the master is the frame, upright. */
	run_text("deskew\ntrim frame-padding=0\noutput format=png\n", in, NULL, &r);
	g_assert_cmpint(abs(r.result->width - 900), <=, 8);
	g_assert_cmpint(abs(r.result->height - 660), <=, 8);
	run_clear(&r);
	g_object_unref(turned);
	g_object_unref(im);
	g_unlink(in);
}

static void test_deskew_blank_does_nothing(void)
{
	VipsImage *im = paper_new(600, 400);
	g_autofree char *in = tmp_file("blank.png");
	save(im, in);
	Run r;
	run_text("deskew\noutput format=png\n", in, NULL, &r);
	g_assert_false(report(&r, "deskew")->applied);
	g_assert_cmpfloat(r.result->angle, ==, 0);
	g_assert_cmpint(r.result->width, ==, 600);
	run_clear(&r);
	g_object_unref(im);
	g_unlink(in);
}

/* A plate with or without a white credit strip under it. */
static char *banner_image(gboolean strip, int *strip_h)
{
	VipsImage *im = paper_new(900, 1200), *text = NULL, *joined = NULL;
	draw_plate(im, 100, 100, 700, 900);
	VipsImage *out = im;
	*strip_h = 0;
	if (strip) {
		VipsImage *band = paper_new(900, 40), *inv = NULL, *lin = NULL;
		draw_rect(band, 0, 0, 900, 40, 255);
		g_assert_cmpint(vips_text(&text, "Source gallica.bnf.fr / Bibliothèque nationale de France",
					  "height", 18, "dpi", 72, NULL),
				==, 0);
		/* Grey text on the white band, at the right. */
		double a[1] = { -0.6 }, b[1] = { 255 };
		g_assert_cmpint(vips_linear(text, &lin, a, b, 1, NULL), ==, 0);
		g_assert_cmpint(vips_cast(lin, &inv, VIPS_FORMAT_UCHAR, NULL), ==, 0);
		VipsImage *rgb = NULL, *three[3] = { inv, inv, inv };
		g_assert_cmpint(vips_bandjoin(three, &rgb, 3, NULL), ==, 0);
		g_assert_cmpint(vips_draw_image(band, rgb, 900 - rgb->Xsize - 10,
						(40 - rgb->Ysize) / 2, NULL),
				==, 0);
		g_assert_cmpint(vips_join(im, band, &joined, VIPS_DIRECTION_VERTICAL, NULL), ==, 0);
		out = joined;
		*strip_h = 40;
		g_object_unref(band);
		g_object_unref(inv);
		g_object_unref(lin);
		g_object_unref(rgb);
		g_object_unref(text);
	}
	char *in = tmp_file(strip ? "strip.jpg" : "nostrip.jpg");
	g_assert_cmpint(vips_image_write_to_file(out, in, "Q", 90, NULL), ==, 0);
	if (joined)
		g_object_unref(joined);
	g_object_unref(im);
	return in;
}

static void test_banner_removes_strip(void)
{
	int strip_h;
	g_autofree char *in = banner_image(TRUE, &strip_h);
	Run r;
	run_text("banner\noutput format=png\n", in, NULL, &r);
	g_assert_true(report(&r, "banner")->applied);
	g_assert_cmpint(r.result->width, ==, 900);
	/* The strip is gone, and no more than a few rows of the sheet. */
	g_assert_cmpint(r.result->height, <=, 1200 + 1);
	g_assert_cmpint(r.result->height, >=, 1200 - 4);
	g_assert_cmpfloat(mean_of(r.output, 0, r.result->height - 2, 900, 2), <, 240);
	run_clear(&r);
	g_unlink(in);
}

static void test_banner_keeps_plain_plate(void)
{
	int strip_h;
	g_autofree char *in = banner_image(FALSE, &strip_h);
	Run r;
	run_text("banner\noutput format=png\n", in, NULL, &r);
	g_assert_false(report(&r, "banner")->applied);
	g_assert_cmpint(r.result->height, ==, 1200);
	run_clear(&r);
	/* Nor a picture that runs to the bottom edge. */
	VipsImage *im = paper_new(800, 600);
	draw_plate(im, 0, 0, 800, 600);
	g_autofree char *full = tmp_file("full.png");
	save(im, full);
	run_text("banner\noutput format=png\n", full, NULL, &r);
	g_assert_false(report(&r, "banner")->applied);
	g_assert_cmpint(r.result->height, ==, 600);
	run_clear(&r);
	g_object_unref(im);
	g_unlink(in);
	g_unlink(full);
}

static void test_border_removed(void)
{
	VipsImage *im = paper_new(1000, 800);
	draw_plate(im, 250, 200, 500, 400);
	/* Dark grey borders: 60 px left, 40 top, 30 right, none at the bottom,
	 * with ragged inner edges. */
	GRand *rand = g_rand_new_with_seed(3);
	for (int y = 0; y < 800; y++) {
		draw_rect(im, 0, y, 60 - g_rand_int_range(rand, 0, 12), 1, 35);
		draw_rect(im, 1000 - 30 + g_rand_int_range(rand, 0, 8), y, 30, 1, 50);
	}
	for (int x = 0; x < 1000; x++)
		draw_rect(im, x, 0, 1, 40 - g_rand_int_range(rand, 0, 10), 40);
	g_rand_free(rand);
	g_autofree char *in = tmp_file("border.png");
	save(im, in);
	Run r;
	run_text("border\noutput format=png\n", in, NULL, &r);
	g_assert_true(report(&r, "border")->applied);
	int w = r.result->width, h = r.result->height;
	/* No dark column or row is left at any edge... */
	g_assert_cmpfloat(mean_of(r.output, 0, 0, 2, h), >, 180);
	g_assert_cmpfloat(mean_of(r.output, w - 2, 0, 2, h), >, 180);
	g_assert_cmpfloat(mean_of(r.output, 0, 0, w, 2), >, 180);
	/* ...and little paper went with it. */
	g_assert_cmpint(w, >=, 1000 - 60 - 30 - 20);
	g_assert_cmpint(h, >=, 800 - 40 - 15);
	/* The region says where the master came from. */
	g_assert_cmpfloat(r.result->region[0][0], >=, 48);
	g_assert_cmpfloat(r.result->region[0][0], <=, 75);
	g_assert_cmpfloat(r.result->region[0][1], >=, 30);
	run_clear(&r);
	g_object_unref(im);
	g_unlink(in);
}

static void test_trim_ignores_specks(void)
{
	VipsImage *im = paper_new(1000, 800);
	/* Content: a block of "text" lines; specks and a foxing spot far out. */
	for (int y = 200; y < 600; y += 16)
		draw_rect(im, 300, y, 400, 8, 40);
	draw_rect(im, 40, 40, 3, 3, 30);
	draw_rect(im, 950, 760, 2, 2, 20);
	draw_rect(im, 900, 90, 4, 3, 60);
	g_autofree char *in = tmp_file("trim.png");
	save(im, in);
	Run r;
	run_text("trim padding=0 frame=false\noutput format=png\n", in, NULL, &r);
	g_assert_true(report(&r, "trim")->applied);
	double x0 = r.result->region[0][0], y0 = r.result->region[0][1];
	double x1 = r.result->region[2][0], y1 = r.result->region[2][1];
	g_assert_cmpfloat(fabs(x0 - 300), <=, 5);
	g_assert_cmpfloat(fabs(y0 - 200), <=, 5);
	g_assert_cmpfloat(fabs(x1 - 700), <=, 5);
	g_assert_cmpfloat(fabs(y1 - 592), <=, 5);
	run_clear(&r);
	g_object_unref(im);
	g_unlink(in);
}

/* A near-blank board: a shelf mark in pencil and pale stains. Its marks are
 * not its content: the whole box is kept, and said to be near-blank. */
static void test_trim_keeps_near_blank(void)
{
	VipsImage *im = paper_new(1000, 800);
	draw_rect(im, 80, 60, 70, 7, 90);   /* the shelf mark */
	draw_rect(im, 170, 58, 40, 9, 100);
	draw_rect(im, 400, 350, 160, 120, 222); /* a stain, paler than ink */
	g_autofree char *in = tmp_file("near-blank.png");
	save(im, in);
	Run r;
	run_text("trim padding=0 frame=false\noutput format=png\n", in, NULL, &r);
	g_assert_false(report(&r, "trim")->applied);
	g_assert_nonnull(strstr(report(&r, "trim")->measured, "\"found\":\"near-blank\""));
	g_assert_cmpint(r.result->width, ==, 1000);
	g_assert_cmpint(r.result->height, ==, 800);
	run_clear(&r);
	g_object_unref(im);
	g_unlink(in);
}

/* A plate in its frame on a wash panel, with the caption on the panel
 * below the frame, on a lighter sheet: the panel is content. Its wash
 * darkens slowly towards the left edge, by more than the step that ends
 * it (colour converted from a wide gamut does that, btv1b8528950b): still
 * one panel, so the crop keeps it whole and the caption with it. */
static void test_trim_panel_drift(void)
{
	VipsImage *im = paper_new(1000, 1200);
	draw_rect(im, 100, 100, 800, 1000, 215);
	for (int x = 100; x < 200; x++) /* 215 at x = 200 down to 201 at the edge */
		draw_rect(im, x, 100, 1, 1000, 201 + 14.0 * (x - 100) / 100);
	draw_plate(im, 200, 200, 600, 700);
	draw_rect(im, 400, 960, 200, 16, 40); /* the caption */
	g_autofree char *in = tmp_file("panel.png");
	save(im, in);
	Run r;
	run_text("trim padding=0 frame-padding=0\noutput format=png\n", in, NULL, &r);
	g_assert_true(report(&r, "trim")->applied);
	g_assert_nonnull(strstr(report(&r, "trim")->measured, "\"found\":\"panel\""));
	double x0 = r.result->region[0][0], y0 = r.result->region[0][1];
	double x1 = r.result->region[2][0], y1 = r.result->region[2][1];
	g_assert_cmpfloat(fabs(x0 - 100), <=, 5);
	g_assert_cmpfloat(fabs(y0 - 100), <=, 5);
	g_assert_cmpfloat(fabs(x1 - 900), <=, 5);
	g_assert_cmpfloat(fabs(y1 - 1100), <=, 5);
	run_clear(&r);
	g_object_unref(im);
	g_unlink(in);
}

/* The master's outermost line on side (0 left, 1 top, 2 right, 3 bottom). */
static double edge_mean(const char *path, int side)
{
	VipsImage *im = vips_image_new_from_file(path, NULL);
	g_assert_nonnull(im);
	int w = im->Xsize, h = im->Ysize;
	g_object_unref(im);
	return mean_of(path, side == 2 ? w - 1 : 0, side == 3 ? h - 1 : 0, side % 2 ? w : 1,
		       side % 2 ? 1 : h);
}

static void draw_text_lines(VipsImage *im, int x, int y, int n, int size);

/* A 4-px frame rule round x, y, w, h. */
static void draw_frame(VipsImage *im, int x, int y, int w, int h)
{
	double ink[3] = { 30, 28, 25 };
	for (int t = 0; t < 4; t++)
		g_assert_cmpint(vips_draw_rect(im, ink, 3, x + t, y + t, w - 2 * t, h - 2 * t, NULL),
				==, 0);
}

/* A text block framed by a rule, left a little skewed (0.4 degrees: the
 * rule drifts by 4 px along its length): trim keeps a strip of paper round
 * the rule, so none of its corners is cut and the margins are even; where
 * the sheet ends close to the rule, the strip is no wider than the paper
 * there; a picture filling its frame is cropped to the rule. */
static void test_trim_frame_padding(void)
{
	VipsImage *flat = paper_new(1000, 1200);
	draw_frame(flat, 200, 200, 600, 700);
	draw_text_lines(flat, 240, 240, 24, 14);
	VipsImage *im = rotated(flat, 0.4);
	g_autofree char *in = tmp_file("framepad.png");
	save(im, in);
	Run r;
	run_text("trim padding=0\noutput format=png\n", in, NULL, &r);
	g_assert_nonnull(strstr(report(&r, "trim")->measured, "\"found\":\"frame\""));
	for (int side = 0; side < 4; side++) /* paper all round: the rule is whole */
		g_assert_cmpfloat(edge_mean(r.output, side), >=, 200);
	double x0 = r.result->region[0][0], y0 = r.result->region[0][1];
	double x1 = r.result->region[2][0], y1 = r.result->region[2][1];
	g_assert_cmpfloat(x0, >=, 185); /* and not much more than it */
	g_assert_cmpfloat(y0, >=, 185);
	g_assert_cmpfloat(x1, <=, 815);
	g_assert_cmpfloat(y1, <=, 915);
	run_clear(&r);
	g_object_unref(im);
	g_object_unref(flat);

	/* The sheet cut 3 px beyond the rule at the left (the bed's border
	 * already gone): 3 px of paper all round. */
	im = paper_new(700, 900);
	draw_frame(im, 3, 100, 600, 700);
	draw_text_lines(im, 40, 140, 24, 14);
	save(im, in);
	run_text("trim padding=0\noutput format=png\n", in, NULL, &r);
	g_assert_nonnull(strstr(report(&r, "trim")->measured, "\"found\":\"frame\""));
	x0 = r.result->region[0][0], y0 = r.result->region[0][1];
	x1 = r.result->region[2][0], y1 = r.result->region[2][1];
	g_assert_cmpfloat(x1, >=, 604); /* the rule whole */
	g_assert_cmpfloat(fabs((3 - x0) - (x1 - 603)), <=, 1); /* even margins */
	g_assert_cmpfloat(fabs((100 - y0) - (y1 - 800)), <=, 1);
	run_clear(&r);
	g_object_unref(im);

	/* A picture fills the frame: the crop is the rule. */
	im = paper_new(1000, 1200);
	draw_frame(im, 200, 200, 600, 700);
	draw_rect(im, 210, 210, 580, 680, 110);
	save(im, in);
	run_text("trim padding=0\noutput format=png\n", in, NULL, &r);
	g_assert_nonnull(strstr(report(&r, "trim")->measured, "\"frame_padding\":0"));
	g_assert_cmpfloat(fabs(r.result->region[0][0] - 200), <=, 1);
	g_assert_cmpfloat(fabs(r.result->region[2][0] - 800), <=, 1);
	run_clear(&r);
	g_object_unref(im);
	g_unlink(in);
}

static void test_overrides(void)
{
	VipsImage *im = paper_new(1000, 800);
	draw_plate(im, 200, 150, 600, 500);
	g_autofree char *in = tmp_file("over.png");
	save(im, in);
	g_autoptr(GHashTable) ov = g_hash_table_new(g_str_hash, g_str_equal);
	g_hash_table_insert(ov, "crop", "100,50,400,300");
	g_hash_table_insert(ov, "skip", "deskew");
	g_hash_table_insert(ov, "levels", "10,240");
	Run r;
	run_text("deskew\ntrim\nlevels\noutput format=png\n", in, ov, &r);
	g_assert_cmpint(r.result->width, ==, 400);
	g_assert_cmpint(r.result->height, ==, 300);
	g_assert_cmpfloat(r.result->region[0][0], ==, 100);
	g_assert_cmpfloat(r.result->region[2][1], ==, 350);
	g_assert_false(report(&r, "deskew")->applied);
	g_assert_nonnull(strstr(report(&r, "deskew")->measured, "\"skipped\":\"manual\""));
	g_assert_nonnull(strstr(report(&r, "trim")->measured, "\"source\":\"manual\""));
	g_assert_nonnull(strstr(report(&r, "levels")->measured, "\"black\":10"));
	g_assert_nonnull(strstr(report(&r, "levels")->measured, "\"source\":\"manual\""));
	run_clear(&r);

	g_hash_table_remove_all(ov);
	g_hash_table_insert(ov, "angle", "1.5");
	run_text("deskew\noutput format=png\n", in, ov, &r);
	g_assert_cmpfloat(r.result->angle, ==, 1.5);
	g_assert_nonnull(strstr(report(&r, "deskew")->measured, "\"source\":\"manual\""));
	run_clear(&r);
	g_object_unref(im);
	g_unlink(in);
}

/* A steep manual angle on a tall JPEG, decoded in order: each output strip
 * reads input rows across w * tan(angle) of them, which the rotation's
 * window must hold (it held w * sin(angle): from 40 degrees libjpeg was
 * asked to go back, "out of order read"). */
static void test_deskew_steep_tall(void)
{
	VipsImage *im = paper_new(1000, 6000);
	draw_plate(im, 100, 100, 800, 5800);
	g_autofree char *in = tmp_file("tall.jpg");
	g_assert_cmpint(vips_image_write_to_file(im, in, "Q", 80, NULL), ==, 0);
	g_autoptr(GHashTable) ov = g_hash_table_new(g_str_hash, g_str_equal);
	static const char *const angles[] = { "-44", "45" };
	for (gsize i = 0; i < G_N_ELEMENTS(angles); i++) {
		Run r;
		g_hash_table_insert(ov, "angle", (char *)angles[i]);
		run_text("deskew\noutput format=jpeg quality=50\n", in, ov, &r);
		double a = fabs(g_ascii_strtod(angles[i], NULL)) * G_PI / 180;
		g_assert_cmpfloat(fabs(r.result->width - (1000 * cos(a) + 6000 * sin(a))), <=, 2);
		run_clear(&r);
	}
	g_object_unref(im);
	g_unlink(in);
}

/* The share of pixels the map newly sends to black or white, which the
 * review flags when it is large. */
static void test_levels_clipping(void)
{
	VipsImage *im = paper_new(400, 300);
	draw_rect(im, 0, 0, 100, 300, 30); /* a quarter in ink, the rest paper */
	g_autofree char *in = tmp_file("clip.png");
	save(im, in);
	g_autoptr(GHashTable) ov = g_hash_table_new(g_str_hash, g_str_equal);
	g_hash_table_insert(ov, "levels", "40,200");
	Run r;
	run_text("levels\noutput format=png\n", in, ov, &r);
	const char *m = report(&r, "levels")->measured;
	g_assert_nonnull(strstr(m, "\"clipped_black\":25,"));
	g_assert_nonnull(strstr(m, "\"clipped_white\":75,"));
	run_clear(&r);
	g_hash_table_insert(ov, "levels", "10,240");
	run_text("levels\noutput format=png\n", in, ov, &r);
	m = report(&r, "levels")->measured;
	g_assert_nonnull(strstr(m, "\"clipped_black\":0,"));
	g_assert_nonnull(strstr(m, "\"clipped_white\":0,"));
	run_clear(&r);
	g_object_unref(im);
	g_unlink(in);
}

/* The mean CIELAB chroma and lightness of an area of an sRGB file. */
static void lch_of(const char *path, int x, int y, int w, int h, double *L, double *C)
{
	VipsImage *im = vips_image_new_from_file(path, NULL), *crop = NULL, *lch = NULL;
	VipsImage *band = NULL;
	g_assert_nonnull(im);
	g_assert_cmpint(vips_extract_area(im, &crop, x, y, w, h, NULL), ==, 0);
	g_assert_cmpint(vips_colourspace(crop, &lch, VIPS_INTERPRETATION_LCH, NULL), ==, 0);
	g_assert_cmpint(vips_extract_band(lch, &band, 0, NULL), ==, 0);
	g_assert_cmpint(vips_avg(band, L, NULL), ==, 0);
	g_object_unref(band);
	g_assert_cmpint(vips_extract_band(lch, &band, 1, NULL), ==, 0);
	g_assert_cmpint(vips_avg(band, C, NULL), ==, 0);
	VipsImage *all[] = { band, lch, crop, im };
	for (size_t i = 0; i < G_N_ELEMENTS(all); i++)
		g_object_unref(all[i]);
}

/* A faded print on yellowed paper: its levels squeezed to 45 % of the
 * range. The plate's ink comes back to near black and the paper lighter,
 * its chroma within 10 % (one map on every channel made it a third more
 * coloured, and the former min-range of 128 stopped the stretch at 70 %). */
static void test_levels_keeps_paper_tone(void)
{
	VipsImage *im = paper_new(900, 700), *faded = NULL, *cast = NULL;
	draw_plate(im, 150, 120, 600, 460);
	double a[3] = { 0.45, 0.44, 0.42 }, b[3] = { 100, 95, 80 };
	g_assert_cmpint(vips_linear(im, &faded, a, b, 3, NULL), ==, 0);
	g_assert_cmpint(vips_cast(faded, &cast, VIPS_FORMAT_UCHAR, NULL), ==, 0);
	g_autofree char *in = tmp_file("faded.png");
	save(cast, in);
	Run r;
	run_text("levels\noutput format=png\n", in, NULL, &r);
	const char *m = report(&r, "levels")->measured;
	g_assert_true(report(&r, "levels")->applied);
	g_assert_nonnull(strstr(m, "\"mode\":\"stretch\""));
	double L0, C0, L1, C1;
	lch_of(in, 20, 20, 100, 80, &L0, &C0);
	lch_of(r.output, 20, 20, 100, 80, &L1, &C1);
	g_test_message("paper L* %.1f -> %.1f, C* %.1f -> %.1f", L0, L1, C0, C1);
	g_assert_cmpfloat(L1, >, L0 + 10);
	g_assert_cmpfloat(C1, <=, 1.1 * C0);
	g_assert_cmpfloat(C1, >=, 0.8 * C0);
	g_assert_cmpfloat(mean_of(r.output, 150, 120, 600, 4), <, 25); /* the frame rule */
	run_clear(&r);
	VipsImage *all[] = { cast, faded, im };
	for (size_t i = 0; i < G_N_ELEMENTS(all); i++)
		g_object_unref(all[i]);
	g_unlink(in);
}

/* paper=neutral takes the tint out of the page, not out of what is whiter
 * beside it: here a scanner bed along the bottom, a twelfth of the scan. */
static void test_levels_neutral_paper(void)
{
	VipsImage *im = paper_new(900, 700), *faded = NULL, *cast = NULL;
	draw_plate(im, 150, 120, 600, 460);
	double a[3] = { 0.45, 0.44, 0.42 }, b[3] = { 100, 95, 80 }, bed[3] = { 250, 250, 250 };
	g_assert_cmpint(vips_linear(im, &faded, a, b, 3, NULL), ==, 0);
	g_assert_cmpint(vips_cast(faded, &cast, VIPS_FORMAT_UCHAR, NULL), ==, 0);
	VipsImage *mem = vips_image_copy_memory(cast);
	g_assert_cmpint(vips_draw_rect(mem, bed, 3, 0, 640, 900, 60, "fill", TRUE, NULL), ==, 0);
	g_autofree char *in = tmp_file("bed.png");
	save(mem, in);
	Run r;
	run_text("levels paper=neutral\noutput format=png\n", in, NULL, &r);
	double L, C;
	lch_of(r.output, 20, 20, 100, 80, &L, &C);
	g_test_message("paper L* %.1f, C* %.1f", L, C);
	g_assert_cmpfloat(C, <, 3);
	run_clear(&r);
	VipsImage *all[] = { mem, cast, faded, im };
	for (size_t i = 0; i < G_N_ELEMENTS(all); i++)
		g_object_unref(all[i]);
	g_unlink(in);
}

/* A flyleaf: stains and a pencil mark in a corner. Stretching it would only
 * stretch the stains: levels leaves it as it is, and says why. */
static void test_levels_near_blank(void)
{
	VipsImage *im = paper_new(900, 700);
	for (int k = 0; k < 6; k++) /* soft: darker by 4 levels a ring */
		for (int ring = 0; ring < 5; ring++) {
			double stain[3] = { 232 - 4 * ring, 222 - 4 * ring, 196 - 5 * ring };
			g_assert_cmpint(vips_draw_circle(im, stain, 3, 200 + 100 * k, 200 + 60 * k,
							 45 - 8 * ring, "fill", TRUE, NULL),
					==, 0);
		}
	double pencil[3] = { 150, 150, 150 };
	for (int k = 0; k < 4; k++)
		g_assert_cmpint(vips_draw_line(im, pencil, 3, 130, 100 + 8 * k, 250, 104 + 8 * k,
					       NULL),
				==, 0);
	g_autofree char *in = tmp_file("flyleaf.png");
	save(im, in);
	Run r;
	run_text("levels\noutput format=png\n", in, NULL, &r);
	const char *m = report(&r, "levels")->measured;
	g_assert_false(report(&r, "levels")->applied);
	g_assert_nonnull(strstr(m, "\"mode\":\"near-blank\""));
	g_assert_nonnull(strstr(m, "near-blank, levels left as they are"));
	g_assert_cmpfloat(fabs(mean_of(r.output, 400, 600, 200, 50) - mean_of(in, 400, 600, 200, 50)),
			  <, 0.5);
	run_clear(&r);
	g_object_unref(im);
	g_unlink(in);
}

static void test_orient_exif(void)
{
	VipsImage *im = paper_new(400, 300), *copy = NULL;
	draw_rect(im, 0, 0, 50, 20, 0); /* a mark at the stored top-left */
	g_assert_cmpint(vips_copy(im, &copy, NULL), ==, 0);
	vips_image_set_int(copy, VIPS_META_ORIENTATION, 6);
	g_autofree char *in = tmp_file("orient.jpg");
	g_assert_cmpint(vips_image_write_to_file(copy, in, NULL), ==, 0);
	Run r;
	run_text("orient\noutput format=png\n", in, NULL, &r);
	g_assert_cmpint(r.result->width, ==, 300);
	g_assert_cmpint(r.result->height, ==, 400);
	/* Shown turned 90 degrees clockwise: the mark is at the top right,
	 * and the master's top-left corner is the original's bottom-left. */
	g_assert_cmpfloat(mean_of(r.output, 300 - 15, 5, 10, 40), <, 60);
	g_assert_cmpfloat(r.result->region[0][0], ==, 0);
	g_assert_cmpfloat(r.result->region[0][1], ==, 300);
	VipsImage *out = vips_image_new_from_file(r.output, NULL);
	int o = 1;
	if (vips_image_get_typeof(out, VIPS_META_ORIENTATION))
		vips_image_get_int(out, VIPS_META_ORIENTATION, &o);
	g_assert_cmpint(o, ==, 1);
	g_object_unref(out);
	run_clear(&r);
	g_object_unref(copy);
	g_object_unref(im);
	g_unlink(in);
}

static void test_output_metadata(void)
{
	VipsImage *im = paper_new(300, 200);
	g_autofree char *in = tmp_file("meta.png");
	g_autofree char *out = tmp_file("meta-out.jpg");
	save(im, in);
	g_autoptr(GError) err = NULL;
	g_autoptr(PlPipeline) p = pl_pipeline_parse("t", "output\n", "t.pipeline", &err);
	PlCleanJob job = { .input = in,
			   .master = { .path = out,
				       .title = "Le <Salon> & \"critique\"",
				       .creator = "Honoré Daumier (1808-1879)",
				       .credit = "Source gallica.bnf.fr / BnF",
				       .rights = "Public domain",
				       .identifier = "ark:/12148/btv1b8456072s" } };
	PlCleanResult *res = NULL;
	g_assert_cmpint(pl_pipeline_run(p, &job, &res, &err), ==, 0);
	VipsImage *m = vips_image_new_from_file(out, NULL);
	g_assert_nonnull(m);
	const char *s = NULL;
	g_assert_cmpint(vips_image_get_string(m, "exif-ifd0-Artist", &s), ==, 0);
	g_assert_true(g_str_has_prefix(s, "Honore Daumier (1808-1879) ("));
	g_assert_cmpint(vips_image_get_string(m, "exif-ifd0-ImageDescription", &s), ==, 0);
	g_assert_true(g_str_has_prefix(s, "Le <Salon> & \"critique\""));
	g_assert_cmpint(vips_image_get_string(m, "exif-ifd0-Copyright", &s), ==, 0);
	g_assert_nonnull(strstr(s, "Source gallica.bnf.fr / BnF; Public domain"));
	g_assert_cmpint(vips_image_get_string(m, "exif-ifd0-DocumentName", &s), ==, 0);
	g_assert_true(g_str_has_prefix(s, "ark:/12148/btv1b8456072s"));
	const void *xmp;
	size_t len;
	g_assert_cmpint(vips_image_get_blob(m, "xmp-data", &xmp, &len), ==, 0);
	g_autofree char *x = g_strndup(xmp, len);
	g_assert_nonnull(strstr(x, "Le &lt;Salon&gt; &amp; &quot;critique&quot;"));
	g_assert_nonnull(strstr(x, "Honoré Daumier"));
	g_assert_nonnull(strstr(x, "<dc:identifier>ark:/12148/btv1b8456072s</dc:identifier>"));
	g_assert_true(vips_image_get_typeof(m, VIPS_META_ICC_NAME) != 0);
	g_object_unref(m);
	pl_clean_result_free(res);
	g_unlink(out);

	/* A master that cannot be written leaves nothing behind. */
	g_autofree char *bad = g_build_filename(tmpdir, "no-such-dir", "x.jpg", NULL);
	job.master.path = bad;
	res = NULL;
	g_assert_cmpint(pl_pipeline_run(p, &job, &res, &err), ==, -1);
	g_assert_nonnull(err);
	g_assert_null(res);
	g_clear_error(&err);
	/* Nor does a broken input. */
	g_autofree char *junk = tmp_file("junk.jpg");
	g_assert_true(g_file_set_contents(junk, "not an image", -1, NULL));
	job.input = junk;
	job.master.path = out;
	g_assert_cmpint(pl_pipeline_run(p, &job, &res, &err), ==, -1);
	g_assert_nonnull(err);
	g_clear_error(&err);
	g_autoptr(GDir) d = g_dir_open(tmpdir, 0, NULL);
	const char *name;
	while ((name = g_dir_read_name(d)))
		g_assert_false(strstr(name, ".tmp-"));
	g_assert_false(g_file_test(out, G_FILE_TEST_EXISTS));
	g_unlink(junk);
	g_unlink(in);
	g_object_unref(im);
}

/* Every key a step records is one it declares (PlStepClass.measures), so a
 * renamed measurement fails here and not silently in the review. */
static void check_declared(const Run *r)
{
	for (guint i = 0; i < r->result->steps->len; i++) {
		const PlStepReport *rep = g_ptr_array_index(r->result->steps, i);
		const PlStepClass *k = pl_step_lookup(rep->step);
		g_autoptr(JsonParser) jp = json_parser_new();
		g_assert_nonnull(k);
		g_assert_true(json_parser_load_from_data(jp, rep->measured, -1, NULL));
		JsonObject *o = json_node_get_object(json_parser_get_root(jp));
		g_autoptr(GList) keys = json_object_get_members(o);
		for (GList *l = keys; l; l = l->next) {
			if (strcmp(l->data, "skipped") == 0) /* the runner's, not the step's */
				continue;
			if (!pl_step_measures(k, l->data))
				g_error("step %s records '%s' without declaring it", rep->step,
					(char *)l->data);
		}
	}
}

static void test_measures_declared(void)
{
	/* Every step of the table, in a pipeline, on scans that make each
	 * decide something: a turned plate with a strip and a dark border, and
	 * blank paper. */
	GString *text = g_string_new(NULL);
	for (int i = 0; pl_steps[i]; i++)
		if (!pl_steps[i]->save)
			g_string_append_printf(text, "%s\n", pl_steps[i]->name);
	g_string_append(text, "output format=png\n");
	int strip_h;
	g_autofree char *strip = banner_image(TRUE, &strip_h);
	VipsImage *im = paper_new(900, 700), *dark = NULL;
	draw_plate(im, 120, 100, 660, 500);
	VipsImage *turned = rotated(im, 1.5);
	g_assert_cmpint(vips_embed(turned, &dark, 40, 40, 980, 780, "extend",
				   VIPS_EXTEND_BLACK, NULL), ==, 0);
	g_autofree char *bordered = tmp_file("declared-border.png");
	save(dark, bordered);
	VipsImage *blank_im = paper_new(500, 400);
	g_autofree char *blank = tmp_file("declared-blank.png");
	save(blank_im, blank);
	const char *inputs[] = { strip, bordered, blank };
	for (guint i = 0; i < G_N_ELEMENTS(inputs); i++) {
		Run r;
		run_text(text->str, inputs[i], NULL, &r);
		check_declared(&r);
		run_clear(&r);
	}
	/* And as decided by hand. */
	g_autoptr(GHashTable) ov = g_hash_table_new(g_str_hash, g_str_equal);
	g_hash_table_insert(ov, "angle", "1");
	g_hash_table_insert(ov, "levels", "10,240");
	g_hash_table_insert(ov, "crop", "100,100,500,400");
	Run r;
	run_text(text->str, bordered, ov, &r);
	check_declared(&r);
	run_clear(&r);
	g_unlink(strip);
	g_unlink(bordered);
	g_unlink(blank);
	g_object_unref(blank_im);
	g_object_unref(dark);
	g_object_unref(turned);
	g_object_unref(im);
	g_string_free(text, TRUE);
}

/* despeckle: a lone dust speck on paper goes, a hatching line beside it stays. */
static void test_despeckle(void)
{
	VipsImage *im = paper_new(400, 300);
	draw_rect(im, 100, 100, 2, 2, 20);  /* a speck */
	draw_rect(im, 200, 50, 2, 200, 20); /* a line */
	g_autofree char *in = tmp_file("specks.png");
	save(im, in);
	Run r;
	run_text("despeckle\noutput format=png\n", in, NULL, &r);
	g_assert_true(report(&r, "despeckle")->applied);
	g_assert_cmpfloat(mean_of(r.output, 100, 100, 2, 2), >, 200);
	g_assert_cmpfloat(mean_of(r.output, 200, 100, 2, 100), <, 40);
	g_assert_cmpfloat(mean_of(r.output, 20, 20, 50, 50), >, 200);
	run_clear(&r);
	g_object_unref(im);
	g_unlink(in);
}

/* Lines of lowercase text (ascenders above, few descenders) into im at x, y,
 * n lines of the given pixel height, as a 1-band ink mask drawn dark. */
static void draw_text_lines(VipsImage *im, int x, int y, int n, int size)
{
	for (int i = 0; i < n; i++) {
		VipsImage *t = NULL, *lin = NULL, *u = NULL, *rgb = NULL;
		double a[1] = { -1 }, b[1] = { 255 };
		g_assert_cmpint(vips_text(&t, "the old bookbinder held his little tablet of hide while the light faded behind the hills",
					  "height", size, "dpi", 72, NULL), ==, 0);
		g_assert_cmpint(vips_linear(t, &lin, a, b, 1, NULL), ==, 0);
		g_assert_cmpint(vips_cast(lin, &u, VIPS_FORMAT_UCHAR, NULL), ==, 0);
		VipsImage *three[3] = { u, u, u };
		g_assert_cmpint(vips_bandjoin(three, &rgb, 3, NULL), ==, 0);
		/* Dark on the paper: the darker of the two. */
		VipsImage *area = NULL, *dark = NULL;
		int tw = MIN(rgb->Xsize, im->Xsize - x), th = MIN(rgb->Ysize, im->Ysize - y - i * size * 3 / 2);
		if (th > 0 && tw > 0) {
			g_assert_cmpint(vips_extract_area(im, &area, x, y + i * size * 3 / 2, tw, th, NULL), ==, 0);
			VipsImage *crop = NULL;
			g_assert_cmpint(vips_extract_area(rgb, &crop, 0, 0, tw, th, NULL), ==, 0);
			g_assert_cmpint(vips_bandrank(((VipsImage *[]){ area, crop }), &dark, 2, "index", 0, NULL), ==, 0);
			VipsImage *mem = vips_image_copy_memory(dark);
			g_assert_cmpint(vips_draw_image(im, mem, x, y + i * size * 3 / 2, NULL), ==, 0);
			g_object_unref(mem);
			g_object_unref(crop);
			g_object_unref(dark);
			g_object_unref(area);
		}
		g_object_unref(rgb);
		g_object_unref(u);
		g_object_unref(lin);
		g_object_unref(t);
	}
}

/* rotate= turns the page a quarter, whatever its text says; 0 keeps it. */
static void test_orient_rotate_override(void)
{
	VipsImage *im = paper_new(900, 1200);
	draw_text_lines(im, 60, 80, 48, 16);
	g_autofree char *up = tmp_file("upright.png");
	save(im, up);
	Run r;
	/* rotate= decides instead, even against the text. */
	g_autoptr(GHashTable) ov = g_hash_table_new(g_str_hash, g_str_equal);
	g_hash_table_insert(ov, "rotate", "90");
	run_text("orient\noutput format=png\n", up, ov, &r);
	g_assert_cmpint(r.result->width, ==, 1200);
	g_assert_cmpint(r.result->height, ==, 900);
	g_assert_nonnull(strstr(report(&r, "orient")->measured, "\"source\":\"manual\""));
	/* A clockwise turn: the master's top-left is the original's bottom-left. */
	g_assert_cmpfloat(r.result->region[0][0], ==, 0);
	g_assert_cmpfloat(r.result->region[0][1], ==, 1200);
	run_clear(&r);
	g_hash_table_insert(ov, "rotate", "0");
	run_text("orient\noutput format=png\n", up, ov, &r);
	g_assert_false(report(&r, "orient")->applied);
	run_clear(&r);
	g_object_unref(im);
	g_unlink(up);
}

/* An open book: page-stack edges at the left, the gutter's shadow and a
 * strip of the facing page at the right; page cuts them and keeps the page. */
static void test_page_book(void)
{
	VipsImage *im = paper_new(1000, 1300);
	draw_text_lines(im, 160, 150, 28, 14);
	for (int x = 0; x < 40; x += 6) /* stack edges: thin dark lines */
		draw_rect(im, x, 0, 2, 1300, 60);
	for (int x = 820; x < 860; x++) /* the gutter's shadow, darkest at the fold */
		draw_rect(im, x, 0, 1, 1300, 200 - 4 * MIN(x - 820, 860 - x) * 2);
	draw_rect(im, 860, 0, 140, 1300, 150); /* the facing page, in shadow */
	draw_text_lines(im, 880, 150, 28, 14);
	g_autofree char *in = tmp_file("book.png");
	save(im, in);
	Run r;
	run_text("page\noutput format=png\n", in, NULL, &r);
	g_assert_true(report(&r, "page")->applied);
	double x0 = r.result->region[0][0], x1 = r.result->region[2][0];
	g_assert_cmpfloat(x0, >=, 38);  /* the stack edges (the last at 36-37) are gone */
	g_assert_cmpfloat(x0, <=, 160); /* the text is not */
	g_assert_cmpfloat(x1, <=, 830); /* the shadow (but its faint rim) and the facing page are gone */
	g_assert_cmpfloat(x1, >=, 700);
	g_assert_cmpint(r.result->height, ==, 1300);
	run_clear(&r);
	g_object_unref(im);
	g_unlink(in);
}

/* A page whose fold strip shows at the right: the crease, a soft shade a
 * little inside the edge, with the page's curve beyond it. page cuts at the
 * crease; a thin pale rule framing the text in the same place is print,
 * and stays. */
static void page_with(int fold, double *x1, gboolean *applied)
{
	VipsImage *im = paper_new(800, 1000);
	draw_text_lines(im, 150, 120, 28, 14);
	if (fold) /* 745..760, darkest in the middle: 15 px, 31 under the paper */
		for (int x = 745; x < 760; x++)
			draw_rect(im, x, 0, 1, 1000, 205 + 4 * abs(x - 752));
	else /* a 2-px frame rule as pale as the crease */
		for (int i = 0; i < 4; i++)
			draw_rect(im, i < 2 ? 60 + 678 * i : 60, i < 2 ? 60 : 60 + 878 * (i - 2),
				  i < 2 ? 2 : 680, i < 2 ? 880 : 2, 205);
	g_autofree char *in = tmp_file("fold.png");
	save(im, in);
	Run r;
	run_text("page\noutput format=png\n", in, NULL, &r);
	*applied = report(&r, "page")->applied;
	*x1 = r.result->region[2][0];
	run_clear(&r);
	g_object_unref(im);
	g_unlink(in);
}

static void test_page_fold(void)
{
	double x1;
	gboolean applied;
	page_with(TRUE, &x1, &applied);
	g_assert_true(applied);
	g_assert_cmpfloat(x1, <=, 752); /* the crease and what lies beyond are gone */
	g_assert_cmpfloat(x1, >=, 700); /* the page's margin is not */
	page_with(FALSE, &x1, &applied);
	g_assert_false(applied);
	g_assert_cmpfloat(x1, ==, 800);
}

/* A page shot 1.5 degrees off, its fold a pale crease 3 px wide some 100 px
 * in, slanting by 26 px along the page, with the facing leaf beyond it a
 * little lighter than the page (by 12 levels: no scanner bed): page cuts
 * where the fold ends furthest in, before the text. */
static void test_page_slanted_fold(void)
{
	VipsImage *im = paper_new(800, 1000);
	draw_text_lines(im, 160, 150, 28, 14);
	for (int y = 0; y < 1000; y++) {
		int xf = 100 + (int)lround((y - 500) * tan(1.5 * G_PI / 180));
		draw_rect(im, 0, y, xf, 1, 240); /* the leaf */
		draw_rect(im, xf, y, 3, 1, 205); /* the crease */
	}
	g_autofree char *in = tmp_file("slant.png");
	save(im, in);
	Run r;
	run_text("page\noutput format=png\n", in, NULL, &r);
	g_assert_true(report(&r, "page")->applied);
	double x0 = r.result->region[0][0];
	g_assert_cmpfloat(x0, >=, 116); /* the leaf and the crease are gone, all along */
	g_assert_cmpfloat(x0, <=, 150); /* the text is not */
	g_assert_cmpint(r.result->height, ==, 1000);
	run_clear(&r);
	g_object_unref(im);
	g_unlink(in);
}

/* A toned page on a lighter scanner bed showing above and below it: page
 * cuts the bed where the page begins. */
static void test_page_bed(void)
{
	VipsImage *im = paper_new(800, 1000); /* the bed, 236 */
	draw_rect(im, 0, 30, 800, 940, 180); /* the page, toned */
	draw_text_lines(im, 150, 120, 28, 14);
	g_autofree char *in = tmp_file("bed.png");
	save(im, in);
	Run r;
	run_text("page\noutput format=png\n", in, NULL, &r);
	g_assert_true(report(&r, "page")->applied);
	double y0 = r.result->region[0][1], y1 = r.result->region[2][1];
	g_assert_cmpfloat(y0, >=, 28); /* the bed is gone */
	g_assert_cmpfloat(y0, <=, 40); /* the page is not */
	g_assert_cmpfloat(y1, <=, 972);
	g_assert_cmpfloat(y1, >=, 960);
	g_assert_cmpint(r.result->width, ==, 800);
	run_clear(&r);
	g_object_unref(im);
	g_unlink(in);
}

/* A cut-out sheet on a black bed, a bite out of its right edge, and a
 * drawing framed by faint construction lines (the generated `black` kind):
 * the border is cut at the sheet's edge, not at the bite's depth, and trim
 * neither takes the bed in the bite for content nor loses the faint frame
 * that a cut at the bite's depth left in its edge band. */
static void test_cutout_bite(void)
{
	VipsImage *im = paper_new(1000, 800);
	draw_rect(im, 0, 0, 1000, 40, 25);
	draw_rect(im, 0, 760, 1000, 40, 25);
	draw_rect(im, 0, 0, 40, 800, 25);
	draw_rect(im, 960, 0, 40, 800, 25);
	draw_rect(im, 890, 300, 70, 130, 25); /* the bite */
	/* the faint frame, 2 px and 14 levels under the paper */
	double faint = 236 - 14;
	draw_rect(im, 110, 110, 2, 580, faint);
	draw_rect(im, 878, 110, 2, 580, faint);
	draw_rect(im, 110, 110, 770, 2, faint);
	draw_rect(im, 110, 688, 770, 2, faint);
	/* the drawing inside: a house of ink lines */
	draw_rect(im, 300, 300, 400, 3, 120);
	draw_rect(im, 300, 600, 400, 3, 120);
	draw_rect(im, 300, 300, 3, 300, 120);
	draw_rect(im, 697, 300, 3, 300, 120);
	for (int x = 310; x < 690; x += 8)
		draw_rect(im, x, 310, 2, 40, 150);
	g_autofree char *in = tmp_file("cutout.png");
	save(im, in);
	Run r;
	run_text("border\ntrim padding=0\noutput format=png\n", in, NULL, &r);
	double x0 = r.result->region[0][0], y0 = r.result->region[0][1];
	double x1 = r.result->region[2][0], y1 = r.result->region[2][1];
	/* the whole frame, and nothing of the bed round the sheet */
	g_assert_cmpfloat(x0, <=, 110);
	g_assert_cmpfloat(y0, <=, 110);
	g_assert_cmpfloat(x1, >=, 880);
	g_assert_cmpfloat(y1, >=, 690);
	g_assert_cmpfloat(x0, >=, 40);
	g_assert_cmpfloat(y0, >=, 40);
	g_assert_cmpfloat(x1, <=, 960);
	g_assert_cmpfloat(y1, <=, 760);
	run_clear(&r);
	g_object_unref(im);
	g_unlink(in);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	if (VIPS_INIT(argv[0]))
		return 1;
	tmpdir = g_dir_make_tmp("planche-steps-XXXXXX", NULL);
	g_test_add_func("/steps/deskew/frame", test_deskew_frame);
	g_test_add_func("/steps/deskew/blank", test_deskew_blank_does_nothing);
	g_test_add_func("/steps/banner/strip", test_banner_removes_strip);
	g_test_add_func("/steps/banner/no-strip", test_banner_keeps_plain_plate);
	g_test_add_func("/steps/border/dark", test_border_removed);
	g_test_add_func("/steps/trim/specks", test_trim_ignores_specks);
	g_test_add_func("/steps/trim/near-blank", test_trim_keeps_near_blank);
	g_test_add_func("/steps/trim/panel-drift", test_trim_panel_drift);
	g_test_add_func("/steps/trim/frame-padding", test_trim_frame_padding);
	g_test_add_func("/steps/overrides", test_overrides);
	g_test_add_func("/steps/deskew/steep-tall", test_deskew_steep_tall);
	g_test_add_func("/steps/levels/clipping", test_levels_clipping);
	g_test_add_func("/steps/levels/keeps-paper-tone", test_levels_keeps_paper_tone);
	g_test_add_func("/steps/levels/neutral-paper", test_levels_neutral_paper);
	g_test_add_func("/steps/levels/near-blank", test_levels_near_blank);
	g_test_add_func("/steps/orient/exif", test_orient_exif);
	g_test_add_func("/steps/output/metadata", test_output_metadata);
	g_test_add_func("/steps/measures-declared", test_measures_declared);
	g_test_add_func("/steps/despeckle", test_despeckle);
	g_test_add_func("/steps/orient/rotate", test_orient_rotate_override);
	g_test_add_func("/steps/page/book", test_page_book);
	g_test_add_func("/steps/page/fold", test_page_fold);
	g_test_add_func("/steps/page/bed", test_page_bed);
	g_test_add_func("/steps/border/cutout-bite", test_cutout_bite);
	g_test_add_func("/steps/page/slanted-fold", test_page_slanted_fold);
	int rc = g_test_run();
	g_rmdir(tmpdir);
	g_free(tmpdir);
	vips_shutdown();
	return rc;
}

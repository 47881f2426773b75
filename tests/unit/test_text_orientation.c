/* Text orientation on a book scan turned sideways, as lyra's plate: a page
 * whose captions run down it over an engraving's hatching, with a strip of
 * the facing page below it whose print is upright. The page's text says
 * which way to turn, not the strip, not the hatching; turned half round,
 * the same scan asks for the other quarter turn. */
#include <glib.h>
#include <string.h>
#include <vips/vips.h>

#include "imaging/text_orientation.h"

#define W 900
#define H 800
#define PAPER 220
#define INK 40
/* The page above, the fold, the facing page's strip below. */
#define PAGE_H 600
#define FOLD_H 20
#define LEVEL 130

static const char *const words = "the old bookbinder held his little tablet of hide";

/* Text in a sans of the given size in pixels, turned by angle, darkened
 * into lum at x, y (its top-left corner once turned). */
static void draw_text(guchar *lum, int x, int y, const char *text, int size, VipsAngle angle)
{
	VipsImage *t = NULL, *r = NULL;
	g_autofree char *font = g_strdup_printf("sans %d", size);
	g_assert_cmpint(vips_text(&t, text, "font", font, "dpi", 72, NULL), ==, 0);
	g_assert_cmpint(vips_rot(t, &r, angle, NULL), ==, 0);
	size_t len = 0;
	guchar *mask = vips_image_write_to_memory(r, &len);
	g_assert_nonnull(mask);
	for (int j = 0; j < r->Ysize && y + j < H; j++)
		for (int i = 0; i < r->Xsize && x + i < W; i++) {
			int m = mask[(size_t)j * r->Xsize + i];
			guchar *p = &lum[(size_t)(y + j) * W + x + i];
			*p = MIN(*p, PAPER - (PAPER - INK) * m / 255);
		}
	g_free(mask);
	g_object_unref(r);
	g_object_unref(t);
}

/* The scan, as it was stored: the page's text reads down it. */
static guchar *sideways_scan(void)
{
	guchar *lum = g_malloc((size_t)W * H);
	memset(lum, PAPER, (size_t)W * H);
	/* The engraving: a hatched shape, fine lines along the page's length,
	 * which the profiles take for lines of text across. */
	for (int y = 90; y < 510; y += 4)
		for (int x = 40; x < 460; x++) {
			double dx = (x - 250) / 210.0, dy = (y - 300) / 210.0;
			if (dx * dx + dy * dy < 1)
				lum[(size_t)y * W + x] = INK + 40;
		}
	/* Its captions and a block of text beside it, reading downwards:
	 * their tops point right. */
	for (int i = 0; i < 12; i++)
		draw_text(lum, 850 - i * 32, 20, words, 18, VIPS_ANGLE_D90);
	/* The fold, then the facing page's print, upright. */
	for (int y = PAGE_H; y < PAGE_H + FOLD_H; y++)
		memset(lum + (size_t)y * W, 60 + 6 * (y - PAGE_H), W);
	for (int i = 0; i < 3; i++)
		draw_text(lum, 30, PAGE_H + FOLD_H + 30 + i * 40, words, 12, VIPS_ANGLE_D0);
	return lum;
}

static void test_sideways_page_beside_upright_strip(void)
{
	guchar *lum = sideways_scan();
	PlTextOrientation t;
	pl_text_orientation(lum, W, H, LEVEL, &t);
	/* Tops to the right: a quarter turn anticlockwise, three clockwise. */
	g_assert_cmpint(t.turn, ==, 3);
	g_assert_cmpfloat(t.confidence, >=, 0.5);
	g_assert_cmpfloat(t.direction, >=, 0.5);
	g_assert_cmpint(t.links_v, >, t.links_h);
	/* Half round, the text reads upwards: one turn clockwise. */
	for (size_t i = 0, j = (size_t)W * H - 1; i < j; i++, j--) {
		guchar c = lum[i];
		lum[i] = lum[j];
		lum[j] = c;
	}
	pl_text_orientation(lum, W, H, LEVEL, &t);
	g_assert_cmpint(t.turn, ==, 1);
	g_assert_cmpfloat(t.confidence, >=, 0.5);
	g_assert_cmpfloat(t.direction, >=, 0.5);
	g_free(lum);
}

/* The facing page's strip alone is upright print: no turn. */
static void test_upright_strip_alone(void)
{
	guchar *lum = sideways_scan();
	guchar *strip = lum + (size_t)(PAGE_H + FOLD_H) * W;
	PlTextOrientation t;
	pl_text_orientation(strip, W, H - PAGE_H - FOLD_H, LEVEL, &t);
	g_assert_cmpint(t.turn, ==, 0);
	g_assert_cmpint(t.links_h, >, t.links_v);
	g_free(lum);
}

/* Capitals running down a page: lines down, surely, but with no ascenders
 * nor descenders which way they read is unsure (orient then leaves the page
 * unturned and says so); the same words in lowercase are sure. */
static void test_capitals_down_are_unsure(void)
{
	guchar *lum = g_malloc((size_t)W * H);
	PlTextOrientation t;
	memset(lum, PAPER, (size_t)W * H);
	for (int i = 0; i < 12; i++)
		draw_text(lum, 850 - i * 32, 20, "THE OLD BOOKBINDER HELD HIS LITTLE TABLET", 18,
			  VIPS_ANGLE_D270);
	pl_text_orientation(lum, W, H, LEVEL, &t);
	g_assert_true(t.turn == 1 || t.turn == 3);
	g_assert_cmpfloat(t.confidence, >=, 0.5);
	g_assert_cmpfloat(t.direction, <, 0.5);
	memset(lum, PAPER, (size_t)W * H);
	for (int i = 0; i < 12; i++)
		draw_text(lum, 850 - i * 32, 20, words, 18, VIPS_ANGLE_D270);
	pl_text_orientation(lum, W, H, LEVEL, &t);
	g_assert_cmpint(t.turn, ==, 1);
	g_assert_cmpfloat(t.direction, >=, 0.5);
	g_free(lum);
}

/* Hatching and a halftone's grain, no letters: no text, no turn. */
static void test_hatching_is_no_text(void)
{
	guchar *lum = g_malloc((size_t)W * H);
	memset(lum, PAPER, (size_t)W * H);
	for (int y = 40; y < 300; y += 4)
		memset(lum + (size_t)y * W + 40, INK, W - 80);
	for (int x = 100; x < W - 100; x += 5)
		for (int y = 300; y < 500; y++)
			lum[(size_t)y * W + x] = INK;
	/* round dots of 5 x 5 pixels, 2 apart */
	for (int y = 520; y < H - 20; y += 7)
		for (int x = 40; x < W - 40; x += 7)
			for (int k = 0; k < 5; k++)
				memset(lum + (size_t)(y + k) * W + x + (k == 0 || k == 4),
				       INK, 5 - 2 * (k == 0 || k == 4));
	PlTextOrientation t;
	pl_text_orientation(lum, W, H, LEVEL, &t);
	g_assert_cmpint(t.turn, ==, 0);
	g_assert_cmpint(t.links_h + t.links_v, <, 60);
	g_free(lum);
}

int main(int argc, char **argv)
{
	if (VIPS_INIT(argv[0]))
		return 1;
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/text-orientation/sideways-page-beside-upright-strip",
			test_sideways_page_beside_upright_strip);
	g_test_add_func("/text-orientation/upright-strip-alone", test_upright_strip_alone);
	g_test_add_func("/text-orientation/capitals-down-are-unsure", test_capitals_down_are_unsure);
	g_test_add_func("/text-orientation/hatching-is-no-text", test_hatching_is_no_text);
	return g_test_run();
}

/* The per-image corrections' rules: what each accepts, its bounds, its
 * canonical text and its message, the same in every locale. */
#include <glib.h>
#include <locale.h>
#include <string.h>

#include "corrections/corrections.h"

static const char *const steps[] = { "orient", "banner", "border", "deskew", "trim",
				     "levels", "despeckle", NULL };

/* key=value gives canon (NULL: refused, with a message quoting the value). */
static void check(const char *key, const char *value, const char *canon)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *got = pl_correction_normalize(key, value, steps, &error);
	if (g_strcmp0(got, canon) != 0)
		g_error("%s=%s: got '%s' (%s), expected '%s'", key, value, got ? got : "refused",
			error ? error->message : "no message", canon ? canon : "refused");
	if (!canon) {
		g_assert_nonnull(error);
		g_assert_true(g_str_has_prefix(error->message, key));
		g_assert_nonnull(strstr(error->message, "not '"));
	}
}

static void test_crop(void)
{
	check("crop", "120,80,2400,3100", "120,80,2400,3100");
	check("crop", " 120 , 80,2400 ,3100 ", "120,80,2400,3100");
	check("crop", "10.50,20.0,300,400.25", "10.5,20,300,400.25");
	check("crop", "0,0,1,1", "0,0,1,1");
	check("crop", "+1,2,3,4", "1,2,3,4");
	check("crop", "0,0,1000000,1000000", "0,0,1000000,1000000");
	check("crop", "1,0,1000000,1", NULL); /* past PL_CROP_MAX */
	check("crop", "-1,20,30,40", NULL);
	check("crop", "10,20,0,400", NULL);
	check("crop", "10,20,300,0.5", NULL);
	check("crop", "1,2,3", NULL);
	check("crop", "1,2,3,4,5", NULL);
	check("crop", "1,2,,4", NULL);
	check("crop", "1,2,x,4", NULL);
	check("crop", "1 2,3,4,5", NULL);
	check("crop", "1e2,2,3,4", NULL);
	check("crop", "0x10,2,3,4", NULL);
	check("crop", "", NULL);

	g_autoptr(GError) error = NULL;
	double box[4];
	g_assert_cmpint(pl_correction_parse_crop("1,2,3,4.5", box, NULL), ==, 0);
	g_assert_cmpfloat(box[0], ==, 1);
	g_assert_cmpfloat(box[3], ==, 4.5);
	g_assert_cmpint(pl_correction_parse_crop("1,2,3", box, &error), ==, -1);
	g_assert_cmpstr(error->message, ==,
			"crop is X,Y,W,H in the original's pixels, X and Y from 0, W and H "
			"from 1, with a dot for decimals (crop=120,80,2400,3100), not '1,2,3'");
}

static void test_crop_fits(void)
{
	g_autoptr(GError) error = NULL;
	const double inside[4] = { 100, 50, 900, 750 }, edge[4] = { 0, 0, 1001, 800 },
		     outside[4] = { 5000, 5000, 100, 100 };
	g_assert_cmpint(pl_correction_check_crop_fits(inside, 1000, 800, NULL), ==, 0);
	g_assert_cmpint(pl_correction_check_crop_fits(edge, 1000, 800, NULL), ==, 0);
	g_assert_cmpint(pl_correction_check_crop_fits(outside, 0, 0, NULL), ==, 0); /* size unknown */
	g_assert_cmpint(pl_correction_check_crop_fits(outside, 1000, 800, &error), ==, -1);
	g_assert_cmpstr(error->message, ==,
			"crop 5000,5000,100,100 goes outside the original (1000 × 800 pixels)");
	g_clear_error(&error);

	/* What set and the review store. */
	g_autofree char *ok = pl_correction_for_image("crop", "100.0,50,900,750", steps, 1000, 800, NULL);
	g_assert_cmpstr(ok, ==, "100,50,900,750");
	g_assert_null(pl_correction_for_image("crop", "5000,5000,100,100", steps, 1000, 800, &error));
	g_assert_true(g_str_has_suffix(error->message, "goes outside the original (1000 × 800 pixels)"));
	g_clear_error(&error);
	g_assert_null(pl_correction_for_image("crop", "1,2,3", steps, 1000, 800, &error));
	g_assert_true(g_str_has_prefix(error->message, "crop is X,Y,W,H"));
	g_autofree char *angle = pl_correction_for_image("angle", "-0.80", steps, 10, 10, NULL);
	g_assert_cmpstr(angle, ==, "-0.8");
}

static void test_angle(void)
{
	check("angle", "-0.8", "-0.8");
	check("angle", "0.80", "0.8");
	check("angle", ".5", "0.5");
	check("angle", "-.5", "-0.5");
	check("angle", "3.", "3");
	check("angle", "-0", "0");
	check("angle", "45", "45");
	check("angle", "-45", "-45");
	check("angle", "0.123456789", "0.123456789");
	check("angle", "45.0001", NULL);
	check("angle", "-46", NULL);
	check("angle", "90", NULL);
	check("angle", "-0,8", NULL); /* a comma is no decimal separator here */
	check("angle", "1.5deg", NULL);
	check("angle", "1.2.3", NULL);
	check("angle", "nan", NULL);
	check("angle", "inf", NULL);
	check("angle", "-infinity", NULL);
	check("angle", "1e1", NULL);
	check("angle", "0x1p3", NULL);
	check("angle", "-", NULL);
	check("angle", ".", NULL);
	check("angle", "", NULL);

	g_autoptr(GError) error = NULL;
	double a = 99;
	g_assert_cmpint(pl_correction_parse_angle("-0,8", &a, &error), ==, -1);
	g_assert_cmpfloat(a, ==, 99);
	g_assert_cmpstr(error->message, ==,
			"angle is degrees between -45 and 45, counter-clockwise, with a dot for "
			"decimals (angle=-0.8), not '-0,8'");
}

/* A quarter turn, clockwise, after EXIF; 0 is a decision too (not turned). */
static void test_rotate(void)
{
	check("rotate", "0", "0");
	check("rotate", "90", "90");
	check("rotate", " 180 ", "180");
	check("rotate", "270", "270");
	check("rotate", "360", NULL);
	check("rotate", "-90", NULL);
	check("rotate", "45", NULL);
	check("rotate", "90.0", NULL);
	check("rotate", "090", NULL);
	check("rotate", "", NULL);

	g_autoptr(GError) error = NULL;
	int q = -1;
	g_assert_cmpint(pl_correction_parse_rotate("270", &q, NULL), ==, 0);
	g_assert_cmpint(q, ==, 3);
	g_assert_cmpint(pl_correction_parse_rotate("0", &q, NULL), ==, 0);
	g_assert_cmpint(q, ==, 0);
	g_assert_cmpint(pl_correction_parse_rotate("1", &q, &error), ==, -1);
	g_assert_cmpstr(error->message, ==,
			"rotate is 0, 90, 180 or 270, degrees clockwise after the EXIF "
			"orientation (rotate=90; rotate=0 keeps the page unturned), not '1'");
	g_assert_true(pl_correction_is_key("rotate"));
}

static void test_levels(void)
{
	check("levels", "2.5,97.5", "2.5,97.5");
	check("levels", "10,240", "10,240");
	check("levels", "0,255", "0,255");
	check("levels", "0,0.5", "0,0.5");
	check("levels", "254.9,255", "254.9,255");
	check("levels", "240,10", NULL);
	check("levels", "10,10", NULL);
	check("levels", "-1,200", NULL);
	check("levels", "10,256", NULL);
	check("levels", "2,5,97,5", NULL);
	check("levels", "10", NULL);
	check("levels", "nan,200", NULL);

	g_autoptr(GError) error = NULL;
	double v[2];
	g_assert_cmpint(pl_correction_parse_levels("2.5,97.5", v, NULL), ==, 0);
	g_assert_cmpfloat(v[0], ==, 2.5);
	g_assert_cmpfloat(v[1], ==, 97.5);
	g_assert_cmpint(pl_correction_parse_levels("200,100", v, &error), ==, -1);
	g_assert_cmpstr(error->message, ==,
			"levels is BLACK,WHITE, the luminance levels made black and white, with "
			"0 <= BLACK < WHITE <= 255 and a dot for decimals (levels=2.5,97.5), "
			"not '200,100'");
}

static void test_skip(void)
{
	check("skip", "deskew", "deskew");
	check("skip", "deskew,trim", "deskew,trim");
	check("skip", " deskew , trim,deskew", "deskew,trim");
	check("skip", "output", NULL); /* the master is always written */
	check("skip", "frobnicate", NULL);
	check("skip", "deskew,,trim", NULL);
	check("skip", "deskew;rm -rf", NULL);
	check("skip", "Deskew", NULL);
	check("skip", ",", NULL);

	g_autoptr(GError) error = NULL;
	g_auto(GStrv) names = NULL;
	g_assert_cmpint(pl_correction_parse_skip("frobnicate", steps, &names, &error), ==, -1);
	g_assert_null(names);
	g_assert_cmpstr(error->message, ==,
			"skip is a list of steps among orient, banner, border, deskew, trim, "
			"levels, despeckle (skip=deskew,trim), not 'frobnicate'");
	g_clear_error(&error);
	/* The runner takes any step's name: one absent from the pipeline is
	 * simply not there. */
	g_assert_cmpint(pl_correction_parse_skip("frobnicate,trim", NULL, &names, NULL), ==, 0);
	g_assert_cmpint(g_strv_length(names), ==, 2);
	g_assert_cmpint(pl_correction_parse_skip("a b", NULL, NULL, &error), ==, -1);
	g_assert_cmpstr(error->message, ==,
			"skip is a list of steps such as deskew,trim, not 'a b'");
}

static void test_reviewed_and_pipeline(void)
{
	check("reviewed", "yes", "yes");
	check("reviewed", " no ", "no");
	check("reviewed", "maybe", NULL);
	check("reviewed", "YES", NULL);
	check("pipeline", "engraving", "engraving");
	check("pipeline", " my-own_2.v1 ", "my-own_2.v1");
	check("pipeline", "../etc/passwd", NULL);
	check("pipeline", ".hidden", NULL);
	check("pipeline", "a b", NULL);
	check("pipeline", "", NULL);

	g_autoptr(GError) error = NULL;
	gboolean yes = FALSE;
	g_assert_cmpint(pl_correction_parse_reviewed("yes", &yes, NULL), ==, 0);
	g_assert_true(yes);
	g_assert_cmpint(pl_correction_parse_reviewed("maybe", &yes, &error), ==, -1);
	g_assert_cmpstr(error->message, ==, "reviewed is yes or no, not 'maybe'");
	g_clear_error(&error);
	g_assert_cmpint(pl_correction_check_pipeline("a/b", &error), ==, -1);
	g_assert_cmpstr(error->message, ==,
			"pipeline is a name of letters, digits, '-', '_' and '.' "
			"(pipeline=engraving), not 'a/b'");
	g_clear_error(&error);
	g_assert_null(pl_correction_normalize("colour", "red", steps, &error));
	g_assert_cmpstr(error->message, ==, "no correction named 'colour'");
	g_assert_true(pl_correction_is_key("angle"));
	g_assert_false(pl_correction_is_key("pipeline"));
	g_assert_false(pl_correction_is_key(NULL));
}

/* A message quotes the value as a terminal may show it. */
static void test_message_quotes_safely(void)
{
	g_autoptr(GError) error = NULL;
	double a;
	g_assert_cmpint(pl_correction_parse_angle("\033]0;pwned\007", &a, &error), ==, -1);
	g_assert_nonnull(strstr(error->message, "not '\\x1b]0;pwned\\x07'"));
	g_clear_error(&error);
	g_autofree char *longv = g_strnfill(500, '9');
	g_assert_cmpint(pl_correction_parse_angle(longv, &a, &error), ==, -1);
	g_assert_cmpint(strlen(error->message), <, 300);
	g_assert_true(g_str_has_suffix(error->message, "…'"));
}

static void test_numbers(void)
{
	static const struct {
		double v;
		const char *text;
	} t[] = {
		{ 0, "0" },	  { -0.0, "0" },   { 0.8, "0.8" },	 { -0.8, "-0.8" },
		{ 2.5, "2.5" },	  { 120, "120" },  { 1e6, "1000000" }, { 0.1 + 0.2, "0.30000000000000004" },
		{ 1.0 / 3, "0.3333333333333333" },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(t); i++) {
		g_autoptr(GString) s = g_string_new(NULL);
		pl_correction_append_number(s, t[i].v);
		g_assert_cmpstr(s->str, ==, t[i].text);
	}
}

static void test_read_table(void)
{
	g_autoptr(GHashTable) t = g_hash_table_new(g_str_hash, g_str_equal);
	PlCorrections c;
	g_assert_cmpint(pl_corrections_read(NULL, &c, NULL), ==, 0);
	g_assert_false(c.has_crop || c.has_angle || c.has_rotate || c.has_levels || c.skip ||
		       c.reviewed);
	g_hash_table_insert(t, "crop", "1,2,300,400");
	g_hash_table_insert(t, "angle", "-0.8");
	g_hash_table_insert(t, "levels", "2.5,97.5");
	g_hash_table_insert(t, "rotate", "0");
	g_hash_table_insert(t, "skip", "deskew,banner");
	g_hash_table_insert(t, "reviewed", "yes");
	g_hash_table_insert(t, "future", "whatever"); /* left alone */
	g_assert_cmpint(pl_corrections_read(t, &c, NULL), ==, 0);
	g_assert_true(c.has_crop && c.has_angle && c.has_levels && c.reviewed);
	g_assert_true(c.has_rotate); /* 0 is a decision: do not turn */
	g_assert_cmpint(c.rotate, ==, 0);
	g_assert_cmpfloat(c.crop[2], ==, 300);
	g_assert_cmpfloat(c.angle, ==, -0.8);
	g_assert_cmpfloat(c.levels[1], ==, 97.5);
	g_assert_cmpstr(c.skip[1], ==, "banner");
	g_assert_null(c.skip[2]);
	pl_corrections_clear(&c);

	/* A value stored by hand or by an older planche: refused by name. */
	g_autoptr(GError) error = NULL;
	g_hash_table_insert(t, "angle", "-0,8");
	g_assert_cmpint(pl_corrections_read(t, &c, &error), ==, -1);
	g_assert_true(g_str_has_prefix(error->message, "angle is degrees"));
	g_assert_false(c.has_crop || c.has_rotate);
	g_assert_null(c.skip);
	g_hash_table_insert(t, "angle", "-0.8");
	g_hash_table_insert(t, "rotate", "-90");
	g_clear_error(&error);
	g_assert_cmpint(pl_corrections_read(t, &c, &error), ==, -1);
	g_assert_true(g_str_has_prefix(error->message, "rotate is 0, 90, 180 or 270"));
}

/* Everything above again in a locale whose decimal separator is a comma:
 * nothing may change. */
static void test_comma_locale(void)
{
	static const char *const names[] = { "fr_FR.UTF-8", "fr_FR.utf8", "de_DE.UTF-8",
					     "de_DE.utf8", NULL };
	g_autofree char *before = g_strdup(setlocale(LC_ALL, NULL));
	const char *got = NULL;
	for (int i = 0; names[i] && !got; i++)
		got = setlocale(LC_ALL, names[i]);
	if (!got || strcmp(localeconv()->decimal_point, ",") != 0) {
		setlocale(LC_ALL, before);
		g_test_skip("no locale with a decimal comma is installed (fr_FR.UTF-8, de_DE.UTF-8)");
		return;
	}
	g_test_message("in %s", got);
	test_crop();
	test_angle();
	test_rotate();
	test_levels();
	test_numbers();
	test_read_table();
	setlocale(LC_ALL, before);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	setlocale(LC_ALL, "C");
	g_test_add_func("/corrections/crop", test_crop);
	g_test_add_func("/corrections/crop-fits", test_crop_fits);
	g_test_add_func("/corrections/angle", test_angle);
	g_test_add_func("/corrections/rotate", test_rotate);
	g_test_add_func("/corrections/levels", test_levels);
	g_test_add_func("/corrections/skip", test_skip);
	g_test_add_func("/corrections/reviewed-and-pipeline", test_reviewed_and_pipeline);
	g_test_add_func("/corrections/message-quotes-safely", test_message_quotes_safely);
	g_test_add_func("/corrections/numbers", test_numbers);
	g_test_add_func("/corrections/read-table", test_read_table);
	g_test_add_func("/corrections/comma-locale", test_comma_locale);
	return g_test_run();
}

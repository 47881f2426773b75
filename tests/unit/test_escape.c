/* Stored text on a terminal: letters as they are, controls escaped; files
 * that are not UTF-8 named with their line. */
#include <glib.h>

#include "util/util.h"

static void check(const char *in, gboolean json, const char *want)
{
	g_autofree char *got = pl_terminal_escape(in, json);
	g_assert_cmpstr(got, ==, want);
}

static void test_terminal(void)
{
	check(NULL, FALSE, "");
	check("Gravé à Paris — Straße, Honoré Daumier 日本", FALSE,
	      "Gravé à Paris — Straße, Honoré Daumier 日本");
	check("back\\slash", FALSE, "back\\slash");
	/* A title that would retitle the window and ring the bell. */
	check("\033]0;owned\007Title", FALSE, "\\x1b]0;owned\\x07Title");
	check("a\033[2Jb", FALSE, "a\\x1b[2Jb");
	check("one\ntwo\tthree\rfour", FALSE, "one\\ntwo\\tthree\\rfour");
	check("del\x7f", FALSE, "del\\x7f");
	/* C1 controls (CSI is U+009B), as UTF-8. */
	check("a\xc2\x9b" "2Jb\xc2\x85", FALSE, "a\\u009b2Jb\\u0085");
	/* Bidi overrides and line separators that reorder what is shown. */
	check("abc\xe2\x80\xae" "fed\xe2\x81\xa6x\xe2\x80\xa8", FALSE, "abc\\u202efed\\u2066x\\u2028");
	/* Bytes that are not UTF-8 become U+FFFD. */
	check("caf\xe9", FALSE, "caf\xef\xbf\xbd");
	/* JSON text keeps its layout and stays JSON. */
	check("{\n  \"t\": \"a\\u001b\xc2\x9b\x7f\"\n}", TRUE,
	      "{\n  \"t\": \"a\\u001b\\u009b\\u007f\"\n}");
}

static void test_check_text(void)
{
	g_autoptr(GError) error = NULL;
	g_assert_cmpint(pl_utf8_check_text("orient\n# Gravé\n", -1, "a.pipeline", NULL), ==, 0);
	g_assert_cmpint(pl_utf8_check_text("orient\n\n# caf\xe9\n", -1, "a.pipeline", &error), ==, -1);
	g_assert_cmpstr(error->message, ==, "a.pipeline:3: not UTF-8 text (save the file as UTF-8)");
	g_clear_error(&error);
	g_assert_cmpint(pl_utf8_check_text("a\nb\0c", 5, "f", &error), ==, -1);
	g_assert_cmpstr(error->message, ==, "f:2: a NUL byte in the text");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/escape/terminal", test_terminal);
	g_test_add_func("/escape/check-text", test_check_text);
	return g_test_run();
}

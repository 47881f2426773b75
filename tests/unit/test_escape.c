/* The escaping every writer shares: whatever a title holds, XML, HTML and
 * JSON come out well-formed; on a terminal, letters as they are and controls
 * escaped; files that are not UTF-8 named with their line. */
#include <glib.h>
#include <string.h>

#include "util/util.h"

/* Every forbidden character, between letters that must survive. */
static const char hostile[] =
	"a\x01" "b\x1f" "c\xef\xbf\xbe" "d\xef\xbf\xbf" "e\xef\xb7\x90" "f\xef\xb7\xaf"
	"g\xf0\x9f\xbf\xbe" "h\xf4\x8f\xbf\xbf" "i\x7f" "j\t\n\rk\xc3\xa9\xf0\x9f\x96\xbc\xef\xbf\xbd";
static const char kept[] = "abcdefghi\x7f" "j\t\n\rk\xc3\xa9\xf0\x9f\x96\xbc\xef\xbf\xbd";

static void assert_xml_clean(const char *s)
{
	g_assert_true(g_utf8_validate(s, -1, NULL));
	for (const char *p = s; *p; p = g_utf8_next_char(p))
		g_assert_true(pl_xml_char_ok(g_utf8_get_char(p)));
}

static void test_char_ok(void)
{
	g_assert_true(pl_xml_char_ok('\t'));
	g_assert_true(pl_xml_char_ok('\n'));
	g_assert_true(pl_xml_char_ok('\r'));
	g_assert_true(pl_xml_char_ok('A'));
	g_assert_true(pl_xml_char_ok(0xFFFD));
	g_assert_true(pl_xml_char_ok(0x1F5BC));
	g_assert_true(pl_xml_char_ok(0x10FFFD));
	g_assert_false(pl_xml_char_ok(0x00));
	g_assert_false(pl_xml_char_ok(0x0B));
	g_assert_false(pl_xml_char_ok(0x1F));
	g_assert_false(pl_xml_char_ok(0xFFFE));
	g_assert_false(pl_xml_char_ok(0xFFFF));
	g_assert_false(pl_xml_char_ok(0xFDD0));
	g_assert_false(pl_xml_char_ok(0xFDEF));
	g_assert_true(pl_xml_char_ok(0xFDF0));
	g_assert_false(pl_xml_char_ok(0x1FFFE));
	g_assert_false(pl_xml_char_ok(0x10FFFF));
	g_assert_false(pl_xml_char_ok(0xD800));
}

static void test_xml_text(void)
{
	g_autofree char *t = pl_xml_text(hostile);
	g_assert_cmpstr(t, ==, kept);
	g_autofree char *n = pl_xml_text(NULL);
	g_assert_cmpstr(n, ==, "");
	/* Bad bytes become U+FFFD first, which XML carries. */
	g_autofree char *b = pl_xml_text("x\xff" "y");
	g_assert_cmpstr(b, ==, "x\xef\xbf\xbdy");
}

static void test_html(void)
{
	g_autofree char *e = pl_html_escape(hostile);
	assert_xml_clean(e);
	g_assert_nonnull(strstr(e, "abcdefghi"));
	g_autofree char *m = pl_html_escape("<a href=\"x\">&'</a>\xef\xbf\xbe");
	g_assert_cmpstr(m, ==, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
}

static void test_json(void)
{
	g_autoptr(GString) s = g_string_new(NULL);
	pl_json_append_string(s, hostile);
	assert_xml_clean(s->str);
	g_assert_cmpstr(s->str, ==,
			"\"abcdefghi\x7f" "j\\t\\n\\rk\xc3\xa9\xf0\x9f\x96\xbc\xef\xbf\xbd\"");
}

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
	g_test_add_func("/escape/char-ok", test_char_ok);
	g_test_add_func("/escape/xml-text", test_xml_text);
	g_test_add_func("/escape/html", test_html);
	g_test_add_func("/escape/json", test_json);
	g_test_add_func("/escape/terminal", test_terminal);
	g_test_add_func("/escape/check-text", test_check_text);
	return g_test_run();
}

/* The escaping every XML, HTML and JSON writer shares: whatever a title
 * holds, what comes out is well-formed. */
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

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/escape/char-ok", test_char_ok);
	g_test_add_func("/escape/xml-text", test_xml_text);
	g_test_add_func("/escape/html", test_html);
	g_test_add_func("/escape/json", test_json);
	return g_test_run();
}

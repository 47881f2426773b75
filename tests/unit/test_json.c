/* PlJson, the one JSON writer: whatever the text holds and whatever the
 * locale, what it writes is JSON that json-glib reads back to the values
 * written, and safe to paste into HTML and JavaScript. */
#include <glib.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util/json.h"
#include "util/util.h"

static JsonNode *parse(const char *text)
{
	g_autoptr(GError) error = NULL;
	JsonNode *node = json_from_string(text, &error);
	if (!node)
		g_error("not JSON (%s): %s", error->message, text);
	return node;
}

static const char *member_string(JsonNode *root, const char *name)
{
	return json_object_get_string_member(json_node_get_object(root), name);
}

static void test_escaping(void)
{
	PlJson j;
	pl_json_init(&j);
	pl_json_key(&j, "quotes");
	pl_json_str(&j, "say \"hi\" \\ back/slash");
	pl_json_key(&j, "controls");
	pl_json_str(&j, "tab\there\nline\rcr\x01\x1f end");
	pl_json_key(&j, "html");
	pl_json_str(&j, "</script><!-- & -->");
	pl_json_key(&j, "separators");
	pl_json_str(&j, "a\xe2\x80\xa8" "b\xe2\x80\xa9" "c");
	pl_json_key(&j, "bad utf8");
	pl_json_str(&j, "caf\xc3 \xff\xfe ok \xc3\xa9");
	pl_json_key(&j, "noncharacter");
	pl_json_str(&j, "x\xef\xbf\xbey");
	pl_json_key(&j, "key \"quoted\" <b>");
	pl_json_str(&j, NULL);
	g_autofree char *text = pl_json_finish(&j);

	/* Nothing a browser or a JavaScript parser would act on is left raw. */
	g_assert_true(g_utf8_validate(text, -1, NULL));
	g_assert_null(strchr(text, '<'));
	g_assert_null(strchr(text, '>'));
	g_assert_null(strchr(text, '&'));
	g_assert_null(strstr(text, "\xe2\x80\xa8"));
	g_assert_null(strstr(text, "\xe2\x80\xa9"));
	for (const char *p = text; *p; p++)
		g_assert_cmpint((unsigned char)*p, >=, 0x20);
	g_assert_nonnull(strstr(text, "\\u2028"));

	g_autoptr(JsonNode) root = parse(text);
	g_assert_cmpstr(member_string(root, "quotes"), ==, "say \"hi\" \\ back/slash");
	/* C0 controls XML cannot carry are dropped; tab, LF and CR stay. */
	g_assert_cmpstr(member_string(root, "controls"), ==, "tab\there\nline\rcr end");
	g_assert_cmpstr(member_string(root, "html"), ==, "</script><!-- & -->");
	g_assert_cmpstr(member_string(root, "separators"), ==, "a\xe2\x80\xa8" "b\xe2\x80\xa9" "c");
	const char *fixed = member_string(root, "bad utf8");
	g_assert_true(g_utf8_validate(fixed, -1, NULL));
	g_assert_true(g_str_has_prefix(fixed, "caf"));
	g_assert_true(g_str_has_suffix(fixed, " ok \xc3\xa9"));
	g_assert_cmpstr(member_string(root, "noncharacter"), ==, "xy");
	g_assert_cmpstr(member_string(root, "key \"quoted\" <b>"), ==, "");
}

/* JSON for people keeps markup readable, and stays JSON. */
static void test_keep_markup(void)
{
	PlJson j;
	pl_json_start(&j, 2);
	pl_json_keep_markup(&j);
	pl_json_begin_object(&j);
	pl_json_key_text(&j, "<path>", "a <b> & \"c\"\x01.jpg");
	g_autofree char *text = pl_json_finish(&j);
	g_assert_cmpstr(text, ==, "{\n  \"<path>\" : \"a <b> & \\\"c\\\".jpg\"\n}");
	g_autoptr(JsonNode) root = parse(text);
	g_assert_cmpstr(member_string(root, "<path>"), ==, "a <b> & \"c\".jpg");
}

static void write_numbers(PlJson *j)
{
	pl_json_begin_array(j);
	pl_json_num(j, 0.35);
	pl_json_num(j, -1.5e-9); /* rounds to 0, not "-0" */
	pl_json_num(j, NAN);
	pl_json_double(j, 0.1);
	pl_json_double(j, -0.8);
	pl_json_double(j, 1234567.125);
	pl_json_double(j, 1.0 / 3.0);
	pl_json_double(j, 300);
	pl_json_double(j, INFINITY);
	pl_json_int(j, G_MAXINT64);
	pl_json_int(j, -42);
	pl_json_end_array(j);
}

static void test_numbers(void)
{
	PlJson j;
	pl_json_start(&j, 0);
	write_numbers(&j);
	g_autofree char *text = pl_json_finish(&j);
	g_assert_cmpstr(text, ==, "[0.35,0,0,0.1,-0.8,1234567.125,0.3333333333333333,300,null,"
				  "9223372036854775807,-42]");
	g_autoptr(JsonNode) root = parse(text);
	JsonArray *a = json_node_get_array(root);
	/* The exact form reads back as the very same double. */
	g_assert_true(json_array_get_double_element(a, 6) == 1.0 / 3.0);
	g_assert_true(json_array_get_double_element(a, 5) == 1234567.125);
	g_assert_cmpint(json_array_get_int_element(a, 9), ==, G_MAXINT64);
}

/* A locale with a decimal comma changes nothing. */
static void test_numbers_locale(void)
{
	const char *names[] = {"fr_FR.UTF-8", "fr_FR.utf8", "de_DE.UTF-8", "de_DE.utf8"};
	const char *set = NULL;
	for (guint i = 0; i < G_N_ELEMENTS(names) && !set; i++)
		set = setlocale(LC_NUMERIC, names[i]);
	if (!set) {
		g_test_skip("no locale with a decimal comma installed");
		return;
	}
	char probe[32];
	snprintf(probe, sizeof probe, "%.1f", 0.5);
	g_assert_cmpstr(probe, ==, "0,5"); /* the locale really took */
	PlJson j;
	pl_json_start(&j, 0);
	write_numbers(&j);
	g_autofree char *text = pl_json_finish(&j);
	setlocale(LC_NUMERIC, "C");
	g_assert_cmpstr(text, ==, "[0.35,0,0,0.1,-0.8,1234567.125,0.3333333333333333,300,null,"
				  "9223372036854775807,-42]");
}

static void test_nesting(void)
{
	enum { DEPTH = 100 };
	PlJson j;
	pl_json_init(&j);
	pl_json_key(&j, "deep");
	for (int i = 0; i < DEPTH; i++) {
		pl_json_begin_array(&j);
		pl_json_int(&j, i);
		pl_json_begin_object(&j);
		pl_json_key(&j, "next");
	}
	pl_json_str(&j, "bottom");
	for (int i = 0; i < DEPTH; i++) {
		pl_json_end_object(&j);
		pl_json_int(&j, -i); /* a value after a closed container needs its comma */
		pl_json_end_array(&j);
	}
	pl_json_key(&j, "after");
	pl_json_bool(&j, TRUE);
	g_autofree char *text = pl_json_finish(&j);
	g_autoptr(JsonNode) root = parse(text);
	JsonNode *n = json_object_get_member(json_node_get_object(root), "deep");
	for (int i = 0; i < DEPTH; i++) {
		JsonArray *a = json_node_get_array(n);
		g_assert_cmpuint(json_array_get_length(a), ==, 3);
		g_assert_cmpint(json_array_get_int_element(a, 0), ==, i);
		g_assert_cmpint(json_array_get_int_element(a, 2), ==, -(DEPTH - 1 - i));
		n = json_object_get_member(json_array_get_object_element(a, 1), "next");
	}
	g_assert_cmpstr(json_node_get_string(n), ==, "bottom");
	g_assert_true(json_object_get_boolean_member(json_node_get_object(root), "after"));
}

static void test_empty_and_values(void)
{
	PlJson j;
	pl_json_init(&j);
	pl_json_key(&j, "a");
	pl_json_begin_array(&j);
	pl_json_end_array(&j);
	pl_json_key(&j, "o");
	pl_json_begin_object(&j);
	pl_json_end_object(&j);
	pl_json_key_str(&j, "null", NULL);
	pl_json_key_text(&j, "text", NULL);
	pl_json_key_bool(&j, "no", FALSE);
	pl_json_key_int(&j, "n", 7);
	pl_json_key(&j, "stored");
	pl_json_parsed(&j, "{\"box\":[1,2.5],\"k\":\"v\",\"t\":true,\"z\":null}");
	pl_json_key(&j, "broken");
	pl_json_parsed(&j, "{not json");
	g_autofree char *text = pl_json_finish(&j);
	g_assert_cmpstr(text, ==, "{\"a\":[],\"o\":{},\"null\":null,\"text\":\"\",\"no\":false,\"n\":7,"
				  "\"stored\":{\"box\":[1,2.5],\"k\":\"v\",\"t\":true,\"z\":null},"
				  "\"broken\":null}");
	g_autoptr(JsonNode) root = parse(text);
	g_assert_true(JSON_NODE_HOLDS_OBJECT(root));

	/* The old measurement writer's use stays as it was. */
	pl_json_init(&j);
	g_autofree char *empty = pl_json_finish(&j);
	g_assert_cmpstr(empty, ==, "{}");
}

/* Laid out as json-glib laid out what show and query print. */
static void test_pretty(void)
{
	PlJson j;
	pl_json_start(&j, 2);
	pl_json_begin_object(&j);
	pl_json_key_double(&j, "angle", -0.8);
	pl_json_key(&j, "tags");
	pl_json_begin_array(&j);
	pl_json_str(&j, "a");
	pl_json_begin_object(&j);
	pl_json_end_object(&j);
	pl_json_end_array(&j);
	pl_json_key(&j, "none");
	pl_json_begin_array(&j);
	pl_json_end_array(&j);
	pl_json_end_object(&j);
	g_autofree char *text = pl_json_finish(&j);
	g_assert_cmpstr(text, ==, "{\n  \"angle\" : -0.8,\n  \"tags\" : [\n    \"a\",\n    {}\n  ],\n"
				  "  \"none\" : []\n}");
	g_autoptr(JsonNode) root = parse(text);
	g_assert_true(JSON_NODE_HOLDS_OBJECT(root));
}

/* A long array taken piece by piece (export streams its rows so). */
static void test_take_and_flush(void)
{
	PlJson j;
	pl_json_start(&j, 0);
	pl_json_begin_array(&j);
	g_autoptr(GString) all = g_string_new(NULL);
	for (int i = 0; i < 1000; i++) {
		pl_json_begin_object(&j);
		pl_json_key_int(&j, "row", i);
		pl_json_end_object(&j);
		g_autofree char *piece = pl_json_take(&j);
		g_assert_cmpuint(j.s->len, ==, 0);
		g_string_append(all, piece);
	}
	g_autofree char *rest = pl_json_finish(&j);
	g_string_append(all, rest);
	g_autoptr(JsonNode) root = parse(all->str);
	JsonArray *a = json_node_get_array(root);
	g_assert_cmpuint(json_array_get_length(a), ==, 1000);
	g_assert_cmpint(json_object_get_int_member(json_array_get_object_element(a, 999), "row"), ==, 999);

	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	pl_json_init(&j);
	pl_json_key(&j, "rows");
	pl_json_begin_array(&j);
	for (int i = 0; i < 3; i++) {
		pl_json_str(&j, "x");
		g_assert_cmpint(pl_json_flush(&j, f), ==, 0);
	}
	g_autofree char *tail = pl_json_finish(&j);
	fputs(tail, f);
	fclose(f);
	g_assert_cmpstr(buf, ==, "{\"rows\":[\"x\",\"x\",\"x\"]}");
	free(buf);
}

/* What json-glib read comes back out the same. */
static void test_node_round_trip(void)
{
	const char *in = "{\"id\":\"items/1\",\"n\":[1,-2,0.25,1e-7,true,false,null,\"\\u00e9\"],"
			 "\"o\":{\"deep\":{\"er\":[[],{}]}}}";
	g_autoptr(JsonNode) node = parse(in);
	PlJson j;
	pl_json_start(&j, 1);
	pl_json_node(&j, node);
	g_autofree char *text = pl_json_finish(&j);
	g_autoptr(JsonNode) back = parse(text);
	g_assert_true(json_node_equal(node, back));
}

/* Stored arrays of numbers are written again without json-glib: exactly as
 * json-glib reads them, integers as integers, and anything else (not JSON,
 * or not only numbers) as before. */
static void test_parsed_arrays_as_json_glib(void)
{
	const char *texts[] = {
		"[[0.00,0.00],[32.00,0.00],[32.00,32.00],[0.00,32.00]]", "[1,2.5,-3,-0.25,1e3,2E-2,-0]",
		" [ [ 1 , 2 ] , [ ] ] ", "[]", "[12345678901234]", "[1234567890123456789]",
		"[1,]", "[01]", "[1 2]", "[1.]", "[.5]", "[-]", "[1e]", "[[1]", "[1]]", "[1] x",
		"[\"a\",1]", "[true]", "[null]", "{\"box\":[1,2]}", "7", "", "[[[[[[1]]]]]]",
	};
	for (gsize i = 0; i < G_N_ELEMENTS(texts); i++) {
		PlJson fast, slow;
		pl_json_init(&fast);
		pl_json_init(&slow);
		pl_json_parsed(&fast, texts[i]);
		g_autoptr(JsonParser) p = json_parser_new();
		if (json_parser_load_from_data(p, texts[i], -1, NULL))
			pl_json_node(&slow, json_parser_get_root(p));
		else
			pl_json_null(&slow);
		g_autofree char *got = pl_json_finish(&fast);
		g_autofree char *want = pl_json_finish(&slow);
		g_assert_cmpstr(got, ==, want);
	}
}

/* Whole numbers take a shorter way out: the same text as the others'. */
static void test_doubles_written_alike(void)
{
	const double values[] = {0.0, -0.0, 1.0, -1.0, 32.0, 1280.0, -273.0, 1e14, 999999999999999.0,
				 1e15, 1e16, -1e300, 0.5, -2.25, 1.0 / 3.0, 123456.789, 4503599627370497.0};
	for (gsize i = 0; i < G_N_ELEMENTS(values); i++) {
		PlJson j;
		pl_json_start(&j, 0);
		pl_json_double(&j, values[i]);
		g_autofree char *got = pl_json_finish(&j);
		char want[G_ASCII_DTOSTR_BUF_SIZE];
		for (int digits = 15; digits <= 17; digits++) {
			char fmt[8];
			g_snprintf(fmt, sizeof fmt, "%%.%dg", digits);
			g_ascii_formatd(want, sizeof want, fmt, values[i] == 0 ? 0.0 : values[i]);
			if (g_ascii_strtod(want, NULL) == values[i])
				break;
		}
		g_assert_cmpstr(got, ==, want);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/json/escaping", test_escaping);
	g_test_add_func("/json/keep-markup", test_keep_markup);
	g_test_add_func("/json/numbers", test_numbers);
	g_test_add_func("/json/numbers-locale", test_numbers_locale);
	g_test_add_func("/json/nesting", test_nesting);
	g_test_add_func("/json/empty-and-values", test_empty_and_values);
	g_test_add_func("/json/pretty", test_pretty);
	g_test_add_func("/json/take-and-flush", test_take_and_flush);
	g_test_add_func("/json/node-round-trip", test_node_round_trip);
	g_test_add_func("/json/parsed-arrays-as-json-glib", test_parsed_arrays_as_json_glib);
	g_test_add_func("/json/doubles-written-alike", test_doubles_written_alike);
	return g_test_run();
}

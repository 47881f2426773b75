#include "util/json.h"

#include <math.h>
#include <stdlib.h>

#include "util/util.h"

void pl_json_start(PlJson *j, int indent)
{
	j->s = g_string_new(NULL);
	j->closers = g_string_new(NULL);
	j->depth = 0;
	j->first = TRUE;
	j->after_key = FALSE;
	j->indent = MAX(indent, 0);
	j->keep_markup = FALSE;
}

void pl_json_keep_markup(PlJson *j)
{
	j->keep_markup = TRUE;
}

void pl_json_init(PlJson *j)
{
	pl_json_start(j, 0);
	pl_json_begin_object(j);
}

static void newline(PlJson *j)
{
	if (!j->indent)
		return;
	g_string_append_c(j->s, '\n');
	for (int i = 0; i < j->depth * j->indent; i++)
		g_string_append_c(j->s, ' ');
}

/* What goes before a value: nothing after a key or at the top, else a comma
 * between values and, laid out, a new line. */
static void sep(PlJson *j)
{
	if (j->after_key) {
		j->after_key = FALSE;
		return;
	}
	if (j->depth == 0)
		return;
	if (!j->first)
		g_string_append_c(j->s, ',');
	j->first = FALSE;
	newline(j);
}

static void begin(PlJson *j, char open, char close)
{
	sep(j);
	g_string_append_c(j->s, open);
	g_string_append_c(j->closers, close);
	j->depth++;
	j->first = TRUE;
}

static void end(PlJson *j)
{
	if (j->depth == 0)
		return;
	char close = j->closers->str[j->closers->len - 1];
	g_string_truncate(j->closers, j->closers->len - 1);
	j->depth--;
	if (!j->first)
		newline(j);
	g_string_append_c(j->s, close);
	j->first = FALSE;
	j->after_key = FALSE;
}

void pl_json_begin_array(PlJson *j)
{
	begin(j, '[', ']');
}

void pl_json_end_array(PlJson *j)
{
	end(j);
}

void pl_json_begin_object(PlJson *j)
{
	begin(j, '{', '}');
}

void pl_json_end_object(PlJson *j)
{
	end(j);
}

char *pl_json_finish(PlJson *j)
{
	while (j->depth > 0)
		end(j);
	g_string_free(j->closers, TRUE);
	j->closers = NULL;
	char *text = g_string_free(j->s, FALSE);
	j->s = NULL;
	return text;
}

void pl_json_clear(PlJson *j)
{
	if (j->closers)
		g_string_free(j->closers, TRUE);
	if (j->s)
		g_string_free(j->s, TRUE);
	j->s = j->closers = NULL;
}

char *pl_json_take(PlJson *j)
{
	char *text = g_strndup(j->s->str, j->s->len);
	g_string_truncate(j->s, 0);
	return text;
}

int pl_json_flush(PlJson *j, FILE *f)
{
	gsize n = j->s->len;
	gboolean ok = n == 0 || fwrite(j->s->str, 1, n, f) == n;
	g_string_truncate(j->s, 0);
	return ok && !ferror(f) ? 0 : -1;
}

void pl_json_key(PlJson *j, const char *key)
{
	sep(j);
	pl_json_append_string_markup(j->s, key, j->keep_markup);
	g_string_append(j->s, j->indent ? " : " : ":");
	j->after_key = TRUE;
}

void pl_json_int(PlJson *j, gint64 v)
{
	sep(j);
	g_string_append_printf(j->s, "%" G_GINT64_FORMAT, v);
}

void pl_json_num(PlJson *j, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	sep(j);
	if (!isfinite(v))
		v = 0;
	if (fabs(v) < 5e-7)
		v = 0; /* no "-0" */
	g_string_append(j->s, g_ascii_formatd(buf, sizeof(buf), "%.6g", v));
}

void pl_json_double(PlJson *j, double v)
{
	if (!isfinite(v)) {
		pl_json_null(j);
		return;
	}
	/* A whole number (a pixel, a zero angle: most of a record's numbers)
	 * as %.15g writes it, without printf and a read back. */
	if (fabs(v) < 1e15 && v == (double)(gint64)v) {
		char digits[24], *p = digits + sizeof digits;
		gint64 n = (gint64)v;
		guint64 u = n < 0 ? (guint64)-n : (guint64)n;
		*--p = '\0';
		do
			*--p = (char)('0' + u % 10);
		while (u /= 10);
		if (n < 0)
			*--p = '-';
		sep(j);
		g_string_append(j->s, p);
		return;
	}
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	/* 15 digits say most values exactly; 17 always read back the same. */
	for (int digits = 15; digits <= 17; digits++) {
		char fmt[8];
		g_snprintf(fmt, sizeof fmt, "%%.%dg", digits);
		g_ascii_formatd(buf, sizeof buf, fmt, v == 0 ? 0.0 : v);
		if (g_ascii_strtod(buf, NULL) == v)
			break;
	}
	sep(j);
	g_string_append(j->s, buf);
}

void pl_json_str(PlJson *j, const char *v)
{
	sep(j);
	pl_json_append_string_markup(j->s, v, j->keep_markup);
}

void pl_json_str_or_null(PlJson *j, const char *v)
{
	if (v)
		pl_json_str(j, v);
	else
		pl_json_null(j);
}

void pl_json_bool(PlJson *j, gboolean v)
{
	sep(j);
	g_string_append(j->s, v ? "true" : "false");
}

void pl_json_null(PlJson *j)
{
	sep(j);
	g_string_append(j->s, "null");
}

void pl_json_node(PlJson *j, JsonNode *node)
{
	if (!node || JSON_NODE_HOLDS_NULL(node)) {
		pl_json_null(j);
	} else if (JSON_NODE_HOLDS_OBJECT(node)) {
		JsonObject *o = json_node_get_object(node);
		g_autoptr(GList) names = json_object_get_members(o); /* in the order read */
		pl_json_begin_object(j);
		for (GList *l = names; l; l = l->next) {
			pl_json_key(j, l->data);
			pl_json_node(j, json_object_get_member(o, l->data));
		}
		pl_json_end_object(j);
	} else if (JSON_NODE_HOLDS_ARRAY(node)) {
		JsonArray *a = json_node_get_array(node);
		pl_json_begin_array(j);
		for (guint i = 0; i < json_array_get_length(a); i++)
			pl_json_node(j, json_array_get_element(a, i));
		pl_json_end_array(j);
	} else {
		switch (json_node_get_value_type(node)) {
		case G_TYPE_INT64: pl_json_int(j, json_node_get_int(node)); break;
		case G_TYPE_DOUBLE: pl_json_double(j, json_node_get_double(node)); break;
		case G_TYPE_BOOLEAN: pl_json_bool(j, json_node_get_boolean(node)); break;
		case G_TYPE_STRING: pl_json_str(j, json_node_get_string(node)); break;
		default: pl_json_null(j);
		}
	}
}

static const char *skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

/* A JSON number at p, written as json-glib reads it (an integer, or a
 * double when it has a fraction or an exponent) when emit; the end of it,
 * or NULL when it is none or an integer too long to be sure of. */
static const char *plain_number(PlJson *j, const char *p, gboolean emit)
{
	const char *start = p;
	gboolean real = FALSE;
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (g_ascii_isdigit(*p))
			p++;
	else
		return NULL;
	if (*p == '.') {
		if (!g_ascii_isdigit(*++p))
			return NULL;
		while (g_ascii_isdigit(*p))
			p++;
		real = TRUE;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!g_ascii_isdigit(*p))
			return NULL;
		while (g_ascii_isdigit(*p))
			p++;
		real = TRUE;
	}
	if (!real && p - start > 15)
		return NULL;
	if (emit && real)
		pl_json_double(j, g_ascii_strtod(start, NULL));
	else if (emit)
		pl_json_int(j, g_ascii_strtoll(start, NULL, 10));
	return p;
}

/* A number, or an array of them to a small depth: the end, or NULL. */
static const char *plain_value(PlJson *j, const char *p, gboolean emit, int depth)
{
	p = skip_space(p);
	if (*p != '[')
		return plain_number(j, p, emit);
	if (depth > 4)
		return NULL;
	if (emit)
		pl_json_begin_array(j);
	p = skip_space(p + 1);
	if (*p != ']') {
		for (;;) {
			if (!(p = plain_value(j, p, emit, depth + 1)))
				return NULL;
			p = skip_space(p);
			if (*p != ',')
				break;
			p++;
		}
		if (*p != ']')
			return NULL;
	}
	if (emit)
		pl_json_end_array(j);
	return p + 1;
}

/* Arrays of numbers (a region, a box: most of the JSON a catalogue holds)
 * are written without json-glib, whose parser, an object with signals
 * made for each, was most of a dump of 100,000 records (issue 18); the
 * text is checked whole before anything is written. */
static gboolean plain_array(PlJson *j, const char *text)
{
	const char *start = skip_space(text);
	if (*start != '[')
		return FALSE;
	const char *end = plain_value(j, start, FALSE, 0);
	if (!end || *skip_space(end))
		return FALSE;
	plain_value(j, start, TRUE, 0);
	return TRUE;
}

void pl_json_parsed(PlJson *j, const char *text)
{
	if (text && plain_array(j, text))
		return;
	g_autoptr(JsonParser) p = json_parser_new();
	if (text && json_parser_load_from_data(p, text, -1, NULL))
		pl_json_node(j, json_parser_get_root(p));
	else
		pl_json_null(j);
}

void pl_json_key_str(PlJson *j, const char *key, const char *v)
{
	pl_json_key(j, key);
	pl_json_str_or_null(j, v);
}

void pl_json_key_text(PlJson *j, const char *key, const char *v)
{
	pl_json_key(j, key);
	pl_json_str(j, v);
}

void pl_json_key_int(PlJson *j, const char *key, gint64 v)
{
	pl_json_key(j, key);
	pl_json_int(j, v);
}

void pl_json_key_double(PlJson *j, const char *key, double v)
{
	pl_json_key(j, key);
	pl_json_double(j, v);
}

void pl_json_key_bool(PlJson *j, const char *key, gboolean v)
{
	pl_json_key(j, key);
	pl_json_bool(j, v);
}

#include "util/util.h"

#include <string.h>

char *pl_utf8_sanitize(const char *s)
{
	if (!s)
		return g_strdup("");
	return g_utf8_make_valid(s, -1);
}

int pl_utf8_check_text(const char *text, gssize len, const char *filename, GError **error)
{
	const char *end;
	if (g_utf8_validate(text, len, &end))
		return 0;
	int line = 1;
	for (const char *p = text; p < end; p++)
		line += *p == '\n';
	g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s:%d: %s", filename, line,
		    *end ? "not UTF-8 text (save the file as UTF-8)" : "a NUL byte in the text");
	return -1;
}

gboolean pl_xml_char_ok(gunichar c)
{
	if (c < 0x20)
		return c == '\t' || c == '\n' || c == '\r';
	/* Surrogates cannot come out of valid UTF-8; U+FFFE and U+FFFF are not
	 * XML characters, and the other noncharacters (U+FDD0..U+FDEF, the last
	 * two of every plane) are not text either. */
	if (c >= 0xD800 && c <= 0xDFFF)
		return FALSE;
	if (c >= 0xFDD0 && c <= 0xFDEF)
		return FALSE;
	if ((c & 0xFFFE) == 0xFFFE)
		return FALSE;
	return c <= 0x10FFFF;
}

char *pl_xml_text(const char *s)
{
	/* Nearly all text is valid and has nothing to drop: one pass to see
	 * that, one copy (exports call this for every cell). */
	if (s && g_utf8_validate(s, -1, NULL)) {
		const char *p = s;
		for (unsigned char c; (c = (unsigned char)*p);) {
			if (c >= 0x80) {
				if (!pl_xml_char_ok(g_utf8_get_char(p)))
					break;
				p = g_utf8_next_char(p);
			} else if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
				p++;
			} else {
				break;
			}
		}
		if (!*p)
			return g_strdup(s);
	}
	g_autofree char *valid = pl_utf8_sanitize(s);
	GString *out = g_string_sized_new(strlen(valid));
	for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
		const char *next = g_utf8_next_char(p);
		if (pl_xml_char_ok(g_utf8_get_char(p)))
			g_string_append_len(out, p, next - p);
	}
	return g_string_free(out, FALSE);
}

void pl_html_escape_append(GString *out, const char *s, gssize len)
{
	const char *end = len < 0 ? s + strlen(s) : s + len;
	for (const char *p = s; p < end; p++) {
		unsigned char c = (unsigned char)*p;
		switch (c) {
		case '&': g_string_append(out, "&amp;"); break;
		case '<': g_string_append(out, "&lt;"); break;
		case '>': g_string_append(out, "&gt;"); break;
		case '"': g_string_append(out, "&quot;"); break;
		case '\'': g_string_append(out, "&#39;"); break;
		default:
			/* Control characters are not allowed in XML 1.0; drop them. */
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
				break;
			g_string_append_c(out, (char)c);
		}
	}
}

char *pl_html_escape(const char *s)
{
	g_autofree char *valid = pl_xml_text(s);
	GString *out = g_string_sized_new(strlen(valid) + 16);
	pl_html_escape_append(out, valid, -1);
	return g_string_free(out, FALSE);
}

void pl_json_append_string(GString *out, const char *s)
{
	pl_json_append_string_markup(out, s, FALSE);
}

void pl_json_append_string_markup(GString *out, const char *s, gboolean keep_markup)
{
	g_autofree char *valid = pl_xml_text(s);
	g_string_append_c(out, '"');
	for (const char *p = valid; *p; p++) {
		/* A run of characters that need no escape goes in one append. */
		const char *run = p;
		while ((unsigned char)*p >= 0x20 && *p != '"' && *p != '\\' && *p != '<' &&
		       *p != '>' && *p != '&' && (unsigned char)*p != 0xe2)
			p++;
		g_string_append_len(out, run, p - run);
		if (!*p)
			break;
		unsigned char c = (unsigned char)*p;
		switch (c) {
		case '"': g_string_append(out, "\\\""); break;
		case '\\': g_string_append(out, "\\\\"); break;
		case '\n': g_string_append(out, "\\n"); break;
		case '\r': g_string_append(out, "\\r"); break;
		case '\t': g_string_append(out, "\\t"); break;
		/* Keeps a JSON string safe inside an HTML <script> element too. */
		case '<':
		case '>':
		case '&':
			if (keep_markup)
				g_string_append_c(out, (char)c);
			else
				g_string_append_printf(out, "\\u%04x", c);
			break;
		default:
			/* U+2028 and U+2029 end a line in JavaScript before ES2019:
			 * escaped, the JSON is also a script's source. */
			if (c == 0xe2 && (unsigned char)p[1] == 0x80 &&
			    ((unsigned char)p[2] == 0xa8 || (unsigned char)p[2] == 0xa9)) {
				g_string_append(out, (unsigned char)p[2] == 0xa8 ? "\\u2028" : "\\u2029");
				p += 2;
			} else if (c < 0x20)
				g_string_append_printf(out, "\\u%04x", c);
			else
				g_string_append_c(out, (char)c);
		}
	}
	g_string_append_c(out, '"');
}

/* Marks that reorder or break the text shown around them. */
static gboolean invisible_control(gunichar c)
{
	return c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
	       (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
}

char *pl_terminal_escape(const char *s, gboolean json)
{
	g_autofree char *valid = pl_utf8_sanitize(s);
	GString *out = g_string_sized_new(strlen(valid) + 8);
	for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (json && c == '\n')
			g_string_append_c(out, '\n');
		else if (c == '\n' || c == '\t' || c == '\r')
			g_string_append(out, c == '\n' ? "\\n" : c == '\t' ? "\\t" : "\\r");
		else if ((c < 0x20 || c == 0x7f) && !json)
			g_string_append_printf(out, "\\x%02x", c);
		else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || invisible_control(c))
			g_string_append_printf(out, "\\u%04x", c);
		else
			g_string_append_len(out, p, g_utf8_next_char(p) - p);
	}
	return g_string_free(out, FALSE);
}

/* Pure text helpers of the gallery: slugs, the Markdown subset, paging. */
#include "gallery/gallery.h"

#include <string.h>

#include "util/util.h"

char *gal_text_sort_key(const char *text)
{
	g_autofree char *nfkd = g_utf8_normalize(text ? text : "", -1, G_NORMALIZE_ALL);
	g_autofree char *folded = g_utf8_casefold(nfkd ? nfkd : "", -1);
	GString *key = g_string_new(NULL);
	for (const char *p = folded; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_type(c) != G_UNICODE_NON_SPACING_MARK)
			g_string_append_unichar(key, c);
	}
	return g_string_free(key, FALSE);
}

int gal_text_cmp(const char *a, const char *b)
{
	g_autofree char *ka = gal_text_sort_key(a), *kb = gal_text_sort_key(b);
	int c = strcmp(ka, kb);
	return c ? c : g_strcmp0(a, b);
}

char *gal_slugify(const char *text, gsize max_len)
{
	g_autofree char *valid = pl_utf8_sanitize(text);
	/* Transliterates "é" to "e", "œ" to "oe"; other scripts become '?'. */
	g_autofree char *ascii = g_str_to_ascii(valid, "C");
	GString *out = g_string_new(NULL);
	gboolean dash = FALSE;
	for (const char *p = ascii; *p && out->len < max_len; p++) {
		char c = g_ascii_tolower(*p);
		if (g_ascii_isalnum(c)) {
			if (dash && out->len > 0)
				g_string_append_c(out, '-');
			dash = FALSE;
			if (out->len < max_len)
				g_string_append_c(out, c);
		} else {
			dash = TRUE;
		}
	}
	while (out->len > 0 && out->str[out->len - 1] == '-')
		g_string_truncate(out, out->len - 1);
	if (out->len == 0)
		g_string_append_c(out, 'x');
	return g_string_free(out, FALSE);
}

/* ---- Markdown subset ---- */

static void esc_char(GString *out, char c)
{
	pl_html_escape_append(out, &c, 1);
}

static gboolean safe_link(const char *url, gsize len)
{
	if (len == 0)
		return FALSE;
	if (g_str_has_prefix(url, "http://") || g_str_has_prefix(url, "https://") ||
	    g_str_has_prefix(url, "mailto:"))
		return TRUE;
	/* A relative target has no scheme: no ':' before the first '/', '?' or '#'. */
	for (gsize i = 0; i < len; i++) {
		if (url[i] == '/' || url[i] == '?' || url[i] == '#')
			return url[0] != '/' || (len > 1 && url[1] != '/');
		if (url[i] == ':' || (unsigned char)url[i] < 0x20 || url[i] == '\\')
			return FALSE;
	}
	return TRUE;
}

static void inline_md(GString *out, const char *s, gsize len, int depth);

/* Finds the closing delimiter delim (of dlen) in s[from, len). */
static gssize find_close(const char *s, gsize len, gsize from, const char *delim, gsize dlen)
{
	for (gsize i = from; i + dlen <= len; i++) {
		if (s[i] == '\\') {
			i++;
			continue;
		}
		if (memcmp(s + i, delim, dlen) == 0 && i > from)
			return (gssize)i;
	}
	return -1;
}

/* The ')' closing a link target, allowing balanced parentheses inside. */
static gssize find_paren(const char *s, gsize len, gsize from)
{
	int depth = 0;
	for (gsize i = from; i < len; i++) {
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && depth-- == 0)
			return i > from ? (gssize)i : -1;
	}
	return -1;
}

static void inline_md(GString *out, const char *s, gsize len, int depth)
{
	for (gsize i = 0; i < len; i++) {
		char c = s[i];
		if (c == '\\' && i + 1 < len && strchr("\\`*_[]()#>-!", s[i + 1])) {
			esc_char(out, s[++i]);
			continue;
		}
		if (depth < 8 && c == '`') {
			gssize e = find_close(s, len, i + 1, "`", 1);
			if (e > 0) {
				g_string_append(out, "<code>");
				for (gsize k = i + 1; k < (gsize)e; k++)
					esc_char(out, s[k]);
				g_string_append(out, "</code>");
				i = (gsize)e;
				continue;
			}
		}
		if (depth < 8 && (c == '*' || c == '_') && i + 1 < len && s[i + 1] == c) {
			char d[3] = {c, c, 0};
			gssize e = find_close(s, len, i + 2, d, 2);
			if (e > 0) {
				g_string_append(out, "<strong>");
				inline_md(out, s + i + 2, (gsize)e - i - 2, depth + 1);
				g_string_append(out, "</strong>");
				i = (gsize)e + 1;
				continue;
			}
		}
		if (depth < 8 && (c == '*' || c == '_') && i + 1 < len && s[i + 1] != ' ') {
			char d[2] = {c, 0};
			gssize e = find_close(s, len, i + 1, d, 1);
			if (e > 0) {
				g_string_append(out, "<em>");
				inline_md(out, s + i + 1, (gsize)e - i - 1, depth + 1);
				g_string_append(out, "</em>");
				i = (gsize)e;
				continue;
			}
		}
		if (depth < 8 && c == '[') {
			gssize e = find_close(s, len, i + 1, "]", 1);
			if (e > 0 && (gsize)e + 1 < len && s[e + 1] == '(') {
				gssize u = find_paren(s, len, (gsize)e + 2);
				if (u > 0) {
					const char *url = s + e + 2;
					gsize ulen = (gsize)u - (gsize)e - 2;
					gboolean ok = safe_link(url, ulen);
					if (ok) {
						g_string_append(out, "<a href=\"");
						for (gsize k = 0; k < ulen; k++)
							esc_char(out, url[k]);
						g_string_append(out, "\">");
					}
					inline_md(out, s + i + 1, (gsize)e - i - 1, depth + 1);
					if (ok)
						g_string_append(out, "</a>");
					i = (gsize)u;
					continue;
				}
			}
		}
		esc_char(out, c);
	}
}

typedef enum { BLOCK_NONE, BLOCK_P, BLOCK_UL, BLOCK_QUOTE } Block;

static void close_block(GString *out, Block *b, GString *para)
{
	if (*b == BLOCK_P || *b == BLOCK_QUOTE) {
		const char *tag = *b == BLOCK_P ? "p" : "blockquote";
		g_string_append_printf(out, *b == BLOCK_P ? "<%s>" : "<%s><p>", tag);
		inline_md(out, para->str, para->len, 0);
		g_string_append_printf(out, *b == BLOCK_P ? "</%s>\n" : "</p></%s>\n", tag);
	} else if (*b == BLOCK_UL) {
		g_string_append(out, "</ul>\n");
	}
	g_string_truncate(para, 0);
	*b = BLOCK_NONE;
}

char *gal_markdown_to_html(const char *text)
{
	/* Escaped byte by byte below: what XML cannot carry goes first. */
	g_autofree char *valid = pl_xml_text(text);
	g_auto(GStrv) lines = g_strsplit(valid, "\n", -1);
	GString *out = g_string_new(NULL);
	g_autoptr(GString) para = g_string_new(NULL);
	Block b = BLOCK_NONE;
	for (int i = 0; lines[i]; i++) {
		char *line = g_strstrip(lines[i]);
		if (!*line) {
			close_block(out, &b, para);
			continue;
		}
		int level = 0;
		while (line[level] == '#')
			level++;
		if (level > 0 && level <= 6 && (line[level] == ' ' || !line[level])) {
			close_block(out, &b, para);
			int h = MIN(level + 1, 4); /* the page's own title is the h1 */
			const char *t = g_strstrip(line + level);
			g_string_append_printf(out, "<h%d>", h);
			inline_md(out, t, strlen(t), 0);
			g_string_append_printf(out, "</h%d>\n", h);
			continue;
		}
		if ((line[0] == '-' || line[0] == '*' || line[0] == '+') && line[1] == ' ') {
			if (b != BLOCK_UL) {
				close_block(out, &b, para);
				g_string_append(out, "<ul>\n");
				b = BLOCK_UL;
			}
			const char *t = g_strstrip(line + 2);
			g_string_append(out, "<li>");
			inline_md(out, t, strlen(t), 0);
			g_string_append(out, "</li>\n");
			continue;
		}
		Block want = BLOCK_P;
		if (line[0] == '>') {
			want = BLOCK_QUOTE;
			line = g_strstrip(line + 1);
		}
		if (b != want)
			close_block(out, &b, para);
		b = want;
		if (para->len)
			g_string_append_c(para, ' ');
		g_string_append(para, line);
	}
	close_block(out, &b, para);
	return g_string_free(out, FALSE);
}

/* ---- paging ---- */

int gal_page_count(int count, int per_page)
{
	if (per_page < 1)
		per_page = 1;
	if (count <= 0)
		return 1;
	return (count - 1) / per_page + 1;
}

void gal_page_range(int count, int per_page, int page, int *first, int *last)
{
	if (per_page < 1)
		per_page = 1;
	int n = gal_page_count(count, per_page);
	page = CLAMP(page, 1, n);
	gint64 f = (gint64)(page - 1) * per_page;
	gint64 l = MIN(f + per_page, (gint64)MAX(count, 0));
	*first = (int)MIN(f, (gint64)MAX(count, 0));
	*last = (int)l;
}

int gal_pager_window(int n_pages, int current, int out[9])
{
	int k = 0;
	current = CLAMP(current, 1, MAX(n_pages, 1));
	int lo = MAX(1, current - 2), hi = MIN(n_pages, current + 2);
	if (lo > 1) {
		out[k++] = 1;
		if (lo > 2)
			out[k++] = 0;
	}
	for (int p = lo; p <= hi; p++)
		out[k++] = p;
	if (hi < n_pages) {
		if (hi < n_pages - 1)
			out[k++] = 0;
		out[k++] = n_pages;
	}
	return k;
}

int gal_derivative_widths(const int *widths, gsize n_widths, int w, int out[8])
{
	int k = 0;
	if (w <= 0)
		return 0;
	for (gsize i = 0; i < n_widths && k < 7; i++)
		if (widths[i] > 0 && widths[i] < w && (k == 0 || widths[i] > out[k - 1]))
			out[k++] = widths[i];
	if (k == 0 || (n_widths > 0 && widths[n_widths - 1] >= w))
		out[k++] = w;
	return k;
}

char *gal_json_for_html(const char *json)
{
	GString *out = g_string_new(NULL);
	for (const char *p = json ? json : ""; *p; p++) {
		/* Outside strings JSON never holds these, so replacing them is exact. */
		switch (*p) {
		case '<': g_string_append(out, "\\u003c"); break;
		case '>': g_string_append(out, "\\u003e"); break;
		case '&': g_string_append(out, "\\u0026"); break;
		default: g_string_append_c(out, *p);
		}
	}
	return g_string_free(out, FALSE);
}

char *gal_decade_key(int year)
{
	if (year == 0)
		return NULL;
	int d = year >= 0 ? year / 10 * 10 : -((-year + 9) / 10 * 10);
	return g_strdup_printf("%d", d);
}

/* The introduction's Markdown renderer from arbitrary bytes: no crash, the
 * HTML is valid UTF-8 without what XML cannot carry, and every tag in it is
 * one the renderer makes, links only to relative, http(s) or mailto
 * targets: nothing in a planche.conf introduction becomes script. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gallery/gallery.h"
#include "util/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const tags[] = {
	"p>", "/p>", "h2>", "/h2>", "h3>", "/h3>", "h4>", "/h4>", "ul>", "/ul>", "li>", "/li>",
	"blockquote>", "/blockquote>", "strong>", "/strong>", "em>", "/em>", "code>", "/code>",
	"/a>", "a href=\"",
};

/* A link target as the renderer writes it (escaped): relative, or one of
 * the three schemes. */
static void check_href(const char *url, size_t len)
{
	if (len == 0 || memchr(url, '<', len) || memchr(url, '>', len))
		abort();
	for (size_t i = 0; i < len; i++) {
		if (url[i] == '/' || url[i] == '?' || url[i] == '#')
			break;
		if (url[i] == ':') {
			if (!g_str_has_prefix(url, "http:") && !g_str_has_prefix(url, "https:") &&
			    !g_str_has_prefix(url, "mailto:"))
				abort();
			break;
		}
	}
	if (len >= 2 && url[0] == '/' && url[1] == '/')
		abort(); /* another host */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = g_strndup((const char *)data, size);
	char *html = gal_markdown_to_html(text);
	if (!g_utf8_validate(html, -1, NULL))
		abort();
	for (const char *p = html; *p; p = g_utf8_next_char(p))
		if (!pl_xml_char_ok(g_utf8_get_char(p)))
			abort();
	for (const char *p = strchr(html, '<'); p; p = strchr(p + 1, '<')) {
		gsize i = 0;
		while (i < G_N_ELEMENTS(tags) && !g_str_has_prefix(p + 1, tags[i]))
			i++;
		if (i == G_N_ELEMENTS(tags))
			abort();
		if (strcmp(tags[i], "a href=\"") == 0) {
			const char *url = p + 1 + strlen(tags[i]);
			const char *close = strchr(url, '"');
			if (!close || close[1] != '>')
				abort();
			check_href(url, (size_t)(close - url));
		}
	}
	g_free(html);
	g_free(text);
	return 0;
}

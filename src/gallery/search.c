/* The search page and its index. The page never loads the whole index: a
 * site of 100,000 images would make a phone download megabytes first.
 * Instead the words of every item (folded: no case, no accents) are split
 * into shards by their first two letters, search/t/KEY.js, each word with
 * the items that hold it; the items' cards come in chunks of ITEMS_PER_CHUNK,
 * search/items-N.js. A search loads the shards of its words' first letters
 * and the chunks of the cards it shows. They are scripts, not JSON, so that
 * they load from file:// too (fetch() cannot). search/index.json stays, the
 * whole index for programs. */
#include "gallery/site.h"

#include <string.h>

#include "util/json.h"
#include "util/util.h"

static char *index_json(GalSite *site)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "version");
	json_builder_add_int_value(b, 1);
	json_builder_set_member_name(b, "items");
	json_builder_begin_array(b);
	for (guint i = 0; i < site->items->len; i++) {
		GalItem *it = site->items->pdata[i];
		CatalogItem *ci = it->ci;
		json_builder_begin_object(b);
		pl_json_member_text(b, "id", it->id);
		pl_json_member_text(b, "title", it->title);
		pl_json_member_text(b, "creator", ci->creator);
		pl_json_member_text(b, "date", ci->date);
		pl_json_member_text(b, "document", ci->document_title);
		json_builder_set_member_name(b, "tags");
		json_builder_begin_array(b);
		for (guint t = 0; ci->tags && t < ci->tags->len; t++) {
			g_autofree char *v = pl_xml_text(ci->tags->pdata[t]);
			json_builder_add_string_value(b, v);
		}
		json_builder_end_array(b);
		json_builder_set_member_name(b, "ids");
		json_builder_begin_array(b);
		for (guint k = 0; ci->identifiers && k < ci->identifiers->len; k++) {
			const PlIdentifier *pid = ci->identifiers->pdata[k];
			const char *forms[] = {pid->value, pid->local_id, pid->url};
			for (int f = 0; f < 3; f++)
				if (forms[f] && *forms[f]) {
					g_autofree char *v = pl_xml_text(forms[f]);
					json_builder_add_string_value(b, v);
				}
		}
		json_builder_end_array(b);
		json_builder_set_member_name(b, "years");
		json_builder_begin_array(b);
		json_builder_add_int_value(b, ci->year_min);
		json_builder_add_int_value(b, ci->year_max);
		json_builder_end_array(b);
		g_autofree char *thumb = g_strdup_printf("media/%s/%d.jpg", it->id, it->sizes[0]);
		pl_json_member_text(b, "thumb", thumb);
		json_builder_set_member_name(b, "w");
		json_builder_add_int_value(b, it->sizes[0]);
		json_builder_set_member_name(b, "h");
		json_builder_add_int_value(b, it->w > 0 ? (int)((double)it->h * it->sizes[0] / it->w + 0.5) : it->sizes[0]);
		pl_json_member_text(b, "alt", it->alt);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
	return gal_json_string(b, FALSE);
}

/* Cards a chunk holds: a page of results (200) touches one or two chunks,
 * each a few tens of kilobytes. */
#define ITEMS_PER_CHUNK 500

/* What the browser's fold() does: NFD, combining accents dropped, lower case. */
static char *fold(const char *s)
{
	g_autofree char *valid = pl_utf8_sanitize(s);
	g_autofree char *nfd = g_utf8_normalize(valid, -1, G_NORMALIZE_NFD);
	GString *out = g_string_new(NULL);
	for (const char *p = nfd; p && *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c < 0x300 || c > 0x36f)
			g_string_append_unichar(out, c);
	}
	char *lower = g_utf8_strdown(out->str, -1);
	g_string_free(out, TRUE);
	return lower;
}

/* Adds the words of text (split where the browser splits: at anything but a
 * letter or a digit) to words, a set. */
static void add_words(GHashTable *words, const char *text)
{
	if (!text || !*text)
		return;
	g_autofree char *f = fold(text);
	const char *start = NULL;
	for (const char *p = f;; p = g_utf8_next_char(p)) {
		gunichar c = *p ? g_utf8_get_char(p) : 0;
		gboolean word = c && (g_unichar_isalpha(c) || g_unichar_isdigit(c) ||
				      g_unichar_type(c) == G_UNICODE_LETTER_NUMBER ||
				      g_unichar_type(c) == G_UNICODE_OTHER_NUMBER);
		if (word && !start)
			start = p;
		if (!word && start) {
			g_hash_table_add(words, g_strndup(start, (gsize)(p - start)));
			start = NULL;
		}
		if (!c)
			break;
	}
}

static void item_words(GalItem *it, GHashTable *words)
{
	CatalogItem *ci = it->ci;
	add_words(words, it->title);
	add_words(words, ci->creator);
	add_words(words, ci->date);
	add_words(words, ci->document_title);
	for (guint t = 0; ci->tags && t < ci->tags->len; t++)
		add_words(words, ci->tags->pdata[t]);
	for (guint k = 0; ci->identifiers && k < ci->identifiers->len; k++) {
		const PlIdentifier *pid = ci->identifiers->pdata[k];
		add_words(words, pid->value);
		add_words(words, pid->local_id);
		add_words(words, pid->url);
	}
	for (int y = 0; y < 2; y++) {
		int year = y ? ci->year_max : ci->year_min;
		if (year) {
			char buf[16];
			g_snprintf(buf, sizeof buf, "%d", year);
			add_words(words, buf);
		}
	}
}

/* A word's shard: the hex of the UTF-8 bytes of its first two letters, as
 * search.js computes it. */
static char *shard_key(const char *word)
{
	const char *end = g_utf8_next_char(word);
	if (*end)
		end = g_utf8_next_char(end);
	GString *key = g_string_new(NULL);
	for (const char *p = word; p < end; p++)
		g_string_append_printf(key, "%02x", (guchar)*p);
	return g_string_free(key, FALSE);
}

static void json_string(GString *out, const char *s)
{
	g_autofree char *valid = pl_utf8_sanitize(s ? s : "");
	pl_json_append_string(out, valid);
}

/* shard key -> (word -> GArray of item positions) */
static GHashTable *build_shards(GalSite *site)
{
	GHashTable *shards = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
						   (GDestroyNotify)g_hash_table_unref);
	for (guint i = 0; i < site->items->len; i++) {
		g_autoptr(GHashTable) words = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		item_words(site->items->pdata[i], words);
		GHashTableIter it;
		gpointer word;
		g_hash_table_iter_init(&it, words);
		while (g_hash_table_iter_next(&it, &word, NULL)) {
			g_autofree char *key = shard_key(word);
			GHashTable *shard = g_hash_table_lookup(shards, key);
			if (!shard) {
				shard = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
							      (GDestroyNotify)g_array_unref);
				g_hash_table_insert(shards, g_strdup(key), shard);
			}
			GArray *posting = g_hash_table_lookup(shard, word);
			if (!posting) {
				posting = g_array_new(FALSE, FALSE, sizeof(guint));
				g_hash_table_insert(shard, g_strdup(word), posting);
			}
			g_array_append_val(posting, i);
		}
	}
	return shards;
}

static int write_shard(GalSite *site, const char *key, GHashTable *shard, GError **error)
{
	g_autoptr(GList) words = g_list_sort(g_hash_table_get_keys(shard), (GCompareFunc)strcmp);
	g_autoptr(GString) out = g_string_new("plancheSearch.shard(\"");
	g_string_append_printf(out, "%s\", {", key);
	for (GList *l = words; l; l = l->next) {
		GArray *posting = g_hash_table_lookup(shard, l->data);
		if (l != words)
			g_string_append_c(out, ',');
		json_string(out, l->data);
		g_string_append(out, ":[");
		for (guint i = 0; i < posting->len; i++)
			g_string_append_printf(out, "%s%u", i ? "," : "", g_array_index(posting, guint, i));
		g_string_append_c(out, ']');
	}
	g_string_append(out, "});\n");
	g_autofree char *rel = g_strdup_printf("search/t/%s.js", key);
	return gal_out_write_string(site->out, rel, out, error);
}

static int write_chunk(GalSite *site, guint chunk, GError **error)
{
	g_autoptr(GString) out = g_string_new(NULL);
	g_string_append_printf(out, "plancheSearch.items(%u, [", chunk);
	guint first = chunk * ITEMS_PER_CHUNK;
	guint last = MIN(first + ITEMS_PER_CHUNK, site->items->len);
	for (guint i = first; i < last; i++) {
		GalItem *it = site->items->pdata[i];
		int h = it->w > 0 ? (int)((double)it->h * it->sizes[0] / it->w + 0.5) : it->sizes[0];
		g_autofree char *thumb = g_strdup_printf("media/%s/%d.jpg", it->id, it->sizes[0]);
		g_string_append(out, i > first ? ",\n[" : "\n[");
		const char *fields[] = { it->id, it->title, it->ci->creator, it->ci->date, thumb,
					 it->alt };
		for (guint f = 0; f < G_N_ELEMENTS(fields); f++) {
			json_string(out, fields[f]);
			g_string_append_c(out, ',');
		}
		g_string_append_printf(out, "%d,%d]", it->sizes[0], h);
	}
	g_string_append(out, "]);\n");
	g_autofree char *rel = g_strdup_printf("search/items-%u.js", chunk);
	return gal_out_write_string(site->out, rel, out, error);
}

/* The shards there are, so that the page asks only for those (a missing
 * one would be a 404 in the console). */
static int write_keys(GalSite *site, GHashTable *shards, GError **error)
{
	g_autoptr(GList) keys = g_list_sort(g_hash_table_get_keys(shards), (GCompareFunc)strcmp);
	g_autoptr(GString) out = g_string_new("plancheSearch.keys([");
	for (GList *l = keys; l; l = l->next)
		g_string_append_printf(out, "%s\"%s\"", l == keys ? "" : ",", (char *)l->data);
	g_string_append_printf(out, "], %d);\n", ITEMS_PER_CHUNK);
	return gal_out_write_string(site->out, "search/keys.js", out, error);
}

static int write_index(GalSite *site, GError **error)
{
	g_autoptr(GHashTable) shards = build_shards(site);
	GHashTableIter it;
	gpointer key, shard;
	g_hash_table_iter_init(&it, shards);
	while (g_hash_table_iter_next(&it, &key, &shard))
		if (write_shard(site, key, shard, error))
			return -1;
	if (write_keys(site, shards, error))
		return -1;
	for (guint c = 0; c * ITEMS_PER_CHUNK < site->items->len; c++)
		if (write_chunk(site, c, error))
			return -1;
	return 0;
}

int gal_write_search(GalSite *site, GError **error)
{
	g_autofree char *json = index_json(site);
	if (gal_out_write(site->out, "search/index.json", json, strlen(json), error) ||
	    write_index(site, error))
		return -1;

	GalPage page = {.title = _("Search"), .depth = 1, .canonical = "search/index.html",
			.body_class = "search", .search = TRUE};
	g_autoptr(GString) out = g_string_new(NULL);
	gal_page_begin(site, out, &page);
	g_string_append(out, "<h1>");
	gal_esc(out, _("Search"));
	g_string_append(out, "</h1>\n<form class=\"search-box\" role=\"search\" action=\"index.html\" method=\"get\" id=\"search-form\"><label for=\"q\">");
	gal_esc(out, _("Titles, creators, tags, identifiers (ARK), dates"));
	g_string_append(out, "</label> <input id=\"q\" type=\"search\" name=\"q\" autocomplete=\"off\"> <button type=\"submit\">");
	gal_esc(out, _("Find"));
	g_string_append(out, "</button></form>\n<p id=\"search-status\" class=\"count\" role=\"status\" aria-live=\"polite\"></p>\n"
			     "<ul id=\"search-results\" class=\"grid\"></ul>\n<noscript><p>");
	gal_esc(out, _("Search needs JavaScript. Every image can also be found through the browse pages:"));
	g_string_append(out, " <a href=\"../browse/index.html\">");
	gal_esc(out, _("All images"));
	g_string_append(out, "</a>");
	for (int k = 0; k < GAL_N_KINDS; k++) {
		g_string_append_printf(out, ", <a href=\"../%s/index.html\">", gal_kind_dir((GalKind)k));
		gal_esc(out, gal_kind_title((GalKind)k));
		g_string_append(out, "</a>");
	}
	g_string_append(out, ".</p></noscript>\n");
	/* Strings for the script, translated here. */
	g_string_append(out, "<template id=\"search-text\" data-none=\"");
	gal_esc(out, _("No image matches."));
	g_string_append(out, "\" data-one=\"");
	gal_esc(out, _("1 image matches."));
	g_string_append(out, "\" data-many=\"");
	gal_esc(out, _("%d images match."));
	g_string_append(out, "\"></template>\n");
	gal_page_end(site, out, &page);
	return gal_out_write_string(site->out, "search/index.html", out, error);
}

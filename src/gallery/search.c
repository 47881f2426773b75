/* The search page and its index. The page never loads the whole index: a
 * site of 100,000 images would make a phone download megabytes first.
 * Instead the words of every item (folded: no case, no accents) are split
 * into shards by their first two letters, search/t/KEY.js, each word with
 * the items that hold it; a shard over GAL_SEARCH_SHARD_BUDGET is split
 * again by longer prefixes (years: "18" into "183", "184"...), the split
 * prefix's shard keeping the list of all its items, so that a query of just
 * "18" still finds every "18..." word. A list of items longer than a quarter
 * of the budget (a year on 5,000 items) is cut into parts, search/p/ID-N.js,
 * the shard holding only their ranges: a search loads the parts it needs for
 * its first page. The page shows GAL_SEARCH_PAGE results at a time and
 * loads only their cards, which come in small chunks, search/c/ID.js (ID the
 * id of the chunk's first item), cut where a hash of an item's id says so,
 * so that adding an item rewrites one chunk, not every chunk after it; the
 * table of where each chunk starts comes in sections of GAL_SEARCH_SECTION
 * positions, search/s/K.js. They are scripts, not JSON, so that they load
 * from file:// too (fetch() cannot). search/index.json stays, the whole
 * index for programs. */
#include "gallery/site.h"
#include "gallery/search.h"

#include <stdlib.h>
#include <string.h>

#include "util/json.h"
#include "util/util.h"

static char *index_json(GalSite *site)
{
	PlJson jb, *b = &jb;
	pl_json_init(b);
	pl_json_key_int(b, "version", 1);
	pl_json_key(b, "items");
	pl_json_begin_array(b);
	for (guint i = 0; i < site->items->len; i++) {
		GalItem *it = site->items->pdata[i];
		CatalogItem *ci = it->ci;
		pl_json_begin_object(b);
		pl_json_key_text(b, "id", it->id);
		pl_json_key_text(b, "title", it->title);
		pl_json_key_text(b, "creator", ci->creator);
		pl_json_key_text(b, "date", ci->date);
		pl_json_key_text(b, "document", ci->document_title);
		pl_json_key(b, "tags");
		pl_json_begin_array(b);
		for (guint t = 0; ci->tags && t < ci->tags->len; t++)
			pl_json_str(b, ci->tags->pdata[t]);
		pl_json_end_array(b);
		pl_json_key(b, "ids");
		pl_json_begin_array(b);
		for (guint k = 0; ci->identifiers && k < ci->identifiers->len; k++) {
			const PlIdentifier *pid = ci->identifiers->pdata[k];
			const char *forms[] = {pid->value, pid->local_id, pid->url};
			for (int f = 0; f < 3; f++)
				if (forms[f] && *forms[f])
					pl_json_str(b, forms[f]);
		}
		pl_json_end_array(b);
		pl_json_key(b, "years");
		pl_json_begin_array(b);
		pl_json_int(b, ci->year_min);
		pl_json_int(b, ci->year_max);
		pl_json_end_array(b);
		g_autofree char *thumb = g_strdup_printf("media/%s/%d.jpg", it->id, it->sizes[0]);
		pl_json_key_text(b, "thumb", thumb);
		pl_json_key_int(b, "w", it->sizes[0]);
		pl_json_key_int(b, "h", it->w > 0 ? (int)((double)it->h * it->sizes[0] / it->w + 0.5) : it->sizes[0]);
		pl_json_key_text(b, "alt", it->alt);
		pl_json_end_object(b);
	}
	pl_json_end_array(b);
	return pl_json_finish(b);
}

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

/* The hex of the UTF-8 bytes of word's first n characters (all of them if
 * it has fewer), as search.js computes it. */
static char *prefix_key(const char *word, guint n)
{
	const char *end = word;
	for (guint i = 0; i < n && *end; i++)
		end = g_utf8_next_char(end);
	GString *key = g_string_new(NULL);
	for (const char *p = word; p < end; p++)
		g_string_append_printf(key, "%02x", (guchar)*p);
	return g_string_free(key, FALSE);
}

/* A shard's script, plancheSearch.shard(KEY, {word: LIST, ...}[, PREFIX]):
 * the bytes around its words, for the budget. */
#define SHARD_FRAME (sizeof "plancheSearch.shard(\"\",{});\n")

typedef struct {
	PlJson args;   /* [KEY, {word: LIST, ... (open until the end) */
	GArray *prefix; /* the images of every word beginning with KEY, once KEY is split */
} Shard;

static void shard_free(gpointer p)
{
	Shard *sh = p;
	pl_json_clear(&sh->args);
	if (sh->prefix)
		g_array_unref(sh->prefix);
	g_free(sh);
}

typedef struct {
	char **words;   /* sorted by bytes: a prefix's words are contiguous */
	GArray **lists; /* each word's positions, ascending */
	gsize *sizes;   /* bytes of each word's entry, "word":[positions] */
	gsize budget, part_budget;
	GHashTable *shards; /* key -> Shard */
	GHashTable *files;  /* name under search/ -> text */
} Split;

static gsize digits(guint v)
{
	gsize n = 1;
	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

gsize gal_search_list_size(const guint *pos, guint n)
{
	gsize size = 2;
	for (guint i = 0; i < n; i++)
		size += digits(pos[i]) + (i ? 1 : 0);
	return size;
}

/* "fn(ARGS);\n" from the JSON array [ARGS]. */
static char *call_text(const char *fn, PlJson *args)
{
	g_autofree char *list = pl_json_finish(args);
	gsize n = strlen(list);
	return g_strdup_printf("%s(%.*s);\n", fn, (int)(n >= 2 ? n - 2 : 0), list + 1);
}

/* The name of a list's parts: stable from build to build whatever the other
 * lists do, so that a rebuild rewrites only the parts of the lists that
 * changed; the hash keeps a long word's file name short. kind 'w' for a
 * word's list, 'p' for a prefix's. */
static char *list_id(char kind, const char *name)
{
	g_autoptr(GChecksum) sum = g_checksum_new(G_CHECKSUM_SHA256);
	g_checksum_update(sum, (const guchar *)&kind, 1);
	g_checksum_update(sum, (const guchar *)name, -1);
	return g_strndup(g_checksum_get_string(sum), 16);
}

/* Writes positions (ascending) as a LIST: the array itself when it fits a
 * part, else {"n": COUNT, "id": ID, "p": [[FIRST, LAST], ...]}, the array cut
 * into parts of at most part_budget bytes, search/p/ID-I.js each (I from 0),
 * so that a page loads only the parts that hold the positions it needs. */
static void write_list(Split *s, PlJson *j, char kind, const char *name, const guint *pos, guint n)
{
	if (gal_search_list_size(pos, n) <= s->part_budget) {
		pl_json_begin_array(j);
		for (guint i = 0; i < n; i++)
			pl_json_int(j, pos[i]);
		pl_json_end_array(j);
		return;
	}
	g_autofree char *id = list_id(kind, name);
	pl_json_begin_object(j);
	pl_json_key_int(j, "n", n);
	pl_json_key_text(j, "id", id);
	pl_json_key(j, "p");
	pl_json_begin_array(j);
	for (guint i = 0, part_n = 0; i < n; part_n++) {
		g_autofree char *part_id = g_strdup_printf("%s-%u", id, part_n);
		PlJson part;
		pl_json_start(&part, 0);
		pl_json_begin_array(&part);
		pl_json_str(&part, part_id);
		pl_json_begin_array(&part);
		gsize used = 2;
		guint k = i;
		/* at least one position a part, whatever the budget */
		for (; k < n && (k == i || used + 1 + digits(pos[k]) <= s->part_budget); k++) {
			pl_json_int(&part, pos[k]);
			used += digits(pos[k]) + (k > i ? 1 : 0);
		}
		pl_json_end_array(&part);
		pl_json_end_array(&part);
		g_hash_table_insert(s->files, g_strdup_printf("p/%s.js", part_id),
				    call_text("plancheSearch.part", &part));
		pl_json_begin_array(j);
		pl_json_int(j, pos[i]);
		pl_json_int(j, pos[k - 1]);
		pl_json_end_array(j);
		i = k;
	}
	pl_json_end_array(j);
	pl_json_end_object(j);
}

static Shard *shard_at(Split *s, const char *key)
{
	Shard *sh = g_hash_table_lookup(s->shards, key);
	if (!sh) {
		sh = g_new0(Shard, 1);
		pl_json_start(&sh->args, 0);
		pl_json_begin_array(&sh->args);
		pl_json_str(&sh->args, key);
		pl_json_begin_object(&sh->args);
		g_hash_table_insert(s->shards, g_strdup(key), sh);
	}
	return sh;
}

static void emit_shard(Split *s, guint lo, guint hi, guint n)
{
	g_autofree char *key = prefix_key(s->words[lo], n);
	Shard *sh = shard_at(s, key);
	for (guint i = lo; i < hi; i++) {
		pl_json_key(&sh->args, s->words[i]);
		write_list(s, &sh->args, 'w', s->words[i], (guint *)(void *)s->lists[i]->data,
			   s->lists[i]->len);
	}
}

static int cmp_uint(const void *a, const void *b)
{
	guint x = *(const guint *)a, y = *(const guint *)b;
	return x < y ? -1 : x > y;
}

/* Keeps the images of words[lo..hi), whose common prefix of n characters is
 * split: a query of just that prefix then needs no sub-shard ("pa" finds
 * "paris" and "pas" as before the split). */
static void keep_prefix(Split *s, guint lo, guint hi, guint n)
{
	GArray *all = g_array_new(FALSE, FALSE, sizeof(guint));
	for (guint i = lo; i < hi; i++)
		g_array_append_vals(all, s->lists[i]->data, s->lists[i]->len);
	g_array_sort(all, cmp_uint);
	guint *pos = (guint *)(void *)all->data, m = 0;
	for (guint i = 0; i < all->len; i++)
		if (!m || pos[m - 1] != pos[i])
			pos[m++] = pos[i];
	g_array_set_size(all, m);
	g_autofree char *key = prefix_key(s->words[lo], n);
	Shard *sh = shard_at(s, key);
	if (sh->prefix)
		g_array_unref(sh->prefix);
	sh->prefix = all;
}

static void split_shard(Split *s, guint lo, guint hi, guint n);

/* Cuts words[lo..hi) into runs sharing their first n characters. */
static void split_by(Split *s, guint lo, guint hi, guint n)
{
	for (guint i = lo; i < hi;) {
		g_autofree char *key = prefix_key(s->words[i], n);
		guint j = i + 1;
		for (; j < hi; j++) {
			g_autofree char *next = prefix_key(s->words[j], n);
			if (strcmp(next, key) != 0)
				break;
		}
		split_shard(s, i, j, n);
		i = j;
	}
}

/* words[lo..hi) share their first n characters. Too big for the budget, they
 * are split by their first n + 1: "18" (years) into "180", "181"..., the word
 * "18" itself staying in "18" with the prefix's list of images. One word
 * cannot be split: its list is cut into parts instead (write_list). */
static void split_shard(Split *s, guint lo, guint hi, guint n)
{
	/* 8: the key's hex of up to 4 UTF-8 bytes a character */
	gsize size = SHARD_FRAME + 8 * (gsize)n;
	for (guint i = lo; i < hi && size <= s->budget; i++)
		size += s->sizes[i] + 1;
	if (size <= s->budget || hi - lo == 1) {
		emit_shard(s, lo, hi, n);
	} else {
		keep_prefix(s, lo, hi, n);
		split_by(s, lo, hi, n + 1);
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

GHashTable *gal_search_shard_files(GHashTable *postings, gsize budget)
{
	guint n = 0;
	g_autofree char **words = (char **)g_hash_table_get_keys_as_array(postings, &n);
	qsort(words, n, sizeof *words, cmp_str);
	Split s = {.words = words, .lists = g_new0(GArray *, n + 1), .sizes = g_new0(gsize, n + 1),
		   .budget = budget, .part_budget = MAX(budget / GAL_SEARCH_PARTS_PER_BUDGET, 1),
		   .shards = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, shard_free),
		   .files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free)};
	for (guint i = 0; i < n; i++) {
		PlJson j;
		pl_json_start(&j, 0);
		pl_json_str(&j, words[i]);
		g_autofree char *quoted = pl_json_finish(&j);
		s.lists[i] = g_hash_table_lookup(postings, words[i]);
		s.sizes[i] = strlen(quoted) + 1 +
			     gal_search_list_size((guint *)(void *)s.lists[i]->data, s.lists[i]->len);
	}
	split_by(&s, 0, n, 2);
	GHashTableIter it;
	gpointer key, value;
	g_hash_table_iter_init(&it, s.shards);
	while (g_hash_table_iter_next(&it, &key, &value)) {
		Shard *sh = value;
		pl_json_end_object(&sh->args);
		if (sh->prefix)
			write_list(&s, &sh->args, 'p', key, (guint *)(void *)sh->prefix->data, sh->prefix->len);
		pl_json_end_array(&sh->args);
		g_hash_table_insert(s.files, g_strdup_printf("t/%s.js", (char *)key),
				    call_text("plancheSearch.shard", &sh->args));
	}
	g_hash_table_unref(s.shards);
	g_free(s.lists);
	g_free(s.sizes);
	return s.files;
}

/* A script line calling fn with the values of args, a JSON array: the
 * array's text without its brackets is the argument list. */
static int write_call(GalSite *site, const char *rel, const char *fn, PlJson *args, GError **error)
{
	g_autofree char *list = pl_json_finish(args);
	gsize n = strlen(list);
	g_autoptr(GString) out = g_string_new(fn);
	g_string_append_c(out, '(');
	if (n >= 2)
		g_string_append_len(out, list + 1, (gssize)n - 2);
	g_string_append(out, ");\n");
	return gal_out_write_string(site->out, rel, out, error);
}

/* word -> GArray of item positions */
static GHashTable *build_postings(GalSite *site)
{
	GHashTable *postings = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
						     (GDestroyNotify)g_array_unref);
	for (guint i = 0; i < site->items->len; i++) {
		g_autoptr(GHashTable) words = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		item_words(site->items->pdata[i], words);
		GHashTableIter it;
		gpointer word;
		g_hash_table_iter_init(&it, words);
		while (g_hash_table_iter_next(&it, &word, NULL)) {
			GArray *posting = g_hash_table_lookup(postings, word);
			if (!posting) {
				posting = g_array_new(FALSE, FALSE, sizeof(guint));
				g_hash_table_insert(postings, g_strdup(word), posting);
			}
			g_array_append_val(posting, i);
		}
	}
	return postings;
}

/* FNV-1a: a hash of the id that no build, platform or GLib changes. */
static guint32 id_hash(const char *id)
{
	guint32 h = 2166136261u;
	for (const guchar *p = (const guchar *)id; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h;
}

guint gal_search_card_chunks(const char *const *ids, guint n, guint min, guint max, GArray *sizes)
{
	min = MAX(min, 1);
	max = MAX(max, min);
	/* past min, a cut at one item in spread: chunks of min + spread on
	 * average, less the few cut at max */
	guint spread = MAX((max - min) / 2, 1), count = 0, chunks = 0;
	for (guint i = 0; i < n; i++) {
		count++;
		/* the high bits: FNV's low bits mix worst */
		if (i + 1 == n || count == max || (count >= min && (id_hash(ids[i]) >> 16) % spread == 0)) {
			g_array_append_val(sizes, count);
			chunks++;
			count = 0;
		}
	}
	return chunks;
}

/* search/c/ID.js: plancheSearch.cards("ID", [[id, title, creator, date, alt,
 * w, h], ...]) for items[first..first+n); the thumbnail is media/ID/W.jpg,
 * alt "" when it is the title (a card a third smaller without both). */
static int write_chunk(GalSite *site, guint first, guint n, GError **error)
{
	GalItem *head = site->items->pdata[first];
	PlJson args;
	pl_json_start(&args, 0);
	pl_json_begin_array(&args);
	pl_json_str(&args, head->id);
	pl_json_begin_array(&args);
	for (guint i = first; i < first + n; i++) {
		GalItem *it = site->items->pdata[i];
		int h = it->w > 0 ? (int)((double)it->h * it->sizes[0] / it->w + 0.5) : it->sizes[0];
		const char *alt = it->alt && g_strcmp0(it->alt, it->title) != 0 ? it->alt : "";
		const char *fields[] = { it->id, it->title, it->ci->creator, it->ci->date, alt };
		pl_json_begin_array(&args);
		for (guint f = 0; f < G_N_ELEMENTS(fields); f++)
			pl_json_str(&args, fields[f]);
		pl_json_int(&args, it->sizes[0]);
		pl_json_int(&args, h);
		pl_json_end_array(&args);
	}
	g_autofree char *rel = g_strdup_printf("search/c/%s.js", head->id);
	return write_call(site, rel, "plancheSearch.cards", &args, error);
}

/* The chunks, and the sections of their table: search/s/K.js,
 * plancheSearch.section(K, [START, "ID", ...]), every chunk that holds a
 * position of [K * section, (K + 1) * section), by its first position and
 * its first item's id. */
static int write_cards(GalSite *site, guint min, guint max, guint section, GError **error)
{
	guint n = site->items->len;
	g_autofree const char **ids = g_new0(const char *, n + 1);
	for (guint i = 0; i < n; i++)
		ids[i] = ((GalItem *)site->items->pdata[i])->id;
	g_autoptr(GArray) sizes = g_array_new(FALSE, FALSE, sizeof(guint));
	guint chunks = gal_search_card_chunks(ids, n, min, max, sizes);
	g_autofree guint *starts = g_new0(guint, chunks + 1);
	for (guint c = 0, pos = 0; c < chunks; c++) {
		starts[c] = pos;
		if (write_chunk(site, pos, g_array_index(sizes, guint, c), error))
			return -1;
		pos += g_array_index(sizes, guint, c);
	}
	starts[chunks] = n;
	for (guint k = 0, c = 0; k * section < n; k++) {
		guint lo = k * section, hi = MIN(lo + section, n);
		while (starts[c + 1] <= lo) /* the chunk holding lo */
			c++;
		PlJson args;
		pl_json_start(&args, 0);
		pl_json_begin_array(&args);
		pl_json_int(&args, k);
		pl_json_begin_array(&args);
		for (guint d = c; d < chunks && starts[d] < hi; d++) {
			pl_json_int(&args, starts[d]);
			pl_json_str(&args, ids[starts[d]]);
		}
		pl_json_end_array(&args);
		g_autofree char *rel = g_strdup_printf("search/s/%u.js", k);
		if (write_call(site, rel, "plancheSearch.section", &args, error))
			return -1;
	}
	return 0;
}

/* The shards there are, so that the page asks only for those (a missing
 * one would be a 404 in the console). files: gal_search_shard_files(). */
static int write_keys(GalSite *site, GHashTable *files, guint page, guint section, GError **error)
{
	g_autoptr(GList) names = g_list_sort(g_hash_table_get_keys(files), (GCompareFunc)strcmp);
	PlJson args;
	pl_json_start(&args, 0);
	pl_json_begin_array(&args);
	pl_json_begin_array(&args);
	for (GList *l = names; l; l = l->next) {
		const char *name = l->data;
		if (g_str_has_prefix(name, "t/") && g_str_has_suffix(name, ".js")) {
			g_autofree char *key = g_strndup(name + 2, strlen(name) - 5);
			pl_json_str(&args, key);
		}
	}
	pl_json_end_array(&args);
	pl_json_int(&args, page);
	pl_json_int(&args, section);
	return write_call(site, "search/keys.js", "plancheSearch.keys", &args, error);
}

static int write_index(GalSite *site, GError **error)
{
	g_autoptr(GHashTable) postings = build_postings(site);
	/* A smaller budget only for the browser test, to split a small site's
	 * shards; not a setting (a build does not track it). */
	const char *test_budget = g_getenv("PLANCHE_TEST_SHARD_BUDGET");
	gsize budget = test_budget ? (gsize)g_ascii_strtoull(test_budget, NULL, 10) : 0;
	g_autoptr(GHashTable) files = gal_search_shard_files(postings, budget ? budget : GAL_SEARCH_SHARD_BUDGET);
	GHashTableIter it;
	gpointer name, text;
	g_hash_table_iter_init(&it, files);
	while (g_hash_table_iter_next(&it, &name, &text)) {
		g_autofree char *rel = g_strdup_printf("search/%s", (char *)name);
		if (gal_out_write(site->out, rel, text, strlen(text), error))
			return -1;
	}
	/* A page of a few results for the browser test, its chunks and
	 * sections as small; like the budget, not a setting. */
	const char *test_page = g_getenv("PLANCHE_TEST_SEARCH_PAGE");
	guint page = test_page ? (guint)g_ascii_strtoull(test_page, NULL, 10) : 0;
	if (page)
		return write_keys(site, files, page, page, error) ||
		       write_cards(site, 1, page, page, error) ? -1 : 0;
	return write_keys(site, files, GAL_SEARCH_PAGE, GAL_SEARCH_SECTION, error) ||
	       write_cards(site, GAL_SEARCH_CARDS_MIN, GAL_SEARCH_CARDS_MAX, GAL_SEARCH_SECTION, error) ? -1 : 0;
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
			     "<ul id=\"search-results\" class=\"grid\"></ul>\n"
			     /* the next page of results (search.js) */
			     "<p class=\"search-more\"><button type=\"button\" id=\"search-more\" hidden>");
	gal_esc(out, _("More results"));
	g_string_append(out, "</button></p>\n<noscript><p>");
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
	/* a count stopped where the parts loaded end (search.js) */
	g_string_append(out, "\" data-more=\"");
	gal_esc(out, _("At least %d images match."));
	g_string_append(out, "\" data-short=\"");
	gal_esc(out, _("A word of one letter finds only that word; from two letters, every word beginning with them."));
	g_string_append(out, "\"></template>\n");
	gal_page_end(site, out, &page);
	return gal_out_write_string(site->out, "search/index.html", out, error);
}

/* The search index's term shards, apart from the site so that a test can
 * check them on many words without building images. */
#pragma once

#include <glib.h>

/* Bytes a term shard may reach before it is split by a longer prefix: a
 * phone loads one shard per word typed. */
#define GAL_SEARCH_SHARD_BUDGET (64 * 1024)
/* A list of images longer than budget / this (a word on thousands of
 * images, or all the words of a split prefix) is cut into parts of that
 * size: the first page of a search loads a shard and about one part a word. */
#define GAL_SEARCH_PARTS_PER_BUDGET 4

/* Bytes of n positions written as a JSON array. */
gsize gal_search_list_size(const guint *pos, guint n);

/* postings: folded word -> GArray of guint item positions, ascending.
 * Returns file name under search/ -> its text, a script:
 * - t/KEY.js, a shard (KEY: hex of the UTF-8 bytes of the words' common
 *   prefix, 2 characters or more): plancheSearch.shard(KEY, {word: LIST},
 *   PREFIX), PREFIX (only when KEY's prefix was split by longer ones) the
 *   LIST of the images with any word beginning with that prefix;
 * - p/ID-I.js, part I (from 0) of a long LIST:
 *   plancheSearch.part("ID-I", [positions]).
 * A LIST is [positions], or {"n": count, "id": ID, "p": [[first, last], ...]}.
 * A word is found in the shard of the longest key that is the hex of its
 * first characters (search.js). */
GHashTable *gal_search_shard_files(GHashTable *postings, gsize budget);

/* The search page shows its results a page at a time, and loads the cards
 * (title, creator, date, thumbnail) of a page only: a page of results costs
 * at most PAGE small chunks whatever the query and the site's size. */
#define GAL_SEARCH_PAGE 24
/* Cards a chunk holds: at least MIN, at most MAX, about 30 on average. */
#define GAL_SEARCH_CARDS_MIN 16
#define GAL_SEARCH_CARDS_MAX 48
/* Positions a section of the chunks' table covers (search/s/K.js): the page
 * loads the sections of the results it shows, not the whole table. */
#define GAL_SEARCH_SECTION 512

/* Cuts n items (ids in site order) into chunks of min to max cards, the cut
 * after an item decided by a hash of its id (content-defined), so that an
 * item added or removed changes the chunks around it only, not every chunk
 * after it as chunks of a fixed count would. Appends each chunk's number of
 * items to sizes (guint); returns the number of chunks. */
guint gal_search_card_chunks(const char *const *ids, guint n, guint min, guint max, GArray *sizes);

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

/* The search index's term shards, apart from the site so that a test can
 * check them on many words without building images. */
#pragma once

#include <glib.h>

/* Bytes a term shard may reach before it is split by a longer prefix: a
 * phone loads one shard per word typed. Only a single word whose own list
 * of images is longer can exceed it. */
#define GAL_SEARCH_SHARD_BUDGET (64 * 1024)

/* postings: folded word -> GArray of guint item positions. Returns shard key
 * (hex of the UTF-8 bytes of the words' common prefix, 2 characters or more)
 * -> the text of search/t/KEY.js, a script. A word is found in the shard of
 * the longest key that is the hex of its first characters (search.js). */
GHashTable *gal_search_shard_files(GHashTable *postings, gsize budget);

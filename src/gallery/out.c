/* The site's outputs and the state file (.planche-site.json) that makes a
 * rebuild incremental: the hash of every text file written, and the key of
 * every item's derived folders. What the last build wrote and this one did
 * not is removed at the end. */
#include "gallery/site.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "util/util.h"

#define STATE_NAME ".planche-site.json"
#define STATE_VERSION 1

struct GalOut {
	char *dir;
	GHashTable *old_files; /* rel -> hash */
	GHashTable *old_trees; /* id -> key */
	GHashTable *files;
	GHashTable *trees;
	GHashTable *made_dirs;
	int written, unchanged;
};

static void load_map(JsonObject *root, const char *name, GHashTable *into)
{
	if (!json_object_has_member(root, name))
		return;
	JsonNode *n = json_object_get_member(root, name);
	if (!JSON_NODE_HOLDS_OBJECT(n))
		return;
	JsonObject *o = json_node_get_object(n);
	g_autoptr(GList) members = json_object_get_members(o);
	for (GList *l = members; l; l = l->next) {
		JsonNode *v = json_object_get_member(o, l->data);
		if (JSON_NODE_HOLDS_VALUE(v) && json_node_get_value_type(v) == G_TYPE_STRING)
			g_hash_table_insert(into, g_strdup(l->data),
					    g_strdup(json_node_get_string(v)));
	}
}

static void remove_tree(const char *path);

/* Removes temporaries (".NAME.tmp-PID-N") of an interrupted build below dir;
 * in the folder named shallow, only its own entries. */
static void remove_stale(const char *dir, const char *shallow)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;
	while (d && (name = g_dir_read_name(d))) {
		g_autofree char *full = g_build_filename(dir, name, NULL);
		if (name[0] == '.' && strstr(name, ".tmp-"))
			remove_tree(full);
		else if (strcmp(dir, shallow) != 0 && g_file_test(full, G_FILE_TEST_IS_DIR) &&
			 !g_file_test(full, G_FILE_TEST_IS_SYMLINK))
			/* Tiles are made in a temporary folder under iiif/ and renamed
			 * into place whole: finished tile trees need no walk. */
			remove_stale(full, shallow);
	}
	if (d)
		g_dir_close(d);
}

GalOut *gal_out_new(const char *dir, GError **error)
{
	if (pl_mkdir_p(dir, error))
		return NULL;
	GalOut *o = g_new0(GalOut, 1);
	o->dir = g_strdup(dir);
	o->old_files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	o->old_trees = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	o->files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	o->trees = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	o->made_dirs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_autofree char *tiles = g_build_filename(dir, "iiif", NULL);
	remove_stale(dir, tiles);
	g_autofree char *path = g_build_filename(dir, STATE_NAME, NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	/* A missing or damaged state only costs a full rebuild. */
	if (json_parser_load_from_file(parser, path, NULL)) {
		JsonNode *root = json_parser_get_root(parser);
		if (root && JSON_NODE_HOLDS_OBJECT(root)) {
			JsonObject *r = json_node_get_object(root);
			if (json_object_get_int_member_with_default(r, "version", 0) == STATE_VERSION) {
				load_map(r, "files", o->old_files);
				load_map(r, "trees", o->old_trees);
			}
		}
	}
	return o;
}

void gal_out_free(GalOut *o)
{
	if (!o)
		return;
	g_free(o->dir);
	g_hash_table_unref(o->old_files);
	g_hash_table_unref(o->old_trees);
	g_hash_table_unref(o->files);
	g_hash_table_unref(o->trees);
	g_hash_table_unref(o->made_dirs);
	g_free(o);
}

const char *gal_out_dir(GalOut *o)
{
	return o->dir;
}

/* Only paths the gallery itself makes are written: no "..", no absolute. */
static gboolean rel_ok(const char *rel)
{
	if (!rel || !*rel || rel[0] == '/' || strstr(rel, "//"))
		return FALSE;
	g_auto(GStrv) parts = g_strsplit(rel, "/", -1);
	for (int i = 0; parts[i]; i++)
		if (!*parts[i] || strcmp(parts[i], ".") == 0 || strcmp(parts[i], "..") == 0)
			return FALSE;
	return TRUE;
}

int gal_out_write(GalOut *o, const char *rel, const char *data, gsize len, GError **error)
{
	if (!rel_ok(rel)) {
		g_set_error(error, PL_ERROR, PL_ERROR_FAILED, "refusing to write '%s'", rel);
		return -1;
	}
	char *hash = pl_sha256_data(data, len);
	g_autofree char *path = g_build_filename(o->dir, rel, NULL);
	const char *old = g_hash_table_lookup(o->old_files, rel);
	g_hash_table_replace(o->files, g_strdup(rel), hash);
	if (old && strcmp(old, hash) == 0 && g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
		o->unchanged++;
		return 0;
	}
	g_autofree char *parent = g_path_get_dirname(path);
	if (!g_hash_table_contains(o->made_dirs, parent)) {
		if (pl_mkdir_p(parent, error))
			return -1;
		g_hash_table_add(o->made_dirs, g_strdup(parent));
	}
	if (pl_write_file_atomic(path, data, len, error))
		return -1;
	o->written++;
	return 0;
}

int gal_out_write_string(GalOut *o, const char *rel, GString *s, GError **error)
{
	return gal_out_write(o, rel, s->str, s->len, error);
}

static char *tree_path(GalOut *o, const char *top, const char *id)
{
	return g_build_filename(o->dir, top, id, NULL);
}

gboolean gal_out_tree_current(GalOut *o, const char *id, const char *key)
{
	const char *old = g_hash_table_lookup(o->old_trees, id);
	if (!old || strcmp(old, key) != 0)
		return FALSE;
	g_autofree char *m = tree_path(o, "media", id);
	g_autofree char *t = g_build_filename(o->dir, "iiif", id, "info.json", NULL);
	return g_file_test(m, G_FILE_TEST_IS_DIR) && g_file_test(t, G_FILE_TEST_IS_REGULAR);
}

void gal_out_tree_keep(GalOut *o, const char *id, const char *key)
{
	g_hash_table_replace(o->trees, g_strdup(id), g_strdup(key));
}

static void remove_tree(const char *path)
{
	if (g_file_test(path, G_FILE_TEST_IS_DIR) && !g_file_test(path, G_FILE_TEST_IS_SYMLINK)) {
		GDir *d = g_dir_open(path, 0, NULL);
		if (d) {
			const char *name;
			while ((name = g_dir_read_name(d))) {
				g_autofree char *child = g_build_filename(path, name, NULL);
				remove_tree(child);
			}
			g_dir_close(d);
		}
		g_rmdir(path);
	} else {
		g_unlink(path);
	}
}

/* Removes now-empty folders from path's parent up to (not including) the site. */
static void prune_parents(GalOut *o, const char *path)
{
	g_autofree char *dir = g_path_get_dirname(path);
	while (strlen(dir) > strlen(o->dir) && g_str_has_prefix(dir, o->dir)) {
		if (g_rmdir(dir) != 0)
			break;
		char *up = g_path_get_dirname(dir);
		g_free(dir);
		dir = up;
	}
}

static int save_state(GalOut *o, GError **error)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "version");
	json_builder_add_int_value(b, STATE_VERSION);
	GHashTable *maps[2] = {o->files, o->trees};
	const char *names[2] = {"files", "trees"};
	for (int m = 0; m < 2; m++) {
		json_builder_set_member_name(b, names[m]);
		json_builder_begin_object(b);
		g_autoptr(GList) keys = g_hash_table_get_keys(maps[m]);
		keys = g_list_sort(keys, (GCompareFunc)strcmp);
		for (GList *l = keys; l; l = l->next) {
			json_builder_set_member_name(b, l->data);
			json_builder_add_string_value(b, g_hash_table_lookup(maps[m], l->data));
		}
		json_builder_end_object(b);
	}
	json_builder_end_object(b);
	g_autofree char *text = gal_json_string(b, FALSE);
	g_autofree char *path = g_build_filename(o->dir, STATE_NAME, NULL);
	return pl_write_file_atomic(path, text, strlen(text), error);
}

int gal_out_finish(GalOut *o, int *removed, GError **error)
{
	int n = 0;
	GHashTableIter it;
	gpointer k;
	g_hash_table_iter_init(&it, o->old_files);
	while (g_hash_table_iter_next(&it, &k, NULL)) {
		if (g_hash_table_contains(o->files, k) || !rel_ok(k))
			continue;
		g_autofree char *path = g_build_filename(o->dir, (char *)k, NULL);
		if (g_unlink(path) == 0)
			n++;
		prune_parents(o, path);
	}
	g_hash_table_iter_init(&it, o->old_trees);
	while (g_hash_table_iter_next(&it, &k, NULL)) {
		if (g_hash_table_contains(o->trees, k) || !rel_ok(k))
			continue;
		const char *tops[] = {"media", "iiif"};
		for (int t = 0; t < 2; t++) {
			g_autofree char *path = tree_path(o, tops[t], k);
			if (g_file_test(path, G_FILE_TEST_EXISTS)) {
				remove_tree(path);
				n++;
			}
		}
	}
	if (removed)
		*removed = n;
	return save_state(o, error);
}

void gal_out_counts(GalOut *o, int *written, int *unchanged)
{
	*written = o->written;
	*unchanged = o->unchanged;
}

void gal_out_remove_tree(GalOut *o, const char *top, const char *id)
{
	g_autofree char *path = tree_path(o, top, id);
	remove_tree(path);
}

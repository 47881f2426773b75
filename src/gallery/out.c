/* The site's outputs and the state file (.planche-site.state), which is also
 * the record of every file planche wrote in the site: the hash of every
 * text file, and the key and files of every item's derived folders. A
 * rebuild is incremental from it, and it is all planche ever overwrites or
 * deletes: a file of the user's in the site folder (notes in media/N, an
 * index.html of their own in a folder given to --out) is never touched.
 * What the last build wrote and this one did not is removed at the end.
 *
 * A file not in the record yet is named in a journal (.planche-site.journal)
 * before it is made, so that a build killed before it saved its record, or
 * stopped by a full disk, leaves nothing planche would not know as its own. */
#include "gallery/site.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/listing.h"
#include "util/util.h"

#define STATE_NAME ".planche-site.state"
#define JOURNAL_NAME ".planche-site.journal"
/* The state as planche 0.x kept it, in JSON (versions 1 and 2): read once,
 * when there is no STATE_NAME yet, and removed when the new one is saved. */
#define JSON_STATE_NAME ".planche-site.json"
#define STATE_MAGIC "planche-site-state 3"

typedef struct {
	const char *key; /* in GalOut's strings */
	GPtrArray *files; /* of char*: paths below the site; NULL while packed */
	/* The files as the state file lists them (tab-separated), split only
	 * when they are needed: a no-change rebuild writes them back as read. */
	const char *packed;
	gboolean from_record; /* the last build's, kept as it was */
} Tree;

struct GalOut {
	char *dir;
	char *real_dir;
	gboolean force;
	/* The strings of the tables below (paths, hashes, fingerprints, keys):
	 * the state file's text, cut in place, and a chunk for the new ones.
	 * Half a million of them at 100,000 images, each allocated and freed on
	 * its own, were a tenth of a no-change rebuild (issue 18). */
	char *state_text;
	GStringChunk *strings;
	GHashTable *old_files; /* rel -> hash */
	GHashTable *old_trees; /* id -> Tree */
	GHashTable *old_inputs; /* key -> fingerprint of the inputs of its pages */
	GHashTable *inputs;
	GHashTable *files;
	GHashTable *trees;
	GHashTable *made_dirs; /* folders written into: each synced once, before the record */
	GPtrArray *created; /* text files this build made where the record had none */
	GHashTable *journaled; /* files an earlier, unfinished build made */
	gboolean json_state; /* the state was read from JSON_STATE_NAME */
	gboolean read_state; /* read from STATE_NAME, whose bytes hash to read_hash */
	guint64 read_hash[2];
	GMutex journal_lock;
	int journal_fd;
	int dir_fd; /* the site folder: its files are looked at relative to it */
	PlListing *listing; /* the derivatives' folders, as the build found them */
	/* What the look-ahead found of the last build's files (rel -> its
	 * S_IFMT + 1, 1 when missing), and its thread while it runs. */
	GHashTable *seen;
	GStringChunk *seen_strings;
	GThread *look_ahead;
	int written, unchanged;
	gint64 written_bytes;
	/* Whether this build's record may differ from the one read: the sizes of
	 * the tables as read, and whether anything other than what was read was
	 * put in them. A no-change rebuild's record is not written again. */
	guint read_files, read_inputs, read_trees;
	gboolean differs;
};

static const char *keep(GalOut *o, const char *s)
{
	return g_string_chunk_insert(o->strings, s);
}

static void tree_free(Tree *t)
{
	if (!t)
		return;
	if (t->files)
		g_ptr_array_unref(t->files);
	g_free(t);
}

static gboolean rel_ok(const char *rel);

static GPtrArray *tree_files(Tree *t)
{
	if (t->files)
		return t->files;
	t->files = g_ptr_array_new_with_free_func(g_free);
	for (const char *p = t->packed; p && *p;) {
		char *tab = strchr(p, '\t');
		g_autofree char *f = tab ? g_strndup(p, (gsize)(tab - p)) : g_strdup(p);
		if (rel_ok(f))
			g_ptr_array_add(t->files, g_steal_pointer(&f));
		p = tab ? tab + 1 : p + strlen(p);
	}
	return t->files;
}

/* key: a string of GalOut's */
static Tree *tree_new(const char *key, GPtrArray *files)
{
	Tree *t = g_new0(Tree, 1);
	t->key = key;
	t->files = files ? g_ptr_array_ref(files) : g_ptr_array_new_with_free_func(g_free);
	return t;
}

/* Only paths the gallery itself makes are written or removed: no "..", no
 * absolute path; and none the state file's lines could not hold. */
static gboolean rel_ok(const char *rel)
{
	if (!rel || !*rel || rel[0] == '/' || strstr(rel, "//") || strpbrk(rel, "\t\n\r"))
		return FALSE;
	g_auto(GStrv) parts = g_strsplit(rel, "/", -1);
	for (int i = 0; parts[i]; i++)
		if (!*parts[i] || strcmp(parts[i], ".") == 0 || strcmp(parts[i], "..") == 0)
			return FALSE;
	return TRUE;
}

static void load_json_map(GalOut *o, JsonObject *root, const char *name, GHashTable *into)
{
	if (!json_object_has_member(root, name))
		return;
	JsonNode *n = json_object_get_member(root, name);
	if (!JSON_NODE_HOLDS_OBJECT(n))
		return;
	JsonObject *map = json_node_get_object(n);
	g_autoptr(GList) members = json_object_get_members(map);
	for (GList *l = members; l; l = l->next) {
		JsonNode *v = json_object_get_member(map, l->data);
		if (JSON_NODE_HOLDS_VALUE(v) && json_node_get_value_type(v) == G_TYPE_STRING &&
		    rel_ok(l->data))
			g_hash_table_insert(into, (gpointer)keep(o, l->data),
					    (gpointer)keep(o, json_node_get_string(v)));
	}
}

/* Files below dir/rel named as planche names them, for a tree recorded by
 * the first state version, which kept no list. */
static void list_legacy(const char *dir, const char *rel, gboolean media, GPtrArray *into)
{
	g_autofree char *path = g_build_filename(dir, rel, NULL);
	GDir *d = g_dir_open(path, 0, NULL);
	const char *name;
	while (d && (name = g_dir_read_name(d))) {
		g_autofree char *child = g_strconcat(rel, "/", name, NULL);
		g_autofree char *full = g_build_filename(dir, child, NULL);
		GStatBuf st;
		if (g_lstat(full, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode) && !media) {
			list_legacy(dir, child, media, into);
		} else if (S_ISREG(st.st_mode)) {
			int w;
			char tail[8];
			gboolean ours = media ? (sscanf(name, "%d.%4s", &w, tail) == 2 &&
						 (strcmp(tail, "jpg") == 0 || strcmp(tail, "webp") == 0)) ||
						g_str_has_prefix(name, "master.") ||
						g_str_has_prefix(name, "original.")
					      : strcmp(name, "info.json") == 0 ||
						strcmp(name, "default.jpg") == 0;
			if (ours)
				g_ptr_array_add(into, g_steal_pointer(&child));
		}
	}
	if (d)
		g_dir_close(d);
}

static void load_json_trees(GalOut *o, JsonObject *root, int version)
{
	if (!json_object_has_member(root, "trees"))
		return;
	JsonNode *n = json_object_get_member(root, "trees");
	if (!JSON_NODE_HOLDS_OBJECT(n))
		return;
	JsonObject *trees = json_node_get_object(n);
	g_autoptr(GList) ids = json_object_get_members(trees);
	for (GList *l = ids; l; l = l->next) {
		const char *id = l->data;
		JsonNode *v = json_object_get_member(trees, id);
		if (!rel_ok(id) || strchr(id, '/'))
			continue;
		Tree *t = NULL;
		if (version == 1 && JSON_NODE_HOLDS_VALUE(v) &&
		    json_node_get_value_type(v) == G_TYPE_STRING) {
			t = tree_new(keep(o, json_node_get_string(v)), NULL);
			g_autofree char *media = g_strconcat("media/", id, NULL);
			g_autofree char *iiif = g_strconcat("iiif/", id, NULL);
			list_legacy(o->dir, media, TRUE, t->files);
			list_legacy(o->dir, iiif, FALSE, t->files);
		} else if (JSON_NODE_HOLDS_OBJECT(v)) {
			JsonObject *to = json_node_get_object(v);
			const char *key = json_object_get_string_member_with_default(to, "key", NULL);
			JsonArray *files = json_object_has_member(to, "files")
				? json_object_get_array_member(to, "files") : NULL;
			if (!key || !files)
				continue;
			t = tree_new(keep(o, key), NULL);
			for (guint i = 0; i < json_array_get_length(files); i++) {
				const char *f = json_array_get_string_element(files, i);
				if (rel_ok(f))
					g_ptr_array_add(t->files, g_strdup(f));
			}
		}
		if (t)
			g_hash_table_insert(o->old_trees, (gpointer)keep(o, id), t);
	}
}

/* The state file: a line a record, read in one pass (json-glib took 15 %
 * of a no-change rebuild, issue 18). Fields are separated by one space and
 * the path comes last; rel_ok keeps tabs and newlines out of paths.
 *
 *     planche-site-state 3
 *     f HASH REL          a text file written, and the SHA-256 of its bytes
 *     i FINGERPRINT KEY   the inputs of KEY's pages (fingerprint.c)
 *     t ID KEY\tREL\tREL  an item's derived files, and their derive key
 *     end
 *
 * Anything else (a line cut short, no "end") makes it unreadable as a
 * whole, as a damaged JSON file was. */
static gboolean load_lines(GalOut *o, char *text)
{
	char *line = text, *next;
	gboolean magic = FALSE, end = FALSE;
	for (; *line; line = next) {
		char *nl = strchr(line, '\n');
		if (!nl)
			return FALSE;
		*nl = '\0';
		next = nl + 1;
		if (!magic) {
			if (strcmp(line, STATE_MAGIC) != 0)
				return FALSE;
			magic = TRUE;
			continue;
		}
		if (end)
			return FALSE;
		if (strcmp(line, "end") == 0) {
			end = TRUE;
			continue;
		}
		char kind = line[0];
		char *a = line[0] && line[1] == ' ' ? line + 2 : NULL;
		char *sp = a ? strchr(a, ' ') : NULL;
		if (!sp)
			return FALSE;
		*sp = '\0';
		char *b = sp + 1;
		if (kind == 'f' || kind == 'i') {
			if (rel_ok(b))
				g_hash_table_insert(kind == 'f' ? o->old_files : o->old_inputs, b, a);
		} else if (kind == 't') {
			char *tab = strchr(b, '\t');
			if (tab)
				*tab = '\0';
			if (!rel_ok(a) || strchr(a, '/'))
				continue;
			Tree *t = tree_new(b, NULL);
			g_ptr_array_unref(g_steal_pointer(&t->files));
			t->packed = tab ? tab + 1 : "";
			g_hash_table_insert(o->old_trees, a, t);
		} else {
			return FALSE;
		}
	}
	return end;
}

static void clear_state(GalOut *o)
{
	g_hash_table_remove_all(o->old_files);
	g_hash_table_remove_all(o->old_inputs);
	g_hash_table_remove_all(o->old_trees);
}

/* The state, from STATE_NAME, else (once) from the JSON of older
 * versions. FALSE when there is none readable. *marks: the state says
 * that a journal is left behind by any build that did not finish. */
static gboolean load_state(GalOut *o, gboolean *marks)
{
	g_autofree char *path = g_build_filename(o->dir, STATE_NAME, NULL);
	*marks = TRUE;
	gsize len = 0;
	if (g_file_get_contents(path, &o->state_text, &len, NULL)) {
		pl_hash128(o->state_text, len, o->read_hash);
		if (load_lines(o, o->state_text)) {
			o->read_state = TRUE;
			return TRUE;
		}
		clear_state(o);
		return FALSE;
	}
	g_autofree char *json_path = g_build_filename(o->dir, JSON_STATE_NAME, NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	if (!g_file_test(json_path, G_FILE_TEST_IS_REGULAR) ||
	    !json_parser_load_from_file(parser, json_path, NULL))
		return FALSE;
	JsonNode *root = json_parser_get_root(parser);
	if (!root || !JSON_NODE_HOLDS_OBJECT(root))
		return FALSE;
	JsonObject *state = json_node_get_object(root);
	int version = (int)json_object_get_int_member_with_default(state, "version", 0);
	if (version != 1 && version != 2)
		return FALSE;
	*marks = json_object_get_boolean_member_with_default(state, "journal-marks-unfinished", FALSE);
	load_json_map(o, state, "files", o->old_files);
	load_json_map(o, state, "inputs", o->old_inputs);
	load_json_trees(o, state, version);
	o->json_state = TRUE;
	return TRUE;
}

static void remove_tmp_tree(const char *path);

/* Removes temporaries of an interrupted build below dir: only the names
 * pl_tmp_path_for makes. In the folder named shallow, only its own entries
 * (tiles are made in a temporary folder there and renamed into place whole). */
static void remove_stale(const char *dir, const char *shallow)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;
	while (d && (name = g_dir_read_name(d))) {
		g_autofree char *full = g_build_filename(dir, name, NULL);
		GStatBuf st;
		if (g_lstat(full, &st) != 0)
			continue;
		if (pl_is_tmp_name(name))
			remove_tmp_tree(full);
		else if (strcmp(dir, shallow) != 0 && S_ISDIR(st.st_mode))
			remove_stale(full, shallow);
	}
	if (d)
		g_dir_close(d);
}

/* TRUE when dir is missing or holds nothing. */
static gboolean empty_dir(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	if (!d)
		return TRUE;
	gboolean empty = g_dir_read_name(d) == NULL;
	g_dir_close(d);
	return empty;
}

GalOut *gal_out_new(const char *dir, gboolean force, GError **error)
{
	GalOut *o = g_new0(GalOut, 1);
	o->dir = g_strdup(dir);
	o->force = force;
	o->strings = g_string_chunk_new(1 << 16);
	o->listing = pl_listing_new();
	o->old_files = g_hash_table_new(g_str_hash, g_str_equal);
	o->old_trees = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)tree_free);
	o->files = g_hash_table_new(g_str_hash, g_str_equal);
	o->old_inputs = g_hash_table_new(g_str_hash, g_str_equal);
	o->inputs = g_hash_table_new(g_str_hash, g_str_equal);
	o->trees = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)tree_free);
	o->made_dirs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	o->created = g_ptr_array_new_with_free_func(g_free);
	o->journaled = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	o->journal_fd = -1;
	o->dir_fd = -1;
	g_mutex_init(&o->journal_lock);
	gboolean marks = TRUE;
	gboolean state = load_state(o, &marks);
	o->read_files = g_hash_table_size(o->old_files);
	o->read_inputs = g_hash_table_size(o->old_inputs);
	o->read_trees = g_hash_table_size(o->old_trees);
	g_autofree char *journal_path = g_build_filename(dir, JOURNAL_NAME, NULL);
	g_autofree char *journal = NULL;
	if (!g_file_get_contents(journal_path, &journal, NULL, NULL))
		journal = NULL;
	/* A folder planche did not make is the user's: it is written into only
	 * when they say so, and even then nothing of theirs is deleted. */
	if (!state && !journal && !force && !empty_dir(dir)) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
			    "%s: not empty, and not a site planche made (no readable %s); give an empty "
			    "or new folder, or --force to write into it (files of the same names are "
			    "replaced; nothing else is deleted)", dir, STATE_NAME);
		gal_out_free(o);
		return NULL;
	}
	if (pl_mkdir_p(dir, error)) {
		gal_out_free(o);
		return NULL;
	}
	o->real_dir = pl_real_path(dir);
	o->dir_fd = g_open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
	if (journal) {
		g_auto(GStrv) lines = g_strsplit(journal, "\n", -1);
		for (int i = 0; lines[i]; i++)
			if (rel_ok(lines[i]))
				g_hash_table_add(o->journaled, g_strdup(lines[i]));
	}
	/* The journal is made when a build starts and removed when it
	 * finishes: the walk through every folder of the site for temporaries
	 * (a quarter of a no-change rebuild's time at 3,000 images) is needed
	 * only after a build that did not finish, or one of a planche that did
	 * not mark its record so. */
	if (journal || (state && !marks)) {
		g_autofree char *tiles = g_build_filename(dir, "iiif", NULL);
		remove_stale(dir, tiles);
	}
	o->journal_fd = g_open(journal_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
			       0644);
	return o;
}

void gal_out_free(GalOut *o)
{
	if (!o)
		return;
	g_free(o->dir);
	g_free(o->real_dir);
	g_hash_table_unref(o->old_files);
	g_hash_table_unref(o->old_trees);
	g_hash_table_unref(o->files);
	g_hash_table_unref(o->old_inputs);
	g_hash_table_unref(o->inputs);
	g_hash_table_unref(o->trees);
	g_hash_table_unref(o->made_dirs);
	g_ptr_array_unref(o->created);
	g_hash_table_unref(o->journaled);
	gal_out_look_ahead_join(o);
	g_string_chunk_free(o->strings);
	pl_listing_free(o->listing);
	if (o->seen)
		g_hash_table_unref(o->seen);
	if (o->seen_strings)
		g_string_chunk_free(o->seen_strings);
	g_free(o->state_text);
	if (o->journal_fd >= 0)
		close(o->journal_fd);
	if (o->dir_fd >= 0)
		close(o->dir_fd);
	g_mutex_clear(&o->journal_lock);
	g_free(o);
}

const char *gal_out_dir(GalOut *o)
{
	return o->dir;
}

/* Whether rel (below the site) is there as a file (S_IFREG) or folder
 * (S_IFDIR), links followed. Relative to the site's folder: a no-change
 * rebuild looks at four paths an image, and walking the site's own path
 * again for each was most of their cost. */
static gboolean site_has(GalOut *o, const char *rel, mode_t type)
{
	struct stat st;
	int rc;
	guint seen = o->seen ? GPOINTER_TO_UINT(g_hash_table_lookup(o->seen, rel)) : 0;
	if (seen)
		return seen - 1 == (guint)type;
	if (o->dir_fd >= 0) {
		rc = fstatat(o->dir_fd, rel, &st, 0);
	} else {
		g_autofree char *path = g_build_filename(o->dir, rel, NULL);
		rc = stat(path, &st);
	}
	return rc == 0 && (st.st_mode & S_IFMT) == type;
}

typedef struct {
	GalOut *o;
	GHashTable *seen;
	GStringChunk *strings;
} LookAhead;

static void look(LookAhead *la, const char *rel)
{
	struct stat st;
	guint mode = fstatat(la->o->dir_fd, rel, &st, 0) == 0 ? (guint)(st.st_mode & S_IFMT) : 0;
	g_hash_table_insert(la->seen, (gpointer)rel, GUINT_TO_POINTER(mode + 1));
}

/* Reads the tables as loaded, which nothing changes until it is joined. */
static gpointer look_ahead(gpointer data)
{
	LookAhead *la = data;
	GalOut *o = la->o;
	GHashTableIter it;
	gpointer k;
	g_hash_table_iter_init(&it, o->old_files);
	while (g_hash_table_iter_next(&it, &k, NULL))
		look(la, k);
	g_hash_table_iter_init(&it, o->old_trees);
	while (g_hash_table_iter_next(&it, &k, NULL)) {
		if (strlen(k) > 32)
			continue;
		char t[80];
		g_snprintf(t, sizeof t, "iiif/%s/info.json", (const char *)k);
		look(la, g_string_chunk_insert(la->strings, t));
		g_autofree char *m = g_strconcat(o->dir, "/media/", k, NULL);
		pl_listing_test(o->listing, m, G_FILE_TEST_IS_DIR);
	}
	return la;
}

void gal_out_look_ahead(GalOut *o)
{
	if (o->look_ahead || o->seen || o->dir_fd < 0)
		return;
	LookAhead *la = g_new0(LookAhead, 1);
	la->o = o;
	la->seen = g_hash_table_new(g_str_hash, g_str_equal);
	la->strings = g_string_chunk_new(1 << 16);
	o->look_ahead = g_thread_try_new("planche-look", look_ahead, la, NULL);
	if (!o->look_ahead) {
		g_hash_table_unref(la->seen);
		g_string_chunk_free(la->strings);
		g_free(la);
	}
}

void gal_out_look_ahead_join(GalOut *o)
{
	if (!o->look_ahead)
		return;
	LookAhead *la = g_thread_join(o->look_ahead);
	o->look_ahead = NULL;
	o->seen = la->seen;
	o->seen_strings = la->strings;
	g_free(la);
}

/* Names rel in the journal before it is made; a journal that cannot be
 * written (a full disk) stops the file from being made at all. */
static int journal_add(GalOut *o, const char *rel, GError **error)
{
	int rc = 0;
	g_mutex_lock(&o->journal_lock);
	if (o->journal_fd < 0) {
		g_autofree char *path = g_build_filename(o->dir, JOURNAL_NAME, NULL);
		o->journal_fd = g_open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	}
	g_autofree char *line = g_strconcat(rel, "\n", NULL);
	gsize len = strlen(line);
	errno = 0;
	if (o->journal_fd < 0 || write(o->journal_fd, line, len) != (ssize_t)len) {
		int saved = errno;
		g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s/%s: cannot record what is written: %s",
			    o->dir, JOURNAL_NAME, g_strerror(saved ? saved : ENOSPC));
		rc = -1;
	}
	g_mutex_unlock(&o->journal_lock);
	return rc;
}

int gal_out_claim(GalOut *o, const char *rel, GError **error)
{
	g_autofree char *path = g_build_filename(o->dir, rel, NULL);
	GStatBuf st;
	if (!rel_ok(rel)) {
		g_set_error(error, PL_ERROR, PL_ERROR_FAILED, "refusing to write '%s'", rel);
		return -1;
	}
	if (!o->force && g_lstat(path, &st) == 0 && !g_hash_table_contains(o->journaled, rel)) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
			    "%s: a file planche did not write is in the way; move it, or build --force "
			    "to replace it", path);
		return -1;
	}
	return journal_add(o, rel, error);
}

static gboolean recorded_file(GalOut *o, const char *rel)
{
	return g_hash_table_contains(o->old_files, rel) || g_hash_table_contains(o->files, rel);
}

int gal_out_write(GalOut *o, const char *rel, const char *data, gsize len, GError **error)
{
	if (!rel_ok(rel)) {
		g_set_error(error, PL_ERROR, PL_ERROR_FAILED, "refusing to write '%s'", rel);
		return -1;
	}
	g_autofree char *hash = pl_sha256_data(data, len);
	g_autofree char *path = g_build_filename(o->dir, rel, NULL);
	const char *old = g_hash_table_lookup(o->old_files, rel);
	gboolean ours = recorded_file(o, rel);
	if (old && strcmp(old, hash) == 0 && g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
		g_hash_table_replace(o->files, (gpointer)keep(o, rel), (gpointer)old);
		o->unchanged++;
		return 0;
	}
	if (!ours && gal_out_claim(o, rel, error))
		return -1;
	g_autofree char *parent = g_path_get_dirname(path);
	if (!g_hash_table_contains(o->made_dirs, parent)) {
		if (pl_mkdir_p(parent, error))
			return -1;
		g_hash_table_add(o->made_dirs, g_strdup(parent));
	}
	if (pl_write_file_atomic_dir_later(path, data, len, error))
		return -1;
	if (!ours)
		g_ptr_array_add(o->created, g_strdup(rel));
	g_hash_table_replace(o->files, (gpointer)keep(o, rel), (gpointer)keep(o, hash));
	o->differs = TRUE;
	o->written++;
	o->written_bytes += (gint64)len;
	return 0;
}

int gal_out_write_string(GalOut *o, const char *rel, GString *s, GError **error)
{
	return gal_out_write(o, rel, s->str, s->len, error);
}

gboolean gal_out_inputs_same(GalOut *o, const char *key, const char *fp, const char *const *rels,
			     int n)
{
	const char *old = g_hash_table_lookup(o->old_inputs, key);
	gboolean same = old && strcmp(old, fp) == 0;
	for (int i = 0; same && i < n; i++)
		same = g_hash_table_contains(o->old_files, rels[i]) && site_has(o, rels[i], S_IFREG);
	return same;
}

gboolean gal_out_inputs_settle(GalOut *o, const char *key, const char *fp,
			       const char *const *rels, int n, gboolean same)
{
	if (!same) {
		/* Forgotten now: a build stopped after rewriting some of these
		 * files must not leave a record saying they are still current. */
		g_hash_table_remove(o->old_inputs, key);
		return FALSE;
	}
	/* the last build's strings, as they were */
	for (int i = 0; i < n; i++) {
		gpointer rel, hash;
		if (g_hash_table_lookup_extended(o->old_files, rels[i], &rel, &hash))
			g_hash_table_replace(o->files, rel, hash);
	}
	gpointer old_key, old_fp;
	if (g_hash_table_lookup_extended(o->old_inputs, key, &old_key, &old_fp))
		g_hash_table_replace(o->inputs, old_key, old_fp);
	o->unchanged += n;
	return TRUE;
}

gboolean gal_out_inputs_current_rest(GalOut *o, const char *key, const char *fp)
{
	const char *old = g_hash_table_lookup(o->old_inputs, key);
	gboolean same = old && strcmp(old, fp) == 0;
	g_autoptr(GPtrArray) rest = g_ptr_array_new();
	GHashTableIter it;
	gpointer k;
	g_hash_table_iter_init(&it, o->old_files);
	while (same && g_hash_table_iter_next(&it, &k, NULL)) {
		if (g_hash_table_contains(o->files, k))
			continue;
		same = site_has(o, k, S_IFREG);
		g_ptr_array_add(rest, k);
	}
	if (!same) {
		g_hash_table_remove(o->old_inputs, key);
		return FALSE;
	}
	for (guint i = 0; i < rest->len; i++)
		g_hash_table_replace(o->files, rest->pdata[i],
				     g_hash_table_lookup(o->old_files, rest->pdata[i]));
	gpointer old_key, old_fp;
	if (g_hash_table_lookup_extended(o->old_inputs, key, &old_key, &old_fp))
		g_hash_table_replace(o->inputs, old_key, old_fp);
	o->unchanged += (int)rest->len;
	return TRUE;
}

void gal_out_inputs_done(GalOut *o, const char *key, const char *fp)
{
	g_hash_table_replace(o->inputs, (gpointer)keep(o, key), (gpointer)keep(o, fp));
	o->differs = TRUE;
}

gboolean gal_out_tree_current(GalOut *o, const char *id, const char *key)
{
	const Tree *old = g_hash_table_lookup(o->old_trees, id);
	if (!old || strcmp(old->key, key) != 0)
		return FALSE;
	char t[80];
	if (strlen(id) > 32)
		return FALSE;
	g_autofree char *m = g_strconcat(o->dir, "/media/", id, NULL);
	g_snprintf(t, sizeof t, "iiif/%s/info.json", id);
	return pl_listing_test(o->listing, m, G_FILE_TEST_IS_DIR) && site_has(o, t, S_IFREG);
}

void gal_out_tree_keep(GalOut *o, const char *id, const char *key, GPtrArray *files)
{
	if (!files) {
		/* The last build's record of it moves over as it is, still packed. */
		gpointer old_id = NULL, old = NULL;
		Tree *t;
		if (g_hash_table_steal_extended(o->old_trees, id, &old_id, &old)) {
			id = old_id;
			t = old;
			t->from_record = TRUE;
			if (strcmp(t->key, key) != 0) {
				t->key = keep(o, key);
				o->differs = TRUE;
			}
		} else {
			t = tree_new(keep(o, key), NULL);
			o->differs = TRUE;
		}
		g_hash_table_replace(o->trees, old_id ? old_id : (gpointer)keep(o, id), t);
		return;
	}
	g_hash_table_replace(o->trees, (gpointer)keep(o, id), tree_new(keep(o, key), files));
	o->differs = TRUE;
	for (guint i = 0; i < files->len; i++) {
		g_autofree char *path = g_build_filename(o->dir, (char *)files->pdata[i], NULL);
		GStatBuf st;
		o->written++;
		if (g_stat(path, &st) == 0)
			o->written_bytes += (gint64)st.st_size;
	}
}

/* Removes now-empty folders from path's parent up to (not including) the site. */
static void prune_parents(GalOut *o, const char *path)
{
	g_autofree char *dir = g_path_get_dirname(path);
	size_t n = strlen(o->dir);
	while (strlen(dir) > n && strncmp(dir, o->dir, n) == 0 && dir[n] == '/') {
		if (g_rmdir(dir) != 0)
			break;
		char *up = g_path_get_dirname(dir);
		g_free(dir);
		dir = up;
	}
}

int gal_out_remove_file(GalOut *o, const char *rel)
{
	if (!rel_ok(rel))
		return -1;
	g_autofree char *path = g_build_filename(o->dir, rel, NULL);
	g_autofree char *parent = g_path_get_dirname(path);
	g_autofree char *real_parent = pl_real_path(parent);
	g_autofree char *base = g_path_get_basename(path);
	GStatBuf st;
	/* The real folder, so that a folder of the site replaced by a link to
	 * elsewhere does not lead the removal out of the site. */
	if (!real_parent || !o->real_dir ||
	    (strcmp(real_parent, o->real_dir) != 0 && !pl_path_is_below(real_parent, o->real_dir)))
		return -1;
	g_autofree char *real = g_build_filename(real_parent, base, NULL);
	if (g_lstat(real, &st) != 0 || S_ISDIR(st.st_mode) || g_unlink(real) != 0)
		return -1;
	prune_parents(o, path);
	return 0;
}

void gal_out_tree_clear(GalOut *o, const char *id)
{
	Tree *old = g_hash_table_lookup(o->old_trees, id);
	GPtrArray *files = old ? tree_files(old) : NULL;
	for (guint i = 0; files && i < files->len; i++)
		gal_out_remove_file(o, files->pdata[i]);
}

static void remove_all(const char *path)
{
	GStatBuf st;
	if (g_lstat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		g_unlink(path);
		return;
	}
	GDir *d = g_dir_open(path, 0, NULL);
	const char *name;
	while (d && (name = g_dir_read_name(d))) {
		g_autofree char *child = g_build_filename(path, name, NULL);
		remove_all(child);
	}
	if (d)
		g_dir_close(d);
	g_rmdir(path);
}

/* A temporary of ours (its name says so), and everything in it. */
static void remove_tmp_tree(const char *path)
{
	g_autofree char *base = g_path_get_basename(path);
	if (pl_is_tmp_name(base))
		remove_all(path);
}

static gint cmp_str_ptr(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static GPtrArray *sorted_keys(GHashTable *h)
{
	GPtrArray *keys = g_ptr_array_sized_new(g_hash_table_size(h));
	GHashTableIter it;
	gpointer k;
	g_hash_table_iter_init(&it, h);
	while (g_hash_table_iter_next(&it, &k, NULL))
		g_ptr_array_add(keys, k);
	g_ptr_array_sort(keys, cmp_str_ptr);
	return keys;
}

static void put_pairs(GString *s, char kind, GHashTable *h)
{
	g_autoptr(GPtrArray) keys = sorted_keys(h);
	for (guint i = 0; i < keys->len; i++) {
		const char *k = keys->pdata[i];
		g_string_append_c(s, kind);
		g_string_append_c(s, ' ');
		g_string_append(s, g_hash_table_lookup(h, k));
		g_string_append_c(s, ' ');
		g_string_append(s, k);
		g_string_append_c(s, '\n');
	}
}

static gboolean state_there(GalOut *o)
{
	g_autofree char *path = g_build_filename(o->dir, STATE_NAME, NULL);
	return g_file_test(path, G_FILE_TEST_IS_REGULAR);
}

/* Written whole to a temporary and renamed over the last one: a build
 * killed while saving leaves the last state, and the journal names what
 * this build made. Then the JSON of an older planche goes. */
static int save_state(GalOut *o, GHashTable *files, GHashTable *trees, GHashTable *inputs,
		      GError **error)
{
	g_autoptr(GString) s = g_string_sized_new(1 << 16);
	g_string_append(s, STATE_MAGIC "\n");
	put_pairs(s, 'f', files);
	put_pairs(s, 'i', inputs);
	g_autoptr(GPtrArray) ids = sorted_keys(trees);
	for (guint i = 0; i < ids->len; i++) {
		const Tree *t = g_hash_table_lookup(trees, ids->pdata[i]);
		g_string_append(s, "t ");
		g_string_append(s, ids->pdata[i]);
		g_string_append_c(s, ' ');
		g_string_append(s, t->key);
		g_string_append_c(s, '\t');
		if (!t->files) {
			g_string_append(s, t->packed);
		} else {
			for (guint f = 0; f < t->files->len; f++) {
				if (f)
					g_string_append_c(s, '\t');
				g_string_append(s, t->files->pdata[f]);
			}
		}
		g_string_append_c(s, '\n');
	}
	g_string_append(s, "end\n");
	g_autofree char *path = g_build_filename(o->dir, STATE_NAME, NULL);
	/* A no-change rebuild has the same state to say: not written (and
	 * synced to disk) again, megabytes at 100,000 images. */
	guint64 h[2];
	pl_hash128(s->str, s->len, h);
	gboolean same = o->read_state && h[0] == o->read_hash[0] && h[1] == o->read_hash[1] &&
			state_there(o);
	if (!same && pl_write_file_atomic(path, s->str, s->len, error))
		return -1;
	if (!same) {
		o->read_hash[0] = h[0];
		o->read_hash[1] = h[1];
		o->read_state = TRUE;
	}
	if (o->json_state) {
		g_autofree char *json_path = g_build_filename(o->dir, JSON_STATE_NAME, NULL);
		if (g_unlink(json_path) == 0 || errno == ENOENT)
			o->json_state = FALSE;
	}
	return 0;
}

static gboolean in_trees(GHashTable *trees, const char *rel)
{
	if (!g_str_has_prefix(rel, "media/") && !g_str_has_prefix(rel, "iiif/"))
		return FALSE;
	const char *id = strchr(rel, '/') + 1;
	const char *end = strchr(id, '/');
	if (!end)
		return FALSE;
	g_autofree char *key = g_strndup(id, (gsize)(end - id));
	Tree *t = g_hash_table_lookup(trees, key);
	GPtrArray *files = t ? tree_files(t) : NULL;
	for (guint i = 0; files && i < files->len; i++)
		if (strcmp(files->pdata[i], rel) == 0)
			return TRUE;
	return FALSE;
}

/* The folders' own syncs, once each rather than once a file (two an item
 * folder), before the record names what is in them. */
static void sync_dirs(GalOut *o)
{
	GHashTableIter it;
	gpointer dir;
	g_hash_table_iter_init(&it, o->made_dirs);
	while (g_hash_table_iter_next(&it, &dir, NULL))
		pl_sync_dir(dir);
}

int gal_out_finish(GalOut *o, int *removed, GError **error)
{
	int n = 0;
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, o->old_files);
	while (g_hash_table_iter_next(&it, &k, NULL))
		if (!g_hash_table_contains(o->files, k) && gal_out_remove_file(o, k) == 0)
			n++;
	g_hash_table_iter_init(&it, o->old_trees);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		if (g_hash_table_contains(o->trees, k))
			continue;
		GPtrArray *files = tree_files(v);
		for (guint i = 0; i < files->len; i++)
			if (gal_out_remove_file(o, files->pdata[i]) == 0)
				n++;
	}
	/* What an unfinished build made and this one did not make again. */
	g_hash_table_iter_init(&it, o->journaled);
	while (g_hash_table_iter_next(&it, &k, NULL))
		if (!g_hash_table_contains(o->files, k) && !in_trees(o->trees, k) &&
		    gal_out_remove_file(o, k) == 0)
			n++;
	if (removed)
		*removed = n;
	/* Every entry as read and as many as read: the same record. */
	gboolean same = o->read_state && !o->differs && !o->json_state && n == 0 &&
			g_hash_table_size(o->journaled) == 0 &&
			g_hash_table_size(o->files) == o->read_files &&
			g_hash_table_size(o->inputs) == o->read_inputs &&
			g_hash_table_size(o->trees) == o->read_trees && state_there(o);
	sync_dirs(o);
	if (!same && save_state(o, o->files, o->trees, o->inputs, error))
		return -1;
	/* Everything is in the record now. */
	g_autofree char *journal = g_build_filename(o->dir, JOURNAL_NAME, NULL);
	g_unlink(journal);
	return 0;
}

int gal_out_abandon(GalOut *o, gboolean *kept, int *removed, GError **error)
{
	/* What the last build recorded still stands (nothing was removed),
	 * with what this one wrote over it. */
	g_autoptr(GHashTable) files = g_hash_table_new(g_str_hash, g_str_equal);
	g_autoptr(GHashTable) trees = g_hash_table_new(g_str_hash, g_str_equal);
	g_autoptr(GHashTable) inputs = g_hash_table_new(g_str_hash, g_str_equal);
	GHashTable *sources[3][2] = {{o->old_files, o->files}, {o->old_trees, o->trees},
				     {o->old_inputs, o->inputs}};
	GHashTable *into[3] = {files, trees, inputs};
	for (int m = 0; m < 3; m++)
		for (int s = 0; s < 2; s++) {
			GHashTableIter it;
			gpointer k, v;
			g_hash_table_iter_init(&it, sources[m][s]);
			while (g_hash_table_iter_next(&it, &k, &v))
				g_hash_table_replace(into[m], k, v);
		}
	*removed = 0;
	sync_dirs(o);
	if (save_state(o, files, trees, inputs, error) == 0) {
		*kept = TRUE;
		return 0;
	}
	/* No record could be written (a full disk): what this build made where
	 * there was nothing is removed again, so that no file of planche's is
	 * left that its record does not name. */
	*kept = FALSE;
	for (guint i = 0; i < o->created->len; i++)
		if (gal_out_remove_file(o, o->created->pdata[i]) == 0)
			(*removed)++;
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, o->trees);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		Tree *t = v;
		if (t->from_record)
			continue;
		tree_files(t);
		for (guint i = 0; i < t->files->len; i++)
			if (gal_out_remove_file(o, t->files->pdata[i]) == 0)
				(*removed)++;
	}
	return -1;
}

void gal_out_counts(GalOut *o, int *written, gint64 *bytes, int *unchanged)
{
	*written = o->written;
	if (bytes)
		*bytes = o->written_bytes;
	*unchanged = o->unchanged;
}

void gal_out_remove_tmp(GalOut *o, const char *path)
{
	remove_tmp_tree(path);
}

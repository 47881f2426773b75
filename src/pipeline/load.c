/* Finding pipelines: the collection's pipelines/NAME.pipeline first, then the
 * shipped ones embedded in the binary at /planche/pipelines/. */
#include "pipeline/pipeline-private.h"

#include <gio/gio.h>
#include <string.h>

#include "corrections/corrections.h"
#include "util/util.h"

#define SHIPPED_DIR "/planche/pipelines"
#define SUFFIX ".pipeline"

static gboolean valid_name(const char *name)
{
	/* A name becomes a file name: no separators, no hidden files. The rule
	 * is the per-image pipeline= correction's. */
	return pl_correction_check_pipeline(name, NULL) == 0;
}

PlPipeline *pl_pipeline_load(const char *root, const char *name, GError **error)
{
	if (!valid_name(name)) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
			    "'%s': a pipeline name has letters, digits, '-', '_' and '.' only",
			    name ? name : "");
		return NULL;
	}
	g_autofree char *file = g_strconcat(name, SUFFIX, NULL);
	if (root) {
		g_autofree char *path = g_build_filename(root, "pipelines", file, NULL);
		g_autofree char *text = NULL;
		gsize len = 0;
		GError *local = NULL;
		if (g_file_get_contents(path, &text, &len, &local))
			return pl_pipeline_parse(name, text, path, error);
		if (!g_error_matches(local, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
			g_propagate_error(error, local);
			return NULL;
		}
		g_clear_error(&local);
	}
	g_autofree char *rpath = g_strconcat(SHIPPED_DIR "/", file, NULL);
	g_autoptr(GBytes) bytes = g_resources_lookup_data(rpath, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
	if (!bytes) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "no pipeline named '%s'", name);
		return NULL;
	}
	gsize len = 0;
	const char *data = g_bytes_get_data(bytes, &len);
	/* Resource data is NUL-terminated by glib-compile-resources. */
	g_autofree char *text = g_strndup(data, len);
	g_autofree char *shown = g_strconcat("(shipped) ", file, NULL);
	return pl_pipeline_parse(name, text, shown, error);
}

void pl_pipeline_info_free(PlPipelineInfo *info)
{
	if (!info)
		return;
	g_free(info->name);
	g_free(info->description);
	g_free(info->origin);
	g_free(info);
}

static PlPipelineInfo *info_new(const char *name, const char *text, const char *origin)
{
	PlPipelineInfo *info = g_new0(PlPipelineInfo, 1);
	info->name = g_strdup(name);
	info->origin = g_strdup(origin);
	/* The description is the first comment line, even if the rest is broken. */
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	for (int i = 0; lines[i]; i++) {
		char *l = g_strstrip(lines[i]);
		if (l[0] == '#') {
			g_autofree char *d = pl_utf8_sanitize(l + 1);
			info->description = g_strdup(g_strstrip(d));
			break;
		}
	}
	if (!info->description)
		info->description = g_strdup("");
	return info;
}

static gint info_cmp(gconstpointer a, gconstpointer b)
{
	const PlPipelineInfo *x = *(PlPipelineInfo *const *)a;
	const PlPipelineInfo *y = *(PlPipelineInfo *const *)b;
	return strcmp(x->name, y->name);
}

GPtrArray *pl_pipeline_list(const char *root)
{
	GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)pl_pipeline_info_free);
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	if (root) {
		g_autofree char *dir = g_build_filename(root, "pipelines", NULL);
		g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
		const char *entry;
		while (d && (entry = g_dir_read_name(d))) {
			if (!g_str_has_suffix(entry, SUFFIX))
				continue;
			g_autofree char *name = g_strndup(entry, strlen(entry) - strlen(SUFFIX));
			g_autofree char *path = g_build_filename(dir, entry, NULL);
			g_autofree char *text = NULL;
			if (!valid_name(name) || !g_file_get_contents(path, &text, NULL, NULL))
				continue;
			g_ptr_array_add(out, info_new(name, text, "collection"));
			g_hash_table_add(seen, g_steal_pointer(&name));
		}
	}
	g_auto(GStrv) children =
		g_resources_enumerate_children(SHIPPED_DIR, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
	for (int i = 0; children && children[i]; i++) {
		if (!g_str_has_suffix(children[i], SUFFIX))
			continue;
		g_autofree char *name =
			g_strndup(children[i], strlen(children[i]) - strlen(SUFFIX));
		if (g_hash_table_contains(seen, name))
			continue;
		g_autofree char *rpath = g_strconcat(SHIPPED_DIR "/", children[i], NULL);
		g_autoptr(GBytes) bytes =
			g_resources_lookup_data(rpath, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
		if (!bytes)
			continue;
		g_autofree char *text =
			g_strndup(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
		g_ptr_array_add(out, info_new(name, text, "shipped"));
	}
	g_ptr_array_sort(out, info_cmp);
	return out;
}

#include "collection/config.h"

#include "util/util.h"

static const char default_text[] =
	"# planche collection settings. Lines starting with # are comments.\n"
	"\n"
	"[site]\n"
	"# The gallery's title, shown on every page.\n"
	"title=My collection\n"
	"# A Markdown file (relative to this folder) shown on the home page.\n"
	"#introduction=introduction.md\n"
	"# The address the site will be published at; used by the feed and sitemap.\n"
	"#base-url=https://example.org/prints/\n"
	"# Interface language: en or fr.\n"
	"language=en\n"
	"#author=\n"
	"# Offer the untouched originals for download beside the masters.\n"
	"download-originals=false\n"
	"# Images per browse page.\n"
	"page-size=60\n"
	"# Widths of the derivatives made for each image, in pixels.\n"
	"widths=320;640;1280\n"
	"\n"
	"[clean]\n"
	"# The pipeline used for images that have no pipeline of their own.\n"
	"pipeline=gallica\n";

static char *get_string(GKeyFile *kf, const char *group, const char *key, const char *def)
{
	char *v = g_key_file_get_string(kf, group, key, NULL);
	if (v) {
		g_strstrip(v);
		return v;
	}
	return g_strdup(def);
}

int pl_config_load(const char *root, PlConfig **out, GError **error)
{
	g_autofree char *path = g_build_filename(root, "planche.conf", NULL);
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autoptr(GError) err = NULL;
	if (!g_key_file_load_from_data(kf, default_text, sizeof default_text - 1,
				       G_KEY_FILE_NONE, NULL))
		g_assert_not_reached();
	if (g_file_test(path, G_FILE_TEST_EXISTS)) {
		g_autoptr(GKeyFile) user = g_key_file_new();
		g_autofree char *text = NULL;
		gsize len = 0;
		/* GKeyFile's own message names no line. */
		if (g_file_get_contents(path, &text, &len, &err) &&
		    pl_utf8_check_text(text, (gssize)len, path, error))
			return -1;
		if (err || !g_key_file_load_from_data(user, text, len, G_KEY_FILE_NONE, &err)) {
			g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s: %s", path, err->message);
			return -1;
		}
		g_auto(GStrv) groups = g_key_file_get_groups(user, NULL);
		for (int g = 0; groups[g]; g++) {
			g_auto(GStrv) keys = g_key_file_get_keys(user, groups[g], NULL, NULL);
			for (int k = 0; keys && keys[k]; k++) {
				g_autofree char *v = g_key_file_get_value(user, groups[g], keys[k], NULL);
				g_key_file_set_value(kf, groups[g], keys[k], v);
			}
		}
	}
	PlConfig *cfg = g_new0(PlConfig, 1);
	cfg->title = get_string(kf, "site", "title", "My collection");
	cfg->introduction = get_string(kf, "site", "introduction", "");
	cfg->base_url = get_string(kf, "site", "base-url", "");
	cfg->language = get_string(kf, "site", "language", "en");
	cfg->author = get_string(kf, "site", "author", "");
	cfg->pipeline = get_string(kf, "clean", "pipeline", "gallica");
	cfg->download_originals = g_key_file_get_boolean(kf, "site", "download-originals", &err);
	if (err)
		goto bad;
	cfg->page_size = g_key_file_get_integer(kf, "site", "page-size", &err);
	if (err || cfg->page_size < 1) {
		if (!err)
			g_set_error_literal(&err, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
					    "page-size must be at least 1");
		goto bad;
	}
	cfg->widths = g_key_file_get_integer_list(kf, "site", "widths", &cfg->n_widths, &err);
	if (err)
		goto bad;
	*out = cfg;
	return 0;
bad:
	g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s: %s", path, err->message);
	pl_config_free(cfg);
	return -1;
}

void pl_config_free(PlConfig *cfg)
{
	if (!cfg)
		return;
	g_free(cfg->title);
	g_free(cfg->introduction);
	g_free(cfg->base_url);
	g_free(cfg->language);
	g_free(cfg->author);
	g_free(cfg->pipeline);
	g_free(cfg->widths);
	g_free(cfg);
}

int pl_config_write_default(const char *root, GError **error)
{
	g_autofree char *path = g_build_filename(root, "planche.conf", NULL);
	if (g_file_test(path, G_FILE_TEST_EXISTS))
		return 0;
	return pl_write_file_atomic(path, default_text, sizeof default_text - 1, error);
}

/* The site's assets: stylesheet and scripts embedded in the binary, the
 * collection's theme.css, and OpenSeadragon copied from its npm package. */
#include "gallery/site.h"

#include <string.h>

#include "util/util.h"

#ifndef PLANCHE_OSD_DIR
#define PLANCHE_OSD_DIR ""
#endif
#ifndef PLANCHE_INSTALLED_OSD_DIR
#define PLANCHE_INSTALLED_OSD_DIR ""
#endif

/* Made by glib-compile-resources (CMakeLists.txt). */
GResource *planche_get_resource(void);

static int copy_resources(GalSite *site, GError **error)
{
	GResource *res = planche_get_resource();
	g_auto(GStrv) names = g_resource_enumerate_children(res, "/planche/assets", 0, NULL);
	for (int i = 0; names && names[i]; i++) {
		g_autofree char *path = g_strconcat("/planche/assets/", names[i], NULL);
		g_autoptr(GBytes) data = g_resource_lookup_data(res, path, 0, NULL);
		if (!data)
			continue;
		g_autofree char *rel = g_strconcat("assets/", names[i], NULL);
		gsize len;
		const char *p = g_bytes_get_data(data, &len);
		if (gal_out_write(site->out, rel, p, len, error))
			return -1;
	}
	return 0;
}

static int copy_file_to(GalSite *site, const char *from, const char *rel, GError **error)
{
	g_autofree char *data = NULL;
	gsize len = 0;
	g_autoptr(GError) err = NULL;
	if (!g_file_get_contents(from, &data, &len, &err)) {
		g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s", err->message);
		return -1;
	}
	return gal_out_write(site->out, rel, data, len, error);
}

/* OpenSeadragon's build folder: PLANCHE_OSD_DIR in the environment, else the
 * source tree's npm copy, else the installed one. Only the minified script and
 * the button images go. */
static int copy_viewer(GalSite *site, GError **error)
{
	const char *dir = g_getenv("PLANCHE_OSD_DIR");
	if (!dir || !*dir) {
		g_autofree char *dev = g_build_filename(PLANCHE_OSD_DIR, "openseadragon.min.js", NULL);
		dir = *PLANCHE_OSD_DIR && g_file_test(dev, G_FILE_TEST_IS_REGULAR)
			? PLANCHE_OSD_DIR : PLANCHE_INSTALLED_OSD_DIR;
	}
	g_autofree char *js = g_build_filename(dir, "openseadragon.min.js", NULL);
	if (!*dir || !g_file_test(js, G_FILE_TEST_IS_REGULAR)) {
		/* The pages then show the large picture alone: said once a build. */
		g_printerr("planche: warning: the site has no zoom viewer: OpenSeadragon is not in %s "
			   "(bash .ci/install-deps puts it in src/gallery; PLANCHE_OSD_DIR names another copy)\n",
			   *dir ? dir : "any known folder");
		site->has_viewer = FALSE;
		return 0;
	}
	if (copy_file_to(site, js, "assets/openseadragon/openseadragon.min.js", error))
		return -1;
	g_autofree char *images = g_build_filename(dir, "images", NULL);
	GDir *d = g_dir_open(images, 0, NULL);
	const char *name;
	int rc = 0;
	while (d && rc == 0 && (name = g_dir_read_name(d))) {
		if (!g_str_has_suffix(name, ".png") || strchr(name, '/'))
			continue;
		g_autofree char *from = g_build_filename(images, name, NULL);
		g_autofree char *rel = g_strconcat("assets/openseadragon/images/", name, NULL);
		rc = copy_file_to(site, from, rel, error);
	}
	if (d)
		g_dir_close(d);
	site->has_viewer = rc == 0;
	return rc;
}

int gal_write_assets(GalSite *site, GError **error)
{
	if (copy_resources(site, error))
		return -1;
	/* A collection restyles its site by dropping a theme.css beside planche.conf. */
	g_autofree char *theme = g_build_filename(site->opt->root, "theme.css", NULL);
	if (g_file_test(theme, G_FILE_TEST_IS_REGULAR)) {
		if (copy_file_to(site, theme, "assets/theme.css", error))
			return -1;
	} else {
		static const char empty[] = "/* Put a theme.css in the collection folder to restyle the site. */\n";
		if (gal_out_write(site->out, "assets/theme.css", empty, sizeof empty - 1, error))
			return -1;
	}
	return copy_viewer(site, error);
}

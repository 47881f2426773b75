/* planche build: the collection's static gallery, from its catalogue. */
#include <stdio.h>

#include "cli/cmd.h"
#include "collection/collection.h"
#include "collection/config.h"
#include "collection/publish.h"
#include "gallery/gallery.h"

int cli_build(Collection *c, const char *out, int jobs, gboolean quiet, gboolean force)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(PlConfig) cfg = NULL;
	if (pl_config_load(c->root, &cfg, &err))
		return cli_error(1, "%s", err->message);
	g_autofree char *site_dir = publish_site_dir(c, out, &err);
	if (!site_dir)
		return cli_error(2, "%s", err->message);
	GalleryOptions opt = {.root = c->root, .out_dir = site_dir, .cfg = cfg, .quiet = quiet,
			      .jobs = jobs, .force = force, .catalog = c,
			      .read_items = publish_read_items, .read_steps = publish_read_steps};
	GalleryStats st;
	int rc = gallery_build(&opt, NULL, &st, &err);
	g_autofree char *size = g_format_size((guint64)st.written_bytes);
	if (st.finished) {
		printf("%d images published to %s (%d remade, %d left out uncleaned), %d files written "
		       "(%s), %d unchanged, %d removed, in %.2f s\n",
		       st.items, site_dir, st.derived, st.left_out, st.written, size, st.unchanged,
		       st.removed, st.seconds);
	} else if (st.written == 0) {
		printf("build stopped: nothing was written to %s\n", site_dir);
	} else if (st.kept) {
		/* Said as it is: the site is incomplete, and what is there is planche's. */
		printf("build stopped: %d files (%s) written to %s are kept and recorded; the site is "
		       "incomplete until a build finishes\n", st.written, size, site_dir);
	} else if (st.removed_again == st.written) {
		printf("build stopped: the %d files (%s) it had written to %s were removed again; "
		       "nothing was added there\n", st.written, size, site_dir);
	} else {
		printf("build stopped: of the %d files (%s) it wrote to %s, the %d new ones were removed "
		       "again; the %d others replaced files of the last build\n", st.written, size,
		       site_dir, st.removed_again, st.written - st.removed_again);
	}
	if (rc)
		return cli_error(1, "%s", err->message);
	if (!cfg->base_url || !*cfg->base_url)
		fprintf(stderr, "planche: warning: base-url is not set in planche.conf, so the IIIF manifests and "
				"image services have relative ids, which IIIF viewers (Mirador, the Universal "
				"Viewer) cannot load; 'planche serve' gives them its own address\n");
	return 0;
}

int cmd_build(int argc, char **argv)
{
	g_autofree char *out = NULL;
	int jobs = 0;
	gboolean quiet = FALSE, force = FALSE;
	GOptionEntry entries[] = {
		{"out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
		 "write the site into DIR (default: site/ in the collection)", "DIR"},
		{"force", 0, 0, G_OPTION_ARG_NONE, &force,
		 "write into a folder that holds files planche did not write (those of the names it writes are replaced)", NULL},
		{"jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "images processed at once (default: processors)", "N"},
		{"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "print only the summary and errors", NULL},
		{NULL, 0, 0, 0, NULL, NULL, NULL}};
	g_autoptr(GOptionContext) ctx = g_option_context_new("- write the static gallery");
	g_option_context_set_description(ctx,
		"Only what changed since the last build is redone: new or re-cleaned\n"
		"masters, edited metadata. Pages of images that are gone are removed.\n"
		"\n"
		"The site folder's .planche-site.state records every file planche wrote\n"
		"there: only those are ever replaced or removed. A folder that holds other\n"
		"files and no such record is refused unless --force; even then nothing\n"
		"but planche's own files is ever deleted. A master or original reaches the\n"
		"site only when its SHA-256 is the one recorded.");
	g_option_context_add_main_entries(ctx, entries, NULL);
	int rc = cli_parse(ctx, &argc, &argv);
	if (rc)
		return rc;
	if (argc > 1)
		return cli_error(2, "build takes no arguments (see planche build --help)");

	g_autoptr(GError) err = NULL;
	g_autoptr(Collection) c = NULL;
	if (collection_open(CATALOG_READONLY, &c, &err))
		return cli_error(1, "%s", err->message);
	return cli_build(c, out, jobs, quiet, force);
}

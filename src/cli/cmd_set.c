#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "collection/collection.h"
#include "collection/edit.h"
#include "util/util.h"

int cmd_set(int argc, char **argv)
{
	g_autoptr(GOptionContext) ctx = g_option_context_new("ID FIELD=VALUE... - edit an image");
	g_option_context_set_summary(ctx,
		"Fields: title, creator, date, description, publisher, institution, credit,\n"
		"rights, notes, tags (comma-separated, replaces them), identifier, pipeline.\n"
		"Corrections for cleaning: crop=X,Y,W,H angle=DEG rotate=0|90|180|270\n"
		"levels=BLACK,WHITE (0-255) skip=STEP,STEP reviewed=yes; decimals take a dot\n"
		"(angle=-0.8), whatever the locale. An empty value (title=) clears a field.");
	int rc = cli_parse(ctx, &argc, &argv);
	if (rc)
		return rc;
	if (argc < 3)
		return cli_error(2, "set needs an image and at least one FIELD=VALUE");
	g_autoptr(Collection) c = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(CatalogItem) item = NULL;
	gint64 id = 0;
	if (collection_open(0, &c, &error) != 0)
		return cli_error(1, "%s", error->message);
	if (catalog_begin(c->cat, &error) != 0)
		return cli_error(1, "%s", error->message);
	int status = 0;
	if (catalog_item_resolve(c->cat, argv[1], &id, &error) != 0 ||
	    catalog_item_load(c->cat, id, &item, &error) != 0) {
		status = cli_error(1, "%s", error->message);
		goto out;
	}
	for (int i = 2; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		if (!eq) {
			status = cli_error(2, "'%s' is not FIELD=VALUE", argv[i]);
			goto out;
		}
		g_autofree char *key = g_strndup(argv[i], (gsize)(eq - argv[i]));
		const char *value = eq + 1;
		gboolean key_ok = g_utf8_validate(key, -1, NULL);
		if ((status = cli_check_utf8(key_ok ? key : "FIELD=VALUE", key_ok ? value : argv[i])))
			goto out;
		if (!edit_is_field(key)) {
			status = cli_error(2, "no field '%s'; see 'planche set --help'", key);
			goto out;
		}
		g_autofree char *warning = NULL;
		if (edit_item_set(c, item, key, value, &warning, &error) != 0) {
			/* A value the rules refuse is a usage error; an identifier
			 * that is not one fails, as it does for add and import. */
			gboolean usage = g_error_matches(error, PL_ERROR, PL_ERROR_INPUT) &&
					 strcmp(key, "identifier") != 0;
			status = cli_error(usage ? 2 : 1, "%s", error->message);
			goto out;
		}
		if (warning)
			fprintf(stderr, "planche: %s\n", warning);
	}
	if (catalog_item_link_document(c->cat, item, &error) != 0) {
		status = cli_error(1, "%s", error->message);
		goto out;
	}
	if (catalog_item_update(c->cat, item, &error) != 0 || catalog_commit(c->cat, &error) != 0) {
		status = cli_error(1, "%s", error->message);
		goto out;
	}
	return 0;
out:
	catalog_rollback(c->cat);
	return status;
}

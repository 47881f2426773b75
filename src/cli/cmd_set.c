#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "collection/collection.h"
#include "collection/ingest.h"
#include "corrections/corrections.h"
#include "pipeline/pipeline.h"
#include "util/util.h"

/* A per-image correction for the cleaning steps, stored in the canonical
 * text corrections.c gives it: the same rules as the review site's, so
 * what is accepted here clean can apply. */
static int set_correction(Catalog *cat, const CatalogItem *item, const char *key,
			  const char *value, GError **error)
{
	if (!*value)
		return catalog_override_clear(cat, item->id, key, error);
	g_auto(GStrv) steps = pl_step_skippable_names();
	g_autofree char *text = pl_correction_for_image(key, value, (const char *const *)steps,
							item->width, item->height, error);
	if (!text)
		return -1;
	return catalog_override_set(cat, item->id, key, text, error);
}

/* A pipeline that does not load would fail every clean of the image. */
static char *check_pipeline(const char *root, const char *value, GError **error)
{
	g_autofree char *name = pl_correction_normalize("pipeline", value, NULL, error);
	if (!name)
		return NULL;
	g_autoptr(PlPipeline) p = pl_pipeline_load(root, name, error);
	return p ? g_steal_pointer(&name) : NULL;
}

static const char *const metadata_fields[] = {
	"title", "creator", "date", "description", "publisher", "institution", "credit",
	"rights", "notes", "tags", "identifier", "pipeline", "document", NULL,
};

static char **field_slot(CatalogItem *item, const char *key)
{
	if (strcmp(key, "title") == 0) return &item->title;
	if (strcmp(key, "creator") == 0) return &item->creator;
	if (strcmp(key, "description") == 0) return &item->description;
	if (strcmp(key, "publisher") == 0) return &item->publisher;
	if (strcmp(key, "institution") == 0) return &item->institution;
	if (strcmp(key, "credit") == 0) return &item->credit;
	if (strcmp(key, "notes") == 0) return &item->notes;
	if (strcmp(key, "pipeline") == 0) return &item->pipeline;
	if (strcmp(key, "document") == 0) return &item->document;
	return NULL;
}

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
		if (pl_correction_is_key(key)) {
			if (set_correction(c->cat, item, key, value, &error) != 0) {
				status = cli_error(error->domain == PL_ERROR && error->code == PL_ERROR_INPUT ? 2 : 1,
						   "%s", error->message);
				goto out;
			}
			continue;
		}
		if (!g_strv_contains(metadata_fields, key)) {
			status = cli_error(2, "no field '%s'; see 'planche set --help'", key);
			goto out;
		}
		char **slot = field_slot(item, key);
		if (!*value && strcmp(key, "identifier") == 0) {
			g_ptr_array_set_size(item->identifiers, 0);
			g_clear_pointer(&item->source, g_free);
		} else if (!*value && strcmp(key, "tags") == 0) {
			g_ptr_array_set_size(item->tags, 0);
		} else if (!*value && strcmp(key, "date") == 0) {
			g_clear_pointer(&item->date, g_free);
			item->year_min = item->year_max = 0;
		} else if (!*value && strcmp(key, "rights") == 0) {
			g_clear_pointer(&item->rights, g_free);
		} else if (!*value && slot) {
			g_clear_pointer(slot, g_free);
		} else {
			IngestMeta meta = {0};
			if (strcmp(key, "tags") == 0) {
				g_ptr_array_set_size(item->tags, 0);
				meta.tags = value;
			} else if (strcmp(key, "identifier") == 0) {
				meta.identifier = value;
			} else if (strcmp(key, "date") == 0) {
				meta.date = value;
			} else if (strcmp(key, "rights") == 0) {
				meta.rights = value;
			} else if (strcmp(key, "pipeline") == 0) {
				char *name = check_pipeline(c->root, value, &error);
				if (!name) {
					status = cli_error(2, "%s", error->message);
					goto out;
				}
				g_free(*slot);
				*slot = name;
			} else {
				g_free(*slot);
				*slot = g_strdup(value);
			}
			g_autoptr(GError) warn = NULL;
			if (ingest_apply_meta(item, &meta, &warn) != 0) {
				if (strcmp(key, "date") == 0) {
					fprintf(stderr, "planche: %s\n", warn->message);
				} else {
					status = cli_error(1, "%s", warn->message);
					goto out;
				}
			}
		}
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

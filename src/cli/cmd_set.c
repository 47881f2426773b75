#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "collection/collection.h"
#include "collection/ingest.h"
#include "util/util.h"

/* Per-image corrections for the cleaning steps; validated here, read by the
 * pipeline runner. */
static int check_override(const char *key, const char *value, GError **error)
{
	double a, b, x, y;
	char tail;
	if (strcmp(key, "crop") == 0) {
		if (sscanf(value, "%lf,%lf,%lf,%lf%c", &x, &y, &a, &b, &tail) == 4 && x >= 0 && y >= 0 &&
		    a > 0 && b > 0)
			return 0;
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "crop=X,Y,W,H in the original's pixels, not '%s'", value);
	} else if (strcmp(key, "angle") == 0) {
		if (sscanf(value, "%lf%c", &a, &tail) == 1 && a >= -45 && a <= 45)
			return 0;
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "angle=DEGREES between -45 and 45, not '%s'", value);
	} else if (strcmp(key, "rotate") == 0) {
		if (g_regex_match_simple("^(0|90|180|270)$", value, 0, 0))
			return 0;
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "rotate=0, 90, 180 or 270 (degrees clockwise), not '%s'", value);
	} else if (strcmp(key, "levels") == 0) {
		if (sscanf(value, "%lf,%lf%c", &a, &b, &tail) == 2 && a >= 0 && b <= 255 && a < b)
			return 0;
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "levels=BLACK,WHITE with 0 <= BLACK < WHITE <= 255, not '%s'", value);
	} else if (strcmp(key, "skip") == 0) {
		if (g_regex_match_simple("^[a-z]+(,[a-z]+)*$", value, 0, 0))
			return 0;
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "skip=STEP,STEP (e.g. skip=deskew,trim), not '%s'", value);
	} else if (strcmp(key, "reviewed") == 0) {
		if (strcmp(value, "yes") == 0 || strcmp(value, "no") == 0)
			return 0;
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "reviewed=yes or reviewed=no, not '%s'", value);
	}
	return -1;
}

static const char *const metadata_fields[] = {
	"title", "creator", "date", "description", "publisher", "institution", "credit",
	"rights", "notes", "tags", "identifier", "pipeline", NULL,
};
static const char *const override_fields[] = {"crop", "angle", "rotate", "levels", "skip", "reviewed", NULL};

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
	return NULL;
}

int cmd_set(int argc, char **argv)
{
	g_autoptr(GOptionContext) ctx = g_option_context_new("ID FIELD=VALUE... - edit an image");
	g_option_context_set_summary(ctx,
		"Fields: title, creator, date, description, publisher, institution, credit,\n"
		"rights, notes, tags (comma-separated, replaces them), identifier, pipeline.\n"
		"Corrections for cleaning: crop=X,Y,W,H angle=DEG rotate=0|90|180|270\n"
		"levels=BLACK,WHITE skip=STEP,STEP reviewed=yes. An empty value (title=) clears a field.");
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
		if (g_strv_contains(override_fields, key)) {
			if (!*value) {
				rc = catalog_override_clear(c->cat, item->id, key, &error);
			} else if (check_override(key, value, &error) != 0) {
				status = cli_error(2, "%s", error->message);
				goto out;
			} else {
				rc = catalog_override_set(c->cat, item->id, key, value, &error);
			}
			if (rc != 0) {
				status = cli_error(1, "%s", error->message);
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
	if (item->identifiers->len) {
		const PlIdentifier *ident = item->identifiers->pdata[0];
		if (catalog_item_set_document(c->cat, item, ident->value, &error) != 0) {
			status = cli_error(1, "%s", error->message);
			goto out;
		}
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

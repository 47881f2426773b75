#include "collection/edit.h"

#include <string.h>

#include "collection/ingest.h"
#include "corrections/corrections.h"
#include "pipeline/pipeline.h"
#include "util/util.h"

static const char *const metadata_fields[] = {
	"title", "creator", "date", "description", "publisher", "institution", "credit",
	"rights", "notes", "tags", "identifier", "pipeline", "document", NULL,
};

gboolean edit_is_field(const char *key)
{
	return pl_correction_is_key(key) || g_strv_contains(metadata_fields, key);
}

int edit_correction_set(Catalog *cat, const CatalogItem *item, const char *key,
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
	g_autoptr(GError) err = NULL;
	g_autofree char *name = pl_correction_normalize("pipeline", value, NULL, &err);
	g_autoptr(PlPipeline) p = name ? pl_pipeline_load(root, name, &err) : NULL;
	if (!p) {
		g_set_error_literal(error, PL_ERROR, PL_ERROR_INPUT, err->message);
		return NULL;
	}
	return g_steal_pointer(&name);
}

/* The plain text fields, set and cleared as they are. */
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

/* An empty value clears the field, and what goes with it. */
static void clear_field(CatalogItem *item, const char *key)
{
	char **slot = field_slot(item, key);
	if (strcmp(key, "identifier") == 0) {
		g_ptr_array_set_size(item->identifiers, 0);
		g_clear_pointer(&item->source, g_free);
	} else if (strcmp(key, "tags") == 0) {
		g_ptr_array_set_size(item->tags, 0);
	} else if (strcmp(key, "date") == 0) {
		g_clear_pointer(&item->date, g_free);
		item->year_min = item->year_max = 0;
	} else if (strcmp(key, "rights") == 0) {
		g_clear_pointer(&item->rights, g_free);
	} else if (slot) {
		g_clear_pointer(slot, g_free);
	}
}

int edit_item_set(Collection *c, CatalogItem *item, const char *key, const char *value,
		  char **warning, GError **error)
{
	*warning = NULL;
	if (pl_correction_is_key(key))
		return edit_correction_set(c->cat, item, key, value, error);
	if (!g_strv_contains(metadata_fields, key)) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "no field '%s'", key);
		return -1;
	}
	if (!*value) {
		clear_field(item, key);
		return 0;
	}
	/* The fields that are more than text go through what add applies: a
	 * tags list (which replaces the tags), an identifier, a date, rights. */
	IngestMeta meta = {0};
	char **slot = field_slot(item, key);
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
		char *name = check_pipeline(c->root, value, error);
		if (!name)
			return -1;
		g_free(*slot);
		*slot = name;
	} else {
		g_free(*slot);
		*slot = g_strdup(value);
	}
	g_autoptr(GError) warn = NULL;
	if (ingest_apply_meta(item, &meta, &warn) == 0)
		return 0;
	/* A date not understood is kept as written, as add keeps it. */
	if (strcmp(key, "date") == 0) {
		*warning = g_strdup(warn->message);
		return 0;
	}
	g_propagate_error(error, g_steal_pointer(&warn));
	return -1;
}

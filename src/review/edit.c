/* Saving the archivist's corrections: the same overrides as 'planche set',
 * written in one transaction under the collection's lock, then the image is
 * cleaned again at once. The lock is held only for this. */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "collection/clean.h"
#include "collection/collection.h"
#include "collection/edit.h"
#include "corrections/corrections.h"
#include "pipeline/pipeline.h"
#include "review/review.h"
#include "util/util.h"

/* The no-script form sends one checkbox per step ("skip.deskew=on") and a
 * marker; the script sends "skip" as a list. */
static char *skip_from_form(GHashTable *form)
{
	const char *list = g_hash_table_lookup(form, "skip");
	if (list)
		return g_strdup(list);
	if (!g_hash_table_contains(form, "skipform"))
		return NULL;
	g_autoptr(GList) keys = g_list_sort(g_hash_table_get_keys(form), (GCompareFunc)strcmp);
	GString *s = g_string_new(NULL);
	for (GList *k = keys; k; k = k->next)
		if (g_str_has_prefix(k->data, "skip.")) {
			if (s->len)
				g_string_append_c(s, ',');
			g_string_append(s, (const char *)k->data + 5);
		}
	return g_string_free(s, FALSE);
}

static gboolean known_field(const char *key)
{
	static const char *const fields[] = { "token", "crop", "angle", "rotate", "levels", "skip",
					      "reviewed", "pipeline", "skipform", NULL };
	return g_strv_contains(fields, key) || g_str_has_prefix(key, "skip.");
}

/* The form's fields come with the spaces a hand typed round them. */
static int set_or_clear(Catalog *cat, const CatalogItem *item, const char *key,
			const char *value, GError **error)
{
	g_autofree char *v = g_strstrip(g_strdup(value));
	return edit_correction_set(cat, item, key, v, error);
}

G_DEFINE_QUARK(planche-review-error-quark, review_error)

/* collection_open() waits for another writer, and a long 'planche clean'
 * would freeze every page of the server meanwhile: the lock (collection.c's
 * .planche.lock) is probed first and the archivist asked to save again. */
static int check_not_busy(GError **error)
{
	g_autoptr(Collection) c = NULL;
	if (collection_open(CATALOG_READONLY | CATALOG_NO_CHECK, &c, error) != 0)
		return -1;
	g_autofree char *path = g_build_filename(c->root, ".planche.lock", NULL);
	int fd = g_open(path, O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0)
		return 0; /* never written to: nobody holds it */
	gboolean busy = flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
	close(fd); /* releases the probe */
	if (!busy)
		return 0;
	g_set_error(error, REVIEW_ERROR, REVIEW_ERROR_BUSY,
		    "another planche is writing to this collection (a clean?); "
		    "save again when it has finished");
	return -1;
}

int review_apply(GHashTable *form, gint64 id, gboolean *cleaned, GError **error)
{
	static const char *const keys[] = { "crop", "angle", "rotate", "levels", "reviewed" };
	g_autoptr(Collection) c = NULL;
	g_autoptr(CatalogItem) item = NULL;
	g_autofree char *skip = NULL;
	g_autoptr(GArray) ids = g_array_new(FALSE, FALSE, sizeof(gint64));
	gboolean began = FALSE;
	int rc = -1;
	*cleaned = FALSE;

	/* Refuse the whole form before touching anything. */
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, form);
	while (g_hash_table_iter_next(&it, &k, &v))
		if (!known_field(k)) {
			g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "no field '%s' in a correction",
				    (const char *)k);
			return -1;
		}
	if (check_not_busy(error) != 0 || collection_open(0, &c, error) != 0 ||
	    catalog_begin(c->cat, error) != 0)
		goto out;
	began = TRUE;
	if (catalog_item_load(c->cat, id, &item, error) != 0)
		goto out;
	for (guint i = 0; i < G_N_ELEMENTS(keys); i++) {
		const char *value = g_hash_table_lookup(form, keys[i]);
		if (value && set_or_clear(c->cat, item, keys[i], value, error) != 0)
			goto out;
	}
	skip = skip_from_form(form);
	if (skip && set_or_clear(c->cat, item, "skip", skip, error) != 0)
		goto out;
	const char *pipeline = g_hash_table_lookup(form, "pipeline");
	if (pipeline) {
		g_autofree char *name = g_strstrip(g_strdup(pipeline));
		if (*name) {
			g_autoptr(GError) perr = NULL;
			g_autoptr(PlPipeline) p = NULL;
			if (pl_correction_check_pipeline(name, error) != 0)
				goto out;
			p = pl_pipeline_load(c->root, name, &perr);
			if (!p) {
				g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "pipeline: %s",
					    perr->message);
				goto out;
			}
		}
		if (g_strcmp0(item->pipeline, *name ? name : NULL) != 0) {
			g_free(item->pipeline);
			item->pipeline = *name ? g_strdup(name) : NULL;
			if (catalog_item_update(c->cat, item, error) != 0)
				goto out;
		}
	}
	if (catalog_commit(c->cat, error) != 0)
		goto out;
	began = FALSE;

	/* Cleaned again only when what the master depends on changed:
	 * clean_items knows (reviewed=yes alone does not). */
	g_array_append_val(ids, id);
	CleanOptions opts = { .jobs = 1 };
	CleanSummary summary;
	if (clean_items(c, ids, &opts, &summary, error) != 0)
		goto out;
	*cleaned = summary.done + summary.failed > 0;
	if (summary.bad_pipelines) {
		g_set_error(error, PL_ERROR, PL_ERROR_FAILED,
			    "the image's pipeline does not parse; see the terminal");
		goto out;
	}
	rc = 0;
out:
	if (began)
		catalog_rollback(c->cat);
	return rc;
}

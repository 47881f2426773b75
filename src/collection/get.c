/* get: originals downloaded from the archives, registered as add does. */
#include "collection/fetch.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "collection/ingest.h"
#include "util/util.h"

void get_job_free(GetJob *job)
{
	if (!job)
		return;
	pl_identifier_free(job->ident);
	pl_remote_image_free(job->image);
	g_free(job->dest);
	g_free(job);
}

static const char *extension_for(const char *mime, const char *name)
{
	if (name) {
		const char *dot = strrchr(name, '.');
		if (dot && dot[1])
			return dot + 1;
	}
	if (g_strcmp0(mime, "image/png") == 0)
		return "png";
	if (g_strcmp0(mime, "image/tiff") == 0)
		return "tif";
	if (g_strcmp0(mime, "image/jp2") == 0)
		return "jp2";
	return "jpg";
}

/* A file name from an archive, made safe for one path component. */
static char *safe_name(const char *name)
{
	char *s = g_strdup(name);
	for (char *p = s; *p; p++)
		if (*p == '/' || *p == '\\' || (guchar)*p < 0x20)
			*p = '_';
	if (s[0] == '.')
		s[0] = '_';
	return s;
}

/* Where an image goes: names that keep the identifier and the view, so that
 * add reads a Gallica one back ("btv1b8451605w_f12.jpg"). */
static char *dest_for(const char *originals, const PlIdentifier *ident, const PlRemoteImage *img)
{
	if (g_strcmp0(ident->source, "gallica") == 0) {
		g_autofree char *name = g_strdup_printf("%s_f%s.%s", ident->local_id, img->view,
							extension_for(img->mime, NULL));
		return g_build_filename(originals, "gallica", name, NULL);
	}
	if (g_strcmp0(ident->source, "internet-archive") == 0) {
		g_autofree char *name = safe_name(img->name ? img->name : ident->local_id);
		return g_build_filename(originals, "internet-archive", ident->local_id, name, NULL);
	}
	/* Commons' own spelling of the name, underscores for spaces */
	g_autofree char *name = safe_name(ident->local_id);
	return g_build_filename(originals, "commons", name, NULL);
}

char *get_originals_dir(const Collection *c, const PlConfig *cfg, GError **error)
{
	g_autofree char *dir = g_path_is_absolute(cfg->originals) ? g_strdup(cfg->originals)
		: g_build_filename(c->root, cfg->originals, NULL);
	if (pl_mkdir_p(dir, error) != 0)
		return NULL;
	pl_remove_stale_tmp(dir);
	return g_steal_pointer(&dir);
}

int get_plan(PlHttp *http, const char *text, int first, int last, const char *originals,
	     GPtrArray *jobs, GError **error)
{
	g_autoptr(PlIdentifier) ident = NULL;
	if (pl_identifier_parse(text, &ident, error) != 0)
		return -1;
	if (ident->view && (first > 0 || last > 0)) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
			    "%s: names view %s already; --views is for a document without a view",
			    text, ident->view);
		return -1;
	}
	g_autoptr(GPtrArray) images = NULL;
	if (pl_archive_list_images(http, ident, first, last, &images, error) != 0)
		return -1;
	if (images->len == 0) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s: no view between %d and %d", ident->value,
			    first, last);
		return -1;
	}
	for (guint i = 0; i < images->len; i++) {
		GetJob *job = g_new0(GetJob, 1);
		job->image = g_steal_pointer(&images->pdata[i]);
		if (g_strcmp0(ident->source, "gallica") == 0) {
			/* the view's own identifier, with its URL */
			g_autofree char *one = g_strdup_printf("%s/f%s", ident->value, job->image->view);
			if (pl_identifier_parse(one, &job->ident, NULL) != 0)
				job->ident = pl_identifier_copy(ident);
		} else {
			job->ident = pl_identifier_copy(ident);
		}
		job->dest = dest_for(originals, ident, job->image);
		g_ptr_array_add(jobs, job);
	}
	return 0;
}

/* The item already registered for this job: same identifier and view
 * (Gallica, Commons) or same path. */
static gboolean already_there(Collection *c, const GetJob *job, const char *rel, gint64 *id)
{
	if (catalog_item_id_by_path(c->cat, rel, id))
		return TRUE;
	/* An Internet Archive item has several files under one identifier. */
	if (g_strcmp0(job->ident->source, "internet-archive") == 0)
		return FALSE;
	g_autofree char *key = job->ident->view && g_strcmp0(job->ident->source, "gallica") == 0
		? g_strdup_printf("%s/f%s", job->ident->value, job->ident->view)
		: g_strdup(job->ident->value);
	return catalog_item_resolve(c->cat, key, id, NULL) == 0;
}

static void forget(Collection *c, const char *rel)
{
	gint64 id = 0;
	if (!catalog_item_id_by_path(c->cat, rel, &id) || catalog_begin(c->cat, NULL) != 0)
		return;
	if (catalog_item_delete(c->cat, id, NULL) != 0 || catalog_commit(c->cat, NULL) != 0)
		catalog_rollback(c->cat);
}

int get_job_run(Collection *c, PlHttp *http, FetchRun *fetch, GetJob *job, GetOutcome *outcome,
		char **line, GError **error)
{
	g_autofree char *rel = collection_relpath(c, job->dest);
	g_autofree char *shown = g_filename_display_name(rel);
	const char *view = job->image->view;
	g_autofree char *what = g_strcmp0(job->ident->source, "gallica") == 0
		? g_strdup_printf("%s/f%s", job->ident->value, view)
		: job->image->name ? g_strdup_printf("%s %s", job->ident->value, job->image->name)
				   : g_strdup(job->ident->value);
	*line = NULL;
	gint64 id = 0;
	if (already_there(c, job, rel, &id)) {
		*outcome = GET_SKIPPED;
		*line = g_strdup_printf("skipped   %s: already image %" G_GINT64_FORMAT, what, id);
		return 0;
	}
	gboolean downloaded = FALSE;
	gint64 size = 0;
	/* A file already at its place was whole when renamed there: an
	 * interrupted get resumes by registering it. */
	if (!g_file_test(job->dest, G_FILE_TEST_IS_REGULAR)) {
		g_autofree char *dir = g_path_get_dirname(job->dest);
		if (pl_mkdir_p(dir, error) != 0)
			return -1;
		g_autoptr(GError) err = NULL;
		if (pl_http_download(http, job->image->url, job->dest, NULL, &size, &err) != 0) {
			g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s: %s", what, err->message);
			return -1;
		}
		downloaded = TRUE;
	}
	g_autofree char *ident_text = g_strcmp0(job->ident->source, "gallica") == 0
		? g_strdup_printf("%s/f%s", job->ident->value, view) : g_strdup(job->ident->value);
	IngestMeta meta = {.identifier = ident_text};
	IngestOutcome io;
	g_autofree char *note = NULL;
	g_autofree char *warning = NULL;
	if (ingest_file(c, job->dest, &meta, &io, &note, &warning, error) != 0)
		return -1;
	if (io == INGEST_DUPLICATE) {
		if (downloaded)
			g_unlink(job->dest);
		*outcome = GET_SKIPPED;
		*line = g_strdup_printf("skipped   %s: %s", what, note ? note : "same content as another image");
		return 0;
	}
	if (io == INGEST_FAILED) {
		/* An image that does not decode is not kept, nor its row. */
		forget(c, rel);
		g_unlink(job->dest);
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s: the downloaded file is no usable image (%s)",
			    what, note ? note : "cannot decode");
		return -1;
	}
	*outcome = GET_ADDED;
	GString *out = g_string_new(NULL);
	g_string_printf(out, "%-9s %s <- %s", downloaded ? "got" : "resumed", shown, what);
	if (downloaded) {
		g_autofree char *bytes = g_format_size((guint64)size);
		g_string_append_printf(out, " (%s)", bytes);
	}
	if (warning)
		g_string_append_printf(out, "\n  note: %s", warning);
	if (fetch && catalog_item_id_by_path(c->cat, rel, &id)) {
		g_autofree char *report = NULL;
		g_autoptr(GError) err = NULL;
		if (fetch_item(fetch, id, &report, &err) == 0)
			g_string_append_printf(out, "\n  %s", report);
		else
			g_string_append_printf(out, "\n  record not fetched: %s", err->message);
	}
	*line = g_string_free(out, FALSE);
	return 0;
}

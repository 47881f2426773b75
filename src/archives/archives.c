#include "archives/archives.h"

#include <string.h>

#include "util/util.h"

void pl_fetched_free(PlFetched *f)
{
	if (!f)
		return;
	g_free(f->archive);
	g_free(f->identifier);
	g_free(f->url);
	g_free(f->content_type);
	g_free(f->retrieved_at);
	if (f->body)
		g_bytes_unref(f->body);
	pl_record_free(f->record);
	g_free(f);
}

static const char *archive_of(const PlIdentifier *id)
{
	if (g_strcmp0(id->scheme, "ark") == 0 && g_strcmp0(id->authority, "12148") == 0)
		return "gallica";
	if (g_strcmp0(id->scheme, "internet-archive") == 0)
		return "internet-archive";
	if (g_strcmp0(id->scheme, "wikimedia-commons") == 0)
		return "wikimedia-commons";
	return NULL;
}

static char *commons_query(const PlIdentifier *id)
{
	g_autofree char *title = g_strdup_printf("File:%s", id->local_id);
	g_autofree char *escaped = g_uri_escape_string(title, NULL, FALSE);
	return g_strdup_printf("https://commons.wikimedia.org/w/api.php?action=query&format=json"
			       "&formatversion=2&prop=imageinfo"
			       "&iiprop=url%%7Csize%%7Cmime%%7Csha1%%7Cextmetadata&titles=%s", escaped);
}

char *pl_archive_record_url(const PlIdentifier *id, GError **error)
{
	const char *archive = archive_of(id);
	if (g_strcmp0(archive, "gallica") == 0)
		return g_strdup_printf("https://gallica.bnf.fr/services/OAIRecord?ark=%s", id->value);
	if (g_strcmp0(archive, "internet-archive") == 0)
		return g_strdup_printf("https://archive.org/metadata/%s", id->local_id);
	if (g_strcmp0(archive, "wikimedia-commons") == 0)
		return commons_query(id);
	g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
		    "%s: planche reads records from Gallica, the Internet Archive and Wikimedia "
		    "Commons only", id->value);
	return NULL;
}

/* "ark:/12148/x: no such document at Gallica (HTTP 404)" and the like. */
static void explain(GError **error, const PlIdentifier *id, const char *what)
{
	if (!error || !*error)
		return;
	if (g_error_matches(*error, PL_HTTP_ERROR, PL_HTTP_ERROR_NOT_FOUND)) {
		const char *archive = archive_of(id);
		const char *where = g_strcmp0(archive, "gallica") == 0 ? "at Gallica"
			: g_strcmp0(archive, "internet-archive") == 0 ? "at the Internet Archive"
			: "on Wikimedia Commons";
		g_autofree char *msg = g_strdup_printf("%s: no such %s %s (%s)", id->value, what, where,
						       (*error)->message);
		g_free((*error)->message);
		(*error)->message = g_steal_pointer(&msg);
		return;
	}
	g_prefix_error(error, "%s: %s: ", id->value, what);
}

int pl_archive_fetch_record(PlHttp *h, const PlIdentifier *id, PlFetched **out, GError **error)
{
	*out = NULL;
	g_autofree char *url = pl_archive_record_url(id, error);
	if (!url)
		return -1;
	g_autoptr(GBytes) body = NULL;
	g_autofree char *type = NULL;
	const char *archive = archive_of(id);
	const char *what = strcmp(archive, "gallica") == 0 ? "document" : strcmp(archive, "internet-archive") == 0 ? "item" : "file";
	if (pl_http_get(h, url, &body, &type, error) != 0) {
		explain(error, id, what);
		return -1;
	}
	gsize len = 0;
	const char *data = g_bytes_get_data(body, &len);
	PlRecord *record = NULL;
	int rc;
	if (strcmp(archive, "gallica") == 0)
		rc = pl_gallica_oai_parse(data, len, &record, error);
	else if (strcmp(archive, "internet-archive") == 0)
		rc = pl_ia_metadata_parse(data, len, id->local_id, &record, NULL, error);
	else
		rc = pl_commons_parse(data, len, &record, NULL, error);
	if (rc != 0) {
		g_prefix_error(error, "%s: ", id->value);
		return -1;
	}
	PlFetched *f = g_new0(PlFetched, 1);
	f->archive = g_strdup(archive);
	f->identifier = g_strdup(id->value);
	f->url = g_steal_pointer(&url);
	f->content_type = g_steal_pointer(&type);
	f->retrieved_at = pl_now_iso8601();
	f->body = g_steal_pointer(&body);
	f->record = record;
	*out = f;
	return 0;
}

static gboolean in_range(const char *view, int first, int last)
{
	int v = view ? atoi(view) : 0;
	return (first <= 0 || v >= first) && (last <= 0 || v <= last);
}

static GPtrArray *keep_range(GPtrArray *all, int first, int last)
{
	GPtrArray *kept = g_ptr_array_new_with_free_func((GDestroyNotify)pl_remote_image_free);
	for (guint i = 0; i < all->len; i++)
		if (in_range(((PlRemoteImage *)all->pdata[i])->view, first, last))
			g_ptr_array_add(kept, g_steal_pointer(&all->pdata[i]));
	g_ptr_array_set_free_func(all, NULL);
	for (guint i = 0; i < all->len; i++)
		pl_remote_image_free(all->pdata[i]);
	g_ptr_array_unref(all);
	return kept;
}

static int gallica_images(PlHttp *h, const PlIdentifier *id, int first, int last,
			  GPtrArray **images, GError **error)
{
	g_autoptr(GBytes) body = NULL;
	if (id->view) {
		/* One view: its image service says how large it is. */
		g_autofree char *service = g_strdup_printf("https://gallica.bnf.fr/iiif/%s/f%s",
							   id->value, id->view);
		g_autofree char *url = g_strdup_printf("%s/info.json", service);
		if (pl_http_get(h, url, &body, NULL, error) != 0) {
			g_autofree char *what = g_strdup_printf("view f%s", id->view);
			explain(error, id, what);
			return -1;
		}
		gsize len = 0;
		const char *data = g_bytes_get_data(body, &len);
		PlRemoteImage *img = NULL;
		if (pl_iiif_info_parse(data, len, service, &img, error) != 0) {
			g_prefix_error(error, "%s/f%s: ", id->value, id->view);
			return -1;
		}
		img->view = g_strdup(id->view);
		*images = g_ptr_array_new_with_free_func((GDestroyNotify)pl_remote_image_free);
		g_ptr_array_add(*images, img);
		return 0;
	}
	g_autofree char *url = g_strdup_printf("https://gallica.bnf.fr/iiif/%s/manifest.json", id->value);
	if (pl_http_get(h, url, &body, NULL, error) != 0) {
		explain(error, id, "document");
		return -1;
	}
	g_autoptr(PlRecord) record = NULL;
	GPtrArray *all = NULL;
	gsize len = 0;
	const char *data = g_bytes_get_data(body, &len);
	if (pl_iiif_manifest_parse(data, len, &record, &all, error) != 0) {
		g_prefix_error(error, "%s: ", id->value);
		return -1;
	}
	*images = keep_range(all, first, last);
	return 0;
}

int pl_archive_list_images(PlHttp *h, const PlIdentifier *id, int first, int last,
			   GPtrArray **images, GError **error)
{
	*images = NULL;
	const char *archive = archive_of(id);
	if (g_strcmp0(archive, "gallica") == 0)
		return gallica_images(h, id, first, last, images, error);
	g_autofree char *url = pl_archive_record_url(id, error);
	if (!url)
		return -1;
	if (strcmp(archive, "internet-archive") == 0 && id->view) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
			    "%s: a page (n%s) of an Internet Archive book has no original file of "
			    "its own; get the item's original images with ia:%s", id->value, id->view,
			    id->local_id);
		return -1;
	}
	g_autoptr(GBytes) body = NULL;
	gboolean ia = strcmp(archive, "internet-archive") == 0;
	if (pl_http_get(h, url, &body, NULL, error) != 0) {
		explain(error, id, ia ? "item" : "file");
		return -1;
	}
	g_autoptr(PlRecord) record = NULL;
	if (ia) {
		GPtrArray *all = NULL;
		gsize len = 0;
		const char *data = g_bytes_get_data(body, &len);
		if (pl_ia_metadata_parse(data, len, id->local_id, &record, &all, error) != 0) {
			g_prefix_error(error, "%s: ", id->value);
			return -1;
		}
		if (all->len == 0) {
			g_ptr_array_unref(all);
			g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
				    "%s: the item has no original JPEG, TIFF, PNG or JPEG 2000 file",
				    id->value);
			return -1;
		}
		*images = keep_range(all, first, last);
		return 0;
	}
	PlRemoteImage *img = NULL;
	gsize len = 0;
	const char *data = g_bytes_get_data(body, &len);
	if (pl_commons_parse(data, len, &record, &img, error) != 0) {
		g_prefix_error(error, "%s: ", id->value);
		return -1;
	}
	if (!img->name)
		img->name = g_strdup(id->local_id);
	*images = g_ptr_array_new_with_free_func((GDestroyNotify)pl_remote_image_free);
	g_ptr_array_add(*images, img);
	return 0;
}

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <vips/vips.h>

#include "collection/clean.h"
#include "collection/collection.h"
#include "collection/config.h"
#include "collection/ingest.h"
#include "collection/preview_cache.h"
#include "pipeline/pipeline.h"
#include "provenance/rights.h"
#include "util/util.h"

/* One image's work, filled by the main thread, run on a worker, recorded by
 * the main thread again: only the main thread touches the catalogue. */
typedef struct {
	CatalogItem *item;
	PlPipeline *pipeline; /* not owned */
	char *input, *output, *output_rel, *inputs_hash, *identifier, *source_url;
	double x_ppi, y_ppi; /* the original's resolution, pixels per inch; 0 unknown */
	char *preview; /* where add may have left the measuring preview */
	GHashTable *overrides;
	PlCleanResult *result;
	GError *error;
	double seconds;
	char *started_at;
} CleanTask;

static void clean_task_free(CleanTask *t)
{
	catalog_item_free(t->item);
	g_free(t->input);
	g_free(t->output);
	g_free(t->output_rel);
	g_free(t->inputs_hash);
	g_free(t->identifier);
	g_free(t->source_url);
	g_free(t->preview);
	g_free(t->started_at);
	if (t->result)
		pl_clean_result_free(t->result);
	g_clear_error(&t->error);
	g_free(t);
}

static void run_task(gpointer data, gpointer user_data)
{
	CleanTask *t = data;
	GAsyncQueue *done = user_data;
	const CatalogItem *it = t->item;
	PlCleanJob job = {
		.input = t->input, .preview = t->preview, .overrides = t->overrides,
		.master = { .path = t->output, .title = it->title, .creator = it->creator,
			    .date = it->date, .description = it->description, .credit = it->credit,
			    .rights = it->rights, .identifier = t->identifier,
			    .source_url = t->source_url,
			    .rights_text = it->rights ? pl_rights_label(it->rights) : NULL,
			    .public_domain = it->rights && (strstr(it->rights, "/publicdomain/") ||
							    strstr(it->rights, "/NoC-")),
			    .make = it->exif_make, .model = it->exif_model, .datetime = it->exif_datetime,
			    .x_res = t->x_ppi, .y_res = t->y_ppi },
	};
	t->started_at = pl_now_iso8601();
	gint64 start = g_get_monotonic_time();
	pl_pipeline_run(t->pipeline, &job, &t->result, &t->error);
	t->seconds = (double)(g_get_monotonic_time() - start) / 1e6;
	/* libvips keeps per-thread error text; the GError carries it now. */
	vips_error_clear();
	vips_thread_shutdown();
	g_async_queue_push(done, t);
}

/* What the result depends on besides the pipeline text: the original and the
 * manual corrections. */
static char *inputs_hash(const CatalogItem *item, const PlPipeline *p, GHashTable *overrides)
{
	GString *s = g_string_new(NULL);
	g_string_append_printf(s, "%s\n%s\n%s\n", item->sha256, pl_pipeline_name(p), pl_pipeline_hash(p));
	g_autoptr(GList) keys = g_list_sort(g_hash_table_get_keys(overrides), (GCompareFunc)strcmp);
	for (GList *k = keys; k; k = k->next)
		if (strcmp(k->data, "reviewed") != 0)
			g_string_append_printf(s, "%s=%s\n", (char *)k->data,
					       (char *)g_hash_table_lookup(overrides, k->data));
	char *hash = pl_sha256_data(s->str, s->len);
	g_string_free(s, TRUE);
	return hash;
}

static char *master_name(const CatalogItem *item, const char *ext)
{
	g_autofree char *base = g_path_get_basename(item->path);
	char *dot = strrchr(base, '.');
	if (dot && dot != base)
		*dot = '\0';
	/* Only safe characters in names we make: the web and every file system take them. */
	GString *stem = g_string_new(NULL);
	for (const char *p = base; *p && stem->len < 60; p++)
		g_string_append_c(stem, g_ascii_isalnum(*p) || *p == '-' || *p == '_' ? *p : '-');
	char *name = g_strdup_printf("masters/%06" G_GINT64_FORMAT "-%s.%s", item->id, stem->str, ext);
	g_string_free(stem, TRUE);
	return name;
}

static int record(Collection *c, CleanTask *t, GError **error)
{
	CatalogRun *run = catalog_run_new();
	int rc = -1;
	run->pipeline = g_strdup(pl_pipeline_name(t->pipeline));
	run->pipeline_hash = g_strdup(pl_pipeline_hash(t->pipeline));
	run->inputs_hash = g_strdup(t->inputs_hash);
	run->original_sha256 = g_strdup(t->item->sha256);
	run->started_at = g_strdup(t->started_at);
	run->seconds = t->seconds;
	if (t->error) {
		run->status = g_strdup("failed");
		run->error = g_strdup(t->error->message);
	} else {
		run->status = g_strdup("done");
		run->master_path = g_strdup(t->output_rel);
		run->master_sha256 = pl_sha256_file(t->output, &run->master_size, error);
		if (!run->master_sha256)
			goto out;
		run->master_width = t->result->width;
		run->master_height = t->result->height;
		run->angle = t->result->angle;
		const double (*r)[2] = t->result->region;
		run->region = g_strdup_printf("[[%.2f,%.2f],[%.2f,%.2f],[%.2f,%.2f],[%.2f,%.2f]]",
					      r[0][0], r[0][1], r[1][0], r[1][1], r[2][0], r[2][1],
					      r[3][0], r[3][1]);
		for (guint i = 0; i < t->result->steps->len; i++) {
			const PlStepReport *rep = t->result->steps->pdata[i];
			CatalogStep *s = g_new0(CatalogStep, 1);
			s->step = g_strdup(rep->step);
			s->params = g_strdup(rep->params);
			s->measured = g_strdup(rep->measured);
			s->applied = rep->applied;
			g_ptr_array_add(run->steps, s);
		}
	}
	if (catalog_begin(c->cat, error) != 0)
		goto out;
	if (catalog_run_insert(c->cat, t->item->id, run, error) != 0 ||
	    catalog_commit(c->cat, error) != 0) {
		catalog_rollback(c->cat);
		goto out;
	}
	/* The master was renamed (its original was): the old one is not ours any more. */
	const CatalogRun *prev = t->item->last_run;
	if (!t->error && prev && prev->master_path && strcmp(prev->master_path, t->output_rel) != 0) {
		g_autofree char *old = collection_abspath(c, prev->master_path);
		g_unlink(old);
	}
	rc = 0;
out:
	catalog_run_free(run);
	return rc;
}

static gint larger_first(gconstpointer a, gconstpointer b)
{
	const CatalogItem *x = (*(CleanTask *const *)a)->item, *y = (*(CleanTask *const *)b)->item;
	gint64 px = (gint64)x->width * x->height, py = (gint64)y->width * y->height;
	return px < py ? 1 : px > py ? -1 : (x->id > y->id) - (x->id < y->id);
}

/* Size and time tell cheaply whether an original was edited since 'add'. */
static gboolean original_changed(Collection *c, const CatalogItem *item)
{
	g_autofree char *abs = collection_abspath(c, item->path);
	GStatBuf st;
	if (g_stat(abs, &st) != 0)
		return FALSE; /* missing: the pipeline says so by name */
	return (gint64)st.st_size != item->size || (gint64)st.st_mtime != item->mtime;
}

/* A folder we cannot write to is the batch's problem, not each image's:
 * found before anything runs, it leaves the catalogue as it was. */
static int check_writable(const char *dir, GError **error)
{
	g_autofree char *probe = g_build_filename(dir, ".planche-write-test.tmp-0", NULL);
	int fd = g_open(probe, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, "x", 1) != 1) {
		int saved = errno;
		if (fd >= 0)
			close(fd);
		g_unlink(probe);
		g_set_error(error, PL_ERROR, PL_ERROR_IO, "%s: cannot write masters: %s", dir,
			    g_strerror(saved));
		return -1;
	}
	close(fd);
	g_unlink(probe);
	return 0;
}

/* A save that failed on a nearly full disk says nothing about the image. */
static gboolean disk_nearly_full(const char *dir)
{
	struct statvfs st;
	if (statvfs(dir, &st) != 0)
		return FALSE;
	return (guint64)st.f_bavail * st.f_frsize < 8u * 1024 * 1024;
}

int clean_items(Collection *c, GArray *ids_in, const CleanOptions *opts, CleanSummary *summary,
		GError **error)
{
	g_autoptr(PlConfig) cfg = NULL;
	int status = 0;
	memset(summary, 0, sizeof *summary);
	if (pl_config_load(c->root, &cfg, error) != 0)
		return -1;
	const char *pipeline_name = opts->pipeline ? opts->pipeline : cfg->pipeline;
	int jobs = opts->jobs;
	g_autofree char *masters = g_build_filename(c->root, "masters", NULL);
	if (pl_mkdir_p(masters, error) != 0)
		return -1;
	pl_remove_stale_tmp(masters);
	if (check_writable(masters, error) != 0)
		return -1;

	GHashTable *pipelines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
						      (GDestroyNotify)pl_pipeline_free);
	GHashTable *bad_pipelines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GPtrArray *tasks = g_ptr_array_new();
	g_autoptr(GPtrArray) prefailed = g_ptr_array_new_with_free_func(g_free);
	GArray *ids = ids_in ? g_array_ref(ids_in) : catalog_item_ids(c->cat);

	for (guint i = 0; i < ids->len; i++) {
		CatalogItem *item = NULL;
		if (catalog_item_load(c->cat, g_array_index(ids, gint64, i), &item, error) != 0) {
			status = -1;
			goto out;
		}
		/* An original edited since it was added is registered again first,
		 * so that the master is made from, and recorded against, what is there. */
		if (item->sha256 && original_changed(c, item)) {
			IngestOutcome outcome;
			g_autofree char *note = NULL, *warning = NULL;
			g_autofree char *abs = collection_abspath(c, item->path);
			gint64 id = item->id;
			catalog_item_free(item);
			item = NULL;
			if (ingest_file(c, abs, NULL, &outcome, &note, &warning, error) != 0 ||
			    catalog_item_load(c->cat, id, &item, error) != 0) {
				status = -1;
				goto out;
			}
			if (outcome == INGEST_FAILED) {
				g_ptr_array_add(prefailed, g_strdup_printf("%s (changed since it was added)", note));
				catalog_item_free(item);
				continue;
			}
		}
		const CatalogRun *prev = item->last_run;
		gboolean add_failed = g_strcmp0(item->status, "failed") == 0 &&
			(!prev || g_strcmp0(prev->original_sha256, item->sha256) != 0);
		if (!item->sha256 || !item->width || add_failed) {
			/* Never read successfully by 'add': nothing to clean yet. */
			summary->unreadable++;
			catalog_item_free(item);
			continue;
		}
		if (opts->drop_overrides && g_hash_table_size(item->overrides)) {
			if (catalog_override_clear(c->cat, item->id, NULL, error) != 0) {
				status = -1;
				catalog_item_free(item);
				goto out;
			}
			g_hash_table_remove_all(item->overrides);
		}
		const char *name = item->pipeline ? item->pipeline : pipeline_name;
		PlPipeline *p = g_hash_table_lookup(pipelines, name);
		if (!p && !g_hash_table_contains(bad_pipelines, name)) {
			g_autoptr(GError) perr = NULL;
			p = pl_pipeline_load(c->root, name, &perr);
			if (p) {
				g_hash_table_insert(pipelines, g_strdup(name), p);
			} else {
				/* Nothing is processed with a broken pipeline. */
				fprintf(stderr, "planche: %s\n", perr->message);
				g_hash_table_add(bad_pipelines, g_strdup(name));
				summary->bad_pipelines++;
			}
		}
		if (!p) {
			catalog_item_free(item);
			continue;
		}
		CleanTask *t = g_new0(CleanTask, 1);
		t->item = item;
		t->pipeline = p;
		t->overrides = item->overrides;
		t->inputs_hash = inputs_hash(item, p, item->overrides);
		t->input = collection_abspath(c, item->path);
		t->output_rel = master_name(item, pl_pipeline_extension(p));
		t->output = collection_abspath(c, t->output_rel);
		if (item->sha256)
			t->preview = preview_cache_path(c, item->sha256);
		if (item->identifiers->len) {
			const PlIdentifier *ident = item->identifiers->pdata[0];
			/* "/fN" is a Gallica ARK's view qualifier, not any scheme's */
			t->identifier = ident->view && g_strcmp0(ident->scheme, "ark") == 0
						? g_strdup_printf("%s/f%s", ident->value, ident->view)
						: g_strdup(ident->value);
			if (ident->url && (g_str_has_prefix(ident->url, "https://") ||
					   g_str_has_prefix(ident->url, "http://")))
				t->source_url = g_strdup(ident->url);
		}
		/* 72 dpi is what cameras and converters write when they know none */
		double cm = g_strcmp0(item->exif_resolution_unit, "Centimeter") == 0 ? 2.54 : 1;
		if (item->exif_x_resolution > 1 && item->exif_x_resolution * cm < 100000) {
			t->x_ppi = item->exif_x_resolution * cm;
			t->y_ppi = item->exif_y_resolution > 1 ? item->exif_y_resolution * cm : t->x_ppi;
		}
		const CatalogRun *last = item->last_run;
		gboolean pending = opts->force || !last || g_strcmp0(last->status, "done") != 0 ||
				   g_strcmp0(last->inputs_hash, t->inputs_hash) != 0 ||
				   g_strcmp0(last->master_path, t->output_rel) != 0 ||
				   !g_file_test(t->output, G_FILE_TEST_IS_REGULAR);
		if (!pending) {
			summary->up_to_date++;
			clean_task_free(t);
			continue;
		}
		g_ptr_array_add(tasks, t);
	}

	int cores = (int)g_get_num_processors();
	/* An image's JPEG decoding and encoding are each one thread whatever
	 * libvips' concurrency: images side by side keep the cores busier
	 * than more threads on one (three 22 MP scans on 2 cores: 1.15 s side
	 * by side, 1.4 s one at a time). A lone image gets all the threads. */
	if (jobs == 0)
		jobs = CLAMP((int)tasks->len, 1, cores);
	vips_concurrency_set(MAX(1, cores / jobs));
	/* Largest first: a big scan started last would finish alone, on one
	 * image's share of the threads. */
	if (jobs > 1)
		g_ptr_array_sort(tasks, larger_first);
	GAsyncQueue *done = g_async_queue_new();
	GThreadPool *pool = g_thread_pool_new(run_task, done, jobs, FALSE, NULL);
	for (guint i = 0; i < tasks->len; i++)
		g_thread_pool_push(pool, tasks->pdata[i], NULL);
	if (opts->begin)
		opts->begin(opts->report_data, (int)(tasks->len + prefailed->len));
	for (guint i = 0; i < prefailed->len; i++) {
		summary->failed++;
		if (opts->item)
			opts->item(opts->report_data, TRUE, prefailed->pdata[i]);
	}
	gboolean catalogue_failed = FALSE;
	int disk_full = 0;
	for (guint i = 0; i < tasks->len; i++) {
		CleanTask *t = g_async_queue_pop(done);
		g_autofree char *shown = g_filename_display_name(t->item->path);
		if (t->error && disk_nearly_full(masters)) {
			/* Not recorded: the image is still pending for the next run. */
			disk_full++;
			continue;
		}
		if (!catalogue_failed && record(c, t, error) != 0)
			catalogue_failed = TRUE;
		if (t->error) {
			summary->failed++;
		} else {
			summary->done++;
			preview_cache_drop(c, t->item->sha256);
		}
		if (opts->item && t->error) {
			opts->item(opts->report_data, TRUE, t->error->message);
		} else if (opts->item) {
			g_autofree char *line = g_strdup_printf("cleaned   %s -> %s (%.1f s)", shown,
							       t->output_rel, t->seconds);
			opts->item(opts->report_data, FALSE, line);
		}
	}
	g_thread_pool_free(pool, FALSE, TRUE);
	g_async_queue_unref(done);
	preview_cache_prune(c);
	if (disk_full && !catalogue_failed) {
		g_set_error(error, PL_ERROR, PL_ERROR_IO,
			    "%s: the disk is full: %d image%s not cleaned and left pending; "
			    "free some space and run clean again", masters, disk_full,
			    disk_full == 1 ? "" : "s");
		status = -1;
	}
	if (catalogue_failed)
		status = -1;
out:
	for (guint i = 0; i < tasks->len; i++)
		clean_task_free(tasks->pdata[i]);
	g_ptr_array_unref(tasks);
	g_array_unref(ids);
	g_hash_table_destroy(pipelines);
	g_hash_table_destroy(bad_pipelines);
	return status;
}

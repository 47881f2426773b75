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
	gint64 decode_limit;
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
		.decode_limit = t->decode_limit,
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
	/* Only safe characters in names we make: the web and every file system
	 * take them. 60 keeps "masters/NNNNNN-stem.ext" far below the 255 bytes
	 * of a file name, and the stem still tells the image at a glance. */
	const gsize stem_max = 60;
	GString *stem = g_string_new(NULL);
	for (const char *p = base; *p && stem->len < stem_max; p++)
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
	const CatalogRun *prev = t->item->good_run;
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
/* Below this much free space a failed image is taken for a full disk and
 * left pending rather than recorded as broken: a master of a few megabytes
 * and its temporary would not fit. */
#define DISK_RESERVE_BYTES (8u * 1024 * 1024)

static gboolean disk_nearly_full(const char *dir)
{
	struct statvfs st;
	if (statvfs(dir, &st) != 0)
		return FALSE;
	return (guint64)st.f_bavail * st.f_frsize < DISK_RESERVE_BYTES;
}

/* One clean_items call: what it was asked, and what it has planned. */
typedef struct {
	Collection *c;
	const CleanOptions *opts;
	PlConfig *cfg;
	const char *pipeline_name; /* for images without their own */
	char *masters;
	GHashTable *pipelines;     /* name -> PlPipeline*, loaded once a batch */
	GHashTable *bad_pipelines; /* names that did not load */
	GPtrArray *tasks;          /* of CleanTask*, pending */
	GPtrArray *prefailed;      /* of char*: failed before cleaning */
	CleanSummary *summary;
	gboolean replanning;       /* planned once already: counted then */
} Batch;

/* Pending tasks made and run together: enough to keep the cores busy and
 * sort the large scans first, few enough that memory does not grow with
 * the batch. */
#define CLEAN_CHUNK 256

/* The item's pipeline, loaded once a batch; NULL (reported once) when it is broken. */
static PlPipeline *pipeline_for(Batch *b, const CatalogItem *item)
{
	const char *name = item->pipeline ? item->pipeline : b->pipeline_name;
	PlPipeline *p = g_hash_table_lookup(b->pipelines, name);
	if (p || g_hash_table_contains(b->bad_pipelines, name))
		return p;
	g_autoptr(GError) perr = NULL;
	p = pl_pipeline_load(b->c->root, name, &perr);
	if (p) {
		g_hash_table_insert(b->pipelines, g_strdup(name), p);
		return p;
	}
	/* Nothing is processed with a broken pipeline. */
	fprintf(stderr, "planche: %s\n", perr->message);
	g_hash_table_add(b->bad_pipelines, g_strdup(name));
	b->summary->bad_pipelines++;
	return NULL;
}

static CleanTask *task_new(Batch *b, CatalogItem *item, PlPipeline *p)
{
	CleanTask *t = g_new0(CleanTask, 1);
	t->item = item;
	t->pipeline = p;
	t->overrides = item->overrides;
	t->decode_limit = b->cfg->decode_memory * PL_CONFIG_MB; /* planche.conf says MB */
	t->inputs_hash = inputs_hash(item, p, item->overrides);
	t->input = collection_abspath(b->c, item->path);
	t->output_rel = master_name(item, pl_pipeline_extension(p));
	t->output = collection_abspath(b->c, t->output_rel);
	if (item->sha256)
		t->preview = preview_cache_path(b->c, item->sha256);
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
	return t;
}

/* Whether the master must be made (again): new, failed, changed inputs,
 * another name, or gone from the disk. */
static gboolean pending(const CleanTask *t, gboolean force)
{
	const CatalogRun *last = t->item->last_run;
	return force || !last || g_strcmp0(last->status, "done") != 0 ||
	       g_strcmp0(last->inputs_hash, t->inputs_hash) != 0 ||
	       g_strcmp0(last->master_path, t->output_rel) != 0 ||
	       !g_file_test(t->output, G_FILE_TEST_IS_REGULAR);
}

/* Loads an item, registered again first when its original was edited since
 * it was added (so that the master is made from, and recorded against,
 * what is there). *item is NULL when that failed: noted in prefailed. */
static int load_current(Batch *b, gint64 id, CatalogItem **item, GError **error)
{
	if (catalog_item_load(b->c->cat, id, item, error) != 0)
		return -1;
	if (!(*item)->sha256 || !original_changed(b->c, *item))
		return 0;
	IngestOutcome outcome;
	g_autofree char *note = NULL, *warning = NULL;
	g_autofree char *abs = collection_abspath(b->c, (*item)->path);
	g_clear_pointer(item, catalog_item_free);
	if (ingest_file(b->c, abs, NULL, &outcome, &note, &warning, error) != 0 ||
	    catalog_item_load(b->c->cat, id, item, error) != 0)
		return -1;
	if (outcome == INGEST_FAILED) {
		g_ptr_array_add(b->prefailed, g_strdup_printf("%s (changed since it was added)", note));
		g_clear_pointer(item, catalog_item_free);
	}
	return 0;
}

/* Adds the item's task if it is pending; -1 only when the catalogue failed. */
static int plan_item(Batch *b, gint64 id, GError **error)
{
	CatalogItem *item = NULL;
	if (load_current(b, id, &item, error) != 0)
		return -1;
	if (!item)
		return 0;
	const CatalogRun *prev = item->last_run;
	gboolean add_failed = g_strcmp0(item->status, "failed") == 0 &&
		(!prev || g_strcmp0(prev->original_sha256, item->sha256) != 0);
	if (!item->sha256 || !item->width || add_failed) {
		/* Never read successfully by 'add': nothing to clean yet. */
		if (!b->replanning)
			b->summary->unreadable++;
		catalog_item_free(item);
		return 0;
	}
	if (b->opts->drop_overrides && g_hash_table_size(item->overrides)) {
		if (catalog_override_clear(b->c->cat, item->id, NULL, error) != 0) {
			catalog_item_free(item);
			return -1;
		}
		g_hash_table_remove_all(item->overrides);
	}
	PlPipeline *p = pipeline_for(b, item);
	if (!p) {
		catalog_item_free(item);
		return 0;
	}
	CleanTask *t = task_new(b, item, p);
	if (!pending(t, b->opts->force)) {
		if (!b->replanning)
			b->summary->up_to_date++;
		clean_task_free(t);
		return 0;
	}
	g_ptr_array_add(b->tasks, t);
	return 0;
}

/* The line the command shows for a finished image. */
static void report_task(const CleanOptions *opts, const CleanTask *t)
{
	if (!opts->item)
		return;
	if (t->error && t->item->good_run) {
		g_autofree char *line = g_strdup_printf("%s (the master of %s is kept)",
						       t->error->message, t->item->good_run->started_at);
		opts->item(opts->report_data, TRUE, line);
	} else if (t->error) {
		opts->item(opts->report_data, TRUE, t->error->message);
	} else {
		g_autofree char *shown = g_filename_display_name(t->item->path);
		g_autofree char *line = g_strdup_printf("cleaned   %s -> %s (%.1f s)", shown,
						       t->output_rel, t->seconds);
		opts->item(opts->report_data, FALSE, line);
	}
}

/* Runs the pending tasks on a thread pool and records each as it ends (only
 * this thread touches the catalogue); each task is freed once recorded, so
 * the results of a long batch do not pile up. b->tasks is left dangling. */
static int run_tasks(Batch *b, GError **error)
{
	const CleanOptions *opts = b->opts;
	int cores = (int)g_get_num_processors(), jobs = opts->jobs;
	/* An image's JPEG decoding and encoding are each one thread whatever
	 * libvips' concurrency: images side by side keep the cores busier
	 * than more threads on one (three 22 MP scans on 2 cores: 1.15 s side
	 * by side, 1.4 s one at a time). A lone image gets all the threads. */
	if (jobs == 0)
		jobs = CLAMP((int)b->tasks->len, 1, cores);
	vips_concurrency_set(MAX(1, cores / jobs));
	/* Largest first: a big scan started last would finish alone, on one
	 * image's share of the threads. */
	if (jobs > 1)
		g_ptr_array_sort(b->tasks, larger_first);
	GAsyncQueue *done = g_async_queue_new();
	GThreadPool *pool = g_thread_pool_new(run_task, done, jobs, FALSE, NULL);
	for (guint i = 0; i < b->tasks->len; i++)
		g_thread_pool_push(pool, b->tasks->pdata[i], NULL);
	guint n = b->tasks->len;
	gboolean catalogue_failed = FALSE;
	int disk_full = 0;
	for (guint i = 0; i < n; i++) {
		CleanTask *t = g_async_queue_pop(done);
		if (t->error && disk_nearly_full(b->masters)) {
			/* Not recorded: the image is still pending for the next run. */
			disk_full++;
		} else {
			if (!catalogue_failed && record(b->c, t, error) != 0)
				catalogue_failed = TRUE;
			if (t->error) {
				b->summary->failed++;
			} else {
				b->summary->done++;
				preview_cache_drop(b->c, t->item->sha256);
			}
			report_task(opts, t);
		}
		clean_task_free(t);
	}
	g_thread_pool_free(pool, FALSE, TRUE);
	g_async_queue_unref(done);
	if (disk_full && !catalogue_failed) {
		g_set_error(error, PL_ERROR, PL_ERROR_IO,
			    "%s: the disk is full: %d image%s not cleaned and left pending; "
			    "free some space and run clean again", b->masters, disk_full,
			    disk_full == 1 ? "" : "s");
		return -1;
	}
	return catalogue_failed ? -1 : 0;
}

int clean_items(Collection *c, GArray *ids_in, const CleanOptions *opts, CleanSummary *summary,
		GError **error)
{
	g_autoptr(PlConfig) cfg = NULL;
	memset(summary, 0, sizeof *summary);
	if (pl_config_load(c->root, &cfg, error) != 0)
		return -1;
	g_autofree char *masters = g_build_filename(c->root, "masters", NULL);
	if (pl_mkdir_p(masters, error) != 0)
		return -1;
	pl_remove_stale_tmp(masters);
	if (check_writable(masters, error) != 0)
		return -1;

	Batch b = {
		.c = c, .opts = opts, .cfg = cfg, .summary = summary, .masters = masters,
		.pipeline_name = opts->pipeline ? opts->pipeline : cfg->pipeline,
		.pipelines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
						   (GDestroyNotify)pl_pipeline_free),
		.bad_pipelines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
		.tasks = g_ptr_array_new(),
		.prefailed = g_ptr_array_new_with_free_func(g_free),
	};
	GArray *ids = ids_in ? g_array_ref(ids_in) : catalog_item_ids(c->cat);
	GArray *todo = g_array_new(FALSE, FALSE, sizeof(gint64));
	int status = 0;
	/* First the pending items' ids only: a task holds the item's whole
	 * record, and 100,000 of them held at once grow with the batch. */
	for (guint i = 0; i < ids->len && status == 0; i++) {
		gint64 id = g_array_index(ids, gint64, i);
		status = plan_item(&b, id, error);
		if (b.tasks->len) {
			g_array_append_val(todo, id);
			clean_task_free(g_ptr_array_steal_index(b.tasks, 0));
		}
	}
	if (status == 0) {
		if (opts->begin)
			opts->begin(opts->report_data, (int)(todo->len + b.prefailed->len));
		for (guint i = 0; i < b.prefailed->len; i++) {
			summary->failed++;
			if (opts->item)
				opts->item(opts->report_data, TRUE, b.prefailed->pdata[i]);
		}
	}
	/* Then CLEAN_CHUNK at a time, planned again (the originals are now
	 * registered as they are) and run largest first. */
	b.replanning = TRUE;
	guint reported = b.prefailed->len;
	for (guint i = 0; i < todo->len && status == 0;) {
		for (; i < todo->len && b.tasks->len < CLEAN_CHUNK && status == 0; i++)
			status = plan_item(&b, g_array_index(todo, gint64, i), error);
		/* An original changed again since the first pass, and now unreadable. */
		for (; reported < b.prefailed->len; reported++) {
			summary->failed++;
			if (opts->item)
				opts->item(opts->report_data, TRUE, b.prefailed->pdata[reported]);
		}
		if (status == 0)
			status = run_tasks(&b, error); /* frees each task as it is recorded */
		else
			for (guint k = 0; k < b.tasks->len; k++)
				clean_task_free(b.tasks->pdata[k]);
		g_ptr_array_set_size(b.tasks, 0);
	}
	preview_cache_prune(c);
	g_ptr_array_unref(b.tasks);
	g_ptr_array_unref(b.prefailed);
	g_array_unref(todo);
	g_array_unref(ids);
	g_hash_table_destroy(b.pipelines);
	g_hash_table_destroy(b.bad_pipelines);
	return status;
}

/* gallery_build(): from items and settings to a site. Images are ordered,
 * grouped, derived in parallel where their master changed, then every page
 * is rendered and written only where its bytes changed. */
#include "gallery/site.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <vips/vips.h>

#include "util/listing.h"
#include "util/util.h"

/* Bumped when derivatives or tiles change shape, to remake them all. */
#define DERIVE_VERSION "3"

static void gal_item_free(GalItem *it)
{
	if (!it)
		return;
	g_free(it->id);
	g_free(it->title);
	g_free(it->title_key);
	g_free(it->alt);
	g_free(it->master_abs);
	g_free(it->master_ext);
	g_free(it->original_abs);
	g_free(it->before_abs);
	g_free(it->original_ext);
	g_free(it->derive_key);
	if (it->tag_groups)
		g_ptr_array_unref(it->tag_groups);
	if (it->tree_files)
		g_ptr_array_unref(it->tree_files);
	if (it->creator_groups)
		g_ptr_array_unref(it->creator_groups);
	g_free(it);
}

static void gal_group_free(GalGroup *g)
{
	if (!g)
		return;
	g_free(g->key);
	g_free(g->label);
	g_free(g->label_key);
	g_free(g->slug);
	g_ptr_array_unref(g->items);
	g_free(g);
}

static gboolean has_text(const char *s)
{
	return s && *s;
}

static char *ext_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');
	if (!dot || (slash && dot < slash) || strlen(dot + 1) > 5)
		return g_strdup("jpg");
	g_autofree char *e = g_ascii_strdown(dot + 1, -1);
	/* The extension goes into file names and URLs: letters and digits only. */
	for (char *p = e; *p; p++)
		if (!g_ascii_isalnum(*p))
			return g_strdup("jpg");
	return g_strdup(*e ? e : "jpg");
}

static char *abs_path(const char *root, const char *p)
{
	if (!p)
		return NULL;
	if (g_path_is_absolute(p))
		return g_strdup(p);
	return g_build_filename(root, p, NULL);
}

/* NULL (with a reason) when the item has no usable master. */
static GalItem *item_new(const GalleryOptions *opt, CatalogItem *ci, PlListing *listing,
			 const char **why)
{
	/* When the latest clean failed, the master before it is still there:
	 * it stays published rather than the image vanishing from the site. */
	const CatalogRun *run = ci->good_run;
	if (!run || !has_text(run->master_path)) {
		*why = "not cleaned";
		return NULL;
	}
	GalItem *it = g_new0(GalItem, 1);
	it->ci = ci;
	it->run = run;
	it->id = g_strdup_printf("%" G_GINT64_FORMAT, ci->id);
	it->master_abs = abs_path(opt->root, run->master_path);
	it->master_ext = ext_of(run->master_path);
	it->master_sha256 = run->master_sha256;
	it->original_sha256 = ci->sha256;
	if (!pl_listing_test(listing, it->master_abs, G_FILE_TEST_IS_REGULAR)) {
		*why = "master file missing";
		gal_item_free(it);
		return NULL;
	}
	it->w = run->master_width;
	it->h = run->master_height;
	if (it->w <= 0 || it->h <= 0) {
		VipsImage *im = vips_image_new_from_file(it->master_abs, NULL);
		if (!im) {
			vips_error_clear();
			*why = "master unreadable";
			gal_item_free(it);
			return NULL;
		}
		it->w = im->Xsize;
		it->h = im->Ysize;
		g_object_unref(im);
	}
	const PlConfig *cfg = opt->cfg;
	it->n_sizes = gal_derivative_widths(cfg->widths, cfg->n_widths, it->w, it->sizes);
	/* the original looked at once for both uses */
	g_autofree char *orig_path = has_text(ci->path) &&
		(cfg->download_originals || (ci->width > 0 && ci->height > 0))
		? abs_path(opt->root, ci->path) : NULL;
	gboolean orig_there = orig_path && pl_listing_test(listing, orig_path, G_FILE_TEST_IS_REGULAR);
	if (cfg->download_originals && orig_there) {
		it->original_abs = g_strdup(orig_path);
		it->original_ext = ext_of(ci->path);
	}
	if (orig_there && ci->width > 0 && ci->height > 0) {
		it->before_abs = g_strdup(orig_path);
		/* as vips_thumbnail sizes it; an EXIF rotation swaps the sides */
		gboolean turned = ci->exif_orientation >= 5 && ci->exif_orientation <= 8;
		int ow = turned ? ci->height : ci->width, oh = turned ? ci->width : ci->height;
		int bw = MIN(it->sizes[it->n_sizes - 1], ow);
		it->before_w = bw;
		it->before_h = (int)((double)oh * bw / ow + 0.5);
	}
	if (has_text(ci->title))
		it->title = pl_utf8_sanitize(ci->title);
	else if (has_text(ci->document_title))
		it->title = pl_utf8_sanitize(ci->document_title);
	else
		it->title = g_strdup_printf(_("Image %s"), it->id);
	it->title_key = gal_text_sort_key(it->title);
	if (has_text(ci->title))
		it->alt = g_strdup(it->title);
	else if (has_text(ci->description))
		it->alt = pl_utf8_sanitize(ci->description);
	else
		it->alt = g_strdup(it->title);
	/* Derivatives depend on the master's bytes and the widths asked for, */
	/* not the base-url: info.json's id is patched when that changes. */
	g_autoptr(GString) key = g_string_new(DERIVE_VERSION);
	g_string_append_printf(key, "|%s|%s|", run->master_sha256 ? run->master_sha256 : "",
			       run->master_path);
	if (!run->master_sha256) {
		GStatBuf st;
		if (g_stat(it->master_abs, &st) == 0)
			g_string_append_printf(key, "%lld:%lld|", (long long)st.st_size, (long long)st.st_mtime);
	}
	for (int i = 0; i < it->n_sizes; i++)
		g_string_append_printf(key, "%d,", it->sizes[i]);
	if (it->original_abs)
		g_string_append_printf(key, "|orig:%s:%s", ci->sha256 ? ci->sha256 : "", ci->path);
	if (it->before_abs)
		g_string_append_printf(key, "|before:%s", ci->sha256 ? ci->sha256 : "");
	it->derive_key = pl_sha256_data(key->str, key->len);
	it->tag_groups = g_ptr_array_new();
	it->creator_groups = g_ptr_array_new();
	return it;
}

typedef struct {
	int n, chunk;
	gint next;
	void (*fn)(int i, gpointer data);
	gpointer data;
} ParFor;

static gpointer par_worker(gpointer p)
{
	ParFor *pf = p;
	for (;;) {
		int start = g_atomic_int_add(&pf->next, pf->chunk);
		if (start >= pf->n)
			break;
		int end = MIN(start + pf->chunk, pf->n);
		for (int i = start; i < end; i++)
			pf->fn(i, pf->data);
	}
	return NULL;
}

void gal_parallel_for(int n, int threads, void (*fn)(int i, gpointer data), gpointer data)
{
	ParFor pf = {.n = n, .chunk = 64, .fn = fn, .data = data};
	int extra = MIN(threads, (n + pf.chunk - 1) / pf.chunk) - 1;
	GThread *t[16];
	extra = CLAMP(extra, 0, (int)G_N_ELEMENTS(t));
	int started = 0;
	for (int k = 0; k < extra; k++) {
		t[started] = g_thread_try_new("planche-build", par_worker, &pf, NULL);
		if (t[started])
			started++;
	}
	par_worker(&pf);
	for (int k = 0; k < started; k++)
		g_thread_join(t[k]);
}

int gal_threads(const GalSite *site)
{
	int n = site->opt->jobs > 0 ? site->opt->jobs : (int)g_get_num_processors();
	return CLAMP(n, 1, 8);
}

static gint64 view_number(const GalItem *it)
{
	GPtrArray *ids = it->ci->identifiers;
	const PlIdentifier *pid = ids && ids->len ? ids->pdata[0] : NULL;
	return pid && pid->view ? g_ascii_strtoll(pid->view, NULL, 10) : G_MAXINT64;
}

static int cmp_view(gconstpointer a, gconstpointer b)
{
	const GalItem *x = *(GalItem *const *)a, *y = *(GalItem *const *)b;
	gint64 vx = view_number(x), vy = view_number(y);
	if (vx != vy)
		return vx < vy ? -1 : 1;
	g_autofree char *kx = g_utf8_collate_key_for_filename(x->ci->path, -1);
	g_autofree char *ky = g_utf8_collate_key_for_filename(y->ci->path, -1);
	return strcmp(kx, ky);
}

/* Site order: by earliest year (undated last), title, id. */
static int cmp_site(gconstpointer a, gconstpointer b)
{
	const GalItem *x = *(GalItem *const *)a, *y = *(GalItem *const *)b;
	int xa = x->ci->year_min ? x->ci->year_min : G_MAXINT;
	int ya = y->ci->year_min ? y->ci->year_min : G_MAXINT;
	if (xa != ya)
		return xa < ya ? -1 : 1;
	/* gal_text_cmp, with the keys made once an item: making them at every
	 * comparison was a tenth of a no-change rebuild (issue 18) */
	int c = strcmp(x->title_key, y->title_key);
	if (!c)
		c = strcmp(x->title, y->title);
	if (c)
		return c;
	return x->ci->id < y->ci->id ? -1 : x->ci->id > y->ci->id;
}

static int cmp_group(gconstpointer a, gconstpointer b)
{
	const GalGroup *x = *(GalGroup *const *)a, *y = *(GalGroup *const *)b;
	if (x->kind == GAL_DECADE)
		return atoi(x->key) - atoi(y->key);
	/* gal_text_cmp on the labels, with their keys made once a group */
	int c = strcmp(x->label_key, y->label_key);
	if (!c)
		c = strcmp(x->label, y->label);
	return c ? c : strcmp(x->key, y->key);
}

static GalGroup *group_get(GHashTable *index, GPtrArray *groups, GalKind kind, const char *key,
			   const char *label)
{
	GalGroup *g = g_hash_table_lookup(index, key);
	if (g)
		return g;
	g = g_new0(GalGroup, 1);
	g->kind = kind;
	g->key = pl_utf8_sanitize(key);
	g->label = pl_utf8_sanitize(label);
	g->label_key = gal_text_sort_key(g->label);
	g->items = g_ptr_array_new();
	g_hash_table_insert(index, g_strdup(key), g);
	g_ptr_array_add(groups, g);
	return g;
}

static void build_groups(GalSite *site)
{
	GHashTable *index[GAL_N_KINDS];
	for (int k = 0; k < GAL_N_KINDS; k++) {
		index[k] = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		site->groups[k] = g_ptr_array_new_with_free_func((GDestroyNotify)gal_group_free);
	}
	for (guint i = 0; i < site->items->len; i++) {
		GalItem *it = site->items->pdata[i];
		CatalogItem *ci = it->ci;
		GalGroup *g;
		if (ci->document_id > 0 && (has_text(ci->document_key) || has_text(ci->document_title))) {
			const char *key = has_text(ci->document_key) ? ci->document_key : ci->document_title;
			g = group_get(index[GAL_DOCUMENT], site->groups[GAL_DOCUMENT], GAL_DOCUMENT, key,
				      has_text(ci->document_title) ? ci->document_title : key);
			it->groups[GAL_DOCUMENT] = g;
		}
		/* "Mark Twain; E. W. Kemble (ill.)": the picture is under each of them */
		g_auto(GStrv) creators = pl_creators_split(ci->creator);
		for (int c = 0; creators[c]; c++) {
			g = group_get(index[GAL_CREATOR], site->groups[GAL_CREATOR], GAL_CREATOR, creators[c],
				      creators[c]);
			if (!it->groups[GAL_CREATOR])
				it->groups[GAL_CREATOR] = g;
			else if (!g_ptr_array_find(it->creator_groups, g, NULL))
				g_ptr_array_add(it->creator_groups, g);
		}
		/* A date within a decade is filed under it, one within a century
		 * ("XIXe siècle", "vers 1895") under the century: not under its
		 * first decade. Open or wider ranges are not filed. */
		g_autofree char *dk = gal_decade_key(ci->year_min);
		int hi = ci->year_max ? ci->year_max : ci->year_min;
		if (dk && ci->year_min > PL_DATE_OPEN_START && hi < PL_DATE_OPEN_END) {
			int d = atoi(dk);
			int c = d >= 0 ? d / 100 * 100 : -((-d + 99) / 100 * 100);
			g_autofree char *label = NULL;
			g_autofree char *key = NULL;
			if (hi <= d + 9) {
				label = g_strdup_printf("%d–%d", d, d + 9);
				key = g_strdup(dk);
			} else if (hi <= c + 99) {
				label = g_strdup_printf("%d–%d", c, c + 99);
				key = g_strdup_printf("%d-%d", c, c + 99);
			}
			if (key)
				it->groups[GAL_DECADE] = group_get(index[GAL_DECADE], site->groups[GAL_DECADE],
								   GAL_DECADE, key, label);
		}
		const char *src = has_text(ci->source) ? ci->source : "other";
		it->groups[GAL_SOURCE] = group_get(index[GAL_SOURCE], site->groups[GAL_SOURCE], GAL_SOURCE,
						   src, gal_source_label(src));
		for (guint t = 0; ci->tags && t < ci->tags->len; t++) {
			g_autofree char *tag = g_strstrip(g_strdup(ci->tags->pdata[t]));
			if (!*tag)
				continue;
			g = group_get(index[GAL_TAG], site->groups[GAL_TAG], GAL_TAG, tag, tag);
			if (!g_ptr_array_find(it->tag_groups, g, NULL))
				g_ptr_array_add(it->tag_groups, g);
		}
		for (int k = 0; k < GAL_N_KINDS; k++)
			if (it->groups[k])
				g_ptr_array_add(it->groups[k]->items, it);
		for (guint t = 0; t < it->tag_groups->len; t++)
			g_ptr_array_add(((GalGroup *)it->tag_groups->pdata[t])->items, it);
		for (guint t = 0; t < it->creator_groups->len; t++)
			g_ptr_array_add(((GalGroup *)it->creator_groups->pdata[t])->items, it);
	}
	/* A document lists its views in view order: f2 before f10, and the
	 * files of a named document by their names. */
	for (guint i = 0; i < site->groups[GAL_DOCUMENT]->len; i++)
		g_ptr_array_sort(((GalGroup *)site->groups[GAL_DOCUMENT]->pdata[i])->items, cmp_view);
	for (int k = 0; k < GAL_N_KINDS; k++) {
		g_ptr_array_sort(site->groups[k], cmp_group);
		/* Slugs in label order, so a rebuild gives every group the same folder. */
		g_autoptr(GHashTable) used = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		for (guint i = 0; i < site->groups[k]->len; i++) {
			GalGroup *g = site->groups[k]->pdata[i];
			g_autofree char *base = gal_slugify(k == GAL_DECADE ? g->key : g->label, GAL_SLUG_MAX);
			char *slug = g_strdup(base);
			for (int n = 2; g_hash_table_contains(used, slug); n++) {
				g_free(slug);
				slug = g_strdup_printf("%s-%d", base, n);
			}
			g->slug = slug;
			g_hash_table_add(used, g_strdup(slug));
		}
		g_hash_table_unref(index[k]);
	}
}

typedef struct {
	GalSite *site;
	GMutex lock;
	int done, total;
} DeriveCtx;

typedef struct {
	GalItem *it;
	char *error;
} DeriveJob;

static void derive_worker(gpointer data, gpointer user)
{
	DeriveJob *job = data;
	DeriveCtx *ctx = user;
	g_autoptr(GError) err = NULL;
	if (gal_derive_item(ctx->site, job->it, &err)) {
		job->error = g_strdup(err->message);
		job->it->failed = TRUE;
	}
	g_mutex_lock(&ctx->lock);
	ctx->done++;
	/* A counter for a person watching; logs get the summary line only, and
	 * "planche:" on stderr stays for problems. */
	if (!ctx->site->opt->quiet && isatty(STDERR_FILENO) &&
	    (ctx->done % 25 == 0 || ctx->done == ctx->total))
		g_printerr("\r\033[Kbuild: images %d/%d%s", ctx->done, ctx->total,
			   ctx->done == ctx->total ? "\n" : "");
	g_mutex_unlock(&ctx->lock);
}

static int derive_all(GalSite *site, GalleryStats *stats)
{
	g_autoptr(GPtrArray) jobs = g_ptr_array_new();
	for (guint i = 0; i < site->items->len; i++) {
		GalItem *it = site->items->pdata[i];
		if (it->tree_current)
			continue;
		DeriveJob *job = g_new0(DeriveJob, 1);
		job->it = it;
		g_ptr_array_add(jobs, job);
	}
	if (jobs->len == 0)
		return 0;
	DeriveCtx ctx = {.site = site, .total = (int)jobs->len};
	g_mutex_init(&ctx.lock);
	int n = site->opt->jobs > 0 ? site->opt->jobs : (int)g_get_num_processors();
	/* libvips threads each image too; a few workers keep small images busy. */
	GThreadPool *pool = g_thread_pool_new(derive_worker, &ctx, MAX(n, 1), TRUE, NULL);
	for (guint i = 0; i < jobs->len; i++)
		g_thread_pool_push(pool, jobs->pdata[i], NULL);
	g_thread_pool_free(pool, FALSE, TRUE);
	if (!site->opt->quiet)
		g_printerr("\n");
	for (guint i = 0; i < jobs->len; i++) {
		DeriveJob *job = jobs->pdata[i];
		if (job->error) {
			g_printerr("planche: image %s left out: %s\n", job->it->id, job->error);
			stats->failed++;
		} else {
			stats->derived++;
		}
		g_free(job->error);
		g_free(job);
	}
	g_mutex_clear(&ctx.lock);
	return 0;
}

typedef struct {
	const GalleryOptions *opt;
	PlListing *listing; /* the masters' and originals' folders */
	GPtrArray *in;
	GalItem **made;
} NewCtx;

/* In worker threads: the item (its master and original found in their
 * folders' listings). */
static void item_make(int i, gpointer data)
{
	NewCtx *nc = data;
	const char *why = NULL;
	nc->made[i] = item_new(nc->opt, nc->in->pdata[i], nc->listing, &why);
}

static void site_clear(GalSite *site)
{
	if (site->items)
		g_ptr_array_unref(site->items);
	for (int k = 0; k < GAL_N_KINDS; k++)
		if (site->groups[k])
			g_ptr_array_unref(site->groups[k]);
	gal_out_free(site->out);
	g_free(site->base_url);
	g_free(site->intro);
}

int gallery_build(const GalleryOptions *opt, GPtrArray *items, GalleryStats *stats,
		  GError **error)
{
	g_return_val_if_fail(items || opt->read_items, -1);
	GalSite site = {.opt = opt, .cfg = opt->cfg};
	GPtrArray *read = NULL;
	GalleryStats local = {0};
	if (!stats)
		stats = &local;
	memset(stats, 0, sizeof *stats);
	gint64 t0 = g_get_monotonic_time();
	int rc = -1;
	site.lang = (char *)gal_i18n_set(opt->cfg->language);
	const char *base = opt->cfg->base_url ? opt->cfg->base_url : "";
	site.base_url = *base && !g_str_has_suffix(base, "/") ? g_strconcat(base, "/", NULL) : g_strdup(base);
	if (*site.base_url && !g_str_has_prefix(site.base_url, "https://") &&
	    !g_str_has_prefix(site.base_url, "http://")) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
			    "planche.conf: base-url must start with https:// or http://");
		goto out;
	}
	/* Settings that name files are checked before anything is written. */
	if (gal_read_introduction(&site, error))
		goto out;
	if (!(site.out = gal_out_new(opt->out_dir, opt->force, error)))
		goto out;
	if (!items) {
		/* The last build's files are looked at while the catalogue is
		 * read and the items made: a fifth of a no-change rebuild, on the
		 * other core. */
		gal_out_look_ahead(site.out);
		if (opt->read_items(opt->catalog, &read, error)) {
			gal_out_look_ahead_join(site.out);
			goto out;
		}
		items = read;
	}
	site.items = g_ptr_array_new_with_free_func((GDestroyNotify)gal_item_free);
	NewCtx nc = {.opt = opt, .listing = pl_listing_new(), .in = items,
		     .made = g_new0(GalItem *, items->len ? items->len : 1)};
	gal_parallel_for((int)items->len, gal_threads(&site), item_make, &nc);
	pl_listing_free(nc.listing);
	gal_out_look_ahead_join(site.out);
	for (guint i = 0; i < items->len; i++) {
		GalItem *it = nc.made[i];
		if (it) {
			/* whether its derivatives are current: its folders looked at */
			it->tree_current = gal_out_tree_current(site.out, it->id, it->derive_key);
			g_ptr_array_add(site.items, it);
		} else {
			stats->left_out++;
		}
		const CatalogItem *ci = items->pdata[i];
		if (it && ci->last_run != ci->good_run) {
			g_printerr("planche: image %s (%s): the latest clean failed (%s); the master of "
				   "%s stays published\n", it->id, ci->path,
				   ci->last_run->error ? ci->last_run->error : "no reason recorded",
				   it->run->started_at ? it->run->started_at : "an earlier clean");
			stats->stale++;
		}
	}
	g_free(nc.made);
	if (gal_write_assets(&site, error))
		goto out;
	derive_all(&site, stats);
	/* Images whose derivatives failed are left out of every page. */
	for (guint i = site.items->len; i-- > 0;) {
		GalItem *it = site.items->pdata[i];
		if (it->failed)
			g_ptr_array_remove_index(site.items, i);
		else
			gal_out_tree_keep(site.out, it->id, it->derive_key, it->tree_files);
	}
	g_ptr_array_sort(site.items, cmp_site);
	for (guint i = 0; i < site.items->len; i++)
		((GalItem *)site.items->pdata[i])->index = (int)i;
	build_groups(&site);
	if (gal_write_pages(&site, error))
		goto out;
	if (gal_out_finish(site.out, &stats->removed, error))
		goto out;
	stats->finished = stats->kept = TRUE;
	stats->items = (int)site.items->len;
	if (stats->failed) {
		g_set_error(error, PL_ERROR, PL_ERROR_FAILED,
			    "%d image(s) could not be published (see above)", stats->failed);
		goto counts;
	}
	rc = 0;
	goto counts;
out:
	/* Stopped midway (a full disk): what was written is recorded, so that
	 * the next build goes on from it, or removed again when not even the
	 * record can be written; the counts say which. */
	if (site.out)
		gal_out_abandon(site.out, &stats->kept, &stats->removed_again, NULL);
counts:
	if (site.out)
		gal_out_counts(site.out, &stats->written, &stats->written_bytes, &stats->unchanged);
	stats->seconds = (double)(g_get_monotonic_time() - t0) / 1e6;
	site_clear(&site);
	if (read)
		g_ptr_array_unref(read);
	return rc;
}

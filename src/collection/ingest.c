#include "collection/ingest.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <vips/vips.h>

#include "collection/config.h"
#include "collection/exif.h"
#include "pipeline/decode_cost.h"
#include "pipeline/preview.h"
#include "collection/preview_cache.h"
#include "imaging/vips_log.h"
#include "provenance/date.h"
#include "provenance/rights.h"
#include "util/util.h"

static const char *const image_suffixes[] = {
	".jpg", ".jpeg", ".jpe", ".tif", ".tiff", ".png", ".jp2", ".j2k", ".jpx", ".jpf", ".webp",
};

gboolean ingest_is_image_name(const char *path)
{
	g_autofree char *lower = g_ascii_strdown(path, -1);
	for (size_t i = 0; i < G_N_ELEMENTS(image_suffixes); i++)
		if (g_str_has_suffix(lower, image_suffixes[i]))
			return TRUE;
	return FALSE;
}

gint64 ingest_max_pixels(void)
{
	const char *env = g_getenv("PLANCHE_MAX_PIXELS");
	gint64 v = env ? g_ascii_strtoll(env, NULL, 10) : 0;
	/* 500 MP: far above any scan of a print, far below a decompression bomb. */
	return v > 0 ? v : 500000000;
}

static void set_str(char **field, const char *value)
{
	if (!value || !*value)
		return;
	g_free(*field);
	*field = g_strstrip(g_strdup(value));
}

static void set_identifier(CatalogItem *item, PlIdentifier *ident)
{
	g_ptr_array_set_size(item->identifiers, 0);
	g_free(item->source);
	item->source = g_strdup(ident->source);
	g_ptr_array_add(item->identifiers, ident);
	/* BnF's terms ask for this mention; partners' items carry others, given
	 * in the sheet. */
	if (g_strcmp0(ident->source, "gallica") == 0) {
		if (!item->credit)
			item->credit = g_strdup(PL_GALLICA_CREDIT);
		if (!item->rights)
			item->rights = g_strdup(PL_RIGHTS_PDM);
	}
}

int ingest_identify_from_path(CatalogItem *item, GError **error)
{
	if (item->identifiers->len > 0)
		return 0;
	PlIdentifier *ident = NULL;
	int rc = pl_identifier_from_path(item->path, &ident, error);
	if (rc == 1)
		set_identifier(item, ident);
	return rc < 0 ? -1 : 0;
}

int ingest_apply_meta(CatalogItem *item, const IngestMeta *meta, GError **error)
{
	GString *problems = g_string_new(NULL);
	if (meta->identifier && *meta->identifier) {
		PlIdentifier *ident = NULL;
		g_autoptr(GError) err = NULL;
		if (pl_identifier_parse(meta->identifier, &ident, &err) == 0)
			set_identifier(item, ident);
		else
			g_string_append_printf(problems, "%s%s", problems->len ? "; " : "",
					       err->message);
	}
	set_str(&item->title, meta->title);
	set_str(&item->creator, meta->creator);
	set_str(&item->description, meta->description);
	set_str(&item->publisher, meta->publisher);
	set_str(&item->institution, meta->institution);
	set_str(&item->credit, meta->credit);
	set_str(&item->notes, meta->notes);
	set_str(&item->pipeline, meta->pipeline);
	set_str(&item->document, meta->document);
	if (meta->rights && *meta->rights) {
		g_autoptr(GError) err = NULL;
		char *uri = pl_rights_normalise(meta->rights, &err);
		if (uri) {
			g_free(item->rights);
			item->rights = uri;
		} else {
			/* Keep what the archivist wrote; it is still a statement. */
			set_str(&item->rights, meta->rights);
		}
	}
	if (meta->date && *meta->date) {
		set_str(&item->date, meta->date);
		PlDate d;
		int rc = pl_date_parse(meta->date, &d);
		if (rc == 0) {
			item->year_min = d.earliest;
			item->year_max = d.latest;
		} else if (rc == 1) {
			/* "s.d.": understood, and no date */
			item->year_min = item->year_max = 0;
		} else {
			item->year_min = item->year_max = 0;
			g_string_append_printf(problems, "%sdate '%s' not understood (kept as written)",
					       problems->len ? "; " : "", meta->date);
		}
	}
	if (meta->tags && *meta->tags) {
		g_auto(GStrv) tags = g_regex_split_simple("[,;]", meta->tags, 0, 0);
		for (int i = 0; tags[i]; i++) {
			char *t = g_strstrip(tags[i]);
			gboolean seen = FALSE;
			for (guint k = 0; k < item->tags->len && !seen; k++)
				seen = g_strcmp0(item->tags->pdata[k], t) == 0;
			if (*t && !seen)
				g_ptr_array_add(item->tags, g_strdup(t));
		}
	}
	if (problems->len) {
		g_set_error_literal(error, PL_ERROR, PL_ERROR_INPUT, problems->str);
		g_string_free(problems, TRUE);
		return -1;
	}
	g_string_free(problems, TRUE);
	return 0;
}

static void set_decode_error(GError **error, const char *text, const char *warnings)
{
	g_autofree char *msg = g_strstrip(g_strdup(text ? text : ""));
	/* libvips messages span lines; the user gets the first meaningful one. */
	char *nl = strchr(msg, '\n');
	if (nl)
		*nl = '\0';
	/* Some decoders say what is wrong only in a warning (libpng: "IHDR:
	 * CRC error"), with nothing or a catch-all in the error. */
	if (warnings && !*msg)
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "cannot decode: %s", warnings);
	else if (warnings && !strstr(warnings, msg) && !strstr(msg, warnings))
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "cannot decode: %s (%s)", msg, warnings);
	else
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "cannot decode: %s",
			    *msg ? msg : "libvips gave no reason");
}

/* libjpeg reads on through damaged data, filling grey, with a warning:
 * "Corrupt JPEG data: premature end of data segment", "... bad Huffman
 * code". Stray bytes before a marker are harmless. */
static char *jpeg_damage(const char *text)
{
	g_auto(GStrv) parts = g_regex_split_simple("\n|; ", text ? text : "", 0, 0);
	for (int i = 0; parts[i]; i++)
		if (strstr(parts[i], "Corrupt JPEG data") && !strstr(parts[i], "extraneous bytes"))
			return g_strdup(g_strstrip(parts[i]));
	return NULL;
}

/* Reads the header and decodes the measuring preview, which catches
 * truncated and corrupt files without holding the image in memory; the
 * preview is returned for clean. */
static int probe_image(const char *abs, gint64 decode_limit, CatalogItem *item,
		       VipsImage **preview, GError **error)
{
	VipsImage *header = NULL;
	g_autofree char *warnings = NULL;
	int rc = -1;
	/* Nothing a file before this one left in libvips' error buffer. */
	pl_vips_log_begin();
	const char *loader = vips_foreign_find_load(abs);
	if (!loader) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "not an image libvips can read");
		vips_error_clear();
		goto out;
	}
	if (!(header = vips_image_new_from_file(abs, "access", VIPS_ACCESS_SEQUENTIAL, NULL)))
		goto vips_failed;
	gint64 pixels = (gint64)header->Xsize * header->Ysize;
	if (pixels > ingest_max_pixels()) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
			    "image too large: %d x %d pixels is over the limit of %" G_GINT64_FORMAT
			    " (PLANCHE_MAX_PIXELS)", header->Xsize, header->Ysize, ingest_max_pixels());
		goto out;
	}
	g_free(item->format);
	item->format = NULL;
	{
		/* Loader class names: VipsForeignLoadJpegFile, VipsForeignLoadJp2kFile... */
		static const char *const formats[][2] = {
			{"jpegfile", "jpeg"}, {"tifffile", "tiff"}, {"pngfile", "png"},
			{"jp2kfile", "jp2"}, {"webpfile", "webp"},
		};
		g_autofree char *lower = g_ascii_strdown(loader, -1);
		for (size_t i = 0; i < G_N_ELEMENTS(formats) && !item->format; i++)
			if (g_str_has_suffix(lower, formats[i][0]))
				item->format = g_strdup(formats[i][1]);
	}
	if (!item->format) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "not a format planche registers (%s)",
			    loader);
		goto out;
	}
	item->width = header->Xsize;
	item->height = header->Ysize;
	pl_exif_read(header, item);
	if (pl_decode_check(abs, header, decode_limit, error))
		goto out;
	{
		g_autoptr(GError) decode_error = NULL;
		if (pl_preview_decode(abs, TRUE, preview, &decode_error) == 0) {
			warnings = pl_vips_log_end();
			g_autofree char *said = g_strdup_printf("%s\n%s", vips_error_buffer(),
								warnings ? warnings : "");
			g_autofree char *damage = g_strcmp0(item->format, "jpeg") == 0
				? jpeg_damage(said) : NULL;
			if (damage) {
				g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
					    "damaged data: %s (parts of the picture would come out "
					    "grey or garbled)", damage);
				VIPS_UNREF(*preview);
				goto out;
			}
			rc = 0;
			goto out;
		}
		const char *msg = decode_error->message;
		if (g_str_has_prefix(msg, abs) && g_str_has_prefix(msg + strlen(abs), ": "))
			msg += strlen(abs) + 2;
		warnings = pl_vips_log_end();
		set_decode_error(error, msg, warnings);
		goto out;
	}
vips_failed:
	warnings = pl_vips_log_end();
	set_decode_error(error, vips_error_buffer(), warnings);
out:
	g_free(pl_vips_log_end());
	vips_error_clear();
	VIPS_UNREF(header);
	return rc;
}

/* planche.conf's limit, read once a command. */
static int decode_limit(Collection *c, gint64 *limit, GError **error)
{
	if (c->decode_limit < 0) {
		g_autoptr(PlConfig) cfg = NULL;
		if (pl_config_load(c->root, &cfg, error) != 0)
			return -1;
		c->decode_limit = cfg->decode_memory * PL_CONFIG_MB; /* planche.conf says MB */
	}
	*limit = c->decode_limit;
	return 0;
}

static void mark_failed(CatalogItem *item, const char *why)
{
	g_free(item->status);
	item->status = g_strdup("failed");
	g_free(item->error);
	item->error = g_strdup(why);
}

static void mark_registered(CatalogItem *item)
{
	g_free(item->status);
	item->status = g_strdup("registered");
	g_clear_pointer(&item->error, g_free);
}

/* Everything add may change in a record, as one string to compare. */
static char *record_fingerprint(const CatalogItem *item)
{
	GString *s = g_string_new(NULL);
	const char *const fields[] = {
		item->path, item->sha256, item->status, item->error, item->title, item->creator,
		item->date, item->description, item->publisher, item->institution, item->source,
		item->credit, item->rights, item->notes, item->pipeline, item->document,
	};
	for (size_t i = 0; i < G_N_ELEMENTS(fields); i++)
		g_string_append_printf(s, "%s%c", fields[i] ? fields[i] : "\x01", 0x1f);
	g_string_append_printf(s, "%d-%d-%" G_GINT64_FORMAT "%c", item->year_min, item->year_max,
			       item->mtime, 0x1f);
	for (guint i = 0; i < item->identifiers->len; i++) {
		const PlIdentifier *id = item->identifiers->pdata[i];
		g_string_append_printf(s, "%s/%s/%s%c", id->value, id->view ? id->view : "",
				       id->url ? id->url : "", 0x1e);
	}
	for (guint i = 0; i < item->tags->len; i++)
		g_string_append_printf(s, "%s%c", (const char *)item->tags->pdata[i], 0x1d);
	return g_string_free(s, FALSE);
}

static int save_item(Collection *c, CatalogItem *item, gboolean is_new, GError **error)
{
	if (catalog_item_link_document(c->cat, item, error) != 0)
		return -1;
	return is_new ? catalog_item_insert(c->cat, item, error)
		      : catalog_item_update(c->cat, item, error);
}

/* What ingest_file learns of the file on disk before the catalogue is asked. */
typedef struct {
	GStatBuf st;
	gint64 size;
	char *sha256;     /* NULL when the file could not be read */
	char *read_error; /* why not, or NULL */
} OnDisk;

static void on_disk_clear(OnDisk *d)
{
	g_free(d->sha256);
	g_free(d->read_error);
}

/* An original is a regular file reached through no symbolic link: one that
 * a link could later redirect elsewhere (to /etc/passwd) is not. Reads its
 * checksum, or says why it cannot. */
static void read_on_disk(const char *abs, OnDisk *d)
{
	g_autoptr(GError) err = NULL;
	g_autofree char *real = pl_real_path(abs);
	if (g_lstat(abs, &d->st) != 0) {
		d->read_error = g_strdup_printf("cannot read: %s", g_strerror(errno));
	} else if (S_ISLNK(d->st.st_mode) || (real && strcmp(real, abs) != 0)) {
		g_autofree char *to = real ? g_filename_display_name(real) : g_strdup("nowhere");
		d->read_error = g_strdup_printf(
			"reached through a symbolic link (it leads to %s); add that file itself", to);
	} else if (!S_ISREG(d->st.st_mode)) {
		d->read_error = g_strdup("not a regular file");
	} else if (d->st.st_size == 0) {
		d->read_error = g_strdup("empty file");
	} else if (!(d->sha256 = pl_sha256_file(abs, &d->size, &err))) {
		const char *colon = strstr(err->message, ": ");
		d->read_error = g_strdup(colon ? colon + 2 : err->message);
	}
}

/* The record the file belongs to, inside the open transaction: the one of
 * its content (unchanged, or moved here), the one at its path (updated), or
 * a new one. Returns 0, 1 when the file is a duplicate of another image's
 * still on disk (*note says so; nothing to save), or -1 when the catalogue
 * failed. */
static int find_record(Collection *c, const char *rel, const char *shown, const char *sha256,
		       CatalogItem **item, gboolean *is_new, IngestOutcome *outcome, char **note,
		       GError **error)
{
	gint64 id_by_sha = 0, id_by_path = 0;
	gboolean known_sha = sha256 && catalog_item_id_by_sha(c->cat, sha256, &id_by_sha);
	gboolean known_path = catalog_item_id_by_path(c->cat, rel, &id_by_path);

	*is_new = FALSE;
	if (known_sha) {
		if (catalog_item_load(c->cat, id_by_sha, item, error) != 0)
			return -1;
		if (g_strcmp0((*item)->path, rel) == 0) {
			*outcome = INGEST_UNCHANGED;
			return 0;
		}
		g_autofree char *old_abs = collection_abspath(c, (*item)->path);
		if (g_file_test(old_abs, G_FILE_TEST_EXISTS)) {
			*outcome = INGEST_DUPLICATE;
			*note = g_strdup_printf("%s: same content as image %" G_GINT64_FORMAT
						" (%s); not added again", shown, (*item)->id, (*item)->path);
			return 1;
		}
		/* The file was moved or renamed: found again by its hash. A stale row
		 * at the new path (older content) gives way. */
		if (known_path && id_by_path != (*item)->id &&
		    catalog_item_delete(c->cat, id_by_path, error) != 0)
			return -1;
		g_autofree char *old_path = g_strdup((*item)->path);
		g_free((*item)->path);
		(*item)->path = g_strdup(rel);
		*outcome = INGEST_MOVED;
		*note = g_strdup_printf(" (was %s)", old_path);
	} else if (known_path) {
		if (catalog_item_load(c->cat, id_by_path, item, error) != 0)
			return -1;
		*outcome = INGEST_UPDATED;
	} else {
		*item = catalog_item_new();
		(*item)->path = g_strdup(rel);
		*is_new = TRUE;
		*outcome = INGEST_ADDED;
	}
	return 0;
}

/* New or changed content (or a file that failed before): its checksum,
 * size and date, then the image itself probed and its preview kept, or the
 * reason it failed recorded. Otherwise only a new date is noted. */
static void refresh_content(Collection *c, CatalogItem *item, gboolean is_new, const char *abs,
			    const OnDisk *d, gint64 limit)
{
	gboolean content_changed = is_new || g_strcmp0(item->sha256, d->sha256) != 0 ||
				   g_strcmp0(item->status, "failed") == 0;
	if (!content_changed) {
		if (item->mtime != (gint64)d->st.st_mtime)
			item->mtime = (gint64)d->st.st_mtime;
		return;
	}
	if (item->sha256 && g_strcmp0(item->sha256, d->sha256) != 0)
		preview_cache_drop(c, item->sha256);
	g_free(item->sha256);
	item->sha256 = g_strdup(d->sha256);
	item->size = d->size;
	item->mtime = d->read_error ? 0 : (gint64)d->st.st_mtime;
	if (d->read_error) {
		mark_failed(item, d->read_error);
		return;
	}
	g_autoptr(GError) probe_err = NULL;
	VipsImage *preview = NULL;
	if (probe_image(abs, limit, item, &preview, &probe_err) != 0) {
		mark_failed(item, probe_err->message);
	} else {
		mark_registered(item);
		gint64 left = 0;
		/* Not a problem of the file's: the command says it once. */
		if (preview_cache_put(c, d->sha256, preview, &left) ==
		    PREVIEW_DISK_NEARLY_FULL && !c->notice)
			c->notice = g_strdup_printf(
				"the disk is nearly full (%" G_GINT64_FORMAT
				" MB free): add keeps no more previews, which "
				"only spare clean a decoding", left / 1000000);
	}
	VIPS_UNREF(preview);
}

/* The metadata given, then the identifier the file's name carries; their
 * problems are appended to warn. Returns TRUE when the record is as it was
 * (a sheet run again unchanged changes nothing, updated_at included). */
static gboolean describe(CatalogItem *item, gboolean is_new, const IngestMeta *meta, GString *warn)
{
	g_autofree char *before = is_new ? NULL : record_fingerprint(item);
	if (meta) {
		g_autoptr(GError) meta_err = NULL;
		if (ingest_apply_meta(item, meta, &meta_err) != 0)
			g_string_append_printf(warn, "%s%s", warn->len ? "; " : "", meta_err->message);
	}
	g_autoptr(GError) id_err = NULL;
	if (ingest_identify_from_path(item, &id_err) != 0)
		g_string_append_printf(warn, "%s%s", warn->len ? "; " : "", id_err->message);
	g_autofree char *after = before ? record_fingerprint(item) : NULL;
	return before && strcmp(before, after) == 0;
}

/* The user's line for a file: "added     scans/a.jpg (ark:/..., view 3)",
 * or "scans/b.jpg: why it failed". note may carry " (was OLD)". */
static char *outcome_line(const CatalogItem *item, IngestOutcome outcome, const char *shown,
			  const char *note)
{
	const char *verb = outcome == INGEST_ADDED ? "added"
		: outcome == INGEST_MOVED ? "moved"
		: outcome == INGEST_UPDATED ? "updated"
		: outcome == INGEST_FAILED ? "failed"
		: "unchanged";
	GString *line = g_string_new(NULL);
	if (outcome == INGEST_FAILED)
		g_string_printf(line, "%s: %s", shown, item->error);
	else
		g_string_printf(line, "%-9s %s%s", verb, shown, note ? note : "");
	if (outcome != INGEST_FAILED && item->identifiers->len > 0) {
		const PlIdentifier *ident = item->identifiers->pdata[0];
		g_string_append_printf(line, " (%s%s%s)", ident->value, ident->view ? ", view " : "",
				       ident->view ? ident->view : "");
	}
	return g_string_free(line, FALSE);
}

int ingest_file(Collection *c, const char *path, const IngestMeta *meta,
		IngestOutcome *outcome, char **note, char **warning, GError **error)
{
	g_autofree char *rel = collection_relpath(c, path);
	g_autofree char *abs = collection_abspath(c, rel);
	g_autofree char *shown = g_filename_display_name(path);
	g_autoptr(CatalogItem) item = NULL;
	g_autoptr(GString) warn = g_string_new(NULL);
	OnDisk disk = {0};
	gboolean is_new = FALSE;
	gint64 limit = 0;
	int rc = -1;

	*note = NULL;
	*warning = NULL;
	if (!ingest_is_image_name(path)) {
		*outcome = INGEST_SKIPPED;
		*note = g_strdup_printf("%s: skipped: not a JPEG, TIFF, PNG, JPEG 2000 or WebP file", shown);
		return 0;
	}
	read_on_disk(abs, &disk);
	if (decode_limit(c, &limit, error) != 0 || catalog_begin(c->cat, error) != 0)
		goto out;
	int found = find_record(c, rel, shown, disk.sha256, &item, &is_new, outcome, note, error);
	if (found < 0)
		goto rollback;
	if (found > 0) {
		catalog_rollback(c->cat);
		rc = 0;
		goto out;
	}
	refresh_content(c, item, is_new, abs, &disk, limit);
	gboolean same = describe(item, is_new, meta, warn);
	if (*outcome == INGEST_UNCHANGED && !same)
		*outcome = INGEST_UPDATED;
	if (g_strcmp0(item->status, "failed") == 0)
		*outcome = INGEST_FAILED;

	if (same && *outcome == INGEST_UNCHANGED) {
		if (catalog_commit(c->cat, error) != 0)
			goto rollback;
	} else if (save_item(c, item, is_new, error) != 0 || catalog_commit(c->cat, error) != 0) {
		goto rollback;
	}
	char *line = outcome_line(item, *outcome, shown, *note);
	g_free(*note);
	*note = line;
	if (warn->len)
		*warning = g_strdup_printf("%s: %s", shown, warn->str);
	rc = 0;
	goto out;
rollback:
	catalog_rollback(c->cat);
out:
	on_disk_clear(&disk);
	return rc;
}

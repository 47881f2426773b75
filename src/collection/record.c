#include "collection/record.h"

#include <unistd.h>

#include "provenance/rights.h"
#include "util/json.h"
#include "util/util.h"

/* A count or size: null when unknown (0). */
static void add_int(PlJson *b, const char *key, gint64 value)
{
	pl_json_key(b, key);
	if (value)
		pl_json_int(b, value);
	else
		pl_json_null(b);
}

/* JSON stored in the catalogue (a region, a step's params): null when not JSON. */
static void add_raw_json(PlJson *b, const char *key, const char *text)
{
	pl_json_key(b, key);
	pl_json_parsed(b, text);
}

/* The master on show: the latest clean's, or the one before a failed clean. */
static const CatalogRun *master_run(const CatalogItem *item)
{
	return item->good_run;
}

void record_json_members(PlJson *b, const CatalogItem *item, gboolean full)
{
	const PlIdentifier *ident = item->identifiers->len ? item->identifiers->pdata[0] : NULL;
	const CatalogRun *run = master_run(item);
	add_int(b, "id", item->id);
	pl_json_key_str(b, "path", item->path);
	pl_json_key_str(b, "sha256", item->sha256);
	add_int(b, "width", item->width);
	add_int(b, "height", item->height);
	pl_json_key_str(b, "identifier", ident ? ident->value : NULL);
	pl_json_key_str(b, "view", ident ? ident->view : NULL);
	pl_json_key_str(b, "url", ident ? ident->url : NULL);
	pl_json_key_str(b, "title", item->title);
	pl_json_key_str(b, "creator", item->creator);
	pl_json_key_str(b, "date", item->date);
	add_int(b, "year_min", item->year_min);
	add_int(b, "year_max", item->year_max);
	pl_json_key_str(b, "source", item->source);
	pl_json_key_str(b, "status", item->status);
	pl_json_key_str(b, "error", item->error);
	pl_json_key_str(b, "master", run ? run->master_path : NULL);
	add_raw_json(b, "region", run ? run->region : NULL);
	pl_json_key(b, "angle");
	if (run)
		pl_json_double(b, run->angle);
	else
		pl_json_null(b);
	pl_json_key_str(b, "pipeline", item->last_run ? item->last_run->pipeline : item->pipeline);
	pl_json_key(b, "tags");
	pl_json_begin_array(b);
	for (guint i = 0; i < item->tags->len; i++)
		pl_json_str(b, item->tags->pdata[i]);
	pl_json_end_array(b);
	if (full) {
		add_int(b, "size", item->size);
		add_int(b, "mtime", item->mtime);
		pl_json_key_str(b, "format", item->format);
		pl_json_key_str(b, "description", item->description);
		pl_json_key_str(b, "publisher", item->publisher);
		pl_json_key_str(b, "institution", item->institution);
		pl_json_key_str(b, "credit", item->credit);
		pl_json_key_str(b, "rights", item->rights);
		pl_json_key_str(b, "rights_label", item->rights ? pl_rights_label(item->rights) : NULL);
		pl_json_key_str(b, "notes", item->notes);
		pl_json_key_str(b, "added_at", item->added_at);
		pl_json_key_str(b, "updated_at", item->updated_at);
		pl_json_key_str(b, "document", item->document_key);
		pl_json_key_str(b, "document_title", item->document_title);
		pl_json_key(b, "identifiers");
		pl_json_begin_array(b);
		for (guint i = 0; i < item->identifiers->len; i++) {
			const PlIdentifier *id = item->identifiers->pdata[i];
			pl_json_begin_object(b);
			pl_json_key_str(b, "scheme", id->scheme);
			pl_json_key_str(b, "authority", id->authority);
			pl_json_key_str(b, "local_id", id->local_id);
			pl_json_key_str(b, "view", id->view);
			pl_json_key_str(b, "value", id->value);
			pl_json_key_str(b, "url", id->url);
			pl_json_end_object(b);
		}
		pl_json_end_array(b);
		pl_json_key(b, "exif");
		pl_json_begin_object(b);
		pl_json_key_str(b, "datetime", item->exif_datetime);
		pl_json_key_str(b, "make", item->exif_make);
		pl_json_key_str(b, "model", item->exif_model);
		pl_json_key_str(b, "artist", item->exif_artist);
		pl_json_key_str(b, "copyright", item->exif_copyright);
		pl_json_key_str(b, "description", item->exif_description);
		add_int(b, "orientation", item->exif_orientation);
		pl_json_key_double(b, "x_resolution", item->exif_x_resolution);
		pl_json_key_double(b, "y_resolution", item->exif_y_resolution);
		pl_json_key_str(b, "resolution_unit", item->exif_resolution_unit);
		pl_json_end_object(b);
		pl_json_key(b, "overrides");
		pl_json_begin_object(b);
		GHashTableIter it;
		gpointer k, v;
		g_hash_table_iter_init(&it, item->overrides);
		while (g_hash_table_iter_next(&it, &k, &v))
			pl_json_key_str(b, k, v);
		pl_json_end_object(b);
		pl_json_key(b, "last_run");
		const CatalogRun *r = item->last_run;
		if (!r) {
			pl_json_null(b);
		} else {
			pl_json_begin_object(b);
			pl_json_key_str(b, "pipeline", r->pipeline);
			pl_json_key_str(b, "pipeline_hash", r->pipeline_hash);
			pl_json_key_str(b, "original_sha256", r->original_sha256);
			pl_json_key_str(b, "started_at", r->started_at);
			pl_json_key_double(b, "seconds", r->seconds);
			pl_json_key_str(b, "status", r->status);
			pl_json_key_str(b, "error", r->error);
			pl_json_key_str(b, "master", r->master_path);
			add_int(b, "master_size", r->master_size);
			pl_json_key_str(b, "master_sha256", r->master_sha256);
			add_int(b, "master_width", r->master_width);
			add_int(b, "master_height", r->master_height);
			pl_json_key(b, "steps");
			pl_json_begin_array(b);
			for (guint i = 0; i < r->steps->len; i++) {
				const CatalogStep *s = r->steps->pdata[i];
				pl_json_begin_object(b);
				pl_json_key_str(b, "step", s->step);
				pl_json_key_bool(b, "applied", s->applied);
				add_raw_json(b, "params", s->params);
				add_raw_json(b, "measured", s->measured);
				pl_json_end_object(b);
			}
			pl_json_end_array(b);
			pl_json_end_object(b);
		}
	}
}

void record_write_json(PlJson *j, const CatalogItem *item, gboolean full)
{
	pl_json_begin_object(j);
	record_json_members(j, item, full);
	pl_json_end_object(j);
}

void record_json_start(PlJson *j)
{
	pl_json_start(j, 2);
	pl_json_keep_markup(j); /* a file name "<b>.jpg" reads as it is */
}

char *record_json_text(PlJson *j, FILE *out)
{
	g_autofree char *text = pl_json_finish(j);
	if (out && isatty(fileno(out)))
		return pl_terminal_escape(text, TRUE);
	return g_steal_pointer(&text);
}

/* Stored text may hold anything, an ESC sequence too: shown escaped. */
static void line(FILE *out, const char *label, const char *value)
{
	if (value && *value) {
		g_autofree char *shown = pl_terminal_escape(value, FALSE);
		fprintf(out, "%-14s %s\n", label, shown);
	}
}

void record_print_text(const CatalogItem *item, FILE *out)
{
	fprintf(out, "%-14s %" G_GINT64_FORMAT "\n", "id", item->id);
	line(out, "path", item->path);
	line(out, "status", item->status);
	line(out, "error", item->error);
	if (item->format) {
		g_autofree char *format = pl_terminal_escape(item->format, FALSE);
		fprintf(out, "%-14s %s, %d x %d, %" G_GINT64_FORMAT " bytes\n", "file", format,
			item->width, item->height, item->size);
	}
	line(out, "sha256", item->sha256);
	line(out, "title", item->title);
	line(out, "creator", item->creator);
	line(out, "date", item->date);
	if (item->year_min)
		fprintf(out, "%-14s %d-%d\n", "years", item->year_min, item->year_max);
	line(out, "description", item->description);
	line(out, "publisher", item->publisher);
	line(out, "institution", item->institution);
	line(out, "document", item->document_title ? item->document_title : item->document_key);
	for (guint i = 0; i < item->identifiers->len; i++) {
		const PlIdentifier *id = item->identifiers->pdata[i];
		g_autofree char *text = g_strdup_printf("%s%s%s", id->value, id->view ? "  view " : "",
							id->view ? id->view : "");
		line(out, "identifier", text);
		line(out, "url", id->url);
	}
	line(out, "source", item->source);
	line(out, "credit", item->credit);
	if (item->rights) {
		const char *label = pl_rights_label(item->rights);
		g_autofree char *text = label ? g_strdup_printf("%s (%s)", label, item->rights)
					      : g_strdup(item->rights);
		line(out, "rights", text);
	}
	if (item->tags->len) {
		GString *tags = g_string_new(NULL);
		for (guint i = 0; i < item->tags->len; i++)
			g_string_append_printf(tags, "%s%s", i ? ", " : "", (char *)item->tags->pdata[i]);
		line(out, "tags", tags->str);
		g_string_free(tags, TRUE);
	}
	line(out, "notes", item->notes);
	line(out, "pipeline", item->pipeline);
	line(out, "exif date", item->exif_datetime);
	if (item->exif_make || item->exif_model) {
		g_autofree char *scanner = g_strdup_printf("%s %s", item->exif_make ? item->exif_make : "",
							   item->exif_model ? item->exif_model : "");
		line(out, "scanner", g_strstrip(scanner));
	}
	if (item->exif_x_resolution > 0) {
		g_autofree char *unit = pl_terminal_escape(item->exif_resolution_unit, FALSE);
		fprintf(out, "%-14s %g x %g %s\n", "resolution", item->exif_x_resolution,
			item->exif_y_resolution, unit);
	}
	if (item->exif_orientation)
		fprintf(out, "%-14s %d\n", "orientation", item->exif_orientation);
	line(out, "artist", item->exif_artist);
	line(out, "copyright", item->exif_copyright);
	line(out, "exif caption", item->exif_description);
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, item->overrides);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		g_autofree char *text = g_strdup_printf("%s=%s", (char *)k, (char *)v);
		line(out, "override", text);
	}
	line(out, "added", item->added_at);
	const CatalogRun *r = item->last_run;
	if (!r)
		return;
	g_autofree char *pipeline = pl_terminal_escape(r->pipeline, FALSE);
	fprintf(out, "\ncleaned        %s with pipeline %s (%.2f s): %s\n", r->started_at, pipeline,
		r->seconds, r->status);
	line(out, "error", r->error);
	const CatalogRun *m = master_run(item);
	if (m && m != r)
		fprintf(out, "%-14s the latest clean failed: the master of %s stays published\n",
			"kept", m->started_at);
	if (m && m->master_path) {
		g_autofree char *master = pl_terminal_escape(m->master_path, FALSE);
		fprintf(out, "%-14s %s, %d x %d, %" G_GINT64_FORMAT " bytes\n", "master", master,
			m->master_width, m->master_height, m->master_size);
		line(out, "master sha256", m->master_sha256);
	}
	for (guint i = 0; i < r->steps->len; i++) {
		const CatalogStep *s = r->steps->pdata[i];
		g_autofree char *step = pl_terminal_escape(s->step, FALSE);
		g_autofree char *measured = pl_terminal_escape(s->measured ? s->measured : "{}", FALSE);
		fprintf(out, "  %-12s %s %s\n", step, s->applied ? "applied" : "no change", measured);
	}
}

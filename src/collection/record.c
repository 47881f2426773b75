#include "collection/record.h"

#include <unistd.h>

#include "provenance/rights.h"
#include "util/json.h"
#include "util/util.h"

static void add_int(JsonBuilder *b, const char *key, gint64 value)
{
	json_builder_set_member_name(b, key);
	if (value)
		json_builder_add_int_value(b, value);
	else
		json_builder_add_null_value(b);
}

static void add_raw_json(JsonBuilder *b, const char *key, const char *text)
{
	json_builder_set_member_name(b, key);
	JsonNode *node = text ? json_from_string(text, NULL) : NULL;
	if (node)
		json_builder_add_value(b, node);
	else
		json_builder_add_null_value(b);
}

static const CatalogRun *master_run(const CatalogItem *item)
{
	const CatalogRun *run = item->last_run;
	return run && g_strcmp0(run->status, "done") == 0 ? run : NULL;
}

JsonNode *record_to_json(const CatalogItem *item, gboolean full)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	const PlIdentifier *ident = item->identifiers->len ? item->identifiers->pdata[0] : NULL;
	const CatalogRun *run = master_run(item);
	json_builder_begin_object(b);
	add_int(b, "id", item->id);
	pl_json_member_str(b, "path", item->path);
	pl_json_member_str(b, "sha256", item->sha256);
	add_int(b, "width", item->width);
	add_int(b, "height", item->height);
	pl_json_member_str(b, "identifier", ident ? ident->value : NULL);
	pl_json_member_str(b, "view", ident ? ident->view : NULL);
	pl_json_member_str(b, "url", ident ? ident->url : NULL);
	pl_json_member_str(b, "title", item->title);
	pl_json_member_str(b, "creator", item->creator);
	pl_json_member_str(b, "date", item->date);
	add_int(b, "year_min", item->year_min);
	add_int(b, "year_max", item->year_max);
	pl_json_member_str(b, "source", item->source);
	pl_json_member_str(b, "status", item->status);
	pl_json_member_str(b, "error", item->error);
	pl_json_member_str(b, "master", run ? run->master_path : NULL);
	add_raw_json(b, "region", run ? run->region : NULL);
	json_builder_set_member_name(b, "angle");
	if (run)
		json_builder_add_double_value(b, run->angle);
	else
		json_builder_add_null_value(b);
	pl_json_member_str(b, "pipeline", item->last_run ? item->last_run->pipeline : item->pipeline);
	json_builder_set_member_name(b, "tags");
	json_builder_begin_array(b);
	for (guint i = 0; i < item->tags->len; i++)
		json_builder_add_string_value(b, item->tags->pdata[i]);
	json_builder_end_array(b);
	if (full) {
		add_int(b, "size", item->size);
		add_int(b, "mtime", item->mtime);
		pl_json_member_str(b, "format", item->format);
		pl_json_member_str(b, "description", item->description);
		pl_json_member_str(b, "publisher", item->publisher);
		pl_json_member_str(b, "institution", item->institution);
		pl_json_member_str(b, "credit", item->credit);
		pl_json_member_str(b, "rights", item->rights);
		pl_json_member_str(b, "rights_label", item->rights ? pl_rights_label(item->rights) : NULL);
		pl_json_member_str(b, "notes", item->notes);
		pl_json_member_str(b, "added_at", item->added_at);
		pl_json_member_str(b, "updated_at", item->updated_at);
		pl_json_member_str(b, "document", item->document_key);
		pl_json_member_str(b, "document_title", item->document_title);
		json_builder_set_member_name(b, "identifiers");
		json_builder_begin_array(b);
		for (guint i = 0; i < item->identifiers->len; i++) {
			const PlIdentifier *id = item->identifiers->pdata[i];
			json_builder_begin_object(b);
			pl_json_member_str(b, "scheme", id->scheme);
			pl_json_member_str(b, "authority", id->authority);
			pl_json_member_str(b, "local_id", id->local_id);
			pl_json_member_str(b, "view", id->view);
			pl_json_member_str(b, "value", id->value);
			pl_json_member_str(b, "url", id->url);
			json_builder_end_object(b);
		}
		json_builder_end_array(b);
		json_builder_set_member_name(b, "exif");
		json_builder_begin_object(b);
		pl_json_member_str(b, "datetime", item->exif_datetime);
		pl_json_member_str(b, "make", item->exif_make);
		pl_json_member_str(b, "model", item->exif_model);
		pl_json_member_str(b, "artist", item->exif_artist);
		pl_json_member_str(b, "copyright", item->exif_copyright);
		pl_json_member_str(b, "description", item->exif_description);
		add_int(b, "orientation", item->exif_orientation);
		json_builder_set_member_name(b, "x_resolution");
		json_builder_add_double_value(b, item->exif_x_resolution);
		json_builder_set_member_name(b, "y_resolution");
		json_builder_add_double_value(b, item->exif_y_resolution);
		pl_json_member_str(b, "resolution_unit", item->exif_resolution_unit);
		json_builder_end_object(b);
		json_builder_set_member_name(b, "overrides");
		json_builder_begin_object(b);
		GHashTableIter it;
		gpointer k, v;
		g_hash_table_iter_init(&it, item->overrides);
		while (g_hash_table_iter_next(&it, &k, &v))
			pl_json_member_str(b, k, v);
		json_builder_end_object(b);
		json_builder_set_member_name(b, "last_run");
		const CatalogRun *r = item->last_run;
		if (!r) {
			json_builder_add_null_value(b);
		} else {
			json_builder_begin_object(b);
			pl_json_member_str(b, "pipeline", r->pipeline);
			pl_json_member_str(b, "pipeline_hash", r->pipeline_hash);
			pl_json_member_str(b, "original_sha256", r->original_sha256);
			pl_json_member_str(b, "started_at", r->started_at);
			json_builder_set_member_name(b, "seconds");
			json_builder_add_double_value(b, r->seconds);
			pl_json_member_str(b, "status", r->status);
			pl_json_member_str(b, "error", r->error);
			pl_json_member_str(b, "master", r->master_path);
			add_int(b, "master_size", r->master_size);
			pl_json_member_str(b, "master_sha256", r->master_sha256);
			add_int(b, "master_width", r->master_width);
			add_int(b, "master_height", r->master_height);
			json_builder_set_member_name(b, "steps");
			json_builder_begin_array(b);
			for (guint i = 0; i < r->steps->len; i++) {
				const CatalogStep *s = r->steps->pdata[i];
				json_builder_begin_object(b);
				pl_json_member_str(b, "step", s->step);
				json_builder_set_member_name(b, "applied");
				json_builder_add_boolean_value(b, s->applied);
				add_raw_json(b, "params", s->params);
				add_raw_json(b, "measured", s->measured);
				json_builder_end_object(b);
			}
			json_builder_end_array(b);
			json_builder_end_object(b);
		}
	}
	json_builder_end_object(b);
	return json_builder_get_root(b);
}

char *record_json_text(JsonNode *node, FILE *out)
{
	g_autoptr(JsonGenerator) gen = json_generator_new();
	json_generator_set_pretty(gen, TRUE);
	json_generator_set_indent(gen, 2);
	json_generator_set_root(gen, node);
	g_autofree char *text = json_generator_to_data(gen, NULL);
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
	if (r->master_path) {
		g_autofree char *master = pl_terminal_escape(r->master_path, FALSE);
		fprintf(out, "%-14s %s, %d x %d, %" G_GINT64_FORMAT " bytes\n", "master", master,
			r->master_width, r->master_height, r->master_size);
		line(out, "master sha256", r->master_sha256);
	}
	for (guint i = 0; i < r->steps->len; i++) {
		const CatalogStep *s = r->steps->pdata[i];
		g_autofree char *step = pl_terminal_escape(s->step, FALSE);
		g_autofree char *measured = pl_terminal_escape(s->measured ? s->measured : "{}", FALSE);
		fprintf(out, "  %-12s %s %s\n", step, s->applied ? "applied" : "no change", measured);
	}
}

#include "collection/sheet_meta.h"

#include <string.h>

const char *const sheet_meta_file_names[] = {"file", "path", "filename", "image", NULL};
const char *const sheet_meta_sha256_names[] = {"sha256", "sha-256", "checksum", "hash", NULL};
const char *const sheet_meta_identifier_names[] = {"identifier", "ark", "id", "url",
						   "source url", NULL};
static const char *const source_names[] = {"source", NULL};
static const char *const title_names[] = {"title", "titre", NULL};
static const char *const creator_names[] = {"creator", "author", "artist", "auteur", NULL};
static const char *const date_names[] = {"date", NULL};
static const char *const credit_names[] = {"credit", "credit line", NULL};
static const char *const rights_names[] = {"rights", "license", "licence", "droits", NULL};
static const char *const tags_names[] = {"tags", "subject", "keywords", NULL};
static const char *const notes_names[] = {"notes", "note", NULL};
static const char *const desc_names[] = {"description", NULL};
static const char *const publisher_names[] = {"publisher", "editeur", NULL};
static const char *const inst_names[] = {"institution", "holding institution", NULL};
static const char *const pipeline_names[] = {"pipeline", NULL};
static const char *const document_names[] = {"document", "book", "set", NULL};

void sheet_meta_find_columns(PlSheet *sheet, SheetMetaColumns *cols)
{
	cols->file = pl_sheet_column(sheet, sheet_meta_file_names);
	cols->sha256 = pl_sheet_column(sheet, sheet_meta_sha256_names);
	cols->identifier = pl_sheet_column(sheet, sheet_meta_identifier_names);
	cols->source = pl_sheet_column(sheet, source_names);
	cols->title = pl_sheet_column(sheet, title_names);
	cols->creator = pl_sheet_column(sheet, creator_names);
	cols->date = pl_sheet_column(sheet, date_names);
	cols->description = pl_sheet_column(sheet, desc_names);
	cols->publisher = pl_sheet_column(sheet, publisher_names);
	cols->institution = pl_sheet_column(sheet, inst_names);
	cols->credit = pl_sheet_column(sheet, credit_names);
	cols->rights = pl_sheet_column(sheet, rights_names);
	cols->tags = pl_sheet_column(sheet, tags_names);
	cols->notes = pl_sheet_column(sheet, notes_names);
	cols->pipeline = pl_sheet_column(sheet, pipeline_names);
	cols->document = pl_sheet_column(sheet, document_names);
}

const char *sheet_meta_field(GPtrArray *fields, int col)
{
	if (col < 0 || (guint)col >= fields->len)
		return NULL;
	const char *s = fields->pdata[col];
	return s && *s ? s : NULL;
}

void sheet_meta_from_row(const SheetMetaColumns *cols, GPtrArray *fields, IngestMeta *meta)
{
	memset(meta, 0, sizeof *meta);
	meta->identifier = sheet_meta_field(fields, cols->identifier);
	/* "source" may hold the archive's URL; it is an identifier then. */
	const char *source = sheet_meta_field(fields, cols->source);
	if (!meta->identifier && source && strchr(source, '/'))
		meta->identifier = source;
	meta->title = sheet_meta_field(fields, cols->title);
	meta->creator = sheet_meta_field(fields, cols->creator);
	meta->date = sheet_meta_field(fields, cols->date);
	meta->credit = sheet_meta_field(fields, cols->credit);
	meta->rights = sheet_meta_field(fields, cols->rights);
	meta->tags = sheet_meta_field(fields, cols->tags);
	meta->notes = sheet_meta_field(fields, cols->notes);
	meta->description = sheet_meta_field(fields, cols->description);
	meta->publisher = sheet_meta_field(fields, cols->publisher);
	meta->institution = sheet_meta_field(fields, cols->institution);
	meta->pipeline = sheet_meta_field(fields, cols->pipeline);
	meta->document = sheet_meta_field(fields, cols->document);
}

char *sheet_meta_identifier_text(const CatalogItem *item)
{
	if (!item->identifiers->len)
		return NULL;
	const PlIdentifier *ident = item->identifiers->pdata[0];
	/* The view's URL carries the view in a form the parser reads back. */
	if (ident->view && ident->url)
		return g_strdup(ident->url);
	/* Other archives' values ("dta:…") do not parse back, and a URL may say
	 * more than the value (an Internet Archive page label): the URL then. */
	g_autoptr(PlIdentifier) back = NULL;
	if (ident->url && (pl_identifier_parse(ident->value, &back, NULL) != 0 ||
			   g_strcmp0(back->url, ident->url) != 0))
		return g_strdup(ident->url);
	return g_strdup(ident->value);
}

static char *int_text(gint64 v)
{
	return v ? g_strdup_printf("%" G_GINT64_FORMAT, v) : NULL;
}

static const CatalogRun *master_run(const CatalogItem *item)
{
	return item->good_run;
}

static char *v_id(const CatalogItem *i) { return int_text(i->id); }
static char *v_file(const CatalogItem *i) { return g_strdup(i->path); }
static char *v_sha256(const CatalogItem *i) { return g_strdup(i->sha256); }
static char *v_title(const CatalogItem *i) { return g_strdup(i->title); }
static char *v_creator(const CatalogItem *i) { return g_strdup(i->creator); }
static char *v_date(const CatalogItem *i) { return g_strdup(i->date); }
static char *v_description(const CatalogItem *i) { return g_strdup(i->description); }
static char *v_publisher(const CatalogItem *i) { return g_strdup(i->publisher); }
static char *v_institution(const CatalogItem *i) { return g_strdup(i->institution); }
static char *v_source(const CatalogItem *i) { return g_strdup(i->source); }
static char *v_credit(const CatalogItem *i) { return g_strdup(i->credit); }
static char *v_rights(const CatalogItem *i) { return g_strdup(i->rights); }
static char *v_notes(const CatalogItem *i) { return g_strdup(i->notes); }
static char *v_pipeline(const CatalogItem *i) { return g_strdup(i->pipeline); }
static char *v_document(const CatalogItem *i) { return g_strdup(i->document); }
static char *v_year_min(const CatalogItem *i) { return int_text(i->year_min); }
static char *v_year_max(const CatalogItem *i) { return int_text(i->year_max); }
static char *v_format(const CatalogItem *i) { return g_strdup(i->format); }
static char *v_width(const CatalogItem *i) { return int_text(i->width); }
static char *v_height(const CatalogItem *i) { return int_text(i->height); }
static char *v_size(const CatalogItem *i) { return int_text(i->size); }
static char *v_status(const CatalogItem *i) { return g_strdup(i->status); }
static char *v_added(const CatalogItem *i) { return g_strdup(i->added_at); }
static char *v_updated(const CatalogItem *i) { return g_strdup(i->updated_at); }

static char *v_tags(const CatalogItem *i)
{
	if (!i->tags->len)
		return NULL;
	/* ';' is a separator the tag parser splits on, so no tag holds one. */
	GString *s = g_string_new(NULL);
	for (guint k = 0; k < i->tags->len; k++)
		g_string_append_printf(s, "%s%s", k ? "; " : "", (const char *)i->tags->pdata[k]);
	return g_string_free(s, FALSE);
}

static char *v_master(const CatalogItem *i)
{
	const CatalogRun *run = master_run(i);
	return run ? g_strdup(run->master_path) : NULL;
}

static char *v_master_sha256(const CatalogItem *i)
{
	const CatalogRun *run = master_run(i);
	return run ? g_strdup(run->master_sha256) : NULL;
}

const SheetMetaColumn sheet_meta_columns[] = {
	{"planche_id", "integer", "planche's number for the image (not read by import)", v_id},
	{"file", "string", "the original's path, relative to the collection", v_file},
	{"sha256", "string", "SHA-256 of the original", v_sha256},
	{"identifier", "string", "identifier in the archive (ARK, archive.org, Commons), with the view", sheet_meta_identifier_text},
	{"title", "string", "title", v_title},
	{"creator", "string", "creator: artist, engraver, author", v_creator},
	{"date", "string", "date as written (1843, vers 1860, 1865~)", v_date},
	{"description", "string", "description", v_description},
	{"publisher", "string", "publisher", v_publisher},
	{"institution", "string", "holding institution", v_institution},
	{"source", "string", "archive the image comes from, by short name (gallica, internet-archive, wikimedia-commons, deutsches-textarchiv, hathitrust, …; src/provenance/identifier.c lists them)", v_source},
	{"credit", "string", "credit line", v_credit},
	{"rights", "string", "rights statement URI or text", v_rights},
	{"tags", "string", "tags separated by '; '", v_tags},
	{"notes", "string", "free notes", v_notes},
	{"pipeline", "string", "the image's own cleaning pipeline, empty for the default", v_pipeline},
	{"document", "string", "the book, issue or set the image is a view of, by name; empty when its identifier decides", v_document},
	{"year_min", "integer", "earliest year the date allows (not read by import)", v_year_min},
	{"year_max", "integer", "latest year the date allows (not read by import)", v_year_max},
	{"format", "string", "file format of the original (not read by import)", v_format},
	{"width", "integer", "width of the original in pixels (not read by import)", v_width},
	{"height", "integer", "height of the original in pixels (not read by import)", v_height},
	{"size", "integer", "size of the original in bytes (not read by import)", v_size},
	{"status", "string", "registered, cleaned or failed (not read by import)", v_status},
	{"master", "string", "the cleaned master's path (not read by import)", v_master},
	{"master_sha256", "string", "SHA-256 of the master (not read by import)", v_master_sha256},
	{"added_at", "datetime", "when the image was registered, UTC (not read by import)", v_added},
	{"updated_at", "datetime", "when its record last changed, UTC (not read by import)", v_updated},
};
const gsize sheet_meta_n_columns = G_N_ELEMENTS(sheet_meta_columns);

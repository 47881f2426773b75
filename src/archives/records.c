#include "archives/records.h"

#include <json-glib/json-glib.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "provenance/rights.h"
#include "util/json.h"
#include "util/util.h"

#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_OAI_DC "http://www.openarchives.org/OAI/2.0/oai_dc/"
/* A record larger than this is not a record. */
#define MAX_RECORD (32 * 1024 * 1024)

PlRecord *pl_record_new(void)
{
	PlRecord *r = g_new0(PlRecord, 1);
	r->creators = g_ptr_array_new_with_free_func(g_free);
	r->subjects = g_ptr_array_new_with_free_func(g_free);
	return r;
}

void pl_record_free(PlRecord *r)
{
	if (!r)
		return;
	g_free(r->title);
	g_free(r->date);
	g_free(r->publisher);
	g_free(r->description);
	g_free(r->type);
	g_free(r->language);
	g_free(r->rights);
	g_free(r->credit);
	g_free(r->institution);
	g_free(r->shelfmark);
	g_ptr_array_unref(r->creators);
	g_ptr_array_unref(r->subjects);
	g_free(r);
}

void pl_remote_image_free(PlRemoteImage *img)
{
	if (!img)
		return;
	g_free(img->view);
	g_free(img->url);
	g_free(img->service);
	g_free(img->name);
	g_free(img->mime);
	g_free(img->sha1);
	g_free(img);
}

static void add_strings(PlJson *b, const char *name, GPtrArray *list)
{
	pl_json_key(b, name);
	pl_json_begin_array(b);
	for (guint i = 0; i < list->len; i++)
		pl_json_str(b, list->pdata[i]);
	pl_json_end_array(b);
}

char *pl_record_to_json(const PlRecord *r)
{
	PlJson jb, *b = &jb;
	pl_json_init(b);
	pl_json_key_str(b, "title", r->title);
	add_strings(b, "creators", r->creators);
	pl_json_key_str(b, "date", r->date);
	pl_json_key_str(b, "publisher", r->publisher);
	pl_json_key_str(b, "description", r->description);
	add_strings(b, "subjects", r->subjects);
	pl_json_key_str(b, "type", r->type);
	pl_json_key_str(b, "language", r->language);
	pl_json_key_str(b, "rights", r->rights);
	pl_json_key_str(b, "credit", r->credit);
	pl_json_key_str(b, "institution", r->institution);
	pl_json_key_str(b, "shelfmark", r->shelfmark);
	pl_json_key(b, "views");
	if (r->views > 0)
		pl_json_int(b, r->views);
	else
		pl_json_null(b);
	return pl_json_finish(b);
}

/* One line of text: white space runs (newlines included) become one space.
 * NULL for an empty result. */
static char *clean_text(const char *s)
{
	if (!s)
		return NULL;
	g_autofree char *valid = pl_utf8_sanitize(s);
	GString *out = g_string_new(NULL);
	gboolean space = FALSE;
	for (const char *p = valid; *p; p++) {
		if (g_ascii_isspace(*p)) {
			space = out->len > 0;
			continue;
		}
		if (space)
			g_string_append_c(out, ' ');
		space = FALSE;
		g_string_append_c(out, *p);
	}
	if (!out->len) {
		g_string_free(out, TRUE);
		return NULL;
	}
	return g_string_free(out, FALSE);
}

static void set_once(char **field, char *value)
{
	if (!value)
		return;
	if (*field)
		g_free(value);
	else
		*field = value;
}

static void add_unique(GPtrArray *list, char *value)
{
	if (!value)
		return;
	for (guint i = 0; i < list->len; i++)
		if (strcmp(list->pdata[i], value) == 0) {
			g_free(value);
			return;
		}
	g_ptr_array_add(list, value);
}

static void append_line(char **field, char *value)
{
	if (!value)
		return;
	if (!*field) {
		*field = value;
		return;
	}
	char *joined = g_strdup_printf("%s\n%s", *field, value);
	g_free(*field);
	g_free(value);
	*field = joined;
}

/* "Nombre total de vues :  374" (Gallica's dc:format) */
static int views_from_format(const char *s)
{
	const char *p = s ? strstr(s, "Nombre total de vues") : NULL;
	if (!p)
		return 0;
	p += strlen("Nombre total de vues");
	while (*p == ' ' || *p == ':' || *p == '\xc2' || *p == '\xa0')
		p++;
	return g_ascii_isdigit(*p) ? (int)g_ascii_strtoll(p, NULL, 10) : 0;
}

/* Rights as a URI when planche knows the words, else the words. */
static char *rights_value(char *words)
{
	if (!words)
		return NULL;
	char *uri = pl_rights_normalise(words, NULL);
	if (uri) {
		g_free(words);
		return uri;
	}
	return words;
}

/* "Bibliothèque nationale de France, département Estampes et photographie,
 * RESERVE FOL-DC-180 (10)": the holder, then the shelfmark after the last comma. */
static void split_source(PlRecord *r, const char *source)
{
	const char *comma = g_strrstr(source, ", ");
	/* "…, département Cartes et plans" names a department, not a shelfmark */
	if (comma && (g_str_has_prefix(comma + 2, "département") || g_str_has_prefix(comma + 2, "Département")))
		comma = NULL;
	if (!comma) {
		set_once(&r->institution, g_strdup(source));
		return;
	}
	set_once(&r->institution, g_strndup(source, (gsize)(comma - source)));
	set_once(&r->shelfmark, clean_text(comma + 2));
}

static char *gallica_credit(const char *institution)
{
	/* BnF's own items carry its mention; partners' items name the partner. */
	if (!institution || g_str_has_prefix(institution, "Bibliothèque nationale de France"))
		return g_strdup(PL_GALLICA_CREDIT);
	return g_strdup_printf("Source gallica.bnf.fr / %s", institution);
}

static const xmlNode *find_element(const xmlNode *node, const char *ns, const char *name)
{
	for (const xmlNode *n = node; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (n->ns && strcmp((const char *)n->ns->href, ns) == 0 &&
		    strcmp((const char *)n->name, name) == 0)
			return n;
		const xmlNode *found = find_element(n->children, ns, name);
		if (found)
			return found;
	}
	return NULL;
}

static char *node_text(const xmlNode *n)
{
	xmlChar *content = xmlNodeGetContent(n);
	char *text = clean_text((const char *)content);
	xmlFree(content);
	return text;
}

static void xml_error(GError **error, const char *what)
{
	const xmlError *e = xmlGetLastError();
	g_autofree char *msg = e && e->message ? g_strstrip(g_strdup(e->message)) : NULL;
	if (msg && e->line > 0)
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s is not well-formed XML (line %d: %s)",
			    what, e->line, msg);
	else
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s is not well-formed XML", what);
	xmlResetLastError();
}

int pl_gallica_oai_parse(const char *body, gsize len, PlRecord **out, GError **error)
{
	*out = NULL;
	if (len > MAX_RECORD) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "the record is too large (%" G_GSIZE_FORMAT " bytes)", len);
		return -1;
	}
	xmlDoc *doc = xmlReadMemory(body, (int)len, "OAIRecord.xml", NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		xml_error(error, "the OAI record");
		return -1;
	}
	int rc = -1;
	g_autofree char *rights_fr = NULL;
	g_autofree char *rights_any = NULL;
	const xmlNode *root = xmlDocGetRootElement(doc);
	const xmlNode *dc = root ? find_element(root, NS_OAI_DC, "dc") : NULL;
	if (!dc) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
			    "not a Gallica OAI record (no oai_dc record in it)");
		goto out;
	}
	PlRecord *r = pl_record_new();
	GPtrArray *types = g_ptr_array_new_with_free_func(g_free);
	for (const xmlNode *n = dc->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || !n->ns ||
		    strcmp((const char *)n->ns->href, NS_DC) != 0)
			continue;
		const char *name = (const char *)n->name;
		char *text = node_text(n);
		if (!text)
			continue;
		xmlChar *lang = xmlNodeGetLang(n);
		gboolean english = lang && (strcmp((char *)lang, "eng") == 0 || strcmp((char *)lang, "en") == 0);
		xmlFree(lang);
		if (strcmp(name, "title") == 0) {
			set_once(&r->title, text);
		} else if (strcmp(name, "creator") == 0) {
			add_unique(r->creators, text);
		} else if (strcmp(name, "date") == 0) {
			set_once(&r->date, text);
		} else if (strcmp(name, "publisher") == 0) {
			set_once(&r->publisher, text);
		} else if (strcmp(name, "description") == 0) {
			/* Gallica's note that the text layer exists says nothing of the item. */
			if (strcmp(text, "Avec mode texte") == 0)
				g_free(text);
			else
				append_line(&r->description, text);
		} else if (strcmp(name, "subject") == 0) {
			add_unique(r->subjects, text);
		} else if (strcmp(name, "type") == 0) {
			if (english)
				g_free(text);
			else
				add_unique(types, text);
		} else if (strcmp(name, "rights") == 0) {
			if (english)
				set_once(&rights_any, text);
			else
				set_once(&rights_fr, text);
		} else if (strcmp(name, "source") == 0) {
			split_source(r, text);
			g_free(text);
		} else if (strcmp(name, "format") == 0) {
			if (!r->views)
				r->views = views_from_format(text);
			g_free(text);
		} else if (strcmp(name, "language") == 0) {
			set_once(&r->language, text);
		} else {
			g_free(text);
		}
	}
	if (types->len) {
		g_ptr_array_add(types, NULL);
		r->type = g_strjoinv("; ", (char **)types->pdata);
	}
	g_ptr_array_unref(types);
	char *rights = rights_fr ? g_steal_pointer(&rights_fr) : g_steal_pointer(&rights_any);
	r->rights = rights_value(rights);
	r->credit = gallica_credit(r->institution);
	*out = r;
	rc = 0;
out:
	xmlFreeDoc(doc);
	return rc;
}

/* ---- HTML fragments ---- */

static void html_text(const xmlNode *node, GString *out)
{
	for (const xmlNode *n = node; n; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			g_string_append(out, (const char *)n->content);
		} else if (n->type == XML_ELEMENT_NODE) {
			const char *name = (const char *)n->name;
			if (strcmp(name, "script") == 0 || strcmp(name, "style") == 0)
				continue;
			html_text(n->children, out);
			/* block ends and line breaks separate words */
			if (strcmp(name, "br") == 0 || strcmp(name, "p") == 0 ||
			    strcmp(name, "div") == 0 || strcmp(name, "li") == 0 ||
			    strcmp(name, "td") == 0 || strcmp(name, "tr") == 0)
				g_string_append_c(out, ' ');
		}
	}
}

char *pl_html_to_text(const char *html)
{
	if (!html || !*html)
		return NULL;
	if (!strpbrk(html, "<&"))
		return clean_text(html);
	g_autofree char *wrapped = g_strdup_printf("<html><body><div>%s</div></body></html>", html);
	htmlDocPtr doc = htmlReadMemory(wrapped, (int)strlen(wrapped), NULL, "UTF-8",
					HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
					HTML_PARSE_RECOVER);
	if (!doc)
		return clean_text(html);
	GString *text = g_string_new(NULL);
	html_text(xmlDocGetRootElement(doc), text);
	xmlFreeDoc(doc);
	xmlResetLastError();
	char *result = clean_text(text->str);
	g_string_free(text, TRUE);
	return result;
}

/* ---- JSON helpers ---- */

static JsonNode *parse_json(const char *body, gsize len, const char *what, JsonParser **parser,
			    GError **error)
{
	if (len > MAX_RECORD) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s is too large (%" G_GSIZE_FORMAT " bytes)",
			    what, len);
		return NULL;
	}
	*parser = json_parser_new();
	g_autoptr(GError) err = NULL;
	if (!json_parser_load_from_data(*parser, body, (gssize)len, &err)) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s is not valid JSON (%s)", what,
			    err->message);
		return NULL;
	}
	JsonNode *root = json_parser_get_root(*parser);
	if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s is not a JSON object", what);
		return NULL;
	}
	return root;
}

static JsonNode *member(JsonObject *o, const char *name)
{
	return o && json_object_has_member(o, name) ? json_object_get_member(o, name) : NULL;
}

static JsonObject *member_object(JsonObject *o, const char *name)
{
	JsonNode *n = member(o, name);
	return n && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

static JsonArray *member_array(JsonObject *o, const char *name)
{
	JsonNode *n = member(o, name);
	return n && JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL;
}

/* A string or number member as text; NULL otherwise. */
static const char *value_string(JsonNode *n, char buf[32])
{
	if (!n || !JSON_NODE_HOLDS_VALUE(n))
		return NULL;
	GType t = json_node_get_value_type(n);
	if (t == G_TYPE_STRING)
		return json_node_get_string(n);
	if (t == G_TYPE_INT64) {
		g_snprintf(buf, 32, "%" G_GINT64_FORMAT, json_node_get_int(n));
		return buf;
	}
	return NULL;
}

static const char *member_string(JsonObject *o, const char *name)
{
	JsonNode *n = member(o, name);
	return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING
		       ? json_node_get_string(n) : NULL;
}

static gint64 member_int(JsonObject *o, const char *name)
{
	JsonNode *n = member(o, name);
	char buf[32];
	const char *s = value_string(n, buf);
	return s ? g_ascii_strtoll(s, NULL, 10) : 0;
}

/* Every string of a value that is a string, a number or an array of them. */
static GPtrArray *strings_of(JsonNode *n)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	char buf[32];
	if (!n)
		return out;
	if (JSON_NODE_HOLDS_ARRAY(n)) {
		JsonArray *a = json_node_get_array(n);
		for (guint i = 0; i < json_array_get_length(a); i++) {
			const char *s = value_string(json_array_get_element(a, i), buf);
			if (s)
				g_ptr_array_add(out, g_strdup(s));
		}
	} else {
		const char *s = value_string(n, buf);
		if (s)
			g_ptr_array_add(out, g_strdup(s));
	}
	return out;
}

/* ---- IIIF ---- */

/* A IIIF text: a string, {"@value": …}, a v3 language map, or an array of
 * those (each element one entry of *list when list is given, else joined). */
static void iiif_texts(JsonNode *n, GPtrArray *list)
{
	if (!n)
		return;
	char buf[32];
	if (JSON_NODE_HOLDS_VALUE(n)) {
		char *t = pl_html_to_text(value_string(n, buf));
		if (t)
			g_ptr_array_add(list, t);
	} else if (JSON_NODE_HOLDS_ARRAY(n)) {
		JsonArray *a = json_node_get_array(n);
		for (guint i = 0; i < json_array_get_length(a); i++)
			iiif_texts(json_array_get_element(a, i), list);
	} else if (JSON_NODE_HOLDS_OBJECT(n)) {
		JsonObject *o = json_node_get_object(n);
		if (json_object_has_member(o, "@value")) {
			iiif_texts(json_object_get_member(o, "@value"), list);
			return;
		}
		/* v3 language map: French first (Gallica), then no language, English, any */
		static const char *const langs[] = {"fr", "none", "en", NULL};
		for (int i = 0; langs[i]; i++)
			if (json_object_has_member(o, langs[i])) {
				iiif_texts(json_object_get_member(o, langs[i]), list);
				return;
			}
		g_autoptr(GList) members = json_object_get_values(o);
		if (members)
			iiif_texts(members->data, list);
	}
}

static char *iiif_text(JsonNode *n)
{
	g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func(g_free);
	iiif_texts(n, list);
	if (!list->len)
		return NULL;
	g_ptr_array_add(list, NULL);
	return g_strjoinv("; ", (char **)list->pdata);
}

static void iiif_metadata(PlRecord *r, JsonArray *metadata)
{
	for (guint i = 0; metadata && i < json_array_get_length(metadata); i++) {
		JsonNode *e = json_array_get_element(metadata, i);
		if (!JSON_NODE_HOLDS_OBJECT(e))
			continue;
		JsonObject *o = json_node_get_object(e);
		g_autofree char *label = iiif_text(member(o, "label"));
		if (!label)
			continue;
		g_autofree char *key = g_utf8_casefold(label, -1);
		JsonNode *value = member(o, "value");
		if (strcmp(key, "creator") == 0 || strcmp(key, "author") == 0 ||
		    strcmp(key, "auteur") == 0 || strcmp(key, "créateur") == 0) {
			g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func(g_free);
			iiif_texts(value, list);
			for (guint k = 0; k < list->len; k++)
				add_unique(r->creators, g_strdup(list->pdata[k]));
		} else if (strcmp(key, "subject") == 0 || strcmp(key, "sujet") == 0) {
			g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func(g_free);
			iiif_texts(value, list);
			for (guint k = 0; k < list->len; k++)
				add_unique(r->subjects, g_strdup(list->pdata[k]));
		} else {
			char *text = iiif_text(value);
			if (strcmp(key, "title") == 0 || strcmp(key, "titre") == 0)
				set_once(&r->title, text);
			else if (strcmp(key, "date") == 0)
				set_once(&r->date, text);
			else if (strcmp(key, "publisher") == 0 || strcmp(key, "éditeur") == 0)
				set_once(&r->publisher, text);
			else if (strcmp(key, "description") == 0)
				set_once(&r->description, text);
			else if (strcmp(key, "type") == 0)
				set_once(&r->type, text);
			else if (strcmp(key, "rights") == 0 || strcmp(key, "droits") == 0 ||
				 strcmp(key, "license") == 0)
				set_once(&r->rights, rights_value(text));
			else if (strcmp(key, "repository") == 0)
				set_once(&r->institution, text);
			else if (strcmp(key, "shelfmark") == 0 || strcmp(key, "cote") == 0)
				set_once(&r->shelfmark, text);
			else if (strcmp(key, "language") == 0 || strcmp(key, "langue") == 0)
				set_once(&r->language, text);
			else if (strcmp(key, "format") == 0 && !r->views) {
				r->views = views_from_format(text);
				g_free(text);
			} else
				g_free(text);
		}
	}
}

static int context_version(JsonNode *ctx)
{
	g_autoptr(GPtrArray) list = strings_of(ctx);
	for (guint i = 0; i < list->len; i++) {
		const char *s = list->pdata[i];
		if (strstr(s, "image-api/1") || strstr(s, "/image/1/"))
			return 1;
		if (strstr(s, "/image/2/"))
			return 2;
		if (strstr(s, "/image/3/"))
			return 3;
	}
	return 0;
}

char *pl_iiif_full_url(const char *service, int version)
{
	g_autofree char *base = g_strdup(service);
	gsize n = strlen(base);
	while (n > 0 && base[n - 1] == '/')
		base[--n] = '\0';
	/* Image API 1 (Gallica's) calls the unaltered image quality "native";
	 * 3 names the largest size "max"; 2 still takes "full". */
	if (version == 1)
		return g_strdup_printf("%s/full/full/0/native.jpg", base);
	if (version == 2)
		return g_strdup_printf("%s/full/full/0/default.jpg", base);
	return g_strdup_printf("%s/full/max/0/default.jpg", base);
}

/* The service of a v2 resource ({…} or [{…}]) or a v3 body ([{…}]). */
static void image_service(JsonNode *n, char **id, int *version)
{
	if (!n)
		return;
	if (JSON_NODE_HOLDS_ARRAY(n)) {
		JsonArray *a = json_node_get_array(n);
		for (guint i = 0; i < json_array_get_length(a) && !*id; i++)
			image_service(json_array_get_element(a, i), id, version);
		return;
	}
	if (!JSON_NODE_HOLDS_OBJECT(n))
		return;
	JsonObject *o = json_node_get_object(n);
	const char *sid = member_string(o, "@id") ? member_string(o, "@id") : member_string(o, "id");
	const char *type = member_string(o, "type") ? member_string(o, "type") : member_string(o, "@type");
	int v = context_version(member(o, "@context"));
	if (!v && type && g_str_has_prefix(type, "ImageService"))
		v = type[strlen("ImageService")] - '0';
	if (!v) {
		const char *profile = member_string(o, "profile");
		if (profile && strstr(profile, "image-api/1"))
			v = 1;
		else if (profile && strstr(profile, "/image/2/"))
			v = 2;
	}
	if (sid && v >= 1 && v <= 3) {
		*id = g_strdup(sid);
		*version = v;
	}
}

/* "…/canvas/f12" → "12" */
static char *canvas_view(const char *id)
{
	const char *slash = id ? strrchr(id, '/') : NULL;
	if (!slash || slash[1] != 'f' || !g_ascii_isdigit(slash[2]))
		return NULL;
	for (const char *p = slash + 2; *p; p++)
		if (!g_ascii_isdigit(*p))
			return NULL;
	return g_strdup(slash + 2);
}

static PlRemoteImage *canvas_image(JsonObject *canvas, guint index)
{
	/* v2: images[0].resource; v3: items[0].items[0].body */
	JsonObject *resource = NULL;
	JsonArray *images = member_array(canvas, "images");
	if (images && json_array_get_length(images) > 0) {
		JsonNode *a = json_array_get_element(images, 0);
		if (JSON_NODE_HOLDS_OBJECT(a))
			resource = member_object(json_node_get_object(a), "resource");
	} else {
		JsonArray *pages = member_array(canvas, "items");
		JsonNode *page = pages && json_array_get_length(pages) ? json_array_get_element(pages, 0) : NULL;
		JsonArray *annos = page && JSON_NODE_HOLDS_OBJECT(page)
			? member_array(json_node_get_object(page), "items") : NULL;
		JsonNode *anno = annos && json_array_get_length(annos) ? json_array_get_element(annos, 0) : NULL;
		if (anno && JSON_NODE_HOLDS_OBJECT(anno))
			resource = member_object(json_node_get_object(anno), "body");
	}
	if (!resource)
		return NULL;
	PlRemoteImage *img = g_new0(PlRemoteImage, 1);
	const char *cid = member_string(canvas, "@id") ? member_string(canvas, "@id") : member_string(canvas, "id");
	img->view = canvas_view(cid);
	if (!img->view)
		img->view = g_strdup_printf("%u", index + 1);
	int version = 0;
	image_service(member(resource, "service"), &img->service, &version);
	const char *rid = member_string(resource, "@id") ? member_string(resource, "@id") : member_string(resource, "id");
	img->url = img->service ? pl_iiif_full_url(img->service, version) : g_strdup(rid);
	img->mime = g_strdup(member_string(resource, "format"));
	img->width = (int)member_int(canvas, "width");
	img->height = (int)member_int(canvas, "height");
	if (!img->url) {
		pl_remote_image_free(img);
		return NULL;
	}
	return img;
}

int pl_iiif_manifest_parse(const char *body, gsize len, PlRecord **out, GPtrArray **images,
			   GError **error)
{
	*out = NULL;
	if (images)
		*images = NULL;
	g_autoptr(JsonParser) parser = NULL;
	JsonNode *root = parse_json(body, len, "the IIIF manifest", &parser, error);
	if (!root)
		return -1;
	JsonObject *m = json_node_get_object(root);
	const char *type = member_string(m, "@type") ? member_string(m, "@type") : member_string(m, "type");
	if (!type || (strcmp(type, "sc:Manifest") != 0 && strcmp(type, "Manifest") != 0)) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "not a IIIF manifest (its type is %s)",
			    type ? type : "missing");
		return -1;
	}
	PlRecord *r = pl_record_new();
	iiif_metadata(r, member_array(m, "metadata"));
	set_once(&r->title, iiif_text(member(m, "label")));
	set_once(&r->description, iiif_text(member(m, "description")));
	set_once(&r->description, iiif_text(member(m, "summary")));
	set_once(&r->credit, iiif_text(member(m, "attribution")));
	JsonObject *required = member_object(m, "requiredStatement");
	if (required)
		set_once(&r->credit, iiif_text(member(required, "value")));
	set_once(&r->rights, g_strdup(member_string(m, "rights")));
	set_once(&r->rights, iiif_text(member(m, "license")));

	GPtrArray *list = g_ptr_array_new_with_free_func((GDestroyNotify)pl_remote_image_free);
	JsonArray *canvases = NULL;
	JsonArray *sequences = member_array(m, "sequences");
	if (sequences && json_array_get_length(sequences)) {
		JsonNode *s = json_array_get_element(sequences, 0);
		if (JSON_NODE_HOLDS_OBJECT(s))
			canvases = member_array(json_node_get_object(s), "canvases");
	} else {
		canvases = member_array(m, "items");
	}
	for (guint i = 0; canvases && i < json_array_get_length(canvases); i++) {
		JsonNode *c = json_array_get_element(canvases, i);
		PlRemoteImage *img = JSON_NODE_HOLDS_OBJECT(c) ? canvas_image(json_node_get_object(c), i) : NULL;
		if (img)
			g_ptr_array_add(list, img);
	}
	if (!r->views)
		r->views = (int)list->len;
	*out = r;
	if (images)
		*images = list;
	else
		g_ptr_array_unref(list);
	return 0;
}

int pl_iiif_info_parse(const char *body, gsize len, const char *service, PlRemoteImage **out,
		       GError **error)
{
	*out = NULL;
	g_autoptr(JsonParser) parser = NULL;
	JsonNode *root = parse_json(body, len, "the IIIF image information (info.json)", &parser, error);
	if (!root)
		return -1;
	JsonObject *o = json_node_get_object(root);
	int version = context_version(member(o, "@context"));
	gint64 w = member_int(o, "width"), h = member_int(o, "height");
	if (!version || w <= 0 || h <= 0) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
			    "not IIIF image information (no Image API context, width or height)");
		return -1;
	}
	const char *id = member_string(o, "@id") ? member_string(o, "@id") : member_string(o, "id");
	PlRemoteImage *img = g_new0(PlRemoteImage, 1);
	img->service = g_strdup(id ? id : service);
	img->width = (int)w;
	img->height = (int)h;
	/* A v2 service that caps its sizes serves the largest it allows as "max". */
	if (version == 2 && (member(o, "maxWidth") || member(o, "maxHeight") || member(o, "maxArea"))) {
		g_autofree char *base = pl_iiif_full_url(img->service, 3);
		img->url = g_steal_pointer(&base);
	} else {
		img->url = pl_iiif_full_url(img->service, version);
	}
	img->mime = g_strdup("image/jpeg");
	*out = img;
	return 0;
}

/* ---- Internet Archive ---- */

/* By the archive's format name: "Item Tile" and derivatives are not originals. */
static gboolean ia_is_image(const char *format)
{
	static const char *const formats[] = {"JPEG", "TIFF", "PNG", "JPEG 2000", "JPEG2000", NULL};
	for (int i = 0; format && formats[i]; i++)
		if (g_ascii_strcasecmp(format, formats[i]) == 0)
			return TRUE;
	return FALSE;
}

static const char *ia_mime(const char *format)
{
	if (!format)
		return NULL;
	if (g_ascii_strcasecmp(format, "JPEG") == 0)
		return "image/jpeg";
	if (g_ascii_strcasecmp(format, "TIFF") == 0)
		return "image/tiff";
	if (g_ascii_strcasecmp(format, "PNG") == 0)
		return "image/png";
	return "image/jp2";
}

static int compare_image_names(gconstpointer a, gconstpointer b)
{
	const PlRemoteImage *x = *(PlRemoteImage *const *)a, *y = *(PlRemoteImage *const *)b;
	return strcmp(x->name, y->name);
}

static char *first_string(JsonNode *n)
{
	g_autoptr(GPtrArray) list = strings_of(n);
	return list->len ? clean_text(list->pdata[0]) : NULL;
}

int pl_ia_metadata_parse(const char *body, gsize len, const char *identifier, PlRecord **out,
			 GPtrArray **images, GError **error)
{
	*out = NULL;
	if (images)
		*images = NULL;
	g_autoptr(JsonParser) parser = NULL;
	JsonNode *root = parse_json(body, len, "the Internet Archive metadata", &parser, error);
	if (!root)
		return -1;
	JsonObject *o = json_node_get_object(root);
	JsonObject *md = member_object(o, "metadata");
	if (json_object_get_size(o) == 0 || (!md && !member(o, "is_dark"))) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "no such item at the Internet Archive");
		return -1;
	}
	if (!md) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
			    "the Internet Archive item is dark (withdrawn from public access)");
		return -1;
	}
	PlRecord *r = pl_record_new();
	r->title = first_string(member(md, "title"));
	g_autoptr(GPtrArray) creators = strings_of(member(md, "creator"));
	for (guint i = 0; i < creators->len; i++)
		add_unique(r->creators, clean_text(creators->pdata[i]));
	r->date = first_string(member(md, "date"));
	r->publisher = first_string(member(md, "publisher"));
	g_autoptr(GPtrArray) descriptions = strings_of(member(md, "description"));
	for (guint i = 0; i < descriptions->len; i++)
		append_line(&r->description, pl_html_to_text(descriptions->pdata[i]));
	/* subject: an array, or one string of "a; b; c" */
	g_autoptr(GPtrArray) subjects = strings_of(member(md, "subject"));
	for (guint i = 0; i < subjects->len; i++) {
		g_auto(GStrv) parts = g_strsplit(subjects->pdata[i], ";", -1);
		for (int k = 0; parts[k]; k++)
			add_unique(r->subjects, clean_text(parts[k]));
	}
	r->type = first_string(member(md, "mediatype"));
	r->language = first_string(member(md, "language"));
	char *license = first_string(member(md, "licenseurl"));
	r->rights = license ? license : rights_value(first_string(member(md, "rights")));
	r->institution = first_string(member(md, "contributor"));
	r->shelfmark = first_string(member(md, "call_number"));
	r->views = (int)member_int(md, "imagecount");
	r->credit = r->institution ? g_strdup_printf("%s, via the Internet Archive", r->institution)
				   : g_strdup("Internet Archive");

	GPtrArray *list = g_ptr_array_new_with_free_func((GDestroyNotify)pl_remote_image_free);
	JsonArray *files = member_array(o, "files");
	for (guint i = 0; files && i < json_array_get_length(files); i++) {
		JsonNode *fn = json_array_get_element(files, i);
		if (!JSON_NODE_HOLDS_OBJECT(fn))
			continue;
		JsonObject *f = json_node_get_object(fn);
		const char *name = member_string(f, "name"), *format = member_string(f, "format");
		if (!name || g_strcmp0(member_string(f, "source"), "original") != 0 ||
		    !ia_is_image(format) || strstr(name, ".."))
			continue;
		PlRemoteImage *img = g_new0(PlRemoteImage, 1);
		img->name = g_strdup(name);
		g_autofree char *escaped = g_uri_escape_string(name, "/", FALSE);
		img->url = g_strdup_printf("https://archive.org/download/%s/%s", identifier, escaped);
		img->mime = g_strdup(ia_mime(format));
		img->sha1 = g_strdup(member_string(f, "sha1"));
		img->size = member_int(f, "size");
		img->width = (int)member_int(f, "width");
		img->height = (int)member_int(f, "height");
		g_ptr_array_add(list, img);
	}
	g_ptr_array_sort(list, compare_image_names);
	for (guint i = 0; i < list->len; i++)
		((PlRemoteImage *)list->pdata[i])->view = g_strdup_printf("%u", i + 1);
	*out = r;
	if (images)
		*images = list;
	else
		g_ptr_array_unref(list);
	return 0;
}

/* ---- Wikimedia Commons ---- */

static char *ext_value(JsonObject *ext, const char *name)
{
	JsonObject *o = member_object(ext, name);
	char buf[32];
	const char *v = o ? value_string(member(o, "value"), buf) : NULL;
	return v ? pl_html_to_text(v) : NULL;
}

int pl_commons_parse(const char *body, gsize len, PlRecord **out, PlRemoteImage **image,
		     GError **error)
{
	*out = NULL;
	if (image)
		*image = NULL;
	g_autoptr(JsonParser) parser = NULL;
	JsonNode *root = parse_json(body, len, "the Wikimedia Commons answer", &parser, error);
	if (!root)
		return -1;
	JsonObject *o = json_node_get_object(root);
	JsonObject *err = member_object(o, "error");
	if (err) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "Wikimedia Commons refused the query: %s",
			    member_string(err, "info") ? member_string(err, "info") : "no reason given");
		return -1;
	}
	JsonNode *pages = member(member_object(o, "query"), "pages");
	JsonNode *page = NULL;
	if (pages && JSON_NODE_HOLDS_ARRAY(pages) && json_array_get_length(json_node_get_array(pages)))
		page = json_array_get_element(json_node_get_array(pages), 0); /* formatversion=2 */
	else if (pages && JSON_NODE_HOLDS_OBJECT(pages)) {
		g_autoptr(GList) values = json_object_get_values(json_node_get_object(pages));
		page = values ? values->data : NULL;
	}
	if (!page || !JSON_NODE_HOLDS_OBJECT(page)) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "not a Wikimedia Commons imageinfo answer (no page)");
		return -1;
	}
	JsonObject *p = json_node_get_object(page);
	if (member(p, "missing") || member(p, "invalid")) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "no such file on Wikimedia Commons");
		return -1;
	}
	JsonArray *infos = member_array(p, "imageinfo");
	JsonNode *in = infos && json_array_get_length(infos) ? json_array_get_element(infos, 0) : NULL;
	if (!in || !JSON_NODE_HOLDS_OBJECT(in)) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "the Wikimedia Commons answer has no imageinfo");
		return -1;
	}
	JsonObject *info = json_node_get_object(in);
	JsonObject *ext = member_object(info, "extmetadata");
	PlRecord *r = pl_record_new();
	r->title = ext_value(ext, "ObjectName");
	add_unique(r->creators, ext_value(ext, "Artist"));
	r->date = ext_value(ext, "DateTimeOriginal");
	r->description = ext_value(ext, "ImageDescription");
	r->credit = ext_value(ext, "Credit");
	r->rights = ext_value(ext, "LicenseUrl");
	if (!r->rights)
		r->rights = rights_value(ext_value(ext, "LicenseShortName"));
	if (image) {
		PlRemoteImage *img = g_new0(PlRemoteImage, 1);
		img->url = g_strdup(member_string(info, "url"));
		img->mime = g_strdup(member_string(info, "mime"));
		img->sha1 = g_strdup(member_string(info, "sha1"));
		img->size = member_int(info, "size");
		img->width = (int)member_int(info, "width");
		img->height = (int)member_int(info, "height");
		const char *title = member_string(p, "title");
		if (title && g_str_has_prefix(title, "File:"))
			img->name = g_strdup(title + 5);
		if (!img->url) {
			pl_remote_image_free(img);
			pl_record_free(r);
			g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
				    "the Wikimedia Commons answer names no file URL");
			return -1;
		}
		*image = img;
	}
	*out = r;
	return 0;
}

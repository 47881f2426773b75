/* JSON: a small writer for measurements, and JsonBuilder members of text, made valid UTF-8 first (json-glib takes only
 * valid UTF-8, and names and metadata can hold anything) and without the
 * characters XML cannot carry (pl_xml_text), as every writer does. */
#ifndef PLANCHE_UTIL_JSON_H
#define PLANCHE_UTIL_JSON_H

#include <json-glib/json-glib.h>

/* "name": "value", or "name": null when value is NULL. */
void pl_json_member_str(JsonBuilder *b, const char *name, const char *value);
/* "name": "value", always a string: NULL gives "". */
void pl_json_member_text(JsonBuilder *b, const char *name, const char *value);

/* A small JSON writer for measurements: numbers come out short ("0.35",
 * not "0.34999999999999998"). Keys only inside objects. */
typedef struct {
	GString *s;
	int depth;
	gboolean first[16];
} PlJson;
void pl_json_init(PlJson *j); /* opens the top-level object */
char *pl_json_finish(PlJson *j); /* closes it; returns the text */
void pl_json_key(PlJson *j, const char *key);
void pl_json_int(PlJson *j, gint64 v);
void pl_json_num(PlJson *j, double v);
void pl_json_str(PlJson *j, const char *v);
void pl_json_begin_array(PlJson *j);
void pl_json_end_array(PlJson *j);

#endif

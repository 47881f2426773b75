/* JsonBuilder members of text, made valid UTF-8 first (json-glib takes only
 * valid UTF-8, and names and metadata can hold anything). */
#ifndef PLANCHE_UTIL_JSON_H
#define PLANCHE_UTIL_JSON_H

#include <json-glib/json-glib.h>

/* "name": "value", or "name": null when value is NULL. */
void pl_json_member_str(JsonBuilder *b, const char *name, const char *value);
/* "name": "value", always a string: NULL gives "". */
void pl_json_member_text(JsonBuilder *b, const char *name, const char *value);

#endif

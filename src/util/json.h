/* JSON: the project's one JSON writer. json-glib only reads JSON (records,
 * state files, measurements); everything planche writes as JSON goes
 * through PlJson, so every file and page escapes text the same way.
 *
 * Text is made valid UTF-8 and loses the characters XML cannot carry
 * (pl_xml_text), as every writer does; '<', '>', '&', U+2028 and U+2029
 * come out as \u escapes, so the JSON is also safe inside an HTML <script>
 * and as JavaScript source (pl_json_keep_markup keeps the first three for
 * JSON people read). Numbers never follow the locale. Containers nest to
 * any depth. tests/lint/json-writer.sh fails when src/ writes JSON another
 * way. */
#ifndef PLANCHE_UTIL_JSON_H
#define PLANCHE_UTIL_JSON_H

#include <json-glib/json-glib.h>
#include <stdio.h>

typedef struct {
	GString *s;        /* the text not taken yet */
	int depth;         /* containers open */
	gboolean first;    /* nothing written yet in the innermost container */
	gboolean after_key; /* a key was written: its value needs no separator */
	GString *closers;  /* '}' or ']' for each container open, innermost last */
	int indent;        /* 0: compact; else spaces per level (json-glib's layout) */
	gboolean keep_markup; /* '<', '>', '&' written as they are (pl_json_keep_markup) */
} PlJson;

/* Opens a compact document and its top-level object (the measurements'). */
void pl_json_init(PlJson *j);
/* An empty document: the caller writes one value (object, array, string…).
 * indent 0 is compact, N lays it out with N spaces per level. */
void pl_json_start(PlJson *j, int indent);
/* For JSON people read (show, query, a bag's record): '<', '>' and '&' as
 * they are, not as \u escapes. Not for JSON that may go into a page. */
void pl_json_keep_markup(PlJson *j);
/* Closes every container still open; returns the text not taken yet
 * (newly allocated) and frees the writer. */
char *pl_json_finish(PlJson *j);
/* Frees the writer and whatever it holds, on an error path. */
void pl_json_clear(PlJson *j);
/* The text written since the last take (newly allocated), emptied from the
 * writer, which carries on where it was: a long array can be streamed. */
char *pl_json_take(PlJson *j);
/* The same, written to f: 0, or -1 when f reports an error. */
int pl_json_flush(PlJson *j, FILE *f);

/* Keys only inside objects; each key is followed by exactly one value. */
void pl_json_key(PlJson *j, const char *key);
void pl_json_int(PlJson *j, gint64 v);
/* Short, for measurements: "0.35", not "0.34999999999999998"; 6 digits,
 * non-finite as 0, no "-0". */
void pl_json_num(PlJson *j, double v);
/* Exact: the shortest text that reads back as the same double; null when
 * not finite. */
void pl_json_double(PlJson *j, double v);
/* A string; NULL gives "". */
void pl_json_str(PlJson *j, const char *v);
/* A string; NULL gives null. */
void pl_json_str_or_null(PlJson *j, const char *v);
void pl_json_bool(PlJson *j, gboolean v);
void pl_json_null(PlJson *j);
void pl_json_begin_array(PlJson *j);
void pl_json_end_array(PlJson *j);
void pl_json_begin_object(PlJson *j);
void pl_json_end_object(PlJson *j);
/* A value read by json-glib, written again (NULL gives null). */
void pl_json_node(PlJson *j, JsonNode *node);
/* JSON text stored earlier (a region, a step's measurements), parsed and
 * written again: null when NULL or not JSON, so the output stays JSON. */
void pl_json_parsed(PlJson *j, const char *text);

/* "key": value, for the common members. */
void pl_json_key_str(PlJson *j, const char *key, const char *v);  /* NULL: null */
void pl_json_key_text(PlJson *j, const char *key, const char *v); /* NULL: "" */
void pl_json_key_int(PlJson *j, const char *key, gint64 v);
void pl_json_key_double(PlJson *j, const char *key, double v);
void pl_json_key_bool(PlJson *j, const char *key, gboolean v);

#endif

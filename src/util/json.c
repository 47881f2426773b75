#include "util/json.h"

#include <math.h>

#include "util/util.h"

void pl_json_member_str(JsonBuilder *b, const char *name, const char *value)
{
	json_builder_set_member_name(b, name);
	if (!value) {
		json_builder_add_null_value(b);
		return;
	}
	g_autofree char *valid = pl_xml_text(value);
	json_builder_add_string_value(b, valid);
}

void pl_json_member_text(JsonBuilder *b, const char *name, const char *value)
{
	pl_json_member_str(b, name, value ? value : "");
}

static void json_sep(PlJson *j)
{
	if (!j->first[j->depth])
		g_string_append_c(j->s, ',');
	j->first[j->depth] = FALSE;
}

void pl_json_init(PlJson *j)
{
	j->s = g_string_new("{");
	j->depth = 0;
	j->first[0] = TRUE;
}

char *pl_json_finish(PlJson *j)
{
	g_string_append_c(j->s, '}');
	return g_string_free(j->s, FALSE);
}

void pl_json_key(PlJson *j, const char *key)
{
	json_sep(j);
	pl_json_append_string(j->s, key);
	g_string_append_c(j->s, ':');
	/* The value that follows needs no separator. */
	j->first[j->depth] = TRUE;
}

void pl_json_int(PlJson *j, gint64 v)
{
	json_sep(j);
	g_string_append_printf(j->s, "%" G_GINT64_FORMAT, v);
	j->first[j->depth] = FALSE;
}

void pl_json_num(PlJson *j, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	json_sep(j);
	if (!isfinite(v))
		v = 0;
	if (fabs(v) < 5e-7)
		v = 0; /* no "-0" */
	g_string_append(j->s, g_ascii_formatd(buf, sizeof(buf), "%.6g", v));
	j->first[j->depth] = FALSE;
}

void pl_json_str(PlJson *j, const char *v)
{
	json_sep(j);
	pl_json_append_string(j->s, v);
	j->first[j->depth] = FALSE;
}

void pl_json_begin_array(PlJson *j)
{
	json_sep(j);
	g_string_append_c(j->s, '[');
	if (j->depth < 15)
		j->depth++;
	j->first[j->depth] = TRUE;
}

void pl_json_end_array(PlJson *j)
{
	g_string_append_c(j->s, ']');
	if (j->depth > 0)
		j->depth--;
	j->first[j->depth] = FALSE;
}

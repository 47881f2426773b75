#include "util/json.h"

#include "util/util.h"

void pl_json_member_str(JsonBuilder *b, const char *name, const char *value)
{
	json_builder_set_member_name(b, name);
	if (!value) {
		json_builder_add_null_value(b);
		return;
	}
	g_autofree char *valid = pl_utf8_sanitize(value);
	json_builder_add_string_value(b, valid);
}

void pl_json_member_text(JsonBuilder *b, const char *name, const char *value)
{
	pl_json_member_str(b, name, value ? value : "");
}

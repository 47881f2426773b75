#include "provenance/names.h"

GStrv
pl_creators_split(const char *text)
{
	g_autoptr(GStrvBuilder) b = g_strv_builder_new();

	if (text) {
		g_auto(GStrv) parts = g_strsplit(text, ";", -1);
		for (int i = 0; parts[i]; i++) {
			char *p = g_strstrip(parts[i]);
			gboolean seen = FALSE;
			if (!*p)
				continue;
			/* "Daumier; Daumier" is one creator */
			for (int k = 0; k < i && !seen; k++)
				seen = g_strcmp0(parts[k], p) == 0;
			if (!seen)
				g_strv_builder_add(b, p);
		}
	}
	return g_strv_builder_end(b);
}

/* Creators written several to a field. */
#include <glib.h>

#include "provenance/names.h"

static void
check(const char *text, const char *want)
{
	g_auto(GStrv) parts = pl_creators_split(text);
	g_autofree char *joined = g_strjoinv("|", parts);
	g_test_message("%s", text ? text : "(null)");
	g_assert_cmpstr(joined, ==, want);
}

static void
test_split(void)
{
	check("Mark Twain; E. W. Kemble (ill.)", "Mark Twain|E. W. Kemble (ill.)");
	check("Daumier, Honoré", "Daumier, Honoré");
	check("  Gavarni  ", "Gavarni");
	check("Daumier;;  ; Gavarni;", "Daumier|Gavarni");
	check("Daumier; Daumier", "Daumier");
	check("", "");
	check(" ; ", "");
	check(NULL, "");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/names/creators-split", test_split);
	return g_test_run();
}

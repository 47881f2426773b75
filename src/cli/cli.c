#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "util/util.h"

int cli_error(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	fprintf(stderr, "planche: %s\n", msg);
	return code;
}

/* The bytes that are not UTF-8 written as \xNN, the rest as a terminal may
 * show it. */
static char *shown_bytes(const char *text)
{
	GString *s = g_string_new(NULL);
	for (const char *p = text; *p;) {
		gunichar c = g_utf8_get_char_validated(p, -1);
		if (c == (gunichar)-1 || c == (gunichar)-2) {
			g_string_append_printf(s, "\\x%02x", (unsigned char)*p);
			p++;
		} else {
			g_string_append_unichar(s, c);
			p = g_utf8_next_char(p);
		}
	}
	g_autofree char *raw = g_string_free(s, FALSE);
	return pl_terminal_escape(raw, FALSE);
}

int cli_check_utf8(const char *what, const char *text)
{
	if (g_utf8_validate(text, -1, NULL))
		return 0;
	g_autofree char *shown = shown_bytes(text);
	return cli_error(2, "%s: '%s' is not UTF-8 text (planche reads its arguments as UTF-8, "
			 "whatever the locale)", what, shown);
}

/* GOption refuses a string option that is not UTF-8 with a bare "Invalid
 * byte sequence in conversion input": name the option instead. A value is
 * either in "--name=VALUE" or the argument after "--name" or "-n". */
static int name_bad_option(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (g_utf8_validate(a, -1, NULL))
			continue;
		if (a[0] == '-' && strchr(a, '=')) {
			g_autofree char *name = g_strndup(a, (gsize)(strchr(a, '=') - a));
			if (g_utf8_validate(name, -1, NULL))
				return cli_check_utf8(name, strchr(a, '=') + 1);
		} else if (i > 1 && argv[i - 1][0] == '-' && !strchr(argv[i - 1], '=') &&
			   g_utf8_validate(argv[i - 1], -1, NULL)) {
			return cli_check_utf8(argv[i - 1], a);
		}
		g_autofree char *what = g_strdup_printf("argument %d", i);
		return cli_check_utf8(what, a);
	}
	return 0;
}

int cli_parse(GOptionContext *ctx, int *argc, char ***argv)
{
	g_autoptr(GError) error = NULL;
	/* The arguments as given, for naming a bad one: GOption removes
	 * what it parsed. */
	g_autofree char **given = g_memdup2(*argv, sizeof(char *) * (gsize)(*argc + 1));
	int n = *argc;
	if (!g_option_context_parse(ctx, argc, argv, &error)) {
		if (error->domain == G_CONVERT_ERROR) {
			int rc = name_bad_option(n, given);
			if (rc)
				return rc;
		}
		fprintf(stderr, "planche: %s\n", error->message);
		g_autofree char *help = g_option_context_get_help(ctx, TRUE, NULL);
		fputs(help, stderr);
		return 2;
	}
	return 0;
}

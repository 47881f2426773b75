/* planche: clean old scans and publish them with their provenance. */
#include <errno.h>
#include <glib.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <vips/vips.h>

#include "cli/cmd.h"
#include "collection/catalog.h"

typedef struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
	gboolean needs_vips; /* starting libvips costs a tenth of a second: only when used */
} Command;

static const Command commands[] = {
	{"init", cmd_init, "make a collection (catalogue, settings, folders) here", FALSE},
	{"add", cmd_add, "register originals and their provenance", TRUE},
	{"show", cmd_show, "print the whole record of an image", FALSE},
	{"query", cmd_query, "search the catalogue", FALSE},
	{"set", cmd_set, "edit an image's metadata or choices", FALSE},
	{"pipelines", cmd_pipelines, "list the cleaning pipelines", TRUE},
	{"clean", cmd_clean, "turn originals into cleaned masters", TRUE},
	{"build", cmd_build, "write the static gallery (site/), only what changed", TRUE},
	{"serve", cmd_serve, "preview the gallery on 127.0.0.1", FALSE},
	{"review", cmd_review, "check doubtful results and correct them in a browser", TRUE},
	{"run", cmd_run, "init if needed, add, clean and build: the one command", TRUE},
	{"import", cmd_import, "update metadata in bulk from a sheet", FALSE},
	{"export", cmd_export, "the catalogue as CSV, JSON, Dublin Core, or a BagIt bag", FALSE},
	{"verify", cmd_verify, "check originals and masters against their checksums", FALSE},
	{"rm", cmd_rm, "forget images (files kept unless asked)", FALSE},
	{"fetch", cmd_fetch, "fill empty fields from the archives' records (goes online)", FALSE},
	{"get", cmd_get, "download originals from the archives and add them (goes online)", TRUE},
};

static void print_usage(FILE *out)
{
	fprintf(out, "usage: planche [-C DIR] COMMAND [OPTIONS]\n"
		     "       planche COMMAND --help\n\ncommands:\n");
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "  %-10s %s\n", "help", "this list, or help on a command");
}

static const Command *find_command(const char *name)
{
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* planche behaves the same whatever the locale (issue #12): its text is
 * UTF-8 and its numbers have a dot, while messages, dates and the like may
 * follow the user's settings.
 *
 * - LC_NUMERIC is "C": printf's "%g", strtod and sscanf, in planche and in
 *   the libraries it calls, then read and write "0.5", never "0,5". The
 *   catalogue, JSON, CSV, pipelines, overrides, pages and what is printed
 *   are the same in fr_FR as in C, and no call needs to remember g_ascii_*.
 * - LC_CTYPE is UTF-8, C.UTF-8 when the locale's charset is anything else
 *   (as under "C" or an empty environment; glibc 2.35 and later always have
 *   C.UTF-8): GOption converts string options from that charset and
 *   g_print/g_printerr convert to it, so under "C" (ASCII) "Gravé" was
 *   refused and "é" printed as '?'. Now GOption only checks that options
 *   are UTF-8, and text goes out as it is stored. CHARSET would make GLib
 *   take another charset than the locale's: it is dropped.
 *
 * This is done once, before any thread: setlocale is process-wide and not
 * thread-safe. Nothing later sets these categories again: libvips 8.14,
 * GLib, libsoup, json-glib, libexif and sqlite only read the locale (an
 * LD_PRELOAD log of every setlocale call through tests/e2e/t35-locales.sh
 * showed none but these and gallery/i18n.c's, which changes LC_MESSAGES
 * alone; vips' ImageMagick loader, which planche does not use, sets none
 * either). Messages and LC_COLLATE stay the user's: what planche writes
 * does not depend on them (exif.c, gallery/text.c). */
static void set_locale(void)
{
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0 && !setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "C.utf8");
	g_unsetenv("CHARSET");
}

int main(int argc, char **argv)
{
	set_locale();
	int i = 1;
	while (i < argc && argv[i][0] == '-') {
		const char *a = argv[i];
		if (strcmp(a, "-C") == 0 && i + 1 < argc) {
			if (chdir(argv[i + 1]) != 0)
				return cli_error(1, "%s: cannot enter folder: %s", argv[i + 1],
						 g_strerror(errno));
			i += 2;
		} else if (strcmp(a, "--version") == 0) {
			printf("planche %s\n", PLANCHE_VERSION);
			return 0;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			print_usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "planche: unknown option '%s'\n", a);
			print_usage(stderr);
			return 2;
		}
	}
	if (i >= argc) {
		print_usage(stderr);
		return 2;
	}
	const char *name = argv[i];
	if (strcmp(name, "help") == 0) {
		if (i + 1 < argc) {
			const Command *c = find_command(argv[i + 1]);
			if (!c)
				return cli_error(2, "no command '%s'; see 'planche help'", argv[i + 1]);
			char *sub[] = {(char *)c->name, "--help", NULL};
			return c->fn(2, sub);
		}
		print_usage(stdout);
		return 0;
	}
	const Command *c = find_command(name);
	if (!c) {
		fprintf(stderr, "planche: '%s' is not a planche command\n", name);
		print_usage(stderr);
		return 2;
	}
	/* libvips' per-tile warnings repeat what the error we report says. */
	g_setenv("VIPS_WARNING", "0", FALSE);
	if (c->needs_vips && VIPS_INIT(argv[0]))
		return cli_error(1, "cannot start libvips: %s", vips_error_buffer());
	/* No operation cache: planche never runs the same operation twice, and
	 * the cached ones kept their inputs alive, the preview at every step
	 * (20 MB of an 85 MP scan's peak). */
	if (c->needs_vips)
		vips_cache_set_max(0);
	int rc = c->fn(argc - i, argv + i);
	if (c->needs_vips)
		vips_shutdown();
	/* A damaged catalogue met on the way (a loop that stopped early) fails
	 * the command, with a message saying what to do, even if it went on. */
	g_autofree char *damage = catalog_damage_unreported();
	if (damage) {
		fprintf(stderr, "planche: %s\n", damage);
		if (rc == 0)
			rc = 1;
	}
	return rc;
}

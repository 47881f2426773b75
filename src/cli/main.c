/* planche: clean old scans and publish them with their provenance. */
#include <errno.h>
#include <glib.h>
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

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
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

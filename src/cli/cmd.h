/* The subcommands: one file each, src/cli/cmd_NAME.c, listed in main.c's table.
 * Each returns the process exit status: 0 done, 1 something failed, 2 usage. */
#ifndef PLANCHE_CMD_H
#define PLANCHE_CMD_H

#include <glib.h>

#include "collection/add.h"
#include "collection/clean.h"
#include "collection/ingest.h"

int cmd_init(int argc, char **argv);
int cmd_add(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_set(int argc, char **argv);
int cmd_clean(int argc, char **argv);
int cmd_pipelines(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_review(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_rm(int argc, char **argv);
int cmd_fetch(int argc, char **argv);
int cmd_get(int argc, char **argv);

/* The work of add, clean and build once their options are parsed, on an open
 * collection: run calls them in turn. Each prints what it did and returns
 * the exit status. */
/* opts->report: NULL prints each file's line on stdout. */
int cli_add(Collection *c, const AddOptions *opts);
/* ids: NULL for every pending image. */
int cli_clean(Collection *c, GArray *ids, CleanOptions *opts);
/* out: NULL for site/ in the collection; force: write into a folder holding
 * files planche did not write. */
int cli_build(Collection *c, const char *out, int jobs, gboolean quiet, gboolean force);

/* Prints "planche: MESSAGE" on stderr and returns code, so that a command can
 * `return cli_error(1, "...")`. */
int cli_error(int code, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Parses options with GOption; prints the error and usage on failure.
 * Returns 0, or 2 for a usage error (an option's value that is not UTF-8
 * is named, without the usage). */
int cli_parse(GOptionContext *ctx, int *argc, char ***argv);
/* Arguments are UTF-8 text whatever the locale: 0 when text is, else prints
 * "planche: WHAT: 'Grav\xe9' is not UTF-8 text ..." and returns 2. */
int cli_check_utf8(const char *what, const char *text);

#endif

/* The subcommands: one file each, src/cmd_NAME.c, listed in main.c's table.
 * Each returns the process exit status: 0 done, 1 something failed, 2 usage. */
#ifndef PLANCHE_CMD_H
#define PLANCHE_CMD_H

#include <glib.h>

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

/* Prints "planche: MESSAGE" on stderr and returns code, so that a command can
 * `return cli_error(1, "...")`. */
int cli_error(int code, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Parses options with GOption; prints the error and usage on failure.
 * Returns 0, or 2 for a usage error. */
int cli_parse(GOptionContext *ctx, int *argc, char ***argv);

#endif

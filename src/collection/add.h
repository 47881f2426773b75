/* Registering the files and folders a user names (planche add, run, and a
 * sheet's files): folders walked in name order, symbolic links followed only
 * where they stay inside, each file through ingest_file, a sheet's rows
 * matched to files by path or base name. */
#ifndef PLANCHE_ADD_H
#define PLANCHE_ADD_H

#include "collection/ingest.h"

typedef struct {
	const char *sheet;      /* a metadata sheet, or NULL */
	char **paths;           /* files and folders, NULL-terminated; none: the sheet's files */
	const IngestMeta *meta; /* for the one path given, or NULL */
	/* Each file's line as it is done (problem FALSE), and each problem met
	 * (a file not read, a row naming nothing; problem TRUE) as one line.
	 * NULL for silence; the command layer prints them as it likes. */
	void (*report)(void *data, gboolean problem, const char *line);
	void *report_data;
} AddOptions;

typedef struct {
	int counts[INGEST_SKIPPED + 1]; /* files by outcome */
	int warnings;       /* files whose metadata had a problem (a mistyped ARK) */
	int sheet_problems; /* the sheet unread, rows unread, naming no file or matching none */
} AddSummary;

/* Registers every file named, each in its own transaction; problems with
 * files and rows are reported and counted and the batch goes on. Returns -1
 * only when the catalogue itself failed, which stops the batch. */
int add_files(Collection *c, const AddOptions *opts, AddSummary *summary, GError **error);

#endif

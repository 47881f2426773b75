/* One progress display for a batch: a bar on a terminal, plain lines otherwise. */
#ifndef PLANCHE_PROGRESS_H
#define PLANCHE_PROGRESS_H

#include <glib.h>

typedef struct Progress Progress;

Progress *progress_new(const char *what, int total);
/* Counts one item done and prints its line (kept above the bar on a terminal). */
void progress_item(Progress *p, gboolean failed, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
/* Prints the summary line and frees. */
void progress_free(Progress *p);
double progress_elapsed(const Progress *p);

/* A library batch's report (CleanOptions' begin and item) drawn as a
 * progress display: pass the batch as the data, end it when the call returns. */
typedef struct {
	const char *what;
	Progress *progress;
} ProgressBatch;
void progress_batch_begin(void *batch, int total);
void progress_batch_item(void *batch, gboolean failed, const char *line);
void progress_batch_end(ProgressBatch *batch);

#endif

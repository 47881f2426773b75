#include "cli/progress.h"

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

struct Progress {
	char *what;
	int total, done, failed;
	gint64 start_us;
	gboolean tty;
};

Progress *progress_new(const char *what, int total)
{
	Progress *p = g_new0(Progress, 1);
	p->what = g_strdup(what);
	p->total = total;
	p->start_us = g_get_monotonic_time();
	p->tty = isatty(STDERR_FILENO) && !g_getenv("CI");
	return p;
}

double progress_elapsed(const Progress *p)
{
	return (double)(g_get_monotonic_time() - p->start_us) / 1e6;
}

static void draw_bar(Progress *p)
{
	double t = progress_elapsed(p);
	double rate = t > 0 ? p->done / t : 0;
	int left = p->total - p->done;
	int eta = rate > 0 ? (int)(left / rate + 0.5) : 0;
	/* 30 cells leave room for the counts and the time left on an 80-column
	 * terminal, with a long "what". */
	enum { width = 30 };
	int filled = p->total ? p->done * width / p->total : width;
	char bar[width + 1];
	for (int i = 0; i < width; i++)
		bar[i] = i < filled ? '#' : '.';
	bar[width] = '\0';
	fprintf(stderr, "\r\033[K%s [%s] %d/%d  %.1f img/s  %d:%02d left", p->what, bar, p->done,
		p->total, rate, eta / 60, eta % 60);
	fflush(stderr);
}

void progress_item(Progress *p, gboolean failed, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *line = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	p->done++;
	if (failed)
		p->failed++;
	if (p->tty)
		fprintf(stderr, "\r\033[K");
	if (failed)
		fprintf(stderr, "planche: %s\n", line);
	else
		printf("%s\n", line);
	fflush(stdout);
	if (p->tty)
		draw_bar(p);
}

void progress_free(Progress *p)
{
	if (!p)
		return;
	if (p->tty)
		fprintf(stderr, "\r\033[K");
	double t = progress_elapsed(p);
	printf("%s: %d done, %d failed in %.1f s (%.2f images/s)\n", p->what, p->done - p->failed,
	       p->failed, t, t > 0 ? p->done / t : 0.0);
	g_free(p->what);
	g_free(p);
}

void progress_batch_begin(void *batch, int total)
{
	ProgressBatch *b = batch;
	b->progress = progress_new(b->what, total);
}

void progress_batch_item(void *batch, gboolean failed, const char *line)
{
	ProgressBatch *b = batch;
	progress_item(b->progress, failed, "%s", line);
}

void progress_batch_end(ProgressBatch *batch)
{
	g_clear_pointer(&batch->progress, progress_free);
}

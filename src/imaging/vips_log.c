#include "imaging/vips_log.h"

#include <string.h>
#include <vips/vips.h>

static GMutex lock;
static GString *kept; /* NULL unless between begin and end */
static int n_kept;

/* Decoders run on libvips' worker threads: the log handler is called there. */
static void on_warning(const char *domain, GLogLevelFlags level, const char *message,
		       gpointer data)
{
	(void)data;
	g_mutex_lock(&lock);
	gboolean keeping = kept != NULL;
	if (keeping && message && n_kept < 4) {
		g_autofree char *text = g_strstrip(g_strdup(message));
		/* libvips' own bookkeeping ("error in tile 0 x 440", "read gave 2
		 * warnings") says nothing of the file. */
		gboolean own = g_str_has_prefix(text, "error in tile") ||
			       g_str_has_prefix(text, "read gave ");
		if (*text && !own && !strstr(kept->str, text)) {
			g_string_append_printf(kept, "%s%s", kept->len ? "; " : "", text);
			n_kept++;
		}
	}
	g_mutex_unlock(&lock);
	/* As libvips does without us: VIPS_WARNING set means none printed. */
	if (!keeping && !g_getenv("VIPS_WARNING"))
		g_log_default_handler(domain, level, message, NULL);
}

void pl_vips_log_begin(void)
{
	static gsize installed = 0;
	if (g_once_init_enter(&installed)) {
		g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING, on_warning, NULL);
		g_once_init_leave(&installed, 1);
	}
	vips_error_clear();
	g_mutex_lock(&lock);
	if (kept)
		g_string_truncate(kept, 0);
	else
		kept = g_string_new(NULL);
	n_kept = 0;
	g_mutex_unlock(&lock);
}

char *pl_vips_log_end(void)
{
	g_mutex_lock(&lock);
	char *text = kept && kept->len ? g_strdup(kept->str) : NULL;
	if (kept)
		g_string_free(kept, TRUE);
	kept = NULL;
	g_mutex_unlock(&lock);
	return text;
}

/* planche.conf: a collection's settings (INI, read with GKeyFile). */
#ifndef PLANCHE_CONFIG_H
#define PLANCHE_CONFIG_H

#include <glib.h>

/* planche.conf counts memory in MB, as people and df do (10^6 bytes). */
#define PL_CONFIG_MB ((gint64)1000000)

typedef struct {
	char *title;        /* [site] title */
	char *introduction; /* [site] introduction: a Markdown file, relative to the collection */
	char *base_url;     /* [site] base-url, for the feed and the sitemap; may be empty */
	char *language;     /* [site] language: "fr" or "en" */
	char *author;       /* [site] author */
	gboolean download_originals; /* [site] download-originals */
	int page_size;      /* [site] page-size: images per browse page */
	int *widths;        /* [site] widths: derivative widths, ascending */
	gsize n_widths;
	char *pipeline;     /* [clean] pipeline: the default pipeline */
	char *originals;    /* [archives] originals: where get puts images, relative to the collection */
	double delay;       /* [archives] delay: seconds between two requests to one archive */
	int timeout;        /* [archives] timeout: seconds without an answer before a try is given up */
	char *contact;      /* [archives] contact: put in the User-Agent; may be empty */
	gint64 decode_memory; /* [limits] decode-memory: MB a decoder may hold; 0 = no limit */
} PlConfig;

/* Reads root/planche.conf; a missing file gives the defaults. A malformed
 * one is an error naming the file and line. */
int pl_config_load(const char *root, PlConfig **out, GError **error);
void pl_config_free(PlConfig *cfg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PlConfig, pl_config_free)
/* Writes a commented planche.conf with the defaults (not over an existing one). */
int pl_config_write_default(const char *root, GError **error);

#endif

/* A collection: a folder with planche.db (the catalogue), planche.conf,
 * masters/ and site/. Originals stay where they are. */
#ifndef PLANCHE_COLLECTION_H
#define PLANCHE_COLLECTION_H

#include "collection/catalog.h"

typedef struct {
	char *root;    /* absolute path of the collection folder */
	char *db_path; /* root/planche.db */
	Catalog *cat;
	int lock_fd; /* held while a writing command works; -1 for readers */
	/* Something the library met once that the command should say once at
	 * the end (the disk nearly full for previews), or NULL. */
	char *notice;
	/* What add keeps from one file to the next in a command. */
	gint64 decode_limit;   /* bytes a decoder may hold (planche.conf); -1 until read */
	gint64 previews_bytes; /* the size of .previews/; -1 until counted */
	gboolean previews_off; /* the disk is nearly full: no more previews */
} Collection;

/* Opens the collection in the current folder or the nearest parent that
 * holds planche.db. flags are CATALOG_* flags. A writer (no
 * CATALOG_READONLY) takes the collection's lock, waiting for another planche
 * that holds it; the lock goes with the process, even when it is killed. */
int collection_open(int flags, Collection **out, GError **error);
/* Makes a new collection in dir (planche.db, planche.conf, masters/, site/). */
int collection_init(const char *dir, GError **error);
/* Opens the collection here or above for writing; where there is none,
 * makes one in the current folder (*made TRUE) and opens that. */
int collection_open_or_init(Collection **out, gboolean *made, GError **error);
void collection_close(Collection *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Collection, collection_close)

/* A path as recorded: relative to root when inside it, else absolute. */
char *collection_relpath(const Collection *c, const char *path);
/* The absolute path of a recorded path. */
char *collection_abspath(const Collection *c, const char *recorded);

#endif

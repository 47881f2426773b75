/* What folders hold, read once each with readdir rather than a stat a file:
 * a no-change rebuild of 100,000 images asked the file system about every
 * master, original and derivatives' folder one path at a time (issue 18).
 * Shared between threads. What changes in a folder after it was read is
 * not seen: for questions asked before anything is written. */
#ifndef PLANCHE_LISTING_H
#define PLANCHE_LISTING_H

#include <glib.h>

typedef struct PlListing PlListing;

PlListing *pl_listing_new(void);
void pl_listing_free(PlListing *l);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PlListing, pl_listing_free)

/* As g_file_test(path, test) with G_FILE_TEST_IS_REGULAR or
 * G_FILE_TEST_IS_DIR (links followed), from the listing of path's folder;
 * a link, or a folder that cannot be listed, is asked about directly. */
gboolean pl_listing_test(PlListing *l, const char *path, GFileTest test);

#endif

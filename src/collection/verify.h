/* Fixity (planche verify): every original and current master read again and
 * its SHA-256 compared with the one the catalogue recorded, and the image
 * files in masters/ that no run made. It only reads. */
#ifndef PLANCHE_VERIFY_H
#define PLANCHE_VERIFY_H

#include "collection/collection.h"

typedef struct {
	int ok, changed, missing, unreadable, unrecorded;
	int unchecked; /* failed images without a checksum to check */
} VerifySummary;

/* Checks every file, telling report one line for each that is not as
 * recorded ("missing     PATH (what)", "changed ..."). -1 only when the
 * catalogue could not be read. */
int verify_files(Collection *c, void (*report)(void *data, const char *line), void *data,
		 VerifySummary *summary, GError **error);

#endif

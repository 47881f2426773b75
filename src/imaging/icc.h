/* What an embedded ICC profile calls itself, for the record of a master
 * converted from it. */
#ifndef PLANCHE_ICC_H
#define PLANCHE_ICC_H

#include <glib.h>

/* The profile's description tag ('desc', ICC v2 text or v4 multi-localised,
 * its first record), as valid UTF-8 without control characters; NULL when
 * data is no profile or has no readable description. */
char *pl_icc_description(const guchar *data, size_t len);

#endif

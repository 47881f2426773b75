/* What libvips says while one file is read. Its error buffer is one for the
 * whole process, not a thread's or an operation's: text a decoder left there
 * (libjpeg's warnings go there even when the load succeeds) became the next
 * file's reason. And some decoders give their reason only as a log warning
 * ("IHDR: CRC error"), leaving the buffer empty. Used by add, which reads
 * one file at a time. */
#ifndef PLANCHE_IMAGING_VIPS_LOG_H
#define PLANCHE_IMAGING_VIPS_LOG_H

#include <glib.h>

/* Clears the error buffer and starts keeping libvips' warnings, which are
 * otherwise dropped (or printed, when VIPS_WARNING is unset). */
void pl_vips_log_begin(void);
/* Stops keeping them; returns the distinct ones, at most four, joined by
 * "; " (newly allocated), or NULL when there were none. */
char *pl_vips_log_end(void);

#endif

/* A read-only SQL query the user types (planche query --sql), run on the
 * catalogue as it is. */
#ifndef PLANCHE_QUERY_SQL_H
#define PLANCHE_QUERY_SQL_H

#include "collection/catalog.h"

/* Gives row() the column names, then each row's values (NULL for SQL NULL).
 * A statement that would write is refused before it runs. -1 with SQLite's
 * message (or the refusal). */
int query_sql(Catalog *cat, const char *sql,
	      void (*row)(void *data, const char *const *values, gsize n), void *data,
	      GError **error);

#endif

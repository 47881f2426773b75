/* Identifiers from arbitrary text: no crash, and whatever is accepted reads
 * back from its own canonical URL and value as the same identifier. */
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "provenance/identifier.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_complete(const PlIdentifier *id)
{
	if (!id || !id->scheme || !id->authority || !id->local_id || !id->url || !id->value ||
	    !id->source)
		abort();
}

static void
check_reads_back(const PlIdentifier *id)
{
	g_autoptr(PlIdentifier) by_url = NULL;
	g_autoptr(PlIdentifier) by_value = NULL;

	check_complete(id);
	if (pl_identifier_parse(id->url, &by_url, NULL) != 0 ||
	    pl_identifier_parse(id->value, &by_value, NULL) != 0)
		abort();
	if (strcmp(by_url->value, id->value) != 0 || strcmp(by_url->url, id->url) != 0 ||
	    g_strcmp0(by_url->view, id->view) != 0 || strcmp(by_value->value, id->value) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autofree char *text = g_strndup((const char *)data, size);
	PlIdentifier *id = NULL;
	GError *error = NULL;
	int r;

	/* raw bytes with an explicit length, no NUL */
	(void)pl_noid_check_char((const char *)data, (gssize)size);
	(void)pl_noid_valid(text);

	r = pl_identifier_parse(text, &id, &error);
	if (r == 0) {
		if (error)
			abort();
		check_reads_back(id);
		PlIdentifier *copy = pl_identifier_copy(id);
		check_complete(copy);
		pl_identifier_free(copy);
	} else if (r != -1 || id || !error) {
		abort();
	}
	g_clear_error(&error);
	g_clear_pointer(&id, pl_identifier_free);

	r = pl_identifier_from_path(text, &id, &error);
	if (r == 1) {
		if (error)
			abort();
		check_reads_back(id);
	} else if ((r == 0 && (id || error)) || (r == -1 && (id || !error)) || r < -1 || r > 1) {
		abort();
	}
	g_clear_error(&error);
	pl_identifier_free(id);
	return 0;
}

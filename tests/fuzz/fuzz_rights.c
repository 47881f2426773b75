/* Rights from arbitrary text: no crash, and an accepted statement's URI is a
 * fixed point with a label. */
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "provenance/rights.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autofree char *text = g_strndup((const char *)data, size);
	GError *error = NULL;
	g_autofree char *uri = pl_rights_normalise(text, &error);

	if (!uri) {
		if (!error)
			abort();
		g_error_free(error);
	} else {
		g_autofree char *again = pl_rights_normalise(uri, NULL);
		if (error || !again || strcmp(again, uri) != 0 || !pl_rights_label(uri))
			abort();
	}
	(void)pl_rights_label(text);
	return 0;
}

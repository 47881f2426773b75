/* Dates from arbitrary text: no crash, earliest <= latest, and the EDTF
 * rendering reads back to the same date. */
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "provenance/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autofree char *text = g_strndup((const char *)data, size);
	PlDate d, back;

	if (pl_date_parse(text, &d) == 0) {
		g_autofree char *edtf = pl_date_to_edtf(&d);
		if (d.earliest > d.latest || !edtf)
			abort();
		if (pl_date_parse(edtf, &back) != 0 || back.earliest != d.earliest ||
		    back.latest != d.latest || back.approximate != d.approximate ||
		    back.uncertain != d.uncertain)
			abort();
	}
	/* any struct renders */
	if (size >= sizeof(int) * 2) {
		PlDate any = { 0 };
		memcpy(&any.earliest, data, sizeof(int));
		memcpy(&any.latest, data + sizeof(int), sizeof(int));
		any.approximate = size > 8 && (data[8] & 1);
		any.uncertain = size > 8 && (data[8] & 2);
		g_free(pl_date_to_edtf(&any));
	}
	return 0;
}

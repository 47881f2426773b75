/* Dates as archivists write them: EDTF ("1865", "1865~", "1865?", "186X",
 * "1860/1869", "1865-03-02") and common French and English forms ("vers 1860",
 * "circa 1860", "c. 1860", "18..", "1843-1845", "XIXe siècle", "milieu du XIXe"?).
 * Pure functions. */
#ifndef PLANCHE_DATE_H
#define PLANCHE_DATE_H

#include <glib.h>

typedef struct {
	int earliest;         /* earliest year the text allows */
	int latest;           /* latest year the text allows */
	gboolean approximate; /* "~", "vers", "circa" */
	gboolean uncertain;   /* "?" */
} PlDate;

/* 0 with *out filled, -1 when the text holds no date planche understands.
 * "vers 1860" and "circa 1860" give 1860–1860 marked approximate: the range is
 * what was written, and how wide "about" is belongs to whoever searches.
 * Centuries run 1801–1900 for the XIXe; "début", "milieu" and "fin du" take a
 * third of it (approximate), "moitié" and "quart" a half and a quarter.
 * "1843-45" is 1843–1845, but "1843-05" is May 1843 (EDTF). Brackets of a
 * supplied date ("[1860]") are dropped; "[1860..1869]" is an EDTF set.
 * Open intervals ("1860/..", "avant 1870") have no latest year: -1. */
int pl_date_parse(const char *text, PlDate *out);
/* An EDTF rendering of the parsed range ("1865~", "186X", "1801/1900");
 * newly allocated. pl_date_parse reads it back to the same PlDate. */
char *pl_date_to_edtf(const PlDate *date);

#endif

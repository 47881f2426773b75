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
	gboolean open_start;  /* "../1870", "avant 1870": earliest is PL_DATE_OPEN_START */
	gboolean open_end;    /* "1850/..", "après 1850": latest is PL_DATE_OPEN_END */
} PlDate;

/* The years an open interval's missing end stands for: an item "after 1850"
 * is found by any search from 1850 on, and sorts by its known year. */
#define PL_DATE_OPEN_START (-9999)
#define PL_DATE_OPEN_END 9999
/* How far "vers", "c.", "ca.", "circa", "um", "~" and "%" widen a date, on
 * each side, in years. */
#define PL_DATE_APPROX_YEARS 5

/* 0 with *out filled, 1 for a statement that there is no date ("s.d.",
 * "n.d.", "o. J.", "sans date": *out zeroed), -1 when the text holds no date
 * planche understands.
 * "vers 1860", "c. 1860", "ca. 1860", "circa 1860", "um 1860", "1860~" and
 * "1860%" are widened by PL_DATE_APPROX_YEARS on each side (1855–1865),
 * marked approximate; "vers 1843-1845" widens both ends.
 * Centuries are filed as people file them: the XIXe is 1800–1899; "début",
 * "milieu" and "fin du" take a third of it (approximate, not widened),
 * "moitié" and "quart" a half and a quarter.
 * EDTF levels 0 and 1 read as the specification means: "1843-05" is May 1843,
 * "2001-21" to "2001-24" the seasons of 2001 (so write "1821-1824" for a
 * range, not "1821-24"), "1985-04-XX", "Y170000002", "-1985", times, open and
 * unknown ends ("1985/..", "../1985", "1985/", "/1985"). Also "1843-45" and
 * "1843-5" (1843–1845), "1860 ou 1861", "avant 1870" and "après 1850" (the year
 * itself included: it may be meant), French Republican years ("an VIII" is
 * 1799–1800). Brackets of a supplied date ("[1860]") are dropped;
 * "[1860..1869]" is an EDTF set. */
int pl_date_parse(const char *text, PlDate *out);
/* An EDTF rendering of the parsed range ("1865~", "186X", "1801/1900");
 * newly allocated. pl_date_parse reads it back to the same PlDate. */
char *pl_date_to_edtf(const PlDate *date);

#endif

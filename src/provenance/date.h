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

/* 0 with *out filled, -1 when the text holds no date planche understands. */
int pl_date_parse(const char *text, PlDate *out);
/* An EDTF rendering of the parsed range ("1865~", "1860/1869"); newly allocated. */
char *pl_date_to_edtf(const PlDate *date);

#endif

/* Straight edges on a preview: the first ink met from each side, and a
 * robust line through those points. Used by deskew (the plate's frame rule
 * or the page's edge gives the skew) and trim (crop to the frame). */
#ifndef PLANCHE_EDGES_H
#define PLANCHE_EDGES_H

#include <glib.h>

enum { PL_EDGE_TOP, PL_EDGE_BOTTOM, PL_EDGE_LEFT, PL_EDGE_RIGHT };

typedef struct {
	double angle;    /* of the line, degrees counter-clockwise, as seen */
	double offset;   /* where it crosses the middle of the side, in pixels from that side */
	double inliers;  /* fraction of the side's samples on the line */
	double coverage; /* fraction of the line that is dark, behind what hides it too */
	int n;           /* samples */
} PlEdge;

/* Finds the straight line formed by the first pixels darker than thr met
 * from side, searching angles within +-range degrees; samples nearer than
 * skip pixels to the side are ignored (remains of a border). Returns FALSE
 * when no line is found. */
gboolean pl_edge_find(const guchar *lum, int w, int h, int thr, int side, double range, int skip,
		      PlEdge *edge);

#endif

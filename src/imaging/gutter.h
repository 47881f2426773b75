/* A book's gutter seen from one side of a page: the fold where the page
 * meets the binding, with a strip of the facing page or leaf beyond it. */
#ifndef PLANCHE_IMAGING_GUTTER_H
#define PLANCHE_IMAGING_GUTTER_H

/* med: for each position from a side inward (n of them), the median
 * luminance of the lines along the side there; paper: the page's paper;
 * level: darker is ink; reach: how far in the fold may lie. The gutter is a
 * dark core (the fold, darker than ink on most lines) that does not touch
 * the side, with lighter paper (the facing leaf) beyond it and a soft shade
 * rising from it towards the page -- a printed rule is sharp on both sides.
 * Returns the position where the page's side of the core ends (what lies
 * before it is cut), or -1; *lit gets where the shade has risen back to the
 * paper, the page's own edge when no print lies in the shade. */
int pl_gutter_find(const int *med, int n, int paper, int level, int reach, int *lit);

#endif

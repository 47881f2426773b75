/* Blocks of near-black background inside the picture: what a cut-out
 * sheet's bites and cut corners show of the bed it lies on, once the border
 * step has cut the bed along the sides. They are no print: trim must not
 * take them for content, nor deskew line its profile up on their straight
 * sides. */
#ifndef PLANCHE_IMAGING_BED_H
#define PLANCHE_IMAGING_BED_H

#include <glib.h>

#include "imaging/ink.h"

/* Marks in mask (w * h, 1 = block) the regions darker than dark joined to
 * the image's sides that are a block of background and not a bed along a
 * whole side nor print: solid (most pixels deep inside the region), lying
 * on lighter paper (at least light where the region ends inside the
 * picture), and meeting each side along less than half of it. Grown by
 * a few pixels, so their soft edges go too. Returns how many blocks. */
int pl_bed_blocks(const guchar *lum, int w, int h, int dark, int light, guchar *mask);

/* What trim and deskew do with them: the blocks (darker than half the
 * paper, clamped to 40..110; lying on paper lighter than ink's level) are
 * painted with the paper's level in lum, and ink measured again without
 * their darkness (pl_ink_measure with distance). Returns how many blocks;
 * none leaves lum and ink as they were. */
int pl_bed_erase(guchar *lum, int w, int h, int distance, PlInk *ink);

#endif

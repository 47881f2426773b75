/* Which way a page's text lines run, from projection profiles of its ink:
 * lines of text leave blank rows between them and no blank column across
 * them, and lowercase letters reach up (b d f h k l t) more often than down
 * (g j p q y), so a line's ink lies more above its x-height band than below.
 * And from its letters: letter-sized blobs of ink whose neighbours sit close
 * beside them along a line, which an engraving's hatching or a facing page's
 * strip of small print do not outvote as they do the profiles. */
#ifndef PLANCHE_IMAGING_TEXT_ORIENTATION_H
#define PLANCHE_IMAGING_TEXT_ORIENTATION_H

#include <glib.h>

typedef struct {
	/* For lines running across (h) and down (v): the share of blank lines
	 * between the first and last ink of each tile's profile, and how many
	 * lines of text the profiles hold. */
	double gaps_h, gaps_v;
	int lines_h, lines_v;
	/* (above - below) / (above + below) of the lines' ink around their
	 * x-height band: positive when the letters' tops point up (h) or left
	 * (v). */
	double asym_h, asym_v;
	/* Letters: how many have a close neighbour of their size along a line
	 * across (h) or down (v), how many belong to chains of such letters,
	 * and those chains' ink asymmetry as asym_h, asym_v. */
	int links_h, links_v;
	int chained_h, chained_v;
	double letters_asym_h, letters_asym_v;
	int turn;          /* clockwise quarter turns that make the text upright: 0..3 */
	double confidence; /* that the lines run the way turn says, 0..1; 0: no text */
	double direction;  /* that they read forwards, not backwards, 0..1 */
} PlTextOrientation;

/* Measures the text orientation of a luminance buffer; level: darker is ink. */
void pl_text_orientation(const guchar *lum, int w, int h, int level, PlTextOrientation *t);

#endif

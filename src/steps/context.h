/* What a step may ask of the run (step.h's accessors), laid out for the
 * runner that fills it: steps read it only through the accessors. */
#ifndef PLANCHE_STEPS_CONTEXT_H
#define PLANCHE_STEPS_CONTEXT_H

#include "steps/step.h"

struct PlStepContext {
	PlCorrections corrections;
	PlAffine to_orig;   /* current full-res pixels -> original's */
	PlAffine from_orig; /* its inverse */
	double scale;
	int orientation;
	char *profile; /* the original's ICC description, or NULL */
};

#endif

/* What the parser builds and the runner walks; private to src/pipeline and
 * the tests. */
#ifndef PLANCHE_PIPELINE_PRIVATE_H
#define PLANCHE_PIPELINE_PRIVATE_H

#include "pipeline/pipeline.h"
#include "steps/step.h"

struct PlPipeline {
	char *name;
	char *description;
	char *hash;
	char *filename;
	GPtrArray *steps; /* of PlStepConfig*, the last one an output step */
};

guint pl_pipeline_n_steps(const PlPipeline *p);
const PlStepConfig *pl_pipeline_step(const PlPipeline *p, guint i);

/* Parses one option value for klass's option i into *v ("" error on failure:
 * returns FALSE with a message in *why, newly allocated). */
gboolean pl_option_parse(const PlOption *opt, const char *text, PlOptValue *v, char **why);
void pl_step_config_free(PlStepConfig *cfg);
/* The step's options as a JSON object (every option, defaults included). */
char *pl_step_config_to_json(const PlStepConfig *cfg);

#endif

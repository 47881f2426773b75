/* Fuzz target: the pipeline parser must reject or accept any bytes without
 * crashing, and what it accepts must describe itself consistently. */
#include <stdint.h>
#include <string.h>

#include "pipeline/pipeline-private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = g_strndup((const char *)data, size);
	GError *error = NULL;
	PlPipeline *p = pl_pipeline_parse("fuzz", text, "fuzz.pipeline", &error);
	if (p) {
		guint n = pl_pipeline_n_steps(p);
		g_assert(n >= 1);
		g_assert(pl_pipeline_step(p, n - 1)->klass->save != NULL);
		g_assert(pl_pipeline_description(p) != NULL);
		g_assert(pl_pipeline_extension(p) != NULL);
		for (guint i = 0; i < n; i++)
			g_free(pl_step_config_to_json(pl_pipeline_step(p, i)));
		pl_pipeline_free(p);
	} else {
		g_assert(error != NULL);
		g_assert(g_str_has_prefix(error->message, "fuzz.pipeline:"));
		g_assert(g_utf8_validate(error->message, -1, NULL));
		g_error_free(error);
	}
	g_free(text);
	return 0;
}

#include <stdio.h>

#include "cmd.h"
#include "collection.h"
#include "pipeline/pipeline.h"

int cmd_pipelines(int argc, char **argv)
{
	g_autoptr(GOptionContext) ctx = g_option_context_new("- list the cleaning pipelines");
	g_option_context_set_summary(ctx,
		"Lists the shipped pipelines and the collection's own (its pipelines/ folder,\n"
		"where a file NAME.pipeline overrides the shipped one of that name).");
	int rc = cli_parse(ctx, &argc, &argv);
	if (rc)
		return rc;
	if (argc > 1)
		return cli_error(2, "pipelines takes no arguments");
	g_autoptr(Collection) c = NULL;
	/* Outside a collection, the shipped ones are still worth listing. */
	collection_open(CATALOG_READONLY, &c, NULL);
	g_autoptr(GPtrArray) list = pl_pipeline_list(c ? c->root : NULL);
	int status = 0;
	for (guint i = 0; i < list->len; i++) {
		const PlPipelineInfo *info = list->pdata[i];
		printf("%-12s %-10s %s\n", info->name, info->origin,
		       info->description ? info->description : "");
		/* A broken collection pipeline is worth knowing about now, not mid-batch. */
		g_autoptr(GError) error = NULL;
		g_autoptr(PlPipeline) p = pl_pipeline_load(c ? c->root : NULL, info->name, &error);
		if (!p)
			status = cli_error(1, "%s", error->message);
	}
	return status;
}

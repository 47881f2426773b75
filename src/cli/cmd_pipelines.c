#include <stdio.h>

#include "cli/cmd.h"
#include "collection/collection.h"
#include "pipeline/pipeline.h"
#include "steps/step.h"

/* What a pipeline line may say: every step, its options, their defaults. */
static void print_steps(void)
{
	static const char *const kinds[] = { "true|false", "integer", "number", NULL, "text" };
	for (int i = 0; pl_steps[i]; i++) {
		const PlStepClass *k = pl_steps[i];
		printf("%s%-10s %s\n", i ? "\n" : "", k->name, k->summary);
		for (const PlOption *o = k->options; o && o->name; o++) {
			g_autofree char *kind = o->type == PL_OPT_ENUM
							? g_strjoinv("|", (char **)o->choices)
							: g_strdup(kinds[o->type]);
			g_autofree char *setting = g_strdup_printf("%s=%s", o->name, o->def);
			printf("  %-22s %s (%s)\n", setting, o->help, kind);
		}
	}
}

int cmd_pipelines(int argc, char **argv)
{
	g_autoptr(GOptionContext) ctx = g_option_context_new("- list the cleaning pipelines");
	g_option_context_set_summary(ctx,
		"Lists the shipped pipelines and the collection's own (its pipelines/ folder,\n"
		"where a file NAME.pipeline overrides the shipped one of that name).");
	gboolean steps = FALSE;
	const GOptionEntry entries[] = {
		{ "steps", 0, 0, G_OPTION_ARG_NONE, &steps,
		  "List the steps a pipeline line can name, their options and defaults", NULL },
		{ NULL },
	};
	g_option_context_add_main_entries(ctx, entries, NULL);
	int rc = cli_parse(ctx, &argc, &argv);
	if (rc)
		return rc;
	if (argc > 1)
		return cli_error(2, "pipelines takes no arguments");
	if (steps) {
		print_steps();
		return 0;
	}
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

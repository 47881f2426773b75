/* The pipeline parser: one step per line, "step key=value ...", values may be
 * quoted, '#' starts a comment, the first comment line is the description. */
#include "pipeline/pipeline-private.h"

#include <math.h>
#include <string.h>

#include "util/json.h"
#include "util/util.h"

guint pl_pipeline_n_steps(const PlPipeline *p)
{
	return p->steps->len;
}

const PlStepConfig *pl_pipeline_step(const PlPipeline *p, guint i)
{
	return g_ptr_array_index(p->steps, i);
}

const char *pl_pipeline_name(const PlPipeline *p)
{
	return p->name;
}

const char *pl_pipeline_description(const PlPipeline *p)
{
	return p->description;
}

const char *pl_pipeline_hash(const PlPipeline *p)
{
	return p->hash;
}

const char *pl_pipeline_extension(const PlPipeline *p)
{
	const PlStepConfig *last = pl_pipeline_step(p, p->steps->len - 1);
	return last->klass->extension(last);
}

void pl_step_config_free(PlStepConfig *cfg)
{
	if (!cfg)
		return;
	for (int i = 0; i < PL_MAX_OPTIONS; i++)
		g_free(cfg->v[i].s);
	g_free(cfg);
}

void pl_pipeline_free(PlPipeline *p)
{
	if (!p)
		return;
	g_free(p->name);
	g_free(p->description);
	g_free(p->hash);
	g_free(p->filename);
	if (p->steps)
		g_ptr_array_unref(p->steps);
	g_free(p);
}

static gboolean parse_bool(const char *s, double *out)
{
	static const char *const yes[] = { "true", "yes", "on", "1", NULL };
	static const char *const no[] = { "false", "no", "off", "0", NULL };
	for (int i = 0; yes[i]; i++)
		if (g_ascii_strcasecmp(s, yes[i]) == 0)
			return *out = 1, TRUE;
	for (int i = 0; no[i]; i++)
		if (g_ascii_strcasecmp(s, no[i]) == 0)
			return *out = 0, TRUE;
	return FALSE;
}

gboolean pl_option_parse(const PlOption *opt, const char *text, PlOptValue *v, char **why)
{
	char *end = NULL;
	double d;
	switch (opt->type) {
	case PL_OPT_BOOL:
		if (!parse_bool(text, &v->d)) {
			*why = g_strdup("expected true or false");
			return FALSE;
		}
		return TRUE;
	case PL_OPT_INT:
	case PL_OPT_DOUBLE:
		if (!*text) {
			*why = g_strdup("expected a number");
			return FALSE;
		}
		d = g_ascii_strtod(text, &end);
		if (*end || !isfinite(d) || (opt->type == PL_OPT_INT && d != floor(d))) {
			*why = g_strdup(opt->type == PL_OPT_INT ? "expected a whole number"
					: strchr(text, ',') ? "expected a number, with a dot for decimals (0.5)"
							    : "expected a number");
			return FALSE;
		}
		if (d < opt->min || d > opt->max) {
			*why = g_strdup_printf("must be between %g and %g", opt->min, opt->max);
			return FALSE;
		}
		v->d = d;
		return TRUE;
	case PL_OPT_ENUM:
		for (int i = 0; opt->choices[i]; i++)
			if (strcmp(opt->choices[i], text) == 0) {
				v->e = i;
				return TRUE;
			}
		{
			g_autofree char *list = g_strjoinv(", ", (char **)opt->choices);
			*why = g_strdup_printf("expected one of %s", list);
		}
		return FALSE;
	case PL_OPT_STRING:
		g_free(v->s);
		v->s = g_strdup(text);
		return TRUE;
	}
	*why = g_strdup("bad option type");
	return FALSE;
}

char *pl_step_config_to_json(const PlStepConfig *cfg)
{
	PlJson j;
	pl_json_init(&j);
	const PlOption *opts = cfg->klass->options;
	for (int i = 0; opts && opts[i].name; i++) {
		const PlOptValue *v = &cfg->v[i];
		pl_json_key(&j, opts[i].name);
		switch (opts[i].type) {
		case PL_OPT_BOOL: pl_json_bool(&j, v->d != 0); break;
		case PL_OPT_INT: pl_json_int(&j, (gint64)v->d); break;
		case PL_OPT_DOUBLE: pl_json_double(&j, v->d); break;
		case PL_OPT_ENUM: pl_json_str(&j, opts[i].choices[v->e]); break;
		case PL_OPT_STRING: pl_json_str(&j, v->s); break;
		}
	}
	return pl_json_finish(&j);
}

/* A config with every option at its default. */
static PlStepConfig *step_config_new(const PlStepClass *klass, int line)
{
	PlStepConfig *cfg = g_new0(PlStepConfig, 1);
	cfg->klass = klass;
	cfg->line = line;
	for (int i = 0; klass->options && klass->options[i].name; i++) {
		g_autofree char *why = NULL;
		g_assert(i < PL_MAX_OPTIONS);
		if (!pl_option_parse(&klass->options[i], klass->options[i].def, &cfg->v[i], &why))
			g_error("step %s: bad default for %s: %s", klass->name,
				klass->options[i].name, why);
	}
	return cfg;
}

/* Splits a line into words: bare words end at blanks; quotes ("..." or '...')
 * may appear anywhere in a word, with backslash escapes inside double quotes;
 * an unquoted '#' at a word's start begins a comment. */
static GPtrArray *split_words(const char *line, char **why)
{
	GPtrArray *words = g_ptr_array_new_with_free_func(g_free);
	const char *p = line;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '#')
			break;
		GString *w = g_string_new(NULL);
		while (*p && *p != ' ' && *p != '\t') {
			if (*p == '"' || *p == '\'') {
				char q = *p++;
				while (*p && *p != q) {
					if (q == '"' && *p == '\\' && p[1])
						p++;
					g_string_append_c(w, *p++);
				}
				if (!*p) {
					g_string_free(w, TRUE);
					g_ptr_array_unref(words);
					*why = g_strdup_printf("unterminated %c quote", q);
					return NULL;
				}
				p++;
			} else {
				g_string_append_c(w, *p++);
			}
		}
		g_ptr_array_add(words, g_string_free(w, FALSE));
	}
	return words;
}

static char *known_options(const PlStepClass *klass)
{
	GString *s = g_string_new(NULL);
	for (int i = 0; klass->options && klass->options[i].name; i++)
		g_string_append_printf(s, "%s%s", i ? ", " : "", klass->options[i].name);
	if (!s->len)
		g_string_append(s, "none");
	return g_string_free(s, FALSE);
}

static char *known_steps(void)
{
	GString *s = g_string_new(NULL);
	for (int i = 0; pl_steps[i]; i++)
		g_string_append_printf(s, "%s%s", i ? ", " : "", pl_steps[i]->name);
	return g_string_free(s, FALSE);
}

/* Parses one step line into *out; returns FALSE with *why. */
static gboolean parse_step(GPtrArray *words, int lineno, PlStepConfig **out, char **why)
{
	const char *name = g_ptr_array_index(words, 0);
	const PlStepClass *klass = pl_step_lookup(name);
	if (!klass) {
		g_autofree char *list = known_steps();
		*why = g_strdup_printf("unknown step '%s' (known: %s)", name, list);
		return FALSE;
	}
	PlStepConfig *cfg = step_config_new(klass, lineno);
	gboolean seen[PL_MAX_OPTIONS] = { FALSE };
	for (guint i = 1; i < words->len; i++) {
		const char *word = g_ptr_array_index(words, i);
		const char *eq = strchr(word, '=');
		if (!eq || eq == word) {
			*why = g_strdup_printf("'%s': expected key=value", word);
			goto fail;
		}
		g_autofree char *key = g_strndup(word, eq - word);
		int k = pl_step_option_index(klass, key);
		if (k < 0) {
			g_autofree char *list = known_options(klass);
			*why = g_strdup_printf("step '%s' has no option '%s' (known: %s)",
					       klass->name, key, list);
			goto fail;
		}
		if (seen[k]) {
			*why = g_strdup_printf("option '%s' given twice", key);
			goto fail;
		}
		seen[k] = TRUE;
		g_autofree char *detail = NULL;
		if (!pl_option_parse(&klass->options[k], eq + 1, &cfg->v[k], &detail)) {
			*why = g_strdup_printf("bad value '%s' for %s.%s: %s", eq + 1, klass->name,
					       key, detail);
			goto fail;
		}
	}
	*out = cfg;
	return TRUE;
fail:
	pl_step_config_free(cfg);
	return FALSE;
}

PlPipeline *pl_pipeline_parse(const char *name, const char *text, const char *filename,
			      GError **error)
{
	PlPipeline *p = g_new0(PlPipeline, 1);
	g_auto(GStrv) lines = NULL;
	gboolean has_output = FALSE;
	p->name = g_strdup(name ? name : "pipeline");
	p->filename = g_strdup(filename ? filename : p->name);
	p->hash = pl_sha256_data(text ? text : "", text ? strlen(text) : 0);
	p->steps = g_ptr_array_new_with_free_func((GDestroyNotify)pl_step_config_free);
	if (text && pl_utf8_check_text(text, -1, p->filename, error)) {
		pl_pipeline_free(p);
		return NULL;
	}
	lines = g_strsplit(text ? text : "", "\n", -1);
	for (int i = 0; lines[i]; i++) {
		int lineno = i + 1;
		char *line = lines[i];
		g_autofree char *why = NULL;
		g_autoptr(GPtrArray) words = NULL;
		PlStepConfig *cfg = NULL;
		g_strstrip(line);
		if (line[0] == '#') {
			if (!p->description) {
				g_autofree char *d = pl_utf8_sanitize(line + 1);
				p->description = g_strdup(g_strstrip(d));
			}
			continue;
		}
		if (!(words = split_words(line, &why)))
			goto bad;
		if (words->len == 0)
			continue;
		if (has_output) {
			why = g_strdup("nothing may follow the output step");
			goto bad;
		}
		if (!parse_step(words, lineno, &cfg, &why))
			goto bad;
		g_ptr_array_add(p->steps, cfg);
		has_output = cfg->klass->save != NULL;
		continue;
bad:
		{
			g_autofree char *msg = pl_utf8_sanitize(why);
			g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s:%d: %s", p->filename, lineno,
				    msg);
		}
		pl_pipeline_free(p);
		return NULL;
	}
	if (!has_output)
		g_ptr_array_add(p->steps, step_config_new(pl_step_default_output(), 0));
	if (!p->description)
		p->description = g_strdup("");
	return p;
}

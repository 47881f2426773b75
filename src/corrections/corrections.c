/* The rules of the per-image corrections: one reader, one set of bounds,
 * one canonical text and one message each, shared by 'planche set', the
 * review site, the runner and the steps, so that what one accepts the
 * others apply. */
#include "corrections/corrections.h"

#include <math.h>
#include <string.h>

#include "util/util.h"

const char *const pl_correction_keys[] = { "crop", "angle", "rotate", "levels", "skip",
					       "reviewed", NULL };

gboolean pl_correction_is_key(const char *key)
{
	return key && g_strv_contains(pl_correction_keys, key);
}

/* The value as a message quotes it: control characters escaped (it may come
 * from a terminal or a form), and not a screenful. */
static char *shown(const char *value)
{
	g_autofree char *esc = pl_terminal_escape(value ? value : "", FALSE);
	if (g_utf8_strlen(esc, -1) <= 60)
		return g_steal_pointer(&esc);
	g_autofree char *cut = g_utf8_substring(esc, 0, 60);
	return g_strconcat(cut, "…", NULL);
}

/* One number, and only that: [+-]digits[.digits] or [+-].digits. No
 * exponent, hex, "inf" or "nan", and the decimals after a dot: a comma
 * separates numbers here, whatever the locale. */
static gboolean read_number(const char *s, gsize len, double *v)
{
	char buf[40];
	gsize i = 0;
	gboolean digits = FALSE, dot = FALSE;
	if (len == 0 || len >= sizeof buf)
		return FALSE;
	if (s[0] == '+' || s[0] == '-')
		i++;
	for (; i < len; i++) {
		if (g_ascii_isdigit(s[i]))
			digits = TRUE;
		else if (s[i] == '.' && !dot)
			dot = TRUE;
		else
			return FALSE;
	}
	if (!digits)
		return FALSE;
	memcpy(buf, s, len);
	buf[len] = '\0';
	char *end;
	*v = g_ascii_strtod(buf, &end);
	return *end == '\0' && isfinite(*v);
}

/* Exactly n comma-separated numbers, spaces allowed around each. */
static gboolean read_numbers(const char *value, double *v, int n)
{
	const char *p = value;
	if (!value)
		return FALSE;
	for (int i = 0; i < n; i++) {
		const char *comma = strchr(p, ',');
		if ((i + 1 < n) != (comma != NULL))
			return FALSE;
		const char *a = p, *b = comma ? comma : p + strlen(p);
		while (a < b && g_ascii_isspace(*a))
			a++;
		while (b > a && g_ascii_isspace(b[-1]))
			b--;
		if (!read_number(a, (gsize)(b - a), &v[i]))
			return FALSE;
		if (comma)
			p = comma + 1;
	}
	return TRUE;
}

static int refuse(GError **error, const char *rule, const char *value)
{
	g_autofree char *v = shown(value);
	g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "%s, not '%s'", rule, v);
	return -1;
}

int pl_correction_parse_crop(const char *value, double box[4], GError **error)
{
	double v[4];
	if (read_numbers(value, v, 4) && v[0] >= 0 && v[1] >= 0 && v[2] >= 1 && v[3] >= 1 &&
	    v[0] + v[2] <= PL_CROP_MAX && v[1] + v[3] <= PL_CROP_MAX) {
		memcpy(box, v, sizeof v);
		return 0;
	}
	return refuse(error,
		      "crop is X,Y,W,H in the original's pixels, X and Y from 0, W and H from 1, "
		      "with a dot for decimals (crop=120,80,2400,3100)",
		      value);
}

int pl_correction_parse_angle(const char *value, double *degrees, GError **error)
{
	double v;
	if (read_numbers(value, &v, 1) && fabs(v) <= PL_ANGLE_MAX) {
		*degrees = v == 0 ? 0 : v; /* no -0 */
		return 0;
	}
	return refuse(error,
		      "angle is degrees between -45 and 45, counter-clockwise, with a dot for "
		      "decimals (angle=-0.8)",
		      value);
}

int pl_correction_parse_rotate(const char *value, int *turns, GError **error)
{
	static const char *const degrees[] = { "0", "90", "180", "270" };
	g_autofree char *v = g_strstrip(g_strdup(value ? value : ""));
	for (int q = 0; q < 4; q++)
		if (strcmp(v, degrees[q]) == 0) {
			*turns = q;
			return 0;
		}
	return refuse(error,
		      "rotate is 0, 90, 180 or 270, degrees clockwise after the EXIF orientation "
		      "(rotate=90; rotate=0 keeps the page unturned)",
		      value);
}

int pl_correction_parse_levels(const char *value, double levels[2], GError **error)
{
	double v[2];
	if (read_numbers(value, v, 2) && v[0] >= 0 && v[0] < v[1] && v[1] <= 255) {
		levels[0] = v[0] == 0 ? 0 : v[0];
		levels[1] = v[1];
		return 0;
	}
	return refuse(error,
		      "levels is BLACK,WHITE, the luminance levels made black and white, with "
		      "0 <= BLACK < WHITE <= 255 and a dot for decimals (levels=2.5,97.5)",
		      value);
}

static gboolean step_word(const char *s)
{
	if (!g_ascii_islower(*s))
		return FALSE;
	for (; *s; s++)
		if (!g_ascii_islower(*s) && !g_ascii_isdigit(*s) && *s != '-' && *s != '_')
			return FALSE;
	return TRUE;
}

int pl_correction_parse_skip(const char *value, const char *const *steps, char ***names,
			     GError **error)
{
	g_auto(GStrv) parts = g_strsplit(value ? value : "", ",", -1);
	g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func(g_free);
	gboolean ok = parts[0] != NULL;
	for (int i = 0; ok && parts[i]; i++) {
		const char *name = g_strstrip(parts[i]);
		ok = step_word(name) && (!steps || g_strv_contains(steps, name));
		gboolean seen = FALSE;
		for (guint k = 0; k < out->len; k++)
			seen = seen || strcmp(out->pdata[k], name) == 0;
		if (ok && !seen)
			g_ptr_array_add(out, g_strdup(name));
	}
	if (ok) {
		if (names) {
			g_ptr_array_add(out, NULL);
			*names = (char **)g_ptr_array_free(g_steal_pointer(&out), FALSE);
		}
		return 0;
	}
	if (!steps)
		return refuse(error, "skip is a list of steps such as deskew,trim", value);
	g_autofree char *list = g_strjoinv(", ", (char **)steps);
	g_autofree char *rule =
		g_strdup_printf("skip is a list of steps among %s (skip=deskew,trim)", list);
	return refuse(error, rule, value);
}

int pl_correction_parse_reviewed(const char *value, gboolean *yes, GError **error)
{
	g_autofree char *v = g_strstrip(g_strdup(value ? value : ""));
	if (strcmp(v, "yes") == 0 || strcmp(v, "no") == 0) {
		*yes = v[0] == 'y';
		return 0;
	}
	return refuse(error, "reviewed is yes or no", value);
}

int pl_correction_check_pipeline(const char *name, GError **error)
{
	gboolean ok = name && *name && name[0] != '.' && strlen(name) <= 200;
	for (const char *p = name; ok && *p; p++)
		ok = g_ascii_isalnum(*p) || *p == '-' || *p == '_' || *p == '.';
	if (ok)
		return 0;
	return refuse(error,
		      "pipeline is a name of letters, digits, '-', '_' and '.' (pipeline=engraving)",
		      name);
}

int pl_correction_check_crop_fits(const double box[4], int width, int height, GError **error)
{
	if (width <= 0 || height <= 0 ||
	    (box[0] + box[2] <= width + 1 && box[1] + box[3] <= height + 1))
		return 0; /* an unknown size is for clean to find */
	g_autoptr(GString) text = g_string_new(NULL);
	for (int i = 0; i < 4; i++) {
		if (i)
			g_string_append_c(text, ',');
		pl_correction_append_number(text, box[i]);
	}
	g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
		    "crop %s goes outside the original (%d × %d pixels)", text->str, width, height);
	return -1;
}

void pl_correction_append_number(GString *out, double v)
{
	char buf[64], fmt[8];
	if (v == 0 || !isfinite(v))
		v = 0;
	for (int prec = 0; prec <= 17; prec++) {
		g_snprintf(fmt, sizeof fmt, "%%.%df", prec);
		g_ascii_formatd(buf, sizeof buf, fmt, v);
		if (g_ascii_strtod(buf, NULL) == v)
			break;
	}
	g_string_append(out, buf);
}

static char *numbers_text(const double *v, int n)
{
	GString *s = g_string_new(NULL);
	for (int i = 0; i < n; i++) {
		if (i)
			g_string_append_c(s, ',');
		pl_correction_append_number(s, v[i]);
	}
	return g_string_free(s, FALSE);
}

char *pl_correction_normalize(const char *key, const char *value, const char *const *steps,
			      GError **error)
{
	double v[4];
	gboolean yes = FALSE;
	if (!g_strcmp0(key, "crop"))
		return pl_correction_parse_crop(value, v, error) ? NULL : numbers_text(v, 4);
	if (!g_strcmp0(key, "angle"))
		return pl_correction_parse_angle(value, v, error) ? NULL : numbers_text(v, 1);
	if (!g_strcmp0(key, "rotate")) {
		int q = 0;
		return pl_correction_parse_rotate(value, &q, error) ? NULL
								    : g_strdup_printf("%d", q * 90);
	}
	if (!g_strcmp0(key, "levels"))
		return pl_correction_parse_levels(value, v, error) ? NULL : numbers_text(v, 2);
	if (!g_strcmp0(key, "skip")) {
		g_auto(GStrv) names = NULL;
		if (pl_correction_parse_skip(value, steps, &names, error))
			return NULL;
		return g_strjoinv(",", names);
	}
	if (!g_strcmp0(key, "reviewed"))
		return pl_correction_parse_reviewed(value, &yes, error) ? NULL
									 : g_strdup(yes ? "yes" : "no");
	if (!g_strcmp0(key, "pipeline")) {
		g_autofree char *name = g_strstrip(g_strdup(value ? value : ""));
		return pl_correction_check_pipeline(name, error) ? NULL : g_steal_pointer(&name);
	}
	g_autofree char *k = shown(key);
	g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "no correction named '%s'", k);
	return NULL;
}

char *pl_correction_for_image(const char *key, const char *value, const char *const *steps,
			      int width, int height, GError **error)
{
	g_autofree char *text = pl_correction_normalize(key, value, steps, error);
	double box[4];
	if (text && !g_strcmp0(key, "crop") &&
	    (pl_correction_parse_crop(text, box, error) ||
	     pl_correction_check_crop_fits(box, width, height, error)))
		return NULL;
	return g_steal_pointer(&text);
}

void pl_corrections_clear(PlCorrections *c)
{
	g_strfreev(c->skip);
	memset(c, 0, sizeof *c);
}

int pl_corrections_read(GHashTable *table, PlCorrections *out, GError **error)
{
	const char *v;
	memset(out, 0, sizeof *out);
	if (!table)
		return 0;
	if ((v = g_hash_table_lookup(table, "crop"))) {
		if (pl_correction_parse_crop(v, out->crop, error))
			goto fail;
		out->has_crop = TRUE;
	}
	if ((v = g_hash_table_lookup(table, "angle"))) {
		if (pl_correction_parse_angle(v, &out->angle, error))
			goto fail;
		out->has_angle = TRUE;
	}
	if ((v = g_hash_table_lookup(table, "rotate"))) {
		if (pl_correction_parse_rotate(v, &out->rotate, error))
			goto fail;
		out->has_rotate = TRUE;
	}
	if ((v = g_hash_table_lookup(table, "levels"))) {
		if (pl_correction_parse_levels(v, out->levels, error))
			goto fail;
		out->has_levels = TRUE;
	}
	if ((v = g_hash_table_lookup(table, "skip")) &&
	    pl_correction_parse_skip(v, NULL, &out->skip, error))
		goto fail;
	if ((v = g_hash_table_lookup(table, "reviewed")) &&
	    pl_correction_parse_reviewed(v, &out->reviewed, error))
		goto fail;
	return 0;
fail:
	pl_corrections_clear(out);
	return -1;
}

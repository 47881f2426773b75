/* RFC 4180 reading, forgiving where spreadsheets differ from the RFC (LF or
 * lone CR line ends, a BOM, blank lines) and strict where guessing would
 * silently corrupt metadata (stray quotes, bad UTF-8). */
#include "provenance/csv.h"

#include <string.h>

#include "util/util.h"

struct PlCsv {
	char *data;
	gsize len;
	gsize pos;
	int line; /* line of data[pos] */
	char sep;
};

struct PlSheet {
	PlCsv *csv;
	GPtrArray *names;  /* as written */
	GPtrArray *folded; /* for pl_sheet_column */
};

PlCsv *
pl_csv_new(const char *data, gssize len)
{
	PlCsv *csv = g_new0(PlCsv, 1);
	gsize n = data ? (len < 0 ? strlen(data) : (gsize)len) : 0;

	csv->data = g_malloc(n + 1);
	if (n)
		memcpy(csv->data, data, n);
	csv->data[n] = '\0';
	csv->len = n;
	if (n >= 3 && memcmp(csv->data, "\xEF\xBB\xBF", 3) == 0)
		csv->pos = 3;
	csv->line = 1;
	csv->sep = ',';
	return csv;
}

void
pl_csv_free(PlCsv *csv)
{
	if (!csv)
		return;
	g_free(csv->data);
	g_free(csv);
}

void
pl_csv_set_separator(PlCsv *csv, char sep)
{
	g_return_if_fail(sep != '"' && sep != '\r' && sep != '\n' && sep != '\0');
	csv->sep = sep;
}

static gboolean
at_eol(const PlCsv *csv, gsize i)
{
	return i < csv->len && (csv->data[i] == '\n' || csv->data[i] == '\r');
}

/* Steps over one CRLF, LF or lone CR (old Mac exports) at i. */
static gsize
skip_eol(PlCsv *csv, gsize i)
{
	if (i < csv->len && csv->data[i] == '\r') {
		i++;
		if (i < csv->len && csv->data[i] == '\n')
			i++;
		csv->line++;
	} else if (i < csv->len && csv->data[i] == '\n') {
		i++;
		csv->line++;
	}
	return i;
}

/* After an error, reading starts again at the next physical line. */
static void
resync(PlCsv *csv, gsize from, int line)
{
	while (from < csv->len && !at_eol(csv, from))
		from++;
	csv->line = line;
	csv->pos = skip_eol(csv, from);
}

/* Lines holding nothing but spaces or tabs are not records: spreadsheets
 * leave them at the end of exports. */
static gboolean
skip_blank_line(PlCsv *csv)
{
	gsize i = csv->pos;

	while (i < csv->len && (csv->data[i] == ' ' || csv->data[i] == '\t'))
		i++;
	if (i < csv->len && !at_eol(csv, i))
		return FALSE;
	csv->pos = skip_eol(csv, i);
	return TRUE;
}

static int
line_of(const PlCsv *csv, gsize start, int start_line, gsize at)
{
	int line = start_line;

	for (gsize i = start; i < at; i++)
		if (csv->data[i] == '\n' || (csv->data[i] == '\r' && csv->data[i + 1] != '\n'))
			line++;
	return line;
}

static int
check_utf8(const PlCsv *csv, gsize start, int start_line, GError **error)
{
	const char *end;
	int bad_line;

	if (g_utf8_validate_len(csv->data + start, csv->pos - start, &end))
		return 0;
	bad_line = line_of(csv, start, start_line, end - csv->data);
	if (*end == '\0')
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "line %d: NUL byte in the text", bad_line);
	else
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
		            "line %d: invalid UTF-8 (save the sheet as UTF-8)", bad_line);
	return -1;
}

int
pl_csv_next(PlCsv *csv, GPtrArray **fields, int *line, GError **error)
{
	g_autoptr(GPtrArray) rec = NULL;
	g_autoptr(GString) field = NULL;
	gsize start;
	int start_line;

	*fields = NULL;
	while (csv->pos < csv->len && skip_blank_line(csv))
		;
	if (line)
		*line = csv->line;
	if (csv->pos >= csv->len)
		return 0;

	start = csv->pos;
	start_line = csv->line;
	rec = g_ptr_array_new_with_free_func(g_free);
	field = g_string_new(NULL);
	for (;;) {
		gsize i = csv->pos;

		g_string_truncate(field, 0);
		if (i < csv->len && csv->data[i] == '"') {
			gsize open = i;
			int open_line = csv->line;

			for (i++;; i++) {
				if (i >= csv->len) {
					g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
					            "line %d: quoted field never closed", open_line);
					resync(csv, open, open_line);
					return -1;
				}
				if (csv->data[i] == '"') {
					if (i + 1 < csv->len && csv->data[i + 1] == '"') {
						g_string_append_c(field, '"');
						i++;
						continue;
					}
					i++;
					break;
				}
				if (at_eol(csv, i)) {
					/* line ends inside a field become '\n' */
					i = skip_eol(csv, i) - 1;
					g_string_append_c(field, '\n');
					continue;
				}
				g_string_append_c(field, csv->data[i]);
			}
			if (i < csv->len && csv->data[i] != csv->sep && !at_eol(csv, i)) {
				g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
				            "line %d: text after the closing quote of a field", csv->line);
				resync(csv, i, csv->line);
				return -1;
			}
		} else {
			while (i < csv->len && csv->data[i] != csv->sep && !at_eol(csv, i)) {
				if (csv->data[i] == '"') {
					g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
					            "line %d: quote inside a field that does not start with one",
					            csv->line);
					resync(csv, i, csv->line);
					return -1;
				}
				g_string_append_c(field, csv->data[i]);
				i++;
			}
		}
		g_ptr_array_add(rec, g_strndup(field->str, field->len));
		if (i < csv->len && csv->data[i] == csv->sep) {
			csv->pos = i + 1;
			continue;
		}
		csv->pos = skip_eol(csv, i);
		break;
	}
	if (line)
		*line = start_line;
	if (check_utf8(csv, start, start_line, error) < 0)
		return -1;
	*fields = g_steal_pointer(&rec);
	return 1;
}

/* Column names compare without case, accents, spaces, '_' or '-':
 * "Date de création" is "date_de_creation". */
static char *
fold_name(const char *name)
{
	g_autofree char *nfkd = g_utf8_normalize(name, -1, G_NORMALIZE_ALL);
	g_autofree char *cf = g_utf8_casefold(nfkd ? nfkd : "", -1);
	GString *s = g_string_new(NULL);

	for (const char *p = cf; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c == ' ' || c == '_' || c == '-' || c == '\t' ||
		    g_unichar_type(c) == G_UNICODE_NON_SPACING_MARK)
			continue;
		g_string_append_unichar(s, c);
	}
	return g_string_free(s, FALSE);
}

/* Excel in a French locale writes ';', some tools '\t': the header decides,
 * the most frequent of the three outside quotes winning, ',' on a tie. */
static char
guess_separator(const char *data, gsize len)
{
	gsize n_comma = 0, n_semi = 0, n_tab = 0;
	gboolean quoted = FALSE;

	for (gsize i = 0; i < len; i++) {
		char c = data[i];
		if (c == '"')
			quoted = !quoted;
		else if (!quoted && (c == '\n' || c == '\r'))
			break;
		else if (!quoted && c == ',')
			n_comma++;
		else if (!quoted && c == ';')
			n_semi++;
		else if (!quoted && c == '\t')
			n_tab++;
	}
	if (n_semi > n_comma && n_semi >= n_tab)
		return ';';
	if (n_tab > n_comma && n_tab > n_semi)
		return '\t';
	return ',';
}

PlSheet *
pl_sheet_new(const char *data, gssize len, GError **error)
{
	g_autoptr(PlSheet) sheet = g_new0(PlSheet, 1);
	GPtrArray *header = NULL;
	int line, r;

	sheet->csv = pl_csv_new(data, len);
	pl_csv_set_separator(sheet->csv, guess_separator(sheet->csv->data + sheet->csv->pos,
	                                                 sheet->csv->len - sheet->csv->pos));
	r = pl_csv_next(sheet->csv, &header, &line, error);
	if (r < 0)
		return NULL;
	if (r == 0) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT, "the sheet is empty (no header row)");
		return NULL;
	}
	sheet->names = header;
	sheet->folded = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < header->len; i++)
		g_ptr_array_add(sheet->folded, fold_name(header->pdata[i]));
	return g_steal_pointer(&sheet);
}

void
pl_sheet_free(PlSheet *sheet)
{
	if (!sheet)
		return;
	pl_csv_free(sheet->csv);
	if (sheet->names)
		g_ptr_array_unref(sheet->names);
	if (sheet->folded)
		g_ptr_array_unref(sheet->folded);
	g_free(sheet);
}

/* The names are tried in the order given, so callers list the preferred
 * spelling first; the column index of the first one present is returned. */
int
pl_sheet_column(PlSheet *sheet, const char *const *names)
{
	if (!sheet || !names)
		return -1;
	for (int k = 0; names[k]; k++) {
		g_autofree char *want = fold_name(names[k]);
		for (guint i = 0; i < sheet->folded->len; i++)
			if (strcmp(sheet->folded->pdata[i], want) == 0)
				return (int)i;
	}
	return -1;
}

guint
pl_sheet_n_columns(PlSheet *sheet)
{
	return sheet ? sheet->names->len : 0;
}

const char *
pl_sheet_column_name(PlSheet *sheet, guint i)
{
	if (!sheet || i >= sheet->names->len)
		return NULL;
	return sheet->names->pdata[i];
}

static gboolean
all_empty(GPtrArray *fields)
{
	for (guint i = 0; i < fields->len; i++)
		if (*(const char *)fields->pdata[i])
			return FALSE;
	return TRUE;
}

int
pl_sheet_next(PlSheet *sheet, GPtrArray **fields, int *line, GError **error)
{
	GPtrArray *row = NULL;
	int r, l = 0;

	*fields = NULL;
	do {
		if (row)
			g_ptr_array_unref(row);
		r = pl_csv_next(sheet->csv, &row, &l, error);
	} while (r == 1 && all_empty(row));
	if (line)
		*line = l;
	if (r <= 0)
		return r;
	if (row->len > sheet->names->len) {
		g_set_error(error, PL_ERROR, PL_ERROR_INPUT,
		            "line %d: %u fields but the header names %u columns", l, row->len,
		            sheet->names->len);
		g_ptr_array_unref(row);
		return -1;
	}
	while (row->len < sheet->names->len)
		g_ptr_array_add(row, g_strdup(""));
	/* The formula guard of pl_csv_append_field comes off. */
	for (guint i = 0; i < row->len; i++) {
		char *cell = row->pdata[i];
		if (cell[0] == '\'') {
			row->pdata[i] = pl_csv_unguard(cell);
			g_free(cell);
		}
	}
	*fields = row;
	return 1;
}

/* ---- writing ---- */

/* A spreadsheet runs a cell starting with one of these as a formula. The
 * guard is needed when the value starts so after any number of apostrophes,
 * so that taking one off a guarded cell gives back exactly the value. A
 * leading LF is guarded too: the reader turns a CR in a field into one. */
static gboolean
needs_guard(const char *v)
{
	while (*v == '\'')
		v++;
	return *v && strchr("=+-@\t\r\n", *v) != NULL;
}

char *
pl_csv_guard(const char *value)
{
	const char *v = value ? value : "";
	return needs_guard(v) ? g_strconcat("'", v, NULL) : g_strdup(v);
}

char *
pl_csv_unguard(const char *cell)
{
	const char *c = cell ? cell : "";
	return c[0] == '\'' && needs_guard(c + 1) ? g_strdup(c + 1) : g_strdup(c);
}

void
pl_csv_append_field(GString *out, const char *value)
{
	g_autofree char *valid = pl_utf8_sanitize(value);
	g_autofree char *v = pl_csv_guard(valid);
	size_t n = strlen(v);
	gboolean quote = strpbrk(v, ",;\t\"\r\n") != NULL ||
	                 (n && (v[0] == ' ' || v[n - 1] == ' '));

	if (!quote) {
		g_string_append(out, v);
		return;
	}
	g_string_append_c(out, '"');
	for (const char *p = v; *p; p++) {
		if (*p == '"')
			g_string_append_c(out, '"');
		g_string_append_c(out, *p);
	}
	g_string_append_c(out, '"');
}

void
pl_csv_append_record(GString *out, const char *const *fields, gsize n)
{
	for (gsize i = 0; i < n; i++) {
		if (i)
			g_string_append_c(out, ',');
		pl_csv_append_field(out, fields[i]);
	}
	g_string_append(out, "\r\n");
}

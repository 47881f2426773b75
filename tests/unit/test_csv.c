/* CSV and metadata sheets. Each case is a document and what reading it
 * gives, record by record: "L<line>:" and the fields joined by '|', or
 * "E<line>" for a malformed record, records joined by ';'. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "provenance/csv.h"

typedef struct {
	const char *name;
	const char *data;
	gssize len;
	const char *expect;
} CsvCase;

/* Renders every record as "L<line>:a|b" or "E<line>" and joins with ';'. */
static char *
read_all(const char *data, gssize len)
{
	g_autoptr(PlCsv) csv = pl_csv_new(data, len);
	GString *out = g_string_new(NULL);
	int guard = 0;

	for (;;) {
		GPtrArray *fields = NULL;
		g_autoptr(GError) error = NULL;
		int line = -1;
		int r = pl_csv_next(csv, &fields, &line, &error);

		g_assert_cmpint(++guard, <, 100);
		if (r == 0) {
			g_assert_null(fields);
			break;
		}
		if (out->len)
			g_string_append_c(out, ';');
		if (r < 0) {
			g_assert_null(fields);
			g_assert_nonnull(error);
			/* the message names the line of the problem */
			g_assert_true(g_str_has_prefix(error->message, "line "));
			g_string_append_printf(out, "E%d", atoi(error->message + 5));
			continue;
		}
		g_assert_no_error(error);
		g_string_append_printf(out, "L%d:", line);
		for (guint i = 0; i < fields->len; i++) {
			if (i)
				g_string_append_c(out, '|');
			g_string_append(out, fields->pdata[i]);
		}
		g_ptr_array_unref(fields);
	}
	return g_string_free(out, FALSE);
}

static const CsvCase csv_cases[] = {
	{ "simple", "a,b,c\n1,2,3\n", -1, "L1:a|b|c;L2:1|2|3" },
	{ "no final newline", "a,b\n1,2", -1, "L1:a|b;L2:1|2" },
	{ "crlf", "a,b\r\n1,2\r\n", -1, "L1:a|b;L2:1|2" },
	{ "lone cr (old Mac)", "a,b\r1,2\r", -1, "L1:a|b;L2:1|2" },
	{ "bom", "\xEF\xBB\xBFtitle,date\nX,1865\n", -1, "L1:title|date;L2:X|1865" },
	{ "empty fields", ",a,,\n", -1, "L1:|a||" },
	{ "quoted comma", "\"Daumier, Honoré\",1865\n", -1, "L1:Daumier, Honoré|1865" },
	{ "doubled quotes", "\"Le \"\"Charivari\"\"\",x\n", -1, "L1:Le \"Charivari\"|x" },
	{ "empty quoted", "\"\",a\n", -1, "L1:|a" },
	{ "newline in quotes", "a,\"line one\nline two\"\nnext,row\n", -1,
	  "L1:a|line one\nline two;L3:next|row" },
	{ "crlf in quotes becomes lf", "\"x\r\ny\"\r\nz\r\n", -1, "L1:x\ny;L3:z" },
	{ "blank trailing lines", "a\n1\n\n\n  \n", -1, "L1:a;L2:1" },
	{ "blank lines inside", "a\n\n1\n", -1, "L1:a;L3:1" },
	{ "empty document", "", -1, "" },
	{ "only a bom", "\xEF\xBB\xBF", -1, "" },
	{ "spaces kept", " a , b \n", -1, "L1: a | b " },
	{ "unterminated quote, reading goes on", "a,b\n\"open,x\nc,d\n", -1, "L1:a|b;E2;L3:c|d" },
	{ "stray quote", "a,b\"c\nd,e\n", -1, "E1;L2:d|e" },
	{ "text after closing quote", "\"a\"b,c\nd,e\n", -1, "E1;L2:d|e" },
	{ "invalid utf-8 on its line", "a,b\nc,\xff\ne,f\n", -1, "L1:a|b;E2;L3:e|f" },
	{ "invalid utf-8 in a multi-line field", "\"a\nb\xc3\",c\nd\n", -1, "E2;L3:d" },
	{ "latin-1 sheet", "titre\nGravure de l'\xe9poque\n", -1, "L1:titre;E2" },
	{ "nul byte", "a,b\0c\nd\n", 8, "E1;L2:d" },
	{ "length bounds the data", "a,b\nc,d\n", 4, "L1:a|b" },
};

static void
test_csv_table(void)
{
	for (gsize i = 0; i < G_N_ELEMENTS(csv_cases); i++) {
		g_autofree char *got = NULL;

		g_test_message("%s", csv_cases[i].name);
		got = read_all(csv_cases[i].data, csv_cases[i].len);
		g_assert_cmpstr(got, ==, csv_cases[i].expect);
	}
}

static void
test_csv_copies_data(void)
{
	char buf[] = "a,b\n";
	g_autoptr(PlCsv) csv = pl_csv_new(buf, -1);
	g_autoptr(GPtrArray) fields = NULL;
	int line;

	memset(buf, 'x', sizeof buf - 1);
	g_assert_cmpint(pl_csv_next(csv, &fields, &line, NULL), ==, 1);
	g_assert_cmpstr(fields->pdata[0], ==, "a");
}

static void
test_csv_separator(void)
{
	g_autoptr(PlCsv) csv = pl_csv_new("a;\"b;c\"\n", -1);
	g_autoptr(GPtrArray) fields = NULL;

	pl_csv_set_separator(csv, ';');
	g_assert_cmpint(pl_csv_next(csv, &fields, NULL, NULL), ==, 1);
	g_assert_cmpuint(fields->len, ==, 2);
	g_assert_cmpstr(fields->pdata[1], ==, "b;c");
}

static const char sheet_text[] =
	"\xEF\xBB\xBF"
	"Fichier,ARK,Date de création,Droits\r\n"
	"a.jpg,ark:/12148/btv1b8451605w,1865,domaine public\r\n"
	",,,\r\n"
	"b.jpg,,\"vers 1860\"\r\n"
	"c.jpg,x,1870,pd,extra\r\n"
	"d.jpg,,,\r\n";

static void
test_sheet(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(PlSheet) sheet = pl_sheet_new(sheet_text, -1, &error);
	static const char *const date_names[] = { "date", "date_de_creation", NULL };
	static const char *const ark_names[] = { "identifier", "ark", NULL };
	static const char *const none[] = { "creator", "auteur", NULL };
	GPtrArray *row = NULL;
	int line = 0;

	g_assert_no_error(error);
	g_assert_nonnull(sheet);
	g_assert_cmpuint(pl_sheet_n_columns(sheet), ==, 4);
	g_assert_cmpstr(pl_sheet_column_name(sheet, 2), ==, "Date de création");
	g_assert_null(pl_sheet_column_name(sheet, 4));
	g_assert_cmpint(pl_sheet_column(sheet, date_names), ==, 2);
	g_assert_cmpint(pl_sheet_column(sheet, ark_names), ==, 1);
	g_assert_cmpint(pl_sheet_column(sheet, none), ==, -1);
	{
		static const char *const fichier[] = { "FICHIER", NULL };
		static const char *const spaced[] = { "Date-De-Création", NULL };
		g_assert_cmpint(pl_sheet_column(sheet, fichier), ==, 0);
		g_assert_cmpint(pl_sheet_column(sheet, spaced), ==, 2);
	}

	g_assert_cmpint(pl_sheet_next(sheet, &row, &line, &error), ==, 1);
	g_assert_cmpint(line, ==, 2);
	g_assert_cmpstr(row->pdata[3], ==, "domaine public");
	g_ptr_array_unref(row);

	/* the all-empty row on line 3 is skipped; the short row is padded */
	g_assert_cmpint(pl_sheet_next(sheet, &row, &line, &error), ==, 1);
	g_assert_cmpint(line, ==, 4);
	g_assert_cmpuint(row->len, ==, 4);
	g_assert_cmpstr(row->pdata[2], ==, "vers 1860");
	g_assert_cmpstr(row->pdata[3], ==, "");
	g_ptr_array_unref(row);

	g_assert_cmpint(pl_sheet_next(sheet, &row, &line, &error), ==, -1);
	g_assert_null(row);
	g_assert_nonnull(error);
	g_assert_nonnull(strstr(error->message, "line 5"));
	g_clear_error(&error);

	/* reading goes on after the bad row */
	g_assert_cmpint(pl_sheet_next(sheet, &row, &line, &error), ==, 1);
	g_assert_no_error(error);
	g_assert_cmpint(line, ==, 6);
	g_assert_cmpstr(row->pdata[0], ==, "d.jpg");
	g_ptr_array_unref(row);

	g_assert_cmpint(pl_sheet_next(sheet, &row, &line, &error), ==, 0);
	g_assert_null(row);
}

static void
test_sheet_semicolons(void)
{
	/* what Excel writes in a French locale */
	g_autoptr(PlSheet) sheet = pl_sheet_new("fichier;date;titre\na.jpg;1865;\"Robert, Macaire\"\n", -1, NULL);
	static const char *const titre[] = { "titre", NULL };
	g_autoptr(GPtrArray) row = NULL;

	g_assert_nonnull(sheet);
	g_assert_cmpuint(pl_sheet_n_columns(sheet), ==, 3);
	g_assert_cmpint(pl_sheet_column(sheet, titre), ==, 2);
	g_assert_cmpint(pl_sheet_next(sheet, &row, NULL, NULL), ==, 1);
	g_assert_cmpstr(row->pdata[2], ==, "Robert, Macaire");
}

static void
test_sheet_errors(void)
{
	g_autoptr(GError) error = NULL;
	PlSheet *sheet = pl_sheet_new("", -1, &error);

	g_assert_null(sheet);
	g_assert_nonnull(error);
	g_clear_error(&error);
	sheet = pl_sheet_new("\n\n", -1, &error);
	g_assert_null(sheet);
	g_assert_nonnull(error);
	g_clear_error(&error);
	sheet = pl_sheet_new("\"a,b\n", -1, &error);
	g_assert_null(sheet);
	g_assert_nonnull(error);
	g_assert_nonnull(strstr(error->message, "line 1"));
}
/* The writer: RFC 4180 quoting, and the formula guard a spreadsheet needs. */
static void
test_write_fields(void)
{
	static const struct {
		const char *value, *written;
	} cases[] = {
		{ "plain", "plain" },
		{ NULL, "" },
		{ "", "" },
		{ "Daumier, Honoré", "\"Daumier, Honoré\"" },
		{ "a;b", "\"a;b\"" },
		{ "Le \"Charivari\"", "\"Le \"\"Charivari\"\"\"" },
		{ "two\nlines", "\"two\nlines\"" },
		{ "cr\rhere", "\"cr\rhere\"" },
		{ " edge", "\" edge\"" },
		{ "edge ", "\"edge \"" },
		{ "bad \xff byte", "bad \xef\xbf\xbd byte" },
		/* what a spreadsheet would run */
		{ "=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" },
		{ "@SUM(A1:A2)", "'@SUM(A1:A2)" },
		{ "+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0" },
		{ "-2+3", "'-2+3" },
		{ "\t=1+1", "\"'\t=1+1\"" },
		{ "\r=1+1", "\"'\r=1+1\"" },
		{ "\n=1+1", "\"'\n=1+1\"" },
		/* apostrophes before a formula get one more, so the reader's one off is exact */
		{ "'=1", "''=1" },
		{ "''@x", "'''@x" },
		/* harmless apostrophes and signs inside stay as they are */
		{ "'quoted'", "'quoted'" },
		{ "1865-1870", "1865-1870" },
		{ "a=b", "a=b" },
	};

	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GString) out = g_string_new(NULL);
		pl_csv_append_field(out, cases[i].value);
		g_assert_cmpstr(out->str, ==, cases[i].written);
	}
}

static void
test_write_record(void)
{
	static const char *const fields[] = { "file", NULL, "a,b", "=1" };
	g_autoptr(GString) out = g_string_new(NULL);

	pl_csv_append_record(out, fields, G_N_ELEMENTS(fields));
	g_assert_cmpstr(out->str, ==, "file,,\"a,b\",'=1\r\n");
}

/* Whatever a value holds, a sheet written by the writer reads back to it. */
static void
test_write_round_trip(void)
{
	static const char *const values[] = {
		"=HYPERLINK(\"http://evil\",\"x\")", "@SUM(1)", "+1", "-2+3", "\t=x", "\r=x",
		"'=x", "''=x", "'", "''", "'plain", "=", "-", "x'=y", "\nline", "'\n=x", "Daumier, \"H.\"\r\nnext",
		" spaced ", "é;ü", "plain",
	};
	static const char *const header[] = { "file", "title" };
	g_autoptr(GString) doc = g_string_new(NULL);
	g_autoptr(PlSheet) sheet = NULL;
	g_autoptr(GError) error = NULL;

	pl_csv_append_record(doc, header, 2);
	for (gsize i = 0; i < G_N_ELEMENTS(values); i++) {
		g_autofree char *file = g_strdup_printf("f%zu.jpg", i);
		const char *row[] = { file, values[i] };
		pl_csv_append_record(doc, row, 2);
	}
	sheet = pl_sheet_new(doc->str, (gssize)doc->len, &error);
	g_assert_no_error(error);
	for (gsize i = 0; i < G_N_ELEMENTS(values); i++) {
		g_autoptr(GPtrArray) row = NULL;
		g_assert_cmpint(pl_sheet_next(sheet, &row, NULL, &error), ==, 1);
		g_assert_no_error(error);
		/* line ends inside a field are read as "\n" */
		g_auto(GStrv) crlf = g_strsplit(values[i], "\r\n", -1);
		g_autofree char *lf = g_strjoinv("\n", crlf);
		g_auto(GStrv) cr = g_strsplit(lf, "\r", -1);
		g_autofree char *want = g_strjoinv("\n", cr);
		g_assert_cmpstr(row->pdata[1], ==, want);
	}
	for (gsize i = 0; i < G_N_ELEMENTS(values); i++) {
		g_autofree char *g = pl_csv_guard(values[i]);
		g_autofree char *u = pl_csv_unguard(g);
		g_assert_cmpstr(u, ==, values[i]);
	}
	/* a cell the writer did not guard keeps its apostrophe */
	g_autofree char *kept = pl_csv_unguard("'plain");
	g_assert_cmpstr(kept, ==, "'plain");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/csv/table", test_csv_table);
	g_test_add_func("/csv/copies-data", test_csv_copies_data);
	g_test_add_func("/csv/separator", test_csv_separator);
	g_test_add_func("/csv/sheet", test_sheet);
	g_test_add_func("/csv/sheet-semicolons", test_sheet_semicolons);
	g_test_add_func("/csv/sheet-errors", test_sheet_errors);
	g_test_add_func("/csv/write-fields", test_write_fields);
	g_test_add_func("/csv/write-record", test_write_record);
	g_test_add_func("/csv/write-round-trip", test_write_round_trip);
	return g_test_run();
}

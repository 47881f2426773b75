/* --example: the README's example collection. A handful of small synthetic
 * scans named as Gallica downloads are (ARK name with a correct NOID check
 * character, then the view), and a metadata sheet for them. Everything is
 * marked as generated: the titles say so and the ARKs are made up. */
#include "gen.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "provenance/identifier.h"

typedef struct {
	const char *title, *creator, *date, *tags;
	int view;
	gboolean ark_in_sheet; /* else the sheet gives the Gallica URL as source */
} Example;

static const Example examples[] = {
	{"Planche d'exemple n° 1 (générée) : vue d'un port", "Graveur anonyme", "vers 1860",
	 "paysage;port;gravure", 3, TRUE},
	{"Planche d'exemple n° 2 (générée) : ruines d'une abbaye", "Atelier d'exemple", "1843",
	 "architecture;ruines;gravure", 1, FALSE},
	{"Planche d'exemple n° 3 (générée) : costumes de Bretagne", "Lithographe anonyme",
	 "1865~", "costume;Bretagne;lithographie", 12, TRUE},
	{"Planche d'exemple n° 4 (générée) : paysage de forêt", "Graveur anonyme", "185X",
	 "paysage;forêt;eau-forte", 5, FALSE},
	{"Planche d'exemple n° 5 (générée) : intérieur d'église", "Atelier d'exemple",
	 "1830/1840", "architecture;église;gravure", 2, TRUE},
	{"Planche d'exemple n° 6 (générée) : le moulin", "Dessinateur inconnu", "vers 1875",
	 "paysage;moulin;lithographie", 7, TRUE},
};

/* A made-up Gallica print name: btv1b, eight digits, the check character. */
static int
make_ark_name(GRand *r, char *buf, size_t size, GError **error)
{
	char check;

	g_snprintf(buf, size, "btv1b%08u", (unsigned) g_rand_int_range(r, 10000000, 99999999));
	check = pl_noid_check_char(buf, -1);
	if (!check) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
			    "no NOID check character for %s", buf);
		return -1;
	}
	g_snprintf(buf + strlen(buf), size - strlen(buf), "%c", check);
	return 0;
}

/* RFC 4180: quote a field holding a separator, a quote or a line break. */
static void
csv_field(GString *out, const char *v, gboolean last)
{
	if (strpbrk(v, ",\"\r\n")) {
		g_string_append_c(out, '"');
		for (const char *p = v; *p; p++) {
			if (*p == '"')
				g_string_append_c(out, '"');
			g_string_append_c(out, *p);
		}
		g_string_append_c(out, '"');
	} else
		g_string_append(out, v);
	g_string_append_c(out, last ? '\n' : ',');
}

int
gen_example(const char *dir, guint32 seed)
{
	static const int kinds[G_N_ELEMENTS(examples)] = {1, 2, 0, 3, 5, 4};
	guint32 key[2] = {seed, 0xe8a3u};
	GRand *r = g_rand_new_with_seed_array(key, 2);
	g_autoptr(GError) error = NULL;
	g_autofree char *csv_path = g_build_filename(dir, "example.csv", NULL);
	GString *csv = g_string_new("file,identifier,title,creator,date,source,credit,rights,tags,notes\n");
	int status = 1;

	if (gen_mkdir(dir, &error))
		goto out;
	for (guint i = 0; i < G_N_ELEMENTS(examples); i++) {
		const Example *e = &examples[i];
		double mp = g_rand_double_range(r, 1.0, 3.0);
		double aspect = g_rand_double_range(r, 1.28, 1.45);
		gboolean landscape = kinds[i] == 4;
		int a = (int) (sqrt(mp * 1e6 / aspect)), b = (int) (a * aspect);
		char name[32];
		g_autofree char *ark = NULL, *url = NULL;
		GenCase c;
		int rc;

		if (make_ark_name(r, name, sizeof name, &error))
			goto out;
		gen_case_plan(&c, seed, (int) i, kinds[i], landscape ? b : a, landscape ? a : b);
		g_snprintf(c.file, sizeof c.file, "%s_f%d.jpg", name, e->view);
		rc = gen_case_draw(&c, seed, dir, FALSE, FALSE, &error);
		ark = g_strdup_printf("ark:/12148/%s/f%d", name, e->view);
		url = g_strdup_printf("https://gallica.bnf.fr/ark:/12148/%s/f%d.item", name, e->view);
		csv_field(csv, c.file, FALSE);
		csv_field(csv, e->ark_in_sheet ? ark : "", FALSE);
		csv_field(csv, e->title, FALSE);
		csv_field(csv, e->creator, FALSE);
		csv_field(csv, e->date, FALSE);
		csv_field(csv, e->ark_in_sheet ? "" : url, FALSE);
		csv_field(csv, "Exemple généré par planche-gen-scans (pas une image de Gallica)", FALSE);
		csv_field(csv, "CC0", FALSE);
		csv_field(csv, e->tags, FALSE);
		csv_field(csv, "Image de synthèse ; l'ARK est inventé et ne désigne rien chez Gallica.",
			  TRUE);
		gen_case_clear(&c);
		if (rc)
			goto out;
	}
	if (!g_file_set_contents(csv_path, csv->str, (gssize) csv->len, &error))
		goto out;
	fprintf(stderr, "planche-gen-scans: %u example scans and example.csv in %s\n",
		(unsigned) G_N_ELEMENTS(examples), dir);
	status = 0;
out:
	if (error)
		fprintf(stderr, "planche-gen-scans: %s\n", error->message);
	g_string_free(csv, TRUE);
	g_rand_free(r);
	return status;
}

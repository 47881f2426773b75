/* The archives' record parsers, on the fixtures the e2e server also serves
 * (tests/fixtures/archives/, shaped as the real services answer) and on
 * broken answers. */
#include <glib.h>
#include <string.h>

#include "archives/archives.h"
#include "provenance/rights.h"

static char *fixture(const char *name, gsize *len)
{
	g_autofree char *here = g_path_get_dirname(__FILE__);
	g_autofree char *path = g_build_filename(here, "..", "fixtures", "archives", name, NULL);
	char *text = NULL;
	g_autoptr(GError) error = NULL;
	if (!g_file_get_contents(path, &text, len, &error))
		g_error("%s", error->message);
	return text;
}

static void test_gallica_oai(void)
{
	gsize len;
	g_autofree char *xml = fixture("gallica-oai-btv1b8451605w.xml", &len);
	g_autoptr(PlRecord) r = NULL;
	g_autoptr(GError) error = NULL;
	g_assert_cmpint(pl_gallica_oai_parse(xml, len, &r, &error), ==, 0);
	g_assert_cmpstr(r->title, ==, "Les Gens de justice. [Vous aviez faim...] : [estampe] / H. Daumier");
	g_assert_cmpuint(r->creators->len, ==, 2);
	g_assert_cmpstr(r->creators->pdata[0], ==, "Daumier, Honoré (1808-1879). Dessinateur-lithographe");
	g_assert_cmpstr(r->date, ==, "1845");
	g_assert_cmpstr(r->publisher, ==, "Aubert (Paris)");
	/* "Avec mode texte" is Gallica's, not the item's */
	g_assert_cmpstr(r->description, ==, "Planche 12 de la série\nRéférence bibliographique : Delteil, 1348");
	g_assert_cmpuint(r->subjects->len, ==, 2);
	g_assert_cmpstr(r->subjects->pdata[1], ==, "Avocats");
	g_assert_cmpstr(r->type, ==, "image fixe; estampe");
	g_assert_cmpstr(r->rights, ==, PL_RIGHTS_PDM);
	g_assert_cmpstr(r->institution, ==, "Bibliothèque nationale de France, département Estampes et photographie");
	g_assert_cmpstr(r->shelfmark, ==, "RESERVE DC-180 (40)-FOL");
	g_assert_cmpstr(r->credit, ==, PL_GALLICA_CREDIT);
	g_assert_cmpstr(r->language, ==, "fre");
	g_assert_cmpint(r->views, ==, 3);
	g_autofree char *json = pl_record_to_json(r);
	g_assert_nonnull(strstr(json, "\"shelfmark\":\"RESERVE DC-180 (40)-FOL\""));
	g_assert_nonnull(strstr(json, "\"views\":3"));
}

static void test_gallica_partner_and_gaps(void)
{
	gsize len;
	g_autofree char *xml = fixture("gallica-oai-btv1b69000018.xml", &len);
	g_autoptr(PlRecord) r = NULL;
	g_assert_cmpint(pl_gallica_oai_parse(xml, len, &r, NULL), ==, 0);
	/* a partner's item names the partner in its credit line */
	g_assert_cmpstr(r->credit, ==, "Source gallica.bnf.fr / Bibliothèque municipale de Lyon");
	g_assert_cmpstr(r->shelfmark, ==, "Rés F 17459");
	g_assert_cmpstr(r->date, ==, "vers 1780");

	g_autofree char *bare = fixture("gallica-oai-btv1b6900002p.xml", &len);
	g_autoptr(PlRecord) g = NULL;
	g_assert_cmpint(pl_gallica_oai_parse(bare, len, &g, NULL), ==, 0);
	g_assert_null(g->date);
	g_assert_cmpuint(g->creators->len, ==, 0);
	g_assert_cmpint(g->views, ==, 2);

	/* a source that names a department and no shelfmark */
	const char *dept =
		"<results><notice><record><metadata><oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\""
		" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:source>Bibliothèque nationale de France, "
		"département Cartes et plans</dc:source></oai_dc:dc></metadata></record></notice></results>";
	g_autoptr(PlRecord) d = NULL;
	g_assert_cmpint(pl_gallica_oai_parse(dept, strlen(dept), &d, NULL), ==, 0);
	g_assert_cmpstr(d->institution, ==, "Bibliothèque nationale de France, département Cartes et plans");
	g_assert_null(d->shelfmark);
}

static void test_gallica_broken(void)
{
	static const char *const bad[] = {
		"<results><notice><record><metadata><oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\">",
		"<html><body>Service indisponible</body></html>",
		"",
		"{\"title\": \"not XML\"}",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(PlRecord) r = NULL;
		g_autoptr(GError) error = NULL;
		g_assert_cmpint(pl_gallica_oai_parse(bad[i], strlen(bad[i]), &r, &error), ==, -1);
		g_assert_null(r);
		g_assert_nonnull(error);
		g_assert_null(strchr(error->message, '\n'));
	}
}

static void test_iiif_manifest(void)
{
	gsize len;
	g_autofree char *json = fixture("gallica-manifest-btv1b8451605w.json", &len);
	g_autoptr(PlRecord) r = NULL;
	g_autoptr(GPtrArray) images = NULL;
	g_autoptr(GError) error = NULL;
	g_assert_cmpint(pl_iiif_manifest_parse(json, len, &r, &images, &error), ==, 0);
	g_assert_cmpuint(images->len, ==, 3);
	const PlRemoteImage *f2 = images->pdata[1];
	g_assert_cmpstr(f2->view, ==, "2");
	g_assert_cmpstr(f2->url, ==, "https://gallica.bnf.fr/iiif/ark:/12148/btv1b8451605w/f2/full/full/0/native.jpg");
	g_assert_cmpint(f2->width, ==, 250);
	g_assert_cmpint(r->views, ==, 3);
	g_assert_cmpstr(r->institution, ==, "Bibliothèque nationale de France");
	g_assert_cmpuint(r->creators->len, ==, 2);
	g_assert_cmpstr(r->date, ==, "1845");

	/* Presentation 3, as newer services write it */
	const char *v3 =
		"{\"@context\": \"http://iiif.io/api/presentation/3/context.json\", \"id\": \"https://x/m\","
		" \"type\": \"Manifest\", \"label\": {\"fr\": [\"Une planche\"]},"
		" \"requiredStatement\": {\"label\": {\"en\": [\"Attribution\"]}, \"value\": {\"none\": [\"Musée X\"]}},"
		" \"rights\": \"http://creativecommons.org/publicdomain/mark/1.0/\","
		" \"items\": [{\"id\": \"https://x/c/f7\", \"type\": \"Canvas\", \"width\": 10, \"height\": 20,"
		"   \"items\": [{\"type\": \"AnnotationPage\", \"items\": [{\"type\": \"Annotation\","
		"     \"body\": {\"id\": \"https://x/i/full/max/0/default.jpg\", \"type\": \"Image\","
		"       \"service\": [{\"id\": \"https://x/i\", \"type\": \"ImageService3\"}]}}]}]}]}";
	g_autoptr(PlRecord) r3 = NULL;
	g_autoptr(GPtrArray) i3 = NULL;
	g_assert_cmpint(pl_iiif_manifest_parse(v3, strlen(v3), &r3, &i3, NULL), ==, 0);
	g_assert_cmpstr(r3->title, ==, "Une planche");
	g_assert_cmpstr(r3->credit, ==, "Musée X");
	g_assert_cmpuint(i3->len, ==, 1);
	g_assert_cmpstr(((PlRemoteImage *)i3->pdata[0])->view, ==, "7");
	g_assert_cmpstr(((PlRemoteImage *)i3->pdata[0])->url, ==, "https://x/i/full/max/0/default.jpg");

	g_autoptr(PlRecord) none = NULL;
	g_autoptr(GError) err = NULL;
	g_assert_cmpint(pl_iiif_manifest_parse("{\"@type\": \"sc:Collection\"}", 26, &none, NULL, &err), ==, -1);
	g_assert_nonnull(strstr(err->message, "not a IIIF manifest"));
}

static void test_iiif_info(void)
{
	gsize len;
	g_autofree char *json = fixture("gallica-info-btv1b8451605w-f1.json", &len);
	g_autoptr(PlRemoteImage) img = NULL;
	g_assert_cmpint(pl_iiif_info_parse(json, len, "https://gallica.bnf.fr/iiif/ark:/12148/btv1b8451605w/f1", &img, NULL), ==, 0);
	g_assert_cmpstr(img->url, ==, "https://gallica.bnf.fr/iiif/ark:/12148/btv1b8451605w/f1/full/full/0/native.jpg");
	g_assert_cmpint(img->width, ==, 240);
	g_assert_cmpint(img->height, ==, 320);

	/* a version 2 service that caps its sizes: the largest it allows */
	const char *v2 = "{\"@context\": \"http://iiif.io/api/image/2/context.json\", \"@id\": \"https://y/i\","
			 " \"width\": 9000, \"height\": 6000, \"maxWidth\": 4000}";
	g_autoptr(PlRemoteImage) capped = NULL;
	g_assert_cmpint(pl_iiif_info_parse(v2, strlen(v2), "https://y/i", &capped, NULL), ==, 0);
	g_assert_cmpstr(capped->url, ==, "https://y/i/full/max/0/default.jpg");

	g_autoptr(PlRemoteImage) bad = NULL;
	g_autoptr(GError) err = NULL;
	g_assert_cmpint(pl_iiif_info_parse("{\"width\": ", 10, "s", &bad, &err), ==, -1);
	g_assert_nonnull(strstr(err->message, "not valid JSON"));
}

static void test_ia(void)
{
	gsize len;
	g_autofree char *json = fixture("ia-metadata-daumier-gens-de-justice.json", &len);
	g_autoptr(PlRecord) r = NULL;
	g_autoptr(GPtrArray) images = NULL;
	g_assert_cmpint(pl_ia_metadata_parse(json, len, "daumier-gens-de-justice", &r, &images, NULL), ==, 0);
	g_assert_cmpstr(r->title, ==, "Les Gens de justice (two plates)");
	g_assert_cmpuint(r->creators->len, ==, 2);
	g_assert_cmpstr(r->description, ==,
			"Two plates from Les Gens de justice, lithographs published in Le Charivari. "
			"Scanned from the print.");
	g_assert_cmpuint(r->subjects->len, ==, 3);
	g_assert_cmpstr(r->subjects->pdata[2], ==, "Daumier, Honoré");
	g_assert_cmpstr(r->rights, ==, PL_RIGHTS_PDM);
	g_assert_cmpstr(r->institution, ==, "Boston Public Library");
	g_assert_cmpstr(r->shelfmark, ==, "**XC.1845.D38");
	g_assert_cmpstr(r->credit, ==, "Boston Public Library, via the Internet Archive");
	/* originals only: no thumbnail, item tile or metadata file */
	g_assert_cmpuint(images->len, ==, 2);
	const PlRemoteImage *two = images->pdata[1];
	g_assert_cmpstr(two->name, ==, "plate-13.jpg");
	g_assert_cmpstr(two->view, ==, "2");
	g_assert_cmpstr(two->url, ==, "https://archive.org/download/daumier-gens-de-justice/plate-13.jpg");
	g_assert_cmpstr(two->mime, ==, "image/jpeg");

	g_autoptr(PlRecord) none = NULL;
	g_autoptr(GError) err = NULL;
	g_assert_cmpint(pl_ia_metadata_parse("{}", 2, "nope", &none, NULL, &err), ==, -1);
	g_assert_nonnull(strstr(err->message, "no such item"));
	g_clear_error(&err);
	g_assert_cmpint(pl_ia_metadata_parse("{\"metadata\": {", 14, "x", &none, NULL, &err), ==, -1);
	g_assert_nonnull(strstr(err->message, "not valid JSON"));
}

static void test_commons(void)
{
	gsize len;
	g_autofree char *json = fixture("commons-imageinfo-daumier.json", &len);
	g_autoptr(PlRecord) r = NULL;
	g_autoptr(PlRemoteImage) img = NULL;
	g_assert_cmpint(pl_commons_parse(json, len, &r, &img, NULL), ==, 0);
	g_assert_cmpstr(r->title, ==, "Daumier - Les Gens de justice");
	g_assert_cmpstr(r->creators->pdata[0], ==, "Honoré Daumier");
	g_assert_cmpstr(r->date, ==, "1845");
	g_assert_cmpstr(r->credit, ==, "Bibliothèque nationale de France");
	g_assert_cmpstr(r->description, ==, "Les Gens de justice, plate 12:\u00a0«\u00a0Vous aviez faim…\u00a0», lithograph");
	g_assert_cmpstr(r->rights, ==, PL_RIGHTS_PDM);
	g_assert_cmpstr(img->url, ==, "https://upload.wikimedia.org/wikipedia/commons/3/3f/Daumier_-_Les_Gens_de_justice.jpg");
	g_assert_cmpstr(img->mime, ==, "image/jpeg");
	g_assert_cmpint(img->width, ==, 240);

	g_autofree char *missing = fixture("commons-imageinfo-missing.json", &len);
	g_autoptr(PlRecord) none = NULL;
	g_autoptr(GError) err = NULL;
	g_assert_cmpint(pl_commons_parse(missing, len, &none, NULL, &err), ==, -1);
	g_assert_nonnull(strstr(err->message, "no such file"));
}

static void test_html_text(void)
{
	g_autofree char *a = pl_html_to_text("<a href=\"x\">A &amp; B</a><br>C");
	g_assert_cmpstr(a, ==, "A & B C");
	g_autofree char *b = pl_html_to_text("  plain   text ");
	g_assert_cmpstr(b, ==, "plain text");
	g_assert_null(pl_html_to_text("<script>x()</script>"));
	g_assert_null(pl_html_to_text(""));
}

static void test_sniff(void)
{
	g_assert_cmpstr(pl_image_type_sniff((const guint8 *)"\xff\xd8\xff\xe0", 4), ==, "image/jpeg");
	g_assert_cmpstr(pl_image_type_sniff((const guint8 *)"\x89PNG\r\n\x1a\n", 8), ==, "image/png");
	g_assert_cmpstr(pl_image_type_sniff((const guint8 *)"II*\0", 4), ==, "image/tiff");
	g_assert_null(pl_image_type_sniff((const guint8 *)"<html>", 6));
}

static void test_record_urls(void)
{
	static const struct {
		const char *id, *url;
	} cases[] = {
		{"ark:/12148/btv1b8451605w/f12", "https://gallica.bnf.fr/services/OAIRecord?ark=ark:/12148/btv1b8451605w"},
		{"ia:daumier-gens-de-justice", "https://archive.org/metadata/daumier-gens-de-justice"},
		{"File:Daumier - Les Gens.jpg",
		 "https://commons.wikimedia.org/w/api.php?action=query&format=json&formatversion=2&prop=imageinfo"
		 "&iiprop=url%7Csize%7Cmime%7Csha1%7Cextmetadata&titles=File%3ADaumier_-_Les_Gens.jpg"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(PlIdentifier) id = NULL;
		g_assert_cmpint(pl_identifier_parse(cases[i].id, &id, NULL), ==, 0);
		g_autofree char *url = pl_archive_record_url(id, NULL);
		g_assert_cmpstr(url, ==, cases[i].url);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/archives/gallica-oai", test_gallica_oai);
	g_test_add_func("/archives/gallica-partner-and-gaps", test_gallica_partner_and_gaps);
	g_test_add_func("/archives/gallica-broken", test_gallica_broken);
	g_test_add_func("/archives/iiif-manifest", test_iiif_manifest);
	g_test_add_func("/archives/iiif-info", test_iiif_info);
	g_test_add_func("/archives/internet-archive", test_ia);
	g_test_add_func("/archives/commons", test_commons);
	g_test_add_func("/archives/html-text", test_html_text);
	g_test_add_func("/archives/sniff", test_sniff);
	g_test_add_func("/archives/record-urls", test_record_urls);
	return g_test_run();
}

/* The gallery's pure pieces (slugs, Markdown, paging) and a whole build from
 * plain structs: escaping of hostile metadata, incremental rebuilds, pruning. */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>
#include <vips/vips.h>

#include "collection/catalog.h"
#include "collection/config.h"
#include "gallery/gallery.h"
#include "gallery/search.h"
#include "util/util.h"

static void test_slugify(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"Honoré Daumier", "honore-daumier"},
		{"  Les Gens de justice (1845) ", "les-gens-de-justice-1845"},
		{"<script>alert(1)</script>", "script-alert-1-script"},
		{"../../etc/passwd", "etc-passwd"},
		{"Œuvres complètes", "oeuvres-completes"},
		{"", "x"},
		{"日本", "x"},
		{"---", "x"},
		{"a\x01" "b\x7f" "c", "a-b-c"},
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *s = gal_slugify(cases[i].in, 60);
		g_assert_cmpstr(s, ==, cases[i].out);
	}
	g_autofree char *longs = gal_slugify("abcdefghij klmnopqrst uvwxyz", 12);
	g_assert_cmpuint(strlen(longs), <=, 12);
	g_assert_false(g_str_has_suffix(longs, "-"));
	g_autofree char *bad = gal_slugify("caf\xc3", 60);
	g_assert_nonnull(bad);
}

/* The site's order does not follow LC_COLLATE. */
static void test_text_order(void)
{
	static const char *const sorted[] = { "Abbaye", "abbaye", "Éventail", "Fable", "Straße",
					      "Strasse b", "zèbre", "Zoo", NULL };
	static const char *const locales[] = { "C", "fr_FR.UTF-8", "de_DE.UTF-8", NULL };
	g_autofree char *before = g_strdup(setlocale(LC_ALL, NULL));
	for (int l = 0; locales[l]; l++) {
		if (!setlocale(LC_ALL, locales[l]))
			continue;
		for (int i = 0; sorted[i + 1]; i++) {
			if (gal_text_cmp(sorted[i], sorted[i + 1]) >= 0 ||
			    gal_text_cmp(sorted[i + 1], sorted[i]) <= 0)
				g_error("%s: '%s' should come before '%s'", locales[l], sorted[i],
					sorted[i + 1]);
		}
		g_assert_cmpint(gal_text_cmp("Daumier", "Daumier"), ==, 0);
	}
	setlocale(LC_ALL, before);
}

static void test_markdown(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"Hello *world*", "<p>Hello <em>world</em></p>\n"},
		{"**bold** and `a<b`", "<p><strong>bold</strong> and <code>a&lt;b</code></p>\n"},
		{"# Title\n\ntext", "<h2>Title</h2>\n<p>text</p>\n"},
		{"- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"},
		{"> quoted", "<blockquote><p>quoted</p></blockquote>\n"},
		{"<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"},
		{"[x](javascript:alert(1))", "<p>x</p>\n"},
		{"[x](https://gallica.bnf.fr/)", "<p><a href=\"https://gallica.bnf.fr/\">x</a></p>\n"},
		{"[x](about/index.html)", "<p><a href=\"about/index.html\">x</a></p>\n"},
		{"[x](//evil.example/)", "<p>x</p>\n"},
		{"[x](\"onmouseover=\"a)", "<p><a href=\"&quot;onmouseover=&quot;a\">x</a></p>\n"},
		{"a \\*not em\\*", "<p>a *not em*</p>\n"},
		{"*unclosed", "<p>*unclosed</p>\n"},
		{"line one\nline two\n\nnext", "<p>line one line two</p>\n<p>next</p>\n"},
		{"'quote' & \"dq\"", "<p>&#39;quote&#39; &amp; &quot;dq&quot;</p>\n"},
		{"ctrl\x01\x02 char", "<p>ctrl char</p>\n"},
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *s = gal_markdown_to_html(cases[i].in);
		g_assert_cmpstr(s, ==, cases[i].out);
	}
	/* Deep nesting stays bounded. */
	GString *deep = g_string_new(NULL);
	for (int i = 0; i < 5000; i++)
		g_string_append(deep, "*_[");
	g_autofree char *d = gal_markdown_to_html(deep->str);
	g_assert_nonnull(strstr(d, "<p>"));
	g_string_free(deep, TRUE);
}

static void test_paging(void)
{
	g_assert_cmpint(gal_page_count(0, 60), ==, 1);
	g_assert_cmpint(gal_page_count(60, 60), ==, 1);
	g_assert_cmpint(gal_page_count(61, 60), ==, 2);
	g_assert_cmpint(gal_page_count(1000, 60), ==, 17);
	int f, l;
	gal_page_range(1000, 60, 17, &f, &l);
	g_assert_cmpint(f, ==, 960);
	g_assert_cmpint(l, ==, 1000);
	gal_page_range(1000, 60, 99, &f, &l);
	g_assert_cmpint(f, ==, 960);
	gal_page_range(5, 60, 1, &f, &l);
	g_assert_cmpint(f, ==, 0);
	g_assert_cmpint(l, ==, 5);
	gal_page_range(0, 60, 1, &f, &l);
	g_assert_cmpint(l - f, ==, 0);
	int w[9];
	int n = gal_pager_window(17, 9, w);
	int want[] = {1, 0, 7, 8, 9, 10, 11, 0, 17};
	g_assert_cmpint(n, ==, 9);
	for (int i = 0; i < n; i++)
		g_assert_cmpint(w[i], ==, want[i]);
	n = gal_pager_window(3, 1, w);
	g_assert_cmpint(n, ==, 3);
	n = gal_pager_window(5, 1, w);
	int want5[] = {1, 2, 3, 0, 5};
	g_assert_cmpint(n, ==, 5);
	for (int i = 0; i < n; i++)
		g_assert_cmpint(w[i], ==, want5[i]);
}

static void test_widths(void)
{
	int cfg[] = {320, 640, 1280};
	int out[8];
	int n = gal_derivative_widths(cfg, 3, 4000, out);
	g_assert_cmpint(n, ==, 3);
	g_assert_cmpint(out[2], ==, 1280);
	n = gal_derivative_widths(cfg, 3, 800, out);
	g_assert_cmpint(n, ==, 3);
	g_assert_cmpint(out[2], ==, 800);
	n = gal_derivative_widths(cfg, 3, 200, out);
	g_assert_cmpint(n, ==, 1);
	g_assert_cmpint(out[0], ==, 200);
	n = gal_derivative_widths(cfg, 3, 1280, out);
	g_assert_cmpint(n, ==, 3);
	g_assert_cmpint(out[2], ==, 1280);
}

static void test_json_html(void)
{
	g_autofree char *s = gal_json_for_html("{\"a\":\"</script><b>&\"}");
	g_assert_null(strstr(s, "<"));
	g_assert_null(strstr(s, ">"));
	g_assert_nonnull(strstr(s, "\\u003c/script\\u003e"));
	g_autofree char *d = gal_decade_key(1867);
	g_assert_cmpstr(d, ==, "1860");
	g_assert_null(gal_decade_key(0));
}

/* ---- a whole build from structs ---- */

static char *make_jpeg(const char *dir, const char *name, int w, int h)
{
	char *path = g_build_filename(dir, name, NULL);
	VipsImage *black = NULL, *im = NULL;
	g_assert_cmpint(vips_black(&black, w, h, "bands", 3, NULL), ==, 0);
	g_assert_cmpint(vips_linear1(black, &im, 1.0, 200.0, "uchar", TRUE, NULL), ==, 0);
	g_assert_cmpint(vips_jpegsave(im, path, NULL), ==, 0);
	g_object_unref(black);
	g_object_unref(im);
	return path;
}

static CatalogItem *item_new(gint64 id, const char *title, const char *master)
{
	CatalogItem *it = catalog_item_new();
	it->id = id;
	it->title = g_strdup(title);
	it->creator = g_strdup("Honoré <b>Daumier</b>");
	it->date = g_strdup("1865~");
	it->year_min = 1865;
	it->year_max = 1865;
	it->description = g_strdup("A \"quoted\" description & <img src=x onerror=alert(1)>");
	it->credit = g_strdup("Source gallica.bnf.fr / Bibliothèque nationale de France");
	it->rights = g_strdup("http://creativecommons.org/publicdomain/mark/1.0/");
	it->source = g_strdup("gallica");
	it->sha256 = g_strdup("00");
	it->added_at = g_strdup_printf("2026-01-%02dT10:00:00Z", (int)id);
	it->updated_at = g_strdup(it->added_at);
	it->document_id = 1;
	it->document_key = g_strdup("ark:/12148/btv1b8451605w");
	it->document_title = g_strdup("Les Gens de justice");
	if (!it->identifiers)
		it->identifiers = g_ptr_array_new_with_free_func((GDestroyNotify)pl_identifier_free);
	PlIdentifier *pid = pl_identifier_new();
	pid->scheme = g_strdup("ark");
	pid->authority = g_strdup("12148");
	pid->local_id = g_strdup("btv1b8451605w");
	pid->view = g_strdup_printf("%d", (int)id);
	pid->value = g_strdup("ark:/12148/btv1b8451605w");
	pid->url = g_strdup_printf("https://gallica.bnf.fr/ark:/12148/btv1b8451605w/f%d.item", (int)id);
	pid->source = g_strdup("gallica");
	g_ptr_array_add(it->identifiers, pid);
	if (!it->tags)
		it->tags = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(it->tags, g_strdup("caricature"));
	g_ptr_array_add(it->tags, g_strdup("<script>tag</script>"));
	CatalogRun *run = catalog_run_new();
	run->pipeline = g_strdup("gallica");
	run->status = g_strdup("done");
	run->started_at = g_strdup("2026-01-01T00:00:00Z");
	run->master_path = g_strdup(master);
	run->master_sha256 = g_strdup_printf("%064d", (int)id);
	run->master_width = 0; /* read from the file */
	if (!run->steps)
		run->steps = g_ptr_array_new_with_free_func((GDestroyNotify)catalog_step_free);
	CatalogStep *st = g_new0(CatalogStep, 1);
	st->step = g_strdup("trim");
	st->params = g_strdup("{\"tolerance\":10}");
	st->measured = g_strdup("{\"box\":[1,2,3,4],\"note\":\"<script>x</script>\"}");
	st->applied = TRUE;
	g_ptr_array_add(run->steps, st);
	it->last_run = run;
	it->good_run = run;
	return it;
}

/* A collection's folder for a test: masters/ in it, its default settings. */
static char *collection_root(PlConfig **cfg)
{
	char *root = g_dir_make_tmp("planche-gal-XXXXXX", NULL);
	g_autofree char *masters = g_build_filename(root, "masters", NULL);
	g_mkdir(masters, 0755);
	g_assert_cmpint(pl_config_load(root, cfg, NULL), ==, 0);
	return root;
}

/* item_new with a JPEG of w x h written as masters/ID.jpg below root, and its
 * checksum in the last run, as the catalogue would hold it. */
static CatalogItem *item_with_master(const char *root, gint64 id, const char *title, int w, int h)
{
	g_autofree char *masters = g_build_filename(root, "masters", NULL);
	g_autofree char *name = g_strdup_printf("%d.jpg", (int)id);
	g_autofree char *rel = g_strdup_printf("masters/%s", name);
	g_free(make_jpeg(masters, name, w, h));
	CatalogItem *ci = item_new(id, title, rel);
	g_autofree char *path = g_build_filename(root, rel, NULL);
	g_free(ci->last_run->master_sha256);
	ci->last_run->master_sha256 = pl_sha256_file(path, NULL, NULL);
	return ci;
}

static gboolean tree_contains(const char *dir, const char *needle, char **where)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;
	gboolean found = FALSE;
	while (!found && d && (name = g_dir_read_name(d))) {
		g_autofree char *p = g_build_filename(dir, name, NULL);
		if (g_file_test(p, G_FILE_TEST_IS_DIR)) {
			found = tree_contains(p, needle, where);
		} else if (g_str_has_suffix(name, ".html") || g_str_has_suffix(name, ".xml") ||
			   g_str_has_suffix(name, ".json") || g_str_has_suffix(name, ".js")) {
			g_autofree char *text = NULL;
			if (g_file_get_contents(p, &text, NULL, NULL) && strstr(text, needle)) {
				found = TRUE;
				*where = g_strdup(p);
			}
		}
	}
	if (d)
		g_dir_close(d);
	return found;
}

/* member (a string, or a language map's first value) of every element of
 * the array "items" of the JSON file at site/rel, joined with spaces. */
static char *json_items(const char *site, const char *rel, const char *member)
{
	g_autofree char *path = g_build_filename(site, rel, NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) err = NULL;
	if (!json_parser_load_from_file(parser, path, &err))
		g_error("%s: %s", path, err->message);
	JsonArray *items = json_object_get_array_member(json_node_get_object(json_parser_get_root(parser)), "items");
	GString *out = g_string_new(NULL);
	for (guint i = 0; i < json_array_get_length(items); i++) {
		JsonObject *o = json_array_get_object_element(items, i);
		JsonNode *v = json_object_get_member(o, member);
		if (out->len)
			g_string_append_c(out, ' ');
		if (!v) {
			g_string_append(out, "(none)");
		} else if (JSON_NODE_HOLDS_VALUE(v)) {
			g_string_append(out, json_node_get_string(v));
		} else {
			/* {"none": ["f1"]}: the first language's first value */
			JsonObject *map = json_node_get_object(v);
			g_autoptr(GList) langs = json_object_get_members(map);
			JsonArray *vals = json_object_get_array_member(map, langs->data);
			g_string_append_printf(out, "%s:%s", (char *)langs->data, json_array_get_string_element(vals, 0));
		}
	}
	return g_string_free(out, FALSE);
}

static void test_build(void)
{
	g_autofree char *root = g_dir_make_tmp("planche-gal-XXXXXX", NULL);
	g_autofree char *masters = g_build_filename(root, "masters", NULL);
	g_mkdir(masters, 0755);
	g_free(make_jpeg(masters, "1.jpg", 900, 1200));
	g_free(make_jpeg(masters, "2.jpg", 1500, 1000));
	g_autoptr(PlConfig) cfg = NULL;
	g_assert_cmpint(pl_config_load(root, &cfg, NULL), ==, 0);
	g_free(cfg->base_url);
	cfg->base_url = g_strdup("https://example.org/prints");
	g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func((GDestroyNotify)catalog_item_free);
	g_ptr_array_add(items, item_new(1, "<script>alert(1)</script>", "masters/1.jpg"));
	g_ptr_array_add(items, item_new(2, "Le Défenseur", "masters/2.jpg"));
	/* A master is published only with the checksum its run recorded. */
	for (guint i = 0; i < items->len; i++) {
		CatalogRun *run = ((CatalogItem *)items->pdata[i])->last_run;
		g_autofree char *path = g_build_filename(root, run->master_path, NULL);
		g_free(run->master_sha256);
		run->master_sha256 = pl_sha256_file(path, NULL, NULL);
	}
	CatalogItem *uncleaned = catalog_item_new();
	uncleaned->id = 3;
	uncleaned->title = g_strdup("never cleaned");
	g_ptr_array_add(items, uncleaned);

	g_autofree char *site = g_build_filename(root, "site", NULL);
	GalleryOptions opt = {.root = root, .out_dir = site, .cfg = cfg, .quiet = TRUE, .jobs = 2};
	GalleryStats st;
	g_autoptr(GError) err = NULL;
	int rc = gallery_build(&opt, items, &st, &err);
	g_assert_no_error(err);
	g_assert_cmpint(rc, ==, 0);
	g_assert_cmpint(st.items, ==, 2);
	g_assert_cmpint(st.left_out, ==, 1);
	g_assert_cmpint(st.derived, ==, 2);
	const char *expect[] = {"index.html", "items/1/index.html", "items/1/manifest.json",
				"iiif/1/info.json", "media/1/320.webp", "media/1/640.jpg",
				"media/2/master.jpg", "browse/index.html", "tags/index.html",
				"feed.xml", "sitemap.xml", "robots.txt", "search/index.json",
				"iiif/collection.json", "assets/planche.css", "decades/1860/index.html"};
	for (gsize i = 0; i < G_N_ELEMENTS(expect); i++) {
		g_autofree char *p = g_build_filename(site, expect[i], NULL);
		if (!g_file_test(p, G_FILE_TEST_EXISTS))
			g_error("missing %s", expect[i]);
	}
	char *where = NULL;
	if (tree_contains(site, "<script>alert", &where) || tree_contains(site, "<b>Daumier", &where) ||
	    tree_contains(site, "<img src=x", &where) || tree_contains(site, "<script>tag", &where) ||
	    tree_contains(site, "<script>x", &where))
		g_error("unescaped markup in %s", where);
	/* The info.json the viewer uses lists every level libvips made. */
	g_autofree char *info = NULL;
	g_autofree char *info_path = g_build_filename(site, "iiif/2/info.json", NULL);
	g_assert_true(g_file_get_contents(info_path, &info, NULL, NULL));
	g_assert_nonnull(strstr(info, "\"https://example.org/prints/iiif/2\""));
	g_assert_nonnull(strstr(info, "\"sizes\""));
	/* An image that fits a screen is one IIIF tile, the whole picture at
	 * its own size under each name a viewer asks for, the same pixels as the
	 * page's largest picture; its info.json says so (one scale, one size). */
	g_autofree char *info1 = NULL;
	g_autofree char *info1_path = g_build_filename(site, "iiif/1/info.json", NULL);
	g_assert_true(g_file_get_contents(info1_path, &info1, NULL, NULL));
	g_autoptr(JsonNode) info1_node = json_from_string(info1, NULL);
	g_assert_nonnull(info1_node);
	JsonObject *i1 = json_node_get_object(info1_node);
	g_assert_cmpint(json_object_get_int_member(i1, "width"), ==, 900);
	g_assert_cmpint(json_object_get_int_member(i1, "height"), ==, 1200);
	JsonObject *t1 = json_array_get_object_element(json_object_get_array_member(i1, "tiles"), 0);
	g_assert_cmpint(json_object_get_int_member(t1, "width"), ==, 1200);
	JsonArray *sf1 = json_object_get_array_member(t1, "scaleFactors");
	g_assert_cmpint(json_array_get_length(sf1), ==, 1);
	g_assert_cmpint(json_array_get_int_element(sf1, 0), ==, 1);
	JsonObject *s1 = json_array_get_object_element(json_object_get_array_member(i1, "sizes"), 0);
	g_assert_cmpint(json_object_get_int_member(s1, "width"), ==, 900);
	g_autofree char *largest = g_build_filename(site, "media/1/900.jpg", NULL);
	g_autofree char *largest_bytes = NULL;
	gsize largest_len = 0;
	g_assert_true(g_file_get_contents(largest, &largest_bytes, &largest_len, NULL));
	const char *names[] = {"iiif/1/0,0,900,1200/900,1200/0/default.jpg",
			       "iiif/1/full/900,1200/0/default.jpg", "iiif/1/full/max/0/default.jpg"};
	for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
		g_autofree char *p = g_build_filename(site, names[i], NULL);
		g_autofree char *bytes = NULL;
		gsize len = 0;
		if (!g_file_get_contents(p, &bytes, &len, NULL))
			g_error("missing %s", names[i]);
		g_assert_true(len == largest_len && memcmp(bytes, largest_bytes, len) == 0);
		VipsImage *tile = vips_image_new_from_file(p, NULL);
		g_assert_nonnull(tile);
		g_assert_cmpint(tile->Xsize, ==, 900);
		g_assert_cmpint(tile->Ysize, ==, 1200);
		g_object_unref(tile);
	}
	/* The two views of one document: the collection lists the document's
	 * manifest (once, not its views'), whose canvases are named by folio. */
	g_autofree char *listed = json_items(site, "iiif/collection.json", "id");
	g_assert_cmpstr(listed, ==, "https://example.org/prints/documents/les-gens-de-justice/manifest.json");
	g_autofree char *listed_labels = json_items(site, "iiif/collection.json", "label");
	g_assert_cmpstr(listed_labels, ==, "none:Les Gens de justice");
	g_autofree char *canvases = json_items(site, "documents/les-gens-de-justice/manifest.json", "label");
	g_assert_cmpstr(canvases, ==, "none:f1 none:f2");

	/* Nothing changed: nothing written, nothing derived. */
	rc = gallery_build(&opt, items, &st, &err);
	g_assert_no_error(err);
	g_assert_cmpint(st.derived, ==, 0);
	g_assert_cmpint(st.written, ==, 0);

	/* A new base-url patches info.json's id; the tiles stay. */
	g_free(cfg->base_url);
	cfg->base_url = g_strdup("https://example.net/");
	rc = gallery_build(&opt, items, &st, &err);
	g_assert_no_error(err);
	g_assert_cmpint(st.derived, ==, 0);
	g_autofree char *info2 = NULL;
	g_assert_true(g_file_get_contents(info_path, &info2, NULL, NULL));
	g_assert_nonnull(strstr(info2, "\"https://example.net/iiif/2\""));

	/* An edit rewrites pages, not images; a removed item leaves nothing behind. */
	CatalogItem *two = items->pdata[1];
	g_free(two->title);
	two->title = g_strdup("Le Défenseur, retitled");
	g_ptr_array_remove_index(items, 0);
	rc = gallery_build(&opt, items, &st, &err);
	g_assert_no_error(err);
	g_assert_cmpint(st.derived, ==, 0);
	g_assert_cmpint(st.written, >, 0);
	g_assert_cmpint(st.removed, >, 0);
	g_autofree char *gone = g_build_filename(site, "items/1", NULL);
	g_autofree char *gone_media = g_build_filename(site, "media/1", NULL);
	g_assert_false(g_file_test(gone, G_FILE_TEST_EXISTS));
	g_assert_false(g_file_test(gone_media, G_FILE_TEST_EXISTS));
	g_autofree char *page = NULL;
	g_autofree char *page_path = g_build_filename(site, "items/2/index.html", NULL);
	g_assert_true(g_file_get_contents(page_path, &page, NULL, NULL));
	g_assert_nonnull(strstr(page, "retitled"));
	/* A document of one view is listed by the image's own manifest. */
	g_autofree char *listed_one = json_items(site, "iiif/collection.json", "id");
	g_assert_cmpstr(listed_one, ==, "https://example.net/items/2/manifest.json");
	g_assert_nonnull(strstr(page, ">Public Domain Mark 1.0</a>"));
	g_assert_nonnull(strstr(page, "href=\"https://gallica.bnf.fr/ark:/12148/btv1b8451605w/f2.item\""));

	g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", root);
	g_assert_cmpint(system(cmd), ==, 0);
}

static char *site_file(const char *site, const char *rel)
{
	g_autofree char *path = g_build_filename(site, rel, NULL);
	char *text = NULL;
	if (!g_file_get_contents(path, &text, NULL, NULL))
		return NULL;
	return text;
}

static gboolean site_has(const char *site, const char *rel, const char *needle)
{
	g_autofree char *text = site_file(site, rel);
	return text && strstr(text, needle);
}

static void rebuild(GalleryOptions *opt, GPtrArray *items, GalleryStats *st)
{
	g_autoptr(GError) err = NULL;
	int rc = gallery_build(opt, items, st, &err);
	g_assert_no_error(err);
	g_assert_cmpint(rc, ==, 0);
}

/* An item's pages are skipped when the fingerprint of their inputs is the
 * last build's: every input a page shows must be in it, or the edit would
 * never reach the site. Each step changes one input and looks for it. */
static void test_fingerprints(void)
{
	g_autoptr(PlConfig) cfg = NULL;
	g_autofree char *root = collection_root(&cfg);
	g_free(cfg->base_url);
	cfg->base_url = g_strdup("https://example.org/a/");
	g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func((GDestroyNotify)catalog_item_free);
	/* site order: same year, by title: Alpha (1), Beta (2), Gamma (3) */
	const char *titles[] = {"Alpha", "Beta", "Gamma"};
	for (int i = 0; i < 3; i++)
		g_ptr_array_add(items, item_with_master(root, i + 1, titles[i], 300 + 10 * i, 400));
	g_autofree char *site = g_build_filename(root, "site", NULL);
	GalleryOptions opt = {.root = root, .out_dir = site, .cfg = cfg, .quiet = TRUE, .jobs = 2};
	GalleryStats st;
	rebuild(&opt, items, &st);
	g_assert_true(site_has(site, "items/2/index.html", ">Alpha<"));
	/* the record keeps each item's fingerprint */
	g_assert_true(site_has(site, ".planche-site.state", " items/2\n"));

	/* Nothing changed: nothing written. */
	rebuild(&opt, items, &st);
	g_assert_cmpint(st.written, ==, 0);
	g_assert_cmpint(st.unchanged, >, 0);

	/* A title: its own page and manifest, its neighbour's page, the grids,
	 * the document, the search index, the feed. */
	CatalogItem *alpha = items->pdata[0];
	g_free(alpha->title);
	alpha->title = g_strdup("Aardvark");
	rebuild(&opt, items, &st);
	g_assert_cmpint(st.derived, ==, 0);
	g_assert_true(site_has(site, "items/1/index.html", "<h1>Aardvark</h1>"));
	g_assert_true(site_has(site, "items/1/manifest.json", "Aardvark"));
	g_assert_true(site_has(site, "items/2/index.html", ">Aardvark<"));
	g_assert_false(site_has(site, "items/2/index.html", ">Alpha<"));
	g_assert_true(site_has(site, "browse/index.html", "Aardvark"));
	g_assert_true(site_has(site, "documents/les-gens-de-justice/index.html", "Aardvark"));
	g_assert_true(site_has(site, "feed.xml", "Aardvark"));
	g_autofree char *search_hit = NULL;
	g_autofree char *search_dir = g_build_filename(site, "search", NULL);
	g_assert_true(tree_contains(search_dir, "Aardvark", &search_hit));

	/* A field shown only on the item's own page. */
	CatalogItem *gamma = items->pdata[2];
	g_free(gamma->description);
	gamma->description = g_strdup("A new description of Gamma");
	rebuild(&opt, items, &st);
	g_assert_true(site_has(site, "items/3/index.html", "A new description of Gamma"));
	g_assert_true(site_has(site, "items/3/manifest.json", "A new description of Gamma"));
	/* A tag added: the page links the tag's group. */
	g_ptr_array_add(gamma->tags, g_strdup("lithographie"));
	rebuild(&opt, items, &st);
	g_assert_true(site_has(site, "items/3/index.html", "tags/lithographie/index.html"));
	g_assert_true(site_has(site, "tags/index.html", "lithographie"));
	g_assert_true(site_has(site, "tags/lithographie/index.html", "Gamma"));
	/* The page size: the grids are paged again. */
	cfg->page_size = 1;
	rebuild(&opt, items, &st);
	g_autofree char *browse3 = g_build_filename(site, "browse/3/index.html", NULL);
	g_assert_true(g_file_test(browse3, G_FILE_TEST_IS_REGULAR));
	/* The kinds' indexes are paged too (a site of 100,000 images has
	 * thousands of documents), in files: the folders there are the groups'. */
	g_ptr_array_add(gamma->tags, g_strdup("zinc"));
	rebuild(&opt, items, &st);
	/* four tags (caricature, lithographie, a hostile one, zinc), one a page */
	g_assert_true(site_has(site, "tags/index.html", "rel=\"next\" href=\"index-2.html\""));
	g_assert_true(site_has(site, "tags/index-2.html", "rel=\"prev\" href=\"index.html\""));
	g_assert_true(site_has(site, "tags/index-4.html", "\"zinc/index.html\""));
	g_assert_null(site_file(site, "tags/index-5.html"));
	for (int p = 1; p <= 3; p++) {
		g_autofree char *rel = p > 1 ? g_strdup_printf("tags/index-%d.html", p)
					     : g_strdup("tags/index.html");
		g_assert_false(site_has(site, rel, "zinc/index.html"));
	}
	g_assert_true(site_has(site, "tags/zinc/index.html", "Gamma"));

	/* The base-url: every manifest; the site's title: every page. */
	g_free(cfg->base_url);
	cfg->base_url = g_strdup("https://example.net/b/");
	rebuild(&opt, items, &st);
	for (int i = 1; i <= 3; i++) {
		g_autofree char *rel = g_strdup_printf("items/%d/manifest.json", i);
		g_assert_true(site_has(site, rel, "https://example.net/b/items/"));
		g_assert_false(site_has(site, rel, "example.org"));
	}
	g_free(cfg->title);
	cfg->title = g_strdup("Another site title");
	rebuild(&opt, items, &st);
	for (int i = 1; i <= 3; i++) {
		g_autofree char *rel = g_strdup_printf("items/%d/index.html", i);
		g_assert_true(site_has(site, rel, "Another site title"));
	}

	/* A page deleted by hand comes back on the next build. */
	g_autofree char *page2 = g_build_filename(site, "items/2/index.html", NULL);
	g_assert_cmpint(g_unlink(page2), ==, 0);
	rebuild(&opt, items, &st);
	g_assert_true(site_has(site, "items/2/index.html", "Another site title"));

	/* A removed item: its pages go, its neighbours no longer link it. */
	g_ptr_array_remove_index(items, 0);
	rebuild(&opt, items, &st);
	g_autofree char *gone = g_build_filename(site, "items/1", NULL);
	g_assert_false(g_file_test(gone, G_FILE_TEST_EXISTS));
	g_assert_false(site_has(site, "items/2/index.html", "Aardvark"));
	g_assert_false(site_has(site, "items/2/index.html", "../1/index.html"));
	g_assert_false(site_has(site, ".planche-site.state", " items/1\n"));
	/* and a no-change rebuild after all that writes nothing */
	rebuild(&opt, items, &st);
	g_assert_cmpint(st.written, ==, 0);

	g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", root);
	g_assert_cmpint(system(cmd), ==, 0);
}

/* Runs come from the catalogue without their steps (catalog_items_load_all);
 * read_steps stands for catalog_runs_read_steps and counts the runs asked. */
static void steps_unread(GPtrArray *items)
{
	for (guint i = 0; i < items->len; i++) {
		CatalogRun *run = ((CatalogItem *)items->pdata[i])->last_run;
		g_ptr_array_set_size(run->steps, 0);
		run->steps_unread = TRUE;
	}
}

static int read_steps_counted(gpointer data, GPtrArray *runs, GError **error)
{
	(void)error;
	*(int *)data += (int)runs->len;
	for (guint i = 0; i < runs->len; i++) {
		CatalogRun *run = runs->pdata[i];
		CatalogStep *st = g_new0(CatalogStep, 1);
		st->step = g_strdup("levels");
		st->params = g_strdup("{}");
		st->measured = g_strdup_printf("{\"run\":\"read %" G_GINT64_FORMAT "\"}", run->id);
		st->applied = TRUE;
		g_ptr_array_add(run->steps, st);
		run->steps_unread = FALSE;
	}
	return 0;
}

static GPtrArray *reading;

static int read_items_given(gpointer catalog, GPtrArray **items, GError **error)
{
	(void)catalog;
	(void)error;
	*items = g_ptr_array_ref(reading);
	return 0;
}

/* The steps, most of a catalogue's bytes, are read only for the pages that
 * are made; a page made shows them, a no-change rebuild reads none. */
static void test_steps_read_for_pages_made(void)
{
	g_autoptr(PlConfig) cfg = NULL;
	g_autofree char *root = collection_root(&cfg);
	g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func((GDestroyNotify)catalog_item_free);
	const char *titles[] = {"Alpha", "Beta", "Gamma"};
	for (int i = 0; i < 3; i++) {
		CatalogItem *ci = item_with_master(root, i + 1, titles[i], 300, 400);
		ci->last_run->id = 100 + i;
		g_ptr_array_add(items, ci);
	}
	g_autofree char *site = g_build_filename(root, "site", NULL);
	int asked = 0;
	GalleryOptions opt = {.root = root, .out_dir = site, .cfg = cfg, .quiet = TRUE, .jobs = 2,
			      .catalog = &asked, .read_steps = read_steps_counted};
	GalleryStats st;
	steps_unread(items);
	rebuild(&opt, items, &st);
	g_assert_cmpint(asked, ==, 3);
	g_assert_true(site_has(site, "items/1/index.html", "read 100"));
	g_assert_true(site_has(site, "items/3/index.html", "read 102"));
	/* and let go after the pages: a big site's steps are not all held at once */
	for (guint i = 0; i < items->len; i++) {
		const CatalogRun *run = ((CatalogItem *)items->pdata[i])->last_run;
		g_assert_true(run->steps_unread);
		g_assert_cmpuint(run->steps->len, ==, 0);
	}

	/* as the next build loads them: nothing changed, nothing read */
	asked = 0;
	steps_unread(items);
	rebuild(&opt, items, &st);
	g_assert_cmpint(st.written, ==, 0);
	g_assert_cmpint(asked, ==, 0);

	/* Gamma's title: its page and Beta's (which links it) are made again,
	 * with their steps; Alpha's is not. */
	CatalogItem *gamma = items->pdata[2];
	g_free(gamma->title);
	gamma->title = g_strdup("Gamma, retitled");
	rebuild(&opt, items, &st);
	g_assert_cmpint(asked, ==, 2);
	g_assert_true(site_has(site, "items/3/index.html", "Gamma, retitled"));
	g_assert_true(site_has(site, "items/3/index.html", "read 102"));
	g_assert_true(site_has(site, "items/2/index.html", "read 101"));
	g_assert_true(site_has(site, "items/1/index.html", "read 100"));

	/* Items read by the build itself, while it looks at the last build's
	 * files in the meantime: what went missing by hand is still found. */
	g_autofree char *page2 = g_build_filename(site, "items/2/index.html", NULL);
	g_autofree char *info3 = g_build_filename(site, "iiif/3/info.json", NULL);
	g_assert_cmpint(g_unlink(page2), ==, 0);
	g_assert_cmpint(g_unlink(info3), ==, 0);
	reading = items;
	opt.read_items = read_items_given;
	g_autoptr(GError) err = NULL;
	g_assert_cmpint(gallery_build(&opt, NULL, &st, &err), ==, 0);
	g_assert_no_error(err);
	g_assert_cmpint(st.items, ==, 3);
	g_assert_cmpint(st.derived, ==, 1);
	g_assert_true(site_has(site, "items/2/index.html", "read 101"));
	g_assert_true(g_file_test(info3, G_FILE_TEST_IS_REGULAR));
	g_assert_cmpint(gallery_build(&opt, NULL, &st, &err), ==, 0);
	g_assert_cmpint(st.written, ==, 0);

	g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", root);
	g_assert_cmpint(system(cmd), ==, 0);
}

/* The fingerprints' hash (util/hash.c) tells every one-bit edit from the
 * original and from every other, at every length, and every length from
 * the others: "ab" and "ab\0" differ, so does "" from "\0". */
static void test_fingerprint_hash(void)
{
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	guchar buf[80];
	for (gsize i = 0; i < sizeof buf; i++)
		buf[i] = (guchar)(i * 37 + 11);
	int n = 0;
	for (gsize len = 0; len <= sizeof buf; len++) {
		g_hash_table_add(seen, pl_hash128_hex(buf, len));
		n++;
		guchar zeros[80] = {0};
		g_hash_table_add(seen, pl_hash128_hex(zeros, len));
		n++;
	}
	g_assert_cmpuint(g_hash_table_size(seen), ==, (guint)n - 1); /* "" twice */
	guchar orig[64];
	memcpy(orig, buf, sizeof orig);
	for (gsize bit = 0; bit < sizeof orig * 8; bit++) {
		orig[bit / 8] ^= (guchar)(1u << (bit % 8));
		char *h = pl_hash128_hex(orig, sizeof orig);
		g_assert_cmpuint(strlen(h), ==, 32);
		g_assert_false(g_hash_table_contains(seen, h));
		g_hash_table_add(seen, h);
		orig[bit / 8] ^= (guchar)(1u << (bit % 8));
	}
	/* the same bytes, the same hash */
	g_autofree char *a = pl_hash128_hex("planche", 7), *b = pl_hash128_hex("planche", 7);
	g_assert_cmpstr(a, ==, b);
	/* one bit flipped changes about half the output's bits */
	guint64 h1[2], h2[2];
	pl_hash128("planche site inputs", 19, h1);
	pl_hash128("planche site inputt", 19, h2);
	int diff = __builtin_popcountll(h1[0] ^ h2[0]) + __builtin_popcountll(h1[1] ^ h2[1]);
	g_assert_cmpint(diff, >, 40);
	g_assert_cmpint(diff, <, 88);
}

/* The state of a site as an older planche kept it, in JSON (version 2),
 * made here from the line format's records. */
static char *state_as_json(const char *lines)
{
	GString *files = g_string_new(NULL), *inputs = g_string_new(NULL), *trees = g_string_new(NULL);
	g_auto(GStrv) ls = g_strsplit(lines, "\n", -1);
	for (int i = 0; ls[i]; i++) {
		g_auto(GStrv) f = g_strsplit(ls[i], " ", 3);
		if (g_strv_length(f) != 3)
			continue;
		if (strcmp(f[0], "f") == 0 || strcmp(f[0], "i") == 0) {
			GString *into = f[0][0] == 'f' ? files : inputs;
			g_string_append_printf(into, "%s\"%s\":\"%s\"", into->len ? "," : "", f[2], f[1]);
		} else if (strcmp(f[0], "t") == 0) {
			g_auto(GStrv) parts = g_strsplit(f[2], "\t", -1);
			g_string_append_printf(trees, "%s\"%s\":{\"key\":\"%s\",\"files\":[",
					       trees->len ? "," : "", f[1], parts[0]);
			for (int k = 1; parts[k]; k++)
				g_string_append_printf(trees, "%s\"%s\"", k > 1 ? "," : "", parts[k]);
			g_string_append(trees, "]}");
		}
	}
	char *json = g_strdup_printf("{\"version\":2,\"journal-marks-unfinished\":true,\"files\":{%s},"
				     "\"inputs\":{%s},\"trees\":{%s}}", files->str, inputs->str,
				     trees->str);
	g_string_free(files, TRUE);
	g_string_free(inputs, TRUE);
	g_string_free(trees, TRUE);
	return json;
}

/* A site an older planche built, with its state in .planche-site.json:
 * the next build reads it once, remakes no image and rewrites no page, and
 * keeps the state in the line format from then on; what the JSON recorded
 * is still removed when its image goes. */
static void test_state_from_json(void)
{
	g_autoptr(PlConfig) cfg = NULL;
	g_autofree char *root = collection_root(&cfg);
	g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func((GDestroyNotify)catalog_item_free);
	for (int i = 0; i < 2; i++)
		g_ptr_array_add(items, item_with_master(root, i + 1, i ? "Beta" : "Alpha", 300, 400 + 10 * i));
	g_autofree char *site = g_build_filename(root, "site", NULL);
	GalleryOptions opt = {.root = root, .out_dir = site, .cfg = cfg, .quiet = TRUE, .jobs = 2};
	GalleryStats st;
	rebuild(&opt, items, &st);
	g_assert_cmpint(st.derived, ==, 2);
	g_autofree char *state_path = g_build_filename(site, ".planche-site.state", NULL);
	g_autofree char *json_path = g_build_filename(site, ".planche-site.json", NULL);
	g_autofree char *lines = site_file(site, ".planche-site.state");
	g_assert_nonnull(lines);
	g_assert_true(g_str_has_prefix(lines, "planche-site-state 3\n"));
	g_assert_true(g_str_has_suffix(lines, "\nend\n"));
	g_autofree char *json = state_as_json(lines);
	g_assert_true(g_file_set_contents(json_path, json, -1, NULL));
	g_assert_cmpint(g_unlink(state_path), ==, 0);

	rebuild(&opt, items, &st);
	g_assert_cmpint(st.derived, ==, 0);
	g_assert_cmpint(st.written, ==, 0);
	g_assert_cmpint(st.removed, ==, 0);
	g_assert_false(g_file_test(json_path, G_FILE_TEST_EXISTS));
	g_autofree char *again = site_file(site, ".planche-site.state");
	g_assert_cmpstr(again, ==, lines);

	/* A state cut short is no state: the folder is refused, not trusted. */
	g_assert_true(g_file_set_contents(state_path, lines, (gssize)(strlen(lines) - 4), NULL));
	g_autoptr(GError) err = NULL;
	g_assert_cmpint(gallery_build(&opt, items, &st, &err), ==, -1);
	g_assert_nonnull(err);
	g_assert_nonnull(strstr(err->message, "not a site planche made"));
	g_assert_true(g_file_set_contents(state_path, lines, -1, NULL));

	/* The image the JSON recorded goes: its derivatives go with it. */
	g_ptr_array_remove_index(items, 1);
	g_assert_cmpint(g_unlink(state_path), ==, 0);
	g_assert_true(g_file_set_contents(json_path, json, -1, NULL));
	rebuild(&opt, items, &st);
	g_autofree char *media2 = g_build_filename(site, "media/2", NULL);
	g_autofree char *iiif2 = g_build_filename(site, "iiif/2", NULL);
	g_assert_false(g_file_test(media2, G_FILE_TEST_EXISTS));
	g_assert_false(g_file_test(iiif2, G_FILE_TEST_EXISTS));
	g_autofree char *media1 = g_build_filename(site, "media/1", NULL);
	g_assert_true(g_file_test(media1, G_FILE_TEST_IS_DIR));

	g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", root);
	g_assert_cmpint(system(cmd), ==, 0);
}

static void test_french(void)
{
	g_autofree char *root = g_dir_make_tmp("planche-gal-XXXXXX", NULL);
	g_autoptr(PlConfig) cfg = NULL;
	g_assert_cmpint(pl_config_load(root, &cfg, NULL), ==, 0);
	g_free(cfg->language);
	cfg->language = g_strdup("fr");
	g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func((GDestroyNotify)catalog_item_free);
	g_autofree char *site = g_build_filename(root, "site", NULL);
	GalleryOptions opt = {.root = root, .out_dir = site, .cfg = cfg, .quiet = TRUE};
	g_assert_cmpint(gallery_build(&opt, items, NULL, NULL), ==, 0);
	g_autofree char *home = NULL;
	g_autofree char *p = g_build_filename(site, "index.html", NULL);
	g_assert_true(g_file_get_contents(p, &home, NULL, NULL));
	g_assert_nonnull(strstr(home, "lang=\"fr\""));
	g_assert_nonnull(strstr(home, "Dernières entrées"));
	g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", root);
	g_assert_cmpint(system(cmd), ==, 0);
}

/* search.js's hex of a string's first n characters. */
static char *hex_prefix(const char *w, glong n)
{
	const char *end = g_utf8_offset_to_pointer(w, MIN(n, g_utf8_strlen(w, -1)));
	GString *k = g_string_new(NULL);
	for (const char *p = w; p < end; p++)
		g_string_append_printf(k, "%02x", (guchar)*p);
	return g_string_free(k, FALSE);
}

static void add_posting(GHashTable *postings, const char *word, guint item)
{
	GArray *a = g_hash_table_lookup(postings, word);
	if (!a) {
		a = g_array_new(FALSE, FALSE, sizeof(guint));
		g_hash_table_insert(postings, g_strdup(word), a);
	}
	g_array_append_val(a, item);
}

/* The arguments of a script "fn(ARGS);\n" that calls fn, as a JSON array. */
static JsonParser *call_args(const char *text, const char *fn)
{
	g_autofree char *head = g_strdup_printf("%s(", fn);
	g_assert_true(g_str_has_prefix(text, head));
	g_assert_true(g_str_has_suffix(text, ");\n"));
	gsize len = strlen(text);
	g_autofree char *args = g_strdup_printf("[%.*s]", (int)(len - strlen(head) - 3), text + strlen(head));
	JsonParser *parser = json_parser_new();
	g_assert_true(json_parser_load_from_data(parser, args, -1, NULL));
	return parser;
}

/* What search.js does with the files of gal_search_shard_files, in C, with
 * what it downloads counted. */
typedef struct {
	GHashTable *files;
	GHashTable *shards; /* key -> JsonParser of its arguments */
	gsize fetched;      /* bytes of the scripts read */
} Page;

static void page_init(Page *pg, GHashTable *files)
{
	pg->files = files;
	pg->shards = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
	GHashTableIter it;
	gpointer name, text;
	g_hash_table_iter_init(&it, files);
	while (g_hash_table_iter_next(&it, &name, &text))
		if (g_str_has_prefix(name, "t/")) {
			JsonParser *p = call_args(text, "plancheSearch.shard");
			JsonArray *a = json_node_get_array(json_parser_get_root(p));
			g_autofree char *key = g_strndup((char *)name + 2, strlen(name) - 5);
			g_assert_cmpstr(json_array_get_string_element(a, 0), ==, key);
			g_hash_table_insert(pg->shards, g_steal_pointer(&key), p);
		}
}

/* The shard of q's longest prefix that has one (its key), or NULL. */
static const char *page_key(Page *pg, const char *q)
{
	for (glong n = g_utf8_strlen(q, -1); n > 0; n--) {
		g_autofree char *k = hex_prefix(q, n);
		gpointer orig;
		if (g_hash_table_lookup_extended(pg->shards, k, &orig, NULL))
			return orig;
	}
	return NULL;
}

/* Adds to set the positions of a LIST up to the first `first` of them (all
 * if 0), reading (and counting) only the parts that takes. */
static void page_list(Page *pg, JsonNode *list, GHashTable *set, guint first)
{
	if (JSON_NODE_HOLDS_ARRAY(list)) {
		JsonArray *a = json_node_get_array(list);
		for (guint i = 0; i < json_array_get_length(a) && (!first || i < first); i++)
			g_hash_table_add(set, GUINT_TO_POINTER(json_array_get_int_element(a, i)));
		return;
	}
	JsonObject *o = json_node_get_object(list);
	JsonArray *ps = json_object_get_array_member(o, "p");
	const char *id = json_object_get_string_member(o, "id");
	guint seen = 0, last = 0;
	for (guint i = 0; i < json_array_get_length(ps) && (!first || seen < first); i++) {
		JsonArray *r = json_array_get_array_element(ps, i);
		g_autofree char *part = g_strdup_printf("%s-%u", id, i);
		g_autofree char *name = g_strdup_printf("p/%s.js", part);
		const char *text = g_hash_table_lookup(pg->files, name);
		g_assert_nonnull(text);
		pg->fetched += strlen(text);
		g_autoptr(JsonParser) p = call_args(text, "plancheSearch.part");
		JsonArray *args = json_node_get_array(json_parser_get_root(p));
		g_assert_cmpstr(json_array_get_string_element(args, 0), ==, part);
		JsonArray *pos = json_array_get_array_element(args, 1);
		guint n = json_array_get_length(pos);
		g_assert_cmpuint(n, >, 0);
		/* the range the shard gives is the part's */
		g_assert_cmpint(json_array_get_int_element(pos, 0), ==, json_array_get_int_element(r, 0));
		g_assert_cmpint(json_array_get_int_element(pos, n - 1), ==, json_array_get_int_element(r, 1));
		for (guint k = 0; k < n; k++) {
			guint v = (guint)json_array_get_int_element(pos, k);
			g_assert_true(seen == 0 || v > last);
			last = v;
			seen++;
			g_hash_table_add(set, GUINT_TO_POINTER(v));
		}
	}
	if (!first)
		g_assert_cmpint(seen, ==, json_object_get_int_member(o, "n"));
}

/* The images a query of one word finds (first: only as far as the first
 * `first` positions of each list need). */
static GHashTable *page_find(Page *pg, const char *q, guint first)
{
	GHashTable *set = g_hash_table_new(NULL, NULL);
	const char *key = page_key(pg, q);
	if (!key)
		return set;
	g_autofree char *name = g_strdup_printf("t/%s.js", key);
	pg->fetched += strlen(g_hash_table_lookup(pg->files, name));
	JsonArray *a = json_node_get_array(json_parser_get_root(g_hash_table_lookup(pg->shards, key)));
	g_autofree char *whole = hex_prefix(q, G_MAXLONG);
	if (json_array_get_length(a) > 2 && strcmp(whole, key) == 0) {
		page_list(pg, json_array_get_element(a, 2), set, first);
		return set;
	}
	JsonObject *words = json_array_get_object_element(a, 1);
	g_autoptr(GList) members = json_object_get_members(words);
	for (GList *l = members; l; l = l->next)
		if (g_str_has_prefix(l->data, q))
			page_list(pg, json_object_get_member(words, l->data), set, first);
	return set;
}

/* A site of n_items whose words share prefixes a lot: every item has a
 * year 18xx, an identifier 18btv…, "18", "estampe"; half "paris", a third
 * "papier"… so that "18" and "pa" are split and "estampe" alone is over. */
static GHashTable *common_words(guint n_items)
{
	GHashTable *postings = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
						     (GDestroyNotify)g_array_unref);
	for (guint i = 0; i < n_items; i++) {
		char w[64];
		g_snprintf(w, sizeof w, "%u", 1800 + i % 100);
		add_posting(postings, w, i);
		g_snprintf(w, sizeof w, "18btv1b%05u", i);
		add_posting(postings, w, i);
		add_posting(postings, "18", i);
		add_posting(postings, "estampe", i);
		add_posting(postings, i % 2 ? "18é" : "paris", i);
		if (i % 3 == 0)
			add_posting(postings, "papier", i);
		if (i % 1000 == 7)
			add_posting(postings, "pa", i);
		g_snprintf(w, sizeof w, "18%sdéfenseur%u", i % 3 ? "" : "ë", i % 700);
		add_posting(postings, w, i);
	}
	return postings;
}

static int cmp_word(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The images of every word beginning with q, from the postings themselves
 * (words: their words sorted, where q's are contiguous). */
static GHashTable *want_find(GHashTable *postings, char **words, guint n, const char *q)
{
	GHashTable *set = g_hash_table_new(NULL, NULL);
	guint lo = 0, hi = n;
	while (lo < hi) {
		guint mid = (lo + hi) / 2;
		if (strcmp(words[mid], q) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (guint w = lo; w < n && g_str_has_prefix(words[w], q); w++) {
		GArray *a = g_hash_table_lookup(postings, words[w]);
		for (guint i = 0; i < a->len; i++)
			g_hash_table_add(set, GUINT_TO_POINTER(g_array_index(a, guint, i)));
	}
	return set;
}

static gboolean same_set(GHashTable *a, GHashTable *b)
{
	if (g_hash_table_size(a) != g_hash_table_size(b))
		return FALSE;
	GHashTableIter it;
	gpointer k;
	g_hash_table_iter_init(&it, a);
	while (g_hash_table_iter_next(&it, &k, NULL))
		if (!g_hash_table_contains(b, k))
			return FALSE;
	return TRUE;
}

/* 20,000 items, the case that made one 1 MB shard on a 99,000-image site:
 * no script over the budget, not even one common word's; and every query of
 * two letters or more that begins a word finds every image with a word
 * beginning with it, whatever split its prefix: "18" finds all the years,
 * "pa" "paris" and "papier" though "pa" was split into "par" and "pap". */
static void test_search_shards(void)
{
	const guint n_items = 20000;
	g_autoptr(GHashTable) postings = common_words(n_items);
	const gsize budget = GAL_SEARCH_SHARD_BUDGET;
	const gsize part_budget = budget / GAL_SEARCH_PARTS_PER_BUDGET;
	g_autoptr(GHashTable) files = gal_search_shard_files(postings, budget);
	Page pg;
	page_init(&pg, files);
	guint n_words = 0;
	g_autofree char **words = (char **)g_hash_table_get_keys_as_array(postings, &n_words);
	qsort(words, n_words, sizeof *words, cmp_word);

	gsize largest = 0;
	GHashTableIter it;
	gpointer name, text;
	g_hash_table_iter_init(&it, files);
	while (g_hash_table_iter_next(&it, &name, &text)) {
		gsize len = strlen(text);
		largest = MAX(largest, len);
		if (g_str_has_prefix(name, "p/"))
			/* the positions, and the call around them */
			g_assert_cmpuint(len, <=, part_budget + 64);
		else
			g_assert_cmpuint(len, <=, budget);
	}
	g_test_message("%u files, largest %" G_GSIZE_FORMAT " bytes, budget %" G_GSIZE_FORMAT,
		       g_hash_table_size(files), largest, budget);
	/* The splits this site is about. */
	const char *split[] = {"18", "183", "pa", "par"};
	for (guint i = 0; i < G_N_ELEMENTS(split); i++) {
		g_autofree char *k = hex_prefix(split[i], G_MAXLONG);
		g_assert_true(g_hash_table_contains(pg.shards, k));
	}

	/* Every word, and every prefix of it from two letters. */
	g_autoptr(GHashTable) asked = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GHashTableIter w;
	gpointer word;
	g_hash_table_iter_init(&w, postings);
	while (g_hash_table_iter_next(&w, &word, NULL)) {
		glong len = g_utf8_strlen(word, -1);
		for (glong n = MIN(2, len); n <= len; n++) {
			char *q = g_strndup(word, (gsize)(g_utf8_offset_to_pointer(word, n) - (char *)word));
			if (!g_hash_table_add(asked, q))
				continue;
			g_autoptr(GHashTable) got = page_find(&pg, q, 0);
			g_autoptr(GHashTable) want = want_find(postings, words, n_words, q);
			if (!same_set(got, want))
				g_error("\"%s\" finds %u images, not %u", q, g_hash_table_size(got),
					g_hash_table_size(want));
		}
	}

	/* A common word's, or a split prefix's, first page of results (200)
	 * downloads about one budget, not its whole list. */
	const char *common[] = {"estampe", "18", "pa", "paris", "1850", "18b"};
	for (guint i = 0; i < G_N_ELEMENTS(common); i++) {
		pg.fetched = 0;
		g_autoptr(GHashTable) got = page_find(&pg, common[i], 200);
		g_test_message("\"%s\": first page %" G_GSIZE_FORMAT " bytes", common[i], pg.fetched);
		g_autoptr(GHashTable) want = want_find(postings, words, n_words, common[i]);
		g_assert_cmpuint(g_hash_table_size(got), >=, MIN(200, g_hash_table_size(want)));
		g_assert_cmpuint(pg.fetched, <=, budget);
	}
	g_hash_table_unref(pg.shards);
}

/* A list cut into parts: each in order, none empty, none over its budget
 * (but one position a part, whatever the budget), together the list. */
static void test_search_parts(void)
{
	g_autoptr(GHashTable) postings = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
							       (GDestroyNotify)g_array_unref);
	for (guint i = 0; i < 3000; i += 1 + i % 3)
		add_posting(postings, "lithographie", i);
	GArray *l = g_hash_table_lookup(postings, "lithographie");
	gsize whole = gal_search_list_size((guint *)(void *)l->data, l->len);
	g_assert_cmpuint(whole, >, 4000);
	const gsize budgets[] = {4 * 4096, 4 * 1000, 8, 4};
	for (guint b = 0; b < G_N_ELEMENTS(budgets); b++) {
		g_autoptr(GHashTable) files = gal_search_shard_files(postings, budgets[b]);
		Page pg;
		page_init(&pg, files);
		g_autoptr(GHashTable) got = page_find(&pg, "lith", 0);
		char *words[] = {"lithographie"};
		g_autoptr(GHashTable) want = want_find(postings, words, 1, "lith");
		g_assert_true(same_set(got, want));
		guint parts = 0;
		GHashTableIter it;
		gpointer name;
		g_hash_table_iter_init(&it, files);
		while (g_hash_table_iter_next(&it, &name, NULL))
			parts += g_str_has_prefix(name, "p/");
		gsize part_budget = MAX(budgets[b] / GAL_SEARCH_PARTS_PER_BUDGET, 1);
		if (whole <= part_budget)
			g_assert_cmpuint(parts, ==, 0);
		else if (part_budget >= 8)
			g_assert_cmpuint(parts, >=, whole / part_budget);
		if (budgets[b] < 10)
			g_assert_cmpuint(parts, ==, l->len);
		g_hash_table_unref(pg.shards);
	}
}

/* The chunks of ids (in this order) as "first..last" strings, for comparing
 * two cuts. */
static GHashTable *chunk_set(const char *const *ids, guint n, GArray *sizes)
{
	GHashTable *set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint c = 0, pos = 0; c < sizes->len; c++) {
		guint k = g_array_index(sizes, guint, c);
		g_assert_cmpuint(pos + k, <=, n);
		g_hash_table_add(set, g_strdup_printf("%s..%s:%u", ids[pos], ids[pos + k - 1], k));
		pos += k;
	}
	return set;
}

/* Chunks of ids that the other cut does not have. */
static guint chunks_changed(GHashTable *a, GHashTable *b)
{
	guint n = 0;
	GHashTableIter it;
	gpointer key;
	g_hash_table_iter_init(&it, a);
	while (g_hash_table_iter_next(&it, &key, NULL))
		n += !g_hash_table_contains(b, key);
	return n;
}

/* The search page's chunks of cards: every item in one, min to max each (the
 * last may be shorter), the same cut from the same ids, and an item added
 * in the middle or removed (which shifts the positions of all the items
 * after it) changes the chunks around it only: chunks of a fixed count, as
 * before, would all change after it, and a rebuild rewrite them all. */
static void test_search_card_chunks(void)
{
	const guint n = 10000, min = GAL_SEARCH_CARDS_MIN, max = GAL_SEARCH_CARDS_MAX;
	/* ids in an order unlike theirs, as the site's (year, title) */
	char **ids = g_new0(char *, n + 2);
	for (guint i = 0; i < n; i++)
		ids[i] = g_strdup_printf("%u", (i * 7919u) % n + 1);
	g_autoptr(GArray) sizes = g_array_new(FALSE, FALSE, sizeof(guint));
	guint chunks = gal_search_card_chunks((const char *const *)ids, n, min, max, sizes);
	g_assert_cmpuint(chunks, ==, sizes->len);
	guint sum = 0;
	for (guint c = 0; c < chunks; c++) {
		guint k = g_array_index(sizes, guint, c);
		g_assert_cmpuint(k, <=, max);
		if (c + 1 < chunks)
			g_assert_cmpuint(k, >=, min);
		sum += k;
	}
	g_assert_cmpuint(sum, ==, n);
	/* about (min + max) / 2 a chunk: neither all at min nor all at max */
	g_assert_cmpuint(chunks, >, n / max + n / max / 4);
	g_assert_cmpuint(chunks, <, n / min - n / min / 4);
	g_test_message("%u ids: %u chunks, %.1f cards each", n, chunks, (double)n / chunks);
	g_autoptr(GHashTable) before = chunk_set((const char *const *)ids, n, sizes);

	g_autoptr(GArray) again = g_array_new(FALSE, FALSE, sizeof(guint));
	gal_search_card_chunks((const char *const *)ids, n, min, max, again);
	g_assert_cmpmem(again->data, again->len * sizeof(guint), sizes->data, sizes->len * sizeof(guint));

	/* each place of the site an item may be added at, then removed from */
	for (guint at = 0; at <= n; at += 997) {
		char **added = g_new0(char *, n + 2);
		memcpy(added, ids, at * sizeof *ids);
		added[at] = "10001";
		memcpy(added + at + 1, ids + at, (n - at) * sizeof *ids);
		g_autoptr(GArray) s2 = g_array_new(FALSE, FALSE, sizeof(guint));
		gal_search_card_chunks((const char *const *)added, n + 1, min, max, s2);
		g_autoptr(GHashTable) after = chunk_set((const char *const *)added, n + 1, s2);
		/* the new item's chunk, and now and then its neighbour where a cut
		 * at max moved */
		g_assert_cmpuint(chunks_changed(after, before), <=, 3);
		g_assert_cmpuint(chunks_changed(before, after), <=, 3);

		char **removed = g_new0(char *, n + 1);
		guint r = MIN(at, n - 1);
		memcpy(removed, ids, r * sizeof *ids);
		memcpy(removed + r, ids + r + 1, (n - r - 1) * sizeof *ids);
		g_autoptr(GArray) s3 = g_array_new(FALSE, FALSE, sizeof(guint));
		gal_search_card_chunks((const char *const *)removed, n - 1, min, max, s3);
		g_autoptr(GHashTable) gone = chunk_set((const char *const *)removed, n - 1, s3);
		g_assert_cmpuint(chunks_changed(gone, before), <=, 3);
		g_free(added);
		g_free(removed);
	}
	g_strfreev(ids);

	/* no ids, one id, and a min over max: still every item once */
	g_autoptr(GArray) s4 = g_array_new(FALSE, FALSE, sizeof(guint));
	g_assert_cmpuint(gal_search_card_chunks(NULL, 0, min, max, s4), ==, 0);
	const char *one[] = {"7"};
	g_assert_cmpuint(gal_search_card_chunks(one, 1, min, max, s4), ==, 1);
	g_assert_cmpuint(g_array_index(s4, guint, 0), ==, 1);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	if (VIPS_INIT(argv[0]))
		return 1;
	g_test_add_func("/gallery/slugify", test_slugify);
	g_test_add_func("/gallery/text-order", test_text_order);
	g_test_add_func("/gallery/markdown", test_markdown);
	g_test_add_func("/gallery/paging", test_paging);
	g_test_add_func("/gallery/widths", test_widths);
	g_test_add_func("/gallery/json-html", test_json_html);
	g_test_add_func("/gallery/build", test_build);
	g_test_add_func("/gallery/french", test_french);
	g_test_add_func("/gallery/fingerprints", test_fingerprints);
	g_test_add_func("/gallery/fingerprint-hash", test_fingerprint_hash);
	g_test_add_func("/gallery/steps-read-for-pages-made", test_steps_read_for_pages_made);
	g_test_add_func("/gallery/state-from-json", test_state_from_json);
	g_test_add_func("/gallery/search-shards", test_search_shards);
	g_test_add_func("/gallery/search-parts", test_search_parts);
	g_test_add_func("/gallery/search-card-chunks", test_search_card_chunks);
	int rc = g_test_run();
	vips_shutdown();
	return rc;
}

/* The review site's doubtfulness rules, on records built by hand. */
#include <glib.h>
#include <stdarg.h>
#include <string.h>

#include "review/review.h"

/* An item 1000 x 1000 cleaned to region (x0,y0)-(x1,y1), with steps given as
 * "name", "params JSON", "measured JSON", applied, ..., NULL. */
static CatalogItem *item_new(double x0, double y0, double x1, double y1, ...)
{
	CatalogItem *it = catalog_item_new();
	va_list ap;
	it->id = 1;
	it->width = it->height = 1000;
	it->status = (g_free(it->status), g_strdup("cleaned"));
	it->last_run = catalog_run_new();
	it->last_run->status = g_strdup("done");
	it->last_run->region = g_strdup_printf("[[%g,%g],[%g,%g],[%g,%g],[%g,%g]]", x0, y0, x1, y0,
					       x1, y1, x0, y1);
	va_start(ap, y1);
	for (const char *name; (name = va_arg(ap, const char *));) {
		CatalogStep *s = g_new0(CatalogStep, 1);
		s->step = g_strdup(name);
		s->params = g_strdup(va_arg(ap, const char *));
		s->measured = g_strdup(va_arg(ap, const char *));
		s->applied = va_arg(ap, int);
		g_ptr_array_add(it->last_run->steps, s);
	}
	va_end(ap);
	return it;
}

static ReviewDoubt *judge(const CatalogItem *it, double batch)
{
	ReviewRules rules;
	review_rules_default(&rules);
	return review_doubt_new(it, batch, &rules);
}

static gboolean has_reason(const ReviewDoubt *d, const char *part)
{
	for (guint i = 0; i < d->reasons->len; i++)
		if (strstr(d->reasons->pdata[i], part))
			return TRUE;
	return FALSE;
}

static void test_fine(void)
{
	g_autoptr(CatalogItem) it = item_new(50, 50, 950, 950,
		"deskew", "{\"range\":5,\"min-confidence\":0.15}",
		"{\"angle\":1.2,\"confidence\":0.8,\"source\":\"measured\"}", TRUE,
		"trim", "{}", "{\"box\":[100,100,800,800],\"source\":\"measured\"}", TRUE,
		"levels", "{}", "{\"black\":30,\"white\":220}", TRUE, NULL);
	g_autoptr(ReviewDoubt) d = judge(it, 0.2);
	g_assert_cmpint(d->verdict, ==, REVIEW_OK);
	g_assert_cmpuint(d->reasons->len, ==, 0);
	g_assert_cmpfloat_with_epsilon(d->removed, 0.19, 1e-9);
}

/* Table-driven: one rule each. */
typedef struct {
	const char *what;
	double x1;       /* region's right edge: controls the removed share */
	double batch;
	const char *step, *params, *measured;
	gboolean applied;
	const char *reason; /* NULL: fine */
} Case;

static const Case cases[] = {
	{ "big crop", 300, -1, "orient", "{}", "{}", FALSE, "removed 70 %" },
	{ "unusual crop", 700, 0.02, "orient", "{}", "{}", FALSE, "against 2 %" },
	{ "usual crop", 700, 0.25, "orient", "{}", "{}", FALSE, NULL },
	{ "less cut than usual", 1000, 0.3, "orient", "{}", "{}", FALSE, NULL },
	{ "deskew refused", 1000, -1, "deskew", "{\"range\":5,\"min-confidence\":0.15}",
	  "{\"angle\":0,\"confidence\":0.05,\"refused\":\"low confidence\"}", FALSE, "low confidence (0.05)" },
	{ "deskew barely confident", 1000, -1, "deskew", "{\"range\":5,\"min-confidence\":0.15}",
	  "{\"angle\":1,\"confidence\":0.18}", TRUE, "low confidence (0.18)" },
	{ "deskew at the edge", 1000, -1, "deskew", "{\"range\":5,\"min-confidence\":0.15}",
	  "{\"angle\":-4.7,\"confidence\":0.9}", TRUE, "edge of its ±5° range" },
	{ "deskew manual", 1000, -1, "deskew", "{\"range\":5}",
	  "{\"angle\":-4.9,\"confidence\":1,\"source\":\"manual\"}", TRUE, NULL },
	{ "deskew missing keys", 1000, -1, "deskew", "{}", "{}", TRUE, NULL },
	{ "trim found nothing", 1000, -1, "trim", "{}", "{\"found\":\"no content\"}", FALSE, "no content" },
	{ "trim near-blank", 1000, -1, "trim", "{}", "{\"found\":\"near-blank\"}", FALSE,
	  "near-blank page" },
	{ "trim to the edges", 1000, -1, "trim", "{}", "{\"box\":[0,0,1000,990]}", TRUE, "on 3 sides" },
	{ "trim manual", 1000, -1, "trim", "{}", "{\"box\":[0,0,1000,1000],\"source\":\"manual\"}", TRUE, NULL },
	{ "border refused", 1000, -1, "border", "{\"max\":35}",
	  "{\"sides\":[0,0,0,0],\"refused\":\"the border would leave less than a fifth\"}", FALSE, "border: refused" },
	{ "border at its limit", 1000, -1, "border", "{\"max\":35}", "{\"sides\":[340,0,0,0]}", TRUE,
	  "left cut is at its 35 % limit" },
	{ "banner near its limit", 1000, -1, "banner", "{\"max-height\":10}", "{\"height\":95}", TRUE,
	  "near its 10 % limit" },
	{ "levels clipped", 1000, -1, "levels", "{}", "{\"black\":10,\"white\":240,\"clipped_black\":3,\"clipped_white\":1.5}", TRUE,
	  "4.5 % of the pixels clipped" },
	{ "levels clipped in parts", 1000, -1, "levels", "{}",
	  "{\"clipped_black\":1.5,\"clipped_white\":1}", TRUE, "2.5 % of the pixels" },
	{ "levels little clipping", 1000, -1, "levels", "{}",
	  "{\"black\":10,\"white\":50,\"clipped_black\":0.5,\"clipped_white\":0.5}", TRUE, NULL },
	{ "levels strong stretch", 1000, -1, "levels", "{}", "{\"black\":100,\"white\":180}", TRUE,
	  "strong stretch" },
	{ "levels manual", 1000, -1, "levels", "{}", "{\"black\":100,\"white\":120,\"source\":\"manual\"}",
	  TRUE, NULL },
	{ "measured not JSON", 1000, -1, "deskew", "{", "not json", TRUE, NULL },
	{ "skipped step", 1000, -1, "trim", "{}", "{\"skipped\":\"manual\"}", FALSE, NULL },
};

static void test_rules(void)
{
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		const Case *c = &cases[i];
		g_autoptr(CatalogItem) it = item_new(0, 0, c->x1, 1000, c->step, c->params, c->measured,
						     c->applied, NULL);
		g_autoptr(ReviewDoubt) d = judge(it, c->batch);
		if (!c->reason) {
			if (d->reasons->len)
				g_error("%s: unexpected '%s'", c->what, (char *)d->reasons->pdata[0]);
			g_assert_cmpint(d->verdict, ==, REVIEW_OK);
		} else {
			if (!has_reason(d, c->reason))
				g_error("%s: no reason with '%s' (%u reasons%s%s)", c->what, c->reason,
					d->reasons->len, d->reasons->len ? ": " : "",
					d->reasons->len ? (char *)d->reasons->pdata[0] : "");
			g_assert_cmpint(d->verdict, ==, REVIEW_DOUBTFUL);
		}
	}
}

static void test_failed_and_pending(void)
{
	g_autoptr(CatalogItem) it = item_new(0, 0, 1000, 1000, NULL);
	g_free(it->last_run->status);
	it->last_run->status = g_strdup("failed");
	it->last_run->error = g_strdup("VipsJpeg: premature end of file");
	g_autoptr(ReviewDoubt) d = judge(it, -1);
	g_assert_cmpint(d->verdict, ==, REVIEW_FAILED);
	g_assert_true(has_reason(d, "premature end"));
	g_assert_cmpfloat(d->removed, ==, -1);

	/* A run that worked once, on an original that no longer reads. */
	g_autoptr(CatalogItem) changed = item_new(0, 0, 1000, 1000, NULL);
	g_free(changed->status);
	changed->status = g_strdup("failed");
	changed->error = g_strdup("not an image libvips can read");
	g_autoptr(ReviewDoubt) cd = judge(changed, -1);
	g_assert_cmpint(cd->verdict, ==, REVIEW_FAILED);
	g_assert_true(has_reason(cd, "not an image"));

	g_autoptr(CatalogItem) never = catalog_item_new();
	g_autoptr(ReviewDoubt) p = judge(never, -1);
	g_assert_cmpint(p->verdict, ==, REVIEW_DOUBTFUL);
	g_assert_true(has_reason(p, "not cleaned"));

	g_autoptr(CatalogItem) unreadable = catalog_item_new();
	g_free(unreadable->status);
	unreadable->status = g_strdup("failed");
	g_autoptr(ReviewDoubt) u = judge(unreadable, -1);
	g_assert_cmpint(u->verdict, ==, REVIEW_FAILED);
}

static void test_manual_crop_and_reviewed(void)
{
	g_autoptr(CatalogItem) it = item_new(0, 0, 300, 300, NULL);
	g_hash_table_insert(it->overrides, g_strdup("crop"), g_strdup("0,0,300,300"));
	g_autoptr(ReviewDoubt) d = judge(it, 0.1);
	g_assert_cmpint(d->verdict, ==, REVIEW_OK);

	g_autoptr(CatalogItem) r = item_new(0, 0, 300, 300, NULL);
	g_hash_table_insert(r->overrides, g_strdup("reviewed"), g_strdup("yes"));
	g_autoptr(ReviewDoubt) rd = judge(r, -1);
	g_assert_cmpint(rd->verdict, ==, REVIEW_DOUBTFUL);
	g_assert_true(rd->reviewed);
	/* Reviewed ones come after every unreviewed one. */
	g_autoptr(CatalogItem) fine = item_new(0, 0, 1000, 1000, NULL);
	g_autoptr(ReviewDoubt) fd = judge(fine, -1);
	g_assert_cmpint(review_doubt_rank(fd), <, review_doubt_rank(rd));
}

static void test_region(void)
{
	double pt[4][2];
	g_assert_true(review_parse_region("[[1.5,2],[3,4],[5,6],[7,8]]", pt));
	g_assert_cmpfloat(pt[0][0], ==, 1.5);
	g_assert_cmpfloat(pt[3][1], ==, 8);
	g_assert_false(review_parse_region("[[1,2],[3,4],[5,6]]", pt));
	g_assert_false(review_parse_region("[[1,\"a\"],[3,4],[5,6],[7,8]]", pt));
	g_assert_false(review_parse_region(NULL, pt));
}

/* The doubt rules read only measurements their steps declare. */
static void test_measurements_declared(void)
{
	g_autoptr(GError) err = NULL;
	g_assert_cmpint(review_check_measurements(&err), ==, 0);
	g_assert_no_error(err);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/review/fine", test_fine);
	g_test_add_func("/review/rules", test_rules);
	g_test_add_func("/review/failed-and-pending", test_failed_and_pending);
	g_test_add_func("/review/manual-and-reviewed", test_manual_crop_and_reviewed);
	g_test_add_func("/review/region", test_region);
	g_test_add_func("/review/measurements-declared", test_measurements_declared);
	return g_test_run();
}

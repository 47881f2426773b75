/* output: the master. sRGB with an embedded profile, provenance in EXIF
 * (libexif) and in an XMP Dublin Core packet, written to a temporary file
 * beside the destination and renamed into place. */
#include "steps/step.h"

#include <glib/gstdio.h>
#include <libexif/exif-data.h>
#include <string.h>

#include "util/util.h"

enum { OPT_FORMAT, OPT_QUALITY, OPT_SUBSAMPLE, OPT_COMPRESSION };

static const char *const formats[] = { "jpeg", "tiff", "png", NULL };
static const char *const subsample_modes[] = { "keep", "on", "off", NULL };
static const char *const compressions[] = { "deflate", "lzw", "none", NULL };

static const PlOption output_options[] = {
	{ .name = "format", .type = PL_OPT_ENUM, .def = "jpeg", .choices = formats,
	  .help = "master format: jpeg, or lossless tiff or png" },
	{ .name = "quality", .type = PL_OPT_INT, .def = "92", .min = 1, .max = 100,
	  .help = "JPEG quality" },
	{ .name = "subsample", .type = PL_OPT_ENUM, .def = "keep", .choices = subsample_modes,
	  .help = "JPEG chroma subsampling: keep the original's, on (4:2:0) or off (4:4:4)" },
	{ .name = "compression", .type = PL_OPT_ENUM, .def = "deflate", .choices = compressions,
	  .help = "TIFF compression" },
	{ 0 },
};

static const char *output_extension(const PlStepConfig *cfg)
{
	static const char *const ext[] = { "jpg", "tif", "png" };
	return ext[cfg->v[OPT_FORMAT].e];
}

static int output_measure(const PlStepConfig *cfg, PlStepContext *ctx, VipsImage *preview,
			  PlAction *a, PlJson *b, GError **error)
{
	const char *icc = pl_step_source_profile(ctx);
	gboolean colour = preview->Bands >= 3;
	pl_json_key(b, "colour");
	pl_json_str(b, colour ? "srgb" : "grey");
	/* what the original's colours were read as; the master holds sRGB and
	 * says so (a grey one keeps its own profile) */
	pl_json_key(b, "profile");
	if (!icc) {
		pl_json_str(b, colour ? "none (assumed sRGB)" : "none");
	} else {
		g_autofree char *what = g_strconcat(colour ? "converted to sRGB from " : "kept: ",
						    *icc ? icc : "an embedded profile", NULL);
		pl_json_str(b, what);
	}
	a->active = TRUE;
	return 0;
}

static int output_apply(const PlStepConfig *cfg, const PlAction *a, VipsImage *in,
			VipsImage **out, double scale, GError **error)
{
	return vips_copy(in, out, NULL);
}

/* An ASCII entry (libexif frees entries with its default allocator). */
static void exif_add_string(ExifData *ed, ExifIfd ifd, ExifTag tag, const char *value,
			    gboolean comment)
{
	static const char prefix[8] = { 'A', 'S', 'C', 'I', 'I', 0, 0, 0 };
	g_autofree char *ascii = g_str_to_ascii(value, "C");
	size_t len = strlen(ascii);
	size_t size = comment ? sizeof(prefix) + len : len + 1;
	ExifMem *mem = exif_mem_new_default();
	ExifEntry *e = exif_entry_new_mem(mem);
	e->tag = tag;
	e->data = exif_mem_alloc(mem, size);
	if (e->data) {
		if (comment) {
			memcpy(e->data, prefix, sizeof(prefix));
			memcpy(e->data + sizeof(prefix), ascii, len);
		} else {
			memcpy(e->data, ascii, len + 1);
		}
		e->size = size;
		e->components = size;
		e->format = comment ? EXIF_FORMAT_UNDEFINED : EXIF_FORMAT_ASCII;
		exif_content_add_entry(ed->ifd[ifd], e);
	}
	exif_entry_unref(e);
	exif_mem_unref(mem);
}

static void set_exif_field(VipsImage *im, int ifd, const char *tag, const char *value)
{
	/* libvips rewrites string tags from these fields when it saves and
	 * drops a trailing " (...)" as its own annotation: add an empty one so
	 * a value such as "Daumier (1808-1879)" survives. */
	g_autofree char *name = g_strdup_printf("exif-ifd%d-%s", ifd, tag);
	g_autofree char *v = g_strdup_printf("%s ()", value);
	vips_image_set_string(im, name, v);
}

static char *join_nonempty(const char *a, const char *b, const char *sep)
{
	if (a && *a && b && *b)
		return g_strconcat(a, sep, b, NULL);
	return g_strdup(a && *a ? a : b && *b ? b : NULL);
}

static int attach_exif(VipsImage *im, const PlMasterMeta *meta, GError **error)
{
	ExifData *ed = exif_data_new();
	unsigned char *data = NULL;
	unsigned int len = 0;
	g_autofree char *copyright = join_nonempty(meta->credit, meta->rights, "; ");
	g_autofree char *comment = join_nonempty(meta->identifier, meta->date, "; ");
	struct {
		ExifIfd ifd;
		ExifTag tag;
		const char *value;
	} tags[] = {
		{ EXIF_IFD_0, EXIF_TAG_IMAGE_DESCRIPTION, meta->title },
		{ EXIF_IFD_0, EXIF_TAG_ARTIST, meta->creator },
		{ EXIF_IFD_0, EXIF_TAG_COPYRIGHT, copyright },
		{ EXIF_IFD_0, EXIF_TAG_DOCUMENT_NAME, meta->identifier },
		{ EXIF_IFD_0, EXIF_TAG_SOFTWARE, "planche " PLANCHE_VERSION },
		{ EXIF_IFD_0, EXIF_TAG_MAKE, meta->make },
		{ EXIF_IFD_0, EXIF_TAG_MODEL, meta->model },
		{ EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL, meta->datetime },
		{ EXIF_IFD_EXIF, EXIF_TAG_USER_COMMENT, comment },
	};
	exif_data_set_option(ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
	exif_data_set_data_type(ed, EXIF_DATA_TYPE_COMPRESSED);
	exif_data_set_byte_order(ed, EXIF_BYTE_ORDER_INTEL);
	exif_data_fix(ed);
	/* exif_data_fix wrote 72 dpi; the original's resolution replaces it, and
	 * the image's own exif- fields say the same, as libvips writes those last */
	if (meta->x_res > 0) {
		const ExifTag res_tags[] = { EXIF_TAG_X_RESOLUTION, EXIF_TAG_Y_RESOLUTION };
		const double res[] = { meta->x_res, meta->y_res > 0 ? meta->y_res : meta->x_res };
		for (int k = 0; k < 2; k++) {
			ExifEntry *e = exif_content_get_entry(ed->ifd[EXIF_IFD_0], res_tags[k]);
			ExifRational r = { (ExifLong)(res[k] * 100 + 0.5), 100 };
			if (e && e->format == EXIF_FORMAT_RATIONAL && e->size >= 8)
				exif_set_rational(e->data, EXIF_BYTE_ORDER_INTEL, r);
			g_autofree char *v = g_strdup_printf("%u/%u", r.numerator, r.denominator);
			g_autofree char *name = g_strdup_printf("exif-ifd0-%s",
								exif_tag_get_name_in_ifd(res_tags[k], EXIF_IFD_0));
			vips_image_set_string(im, name, v);
		}
		ExifEntry *u = exif_content_get_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_RESOLUTION_UNIT);
		if (u && u->format == EXIF_FORMAT_SHORT && u->size >= 2)
			exif_set_short(u->data, EXIF_BYTE_ORDER_INTEL, 2); /* inches */
		vips_image_set_string(im, "exif-ifd0-ResolutionUnit", "2");
	}
	for (size_t i = 0; i < G_N_ELEMENTS(tags); i++) {
		if (!tags[i].value || !*tags[i].value)
			continue;
		exif_add_string(ed, tags[i].ifd, tags[i].tag, tags[i].value,
				tags[i].tag == EXIF_TAG_USER_COMMENT);
		set_exif_field(im, tags[i].ifd, exif_tag_get_name_in_ifd(tags[i].tag, tags[i].ifd),
			       tags[i].value);
	}
	exif_data_save_data(ed, &data, &len);
	exif_data_unref(ed);
	if (!data || !len) {
		free(data);
		g_set_error(error, PL_ERROR, PL_ERROR_FAILED, "cannot build the EXIF block");
		return -1;
	}
	vips_image_set_blob_copy(im, VIPS_META_EXIF_NAME, data, len);
	free(data);
	return 0;
}

static void xmp_alt(GString *x, const char *el, const char *value)
{
	if (!value || !*value)
		return;
	g_autofree char *v = pl_html_escape(value);
	g_string_append_printf(x,
			       "   <%s><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li>"
			       "</rdf:Alt></%s>\n",
			       el, v, el);
}

static void xmp_seq(GString *x, const char *el, const char *value)
{
	if (!value || !*value)
		return;
	g_autofree char *v = pl_html_escape(value);
	g_string_append_printf(x, "   <%s><rdf:Seq><rdf:li>%s</rdf:li></rdf:Seq></%s>\n", el, v,
			       el);
}

static void xmp_simple(GString *x, const char *el, const char *value)
{
	if (!value || !*value)
		return;
	g_autofree char *v = pl_html_escape(value);
	g_string_append_printf(x, "   <%s>%s</%s>\n", el, v, el);
}

/* XMP's dc:date takes ISO 8601 dates only ("1865", "1865-03", "1865-03-02"):
 * "vers 1860" goes into the artwork's free-text date instead. */
static gboolean iso_like_date(const char *d)
{
	if (!d)
		return FALSE;
	gsize n = strlen(d);
	static const char *const shapes[] = { "dddd", "dddd-dd", "dddd-dd-dd", NULL };
	for (int i = 0; shapes[i]; i++) {
		if (n != strlen(shapes[i]))
			continue;
		gboolean ok = TRUE;
		for (gsize k = 0; k < n && ok; k++)
			ok = shapes[i][k] == 'd' ? g_ascii_isdigit(d[k]) : d[k] == shapes[i][k];
		if (ok)
			return TRUE;
	}
	return FALSE;
}

/* An XMP packet with the provenance as Dublin Core, the rights as XMP Rights
 * and the work shown as IPTC Extension's artwork (newly allocated). */
static char *xmp_packet(const PlMasterMeta *meta)
{
	GString *x = g_string_new("<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
				  "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
				  " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
				  "  <rdf:Description rdf:about=\"\"\n"
				  "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
				  "    xmlns:photoshop=\"http://ns.adobe.com/photoshop/1.0/\"\n"
				  "    xmlns:xmpRights=\"http://ns.adobe.com/xap/1.0/rights/\"\n"
				  "    xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\"\n"
				  "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n");
	gboolean uri_rights = meta->rights && (g_str_has_prefix(meta->rights, "http://") ||
					       g_str_has_prefix(meta->rights, "https://"));
	xmp_alt(x, "dc:title", meta->title);
	xmp_seq(x, "dc:creator", meta->creator);
	if (iso_like_date(meta->date))
		xmp_seq(x, "dc:date", meta->date);
	xmp_alt(x, "dc:description", meta->description);
	/* dc:rights in words; the statement's URI is the web statement */
	xmp_alt(x, "dc:rights", meta->rights_text ? meta->rights_text : uri_rights ? NULL : meta->rights);
	if (uri_rights)
		xmp_simple(x, "xmpRights:WebStatement", meta->rights);
	if (meta->rights && *meta->rights)
		xmp_simple(x, "xmpRights:Marked", meta->public_domain ? "False" : "True");
	xmp_simple(x, "dc:identifier", meta->identifier);
	xmp_simple(x, "dc:source", meta->source_url);
	xmp_simple(x, "photoshop:Credit", meta->credit);
	xmp_alt(x, "xmpRights:UsageTerms", meta->credit);
	xmp_simple(x, "xmp:CreatorTool", "planche " PLANCHE_VERSION);
	/* The work the picture shows, with its date as written */
	if ((meta->title && *meta->title) || (meta->creator && *meta->creator) ||
	    (meta->date && *meta->date)) {
		g_string_append(x, "   <Iptc4xmpExt:ArtworkOrObject><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n");
		xmp_alt(x, "Iptc4xmpExt:AOTitle", meta->title);
		xmp_seq(x, "Iptc4xmpExt:AOCreator", meta->creator);
		xmp_simple(x, "Iptc4xmpExt:AODateCreated", iso_like_date(meta->date) ? meta->date : NULL);
		/* a free-text date ("vers 1860") has no ISO form: IPTC keeps it as
		 * the artwork's circa date, text */
		xmp_simple(x, "Iptc4xmpExt:AOCircaDateCreated", meta->date);
		xmp_simple(x, "Iptc4xmpExt:AOSourceInvURL", meta->source_url);
		g_string_append(x, "   </rdf:li></rdf:Bag></Iptc4xmpExt:ArtworkOrObject>\n");
	}
	g_string_append(x, "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n"
			   "<?xpacket end=\"w\"?>");
	return g_string_free(x, FALSE);
}

/* Drops the original's metadata that would contradict the master's. */
static void strip_metadata(VipsImage *im)
{
	g_auto(GStrv) fields = vips_image_get_fields(im);
	for (int i = 0; fields[i]; i++)
		if (g_str_has_prefix(fields[i], "exif-") || !strcmp(fields[i], "xmp-data") ||
		    !strcmp(fields[i], "iptc-data") || !strcmp(fields[i], "photoshop-data") ||
		    !strcmp(fields[i], "jpeg-thumbnail-data") ||
		    !strcmp(fields[i], VIPS_META_ORIENTATION) ||
		    g_str_has_prefix(fields[i], "png-comment-"))
			vips_image_remove(im, fields[i]);
}

/* To sRGB with the built-in profile; grey stays grey. */
static int to_srgb(VipsImage *in, VipsImage **out)
{
	VipsBlob *profile = NULL;
	if (in->Bands < 3)
		return vips_copy(in, out, NULL);
	/* Not hung on 'in': they hold it, and the cycle would never be freed. */
	VipsObject *scope = VIPS_OBJECT(vips_image_new());
	VipsImage **t = (VipsImage **)vips_object_local_array(scope, 2);
	int rc = -1;
	if (vips_image_get_typeof(in, VIPS_META_ICC_NAME)) {
		if (vips_icc_transform(in, &t[0], "srgb", "embedded", TRUE, "intent",
				       VIPS_INTENT_RELATIVE, NULL) == 0) {
			rc = vips_copy(t[0], out, NULL);
			goto out;
		}
		/* A broken profile: treat the pixels as sRGB, as viewers do. */
		vips_error_clear();
	}
	if (vips_copy(in, &t[1], NULL) || vips_profile_load("srgb", &profile, NULL))
		goto out;
	size_t len;
	const void *data = vips_blob_get(profile, &len);
	vips_image_set_blob_copy(t[1], VIPS_META_ICC_NAME, data, len);
	vips_area_unref(VIPS_AREA(profile));
	rc = vips_copy(t[1], out, NULL);
out:
	g_object_unref(scope);
	return rc;
}

/* Scans come as 4:2:0 JPEGs: their colour holds half the rows and columns, and
 * a 4:4:4 master would store it interpolated, larger and slower to write, with
 * no more colour in it. Other originals get libvips' choice (4:4:4 from Q 90). */
static VipsForeignSubsample subsample_mode(const PlStepConfig *cfg, const char *source_chroma)
{
	switch (cfg->v[OPT_SUBSAMPLE].e) {
	case 1:
		return VIPS_FOREIGN_SUBSAMPLE_ON;
	case 2:
		return VIPS_FOREIGN_SUBSAMPLE_OFF;
	default:
		if (!source_chroma)
			return VIPS_FOREIGN_SUBSAMPLE_AUTO;
		return strcmp(source_chroma, "4:4:4") ? VIPS_FOREIGN_SUBSAMPLE_ON
						      : VIPS_FOREIGN_SUBSAMPLE_OFF;
	}
}

static int output_save(const PlStepConfig *cfg, VipsImage *in, const char *source_chroma,
		       const PlMasterMeta *meta, GError **error)
{
	VipsImage *srgb = NULL, *im = NULL;
	char *tmp = pl_tmp_path_for(meta->path);
	char *xmp = NULL;
	int rc = -1, saved = -1;

	/* the original's resolution (a 400 dpi scan's master says 400 dpi);
	 * libvips counts pixels per millimetre */
	double xres = meta->x_res > 0 ? meta->x_res / 25.4 : in->Xres;
	double yres = meta->y_res > 0 ? meta->y_res / 25.4 : meta->x_res > 0 ? xres : in->Yres;
	if (to_srgb(in, &srgb) || vips_copy(srgb, &im, "xres", xres, "yres", yres, NULL)) {
		pl_set_vips_error(error, meta->path);
		goto out;
	}
	strip_metadata(im);
	if (attach_exif(im, meta, error))
		goto out;
	xmp = xmp_packet(meta);
	vips_image_set_blob_copy(im, "xmp-data", xmp, strlen(xmp));

	switch (cfg->v[OPT_FORMAT].e) {
	case 0:
		saved = vips_jpegsave(im, tmp, "Q", (int)cfg->v[OPT_QUALITY].d, "subsample_mode",
				      subsample_mode(cfg, source_chroma), NULL);
		break;
	case 1: {
		static const VipsForeignTiffCompression c[] = {
			VIPS_FOREIGN_TIFF_COMPRESSION_DEFLATE, VIPS_FOREIGN_TIFF_COMPRESSION_LZW,
			VIPS_FOREIGN_TIFF_COMPRESSION_NONE
		};
		saved = vips_tiffsave(im, tmp, "compression", c[cfg->v[OPT_COMPRESSION].e],
				      "predictor", VIPS_FOREIGN_TIFF_PREDICTOR_HORIZONTAL, NULL);
		break;
	}
	default:
		saved = vips_pngsave(im, tmp, "compression", 6, NULL);
		break;
	}
	if (saved) {
		pl_set_vips_error(error, meta->path);
		goto out;
	}
	if (pl_commit_tmp(tmp, meta->path, error))
		goto out;
	rc = 0;
out:
	if (rc)
		g_unlink(tmp);
	VIPS_UNREF(im);
	VIPS_UNREF(srgb);
	g_free(tmp);
	g_free(xmp);
	return rc;
}

const PlStepClass pl_step_output = {
	.name = "output",
	.summary = "write the master: sRGB, provenance in EXIF and XMP",
	.options = output_options,
	.measures = (const char *const[]){ "colour", "profile", NULL },
	.measure = output_measure,
	.apply = output_apply,
	.save = output_save,
	.extension = output_extension,
};

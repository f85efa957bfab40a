/* attachments_image.c — attached images re-encoded with libvips: what is
 * stored and served is a picture this code wrote, never the uploaded bytes,
 * so EXIF (GPS, camera serials), XMP, comments and anything appended to or
 * smuggled inside the file (polyglots) are gone. See attachments_image.h. */
#include "core/attachments_image.h"
#include "core/image.h"
#include "core/photo.h"

/* True when the image has an alpha band with some pixel not fully opaque. */
static bool transparent(VipsImage *img)
{
	if (!vips_image_hasalpha(img))
		return false;
	VipsImage *alpha = NULL;
	double min = 255;
	int bands = vips_image_get_bands(img);
	if (vips_extract_band(img, &alpha, bands - 1, NULL) || vips_min(alpha, &min, NULL)) {
		if (alpha)
			g_object_unref(alpha);
		return true; /* keep it as PNG: the safe side */
	}
	g_object_unref(alpha);
	return min < 255;
}

int attachment_image_encode(const void *data, size_t len, enum attachment_kind kind, struct attachment_image *out,
                            enum attachment_problem *why)
{
	static const enum image_type types[] = { [ATT_JPEG] = IMAGE_JPEG, [ATT_PNG] = IMAGE_PNG,
		                                 [ATT_WEBP] = IMAGE_WEBP, [ATT_GIF] = IMAGE_GIF };
	VipsImage *img = NULL, *t = NULL;
	memset(out, 0, sizeof(*out));
	*why = ATT_DAMAGED;
	if ((size_t)kind >= ARRAY_LEN(types) || !types[kind]) {
		*why = ATT_WRONG_TYPE;
		return PLEIN_INVALID;
	}
	int rc = image_open(data, len, types[kind], photo_max_pixels, &img);
	if (rc) {
		*why = rc == PLEIN_TOOBIG ? ATT_TOO_MANY_PIXELS : ATT_DAMAGED;
		vips_error_clear();
		return rc;
	}
	rc = PLEIN_INVALID;
	/* thumbnail_image turns it upright (EXIF orientation) and only shrinks */
	if (image_step(&img, vips_thumbnail_image(img, &t, ATTACHMENT_IMAGE_SIDE, "height", ATTACHMENT_IMAGE_SIDE,
	                                          "size", VIPS_SIZE_DOWN, NULL), &t))
		goto out;
	if (vips_image_get_interpretation(img) != VIPS_INTERPRETATION_sRGB &&
	    image_step(&img, vips_colourspace(img, &t, VIPS_INTERPRETATION_sRGB, NULL), &t))
		goto out;
	if (vips_image_get_format(img) != VIPS_FORMAT_UCHAR && image_step(&img, vips_cast_uchar(img, &t, NULL), &t))
		goto out;
	/* decode everything now: a truncated or corrupt file fails here */
	t = vips_image_copy_memory(img);
	if (image_step(&img, !t, &t))
		goto out;
	void *buf = NULL;
	size_t n = 0;
	/* strip: no EXIF, XMP, IPTC, ICC or comments */
	if (transparent(img)) {
		if (vips_pngsave_buffer(img, &buf, &n, "strip", TRUE, "compression", 6, NULL))
			goto out;
		out->mime = "image/png";
	} else {
		if (vips_image_hasalpha(img)) {
			VipsArrayDouble *white = vips_array_double_newv(3, 255.0, 255.0, 255.0);
			int frc = vips_flatten(img, &t, "background", white, NULL);
			vips_area_unref(VIPS_AREA(white));
			if (image_step(&img, frc, &t))
				goto out;
		}
		if (vips_jpegsave_buffer(img, &buf, &n, "Q", 85, "strip", TRUE, "optimize_coding", TRUE, NULL))
			goto out;
		out->mime = "image/jpeg";
	}
	out->data = buf;
	out->len = n;
	out->width = vips_image_get_width(img);
	out->height = vips_image_get_height(img);
	*why = ATT_FINE;
	rc = PLEIN_OK;
out:
	if (img)
		g_object_unref(img);
	vips_error_clear(); /* libvips' words are not the reader's; *why says it */
	return rc;
}

void attachment_image_release(struct attachment_image *img)
{
	g_free(img->data);
	memset(img, 0, sizeof(*img));
}

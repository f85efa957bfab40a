/* image.c — magic bytes and header-only opening of uploaded pictures with
 * libvips, shared by photo.c and attachments_image.c (see image.h). */
#include "core/image.h"

enum image_type image_sniff(const void *data, size_t len)
{
	static const unsigned char png[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	const unsigned char *d = data;
	if (len >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
		return IMAGE_JPEG;
	if (len >= sizeof(png) && memcmp(d, png, sizeof(png)) == 0)
		return IMAGE_PNG;
	if (len >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0)
		return IMAGE_WEBP;
	if (len >= 6 && (memcmp(d, "GIF87a", 6) == 0 || memcmp(d, "GIF89a", 6) == 0))
		return IMAGE_GIF;
	return IMAGE_NONE;
}

int image_open(const void *data, size_t len, enum image_type type, int64_t max_pixels, VipsImage **out)
{
	VipsImage *img = NULL;
	void *buf = (void *)data;
	int rc;
	*out = NULL;
	/* reads the header only: no pixel is decoded before the size is known */
	switch (type) {
	case IMAGE_JPEG:
		rc = vips_jpegload_buffer(buf, len, &img, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_ERROR, NULL);
		break;
	case IMAGE_PNG:
		rc = vips_pngload_buffer(buf, len, &img, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_ERROR, NULL);
		break;
	case IMAGE_WEBP:
		rc = vips_webpload_buffer(buf, len, &img, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_ERROR, NULL);
		break;
	case IMAGE_GIF: /* the first frame only (n = 1 by default) */
		rc = vips_gifload_buffer(buf, len, &img, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_ERROR, NULL);
		break;
	default:
		return PLEIN_INVALID;
	}
	if (rc) {
		if (img)
			g_object_unref(img);
		return PLEIN_INVALID;
	}
	if ((int64_t)vips_image_get_width(img) * vips_image_get_height(img) > max_pixels) {
		g_object_unref(img);
		return PLEIN_TOOBIG;
	}
	*out = img;
	return PLEIN_OK;
}

int image_step(VipsImage **img, int rc, VipsImage **next)
{
	if (rc)
		return -1;
	g_object_unref(*img);
	*img = *next;
	*next = NULL;
	return 0;
}

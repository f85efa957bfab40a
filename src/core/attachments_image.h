/* attachments_image.h — re-encoding an attached image (internal to
 * core/attachments.c; tests call it too). */
#ifndef PLEIN_ATTACHMENTS_IMAGE_H
#define PLEIN_ATTACHMENTS_IMAGE_H
#include "core/attachments.h"

struct attachment_image {
	void *data;        /* g_malloc'd by libvips: g_free */
	size_t len;
	const char *mime;  /* "image/jpeg" or "image/png" */
	int width, height;
};

/* Decode completely (truncation fails), turn upright, shrink so that the
 * longest side is at most ATTACHMENT_IMAGE_SIDE, and encode without any
 * metadata: JPEG, or PNG when some pixel is transparent. PLEIN_OK, or
 * PLEIN_INVALID / PLEIN_TOOBIG with *why. */
int attachment_image_encode(const void *data, size_t len, enum attachment_kind kind, struct attachment_image *out,
                            enum attachment_problem *why) WARN_UNUSED;
void attachment_image_release(struct attachment_image *img);
#endif

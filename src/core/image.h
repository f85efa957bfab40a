/* image.h — the first, decoder-free steps every uploaded picture goes
 * through (profile photos, attachments): the type from the first bytes,
 * never from the client, and the header alone read with the matching
 * libvips loader, so the pixel count is known before any pixel is decoded.
 * libvips is started by photo_init(). */
#ifndef PLEIN_IMAGE_H
#define PLEIN_IMAGE_H
#include "lib/common.h"
#include <vips/vips.h>

enum image_type { IMAGE_NONE = 0, IMAGE_JPEG, IMAGE_PNG, IMAGE_WEBP, IMAGE_GIF };

/* The type by its magic bytes, or IMAGE_NONE. */
enum image_type image_sniff(const void *data, size_t len);
/* Open data as type (header only; decoding fails on any error later, so
 * truncation is caught). PLEIN_OK; PLEIN_TOOBIG when width × height is above
 * max_pixels (nothing returned); PLEIN_INVALID when the header is unreadable. */
int image_open(const void *data, size_t len, enum image_type type, int64_t max_pixels, VipsImage **out) WARN_UNUSED;
/* Swap *img for the result of an operation (or keep it and return -1).
 * `next` is read after the operation ran: arguments are evaluated in any order. */
int image_step(VipsImage **img, int rc, VipsImage **next);
#endif

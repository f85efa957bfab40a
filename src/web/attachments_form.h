/* attachments_form.h — files sent with a page form (multipart, no
 * JavaScript): the post and comment forms store them with this and pass the
 * ids to posts_create / comments_create (which claim them). */
#ifndef PLEIN_ATTACHMENTS_FORM_H
#define PLEIN_ATTACHMENTS_FORM_H
#include "http/request.h"
#include "core/attachments.h"

/* Store every non-empty file field called `field` (e.g. "files" of an
 * <input type=file multiple name=files>) for the viewer, and append their ids
 * to ids (room for max; *n counts them; it may hold ids from a hidden field
 * already). Then the ids of a hidden field `ids_field` ("attachments": ids
 * the page's JavaScript uploaded, "1,2,3") are appended first if given.
 * PLEIN_OK, or the first refusal: *status (400, 413, 415, 422, 429, 503) and
 * *msg (English, N_: translate with T) — nothing is claimed then; stored
 * uploads wait unclaimed for the sweep. */
int attachments_from_form(struct request *req, const char *field, const char *ids_field, int64_t *ids, size_t max,
                          size_t *n, int *status, const char **msg) WARN_UNUSED;
#endif

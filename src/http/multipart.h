/* multipart.h — multipart/form-data request bodies (routes with R_MULTIPART),
 * parsed by libmicrohttpd's own MHD_PostProcessor over the collected body
 * (bounded by the route's limit). Text fields land in req->form, checked like
 * urlencoded ones (valid UTF-8, no NUL), so `_csrf` works the same; file
 * fields in req->uploads (see req_upload()). */
#ifndef PLEIN_MULTIPART_H
#define PLEIN_MULTIPART_H
#include "http/request.h"

#define MULTIPART_MAX_FILES 10     /* file fields per request: a post's attachments */
#define MULTIPART_BUFFER 8192      /* the parser's buffer: each part's headers must fit */

/* Parse req->body and set req->multipart_rc: PLEIN_OK; PLEIN_DENIED when the
 * Content-Type is not multipart/form-data with a boundary; PLEIN_INVALID for a
 * malformed, truncated or empty body or a text field that is not UTF-8;
 * PLEIN_TOOBIG for more than FORM_MAX_FIELDS fields or MULTIPART_MAX_FILES
 * files. On failure nothing of the body is left in req->form or req->uploads.
 * The raw body is released afterwards (the fields hold the data). Call it from
 * the library's request callback (the parser reads the connection's headers). */
void multipart_parse(struct request *req);
#endif

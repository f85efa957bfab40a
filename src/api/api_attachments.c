/* api_attachments.c — POST /api/v1/attachments: one file as the raw body,
 * its name in ?name= or a Content-Disposition header (display only; the type
 * is read from the bytes, core/attachments.c). The answer's id goes into a
 * post's or comment's `attachments`. Also the JSON shape of an attachment
 * and the status code of each refusal, shared with the page upload. */
#include "api/api.h"
#include "web/app.h"
#include "web/handlers.h"
#include "core/attachments.h"
#include "core/i18n.h"
#include "core/visibility.h"

json_t *api_attachment(struct pool *p, const struct attachment *a)
{
	return json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:s}", "id", (json_int_t)a->id, "name", a->name, "mime",
	                 a->mime, "size", (json_int_t)a->size, "width", (json_int_t)a->width, "height",
	                 (json_int_t)a->height, "url", attachment_url(p, a));
}

static int api_attachment_status(enum attachment_problem why)
{
	switch (why) {
	case ATT_FINE: return 201;
	case ATT_EMPTY: return 400;
	case ATT_TOO_LARGE: case ATT_TOO_MANY_PIXELS: return 413;
	case ATT_WRONG_TYPE: case ATT_MARKUP: case ATT_PROGRAM: return 415;
	case ATT_DAMAGED: return 422;
	case ATT_TOO_MANY_PENDING: return 429;
	case ATT_STORAGE: return 503;
	}
	return 400;
}

void api_attachment_upload(struct request *req, const char *name, const void *data, size_t len)
{
	if (!visibility_can_upload(req->viewer)) {
		api_error(req, 403, "forbidden", T(req, N_("You cannot post or attach files here.")), NULL);
		return;
	}
	struct attachment *a;
	enum attachment_problem why;
	if (attachments_store(req->db, req->pool, req->viewer->id, name, data, len, &a, &why)) {
		int status = api_attachment_status(why);
		api_error(req, status, status == 413 ? "too_large" : status == 415 ? "unsupported_media_type"
		                       : status == 429 ? "too_many" : status == 503 ? "unavailable" : "invalid",
		          T(req, attachment_problem_message(why)), "file");
		return;
	}
	api_json(req, 201, api_attachment(req->pool, a));
}

void api_attachments_create(struct request *req)
{
	const char *name = req_query(req, "name");
	if (!name || !*name)
		name = attachment_disposition_name(req->pool, req_header(req, "Content-Disposition"));
	api_attachment_upload(req, name, req->body.buf, req->body.len);
}

json_t *api_attachments_list(struct request *req, bool of_post, int64_t id)
{
	struct attachment *v;
	size_t n;
	json_t *arr = json_array();
	int rc = of_post ? attachments_for_posts(req->db, req->pool, &id, 1, &v, &n)
	                 : attachments_for_comments(req->db, req->pool, &id, 1, &v, &n);
	for (size_t i = 0; rc == PLEIN_OK && i < n; i++)
		json_array_append_new(arr, api_attachment(req->pool, &v[i]));
	return arr;
}

/* api_group_files.c — a group's files in the API: GET and POST
 * /api/v1/groups/{id}/files (the list, newest first with a cursor; one file
 * as the raw body, its name in ?name= or Content-Disposition, under the
 * upload rules of attachments) and DELETE /api/v1/groups/{id}/files/{file_id}.
 * A group the viewer may not see is a 404; one they see but may not read a
 * 403. Files are fetched from their `url` (/files/{id}/{name}). */
#include "api/api.h"
#include "web/app.h"
#include "web/handlers.h"
#include "core/attachments.h"
#include "core/groups.h"
#include "core/i18n.h"
#include "core/visibility.h"

/* The group of {id} whose files the viewer may read; else answered. */
static struct group *load_group(struct request *req)
{
	int64_t id = req_param_id(req, "id");
	struct group *g = NULL;
	int rc = id > 0 ? groups_get(req->db, req->pool, id, &g) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && !visibility_can_see_group(req->viewer, g))) {
		api_error(req, 404, "not_found", T(req, N_("There is no such group.")), NULL);
		return NULL;
	}
	if (rc) {
		api_error(req, 503, "unavailable", T(req, N_("Groups cannot be read right now.")), NULL);
		return NULL;
	}
	if (!visibility_can_read_group(req->viewer, g)) {
		api_error(req, 403, "forbidden", T(req, N_("Only members see what is in this group.")), NULL);
		return NULL;
	}
	return g;
}

static json_t *file_json(struct request *req, const struct group *g, const struct attachment *a, const char *owner)
{
	json_t *o = api_attachment(req->pool, a);
	json_object_set_new(o, "group_id", json_integer(g->id));
	json_object_set_new(o, "owner", json_pack("{s:I, s:s}", "id", (json_int_t)a->owner_id, "name", owner));
	json_object_set_new(o, "created_at", api_time(a->created_at));
	json_object_set_new(o, "can_delete", json_boolean(attachments_may_delete(req->viewer, g, a)));
	return o;
}

void api_group_files_list(struct request *req)
{
	struct group *g = load_group(req);
	if (!g)
		return;
	const char *cursor = req_query(req, "cursor");
	char *end = NULL;
	long long before = cursor && *cursor ? strtoll(cursor, &end, 10) : 0;
	if (cursor && *cursor && (*end || before <= 0)) {
		api_error(req, 400, "invalid", T(req, N_("The cursor is not valid.")), "cursor");
		return;
	}
	int limit = api_parse_limit(req_query(req, "limit"), 50, GROUP_FILES_PAGE_MAX);
	if (!limit) {
		api_error(req, 400, "invalid", T(req, N_("limit must be a number from 1 to 50.")), "limit");
		return;
	}
	struct group_file *f;
	size_t n;
	int64_t next;
	if (attachments_group_list(req->db, req->pool, g->id, before, (size_t)limit, &f, &n, &next)) {
		api_error(req, 503, "unavailable", T(req, N_("Groups cannot be read right now.")), NULL);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, file_json(req, g, &f[i].file, f[i].owner_name));
	api_json(req, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor",
		next ? json_string(pool_printf(req->pool, "%lld", (long long)next)) : json_null()));
}

static int upload_status(enum attachment_problem why, int rc, const char **code)
{
	switch (why) {
	case ATT_TOO_LARGE: case ATT_TOO_MANY_PIXELS: *code = "too_large"; return 413;
	case ATT_WRONG_TYPE: case ATT_MARKUP: case ATT_PROGRAM: *code = "unsupported_media_type"; return 415;
	case ATT_TOO_MANY_PENDING: *code = "too_many"; return 429;
	case ATT_STORAGE: *code = "unavailable"; return 503;
	case ATT_EMPTY: *code = "invalid"; return 400;
	case ATT_DAMAGED: *code = "invalid"; return 422;
	case ATT_FINE: break;
	}
	if (rc == PLEIN_DENIED) {
		*code = "forbidden";
		return 403;
	}
	if (rc == PLEIN_TOOBIG) {
		*code = "group_full";
		return 413;
	}
	*code = "invalid";
	return 422;
}

void api_group_files_create(struct request *req)
{
	struct group *g = load_group(req);
	if (!g)
		return;
	const char *name = req_query(req, "name");
	if (!name || !*name)
		name = attachment_disposition_name(req->pool, req_header(req, "Content-Disposition"));
	struct attachment *a;
	enum attachment_problem why;
	const char *msg;
	int rc = attachments_store_group(req->db, req->pool, req->viewer, g, name, req->body.buf, req->body.len, &a, &why,
	                                 &msg);
	if (rc != PLEIN_OK) {
		const char *code;
		int status = upload_status(why, rc, &code);
		api_error(req, status, code, T(req, msg), status == 403 ? NULL : "file");
		return;
	}
	resp_header(req, "Location", pool_printf(req->pool, "/api/v1/groups/%lld/files", (long long)g->id));
	api_json(req, 201, file_json(req, g, a, req->viewer->name));
}

void api_group_files_delete(struct request *req)
{
	struct group *g = load_group(req);
	if (!g)
		return;
	int64_t fid = req_param_id(req, "file_id");
	struct attachment *a = NULL;
	int rc = fid > 0 ? attachments_get(req->db, req->pool, fid, &a) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && a->group_id != g->id)) {
		api_error(req, 404, "not_found", T(req, N_("There is no such file in this group.")), NULL);
		return;
	}
	if (rc == PLEIN_OK && !attachments_may_delete(req->viewer, g, a)) {
		api_error(req, 403, "forbidden",
		          T(req, N_("Only the person who added a file and the group's owners and moderators can delete it.")), NULL);
		return;
	}
	if (rc == PLEIN_OK)
		rc = attachments_group_delete(req->db, req->pool, req->viewer, g->id, a->id);
	if (rc == PLEIN_NOTFOUND) {
		api_error(req, 404, "not_found", T(req, N_("There is no such file in this group.")), NULL);
		return;
	}
	if (rc) {
		api_error(req, 503, "unavailable", T(req, N_("Groups cannot be read right now.")), NULL);
		return;
	}
	api_no_content(req);
}

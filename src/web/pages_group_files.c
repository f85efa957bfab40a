/* pages_group_files.c — a group's Files tab: the list (newest first, pages
 * of 50), the upload form (multipart, works without JavaScript; the upload
 * rules of attachments), and deleting a file after a confirmation page.
 * Reading needs visibility_can_read_group (group_view_load), adding files
 * membership, deleting the uploader or the group's managers
 * (attachments_may_delete); files are served by /files/{id}/{name}. */
#include "web/page.h"
#include "web/app.h"
#include "web/group_view.h"
#include "web/handlers.h"
#include "api/api.h"
#include "core/attachments.h"
#include "core/groups.h"
#include "core/i18n.h"
#include "core/visibility.h"

#define FILES_PER_FORM 5  /* the route's body limit holds five of 10 MB */

static void unavailable(struct request *req)
{
	page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
}

/* 12345 → "12 KB" (as the post attachments show it) */
static const char *size_label(struct pool *p, int64_t size)
{
	if (size < 1024)
		return pool_printf(p, "%lld B", (long long)size);
	if (size < 1024 * 1024)
		return pool_printf(p, "%lld KB", (long long)((size + 512) / 1024));
	return pool_printf(p, "%.1f MB", (double)size / (1024.0 * 1024.0));
}

/* A short type label for the file's icon and its spoken name. */
static void type_of(struct request *req, const char *mime, const char **tag, const char **label)
{
	static const struct { const char *prefix, *tag, *label; } types[] = {
		{ "image/", "img", N_("Image") },
		{ "application/pdf", "pdf", N_("PDF document") },
		{ "application/vnd.openxmlformats-officedocument.wordprocessingml", "doc", N_("Text document") },
		{ "application/vnd.oasis.opendocument.text", "doc", N_("Text document") },
		{ "application/vnd.openxmlformats-officedocument.spreadsheetml", "xls", N_("Spreadsheet") },
		{ "application/vnd.oasis.opendocument.spreadsheet", "xls", N_("Spreadsheet") },
		{ "text/csv", "xls", N_("Spreadsheet") },
		{ "application/vnd.openxmlformats-officedocument.presentationml", "ppt", N_("Presentation") },
		{ "application/vnd.oasis.opendocument.presentation", "ppt", N_("Presentation") },
		{ "text/", "txt", N_("Text") },
		{ "application/zip", "zip", N_("ZIP archive") },
	};
	for (size_t i = 0; i < ARRAY_LEN(types); i++)
		if (strncmp(mime, types[i].prefix, strlen(types[i].prefix)) == 0) {
			*tag = types[i].tag;
			*label = T(req, types[i].label);
			return;
		}
	*tag = "file";
	*label = T(req, N_("File"));
}

static void render(struct request *req, const struct group *g, int status, const char *error)
{
	int64_t before = 0, next = 0;
	const char *b = req_query(req, "before");
	if (b && (before = strtoll(b, NULL, 10)) < 0)
		before = 0;
	struct group_file *f;
	size_t n;
	int64_t count = 0, bytes = 0;
	if (attachments_group_list(req->db, req->pool, g->id, before, GROUP_FILES_PAGE_MAX, &f, &n, &next) ||
	    attachments_group_usage(req->db, g->id, &count, &bytes)) {
		unavailable(req);
		return;
	}
	json_t *ctx = json_object();
	json_t *hdr = group_view_header(req, g, "files");
	json_object_update(ctx, hdr);
	json_decref(hdr);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct attachment *a = &f[i].file;
		const char *tag, *label;
		type_of(req, a->mime, &tag, &label);
		json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:b}",
			"id", (json_int_t)a->id, "name", a->name, "url", attachment_url(req->pool, a),
			"size", size_label(req->pool, a->size), "type_tag", tag, "type_label", label,
			"owner_name", f[i].owner_name, "when", api_time(a->created_at), "ago", page_ago(req, a->created_at),
			"can_delete", attachments_may_delete(req->viewer, g, a));
		json_object_set_new(o, "owner_url", json_string(pool_printf(req->pool, "/people/%lld", (long long)a->owner_id)));
		json_object_set_new(o, "delete_url", json_string(pool_printf(req->pool, "/groups/%lld/files/%lld/delete",
		                                                              (long long)g->id, (long long)a->id)));
		json_object_set_new(o, "is_image", json_boolean(attachment_is_image(a)));
		json_array_append_new(items, o);
	}
	json_object_set_new(ctx, "files", items);
	json_object_set_new(ctx, "has_files", json_boolean(n > 0));
	json_object_set_new(ctx, "usage", json_string(pool_printf(req->pool, "%lld", (long long)count)));
	json_object_set_new(ctx, "usage_size", json_string(size_label(req->pool, bytes)));
	json_object_set_new(ctx, "is_older", json_boolean(before > 0));
	json_object_set_new(ctx, "files_url", json_string(pool_printf(req->pool, "/groups/%lld/files", (long long)g->id)));
	if (next)
		json_object_set_new(ctx, "next_url", json_string(pool_printf(req->pool, "/groups/%lld/files?before=%lld",
		                                                             (long long)g->id, (long long)next)));
	if (error)
		json_object_set_new(ctx, "upload_error", json_string(error));
	page_render(req, status, "group_files", ctx, N_("Group files"));
}

void page_group_files(struct request *req)
{
	struct group *g = group_view_load(req, true);
	if (g)
		render(req, g, 200, NULL);
}

static int upload_status(enum attachment_problem why, int rc)
{
	switch (why) {
	case ATT_TOO_LARGE: case ATT_TOO_MANY_PIXELS: return 413;
	case ATT_WRONG_TYPE: case ATT_MARKUP: case ATT_PROGRAM: return 415;
	case ATT_TOO_MANY_PENDING: return 429;
	case ATT_STORAGE: return 503;
	case ATT_EMPTY: return 400;
	case ATT_DAMAGED: return 422;
	case ATT_FINE: break;
	}
	return rc == PLEIN_DENIED ? 403 : rc == PLEIN_TOOBIG ? 413 : 422;
}

void page_group_file_upload(struct request *req)
{
	struct group *g = group_view_load(req, true);
	if (!g)
		return;
	if (!visibility_can_post_in_group(req->viewer, g)) {
		page_error(req, 403, N_("Only members of the group can add files to it."));
		return;
	}
	size_t stored = 0;
	for (size_t i = 0; i < req->n_uploads; i++) {
		const struct upload *u = &req->uploads[i];
		if (strcmp(u->name, "files") != 0 || (u->len == 0 && !u->filename[0]))
			continue;  /* a file input left empty */
		if (stored == FILES_PER_FORM) {
			render(req, g, 400, T(req, N_("Add at most 5 files at once.")));
			return;
		}
		struct attachment *a;
		enum attachment_problem why;
		const char *msg;
		int rc = attachments_store_group(req->db, req->pool, req->viewer, g, u->filename, u->data, u->len, &a,
		                                 &why, &msg);
		if (rc != PLEIN_OK) {
			/* the files before it are in; say which one was refused and why */
			render(req, g, upload_status(why, rc),
			       pool_printf(req->pool, "%s: %s", u->filename[0] ? u->filename : "?", T(req, msg)));
			return;
		}
		stored++;
	}
	if (!stored) {
		render(req, g, 400, T(req, N_("Choose a file to add first.")));
		return;
	}
	page_redirect(req, pool_printf(req->pool, "/groups/%lld/files", (long long)g->id), "file_added");
}

/* The group file of {file_id} in the group of {id} the viewer may delete;
 * else the error page was sent. */
static struct attachment *load_deletable(struct request *req, struct group **g)
{
	*g = group_view_load(req, true);
	if (!*g)
		return NULL;
	int64_t fid = req_param_id(req, "file_id");
	struct attachment *a = NULL;
	int rc = fid > 0 ? attachments_get(req->db, req->pool, fid, &a) : PLEIN_NOTFOUND;
	if (rc == PLEIN_OK && a->group_id != (*g)->id)
		rc = PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND) {
		page_error(req, 404, N_("There is no such file, or it is not shared with you."));
		return NULL;
	}
	if (rc) {
		unavailable(req);
		return NULL;
	}
	if (!attachments_may_delete(req->viewer, *g, a)) {
		page_error(req, 403, N_("Only the person who added a file and the group's owners and moderators can delete it."));
		return NULL;
	}
	return a;
}

void page_group_file_delete_form(struct request *req)
{
	struct group *g;
	struct attachment *a = load_deletable(req, &g);
	if (!a)
		return;
	const char *back = pool_printf(req->pool, "/groups/%lld/files", (long long)g->id);
	json_t *ctx = json_pack("{s:s, s:s, s:s, s:s}", "title", T(req, N_("Delete this file?")),
		"question", pool_printf(req->pool, "“%s”: %s", a->name,
			T(req, N_("the file will be gone for everyone in the group. This cannot be undone."))),
		"action", pool_printf(req->pool, "%s/%lld/delete", back, (long long)a->id), "back", back);
	page_render(req, 200, "confirm_delete", ctx, N_("Delete this file?"));
}

void page_group_file_delete(struct request *req)
{
	struct group *g;
	struct attachment *a = load_deletable(req, &g);
	if (!a)
		return;
	int rc = attachments_group_delete(req->db, req->pool, req->viewer, g->id, a->id);
	if (rc == PLEIN_NOTFOUND) {  /* deleted meanwhile */
		page_error(req, 404, N_("There is no such file, or it is not shared with you."));
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	page_redirect(req, pool_printf(req->pool, "/groups/%lld/files", (long long)g->id), "file_deleted");
}

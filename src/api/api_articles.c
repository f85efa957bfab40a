/* api_articles.c — /api/v1/articles (docs/api.md "Articles"): publish or
 * save a draft, the articles the viewer may see (cursor), one article,
 * edit, delete; the viewer's drafts (read, change, delete, publish). An
 * article the viewer may not see and a draft that is not theirs are 404,
 * as ones that do not exist. */
#include "api/api_posts.h"
#include "web/handlers.h"
#include "core/articles.h"
#include "core/attachments.h"
#include "core/i18n.h"
#include "core/visibility.h"
#include <stdlib.h>
#include <time.h>

static void unavailable(struct request *req)
{
	api_error(req, 503, "unavailable", T(req, N_("Articles cannot be read or saved right now.")), NULL);
}

static void not_found(struct request *req)
{
	api_error(req, 404, "not_found", T(req, N_("There is no such article.")), NULL);
}

static json_t *api_article_json(struct request *req, const struct article *a)
{
	json_t *o = api_post_json(req, &a->post);
	json_object_set_new(o, "title", json_string(a->post.title ? a->post.title : ""));
	json_object_set_new(o, "body", json_string(a->post.body));  /* as sent; "text" too, as every post */
	json_object_set_new(o, "url", json_string(pool_printf(req->pool, "/articles/%lld", (long long)a->post.id)));
	json_object_set_new(o, "published_at", api_time(a->published_at));
	json_t *cover = json_null();
	struct attachment *att;
	if (a->cover_id && attachments_get(req->db, req->pool, a->cover_id, &att) == PLEIN_OK)
		cover = api_attachment(req->pool, att);
	json_object_set_new(o, "cover", cover);
	return o;
}

static json_t *draft_json(struct request *req, const struct article_draft *d)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:s}", "draft_id", (json_int_t)d->id,
		"title", d->title, "body", d->body, "visibility", d->visibility,
		"group_id", d->group_id ? json_integer(d->group_id) : json_null(),
		"cover_attachment_id", d->cover_id ? json_integer(d->cover_id) : json_null(),
		"publish_at", d->publish_at ? api_time(d->publish_at) : json_null(),
		"publish_error", d->publish_error ? json_string(T(req, d->publish_error)) : json_null(),
		"created_at", api_time(d->created_at), "updated_at", api_time(d->updated_at),
		"url", pool_printf(req->pool, "/articles/drafts/%lld/edit", (long long)d->id));
}

/* An optional positive id member: absent/null → 0 (and *present). */
static int id_member(struct request *req, json_t *body, const char *key, int64_t *out, bool *present)
{
	json_t *v = json_object_get(body, key);
	if (present)
		*present = v != NULL;
	*out = 0;
	if (!v || json_is_null(v))
		return PLEIN_OK;
	if (!json_is_integer(v) || json_integer_value(v) <= 0) {
		api_error(req, 422, "invalid", T(req, N_("This must be an id, or null.")), key);
		return PLEIN_INVALID;
	}
	*out = json_integer_value(v);
	return PLEIN_OK;
}

/* publish_at: RFC 3339 UTC ("2026-12-01T09:00:00Z") or null. */
static int time_member(struct request *req, json_t *body, int64_t *out, bool *present)
{
	json_t *v = json_object_get(body, "publish_at");
	*present = v != NULL;
	*out = 0;
	if (!v || json_is_null(v))
		return PLEIN_OK;
	if (!json_is_string(v) || articles_parse_time(json_string_value(v), 0, out) != PLEIN_OK) {
		api_error(req, 422, "invalid", T(req, N_("publish_at must be a time like 2026-12-01T09:00:00Z, or null.")),
		          "publish_at");
		return PLEIN_INVALID;
	}
	return PLEIN_OK;
}

static void answer_refusal(struct request *req, int rc, const char *msg, const char *field)
{
	if (rc == PLEIN_INVALID)
		api_error(req, 422, "invalid", T(req, msg), field);
	else if (rc == PLEIN_DENIED)
		api_error(req, 403, "forbidden", T(req, msg), field);
	else if (rc == PLEIN_TOOBIG)
		api_error(req, 409, "conflict", T(req, msg), NULL);
	else if (rc == PLEIN_NOTFOUND)
		api_error(req, 404, "not_found", T(req, N_("There is no such draft.")), NULL);
	else
		unavailable(req);
}

/* The fields of an article_input present in body (others stay as in *in). */
static int read_input(struct request *req, json_t *body, struct article_input *in)
{
	const char *s;
	bool present;
	int64_t id;
	if (api_string_member(req, body, "title", false, &s, &present))
		return PLEIN_INVALID;
	if (s)
		in->title = s;
	if (api_string_member(req, body, "body", false, &s, &present))
		return PLEIN_INVALID;
	if (s)
		in->body = s;
	if (api_string_member(req, body, "visibility", false, &s, &present))
		return PLEIN_INVALID;
	if (s)
		in->visibility = s;
	if (id_member(req, body, "group_id", &id, &present))
		return PLEIN_INVALID;
	if (present)
		in->group_id = id;
	if (id_member(req, body, "cover_attachment_id", &id, &present))
		return PLEIN_INVALID;
	if (present)
		in->cover_id = id;
	if (time_member(req, body, &id, &present))
		return PLEIN_INVALID;
	if (present)
		in->publish_at = id;
	return PLEIN_OK;
}

static void answer_article(struct request *req, int status, int64_t id)
{
	struct article *a;
	if (articles_get(req->db, req->pool, id, &a)) {
		unavailable(req);
		return;
	}
	if (status == 201)
		resp_header(req, "Location", pool_printf(req->pool, "/api/v1/articles/%lld", (long long)id));
	api_json(req, status, api_article_json(req, a));
}

static void answer_draft(struct request *req, int status, int64_t id)
{
	struct article_draft *d;
	if (articles_draft_get(req->db, req->pool, req->viewer->id, id, &d)) {
		unavailable(req);
		return;
	}
	if (status == 201)
		resp_header(req, "Location", pool_printf(req->pool, "/api/v1/articles/drafts/%lld", (long long)id));
	api_json(req, status, draft_json(req, d));
}

void api_articles_create(struct request *req)
{
	json_t *body = api_body_object(req);
	if (!body)
		return;
	struct article_input in = { 0 };
	json_t *draft = json_object_get(body, "draft");
	if (draft && !json_is_boolean(draft)) {
		api_error(req, 422, "invalid", T(req, N_("draft must be true or false.")), "draft");
		return;
	}
	if (read_input(req, body, &in))
		return;
	bool is_draft = (draft && json_is_true(draft)) || in.publish_at;
	const char *msg = NULL, *field = NULL;
	int64_t id = 0;
	int rc = is_draft ? articles_draft_save(req->db, req->pool, req->viewer, 0, &in, (int64_t)time(NULL), &id, &msg, &field)
	                  : articles_publish(req->db, req->pool, req->viewer, &in, &id, &msg, &field);
	if (rc) {
		answer_refusal(req, rc, msg, field);
		return;
	}
	if (is_draft)
		answer_draft(req, 201, id);
	else
		answer_article(req, 201, id);
}

void api_articles_list(struct request *req)
{
	int64_t cursor = 0;
	if (stream_cursor_parse(req_query(req, "cursor"), &cursor)) {
		api_error(req, 400, "bad_request", T(req, N_("This cursor is not valid.")), "cursor");
		return;
	}
	int limit = api_parse_limit(req_query(req, "limit"), 20, ARTICLES_PAGE_MAX);
	if (limit <= 0) {
		api_error(req, 400, "bad_request", T(req, N_("limit must be between 1 and 50.")), "limit");
		return;
	}
	int64_t *ids = NULL;
	size_t n = 0, na;
	struct article *a;
	if (articles_list(req->db, req->viewer, cursor, (size_t)limit + 1, &ids, &n)) {
		free(ids);
		unavailable(req);
		return;
	}
	bool more = n > (size_t)limit;
	int rc = articles_load(req->db, req->pool, ids, more ? (size_t)limit : n, &a, &na);
	free(ids);
	if (rc) {
		unavailable(req);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < na; i++)
		json_array_append_new(items, api_article_json(req, &a[i]));
	api_json(req, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor",
		more && na ? json_string(pool_printf(req->pool, "%lld", (long long)a[na - 1].post.id)) : json_null()));
}

/* The article of {id} if the viewer may see it; else 404 (or 503). */
static struct article *load_article(struct request *req)
{
	int64_t id = req_param_id(req, "id");
	struct article *a = NULL;
	int rc = id ? articles_get(req->db, req->pool, id, &a) : PLEIN_NOTFOUND;
	if (rc == PLEIN_OK && !visibility_can_see_post(req->viewer, &a->post))
		rc = PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND)
		not_found(req);
	else if (rc)
		unavailable(req);
	return rc ? NULL : a;
}

void api_articles_get(struct request *req)
{
	struct article *a = load_article(req);
	if (a)
		api_json(req, 200, api_article_json(req, a));
}

void api_articles_patch(struct request *req)
{
	json_t *body = api_body_object(req);
	struct article *a = body ? load_article(req) : NULL;
	if (!a)
		return;
	if (!visibility_can_edit_post(req->viewer, &a->post)) {
		api_error(req, 403, "forbidden", T(req, N_("Only the author can edit an article.")), NULL);
		return;
	}
	const char *title = a->post.title, *text = a->post.body, *s;
	int64_t cover = 0;
	bool present;
	if (api_string_member(req, body, "title", false, &s, NULL))
		return;
	if (s)
		title = s;
	if (api_string_member(req, body, "body", false, &s, NULL))
		return;
	if (s)
		text = s;
	if (id_member(req, body, "cover_attachment_id", &cover, &present))
		return;
	if (present && !cover)
		cover = -1;  /* null: remove the cover */
	const char *msg = NULL, *field = NULL;
	int rc = articles_edit(req->db, req->pool, req->viewer, a->post.id, title, text, cover, &msg, &field);
	if (rc == PLEIN_NOTFOUND)
		not_found(req);
	else if (rc)
		answer_refusal(req, rc, msg, field);
	else
		answer_article(req, 200, a->post.id);
}

void api_articles_delete(struct request *req)
{
	struct article *a = load_article(req);
	if (!a)
		return;
	if (!visibility_can_delete_post(req->viewer, &a->post)) {
		api_error(req, 403, "forbidden", T(req, N_("Only the author, a moderator or an administrator can delete an article.")), NULL);
		return;
	}
	if (posts_delete(req->db, req->viewer, a->post.id))
		unavailable(req);
	else
		api_no_content(req);
}

void api_articles_drafts(struct request *req)
{
	struct article_draft *d;
	size_t n;
	if (articles_drafts(req->db, req->pool, req->viewer->id, &d, &n)) {
		unavailable(req);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, draft_json(req, &d[i]));
	api_json(req, 200, json_pack("{s:o}", "items", items));
}

/* The viewer's draft of {id}; else 404. */
static struct article_draft *load_draft(struct request *req)
{
	int64_t id = req_param_id(req, "id");
	struct article_draft *d = NULL;
	int rc = id ? articles_draft_get(req->db, req->pool, req->viewer->id, id, &d) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND)
		api_error(req, 404, "not_found", T(req, N_("There is no such draft.")), NULL);
	else if (rc)
		unavailable(req);
	return rc ? NULL : d;
}

void api_articles_draft_get(struct request *req)
{
	struct article_draft *d = load_draft(req);
	if (d)
		api_json(req, 200, draft_json(req, d));
}

void api_articles_draft_patch(struct request *req)
{
	json_t *body = api_body_object(req);
	struct article_draft *d = body ? load_draft(req) : NULL;
	if (!d)
		return;
	struct article_input in = {
		.title = d->title, .body = d->body, .visibility = d->visibility, .group_id = d->group_id,
		.cover_id = d->cover_id, .publish_at = d->publish_at,
	};
	if (read_input(req, body, &in))
		return;
	const char *msg = NULL, *field = NULL;
	int64_t id;
	int rc = articles_draft_save(req->db, req->pool, req->viewer, d->id, &in, (int64_t)time(NULL), &id, &msg, &field);
	if (rc)
		answer_refusal(req, rc, msg, field);
	else
		answer_draft(req, 200, id);
}

void api_articles_draft_delete(struct request *req)
{
	struct article_draft *d = load_draft(req);
	if (!d)
		return;
	int rc = articles_draft_delete(req->db, req->viewer->id, d->id);
	if (rc)
		answer_refusal(req, rc, NULL, NULL);
	else
		api_no_content(req);
}

void api_articles_draft_publish(struct request *req)
{
	struct article_draft *d = load_draft(req);
	if (!d)
		return;
	const char *msg = NULL, *field = NULL;
	int64_t id;
	int rc = articles_draft_publish(req->db, req->pool, req->viewer, d->id, &id, &msg, &field);
	if (rc)
		answer_refusal(req, rc, msg, field);
	else
		answer_article(req, 201, id);
}

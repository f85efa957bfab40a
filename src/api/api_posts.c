/* api_posts.c — /api/v1/posts: write, read, edit and delete posts, their
 * earlier versions, comments and reactions. Every read and write asks
 * core/visibility.c first; a post the viewer may not see is a 404, the same
 * as one that does not exist. */
#include "api/api_posts.h"
#include "api/api_signups.h"
#include "web/handlers.h"
#include "core/i18n.h"
#include "core/groups.h"
#include "core/reactions.h"
#include "core/visibility.h"

static void unavailable(struct request *req)
{
	api_error(req, 503, "unavailable", T(req, N_("Posts cannot be read or saved right now.")), NULL);
}

static void not_found(struct request *req)
{
	api_error(req, 404, "not_found", T(req, N_("There is no such post.")), NULL);
}

struct post *api_load_post(struct request *req)
{
	int64_t id = req_param_id(req, "id");
	struct post *post = NULL;
	int rc = id ? posts_get(req->db, req->pool, id, &post) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && !visibility_can_see_post(req->viewer, post))) {
		not_found(req);
		return NULL;
	}
	if (rc) {
		unavailable(req);
		return NULL;
	}
	return post;
}

/* api_load_post, then the viewer must be allowed (else 403 with `denied`). */
static struct post *load_post_allowed(struct request *req, bool (*may)(const struct person *, const struct post *),
                                      const char *denied)
{
	struct post *post = api_load_post(req);
	if (post && !may(req->viewer, post)) {
		api_error(req, 403, "forbidden", T(req, denied), NULL);
		return NULL;
	}
	return post;
}

/* "group_id": absent or null → 0, a positive integer → it; else 422. */
static int api_group_member(struct request *req, json_t *body, int64_t *out)
{
	json_t *v = json_object_get(body, "group_id");
	*out = 0;
	if (!v || json_is_null(v))
		return PLEIN_OK;
	if (!json_is_integer(v) || json_integer_value(v) <= 0) {
		api_error(req, 422, "invalid", T(req, N_("group_id must be the id of a group, or null.")), "group_id");
		return PLEIN_INVALID;
	}
	*out = json_integer_value(v);
	return PLEIN_OK;
}

/* A group the viewer may put a post in: 422 for one they cannot see (as if
 * absent), 403 for one they see but are not a member of. */
static int api_load_group_for_post(struct request *req, int64_t id, struct group **g)
{
	int rc = groups_get(req->db, req->pool, id, g);
	if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && !visibility_can_see_group(req->viewer, *g))) {
		api_error(req, 422, "invalid", T(req, N_("There is no such group.")), "group_id");
		return PLEIN_NOTFOUND;
	}
	if (rc) {
		unavailable(req);
		return rc;
	}
	if (!visibility_can_post_in_group(req->viewer, *g)) {
		api_error(req, 403, "forbidden", T(req, N_("Only members of the group can post in it.")), "group_id");
		return PLEIN_DENIED;
	}
	return PLEIN_OK;
}

/* An array of positive integer ids (at most max) from member key. */
static int id_array(struct request *req, json_t *body, const char *key, size_t max, int64_t **out, size_t *n)
{
	json_t *a = json_object_get(body, key);
	*out = NULL;
	*n = 0;
	if (!a || json_is_null(a))
		return PLEIN_OK;
	if (!json_is_array(a) || json_array_size(a) > max) {
		api_error(req, 422, "invalid", T(req, N_("This must be a short list of ids.")), key);
		return PLEIN_INVALID;
	}
	*out = pool_alloc(req->pool, sizeof(**out) * (json_array_size(a) + 1));
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) <= 0) {
			api_error(req, 422, "invalid", T(req, N_("This must be a short list of ids.")), key);
			return PLEIN_INVALID;
		}
		(*out)[(*n)++] = json_integer_value(v);
	}
	return PLEIN_OK;
}

void api_posts_create(struct request *req)
{
	json_t *body = api_body_object(req);
	if (!body)
		return;
	struct post_input in = { 0 };
	if (api_group_member(req, body, &in.group_id))
		return;
	if (in.group_id) {
		struct group *g;
		if (api_load_group_for_post(req, in.group_id, &g))
			return;
	} else if (!visibility_can_post(req->viewer)) {  /* guests and alumni post in their groups only */
		api_error(req, 403, "forbidden", T(req, N_("You cannot post here.")), NULL);
		return;
	}
	int64_t *praised, *attachments;
	json_t *expires = json_object_get(body, "expires_at");
	if (api_string_member(req, body, "text", false, &in.text, NULL) ||
	    api_string_member(req, body, "visibility", true, &in.visibility, NULL) ||
	    api_string_member(req, body, "kind", true, &in.kind, NULL) ||
	    api_string_member(req, body, "badge", true, &in.badge, NULL) ||
	    id_array(req, body, "praised", POST_PRAISED_MAX, &praised, &in.n_praised) ||
	    id_array(req, body, "attachments", POST_ATTACHMENTS_MAX, &attachments, &in.n_attachments))
		return;
	if (api_signup_input(req, body, &in))  /* `signup`: {cap, deadline} */
		return;
	if (expires && !json_is_null(expires)) {
		if (!json_is_integer(expires) || json_integer_value(expires) <= 0) {
			api_error(req, 422, "invalid", T(req, N_("expires_at must be a Unix time in seconds.")), "expires_at");
			return;
		}
		in.expires_at = json_integer_value(expires);
	}
	in.praised = praised;
	in.attachments = attachments;
	if (in.kind && strcmp(in.kind, "announcement") == 0 && !visibility_can_announce(req->viewer)) {
		api_error(req, 403, "forbidden", T(req, N_("Only administrators and communicators post announcements.")), "kind");
		return;
	}
	int64_t id;
	const char *msg = NULL;
	int rc = posts_create(req->db, req->pool, req->viewer, &in, &id, &msg);
	if (rc == PLEIN_INVALID) {
		api_error(req, 422, "invalid", T(req, msg), "text");
		return;
	}
	struct post *post;
	if (rc || posts_get(req->db, req->pool, id, &post)) {
		unavailable(req);
		return;
	}
	resp_header(req, "Location", pool_printf(req->pool, "/api/v1/posts/%lld", (long long)id));
	json_t *o = api_post_json(req, post);
	json_object_set_new(o, "attachments", api_attachments_list(req, true, id));
	api_json(req, 201, o);
}

void api_posts_get(struct request *req)
{
	struct post *post = api_load_post(req);
	if (!post)
		return;
	json_t *o = api_post_json(req, post);
	json_object_set_new(o, "attachments", api_attachments_list(req, true, post->id));
	api_json(req, 200, o);
}

/* PATCH with group_id: move the post into that group, or out (null). */
static void api_posts_move(struct request *req, json_t *body)
{
	struct post *post = api_load_post(req);
	if (!post)
		return;
	int64_t to = 0;
	struct group *g = NULL;
	if (api_group_member(req, body, &to))
		return;
	if (to) {
		int rc = groups_get(req->db, req->pool, to, &g);
		if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && !visibility_can_see_group(req->viewer, g))) {
			api_error(req, 422, "invalid", T(req, N_("There is no such group.")), "group_id");
			return;
		}
		if (rc) {
			unavailable(req);
			return;
		}
	}
	if (to == post->group_id) {  /* already there: nothing to do */
		api_json(req, 200, api_post_json(req, post));
		return;
	}
	if (!visibility_can_move_post(req->viewer, post, g)) {
		api_error(req, 403, "forbidden", T(req, N_("You cannot move this post there.")), "group_id");
		return;
	}
	const char *msg = NULL;
	int rc = posts_move(req->db, req->viewer, post->id, to, &msg);
	if (rc == PLEIN_INVALID) {
		api_error(req, 422, "invalid", T(req, msg), "group_id");
		return;
	}
	if (rc == PLEIN_NOTFOUND) {
		not_found(req);
		return;
	}
	if (rc || posts_get(req->db, req->pool, post->id, &post)) {
		unavailable(req);
		return;
	}
	api_json(req, 200, api_post_json(req, post));
}

void api_posts_patch(struct request *req)
{
	json_t *body = api_body_object(req);
	if (!body)
		return;
	if (json_object_get(body, "group_id")) {
		if (json_object_size(body) != 1) {
			api_error(req, 422, "invalid", T(req, N_("Send either the new text or the group_id to move the post to.")),
			          "group_id");
			return;
		}
		api_posts_move(req, body);
		return;
	}
	struct post *post = load_post_allowed(req, visibility_can_edit_post, N_("Only the author can edit a post."));
	if (!post)
		return;
	const char *text;
	if (api_string_member(req, body, "text", false, &text, NULL))
		return;
	if (json_object_size(body) != 1 || !text) {
		api_error(req, 422, "invalid", T(req, N_("Send the new text or a group_id (one of them).")), "text");
		return;
	}
	const char *msg = NULL;
	int rc = posts_edit(req->db, req->pool, req->viewer, post->id, text, &msg);
	if (rc == PLEIN_INVALID) {
		api_error(req, 422, "invalid", T(req, msg), "text");
		return;
	}
	if (rc == PLEIN_NOTFOUND) {
		not_found(req);
		return;
	}
	if (rc || posts_get(req->db, req->pool, post->id, &post)) {
		unavailable(req);
		return;
	}
	api_json(req, 200, api_post_json(req, post));
}

void api_posts_delete(struct request *req)
{
	struct post *post = load_post_allowed(req, visibility_can_delete_post, N_("Only the author, a moderator or an administrator can delete a post."));
	if (!post)
		return;
	int rc = posts_delete(req->db, req->viewer, post->id);
	if (rc == PLEIN_NOTFOUND)
		not_found(req);
	else if (rc)
		unavailable(req);
	else
		api_no_content(req);
}

void api_posts_revisions(struct request *req)
{
	struct post *post = api_load_post(req);
	if (!post)
		return;
	struct post_revision *r;
	size_t n;
	if (posts_revisions(req->db, req->pool, post->id, &r, &n)) {
		unavailable(req);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)r[i].id, "text",
			r[i].body, "html", r[i].body_html, "written_at", api_time(r[i].created_at)));
	api_json(req, 200, json_pack("{s:o}", "items", items));
}

void api_comments_list(struct request *req)
{
	struct post *post = api_load_post(req);
	if (!post)
		return;
	int64_t after = 0;
	if (stream_cursor_parse(req_query(req, "after"), &after)) {
		api_error(req, 400, "bad_request", T(req, N_("after must be a comment id.")), "after");
		return;
	}
	struct comment *c;
	size_t n;
	if (comments_list(req->db, req->pool, post->id, after, COMMENTS_PAGE_MAX, &c, &n)) {
		unavailable(req);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, api_comment_json(&c[i]));
	api_json(req, 200, json_pack("{s:o}", "items", items));
}

void api_comments_create(struct request *req)
{
	json_t *body = api_body_object(req);
	if (!body)
		return;
	struct post *post = load_post_allowed(req, visibility_can_interact, N_("You cannot comment here."));
	if (!post)
		return;
	const char *text;
	int64_t *attachments;
	size_t n_attachments;
	json_t *parent = json_object_get(body, "parent_id");
	if (api_string_member(req, body, "text", false, &text, NULL) ||
	    id_array(req, body, "attachments", POST_ATTACHMENTS_MAX, &attachments, &n_attachments))
		return;
	if (parent && !json_is_null(parent) && (!json_is_integer(parent) || json_integer_value(parent) <= 0)) {
		api_error(req, 422, "invalid", T(req, N_("parent_id must be the id of a comment on this post.")), "parent_id");
		return;
	}
	int64_t id;
	const char *msg = NULL;
	int rc = comments_create(req->db, req->pool, req->viewer, post, parent ? json_integer_value(parent) : 0, text,
	                         attachments, n_attachments, &id, &msg);
	if (rc == PLEIN_INVALID) {
		api_error(req, 422, "invalid", T(req, msg), "text");
		return;
	}
	if (rc == PLEIN_NOTFOUND) {  /* deleted meanwhile */
		not_found(req);
		return;
	}
	struct comment *c;
	if (rc || comments_get(req->db, req->pool, id, &c)) {
		unavailable(req);
		return;
	}
	api_json(req, 201, api_comment_json(c));
}

void api_comments_delete(struct request *req)
{
	struct comment *c;
	struct post *post = NULL;
	int64_t id = req_param_id(req, "id");
	int rc = id ? comments_get(req->db, req->pool, id, &c) : PLEIN_NOTFOUND;
	if (rc == PLEIN_OK)
		rc = posts_get(req->db, req->pool, c->post_id, &post);
	if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && (!visibility_can_see_post(req->viewer, post) || c->deleted_at))) {
		api_error(req, 404, "not_found", T(req, N_("There is no such comment.")), NULL);
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	if (!visibility_can_delete_comment(req->viewer, post, c->owner_id)) {
		api_error(req, 403, "forbidden", T(req, N_("Only the author, a moderator or an administrator can delete a comment.")), NULL);
		return;
	}
	int rc2 = comments_delete(req->db, id);
	if (rc2 == PLEIN_NOTFOUND)  /* deleted meanwhile */
		api_error(req, 404, "not_found", T(req, N_("There is no such comment.")), NULL);
	else if (rc2)
		unavailable(req);
	else
		api_no_content(req);
}

static void reaction(struct request *req, bool on)
{
	struct post *post = api_load_post(req);
	if (!post)
		return;
	const char *kind = req_param(req, "kind");
	if (!reactions_kind_valid(kind)) {
		api_error(req, 404, "not_found", T(req, N_("There is no such reaction.")), "kind");
		return;
	}
	if (!visibility_can_interact(req->viewer, post)) {
		api_error(req, 403, "forbidden", T(req, N_("You cannot react here.")), NULL);
		return;
	}
	bool changed;
	int rc = reactions_set(req->db, req->viewer, post, kind, on, &changed);
	if (rc == PLEIN_NOTFOUND) {  /* deleted meanwhile */
		not_found(req);
		return;
	}
	if (rc || posts_get(req->db, req->pool, post->id, &post)) {
		unavailable(req);
		return;
	}
	api_json(req, 200, api_post_json(req, post));
}

void api_reaction_put(struct request *req) { reaction(req, true); }
void api_reaction_delete(struct request *req) { reaction(req, false); }

void api_reactions_list(struct request *req)
{
	struct post *post = api_load_post(req);
	if (!post)
		return;
	struct reactor *r;
	size_t n;
	if (reactions_who(req->db, req->pool, post->id, 500, &r, &n)) {
		unavailable(req);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:s, s:{s:I, s:s}}", "kind", r[i].kind, "person", "id",
		                                       (json_int_t)r[i].id, "name", r[i].name));
	api_json(req, 200, json_pack("{s:o}", "items", items));
}

/* pages_posts.c — a post's own page (permalink, comments, reactions), and
 * the forms that write: post, edit (with history), delete (after a
 * confirmation), comment, reply, react; the Markdown preview; fragments for
 * live updates. Public posts are readable signed out. */
#include "web/page.h"
#include "web/handlers.h"
#include "web/post_view.h"
#include "web/attachments_form.h"
#include "web/signup_view.h"
#include "web/composer_view.h"
#include "web/question_view.h"
#include "web/social.h"
#include "core/groups.h"
#include "api/api.h"
#include "core/i18n.h"
#include "core/markdown.h"
#include "core/reactions.h"
#include "core/visibility.h"

static void unavailable(struct request *req)
{
	page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
}

static const char *form(struct request *req, const char *key)
{
	return form_get(&req->form, key);
}

/* The post of the route's {id} if the viewer may see it, else answers 404. */
static struct post *load_post(struct request *req)
{
	int64_t id = req_param_id(req, "id");
	struct post *post = NULL;
	int rc = id ? posts_get(req->db, req->pool, id, &post) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && !visibility_can_see_post(req->viewer, post))) {
		if (!req->viewer && rc == PLEIN_OK && !post->deleted_at) {  /* maybe visible after signing in */
			resp_redirect(req, 303, pool_printf(req->pool, "/signin?next=/posts/%lld", (long long)id));
			return NULL;
		}
		page_error(req, 404, N_("There is no such post, or it is not shared with you."));
		return NULL;
	}
	if (rc) {
		unavailable(req);
		return NULL;
	}
	return post;
}

/* load_post, then the viewer must be allowed (else 403 with `denied`). */
static struct post *load_post_allowed(struct request *req, bool (*may)(const struct person *, const struct post *),
                                      const char *denied)
{
	struct post *post = load_post(req);
	if (post && !may(req->viewer, post)) {
		page_error(req, 403, denied);
		return NULL;
	}
	return post;
}

#define EDIT_DENIED N_("Only the author can edit a post.")
#define DELETE_DENIED N_("Only the author, a moderator or an administrator can delete a post.")

static void render_post(struct request *req, struct post *post, int status, const char *comment_text,
                        const char *comment_error, int64_t reply_to)
{
	struct comment *c;
	size_t n;
	if (comments_list(req->db, req->pool, post->id, 0, COMMENTS_PAGE_MAX, &c, &n)) {
		unavailable(req);
		return;
	}
	json_t *ctx = json_object();
	json_object_set_new(ctx, "post", post_view_item(req, post, true));
	json_object_set_new(ctx, "threads", post_view_comments(req, post, c, n));
	json_object_set_new(ctx, "has_comments", json_boolean(n > 0));
	json_object_set_new(ctx, "comments_newest", json_integer(n ? c[n - 1].id : 0));
	for (size_t i = 0; i < n; i++)
		if (c[i].id > json_integer_value(json_object_get(ctx, "comments_newest")))
			json_object_set_new(ctx, "comments_newest", json_integer(c[i].id));
	json_object_set_new(ctx, "can_comment", json_boolean(visibility_can_interact(req->viewer, post)));
	json_object_set_new(ctx, "comment_text", json_string(comment_text ? comment_text : ""));
	if (comment_error)
		json_object_set_new(ctx, "comment_error", json_string(comment_error));
	if (reply_to)
		json_object_set_new(ctx, "reply_to", json_integer(reply_to));
	json_object_set_new(ctx, "signed_out", json_boolean(!req->viewer));
	page_render(req, status, "post", ctx, N_("Post"));
}

void page_post(struct request *req)
{
	struct post *post = load_post(req);
	int64_t reply = 0;
	const char *r = req_query(req, "reply");
	if (r)
		reply = strtoll(r, NULL, 10);
	if (!post)
		return;
	/* questions and answers are read on the question's page (a thread being
	 * replied to stays open there) */
	const char *qurl = question_view_url(req, post);
	if (qurl) {
		const char *hash = strchr(qurl, '#');
		size_t path_len = hash ? (size_t)(hash - qurl) : strlen(qurl);
		if (reply > 0)  /* /questions/Q?reply=C#answer-A */
			qurl = pool_printf(req->pool, "%.*s?reply=%lld%s", (int)path_len, qurl, (long long)reply, hash ? hash : "");
		resp_redirect(req, 303, qurl);
		return;
	}
	render_post(req, post, 200, NULL, NULL, reply > 0 ? reply : 0);
}

/* The group named by the form's group_id ("" or absent: none): 0 and
 * true; a group the viewer may post in: its id; else answers and false. */
static bool form_group(struct request *req, int64_t *group_id)
{
	const char *s = form(req, "group_id");
	*group_id = 0;
	if (!s || !*s)
		return true;
	char *end;
	long long id = strtoll(s, &end, 10);
	struct group *g = NULL;
	int rc = id > 0 && !*end && end - s < 19 ? groups_get(req->db, req->pool, id, &g) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && !visibility_can_see_group(req->viewer, g))) {
		page_error(req, 404, N_("There is no such group."));
		return false;
	}
	if (rc) {
		unavailable(req);
		return false;
	}
	if (!visibility_can_post_in_group(req->viewer, g)) {
		page_error(req, 403, N_("Only members of the group can post in it."));
		return false;
	}
	*group_id = g->id;
	return true;
}

void page_post_create(struct request *req)
{
	const char *text = form(req, "text"), *vis = form(req, "visibility");
	const char *back = composer_return_path(form(req, "return"));
	int64_t group_id;
	if (!form_group(req, &group_id))
		return;
	/* in a group the group decides who reads it; outside, only members of the organisation post */
	if (!group_id && !visibility_can_post(req->viewer)) {
		page_error(req, 403, N_("You cannot post here."));
		return;
	}
	if (group_id)
		vis = NULL;
	int64_t files[POST_ATTACHMENTS_MAX];
	size_t n_files = 0;
	int status = 0;
	const char *msg = NULL;
	struct composer_state cs = { .text = text, .public = vis && strcmp(vis, "public") == 0, .group_id = group_id,
	                             .return_to = back };
	if (attachments_from_form(req, "files", "attachments", files, POST_ATTACHMENTS_MAX, &n_files, &status, &msg)) {
		cs.error = T(req, msg);
		home_render(req, true, &cs);
		if (status)
			req->status = status;  /* 413, 415, 422, 429 as the files deserve */
		return;
	}
	struct post_input in = { .text = text, .visibility = vis && *vis ? vis : NULL, .group_id = group_id,
	                         .attachments = files, .n_attachments = n_files };
	if (signup_view_form(req, &in, &msg)) {  /* the composer's sign-up fields */
		if (n_files)
			(void)attachments_discard(req->db, req->viewer->id, files, n_files);
		cs.error = T(req, msg);
		home_render(req, true, &cs);
		return;
	}
	int64_t id;
	int rc = posts_create(req->db, req->pool, req->viewer, &in, &id, &msg);
	if (rc && n_files)  /* refused: the files are sent again with the corrected form */
		(void)attachments_discard(req->db, req->viewer->id, files, n_files);
	if (rc == PLEIN_INVALID) {
		cs.error = T(req, msg);
		home_render(req, true, &cs);
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	page_redirect(req, back ? back : "/", "posted");
}

void page_post_preview(struct request *req)
{
	const char *text = form(req, "text");
	const char *msg = text && *text ? posts_text_error(text, POST_TEXT_MAX) : NULL;
	const char *html = text && !msg ? markdown_to_html_refs(req->pool, text, strlen(text), NULL) : NULL;
	json_t *ctx = json_pack("{s:s?, s:s?}", "html", html, "error", msg ? T(req, msg) : NULL);
	page_render_fragment(req, "post_preview", ctx);
}

static void edit_form(struct request *req, struct post *post, int status, const char *text, const char *error)
{
	json_t *ctx = json_pack("{s:o, s:s}", "post", post_view_item(req, post, true), "text", text ? text : post->body);
	if (error)
		json_object_set_new(ctx, "error", json_string(error));
	page_render(req, status, "post_edit", ctx, N_("Edit post"));
}

void page_post_edit_form(struct request *req)
{
	struct post *post = load_post_allowed(req, visibility_can_edit_post, EDIT_DENIED);
	if (!post)
		return;
	edit_form(req, post, 200, NULL, NULL);
}

void page_post_edit(struct request *req)
{
	struct post *post = load_post_allowed(req, visibility_can_edit_post, EDIT_DENIED);
	if (!post)
		return;
	const char *text = form(req, "text"), *msg = NULL;
	int rc = posts_edit(req->db, req->pool, req->viewer, post->id, text, &msg);
	if (rc == PLEIN_INVALID) {
		edit_form(req, post, 422, text, T(req, msg));
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	page_redirect(req, pool_printf(req->pool, "/posts/%lld", (long long)post->id), "post_saved");
}

void page_post_history(struct request *req)
{
	struct post *post = load_post(req);
	struct post_revision *r;
	size_t n;
	if (!post)
		return;
	if (posts_revisions(req->db, req->pool, post->id, &r, &n)) {
		unavailable(req);
		return;
	}
	json_t *versions = json_array();
	for (size_t i = n; i-- > 0;)  /* newest earlier version first */
		json_array_append_new(versions, json_pack("{s:s, s:o, s:s, s:I}", "html", r[i].body_html, "when",
			api_time(r[i].created_at), "ago", page_ago(req, r[i].created_at), "number", (json_int_t)(i + 1)));
	json_t *ctx = json_pack("{s:o, s:o, s:b}", "post", post_view_item(req, post, true), "versions", versions,
	                        "has_versions", n > 0);
	page_render(req, 200, "post_history", ctx, N_("Earlier versions"));
}

static void confirm_page(struct request *req, const char *title, const char *question, const char *action,
                         const char *back)
{
	json_t *ctx = json_pack("{s:s, s:s, s:s, s:s}", "title", T(req, title), "question", T(req, question),
	                        "action", action, "back", back);
	page_render(req, 200, "confirm_delete", ctx, title);
}

void page_post_delete_form(struct request *req)
{
	struct post *post = load_post_allowed(req, visibility_can_delete_post, DELETE_DENIED);
	if (!post)
		return;
	const char *url = pool_printf(req->pool, "/posts/%lld", (long long)post->id);
	confirm_page(req, N_("Delete this post?"),
		N_("The post, its comments and its earlier versions will be gone for everyone. This cannot be undone."),
		pool_printf(req->pool, "%s/delete", url), url);
}

void page_post_delete(struct request *req)
{
	struct post *post = load_post_allowed(req, visibility_can_delete_post, DELETE_DENIED);
	if (!post)
		return;
	int rc = posts_delete(req->db, req->viewer, post->id);
	if (rc == PLEIN_NOTFOUND) {  /* deleted meanwhile */
		page_error(req, 404, N_("There is no such post, or it is not shared with you."));
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	page_redirect(req, "/", "post_deleted");
}

void page_comment_create(struct request *req)
{
	struct post *post = load_post_allowed(req, visibility_can_interact, N_("You cannot comment here."));
	if (!post)
		return;
	const char *text = form(req, "text"), *parent = form(req, "parent_id"), *msg = NULL;
	int64_t parent_id = parent && *parent ? strtoll(parent, NULL, 10) : 0, id;
	int64_t files[POST_ATTACHMENTS_MAX];
	size_t n_files = 0;
	int status = 0;
	bool on_question = question_view_url(req, post) != NULL;  /* shown on the question's page */
	if (attachments_from_form(req, "files", "attachments", files, POST_ATTACHMENTS_MAX, &n_files, &status, &msg)) {
		if (on_question)
			question_view_comment_refused(req, post, status ? status : 422, text, T(req, msg), parent_id);
		else
			render_post(req, post, status ? status : 422, text, T(req, msg), parent_id);
		return;
	}
	int rc = comments_create(req->db, req->pool, req->viewer, post, parent_id > 0 ? parent_id : 0, text, files,
	                         n_files, &id, &msg);
	if (rc && n_files)  /* refused: the files are sent again with the corrected form */
		(void)attachments_discard(req->db, req->viewer->id, files, n_files);
	if (rc == PLEIN_INVALID) {
		if (on_question)
			question_view_comment_refused(req, post, 422, text, T(req, msg), parent_id);
		else
			render_post(req, post, 422, text, T(req, msg), parent_id);
		return;
	}
	if (rc == PLEIN_NOTFOUND) {  /* deleted meanwhile */
		page_error(req, 404, N_("There is no such post, or it is not shared with you."));
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	int64_t thread = on_question && strcmp(post->kind, "answer") == 0 ? post->parent_id : post->id;
	page_redirect(req, pool_printf(req->pool, "/%s/%lld#comment-%lld", on_question ? "questions" : "posts",
	                               (long long)thread, (long long)id), "commented");
}

/* The comment of {id} and its post, if the viewer may see them. */
static struct comment *load_comment(struct request *req, struct post **post)
{
	struct comment *c = NULL;
	int64_t id = req_param_id(req, "id");
	int rc = id ? comments_get(req->db, req->pool, id, &c) : PLEIN_NOTFOUND;
	if (rc == PLEIN_OK)
		rc = posts_get(req->db, req->pool, c->post_id, post);
	if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && (!visibility_can_see_post(req->viewer, *post) || c->deleted_at))) {
		page_error(req, 404, N_("There is no such comment."));
		return NULL;
	}
	if (rc) {
		unavailable(req);
		return NULL;
	}
	if (!visibility_can_delete_comment(req->viewer, *post, c->owner_id)) {
		page_error(req, 403, N_("Only the author, a moderator or an administrator can delete a comment."));
		return NULL;
	}
	return c;
}

void page_comment_delete_form(struct request *req)
{
	struct post *post;
	struct comment *c = load_comment(req, &post);
	if (!c)
		return;
	const char *url = pool_printf(req->pool, "/posts/%lld", (long long)post->id);
	confirm_page(req, N_("Delete this comment?"), N_("The comment will be gone for everyone. Replies to it stay."),
	             pool_printf(req->pool, "/comments/%lld/delete", (long long)c->id),
	             pool_printf(req->pool, "%s#comment-%lld", url, (long long)c->id));
}

void page_comment_delete(struct request *req)
{
	struct post *post;
	struct comment *c = load_comment(req, &post);
	if (!c)
		return;
	int rc = comments_delete(req->db, c->id);
	if (rc == PLEIN_NOTFOUND) {  /* deleted meanwhile */
		page_error(req, 404, N_("There is no such comment."));
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	page_redirect(req, pool_printf(req->pool, "/posts/%lld#comments", (long long)post->id), "comment_deleted");
}

void page_reaction(struct request *req)
{
	struct post *post = load_post(req);
	if (!post)
		return;
	const char *kind = req_param(req, "kind"), *on = form(req, "on");
	if (!reactions_kind_valid(kind)) {
		page_error(req, 404, N_("There is no such reaction."));
		return;
	}
	if (!visibility_can_interact(req->viewer, post)) {
		page_error(req, 403, N_("You cannot react here."));
		return;
	}
	bool changed;
	int rc = reactions_set(req->db, req->viewer, post, kind, !on || strcmp(on, "0") != 0, &changed);
	if (rc == PLEIN_NOTFOUND) {  /* deleted meanwhile */
		page_error(req, 404, N_("There is no such post, or it is not shared with you."));
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	if (req_header(req, "X-Fragment")) {  /* the page's script: answer the fresh buttons */
		if (posts_get(req->db, req->pool, post->id, &post)) {
			unavailable(req);
			return;
		}
		page_render_fragment(req, "reactions_fragment", json_pack("{s:o}", "reactions", post_view_reactions(req, post)));
		return;
	}
	page_redirect(req, pool_printf(req->pool, "/posts/%lld", (long long)post->id), NULL);
}

void page_reactions_who(struct request *req)
{
	struct post *post = load_post(req);
	struct reactor *r;
	size_t n;
	if (!post)
		return;
	if (reactions_who(req->db, req->pool, post->id, 500, &r, &n)) {
		unavailable(req);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		const char *emoji = "";
		for (size_t k = 0; k < REACTION_KINDS; k++)
			if (strcmp(r[i].kind, reaction_kinds[k].key) == 0)
				emoji = reaction_kinds[k].emoji;
		json_array_append_new(items, json_pack("{s:s, s:s, s:s}", "name", r[i].name, "emoji", emoji, "url",
			pool_printf(req->pool, "/people/%lld", (long long)r[i].id)));
	}
	page_render(req, 200, "reactions_who", json_pack("{s:o, s:s, s:b}", "items", items, "post_url",
		pool_printf(req->pool, "/posts/%lld", (long long)post->id), "has_items", n > 0), N_("Who reacted"));
}

void page_comments_fragment(struct request *req)
{
	struct post *post = load_post(req);
	int64_t after = 0;
	struct comment *c;
	size_t n;
	if (!post)
		return;
	const char *a = req_query(req, "after");
	if (a && (after = strtoll(a, NULL, 10)) < 0)
		after = 0;
	if (comments_list(req->db, req->pool, post->id, after, COMMENTS_PAGE_MAX, &c, &n)) {
		unavailable(req);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, post_view_comment(req, post, &c[i]));
	page_render_fragment(req, "comments_fragment", json_pack("{s:o}", "items", items));
}

void page_reactions_fragment(struct request *req)
{
	struct post *post = load_post(req);
	if (post)
		page_render_fragment(req, "reactions_fragment", json_pack("{s:o}", "reactions", post_view_reactions(req, post)));
}

/* ---- moving a post between the organisation and groups ---- */

/* Who sees a post placed in g (NULL: the organisation), for the move page. */
static const char *who_sees(struct request *req, const struct group *g)
{
	if (!g || strcmp(g->kind, "open") == 0)
		return T(req, N_("everyone in the organisation can see it"));
	return social_subst(req->pool, T(req, g->member_count == 1 ? N_("only its %s member can see it")
	                                                           : N_("only its %s members can see it")),
	                    pool_printf(req->pool, "%lld", (long long)g->member_count));
}

static void move_form(struct request *req, struct post *post, int status, const char *error)
{
	const struct person *v = req->viewer;
	json_t *targets = json_array();
	if (visibility_can_move_post(v, post, NULL))
		json_array_append_new(targets, json_pack("{s:s, s:s, s:s, s:b}", "value", "", "label",
			T(req, N_("Organisation")), "who", who_sees(req, NULL), "first", 1));
	for (size_t i = 0; v->scope && i < v->scope->n && i < COMPOSER_GROUPS_MAX; i++) {
		struct group *g;
		if (groups_get(req->db, req->pool, v->scope->m[i].group_id, &g) != PLEIN_OK ||
		    !visibility_can_move_post(v, post, g))
			continue;
		json_array_append_new(targets, json_pack("{s:s, s:s, s:s, s:b}", "value",
			pool_printf(req->pool, "%lld", (long long)g->id), "label", g->name, "who", who_sees(req, g),
			"first", json_array_size(targets) == 0));
	}
	if (!json_array_size(targets)) {
		json_decref(targets);
		page_error(req, 403, N_("You cannot move this post."));
		return;
	}
	struct group *now = NULL;
	if (post->group_id && groups_get(req->db, req->pool, post->group_id, &now) != PLEIN_OK)
		now = NULL;
	const char *url = pool_printf(req->pool, "/posts/%lld", (long long)post->id);
	json_t *ctx = json_pack("{s:o, s:s, s:s, s:s, s:s}", "targets", targets, "action",
		pool_printf(req->pool, "%s/move", url), "back", url,
		"now", now ? now->name : T(req, N_("Organisation")), "now_who", who_sees(req, now));
	if (error)
		json_object_set_new(ctx, "error", json_string(error));
	page_render(req, status, "post_move", ctx, N_("Move this post"));
}

void page_post_move_form(struct request *req)
{
	struct post *post = load_post(req);
	if (post)
		move_form(req, post, 200, NULL);
}

void page_post_move(struct request *req)
{
	struct post *post = load_post(req);
	if (!post)
		return;
	const char *s = form(req, "group_id");
	struct group *g = NULL;
	if (s && *s) {
		char *end;
		long long id = strtoll(s, &end, 10);
		int rc = id > 0 && !*end && end - s < 19 ? groups_get(req->db, req->pool, id, &g) : PLEIN_NOTFOUND;
		if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && !visibility_can_see_group(req->viewer, g))) {
			move_form(req, post, 422, T(req, N_("There is no such group.")));
			return;
		}
		if (rc) {
			unavailable(req);
			return;
		}
	}
	if ((g ? g->id : 0) == post->group_id) {  /* already there */
		page_redirect(req, pool_printf(req->pool, "/posts/%lld", (long long)post->id), NULL);
		return;
	}
	if (!visibility_can_move_post(req->viewer, post, g)) {
		page_error(req, 403, N_("You cannot move this post there."));
		return;
	}
	const char *msg = NULL;
	int rc = posts_move(req->db, req->viewer, post->id, g ? g->id : 0, &msg);
	if (rc == PLEIN_INVALID) {
		move_form(req, post, 422, T(req, msg));
		return;
	}
	if (rc == PLEIN_NOTFOUND) {
		page_error(req, 404, N_("There is no such post, or it is not shared with you."));
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	page_redirect(req, pool_printf(req->pool, "/posts/%lld", (long long)post->id), "post_moved");
}

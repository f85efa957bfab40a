/* pages_question.c — one question's page (/questions/{id}): the question,
 * its answers with the accepted one first, "Helpful" and "Accept" buttons
 * for who may (visibility.c decides), comments on the question and on each
 * answer (the post page's partials), the answer form; and the forms that
 * write: answer, accept / withdraw, helpful on / off. */
#include "web/question_view.h"
#include "web/page.h"
#include "web/handlers.h"
#include "web/post_view.h"
#include "web/attachments_form.h"
#include "api/api.h"
#include "http/static.h"
#include "core/attachments.h"
#include "core/comments.h"
#include "core/i18n.h"
#include "core/visibility.h"

static void unavailable(struct request *req)
{
	page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
}

/* What a refused form leaves on the page again. */
struct refill {
	int64_t comment_post;     /* the post whose comment was refused (0: none) */
	const char *comment_text, *comment_error;
	int64_t reply_to;         /* a thread being answered (?reply=, or the refused reply's) */
	const char *answer_text, *answer_error;
};

/* The comments of one post (the question or an answer) and its form. */
static json_t *comments_block(struct request *req, const struct post *post, const struct refill *r, int *rc)
{
	struct comment *c;
	size_t n;
	if ((*rc = comments_list(req->db, req->pool, post->id, 0, COMMENTS_PAGE_MAX, &c, &n)) != PLEIN_OK)
		return json_object();
	json_t *o = json_object();
	json_object_set_new(o, "post_id", json_integer(post->id));
	json_object_set_new(o, "threads", post_view_comments(req, post, c, n));
	json_object_set_new(o, "has_comments", json_boolean(n > 0));
	json_object_set_new(o, "count", json_integer((json_int_t)n));
	int64_t newest = 0;  /* live updates (static/app.js) fetch the comments after it */
	for (size_t i = 0; i < n; i++)
		newest = c[i].id > newest ? c[i].id : newest;
	json_object_set_new(o, "newest", json_integer(newest));
	json_object_set_new(o, "can_comment", json_boolean(visibility_can_interact(req->viewer, post)));
	bool mine = r && r->comment_post == post->id;
	bool here = false;
	for (size_t i = 0; r && r->reply_to && i < n; i++)
		here |= c[i].id == r->reply_to;
	json_object_set_new(o, "open", json_boolean(mine || here || n > 0));
	/* every key set (null when empty): an answer's block must not find the question's */
	json_object_set_new(o, "comment_text", json_string(mine && r->comment_text ? r->comment_text : ""));
	json_object_set_new(o, "comment_error", mine && r->comment_error ? json_string(r->comment_error) : json_null());
	json_object_set_new(o, "reply_to", here ? json_integer(r->reply_to) : json_null());
	return o;
}

/* What templates/answer_actions.mustache reads: Helpful (count, the
 * viewer's own, may they) and Accept. */
static json_t *answer_actions_json(struct request *req, const struct answer *a, bool can_accept)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(a->post.id));
	json_object_set_new(o, "accepted", json_boolean(a->accepted));
	json_object_set_new(o, "helpful", json_integer(a->helpful));
	json_object_set_new(o, "helpful_mine", json_boolean(a->helpful_mine));
	json_object_set_new(o, "can_mark", json_boolean(visibility_can_interact(req->viewer, &a->post) &&
	                                                a->post.owner_id != req->viewer->id));
	json_object_set_new(o, "can_accept", json_boolean(can_accept));
	json_object_set_new(o, "csrf", json_string(req->csrf ? req->csrf : ""));
	return o;
}

static void render_question(struct request *req, const struct post *q, int status, const struct refill *r)
{
	struct question_state s;
	struct answer *answers;
	struct question_asked *asked;
	size_t n, n_asked;
	if (questions_state(req->db, q->id, &s) || questions_answers(req->db, req->pool, req->viewer, q, &answers, &n) ||
	    questions_asked(req->db, req->pool, q->id, &asked, &n_asked)) {
		unavailable(req);
		return;
	}
	int rc = PLEIN_OK;
	json_t *ctx = json_object(), *item = post_view_item(req, q, true);
	json_object_del(item, "question_title");  /* the page's heading says it */
	if (q->anonymous)  /* "Anonymous colleague", as the queues say */
		json_object_set_new(json_object_get(item, "author"), "name", json_string(T(req, N_("Anonymous colleague"))));
	json_object_set_new(ctx, "question", item);
	json_object_set_new(ctx, "id", json_integer(q->id));
	json_object_set_new(ctx, "page_url", json_string(pool_printf(req->pool, "/questions/%lld", (long long)q->id)));
	json_object_set_new(ctx, "heading", json_string(q->title ? q->title : ""));  /* "title" is the layout's */
	/* only the anonymous asker is told it is theirs: no one else learns anything */
	json_object_set_new(ctx, "mine_anonymous", json_boolean(q->anonymous && req->viewer->id == q->owner_id));
	if (s.first_answer_at)
		json_object_set_new(ctx, "first_answer",
		                    json_string(question_view_first_answer(req, s.first_answer_at - q->created_at)));
	if (q->group_id && q->group_name)
		json_object_set_new(ctx, "group", json_pack("{s:s, s:s}", "name", q->group_name, "url",
			pool_printf(req->pool, "/groups/%lld", (long long)q->group_id)));
	/* colleagues asked by name: named on a named question; on an anonymous
	 * one only counted (whom it asked could point at who asked) */
	json_t *names = json_array();
	for (size_t i = 0; !q->anonymous && i < n_asked; i++)
		json_array_append_new(names, json_pack("{s:s, s:s}", "name", asked[i].name, "url",
			pool_printf(req->pool, "/people/%lld", (long long)asked[i].id)));
	json_object_set_new(ctx, "asked", names);
	json_object_set_new(ctx, "has_asked", json_boolean(n_asked > 0));
	json_object_set_new(ctx, "asked_named", json_boolean(n_asked > 0 && !q->anonymous));
	json_object_set_new(ctx, "asked_count", json_integer((json_int_t)n_asked));
	json_object_set_new(ctx, "comments", comments_block(req, q, r, &rc));
	bool can_accept = visibility_can_accept_answer(req->viewer, q);
	json_t *list = json_array();
	for (size_t i = 0; rc == PLEIN_OK && i < n; i++) {
		const struct answer *a = &answers[i];
		json_t *o = answer_actions_json(req, a, can_accept);
		json_object_set_new(o, "post", post_view_item(req, &a->post, true));
		json_object_set_new(o, "comments", comments_block(req, &a->post, r, &rc));
		json_array_append_new(list, o);
	}
	if (rc) {
		json_decref(ctx);
		json_decref(list);
		unavailable(req);
		return;
	}
	json_object_set_new(ctx, "answers", list);
	json_object_set_new(ctx, "answer_count", json_integer((json_int_t)n));
	json_object_set_new(ctx, "one_answer", json_boolean(n == 1));
	json_object_set_new(ctx, "has_answers", json_boolean(n > 0));
	json_object_set_new(ctx, "can_answer", json_boolean(visibility_can_interact(req->viewer, q)));
	json_object_set_new(ctx, "answer_text", json_string(r && r->answer_text ? r->answer_text : ""));
	if (r && r->answer_error)
		json_object_set_new(ctx, "answer_error", json_string(r->answer_error));
	json_object_set_new(ctx, "questions_js_url", json_string(static_url(req->pool, "questions.js")));
	json_object_set_new(ctx, "nav_questions", json_true());
	page_render(req, status, "question", ctx, q->title ? q->title : N_("Question"));
}

/* The question of {id}, or answered: 404 when it is not a question the viewer may see. */
static struct post *load_question(struct request *req, int64_t id)
{
	struct post *q = NULL;
	int rc = id ? posts_get(req->db, req->pool, id, &q) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND ||
	    (rc == PLEIN_OK && (strcmp(q->kind, "question") != 0 || !visibility_can_see_post(req->viewer, q)))) {
		page_error(req, 404, N_("There is no such question, or it is not shared with you."));
		return NULL;
	}
	if (rc) {
		unavailable(req);
		return NULL;
	}
	return q;
}

void page_question(struct request *req)
{
	struct post *q = load_question(req, req_param_id(req, "id"));
	if (!q)
		return;
	struct refill r = { 0 };
	const char *reply = req_query(req, "reply");
	if (reply && stream_cursor_parse(reply, &r.reply_to))
		r.reply_to = 0;
	render_question(req, q, 200, &r);
}

void question_view_comment_refused(struct request *req, const struct post *post, int status, const char *text,
                                   const char *error, int64_t parent_id)
{
	struct post *q = strcmp(post->kind, "answer") == 0 ? load_question(req, post->parent_id)
	                                                   : load_question(req, post->id);
	if (!q)
		return;
	struct refill r = { .comment_post = post->id, .comment_text = text, .comment_error = error, .reply_to = parent_id };
	render_question(req, q, status, &r);
}

void page_question_answer(struct request *req)
{
	struct post *q = load_question(req, req_param_id(req, "id"));
	if (!q)
		return;
	if (!visibility_can_interact(req->viewer, q)) {
		page_error(req, 403, N_("You cannot answer here."));
		return;
	}
	const char *text = form_get(&req->form, "text"), *msg = NULL;
	int64_t files[POST_ATTACHMENTS_MAX];
	size_t n_files = 0;
	int status = 0;
	struct refill r = { .answer_text = text };
	if (attachments_from_form(req, "files", "attachments", files, POST_ATTACHMENTS_MAX, &n_files, &status, &msg)) {
		r.answer_error = T(req, msg);
		render_question(req, q, status ? status : 422, &r);
		return;
	}
	int64_t id = 0;
	int rc = questions_answer(req->db, req->pool, req->viewer, q, text, files, n_files, &id, &msg);
	if (rc && n_files)  /* refused: the files are sent again with the corrected form */
		(void)attachments_discard(req->db, req->viewer->id, files, n_files);
	if (rc == PLEIN_INVALID) {
		r.answer_error = T(req, msg);
		render_question(req, q, 422, &r);
		return;
	}
	if (rc == PLEIN_NOTFOUND) {  /* deleted meanwhile */
		page_error(req, 404, N_("There is no such question, or it is not shared with you."));
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	page_redirect(req, pool_printf(req->pool, "/questions/%lld#answer-%lld", (long long)q->id, (long long)id),
	              "answered");
}

/* The answer of {id} and its question, both visible to the viewer, or answered 404. */
static struct post *load_answer(struct request *req, struct post **question)
{
	int64_t id = req_param_id(req, "id");
	struct post *a = NULL;
	int rc = id ? posts_get(req->db, req->pool, id, &a) : PLEIN_NOTFOUND;
	if (rc == PLEIN_OK && (strcmp(a->kind, "answer") != 0 || !visibility_can_see_post(req->viewer, a)))
		rc = PLEIN_NOTFOUND;
	if (rc == PLEIN_OK)
		rc = posts_get(req->db, req->pool, a->parent_id, question);
	if (rc == PLEIN_OK && !visibility_can_see_post(req->viewer, *question))
		rc = PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND) {
		page_error(req, 404, N_("There is no such answer."));
		return NULL;
	}
	if (rc) {
		unavailable(req);
		return NULL;
	}
	return a;
}

static bool form_on(struct request *req)
{
	const char *on = form_get(&req->form, "on");
	return !on || strcmp(on, "0") != 0;
}

void page_answer_accept(struct request *req)
{
	struct post *q, *a = load_answer(req, &q);
	if (!a)
		return;
	if (!visibility_can_accept_answer(req->viewer, q)) {
		page_error(req, 403, N_("Only the asker, the group's moderators or an administrator can accept an answer."));
		return;
	}
	bool on = form_on(req);
	struct question_state s;
	int rc = questions_state(req->db, q->id, &s);
	/* withdrawing another answer's acceptance leaves that one accepted */
	if (rc == PLEIN_OK && (on || s.accepted_id == a->id))
		rc = questions_accept(req->db, req->viewer, q, on ? a->id : 0);
	if (rc == PLEIN_INVALID) {  /* deleted meanwhile */
		page_error(req, 404, N_("There is no such answer."));
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	page_redirect(req, pool_printf(req->pool, "/questions/%lld#answer-%lld", (long long)q->id, (long long)a->id),
	              on ? "answer_accepted" : "answer_unaccepted");
}

void page_answer_helpful(struct request *req)
{
	struct post *q, *a = load_answer(req, &q);
	if (!a)
		return;
	if (!visibility_can_interact(req->viewer, a)) {
		page_error(req, 403, N_("You cannot mark answers here."));
		return;
	}
	bool changed;
	int rc = questions_helpful(req->db, req->viewer, a, form_on(req), &changed);
	if (rc == PLEIN_DENIED) {
		page_error(req, 403, N_("You cannot mark your own answer as helpful."));
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	if (req_header(req, "X-Fragment")) {  /* static/questions.js: the fresh buttons, in place */
		struct answer *list;
		size_t n;
		if (questions_answers(req->db, req->pool, req->viewer, q, &list, &n)) {
			unavailable(req);
			return;
		}
		for (size_t i = 0; i < n; i++)
			if (list[i].post.id == a->id) {
				page_render_fragment(req, "answer_actions",
				                     answer_actions_json(req, &list[i], visibility_can_accept_answer(req->viewer, q)));
				return;
			}
		page_error(req, 404, N_("There is no such answer."));
		return;
	}
	page_redirect(req, pool_printf(req->pool, "/questions/%lld#answer-%lld", (long long)q->id, (long long)a->id), NULL);
}

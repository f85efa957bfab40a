/* api_questions.c — /api/v1/questions and /api/v1/answers (docs/api.md
 * "Questions"): ask, the queues, one question with its answers (accepted
 * first), answer, accept, "helpful". A question or answer the viewer may
 * not see is a 404, as one that does not exist; an anonymous asker is
 * never in a response (core/posts.c masks the author when it reads). */
#include "api/api_posts.h"
#include "web/handlers.h"
#include "core/i18n.h"
#include "core/groups.h"
#include "core/questions.h"
#include "core/topics.h"
#include "core/visibility.h"

static void unavailable(struct request *req)
{
	api_error(req, 503, "unavailable", T(req, N_("Questions cannot be read or saved right now.")), NULL);
}

/* The post named by {id} if the viewer may see it and it is of `kind`. */
static struct post *load_kind(struct request *req, const char *kind)
{
	int64_t id = req_param_id(req, "id");
	struct post *post = NULL;
	int rc = id ? posts_get(req->db, req->pool, id, &post) : PLEIN_NOTFOUND;
	if (rc == PLEIN_OK && (!visibility_can_see_post(req->viewer, post) || strcmp(post->kind, kind) != 0))
		rc = PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND)
		api_error(req, 404, "not_found", T(req, strcmp(kind, "question") == 0 ? N_("There is no such question.")
		                                                                     : N_("There is no such answer.")), NULL);
	else if (rc)
		unavailable(req);
	return rc ? NULL : post;
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

/* A question with its queue state. `mine` is true only for the asker
 * (false tells nobody anything). */
static json_t *question_json(struct request *req, const struct post *q, const struct question_state *s)
{
	json_t *o = api_post_json(req, q);
	json_object_set_new(o, "url", json_string(pool_printf(req->pool, "/questions/%lld", (long long)q->id)));
	json_object_set_new(o, "answer_count", json_integer(s->answer_count));
	json_object_set_new(o, "accepted_answer_id", s->accepted_id ? json_integer(s->accepted_id) : json_null());
	json_object_set_new(o, "first_answer_at", s->first_answer_at ? api_time(s->first_answer_at) : json_null());
	json_object_set_new(o, "seconds_to_first_answer",
	                    s->first_answer_at ? json_integer(s->first_answer_at - q->created_at) : json_null());
	json_object_set_new(o, "mine", json_boolean(req->viewer && req->viewer->id == q->owner_id));
	return o;
}

void api_questions_create(struct request *req)
{
	json_t *body = api_body_object(req);
	if (!body)
		return;
	struct question_input in = { 0 };
	json_t *gid = json_object_get(body, "group_id"), *anon = json_object_get(body, "anonymous");
	if (gid && !json_is_null(gid)) {
		if (!json_is_integer(gid) || json_integer_value(gid) <= 0) {
			api_error(req, 422, "invalid", T(req, N_("group_id must be the id of a group, or null.")), "group_id");
			return;
		}
		in.group_id = json_integer_value(gid);
	}
	if (anon && !json_is_boolean(anon)) {
		api_error(req, 422, "invalid", T(req, N_("anonymous must be true or false.")), "anonymous");
		return;
	}
	in.anonymous = anon && json_is_true(anon);
	int64_t *ask, *attachments;
	if (api_string_member(req, body, "title", false, &in.title, NULL) ||
	    api_string_member(req, body, "body", false, &in.text, NULL) ||
	    id_array(req, body, "ask", QUESTION_ASK_MAX, &ask, &in.n_ask) ||
	    id_array(req, body, "attachments", POST_ATTACHMENTS_MAX, &attachments, &in.n_attachments))
		return;
	in.ask = ask;
	in.attachments = attachments;
	if (in.group_id) {
		struct group *g;
		int rc = groups_get(req->db, req->pool, in.group_id, &g);
		if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && !visibility_can_see_group(req->viewer, g))) {
			api_error(req, 422, "invalid", T(req, N_("There is no such group.")), "group_id");
			return;
		}
		if (rc) {
			unavailable(req);
			return;
		}
		if (!visibility_can_post_in_group(req->viewer, g)) {
			api_error(req, 403, "forbidden", T(req, N_("Only members of the group can ask in it.")), "group_id");
			return;
		}
	} else if (!visibility_can_post(req->viewer)) {  /* guests and alumni ask in their groups */
		api_error(req, 403, "forbidden", T(req, N_("You cannot ask here.")), NULL);
		return;
	}
	const char *title_error = questions_title_error(in.title);
	if (title_error) {
		api_error(req, 422, "invalid", T(req, title_error), "title");
		return;
	}
	int64_t id = 0;
	const char *msg = NULL, *field = NULL;
	int rc = questions_ask(req->db, req->pool, req->viewer, &in, &id, &msg, &field);
	if (rc == PLEIN_INVALID) {
		api_error(req, 422, "invalid", T(req, msg), field);
		return;
	}
	struct post *q;
	struct question_state s;
	if (rc || posts_get(req->db, req->pool, id, &q) || questions_state(req->db, id, &s)) {
		unavailable(req);
		return;
	}
	resp_header(req, "Location", pool_printf(req->pool, "/api/v1/questions/%lld", (long long)id));
	api_json(req, 201, question_json(req, q, &s));
}

void api_questions_list(struct request *req)
{
	struct question_filter f = { .queue = QUESTIONS_NEWEST, .limit = 20 };
	const char *queue = req_query(req, "queue"), *topic = req_query(req, "topic"), *gid = req_query(req, "group_id");
	if (queue && *queue) {
		if (strcmp(queue, "unanswered") == 0)
			f.queue = QUESTIONS_UNANSWERED;
		else if (strcmp(queue, "answered") == 0)
			f.queue = QUESTIONS_ANSWERED;
		else if (strcmp(queue, "newest") != 0) {
			api_error(req, 400, "bad_request", T(req, N_("queue must be unanswered, answered or newest.")), "queue");
			return;
		}
	}
	if (stream_cursor_parse(req_query(req, "cursor"), &f.cursor)) {
		api_error(req, 400, "bad_request", T(req, N_("This cursor is not valid.")), "cursor");
		return;
	}
	f.limit = api_parse_limit(req_query(req, "limit"), 20, QUESTIONS_PAGE_MAX);
	if (f.limit <= 0) {
		api_error(req, 400, "bad_request", T(req, N_("limit must be between 1 and 50.")), "limit");
		return;
	}
	if (gid && *gid) {
		struct group *g;
		if (stream_cursor_parse(gid, &f.group_id) || f.group_id <= 0) {
			api_error(req, 400, "bad_request", T(req, N_("group_id must be the id of a group.")), "group_id");
			return;
		}
		int rc = groups_get(req->db, req->pool, f.group_id, &g);
		if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && !visibility_can_see_group(req->viewer, g))) {
			api_error(req, 404, "not_found", T(req, N_("There is no such group.")), "group_id");
			return;
		}
		if (rc) {
			unavailable(req);
			return;
		}
		if (!visibility_can_read_group(req->viewer, g)) {
			api_error(req, 403, "forbidden", T(req, N_("Only members can read this group.")), "group_id");
			return;
		}
	}
	if (topic && strlen(topic) > 200) {  /* longer than any topic, as the /questions page refuses it */
		api_error(req, 400, "bad_request", T(req, N_("That is not a topic.")), "topic");
		return;
	}
	if (topic && *topic) {
		struct topic *t;
		int rc = topics_get(req->db, req->pool, req->viewer, topic, &t);
		if (rc == PLEIN_NOTFOUND || rc == PLEIN_INVALID) {  /* no such topic: no questions in it */
			api_json(req, 200, json_pack("{s:[], s:n}", "items", "next_cursor"));
			return;
		}
		if (rc) {
			unavailable(req);
			return;
		}
		f.topic_id = t->id;
	}
	struct question_page page;
	if (questions_list(req->db, req->pool, req->viewer, &f, &page)) {
		unavailable(req);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < page.n; i++)
		json_array_append_new(items, question_json(req, &page.items[i].post, &page.items[i].state));
	api_json(req, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor",
		page.next ? json_string(pool_printf(req->pool, "%lld", (long long)page.next)) : json_null()));
}

void api_questions_similar(struct request *req)
{
	const char *title = req_query(req, "title");
	struct post *posts;
	size_t n;
	int limit = api_parse_limit(req_query(req, "limit"), 5, QUESTIONS_SIMILAR_MAX);
	if (limit <= 0) {
		api_error(req, 400, "bad_request", T(req, N_("limit must be between 1 and 10.")), "limit");
		return;
	}
	if (title && strlen(title) > 4 * QUESTION_TITLE_MAX) {
		api_error(req, 400, "bad_request", T(req, N_("The title can have at most 200 characters.")), "title");
		return;
	}
	if (questions_similar(req->db, req->pool, req->viewer, title, limit, &posts, &n)) {
		unavailable(req);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)posts[i].id, "title",
			posts[i].title ? posts[i].title : "", "url",
			pool_printf(req->pool, "/questions/%lld", (long long)posts[i].id)));
	api_json(req, 200, json_pack("{s:o}", "items", items));
}

static json_t *answer_json(struct request *req, const struct answer *a)
{
	json_t *o = api_post_json(req, &a->post);
	json_object_set_new(o, "accepted", json_boolean(a->accepted));
	json_object_set_new(o, "helpful_count", json_integer(a->helpful));
	json_object_set_new(o, "helpful_by_me", json_boolean(a->helpful_mine));
	json_object_set_new(o, "attachments", api_attachments_list(req, true, a->post.id));
	return o;
}

void api_questions_get(struct request *req)
{
	struct post *q = load_kind(req, "question");
	if (!q)
		return;
	struct question_state s;
	struct answer *answers;
	size_t n;
	if (questions_state(req->db, q->id, &s) ||
	    questions_answers(req->db, req->pool, req->viewer, q, &answers, &n)) {
		unavailable(req);
		return;
	}
	json_t *o = question_json(req, q, &s), *list = json_array();
	json_object_set_new(o, "attachments", api_attachments_list(req, true, q->id));
	json_object_set_new(o, "can_answer", json_boolean(visibility_can_interact(req->viewer, q)));
	json_object_set_new(o, "can_accept", json_boolean(visibility_can_accept_answer(req->viewer, q)));
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, answer_json(req, &answers[i]));
	json_object_set_new(o, "answers", list);
	api_json(req, 200, o);
}

void api_questions_answer(struct request *req)
{
	json_t *body = api_body_object(req);
	if (!body)
		return;
	struct post *q = load_kind(req, "question");
	if (!q)
		return;
	if (!visibility_can_interact(req->viewer, q)) {
		api_error(req, 403, "forbidden", T(req, N_("You cannot answer here.")), NULL);
		return;
	}
	const char *text;
	int64_t *attachments;
	size_t n_attachments;
	if (api_string_member(req, body, "body", false, &text, NULL) ||
	    id_array(req, body, "attachments", POST_ATTACHMENTS_MAX, &attachments, &n_attachments))
		return;
	int64_t id = 0;
	const char *msg = NULL;
	int rc = questions_answer(req->db, req->pool, req->viewer, q, text, attachments, n_attachments, &id, &msg);
	if (rc == PLEIN_INVALID) {
		api_error(req, 422, "invalid", T(req, msg), "body");
		return;
	}
	if (rc == PLEIN_NOTFOUND) {
		api_error(req, 404, "not_found", T(req, N_("There is no such question.")), NULL);
		return;
	}
	struct post *a;
	if (rc || posts_get(req->db, req->pool, id, &a)) {
		unavailable(req);
		return;
	}
	resp_header(req, "Location", pool_printf(req->pool, "/api/v1/questions/%lld", (long long)q->id));
	struct answer view = { .post = *a };
	api_json(req, 201, answer_json(req, &view));
}

/* The answer named by {id} and its question, both visible to the viewer. */
static struct post *load_answer(struct request *req, struct post **question)
{
	struct post *a = load_kind(req, "answer");
	if (!a)
		return NULL;
	int rc = posts_get(req->db, req->pool, a->parent_id, question);
	if (rc == PLEIN_OK && !visibility_can_see_post(req->viewer, *question))
		rc = PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND)
		api_error(req, 404, "not_found", T(req, N_("There is no such answer.")), NULL);
	else if (rc)
		unavailable(req);
	return rc ? NULL : a;
}

static void accept(struct request *req, bool on)
{
	struct post *q, *a = load_answer(req, &q);
	if (!a)
		return;
	if (!visibility_can_accept_answer(req->viewer, q)) {
		api_error(req, 403, "forbidden",
		          T(req, N_("Only the asker, the group's moderators or an administrator can accept an answer.")), NULL);
		return;
	}
	struct question_state s;
	if (questions_state(req->db, q->id, &s)) {
		unavailable(req);
		return;
	}
	/* withdrawing another answer's acceptance leaves that one accepted */
	int rc = on || s.accepted_id == a->id ? questions_accept(req->db, req->viewer, q, on ? a->id : 0) : PLEIN_OK;
	if (rc == PLEIN_INVALID) {
		api_error(req, 404, "not_found", T(req, N_("There is no such answer.")), NULL);
		return;
	}
	if (rc || questions_state(req->db, q->id, &s)) {
		unavailable(req);
		return;
	}
	api_json(req, 200, question_json(req, q, &s));
}

void api_answer_accept(struct request *req) { accept(req, true); }
void api_answer_unaccept(struct request *req) { accept(req, false); }

static void helpful(struct request *req, bool on)
{
	struct post *q, *a = load_answer(req, &q);
	if (!a)
		return;
	if (!visibility_can_interact(req->viewer, a)) {
		api_error(req, 403, "forbidden", T(req, N_("You cannot mark answers here.")), NULL);
		return;
	}
	bool changed;
	int rc = questions_helpful(req->db, req->viewer, a, on, &changed);
	if (rc == PLEIN_DENIED) {
		api_error(req, 403, "forbidden", T(req, N_("You cannot mark your own answer as helpful.")), NULL);
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	api_no_content(req);
}

void api_answer_helpful_put(struct request *req) { helpful(req, true); }
void api_answer_helpful_delete(struct request *req) { helpful(req, false); }

/* pages_questions.c — the question queues (/questions: newest, unanswered,
 * recently answered; per topic and group; "More" by keyset cursor) and
 * asking (/questions/new and its POST: title, Markdown text with #topics,
 * a group, anonymously, colleagues to ask suggested by "who knows X" on
 * the title, similar questions). Every list is filtered by visibility.c's
 * condition inside questions_list; every form works without JavaScript
 * (static/questions.js only adds suggestions while typing). */
#include "web/question_view.h"
#include "web/page.h"
#include "web/handlers.h"
#include "web/attachments_form.h"
#include "web/composer_view.h"
#include "http/static.h"
#include "api/api.h"
#include "core/attachments.h"
#include "core/expertise.h"
#include "core/groups.h"
#include "core/i18n.h"
#include "core/stream.h"
#include "core/topics.h"
#include "core/visibility.h"
#include "lib/strbuf.h"
#include "lib/utf8.h"

#define SUGGESTED_MAX 8   /* colleagues suggested to ask */
#define SIMILAR_SHOWN 5

static void unavailable(struct request *req)
{
	page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
}

/* Put n where a translated message says %d (a translator's stray % never reaches printf). */
static const char *with_number(struct request *req, const char *msg, int64_t n)
{
	const char *at = strstr(msg, "%d");
	if (!at)
		return msg;
	return pool_printf(req->pool, "%.*s%lld%s", (int)(at - msg), msg, (long long)n, at + 2);
}

const char *question_view_first_answer(struct request *req, int64_t s)
{
	if (s < 60)
		return T(req, N_("First answer within a minute"));
	if (s < 3600)
		return s < 120 ? T(req, N_("First answer after 1 minute"))
		               : with_number(req, T(req, N_("First answer after %d minutes")), s / 60);
	if (s < 86400)
		return s < 7200 ? T(req, N_("First answer after 1 hour"))
		                : with_number(req, T(req, N_("First answer after %d hours")), s / 3600);
	return s < 172800 ? T(req, N_("First answer after 1 day"))
	                  : with_number(req, T(req, N_("First answer after %d days")), s / 86400);
}

json_t *question_view_asker(struct request *req, const struct post *q)
{
	if (posts_author_hidden(&q->author))
		return json_pack("{s:b, s:s, s:s, s:I}", "anonymous", 1, "name", T(req, N_("Anonymous colleague")),
		                 "initials", "?", "avatar_hue", (json_int_t)0);
	return json_pack("{s:b, s:s, s:s}", "anonymous", 0, "name", q->author.name, "url",
	                 pool_printf(req->pool, "/people/%lld", (long long)q->author.id));
}

const char *question_view_url(struct request *req, const struct post *post)
{
	if (strcmp(post->kind, "question") == 0)
		return pool_printf(req->pool, "/questions/%lld", (long long)post->id);
	if (strcmp(post->kind, "answer") == 0 && post->parent_id)
		return pool_printf(req->pool, "/questions/%lld#answer-%lld", (long long)post->parent_id, (long long)post->id);
	return NULL;
}

static const char *topic_url(struct request *req, const char *name)
{
	struct strbuf url = STRBUF_INIT;
	(void)strbuf_addstr(&url, "/questions?topic=");
	(void)strbuf_add_urlencoded(&url, name, strlen(name));
	const char *s = url.toobig ? "/questions" : pool_strdup(req->pool, url.buf);
	strbuf_release(&url);
	return s;
}

json_t *question_view_item(struct request *req, const struct post *q, const struct question_state *s,
                           const char *const *topics, size_t n_topics)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(q->id));
	json_object_set_new(o, "url", json_string(pool_printf(req->pool, "/questions/%lld", (long long)q->id)));
	json_object_set_new(o, "title", json_string(q->title ? q->title : ""));
	json_object_set_new(o, "asker", question_view_asker(req, q));
	json_object_set_new(o, "ago", json_string(page_ago(req, q->created_at)));
	json_object_set_new(o, "when", api_time(q->created_at));
	json_object_set_new(o, "answer_count", json_integer(s->answer_count));
	json_object_set_new(o, "one_answer", json_boolean(s->answer_count == 1));
	json_object_set_new(o, "no_answers", json_boolean(s->answer_count == 0));
	json_object_set_new(o, "accepted", json_boolean(s->accepted_id != 0));
	/* null, not absent: a template must not find the page's own "group" instead */
	json_object_set_new(o, "first_answer", s->first_answer_at ?
		json_string(question_view_first_answer(req, s->first_answer_at - q->created_at)) : json_null());
	json_object_set_new(o, "group", q->group_id && q->group_name ? json_pack("{s:s, s:s}", "name", q->group_name,
		"url", pool_printf(req->pool, "/groups/%lld", (long long)q->group_id)) : json_null());
	json_t *t = json_array();
	for (size_t i = 0; i < n_topics; i++)
		json_array_append_new(t, json_pack("{s:s, s:s}", "name", topics[i], "url", topic_url(req, topics[i])));
	json_object_set_new(o, "topics", t);
	json_object_set_new(o, "has_topics", json_boolean(n_topics > 0));
	return o;
}

/* ---- the queues ---------------------------------------------------------- */

static const struct {
	const char *key, *label;
	enum question_queue queue;
} queues[] = {
	{ "newest", N_("Newest"), QUESTIONS_NEWEST },
	{ "unanswered", N_("Unanswered"), QUESTIONS_UNANSWERED },
	{ "answered", N_("Recently answered"), QUESTIONS_ANSWERED },
};

/* /questions with the filters, for tabs and "More": queue, topic, group, cursor. */
static const char *list_url(struct request *req, const char *queue, const char *topic, int64_t group, int64_t cursor)
{
	struct strbuf b = STRBUF_INIT;
	(void)strbuf_addf(&b, "/questions?queue=%s", queue);
	if (topic && *topic) {
		(void)strbuf_addstr(&b, "&topic=");
		(void)strbuf_add_urlencoded(&b, topic, strlen(topic));
	}
	if (group)
		(void)strbuf_addf(&b, "&group=%lld", (long long)group);
	if (cursor)
		(void)strbuf_addf(&b, "&cursor=%lld", (long long)cursor);
	const char *s = b.toobig ? "/questions" : pool_strdup(req->pool, b.buf);
	strbuf_release(&b);
	return s;
}

/* The viewer's groups for the filter (names by groups_get; those they may read). */
static json_t *group_options(struct request *req, int64_t selected)
{
	const struct person *v = req->viewer;
	json_t *a = json_array();
	for (size_t i = 0; v->scope && i < v->scope->n && i < COMPOSER_GROUPS_MAX; i++) {
		struct group *g;
		if (groups_get(req->db, req->pool, v->scope->m[i].group_id, &g) != PLEIN_OK || g->deleted_at ||
		    !visibility_can_read_group(v, g))
			continue;
		json_array_append_new(a, json_pack("{s:I, s:s, s:b}", "id", (json_int_t)g->id, "name", g->name, "selected",
		                                   g->id == selected));
	}
	return a;
}

void page_questions(struct request *req)
{
	const char *queue = req_query(req, "queue"), *topic = req_query(req, "topic"), *gs = req_query(req, "group");
	struct question_filter f = { .queue = QUESTIONS_NEWEST, .limit = 20 };
	size_t qi = 0;
	if (queue && *queue) {
		for (qi = 0; qi < ARRAY_LEN(queues) && strcmp(queues[qi].key, queue) != 0; qi++)
			;
		if (qi == ARRAY_LEN(queues)) {
			page_error(req, 400, N_("This page link is not valid."));
			return;
		}
		f.queue = queues[qi].queue;
	}
	if (stream_cursor_parse(req_query(req, "cursor"), &f.cursor) || stream_cursor_parse(gs, &f.group_id) ||
	    (topic && strlen(topic) > 200)) {
		page_error(req, 400, N_("This page link is not valid."));
		return;
	}
	struct group *g = NULL;
	if (f.group_id) {
		int rc = groups_get(req->db, req->pool, f.group_id, &g);
		if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && (g->deleted_at || !visibility_can_see_group(req->viewer, g)))) {
			page_error(req, 404, N_("There is no such group."));
			return;
		}
		if (rc) {
			unavailable(req);
			return;
		}
		if (!visibility_can_read_group(req->viewer, g)) {
			page_error(req, 403, N_("Only members can read this group."));
			return;
		}
	}
	bool no_topic = false;
	if (topic && *topic) {
		struct topic *t;
		int rc = topics_get(req->db, req->pool, req->viewer, topic, &t);
		if (rc == PLEIN_NOTFOUND || rc == PLEIN_INVALID)
			no_topic = true;  /* no such topic: no questions in it */
		else if (rc) {
			unavailable(req);
			return;
		} else
			f.topic_id = t->id;
	}
	struct question_page page = { 0 };
	if (!no_topic && questions_list(req->db, req->pool, req->viewer, &f, &page)) {
		unavailable(req);
		return;
	}
	int64_t *ids = pool_alloc(req->pool, sizeof(*ids) * (page.n + 1));
	for (size_t i = 0; i < page.n; i++)
		ids[i] = page.items[i].post.id;
	const char ***topics = pool_zalloc(req->pool, sizeof(*topics) * (page.n + 1));
	size_t *n_topics = pool_zalloc(req->pool, sizeof(*n_topics) * (page.n + 1));
	if (page.n && posts_topics_many(req->db, req->pool, ids, page.n, topics, n_topics))
		memset(n_topics, 0, sizeof(*n_topics) * page.n);
	json_t *items = json_array();
	for (size_t i = 0; i < page.n; i++)
		json_array_append_new(items, question_view_item(req, &page.items[i].post, &page.items[i].state,
		                                                topics[i], n_topics[i]));
	json_t *tabs = json_array();
	for (size_t i = 0; i < ARRAY_LEN(queues); i++)
		json_array_append_new(tabs, json_pack("{s:s, s:s, s:b}", "label", T(req, queues[i].label), "url",
			list_url(req, queues[i].key, topic, f.group_id, 0), "current", i == qi));
	json_t *ctx = json_object();
	json_object_set_new(ctx, "tabs", tabs);
	json_object_set_new(ctx, "queue", json_string(queues[qi].key));
	json_object_set_new(ctx, "items", items);
	json_object_set_new(ctx, "has_items", json_boolean(page.n > 0));
	json_object_set_new(ctx, "first_page", json_boolean(f.cursor == 0));
	json_object_set_new(ctx, "is_unanswered", json_boolean(f.queue == QUESTIONS_UNANSWERED));
	json_object_set_new(ctx, "filtered", json_boolean((topic && *topic) || f.group_id));
	json_object_set_new(ctx, "topic", page_text(topic));
	json_object_set_new(ctx, "groups", group_options(req, f.group_id));
	json_object_set_new(ctx, "has_groups", json_boolean(req->viewer->scope && req->viewer->scope->n > 0));
	if (g)
		json_object_set_new(ctx, "group", json_pack("{s:I, s:s}", "id", (json_int_t)g->id, "name", g->name));
	if (page.next)
		json_object_set_new(ctx, "next", json_string(list_url(req, queues[qi].key, topic, f.group_id, page.next)));
	json_object_set_new(ctx, "ask_url", json_string(g ? pool_printf(req->pool, "/questions/new?group=%lld",
	                                                                 (long long)g->id) : "/questions/new"));
	json_object_set_new(ctx, "can_browse", json_boolean(visibility_can_browse(req->viewer)));
	json_object_set_new(ctx, "nav_questions", json_true());
	page_render(req, 200, "questions", ctx, N_("Questions"));
}

/* ---- asking ---------------------------------------------------------------- */

struct ask_form {
	const char *title, *text;
	int64_t group_id;
	bool anonymous;
	int64_t ask[QUESTION_ASK_MAX];
	size_t n_ask;
	const char *error, *field;  /* translated; "title", "body", "ask" or "group" */
};

/* "Who knows X" on the title: active colleagues the viewer may see, not the
 * viewer, at most SUGGESTED_MAX, each with their first reason; those already
 * ticked are listed (ticked) too. */
static json_t *suggested_colleagues(struct request *req, const struct ask_form *in)
{
	json_t *a = json_array();
	int64_t seen[SUGGESTED_MAX + QUESTION_ASK_MAX];
	size_t n_seen = 0;
	for (size_t i = 0; i < in->n_ask; i++) {
		struct person *p;
		if (visibility_person_get(req->db, req->pool, in->ask[i], &p) != PLEIN_OK || strcmp(p->status, "active") ||
		    !visibility_can_see_person(req->viewer, p))
			continue;
		json_array_append_new(a, json_pack("{s:I, s:s, s:o, s:b}", "id", (json_int_t)p->id, "name", p->name, "reason",
		                                   page_text(p->title), "checked", 1));
		seen[n_seen++] = p->id;
	}
	struct expertise_result r = { 0 };
	size_t len = in->title ? strlen(in->title) : 0;
	if (!len || len > 4 * QUESTION_TITLE_MAX || !utf8_valid(in->title, len) ||
	    utf8_length(in->title, len) > EXPERTISE_QUERY_MAX || !visibility_can_browse(req->viewer) ||
	    expertise_search(req->db, req->pool, in->title, req->lang, SUGGESTED_MAX + 1, 0, &r) != PLEIN_OK)
		return a;
	for (size_t i = 0; i < r.n && json_array_size(a) < SUGGESTED_MAX + in->n_ask; i++) {
		bool dup = r.items[i].id == req->viewer->id;
		for (size_t k = 0; k < n_seen; k++)
			dup |= seen[k] == r.items[i].id;
		struct person *p;
		if (dup || people_get(req->db, req->pool, r.items[i].id, &p) != PLEIN_OK || strcmp(p->status, "active") ||
		    !visibility_can_see_person(req->viewer, p))
			continue;
		json_array_append_new(a, json_pack("{s:I, s:s, s:o, s:b}", "id", (json_int_t)p->id, "name", p->name, "reason",
			page_text(r.items[i].n_reasons ? r.items[i].reasons[0] : p->title), "checked", 0));
	}
	return a;
}

static json_t *similar_questions(struct request *req, const char *title)
{
	json_t *a = json_array();
	struct post *posts;
	size_t n;
	if (title && *title && questions_similar(req->db, req->pool, req->viewer, title, SIMILAR_SHOWN, &posts, &n) == PLEIN_OK)
		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, json_pack("{s:s, s:s}", "title", posts[i].title ? posts[i].title : "", "url",
				pool_printf(req->pool, "/questions/%lld", (long long)posts[i].id)));
	return a;
}

static void ask_page(struct request *req, int status, const struct ask_form *in, bool suggest)
{
	struct composer_state cs = { .group_id = in->group_id };
	json_t *where = composer_view_json(req, &cs);  /* the "Post in" choices: the organisation and the viewer's groups */
	if (!where) {
		page_error(req, 403, N_("You cannot ask here."));
		return;
	}
	json_t *ctx = json_object();
	json_object_set_new(ctx, "where", where);
	json_object_set_new(ctx, "title_value", page_text(in->title));  /* "title" is the layout's */
	json_object_set_new(ctx, "text", json_string(in->text ? in->text : ""));
	json_object_set_new(ctx, "anonymous", json_boolean(in->anonymous));
	json_object_set_new(ctx, "ask_max", json_integer(QUESTION_ASK_MAX));
	if (in->error) {
		json_object_set_new(ctx, "error", json_string(in->error));
		const char *f = in->field ? in->field : "";
		bool at_field = !strcmp(f, "title") || !strcmp(f, "body") || !strcmp(f, "ask");
		json_object_set_new(ctx, at_field ? pool_printf(req->pool, "error_%s", f) : "error_top", json_true());
		if (!strcmp(f, "files"))
			json_object_set_new(ctx, "error_files", json_true());
	}
	bool typed = in->title && *in->title;
	json_t *colleagues = typed || in->n_ask ? suggested_colleagues(req, in) : json_array();
	json_object_set_new(ctx, "has_colleagues", json_boolean(json_array_size(colleagues) > 0));
	json_object_set_new(ctx, "colleagues", colleagues);
	json_object_set_new(ctx, "suggested", json_boolean(suggest || typed));
	json_t *similar = typed ? similar_questions(req, in->title) : json_array();
	json_object_set_new(ctx, "has_similar", json_boolean(json_array_size(similar) > 0));
	json_object_set_new(ctx, "similar", similar);
	json_object_set_new(ctx, "can_browse", json_boolean(visibility_can_browse(req->viewer)));
	json_object_set_new(ctx, "questions_js_url", json_string(static_url(req->pool, "questions.js")));
	json_object_set_new(ctx, "nav_questions", json_true());
	page_render(req, status, "question_new", ctx, N_("Ask a question"));
}

void page_question_new(struct request *req)
{
	struct ask_form in = { 0 };
	if (stream_cursor_parse(req_query(req, "group"), &in.group_id)) {
		page_error(req, 400, N_("This page link is not valid."));
		return;
	}
	in.title = req_query(req, "title");
	if (in.title && strlen(in.title) > 4 * QUESTION_TITLE_MAX)
		in.title = NULL;
	ask_page(req, 200, &in, false);
}

/* The form's group_id ("" or absent: the organisation): true, or answered
 * (404 a group the viewer may not see, 403 one they may not post in). */
static bool form_group(struct request *req, int64_t *group_id)
{
	const char *s = form_get(&req->form, "group_id");
	*group_id = 0;
	if (!s || !*s)
		return true;
	struct group *g = NULL;
	int64_t id = 0;
	int rc = stream_cursor_parse(s, &id) == PLEIN_OK ? groups_get(req->db, req->pool, id, &g) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && (g->deleted_at || !visibility_can_see_group(req->viewer, g)))) {
		page_error(req, 404, N_("There is no such group."));
		return false;
	}
	if (rc) {
		unavailable(req);
		return false;
	}
	if (!visibility_can_post_in_group(req->viewer, g)) {
		page_error(req, 403, N_("Only members of the group can ask in it."));
		return false;
	}
	*group_id = g->id;
	return true;
}

void page_question_create(struct request *req)
{
	struct ask_form in = { 0 };
	in.title = form_get(&req->form, "title");
	in.text = form_get(&req->form, "text");
	const char *anon = form_get(&req->form, "anonymous");
	in.anonymous = anon && strcmp(anon, "0") != 0;
	if (!form_group(req, &in.group_id))
		return;
	if (!in.group_id && !visibility_can_post(req->viewer)) {  /* guests and alumni ask in their groups */
		page_error(req, 403, N_("You cannot ask here."));
		return;
	}
	for (size_t i = 0; i < req->form.n; i++) {
		if (strcmp(req->form.fields[i].key, "ask") != 0)
			continue;
		int64_t id;
		if (stream_cursor_parse(req->form.fields[i].value, &id) || !id) {
			in.error = T(req, N_("Ask colleagues who can see the question."));
			in.field = "ask";
			continue;
		}
		bool dup = false;
		for (size_t k = 0; k < in.n_ask; k++)
			dup |= in.ask[k] == id;
		if (dup)
			continue;
		if (in.n_ask == QUESTION_ASK_MAX) {
			in.error = T(req, N_("Ask at most 10 colleagues by name."));
			in.field = "ask";
			break;
		}
		in.ask[in.n_ask++] = id;
	}
	/* "Suggest colleagues" (without JavaScript): the same form again with suggestions, nothing written */
	if (form_get(&req->form, "suggest")) {
		in.error = NULL;
		ask_page(req, 200, &in, true);
		return;
	}
	if (in.error) {
		ask_page(req, 422, &in, true);
		return;
	}
	const char *msg = questions_title_error(in.title);
	if (msg) {
		in.error = T(req, msg);
		in.field = "title";
		ask_page(req, 422, &in, false);
		return;
	}
	int64_t files[POST_ATTACHMENTS_MAX];
	size_t n_files = 0;
	int status = 0;
	if (attachments_from_form(req, "files", "attachments", files, POST_ATTACHMENTS_MAX, &n_files, &status, &msg)) {
		in.error = T(req, msg);
		in.field = "files";
		ask_page(req, status ? status : 422, &in, false);
		return;
	}
	struct question_input qin = { .title = in.title, .text = in.text, .group_id = in.group_id,
	                              .anonymous = in.anonymous, .ask = in.ask, .n_ask = in.n_ask,
	                              .attachments = files, .n_attachments = n_files };
	int64_t id = 0;
	const char *field = NULL;
	int rc = questions_ask(req->db, req->pool, req->viewer, &qin, &id, &msg, &field);
	if (rc && n_files)  /* refused: the files are sent again with the corrected form */
		(void)attachments_discard(req->db, req->viewer->id, files, n_files);
	if (rc == PLEIN_INVALID) {
		in.error = T(req, msg);
		in.field = field;
		ask_page(req, 422, &in, field && strcmp(field, "ask") == 0);
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	page_redirect(req, pool_printf(req->pool, "/questions/%lld", (long long)id), "question_asked");
}

/* pages_reputation.c — recognition for answering: the leaderboards
 * (/questions/leaders, overall and per topic; the top only, never the
 * bottom) and the "answered 14 questions on #subsidies" lines of a
 * profile. Reputation counts only answers to questions everyone in the
 * organisation may read (core/reputation.c), and asking is never counted,
 * so no anonymous asker is ever in it. */
#include "web/page.h"
#include "web/handlers.h"
#include "web/question_view.h"
#include "core/i18n.h"
#include "core/people.h"
#include "core/reputation.h"
#include "core/topics.h"
#include "core/visibility.h"
#include "lib/strbuf.h"

#define LEADERS_SHOWN 20
#define PROFILE_TOPICS_SHOWN 5

static const char *with_number(struct request *req, const char *msg, int64_t n)
{
	const char *at = strstr(msg, "%d");
	if (!at)
		return msg;
	return pool_printf(req->pool, "%.*s%lld%s", (int)(at - msg), msg, (long long)n, at + 2);
}

static const char *topic_url(struct request *req, const char *base, const char *name)
{
	struct strbuf url = STRBUF_INIT;
	(void)strbuf_addstr(&url, base);
	(void)strbuf_add_urlencoded(&url, name, strlen(name));
	const char *s = url.toobig ? base : pool_strdup(req->pool, url.buf);
	strbuf_release(&url);
	return s;
}

/* "Answered 14 questions on" + the topic, "3 accepted" and "5 marked helpful". */
static json_t *topic_line(struct request *req, const struct reputation_topic *t)
{
	json_t *o = json_object();
	json_object_set_new(o, "answered", json_string(t->answered == 1 ? T(req, N_("Answered 1 question on"))
		: with_number(req, T(req, N_("Answered %d questions on")), t->answered)));
	json_object_set_new(o, "topic", json_string(t->topic));
	json_object_set_new(o, "url", json_string(topic_url(req, "/questions?queue=answered&topic=", t->topic)));
	if (t->accepted)
		json_object_set_new(o, "accepted", json_string(t->accepted == 1 ? T(req, N_("1 accepted"))
			: with_number(req, T(req, N_("%d accepted")), t->accepted)));
	if (t->helpful)
		json_object_set_new(o, "helpful", json_string(t->helpful == 1 ? T(req, N_("1 helpful mark"))
			: with_number(req, T(req, N_("%d helpful marks")), t->helpful)));
	return o;
}

json_t *reputation_profile_json(struct request *req, const struct person *p)
{
	/* org-wide counts: for the organisation's members (guests and alumni see no queues) */
	if (!visibility_can_browse(req->viewer))
		return json_null();
	struct reputation_topic *t;
	size_t n;
	if (reputation_of_person(req->db, req->pool, p->id, PROFILE_TOPICS_SHOWN, &t, &n) || !n)
		return json_null();
	json_t *lines = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(lines, topic_line(req, &t[i]));
	return json_pack("{s:o, s:s}", "lines", lines, "leaders_url", "/questions/leaders");
}

static json_t *leader_json(struct request *req, const struct reputation_leader *l, size_t rank, bool best_topic)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:o, s:I}", "rank", (json_int_t)rank, "name", l->name, "url",
		pool_printf(req->pool, "/people/%lld", (long long)l->person_id), "initials", page_initials(l->name),
		"avatar_hue", (json_int_t)(l->person_id % 12));
	json_object_set_new(o, "score", json_integer(l->total.score));
	json_object_set_new(o, "answered", json_string(l->total.answered == 1 ? T(req, N_("1 question answered"))
		: with_number(req, T(req, N_("%d questions answered")), l->total.answered)));
	if (l->total.accepted)
		json_object_set_new(o, "accepted", json_string(l->total.accepted == 1 ? T(req, N_("1 accepted"))
			: with_number(req, T(req, N_("%d accepted")), l->total.accepted)));
	if (l->total.helpful)
		json_object_set_new(o, "helpful", json_string(l->total.helpful == 1 ? T(req, N_("1 helpful mark"))
			: with_number(req, T(req, N_("%d helpful marks")), l->total.helpful)));
	struct reputation_topic *t;
	size_t n;
	if (best_topic && reputation_of_person(req->db, req->pool, l->person_id, 1, &t, &n) == PLEIN_OK && n)
		json_object_set_new(o, "best_topic", json_pack("{s:s, s:s}", "name", t[0].topic, "url",
			topic_url(req, "/questions/leaders?topic=", t[0].topic)));
	return o;
}

void page_questions_leaders(struct request *req)
{
	const char *topic = req_query(req, "topic");
	struct topic *t = NULL;
	if (topic && strlen(topic) > 200) {
		page_error(req, 400, N_("This page link is not valid."));
		return;
	}
	if (topic && *topic) {
		int rc = topics_get(req->db, req->pool, req->viewer, topic, &t);
		if (rc == PLEIN_NOTFOUND || rc == PLEIN_INVALID) {
			page_error(req, 404, N_("There is no such topic."));
			return;
		}
		if (rc) {
			page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
			return;
		}
	}
	struct reputation_leader *l;
	size_t n;
	if (reputation_leaders(req->db, req->pool, t ? t->id : 0, LEADERS_SHOWN, &l, &n)) {
		page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		/* "best on #topic" for the first ten: one person's answers each (posts_author) */
		json_array_append_new(items, leader_json(req, &l[i], i + 1, !t && i < 10));
	json_t *ctx = json_object();
	json_object_set_new(ctx, "items", items);
	json_object_set_new(ctx, "has_items", json_boolean(n > 0));
	if (t) {
		json_object_set_new(ctx, "topic", json_pack("{s:s, s:s}", "name", t->name, "questions_url",
			topic_url(req, "/questions?topic=", t->name)));
	}
	json_object_set_new(ctx, "topic_value", page_text(topic));
	json_object_set_new(ctx, "nav_questions", json_true());
	page_render(req, 200, "questions_leaders", ctx, N_("Most helpful colleagues"));
}

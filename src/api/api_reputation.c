/* api_reputation.c — GET /api/v1/people/{id}/reputation and
 * GET /api/v1/questions/leaders?topic= (docs/api.md "Reputation"). For the
 * organisation's members (the routes are POL_BROWSE); what is counted is
 * core/reputation.c's rule: answers to questions everyone may read. */
#include "api/api.h"
#include "web/app.h"
#include "web/handlers.h"
#include "core/i18n.h"
#include "core/reputation.h"
#include "core/topics.h"

static void unavailable(struct request *req)
{
	api_error(req, 503, "unavailable", T(req, N_("Reputation cannot be read right now.")), NULL);
}

static json_t *total_json(const struct reputation_total *t)
{
	return json_pack("{s:i, s:i, s:i, s:I}", "answered", t->answered, "accepted", t->accepted, "helpful", t->helpful,
	                 "score", (json_int_t)t->score);
}

void api_people_reputation(struct request *req)
{
	struct person *p = api_load_person(req);
	if (!p)
		return;
	struct reputation_total total;
	struct reputation_topic *t;
	size_t n;
	if (reputation_total_of_person(req->db, p->id, &total) ||
	    reputation_of_person(req->db, req->pool, p->id, REPUTATION_TOPICS_MAX, &t, &n)) {
		unavailable(req);
		return;
	}
	json_t *topics = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(topics, json_pack("{s:I, s:s, s:i, s:i, s:i, s:I}", "topic_id", (json_int_t)t[i].topic_id,
			"topic", t[i].topic, "answered", t[i].answered, "accepted", t[i].accepted, "helpful", t[i].helpful,
			"score", (json_int_t)t[i].score));
	api_json(req, 200, json_pack("{s:I, s:o, s:o}", "person_id", (json_int_t)p->id, "total", total_json(&total),
	                             "topics", topics));
}

void api_questions_leaders(struct request *req)
{
	const char *topic = req_query(req, "topic");
	int limit = api_parse_limit(req_query(req, "limit"), 20, REPUTATION_LEADERS_MAX);
	if (limit <= 0) {
		api_error(req, 400, "bad_request", T(req, N_("limit must be between 1 and 50.")), "limit");
		return;
	}
	struct topic *tp = NULL;
	if (topic && *topic) {
		int rc = strlen(topic) > 200 ? PLEIN_INVALID : topics_get(req->db, req->pool, req->viewer, topic, &tp);
		if (rc == PLEIN_NOTFOUND || rc == PLEIN_INVALID) {
			api_error(req, 404, "not_found", T(req, N_("There is no such topic.")), "topic");
			return;
		}
		if (rc) {
			unavailable(req);
			return;
		}
	}
	struct reputation_leader *l;
	size_t n;
	if (reputation_leaders(req->db, req->pool, tp ? tp->id : 0, limit, &l, &n)) {
		unavailable(req);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:I, s:{s:I, s:s}, s:o}", "rank", (json_int_t)(i + 1), "person",
			"id", (json_int_t)l[i].person_id, "name", l[i].name, "total", total_json(&l[i].total)));
	api_json(req, 200, json_pack("{s:o, s:o}", "topic", tp ? json_pack("{s:I, s:s}", "id", (json_int_t)tp->id, "name",
	                                                                   tp->name) : json_null(), "items", items));
}

/* api_stream.c — streams (home, discover, a topic's, a person's),
 * following people and topics, and topic suggestions for the composer. */
#include "api/api_posts.h"
#include "web/handlers.h"
#include "core/follows.h"
#include "core/i18n.h"
#include "core/topics.h"
#include "core/visibility.h"

#define STREAM_PAGE 20
#define TOPIC_SUGGESTIONS 10

static void unavailable(struct request *req)
{
	api_error(req, 503, "unavailable", T(req, N_("Posts cannot be read or saved right now.")), NULL);
}

/* cursor and limit from the query; false after answering 400. */
static bool range_from_query(struct request *req, struct stream_range *r)
{
	memset(r, 0, sizeof(*r));
	r->limit = api_parse_limit(req_query(req, "limit"), STREAM_PAGE, STREAM_PAGE_MAX);
	if (!r->limit) {
		api_error(req, 400, "bad_request", T(req, N_("limit must be a number from 1 to 50.")), "limit");
		return false;
	}
	if (stream_cursor_parse(req_query(req, "cursor"), &r->before) ||
	    stream_cursor_parse(req_query(req, "after"), &r->after)) {
		api_error(req, 400, "bad_request", T(req, N_("The cursor is not valid.")), "cursor");
		return false;
	}
	return true;
}

/* The page's posts and their JSON are read in one read transaction (begun
 * by the caller just before loading the page): one snapshot, one round of locks. */
static void send_page(struct request *req, bool began, int rc, struct stream_page *page)
{
	json_t *o = rc ? NULL : api_stream_json(req, page);
	db_read_end(req->db, began);
	if (!o)
		unavailable(req);
	else
		api_json(req, 200, o);
}

void api_stream_home(struct request *req)
{
	struct stream_range r;
	struct stream_page page;
	if (!range_from_query(req, &r))
		return;
	bool began = db_read_begin(req->db);
	send_page(req, began, stream_home(req->db, req->pool, req->viewer, r, &page), &page);
}

void api_stream_discover(struct request *req)
{
	struct stream_range r;
	struct stream_page page;
	if (!range_from_query(req, &r))
		return;
	bool began = db_read_begin(req->db);
	send_page(req, began, stream_discover(req->db, req->pool, req->viewer, r, &page), &page);
}

void api_people_posts(struct request *req)
{
	struct stream_range r;
	struct stream_page page;
	struct person *p = api_load_person(req);
	if (!(p && range_from_query(req, &r)))
		return;
	bool began = db_read_begin(req->db);
	send_page(req, began, stream_person(req->db, req->pool, req->viewer, p->id, r, &page), &page);
}

static bool may_browse_topics(struct request *req)
{
	if (visibility_can_browse(req->viewer))
		return true;
	api_error(req, 403, "forbidden", T(req, N_("Topics are for colleagues in the organisation.")), NULL);
	return false;
}

static struct topic *load_topic(struct request *req)
{
	struct topic *t = NULL;
	if (!may_browse_topics(req))
		return NULL;
	int rc = topics_get(req->db, req->pool, req->viewer, req_param(req, "name"), &t);
	if (rc == PLEIN_NOTFOUND)
		api_error(req, 404, "not_found", T(req, N_("There is no such topic.")), NULL);
	else if (rc)
		unavailable(req);
	return rc ? NULL : t;
}

static json_t *topic_json(struct request *req, const struct topic *t)
{
	return json_pack("{s:s, s:s, s:I, s:I, s:b}", "name", t->name, "key", t->key, "followers",
	                 (json_int_t)t->followers, "posts", (json_int_t)t->posts, "following",
	                 req->viewer && topics_following(req->db, req->viewer->id, t->id));
}

void api_topic_get(struct request *req)
{
	struct topic *t = load_topic(req);
	if (t)
		api_json(req, 200, topic_json(req, t));
}

void api_topic_posts(struct request *req)
{
	struct stream_range r;
	struct stream_page page;
	struct topic *t = load_topic(req);
	if (!(t && range_from_query(req, &r)))
		return;
	bool began = db_read_begin(req->db);
	send_page(req, began, stream_topic(req->db, req->pool, req->viewer, t->id, r, &page), &page);
}

static void topic_follow(struct request *req, bool on)
{
	if (!visibility_can_post(req->viewer)) {
		api_error(req, 403, "forbidden", T(req, N_("You cannot follow topics.")), NULL);
		return;
	}
	const char *name = req_param(req, "name");
	int64_t id = 0;
	struct topic *t = NULL;
	int rc;
	if (on) {  /* following a topic no one has written about yet creates it */
		rc = topics_ensure(req->db, name ? name : "", &id);
		if (rc == PLEIN_INVALID) {
			api_error(req, 404, "not_found", T(req, N_("There is no such topic.")), NULL);
			return;
		}
	} else {
		if (!(t = load_topic(req)))
			return;
		id = t->id;
		rc = PLEIN_OK;
	}
	if (rc == PLEIN_OK)
		rc = topics_follow(req->db, req->viewer->id, id, on);
	struct topic *now = NULL;
	int got = rc ? rc : topics_get(req->db, req->pool, req->viewer, name, &now);
	if (got == PLEIN_NOTFOUND && t) {  /* unfollowed the last link to an unused topic: it is gone */
		t->followers = 0;
		now = t;
		got = PLEIN_OK;
	}
	if (got) {
		unavailable(req);
		return;
	}
	api_json(req, 200, topic_json(req, now));
}

void api_topic_follow(struct request *req) { topic_follow(req, true); }
void api_topic_unfollow(struct request *req) { topic_follow(req, false); }

void api_topics_suggest(struct request *req)
{
	struct topic *t;
	size_t n;
	const char *q = req_query(req, "q");
	if (!may_browse_topics(req))
		return;
	if (q && strlen(q) > 100) {
		api_error(req, 400, "bad_request", T(req, N_("The search text is too long.")), "q");
		return;
	}
	if (topics_suggest(req->db, req->pool, req->viewer, q, TOPIC_SUGGESTIONS, &t, &n)) {
		unavailable(req);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, topic_json(req, &t[i]));
	api_json(req, 200, json_pack("{s:o}", "items", items));
}

static void person_follow(struct request *req, bool on)
{
	struct person *p = api_load_person(req);
	if (!p)
		return;
	if (!visibility_can_post(req->viewer) || (on && strcmp(p->status, "active") != 0)) {
		api_error(req, 403, "forbidden", T(req, N_("You cannot follow this person.")), NULL);
		return;
	}
	bool changed;
	int64_t followers, following;
	int rc = follows_set(req->db, req->viewer->id, p->id, on, &changed);
	if (rc == PLEIN_INVALID) {
		api_error(req, 422, "invalid", T(req, N_("You cannot follow yourself.")), NULL);
		return;
	}
	if (rc || follows_counts(req->db, p->id, &followers, &following)) {
		unavailable(req);
		return;
	}
	api_json(req, 200, json_pack("{s:b, s:I, s:I}", "following", on, "followers", (json_int_t)followers,
	                             "follows", (json_int_t)following));
}

void api_person_follow(struct request *req) { person_follow(req, true); }
void api_person_unfollow(struct request *req) { person_follow(req, false); }

/* api_board.c — saved searches and the board over JSON (contract:
 * docs/api.md "Saved searches and the board"): /api/v1/searches (list,
 * save, rename, delete, run) and /api/v1/board (the columns, add, move,
 * remove, a column's items). Everything is the viewer's own; another
 * person's id is 404. What a column or a search shows comes from
 * core/board.c through the visibility-filtered calls of the pages. */
#include "api/api.h"
#include "web/app.h"
#include "web/handlers.h"
#include "core/board.h"
#include "core/group_pages.h"
#include "core/i18n.h"
#include "core/saved_searches.h"
#include <time.h>

#define ITEMS_PAGE 20

static void unavailable(struct request *req)
{
	api_error(req, 503, "unavailable", T(req, N_("The board cannot be read or changed right now.")), NULL);
}

static json_t *date_json(int64_t when)
{
	if (!when)
		return json_null();
	time_t t = (time_t)when;
	struct tm tm;
	char day[16];
	if (!gmtime_r(&t, &tm) || !strftime(day, sizeof(day), "%Y-%m-%d", &tm))
		return json_null();
	return json_string(day);
}

static json_t *search_json(struct request *req, const struct saved_search *s)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:s, s:o}", "id", (json_int_t)s->id, "name",
	                 s->name, "q", s->q, "kind", s->kinds, "group", s->group_id ? json_integer(s->group_id) : json_null(),
	                 "author", s->author_id ? json_integer(s->author_id) : json_null(), "topic",
	                 *s->topic ? json_string(s->topic) : json_null(), "since", date_json(s->since), "until",
	                 date_json(s->until ? s->until - 86400 : 0), "url", saved_search_url(req->pool, s),
	                 "created_at", api_time(s->created_at));
}

static json_t *items_json(struct request *req, const struct board_view *v)
{
	json_t *a = json_array();
	for (size_t i = 0; i < v->n; i++) {
		const struct board_item *it = &v->items[i];
		json_t *o = json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:s}", "key", it->key, "kind", it->kind, "id",
		                      (json_int_t)it->id, "title", it->title, "snippet",
		                      search_marks_strip(req->pool, it->snippet), "snippet_html",
		                      search_marks_html(req->pool, it->snippet), "url", it->url);
		json_object_set_new(o, "author", it->author_id ? json_pack("{s:I, s:s}", "id", (json_int_t)it->author_id,
		                                                           "name", it->author_name)
		                                               : json_null());
		json_object_set_new(o, "created_at", it->created_at ? api_time(it->created_at) : json_null());
		json_object_set_new(o, "group_id", it->group_id ? json_integer(it->group_id) : json_null());
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *page_json(struct request *req, const struct board_view *v)
{
	static const char *const states[] = { "shown", "hidden", "gone" };
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o}", "state", states[v->state], "title",
	                 v->state == BOARD_SHOWN ? v->title : T(req, v->title), "reason",
	                 v->reason ? json_string(T(req, v->reason)) : json_null(), "url",
	                 v->url ? json_string(v->url) : json_null(), "items", items_json(req, v), "next_cursor",
	                 v->next ? json_string(v->next) : json_null());
}

/* ---------- saved searches ---------- */

static struct saved_search *load_search(struct request *req)
{
	int64_t id = req_param_id(req, "id");
	struct saved_search *s = NULL;
	int rc = id ? saved_searches_get(req->db, req->pool, req->viewer->id, id, &s) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND)
		api_error(req, 404, "not_found", T(req, N_("There is no such saved search.")), NULL);
	else if (rc)
		unavailable(req);
	return rc ? NULL : s;
}

void api_searches_list(struct request *req)
{
	struct saved_search *s;
	size_t n;
	if (saved_searches_list(req->db, req->pool, req->viewer->id, &s, &n)) {
		unavailable(req);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, search_json(req, &s[i]));
	api_json(req, 200, json_pack("{s:o, s:i}", "items", a, "max", SAVED_SEARCHES_MAX));
}

/* An optional positive id member; false after answering 422. */
static bool id_member(struct request *req, json_t *body, const char *key, int64_t *out)
{
	json_t *v = json_object_get(body, key);
	*out = 0;
	if (!v || json_is_null(v))
		return true;
	if (!json_is_integer(v) || json_integer_value(v) <= 0) {
		api_error(req, 422, "invalid", pool_printf(req->pool, "%s must be an id.", key), key);
		return false;
	}
	*out = json_integer_value(v);
	return true;
}

/* An optional YYYY-MM-DD member at 00:00 UTC (next: the day after, an
 * inclusive end); false after answering 422. */
static bool date_member(struct request *req, json_t *body, const char *key, bool next, int64_t *out)
{
	const char *s = NULL;
	*out = 0;
	if (api_string_member(req, body, key, true, &s, NULL))
		return false;
	if (!s || !*s)
		return true;
	struct tm tm = { 0 };
	time_t t = (time_t)-1;
	if (group_pages_date_valid(s, strlen(s))) {
		tm = (struct tm){ .tm_year = atoi(s) - 1900, .tm_mon = atoi(s + 5) - 1, .tm_mday = atoi(s + 8) };
		t = timegm(&tm);
	}
	if (t == (time_t)-1 || t < 0) {
		api_error(req, 422, "invalid", T(req, N_("Dates are written YYYY-MM-DD.")), key);
		return false;
	}
	*out = (int64_t)t + (next ? 86400 : 0);
	return true;
}

void api_searches_create(struct request *req)
{
	json_t *body = api_body_object(req);
	if (!body)
		return;
	struct saved_search s = { 0 };
	const char *name = NULL, *q = NULL, *kinds = NULL, *topic = NULL;
	if (api_string_member(req, body, "name", false, &name, NULL) ||
	    api_string_member(req, body, "q", false, &q, NULL) ||
	    api_string_member(req, body, "kind", true, &kinds, NULL) ||
	    api_string_member(req, body, "topic", true, &topic, NULL) || !id_member(req, body, "group", &s.group_id) ||
	    !id_member(req, body, "author", &s.author_id) || !date_member(req, body, "since", false, &s.since) ||
	    !date_member(req, body, "until", true, &s.until))
		return;
	s.name = name ? name : q;
	s.q = q;
	s.kinds = kinds ? kinds : "";
	s.topic = topic ? topic : "";
	const char *err = saved_search_error(&s);
	if (err) {
		struct saved_search probe = { .name = s.name, .q = "x" };
		api_error(req, 422, "invalid", T(req, err), saved_search_error(&probe) ? "name" : "q");
		return;
	}
	int64_t id;
	int rc = saved_searches_create(req->db, req->viewer->id, &s, &id);
	if (rc == PLEIN_TOOBIG) {
		api_error(req, 422, "limit", T(req, N_("You can keep at most 50 saved searches. Delete one first.")), NULL);
		return;
	}
	struct saved_search *now;
	if (rc || saved_searches_get(req->db, req->pool, req->viewer->id, id, &now)) {
		unavailable(req);
		return;
	}
	api_json(req, 201, search_json(req, now));
}

void api_searches_patch(struct request *req)
{
	struct saved_search *s = load_search(req);
	json_t *body = s ? api_body_object(req) : NULL;
	const char *name = NULL;
	if (!body || api_string_member(req, body, "name", false, &name, NULL))
		return;
	int rc = name ? saved_searches_rename(req->db, req->viewer->id, s->id, name) : PLEIN_INVALID;
	if (rc == PLEIN_INVALID) {
		api_error(req, 422, "invalid", T(req, N_("Give the search a name of 1 to 80 characters.")), "name");
		return;
	}
	if (rc || saved_searches_get(req->db, req->pool, req->viewer->id, s->id, &s)) {
		unavailable(req);
		return;
	}
	api_json(req, 200, search_json(req, s));
}

void api_searches_delete(struct request *req)
{
	struct saved_search *s = load_search(req);
	if (!s)
		return;
	if (saved_searches_delete(req->db, req->viewer->id, s->id)) {
		unavailable(req);
		return;
	}
	api_no_content(req);
}

void api_searches_results(struct request *req)
{
	struct saved_search *s = load_search(req);
	if (!s)
		return;
	int limit = api_parse_limit(req_query(req, "limit"), ITEMS_PAGE, 50);
	if (!limit) {
		api_error(req, 400, "bad_request", T(req, N_("limit must be a number from 1 to 50.")), "limit");
		return;
	}
	struct board_view v;
	int rc = board_search_view(req->db, req->pool, req->viewer, s, req_query(req, "cursor"), limit, &v);
	if (rc == PLEIN_INVALID) {
		api_error(req, 400, "bad_request", T(req, N_("The cursor is not valid.")), "cursor");
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	api_json(req, 200, page_json(req, &v));
}

/* ---------- the board ---------- */

static json_t *column_json(struct request *req, const struct board_column *c)
{
	struct board_view v;
	json_t *o = json_pack("{s:I, s:i, s:s, s:I, s:o}", "id", (json_int_t)c->id, "position", c->position, "kind",
	                      c->kind, "ref", (json_int_t)c->ref, "created_at", api_time(c->created_at));
	/* title and state from a one-item look (the same checks as the items) */
	if (board_column_view(req->db, req->pool, req->viewer, c, NULL, 1, &v) == PLEIN_OK) {
		static const char *const states[] = { "shown", "hidden", "gone" };
		json_object_set_new(o, "title", json_string(v.state == BOARD_SHOWN ? v.title : T(req, v.title)));
		json_object_set_new(o, "state", json_string(states[v.state]));
		json_object_set_new(o, "reason", v.reason ? json_string(T(req, v.reason)) : json_null());
		json_object_set_new(o, "url", v.url ? json_string(v.url) : json_null());
	}
	return o;
}

static void send_board(struct request *req, int status)
{
	struct board_column *c;
	size_t n;
	bool began = db_read_begin(req->db);
	int rc = board_columns_list(req->db, req->pool, req->viewer->id, &c, &n);
	json_t *a = json_array();
	for (size_t i = 0; rc == PLEIN_OK && i < n; i++)
		json_array_append_new(a, column_json(req, &c[i]));
	db_read_end(req->db, began);
	if (rc) {
		json_decref(a);
		unavailable(req);
		return;
	}
	api_json(req, status, json_pack("{s:o, s:i}", "columns", a, "max_columns", BOARD_COLUMNS_MAX));
}

void api_board_get(struct request *req) { send_board(req, 200); }

static struct board_column *load_column(struct request *req)
{
	int64_t id = req_param_id(req, "id");
	struct board_column *c = NULL;
	int rc = id ? board_column_get(req->db, req->pool, req->viewer->id, id, &c) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND)
		api_error(req, 404, "not_found", T(req, N_("There is no such column on your board.")), NULL);
	else if (rc)
		unavailable(req);
	return rc ? NULL : c;
}

void api_board_column_add(struct request *req)
{
	json_t *body = api_body_object(req);
	const char *kind = NULL, *topic = NULL, *msg = NULL;
	int64_t ref = 0, id;
	if (!body || api_string_member(req, body, "kind", false, &kind, NULL) ||
	    api_string_member(req, body, "topic", true, &topic, NULL) || !id_member(req, body, "ref", &ref))
		return;
	if (!board_kind_valid(kind)) {
		api_error(req, 422, "invalid", T(req, N_("kind must be search, topic, group or person.")), "kind");
		return;
	}
	if (!ref && topic && !strcmp(kind, "topic")) {   /* a topic by its name */
		int rc = board_topic_id(req->db, req->pool, req->viewer, topic, &ref, &msg);
		if (rc == PLEIN_DENIED || rc == PLEIN_NOTFOUND) {
			api_error(req, rc == PLEIN_DENIED ? 403 : 404, rc == PLEIN_DENIED ? "forbidden" : "not_found",
			          T(req, msg), "topic");
			return;
		}
		if (rc) {
			unavailable(req);
			return;
		}
	}
	int rc = ref > 0 ? board_column_add(req->db, req->pool, req->viewer, kind, ref, &id, &msg) : PLEIN_NOTFOUND;
	switch (rc) {
	case PLEIN_OK: {
		struct board_column *c;
		if (board_column_get(req->db, req->pool, req->viewer->id, id, &c)) {
			unavailable(req);
			return;
		}
		api_json(req, 201, column_json(req, c));
		return;
	}
	case PLEIN_NOTFOUND:
		if (!ref)
			api_error(req, 422, "invalid", T(req, N_("ref must be the id of what the column shows.")), "ref");
		else
			api_error(req, 404, "not_found", T(req, msg ? msg : N_("There is no such topic.")), "ref");
		return;
	case PLEIN_DENIED: api_error(req, 403, "forbidden", T(req, msg), "ref"); return;
	case PLEIN_CONFLICT: api_error(req, 409, "conflict", T(req, msg), "ref"); return;
	case PLEIN_TOOBIG: api_error(req, 422, "limit", T(req, msg), NULL); return;
	case PLEIN_INVALID: api_error(req, 422, "invalid", T(req, msg), "kind"); return;
	default: unavailable(req); return;
	}
}

void api_board_column_patch(struct request *req)
{
	struct board_column *c = load_column(req);
	json_t *body = c ? api_body_object(req) : NULL;
	if (!body)
		return;
	json_t *v = json_object_get(body, "position");
	if (!v || !json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) >= BOARD_COLUMNS_MAX) {
		api_error(req, 422, "invalid", T(req, N_("position must be a number from 0 to 11.")), "position");
		return;
	}
	if (board_column_move(req->db, req->viewer->id, c->id, (int)json_integer_value(v))) {
		unavailable(req);
		return;
	}
	send_board(req, 200);
}

void api_board_column_delete(struct request *req)
{
	struct board_column *c = load_column(req);
	if (!c)
		return;
	if (board_column_remove(req->db, req->viewer->id, c->id)) {
		unavailable(req);
		return;
	}
	api_no_content(req);
}

void api_board_column_items(struct request *req)
{
	struct board_column *c = load_column(req);
	if (!c)
		return;
	int limit = api_parse_limit(req_query(req, "limit"), ITEMS_PAGE, 50);
	if (!limit) {
		api_error(req, 400, "bad_request", T(req, N_("limit must be a number from 1 to 50.")), "limit");
		return;
	}
	struct board_view v;
	bool began = db_read_begin(req->db);
	int rc = board_column_view(req->db, req->pool, req->viewer, c, req_query(req, "cursor"), limit, &v);
	json_t *o = rc == PLEIN_OK ? page_json(req, &v) : NULL;
	db_read_end(req->db, began);
	if (rc == PLEIN_INVALID) {
		api_error(req, 400, "bad_request", T(req, N_("The cursor is not valid.")), "cursor");
		return;
	}
	if (!o) {
		unavailable(req);
		return;
	}
	api_json(req, 200, o);
}

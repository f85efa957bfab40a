/* api_insight.c — /api/v1/insight* (docs/api.md "Insight"): the stored
 * figures of issue 7, computations on demand and their progress, custom
 * periods, and the individual figures. Who may read what is
 * visibility_insight_level's alone (docs/design-insight.md "Who sees
 * what"); every read of someone else's individual figures is audited. */
#include "api/api.h"
#include "web/app.h"
#include "web/handlers.h"
#include "core/audit.h"
#include "core/i18n.h"
#include "core/insight.h"
#include "core/insight_day.h"
#include "core/insight_store.h"
#include "core/people.h"
#include "core/visibility.h"
#include "jobs/insight_job.h"
#include <errno.h>
#include <time.h>


static void unavailable(struct request *req)
{
	api_error(req, 503, "unavailable", T(req, N_("The figures cannot be read right now.")), NULL);
}

/* The viewer's level is at least `need`; else 403 and false. */
static bool allowed(struct request *req, enum insight_level need)
{
	if (visibility_insight_level(req->viewer) >= need)
		return true;
	api_error(req, 403, "forbidden",
	          T(req, need >= INSIGHT_PEOPLE ? N_("Only administrators can see individual figures.")
	                 : need >= INSIGHT_DEPARTMENTS ? N_("The organisation's figures are for administrators, communicators and managers.")
	                 : N_("Insight is not available to you.")), NULL);
	return false;
}

static void audit_view(struct request *req, const char *subject)
{
	audit_log(req->db, req->viewer->id, "insight.people_viewed", subject, req->client_addr);
}

static json_t *time_or_null(int64_t t)
{
	return t ? api_time(t) : json_null();
}

static json_t *day_json(int64_t day)
{
	char buf[16];
	insight_day_format(day, buf, sizeof buf);
	return json_string(buf);
}

static json_t *snapshot_json(const struct insight_snapshot *s)
{
	json_t *o = json_pack("{s:I, s:I, s:o, s:s, s:s, s:s, s:i, s:o, s:o, s:o}", "id", (json_int_t)s->id, "day",
	                      (json_int_t)s->day, "date", day_json(s->day), "trigger", s->trigger, "status", s->status,
	                      "phase", s->phase, "progress", s->progress, "created_at", api_time(s->created_at),
	                      "started_at", time_or_null(s->started_at), "finished_at", time_or_null(s->finished_at));
	json_object_set_new(o, "error", *s->error ? json_string(s->error) : json_null());
	return o;
}

static json_t *figures_json(const struct insight_person *f)
{
	return json_pack("{s:f, s:i, s:f, s:i, s:i, s:i, s:i, s:i, s:i, s:f, s:i, s:b, s:b, s:b}", "pagerank", f->pagerank,
	                 "pagerank_rank", f->pagerank_rank, "betweenness", f->betweenness, "betweenness_rank",
	                 f->betweenness_rank, "ties", f->ties, "departments", f->departments, "community", f->community,
	                 "activity", f->activity, "helpful", f->helpful, "ambassador", f->ambassador, "ambassador_rank",
	                 f->ambassador_rank, "isolated", (f->flags & INSIGHT_ISOLATED) != 0, "newcomer",
	                 (f->flags & INSIGHT_NEWCOMER) != 0, "bridge", (f->flags & INSIGHT_BRIDGE) != 0);
}

/* {id, name, department} of a person still there; NULL when deleted, or
 * (with active_only: the lists and the picture) no longer active: someone
 * deactivated since the snapshot is no influencer or newcomer to welcome. */
static json_t *person_ref(struct request *req, int64_t id, bool active_only)
{
	struct person *p;
	if (people_get(req->db, req->pool, id, &p) || (active_only && strcmp(p->status, "active") != 0))
		return NULL;
	return json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)p->id, "name", p->name, "department", p->department,
	                 "status", p->status);
}

/* The newest done snapshot; false after answering (404 before the first). */
static bool newest(struct request *req, struct insight_snapshot *s)
{
	int rc = insight_store_get(req->db, req->pool, 0, s);
	if (rc == PLEIN_NOTFOUND) {
		api_error(req, 404, "not_found", T(req, N_("No figures have been computed yet.")), NULL);
		return false;
	}
	if (rc) {
		unavailable(req);
		return false;
	}
	return true;
}

/* A done snapshot's aggregates: adoption, network, summary. */
static void send_snapshot(struct request *req, const struct insight_snapshot *s)
{
	json_t *adoption = NULL, *network = NULL, *summary = NULL;
	if (insight_store_json(req->db, s->id, "adoption", &adoption) ||
	    insight_store_json(req->db, s->id, "network", &network) ||
	    insight_store_json(req->db, s->id, "summary", &summary)) {
		json_decref(adoption);
		json_decref(network);
		json_decref(summary);
		unavailable(req);
		return;
	}
	api_json(req, 200, json_pack("{s:o, s:o, s:o, s:o}", "snapshot", snapshot_json(s), "adoption", adoption,
	                             "network", network, "summary", summary));
}

void api_insight_get(struct request *req)
{
	struct insight_snapshot s;
	if (allowed(req, INSIGHT_DEPARTMENTS) && newest(req, &s))
		send_snapshot(req, &s);
}

void api_insight_snapshot(struct request *req)
{
	if (!allowed(req, INSIGHT_DEPARTMENTS))
		return;
	int64_t id = req_param_id(req, "id");
	struct insight_snapshot s;
	int rc = id ? insight_store_get(req->db, req->pool, id, &s) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND)
		api_error(req, 404, "not_found", T(req, N_("There is no such snapshot (or it is not done).")), NULL);
	else if (rc)
		unavailable(req);
	else
		send_snapshot(req, &s);
}

/* A positive id from the query string (?before=, ?after=): 0 when absent,
 * -1 when malformed. */
static int64_t query_id(struct request *req, const char *key)
{
	const char *v = req_query(req, key);
	if (!v || !*v)
		return 0;
	char *end;
	errno = 0;
	if (*v < '0' || *v > '9')
		return -1;
	long long n = strtoll(v, &end, 10);
	return errno || *end || n < 0 ? -1 : (int64_t)n;
}

void api_insight_snapshots(struct request *req)
{
	if (!allowed(req, INSIGHT_DEPARTMENTS))
		return;
	int limit = api_parse_limit(req_query(req, "limit"), 20, 100);
	int64_t before = query_id(req, "before");
	if (limit <= 0 || before < 0) {
		api_error(req, 400, "bad_request", T(req, N_("limit must be between 1 and 100, before a snapshot id.")),
		          limit <= 0 ? "limit" : "before");
		return;
	}
	struct insight_snapshot *list;
	json_t **summaries;
	size_t n;
	if (insight_store_list(req->db, req->pool, before, (size_t)limit + 1, &list, &summaries, &n)) {
		unavailable(req);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		if (i < (size_t)limit) {
			json_t *o = snapshot_json(&list[i]);
			json_object_set(o, "summary", summaries[i] ? summaries[i] : json_null());
			json_array_append_new(items, o);
		}
		json_decref(summaries[i]);
	}
	json_t *next = n > (size_t)limit ? json_integer((json_int_t)list[limit - 1].id) : json_null();
	api_json(req, 200, json_pack("{s:o, s:o}", "items", items, "next_before", next));
}

/* ?from=YYYY-MM-DD&to=YYYY-MM-DD: that period and the one of the same
 * length just before it, computed now. */
void api_insight_period(struct request *req)
{
	if (!allowed(req, INSIGHT_DEPARTMENTS))
		return;
	int64_t from, to, today = insight_day((int64_t)time(NULL));
	if (insight_day_parse(req_query(req, "from"), &from)) {
		api_error(req, 400, "bad_request", T(req, N_("from must be a date written YYYY-MM-DD.")), "from");
		return;
	}
	if (insight_day_parse(req_query(req, "to"), &to)) {
		api_error(req, 400, "bad_request", T(req, N_("to must be a date written YYYY-MM-DD.")), "to");
		return;
	}
	if (to < from) {
		api_error(req, 400, "bad_request", T(req, N_("to must not be before from.")), "to");
		return;
	}
	if (to - from + 1 > INSIGHT_PERIOD_MAX_DAYS) {
		api_error(req, 400, "bad_request", T(req, N_("A period is at most 731 days long.")), "to");
		return;
	}
	/* only full days: today's figures, asked for again and again, would show
	 * a department's count move the moment one person signs in */
	if (to >= today) {
		api_error(req, 400, "bad_request", T(req, N_("to must be before today: only full days are counted.")), "to");
		return;
	}
	int64_t days = to - from + 1;
	if (from - days < 0) {
		api_error(req, 400, "bad_request", T(req, N_("The period before this one would start before 1970.")), "from");
		return;
	}
	json_t *cur = NULL, *prev = NULL;
	int rc = insight_period_compare(req->db, from, to, (int64_t)time(NULL), &cur, &prev);
	if (rc == PLEIN_TOOBIG) {
		api_error(req, 503, "busy", T(req, N_("Another period is being computed right now. Try again in a moment.")),
		          NULL);
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	api_json(req, 200, json_pack("{s:o, s:o}", "current", cur, "previous", prev));
}

void api_insight_run_create(struct request *req)
{
	if (!allowed(req, INSIGHT_PEOPLE))
		return;
	int64_t id = 0;
	int rc = insight_store_request(req->db, "manual", req->viewer->id, (int64_t)time(NULL), &id);
	if (rc == PLEIN_CONFLICT) {
		api_json(req, 409, json_pack("{s:{s:s, s:s}, s:I}", "error", "code", "conflict", "message",
		                             T(req, N_("The figures are already being computed.")), "id", (json_int_t)id));
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	audit_log(req->db, req->viewer->id, "insight.run_requested", pool_printf(req->pool, "snapshot %lld", (long long)id),
	          req->client_addr);
	insight_job_poke();
	api_json(req, 202, json_pack("{s:I, s:s}", "id", (json_int_t)id, "status", "queued"));
}

void api_insight_run_current(struct request *req)
{
	if (!allowed(req, INSIGHT_DEPARTMENTS))
		return;
	struct insight_snapshot s;
	int rc = insight_store_current(req->db, req->pool, &s);
	if (rc && rc != PLEIN_NOTFOUND) {
		unavailable(req);
		return;
	}
	json_t *run = rc ? json_null() : snapshot_json(&s);
	if (!rc)
		json_object_set_new(run, "phase_text", json_string(T(req, s.phase)));
	json_t *body = json_pack("{s:o}", "run", run);
	/* Why the newest computation failed, if it did: admins ask for the runs */
	if (rc && visibility_insight_level(req->viewer) == INSIGHT_PEOPLE &&
	    insight_store_last_failure(req->db, req->pool, &s) == PLEIN_OK)
		json_object_set_new(body, "last_failure", snapshot_json(&s));
	api_json(req, 200, body);
}

static const struct {
	const char *name;
	enum insight_list list;
} lists[] = {
	{ "influencers", INSIGHT_LIST_INFLUENCERS }, { "bridges", INSIGHT_LIST_BRIDGES },
	{ "ambassadors", INSIGHT_LIST_AMBASSADORS }, { "isolated", INSIGHT_LIST_ISOLATED },
	{ "newcomers", INSIGHT_LIST_NEWCOMERS },
};

void api_insight_people(struct request *req)
{
	if (!allowed(req, INSIGHT_PEOPLE))
		return;
	const char *name = req_query(req, "list");
	size_t which = ARRAY_LEN(lists);
	for (size_t i = 0; name && i < ARRAY_LEN(lists); i++)
		if (!strcmp(name, lists[i].name))
			which = i;
	if (which == ARRAY_LEN(lists)) {
		api_error(req, 400, "bad_request",
		          T(req, N_("list must be influencers, bridges, ambassadors, isolated or newcomers.")), "list");
		return;
	}
	int limit = api_parse_limit(req_query(req, "limit"), 50, 100);
	int64_t after = query_id(req, "after");
	if (limit <= 0 || after < 0) {
		api_error(req, 400, "bad_request", T(req, N_("limit must be between 1 and 100, after a number.")),
		          limit <= 0 ? "limit" : "after");
		return;
	}
	struct insight_snapshot s;
	if (!newest(req, &s))
		return;
	struct insight_person *rows = pool_alloc(req->pool, sizeof(*rows) * ((size_t)limit + 1));
	size_t n = 0;
	if (insight_store_top(req->db, s.id, lists[which].list, after, (size_t)limit + 1, rows, &n)) {
		unavailable(req);
		return;
	}
	audit_view(req, pool_printf(req->pool, "snapshot %lld: %s (API)", (long long)s.id, lists[which].name));
	bool by_id = lists[which].list == INSIGHT_LIST_ISOLATED || lists[which].list == INSIGHT_LIST_NEWCOMERS;
	json_t *items = json_array();
	for (size_t i = 0; i < n && i < (size_t)limit; i++) {
		json_t *who = person_ref(req, rows[i].person_id, true);
		if (!who)
			continue;
		json_t *o = figures_json(&rows[i]);
		json_object_set_new(o, "person", who);
		json_array_append_new(items, o);
	}
	json_t *next = json_null();
	if (n > (size_t)limit) {
		const struct insight_person *last = &rows[limit - 1];
		int64_t key = by_id ? last->person_id
		              : lists[which].list == INSIGHT_LIST_INFLUENCERS ? last->pagerank_rank
		              : lists[which].list == INSIGHT_LIST_BRIDGES ? last->betweenness_rank : last->ambassador_rank;
		next = json_integer((json_int_t)key);
	}
	api_json(req, 200, json_pack("{s:I, s:s, s:o, s:o}", "snapshot_id", (json_int_t)s.id, "list", lists[which].name,
	                             "items", items, "next_after", next));
}

/* One person's figures in the newest snapshot, with how many people it ranks. */
static void send_person(struct request *req, int64_t person_id, bool audited)
{
	struct insight_snapshot s;
	if (!newest(req, &s))
		return;
	json_t *who = person_ref(req, person_id, false);
	if (!who) {
		api_error(req, 404, "not_found", T(req, N_("There is no such person.")), NULL);
		return;
	}
	if (audited)
		audit_view(req, pool_printf(req->pool, "snapshot %lld: person %lld (API)", (long long)s.id, (long long)person_id));
	struct insight_person f;
	int64_t of = 0;
	int rc = insight_store_person(req->db, s.id, person_id, &f);
	if ((rc && rc != PLEIN_NOTFOUND) || insight_store_people_count(req->db, s.id, &of)) {
		json_decref(who);
		unavailable(req);
		return;
	}
	api_json(req, 200, json_pack("{s:o, s:o, s:I, s:o}", "snapshot", snapshot_json(&s), "person", who, "people",
	                             (json_int_t)of, "figures", rc ? json_null() : figures_json(&f)));
}

void api_insight_person(struct request *req)
{
	int64_t id = req_param_id(req, "id");
	if (!id || !visibility_can_see_insight_person(req->viewer, id)) {
		api_error(req, 403, "forbidden", T(req, N_("Only administrators can see someone else's figures.")), NULL);
		return;
	}
	send_person(req, id, id != req->viewer->id);
}

void api_insight_me(struct request *req)
{
	if (allowed(req, INSIGHT_OWN))
		send_person(req, req->viewer->id, false);
}

/* The admins' people picture: names are read now, so a person deleted
 * since drops out together with their edges (indexes are renumbered). */
void api_insight_people_graph(struct request *req)
{
	if (!allowed(req, INSIGHT_PEOPLE))
		return;
	struct insight_snapshot s;
	if (!newest(req, &s))
		return;
	json_t *graph = NULL;
	if (insight_store_json(req->db, s.id, "people_graph", &graph)) {
		unavailable(req);
		return;
	}
	audit_view(req, pool_printf(req->pool, "snapshot %lld: people picture (API)", (long long)s.id));
	json_t *in_nodes = json_object_get(graph, "nodes"), *in_edges = json_object_get(graph, "edges");
	size_t n = json_array_size(in_nodes);
	long *map = pool_alloc(req->pool, sizeof(long) * (n ? n : 1));
	json_t *nodes = json_array(), *edges = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *node = json_array_get(in_nodes, i);
		json_int_t id = json_integer_value(json_object_get(node, "id"));
		struct person *p;
		map[i] = -1;
		if (id <= 0 || people_get(req->db, req->pool, (int64_t)id, &p) || strcmp(p->status, "active") != 0)
			continue;   /* deleted or deactivated since: as on the page */
		json_t *copy = json_deep_copy(node);
		json_object_set_new(copy, "name", json_string(p->name));
		map[i] = (long)json_array_size(nodes);
		json_array_append_new(nodes, copy);
	}
	for (size_t i = 0; i < json_array_size(in_edges); i++) {
		json_t *e = json_array_get(in_edges, i);
		json_int_t a = json_integer_value(json_array_get(e, 0)), b = json_integer_value(json_array_get(e, 1));
		json_t *w = json_array_get(e, 2);
		if (a < 0 || b < 0 || (size_t)a >= n || (size_t)b >= n || map[a] < 0 || map[b] < 0 || !json_is_number(w))
			continue;
		json_array_append_new(edges, json_pack("[i, i, f]", (int)map[a], (int)map[b], json_number_value(w)));
	}
	json_decref(graph);
	api_json(req, 200, json_pack("{s:o, s:o, s:o}", "snapshot", snapshot_json(&s), "nodes", nodes, "edges", edges));
}

/* test_insight_store.c — the insight snapshots against a real database:
 * one computation queued at a time (a second request gets the first's id
 * and PLEIN_CONFLICT), claiming, progress, results stored with their
 * per-person rows in one go, failures and abandoned runs, reading the
 * newest done snapshot, the lists in their order with keyset pages, and the
 * individual rows pruned beyond the newest INSIGHT_KEEP_PEOPLE; plus who
 * may see what (visibility_insight_level) per role. */
#include "unit.h"
#include "unit_cast.h"
#include "core/insight_store.h"
#include "core/people.h"
#include "core/visibility.h"

enum { ADMIN, COMMS, BOSS, REPORT, MEMBER, GUEST, ALUMNUS, GONE, N_PEOPLE };

static const struct unit_cast_member cast[N_PEOPLE] = {
	[ADMIN] = { "Ada Admin", "admin" },
	[COMMS] = { "Cor Communicator", "communicator" },
	[BOSS] = { "Bea Boss", "member" },
	[REPORT] = { "Rik Report", "member" },
	[MEMBER] = { "Mia Member", "moderator" },
	[GUEST] = { "Gijs Guest", "guest" },
	[ALUMNUS] = { "Aat Alumnus", "alumni" },
	[GONE] = { "Dirk Deactivated", "member" },
};

static const int64_t NOW = 1795000000; /* 2026-11-18 */

static int setup(void **state)
{
	if (unit_cast_setup(state, "insightstore", cast, N_PEOPLE))
		return -1;
	struct fixture *f = *state;
	if (db_exec(f->db, "UPDATE people SET manager_id = ? WHERE id = ?", "ii", f->id[BOSS], f->id[REPORT]) ||
	    people_set_status(f->db, f->id[GONE], "deactivated"))
		return -1;
	return 0;
}

static void test_request_once(void **state)
{
	struct fixture *f = *state;
	int64_t id = 0, again = 0;
	assert_int_equal(insight_store_request(f->db, "manual", f->id[ADMIN], NOW, &id), PLEIN_OK);
	assert_true(id > 0);
	assert_int_equal(insight_store_request(f->db, "nightly", 0, NOW, &again), PLEIN_CONFLICT);
	assert_int_equal(again, id);
	assert_int_equal(insight_store_request(f->db, "bogus", 0, NOW, &again), PLEIN_INVALID);

	struct insight_snapshot s;
	assert_int_equal(insight_store_current(f->db, f->pool, &s), PLEIN_OK);
	assert_string_equal(s.status, "queued");
	assert_int_equal(s.requested_by, f->id[ADMIN]);

	assert_int_equal(insight_store_claim(f->db, f->pool, NOW + 5, &s), PLEIN_OK);
	assert_int_equal(s.id, id);
	assert_string_equal(s.status, "running");
	assert_int_equal(s.day, NOW / 86400 - 1);
	assert_int_equal(s.started_at, NOW + 5);
	/* nothing else queued; a running one still blocks a new request */
	assert_int_equal(insight_store_claim(f->db, f->pool, NOW + 6, &s), PLEIN_NOTFOUND);
	assert_int_equal(insight_store_request(f->db, "manual", 0, NOW, &again), PLEIN_CONFLICT);
	assert_int_equal(again, id);

	assert_int_equal(insight_store_progress(f->db, id, "Building the graph", 140), PLEIN_OK);
	assert_int_equal(insight_store_current(f->db, f->pool, &s), PLEIN_OK);
	assert_string_equal(s.phase, "Building the graph");
	assert_int_equal(s.progress, 100);

	/* not done yet: nothing to read */
	assert_int_equal(insight_store_get(f->db, f->pool, 0, &s), PLEIN_NOTFOUND);
	json_t *j;
	assert_int_equal(insight_store_json(f->db, id, "adoption", &j), PLEIN_NOTFOUND);
	assert_int_equal(insight_store_fail(f->db, id, NOW + 9, "out of cheese"), PLEIN_OK);
	assert_int_equal(insight_store_current(f->db, f->pool, &s), PLEIN_NOTFOUND);
	int64_t n;
	assert_int_equal(db_query_int(f->db, &n, "SELECT count(*) FROM insight_snapshots WHERE status = 'failed' "
	                              "AND error = 'out of cheese'", ""), PLEIN_OK);
	assert_int_equal(n, 1);
	/* the admins' note: the newest computation failed, and why */
	assert_int_equal(insight_store_last_failure(f->db, f->pool, &s), PLEIN_OK);
	assert_int_equal(s.id, id);
	assert_string_equal(s.error, "out of cheese");
	assert_int_equal(insight_store_request(f->db, "manual", 0, NOW, &again), PLEIN_OK);
	assert_int_equal(insight_store_last_failure(f->db, f->pool, &s), PLEIN_NOTFOUND);
}

static void test_abandoned(void **state)
{
	struct fixture *f = *state;
	int64_t id;
	struct insight_snapshot s;
	assert_int_equal(insight_store_request(f->db, "console", 0, NOW, &id), PLEIN_OK);
	assert_int_equal(insight_store_claim(f->db, f->pool, NOW, &s), PLEIN_OK);
	assert_int_equal(insight_store_fail_abandoned(f->db, NOW + 1), PLEIN_OK);
	assert_int_equal(insight_store_current(f->db, f->pool, &s), PLEIN_NOTFOUND);
	/* a finish after the run was failed does not resurrect it */
	assert_int_equal(insight_store_finish(f->db, id, NOW, NULL, NULL, NULL, NULL, NULL, 0), PLEIN_CONFLICT);
	assert_int_equal(insight_store_last_failure(f->db, f->pool, &s), PLEIN_OK);
	assert_int_equal(s.id, id);
}

/* Run one computation to the end with people rows for the cast. */
static int64_t finish_one(struct fixture *f, int64_t now, double scale)
{
	int64_t id;
	struct insight_snapshot s;
	assert_int_equal(insight_store_request(f->db, "manual", 0, now, &id), PLEIN_OK);
	assert_int_equal(insight_store_claim(f->db, f->pool, now, &s), PLEIN_OK);
	struct insight_person rows[4] = {
		{ .person_id = f->id[ADMIN], .pagerank = 0.4 * scale, .pagerank_rank = 1, .betweenness = 10,
		  .betweenness_rank = 2, .ties = 3, .departments = 2, .community = 0, .activity = 40, .helpful = 3,
		  .ambassador = 0.9, .ambassador_rank = 1 },
		{ .person_id = f->id[COMMS], .pagerank = 0.3, .pagerank_rank = 2, .betweenness = 20,
		  .betweenness_rank = 1, .ties = 2, .departments = 1, .community = 0, .activity = 10, .ambassador = 0.5,
		  .ambassador_rank = 2, .flags = INSIGHT_BRIDGE },
		{ .person_id = f->id[BOSS], .pagerank = 0.2, .pagerank_rank = 3, .betweenness_rank = 3,
		  .ties = 1, .community = 1, .ambassador_rank = 3, .flags = INSIGHT_NEWCOMER },
		{ .person_id = f->id[REPORT], .pagerank = 0.1, .pagerank_rank = 4, .betweenness_rank = 4,
		  .community = -1, .ambassador_rank = 4, .flags = INSIGHT_ISOLATED | INSIGHT_NEWCOMER },
	};
	json_t *adoption = json_pack("{s:I}", "day", (json_int_t)(now / 86400 - 1));
	json_t *network = json_pack("{s:i, s:[]}", "people", 4, "departments");
	json_t *summary = json_pack("{s:i, s:f}", "dau", 3, "modularity", 0.25 * scale);
	assert_int_equal(insight_store_finish(f->db, s.id, now + 30, adoption, network, summary, NULL, rows, 4), PLEIN_OK);
	json_decref(adoption);
	json_decref(network);
	json_decref(summary);
	return s.id;
}

static void test_results(void **state)
{
	struct fixture *f = *state;
	int64_t id = finish_one(f, NOW, 1.0);
	struct insight_snapshot s;
	assert_int_equal(insight_store_get(f->db, f->pool, 0, &s), PLEIN_OK);
	assert_int_equal(s.id, id);
	assert_string_equal(s.status, "done");
	assert_int_equal(s.progress, 100);
	assert_int_equal(s.finished_at, NOW + 30);

	json_t *j;
	assert_int_equal(insight_store_json(f->db, id, "summary", &j), PLEIN_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "dau")), 3);
	json_decref(j);
	assert_int_equal(insight_store_json(f->db, id, "network", &j), PLEIN_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "people")), 4);
	json_decref(j);
	assert_int_equal(insight_store_json(f->db, id, "people_graph", &j), PLEIN_NOTFOUND);
	assert_null(j);
	assert_int_equal(insight_store_json(f->db, id, "password_hash", &j), PLEIN_INVALID);

	struct insight_person p;
	assert_int_equal(insight_store_person(f->db, id, f->id[COMMS], &p), PLEIN_OK);
	assert_int_equal(p.betweenness_rank, 1);
	assert_true(p.flags & INSIGHT_BRIDGE);
	assert_int_equal(insight_store_person(f->db, id, f->id[GUEST], &p), PLEIN_NOTFOUND);

	struct insight_person out[4];
	size_t n;
	assert_int_equal(insight_store_top(f->db, id, INSIGHT_LIST_BRIDGES, 0, 2, out, &n), PLEIN_OK);
	assert_int_equal(n, 2);
	assert_int_equal(out[0].person_id, f->id[COMMS]);
	assert_int_equal(out[1].person_id, f->id[ADMIN]);
	assert_int_equal(insight_store_top(f->db, id, INSIGHT_LIST_BRIDGES, 2, 4, out, &n), PLEIN_OK);
	assert_int_equal(n, 2);
	assert_int_equal(out[0].person_id, f->id[BOSS]);
	assert_int_equal(insight_store_top(f->db, id, INSIGHT_LIST_INFLUENCERS, 0, 4, out, &n), PLEIN_OK);
	assert_int_equal(n, 4);
	assert_int_equal(out[0].person_id, f->id[ADMIN]);
	assert_true(out[0].pagerank > out[3].pagerank);
	assert_int_equal(insight_store_top(f->db, id, INSIGHT_LIST_ISOLATED, 0, 4, out, &n), PLEIN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].person_id, f->id[REPORT]);
	/* newcomers without connections: fewer than 2 ties, newest first, keyset on the id */
	assert_int_equal(insight_store_top(f->db, id, INSIGHT_LIST_NEWCOMERS, 0, 1, out, &n), PLEIN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].person_id, f->id[REPORT]);
	assert_int_equal(insight_store_top(f->db, id, INSIGHT_LIST_NEWCOMERS, out[0].person_id, 4, out, &n), PLEIN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].person_id, f->id[BOSS]);
}

static void test_history_and_pruning(void **state)
{
	struct fixture *f = *state;
	int64_t ids[INSIGHT_KEEP_PEOPLE + 2];
	for (int i = 0; i < INSIGHT_KEEP_PEOPLE + 2; i++)
		ids[i] = finish_one(f, NOW + i * 86400, 1.0 + i);
	int64_t n;
	assert_int_equal(insight_store_people_count(f->db, ids[0], &n), PLEIN_OK);
	assert_int_equal(n, 0);
	assert_int_equal(insight_store_people_count(f->db, ids[1], &n), PLEIN_OK);
	assert_int_equal(n, 0);
	assert_int_equal(insight_store_people_count(f->db, ids[2], &n), PLEIN_OK);
	assert_int_equal(n, 4);
	/* aggregates stay for trends */
	json_t *j;
	assert_int_equal(insight_store_json(f->db, ids[0], "summary", &j), PLEIN_OK);
	json_decref(j);

	struct insight_snapshot *rows;
	json_t **sums;
	size_t got;
	assert_int_equal(insight_store_list(f->db, f->pool, 0, 3, &rows, &sums, &got), PLEIN_OK);
	assert_int_equal(got, 3);
	assert_int_equal(rows[0].id, ids[INSIGHT_KEEP_PEOPLE + 1]);
	assert_true(json_real_value(json_object_get(sums[0], "modularity")) >
	            json_real_value(json_object_get(sums[1], "modularity")));
	int64_t last = rows[2].id;
	for (size_t i = 0; i < got; i++)
		json_decref(sums[i]);
	assert_int_equal(insight_store_list(f->db, f->pool, last, 100, &rows, &sums, &got), PLEIN_OK);
	assert_int_equal(got, INSIGHT_KEEP_PEOPLE - 1);
	for (size_t i = 0; i < got; i++) {
		assert_true(rows[i].id < last);
		json_decref(sums[i]);
	}
}

static void test_levels(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(visibility_insight_level(who(f, ADMIN)), INSIGHT_PEOPLE);
	assert_int_equal(visibility_insight_level(who(f, COMMS)), INSIGHT_DEPARTMENTS);
	assert_int_equal(visibility_insight_level(who(f, BOSS)), INSIGHT_DEPARTMENTS);
	assert_int_equal(visibility_insight_level(who(f, REPORT)), INSIGHT_OWN);
	assert_int_equal(visibility_insight_level(who(f, MEMBER)), INSIGHT_OWN);
	assert_int_equal(visibility_insight_level(who(f, GUEST)), INSIGHT_NONE);
	assert_int_equal(visibility_insight_level(who(f, ALUMNUS)), INSIGHT_NONE);
	assert_int_equal(visibility_insight_level(who(f, GONE)), INSIGHT_NONE);
	assert_int_equal(visibility_insight_level(NULL), INSIGHT_NONE);

	/* a manager whose only report left is no longer one */
	assert_int_equal(people_set_status(f->db, f->id[REPORT], "deactivated"), PLEIN_OK);
	assert_int_equal(visibility_insight_level(who(f, BOSS)), INSIGHT_OWN);
	assert_int_equal(people_set_status(f->db, f->id[REPORT], "active"), PLEIN_OK);
	/* nor one who left and stays on as alumni */
	assert_int_equal(db_exec(f->db, "UPDATE people SET role = 'alumni' WHERE id = ?", "i", f->id[REPORT]), PLEIN_OK);
	assert_int_equal(visibility_insight_level(who(f, BOSS)), INSIGHT_OWN);
	assert_int_equal(db_exec(f->db, "UPDATE people SET role = 'member' WHERE id = ?", "i", f->id[REPORT]), PLEIN_OK);
	assert_int_equal(visibility_insight_level(who(f, BOSS)), INSIGHT_DEPARTMENTS);
	/* being one's own manager (an import's slip) is no report */
	assert_int_equal(db_exec(f->db, "UPDATE people SET manager_id = id WHERE id = ?", "i", f->id[MEMBER]), PLEIN_OK);
	assert_int_equal(visibility_insight_level(who(f, MEMBER)), INSIGHT_OWN);

	assert_true(visibility_can_see_insight_person(who(f, ADMIN), f->id[REPORT]));
	assert_true(visibility_can_see_insight_person(who(f, REPORT), f->id[REPORT]));
	assert_false(visibility_can_see_insight_person(who(f, BOSS), f->id[REPORT]));
	assert_false(visibility_can_see_insight_person(who(f, COMMS), f->id[REPORT]));
	assert_false(visibility_can_see_insight_person(who(f, GUEST), f->id[GUEST]));
	assert_false(visibility_can_see_insight_person(NULL, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_request_once, setup, unit_cast_teardown),
		cmocka_unit_test_setup_teardown(test_abandoned, setup, unit_cast_teardown),
		cmocka_unit_test_setup_teardown(test_results, setup, unit_cast_teardown),
		cmocka_unit_test_setup_teardown(test_history_and_pruning, setup, unit_cast_teardown),
		cmocka_unit_test_setup_teardown(test_levels, setup, unit_cast_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_insight_job.c — the insight job against a real database: the
 * nightly decision (insight_job_nightly_due: only within the hour, once a
 * day, not after a done snapshot that day, never with -1), insight_run over
 * a tiny organisation (progress to 100, a done snapshot whose summary holds
 * every headline key, what it cost), a run asked to stop (failed, with the
 * reason), progress visible to others while a step reads, abandoned
 * 'running' rows failed at start, and the thread taking a queued
 * computation after a poke. */
#include "unit.h"
#include "unit_cast.h"
#include "core/insight.h"
#include "core/insight_store.h"
#include "db/thread.h"
#include "jobs/insight_job.h"
#include <time.h>
#include <unistd.h>

enum { ADMIN, ANNA, BERT, CARLA, N_PEOPLE };

static const struct unit_cast_member cast[N_PEOPLE] = {
	[ADMIN] = { "Ada Admin", "admin" },
	[ANNA] = { "Anna Aa", "member" },
	[BERT] = { "Bert Bb", "member" },
	[CARLA] = { "Carla Cc", "member" },
};

static int setup(void **state)
{
	return unit_cast_setup(state, "insightjob", cast, N_PEOPLE);
}

/* ---- the nightly decision ---- */

#define DAY 86400
#define H 3600

static void test_nightly_due(void **state)
{
	UNUSED(state);
	const int64_t day = 20780, at3 = day * DAY + 3 * H + 120;  /* 03:02 local */
	/* within the hour, nothing done or queued today: due */
	assert_true(insight_job_nightly_due(at3, 3, day - 1, day - 1));
	assert_true(insight_job_nightly_due(at3, 3, INT64_MIN, INT64_MIN));
	assert_true(insight_job_nightly_due(day * DAY + 3 * H + 3599, 3, day - 1, INT64_MIN));
	/* a computation done today (any trigger), or queued today by this process: not again */
	assert_false(insight_job_nightly_due(at3, 3, day, INT64_MIN));
	assert_false(insight_job_nightly_due(at3, 3, day - 1, day));
	/* outside the hour: a server started in the afternoon waits for the night */
	assert_false(insight_job_nightly_due(day * DAY + 2 * H + 3599, 3, day - 1, INT64_MIN));
	assert_false(insight_job_nightly_due(day * DAY + 4 * H, 3, day - 1, INT64_MIN));
	assert_false(insight_job_nightly_due(day * DAY + 15 * H, 3, day - 1, INT64_MIN));
	/* midnight and the last hour of the day */
	assert_true(insight_job_nightly_due(day * DAY, 0, day - 1, INT64_MIN));
	assert_true(insight_job_nightly_due(day * DAY + 23 * H + 1, 23, day - 1, INT64_MIN));
	assert_false(insight_job_nightly_due(day * DAY + 23 * H + 1, 0, day - 1, INT64_MIN));
	/* off, or nonsense */
	assert_false(insight_job_nightly_due(at3, -1, INT64_MIN, INT64_MIN));
	assert_false(insight_job_nightly_due(at3, 24, INT64_MIN, INT64_MIN));
	/* before 1970 (a clock gone wrong) still works out the day */
	assert_true(insight_job_nightly_due(-DAY + 3 * H, 3, -2, INT64_MIN));
	assert_false(insight_job_nightly_due(-DAY + 3 * H, 3, -1, INT64_MIN));
}

/* ---- insight_run ---- */

static int never(void *arg)
{
	UNUSED(arg);
	return 0;
}

static int calls;
static int stop_at_once(void *arg)
{
	UNUSED(arg);
	calls++;
	return 1;
}

static int64_t running_snapshot(struct fixture *f, int64_t now)
{
	int64_t id = 0;
	struct insight_snapshot s;
	assert_int_equal(insight_store_request(f->db, "console", 0, now, &id), PLEIN_OK);
	assert_int_equal(insight_store_claim(f->db, f->pool, now, &s), PLEIN_OK);
	assert_int_equal(s.id, id);
	return id;
}

/* The day of the newest done snapshot is read with the UTC offset of its
 * own moment: a computation finished on Saturday 28 March 2026 at 23:30 in
 * Amsterdam (22:30 UTC, winter time) was done on Saturday, although with
 * Sunday's summer offset (+2) it would be 00:30 on Sunday — and that
 * Sunday's nightly computation would have been skipped. */
static void test_local_day_dst(void **state)
{
	(void)state;
	const char *old = getenv("TZ");
	char *saved = old ? strdup(old) : NULL;
	setenv("TZ", "Europe/Amsterdam", 1);
	tzset();
	int64_t saturday = 20540;                     /* 2026-03-28 */
	int64_t done = 1774737000;                    /* 2026-03-28 22:30 UTC = 23:30 CET */
	int64_t night = 1774746000;                   /* 2026-03-29 01:00 UTC = 03:00 CEST */
	assert_int_equal(insight_job_local_day(done), saturday);
	assert_int_equal(insight_job_local_day(night), saturday + 1);
	/* so Sunday's 3 o'clock run is due */
	time_t t = (time_t)night;
	struct tm tm;
	assert_non_null(localtime_r(&t, &tm));
	assert_int_equal(tm.tm_hour, 3);
	assert_true(insight_job_nightly_due(night + tm.tm_gmtoff, 3, insight_job_local_day(done), INT64_MIN));
	if (saved) {
		setenv("TZ", saved, 1);
		free(saved);
	} else {
		unsetenv("TZ");
	}
	tzset();
}

static void test_run_done(void **state)
{
	struct fixture *f = *state;
	int64_t now = (int64_t)time(NULL);
	int64_t id = running_snapshot(f, now);
	struct insight_options o;
	insight_options_default(&o, now);
	assert_int_equal(insight_run(f->db, id, &o, never, NULL), PLEIN_OK);

	struct insight_snapshot s;
	assert_int_equal(insight_store_get(f->db, f->pool, 0, &s), PLEIN_OK);
	assert_int_equal(s.id, id);
	assert_string_equal(s.status, "done");
	assert_int_equal(s.progress, 100);
	assert_string_equal(s.error, "");

	json_t *summary, *adoption, *network, *graph;
	assert_int_equal(insight_store_json(f->db, id, "summary", &summary), PLEIN_OK);
	static const char *const keys[] = { "dau", "wau", "mau", "stickiness", "people", "active_30", "contributors_30",
		"ties", "communities", "modularity", "nmi_departments", "isolated", "newcomers_unconnected", "seconds",
		"peak_rss_mb" };
	for (size_t i = 0; i < ARRAY_LEN(keys); i++)
		assert_non_null(json_object_get(summary, keys[i]));
	assert_true(json_is_number(json_object_get(summary, "seconds")));
	assert_true(json_number_value(json_object_get(summary, "seconds")) >= 0.0);
	/* ASan alone takes more than a megabyte */
	assert_true(json_integer_value(json_object_get(summary, "peak_rss_mb")) > 0);
	json_decref(summary);
	assert_int_equal(insight_store_json(f->db, id, "adoption", &adoption), PLEIN_OK);
	assert_true(json_is_object(adoption));
	json_decref(adoption);
	assert_int_equal(insight_store_json(f->db, id, "network", &network), PLEIN_OK);
	assert_true(json_is_object(network));
	json_decref(network);
	assert_int_equal(insight_store_json(f->db, id, "people_graph", &graph), PLEIN_OK);
	assert_true(json_is_array(json_object_get(graph, "nodes")));
	json_decref(graph);
}

static void test_run_stopped(void **state)
{
	struct fixture *f = *state;
	int64_t now = (int64_t)time(NULL);
	int64_t id = running_snapshot(f, now);
	struct insight_options o;
	insight_options_default(&o, now);
	calls = 0;
	assert_int_not_equal(insight_run(f->db, id, &o, stop_at_once, NULL), PLEIN_OK);
	assert_true(calls >= 1);
	assert_int_equal(count(f, "SELECT count(*) FROM insight_snapshots WHERE id = ? AND status = 'failed' "
	                          "AND error LIKE 'plein stopped%'", id), 1);
	/* nothing half-written */
	assert_int_equal(count(f, "SELECT count(*) FROM insight_snapshots WHERE id = ? AND summary IS NOT NULL", id), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM insight_people WHERE snapshot_id = ?", id), 0);
}

/* While a step reads (in a read transaction of its own on the run's
 * connection), the progress still reaches the row: seen from another
 * connection, as a page or the API would. */
static struct db *observer;
static int seen_during_adoption;
static int observe(void *arg)
{
	UNUSED(arg);
	int64_t progress = 0;
	if (db_query_int(observer, &progress, "SELECT progress FROM insight_snapshots WHERE status = 'running'", "") ==
	        PLEIN_OK && progress > 0 && progress < 35 && progress > seen_during_adoption)
		seen_during_adoption = (int)progress;
	return 0;
}

static void test_run_progress_visible(void **state)
{
	struct fixture *f = *state;
	char err[256];
	observer = db_open(f->path, err, sizeof err);
	assert_non_null(observer);
	int64_t now = (int64_t)time(NULL);
	int64_t id = running_snapshot(f, now);
	struct insight_options o;
	insight_options_default(&o, now);
	seen_during_adoption = 0;
	assert_int_equal(insight_run(f->db, id, &o, observe, NULL), PLEIN_OK);
	assert_true(seen_during_adoption > 0);
	db_close(observer);
}

/* ---- the thread ---- */

/* Wait (at most about a minute: no timing is asserted) for a status. */
static bool wait_status(struct fixture *f, int64_t id, const char *status)
{
	for (int i = 0; i < 600; i++) {
		int64_t n = 0;
		if (db_query_int(f->db, &n, "SELECT count(*) FROM insight_snapshots WHERE id = ? AND status = ?", "is", id,
		                 status) == PLEIN_OK && n == 1)
			return true;
		usleep(100 * 1000);
	}
	return false;
}

static void test_thread(void **state)
{
	struct fixture *f = *state;
	/* left running by a process that stopped */
	assert_int_equal(db_exec(f->db, "INSERT INTO insight_snapshots(day, trigger, status, created_at, started_at) "
	                         "VALUES (1, 'manual', 'running', 5, 6)", ""), PLEIN_OK);
	int64_t abandoned = db_last_insert_id(f->db);
	assert_int_equal(insight_job_recover(f->db), PLEIN_OK);
	assert_int_equal(count(f, "SELECT count(*) FROM insight_snapshots WHERE id = ? AND status = 'failed' "
	                          "AND error <> ''", abandoned), 1);
	db_thread_init(f->path);
	char err[128];
	assert_int_equal(insight_job_start(-1, err, sizeof err), PLEIN_OK);

	int64_t id = 0;
	assert_int_equal(insight_store_request(f->db, "manual", f->id[ADMIN], (int64_t)time(NULL), &id), PLEIN_OK);
	insight_job_poke();
	assert_true(wait_status(f, id, "done"));
	insight_job_stop();
	insight_job_stop();  /* twice is fine */
	/* hour -1: no nightly computation was queued */
	assert_int_equal(count(f, "SELECT count(*) FROM insight_snapshots WHERE trigger = 'nightly' AND ? > 0", 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nightly_due),
		cmocka_unit_test(test_local_day_dst),
		cmocka_unit_test_setup_teardown(test_run_done, setup, unit_cast_teardown),
		cmocka_unit_test_setup_teardown(test_run_stopped, setup, unit_cast_teardown),
		cmocka_unit_test_setup_teardown(test_run_progress_visible, setup, unit_cast_teardown),
		cmocka_unit_test_setup_teardown(test_thread, setup, unit_cast_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

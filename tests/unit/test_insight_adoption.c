/* test_insight_adoption.c — the adoption figures (docs/design-insight.md)
 * on a tiny fixed organisation whose every figure is worked out by hand
 * below: DAU/WAU/MAU, the 90-9-1 split, volumes per week and month,
 * questions answered and the median time to a first answer, active groups,
 * trending topics (never from a secret group), small departments merged or
 * dropped, a period against the one before; visits written once per person
 * and day (core/activity.c); activated_at on every path to a password. */
#include "unit.h"
#include "core/activity.h"
#include "core/insight.h"
#include "core/invitations.h"
#include "core/people.h"
#include "core/secret.h"
#include <math.h>
#include <time.h>

/* E: the last full day the figures cover, a Monday (2026-11-23). */
#define E 20780
#define NOW ((int64_t)(E + 1) * 86400 + 3600)
/* a time d days before E, s seconds into that day */
#define T(d, s) ((int64_t)(E - (d)) * 86400 + (s))
#define OLD T(1000, 0)

struct fixture {
	char dir[64], path[128];
	struct db *db;
	struct pool *pool;
};

static void exec(struct db *db, const char *sql)
{
	assert_int_equal(db_exec(db, sql, NULL), PLEIN_OK);
}

static void person(struct db *db, int id, const char *name, const char *dept, const char *loc, const char *role,
                   const char *status, int64_t activated)
{
	char email[64];
	snprintf(email, sizeof email, "p%d@example.com", id);
	assert_int_equal(db_exec(db,
		"INSERT INTO people(id, email, name, department, location, role, status, created_at, updated_at,"
		" activated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, nullif(?, 0))",
		"issssssiii", (int64_t)id, email, name, dept, loc, role, status, OLD, OLD, activated), PLEIN_OK);
}

static void post(struct db *db, int id, int author, const char *kind, int group, int64_t at, int parent,
                 bool deleted, int topic)
{
	assert_int_equal(db_exec(db,
		"INSERT INTO posts(id, author_id, kind, visibility, group_id, body, body_html, created_at, deleted_at,"
		" parent_id) VALUES (?1, ?2, ?3, CASE WHEN ?4 THEN 'group' ELSE 'organisation' END, nullif(?4, 0), 'x', 'x',"
		" ?5, CASE WHEN ?6 THEN ?5 END, nullif(?7, 0))",
		"iisiiii", (int64_t)id, (int64_t)author, kind, (int64_t)group, at, (int64_t)deleted, (int64_t)parent),
		PLEIN_OK);
	if (topic)
		assert_int_equal(db_exec(db, "INSERT INTO post_topics(topic_id, post_id) VALUES (?, ?)", "ii",
		                         (int64_t)topic, (int64_t)id), PLEIN_OK);
}

static void visit(struct db *db, int64_t day, int who)
{
	assert_int_equal(db_exec(db, "INSERT INTO activity_days(day, person_id) VALUES (?, ?)", "ii", day,
	                         (int64_t)who), PLEIN_OK);
}

/* Finance: F1..F5 (Utrecht) + N (never activated) + D (deactivated);
 * HR: H1..H4 (Zwolle; H4 activated 3 days ago); IT: I1 (Utrecht); a guest.
 * HR (4) and IT (1) are too small alone: together one "other" row of 5.
 * Zwolle (4) is too small, and alone in "other": Utrecht joins it (else
 * the period's total minus Utrecht would give Zwolle's four away). */
enum { F1 = 1, F2, F3, F4, F5, H1, H2, H3, H4, I1, N, D, G };

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f || unit_store_open("adoption", f->dir, f->path, &f->db, &f->pool) || secret_load(f->db))
		return -1;
	struct db *db = f->db;
	const char *names[] = { "", "F1", "F2", "F3", "F4", "F5" };
	for (int i = F1; i <= F5; i++)
		person(db, i, names[i], "Finance", "Utrecht", "member", "active", OLD);
	person(db, H1, "H1", "HR", "Zwolle", "member", "active", OLD);
	person(db, H2, "H2", "HR", "Zwolle", "member", "active", OLD);
	person(db, H3, "H3", "HR", "Zwolle", "member", "active", OLD);
	person(db, H4, "H4", "HR", "Zwolle", "member", "active", T(3, 0));
	person(db, I1, "I1", "IT", "Utrecht", "member", "active", OLD);
	person(db, N, "N", "Finance", "Utrecht", "member", "active", 0);
	person(db, D, "D", "Finance", "Utrecht", "member", "deactivated", OLD);
	person(db, G, "G", "Partners", "Utrecht", "guest", "active", OLD);
	exec(db, "INSERT INTO groups(id, name, name_key, kind, created_at, updated_at) VALUES"
	         " (101, 'Alpha', 'alpha', 'open', 0, 0), (102, 'Beta', 'beta', 'closed', 0, 0),"
	         " (103, 'Hush', 'hush', 'secret', 0, 0)");
	exec(db, "INSERT INTO topics(id, name, key, created_at) VALUES (1, 'budget', 'budget', 0), (2, 'secretplan', 'secretplan', 0)");
	/* F1 posts #budget on E, E-1 (in the open group), E-8, E-15, E-22; F5 on E-45 */
	post(db, 1, F1, "update", 0, T(0, 3600), 0, false, 1);
	post(db, 2, F1, "update", 101, T(1, 3600), 0, false, 1);
	post(db, 3, F1, "update", 0, T(8, 3600), 0, false, 1);
	post(db, 4, F1, "update", 0, T(15, 3600), 0, false, 1);
	post(db, 5, F1, "update", 0, T(22, 3600), 0, false, 1);
	post(db, 6, F5, "update", 0, T(45, 3600), 0, false, 1);
	/* questions: E-2 answered after an hour, E-20 never, E-25 after two hours */
	post(db, 7, H1, "question", 0, T(2, 1000), 0, false, 0);
	post(db, 8, H2, "answer", 0, T(2, 4600), 7, false, 0);
	post(db, 9, H1, "question", 0, T(20, 1000), 0, false, 0);
	post(db, 10, H1, "question", 0, T(25, 1000), 0, false, 0);
	post(db, 11, F2, "answer", 0, T(25, 8200), 10, false, 0);
	/* the guest's #secretplan in the secret group: nothing counts (no
	 * volume, no topic), nor F5's comment or H3's reaction on it below */
	post(db, 12, G, "update", 103, T(10, 100), 0, false, 2);
	post(db, 13, G, "update", 103, T(11, 100), 0, false, 2);
	post(db, 14, G, "update", 103, T(12, 100), 0, false, 2);
	/* deleted: nothing */
	post(db, 15, F3, "update", 0, T(0, 7200), 0, true, 1);
	/* the closed group's last post, long ago (the guest comments on it on E-4) */
	post(db, 16, F4, "update", 102, T(40, 100), 0, false, 0);
	assert_int_equal(db_exec(db, "INSERT INTO questions(post_id, answer_count, first_answer_at) VALUES"
	                             " (7, 1, ?), (9, 0, NULL), (10, 1, ?)", "ii", T(2, 4600), T(25, 8200)), PLEIN_OK);
	assert_int_equal(db_exec(db, "INSERT INTO comments(id, post_id, author_id, body, body_html, created_at, deleted_at)"
	                             " VALUES (1, 3, ?, 'x', 'x', ?, NULL), (2, 3, ?, 'x', 'x', ?, ?), (3, 16, ?, 'x', 'x', ?, NULL)",
	                         "iiiiiii", (int64_t)F2, T(3, 100), (int64_t)F3, T(1, 100), T(1, 200), (int64_t)G, T(4, 100)),
	                 PLEIN_OK);
	assert_int_equal(db_exec(db, "INSERT INTO comments(id, post_id, author_id, body, body_html, created_at) VALUES"
	                             " (4, 12, ?, 'x', 'x', ?)", "ii", (int64_t)F5, T(10, 200)), PLEIN_OK);
	assert_int_equal(db_exec(db, "INSERT INTO reactions(post_id, kind, person_id, created_at) VALUES (13, 'like', ?, ?)",
	                         "ii", (int64_t)H3, T(5, 500)), PLEIN_OK);
	assert_int_equal(db_exec(db, "INSERT INTO reactions(post_id, kind, person_id, created_at) VALUES"
	                             " (1, 'like', ?, ?), (1, 'like', ?, ?)", "iiii", (int64_t)F3, T(1, 500),
	                         (int64_t)G, T(0, 500)), PLEIN_OK);
	visit(db, E - 2, F1);
	visit(db, E - 6, F4);
	visit(db, E, F4);
	visit(db, E - 5, H3);
	visit(db, E, H4);
	visit(db, E - 10, F5);
	visit(db, E, G);
	visit(db, E - 1, D);
	/* invitations: one pending to a new address (counts), one expired, one
	 * revoked, one pending to someone who is already a person (counted as a person) */
	assert_int_equal(db_exec(db,
		"INSERT INTO invitations(email, token_hash, created_at, expires_at, revoked_at) VALUES"
		" ('new@example.com', x'01', ?1, ?2, NULL), ('old@example.com', x'02', ?1, ?3, NULL),"
		" ('rev@example.com', x'03', ?1, ?2, ?1), ('p1@example.com', x'04', ?1, ?2, NULL)",
		"iii", NOW - 86400, NOW + 86400, NOW - 1), PLEIN_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	unit_store_close(f->dir, f->path, f->db, f->pool);
	free(f);
	return 0;
}

static json_t *compute(struct fixture *f)
{
	struct insight_options o;
	insight_options_default(&o, NOW);
	json_t *out = NULL;
	assert_int_equal(insight_adoption_compute(f->db, &o, NULL, &out), PLEIN_OK);
	assert_non_null(out);
	return out;
}

static int64_t num(json_t *o, const char *path)
{
	json_t *v = json_object_get(o, path);
	if (!json_is_integer(v))
		fail_msg("%s is not an integer", path);
	return json_integer_value(v);
}

static double real(json_t *o, const char *path)
{
	json_t *v = json_object_get(o, path);
	if (!json_is_number(v))
		fail_msg("%s is not a number", path);
	return json_number_value(v);
}

static void assert_split(json_t *row, const char *name, bool other, int people, int active, int contributors,
                         int readers, int posts)
{
	assert_non_null(row);
	assert_string_equal(json_string_value(json_object_get(row, "name")), name);
	assert_int_equal(json_is_true(json_object_get(row, "other")), other);
	assert_int_equal(num(row, "people"), people);
	assert_int_equal(num(row, "active"), active);
	assert_int_equal(num(row, "contributors"), contributors);
	assert_int_equal(num(row, "readers"), readers);
	assert_int_equal(num(row, "posts"), posts);
}

static json_t *period(json_t *a, const char *days, const char *which)
{
	json_t *p = json_object_get(json_object_get(json_object_get(a, "periods"), days), which);
	assert_non_null(p);
	return p;
}

static void test_accounts(void **state)
{
	json_t *a = compute(*state);
	assert_int_equal(num(a, "day"), E);
	json_t *acc = json_object_get(a, "accounts");
	/* N, plus the one pending invitation to an address that is nobody yet */
	assert_int_equal(num(acc, "not_activated"), 2);
	assert_int_equal(num(acc, "invited_pending"), 1);
	/* F1..F5, H1..H4, I1: not N, D (deactivated) or the guest */
	assert_int_equal(num(acc, "activated"), 10);
	assert_int_equal(num(acc, "deactivated"), 1);
	/* 104 weeks; only H4 activated within them, in the week before E's */
	json_t *weeks = json_object_get(acc, "activated_by_week");
	assert_int_equal(json_array_size(weeks), 104);
	int64_t total = 0;
	for (size_t i = 0; i < 104; i++)
		total += num(json_array_get(weeks, i), "activated");
	assert_int_equal(total, 1);
	assert_int_equal(num(json_array_get(weeks, 102), "start_day"), E - 7);
	assert_int_equal(num(json_array_get(weeks, 102), "activated"), 1);
	json_decref(a);
}

static void test_daily_weekly_monthly(void **state)
{
	json_t *a = compute(*state);
	json_t *daily = json_object_get(a, "daily");
	assert_int_equal(num(daily, "from_day"), E - 364);
	json_t *dau = json_object_get(daily, "dau"), *wau = json_object_get(daily, "wau"), *mau = json_object_get(daily, "mau");
	assert_int_equal(json_array_size(dau), 365);
	/* DAU E-6..E: F4 | H3 | – | F2 | F1 H1 H2 | F1 F3 | F1 F4 H4 (not the guest, not D) */
	static const int want_dau[] = { 1, 1, 0, 1, 3, 2, 3 };
	for (int i = 0; i < 7; i++)
		assert_int_equal(json_integer_value(json_array_get(dau, 358 + i)), want_dau[i]);
	/* WAU at E: F1 F2 F3 F4 H1 H2 H3 H4; MAU adds F5 (E-10) */
	assert_int_equal(json_integer_value(json_array_get(wau, 364)), 8);
	assert_int_equal(json_integer_value(json_array_get(mau, 364)), 9);
	/* WAU at E-7 (E-13..E-7): F1 (E-8), F5 (E-10) */
	assert_int_equal(json_integer_value(json_array_get(wau, 357)), 2);

	json_t *weekly = json_object_get(a, "weekly");
	assert_int_equal(json_array_size(weekly), 104);
	json_t *last = json_array_get(weekly, 103), *before = json_array_get(weekly, 102);
	/* E's week (only E so far): P1 (P15 deleted), the guest's reaction; F1 F4 H4 */
	assert_int_equal(num(last, "start_day"), E);
	assert_int_equal(num(last, "posts"), 1);
	assert_int_equal(num(last, "comments"), 0);
	assert_int_equal(num(last, "reactions"), 1);
	assert_int_equal(num(last, "active"), 3);
	/* E-7..E-1: P2; F2's and the guest's comments; H1's question, H2's
	 * answer; F3's reaction; F1 F2 F3 F4 H1 H2 H3 (not the guest) */
	assert_int_equal(num(before, "start_day"), E - 7);
	assert_int_equal(num(before, "posts"), 1);
	assert_int_equal(num(before, "comments"), 2);
	assert_int_equal(num(before, "questions"), 1);
	assert_int_equal(num(before, "answers"), 1);
	assert_int_equal(num(before, "reactions"), 1);
	assert_int_equal(num(before, "active"), 7);

	json_t *monthly = json_object_get(a, "monthly");
	assert_int_equal(json_array_size(monthly), 24);
	json_t *nov = json_array_get(monthly, 23);
	assert_string_equal(json_string_value(json_object_get(nov, "month")), "2026-11");
	assert_string_equal(json_string_value(json_object_get(json_array_get(monthly, 0), "month")), "2024-12");
	/* November (E-22..E): all but I1; contributors F1, F2, H1, H2 */
	assert_int_equal(num(nov, "active"), 9);
	assert_int_equal(num(nov, "contributors"), 4);
	json_decref(a);
}

static void test_period_7(void **state)
{
	json_t *a = compute(*state);
	json_t *p = period(a, "7", "current");
	assert_int_equal(num(p, "from_day"), E - 6);
	assert_int_equal(num(p, "to_day"), E);
	assert_int_equal(num(p, "days"), 7);
	assert_int_equal(num(p, "people"), 10);
	assert_int_equal(num(p, "active"), 8);
	assert_int_equal(num(p, "inactive"), 2);
	/* contributors F1 F2 H1 H2, each at least once in 7 days: frequent */
	assert_int_equal(num(p, "contributors"), 4);
	assert_int_equal(num(p, "frequent"), 4);
	assert_int_equal(num(p, "occasional"), 0);
	assert_int_equal(num(p, "readers"), 4);
	/* 11 person-days / 7 = 1.571…; MAU 9 */
	assert_true(fabs(real(p, "dau_mean") - 1.6) < 1e-9);
	assert_int_equal(num(p, "wau"), 8);
	assert_int_equal(num(p, "mau"), 9);
	assert_true(fabs(real(p, "stickiness") - 0.175) < 1e-9);
	assert_int_equal(num(p, "posts"), 2);
	assert_int_equal(num(p, "comments"), 2);    /* the guest's count as volume */
	assert_int_equal(num(p, "reactions"), 2);
	assert_int_equal(num(p, "questions"), 1);
	assert_int_equal(num(p, "answers"), 1);
	assert_true(fabs(real(p, "questions_answered_share") - 1.0) < 1e-9);
	assert_int_equal(num(p, "median_first_answer_seconds"), 3600);
	/* Alpha (a post), Beta (a comment on its old post); Hush secret; the alumni group quiet */
	assert_int_equal(num(p, "active_groups"), 2);
	assert_int_equal(num(p, "groups"), 3);
	json_t *depts = json_object_get(p, "departments");
	assert_int_equal(json_array_size(depts), 2);
	assert_split(json_array_get(depts, 0), "Finance", false, 5, 4, 2, 2, 2);
	assert_split(json_array_get(depts, 1), "", true, 5, 4, 2, 2, 0);
	json_t *locs = json_object_get(p, "locations");
	/* Zwolle (4) is too small even merged: Utrecht (6) joins it, so no row
	 * and no difference of the total and the rows shows Zwolle's four */
	assert_int_equal(json_array_size(locs), 1);
	assert_split(json_array_get(locs, 0), "", true, 10, 8, 4, 4, 2);
	assert_int_equal(json_array_size(json_object_get(p, "topics")), 0);   /* #budget: 2 posts, under 3 */

	/* the week before: H4 not activated yet; F1 (E-8) contributed, F5 visited */
	json_t *q = period(a, "7", "previous");
	assert_int_equal(num(q, "from_day"), E - 13);
	assert_int_equal(num(q, "to_day"), E - 7);
	assert_int_equal(num(q, "people"), 9);
	assert_int_equal(num(q, "active"), 2);
	assert_int_equal(num(q, "contributors"), 1);
	assert_int_equal(num(q, "readers"), 1);
	assert_int_equal(num(q, "wau"), 2);
	assert_true(fabs(real(q, "dau_mean") - 0.3) < 1e-9);
	/* HR (3 before H4) and IT (1) merge to 4: the smallest department
	 * shown, Finance (5), joins them, so the rows still add up to the
	 * period and nothing of the four can be read by difference */
	json_t *qd = json_object_get(q, "departments");
	assert_int_equal(json_array_size(qd), 1);
	assert_split(json_array_get(qd, 0), "", true, 9, 2, 1, 1, 1);
	assert_true(json_is_null(json_object_get(q, "questions_answered_share")));
	assert_true(json_is_null(json_object_get(q, "median_first_answer_seconds")));
	json_decref(a);
}

static void test_period_30(void **state)
{
	json_t *a = compute(*state);
	json_t *p = period(a, "30", "current");
	assert_int_equal(num(p, "people"), 10);
	assert_int_equal(num(p, "active"), 9);
	assert_int_equal(num(p, "inactive"), 1);
	/* F1: 5 posts ≥ ceil(30/7) = 5: frequent; F2 (2), H1 (3), H2 (1) occasional */
	assert_int_equal(num(p, "contributors"), 4);
	assert_int_equal(num(p, "frequent"), 1);
	assert_int_equal(num(p, "occasional"), 3);
	assert_int_equal(num(p, "readers"), 5);
	/* F1's five; the guest's three in the secret group count nowhere (and
	 * F5's comment there does not make F5 a contributor) */
	assert_int_equal(num(p, "posts"), 5);
	assert_int_equal(num(p, "comments"), 2);
	/* 3 asked, 2 answered, after 3600 and 7200 s */
	assert_int_equal(num(p, "questions"), 3);
	assert_true(fabs(real(p, "questions_answered_share") - 0.667) < 1e-9);
	assert_int_equal(num(p, "median_first_answer_seconds"), 5400);
	/* #budget: 5 posts now, but all F1's: a topic of one person would
	 * point at them, so it is not named (test_topic_authors); #secretplan never */
	assert_int_equal(json_array_size(json_object_get(p, "topics")), 0);
	json_decref(a);
}

static void test_custom_period(void **state)
{
	struct fixture *f = *state;
	json_t *a = compute(f), *p = NULL;
	/* a custom range gives what the snapshot has for the same days */
	assert_int_equal(insight_adoption_period(f->db, E - 6, E, &p), PLEIN_OK);
	assert_true(json_equal(p, period(a, "7", "current")));
	json_decref(p);
	assert_int_equal(insight_adoption_period(f->db, E - 13, E - 7, &p), PLEIN_OK);
	assert_true(json_equal(p, period(a, "7", "previous")));
	json_decref(p);
	assert_int_equal(insight_adoption_period(f->db, E - 29, E, &p), PLEIN_OK);
	assert_true(json_equal(p, period(a, "30", "current")));
	json_decref(p);
	assert_int_equal(insight_adoption_period(f->db, E, E - 1, &p), PLEIN_INVALID);
	assert_null(p);
	assert_int_equal(insight_adoption_period(f->db, E - 731, E, &p), PLEIN_INVALID);
	assert_int_equal(insight_adoption_period(f->db, -3, 1, &p), PLEIN_INVALID);
	assert_int_equal(insight_adoption_period(f->db, INT64_MAX - 5, INT64_MAX, &p), PLEIN_INVALID);
	assert_int_equal(insight_adoption_period(f->db, E - 730, E, &p), PLEIN_OK);
	assert_int_equal(num(p, "days"), 731);
	json_decref(p);
	json_decref(a);
}

/* The pages' and API's custom periods: the same figures as the snapshot's
 * pair, remembered for ten minutes (a new visit does not show until the
 * cache is dropped or has aged), refused when empty, too long or reaching
 * before 1970. */
static void test_period_compare_cached(void **state)
{
	struct fixture *f = *state;
	const int64_t now = (E + 1) * 86400 + 60;
	json_t *a = compute(f), *cur = NULL, *prev = NULL;
	insight_period_forget();
	assert_int_equal(insight_period_compare(f->db, E - 6, E, now, &cur, &prev), PLEIN_OK);
	assert_true(json_equal(cur, period(a, "7", "current")));
	assert_true(json_equal(prev, period(a, "7", "previous")));
	int64_t active = num(cur, "active");
	json_decref(cur);
	json_decref(prev);
	/* someone inactive that week visits: the remembered answer stays */
	assert_int_equal(db_exec(f->db, "INSERT OR IGNORE INTO activity_days(day, person_id) SELECT ?, id FROM people", "i",
	                         (int64_t)E), PLEIN_OK);
	assert_int_equal(insight_period_compare(f->db, E - 6, E, now + 60, &cur, &prev), PLEIN_OK);
	assert_int_equal(num(cur, "active"), active);
	json_decref(cur);
	json_decref(prev);
	/* ten minutes on, or forgotten: computed again */
	assert_int_equal(insight_period_compare(f->db, E - 6, E, now + 601, &cur, &prev), PLEIN_OK);
	assert_true(num(cur, "active") > active);
	json_decref(cur);
	json_decref(prev);
	insight_period_forget();
	assert_int_equal(insight_period_compare(f->db, E - 6, E, now, &cur, &prev), PLEIN_OK);
	assert_true(num(cur, "active") > active);
	json_decref(cur);
	json_decref(prev);
	assert_int_equal(insight_period_compare(f->db, E, E - 1, now, &cur, &prev), PLEIN_INVALID);
	assert_null(cur);
	assert_int_equal(insight_period_compare(f->db, E - 731, E, now, &cur, &prev), PLEIN_INVALID);
	assert_int_equal(insight_period_compare(f->db, 2, 4, now, &cur, &prev), PLEIN_INVALID);
	insight_period_forget();
	json_decref(a);
}

static int seen_last;
static int stop_at_visits(void *ctx, const char *phase, int percent)
{
	UNUSED(ctx);
	seen_last = percent;
	return strcmp(phase, "Counting visits") == 0;
}
static int never_stop(void *ctx, const char *phase, int percent)
{
	UNUSED(ctx);
	UNUSED(phase);
	assert_true(percent >= seen_last);   /* never goes back */
	seen_last = percent;
	return 0;
}

static void test_progress_and_stop(void **state)
{
	struct fixture *f = *state;
	struct insight_options o;
	insight_options_default(&o, NOW);
	json_t *out = NULL;
	seen_last = 0;
	struct insight_progress pr = { never_stop, NULL, 10, 40 };
	assert_int_equal(insight_adoption_compute(f->db, &o, &pr, &out), PLEIN_OK);
	assert_int_equal(seen_last, 40);
	json_decref(out);
	struct insight_progress stop = { stop_at_visits, NULL, 0, 100 };
	assert_int_equal(insight_adoption_compute(f->db, &o, &stop, &out), PLEIN_ERROR);
	assert_null(out);
}

static int64_t visits_of(struct fixture *f, int64_t day, int64_t who)
{
	int64_t n = -1;
	assert_int_equal(db_query_int(f->db, &n, "SELECT count(*) FROM activity_days WHERE day = ? AND person_id = ?",
	                              "ii", day, who), PLEIN_OK);
	return n;
}

static void test_activity_once_a_day(void **state)
{
	struct fixture *f = *state;
	activity_forget();
	assert_int_equal(activity_touch(f->db, F5, NOW), PLEIN_OK);
	assert_int_equal(visits_of(f, E + 1, F5), 1);
	/* remembered: a second request of the day writes nothing (the row removed behind its back stays gone) */
	exec(f->db, "DELETE FROM activity_days WHERE day = 20781");
	assert_int_equal(activity_touch(f->db, F5, NOW + 60), PLEIN_OK);
	assert_int_equal(visits_of(f, E + 1, F5), 0);
	/* someone else that day, and F5 the next day, are written */
	assert_int_equal(activity_touch(f->db, F4, NOW + 60), PLEIN_OK);
	assert_int_equal(visits_of(f, E + 1, F4), 1);
	assert_int_equal(activity_touch(f->db, F5, NOW + 86400), PLEIN_OK);
	assert_int_equal(visits_of(f, E + 2, F5), 1);
	/* a process that forgot (a restart) writes again, harmlessly */
	activity_forget();
	assert_int_equal(activity_touch(f->db, F5, NOW + 86400), PLEIN_OK);
	assert_int_equal(visits_of(f, E + 2, F5), 1);
	assert_int_equal(activity_touch(f->db, 0, NOW), PLEIN_INVALID);
	activity_forget();
}

static int64_t activated_at(struct fixture *f, int64_t id)
{
	int64_t v = -1;
	assert_int_equal(db_query_int(f->db, &v, "SELECT coalesce(activated_at, 0) FROM people WHERE id = ?", "i", id),
	                 PLEIN_OK);
	return v;
}

static void test_activated_at_paths(void **state)
{
	struct fixture *f = *state;
	int64_t with, without, imported, newcomer;
	/* created with a password (first-run admin, `plein user add`): activated now */
	int64_t before = time(NULL);
	assert_int_equal(people_create(f->db, "with@example.com", "With", "member", "$argon2id$x", &with), PLEIN_OK);
	assert_true(activated_at(f, with) >= before);
	/* imported or created without one: not activated */
	assert_int_equal(people_create(f->db, "without@example.com", "Without", "member", NULL, &without), PLEIN_OK);
	assert_int_equal(activated_at(f, without), 0);
	/* the first password activates; a later one keeps the date */
	assert_int_equal(people_set_password(f->db, without, "$argon2id$y"), PLEIN_OK);
	assert_true(activated_at(f, without) >= before);
	exec(f->db, "UPDATE people SET activated_at = 5 WHERE email = 'without@example.com'");
	assert_int_equal(people_set_password(f->db, without, "$argon2id$z"), PLEIN_OK);
	assert_int_equal(activated_at(f, without), 5);
	/* people_create_full with a password: from its creation date */
	struct person p = { .email = "full@example.com", .name = "Full", .role = "member", .created_at = 1234 };
	int64_t full;
	assert_int_equal(people_create_full(f->db, &p, "$argon2id$x", &full), PLEIN_OK);
	assert_int_equal(activated_at(f, full), 1234);
	/* invitations accepted: by an imported person, and by a new one */
	char token[INVITATION_TOKEN_LEN + 1];
	int64_t inv;
	enum invitation_state st;
	assert_int_equal(people_create(f->db, "imp@example.com", "Imp", "member", NULL, &imported), PLEIN_OK);
	assert_int_equal(invitations_create(f->db, "imp@example.com", "member", with, token, &inv), PLEIN_OK);
	assert_int_equal(invitations_accept(f->db, f->pool, token, "Imp", "$argon2id$x", "127.0.0.1", &imported, &st),
	                 PLEIN_OK);
	assert_true(activated_at(f, imported) >= before);
	assert_int_equal(invitations_create(f->db, "fresh@example.com", "member", with, token, &inv), PLEIN_OK);
	assert_int_equal(invitations_accept(f->db, f->pool, token, "Fresh", "$argon2id$x", "127.0.0.1", &newcomer, &st),
	                 PLEIN_OK);
	assert_true(activated_at(f, newcomer) >= before);
}

/* The tests that build their own small organisation start from none. */
static void empty_organisation(struct fixture *f)
{
	static const char *const tables[] = { "activity_days", "comments", "reactions", "questions", "post_topics",
	                                      "posts", "invitations", "people" };
	for (size_t i = 0; i < ARRAY_LEN(tables); i++) {
		char sql[64];
		snprintf(sql, sizeof sql, "DELETE FROM %s", tables[i]);
		exec(f->db, sql);
	}
}

/* People without a department go into the merged row with the small
 * departments; a department of exactly five stands on its own. */
static void test_departments_unnamed(void **state)
{
	struct fixture *f = *state;
	empty_organisation(f);
	for (int i = 1; i <= 5; i++)
		person(f->db, i, "Five", "Five", "", "member", "active", OLD);
	for (int i = 6; i <= 9; i++)
		person(f->db, i, "None", "", "", "member", "active", OLD);
	person(f->db, 10, "Tiny", "Tiny", "", "member", "active", OLD);
	visit(f->db, E, 6);
	json_t *p = NULL;
	assert_int_equal(insight_adoption_period(f->db, E - 6, E, &p), PLEIN_OK);
	json_t *depts = json_object_get(p, "departments");
	assert_int_equal(json_array_size(depts), 2);
	assert_split(json_array_get(depts, 0), "Five", false, 5, 0, 0, 0, 0);
	assert_split(json_array_get(depts, 1), "", true, 5, 1, 0, 1, 0);
	/* nobody has a location: the "other" row holds all ten */
	json_t *locs = json_object_get(p, "locations");
	assert_int_equal(json_array_size(locs), 1);
	assert_split(json_array_get(locs, 0), "", true, 10, 1, 0, 1, 0);
	json_decref(p);
}

/* A trending topic is named only when at least five people wrote its
 * posts in the period: one person's topic (however many posts) or four
 * people's would point at them. The growth is against the period before. */
static void test_topic_authors(void **state)
{
	struct fixture *f = *state;
	empty_organisation(f);
	exec(f->db, "INSERT INTO topics(id, name, key, created_at) VALUES (3, 'solo', 'solo', 0), (4, 'four', 'four', 0),"
	            " (5, 'shared', 'shared', 0)");
	for (int i = 1; i <= 6; i++)
		person(f->db, i, "P", "Dept", "", "member", "active", OLD);
	int id = 100;
	for (int k = 0; k < 6; k++)                  /* #solo: six posts, all by person 1 */
		post(f->db, id++, 1, "update", 0, T(1, 60 * k), 0, false, 3);
	for (int who = 1; who <= 4; who++)          /* #four: four people */
		post(f->db, id++, who, "update", 0, T(2, who), 0, false, 4);
	for (int who = 1; who <= 5; who++)          /* #shared: five people, one of them twice */
		post(f->db, id++, who, "update", 0, T(3, who), 0, false, 5);
	post(f->db, id++, 5, "update", 0, T(4, 0), 0, false, 5);
	post(f->db, id++, 6, "update", 0, T(10, 0), 0, false, 5);   /* the week before */
	json_t *p = NULL;
	assert_int_equal(insight_adoption_period(f->db, E - 6, E, &p), PLEIN_OK);
	json_t *topics = json_object_get(p, "topics");
	assert_int_equal(json_array_size(topics), 1);
	json_t *t = json_array_get(topics, 0);
	assert_string_equal(json_string_value(json_object_get(t, "name")), "shared");
	assert_int_equal(num(t, "posts"), 6);
	assert_int_equal(num(t, "before"), 1);
	assert_true(fabs(real(t, "growth") - 3.5) < 1e-9);
	json_decref(p);
}

/* An anonymous question (or comment) is counted as volume but as no one's
 * contribution: in a department where nobody else wrote, "1 contributor"
 * would tell which department asked it. */
static void test_anonymous_no_contributor(void **state)
{
	struct fixture *f = *state;
	empty_organisation(f);
	for (int i = 1; i <= 5; i++)
		person(f->db, i, "A", "Alpha", "", "member", "active", OLD);
	for (int i = 6; i <= 10; i++)
		person(f->db, i, "B", "Beta", "", "member", "active", OLD);
	post(f->db, 1, 7, "question", 0, T(1, 100), 0, false, 0);
	post(f->db, 2, 2, "update", 0, T(2, 100), 0, false, 0);
	exec(f->db, "UPDATE posts SET anonymous = 1 WHERE id = 1");
	assert_int_equal(db_exec(f->db, "INSERT INTO comments(id, post_id, author_id, body, body_html, created_at, anonymous)"
	                                " VALUES (1, 1, 7, 'x', 'x', ?, 1)", "i", T(1, 200)), PLEIN_OK);
	json_t *p = NULL;
	assert_int_equal(insight_adoption_period(f->db, E - 6, E, &p), PLEIN_OK);
	assert_int_equal(num(p, "questions"), 1);
	assert_int_equal(num(p, "comments"), 1);
	assert_int_equal(num(p, "contributors"), 1);     /* A2's update only */
	json_t *depts = json_object_get(p, "departments");
	assert_int_equal(json_array_size(depts), 2);
	assert_split(json_array_get(depts, 0), "Alpha", false, 5, 1, 1, 0, 1);
	assert_split(json_array_get(depts, 1), "Beta", false, 5, 0, 0, 0, 0);
	json_decref(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_accounts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_daily_weekly_monthly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_period_7, setup, teardown),
		cmocka_unit_test_setup_teardown(test_period_30, setup, teardown),
		cmocka_unit_test_setup_teardown(test_custom_period, setup, teardown),
		cmocka_unit_test_setup_teardown(test_period_compare_cached, setup, teardown),
		cmocka_unit_test_setup_teardown(test_progress_and_stop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_activity_once_a_day, setup, teardown),
		cmocka_unit_test_setup_teardown(test_activated_at_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_departments_unnamed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_topic_authors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_anonymous_no_contributor, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_reputation.c — reputation from answers against a real database, with
 * every expected number worked out by hand in the comments: per topic and in
 * total, accepted and helpful weights, what does not count (deleted answers
 * and questions, closed groups, answers to your own question, the anonymous
 * asker's own answer), leaderboards (top only, active people with a score;
 * cached until a reputation write),
 * and that the statements start from an index (EXPLAIN QUERY PLAN). */
#include "unit.h"
#include "unit_cast.h"
#include "core/groups.h"
#include "core/people.h"
#include "core/posts.h"
#include "core/questions.h"
#include "core/reputation.h"
#include "core/topics.h"
#include "core/visibility.h"

enum { ANNA, BEN, CARA, DAN, N_PEOPLE };

static const struct unit_cast_member cast[N_PEOPLE] = {
	{ "Anna Asker", "member" },
	{ "Ben Answerer", "member" },
	{ "Cara Colleague", "member" },
	{ "Dan Doe", "member" },
};

static int setup(void **state)
{
	return unit_cast_setup(state, "reputation", cast, N_PEOPLE);
}

static struct post *get(struct fixture *f, int64_t id)
{
	struct post *p;
	assert_int_equal(posts_get(f->db, f->pool, id, &p), PLEIN_OK);
	return p;
}

static int64_t ask(struct fixture *f, int asker, const char *title, const char *text, int64_t group, bool anonymous)
{
	struct question_input in = { .title = title, .text = text, .group_id = group, .anonymous = anonymous };
	int64_t id = 0;
	const char *msg = NULL, *field = NULL;
	if (questions_ask(f->db, f->pool, who(f, asker), &in, &id, &msg, &field) != PLEIN_OK)
		fail_msg("ask: %s", msg ? msg : "");
	return id;
}

static int64_t answer(struct fixture *f, int author, int64_t q)
{
	int64_t id = 0;
	const char *msg = NULL;
	if (questions_answer(f->db, f->pool, who(f, author), get(f, q), "An answer.", NULL, 0, &id, &msg) != PLEIN_OK)
		fail_msg("answer: %s", msg ? msg : "");
	return id;
}

static void helpful(struct fixture *f, int person, int64_t a)
{
	bool changed;
	assert_int_equal(questions_helpful(f->db, who(f, person), get(f, a), true, &changed), PLEIN_OK);
	assert_true(changed);
}

static int64_t group(struct fixture *f, const char *name, const char *kind)
{
	int64_t g = 0;
	const char *msg = NULL;
	struct group_input gi = { .name = name, .kind = kind };
	assert_int_equal(groups_create(f->db, f->pool, who(f, CARA), &gi, &g, &msg), PLEIN_OK);
	assert_int_equal(groups_member_add(f->db, who(f, CARA), g, f->id[BEN], "member", &msg), PLEIN_OK);
	return g;
}

static const struct reputation_topic *topic(const struct reputation_topic *r, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(r[i].topic, name) == 0)
			return &r[i];
	return NULL;
}

static void check_topic(const struct reputation_topic *t, int answered, int accepted, int helpful, int64_t score)
{
	assert_non_null(t);
	assert_int_equal(t->answered, answered);
	assert_int_equal(t->accepted, accepted);
	assert_int_equal(t->helpful, helpful);
	assert_int_equal(t->score, score);
}

/* The world of the test:
 *   q1 by Anna (#subsidies #payroll): Ben a1 (accepted; helpful: Anna, Cara),
 *      Cara a2 (helpful: Dan), Ben a1b (helpful: Anna)
 *   q2 by Anna, anonymous (#subsidies): Ben a3 (helpful: Cara), Anna a4
 *      (anonymous, her own; accepted)
 *   q3 by Cara in a closed group (#subsidies): Ben a5 (accepted)  — does not count
 *   q4 by Cara in an open group (#payroll): Ben a6
 *   q5 by Cara (#subsidies): Ben a7 (deleted), Cara a8 (her own question) — neither counts
 *   q6 by Dan (#payroll): Cara a9; q6 deleted — does not count
 * Ben:  subsidies = q1, q2: answered 2, accepted 1, helpful 2+1+1 = 4 → 10 + 8 + 2 = 20
 *       payroll   = q1, q4: answered 2, accepted 1, helpful 3       → 10 + 6 + 2 = 18
 *       total     = q1, q2, q4: 3, 1, 4                            → 10 + 8 + 3 = 21
 * Cara: subsidies = payroll = q1: 1, 0, 1 → 3; total the same.
 * Anna, Dan: nothing. */
static void test_reputation(void **state)
{
	struct fixture *f = *state;
	int64_t closed = group(f, "Closed circle", "closed"), open = group(f, "Open circle", "open");
	int64_t q1 = ask(f, ANNA, "How do subsidies reach payroll?", "Asking #subsidies #payroll", 0, false);
	int64_t a1 = answer(f, BEN, q1), a2 = answer(f, CARA, q1), a1b = answer(f, BEN, q1);
	helpful(f, ANNA, a1);
	helpful(f, CARA, a1);
	helpful(f, DAN, a2);
	helpful(f, ANNA, a1b);
	assert_int_equal(questions_accept(f->db, who(f, ANNA), get(f, q1), a1), PLEIN_OK);

	int64_t q2 = ask(f, ANNA, "A quiet question on subsidies", "Shh #subsidies", 0, true);
	int64_t a3 = answer(f, BEN, q2), a4 = answer(f, ANNA, q2);
	assert_true(get(f, a4)->anonymous);
	helpful(f, CARA, a3);
	assert_int_equal(questions_accept(f->db, who(f, ANNA), get(f, q2), a4), PLEIN_OK);

	int64_t q3 = ask(f, CARA, "Closed subsidies question", "Members only #subsidies", closed, false);
	int64_t a5 = answer(f, BEN, q3);
	assert_int_equal(questions_accept(f->db, who(f, CARA), get(f, q3), a5), PLEIN_OK);

	int64_t q4 = ask(f, CARA, "Open payroll question", "Everyone #payroll", open, false);
	(void)answer(f, BEN, q4);

	int64_t q5 = ask(f, CARA, "Deleted answer subsidies", "#subsidies", 0, false);
	int64_t a7 = answer(f, BEN, q5);
	(void)answer(f, CARA, q5);
	assert_int_equal(posts_delete(f->db, who(f, BEN), a7), PLEIN_OK);

	int64_t q6 = ask(f, DAN, "Deleted payroll question", "#payroll", 0, false);
	(void)answer(f, CARA, q6);
	assert_int_equal(posts_delete(f->db, who(f, DAN), q6), PLEIN_OK);

	struct reputation_topic *r;
	size_t n;
	assert_int_equal(reputation_of_person(f->db, f->pool, f->id[BEN], 5, &r, &n), PLEIN_OK);
	assert_int_equal(n, 2);
	assert_string_equal(r[0].topic, "subsidies");  /* highest score first */
	check_topic(&r[0], 2, 1, 4, 20);
	check_topic(topic(r, n, "payroll"), 2, 1, 3, 18);
	assert_int_equal(reputation_of_person(f->db, f->pool, f->id[BEN], 1, &r, &n), PLEIN_OK);
	assert_int_equal(n, 1);  /* at most max */

	assert_int_equal(reputation_of_person(f->db, f->pool, f->id[CARA], 5, &r, &n), PLEIN_OK);
	assert_int_equal(n, 2);
	check_topic(topic(r, n, "subsidies"), 1, 0, 1, 3);
	check_topic(topic(r, n, "payroll"), 1, 0, 1, 3);
	assert_int_equal(reputation_of_person(f->db, f->pool, f->id[ANNA], 5, &r, &n), PLEIN_OK);
	assert_int_equal(n, 0);  /* her anonymous answer to her own question never counts */

	struct reputation_total t;
	assert_int_equal(reputation_total_of_person(f->db, f->id[BEN], &t), PLEIN_OK);
	assert_int_equal(t.answered, 3);
	assert_int_equal(t.accepted, 1);
	assert_int_equal(t.helpful, 4);
	assert_int_equal(t.score, 21);
	assert_int_equal(reputation_total_of_person(f->db, f->id[DAN], &t), PLEIN_OK);
	assert_int_equal(t.answered, 0);
	assert_int_equal(t.score, 0);

	struct reputation_leader *l;
	assert_int_equal(reputation_leaders(f->db, f->pool, 0, 10, &l, &n), PLEIN_OK);
	assert_int_equal(n, 2);  /* people with a score only: not Anna, not Dan */
	assert_int_equal(l[0].person_id, f->id[BEN]);
	assert_string_equal(l[0].name, "Ben Answerer");
	assert_int_equal(l[0].total.score, 21);
	assert_int_equal(l[0].total.answered, 3);
	assert_int_equal(l[1].person_id, f->id[CARA]);
	assert_int_equal(l[1].total.score, 3);
	assert_int_equal(reputation_leaders(f->db, f->pool, 0, 1, &l, &n), PLEIN_OK);
	assert_int_equal(n, 1);  /* the top only */
	assert_int_equal(l[0].person_id, f->id[BEN]);

	int64_t payroll = 0;
	assert_int_equal(db_query_int(f->db, &payroll, "SELECT id FROM topics WHERE key = 'payroll'", ""), PLEIN_OK);
	assert_int_equal(reputation_leaders(f->db, f->pool, payroll, 10, &l, &n), PLEIN_OK);
	assert_int_equal(n, 2);
	assert_int_equal(l[0].person_id, f->id[BEN]);
	assert_int_equal(l[0].total.score, 18);
	assert_int_equal(l[0].total.helpful, 3);
	assert_int_equal(l[1].total.score, 3);
	assert_int_equal(reputation_leaders(f->db, f->pool, -1, 10, &l, &n), PLEIN_INVALID);
	assert_int_equal(reputation_leaders(f->db, f->pool, 999999, 10, &l, &n), PLEIN_OK);
	assert_int_equal(n, 0);

	/* the open group made closed: q4 stops counting at once (payroll 18 → 17: answered 1, accepted 1, helpful 3) */
	assert_int_equal(db_exec(f->db, "UPDATE groups SET kind = 'closed' WHERE id = ?", "i", open), PLEIN_OK);
	reputation_touch();  /* written past core/questions.c: the leaderboards' cache would wait for its TTL */
	assert_int_equal(reputation_of_person(f->db, f->pool, f->id[BEN], 5, &r, &n), PLEIN_OK);
	check_topic(topic(r, n, "payroll"), 1, 1, 3, 17);
	/* a deactivated person leaves the leaderboards */
	/* the leaderboard is cached: the same until a reputation write, then fresh */
	assert_int_equal(reputation_leaders(f->db, f->pool, 0, 10, &l, &n), PLEIN_OK);
	assert_int_equal(n, 2);
	assert_int_equal(people_set_status(f->db, f->id[CARA], "deactivated"), PLEIN_OK);
	assert_int_equal(reputation_leaders(f->db, f->pool, 0, 10, &l, &n), PLEIN_OK);
	assert_int_equal(n, 2);
	assert_int_equal(l[1].total.score, 3);
	reputation_touch();
	assert_int_equal(reputation_leaders(f->db, f->pool, 0, 10, &l, &n), PLEIN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(l[0].person_id, f->id[BEN]);
	/* withdrawing the acceptance of a1: subsidies 20 → 10 */
	assert_int_equal(questions_accept(f->db, who(f, ANNA), get(f, q1), 0), PLEIN_OK);
	assert_int_equal(reputation_of_person(f->db, f->pool, f->id[BEN], 5, &r, &n), PLEIN_OK);
	check_topic(topic(r, n, "subsidies"), 2, 0, 4, 10);
}

/* The leaderboards' cache is refreshed by the writes that change them, not
 * after its TTL: an acceptance, a helpful mark, an answer, and a group made
 * secret (its answers must leave the boards at once, or a topic's board
 * keeps telling of a group outsiders may no longer read). The writers never
 * called reputation_touch, so every board stayed as it was for 60 s. */
static void test_leaders_follow_writes(void **state)
{
	struct fixture *f = *state;
	reputation_touch();  /* the process's cache holds the previous test's database */
	int64_t open = group(f, "Open circle", "open");
	int64_t q1 = ask(f, ANNA, "Where do travel claims go?", "Asking #travel", 0, false);
	int64_t a1 = answer(f, BEN, q1);
	struct reputation_leader *l;
	size_t n;
	assert_int_equal(reputation_leaders(f->db, f->pool, 0, 10, &l, &n), PLEIN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(l[0].total.score, 1);  /* cached now */
	assert_int_equal(questions_accept(f->db, who(f, ANNA), get(f, q1), a1), PLEIN_OK);
	assert_int_equal(reputation_leaders(f->db, f->pool, 0, 10, &l, &n), PLEIN_OK);
	assert_int_equal(l[0].total.score, 11);
	helpful(f, CARA, a1);
	assert_int_equal(reputation_leaders(f->db, f->pool, 0, 10, &l, &n), PLEIN_OK);
	assert_int_equal(l[0].total.score, 13);
	int64_t q2 = ask(f, CARA, "Open payroll question", "Everyone #secretish", open, false);
	(void)answer(f, BEN, q2);
	int64_t topic = 0;
	assert_int_equal(db_query_int(f->db, &topic, "SELECT id FROM topics WHERE key = 'secretish'", ""), PLEIN_OK);
	assert_int_equal(reputation_leaders(f->db, f->pool, topic, 10, &l, &n), PLEIN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(l[0].person_id, f->id[BEN]);
	assert_int_equal(reputation_leaders(f->db, f->pool, 0, 10, &l, &n), PLEIN_OK);
	assert_int_equal(l[0].total.score, 14);
	/* the group turned secret: its answers leave the topic's board at once */
	struct group *g;
	assert_int_equal(groups_get(f->db, f->pool, open, &g), PLEIN_OK);
	struct group_input gi = { .name = g->name, .kind = "secret", .about = g->about, .category = g->category };
	const char *msg = NULL;
	assert_int_equal(groups_update(f->db, f->pool, who(f, CARA), open, &gi, &msg), PLEIN_OK);
	assert_int_equal(reputation_leaders(f->db, f->pool, topic, 10, &l, &n), PLEIN_OK);
	assert_int_equal(n, 0);
	assert_int_equal(reputation_leaders(f->db, f->pool, 0, 10, &l, &n), PLEIN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(l[0].total.score, 13);
}

/* Every way into the answers starts from an index, never a scan of posts. */
static void test_plans(void **state)
{
	struct fixture *f = *state;
	/* the shapes of reputation.c's statements: a person's answers, all
	 * answers, a topic's answers (tests/unit cannot see the static SQL) */
	static const struct {
		const char *sql, *want;
	} shapes[] = {
		{ "EXPLAIN QUERY PLAN SELECT a.id FROM posts a WHERE a.author_id = ?1 AND a.kind = 'answer' "
		  "AND a.deleted_at IS NULL", "posts_author" },
		{ "EXPLAIN QUERY PLAN SELECT a.id FROM posts a WHERE a.kind = 'answer' AND a.kind <> 'update' "
		  "AND a.deleted_at IS NULL", "posts_special" },
		{ "EXPLAIN QUERY PLAN SELECT a.id FROM post_topics pt CROSS JOIN posts a WHERE pt.topic_id = ?1 "
		  "AND a.parent_id = pt.post_id", "posts_parent" },
	};
	for (size_t i = 0; i < ARRAY_LEN(shapes); i++) {
		struct db_stmt *st = db_prepare(f->db, shapes[i].sql);
		assert_non_null(st);
		db_bind_int(st, 1, 1);
		bool found = false;
		while (db_step(st) == DB_ROW)
			if (strstr(db_col_text(st, 3), shapes[i].want))
				found = true;
		db_done(st);
		if (!found)
			fail_msg("plan of %s does not use %s", shapes[i].sql, shapes[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reputation, setup, unit_cast_teardown),
		cmocka_unit_test_setup_teardown(test_plans, setup, unit_cast_teardown),
		cmocka_unit_test_setup_teardown(test_leaders_follow_writes, setup, unit_cast_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

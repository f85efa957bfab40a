/* test_expertise_evidence.c — "who knows X" from content: posts on a #topic,
 * answers (core/reputation.c) and articles, against a real database, with
 * the weights worked out by hand in the comments. What must never count (a
 * post in a closed or secret group, an anonymous question, a deleted post,
 * a post moved into a secret group, a group made secret) and that the bulk
 * rebuild writes exactly the rows the writers keep one person at a time. */
#include "unit.h"
#include "core/expertise.h"
#include "core/groups.h"
#include "core/i18n.h"
#include "core/people.h"
#include "core/posts.h"
#include "core/profile.h"
#include "core/questions.h"
#include "core/visibility.h"

enum { ANNA, BRAM, CLAIRE, DAAN, EVA, FEMKE, N_PEOPLE };

struct fixture {
	char dir[64], path[128];
	struct db *db;
	struct pool *pool;
	int64_t id[N_PEOPLE];
};

static const struct {
	const char *name, *bio, *skills;
} corpus[N_PEOPLE] = {
	[ANNA] = { "Anna Bakker", "", "" },
	[BRAM] = { "Bram de Vries", "Ik weet veel van subsidie.", "" },
	[CLAIRE] = { "Claire Dubois", "", "Subsidies" },
	[DAAN] = { "Daan Visser", "", "" },
	[EVA] = { "Eva Smit", "", "" },
	[FEMKE] = { "Femke Jansen", "", "" },
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f || unit_store_open("evidence", f->dir, f->path, &f->db, &f->pool))
		return -1;
	i18n_init();
	for (int i = 0; i < N_PEOPLE; i++) {
		char email[64];
		snprintf(email, sizeof(email), "e%d@example.com", i);
		struct person p = { .email = email, .name = corpus[i].name, .title = "", .department = "",
		                    .bio = corpus[i].bio, .role = "member", .created_at = 1700000000 };
		struct tag_list skills;
		const char *msg;
		if (people_create_full(f->db, &p, NULL, &f->id[i]) ||
		    profile_tags_parse(f->pool, corpus[i].skills, PROFILE_SKILLS_MAX, &skills, &msg) ||
		    profile_skills_set(f->db, f->id[i], &skills))
			return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	unit_store_close(f->dir, f->path, f->db, f->pool);
	i18n_free();
	textnorm_thread_release();
	free(f);
	return 0;
}

static struct person *who(struct fixture *f, int i)
{
	struct person *p;
	assert_int_equal(visibility_person_get(f->db, f->pool, f->id[i], &p), PLEIN_OK);
	return p;
}

static struct post *get(struct fixture *f, int64_t id)
{
	struct post *p;
	assert_int_equal(posts_get(f->db, f->pool, id, &p), PLEIN_OK);
	return p;
}

static int64_t post(struct fixture *f, int author, const char *text, int64_t group)
{
	struct post_input in = { .text = text, .group_id = group };
	int64_t id = 0;
	const char *msg = NULL;
	if (posts_create(f->db, f->pool, who(f, author), &in, &id, &msg) != PLEIN_OK)
		fail_msg("post: %s", msg ? msg : "");
	return id;
}

/* An article as core/articles.c publishes one: a post of kind 'article'
 * with a title and topics, written past the plain post writer here, so the
 * author is reindexed as the article writer does. */
static int64_t article(struct fixture *f, int author, const char *title, const char *topic)
{
	int64_t id = 0, topic_id = 0;
	assert_int_equal(db_exec(f->db, "INSERT INTO posts(author_id, kind, visibility, body, body_html, created_at, title) "
	                                "VALUES (?, 'article', 'organisation', 'Text.', '<p>Text.</p>', 1700000000, ?)",
	                         "is", f->id[author], title), PLEIN_OK);
	id = db_last_insert_id(f->db);
	assert_int_equal(db_exec(f->db, "INSERT OR IGNORE INTO topics(name, key, created_at) VALUES (?, lower(?), 1)", "ss",
	                         topic, topic), PLEIN_OK);
	assert_int_equal(db_query_int(f->db, &topic_id, "SELECT id FROM topics WHERE key = lower(?)", "s", topic), PLEIN_OK);
	assert_int_equal(db_exec(f->db, "INSERT INTO post_topics(topic_id, post_id) VALUES (?, ?)", "ii", topic_id, id),
	                 PLEIN_OK);
	assert_int_equal(expertise_reindex(f->db, f->id[author]), PLEIN_OK);
	return id;
}

static int64_t group(struct fixture *f, const char *name, const char *kind)
{
	int64_t g = 0;
	const char *msg = NULL;
	struct group_input gi = { .name = name, .kind = kind };
	assert_int_equal(groups_create(f->db, f->pool, who(f, DAAN), &gi, &g, &msg), PLEIN_OK);
	return g;
}

static struct expertise_result search(struct fixture *f, const char *q, const char *lang)
{
	struct expertise_result r;
	assert_int_equal(expertise_search(f->db, f->pool, q, lang, 50, 0, &r), PLEIN_OK);
	for (size_t i = 0; i < r.n; i++)
		print_message("  %s #%zu %s (%lld) %s\n", q, i + 1, r.items[i].name, (long long)r.items[i].score,
		              r.items[i].n_reasons ? r.items[i].reasons[0] : "");
	return r;
}

static const struct expert *find(const struct expertise_result *r, int person, struct fixture *f)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->items[i].id == f->id[person])
			return &r->items[i];
	return NULL;
}

static bool has_reason(const struct expert *e, const char *text)
{
	for (size_t i = 0; e && i < e->n_reasons; i++)
		if (strcmp(e->reasons[i], text) == 0)
			return true;
	return false;
}

/* The world of the ranking test, for the query "subsidie":
 *   Anna:   10 posts on #subsidie           150 * 3.459 (log2 11)  = 518
 *   Claire: the skill Subsidies, no endorsements                   = 500
 *   Eva:    answered Anna's question on #subsidies, accepted, one
 *           helpful mark: (100 + 250 + 50) * log2 2                = 400
 *   Femke:  the article "Subsidies explained" (#subsidies)         = 300
 *   Daan:   1 post on #subsidies (and others that do not count)    = 150
 *   Bram:   "subsidie" in his bio                                  = 100 */
static void world(struct fixture *f)
{
	for (int i = 0; i < 10; i++) {
		char text[64];
		snprintf(text, sizeof(text), "Update %d on #subsidie", i);
		(void)post(f, ANNA, text, 0);
	}
	struct question_input qi = { .title = "Who knows subsidies?", .text = "Asking about #subsidies" };
	int64_t q = 0, a = 0;
	const char *msg = NULL, *field = NULL;
	assert_int_equal(questions_ask(f->db, f->pool, who(f, ANNA), &qi, &q, &msg, &field), PLEIN_OK);
	assert_int_equal(questions_answer(f->db, f->pool, who(f, EVA), get(f, q), "Ask the desk.", NULL, 0, &a, &msg),
	                 PLEIN_OK);
	bool changed;
	assert_int_equal(questions_helpful(f->db, who(f, BRAM), get(f, a), true, &changed), PLEIN_OK);
	assert_int_equal(questions_accept(f->db, who(f, ANNA), get(f, q), a), PLEIN_OK);
	(void)article(f, FEMKE, "Subsidies explained", "subsidies");
	(void)post(f, DAAN, "Counts: #subsidies", 0);
	(void)post(f, DAAN, "Secret: #subsidies", group(f, "Secret circle", "secret"));
	(void)post(f, DAAN, "Closed: #subsidies", group(f, "Closed circle", "closed"));
}

static void test_ranking(void **state)
{
	struct fixture *f = *state;
	world(f);
	struct expertise_result r = search(f, "subsidie", "en");
	static const int want[] = { ANNA, CLAIRE, EVA, FEMKE, DAAN, BRAM };
	static const int64_t score[] = { 518, 500, 400, 300, 150, 100 };
	assert_int_equal(r.n, ARRAY_LEN(want));
	for (size_t i = 0; i < ARRAY_LEN(want); i++) {
		assert_int_equal(r.items[i].id, f->id[want[i]]);
		assert_int_equal(r.items[i].score, score[i]);
	}
	assert_string_equal(r.items[0].reasons[0], "10 posts on #subsidie");
	assert_string_equal(r.items[2].reasons[0], "Answered 1 question on #subsidies, accepted");
	assert_string_equal(r.items[3].reasons[0], "Wrote “Subsidies explained”");
	assert_string_equal(r.items[4].reasons[0], "1 post on #subsidies");  /* not the secret or closed ones */
	assert_int_equal(r.items[4].n_reasons, 1);

	r = search(f, "subsidies", "nl");
	assert_true(has_reason(find(&r, ANNA, f), "10 berichten over #subsidie"));
	assert_true(has_reason(find(&r, EVA, f), "Beantwoordde 1 vraag over #subsidies, geaccepteerd"));
	assert_true(has_reason(find(&r, FEMKE, f), "Schreef “Subsidies explained”"));
	assert_true(has_reason(find(&r, DAAN, f), "1 bericht over #subsidies"));

	/* the article's title words find her too */
	r = search(f, "explained", "en");
	assert_int_equal(r.n, 1);
	assert_int_equal(r.items[0].id, f->id[FEMKE]);
	assert_int_equal(r.items[0].score, 300);

	/* more articles on one topic: counted; 3 → 300 * log2 4 = 600 */
	(void)article(f, FEMKE, "Grants one", "grants");
	(void)article(f, FEMKE, "Grants two", "grants");
	(void)article(f, FEMKE, "Grants three", "grants");
	r = search(f, "grants", "en");
	assert_int_equal(r.n, 1);
	assert_int_equal(r.items[0].score, 600);  /* the titles' "Grants": the same articles, counted once */
	assert_true(has_reason(&r.items[0], "3 articles on #grants"));
	r = search(f, "grants", "nl");
	assert_true(has_reason(&r.items[0], "3 artikelen over #grants"));

	/* title words without the topic: 2 articles → 300 * log2 3 = 475, named
	 * by the latest */
	(void)article(f, FEMKE, "Payroll basics", "misc");
	(void)article(f, FEMKE, "Payroll advanced", "misc");
	r = search(f, "payroll", "en");
	assert_int_equal(r.n, 1);
	assert_int_equal(r.items[0].score, 475);
	assert_string_equal(r.items[0].reasons[0], "Wrote “Payroll advanced”");

	/* Eva answers 2 more on #subsidies, not accepted: 3 answered, 1 accepted,
	 * 1 helpful: 100 * 2 + 250 + 50 = 500 */
	for (int i = 0; i < 2; i++) {
		struct question_input qi = { .title = "Another subsidies question?", .text = "#subsidies again" };
		int64_t q = 0, a = 0;
		const char *msg = NULL, *field = NULL;
		assert_int_equal(questions_ask(f->db, f->pool, who(f, BRAM), &qi, &q, &msg, &field), PLEIN_OK);
		assert_int_equal(questions_answer(f->db, f->pool, who(f, EVA), get(f, q), "Same desk.", NULL, 0, &a, &msg),
		                 PLEIN_OK);
	}
	r = search(f, "subsidies", "en");
	const struct expert *eva = find(&r, EVA, f);
	assert_non_null(eva);
	assert_int_equal(eva->score, 500);
	assert_true(has_reason(eva, "Answered 3 questions on #subsidies, 1 accepted"));
}

static size_t found(struct fixture *f, const char *q)
{
	struct expertise_result r = search(f, q, "en");
	return r.n;
}

/* Never evidence: closed/secret groups, anonymous questions, deleted posts;
 * a post moved into a secret group, a group made secret stop counting. */
static void test_privacy(void **state)
{
	struct fixture *f = *state;
	int64_t secret = group(f, "Secret circle", "secret"), closed = group(f, "Closed circle", "closed");
	int64_t open = group(f, "Open circle", "open");
	(void)post(f, DAAN, "Plans #geheimproject", secret);
	(void)post(f, DAAN, "Plans #dichtproject", closed);
	assert_int_equal(found(f, "geheimproject"), 0);
	assert_int_equal(found(f, "dichtproject"), 0);

	struct question_input qi = { .title = "A quiet question", .text = "About #anoniemproject", .anonymous = true };
	int64_t q = 0;
	const char *msg = NULL, *field = NULL;
	assert_int_equal(questions_ask(f->db, f->pool, who(f, DAAN), &qi, &q, &msg, &field), PLEIN_OK);
	assert_int_equal(found(f, "anoniemproject"), 0);
	/* an anonymous update (the asker in their own thread is the only way
	 * today; written directly so the rule holds for any kind) */
	int64_t shh = post(f, DAAN, "Loud #stilproject", 0);
	assert_int_equal(found(f, "stilproject"), 1);
	assert_int_equal(db_exec(f->db, "UPDATE posts SET anonymous = 1 WHERE id = ?", "i", shh), PLEIN_OK);
	assert_int_equal(expertise_reindex(f->db, f->id[DAAN]), PLEIN_OK);
	assert_int_equal(found(f, "stilproject"), 0);

	int64_t gone = post(f, DAAN, "Soon gone #wegproject", 0);
	assert_int_equal(found(f, "wegproject"), 1);
	assert_int_equal(posts_delete(f->db, who(f, DAAN), gone), PLEIN_OK);
	assert_int_equal(found(f, "wegproject"), 0);

	int64_t moving = post(f, DAAN, "Moving #verhuisproject", 0);
	assert_int_equal(found(f, "verhuisproject"), 1);
	assert_int_equal(posts_move(f->db, who(f, DAAN), moving, secret, &msg), PLEIN_OK);
	assert_int_equal(found(f, "verhuisproject"), 0);
	assert_int_equal(posts_move(f->db, who(f, DAAN), moving, 0, &msg), PLEIN_OK);
	assert_int_equal(found(f, "verhuisproject"), 1);  /* back out: counts again */

	(void)post(f, DAAN, "Open to all #openproject", open);
	assert_int_equal(found(f, "openproject"), 1);
	struct group_input gi = { .kind = "secret" };
	assert_int_equal(groups_update(f->db, f->pool, who(f, DAAN), open, &gi, &msg), PLEIN_OK);
	assert_int_equal(found(f, "openproject"), 0);

	/* the bulk rebuild agrees */
	assert_int_equal(expertise_reindex_all(f->db), PLEIN_OK);
	assert_int_equal(found(f, "geheimproject") + found(f, "dichtproject") + found(f, "anoniemproject") +
	                 found(f, "stilproject") + found(f, "wegproject") + found(f, "openproject"), 0);
	assert_int_equal(found(f, "verhuisproject"), 1);
}

/* Every row of the index, in order, as one string. */
static const char *snapshot(struct fixture *f)
{
	struct db_stmt *st = db_prepare(f->db, "SELECT term, weight, name, person_id, kind, label, detail FROM expertise "
	                                       "ORDER BY term, weight, person_id, kind, label, detail");
	assert_non_null(st);
	const char *out = "";
	while (db_step(st) == DB_ROW)
		out = pool_printf(f->pool, "%s%s|%lld|%s|%lld|%s|%s|%lld\n", out, db_col_text(st, 0),
		                      (long long)db_col_int(st, 1), db_col_text(st, 2), (long long)db_col_int(st, 3),
		                      db_col_text(st, 4), db_col_text(st, 5), (long long)db_col_int(st, 6));
	db_done(st);
	return out;
}

/* A question's topics are its answers' topics: editing them moves the
 * answerers' evidence ("answered 1 question on #x") with them, as the
 * bulk rebuild would. It kept the old topic until the answerer's next
 * write. */
static void test_question_edit_moves_answer_evidence(void **state)
{
	struct fixture *f = *state;
	struct question_input qi = { .title = "Where is the form?", .text = "About #kwestieoud" };
	int64_t q = 0, a = 0;
	const char *msg = NULL, *field = NULL;
	assert_int_equal(questions_ask(f->db, f->pool, who(f, ANNA), &qi, &q, &msg, &field), PLEIN_OK);
	assert_int_equal(questions_answer(f->db, f->pool, who(f, EVA), get(f, q), "In the drawer.", NULL, 0, &a, &msg),
	                 PLEIN_OK);
	assert_int_equal(found(f, "kwestieoud"), 1);
	assert_int_equal(posts_edit(f->db, f->pool, who(f, ANNA), q, "About #kwestienieuw", &msg), PLEIN_OK);
	assert_int_equal(found(f, "kwestieoud"), 0);
	assert_int_equal(found(f, "kwestienieuw"), 1);
	const char *writers = snapshot(f);
	assert_int_equal(expertise_reindex_all(f->db), PLEIN_OK);
	assert_string_equal(snapshot(f), writers);
}

/* The set-based rebuild writes exactly what the per-person writers kept. */
static void test_bulk_matches_writers(void **state)
{
	struct fixture *f = *state;
	world(f);
	(void)article(f, FEMKE, "Grants one", "grants");
	(void)article(f, FEMKE, "Grants two", "grants");
	for (int i = 0; i < 25; i++) {  /* more topics than are kept: the top EXPERTISE_TOPICS_MAX */
		char text[64];
		snprintf(text, sizeof(text), "#topic%c%c #topic%c%c", 'a' + i % 26, 'a' + i / 26, 'a', 'a');
		(void)post(f, BRAM, text, 0);
	}
	const char *writers = snapshot(f);
	int64_t n = 0;
	assert_int_equal(db_query_int(f->db, &n, "SELECT count(*) FROM expertise WHERE kind = 'post' AND person_id = ? "
	                                         "AND term LIKE 'topic%'", "i", f->id[BRAM]), PLEIN_OK);
	assert_true(n > 0);
	assert_int_equal(db_query_int(f->db, &n, "SELECT count(DISTINCT label) FROM expertise WHERE kind = 'post' "
	                                         "AND person_id = ?", "i", f->id[BRAM]), PLEIN_OK);
	assert_int_equal(n, EXPERTISE_TOPICS_MAX);
	assert_int_equal(expertise_reindex_all(f->db), PLEIN_OK);
	assert_string_equal(snapshot(f), writers);
	assert_int_equal(expertise_reindex_evidence(f->db), PLEIN_OK);
	assert_string_equal(snapshot(f), writers);
}

static void test_log_weight(void **state)
{
	(void)state;
	assert_int_equal(expertise_log_weight(150, 0), 0);
	assert_int_equal(expertise_log_weight(150, 1), 150);
	assert_int_equal(expertise_log_weight(150, 3), 300);
	assert_int_equal(expertise_log_weight(150, 10), 518);   /* 150 * 3459 / 1000 */
	assert_int_equal(expertise_log_weight(150, 23), 687);   /* log2 24 = 4.585 */
	assert_int_equal(expertise_log_weight(150, 1 << 30), expertise_log_weight(150, EXPERTISE_COUNT_MAX));
	assert_int_equal(EXPERTISE_DETAIL_ANSWERED(EXPERTISE_ANSWER_DETAIL(14, 5)), 14);
	assert_int_equal(EXPERTISE_DETAIL_ACCEPTED(EXPERTISE_ANSWER_DETAIL(14, 5)), 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ranking, setup, teardown),
		cmocka_unit_test_setup_teardown(test_privacy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk_matches_writers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_question_edit_moves_answer_evidence, setup, teardown),
		cmocka_unit_test(test_log_weight),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

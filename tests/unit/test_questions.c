/* test_questions.c — questions and answers against a real database: title
 * rules, asking (topics, colleagues asked by name and notified, refused
 * ones writing nothing), answering (counts, time to first answer, the
 * asker notified), helpful marks (one per person, not your own), accepting
 * (who may, changing, withdrawing, an accepted answer deleted), the queues
 * and their cursors, group questions private to the group, similar titles,
 * deleting a question, and the anonymous asker masked everywhere the core
 * reads an author: posts, comments, notifications, streams. */
#include "unit.h"
#include "unit_cast.h"
#include "core/comments.h"
#include "core/follows.h"
#include "core/groups.h"
#include "core/notifications.h"
#include "core/people.h"
#include "core/posts.h"
#include "core/questions.h"
#include "core/stream.h"
#include "core/topics.h"
#include "core/visibility.h"

enum { ASKER, HELPER, OTHER, GUEST, ADMIN, MOD, N_PEOPLE };

static const struct unit_cast_member cast[N_PEOPLE] = {
	[ASKER] = { "Anna Asker", "member" },
	[HELPER] = { "Hugo Helper", "member" },
	[OTHER] = { "Olga Other", "member" },
	[GUEST] = { "Gert Guest", "guest" },
	[ADMIN] = { "Ada Admin", "admin" },
	[MOD] = { "Mo Moderator", "member" },
};

static int setup(void **state)
{
	return unit_cast_setup(state, "questions", cast, N_PEOPLE);
}

static int64_t ask(struct fixture *f, int asker, const struct question_input *in)
{
	int64_t id = 0;
	const char *msg = NULL, *field = NULL;
	int rc = questions_ask(f->db, f->pool, who(f, asker), in, &id, &msg, &field);
	if (rc != PLEIN_OK)
		fail_msg("questions_ask(%s): %d %s (%s)", in->title ? in->title : "(null)", rc, msg ? msg : "", field);
	return id;
}

static struct post *get(struct fixture *f, int64_t id)
{
	struct post *p;
	assert_int_equal(posts_get(f->db, f->pool, id, &p), PLEIN_OK);
	return p;
}

static int64_t answer(struct fixture *f, int author, int64_t question, const char *text)
{
	int64_t id = 0;
	const char *msg = NULL;
	int rc = questions_answer(f->db, f->pool, who(f, author), get(f, question), text, NULL, 0, &id, &msg);
	if (rc != PLEIN_OK)
		fail_msg("questions_answer: %d %s", rc, msg ? msg : "");
	return id;
}

static void test_title_rules(void **state)
{
	(void)state;
	assert_null(questions_title_error("How do I file expenses?"));
	assert_null(questions_title_error("  Privé?  "));          /* spaces around do not count */
	assert_non_null(questions_title_error(NULL));
	assert_non_null(questions_title_error("Why?"));            /* 4 characters */
	assert_null(questions_title_error("Waaro"));
	assert_non_null(questions_title_error("   abc   "));
	assert_non_null(questions_title_error("two\nlines"));
	assert_non_null(questions_title_error("bad \xff byte"));
	char long_title[260];
	memset(long_title, 'x', 201);
	long_title[201] = '\0';
	assert_non_null(questions_title_error(long_title));
	long_title[200] = '\0';
	assert_null(questions_title_error(long_title));
	/* characters, not bytes: 200 × "é" is 400 bytes and fine */
	char wide[420];
	for (int i = 0; i < 200; i++)
		memcpy(wide + 2 * i, "\xc3\xa9", 2);
	wide[400] = '\0';
	assert_null(questions_title_error(wide));
}

static void test_ask_answer_accept(void **state)
{
	struct fixture *f = *state;
	const char *msg = NULL, *field = NULL;
	int64_t asked[] = { f->id[HELPER] };
	struct question_input in = { .title = "  How do I claim travel costs?  ", .text = "Is there a form? #expenses",
	                             .ask = asked, .n_ask = 1 };
	int64_t q = ask(f, ASKER, &in);
	struct post *qp = get(f, q);
	assert_string_equal(qp->kind, "question");
	assert_string_equal(qp->title, "How do I claim travel costs?");
	assert_string_equal(qp->visibility, "organisation");
	assert_int_equal(count(f, "SELECT count(*) FROM post_topics WHERE post_id = ?", q), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM notifications WHERE kind = 'question_asked' AND post_id = ?", q), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM question_asks WHERE question_id = ?", q), 1);
	struct question_state s;
	assert_int_equal(questions_state(f->db, q, &s), PLEIN_OK);
	assert_int_equal(s.answer_count, 0);
	assert_int_equal(s.first_answer_at, 0);

	/* refused: a bad title, yourself or a guest who cannot see it asked; nothing written */
	int64_t before = count(f, "SELECT count(*) FROM posts WHERE ? = ?1", 0);
	int64_t id = 0;
	struct question_input bad = { .title = "Why?", .text = "x" };
	assert_int_equal(questions_ask(f->db, f->pool, who(f, ASKER), &bad, &id, &msg, &field), PLEIN_INVALID);
	assert_string_equal(field, "title");
	int64_t self[] = { f->id[ASKER] }, guest[] = { f->id[GUEST] };
	struct question_input selfq = { .title = "Asking myself", .text = "x", .ask = self, .n_ask = 1 };
	assert_int_equal(questions_ask(f->db, f->pool, who(f, ASKER), &selfq, &id, &msg, &field), PLEIN_INVALID);
	assert_string_equal(field, "ask");
	struct question_input guestq = { .title = "Asking a guest", .text = "x", .ask = guest, .n_ask = 1 };
	assert_int_equal(questions_ask(f->db, f->pool, who(f, ASKER), &guestq, &id, &msg, &field), PLEIN_INVALID);
	struct question_input empty = { .title = "No text at all", .text = "  " };
	assert_int_equal(questions_ask(f->db, f->pool, who(f, ASKER), &empty, &id, &msg, &field), PLEIN_INVALID);
	assert_string_equal(field, "body");
	assert_int_equal(count(f, "SELECT count(*) FROM posts WHERE ? = ?1", 0), before);
	/* a plain post cannot pretend to be a question */
	struct post_input fake = { .text = "x", .kind = "question" };
	assert_int_equal(posts_create(f->db, f->pool, who(f, ASKER), &fake, &id, &msg), PLEIN_INVALID);

	/* answers: counts, time to first answer, the asker notified */
	int64_t a1 = answer(f, HELPER, q, "Use the form on the intranet.");
	int64_t a2 = answer(f, OTHER, q, "Ask finance.");
	struct post *ap = get(f, a1);
	assert_string_equal(ap->kind, "answer");
	assert_int_equal(ap->parent_id, q);
	assert_int_equal(questions_state(f->db, q, &s), PLEIN_OK);
	assert_int_equal(s.answer_count, 2);
	assert_int_equal(s.last_answer_id, a2);
	assert_true(s.first_answer_at >= qp->created_at);
	assert_int_equal(count(f, "SELECT count(*) FROM notifications WHERE kind = 'question_answered' AND person_id = ?",
	                       f->id[ASKER]), 2);

	/* helpful: once per person, not your own, withdrawn */
	bool changed;
	assert_int_equal(questions_helpful(f->db, who(f, ASKER), get(f, a2), true, &changed), PLEIN_OK);
	assert_true(changed);
	assert_int_equal(questions_helpful(f->db, who(f, ASKER), get(f, a2), true, &changed), PLEIN_OK);
	assert_false(changed);
	assert_int_equal(questions_helpful(f->db, who(f, MOD), get(f, a2), true, &changed), PLEIN_OK);
	assert_int_equal(questions_helpful(f->db, who(f, OTHER), get(f, a2), true, &changed), PLEIN_DENIED);
	assert_int_equal(questions_helpful(f->db, who(f, OTHER), qp, true, &changed), PLEIN_INVALID);
	struct answer *list;
	size_t n;
	assert_int_equal(questions_answers(f->db, f->pool, who(f, OTHER), qp, &list, &n), PLEIN_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].post.id, a2);  /* more helpful first */
	assert_int_equal(list[0].helpful, 2);
	assert_false(list[0].helpful_mine);

	/* accepting: the asker and an admin may, a colleague may not; the accepted one comes first */
	assert_true(visibility_can_accept_answer(who(f, ASKER), qp));
	assert_true(visibility_can_accept_answer(who(f, ADMIN), qp));
	assert_false(visibility_can_accept_answer(who(f, HELPER), qp));
	assert_false(visibility_can_accept_answer(who(f, ASKER), ap));  /* not a question */
	assert_int_equal(questions_accept(f->db, who(f, ASKER), qp, a1), PLEIN_OK);
	assert_int_equal(questions_answers(f->db, f->pool, who(f, OTHER), qp, &list, &n), PLEIN_OK);
	assert_int_equal(list[0].post.id, a1);
	assert_true(list[0].accepted);
	assert_int_equal(questions_accept(f->db, who(f, ASKER), qp, a2), PLEIN_OK);  /* change */
	assert_int_equal(questions_state(f->db, q, &s), PLEIN_OK);
	assert_int_equal(s.accepted_id, a2);
	assert_int_equal(questions_accept(f->db, who(f, ASKER), qp, q), PLEIN_INVALID);  /* not its answer */
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'answer_accepted' AND actor_id = ?",
	                       f->id[ASKER]), 2);
	/* each answerer heard once that their answer was accepted (a1 by Hugo, a2 by Olga) */
	assert_int_equal(count(f, "SELECT count(*) FROM notifications WHERE kind = 'answer_accepted' AND post_id = ?", a1), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM notifications WHERE kind = 'answer_accepted' AND person_id = ?",
	                       f->id[OTHER]), 1);
	/* accepting the accepted one again notifies no one again */
	assert_int_equal(questions_accept(f->db, who(f, ASKER), qp, a2), PLEIN_OK);
	assert_int_equal(count(f, "SELECT count(*) FROM notifications WHERE kind = 'answer_accepted' AND post_id = ?", a2), 1);
	/* the accepted answer deleted: accepted no longer, counted no longer */
	assert_int_equal(posts_delete(f->db, who(f, OTHER), a2), PLEIN_OK);
	assert_int_equal(questions_state(f->db, q, &s), PLEIN_OK);
	assert_int_equal(s.accepted_id, 0);
	assert_int_equal(s.answer_count, 1);
	assert_int_equal(s.last_answer_id, a1);
	assert_int_equal(questions_accept(f->db, who(f, ASKER), qp, 0), PLEIN_OK);  /* withdraw: nothing accepted */

	/* answers are no stream items; the question is */
	struct stream_page page;
	struct stream_range r = { .limit = 50 };
	assert_int_equal(stream_discover(f->db, f->pool, who(f, OTHER), r, &page), PLEIN_OK);
	bool saw_q = false;
	for (size_t i = 0; i < page.n; i++) {
		assert_string_not_equal(page.items[i].kind, "answer");
		saw_q |= page.items[i].id == q;
	}
	assert_true(saw_q);

	/* deleting the question takes its answers along */
	assert_int_equal(posts_delete(f->db, who(f, ASKER), q), PLEIN_OK);
	assert_true(get(f, a1)->deleted_at != 0);
	assert_int_equal(questions_answer(f->db, f->pool, who(f, HELPER), get(f, q), "late", NULL, 0, &id, &msg),
	                 PLEIN_NOTFOUND);
}

static bool page_has(const struct question_page *p, int64_t id)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->items[i].post.id == id)
			return true;
	return false;
}

static void test_queues_groups_similar(void **state)
{
	struct fixture *f = *state;
	const char *msg = NULL;
	int64_t g = 0;
	struct group_input gi = { .name = "Payroll team", .kind = "closed" };
	assert_int_equal(groups_create(f->db, f->pool, who(f, MOD), &gi, &g, &msg), PLEIN_OK);
	assert_int_equal(groups_member_add(f->db, who(f, MOD), g, f->id[HELPER], "member", &msg), PLEIN_OK);
	assert_int_equal(groups_member_add(f->db, who(f, MOD), g, f->id[GUEST], "member", &msg), PLEIN_OK);

	struct question_input a = { .title = "Where is the payroll calendar?", .text = "#payroll please", .group_id = g };
	int64_t qg = ask(f, HELPER, &a);
	struct question_input b = { .title = "Payroll date in December", .text = "#payroll" };
	int64_t qo = ask(f, OTHER, &b);
	struct question_input c = { .title = "Parking at the office", .text = "cars" };
	int64_t qp = ask(f, OTHER, &c);
	answer(f, ASKER, qo, "The 20th.");

	/* a group question: its members see it (the guest too), others do not */
	assert_string_equal(get(f, qg)->visibility, "group");
	assert_true(visibility_can_see_post(who(f, GUEST), get(f, qg)));
	assert_false(visibility_can_see_post(who(f, OTHER), get(f, qg)));
	/* the group's moderator may accept; an answer is in the group too */
	int64_t ag = answer(f, GUEST, qg, "On the wiki.");
	assert_int_equal(get(f, ag)->group_id, g);
	assert_true(visibility_can_accept_answer(who(f, MOD), get(f, qg)));
	/* an admin who is no member cannot read a closed group's question, so cannot accept its answers */
	assert_false(visibility_can_accept_answer(who(f, ADMIN), get(f, qg)));
	assert_false(visibility_can_accept_answer(who(f, OTHER), get(f, qg)));
	/* an answer stays with its question */
	assert_false(visibility_can_move_post(who(f, GUEST), get(f, ag), NULL));
	assert_int_equal(posts_move(f->db, who(f, ADMIN), ag, 0, &msg), PLEIN_INVALID);
	/* moving the question moves its answers */
	assert_int_equal(posts_move(f->db, who(f, HELPER), qg, 0, &msg), PLEIN_OK);
	assert_int_equal(get(f, ag)->group_id, 0);
	assert_string_equal(get(f, ag)->visibility, "organisation");
	assert_int_equal(posts_move(f->db, who(f, HELPER), qg, g, &msg), PLEIN_OK);
	assert_int_equal(get(f, ag)->group_id, g);

	struct question_page page;
	struct question_filter fl = { .queue = QUESTIONS_UNANSWERED, .limit = 10 };
	assert_int_equal(questions_list(f->db, f->pool, who(f, OTHER), &fl, &page), PLEIN_OK);
	assert_true(page_has(&page, qp));
	assert_false(page_has(&page, qo));
	assert_false(page_has(&page, qg));
	fl.queue = QUESTIONS_ANSWERED;
	assert_int_equal(questions_list(f->db, f->pool, who(f, OTHER), &fl, &page), PLEIN_OK);
	assert_true(page_has(&page, qo));
	assert_false(page_has(&page, qg));  /* answered, but in a closed group */
	assert_int_equal(questions_list(f->db, f->pool, who(f, GUEST), &fl, &page), PLEIN_OK);
	assert_true(page_has(&page, qg));
	assert_false(page_has(&page, qo));  /* a guest: the group's only */
	/* the most recently answered first, and the cursor pages on */
	fl.limit = 1;
	assert_int_equal(questions_list(f->db, f->pool, who(f, HELPER), &fl, &page), PLEIN_OK);
	assert_int_equal(page.n, 1);
	assert_int_equal(page.items[0].post.id, qg);
	assert_true(page.next > 0);
	fl.cursor = page.next;
	assert_int_equal(questions_list(f->db, f->pool, who(f, HELPER), &fl, &page), PLEIN_OK);
	assert_int_equal(page.n, 1);
	assert_int_equal(page.items[0].post.id, qo);
	/* per group and per topic */
	struct question_filter byg = { .queue = QUESTIONS_NEWEST, .group_id = g, .limit = 10 };
	assert_int_equal(questions_list(f->db, f->pool, who(f, HELPER), &byg, &page), PLEIN_OK);
	assert_int_equal(page.n, 1);
	assert_int_equal(page.items[0].post.id, qg);
	struct topic *t;
	assert_int_equal(topics_get(f->db, f->pool, who(f, HELPER), "payroll", &t), PLEIN_OK);
	struct question_filter byt = { .queue = QUESTIONS_NEWEST, .topic_id = t->id, .limit = 10 };
	assert_int_equal(questions_list(f->db, f->pool, who(f, OTHER), &byt, &page), PLEIN_OK);
	assert_int_equal(page.n, 1);
	assert_int_equal(page.items[0].post.id, qo);

	/* similar titles: shared words, the viewer's visibility */
	struct post *sim;
	size_t n;
	assert_int_equal(questions_similar(f->db, f->pool, who(f, HELPER), "payroll calendar 2025", 5, &sim, &n), PLEIN_OK);
	assert_true(n >= 2);
	assert_int_equal(sim[0].id, qg);  /* two words shared */
	assert_int_equal(questions_similar(f->db, f->pool, who(f, OTHER), "payroll calendar", 5, &sim, &n), PLEIN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(sim[0].id, qo);
	assert_int_equal(questions_similar(f->db, f->pool, who(f, OTHER), "the a of", 5, &sim, &n), PLEIN_OK);
	assert_int_equal(n, 0);
	assert_int_equal(questions_similar(f->db, f->pool, who(f, OTHER), "100%_ parking", 5, &sim, &n), PLEIN_OK);
	assert_int_equal(n, 1);
}

/* The anonymous asker: masked in every post and comment the core reads,
 * in notifications, and in the streams that could tell who it is. */
static void test_anonymous(void **state)
{
	struct fixture *f = *state;
	const char *msg = NULL;
	bool changed;
	assert_int_equal(follows_set(f->db, f->id[OTHER], f->id[ASKER], true, &changed), PLEIN_OK);
	char text[160];
	snprintf(text, sizeof(text), "Is this normal? @[Hugo](/people/%lld)", (long long)f->id[HELPER]);
	int64_t asked[] = { f->id[MOD] };
	struct question_input in = { .title = "A stupid question perhaps", .text = text, .anonymous = true,
	                             .ask = asked, .n_ask = 1 };
	int64_t q = ask(f, ASKER, &in);
	struct post *qp = get(f, q);
	assert_true(qp->anonymous);
	assert_int_equal(qp->author.id, POST_AUTHOR_ANONYMOUS);
	assert_string_equal(qp->author.name, "");
	assert_string_equal(qp->author.photo, "");
	assert_int_equal(qp->owner_id, f->id[ASKER]);  /* kept for the rules */
	assert_true(visibility_can_edit_post(who(f, ASKER), qp));
	assert_false(visibility_can_edit_post(who(f, OTHER), qp));
	assert_true(visibility_can_accept_answer(who(f, ASKER), qp));
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'question_anonymous' AND actor_id = ?",
	                       f->id[ASKER]), 1);

	/* the asker answering and commenting in the thread stays anonymous; others do not */
	int64_t a = answer(f, HELPER, q, "Quite normal.");
	int64_t own = answer(f, ASKER, q, "Adding: it happened twice.");
	assert_false(get(f, a)->anonymous);
	assert_string_equal(get(f, a)->author.name, "Hugo Helper");
	assert_true(get(f, own)->anonymous);
	int64_t c1 = 0, c2 = 0;
	assert_int_equal(comments_create(f->db, f->pool, who(f, ASKER), get(f, a), 0, "Thanks!", NULL, 0, &c1, &msg), PLEIN_OK);
	assert_int_equal(comments_create(f->db, f->pool, who(f, OTHER), qp, 0, "Me too", NULL, 0, &c2, &msg), PLEIN_OK);
	struct comment *c;
	assert_int_equal(comments_get(f->db, f->pool, c1, &c), PLEIN_OK);
	assert_true(c->anonymous);
	assert_int_equal(c->author.id, 0);
	assert_string_equal(c->author.name, "");
	assert_int_equal(c->owner_id, f->id[ASKER]);
	assert_int_equal(comments_get(f->db, f->pool, c2, &c), PLEIN_OK);
	assert_false(c->anonymous);
	assert_string_equal(c->author.name, "Olga Other");

	/* notifications whose actor is the asker name no one: the mention, the
	 * colleague asked, the reply to Hugo's answer */
	struct notification *items;
	size_t n;
	int64_t next;
	int masked = 0;
	for (int i = HELPER; i <= MOD; i++) {
		assert_int_equal(notifications_list(f->db, f->pool, who(f, i), 0, false, 50, &items, &n, &next), PLEIN_OK);
		for (size_t k = 0; k < n; k++) {
			if (items[k].post_id != q && items[k].post_id != a && items[k].post_id != own)
				continue;
			bool by_asker = items[k].actor_hidden || items[k].actor_id == f->id[ASKER];
			if (by_asker) {
				assert_true(items[k].actor_hidden);
				assert_int_equal(items[k].actor_id, 0);
				assert_string_equal(items[k].actor_name, "");
				masked++;
			}
		}
	}
	assert_int_equal(masked, 3);  /* Hugo: mention + reply; Mo: asked */
	/* the asker hears of answers; the actor is the answerer */
	assert_int_equal(notifications_list(f->db, f->pool, who(f, ASKER), 0, false, 50, &items, &n, &next), PLEIN_OK);
	bool heard = false;
	for (size_t k = 0; k < n; k++)
		heard |= strcmp(items[k].kind, "question_answered") == 0 && items[k].actor_id == f->id[HELPER];
	assert_true(heard);

	/* following the asker does not bring the question home; their person
	 * stream shows it to themself only */
	struct stream_page page;
	struct stream_range r = { .limit = 50 };
	assert_int_equal(stream_home(f->db, f->pool, who(f, OTHER), r, &page), PLEIN_OK);
	for (size_t i = 0; i < page.n; i++)
		assert_int_not_equal(page.items[i].id, q);
	assert_int_equal(stream_person(f->db, f->pool, who(f, OTHER), f->id[ASKER], r, &page), PLEIN_OK);
	for (size_t i = 0; i < page.n; i++)
		assert_int_not_equal(page.items[i].id, q);
	assert_int_equal(stream_person(f->db, f->pool, who(f, ASKER), f->id[ASKER], r, &page), PLEIN_OK);
	bool mine = false;
	for (size_t i = 0; i < page.n; i++) {
		mine |= page.items[i].id == q;
		if (page.items[i].id == q)
			assert_int_equal(page.items[i].author.id, 0);
	}
	assert_true(mine);
	/* the discover stream has it, masked */
	assert_int_equal(stream_discover(f->db, f->pool, who(f, OTHER), r, &page), PLEIN_OK);
	bool found = false;
	for (size_t i = 0; i < page.n; i++)
		if (page.items[i].id == q) {
			found = true;
			assert_int_equal(page.items[i].author.id, 0);
			assert_string_equal(page.items[i].author.name, "");
		}
	assert_true(found);
	/* only questions (and the asker's answers) can be anonymous */
	struct post_input fake = { .text = "hidden update", .anonymous = true };
	int64_t id;
	assert_int_equal(posts_create(f->db, f->pool, who(f, ASKER), &fake, &id, &msg), PLEIN_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_title_rules),
		cmocka_unit_test_setup_teardown(test_ask_answer_accept, setup, unit_cast_teardown),
		cmocka_unit_test_setup_teardown(test_queues_groups_similar, setup, unit_cast_teardown),
		cmocka_unit_test_setup_teardown(test_anonymous, setup, unit_cast_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

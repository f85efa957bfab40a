/* test_search.c — search against a real database with a fixed Dutch and
 * English corpus written through the real writers (posts, comments, groups,
 * pages, profiles), so the index is the one the writers keep: relevance
 * (the five examples of issue 6 point 8, phrases, exclusions, prefixes,
 * filters), permissions (a secret group's post, an organisation post for a
 * guest and for no one signed in, deleted posts and comments, moved posts,
 * a group turned secret, people a guest may not see: never a hit and never
 * counted in a page or its cursor), the query language, marks made safe,
 * and a rebuild that gives the same answers. */
#include "unit.h"
#include "core/comments.h"
#include "core/group_pages.h"
#include "core/groups.h"
#include "core/people.h"
#include "core/posts.h"
#include "core/profile.h"
#include "core/questions.h"
#include "core/search_internal.h"
#include "core/visibility.h"
#include <time.h>

struct fixture {
	char dir[64];
	char path[128];
	struct db *db;
	struct pool *pool;
	int64_t anna_id, bram_id, gast_id;
	struct person *anna, *bram, *gast;  /* member (in both groups), member (in none), guest (in the open group) */
	int64_t open_group, secret_group;
	/* the corpus */
	int64_t fiets, samenwerking, prive, translation, subsidie, parkeren, report, public_post, secret_post,
		open_post, comment_fiets, secret_page;
};

static struct fixture *F;

static void viewers_load(struct fixture *f)
{
	if (visibility_person_get(f->db, f->pool, f->anna_id, &f->anna) ||
	    visibility_person_get(f->db, f->pool, f->bram_id, &f->bram) ||
	    visibility_person_get(f->db, f->pool, f->gast_id, &f->gast))
		fail_msg("loading the viewers");
}

static int64_t post(struct fixture *f, struct person *author, const char *text, const char *visibility,
                    int64_t group)
{
	struct post_input in = { .text = text, .visibility = visibility, .group_id = group };
	int64_t id = 0;
	const char *msg = NULL;
	int rc = posts_create(f->db, f->pool, author, &in, &id, &msg);
	if (rc != PLEIN_OK)
		fail_msg("posts_create(%s): %d %s", text, rc, msg ? msg : "");
	return id;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	const char *msg;
	if (!f || unit_store_open("search", f->dir, f->path, &f->db, &f->pool))
		return -1;
	if (people_create(f->db, "anna@example.com", "Anna de Vries", "member", NULL, &f->anna_id) ||
	    people_create(f->db, "bram@example.com", "Bram Bakker", "member", NULL, &f->bram_id) ||
	    people_create(f->db, "gast@example.com", "Gerrit Gast", "guest", NULL, &f->gast_id))
		return -1;
	struct person_fields pf = { .title = "Vertaler", .department = "Communicatie" };
	const char *skills[] = { "Subsidies", "Juridisch vertalen" };
	struct tag_list tl = { skills, 2 };
	if (people_update(f->db, f->bram_id, &pf) || profile_skills_set(f->db, f->bram_id, &tl))
		return -1;
	viewers_load(f);
	struct group_input open = { .name = "Fietsclub Utrecht", .kind = "open", .about = "Samen fietsen op vrijdag." };
	struct group_input secret = { .name = "Project Nachtegaal", .kind = "secret", .about = "Vertrouwelijk overleg." };
	if (groups_create(f->db, f->pool, f->anna, &open, &f->open_group, &msg) ||
	    groups_create(f->db, f->pool, f->anna, &secret, &f->secret_group, &msg) ||
	    groups_member_add(f->db, f->anna, f->open_group, f->gast_id, "member", &msg))
		return -1;
	viewers_load(f);

	f->fiets = post(f, f->anna, "Mijn fiets staat bij de ingang van het kantoor.", NULL, 0);
	f->samenwerking = post(f, f->anna, "De samenwerking met de gemeente verloopt goed.", NULL, 0);
	f->prive = post(f, f->anna, "Dit is een privé kwestie, graag discreet behandelen.", NULL, 0);
	f->translation = post(f, f->anna, "The translation of the annual report is finished.", NULL, 0);
	f->subsidie = post(f, f->anna, "Nieuwe subsidie aangevraagd voor het innovatieproject.", NULL, 0);
	f->parkeren = post(f, f->anna, "De gemeente heeft nieuwe regels voor parkeren bij het station.", NULL, 0);
	f->report = post(f, f->anna, "Draft of the quarterly budget is ready for review.", NULL, 0);
	f->public_post = post(f, f->anna, "Open dag: iedereen welkom bij onze bibliotheek.", "public", 0);
	f->open_post = post(f, f->anna, "Zaterdag rijden we de kustroute langs de duinen.", NULL, f->open_group);
	f->secret_post = post(f, f->anna, "Codenaam zwaluw blijft tussen ons; de duinen ook.", NULL, f->secret_group);
	struct post *p;
	if (posts_get(f->db, f->pool, f->report, &p) ||
	    comments_create(f->db, f->pool, f->bram, p, 0, "Ik heb een fiets over voor wie wil.", NULL, 0,
	                    &f->comment_fiets, &msg))
		return -1;
	struct group_page_input page = { .title = "Zwaluw planning", .body = "Mijlpalen van de kustroute." };
	const char *field;
	if (group_pages_create(f->db, f->pool, f->anna, f->secret_group, &page, &f->secret_page, &msg, &field))
		return -1;
	F = f;
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

/* ---------- helpers ---------- */

static struct search_page run(const struct person *viewer, const char *q, unsigned kinds, int limit)
{
	struct search_query sq = { .q = q, .kinds = kinds, .limit = limit };
	struct search_page page;
	int rc = search_run(F->db, F->pool, viewer, &sq, &page);
	if (rc != PLEIN_OK)
		fail_msg("search_run(%s): %d", q, rc);
	return page;
}

/* Both FTS5 indexes agree with search_docs (external content: every change
 * told them the old text). */
static void assert_index_intact(void)
{
	assert_int_equal(db_exec(F->db, "INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)", ""),
	                 PLEIN_OK);
	assert_int_equal(db_exec(F->db, "INSERT INTO search_titles(search_titles, rank) VALUES ('integrity-check', 1)", ""),
	                 PLEIN_OK);
}

static bool has(const struct search_page *pg, unsigned kind, int64_t id)
{
	for (size_t i = 0; i < pg->n; i++)
		if (pg->items[i].kind == kind && pg->items[i].id == id)
			return true;
	return false;
}

static void assert_top_post(const struct person *viewer, const char *q, int64_t id)
{
	struct search_page pg = run(viewer, q, SEARCH_POST, 10);
	if (pg.n == 0 || pg.items[0].id != id)
		fail_msg("\"%s\": expected post %lld first, got %zu hits (first %lld)", q, (long long)id, pg.n,
		         pg.n ? (long long)pg.items[0].id : -1LL);
}

/* ---------- relevance: issue 6, point 8 ---------- */

static void test_examples(void **state)
{
	struct fixture *f = *state;
	assert_top_post(f->bram, "fietsen", f->fiets);            /* Dutch stem: fietsen → fiets */
	assert_top_post(f->bram, "samenwerken", f->samenwerking); /* samenwerk */
	assert_top_post(f->bram, "prive", f->prive);              /* diacritics */
	assert_top_post(f->bram, "PRIVÉ", f->prive);
	assert_top_post(f->bram, "translate", f->translation);    /* English stem: translat */
	struct search_page pg = run(f->bram, "subsidei", SEARCH_POST, 10);  /* a typo */
	assert_true(pg.n >= 1);
	assert_int_equal(pg.items[0].id, f->subsidie);
	assert_non_null(pg.corrected);
	assert_string_equal(pg.corrected, "subsidie");
	/* only what matches: the Dutch and English posts that do not */
	pg = run(f->bram, "fietsen", SEARCH_POST, 10);
	assert_int_equal(pg.n, 1);
	pg = run(f->bram, "translate", 0, 10);
	assert_false(has(&pg, SEARCH_POST, f->report));
	/* a word found as typed is not "corrected" */
	pg = run(f->bram, "subsidie", SEARCH_POST, 10);
	assert_null(pg.corrected);
	assert_int_equal(pg.items[0].id, f->subsidie);
}

static void test_language(void **state)
{
	struct fixture *f = *state;
	/* phrases keep their order */
	assert_top_post(f->bram, "\"samenwerking met de gemeente\"", f->samenwerking);
	struct search_page pg = run(f->bram, "\"gemeente met samenwerking\"", SEARCH_POST, 10);
	assert_int_equal(pg.n, 0);
	/* exclusion */
	pg = run(f->bram, "gemeente", SEARCH_POST, 10);
	assert_int_equal(pg.n, 2);
	pg = run(f->bram, "gemeente -parkeren", SEARCH_POST, 10);
	assert_int_equal(pg.n, 1);
	assert_int_equal(pg.items[0].id, f->samenwerking);
	/* every word must match */
	pg = run(f->bram, "gemeente station", SEARCH_POST, 10);
	assert_int_equal(pg.n, 1);
	assert_int_equal(pg.items[0].id, f->parkeren);
	/* as you type: the last word is a prefix */
	struct search_query sq = { .q = "samenw", .kinds = SEARCH_POST, .limit = 5, .typing = true };
	assert_int_equal(search_run(f->db, f->pool, f->bram, &sq, &pg), PLEIN_OK);
	assert_true(has(&pg, SEARCH_POST, f->samenwerking));
	sq.typing = false;
	assert_int_equal(search_run(f->db, f->pool, f->bram, &sq, &pg), PLEIN_OK);
	assert_false(has(&pg, SEARCH_POST, f->samenwerking));
	assert_int_equal(search_suggest(f->db, f->pool, f->bram, "Anna de V", 0, 5, &pg), PLEIN_OK);
	assert_true(has(&pg, SEARCH_PERSON, f->anna_id));
	assert_string_equal(pg.items[0].snippet, "");
	/* stop words alone are still searched; beside other words they are dropped */
	pg = run(f->bram, "de het fiets", SEARCH_POST | SEARCH_COMMENT, 10);
	assert_true(has(&pg, SEARCH_POST, f->fiets));
	assert_true(has(&pg, SEARCH_COMMENT, f->comment_fiets));
}

static void test_kinds_and_snippets(void **state)
{
	struct fixture *f = *state;
	/* people by name, title, department and skill (the Dutch stem of "vertalen") */
	struct search_page pg = run(f->anna, "vertaling", SEARCH_PERSON, 10);
	assert_true(has(&pg, SEARCH_PERSON, f->bram_id));
	pg = run(f->anna, "subsidies", SEARCH_PERSON, 10);
	assert_int_equal(pg.n, 1);
	assert_string_equal(pg.items[0].title, "Bram Bakker");
	assert_string_equal(pg.items[0].url, "/people/2");
	assert_non_null(strstr(pg.items[0].snippet, "\x02Subsidies\x03"));
	/* groups by name and about; a comment points into its post */
	pg = run(f->bram, "fietsclub", 0, 10);
	assert_true(has(&pg, SEARCH_GROUP, f->open_group));
	assert_string_equal(pg.items[0].title, "Fietsclub Utrecht");
	pg = run(f->bram, "fiets", SEARCH_COMMENT, 10);
	assert_int_equal(pg.n, 1);
	assert_int_equal(pg.items[0].parent_id, f->report);
	char url[64];
	snprintf(url, sizeof(url), "/posts/%lld#comment-%lld", (long long)f->report, (long long)f->comment_fiets);
	assert_string_equal(pg.items[0].url, url);
	/* highlights mark what was written, diacritics and case included */
	pg = run(f->bram, "prive", SEARCH_POST, 10);
	assert_non_null(strstr(pg.items[0].snippet, "\x02privé\x03"));
	assert_string_equal(pg.items[0].title, "Dit is een privé kwestie, graag discreet behandelen.");
	/* the kind filter, and a kind list */
	pg = run(f->bram, "fiets", SEARCH_POST, 10);
	assert_int_equal(pg.n, 1);
	unsigned kinds;
	assert_int_equal(search_kinds_parse("post,comment", &kinds), PLEIN_OK);
	assert_int_equal(kinds, SEARCH_POST | SEARCH_COMMENT);
	assert_int_equal(search_kinds_parse("post,", &kinds), PLEIN_INVALID);
	assert_int_equal(search_kinds_parse("posts", &kinds), PLEIN_INVALID);
	assert_int_equal(search_kinds_parse("", &kinds), PLEIN_OK);
	assert_int_equal(kinds, 0);
}

static void test_filters(void **state)
{
	struct fixture *f = *state;
	struct search_query sq = { .q = "fiets", .limit = 10, .author_id = f->bram_id };
	struct search_page pg;
	assert_int_equal(search_run(f->db, f->pool, f->bram, &sq, &pg), PLEIN_OK);
	assert_int_equal(pg.n, 1);
	assert_int_equal(pg.items[0].kind, SEARCH_COMMENT);
	sq = (struct search_query){ .q = "duinen", .limit = 10, .group_id = f->open_group };
	assert_int_equal(search_run(f->db, f->pool, f->anna, &sq, &pg), PLEIN_OK);
	assert_int_equal(pg.n, 1);
	assert_int_equal(pg.items[0].id, f->open_post);
	assert_int_equal(pg.items[0].group_id, f->open_group);
	sq.since = time(NULL) + 3600;  /* nothing written in the future */
	assert_int_equal(search_run(f->db, f->pool, f->anna, &sq, &pg), PLEIN_OK);
	assert_int_equal(pg.n, 0);
	sq = (struct search_query){ .q = "gemeente", .limit = 10, .topic = "nosuchtopic" };
	assert_int_equal(search_run(f->db, f->pool, f->anna, &sq, &pg), PLEIN_OK);
	assert_int_equal(pg.n, 0);
	/* refused input */
	sq = (struct search_query){ .q = "fiets", .limit = 0 };
	assert_int_equal(search_run(f->db, f->pool, f->anna, &sq, &pg), PLEIN_INVALID);
	sq = (struct search_query){ .q = "fiets", .limit = 5, .cursor = "x1" };
	assert_int_equal(search_run(f->db, f->pool, f->anna, &sq, &pg), PLEIN_INVALID);
	sq.cursor = "1001";
	assert_int_equal(search_run(f->db, f->pool, f->anna, &sq, &pg), PLEIN_INVALID);
	sq = (struct search_query){ .q = "\xff", .limit = 5 };
	assert_int_equal(search_run(f->db, f->pool, f->anna, &sq, &pg), PLEIN_INVALID);
}

static void test_topics_and_paging(void **state)
{
	struct fixture *f = *state;
	int64_t a = post(f, f->anna, "Planning voor #Fietsweek: routes kiezen.", NULL, 0);
	int64_t b = post(f, f->anna, "Nog meer routes voor de fietsweek.", NULL, 0);
	struct search_page pg = run(f->bram, "fietsweek", SEARCH_TOPIC, 10);
	assert_int_equal(pg.n, 1);
	assert_string_equal(pg.items[0].url, "/topics/Fietsweek");
	struct search_query sq = { .q = "routes", .limit = 10, .topic = "fietsweek" };
	assert_int_equal(search_run(f->db, f->pool, f->bram, &sq, &pg), PLEIN_OK);
	assert_int_equal(pg.n, 1);
	assert_int_equal(pg.items[0].id, a);
	/* pages: one hit each, the cursor until the last */
	sq = (struct search_query){ .q = "routes", .kinds = SEARCH_POST, .limit = 1 };
	assert_int_equal(search_run(f->db, f->pool, f->bram, &sq, &pg), PLEIN_OK);
	assert_int_equal(pg.n, 1);
	assert_non_null(pg.next);
	int64_t first = pg.items[0].id;
	sq.cursor = pg.next;
	assert_int_equal(search_run(f->db, f->pool, f->bram, &sq, &pg), PLEIN_OK);
	assert_int_equal(pg.n, 1);
	assert_null(pg.next);
	assert_true((first == a && pg.items[0].id == b) || (first == b && pg.items[0].id == a));
}

/* ---------- permissions ---------- */

static void test_secret_group(void **state)
{
	struct fixture *f = *state;
	/* the member finds the secret post and page; the others nothing, not even a cursor */
	struct search_page pg = run(f->anna, "zwaluw", 0, 10);
	assert_true(has(&pg, SEARCH_POST, f->secret_post));
	assert_true(has(&pg, SEARCH_GROUP_PAGE, f->secret_page));
	pg = run(f->anna, "nachtegaal", SEARCH_GROUP, 10);
	assert_int_equal(pg.n, 1);
	const struct person *outsiders[] = { f->bram, f->gast, NULL };
	for (size_t i = 0; i < ARRAY_LEN(outsiders); i++) {
		pg = run(outsiders[i], "zwaluw", 0, 10);
		assert_int_equal(pg.n, 0);
		assert_null(pg.next);
		assert_null(pg.corrected);
		pg = run(outsiders[i], "nachtegaal", 0, 10);
		assert_int_equal(pg.n, 0);
		pg = run(outsiders[i], "zwaluw planning", SEARCH_GROUP_PAGE, 10);
		assert_int_equal(pg.n, 0);
	}
	/* "duinen" is in the open group's post and the secret one: one hit, and
	 * with a page of one no cursor says a second exists */
	pg = run(f->bram, "duinen", 0, 1);
	assert_int_equal(pg.n, 1);
	assert_int_equal(pg.items[0].id, f->open_post);
	assert_null(pg.next);
	pg = run(f->anna, "duinen", 0, 1);
	assert_int_equal(pg.n, 1);
	assert_non_null(pg.next);
	/* a typo of a word only in hidden content: nothing, and no "correction" */
	pg = run(f->bram, "zwaluq", 0, 10);
	assert_int_equal(pg.n, 0);
	assert_null(pg.corrected);
	pg = run(f->anna, "zwaluq", 0, 10);
	assert_true(has(&pg, SEARCH_POST, f->secret_post));
	/* the titles index (suggestions, similar questions) keeps the same rule */
	struct question_input qi = { .title = "Wanneer vliegt de nachtzwaluw?", .text = "Vraag.",
	                             .group_id = f->secret_group };
	int64_t q = 0;
	const char *msg = NULL, *field = NULL;
	assert_int_equal(questions_ask(f->db, f->pool, f->anna, &qi, &q, &msg, &field), PLEIN_OK);
	for (size_t i = 0; i < ARRAY_LEN(outsiders); i++) {
		assert_int_equal(search_suggest(f->db, f->pool, outsiders[i], "nachteg", 0, 10, &pg), PLEIN_OK);
		assert_int_equal(pg.n, 0);
		assert_int_equal(search_suggest(f->db, f->pool, outsiders[i], "nachtzw", 0, 10, &pg), PLEIN_OK);
		assert_int_equal(pg.n, 0);
		assert_int_equal(search_similar(f->db, f->pool, outsiders[i], "Wanneer vliegt de nachtzwaluw",
		                                SEARCH_QUESTION, 10, &pg), PLEIN_OK);
		assert_int_equal(pg.n, 0);
	}
	assert_int_equal(search_suggest(f->db, f->pool, f->anna, "nachteg", 0, 10, &pg), PLEIN_OK);
	assert_true(has(&pg, SEARCH_GROUP, f->secret_group));
	assert_int_equal(search_similar(f->db, f->pool, f->anna, "Wanneer vliegt de nachtzwaluw", SEARCH_QUESTION, 10,
	                                &pg), PLEIN_OK);
	assert_true(has(&pg, SEARCH_QUESTION, q));
}

/* The typo fallback names only words the viewer may read: a close spelling
 * that exists only in a secret group's post is neither searched nor shown
 * as the correction, even when a farther spelling finds something visible
 * (the closest candidate used to be reported whatever it found). */
static void test_typo_names_no_hidden_word(void **state)
{
	struct fixture *f = *state;
	int64_t hidden = post(f, f->anna, "Codenaam codexqrt blijft geheim.", NULL, f->secret_group);
	int64_t shown = post(f, f->anna, "Het dossier codexzzw is openbaar.", NULL, 0);
	/* "codexqzt": codexqrt is one edit away (hidden), codexzzw two (visible) */
	struct search_page pg = run(f->bram, "codexqzt", 0, 10);
	assert_true(has(&pg, SEARCH_POST, shown));
	assert_false(has(&pg, SEARCH_POST, hidden));
	assert_non_null(pg.corrected);
	assert_string_equal(pg.corrected, "codexzzw");
	for (size_t i = 0; i < pg.n; i++)
		assert_null(strstr(pg.items[i].snippet, "codexqrt"));
	/* the member of the secret group is offered the closest word */
	pg = run(f->anna, "codexqzt", 0, 10);
	assert_true(has(&pg, SEARCH_POST, hidden));
	assert_non_null(pg.corrected);
	assert_string_equal(pg.corrected, "codexqrt");
}

static void test_guest_and_anonymous(void **state)
{
	struct fixture *f = *state;
	/* an organisation post: not for a guest, not for no one signed in */
	struct search_page pg = run(f->bram, "samenwerking", 0, 10);
	assert_true(has(&pg, SEARCH_POST, f->samenwerking));
	pg = run(f->gast, "samenwerking", 0, 10);
	assert_int_equal(pg.n, 0);
	pg = run(NULL, "samenwerking", 0, 10);
	assert_int_equal(pg.n, 0);
	/* a public post: for everyone */
	pg = run(NULL, "bibliotheek", 0, 10);
	assert_int_equal(pg.n, 1);
	assert_int_equal(pg.items[0].id, f->public_post);
	/* the guest's own group: its post and the group */
	pg = run(f->gast, "kustroute", 0, 10);
	assert_true(has(&pg, SEARCH_POST, f->open_post));
	pg = run(f->gast, "fietsclub", SEARCH_GROUP, 10);
	assert_int_equal(pg.n, 1);
	/* people: the guest sees Anna (a shared group), not Bram; no one signed in sees no one */
	pg = run(f->gast, "anna", SEARCH_PERSON, 10);
	assert_true(has(&pg, SEARCH_PERSON, f->anna_id));
	pg = run(f->gast, "bram", SEARCH_PERSON, 10);
	assert_int_equal(pg.n, 0);
	pg = run(NULL, "anna", SEARCH_PERSON, 10);
	assert_int_equal(pg.n, 0);
	/* topics are for those who may browse */
	(void)post(f, f->anna, "Over #Duurzaamheid gesproken.", "public", 0);
	pg = run(f->bram, "duurzaamheid", SEARCH_TOPIC, 10);
	assert_int_equal(pg.n, 1);
	pg = run(f->gast, "duurzaamheid", SEARCH_TOPIC, 10);
	assert_int_equal(pg.n, 0);
}


/* Questions, answers and articles are kinds of their own, with their own
 * urls; an anonymous asker is never a hit's author: the author filter does
 * not find the question, and the facets count it only as a question. */
static void test_questions_answers_articles(void **state)
{
	struct fixture *f = *state;
	const char *msg, *field;
	struct question_input qi = { .title = "Hoe vraag ik een reiskostenvergoeding aan?",
		                     .text = "Ik reis met de trein en weet niet waar ik moet beginnen.", .anonymous = true };
	int64_t question = 0, answer = 0;
	assert_int_equal(questions_ask(f->db, f->pool, f->anna, &qi, &question, &msg, &field), PLEIN_OK);
	struct post *qp;
	assert_int_equal(posts_get(f->db, f->pool, question, &qp), PLEIN_OK);
	assert_int_equal(questions_answer(f->db, f->pool, f->bram, qp, "De reiskostenvergoeding staat op het intranet.",
	                                  NULL, 0, &answer, &msg), PLEIN_OK);
	int64_t article = post(f, f->bram, "Alles over thuiswerken en de reiskostenvergoeding.", NULL, 0);
	assert_int_equal(db_exec(f->db, "UPDATE posts SET kind = 'article', title = 'Thuiswerken in 2026' WHERE id = ?",
	                         "i", article), PLEIN_OK);
	assert_int_equal(search_index_post(f->db, article), PLEIN_OK);

	struct search_page pg = run(f->bram, "reiskostenvergoeding", 0, 10);
	assert_int_equal(pg.n, 3);
	assert_true(has(&pg, SEARCH_QUESTION, question));
	assert_true(has(&pg, SEARCH_ANSWER, answer));
	assert_true(has(&pg, SEARCH_ARTICLE, article));
	for (size_t i = 0; i < pg.n; i++) {
		const struct search_hit *h = &pg.items[i];
		if (h->kind == SEARCH_QUESTION) {
			assert_string_equal(h->url, pool_printf(f->pool, "/questions/%lld", (long long)question));
			assert_string_equal(h->title, "Hoe vraag ik een reiskostenvergoeding aan?");
			assert_null(strstr(h->title, "Anna"));
			assert_null(strstr(h->snippet, "Anna"));
		} else if (h->kind == SEARCH_ANSWER) {
			assert_int_equal(h->parent_id, question);
			assert_string_equal(h->url, pool_printf(f->pool, "/questions/%lld#answer-%lld", (long long)question,
			                                        (long long)answer));
		} else {
			assert_string_equal(h->url, pool_printf(f->pool, "/articles/%lld", (long long)article));
			assert_string_equal(h->title, "Thuiswerken in 2026");
		}
	}
	assert_int_equal(pg.facets[7], 1);  /* question */
	assert_int_equal(pg.facets[8], 1);  /* answer */
	assert_int_equal(pg.facets[9], 1);  /* article */
	/* by kind name */
	unsigned k;
	assert_int_equal(search_kinds_parse("question,answer,article", &k), PLEIN_OK);
	assert_int_equal(k, SEARCH_QUESTION | SEARCH_ANSWER | SEARCH_ARTICLE);
	pg = run(f->bram, "reiskostenvergoeding", SEARCH_QUESTION, 10);
	assert_int_equal(pg.n, 1);
	assert_int_equal(pg.facets[9], 1);  /* facets ignore the kind asked for */
	/* the anonymous asker is never the author of a hit */
	struct search_query sq = { .q = "reiskostenvergoeding", .author_id = f->anna_id, .limit = 10 };
	assert_int_equal(search_run(f->db, f->pool, f->bram, &sq, &pg), PLEIN_OK);
	assert_int_equal(pg.n, 0);
	for (int i = 0; i < SEARCH_KIND_COUNT; i++)
		assert_int_equal(pg.facets[i], 0);
	sq.author_id = f->bram_id;
	assert_int_equal(search_run(f->db, f->pool, f->bram, &sq, &pg), PLEIN_OK);
	assert_int_equal(pg.n, 2);  /* the answer and the article */
	int64_t stored = -1;
	assert_int_equal(db_query_int(f->db, &stored, "SELECT count(*) FROM search_docs WHERE ref_id = ? AND "
	                              "kind = 'question' AND author_id IS NOT NULL", "i", question), PLEIN_OK);
	assert_int_equal(stored, 0);
	/* suggestions are titles: the question's, the article's */
	assert_int_equal(search_suggest(f->db, f->pool, f->bram, "reiskosten", 0, 5, &pg), PLEIN_OK);
	assert_int_equal(pg.n, 1);
	assert_true(has(&pg, SEARCH_QUESTION, question));
	assert_int_equal(search_suggest(f->db, f->pool, f->bram, "thuiswer", 0, 5, &pg), PLEIN_OK);
	assert_int_equal(pg.n, 1);
	assert_true(has(&pg, SEARCH_ARTICLE, article));
	assert_index_intact();
	/* a rebuild gives the same kinds */
	assert_int_equal(search_rebuild(f->db), PLEIN_OK);
	assert_index_intact();
	pg = run(f->bram, "reiskostenvergoeding", 0, 10);
	assert_int_equal(pg.n, 3);
	assert_true(has(&pg, SEARCH_ANSWER, answer));
}

/* Facets count visible hits only: a secret group's post is neither a hit
 * nor counted for someone outside it. */
static void test_facets_visible_only(void **state)
{
	struct fixture *f = *state;
	struct search_page pg = run(f->anna, "duinen", 0, 10);
	assert_int_equal(pg.n, 2);
	assert_int_equal(pg.facets[1], 2);  /* post: the open group's and the secret group's */
	pg = run(f->bram, "duinen", 0, 10);
	assert_int_equal(pg.n, 1);
	assert_int_equal(pg.facets[1], 1);
	pg = run(f->gast, "zwaluw", 0, 10);
	assert_int_equal(pg.n, 0);
	for (int i = 0; i < SEARCH_KIND_COUNT; i++)
		assert_int_equal(pg.facets[i], 0);
	assert_false(pg.capped);
}

/* A word in more posts than one window ranks only the newest window, and
 * still pages through visible hits: ids follow time, a post written in the
 * same second as another gets the next id, and the oldest posts are out of
 * the window (capped) while a rare word in an old post is still found. */
static void test_window_common_word(void **state)
{
	struct fixture *f = *state;
	int64_t old = post(f, f->anna, "Het zeldzame woord kwartiermaker en het woord gewoon.", NULL, 0);
	assert_int_equal(db_exec(f->db, "UPDATE posts SET created_at = created_at - 86400 * 400 WHERE id = ?", "i", old),
	                 PLEIN_OK);
	assert_int_equal(search_index_post(f->db, old), PLEIN_OK);
	assert_int_equal(db_begin(f->db), PLEIN_OK);
	for (int i = 0; i < 2100; i++) {
		struct post_input in = { .text = pool_printf(f->pool, "Een gewoon bericht nummer %d.", i) };
		int64_t id;
		const char *msg;
		assert_int_equal(posts_create_in(f->db, f->pool, f->anna, &in, &id, &msg), PLEIN_OK);
	}
	assert_int_equal(db_commit(f->db), PLEIN_OK);
	int64_t dup = -1;
	assert_int_equal(db_query_int(f->db, &dup, "SELECT count(*) - count(DISTINCT id) FROM search_docs", ""), PLEIN_OK);
	assert_int_equal(dup, 0);
	int64_t ordered = 0;
	assert_int_equal(db_query_int(f->db, &ordered, "SELECT count(*) FROM search_docs WHERE kind = 'post' AND "
	                              "id / 1048576 <> created_at", ""), PLEIN_OK);
	assert_int_equal(ordered, 0);
	struct search_page pg = run(f->bram, "gewoon", SEARCH_POST, 20);
	assert_int_equal(pg.n, 20);
	assert_non_null(pg.next);
	assert_true(pg.capped);
	assert_false(has(&pg, SEARCH_POST, old));
	assert_true(pg.facets[1] >= 1000 && pg.facets[1] < 2101);
	/* the second page follows the first */
	struct search_query sq = { .q = "gewoon", .kinds = SEARCH_POST, .limit = 20, .cursor = pg.next };
	struct search_page pg2;
	assert_int_equal(search_run(f->db, f->pool, f->bram, &sq, &pg2), PLEIN_OK);
	assert_int_equal(pg2.n, 20);
	for (size_t i = 0; i < pg2.n; i++)
		assert_false(has(&pg, SEARCH_POST, pg2.items[i].id));
	/* both words: few matches, ranked in full */
	pg = run(f->bram, "kwartiermaker gewoon", 0, 10);
	assert_int_equal(pg.n, 1);
	assert_int_equal(pg.items[0].id, old);
	assert_false(pg.capped);
	/* a rebuild numbers them the same way */
	assert_int_equal(search_rebuild(f->db), PLEIN_OK);
	assert_int_equal(db_query_int(f->db, &ordered, "SELECT count(*) FROM search_docs WHERE kind = 'post' AND "
	                              "id / 1048576 <> created_at", ""), PLEIN_OK);
	assert_int_equal(ordered, 0);
	pg = run(f->bram, "kwartiermaker", 0, 10);
	assert_int_equal(pg.n, 1);
}

/* `capped` (the facets' "+") tells of older matches that were not looked
 * at: never of matches the viewer may not see. A word in more secret posts
 * than a window holds said "capped" to an outsider with no hit at all. */
static void test_capped_not_by_hidden(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_begin(f->db), PLEIN_OK);
	for (int i = 0; i < 650; i++) {
		struct post_input in = { .text = pool_printf(f->pool, "Operatie merelzang fase %d.", i),
			                 .group_id = f->secret_group };
		int64_t id;
		const char *msg;
		assert_int_equal(posts_create_in(f->db, f->pool, f->anna, &in, &id, &msg), PLEIN_OK);
	}
	assert_int_equal(db_commit(f->db), PLEIN_OK);
	const unsigned kinds[] = { 0, SEARCH_PERSON, SEARCH_POST };
	for (size_t k = 0; k < ARRAY_LEN(kinds); k++) {
		struct search_page pg = run(f->bram, "merelzang", kinds[k], 10);
		assert_int_equal(pg.n, 0);
		assert_false(pg.capped);
		assert_null(pg.next);
		for (int i = 0; i < SEARCH_KIND_COUNT; i++)
			assert_int_equal(pg.facets[i], 0);
		pg = run(f->gast, "merelzang", kinds[k], 10);
		assert_false(pg.capped);
	}
	/* the member sees them, and that there are more than were looked at */
	struct search_page pg = run(f->anna, "merelzang", SEARCH_PERSON, 10);
	assert_true(pg.capped);
	assert_true(pg.facets[1] > 0);
}

/* People, groups and topics each have their own window: a word in more
 * group names than a window holds still finds the person with it. */
static void test_entity_windows(void **state)
{
	struct fixture *f = *state;
	const char *msg;
	for (int i = 0; i < 320; i++) {
		struct group_input gi = { .name = pool_printf(f->pool, "Kwartet %d", i), .kind = "open" };
		int64_t g;
		assert_int_equal(groups_create(f->db, f->pool, f->anna, &gi, &g, &msg), PLEIN_OK);
	}
	struct person_fields pf = { .title = "Kwartet coach" };
	assert_int_equal(people_update(f->db, f->bram_id, &pf), PLEIN_OK);
	struct search_page pg = run(f->anna, "kwartet", SEARCH_PERSON, 10);
	assert_int_equal(pg.n, 1);
	assert_int_equal(pg.items[0].id, f->bram_id);
	pg = run(f->anna, "kwartet", 0, 10);
	assert_int_equal(pg.facets[0], 1);
	assert_true(pg.facets[3] >= 100 && pg.capped);  /* a window of groups, not all 320 */
}

/* Expertise for the query's words lifts a person above one whose title only
 * mentions them. */
static void test_people_expertise(void **state)
{
	struct fixture *f = *state;
	/* both mention "vertaler"; Bram's title says so, Anna knows it */
	struct person_fields pf = { .title = "Vertaler in opleiding" };
	assert_int_equal(people_update(f->db, f->anna_id, &pf), PLEIN_OK);
	struct search_page pg = run(f->bram, "vertaler", SEARCH_PERSON, 10);
	assert_int_equal(pg.n, 2);
	assert_int_equal(db_exec(f->db, "INSERT INTO expertise(term, weight, name, person_id, kind, label, detail) "
	                                "VALUES ('vertaler', 4000, 'Anna de Vries', ?, 'posts', 'vertaler', 23)", "i",
	                         f->anna_id), PLEIN_OK);
	pg = run(f->bram, "vertaler", SEARCH_PERSON, 10);
	assert_int_equal(pg.n, 2);
	assert_int_equal(pg.items[0].id, f->anna_id);
}

static void test_deleted_and_moved(void **state)
{
	struct fixture *f = *state;
	/* a deleted post, and with it its comments */
	assert_int_equal(posts_delete(f->db, f->anna, f->subsidie), PLEIN_OK);
	struct search_page pg = run(f->anna, "subsidie", SEARCH_POST, 10);
	assert_int_equal(pg.n, 0);
	pg = run(f->anna, "subsidei", SEARCH_POST, 10);
	assert_int_equal(pg.n, 0);
	assert_int_equal(posts_delete(f->db, f->anna, f->report), PLEIN_OK);
	pg = run(f->anna, "fiets", SEARCH_COMMENT, 10);
	assert_int_equal(pg.n, 0);
	int64_t n = -1;
	assert_int_equal(db_query_int(f->db, &n, "SELECT count(*) FROM search_docs WHERE post_id = ?", "i", f->report),
	                 PLEIN_OK);
	assert_int_equal(n, 0);
	/* an edit: the old words are gone, the new ones found */
	const char *msg;
	assert_int_equal(posts_edit(f->db, f->pool, f->anna, f->parkeren, "Fietsenstalling gaat dicht.", &msg), PLEIN_OK);
	pg = run(f->anna, "parkeren", SEARCH_POST, 10);
	assert_int_equal(pg.n, 0);
	pg = run(f->anna, "fietsenstalling", SEARCH_POST, 10);
	assert_int_equal(pg.n, 1);
	/* a post moved into the secret group is gone for Bram at once */
	assert_int_equal(posts_move(f->db, f->anna, f->fiets, f->secret_group, &msg), PLEIN_OK);
	pg = run(f->bram, "fiets", SEARCH_POST, 10);
	assert_false(has(&pg, SEARCH_POST, f->fiets));
	pg = run(f->anna, "fiets", SEARCH_POST, 10);
	assert_true(has(&pg, SEARCH_POST, f->fiets));
	/* a group turned secret: its posts and itself are gone for Bram and the guest stays a member */
	struct group_input to_secret = { .kind = "secret" };
	assert_int_equal(groups_update(f->db, f->pool, f->anna, f->open_group, &to_secret, &msg), PLEIN_OK);
	pg = run(f->bram, "kustroute", 0, 10);
	assert_int_equal(pg.n, 0);
	pg = run(f->bram, "fietsclub", 0, 10);
	assert_int_equal(pg.n, 0);
	pg = run(f->gast, "kustroute", 0, 10);
	assert_int_equal(pg.n, 1);
	/* a deleted group: gone, with its pages */
	assert_int_equal(groups_delete(f->db, f->anna, f->secret_group), PLEIN_OK);
	viewers_load(f);
	pg = run(f->anna, "zwaluw", 0, 10);
	assert_int_equal(pg.n, 0);
	/* a deactivated person */
	assert_int_equal(people_set_status(f->db, f->bram_id, "deactivated"), PLEIN_OK);
	pg = run(f->anna, "bakker", SEARCH_PERSON, 10);
	assert_int_equal(pg.n, 0);
	/* a renamed group: suggested by its new name only, and both indexes agree */
	struct group_input renamed = { .name = "Wielerclub Utrecht" };
	assert_int_equal(groups_update(f->db, f->pool, f->anna, f->open_group, &renamed, &msg), PLEIN_OK);
	assert_int_equal(search_suggest(f->db, f->pool, f->anna, "fietscl", 0, 5, &pg), PLEIN_OK);
	assert_int_equal(pg.n, 0);
	assert_int_equal(search_suggest(f->db, f->pool, f->anna, "wielercl", 0, 5, &pg), PLEIN_OK);
	assert_int_equal(pg.n, 1);
	assert_index_intact();
}

static void test_rebuild(void **state)
{
	struct fixture *f = *state;
	struct search_page before = run(f->bram, "gemeente", 0, 10);
	int64_t docs = 0, after_docs = 0;
	bool needed = false;
	assert_int_equal(search_needs_rebuild(f->db, &needed), PLEIN_OK);
	assert_true(needed);  /* never built: serve would build it at start */
	assert_int_equal(db_query_int(f->db, &docs, "SELECT count(*) FROM search_docs", ""), PLEIN_OK);
	assert_int_equal(search_rebuild(f->db), PLEIN_OK);
	assert_int_equal(db_query_int(f->db, &after_docs, "SELECT count(*) FROM search_docs", ""), PLEIN_OK);
	/* the writers kept everything but the alumni group, which migration 0008 made */
	assert_int_equal(docs + 1, after_docs);
	struct search_page alumni = run(f->bram, "alumni", SEARCH_GROUP, 10);
	assert_int_equal(alumni.n, 1);
	struct search_page after = run(f->bram, "gemeente", 0, 10);
	assert_int_equal(before.n, after.n);
	for (size_t i = 0; i < before.n; i++)
		assert_int_equal(before.items[i].id, after.items[i].id);
	assert_top_post(f->bram, "subsidei", f->subsidie);
	/* the FTS5 index agrees with its content */
	assert_int_equal(db_exec(f->db, "INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)", ""),
	                 PLEIN_OK);
	assert_int_equal(search_needs_rebuild(f->db, &needed), PLEIN_OK);
	assert_false(needed);
}

/* The writers alone (no rebuild) keep FTS5 and its content in step: an
 * entry changed twice, removed and written again leaves a sound index (a
 * trigger writing FTS5 besides search_index.c once corrupted it). */
static void test_writers_keep_index_sound(void **state)
{
	struct fixture *f = *state;
	struct person_fields pf = { .title = "Tolk", .department = "Communicatie" };
	assert_int_equal(people_update(f->db, f->bram_id, &pf), PLEIN_OK);
	pf.title = "Hoofd vertaling";
	assert_int_equal(people_update(f->db, f->bram_id, &pf), PLEIN_OK);
	assert_int_equal(posts_delete(f->db, f->anna, f->fiets), PLEIN_OK);
	assert_int_equal(people_set_status(f->db, f->bram_id, "deactivated"), PLEIN_OK);
	assert_int_equal(people_set_status(f->db, f->bram_id, "active"), PLEIN_OK);
	assert_int_equal(db_exec(f->db, "INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)", ""),
	                 PLEIN_OK);
	struct search_page pg = run(f->anna, "vertaling", SEARCH_PERSON, 10);
	assert_int_equal(pg.n, 1);
	assert_int_equal(pg.items[0].id, f->bram_id);
	assert_int_equal(run(f->anna, "tolk", SEARCH_PERSON, 10).n, 0);
}

/* ---------- the query language, marks, distances ---------- */

static const char *expr(const char *q, bool typing)
{
	struct search_terms t;
	if (search_query_parse(q, typing, &t) != PLEIN_OK)
		return "INVALID";
	const char *e = search_match_expr(F ? F->pool : NULL, &t, NULL);
	return e ? e : "NULL";
}

static void test_query_language(void **state)
{
	(void)state;
	assert_string_equal(expr("Fietsen gemeente", false), "(\"fietsen\" AND \"gemeente\")");
	assert_string_equal(expr("\"Samen Werken\" -intern", false), "(\"samen werken\") NOT \"intern\"");
	assert_string_equal(expr("subsi", true), "((\"subsi\" OR \"subsi\"*))");
	assert_string_equal(expr("subsi ", true), "(\"subsi\")");
	assert_string_equal(expr("e-mail", false), "(\"e mail\")");
	assert_string_equal(expr("de fiets", false), "(\"fiets\")");
	assert_string_equal(expr("de", false), "(\"de\")");
	assert_string_equal(expr("-alleen", false), "NULL");
	assert_string_equal(expr("fiets fiets FIETS", false), "(\"fiets\")");
	/* FTS5 syntax typed is only text */
	assert_string_equal(expr("a* OR NEAR(b c) \"x\"\"", false), "(\"near b\" AND \"x\")");
	assert_string_equal(expr("fiets^2 col:umn {xy}", false), "(\"fiets 2\" AND \"col umn\" AND \"xy\")");
	assert_string_equal(expr("\"open", false), "(\"open\")");
	assert_string_equal(expr("", false), "NULL");
	assert_string_equal(expr("\xc3", false), "INVALID");
	char longq[SEARCH_QUERY_MAX + 2];
	memset(longq, 'a', sizeof(longq) - 1);
	longq[sizeof(longq) - 1] = '\0';
	assert_string_equal(expr(longq, false), "INVALID");
	/* at most SEARCH_TERMS_MAX terms */
	struct search_terms t;
	assert_int_equal(search_query_parse("a1 b2 c3 d4 e5 f6 g7 h8 i9 j10", false, &t), PLEIN_OK);
	assert_int_equal(t.n, SEARCH_TERMS_MAX);
	/* widening */
	assert_int_equal(search_query_parse("subsidei -x", false, &t), PLEIN_OK);
	struct search_near near[2] = { { .n = 2 }, { .n = 0 } };
	snprintf(near[0].words[0], sizeof(near[0].words[0]), "subsidie");
	snprintf(near[0].words[1], sizeof(near[0].words[1]), "subsidi");
	assert_string_equal(search_match_expr(F->pool, &t, near),
	                    "((\"subsidei\" OR \"subsidie\" OR \"subsidi\")) NOT \"x\"");
}

static void test_marks_and_distance(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(search_marks_html(f->pool, "<b>\x02x&y\x03</b>"), "&lt;b&gt;<mark>x&amp;y</mark>&lt;/b&gt;");
	assert_string_equal(search_marks_html(f->pool, "\x03" "a\x02" "b\x02" "c"), "a<mark>bc</mark>");
	assert_string_equal(search_marks_strip(f->pool, "\x02" "a\x03" "b"), "ab");
	assert_int_equal(search_word_distance("subsidei", "subsidie"), 1);
	assert_int_equal(search_word_distance("fiets", "fiets"), 0);
	assert_int_equal(search_word_distance("kat", "akte"), 2);
	assert_int_equal(search_word_distance("privé", "prive"), 1);
	char tri[40][SEARCH_TRIGRAM_BYTES];
	int len;
	assert_int_equal(search_trigrams_of("fiets", tri, 40, &len), 5);
	assert_int_equal(len, 5);
	assert_string_equal(tri[0], "^fi");
	assert_string_equal(tri[4], "ts$");
	assert_int_equal(search_trigrams_of("één", tri, 40, &len), 3);
	assert_string_equal(tri[1], "één");
}

int main(void)
{
	/* each test gets a fresh corpus: some change it */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_examples, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writers_keep_index_sound, setup, teardown),
		cmocka_unit_test_setup_teardown(test_language, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kinds_and_snippets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_topics_and_paging, setup, teardown),
		cmocka_unit_test_setup_teardown(test_secret_group, setup, teardown),
		cmocka_unit_test_setup_teardown(test_guest_and_anonymous, setup, teardown),
		cmocka_unit_test_setup_teardown(test_typo_names_no_hidden_word, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted_and_moved, setup, teardown),
		cmocka_unit_test_setup_teardown(test_questions_answers_articles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_facets_visible_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_window_common_word, setup, teardown),
		cmocka_unit_test_setup_teardown(test_capped_not_by_hidden, setup, teardown),
		cmocka_unit_test_setup_teardown(test_people_expertise, setup, teardown),
		cmocka_unit_test_setup_teardown(test_entity_windows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rebuild, setup, teardown),
		cmocka_unit_test_setup_teardown(test_query_language, setup, teardown),
		cmocka_unit_test_setup_teardown(test_marks_and_distance, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_board.c — saved searches and the board against a real database:
 * validation of a saved search (a name, a query search_query_parse
 * accepts with a word, known kinds, sane dates), the caps (50 searches, 12
 * columns), another person's ids being absent, adding columns only for
 * targets the owner may see (guests get no topic or person columns),
 * reordering (positions rewritten 0…n-1), deleting a saved search taking
 * its column along, and what a column shows: visibility-filtered items, an
 * explanation instead of content once a group turns secret to the owner or
 * a person is deactivated, and an anonymous question never naming its
 * asker. */
#include "unit.h"
#include "unit_cast.h"
#include "core/board.h"
#include "core/groups.h"
#include "core/people.h"
#include "core/posts.h"
#include "core/questions.h"
#include "core/saved_searches.h"
#include "core/topics.h"
#include "core/visibility.h"

enum { OWNER, OTHER, GUEST, WRITER, N_PEOPLE };

static const struct unit_cast_member cast[N_PEOPLE] = {
	[OWNER] = { "Olga Owner", "member" },
	[OTHER] = { "Otto Other", "member" },
	[GUEST] = { "Gert Guest", "guest" },
	[WRITER] = { "Wim Writer", "member" },
};

static int setup(void **state)
{
	return unit_cast_setup(state, "board", cast, N_PEOPLE);
}

static int64_t post(struct fixture *f, int author, const char *text, int64_t group)
{
	struct post_input in = { .text = text, .group_id = group };
	int64_t id;
	const char *msg;
	assert_int_equal(posts_create(f->db, f->pool, who(f, author), &in, &id, &msg), PLEIN_OK);
	return id;
}

static int64_t save(struct fixture *f, int owner, const char *name, const char *q)
{
	struct saved_search s = { .name = name, .q = q, .kinds = "", .topic = "" };
	int64_t id = 0;
	assert_int_equal(saved_searches_create(f->db, f->id[owner], &s, &id), PLEIN_OK);
	return id;
}

static bool view_has(struct fixture *f, int viewer, int64_t column, const char *text, enum board_state *state)
{
	struct board_column *c;
	struct board_view v;
	assert_int_equal(board_column_get(f->db, f->pool, f->id[viewer], column, &c), PLEIN_OK);
	assert_int_equal(board_column_view(f->db, f->pool, who(f, viewer), c, NULL, BOARD_PAGE, &v), PLEIN_OK);
	if (state)
		*state = v.state;
	for (size_t i = 0; i < v.n; i++)
		if (strstr(v.items[i].title, text) || strstr(v.items[i].snippet, text))
			return true;
	return false;
}

static void test_saved_search_validation(void **state)
{
	(void)state;
	struct saved_search ok = { .name = "Fietsen", .q = "fiets -auto", .kinds = "post,comment", .topic = "" };
	assert_null(saved_search_error(&ok));
	struct saved_search bad[] = {
		{ .name = "", .q = "fiets", .kinds = "", .topic = "" },
		{ .name = "x", .q = "", .kinds = "", .topic = "" },
		{ .name = "x", .q = "-alleen", .kinds = "", .topic = "" },          /* an exclusion alone finds nothing */
		{ .name = "x", .q = "fiets", .kinds = "posts", .topic = "" },
		{ .name = "x", .q = "fiets", .kinds = "", .topic = "", .since = 200, .until = 100 },
		{ .name = "x", .q = "fiets", .kinds = "", .topic = "!!" },
		{ .name = "tab\there", .q = "fiets", .kinds = "", .topic = "" },
		{ .name = "\xff", .q = "fiets", .kinds = "", .topic = "" },
		{ .name = "x", .q = "\xc3", .kinds = "", .topic = "" },
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		assert_non_null(saved_search_error(&bad[i]));
	char long_name[90];
	memset(long_name, 'n', 81);
	long_name[81] = '\0';
	struct saved_search too_long = { .name = long_name, .q = "fiets", .kinds = "", .topic = "" };
	assert_non_null(saved_search_error(&too_long));
	long_name[80] = '\0';
	assert_null(saved_search_error(&too_long));
}

static void test_saved_searches_crud_and_cap(void **state)
{
	struct fixture *f = *state;
	int64_t id = save(f, OWNER, "Fietsen", "fiets");
	struct saved_search *s;
	assert_int_equal(saved_searches_get(f->db, f->pool, f->id[OWNER], id, &s), PLEIN_OK);
	assert_string_equal(s->q, "fiets");
	/* another person's id does not exist for them */
	assert_int_equal(saved_searches_get(f->db, f->pool, f->id[OTHER], id, &s), PLEIN_NOTFOUND);
	assert_int_equal(saved_searches_rename(f->db, f->id[OTHER], id, "Mine"), PLEIN_NOTFOUND);
	assert_int_equal(saved_searches_delete(f->db, f->id[OTHER], id), PLEIN_NOTFOUND);
	assert_int_equal(saved_searches_rename(f->db, f->id[OWNER], id, ""), PLEIN_INVALID);
	assert_int_equal(saved_searches_rename(f->db, f->id[OWNER], id, "Alles over fietsen"), PLEIN_OK);
	assert_int_equal(saved_searches_get(f->db, f->pool, f->id[OWNER], id, &s), PLEIN_OK);
	assert_string_equal(s->name, "Alles over fietsen");
	for (int i = 1; i < SAVED_SEARCHES_MAX; i++)
		save(f, OWNER, "s", "woord");
	struct saved_search more = { .name = "one more", .q = "woord", .kinds = "", .topic = "" };
	int64_t extra;
	assert_int_equal(saved_searches_create(f->db, f->id[OWNER], &more, &extra), PLEIN_TOOBIG);
	size_t n;
	assert_int_equal(saved_searches_list(f->db, f->pool, f->id[OWNER], &s, &n), PLEIN_OK);
	assert_int_equal(n, SAVED_SEARCHES_MAX);
	/* the URL that runs it, dates written inclusive */
	struct saved_search u = { .name = "u", .q = "a b", .kinds = "post", .topic = "x", .group_id = 3,
	                          .since = 86400, .until = 3 * 86400 };
	assert_string_equal(saved_search_url(f->pool, &u),
	                    "/search?q=a%20b&kind=post&group=3&topic=x&since=1970-01-02&until=1970-01-03");
}

static void test_columns_targets_and_caps(void **state)
{
	struct fixture *f = *state;
	const char *msg;
	int64_t col, open_g, secret_g, closed_g;
	struct group_input gi = { .name = "Open", .kind = "open" };
	assert_int_equal(groups_create(f->db, f->pool, who(f, WRITER), &gi, &open_g, &msg), PLEIN_OK);
	gi = (struct group_input){ .name = "Secret", .kind = "secret" };
	assert_int_equal(groups_create(f->db, f->pool, who(f, WRITER), &gi, &secret_g, &msg), PLEIN_OK);
	gi = (struct group_input){ .name = "Closed", .kind = "closed" };
	assert_int_equal(groups_create(f->db, f->pool, who(f, WRITER), &gi, &closed_g, &msg), PLEIN_OK);
	post(f, WRITER, "Over de #fietsroute gesproken", 0);
	int64_t topic;
	assert_int_equal(board_topic_id(f->db, f->pool, who(f, OWNER), "#FietsRoute", &topic, &msg), PLEIN_OK);
	assert_int_equal(board_topic_id(f->db, f->pool, who(f, GUEST), "fietsroute", &topic, &msg), PLEIN_DENIED);
	assert_int_equal(board_topic_id(f->db, f->pool, who(f, OWNER), "nergens", &topic, &msg), PLEIN_NOTFOUND);
	assert_int_equal(board_topic_id(f->db, f->pool, who(f, OWNER), "fietsroute", &topic, &msg), PLEIN_OK);

	struct person *owner = who(f, OWNER);
	assert_int_equal(board_column_add(f->db, f->pool, owner, "feed", 1, &col, &msg), PLEIN_INVALID);
	assert_int_equal(board_column_add(f->db, f->pool, owner, "group", 0, &col, &msg), PLEIN_INVALID);
	assert_int_equal(board_column_add(f->db, f->pool, owner, "group", secret_g, &col, &msg), PLEIN_NOTFOUND);
	assert_int_equal(board_column_add(f->db, f->pool, owner, "group", closed_g, &col, &msg), PLEIN_DENIED);
	assert_int_equal(board_column_add(f->db, f->pool, owner, "group", 99999, &col, &msg), PLEIN_NOTFOUND);
	assert_int_equal(board_column_add(f->db, f->pool, owner, "person", 99999, &col, &msg), PLEIN_NOTFOUND);
	int64_t theirs = save(f, OTHER, "Theirs", "fiets");
	assert_int_equal(board_column_add(f->db, f->pool, owner, "search", theirs, &col, &msg), PLEIN_NOTFOUND);
	/* guests: topics and people are for colleagues */
	assert_int_equal(board_column_add(f->db, f->pool, who(f, GUEST), "topic", topic, &col, &msg), PLEIN_DENIED);
	assert_int_equal(board_column_add(f->db, f->pool, who(f, GUEST), "person", f->id[WRITER], &col, &msg),
	                 PLEIN_DENIED);
	assert_int_equal(board_column_add(f->db, f->pool, who(f, GUEST), "group", open_g, &col, &msg), PLEIN_NOTFOUND);

	int64_t ids[BOARD_COLUMNS_MAX];
	assert_int_equal(board_column_add(f->db, f->pool, owner, "topic", topic, &ids[0], &msg), PLEIN_OK);
	assert_int_equal(board_column_add(f->db, f->pool, owner, "topic", topic, &col, &msg), PLEIN_CONFLICT);
	assert_int_equal(board_column_add(f->db, f->pool, owner, "group", open_g, &ids[1], &msg), PLEIN_OK);
	assert_int_equal(board_column_add(f->db, f->pool, owner, "person", f->id[WRITER], &ids[2], &msg), PLEIN_OK);
	for (int i = 3; i < BOARD_COLUMNS_MAX; i++)
		assert_int_equal(board_column_add(f->db, f->pool, owner, "search", save(f, OWNER, "s", "fiets"), &ids[i],
		                                  &msg), PLEIN_OK);
	assert_int_equal(board_column_add(f->db, f->pool, owner, "search", save(f, OWNER, "s", "fiets"), &col, &msg),
	                 PLEIN_TOOBIG);
	assert_non_null(msg);
	/* another person's column does not exist for them */
	struct board_column *c;
	assert_int_equal(board_column_get(f->db, f->pool, f->id[OTHER], ids[0], &c), PLEIN_NOTFOUND);
	assert_int_equal(board_column_move(f->db, f->id[OTHER], ids[0], 3), PLEIN_NOTFOUND);
	assert_int_equal(board_column_remove(f->db, f->id[OTHER], ids[0]), PLEIN_NOTFOUND);
}

static void positions(struct fixture *f, const int64_t *want, size_t n)
{
	struct board_column *c;
	size_t got;
	assert_int_equal(board_columns_list(f->db, f->pool, f->id[OWNER], &c, &got), PLEIN_OK);
	assert_int_equal(got, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(c[i].id, want[i]);
		assert_int_equal(c[i].position, (int)i);
	}
}

static void test_reorder_and_remove(void **state)
{
	struct fixture *f = *state;
	const char *msg;
	struct person *owner = who(f, OWNER);
	int64_t s[4], c[4];
	for (int i = 0; i < 4; i++) {
		s[i] = save(f, OWNER, "s", "fiets");
		assert_int_equal(board_column_add(f->db, f->pool, owner, "search", s[i], &c[i], &msg), PLEIN_OK);
	}
	positions(f, c, 4);
	assert_int_equal(board_column_move(f->db, f->id[OWNER], c[3], 0), PLEIN_OK);
	positions(f, (int64_t[]){ c[3], c[0], c[1], c[2] }, 4);
	assert_int_equal(board_column_move(f->db, f->id[OWNER], c[3], 99), PLEIN_OK);   /* clamped to the end */
	positions(f, c, 4);
	assert_int_equal(board_column_move(f->db, f->id[OWNER], c[0], -5), PLEIN_OK);
	positions(f, c, 4);
	assert_int_equal(board_column_move(f->db, f->id[OWNER], c[1], 2), PLEIN_OK);
	positions(f, (int64_t[]){ c[0], c[2], c[1], c[3] }, 4);
	assert_int_equal(board_column_remove(f->db, f->id[OWNER], c[2]), PLEIN_OK);
	positions(f, (int64_t[]){ c[0], c[1], c[3] }, 3);
	/* a saved search deleted takes its column along; the rest close up */
	assert_int_equal(saved_searches_delete(f->db, f->id[OWNER], s[0]), PLEIN_OK);
	positions(f, (int64_t[]){ c[1], c[3] }, 2);
}

static void test_what_columns_show(void **state)
{
	struct fixture *f = *state;
	const char *msg;
	int64_t g, cg, cp, cs;
	struct group_input gi = { .name = "Fietsclub", .kind = "open" };
	assert_int_equal(groups_create(f->db, f->pool, who(f, WRITER), &gi, &g, &msg), PLEIN_OK);
	post(f, WRITER, "Fietsroute in de groep", g);
	post(f, WRITER, "Een fiets voor iedereen", 0);
	struct person *owner = who(f, OWNER);
	assert_int_equal(board_column_add(f->db, f->pool, owner, "group", g, &cg, &msg), PLEIN_OK);
	assert_int_equal(board_column_add(f->db, f->pool, owner, "person", f->id[WRITER], &cp, &msg), PLEIN_OK);
	assert_int_equal(board_column_add(f->db, f->pool, owner, "search", save(f, OWNER, "Fiets", "fiets"), &cs, &msg),
	                 PLEIN_OK);
	enum board_state st;
	assert_true(view_has(f, OWNER, cg, "Fietsroute in de groep", &st));
	assert_int_equal(st, BOARD_SHOWN);
	assert_true(view_has(f, OWNER, cp, "Een fiets voor iedereen", &st));
	assert_true(view_has(f, OWNER, cs, "fiets", &st));

	/* an anonymous question in the person's column: not there for others
	 * (stream_person), and no item anywhere names its asker */
	struct question_input q = { .title = "Wie weet iets over fietsen?", .text = "Graag hulp", .anonymous = true };
	int64_t qid;
	const char *field;
	assert_int_equal(questions_ask(f->db, f->pool, who(f, WRITER), &q, &qid, &msg, &field), PLEIN_OK);
	assert_false(view_has(f, OWNER, cp, "Wie weet iets", &st));
	struct board_column *c;
	struct board_view v;
	assert_int_equal(board_column_get(f->db, f->pool, f->id[OWNER], cs, &c), PLEIN_OK);
	assert_int_equal(board_column_view(f->db, f->pool, who(f, OWNER), c, NULL, BOARD_PAGE, &v), PLEIN_OK);
	for (size_t i = 0; i < v.n; i++)
		if (v.items[i].id == qid)
			assert_int_equal(v.items[i].author_id, 0);

	/* the group turns secret: the column explains, shows nothing, not even the name */
	gi = (struct group_input){ .kind = "secret" };
	assert_int_equal(groups_update(f->db, f->pool, who(f, WRITER), g, &gi, &msg), PLEIN_OK);
	assert_false(view_has(f, OWNER, cg, "Fietsroute", &st));
	assert_int_equal(st, BOARD_HIDDEN);
	assert_int_equal(board_column_get(f->db, f->pool, f->id[OWNER], cg, &c), PLEIN_OK);
	assert_int_equal(board_column_view(f->db, f->pool, who(f, OWNER), c, NULL, BOARD_PAGE, &v), PLEIN_OK);
	assert_null(strstr(v.title, "Fietsclub"));
	assert_null(v.url);
	assert_non_null(v.reason);
	assert_false(view_has(f, OWNER, cs, "Fietsroute in de groep", &st));   /* the search column neither */

	/* the person is deactivated: an explanation, no posts */
	assert_int_equal(people_set_status(f->db, f->id[WRITER], "deactivated"), PLEIN_OK);
	assert_false(view_has(f, OWNER, cp, "Een fiets voor iedereen", &st));
	assert_int_equal(st, BOARD_HIDDEN);

	/* bad cursors */
	assert_int_equal(board_column_get(f->db, f->pool, f->id[OWNER], cs, &c), PLEIN_OK);
	assert_int_equal(board_column_view(f->db, f->pool, who(f, OWNER), c, "zz", BOARD_PAGE, &v), PLEIN_INVALID);
	assert_int_equal(board_column_get(f->db, f->pool, f->id[OWNER], cp, &c), PLEIN_OK);
	assert_int_equal(board_column_view(f->db, f->pool, who(f, OWNER), c, NULL, 0, &v), PLEIN_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_saved_search_validation),
		cmocka_unit_test_setup_teardown(test_saved_searches_crud_and_cap, setup, unit_cast_teardown),
		cmocka_unit_test_setup_teardown(test_columns_targets_and_caps, setup, unit_cast_teardown),
		cmocka_unit_test_setup_teardown(test_reorder_and_remove, setup, unit_cast_teardown),
		cmocka_unit_test_setup_teardown(test_what_columns_show, setup, unit_cast_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_group_pages.c — group pages and minutes against a real database:
 * validation (titles, text, real meeting dates), versions written on every
 * change, the conflict when two people edit from the same version, restore
 * as a new version, the index (pages by title, minutes newest first,
 * paging, other groups and deleted pages left out), soft delete, and the
 * line comparison (libgit2) checked by rebuilding both texts from it. */
#include "unit.h"
#include "core/group_pages.h"
#include "core/groups.h"
#include "core/people.h"
#include "lib/strbuf.h"

struct fixture {
	char dir[64];
	char path[128];
	struct db *db;
	struct pool *pool;
	struct person *anna, *bram;
	int64_t group, other;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	int64_t a, b;
	const char *msg;
	if (!f || unit_store_open("gpages", f->dir, f->path, &f->db, &f->pool))
		return -1;
	if (people_create(f->db, "anna@example.com", "Anna", "member", NULL, &a) ||
	    people_create(f->db, "bram@example.com", "Bram", "member", NULL, &b) ||
	    people_get(f->db, f->pool, a, &f->anna) || people_get(f->db, f->pool, b, &f->bram))
		return -1;
	struct group_input g1 = { .name = "Modem testers", .kind = "closed" }, g2 = { .name = "Other", .kind = "open" };
	if (groups_create(f->db, f->pool, f->anna, &g1, &f->group, &msg) ||
	    groups_create(f->db, f->pool, f->anna, &g2, &f->other, &msg))
		return -1;
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

static int64_t count1(struct fixture *f, const char *sql, int64_t a)
{
	int64_t n = -1;
	assert_int_equal(db_query_int(f->db, &n, sql, "i", a), PLEIN_OK);
	return n;
}

static int64_t create(struct fixture *f, int64_t group, const char *title, const char *body, const char *date)
{
	struct group_page_input in = { .title = title, .body = body, .meeting_date = date };
	const char *msg = NULL, *field = NULL;
	int64_t id = 0;
	int rc = group_pages_create(f->db, f->pool, f->anna, group, &in, &id, &msg, &field);
	if (rc != PLEIN_OK)
		fail_msg("group_pages_create(%s): %d %s", title, rc, msg ? msg : "");
	return id;
}

static void test_dates(void **state)
{
	(void)state;
	static const char *const good[] = { "2024-02-29", "2000-02-29", "2023-12-31", "1900-01-01", "9999-12-31",
	                                    "2025-04-30" };
	static const char *const bad[] = { "2023-02-29", "1900-02-29", "2024-04-31", "2024-13-01", "2024-00-10",
	                                   "2024-01-00", "2024-1-01", "24-01-01", "2024/01/01", "2024-01-01 ",
	                                   "1899-12-31", "２０２４-01-01", "", "abcd-ef-gh", "2024-01-3x" };
	for (size_t i = 0; i < ARRAY_LEN(good); i++)
		assert_true(group_pages_date_valid(good[i], strlen(good[i])));
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		assert_false(group_pages_date_valid(bad[i], strlen(bad[i])));
	assert_false(group_pages_date_valid(NULL, 0));
}

static void test_validation(void **state)
{
	struct fixture *f = *state;
	char title[130], body[GROUP_PAGE_BODY_MAX + 2];
	memset(title, 'x', sizeof(title) - 1);
	title[sizeof(title) - 1] = '\0';
	memset(body, 'y', sizeof(body) - 1);
	body[sizeof(body) - 1] = '\0';
	const struct { struct group_page_input in; const char *field; } cases[] = {
		{ { .title = NULL, .body = "x" }, "title" },
		{ { .title = "   ", .body = "x" }, "title" },
		{ { .title = title, .body = "x" }, "title" },
		{ { .title = "Tab\x01", .body = "x" }, "title" },
		{ { .title = "Line\nbreak", .body = "x" }, "title" },
		{ { .title = "Bad \xc3", .body = "x" }, "title" },
		{ { .title = "Ok", .body = NULL }, "body" },
		{ { .title = "Ok", .body = body }, "body" },
		{ { .title = "Ok", .body = "bell\x07" }, "body" },
		{ { .title = "Ok", .body = "x", .meeting_date = "2023-02-30" }, "meeting_date" },
		{ { .title = "Ok", .body = "x", .meeting_date = "tomorrow" }, "meeting_date" },
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const char *msg = NULL, *field = NULL;
		int64_t id = 0;
		assert_int_equal(group_pages_create(f->db, f->pool, f->anna, f->group, &cases[i].in, &id, &msg, &field),
		                 PLEIN_INVALID);
		assert_non_null(msg);
		assert_string_equal(field, cases[i].field);
	}
	assert_int_equal(count1(f, "SELECT count(*) FROM group_pages WHERE group_id = ?", f->group), 0);
	/* exactly the limits are fine: 120 characters (é is two bytes), 50,000 characters */
	char t120[241];
	for (int i = 0; i < 120; i++)
		memcpy(t120 + 2 * i, "\xc3\xa9", 2);
	t120[240] = '\0';
	body[GROUP_PAGE_BODY_MAX] = '\0';
	assert_true(create(f, f->group, t120, body, "") > 0);
	/* an empty text is a page with a title only */
	assert_true(create(f, f->group, "  Title only  ", "", NULL) > 0);
	struct group_page *pages;
	size_t n;
	bool more;
	assert_int_equal(group_pages_list(f->db, f->pool, f->group, false, 0, 10, &pages, &n, &more), PLEIN_OK);
	assert_int_equal(n, 2);
	assert_string_equal(pages[0].title, "Title only");  /* trimmed, and sorted before "ééé…" */
}

static void test_create_edit_conflict(void **state)
{
	struct fixture *f = *state;
	int64_t id = create(f, f->group, "Test plan", "# Plan\r\n\r\nStep one\r\nStep two\r\n", NULL);
	struct group_page *pg;
	assert_int_equal(group_pages_get(f->db, f->pool, f->group, id, &pg), PLEIN_OK);
	assert_int_equal(pg->revision, 1);
	assert_string_equal(pg->body, "# Plan\n\nStep one\nStep two\n");   /* newlines as \n */
	assert_non_null(strstr(pg->body_html, "Step one"));
	assert_null(pg->meeting_date);
	assert_string_equal(pg->created_by_name, "Anna");
	/* another group's id does not reach it */
	assert_int_equal(group_pages_get(f->db, f->pool, f->other, id, &pg), PLEIN_NOTFOUND);

	/* Anna and Bram both start from version 1; Bram saves first */
	int64_t rev = 0;
	const char *msg = NULL, *field = NULL;
	struct group_page_input bram = { .body = "# Plan\n\nStep one\nStep 2 (Bram)\n" };
	assert_int_equal(group_pages_edit(f->db, f->pool, f->bram, f->group, id, 1, &bram, &rev, &msg, &field), PLEIN_OK);
	assert_int_equal(rev, 2);
	struct group_page_input anna = { .title = "Test plan v2", .body = "# Plan\n\nStep one (Anna)\n" };
	assert_int_equal(group_pages_edit(f->db, f->pool, f->anna, f->group, id, 1, &anna, &rev, &msg, &field),
	                 PLEIN_CONFLICT);
	assert_non_null(strstr(msg, "Someone else saved"));
	assert_int_equal(rev, 2);   /* the version that is current now */
	assert_int_equal(group_pages_get(f->db, f->pool, f->group, id, &pg), PLEIN_OK);
	assert_string_equal(pg->title, "Test plan");
	assert_string_equal(pg->body, "# Plan\n\nStep one\nStep 2 (Bram)\n");
	assert_string_equal(pg->updated_by_name, "Bram");
	/* from the current version Anna's edit goes through, as version 3 with the full text */
	assert_int_equal(group_pages_edit(f->db, f->pool, f->anna, f->group, id, 2, &anna, &rev, &msg, &field), PLEIN_OK);
	assert_int_equal(rev, 3);
	assert_int_equal(count1(f, "SELECT count(*) FROM group_page_revisions WHERE page_id = ?", id), 3);
	struct group_page_revision *r;
	assert_int_equal(group_pages_revision(f->db, f->pool, id, 3, &r), PLEIN_OK);
	assert_string_equal(r->title, "Test plan v2");
	assert_string_equal(r->body, "# Plan\n\nStep one (Anna)\n");
	assert_string_equal(r->editor_name, "Anna");
	assert_int_equal(group_pages_revision(f->db, f->pool, id, 4, &r), PLEIN_NOTFOUND);
	/* saving the same text again writes no version */
	assert_int_equal(group_pages_edit(f->db, f->pool, f->anna, f->group, id, 3, &anna, &rev, &msg, &field), PLEIN_OK);
	assert_int_equal(rev, 3);
	/* an invalid edit changes nothing */
	struct group_page_input bad = { .meeting_date = "2023-02-29" };
	assert_int_equal(group_pages_edit(f->db, f->pool, f->anna, f->group, id, 3, &bad, &rev, &msg, &field),
	                 PLEIN_INVALID);
	assert_string_equal(field, "meeting_date");
	/* turning it into minutes, and back */
	struct group_page_input dated = { .meeting_date = "2024-05-02" };
	assert_int_equal(group_pages_edit(f->db, f->pool, f->anna, f->group, id, 3, &dated, &rev, &msg, &field), PLEIN_OK);
	assert_int_equal(group_pages_get(f->db, f->pool, f->group, id, &pg), PLEIN_OK);
	assert_string_equal(pg->meeting_date, "2024-05-02");
	assert_string_equal(pg->body, "# Plan\n\nStep one (Anna)\n");   /* unchanged fields kept */
	struct group_page_input undated = { .meeting_date = "" };
	assert_int_equal(group_pages_edit(f->db, f->pool, f->anna, f->group, id, 4, &undated, &rev, &msg, &field), PLEIN_OK);
	assert_int_equal(rev, 5);
	assert_int_equal(group_pages_get(f->db, f->pool, f->group, id, &pg), PLEIN_OK);
	assert_null(pg->meeting_date);
	/* the audit log has the creation and each edit */
	assert_int_equal(count1(f, "SELECT count(*) FROM audit_log WHERE subject = 'group_page:' || ?", id), 5);
}

static void test_revisions_restore(void **state)
{
	struct fixture *f = *state;
	int64_t id = create(f, f->group, "Minutes", "first\n", "2024-01-10"), rev;
	const char *msg, *field;
	struct group_page_input e2 = { .body = "second\n" }, e3 = { .title = "Minutes (final)", .body = "third\n" };
	assert_int_equal(group_pages_edit(f->db, f->pool, f->bram, f->group, id, 1, &e2, &rev, &msg, &field), PLEIN_OK);
	assert_int_equal(group_pages_edit(f->db, f->pool, f->anna, f->group, id, 2, &e3, &rev, &msg, &field), PLEIN_OK);
	struct group_page_revision *r;
	size_t n;
	bool more;
	assert_int_equal(group_pages_revisions(f->db, f->pool, id, 0, 2, &r, &n, &more), PLEIN_OK);
	assert_int_equal(n, 2);
	assert_true(more);
	assert_int_equal(r[0].number, 3);
	assert_int_equal(r[1].number, 2);
	assert_string_equal(r[1].editor_name, "Bram");
	assert_int_equal(r[1].size, 7);
	assert_null(r[0].body);
	assert_int_equal(group_pages_revisions(f->db, f->pool, id, 2, 2, &r, &n, &more), PLEIN_OK);
	assert_int_equal(n, 1);
	assert_false(more);
	assert_int_equal(r[0].number, 1);
	assert_string_equal(r[0].meeting_date, "2024-01-10");

	/* restore version 1: a new version 4 with its title and text; 1–3 stay */
	assert_int_equal(group_pages_restore(f->db, f->pool, f->bram, f->group, id, 1, &rev), PLEIN_OK);
	assert_int_equal(rev, 4);
	struct group_page *pg;
	assert_int_equal(group_pages_get(f->db, f->pool, f->group, id, &pg), PLEIN_OK);
	assert_string_equal(pg->title, "Minutes");
	assert_string_equal(pg->body, "first\n");
	assert_string_equal(pg->body_html, "<p>first</p>\n");
	assert_int_equal(pg->revision, 4);
	assert_int_equal(count1(f, "SELECT count(*) FROM group_page_revisions WHERE page_id = ?", id), 4);
	/* restoring what is already current writes nothing */
	assert_int_equal(group_pages_restore(f->db, f->pool, f->bram, f->group, id, 4, &rev), PLEIN_OK);
	assert_int_equal(rev, 4);
	assert_int_equal(group_pages_restore(f->db, f->pool, f->bram, f->group, id, 9, &rev), PLEIN_NOTFOUND);
	assert_int_equal(group_pages_restore(f->db, f->pool, f->bram, f->other, id, 1, &rev), PLEIN_NOTFOUND);

	/* compare 2 → 3 */
	struct group_page_revision *a, *b;
	struct textdiff d;
	assert_int_equal(group_pages_compare(f->db, f->pool, id, 2, 3, 3, &a, &b, &d), PLEIN_OK);
	assert_string_equal(b->title, "Minutes (final)");
	assert_int_equal(d.added, 1);
	assert_int_equal(d.removed, 1);
	assert_int_equal(d.n, 3);   /* hunk, -second, +third */
	assert_int_equal(d.lines[0].op, TEXTDIFF_HUNK);
	assert_int_equal(d.lines[1].op, TEXTDIFF_DEL);
	assert_string_equal(d.lines[1].text, "second");
	assert_int_equal(d.lines[2].op, TEXTDIFF_ADD);
	assert_string_equal(d.lines[2].text, "third");
	assert_int_equal(group_pages_compare(f->db, f->pool, id, 1, 4, 3, &a, &b, &d), PLEIN_OK);
	assert_int_equal(d.n, 0);
	assert_int_equal(group_pages_compare(f->db, f->pool, id, 1, 7, 3, &a, &b, &d), PLEIN_NOTFOUND);
}

static void test_index_and_delete(void **state)
{
	struct fixture *f = *state;
	int64_t beta = create(f, f->group, "beta", "b", NULL);
	create(f, f->group, "Alpha", "a", NULL);
	create(f, f->group, "Gamma", "g", NULL);
	create(f, f->other, "Elsewhere", "e", NULL);
	int64_t m1 = create(f, f->group, "Kick-off", "k", "2024-01-15");
	create(f, f->group, "Review", "r", "2024-03-01");
	create(f, f->group, "Planning", "p", "2023-12-20");
	struct group_page *pg;
	size_t n;
	bool more;
	assert_int_equal(group_pages_list(f->db, f->pool, f->group, false, 0, 2, &pg, &n, &more), PLEIN_OK);
	assert_int_equal(n, 2);
	assert_true(more);
	assert_string_equal(pg[0].title, "Alpha");
	assert_string_equal(pg[1].title, "beta");   /* case does not decide the order */
	assert_null(pg[0].body);
	assert_int_equal(group_pages_list(f->db, f->pool, f->group, false, 2, 2, &pg, &n, &more), PLEIN_OK);
	assert_int_equal(n, 1);
	assert_false(more);
	assert_string_equal(pg[0].title, "Gamma");
	assert_int_equal(group_pages_list(f->db, f->pool, f->group, true, 0, 10, &pg, &n, &more), PLEIN_OK);
	assert_int_equal(n, 3);
	assert_string_equal(pg[0].meeting_date, "2024-03-01");
	assert_string_equal(pg[1].meeting_date, "2024-01-15");
	assert_string_equal(pg[2].meeting_date, "2023-12-20");
	assert_int_equal(group_pages_list(f->db, f->pool, f->group, true, 0, 0, &pg, &n, &more), PLEIN_INVALID);
	assert_int_equal(group_pages_list(f->db, f->pool, f->group, true, 0, GROUP_PAGE_LIST_MAX + 1, &pg, &n, &more),
	                 PLEIN_INVALID);

	/* delete: gone from the index and for reading, its text and versions emptied */
	assert_int_equal(group_pages_delete(f->db, f->pool, f->bram, f->other, beta), PLEIN_NOTFOUND);
	assert_int_equal(group_pages_delete(f->db, f->pool, f->bram, f->group, beta), PLEIN_OK);
	assert_int_equal(group_pages_delete(f->db, f->pool, f->bram, f->group, beta), PLEIN_NOTFOUND);
	assert_int_equal(group_pages_get(f->db, f->pool, f->group, beta, &pg), PLEIN_NOTFOUND);
	assert_int_equal(count1(f, "SELECT count(*) FROM group_page_revisions WHERE page_id = ?", beta), 0);
	assert_int_equal(count1(f, "SELECT length(body) FROM group_pages WHERE id = ?", beta), 0);
	assert_int_equal(group_pages_list(f->db, f->pool, f->group, false, 0, 10, &pg, &n, &more), PLEIN_OK);
	assert_int_equal(n, 2);
	int64_t rev;
	const char *msg, *field;
	struct group_page_input e = { .body = "x" };
	assert_int_equal(group_pages_edit(f->db, f->pool, f->anna, f->group, beta, 1, &e, &rev, &msg, &field),
	                 PLEIN_NOTFOUND);
	assert_int_equal(count1(f, "SELECT count(*) FROM audit_log WHERE action = 'group_page.delete' AND subject = "
	                           "'group_page:' || ?", beta), 1);
	(void)m1;
}

/* The lines kept and removed give the old text, kept and added the new. */
static void rebuild(const struct textdiff *d, char side, struct strbuf *sb)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct textdiff_line *l = &d->lines[i];
		if (l->op == TEXTDIFF_SAME || (side == '-' ? l->op == TEXTDIFF_DEL : l->op == TEXTDIFF_ADD)) {
			strbuf_add(sb, l->text, l->len);
			strbuf_addch(sb, '\n');
		}
	}
}

static void test_diff(void **state)
{
	struct fixture *f = *state;
	const char *a = "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten", *b =
		"one\nTWO\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\n";
	struct textdiff d;
	assert_int_equal(textdiff_lines(f->pool, a, strlen(a), b, strlen(b), 1, &d), PLEIN_OK);
	assert_int_equal(d.added, 2);
	assert_int_equal(d.removed, 1);
	/* two hunks with one line of context: @ one -two +TWO three @ ten +eleven */
	assert_int_equal(d.n, 8);
	assert_int_equal(d.lines[0].op, TEXTDIFF_HUNK);
	assert_int_equal(d.lines[1].op, TEXTDIFF_SAME);
	assert_int_equal(d.lines[1].old_no, 1);
	assert_int_equal(d.lines[1].new_no, 1);
	assert_int_equal(d.lines[2].op, TEXTDIFF_DEL);
	assert_int_equal(d.lines[2].old_no, 2);
	assert_int_equal(d.lines[2].new_no, 0);
	assert_int_equal(d.lines[3].op, TEXTDIFF_ADD);
	assert_int_equal(d.lines[3].new_no, 2);
	assert_int_equal(d.lines[5].op, TEXTDIFF_HUNK);
	assert_string_equal(d.lines[6].text, "ten");   /* no "no newline at end" noise */
	assert_string_equal(d.lines[7].text, "eleven");
	assert_int_equal(d.lines[7].new_no, 11);

	assert_int_equal(textdiff_lines(f->pool, a, strlen(a), b, strlen(b), TEXTDIFF_ALL_CONTEXT, &d), PLEIN_OK);
	struct strbuf sa = STRBUF_INIT, sb = STRBUF_INIT;
	rebuild(&d, '-', &sa);
	rebuild(&d, '+', &sb);
	assert_string_equal(sa.buf, "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n");
	assert_string_equal(sb.buf, b);
	strbuf_release(&sa);
	strbuf_release(&sb);

	assert_int_equal(textdiff_lines(f->pool, "", 0, "", 0, 3, &d), PLEIN_OK);
	assert_int_equal(d.n, 0);
	assert_int_equal(textdiff_lines(f->pool, "", 0, "new\n", 4, 3, &d), PLEIN_OK);
	assert_int_equal(d.added, 1);
	assert_int_equal(d.removed, 0);
	assert_int_equal(textdiff_lines(f->pool, "same", 4, "same\n", 5, 3, &d), PLEIN_OK);
	assert_int_equal(d.n, 0);
	/* text with a NUL-free but odd byte is still compared as text */
	assert_int_equal(textdiff_lines(f->pool, "a\x01\n", 3, "b\x01\n", 3, 3, &d), PLEIN_OK);
	assert_int_equal(d.added, 1);
	static char big[TEXTDIFF_INPUT_MAX + 1];
	assert_int_equal(textdiff_lines(f->pool, big, sizeof(big), "", 0, 3, &d), PLEIN_TOOBIG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test_setup_teardown(test_validation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_edit_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_revisions_restore, setup, teardown),
		cmocka_unit_test_setup_teardown(test_index_and_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_diff, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

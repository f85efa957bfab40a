/* test_articles.c — articles against a real database: title rules and
 * excerpts, drafts read only by their author (and never in any list of
 * posts), publishing (post + side row, draft gone), the scheduler's tick
 * with a fake "now" (not before time; a draft that can no longer be
 * published stays a draft with the reason), visibility of organisation,
 * public and group articles in the blog lists, edits (title, text), and
 * the comments the author has not answered yet. */
#include "unit.h"
#include "unit_cast.h"
#include "core/articles.h"
#include "core/attachments.h"
#include "core/comments.h"
#include "core/groups.h"
#include "core/people.h"
#include "core/posts.h"
#include "core/visibility.h"
#include <time.h>

enum { AUTHOR, READER, MEMBER, GUEST, N_PEOPLE };

static const struct unit_cast_member cast[N_PEOPLE] = {
	[AUTHOR] = { "Ada Author", "member" },
	[READER] = { "Rik Reader", "member" },
	[MEMBER] = { "Mia Member", "member" },
	[GUEST] = { "Gus Guest", "guest" },
};

static int setup(void **state)
{
	return unit_cast_setup(state, "articles", cast, N_PEOPLE);
}

static bool listed(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

static bool in_org_list(struct fixture *f, int viewer, int64_t id)
{
	int64_t *ids = NULL;
	size_t n = 0;
	assert_int_equal(articles_list(f->db, viewer < 0 ? NULL : who(f, viewer), 0, 50, &ids, &n), PLEIN_OK);
	bool r = listed(ids, n, id);
	free(ids);
	return r;
}

static bool in_public_list(struct fixture *f, int64_t author, int64_t id)
{
	int64_t *ids = NULL;
	size_t n = 0;
	assert_int_equal(articles_public_list(f->db, author, 0, 50, &ids, &n), PLEIN_OK);
	bool r = listed(ids, n, id);
	free(ids);
	return r;
}

static void test_rules(void **state)
{
	UNUSED(state);
	assert_null(articles_title_error("A title"));
	assert_non_null(articles_title_error("   "));
	assert_non_null(articles_title_error(NULL));
	assert_non_null(articles_title_error("two\nlines"));
	char longer[260];
	memset(longer, 'x', 201);
	longer[201] = '\0';
	assert_non_null(articles_title_error(longer));
	struct pool *p = pool_new();
	assert_string_equal(articles_excerpt(p, "<h1>Hi &amp; bye</h1>\n<p>one  <em>two</em></p>", 200), "Hi & bye one two");
	assert_string_equal(articles_excerpt(p, "<p>abcdef ghij</p>", 6), "abcdef…");
	assert_string_equal(articles_excerpt(p, "<p>é é é é</p>", 3), "é é…");
	pool_free(p);
	int64_t t;
	assert_int_equal(articles_parse_time("2026-11-24T10:30", 0, &t), PLEIN_OK);
	assert_int_equal(t, 1795516200);
	assert_int_equal(articles_parse_time("2026-11-24T10:30:15Z", 0, &t), PLEIN_OK);
	assert_int_equal(t, 1795516215);
	assert_int_equal(articles_parse_time("2026-11-24T10:30", -60, &t), PLEIN_OK);  /* UTC+1 */
	assert_int_equal(t, 1795516200 - 3600);
	assert_int_equal(articles_parse_time("2024-02-29T00:00", 0, &t), PLEIN_OK);
	assert_int_equal(articles_parse_time("2026-02-29T00:00", 0, &t), PLEIN_INVALID);
	assert_int_equal(articles_parse_time("2026-11-24 10:30", 0, &t), PLEIN_INVALID);
	assert_int_equal(articles_parse_time("2026-11-24T25:30", 0, &t), PLEIN_INVALID);
	assert_int_equal(articles_parse_time("2026-11-24T10:30Zx", 0, &t), PLEIN_INVALID);
	assert_int_equal(articles_parse_time("", 0, &t), PLEIN_INVALID);
}

static void test_drafts_private(void **state)
{
	struct fixture *f = *state;
	const char *msg, *field;
	int64_t now = (int64_t)time(NULL), d, d2;
	struct article_input in = { .title = "  Draft canary zebra  ", .body = "Secret *draft*" };
	assert_int_equal(articles_draft_save(f->db, f->pool, who(f, AUTHOR), 0, &in, now, &d, &msg, &field), PLEIN_OK);
	struct article_draft *got;
	assert_int_equal(articles_draft_get(f->db, f->pool, f->id[AUTHOR], d, &got), PLEIN_OK);
	assert_string_equal(got->title, "Draft canary zebra");
	assert_string_equal(got->visibility, "organisation");
	/* someone else's draft does not exist for them */
	assert_int_equal(articles_draft_get(f->db, f->pool, f->id[READER], d, &got), PLEIN_NOTFOUND);
	assert_int_equal(articles_draft_save(f->db, f->pool, who(f, READER), d, &in, now, &d2, &msg, &field), PLEIN_NOTFOUND);
	assert_int_equal(articles_draft_delete(f->db, f->id[READER], d), PLEIN_NOTFOUND);
	struct article_draft *list;
	size_t n;
	assert_int_equal(articles_drafts(f->db, f->pool, f->id[READER], &list, &n), PLEIN_OK);
	assert_int_equal(n, 0);
	assert_int_equal(articles_drafts(f->db, f->pool, f->id[AUTHOR], &list, &n), PLEIN_OK);
	assert_int_equal(n, 1);
	/* a draft is no post: nothing of it in posts at all */
	assert_int_equal(count(f, "SELECT count(*) FROM posts WHERE author_id = ?", f->id[AUTHOR]), 0);
	/* empty drafts and bad places are refused */
	struct article_input empty = { .title = " ", .body = "" };
	assert_int_equal(articles_draft_save(f->db, f->pool, who(f, AUTHOR), 0, &empty, now, &d2, &msg, &field), PLEIN_INVALID);
	struct article_input bad = { .title = "x", .body = "y", .visibility = "secret" };
	assert_int_equal(articles_draft_save(f->db, f->pool, who(f, AUTHOR), 0, &bad, now, &d2, &msg, &field), PLEIN_INVALID);
	assert_string_equal(field, "visibility");
	struct article_input past = { .title = "x", .body = "y", .publish_at = now - 10 };
	assert_int_equal(articles_draft_save(f->db, f->pool, who(f, AUTHOR), 0, &past, now, &d2, &msg, &field), PLEIN_INVALID);
	assert_string_equal(field, "publish_at");
	/* guests cannot write for the organisation */
	assert_int_equal(articles_draft_save(f->db, f->pool, who(f, GUEST), 0, &in, now, &d2, &msg, &field), PLEIN_DENIED);
	/* a draft without a title cannot be published */
	struct article_input untitled = { .title = "", .body = "Only text" };
	assert_int_equal(articles_draft_save(f->db, f->pool, who(f, AUTHOR), 0, &untitled, now, &d2, &msg, &field), PLEIN_OK);
	int64_t post;
	assert_int_equal(articles_draft_publish(f->db, f->pool, who(f, AUTHOR), d2, &post, &msg, &field), PLEIN_INVALID);
	assert_string_equal(field, "title");
	/* publishing: a post of kind article with its row, the draft gone */
	assert_int_equal(articles_draft_publish(f->db, f->pool, who(f, READER), d, &post, &msg, &field), PLEIN_NOTFOUND);
	assert_int_equal(articles_draft_publish(f->db, f->pool, who(f, AUTHOR), d, &post, &msg, &field), PLEIN_OK);
	assert_int_equal(articles_draft_get(f->db, f->pool, f->id[AUTHOR], d, &got), PLEIN_NOTFOUND);
	struct article *a;
	assert_int_equal(articles_get(f->db, f->pool, post, &a), PLEIN_OK);
	assert_string_equal(a->post.kind, "article");
	assert_string_equal(a->post.title, "Draft canary zebra");
	assert_string_equal(a->post.visibility, "organisation");
	assert_true(in_org_list(f, READER, post));
	assert_false(in_org_list(f, GUEST, post));
	assert_false(in_org_list(f, -1, post));
	assert_false(in_public_list(f, 0, post));
	/* a plain post is not an article */
	int64_t plain;
	struct post_input pi = { .text = "plain" };
	assert_int_equal(posts_create(f->db, f->pool, who(f, AUTHOR), &pi, &plain, &msg), PLEIN_OK);
	assert_int_equal(articles_get(f->db, f->pool, plain, &a), PLEIN_NOTFOUND);
	/* and a client cannot make a post of kind article without this module's title */
	struct post_input forged = { .text = "x", .kind = "article" };
	assert_int_equal(posts_create(f->db, f->pool, who(f, AUTHOR), &forged, &plain, &msg), PLEIN_INVALID);
}

static void test_schedule_tick(void **state)
{
	struct fixture *f = *state;
	const char *msg, *field;
	int64_t now = (int64_t)time(NULL), d, late, published;
	struct article_input in = { .title = "Scheduled", .body = "Later", .visibility = "public", .publish_at = now + 3600 };
	assert_int_equal(articles_draft_save(f->db, f->pool, who(f, AUTHOR), 0, &in, now, &d, &msg, &field), PLEIN_OK);
	in.publish_at = now + 7200;
	assert_int_equal(articles_draft_save(f->db, f->pool, who(f, AUTHOR), 0, &in, now, &late, &msg, &field), PLEIN_OK);
	/* not yet */
	assert_int_equal(articles_tick(f->db, now + 3599, &published), PLEIN_OK);
	assert_int_equal(published, 0);
	assert_int_equal(count(f, "SELECT count(*) FROM posts WHERE author_id = ?", f->id[AUTHOR]), 0);
	/* due: published, the later one waits */
	assert_int_equal(articles_tick(f->db, now + 3600, &published), PLEIN_OK);
	assert_int_equal(published, 1);
	assert_int_equal(count(f, "SELECT count(*) FROM posts WHERE kind = 'article' AND author_id = ?", f->id[AUTHOR]), 1);
	struct article_draft *got;
	assert_int_equal(articles_draft_get(f->db, f->pool, f->id[AUTHOR], d, &got), PLEIN_NOTFOUND);
	assert_int_equal(articles_draft_get(f->db, f->pool, f->id[AUTHOR], late, &got), PLEIN_OK);
	int64_t post = count(f, "SELECT id FROM posts WHERE author_id = ?", f->id[AUTHOR]);
	assert_true(in_public_list(f, 0, post));
	assert_true(in_public_list(f, f->id[AUTHOR], post));
	assert_false(in_public_list(f, f->id[READER], post));
	/* the author leaves: the due draft stays a draft, unscheduled, with the reason; public articles leave the blog */
	assert_int_equal(people_set_status(f->db, f->id[AUTHOR], "deactivated"), PLEIN_OK);
	assert_false(in_public_list(f, 0, post));
	assert_int_equal(articles_tick(f->db, now + 7200, &published), PLEIN_OK);
	assert_int_equal(published, 0);
	assert_int_equal(articles_draft_get(f->db, f->pool, f->id[AUTHOR], late, &got), PLEIN_OK);
	assert_int_equal(got->publish_at, 0);
	assert_non_null(got->publish_error);
	assert_int_equal(articles_tick(f->db, now + 9000, &published), PLEIN_OK);
	assert_int_equal(published, 0);
}

/* An image upload row of `owner` (no file: the rules read the row only). */
static int64_t image_row(struct fixture *f, int owner, const char *key)
{
	assert_int_equal(db_exec(f->db, "INSERT INTO attachments(owner_id, key, name, mime, size, width, height, created_at) "
	                                "VALUES (?, ?, 'cover.png', 'image/png', 10, 4, 4, ?)", "isi",
	                         f->id[owner], key, (int64_t)time(NULL)), PLEIN_OK);
	return db_last_insert_id(f->db);
}

/* The cover is referenced by articles / article_drafts with foreign keys
 * on: replacing it, and the sweep taking the files of deleted posts, must
 * let go of the reference first (review: both failed with a constraint
 * error, the edit as a 503 and the hourly sweep for good). */
static void test_cover_references(void **state)
{
	struct fixture *f = *state;
	const char *msg, *field;
	int64_t post, rows, files, c1 = image_row(f, AUTHOR, "k1"), c2 = image_row(f, AUTHOR, "k2");
	struct article_input in = { .title = "Covered", .body = "Text", .cover_id = c1 };
	assert_int_equal(articles_publish(f->db, f->pool, who(f, AUTHOR), &in, &post, &msg, &field), PLEIN_OK);
	assert_int_equal(articles_edit(f->db, f->pool, who(f, AUTHOR), post, "Covered", "Text", c2, &msg, &field), PLEIN_OK);
	struct article *a;
	assert_int_equal(articles_get(f->db, f->pool, post, &a), PLEIN_OK);
	assert_int_equal(a->cover_id, c2);
	assert_int_equal(count(f, "SELECT count(*) FROM attachments WHERE id = ?", c1), 0);
	assert_int_equal(articles_edit(f->db, f->pool, who(f, AUTHOR), post, "Covered", "Text", -1, &msg, &field), PLEIN_OK);
	assert_int_equal(articles_get(f->db, f->pool, post, &a), PLEIN_OK);
	assert_int_equal(a->cover_id, 0);

	/* a deleted article's cover goes with the sweep */
	int64_t c3 = image_row(f, AUTHOR, "k3"), gone;
	in.cover_id = c3;
	assert_int_equal(articles_publish(f->db, f->pool, who(f, AUTHOR), &in, &gone, &msg, &field), PLEIN_OK);
	assert_int_equal(posts_delete(f->db, who(f, AUTHOR), gone), PLEIN_OK);
	/* a draft naming an upload that a post (deleted since) used after all */
	int64_t c4 = image_row(f, AUTHOR, "k4"), d, used;
	struct article_input din = { .title = "Draft", .body = "", .cover_id = c4 };
	assert_int_equal(articles_draft_save(f->db, f->pool, who(f, AUTHOR), 0, &din, (int64_t)time(NULL), &d, &msg, &field),
	                 PLEIN_OK);
	struct post_input pin = { .text = "with the picture", .attachments = &c4, .n_attachments = 1 };
	assert_int_equal(posts_create(f->db, f->pool, who(f, AUTHOR), &pin, &used, &msg), PLEIN_OK);
	assert_int_equal(posts_delete(f->db, who(f, AUTHOR), used), PLEIN_OK);
	assert_int_equal(attachments_sweep(f->db, (int64_t)time(NULL), &rows, &files), PLEIN_OK);
	assert_int_equal(count(f, "SELECT count(*) FROM attachments WHERE id = ?", c3), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM attachments WHERE id = ?", c4), 0);
	assert_int_equal(articles_get(f->db, f->pool, gone, &a), PLEIN_OK);
	assert_int_equal(a->cover_id, 0);
	struct article_draft *got;
	assert_int_equal(articles_draft_get(f->db, f->pool, f->id[AUTHOR], d, &got), PLEIN_OK);
	assert_int_equal(got->cover_id, 0);

	/* ... or that became a group's file, deleted since */
	int64_t c5 = image_row(f, AUTHOR, "k5"), g;
	din.cover_id = c5;
	assert_int_equal(articles_draft_save(f->db, f->pool, who(f, AUTHOR), d, &din, (int64_t)time(NULL), &d, &msg, &field),
	                 PLEIN_OK);
	struct group_input gi = { .name = "Cover club", .kind = "open" };
	assert_int_equal(groups_create(f->db, f->pool, who(f, AUTHOR), &gi, &g, &msg), PLEIN_OK);
	struct group *grp;
	assert_int_equal(groups_get(f->db, f->pool, g, &grp), PLEIN_OK);
	assert_int_equal(attachments_claim_group(f->db, who(f, AUTHOR), grp, c5, &msg), PLEIN_OK);
	assert_int_equal(attachments_group_delete(f->db, f->pool, who(f, AUTHOR), g, c5), PLEIN_OK);
	assert_int_equal(articles_draft_get(f->db, f->pool, f->id[AUTHOR], d, &got), PLEIN_OK);
	assert_int_equal(got->cover_id, 0);
}

/* The tick publishes as the author is now: out of the group since the
 * draft was scheduled, the draft stays a draft with the reason (review). */
static void test_tick_lost_group(void **state)
{
	struct fixture *f = *state;
	const char *msg, *field;
	int64_t g, d, published, now = (int64_t)time(NULL);
	struct group_input gi = { .name = "Inner room", .kind = "secret" };
	assert_int_equal(groups_create(f->db, f->pool, who(f, MEMBER), &gi, &g, &msg), PLEIN_OK);
	assert_int_equal(groups_member_add(f->db, who(f, MEMBER), g, f->id[AUTHOR], "member", &msg), PLEIN_OK);
	struct article_input in = { .title = "For the room", .body = "Room text", .group_id = g, .publish_at = now + 60 };
	assert_int_equal(articles_draft_save(f->db, f->pool, who(f, AUTHOR), 0, &in, now, &d, &msg, &field), PLEIN_OK);
	assert_int_equal(groups_member_remove(f->db, who(f, MEMBER), g, f->id[AUTHOR], &msg), PLEIN_OK);
	assert_int_equal(articles_tick(f->db, now + 60, &published), PLEIN_OK);
	assert_int_equal(published, 0);
	assert_int_equal(count(f, "SELECT count(*) FROM posts WHERE kind = 'article' AND author_id = ?", f->id[AUTHOR]), 0);
	struct article_draft *got;
	assert_int_equal(articles_draft_get(f->db, f->pool, f->id[AUTHOR], d, &got), PLEIN_OK);
	assert_int_equal(got->publish_at, 0);
	assert_non_null(got->publish_error);
	assert_int_equal(got->group_id, g);   /* never widened to the organisation */
}

static void test_groups_edit_comments(void **state)
{
	struct fixture *f = *state;
	const char *msg, *field;
	int64_t g, post, d;
	struct group_input gi = { .name = "Closed circle", .kind = "closed" };
	assert_int_equal(groups_create(f->db, f->pool, who(f, MEMBER), &gi, &g, &msg), PLEIN_OK);
	/* only members may write in the group */
	struct article_input in = { .title = "Group article", .body = "For the circle", .group_id = g };
	assert_int_equal(articles_publish(f->db, f->pool, who(f, AUTHOR), &in, &post, &msg, &field), PLEIN_DENIED);
	assert_int_equal(articles_draft_save(f->db, f->pool, who(f, AUTHOR), 0, &in, time(NULL), &d, &msg, &field), PLEIN_DENIED);
	assert_int_equal(articles_publish(f->db, f->pool, who(f, MEMBER), &in, &post, &msg, &field), PLEIN_OK);
	struct article *a;
	assert_int_equal(articles_get(f->db, f->pool, post, &a), PLEIN_OK);
	assert_string_equal(a->post.visibility, "group");
	assert_true(in_org_list(f, MEMBER, post));
	assert_false(in_org_list(f, READER, post));
	assert_false(in_public_list(f, 0, post));
	/* public needs no group */
	struct article_input mixed = { .title = "t", .body = "b", .visibility = "public", .group_id = g };
	assert_int_equal(articles_publish(f->db, f->pool, who(f, MEMBER), &mixed, &post, &msg, &field), PLEIN_INVALID);
	/* edit: title and text, with a revision */
	struct article_input pub = { .title = "Public one", .body = "First text", .visibility = "public" };
	assert_int_equal(articles_publish(f->db, f->pool, who(f, AUTHOR), &pub, &post, &msg, &field), PLEIN_OK);
	assert_int_equal(articles_edit(f->db, f->pool, who(f, AUTHOR), post, "Better title", "Second text", 0, &msg, &field), PLEIN_OK);
	assert_int_equal(articles_get(f->db, f->pool, post, &a), PLEIN_OK);
	assert_string_equal(a->post.title, "Better title");
	assert_string_equal(a->post.body, "Second text");
	assert_true(a->post.edited_at > 0);
	assert_int_equal(count(f, "SELECT count(*) FROM post_revisions WHERE post_id = ?", post), 1);
	assert_int_equal(articles_edit(f->db, f->pool, who(f, AUTHOR), post, "", "x", 0, &msg, &field), PLEIN_INVALID);
	/* long-form: more than a post's 10,000 characters */
	char *big = malloc(20001);
	memset(big, 'w', 20000);
	big[20000] = '\0';
	assert_int_equal(articles_edit(f->db, f->pool, who(f, AUTHOR), post, "Long", big, 0, &msg, &field), PLEIN_OK);
	int64_t plain;
	struct post_input pi = { .text = big };
	assert_int_equal(posts_create(f->db, f->pool, who(f, AUTHOR), &pi, &plain, &msg), PLEIN_INVALID);
	free(big);
	/* comments without a reply from the author */
	assert_int_equal(articles_get(f->db, f->pool, post, &a), PLEIN_OK);
	int64_t c1, c2, c3, r;
	assert_int_equal(comments_create(f->db, f->pool, who(f, READER), &a->post, 0, "Question one", NULL, 0, &c1, &msg), PLEIN_OK);
	assert_int_equal(comments_create(f->db, f->pool, who(f, MEMBER), &a->post, 0, "Question two", NULL, 0, &c2, &msg), PLEIN_OK);
	assert_int_equal(comments_create(f->db, f->pool, who(f, AUTHOR), &a->post, 0, "My own note", NULL, 0, &c3, &msg), PLEIN_OK);
	int64_t *ids = NULL;
	size_t n = 0;
	assert_int_equal(articles_unanswered(f->db, post, f->id[AUTHOR], &ids, &n), PLEIN_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], c1);
	free(ids);
	/* someone else's reply does not count; the author's does */
	assert_int_equal(comments_create(f->db, f->pool, who(f, MEMBER), &a->post, c1, "Me too", NULL, 0, &r, &msg), PLEIN_OK);
	assert_int_equal(comments_create(f->db, f->pool, who(f, AUTHOR), &a->post, c1, "Answer", NULL, 0, &r, &msg), PLEIN_OK);
	assert_int_equal(articles_unanswered(f->db, post, f->id[AUTHOR], &ids, &n), PLEIN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], c2);
	free(ids);
	/* deleting the article takes it out of every list */
	assert_int_equal(posts_delete(f->db, who(f, AUTHOR), post), PLEIN_OK);
	assert_false(in_public_list(f, 0, post));
	assert_false(in_org_list(f, READER, post));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules),
		cmocka_unit_test_setup_teardown(test_drafts_private, setup, unit_cast_teardown),
		cmocka_unit_test_setup_teardown(test_schedule_tick, setup, unit_cast_teardown),
		cmocka_unit_test_setup_teardown(test_groups_edit_comments, setup, unit_cast_teardown),
		cmocka_unit_test_setup_teardown(test_cover_references, setup, unit_cast_teardown),
		cmocka_unit_test_setup_teardown(test_tick_lost_group, setup, unit_cast_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

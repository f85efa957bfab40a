/* test_notifications.c — notifications through the real writers (posts,
 * comments, reactions, follows): who is notified, per-kind settings, the
 * list with its cursor, unread counts, marking read (only one's own), and
 * what a notification shows once its post is deleted or hidden. */
#include "unit.h"
#include "core/notifications.h"
#include "core/comments.h"
#include "core/follows.h"
#include "core/people.h"
#include "core/posts.h"
#include "core/reactions.h"
#include "lib/utf8.h"

struct fx {
	char dir[64], path[128];
	struct db *db;
	struct pool *pool;
	struct person *ann, *bob, *cas;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	int64_t a, b, c;
	if (!f || unit_store_open("notif", f->dir, f->path, &f->db, &f->pool) ||
	    people_create(f->db, "ann@example.com", "Ann Peeters", "member", NULL, &a) ||
	    people_create(f->db, "bob@example.com", "Bob Jansen", "member", NULL, &b) ||
	    people_create(f->db, "cas@example.com", "Cas de Vries", "member", NULL, &c) ||
	    people_get(f->db, f->pool, a, &f->ann) || people_get(f->db, f->pool, b, &f->bob) ||
	    people_get(f->db, f->pool, c, &f->cas))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	unit_store_close(f->dir, f->path, f->db, f->pool);
	free(f);
	return 0;
}

static int64_t post(struct fx *f, const struct person *author, const char *text)
{
	int64_t id = 0;
	const char *msg = NULL;
	struct post_input in = { .text = text };
	int rc = posts_create(f->db, f->pool, author, &in, &id, &msg);
	if (rc)
		fail_msg("posts_create: %d %s", rc, msg ? msg : "");
	return id;
}

static struct post *load(struct fx *f, int64_t id)
{
	struct post *p = NULL;
	assert_int_equal(posts_get(f->db, f->pool, id, &p), PLEIN_OK);
	return p;
}

static int64_t unread(struct fx *f, int64_t who)
{
	int64_t n = -1;
	assert_int_equal(notifications_unread_count(f->db, who, &n), PLEIN_OK);
	return n;
}

static struct notification *list(struct fx *f, const struct person *who, size_t *n)
{
	struct notification *items;
	int64_t next;
	assert_int_equal(notifications_list(f->db, f->pool, who, 0, false, 50, &items, n, &next), PLEIN_OK);
	return items;
}

static void test_add_skips_self_and_disabled(void **state)
{
	struct fx *f = *state;
	assert_int_equal(notifications_add(f->db, f->ann->id, "follow", f->ann->id, 0, 0), PLEIN_OK);
	assert_int_equal(unread(f, f->ann->id), 0);
	assert_int_equal(notifications_add(f->db, f->ann->id, "bogus", f->bob->id, 0, 0), PLEIN_OK);
	assert_int_equal(unread(f, f->ann->id), 0);

	bool on[NOTIFICATION_KINDS];
	assert_int_equal(notifications_settings_get(f->db, f->ann->id, on), PLEIN_OK);
	for (size_t i = 0; i < NOTIFICATION_KINDS; i++)
		assert_true(on[i]);  /* default on */
	on[4] = false;           /* follow */
	assert_string_equal(notification_kinds[4], "follow");
	assert_int_equal(notifications_settings_set(f->db, f->ann->id, on), PLEIN_OK);
	bool changed;
	assert_int_equal(follows_set(f->db, f->bob->id, f->ann->id, true, &changed), PLEIN_OK);
	assert_true(changed);
	assert_int_equal(unread(f, f->ann->id), 0);  /* turned off: nothing stored */

	/* other kinds still arrive; the setting is Ann's alone */
	int64_t id = post(f, f->ann, "Hello everyone");
	assert_int_equal(reactions_set(f->db, f->bob, load(f, id), "tada", true, &changed), PLEIN_OK);
	assert_int_equal(unread(f, f->ann->id), 1);
	assert_int_equal(follows_set(f->db, f->ann->id, f->bob->id, true, &changed), PLEIN_OK);
	assert_int_equal(unread(f, f->bob->id), 1);

	/* turned on again */
	on[4] = true;
	assert_int_equal(notifications_settings_set(f->db, f->ann->id, on), PLEIN_OK);
	assert_int_equal(notifications_settings_get(f->db, f->ann->id, on), PLEIN_OK);
	assert_true(on[4]);
	assert_int_equal(follows_set(f->db, f->cas->id, f->ann->id, true, &changed), PLEIN_OK);
	assert_int_equal(unread(f, f->ann->id), 2);
}

static void test_kinds_and_text(void **state)
{
	struct fx *f = *state;
	char text[200];
	snprintf(text, sizeof(text), "Thanks @[Bob Jansen](/people/%lld) for the **review** of <b>the plan</b>",
	         (long long)f->bob->id);
	int64_t pid = post(f, f->ann, text);
	struct post *p = load(f, pid);
	int64_t c1, c2;
	const char *msg;
	assert_int_equal(comments_create(f->db, f->pool, f->bob, p, 0, "Happy to help!", NULL, 0, &c1, &msg), PLEIN_OK);
	assert_int_equal(comments_create(f->db, f->pool, f->cas, p, c1, "Me too", NULL, 0, &c2, &msg), PLEIN_OK);
	bool changed;
	assert_int_equal(reactions_set(f->db, f->bob, p, "heart", true, &changed), PLEIN_OK);

	size_t n;
	struct notification *bob = list(f, f->bob, &n);
	/* newest first: Cas's reply to Bob's comment, then Ann's mention */
	assert_int_equal(n, 2);
	assert_string_equal(bob[0].kind, "reply");
	assert_int_equal(bob[0].actor_id, f->cas->id);
	assert_string_equal(bob[0].actor_name, "Cas de Vries");
	assert_true(bob[0].to_comment);
	assert_int_equal(bob[0].comment_id, c2);
	assert_int_equal(bob[0].post_id, pid);
	assert_string_equal(bob[0].text, "Me too");
	assert_string_equal(bob[1].kind, "mention");
	assert_int_equal(bob[1].comment_id, 0);
	/* plain text: no Markdown, no HTML; a mention reads "@Name" */
	assert_string_equal(bob[1].text, "Thanks @Bob Jansen for the review of the plan");
	assert_false(bob[1].read);

	struct notification *ann = list(f, f->ann, &n);
	assert_int_equal(n, 3);  /* reaction, Cas's reply, Bob's comment */
	assert_string_equal(ann[0].kind, "reaction");
	assert_string_equal(ann[0].reaction, "heart");
	assert_string_equal(ann[1].kind, "reply");
	assert_false(ann[1].to_comment);
	assert_string_equal(ann[2].text, "Happy to help!");

	/* praise: the badge comes along */
	int64_t praised[] = { f->cas->id };
	struct post_input in = { .text = "You kept us going", .kind = "praise", .badge = "team_player",
	                         .praised = praised, .n_praised = 1 };
	int64_t prid;
	assert_int_equal(posts_create(f->db, f->pool, f->ann, &in, &prid, &msg), PLEIN_OK);
	struct notification *cas = list(f, f->cas, &n);
	assert_int_equal(n, 1);
	assert_string_equal(cas[0].kind, "praise");
	assert_string_equal(cas[0].badge, "team_player");
	assert_string_equal(cas[0].text, "You kept us going");
}

static void test_list_cursor_and_unread(void **state)
{
	struct fx *f = *state;
	char text[100];
	for (int i = 0; i < 7; i++) {
		snprintf(text, sizeof(text), "note %d for @[Bob](/people/%lld)", i, (long long)f->bob->id);
		(void)post(f, f->ann, text);
	}
	assert_int_equal(unread(f, f->bob->id), 7);
	struct notification *items;
	size_t n;
	int64_t next, seen[7];
	size_t k = 0;
	int64_t cursor = 0;
	do {
		assert_int_equal(notifications_list(f->db, f->pool, f->bob, cursor, false, 3, &items, &n, &next), PLEIN_OK);
		assert_true(n <= 3);
		for (size_t i = 0; i < n; i++) {
			if (k)
				assert_true(items[i].id < seen[k - 1]);  /* strictly newest first, no repeats */
			seen[k++] = items[i].id;
		}
		cursor = next;
	} while (cursor);
	assert_int_equal(k, 7);
	assert_string_equal(notifications_snippet(f->pool, "note 0", 6), "note 0");

	/* mark one read: unread count and the unread-only list follow */
	assert_int_equal(notifications_mark_read(f->db, f->bob->id, &seen[0], 1, NULL), PLEIN_OK);
	assert_int_equal(unread(f, f->bob->id), 6);
	assert_int_equal(notifications_list(f->db, f->pool, f->bob, 0, true, 50, &items, &n, &next), PLEIN_OK);
	assert_int_equal(n, 6);
	assert_int_equal(next, 0);
	for (size_t i = 0; i < n; i++)
		assert_true(items[i].id != seen[0] && !items[i].read);
	struct notification *one;
	assert_int_equal(notifications_get(f->db, f->pool, f->bob, seen[0], &one), PLEIN_OK);
	assert_true(one->read);

	/* another person's ids: ignored, not marked, not readable */
	int changed = -1;
	assert_int_equal(notifications_mark_read(f->db, f->cas->id, &seen[1], 2, &changed), PLEIN_OK);
	assert_int_equal(changed, 0);
	assert_int_equal(unread(f, f->bob->id), 6);
	assert_int_equal(notifications_get(f->db, f->pool, f->cas, seen[1], &one), PLEIN_NOTFOUND);
	assert_int_equal(notifications_mark_all_read(f->db, f->cas->id, &changed), PLEIN_OK);
	assert_int_equal(unread(f, f->bob->id), 6);

	/* marking again changes nothing; too many ids at once are refused */
	assert_int_equal(notifications_mark_read(f->db, f->bob->id, &seen[0], 1, &changed), PLEIN_OK);
	assert_int_equal(changed, 0);
	int64_t many[NOTIFICATIONS_MARK_MAX + 1] = { 0 };
	assert_int_equal(notifications_mark_read(f->db, f->bob->id, many, ARRAY_LEN(many), &changed), PLEIN_TOOBIG);

	assert_int_equal(notifications_mark_all_read(f->db, f->bob->id, &changed), PLEIN_OK);
	assert_int_equal(changed, 6);
	assert_int_equal(unread(f, f->bob->id), 0);
}

static void test_deleted_or_hidden_post_shows_no_snippet(void **state)
{
	struct fx *f = *state;
	char text[120];
	snprintf(text, sizeof(text), "Secret plan for @[Bob](/people/%lld)", (long long)f->bob->id);
	int64_t pid = post(f, f->ann, text);
	struct post *p = load(f, pid);
	int64_t cid;
	const char *msg;
	assert_int_equal(comments_create(f->db, f->pool, f->cas, p, 0, "Comment body", NULL, 0, &cid, &msg), PLEIN_OK);
	size_t n;
	struct notification *items = list(f, f->bob, &n);
	assert_int_equal(n, 1);
	assert_string_equal(items[0].text, "Secret plan for @Bob");

	/* a deleted comment: the post stays linked, the comment's text goes */
	assert_int_equal(comments_delete(f->db, cid), PLEIN_OK);
	items = list(f, f->ann, &n);
	assert_int_equal(n, 1);
	assert_string_equal(items[0].kind, "reply");
	assert_int_equal(items[0].post_id, pid);
	assert_int_equal(items[0].comment_id, 0);
	assert_string_equal(items[0].text, "");

	/* the post deleted: the notification stays, without content or link */
	assert_int_equal(posts_delete(f->db, f->ann, pid), PLEIN_OK);
	items = list(f, f->bob, &n);
	assert_int_equal(n, 1);
	assert_true(items[0].gone);
	assert_int_equal(items[0].post_id, 0);
	assert_string_equal(items[0].text, "");
	assert_int_equal(items[0].actor_id, f->ann->id);

	/* the recipient may no longer see organisation posts (now a guest) */
	snprintf(text, sizeof(text), "Inside news for @[Bob](/people/%lld)", (long long)f->bob->id);
	pid = post(f, f->ann, text);
	assert_int_equal(people_set_role(f->db, f->bob->id, "guest"), PLEIN_OK);
	struct person *guest;
	assert_int_equal(people_get(f->db, f->pool, f->bob->id, &guest), PLEIN_OK);
	items = list(f, guest, &n);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++) {
		assert_true(items[i].gone);
		assert_string_equal(items[i].text, "");
		assert_int_equal(items[i].post_id, 0);
	}
}

static void test_snippet(void **state)
{
	struct fx *f = *state;
	assert_string_equal(notifications_snippet(f->pool, "", 0), "");
	const char *md = "# Title\n\n- one\n- two\n\n`code` <script>x</script> [link](http://x) ~~";
	assert_string_equal(notifications_snippet(f->pool, md, strlen(md)), "Title one two code x link ~~");
	/* 300 characters: cut at 120 on a character boundary, "…" added */
	char longtext[400], want[200] = "";
	for (int i = 0; i < 100; i++)
		memcpy(longtext + i * 4, "\xc3\xa9 b", 4);  /* "é b": 3 characters, 4 bytes */
	for (int i = 0; i < 40; i++)
		memcpy(want + i * 4, "\xc3\xa9 b", 4);
	memcpy(want + 160, "\xe2\x80\xa6", 4);  /* with the NUL */
	const char *s = notifications_snippet(f->pool, longtext, sizeof(longtext));
	assert_true(utf8_valid(s, strlen(s)));
	assert_string_equal(s, want);
	/* cut inside a character by the source bound: still valid UTF-8 */
	char big[1300];
	memset(big, 'x', sizeof(big));
	memcpy(big + 1199, "\xc3\xa9", 2);  /* straddles the 1,200-byte bound */
	s = notifications_snippet(f->pool, big, sizeof(big));
	assert_true(utf8_valid(s, strlen(s)));
	/* controls from entities become spaces */
	const char *ctl = "a&#x85;b&#1;c\td";
	assert_string_equal(notifications_snippet(f->pool, ctl, strlen(ctl)), "a b c d");
	/* a last character of several bytes is kept */
	assert_string_equal(notifications_snippet(f->pool, "caf\xc3\xa9", 5), "caf\xc3\xa9");
	assert_string_equal(notifications_snippet(f->pool, "\xf0\x9f\x8e\x89", 4), "\xf0\x9f\x8e\x89");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_skips_self_and_disabled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kinds_and_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_cursor_and_unread, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted_or_hidden_post_shows_no_snippet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snippet, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

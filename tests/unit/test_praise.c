/* test_praise.c — the colleague in the spotlight with a fixed clock: fair
 * over many days (the most-praised person is not favoured), the same all
 * day and rotating daily, never the viewer while others qualify, only
 * active people, only praise in the last 30 days, only posts the viewer may
 * see; and the profile summary's counts per badge. */
#include "unit.h"
#include "core/people.h"
#include "core/praise.h"

#define DAY 86400
#define T0 (int64_t)1700000000  /* a fixed "now" far from the real clock */

static char dir[64], path[128];
static struct db *db;
static struct pool *pool;
static int64_t author, people[5], viewer_id;
static int64_t next_post = 1;

static int64_t person(const char *email, const char *role)
{
	int64_t id = 0;
	assert_int_equal(people_create(db, email, email, role, NULL, &id), PLEIN_OK);
	return id;
}

/* A praise post at `when` thanking `who`, with the given visibility. */
static void praise(int64_t who, int64_t when, const char *vis, const char *badge)
{
	int64_t id = next_post++;
	assert_int_equal(db_exec(db, "INSERT INTO posts(id, author_id, kind, visibility, body, body_html, badge, created_at) "
	                             "VALUES (?, ?, 'praise', ?, 'Thanks!', '<p>Thanks!</p>', ?, ?)",
	                         "iissi", id, author, vis, badge, when), PLEIN_OK);
	assert_int_equal(db_exec(db, "INSERT INTO praise(post_id, person_id, created_at) VALUES (?, ?, ?)", "iii", id, who,
	                         when), PLEIN_OK);
}

static int setup(void **state)
{
	(void)state;
	if (unit_store_open("praise", dir, path, &db, &pool))
		return -1;
	author = person("author@example.com", "member");
	viewer_id = person("viewer@example.com", "member");
	char email[64];
	for (size_t i = 0; i < 5; i++) {
		snprintf(email, sizeof(email), "p%zu@example.com", i);
		people[i] = person(email, "member");
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unit_store_close(dir, path, db, pool);
	return 0;
}

static struct person viewer(void)
{
	return (struct person){ .id = viewer_id, .role = "member", .status = "active", .name = "v", .email = "v@example.com" };
}

/* Over 300 days, with people[0] praised 20 times for every once of the
 * others, each of the five is in the spotlight about a fifth of the days. */
static void test_fair_over_days(void **state)
{
	(void)state;
	praise_spotlight_forget();
	int64_t start = T0 / DAY * DAY;  /* midnight UTC: +1 h and +21 h are the same day */
	for (int64_t t = start - 30 * DAY; t < start + 300 * DAY; t += 10 * DAY) {
		for (size_t i = 0; i < 5; i++)
			praise(people[i], t, "organisation", "helpful");
		for (int k = 0; k < 19; k++)
			praise(people[0], t + k + 1, "organisation", "expert");
	}
	struct person v = viewer();
	int picks[5] = { 0 }, changes = 0;
	int64_t last = 0;
	for (int d = 0; d < 300; d++) {
		int64_t now = start + d * DAY + 3600;
		struct person *p = NULL;
		struct praise_item item;
		assert_int_equal(praise_spotlight(db, pool, &v, now, &p, &item), PLEIN_OK);
		/* the same person all day long */
		struct person *again = NULL;
		struct praise_item item2;
		praise_spotlight_forget();
		assert_int_equal(praise_spotlight(db, pool, &v, now + 20 * 3600, &again, &item2), PLEIN_OK);
		assert_int_equal(again->id, p->id);
		assert_true(item.created_at <= now && item.created_at > now - 30 * DAY);
		for (size_t i = 0; i < 5; i++)
			picks[i] += people[i] == p->id;
		changes += last && last != p->id;
		last = p->id;
	}
	for (size_t i = 0; i < 5; i++) {
		/* expected 60 each; a fair draw stays well inside 30 … 95 */
		assert_in_range(picks[i], 30, 95);
	}
	assert_true(changes > 150);  /* rotates: a new person on most days */
}

static void test_never_the_viewer_while_others_qualify(void **state)
{
	(void)state;
	praise_spotlight_forget();
	int64_t now = T0 + 1000 * DAY;
	praise(viewer_id, now - DAY, "organisation", "mentor");
	praise(people[1], now - 2 * DAY, "organisation", "mentor");
	struct person v = viewer();
	for (int d = 0; d < 20; d++) {
		struct person *p;
		struct praise_item item;
		assert_int_equal(praise_spotlight(db, pool, &v, now + d * 3600, &p, &item), PLEIN_OK);
		assert_int_equal(p->id, people[1]);
	}
	/* once the other praise is older than 30 days, the viewer may be shown */
	praise_spotlight_forget();
	struct person *p;
	struct praise_item item;
	assert_int_equal(praise_spotlight(db, pool, &v, now + 28 * DAY + 3600, &p, &item), PLEIN_OK);
	assert_int_equal(p->id, viewer_id);
	praise_spotlight_forget();
	assert_int_equal(praise_spotlight(db, pool, &v, now + 40 * DAY, &p, &item), PLEIN_NOTFOUND);
}

static void test_only_active_and_visible(void **state)
{
	(void)state;
	praise_spotlight_forget();
	int64_t now = T0 + 2000 * DAY;
	praise(people[2], now - DAY, "organisation", "creative");
	praise(people[3], now - DAY, "public", "creative");
	assert_int_equal(people_set_status(db, people[2], "deactivated"), PLEIN_OK);
	struct person v = viewer();
	struct person *p;
	struct praise_item item;
	for (int d = 0; d < 10; d++) {
		praise_spotlight_forget();
		assert_int_equal(praise_spotlight(db, pool, &v, now + d * 3600, &p, &item), PLEIN_OK);
		assert_int_equal(p->id, people[3]);
	}
	assert_int_equal(people_set_status(db, people[2], "active"), PLEIN_OK);
	/* a guest sees only public praise: never people[2]'s */
	struct person guest = { .id = 999, .role = "guest", .status = "active", .name = "g", .email = "g@example.com" };
	for (int d = 0; d < 10; d++) {
		praise_spotlight_forget();
		assert_int_equal(praise_spotlight(db, pool, &guest, now + d * DAY / 10, &p, &item), PLEIN_OK);
		assert_int_equal(p->id, people[3]);
	}
	assert_int_equal(praise_spotlight(db, pool, NULL, now, &p, &item), PLEIN_OK);
	assert_int_equal(p->id, people[3]);
}

static void test_rank_is_deterministic_and_spread(void **state)
{
	(void)state;
	assert_true(praise_spotlight_rank(7, 100) == praise_spotlight_rank(7, 100));
	assert_true(praise_spotlight_rank(7, 100) != praise_spotlight_rank(7, 101));
	assert_true(praise_spotlight_rank(7, 100) != praise_spotlight_rank(8, 100));
}

static void test_summary_counts(void **state)
{
	(void)state;
	int64_t who = person("summary@example.com", "member");
	praise(who, T0, "organisation", "mentor");
	praise(who, T0 + 1, "organisation", "mentor");
	praise(who, T0 + 2, "public", "helpful");
	struct person v = viewer();
	struct praise_badge_count *c;
	size_t n;
	assert_int_equal(praise_received_summary(db, pool, &v, who, &c, &n), PLEIN_OK);
	assert_int_equal(n, 2);
	assert_string_equal(c[0].badge, "helpful");  /* the order of posts_badges() */
	assert_int_equal(c[0].count, 1);
	assert_string_equal(c[1].badge, "mentor");
	assert_int_equal(c[1].count, 2);
	struct person guest = { .id = 999, .role = "guest", .status = "active", .name = "g", .email = "g@example.com" };
	assert_int_equal(praise_received_summary(db, pool, &guest, who, &c, &n), PLEIN_OK);
	assert_int_equal(n, 1);
	struct praise_item *items;
	assert_int_equal(praise_recent_for_person(db, pool, &v, who, 2, &items, &n), PLEIN_OK);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].created_at, T0 + 2);
	assert_string_equal(items[0].author.name, "author@example.com");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fair_over_days),
		cmocka_unit_test(test_never_the_viewer_while_others_qualify),
		cmocka_unit_test(test_only_active_and_visible),
		cmocka_unit_test(test_rank_is_deterministic_and_spread),
		cmocka_unit_test(test_summary_counts),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

/* test_signups.c — sign-ups on posts: created with the post (in its
 * transaction: a refused sign-up leaves no post), sign up and withdraw
 * (idempotent), the cap (also with eight threads on their own connections
 * racing for three places), the deadline, who may sign up (group posts:
 * members; guests and the signed out not on organisation posts), who may
 * read the list, the CSV (RFC 4180 quoting, formula injection neutralised,
 * UTF-8 names) and the parsers of the form fields. */
#include "unit.h"
#include "core/groups.h"
#include "core/people.h"
#include "core/posts.h"
#include "core/signups.h"
#include "core/visibility.h"
#include <pthread.h>
#include <time.h>

enum { ANNA, BRAM, CARL, GUEST, N_PEOPLE = 12 };

static char db_dir[64], db_path[128];
static struct db *db;
static struct pool *pool;
static int64_t id[N_PEOPLE];
static struct person *who[N_PEOPLE];

static void load_people(void)
{
	for (int i = 0; i < N_PEOPLE; i++)
		assert_int_equal(visibility_person_get(db, pool, id[i], &who[i]), PLEIN_OK);
}

static int setup(void **state)
{
	if (unit_store_open("signups", db_dir, db_path, &db, &pool))
		return -1;
	for (int i = 0; i < N_PEOPLE; i++) {
		char email[64], name[64];
		snprintf(email, sizeof(email), "p%d@example.org", i);
		snprintf(name, sizeof(name), i == ANNA ? "Anna" : i == BRAM ? "Bram" : "Person %d", i);
		if (people_create(db, email, name, i == GUEST ? "guest" : "member", NULL, &id[i]) != PLEIN_OK)
			return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	unit_store_close(db_dir, db_path, db, pool);
	return 0;
}

static int64_t post_with_signup(int author, int64_t cap, int64_t deadline, int64_t group_id)
{
	struct post_input in = { .text = "We need volunteers to test the new modem", .signup = true,
	                         .signup_cap = cap, .signup_deadline = deadline, .group_id = group_id };
	int64_t pid;
	const char *msg = NULL;
	load_people();
	assert_int_equal(posts_create(db, pool, who[author], &in, &pid, &msg), PLEIN_OK);
	return pid;
}

static struct post *get_post(int64_t pid)
{
	struct post *p;
	assert_int_equal(posts_get(db, pool, pid, &p), PLEIN_OK);
	return p;
}

static void test_create(void **state)
{
	int64_t now = (int64_t)time(NULL);
	int64_t pid = post_with_signup(ANNA, 20, now + 86400, 0);
	struct signup s;
	assert_int_equal(signups_get(db, pid, id[BRAM], now, &s), PLEIN_OK);
	assert_int_equal(s.cap, 20);
	assert_int_equal(s.deadline, now + 86400);
	assert_int_equal(s.count, 0);
	assert_false(s.mine || s.closed || s.full);
	/* no limit, no deadline */
	pid = post_with_signup(ANNA, 0, 0, 0);
	assert_int_equal(signups_get(db, pid, 0, now, &s), PLEIN_OK);
	assert_int_equal(s.cap, 0);
	assert_int_equal(s.deadline, 0);
	/* a post without: none */
	struct post_input plain = { .text = "no sign-up here" };
	const char *msg;
	assert_int_equal(posts_create(db, pool, who[ANNA], &plain, &pid, &msg), PLEIN_OK);
	assert_int_equal(signups_get(db, pid, 0, now, &s), PLEIN_NOTFOUND);
	/* refused fields: nothing is written, not even the post */
	int64_t before = 0, after = 0;
	assert_int_equal(db_query_int(db, &before, "SELECT count(*) FROM posts", ""), 0);
	struct post_input bad = { .text = "past deadline", .signup = true, .signup_deadline = now - 10 };
	assert_int_equal(posts_create(db, pool, who[ANNA], &bad, &pid, &msg), PLEIN_INVALID);
	assert_string_equal(msg, "The closing date must be in the future.");
	bad.signup_deadline = 0;
	bad.signup_cap = SIGNUP_CAP_MAX + 1;
	assert_int_equal(posts_create(db, pool, who[ANNA], &bad, &pid, &msg), PLEIN_INVALID);
	bad.signup_cap = -1;
	assert_int_equal(posts_create(db, pool, who[ANNA], &bad, &pid, &msg), PLEIN_INVALID);
	assert_int_equal(db_query_int(db, &after, "SELECT count(*) FROM posts", ""), 0);
	assert_int_equal(before, after);
}

static void test_join_withdraw_cap(void **state)
{
	int64_t now = (int64_t)time(NULL);
	int64_t pid = post_with_signup(ANNA, 2, 0, 0);
	struct post *p = get_post(pid);
	const char *msg;
	assert_int_equal(signups_join(db, who[BRAM], p, now, &msg), PLEIN_OK);
	assert_int_equal(signups_join(db, who[BRAM], p, now, &msg), PLEIN_OK);  /* twice: still one place */
	struct signup s;
	assert_int_equal(signups_get(db, pid, id[BRAM], now, &s), PLEIN_OK);
	assert_int_equal(s.count, 1);
	assert_true(s.mine);
	assert_int_equal(signups_join(db, who[ANNA], p, now, &msg), PLEIN_OK);  /* the author may too */
	assert_int_equal(signups_join(db, who[CARL], p, now, &msg), PLEIN_CONFLICT);
	assert_string_equal(msg, "Every place is taken already.");
	assert_int_equal(signups_get(db, pid, id[CARL], now, &s), PLEIN_OK);
	assert_int_equal(s.count, 2);
	assert_true(s.full);
	assert_false(s.mine);
	/* a place comes free */
	assert_int_equal(signups_withdraw(db, who[BRAM], p, now, &msg), PLEIN_OK);
	assert_int_equal(signups_withdraw(db, who[BRAM], p, now, &msg), PLEIN_OK);  /* not signed up: fine */
	assert_int_equal(signups_join(db, who[CARL], p, now, &msg), PLEIN_OK);
	assert_int_equal(signups_get(db, pid, id[BRAM], now, &s), PLEIN_OK);
	assert_int_equal(s.count, 2);
	assert_false(s.mine);
	/* the list, in order of signing up */
	struct signup_entry *e;
	size_t n;
	assert_int_equal(signups_list(db, pool, pid, &e, &n), PLEIN_OK);
	assert_int_equal(n, 2);
	assert_int_equal(e[0].person_id, id[ANNA]);
	assert_string_equal(e[0].email, "p0@example.org");
	assert_int_equal(e[1].person_id, id[CARL]);
	/* no sign-up on a post: not found */
	struct post_input plain = { .text = "nothing to sign" };
	int64_t other;
	assert_int_equal(posts_create(db, pool, who[ANNA], &plain, &other, &msg), PLEIN_OK);
	assert_int_equal(signups_join(db, who[BRAM], get_post(other), now, &msg), PLEIN_NOTFOUND);
}

static void test_deadline(void **state)
{
	int64_t now = (int64_t)time(NULL), deadline = now + 3600;
	int64_t pid = post_with_signup(ANNA, 0, deadline, 0);
	struct post *p = get_post(pid);
	const char *msg;
	assert_int_equal(signups_join(db, who[BRAM], p, deadline, &msg), PLEIN_OK);  /* the last second counts */
	assert_int_equal(signups_join(db, who[CARL], p, deadline + 1, &msg), PLEIN_INVALID);
	assert_string_equal(msg, "Sign-ups for this post have closed.");
	assert_int_equal(signups_withdraw(db, who[BRAM], p, deadline + 1, &msg), PLEIN_INVALID);
	struct signup s;
	assert_int_equal(signups_get(db, pid, id[BRAM], deadline + 1, &s), PLEIN_OK);
	assert_true(s.closed);
	assert_true(s.mine);
	assert_int_equal(s.count, 1);
}

static void test_who_may(void **state)
{
	int64_t now = (int64_t)time(NULL);
	int64_t pid = post_with_signup(ANNA, 0, 0, 0);
	struct post *p = get_post(pid);
	const char *msg;
	/* guests do not take part in organisation posts; the signed out never */
	assert_int_equal(signups_join(db, who[GUEST], p, now, &msg), PLEIN_DENIED);
	assert_int_equal(signups_join(db, NULL, p, now, &msg), PLEIN_DENIED);
	/* a deleted post: no one */
	assert_int_equal(posts_delete(db, who[ANNA], pid), PLEIN_OK);
	p = get_post(pid);
	assert_int_equal(signups_join(db, who[BRAM], p, now, &msg), PLEIN_DENIED);
	assert_false(signups_may_list(who[ANNA], p));
	/* a closed group's post: its members (the guest too), not other colleagues */
	struct group_input gi = { .name = "Modem lab", .kind = "closed" };
	int64_t gid;
	assert_int_equal(groups_create(db, pool, who[ANNA], &gi, &gid, &msg), PLEIN_OK);
	assert_int_equal(db_exec(db, "INSERT INTO group_members(group_id, person_id, role, joined_at) VALUES (?, ?, 'member', 1)",
	                         "ii", gid, id[GUEST]), 0);
	pid = post_with_signup(ANNA, 0, 0, gid);
	load_people();
	p = get_post(pid);
	assert_int_equal(signups_join(db, who[GUEST], p, now, &msg), PLEIN_OK);
	assert_int_equal(signups_join(db, who[BRAM], p, now, &msg), PLEIN_DENIED);
	/* the list: the author only, while they may see the post */
	assert_true(signups_may_list(who[ANNA], p));
	assert_false(signups_may_list(who[GUEST], p));
	assert_false(signups_may_list(who[BRAM], p));
	assert_false(signups_may_list(NULL, p));
	assert_int_equal(db_exec(db, "DELETE FROM group_members WHERE group_id = ? AND person_id = ?", "ii", gid, id[ANNA]), 0);
	load_people();
	assert_false(signups_may_list(who[ANNA], p));
}

/* Eight people on eight connections sign up at once for three places. */
struct racer {
	int64_t post_id, person_id;
	int rc;
};

static void *race(void *arg)
{
	struct racer *r = arg;
	char err[256];
	struct db *conn = db_open(db_path, err, sizeof(err));
	struct pool *p = pool_new();
	struct person *v = NULL;
	struct post *post = NULL;
	const char *msg;
	r->rc = PLEIN_ERROR;
	if (conn && people_get(conn, p, r->person_id, &v) == PLEIN_OK && posts_get(conn, p, r->post_id, &post) == PLEIN_OK)
		r->rc = signups_join(conn, v, post, (int64_t)time(NULL), &msg);
	db_close(conn);
	pool_free(p);
	return NULL;
}

static void test_cap_concurrent(void **state)
{
	int64_t pid = post_with_signup(ANNA, 3, 0, 0);
	enum { RACERS = 8 };
	struct racer r[RACERS];
	pthread_t t[RACERS];
	for (int i = 0; i < RACERS; i++) {
		r[i] = (struct racer){ .post_id = pid, .person_id = id[4 + i] };
		assert_int_equal(pthread_create(&t[i], NULL, race, &r[i]), 0);
	}
	int ok = 0, full = 0;
	for (int i = 0; i < RACERS; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		ok += r[i].rc == PLEIN_OK;
		full += r[i].rc == PLEIN_CONFLICT;
	}
	assert_int_equal(ok, 3);
	assert_int_equal(full, RACERS - 3);
	int64_t n = 0;
	assert_int_equal(db_query_int(db, &n, "SELECT count(*) FROM signup_entries WHERE post_id = ?", "i", pid), 0);
	assert_int_equal(n, 3);
}

static void csv_of(const char *cell, const char *expect)
{
	struct strbuf sb = STRBUF_INIT;
	signups_csv_cell(&sb, cell);
	assert_string_equal(sb.buf, expect);
	strbuf_release(&sb);
}

static void test_csv(void **state)
{
	csv_of("Anna de Vries", "Anna de Vries");
	csv_of("", "");
	csv_of("Vries, Anna", "\"Vries, Anna\"");
	csv_of("Anna \"the modem\" V", "\"Anna \"\"the modem\"\" V\"");
	csv_of("two\r\nlines", "\"two\r\nlines\"");
	csv_of("=HYPERLINK(\"http://evil\")", "\"'=HYPERLINK(\"\"http://evil\"\")\"");
	csv_of("+31 6 1234", "\"'+31 6 1234\"");
	csv_of("-2+3", "\"'-2+3\"");
	csv_of("@SUM(A1)", "\"'@SUM(A1)\"");
	csv_of("\tcmd", "\"'\tcmd\"");
	csv_of("a=b", "a=b");  /* only a leading sign runs */
	csv_of("Zoë Ærø", "Zoë Ærø");
	struct signup_entry e[2] = {
		{ .name = "=cmd|' /C calc'!A0", .email = "evil@example.org", .created_at = 0 },
		{ .name = "Jan, Piet", .email = "jp@example.org", .created_at = 1733011200 },
	};
	const char *header[3] = { "Name", "E-mail", "Signed up" };
	struct strbuf sb = STRBUF_INIT;
	assert_int_equal(signups_csv(e, 2, header, &sb), PLEIN_OK);
	assert_string_equal(sb.buf, "\xEF\xBB\xBFName,E-mail,Signed up\r\n"
	                            "\"'=cmd|' /C calc'!A0\",evil@example.org,1970-01-01T00:00:00Z\r\n"
	                            "\"Jan, Piet\",jp@example.org,2024-12-01T00:00:00Z\r\n");
	strbuf_release(&sb);
	/* bounded: the limit is reported, not overrun */
	struct strbuf small;
	strbuf_init(&small, 16);
	assert_int_equal(signups_csv(e, 2, header, &small), PLEIN_TOOBIG);
	assert_true(small.len <= 16);
	strbuf_release(&small);
}

static void test_parse(void **state)
{
	int64_t t;
	assert_int_equal(signups_parse_deadline("2030-12-01T10:00:00Z", 20, &t), PLEIN_OK);
	assert_int_equal(t, 1922349600);
	assert_int_equal(signups_parse_deadline("2030-12-01T11:00:00+01:00", 25, &t), PLEIN_OK);
	assert_int_equal(t, 1922349600);
	assert_int_equal(signups_parse_deadline("2030-12-01T05:30-04:30", 22, &t), PLEIN_OK);
	assert_int_equal(t, 1922349600);
	assert_int_equal(signups_parse_deadline("2030-12-01T10:00:00.123Z", 24, &t), PLEIN_OK);
	assert_int_equal(t, 1922349600);
	/* a date alone: the end of that day, local time */
	assert_int_equal(signups_parse_deadline("2030-12-01", 10, &t), PLEIN_OK);
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	assert_int_equal(tm.tm_mday, 1);
	assert_int_equal(tm.tm_hour, 23);
	assert_int_equal(tm.tm_min, 59);
	assert_int_equal(signups_parse_deadline("2030-12-01T18:30", 16, &t), PLEIN_OK);
	assert_int_equal(signups_parse_deadline("2028-02-29", 10, &t), PLEIN_OK);  /* leap year */
	static const char *const bad[] = {
		"", "2030", "2030-1-01", "2030-13-01", "2030-00-10", "2030-02-30", "2029-02-29", "2030-04-31",
		"1969-12-31", "2030-12-01T", "2030-12-01T24:00", "2030-12-01T10:60", "2030-12-01T10:00:61",
		"2030-12-01x10:00", "2030-12-01T10:00Zjunk", "2030-12-01T10:00+1:00", "2030-12-01T10:00+25:00",
		"2030-12-01 ", "+2030-12-01", "2030-12-01T10:00:00.Z", "２０３０-12-01", "2030-12-01T10:00:00+01:00:00",
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		assert_int_equal(signups_parse_deadline(bad[i], strlen(bad[i]), &t), PLEIN_INVALID);
	assert_int_equal(signups_parse_deadline("2030-12-01\0T10", 14, &t), PLEIN_INVALID);
	int64_t cap;
	assert_int_equal(signups_parse_cap("", 0, &cap), PLEIN_OK);
	assert_int_equal(cap, 0);
	assert_int_equal(signups_parse_cap(" 20 ", 4, &cap), PLEIN_OK);
	assert_int_equal(cap, 20);
	assert_int_equal(signups_parse_cap("100000", 6, &cap), PLEIN_OK);
	static const char *const bad_caps[] = { "0", "-1", "100001", "1e3", "twelve", "99999999999999999999999", "1 2", "+5" };
	for (size_t i = 0; i < ARRAY_LEN(bad_caps); i++)
		assert_int_equal(signups_parse_cap(bad_caps[i], strlen(bad_caps[i]), &cap), PLEIN_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create),
		cmocka_unit_test(test_join_withdraw_cap),
		cmocka_unit_test(test_deadline),
		cmocka_unit_test(test_who_may),
		cmocka_unit_test(test_cap_concurrent),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_parse),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

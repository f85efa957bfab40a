/* test_sessions.c — sign-in sessions over a fresh temporary database per
 * test: tokens given once and stored hashed, lookup, unknown and malformed
 * tokens, idle and absolute expiry (moved into the past with SQL), ending
 * one's own sessions only, ending the others, and the list. */
#include "unit.h"
#include "core/sessions.h"
#include "core/people.h"
#include "core/secret.h"
#include <sodium.h>
#include <time.h>
#include <unistd.h>

struct fixture {
	char dir[64];
	char path[128];
	struct db *db;
	struct pool *pool;
	int64_t anna, bob;
	struct session_limits saved;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f || unit_store_open("sessions", f->dir, f->path, &f->db, &f->pool))
		return -1;
	if (secret_load(f->db) ||
	    people_create(f->db, "anna@example.com", "Anna", "member", NULL, &f->anna) ||
	    people_create(f->db, "bob@example.com", "Bob", "member", NULL, &f->bob))
		return -1;
	f->saved = session_limits;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	session_limits = f->saved;
	unit_store_close(f->dir, f->path, f->db, f->pool);
	free(f);
	return 0;
}

static int64_t count_sessions(struct fixture *f, int64_t person)
{
	int64_t n = -1;
	assert_int_equal(db_query_int(f->db, &n, "SELECT count(*) FROM sessions WHERE person_id = ?", "i", person), 0);
	return n;
}

static void test_create_lookup(void **state)
{
	struct fixture *f = *state;
	char token[SESSION_TOKEN_LEN + 1];
	int64_t id = 0;
	struct session *s;
	int64_t before = time(NULL);
	assert_int_equal(sessions_create(f->db, f->anna, "Mozilla/5.0 (X11)", "192.0.2.1", token, &id), PLEIN_OK);
	assert_true(id > 0);
	assert_int_equal(strlen(token), SESSION_TOKEN_LEN);
	assert_int_equal(sessions_lookup(f->db, f->pool, token, &s), PLEIN_OK);
	assert_non_null(s);
	assert_int_equal(s->id, id);
	assert_int_equal(s->person_id, f->anna);
	assert_string_equal(s->user_agent, "Mozilla/5.0 (X11)");
	assert_string_equal(s->address, "192.0.2.1");
	assert_true(s->created_at >= before);
	assert_true(s->expires_at >= s->created_at + session_limits.absolute_seconds);
	/* the token hash handed back is the one computed from the token */
	unsigned char h[SESSION_HASH_LEN];
	sessions_token_hash(token, h);
	assert_memory_equal(s->token_hash, h, SESSION_HASH_LEN);

	/* the database never holds the token itself */
	int64_t n = -1;
	assert_int_equal(db_query_int(f->db, &n, "SELECT count(*) FROM sessions WHERE token_hash = ?", "s", token),
	                 0);
	assert_int_equal(n, 0);
	assert_int_equal(db_query_int(f->db, &n, "SELECT length(token_hash) FROM sessions WHERE id = ?", "i", id), 0);
	assert_int_equal(n, SESSION_HASH_LEN);

	/* two sessions get different tokens */
	char token2[SESSION_TOKEN_LEN + 1];
	int64_t id2;
	assert_int_equal(sessions_create(f->db, f->anna, NULL, NULL, token2, &id2), PLEIN_OK);
	assert_string_not_equal(token, token2);
	assert_int_not_equal(id, id2);
	assert_int_equal(sessions_lookup(f->db, f->pool, token2, &s), PLEIN_OK);
	assert_int_equal(s->id, id2);
	assert_string_equal(s->user_agent, "");
	assert_string_equal(s->address, "");
}

static void test_wrong_tokens(void **state)
{
	struct fixture *f = *state;
	char token[SESSION_TOKEN_LEN + 1], other[SESSION_TOKEN_LEN + 2];
	struct session *s = (struct session *)1;
	int64_t id;
	assert_int_equal(sessions_create(f->db, f->anna, "ua", "addr", token, &id), PLEIN_OK);

	assert_int_equal(sessions_lookup(f->db, f->pool, NULL, &s), PLEIN_NOTFOUND);
	assert_null(s);
	assert_int_equal(sessions_lookup(f->db, f->pool, "", &s), PLEIN_NOTFOUND);
	/* one character changed */
	snprintf(other, sizeof(other), "%s", token);
	other[10] = other[10] == 'A' ? 'B' : 'A';
	assert_int_equal(sessions_lookup(f->db, f->pool, other, &s), PLEIN_NOTFOUND);
	assert_null(s);
	/* truncated and extended */
	snprintf(other, sizeof(other), "%.42s", token);
	assert_int_equal(sessions_lookup(f->db, f->pool, other, &s), PLEIN_NOTFOUND);
	snprintf(other, sizeof(other), "%sA", token);
	assert_int_equal(sessions_lookup(f->db, f->pool, other, &s), PLEIN_NOTFOUND);
	/* right length, made up */
	assert_int_equal(sessions_lookup(f->db, f->pool, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", &s),
	                 PLEIN_NOTFOUND);
	/* the stored hash is not a token */
	assert_int_equal(sessions_lookup(f->db, f->pool, "' OR 1=1 --AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", &s),
	                 PLEIN_NOTFOUND);
	/* the real one still works */
	assert_int_equal(sessions_lookup(f->db, f->pool, token, &s), PLEIN_OK);
}

static void test_user_agent_sanitised(void **state)
{
	struct fixture *f = *state;
	char token[SESSION_TOKEN_LEN + 1];
	int64_t id;
	struct session *s;
	char ua[1000];
	memset(ua, 'u', sizeof(ua) - 1);
	ua[sizeof(ua) - 1] = '\0';
	memcpy(ua, "Evil\r\n<script>\x1b\xc3\xab", 17);
	assert_int_equal(sessions_create(f->db, f->anna, ua, "::1", token, &id), PLEIN_OK);
	assert_int_equal(sessions_lookup(f->db, f->pool, token, &s), PLEIN_OK);
	/* bounded, printable ASCII only */
	assert_int_equal(strlen(s->user_agent), 300);
	for (const char *c = s->user_agent; *c; c++)
		assert_true(*c >= 0x20 && *c < 0x7f);
	assert_int_equal(strncmp(s->user_agent, "Evil\?\?<script>\?\?\?u", 18), 0);
}

static void test_expiry(void **state)
{
	struct fixture *f = *state;
	char t_idle[SESSION_TOKEN_LEN + 1], t_abs[SESSION_TOKEN_LEN + 1], t_live[SESSION_TOKEN_LEN + 1];
	int64_t idle, absolute, live;
	struct session *s;
	int64_t now = time(NULL);
	assert_int_equal(sessions_create(f->db, f->anna, "", "", t_idle, &idle), PLEIN_OK);
	assert_int_equal(sessions_create(f->db, f->anna, "", "", t_abs, &absolute), PLEIN_OK);
	assert_int_equal(sessions_create(f->db, f->anna, "", "", t_live, &live), PLEIN_OK);

	/* unused for longer than the idle limit */
	assert_int_equal(db_exec(f->db, "UPDATE sessions SET last_seen_at = ? WHERE id = ?", "ii",
	                         now - session_limits.idle_seconds - 10, idle), 0);
	/* past its absolute end, though used a moment ago */
	assert_int_equal(db_exec(f->db, "UPDATE sessions SET expires_at = ?, last_seen_at = ? WHERE id = ?", "iii",
	                         now - 1, now, absolute), 0);
	assert_int_equal(sessions_lookup(f->db, f->pool, t_idle, &s), PLEIN_NOTFOUND);
	assert_null(s);
	assert_int_equal(sessions_lookup(f->db, f->pool, t_abs, &s), PLEIN_NOTFOUND);
	assert_int_equal(sessions_lookup(f->db, f->pool, t_live, &s), PLEIN_OK);
	/* expired sessions are not listed */
	struct session *list;
	size_t n;
	assert_int_equal(sessions_list(f->db, f->pool, f->anna, &list, &n), PLEIN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, live);

	/* a smaller idle limit ends sessions sooner */
	assert_int_equal(db_exec(f->db, "UPDATE sessions SET last_seen_at = ? WHERE id = ?", "ii", now - 100, live), 0);
	session_limits.idle_seconds = 50;
	assert_int_equal(sessions_lookup(f->db, f->pool, t_live, &s), PLEIN_NOTFOUND);
	session_limits.idle_seconds = 200;
	assert_int_equal(sessions_lookup(f->db, f->pool, t_live, &s), PLEIN_OK);
	/* a lookup refreshes last use when it is old enough */
	assert_true(s->last_seen_at >= now);
	int64_t seen = 0;
	assert_int_equal(db_query_int(f->db, &seen, "SELECT last_seen_at FROM sessions WHERE id = ?", "i", live), 0);
	assert_true(seen >= now);

	/* a smaller absolute limit applies to new sessions */
	session_limits.absolute_seconds = 120;
	char t_short[SESSION_TOKEN_LEN + 1];
	int64_t short_id;
	assert_int_equal(sessions_create(f->db, f->anna, "", "", t_short, &short_id), PLEIN_OK);
	int64_t expires = 0;
	assert_int_equal(db_query_int(f->db, &expires, "SELECT expires_at FROM sessions WHERE id = ?", "i", short_id), 0);
	assert_in_range(expires - now, 120, 130);
}

static void test_end_own(void **state)
{
	struct fixture *f = *state;
	char ta[SESSION_TOKEN_LEN + 1], tb[SESSION_TOKEN_LEN + 1];
	int64_t a, b;
	struct session *s;
	assert_int_equal(sessions_create(f->db, f->anna, "", "", ta, &a), PLEIN_OK);
	assert_int_equal(sessions_create(f->db, f->bob, "", "", tb, &b), PLEIN_OK);
	/* Anna cannot end Bob's session (IDOR): not found, and it lives on */
	assert_int_equal(sessions_end_own(f->db, f->anna, b), PLEIN_NOTFOUND);
	assert_int_equal(sessions_lookup(f->db, f->pool, tb, &s), PLEIN_OK);
	/* a session that does not exist */
	assert_int_equal(sessions_end_own(f->db, f->anna, b + 100), PLEIN_NOTFOUND);
	assert_int_equal(sessions_end_own(f->db, f->anna, 0), PLEIN_NOTFOUND);
	assert_int_equal(sessions_end_own(f->db, f->anna, -1), PLEIN_NOTFOUND);
	/* her own: gone, and gone only once */
	assert_int_equal(sessions_end_own(f->db, f->anna, a), PLEIN_OK);
	assert_int_equal(sessions_lookup(f->db, f->pool, ta, &s), PLEIN_NOTFOUND);
	assert_int_equal(sessions_end_own(f->db, f->anna, a), PLEIN_NOTFOUND);
	/* sessions_end (sign-out) */
	assert_int_equal(sessions_end(f->db, b), PLEIN_OK);
	assert_int_equal(sessions_lookup(f->db, f->pool, tb, &s), PLEIN_NOTFOUND);
	assert_int_equal(sessions_end(f->db, b), PLEIN_OK); /* idempotent */
}

static void test_end_others(void **state)
{
	struct fixture *f = *state;
	char t[4][SESSION_TOKEN_LEN + 1], tb[SESSION_TOKEN_LEN + 1];
	int64_t id[4], b;
	struct session *s;
	for (int i = 0; i < 4; i++)
		assert_int_equal(sessions_create(f->db, f->anna, "", "", t[i], &id[i]), PLEIN_OK);
	assert_int_equal(sessions_create(f->db, f->bob, "", "", tb, &b), PLEIN_OK);
	/* keep the current one (id[2]) */
	assert_int_equal(sessions_end_others(f->db, f->anna, id[2]), PLEIN_OK);
	for (int i = 0; i < 4; i++)
		assert_int_equal(sessions_lookup(f->db, f->pool, t[i], &s), i == 2 ? PLEIN_OK : PLEIN_NOTFOUND);
	assert_int_equal(count_sessions(f, f->anna), 1);
	/* Bob is untouched */
	assert_int_equal(sessions_lookup(f->db, f->pool, tb, &s), PLEIN_OK);
	/* keep_id of someone else's session does not protect it, nor end it */
	assert_int_equal(sessions_end_others(f->db, f->anna, b), PLEIN_OK);
	assert_int_equal(count_sessions(f, f->anna), 0);
	assert_int_equal(count_sessions(f, f->bob), 1);
	/* 0 ends all */
	assert_int_equal(sessions_end_others(f->db, f->bob, 0), PLEIN_OK);
	assert_int_equal(count_sessions(f, f->bob), 0);
}

static void test_list(void **state)
{
	struct fixture *f = *state;
	char t[SESSION_TOKEN_LEN + 1];
	int64_t ids[20], now = time(NULL);
	struct session *list;
	size_t n = 99;
	assert_int_equal(sessions_list(f->db, f->pool, f->anna, &list, &n), PLEIN_OK);
	assert_int_equal(n, 0);
	/* 20 sessions (more than the initial array of 8), with distinct last use */
	for (int i = 0; i < 20; i++) {
		char ua[32];
		snprintf(ua, sizeof(ua), "agent %d", i);
		assert_int_equal(sessions_create(f->db, f->anna, ua, "", t, &ids[i]), PLEIN_OK);
		assert_int_equal(db_exec(f->db, "UPDATE sessions SET last_seen_at = ? WHERE id = ?", "ii",
		                         now - 1000 + i, ids[i]), 0);
	}
	assert_int_equal(sessions_create(f->db, f->bob, "bob's", "", t, NULL), PLEIN_OK);
	assert_int_equal(sessions_list(f->db, f->pool, f->anna, &list, &n), PLEIN_OK);
	assert_int_equal(n, 20);
	/* newest use first, all Anna's */
	for (size_t i = 0; i < n; i++) {
		char ua[32];
		assert_int_equal(list[i].person_id, f->anna);
		assert_int_equal(list[i].id, ids[19 - i]);
		snprintf(ua, sizeof(ua), "agent %zu", 19 - i);
		assert_string_equal(list[i].user_agent, ua);
		if (i)
			assert_true(list[i - 1].last_seen_at >= list[i].last_seen_at);
	}
	/* deleting the person deletes the sessions (foreign key cascade) */
	assert_int_equal(db_exec(f->db, "DELETE FROM people WHERE id = ?", "i", f->anna), 0);
	assert_int_equal(count_sessions(f, f->anna), 0);
	assert_int_equal(sessions_list(f->db, f->pool, f->anna, &list, &n), PLEIN_OK);
	assert_int_equal(n, 0);
}

static void test_unknown_person(void **state)
{
	struct fixture *f = *state;
	char t[SESSION_TOKEN_LEN + 1];
	int64_t id;
	/* foreign keys are on: no session for someone who does not exist */
	assert_int_not_equal(sessions_create(f->db, f->bob + 1000, "", "", t, &id), PLEIN_OK);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_create_lookup),
		T(test_wrong_tokens),
		T(test_user_agent_sanitised),
		T(test_expiry),
		T(test_end_own),
		T(test_end_others),
		T(test_list),
		T(test_unknown_person),
	};
#undef T
	return cmocka_run_group_tests_name("sessions", tests, NULL, NULL);
}

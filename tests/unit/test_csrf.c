/* test_csrf.c — the instance secret and the tokens derived from it (CSRF
 * tokens are secret_token("csrf", session hash)): deterministic, separated
 * by purpose and data, checked in constant time, rejected when wrong,
 * truncated, extended or missing; the secret survives reopening the
 * database; random tokens have the promised length and alphabet. */
#include "unit.h"
#include "core/secret.h"
#include "db/db.h"
#include <unistd.h>

struct fixture {
	char dir[64];
	char path[128];
	struct db *db;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f || !(f->db = unit_db_create("csrf", f->dir, f->path)))
		return -1;
	if (secret_load(f->db))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	db_close(f->db);
	unit_db_remove(f->dir, f->path);
	free(f);
	return 0;
}

static bool base64url(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '_'))
			return false;
	return true;
}

static void test_deterministic(void **state)
{
	char a[64], b[64];
	(void)state;
	secret_token("csrf", "session-1", 9, a, sizeof(a));
	secret_token("csrf", "session-1", 9, b, sizeof(b));
	assert_string_equal(a, b);
	/* HMAC-SHA-512/256: 32 bytes, 43 base64url characters without padding */
	assert_int_equal(strlen(a), 43);
	assert_true(base64url(a));
}

static void test_separation(void **state)
{
	char base[64], t[64];
	(void)state;
	secret_token("csrf", "session-1", 9, base, sizeof(base));
	/* other purpose */
	secret_token("reset", "session-1", 9, t, sizeof(t));
	assert_string_not_equal(base, t);
	/* other data */
	secret_token("csrf", "session-2", 9, t, sizeof(t));
	assert_string_not_equal(base, t);
	/* a prefix of the data */
	secret_token("csrf", "session-1", 8, t, sizeof(t));
	assert_string_not_equal(base, t);
	/* purpose and data are not simply concatenated: "csrfx"+"y" differs from "csrf"+"xy" */
	char u[64];
	secret_token("csrfx", "y", 1, t, sizeof(t));
	secret_token("csrf", "xy", 2, u, sizeof(u));
	assert_string_not_equal(t, u);
	/* empty data is allowed and differs from one NUL byte */
	secret_token("csrf", "", 0, t, sizeof(t));
	secret_token("csrf", "\0", 1, u, sizeof(u));
	assert_string_not_equal(t, u);
	/* binary data (a session hash) */
	unsigned char h1[32] = { 0 }, h2[32] = { 0 };
	h2[31] = 1;
	secret_token("csrf", h1, sizeof(h1), t, sizeof(t));
	secret_token("csrf", h2, sizeof(h2), u, sizeof(u));
	assert_string_not_equal(t, u);
}

static void test_check(void **state)
{
	char tok[64], bad[80];
	(void)state;
	secret_token("csrf", "s", 1, tok, sizeof(tok));
	assert_true(secret_token_check("csrf", "s", 1, tok));
	/* wrong purpose or data */
	assert_false(secret_token_check("other", "s", 1, tok));
	assert_false(secret_token_check("csrf", "t", 1, tok));
	/* missing, empty, truncated, extended, one character changed */
	assert_false(secret_token_check("csrf", "s", 1, NULL));
	assert_false(secret_token_check("csrf", "s", 1, ""));
	snprintf(bad, sizeof(bad), "%.42s", tok);
	assert_false(secret_token_check("csrf", "s", 1, bad));
	snprintf(bad, sizeof(bad), "%.1s", tok);
	assert_false(secret_token_check("csrf", "s", 1, bad));
	snprintf(bad, sizeof(bad), "%sA", tok);
	assert_false(secret_token_check("csrf", "s", 1, bad));
	for (size_t i = 0; i < strlen(tok); i += 7) {
		snprintf(bad, sizeof(bad), "%s", tok);
		bad[i] = bad[i] == 'A' ? 'B' : 'A';
		assert_false(secret_token_check("csrf", "s", 1, bad));
	}
	/* a long hostile token */
	char longtok[2000];
	memset(longtok, 'A', sizeof(longtok) - 1);
	longtok[sizeof(longtok) - 1] = '\0';
	assert_false(secret_token_check("csrf", "s", 1, longtok));
	/* padding added by a lenient encoder does not make it equal */
	snprintf(bad, sizeof(bad), "%s=", tok);
	assert_false(secret_token_check("csrf", "s", 1, bad));
}

static void test_reopen_same_secret(void **state)
{
	struct fixture *f = *state;
	char before[64], after[64], err[256];
	secret_token("csrf", "persist", 7, before, sizeof(before));
	db_close(f->db);
	f->db = db_open(f->path, err, sizeof(err));
	assert_non_null(f->db);
	assert_int_equal(secret_load(f->db), PLEIN_OK);
	secret_token("csrf", "persist", 7, after, sizeof(after));
	assert_string_equal(before, after);
	assert_true(secret_token_check("csrf", "persist", 7, before));
	/* exactly one secret row, 32 bytes */
	int64_t n = 0;
	assert_int_equal(db_query_int(f->db, &n, "SELECT count(*) FROM instance WHERE key = 'secret'", NULL), 0);
	assert_int_equal(n, 1);
	assert_int_equal(db_query_int(f->db, &n, "SELECT length(value) FROM instance WHERE key = 'secret'", NULL), 0);
	assert_int_equal(n, 32);
}

static void test_other_instance_differs(void **state)
{
	char mine[64], theirs[64];
	struct fixture other;
	struct db *db;
	(void)state;
	secret_token("csrf", "s", 1, mine, sizeof(mine));
	db = unit_db_create("csrf", other.dir, other.path);
	assert_non_null(db);
	/* loading a fresh database makes a new secret: tokens no longer match */
	assert_int_equal(secret_load(db), PLEIN_OK);
	secret_token("csrf", "s", 1, theirs, sizeof(theirs));
	assert_string_not_equal(mine, theirs);
	assert_false(secret_token_check("csrf", "s", 1, mine));
	db_close(db);
	unit_db_remove(other.dir, other.path);
}

static void test_bad_stored_secret_replaced(void **state)
{
	struct fixture *f = *state;
	char before[64], after[64];
	/* a damaged (short) secret row is replaced, not used */
	secret_token("csrf", "x", 1, before, sizeof(before));
	assert_int_equal(db_exec(f->db, "UPDATE instance SET value = x'0102' WHERE key = 'secret'", NULL), 0);
	assert_int_equal(secret_load(f->db), PLEIN_OK);
	int64_t n = 0;
	assert_int_equal(db_query_int(f->db, &n, "SELECT length(value) FROM instance WHERE key = 'secret'", NULL), 0);
	assert_int_equal(n, 32);
	secret_token("csrf", "x", 1, after, sizeof(after));
	assert_string_not_equal(before, after);
}

static void test_random_token(void **state)
{
	char a[128], b[128];
	(void)state;
	static const struct { size_t bytes, chars; } sizes[] = {
		{ 1, 2 }, { 2, 3 }, { 3, 4 }, { 16, 22 }, { 32, 43 }, { 64, 86 },
	};
	for (size_t i = 0; i < ARRAY_LEN(sizes); i++) {
		random_token(sizes[i].bytes, a, sizeof(a));
		assert_int_equal(strlen(a), sizes[i].chars);
		assert_true(base64url(a));
	}
	/* 256 bits twice: never the same */
	random_token(32, a, sizeof(a));
	random_token(32, b, sizeof(b));
	assert_string_not_equal(a, b);
	random_token(0, a, sizeof(a));
	assert_string_equal(a, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_separation),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_reopen_same_secret),
		cmocka_unit_test(test_random_token),
		cmocka_unit_test(test_other_instance_differs),
		cmocka_unit_test(test_bad_stored_secret_replaced),
	};
	return cmocka_run_group_tests_name("csrf", tests, setup, teardown);
}

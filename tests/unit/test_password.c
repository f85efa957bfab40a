/* test_password.c — argon2id hashing and the password policy: round trips,
 * wrong passwords, the NULL hash (unknown account), and the length rules
 * counted in characters, not bytes. */
#include "unit.h"
#include "core/password.h"
#include "lib/strbuf.h"

static int setup(void **state)
{
	(void)state;
	return password_init() == PLEIN_OK ? 0 : -1;
}

static void test_init_twice(void **state)
{
	(void)state;
	assert_int_equal(password_init(), PLEIN_OK); /* idempotent */
}

static void test_roundtrip(void **state)
{
	char hash[PASSWORD_HASH_MAX];
	char hash2[PASSWORD_HASH_MAX];
	(void)state;
	assert_int_equal(password_hash("correct horse battery", hash), PLEIN_OK);
	assert_true(strlen(hash) < PASSWORD_HASH_MAX);
	assert_int_equal(strncmp(hash, "$argon2id$", 10), 0);
	/* the password itself is not in the hash */
	assert_null(strstr(hash, "correct horse"));
	assert_true(password_verify(hash, "correct horse battery"));
	assert_false(password_verify(hash, "correct horse batterY"));
	assert_false(password_verify(hash, "correct horse battery "));
	assert_false(password_verify(hash, "correct horse batter"));
	assert_false(password_verify(hash, ""));

	/* salted: the same password hashes differently, both verify */
	assert_int_equal(password_hash("correct horse battery", hash2), PLEIN_OK);
	assert_string_not_equal(hash, hash2);
	assert_true(password_verify(hash2, "correct horse battery"));
}

static void test_unicode_roundtrip(void **state)
{
	char hash[PASSWORD_HASH_MAX];
	(void)state;
	const char *pw = "w\xc3\xb8rdf\xc3\xbargebrek\xe2\x82\xac"; /* wørdfúrgebrek€ */
	assert_int_equal(password_hash(pw, hash), PLEIN_OK);
	assert_true(password_verify(hash, pw));
	/* the NFD spelling is a different byte string: not accepted */
	assert_false(password_verify(hash, "wo\xcc\xb8rdf\xc3\xbargebrek\xe2\x82\xac"));
}

static void test_bad_hashes(void **state)
{
	(void)state;
	/* unknown account or no password set: false, after the dummy work */
	assert_false(password_verify(NULL, "anything at all"));
	assert_false(password_verify(NULL, ""));
	assert_false(password_verify("", "anything at all"));
	/* a damaged or foreign hash never verifies */
	assert_false(password_verify("garbage", "anything at all"));
	assert_false(password_verify("$argon2id$v=19$m=65536,t=2,p=1$", "anything at all"));
	assert_false(password_verify("$2y$10$abcdefghijklmnopqrstuu", "anything at all"));
	/* the dummy password does not sign anyone in */
	assert_false(password_verify(NULL, "plein-dummy-password-for-timing"));
}

static void test_policy_lengths(void **state)
{
	char pw[300];
	(void)state;
	memset(pw, 'a', sizeof(pw));
	pw[0] = '\0';
	assert_non_null(password_policy_error(pw)); /* empty */
	pw[11] = '\0';
	assert_non_null(password_policy_error(pw)); /* 11: too short */
	memset(pw, 'a', sizeof(pw));
	pw[12] = '\0';
	assert_null(password_policy_error(pw)); /* 12: the minimum */
	memset(pw, 'a', sizeof(pw));
	pw[128] = '\0';
	assert_null(password_policy_error(pw)); /* 128: the maximum */
	memset(pw, 'a', sizeof(pw));
	pw[129] = '\0';
	assert_non_null(password_policy_error(pw)); /* 129: too long */
	/* the messages say which rule */
	memset(pw, 'a', sizeof(pw));
	pw[11] = '\0';
	assert_non_null(strstr(password_policy_error(pw), "at least"));
	memset(pw, 'a', sizeof(pw));
	pw[129] = '\0';
	assert_non_null(strstr(password_policy_error(pw), "at most"));
	/* spaces count as characters (passphrases) */
	assert_null(password_policy_error("            "));
}

/* n copies of a character of `bytes` bytes */
static void repeat(char *out, const char *ch, int n)
{
	size_t l = strlen(ch);
	for (int i = 0; i < n; i++)
		memcpy(out + (size_t)i * l, ch, l);
	out[(size_t)n * l] = '\0';
}

static void test_policy_multibyte(void **state)
{
	char pw[1024];
	(void)state;
	/* 11 two-byte characters are 22 bytes, still too short */
	repeat(pw, "\xc3\xa9", 11);
	assert_non_null(password_policy_error(pw));
	repeat(pw, "\xc3\xa9", 12);
	assert_null(password_policy_error(pw));
	/* 6 four-byte emoji are 24 bytes, only 6 characters */
	repeat(pw, "\xf0\x9f\x98\x80", 6);
	assert_non_null(password_policy_error(pw));
	repeat(pw, "\xf0\x9f\x98\x80", 12);
	assert_null(password_policy_error(pw));
	/* 128 three-byte characters (384 bytes) are allowed, 129 are not */
	repeat(pw, "\xe2\x82\xac", 128);
	assert_null(password_policy_error(pw));
	repeat(pw, "\xe2\x82\xac", 129);
	assert_non_null(password_policy_error(pw));
}

static void test_policy_invalid_utf8(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"aaaaaaaaaaaa\xff",           /* stray byte */
		"aaaaaaaaaaaa\xc3",           /* truncated */
		"aaaaaaaaaaaa\xc0\xaf",       /* overlong */
		"aaaaaaaaaaaa\xed\xa0\x80",   /* surrogate */
		"\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80", /* continuations only */
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		const char *msg = password_policy_error(bad[i]);
		assert_non_null(msg);
		assert_non_null(strstr(msg, "not valid text"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_twice),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_unicode_roundtrip),
		cmocka_unit_test(test_bad_hashes),
		cmocka_unit_test(test_policy_lengths),
		cmocka_unit_test(test_policy_multibyte),
		cmocka_unit_test(test_policy_invalid_utf8),
	};
	return cmocka_run_group_tests_name("password", tests, setup, NULL);
}

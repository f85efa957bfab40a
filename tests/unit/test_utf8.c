/* test_utf8.c — strict UTF-8 validation (RFC 3629 and the Unicode "best
 * practice" table): overlongs, surrogates, code points past U+10FFFF,
 * truncated and stray continuation bytes, NUL; code point counting; control
 * character detection. */
#include "unit.h"
#include "lib/utf8.h"

#define V(lit) utf8_valid((lit), sizeof(lit) - 1)

static void test_valid(void **state)
{
	(void)state;
	assert_true(utf8_valid("", 0));
	assert_true(utf8_valid(NULL, 0));
	assert_true(V("plain ASCII ~!@#$%^&*()"));
	assert_true(V("\x7f"));                 /* DEL is valid UTF-8 (a control, though) */
	assert_true(V("\xc2\x80"));             /* U+0080, smallest 2-byte */
	assert_true(V("\xdf\xbf"));             /* U+07FF */
	assert_true(V("\xe0\xa0\x80"));         /* U+0800, smallest 3-byte */
	assert_true(V("\xed\x9f\xbf"));         /* U+D7FF, just below the surrogates */
	assert_true(V("\xee\x80\x80"));         /* U+E000, just above */
	assert_true(V("\xef\xbf\xbd"));         /* U+FFFD */
	assert_true(V("\xef\xbf\xbf"));         /* U+FFFF (a noncharacter, still valid) */
	assert_true(V("\xf0\x90\x80\x80"));     /* U+10000, smallest 4-byte */
	assert_true(V("\xf4\x8f\xbf\xbf"));     /* U+10FFFF, the last */
	assert_true(V("Zo\xc3\xab \xe2\x82\xac \xf0\x9f\x98\x80")); /* Zoë € 😀 */
}

static void test_overlong(void **state)
{
	(void)state;
	assert_false(V("\xc0\x80"));            /* NUL, overlong ("modified UTF-8") */
	assert_false(V("\xc0\xaf"));            /* '/', overlong: path traversal classic */
	assert_false(V("\xc1\xbf"));
	assert_false(V("\xe0\x80\xaf"));        /* '/', 3 bytes */
	assert_false(V("\xe0\x9f\xbf"));        /* U+07FF in 3 bytes */
	assert_false(V("\xf0\x80\x80\xaf"));    /* '/', 4 bytes */
	assert_false(V("\xf0\x8f\xbf\xbf"));    /* U+FFFF in 4 bytes */
}

static void test_surrogates_and_range(void **state)
{
	(void)state;
	assert_false(V("\xed\xa0\x80"));        /* U+D800 */
	assert_false(V("\xed\xbf\xbf"));        /* U+DFFF */
	assert_false(V("\xed\xa0\xbd\xed\xb8\x80")); /* CESU-8 pair for U+1F600 */
	assert_false(V("\xf4\x90\x80\x80"));    /* U+110000 */
	assert_false(V("\xf7\xbf\xbf\xbf"));    /* U+1FFFFF */
	assert_false(V("\xf5\x80\x80\x80"));
	assert_false(V("\xf8\x88\x80\x80\x80")); /* 5-byte form */
	assert_false(V("\xfc\x84\x80\x80\x80\x80")); /* 6-byte form */
	assert_false(V("\xfe"));
	assert_false(V("\xff"));
}

static void test_truncated_and_stray(void **state)
{
	(void)state;
	assert_false(V("\xc3"));                /* lead byte at the end */
	assert_false(V("ab\xe2\x82"));          /* 3-byte cut after 2 */
	assert_false(V("\xf0\x9f\x98"));        /* 4-byte cut after 3 */
	assert_false(V("\x80"));                /* continuation without a lead */
	assert_false(V("a\xbfz"));
	assert_false(V("\xc3\x28"));            /* lead followed by ASCII */
	assert_false(V("\xe2\x28\xa1"));
	assert_false(V("\xf0\x28\x8c\xbc"));
	/* a valid sequence, but len cuts it: only len bytes are looked at */
	assert_false(utf8_valid("\xc3\xab", 1));
	assert_true(utf8_valid("a\xc3\xab", 1));
	/* a truncated sequence followed by more text */
	assert_false(V("\xe2\x82 euro"));
}

static void test_nul(void **state)
{
	(void)state;
	assert_false(utf8_valid("a\0b", 3));
	assert_false(utf8_valid("\0", 1));
	assert_false(utf8_valid("abc\0", 4));
	assert_true(utf8_valid("abc\0", 3));
}

static void test_length(void **state)
{
	(void)state;
	assert_int_equal(utf8_length("", 0), 0);
	assert_int_equal(utf8_length("abc", 3), 3);
	assert_int_equal(utf8_length("Zo\xc3\xab", 4), 3);
	assert_int_equal(utf8_length("\xe2\x82\xac\xe2\x82\xac", 6), 2);
	assert_int_equal(utf8_length("\xf0\x9f\x98\x80x", 5), 2);
	/* 12 characters, 24 bytes */
	const char *twelve = "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	                     "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9";
	assert_int_equal(strlen(twelve), 24);
	assert_int_equal(utf8_length(twelve, 24), 12);
}

static void test_control(void **state)
{
	(void)state;
	assert_false(utf8_has_control("", 0, false));
	assert_false(utf8_has_control("Anna de Vries", 13, false));
	assert_false(utf8_has_control("Zo\xc3\xab \xe2\x82\xac", 8, false));
	assert_true(utf8_has_control("a\nb", 3, false));
	assert_false(utf8_has_control("a\nb", 3, true));
	assert_false(utf8_has_control("a\r\n\tb", 5, true));
	assert_true(utf8_has_control("a\tb", 3, false));
	assert_true(utf8_has_control("\x01", 1, true));    /* SOH */
	assert_true(utf8_has_control("\x1b[31m", 5, true)); /* ESC: terminal injection */
	assert_true(utf8_has_control("\x0b", 1, true));    /* vertical tab is not a newline */
	assert_true(utf8_has_control("\x0c", 1, true));    /* form feed */
	assert_true(utf8_has_control("\x7f", 1, true));    /* DEL */
	assert_true(utf8_has_control("\xc2\x80", 2, true)); /* U+0080, C1 */
	assert_true(utf8_has_control("\xc2\x85", 2, true)); /* U+0085 NEL */
	assert_true(utf8_has_control("\xc2\x9f", 2, true)); /* U+009F, last C1 */
	assert_false(utf8_has_control("\xc2\xa0", 2, false)); /* U+00A0 NBSP is not C1 */
	assert_true(utf8_has_control("\0", 1, true));       /* NUL */
	/* malformed input counts as containing a control (never passes) */
	assert_true(utf8_has_control("\xff", 1, true));
	assert_true(utf8_has_control("ok\xc3", 3, true));
	/* the control at the very end is found */
	assert_true(utf8_has_control("abcdef\x1f", 7, true));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_overlong),
		cmocka_unit_test(test_surrogates_and_range),
		cmocka_unit_test(test_truncated_and_stray),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_control),
	};
	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}

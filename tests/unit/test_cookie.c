/* test_cookie.c — finding one cookie in a Cookie header (RFC 6265 §5.4 and
 * what browsers really send): spaces, quotes, missing cookies, malformed
 * pairs, and names that merely contain or extend the one asked for. */
#include "unit.h"
#include "http/cookie.h"

/* The value of `name`, or NULL when not found (copied into a static buffer). */
static const char *find(const char *header, const char *name)
{
	static char buf[512];
	struct slice s = { (const char *)1, 12345 };
	int rc = cookie_find(header, name, &s);
	if (rc == PLEIN_NOTFOUND)
		return NULL;
	assert_int_equal(rc, PLEIN_OK);
	assert_true(s.len < sizeof(buf));
	/* the slice points into the header */
	assert_true(s.ptr >= header && s.ptr + s.len <= header + strlen(header));
	memcpy(buf, s.ptr, s.len);
	buf[s.len] = '\0';
	return buf;
}

static void test_simple(void **state)
{
	(void)state;
	assert_string_equal(find("plein_session=abc", "plein_session"), "abc");
	assert_string_equal(find("a=1; plein_session=abc; b=2", "plein_session"), "abc");
	assert_string_equal(find("a=1; b=2", "a"), "1");
	assert_string_equal(find("a=1; b=2", "b"), "2");
	assert_string_equal(find("a=1;b=2", "b"), "2"); /* no space after ';' */
	assert_string_equal(find("a=", "a"), "");     /* empty value */
	assert_string_equal(find("a=; b=2", "a"), "");
	/* values are returned as written: no decoding */
	assert_string_equal(find("a=x%20y+z", "a"), "x%20y+z");
	/* '=' inside the value is part of it (base64 padding) */
	assert_string_equal(find("t=YWJj==; u=1", "t"), "YWJj==");
}

static void test_spaces_and_tabs(void **state)
{
	(void)state;
	assert_string_equal(find("   a=1", "a"), "1");
	assert_string_equal(find("a=1   ;   b=2   ", "b"), "2");
	assert_string_equal(find("a=1   ;   b=2   ", "a"), "1");
	assert_string_equal(find("\ta=1;\tb=2\t", "b"), "2");
	assert_string_equal(find("a = 1", "a"), "1"); /* spaces around '=' */
	assert_string_equal(find(";;; a=1 ;;", "a"), "1");
	/* inner spaces of a value are kept */
	assert_string_equal(find("a=x y; b=2", "a"), "x y");
}

static void test_quotes(void **state)
{
	(void)state;
	assert_string_equal(find("a=\"quoted\"", "a"), "quoted");
	assert_string_equal(find("a=\"\"; b=1", "a"), "");
	assert_string_equal(find("a=\"x\" ; b=1", "a"), "x");
	/* a lone or unbalanced quote stays */
	assert_string_equal(find("a=\"", "a"), "\"");
	assert_string_equal(find("a=\"open", "a"), "\"open");
	assert_string_equal(find("a=close\"", "a"), "close\"");
	/* only one pair of quotes is removed */
	assert_string_equal(find("a=\"\"x\"\"", "a"), "\"x\"");
}

static void test_missing(void **state)
{
	struct slice s;
	(void)state;
	assert_int_equal(cookie_find(NULL, "a", &s), PLEIN_NOTFOUND);
	assert_null(find("", "a"));
	assert_null(find("   ", "a"));
	assert_null(find(";;;", "a"));
	assert_null(find("b=1; c=2", "a"));
	/* a bare name without '=' is not a cookie with an empty value */
	assert_null(find("a", "a"));
	assert_null(find("a; b=1", "a"));
	assert_string_equal(find("a; b=1", "b"), "1");
	assert_string_equal(find("junk; a=1", "a"), "1");
	/* the name must not be matched inside a value */
	assert_null(find("x=plein_session=evil", "plein_session"));
	assert_null(find("x=\"a=1\"", "a"));
}

static void test_prefixes(void **state)
{
	(void)state;
	/* names that contain or extend the one asked for never match */
	assert_null(find("xplein_session=evil", "plein_session"));
	assert_null(find("plein_session2=evil", "plein_session"));
	assert_null(find("plein_sessio=evil", "plein_session"));
	assert_null(find("__Host-plein_session=evil", "plein_session"));
	assert_string_equal(find("xplein_session=evil; plein_session=good", "plein_session"), "good");
	assert_string_equal(find("plein_session2=evil; plein_session=good", "plein_session"), "good");
	/* the name is case-sensitive */
	assert_null(find("PLEIN_SESSION=evil", "plein_session"));
	/* the first of two cookies with the same name wins (RFC 6265: the more
	 * specific path comes first) */
	assert_string_equal(find("plein_session=one; plein_session=two", "plein_session"), "one");
}

static void test_hostile(void **state)
{
	(void)state;
	/* long runs of separators and a long value */
	char h[4096];
	memset(h, ';', 2000);
	memcpy(h + 2000, "a=", 2);
	memset(h + 2002, 'v', 300);
	h[2302] = '\0';
	const char *v = find(h, "a");
	assert_non_null(v);
	assert_int_equal(strlen(v), 300);
	/* many equals signs and pairs */
	assert_string_equal(find("====; a=====", "a"), "====");
	assert_null(find("=1; =2", "a"));
	/* non-ASCII bytes are just bytes */
	assert_string_equal(find("caf\xc3\xa9=1; a=\xff\xfe", "a"), "\xff\xfe");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple),
		cmocka_unit_test(test_spaces_and_tabs),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests_name("cookie", tests, NULL, NULL);
}

/* test_strbuf.c — the bounded string builder: appends, the maximum size
 * (refused appends leave the contents alone and set the sticky toobig),
 * detach, HTML escaping, percent-encoding, and formatted appends that do not
 * fit the 256-byte fast path. */
#include "unit.h"
#include "lib/strbuf.h"

static void test_init_empty(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	assert_non_null(sb.buf);
	assert_string_equal(sb.buf, "");
	assert_int_equal(sb.len, 0);
	assert_int_equal(sb.max, STRBUF_DEFAULT_MAX);
	assert_false(sb.toobig);
	/* releasing a never-grown buffer must not free the static "" */
	strbuf_release(&sb);
	assert_ptr_equal(sb.buf, strbuf_empty);

	strbuf_init(&sb, 0);
	assert_int_equal(sb.max, STRBUF_DEFAULT_MAX); /* 0 means the default */
	strbuf_init(&sb, 10);
	assert_int_equal(sb.max, 10);
	strbuf_release(&sb);
}

static void test_appends(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	assert_int_equal(strbuf_addstr(&sb, "hello"), PLEIN_OK);
	assert_int_equal(strbuf_addch(&sb, ','), PLEIN_OK);
	assert_int_equal(strbuf_addch(&sb, ' '), PLEIN_OK);
	assert_int_equal(strbuf_add(&sb, "world!!!", 5), PLEIN_OK);
	assert_int_equal(strbuf_add(&sb, NULL, 0), PLEIN_OK); /* nothing to add */
	assert_int_equal(strbuf_addstr(&sb, ""), PLEIN_OK);
	assert_string_equal(sb.buf, "hello, world");
	assert_int_equal(sb.len, 12);
	assert_true(sb.alloc > sb.len);

	/* embedded NUL bytes are kept; the buffer stays NUL-terminated */
	assert_int_equal(strbuf_add(&sb, "a\0b", 3), PLEIN_OK);
	assert_int_equal(sb.len, 15);
	assert_memory_equal(sb.buf + 12, "a\0b", 3);
	assert_int_equal(sb.buf[15], '\0');

	strbuf_truncate(&sb, 5);
	assert_string_equal(sb.buf, "hello");
	strbuf_truncate(&sb, 100); /* longer than len: no-op */
	assert_int_equal(sb.len, 5);
	strbuf_reset(&sb);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	strbuf_release(&sb);
}

static void test_growth_many(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	for (int i = 0; i < 10000; i++)
		assert_int_equal(strbuf_addch(&sb, 'a' + i % 26), PLEIN_OK);
	assert_int_equal(sb.len, 10000);
	assert_int_equal(strlen(sb.buf), 10000);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(sb.buf[i], 'a' + i % 26);
	strbuf_release(&sb);
}

static void test_max_refusal(void **state)
{
	struct strbuf sb;
	(void)state;
	strbuf_init(&sb, 10);
	assert_int_equal(strbuf_addstr(&sb, "12345"), PLEIN_OK);
	assert_int_equal(strbuf_addstr(&sb, "67890"), PLEIN_OK); /* exactly max */
	assert_false(sb.toobig);
	assert_int_equal(sb.len, 10);

	assert_int_equal(strbuf_addch(&sb, 'x'), PLEIN_TOOBIG);
	assert_true(sb.toobig);
	assert_string_equal(sb.buf, "1234567890");
	assert_int_equal(sb.len, 10);

	/* toobig is sticky even after a later append that fits */
	strbuf_truncate(&sb, 2);
	assert_int_equal(strbuf_addstr(&sb, "ab"), PLEIN_OK);
	assert_true(sb.toobig);
	assert_string_equal(sb.buf, "12ab");

	/* an append bigger than the whole maximum, and one whose length would
	 * overflow size_t when added to len */
	assert_int_equal(strbuf_add(&sb, "0123456789ABCDEF", 16), PLEIN_TOOBIG);
	assert_int_equal(strbuf_add(&sb, "x", SIZE_MAX), PLEIN_TOOBIG);
	assert_string_equal(sb.buf, "12ab");

	/* reset clears the flag */
	strbuf_reset(&sb);
	assert_false(sb.toobig);
	assert_int_equal(sb.max, 10);
	strbuf_release(&sb);
}

static void test_max_refusal_partial(void **state)
{
	struct strbuf sb;
	(void)state;
	/* a refused append adds nothing, not the part that would have fit */
	strbuf_init(&sb, 8);
	assert_int_equal(strbuf_addstr(&sb, "abcdef"), PLEIN_OK);
	assert_int_equal(strbuf_addstr(&sb, "ghi"), PLEIN_TOOBIG);
	assert_string_equal(sb.buf, "abcdef");
	assert_int_equal(strbuf_addf(&sb, "%d", 123), PLEIN_TOOBIG);
	assert_string_equal(sb.buf, "abcdef");
	assert_int_equal(strbuf_addf(&sb, "%d", 12), PLEIN_OK);
	assert_string_equal(sb.buf, "abcdef12");
	strbuf_release(&sb);

	/* escaping past the maximum: refused, and what was there stays intact */
	strbuf_init(&sb, 8);
	assert_int_equal(strbuf_addstr(&sb, "ab"), PLEIN_OK);
	assert_int_equal(strbuf_add_html(&sb, "<<", 2), PLEIN_TOOBIG);
	assert_true(sb.toobig);
	assert_int_equal(strncmp(sb.buf, "ab", 2), 0);
	assert_true(sb.len <= 8);
	assert_int_equal(strlen(sb.buf), sb.len);
	strbuf_release(&sb);

	strbuf_init(&sb, 4);
	assert_int_equal(strbuf_add_urlencoded(&sb, "  ", 2), PLEIN_TOOBIG);
	assert_true(sb.toobig);
	assert_true(sb.len <= 4);
	strbuf_release(&sb);

	/* a formatted append longer than the fast path, over the maximum */
	strbuf_init(&sb, 300);
	char big[400];
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(strbuf_addstr(&sb, "keep"), PLEIN_OK);
	assert_int_equal(strbuf_addf(&sb, "%s", big), PLEIN_TOOBIG);
	assert_string_equal(sb.buf, "keep");
	strbuf_release(&sb);
}

static void test_detach(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len = 99;
	char *s;
	(void)state;

	/* detaching a never-grown buffer gives a fresh, freeable "" */
	s = strbuf_detach(&sb, &len);
	assert_non_null(s);
	assert_ptr_not_equal(s, strbuf_empty);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);

	assert_int_equal(strbuf_addstr(&sb, "owned text"), PLEIN_OK);
	s = strbuf_detach(&sb, &len);
	assert_string_equal(s, "owned text");
	assert_int_equal(len, 10);
	/* the strbuf is empty and usable again */
	assert_int_equal(sb.len, 0);
	assert_int_equal(sb.alloc, 0);
	assert_string_equal(sb.buf, "");
	assert_int_equal(strbuf_addstr(&sb, "again"), PLEIN_OK);
	assert_string_equal(sb.buf, "again");
	assert_ptr_not_equal(sb.buf, s);
	free(s);

	s = strbuf_detach(&sb, NULL); /* len_out is optional */
	assert_string_equal(s, "again");
	free(s);
	strbuf_release(&sb);
}

static void test_html(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	const char *in = "<a href=\"x\" title='y'>Tom & Jerry</a>";
	(void)state;
	assert_int_equal(strbuf_add_html(&sb, in, strlen(in)), PLEIN_OK);
	assert_string_equal(sb.buf,
	                    "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;");
	strbuf_reset(&sb);

	/* nothing to escape; empty input; escapes at both ends; only escapes */
	assert_int_equal(strbuf_add_html(&sb, "plain", 5), PLEIN_OK);
	assert_int_equal(strbuf_add_html(&sb, "", 0), PLEIN_OK);
	assert_string_equal(sb.buf, "plain");
	strbuf_reset(&sb);
	assert_int_equal(strbuf_add_html(&sb, "&x&", 3), PLEIN_OK);
	assert_string_equal(sb.buf, "&amp;x&amp;");
	strbuf_reset(&sb);
	assert_int_equal(strbuf_add_html(&sb, "&<>\"'", 5), PLEIN_OK);
	assert_string_equal(sb.buf, "&amp;&lt;&gt;&quot;&#39;");
	strbuf_reset(&sb);

	/* only len bytes are read; UTF-8 passes through */
	assert_int_equal(strbuf_add_html(&sb, "Zoë<script>", 4), PLEIN_OK);
	assert_string_equal(sb.buf, "Zo\xc3\xab");
	strbuf_reset(&sb);
	/* already-escaped text is escaped again (no double-decoding tricks) */
	assert_int_equal(strbuf_add_html(&sb, "&amp;", 5), PLEIN_OK);
	assert_string_equal(sb.buf, "&amp;amp;");
	strbuf_release(&sb);
}

static void test_urlencoded(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	const char *unreserved = "AZaz09-_.~";
	assert_int_equal(strbuf_add_urlencoded(&sb, unreserved, strlen(unreserved)), PLEIN_OK);
	assert_string_equal(sb.buf, unreserved);
	strbuf_reset(&sb);

	const char *in = "a b&c=d/e?f#g%h+i";
	assert_int_equal(strbuf_add_urlencoded(&sb, in, strlen(in)), PLEIN_OK);
	assert_string_equal(sb.buf, "a%20b%26c%3Dd%2Fe%3Ff%23g%25h%2Bi");
	strbuf_reset(&sb);

	/* bytes above 0x7f and NUL are encoded as uppercase hex */
	assert_int_equal(strbuf_add_urlencoded(&sb, "\xc3\xab\x00\xff\n", 5), PLEIN_OK);
	assert_string_equal(sb.buf, "%C3%AB%00%FF%0A");
	strbuf_reset(&sb);
	assert_int_equal(strbuf_add_urlencoded(&sb, "", 0), PLEIN_OK);
	assert_string_equal(sb.buf, "");
	strbuf_release(&sb);
}

static void test_addf(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char want[2048];
	(void)state;
	assert_int_equal(strbuf_addf(&sb, "%d-%s-%c", 42, "x", 'y'), PLEIN_OK);
	assert_string_equal(sb.buf, "42-x-y");
	assert_int_equal(strbuf_addf(&sb, "%s", ""), PLEIN_OK);
	assert_int_equal(sb.len, 6);

	/* exactly at and past the 256-byte fast path, appended to existing text */
	for (size_t n = 250; n <= 260; n++) {
		char arg[300];
		memset(arg, 'q', n);
		arg[n] = '\0';
		strbuf_reset(&sb);
		assert_int_equal(strbuf_addstr(&sb, "pre:"), PLEIN_OK);
		assert_int_equal(strbuf_addf(&sb, "[%s]", arg), PLEIN_OK);
		assert_int_equal(sb.len, 4 + n + 2);
		assert_int_equal(strlen(sb.buf), sb.len);
		assert_int_equal(sb.buf[4], '[');
		assert_int_equal(sb.buf[sb.len - 1], ']');
	}

	/* well past it, several times, with numbers in between */
	strbuf_reset(&sb);
	want[0] = '\0';
	size_t wl = 0;
	for (int i = 0; i < 3; i++) {
		char arg[600];
		memset(arg, 'A' + i, 500);
		arg[500] = '\0';
		assert_int_equal(strbuf_addf(&sb, "%d:%s;", i, arg), PLEIN_OK);
		wl += (size_t)snprintf(want + wl, sizeof(want) - wl, "%d:%s;", i, arg);
	}
	assert_int_equal(sb.len, wl);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void test_slices(void **state)
{
	(void)state;
	struct slice s = SLICE_LIT("abc");
	assert_int_equal(s.len, 3);
	assert_true(slice_eq(s, "abc"));
	assert_false(slice_eq(s, "ab"));
	assert_false(slice_eq(s, "abcd"));
	assert_false(slice_eq(s, "abd"));
	struct slice e = slice_of(NULL);
	assert_int_equal(e.len, 0);
	assert_true(slice_eq(e, ""));
	struct slice part = { "abcdef", 2 };
	assert_true(slice_eq(part, "ab"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_empty),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_growth_many),
		cmocka_unit_test(test_max_refusal),
		cmocka_unit_test(test_max_refusal_partial),
		cmocka_unit_test(test_detach),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_urlencoded),
		cmocka_unit_test(test_addf),
		cmocka_unit_test(test_slices),
	};
	return cmocka_run_group_tests_name("strbuf", tests, NULL, NULL);
}

/* test_form.c — application/x-www-form-urlencoded parsing: '+', %XX,
 * malformed escapes, invalid UTF-8 and NUL (PLEIN_INVALID), the field limit
 * (PLEIN_TOOBIG), empty keys and values, duplicates (first wins). */
#include "unit.h"
#include "http/form.h"
#include "lib/strbuf.h"

static int setup(void **state)
{
	*state = pool_new();
	return 0;
}

static int teardown(void **state)
{
	pool_free(*state);
	return 0;
}

static int parse(struct pool *p, const char *s, struct form *f)
{
	return form_parse(p, s, strlen(s), f);
}

static void test_basic(void **state)
{
	struct pool *p = *state;
	struct form f;
	assert_int_equal(parse(p, "name=Anna&title=Policy+advisor&dept=R%26D", &f), PLEIN_OK);
	assert_int_equal(f.n, 3);
	assert_string_equal(form_get(&f, "name"), "Anna");
	assert_string_equal(form_get(&f, "title"), "Policy advisor");
	assert_string_equal(form_get(&f, "dept"), "R&D");
	assert_null(form_get(&f, "missing"));
	assert_null(form_get(&f, "Name")); /* keys are case-sensitive */
	assert_null(form_get(&f, ""));
	assert_string_equal(f.fields[1].key, "title");
	assert_int_equal(f.fields[1].value_len, 14);
}

static void test_decoding(void **state)
{
	struct pool *p = *state;
	struct form f;
	/* %2B is a literal plus; '+' is a space, in keys too */
	assert_int_equal(parse(p, "a=1%2B1&b+c=x+y%20z&%41%62=%7e%7E", &f), PLEIN_OK);
	assert_string_equal(form_get(&f, "a"), "1+1");
	assert_string_equal(form_get(&f, "b c"), "x y z");
	assert_string_equal(form_get(&f, "Ab"), "~~");
	/* '=' inside a value is kept: the first '=' splits */
	assert_int_equal(parse(p, "eq=a=b==c&pct=%3D", &f), PLEIN_OK);
	assert_string_equal(form_get(&f, "eq"), "a=b==c");
	assert_string_equal(form_get(&f, "pct"), "=");
	/* %26 inside a value does not split fields */
	assert_int_equal(parse(p, "q=a%26b%3Dc", &f), PLEIN_OK);
	assert_int_equal(f.n, 1);
	assert_string_equal(form_get(&f, "q"), "a&b=c");
	/* percent-encoded UTF-8 is decoded and kept */
	assert_int_equal(parse(p, "n=Zo%C3%AB&e=%E2%82%AC", &f), PLEIN_OK);
	assert_string_equal(form_get(&f, "n"), "Zo\xc3\xab");
	assert_string_equal(form_get(&f, "e"), "\xe2\x82\xac");
	/* raw UTF-8 is fine too */
	assert_int_equal(parse(p, "n=Zo\xc3\xab", &f), PLEIN_OK);
	assert_string_equal(form_get(&f, "n"), "Zo\xc3\xab");
	/* decoding happens once: %2541 is "%41", not "A" */
	assert_int_equal(parse(p, "d=%2541", &f), PLEIN_OK);
	assert_string_equal(form_get(&f, "d"), "%41");
}

static void test_bad_escapes(void **state)
{
	struct pool *p = *state;
	struct form f;
	static const char *const bad[] = {
		"a=%", "a=%4", "a=%G0", "a=%0G", "a=%%41", "a=100%", "a=%-1", "a=% 1",
		"%=x", "k%zz=v", "ok=1&a=%", "a=%4&b=2",
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		int rc = parse(p, bad[i], &f);
		if (rc != PLEIN_INVALID)
			print_error("'%s' gave %d\n", bad[i], rc);
		assert_int_equal(rc, PLEIN_INVALID);
	}
}

static void test_bad_utf8_and_nul(void **state)
{
	struct pool *p = *state;
	struct form f;
	static const char *const bad[] = {
		"a=%FF", "a=%C3", "a=%C0%AF", "a=%ED%A0%80", "a=%F4%90%80%80", "%FF=x",
		"a=%00", "a%00b=1", "a=x%00y", "a=\xff", "a=\xc3(",
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		int rc = parse(p, bad[i], &f);
		if (rc != PLEIN_INVALID)
			print_error("'%s' gave %d\n", bad[i], rc);
		assert_int_equal(rc, PLEIN_INVALID);
	}
	/* a raw NUL inside the data (len says it is there) */
	assert_int_equal(form_parse(p, "a=b\0c", 5, &f), PLEIN_INVALID);
	/* but only len bytes count */
	assert_int_equal(form_parse(p, "a=b\0c", 3, &f), PLEIN_OK);
	assert_string_equal(form_get(&f, "a"), "b");
}

static void test_empty(void **state)
{
	struct pool *p = *state;
	struct form f;
	assert_int_equal(parse(p, "", &f), PLEIN_OK);
	assert_int_equal(f.n, 0);
	assert_null(form_get(&f, "a"));
	assert_int_equal(form_parse(p, NULL, 0, &f), PLEIN_OK);
	assert_int_equal(f.n, 0);
	assert_int_equal(parse(p, "&&&", &f), PLEIN_OK);
	assert_int_equal(f.n, 0);
	/* a key without '=' has an empty value; empty keys are kept */
	assert_int_equal(parse(p, "flag&=v&k=&&x=1&", &f), PLEIN_OK);
	assert_int_equal(f.n, 4);
	assert_string_equal(form_get(&f, "flag"), "");
	assert_int_equal(f.fields[0].value_len, 0);
	assert_string_equal(form_get(&f, ""), "v");
	assert_string_equal(form_get(&f, "k"), "");
	assert_string_equal(form_get(&f, "x"), "1");
	assert_int_equal(parse(p, "=", &f), PLEIN_OK);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.fields[0].key, "");
	assert_string_equal(f.fields[0].value, "");
}

static void test_duplicates(void **state)
{
	struct pool *p = *state;
	struct form f;
	assert_int_equal(parse(p, "role=member&role=admin&x=1&role=", &f), PLEIN_OK);
	assert_int_equal(f.n, 4);
	assert_string_equal(form_get(&f, "role"), "member");
	/* "role" spelt with an escape is the same key once decoded */
	assert_int_equal(parse(p, "r%6Fle=first&role=second", &f), PLEIN_OK);
	assert_string_equal(form_get(&f, "role"), "first");
}

static void test_field_limit(void **state)
{
	struct pool *p = *state;
	struct strbuf sb = STRBUF_INIT;
	struct form f;
	for (int i = 0; i < FORM_MAX_FIELDS; i++)
		assert_int_equal(strbuf_addf(&sb, "%sk%d=%d", i ? "&" : "", i, i), PLEIN_OK);
	assert_int_equal(form_parse(p, sb.buf, sb.len, &f), PLEIN_OK);
	assert_int_equal(f.n, FORM_MAX_FIELDS);
	assert_string_equal(form_get(&f, "k0"), "0");
	assert_string_equal(form_get(&f, "k199"), "199");
	/* empty pairs do not count */
	assert_int_equal(strbuf_addstr(&sb, "&&&&"), PLEIN_OK);
	assert_int_equal(form_parse(p, sb.buf, sb.len, &f), PLEIN_OK);
	/* one more field is too many */
	assert_int_equal(strbuf_addstr(&sb, "&one=more"), PLEIN_OK);
	assert_int_equal(form_parse(p, sb.buf, sb.len, &f), PLEIN_TOOBIG);
	strbuf_release(&sb);

	/* many fields of nothing but '=' */
	strbuf_init(&sb, 0);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(strbuf_addstr(&sb, "=&"), PLEIN_OK);
	assert_int_equal(form_parse(p, sb.buf, sb.len, &f), PLEIN_TOOBIG);
	strbuf_release(&sb);
}

static void test_add(void **state)
{
	struct pool *p = *state;
	struct form f = { NULL, 0 };
	char key[16];
	/* grows past several doublings; earlier fields survive each copy */
	for (int i = 0; i < 100; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		form_add(p, &f, pool_strdup(p, key), pool_printf(p, "v%d", i), 0);
	}
	assert_int_equal(f.n, 100);
	assert_string_equal(form_get(&f, "k0"), "v0");
	assert_string_equal(form_get(&f, "k63"), "v63");
	assert_string_equal(form_get(&f, "k64"), "v64");
	assert_string_equal(form_get(&f, "k99"), "v99");
}

static void test_long_value(void **state)
{
	struct pool *p = *state;
	struct strbuf sb = STRBUF_INIT;
	struct form f;
	assert_int_equal(strbuf_addstr(&sb, "bio="), PLEIN_OK);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(strbuf_addstr(&sb, "%C3%AB"), PLEIN_OK);
	assert_int_equal(form_parse(p, sb.buf, sb.len, &f), PLEIN_OK);
	assert_int_equal(f.fields[0].value_len, 20000);
	assert_int_equal(strlen(form_get(&f, "bio")), 20000);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_basic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_decoding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_escapes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_utf8_and_nul, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_field_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_value, setup, teardown),
	};
	return cmocka_run_group_tests_name("form", tests, NULL, NULL);
}

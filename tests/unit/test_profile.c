/* test_profile.c — the profile lists and the people rules behind issue 3:
 * tag parsing (separators, trimming, de-duplication, limits, hostile bytes),
 * language parsing in every accepted spelling, set/get order, suggestions,
 * phone and start-date validation, manager loops, last-admin protection and
 * deactivation ending sessions. A fresh temporary database per test. */
#include "unit.h"
#include "core/people.h"
#include "core/profile.h"
#include "core/sessions.h"
#include "lib/strbuf.h"
#include <sodium.h>

struct fixture {
	char dir[64];
	char path[128];
	struct db *db;
	struct pool *pool;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f || unit_store_open("profile", f->dir, f->path, &f->db, &f->pool))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	unit_store_close(f->dir, f->path, f->db, f->pool);
	free(f);
	return 0;
}

static int64_t add(struct fixture *f, const char *email, const char *role)
{
	int64_t id = 0;
	assert_int_equal(people_create(f->db, email, email, role, NULL, &id), PLEIN_OK);
	return id;
}

/* Parse tags and return how many; rc into *rc. */
static struct tag_list tags(struct fixture *f, const char *text, size_t max, int want_rc, const char **msg)
{
	struct tag_list l;
	const char *m = NULL;
	int rc = profile_tags_parse(f->pool, text, max, &l, &m);
	if (rc != want_rc)
		print_error("profile_tags_parse(\"%s\") = %d (%s)\n", text, rc, m ? m : "");
	assert_int_equal(rc, want_rc);
	if (rc)
		assert_non_null(m);
	if (msg)
		*msg = m;
	return l;
}

/* ---- tags ---------------------------------------------------------------- */

static void test_tags_separators_and_trim(void **state)
{
	struct fixture *f = *state;
	struct tag_list l = tags(f, "  Subsidies ,Excel;\tFrench translation \n\r\nProject  management ,,;; ",
	                         PROFILE_SKILLS_MAX, PLEIN_OK, NULL);
	assert_int_equal(l.n, 4);
	assert_string_equal(l.items[0], "Subsidies");
	assert_string_equal(l.items[1], "Excel");
	assert_string_equal(l.items[2], "French translation");
	assert_string_equal(l.items[3], "Project  management");  /* inner spaces kept */

	l = tags(f, "", PROFILE_SKILLS_MAX, PLEIN_OK, NULL);
	assert_int_equal(l.n, 0);
	l = tags(f, " , ; \n ", PROFILE_SKILLS_MAX, PLEIN_OK, NULL);
	assert_int_equal(l.n, 0);
	l = tags(f, NULL, PROFILE_SKILLS_MAX, PLEIN_OK, NULL);
	assert_int_equal(l.n, 0);
}

static void test_tags_dedup_ignores_case(void **state)
{
	struct fixture *f = *state;
	struct tag_list l = tags(f, "Excel, excel, EXCEL, Word, word ,excel", PROFILE_SKILLS_MAX, PLEIN_OK, NULL);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0], "Excel");  /* the first spelling wins */
	assert_string_equal(l.items[1], "Word");
}

static void test_tags_limits(void **state)
{
	struct fixture *f = *state;
	struct strbuf sb = STRBUF_INIT;
	const char *msg;
	for (int i = 0; i < 30; i++)
		assert_int_equal(strbuf_addf(&sb, "skill%d, ", i), 0);
	struct tag_list l = tags(f, sb.buf, PROFILE_SKILLS_MAX, PLEIN_OK, NULL);
	assert_int_equal(l.n, 30);
	assert_string_equal(l.items[29], "skill29");
	assert_int_equal(strbuf_addstr(&sb, "one too many"), 0);
	tags(f, sb.buf, PROFILE_SKILLS_MAX, PLEIN_INVALID, &msg);
	assert_non_null(strstr(msg, "30"));

	strbuf_reset(&sb);
	for (int i = 0; i < 20; i++)
		assert_int_equal(strbuf_addf(&sb, "interest%d;", i), 0);
	l = tags(f, sb.buf, PROFILE_INTERESTS_MAX, PLEIN_OK, NULL);
	assert_int_equal(l.n, 20);
	assert_int_equal(strbuf_addstr(&sb, "twenty-one"), 0);
	tags(f, sb.buf, PROFILE_INTERESTS_MAX, PLEIN_INVALID, &msg);
	assert_non_null(strstr(msg, "20"));
	strbuf_release(&sb);

	/* 50 characters, not bytes: 50 × "é" (100 bytes) is fine, 51 is not */
	char buf[256] = "";
	for (int i = 0; i < 50; i++)
		memcpy(buf + 2 * i, "\xc3\xa9", 3);
	l = tags(f, buf, PROFILE_SKILLS_MAX, PLEIN_OK, NULL);
	assert_int_equal(l.n, 1);
	assert_int_equal(strlen(l.items[0]), 100);
	memcpy(buf + 100, "\xc3\xa9", 3);
	tags(f, buf, PROFILE_SKILLS_MAX, PLEIN_INVALID, &msg);
	assert_non_null(strstr(msg, "50"));
	memset(buf, 'a', 50);
	buf[50] = '\0';
	tags(f, buf, PROFILE_SKILLS_MAX, PLEIN_OK, NULL);
	buf[50] = 'a';
	buf[51] = '\0';
	tags(f, buf, PROFILE_SKILLS_MAX, PLEIN_INVALID, NULL);
	/* spaces around a 50-character tag do not count */
	snprintf(buf, sizeof(buf), "   %.50s   ", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	tags(f, buf, PROFILE_SKILLS_MAX, PLEIN_OK, NULL);
}

static void test_tags_hostile_bytes(void **state)
{
	struct fixture *f = *state;
	static const char *const bad[] = {
		"ok, \xff\xfe",            /* not UTF-8 */
		"\xc3",                    /* truncated sequence */
		"\xc0\xaf",                /* overlong "/" */
		"\xed\xa0\x80",            /* surrogate */
		"bell\a",                  /* control character */
		"esc\x1b[31m",
		"del\x7f",
		"tab\tinside",             /* a tab inside a tag is a control character */
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		tags(f, bad[i], PROFILE_SKILLS_MAX, PLEIN_INVALID, NULL);
	/* a carriage return is a separator's companion, not part of a tag */
	struct tag_list l = tags(f, "a\r\nb\r\n", PROFILE_SKILLS_MAX, PLEIN_OK, NULL);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0], "a");
	assert_string_equal(l.items[1], "b");
}

/* ---- languages ------------------------------------------------------------- */

static struct language_list langs(struct fixture *f, const char *text, int want_rc, const char **msg)
{
	struct language_list l;
	const char *m = NULL;
	int rc = profile_languages_parse(f->pool, text, &l, &m);
	if (rc != want_rc)
		print_error("profile_languages_parse(\"%s\") = %d (%s)\n", text, rc, m ? m : "");
	assert_int_equal(rc, want_rc);
	if (rc)
		assert_non_null(m);
	if (msg)
		*msg = m;
	return l;
}

static void test_languages_spellings(void **state)
{
	struct fixture *f = *state;
	struct language_list l = langs(f, "fr:native; en:fluent", PLEIN_OK, NULL);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].code, "fr");
	assert_int_equal(l.items[0].level, LEVEL_NATIVE);
	assert_string_equal(l.items[1].code, "en");
	assert_int_equal(l.items[1].level, LEVEL_FLUENT);

	l = langs(f, "French (native)", PLEIN_OK, NULL);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].code, "fr");
	assert_int_equal(l.items[0].level, LEVEL_NATIVE);

	l = langs(f, "Frans: moedertaal,\nDuits:werkkennis\nengels : BASIS", PLEIN_OK, NULL);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.items[0].code, "fr");
	assert_int_equal(l.items[0].level, LEVEL_NATIVE);
	assert_string_equal(l.items[1].code, "de");
	assert_int_equal(l.items[1].level, LEVEL_WORKING);
	assert_string_equal(l.items[2].code, "en");
	assert_int_equal(l.items[2].level, LEVEL_BASIC);

	l = langs(f, "FR : Working ; german (Fluent) ; Nederlands - vloeiend", PLEIN_OK, NULL);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.items[2].code, "nl");
	assert_int_equal(l.items[2].level, LEVEL_FLUENT);

	/* a name with a hyphen of its own (Dutch for Belarusian) */
	l = langs(f, "Wit-Russisch: basis", PLEIN_OK, NULL);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].code, "be");
	l = langs(f, "Wit-Russisch (vloeiend)", PLEIN_OK, NULL);
	assert_string_equal(l.items[0].code, "be");
	assert_int_equal(l.items[0].level, LEVEL_FLUENT);
	l = langs(f, "Wit-Russisch - moedertaal", PLEIN_OK, NULL);
	assert_string_equal(l.items[0].code, "be");
	assert_int_equal(l.items[0].level, LEVEL_NATIVE);

	l = langs(f, "", PLEIN_OK, NULL);
	assert_int_equal(l.n, 0);
	l = langs(f, NULL, PLEIN_OK, NULL);
	assert_int_equal(l.n, 0);
}

static void test_languages_errors(void **state)
{
	struct fixture *f = *state;
	const char *msg;
	langs(f, "Klingon: native", PLEIN_INVALID, &msg);
	assert_non_null(strstr(msg, "Klingon"));
	langs(f, "French", PLEIN_INVALID, &msg);            /* no level */
	assert_non_null(strstr(msg, "French"));
	assert_non_null(strstr(msg, "level"));
	langs(f, "Wit-Russisch", PLEIN_INVALID, &msg);      /* known language, no level */
	assert_non_null(strstr(msg, "level"));
	langs(f, "fr:", PLEIN_INVALID, &msg);                /* empty level */
	langs(f, "fr: superb", PLEIN_INVALID, &msg);         /* unknown level */
	assert_non_null(strstr(msg, "superb"));
	assert_non_null(strstr(msg, "French"));
	langs(f, ":native", PLEIN_INVALID, NULL);            /* no language */
	langs(f, "fr:native; French (fluent)", PLEIN_INVALID, &msg);  /* the same language twice */
	assert_non_null(strstr(msg, "twice"));
	langs(f, "fr:native; FR:native", PLEIN_INVALID, NULL);
	langs(f, "fr:nat\xffive", PLEIN_INVALID, NULL);
	langs(f, "fr:\x01native", PLEIN_INVALID, NULL);

	/* ten is fine, eleven is not */
	static const char *const codes[] = { "fr", "en", "de", "nl", "es", "it", "pt", "pl", "sv", "da", "fi" };
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < 10; i++)
		assert_int_equal(strbuf_addf(&sb, "%s:basic;", codes[i]), 0);
	struct language_list l = langs(f, sb.buf, PLEIN_OK, NULL);
	assert_int_equal(l.n, 10);
	assert_int_equal(strbuf_addf(&sb, "%s:basic", codes[10]), 0);
	langs(f, sb.buf, PLEIN_INVALID, &msg);
	assert_non_null(strstr(msg, "10"));
	strbuf_release(&sb);

	/* the already-split form (API input) */
	struct person_language items[3] = { { "fr", LEVEL_NATIVE }, { "xx", LEVEL_BASIC }, { "fr", 9 } };
	struct language_list api = { items, 1 };
	assert_int_equal(profile_languages_check(&api, &msg), PLEIN_OK);
	api.n = 2;
	assert_int_equal(profile_languages_check(&api, &msg), PLEIN_INVALID);
	items[1] = (struct person_language){ "en", 0 };
	assert_int_equal(profile_languages_check(&api, &msg), PLEIN_INVALID);
	items[1] = (struct person_language){ "en", 5 };
	assert_int_equal(profile_languages_check(&api, &msg), PLEIN_INVALID);
	items[1] = (struct person_language){ "fr", LEVEL_BASIC };
	assert_int_equal(profile_languages_check(&api, &msg), PLEIN_INVALID);
	assert_non_null(strstr(msg, "twice"));
}

/* ---- set and get ------------------------------------------------------------ */

static void test_set_get_order(void **state)
{
	struct fixture *f = *state;
	int64_t a = add(f, "a@example.com", "member"), b = add(f, "b@example.com", "member");
	struct tag_list l = tags(f, "Zeta, alpha, Mid", PROFILE_SKILLS_MAX, PLEIN_OK, NULL), got;
	assert_int_equal(profile_skills_set(f->db, a, &l), PLEIN_OK);
	assert_int_equal(profile_skills_get(f->db, f->pool, a, &got), PLEIN_OK);
	assert_int_equal(got.n, 3);
	assert_string_equal(got.items[0], "Zeta");  /* in the order typed, not sorted */
	assert_string_equal(got.items[1], "alpha");
	assert_string_equal(got.items[2], "Mid");

	/* b types another spelling: the tag keeps the first one */
	l = tags(f, "ZETA, beta", PROFILE_SKILLS_MAX, PLEIN_OK, NULL);
	assert_int_equal(profile_skills_set(f->db, b, &l), PLEIN_OK);
	assert_int_equal(profile_skills_get(f->db, f->pool, b, &got), PLEIN_OK);
	assert_int_equal(got.n, 2);
	assert_string_equal(got.items[0], "Zeta");
	assert_string_equal(got.items[1], "beta");
	int64_t id1, id2;
	assert_int_equal(profile_skill_id(f->db, "zeta", &id1), PLEIN_OK);
	assert_int_equal(profile_skill_id(f->db, "ZeTa", &id2), PLEIN_OK);
	assert_int_equal(id1, id2);
	assert_int_equal(profile_skill_id(f->db, "gamma", &id1), PLEIN_NOTFOUND);

	/* replacing is whole: a new order, one removed */
	l = tags(f, "Mid, Zeta", PROFILE_SKILLS_MAX, PLEIN_OK, NULL);
	assert_int_equal(profile_skills_set(f->db, a, &l), PLEIN_OK);
	assert_int_equal(profile_skills_get(f->db, f->pool, a, &got), PLEIN_OK);
	assert_int_equal(got.n, 2);
	assert_string_equal(got.items[0], "Mid");
	assert_string_equal(got.items[1], "Zeta");
	l.n = 0;
	assert_int_equal(profile_skills_set(f->db, a, &l), PLEIN_OK);
	assert_int_equal(profile_skills_get(f->db, f->pool, a, &got), PLEIN_OK);
	assert_int_equal(got.n, 0);

	/* interests are a separate list */
	l = tags(f, "cycling, Zeta", PROFILE_INTERESTS_MAX, PLEIN_OK, NULL);
	assert_int_equal(profile_interests_set(f->db, a, &l), PLEIN_OK);
	assert_int_equal(profile_interests_get(f->db, f->pool, a, &got), PLEIN_OK);
	assert_int_equal(got.n, 2);
	assert_string_equal(got.items[0], "cycling");
	assert_int_equal(profile_skills_get(f->db, f->pool, a, &got), PLEIN_OK);
	assert_int_equal(got.n, 0);

	/* languages come back native first, then by code */
	struct language_list ll = langs(f, "en:basic; nl:native; fr:fluent; de:fluent", PLEIN_OK, NULL), lg;
	assert_int_equal(profile_languages_set(f->db, a, &ll), PLEIN_OK);
	assert_int_equal(profile_languages_get(f->db, f->pool, a, &lg), PLEIN_OK);
	assert_int_equal(lg.n, 4);
	assert_string_equal(lg.items[0].code, "nl");
	assert_string_equal(lg.items[1].code, "de");
	assert_string_equal(lg.items[2].code, "fr");
	assert_string_equal(lg.items[3].code, "en");
	assert_int_equal(lg.items[3].level, LEVEL_BASIC);
	ll = langs(f, "it:working", PLEIN_OK, NULL);
	assert_int_equal(profile_languages_set(f->db, a, &ll), PLEIN_OK);
	assert_int_equal(profile_languages_get(f->db, f->pool, a, &lg), PLEIN_OK);
	assert_int_equal(lg.n, 1);
	assert_string_equal(lg.items[0].code, "it");
	assert_int_equal(profile_languages_get(f->db, f->pool, b, &lg), PLEIN_OK);
	assert_int_equal(lg.n, 0);
}

static void set_skills(struct fixture *f, int64_t id, const char *text)
{
	struct tag_list l = tags(f, text, PROFILE_SKILLS_MAX, PLEIN_OK, NULL);
	assert_int_equal(profile_skills_set(f->db, id, &l), PLEIN_OK);
}

static void test_suggestions(void **state)
{
	struct fixture *f = *state;
	int64_t a = add(f, "a@example.com", "member"), b = add(f, "b@example.com", "member");
	int64_t c = add(f, "c@example.com", "member"), d = add(f, "d@example.com", "member");
	set_skills(f, a, "Python, PostgreSQL, Excel");
	set_skills(f, b, "python, Project management, Excel");
	set_skills(f, c, "PYTHON, Pottery, Excel");
	set_skills(f, d, "Excel, PostgreSQL");
	struct tag_list s;

	assert_int_equal(profile_skills_suggest(f->db, f->pool, "p", 10, &s), PLEIN_OK);
	assert_int_equal(s.n, 4);
	assert_string_equal(s.items[0], "Python");      /* 3 people */
	assert_string_equal(s.items[1], "PostgreSQL");  /* 2 */
	/* then 1 each, by name */
	assert_string_equal(s.items[2], "Pottery");
	assert_string_equal(s.items[3], "Project management");

	assert_int_equal(profile_skills_suggest(f->db, f->pool, "PO", 10, &s), PLEIN_OK);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.items[0], "PostgreSQL");
	assert_string_equal(s.items[1], "Pottery");

	assert_int_equal(profile_skills_suggest(f->db, f->pool, "pyTH", 10, &s), PLEIN_OK);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.items[0], "Python");

	/* the empty prefix: the most used overall, within the limit */
	assert_int_equal(profile_skills_suggest(f->db, f->pool, "", 2, &s), PLEIN_OK);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.items[0], "Excel");
	assert_string_equal(s.items[1], "Python");

	assert_int_equal(profile_skills_suggest(f->db, f->pool, "zz", 10, &s), PLEIN_OK);
	assert_int_equal(s.n, 0);
	/* a prefix that is not a prefix: no "%" or "_" wildcards */
	assert_int_equal(profile_skills_suggest(f->db, f->pool, "%", 10, &s), PLEIN_OK);
	assert_int_equal(s.n, 0);
	assert_int_equal(profile_skills_suggest(f->db, f->pool, "P_", 10, &s), PLEIN_OK);
	assert_int_equal(s.n, 0);
	/* limits of zero or below give nothing (and never write past the list) */
	assert_int_equal(profile_skills_suggest(f->db, f->pool, "", 0, &s), PLEIN_OK);
	assert_int_equal(s.n, 0);
	assert_int_equal(profile_skills_suggest(f->db, f->pool, "", -1, &s), PLEIN_OK);
	assert_int_equal(s.n, 0);

	/* a tag no one has any more is not suggested */
	set_skills(f, c, "Excel");
	assert_int_equal(profile_skills_suggest(f->db, f->pool, "pot", 10, &s), PLEIN_OK);
	assert_int_equal(s.n, 0);

	/* interests suggest from interests only */
	struct tag_list l = tags(f, "Photography, photo walks", PROFILE_INTERESTS_MAX, PLEIN_OK, NULL);
	assert_int_equal(profile_interests_set(f->db, a, &l), PLEIN_OK);
	assert_int_equal(profile_interests_suggest(f->db, f->pool, "PHOTO", 10, &s), PLEIN_OK);
	assert_int_equal(s.n, 2);
	assert_int_equal(profile_interests_suggest(f->db, f->pool, "py", 10, &s), PLEIN_OK);
	assert_int_equal(s.n, 0);

	/* deactivated people's tags are neither suggested nor counted */
	set_skills(f, d, "Excel, PostgreSQL, Secretskill");
	l = tags(f, "Secret garden", PROFILE_INTERESTS_MAX, PLEIN_OK, NULL);
	assert_int_equal(profile_interests_set(f->db, d, &l), PLEIN_OK);
	assert_int_equal(people_set_status(f->db, d, "deactivated"), PLEIN_OK);
	assert_int_equal(profile_skills_suggest(f->db, f->pool, "secret", 10, &s), PLEIN_OK);
	assert_int_equal(s.n, 0);
	assert_int_equal(profile_interests_suggest(f->db, f->pool, "secret", 10, &s), PLEIN_OK);
	assert_int_equal(s.n, 0);
	/* PostgreSQL: a's only now (d left), behind Python (a, b) */
	assert_int_equal(profile_skills_suggest(f->db, f->pool, "p", 10, &s), PLEIN_OK);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.items[0], "Python");
	assert_string_equal(s.items[1], "PostgreSQL");
	assert_string_equal(s.items[2], "Project management");
	assert_int_equal(people_set_status(f->db, d, "active"), PLEIN_OK);
	assert_int_equal(profile_skills_suggest(f->db, f->pool, "secret", 10, &s), PLEIN_OK);
	assert_int_equal(s.n, 1);
}

/* ---- people: phone and start date ----------------------------------------- */

static int validate(struct fixture *f, const char *phone, const char *start_date, const char **field)
{
	struct person_fields pf = { .phone = phone, .start_date = start_date };
	const char *msg;
	int rc = people_validate(f->pool, &pf, field, &msg);
	if (rc)
		assert_non_null(msg);
	return rc;
}

static void test_validate_phone_and_date(void **state)
{
	struct fixture *f = *state;
	const char *field;
	static const char *const good_dates[] = { "2024-02-29", "2000-02-29", "1900-01-01", "2199-12-31",
	                                          "2023-12-31", "2021-09-01", "", "  2024-02-29  " };
	for (size_t i = 0; i < ARRAY_LEN(good_dates); i++) {
		if (validate(f, NULL, good_dates[i], &field))
			print_error("start_date \"%s\" refused\n", good_dates[i]);
		assert_int_equal(validate(f, NULL, good_dates[i], &field), PLEIN_OK);
	}
	static const char *const bad_dates[] = { "2023-02-29", "1900-02-29", "2100-02-29", "2024-13-01",
	                                         "2024-00-10", "2024-04-31", "2024-01-00", "2024-01-32",
	                                         "1899-12-31", "2200-01-01", "24-01-01", "2024-1-01",
	                                         "2024/01/01", "2024-01-01T00", "01-01-2024", "2024-01-0a",
	                                         "yesterday", "+024-01-01", "2024-01-1 " "x" };
	for (size_t i = 0; i < ARRAY_LEN(bad_dates); i++) {
		field = NULL;
		if (!validate(f, NULL, bad_dates[i], &field))
			print_error("start_date \"%s\" accepted\n", bad_dates[i]);
		assert_int_equal(validate(f, NULL, bad_dates[i], &field), PLEIN_INVALID);
		assert_string_equal(field, "start_date");
	}
	static const char *const good_phones[] = { "+31 20 123 4567", "(020) 123-45.67", "06/12345678", "", "112" };
	for (size_t i = 0; i < ARRAY_LEN(good_phones); i++)
		assert_int_equal(validate(f, good_phones[i], NULL, &field), PLEIN_OK);
	static const char *const bad_phones[] = { "call me", "+31 20 123 4567 ext. 5", "020\x01", "0800-PLEIN",
	                                          "1234567890123456789012345678901234567890 1" };
	for (size_t i = 0; i < ARRAY_LEN(bad_phones); i++) {
		field = NULL;
		assert_int_equal(validate(f, bad_phones[i], NULL, &field), PLEIN_INVALID);
		assert_string_equal(field, "phone");
	}
	/* pronouns: 40 characters */
	struct person_fields pf = { .pronouns = "they/them" };
	const char *msg;
	assert_int_equal(people_validate(f->pool, &pf, &field, &msg), PLEIN_OK);
	pf.pronouns = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";  /* 41 */
	assert_int_equal(people_validate(f->pool, &pf, &field, &msg), PLEIN_INVALID);
	assert_string_equal(field, "pronouns");

	/* validation trims: what is stored is what was meant */
	int64_t id = add(f, "t@example.com", "member");
	pf = (struct person_fields){ .phone = "  +31 6 1234 5678 ", .start_date = " 2024-02-29", .pronouns = " she/her " };
	assert_int_equal(people_validate(f->pool, &pf, &field, &msg), PLEIN_OK);
	assert_int_equal(people_update(f->db, id, &pf), PLEIN_OK);
	struct person *p;
	assert_int_equal(people_get(f->db, f->pool, id, &p), PLEIN_OK);
	assert_string_equal(p->phone, "+31 6 1234 5678");
	assert_string_equal(p->start_date, "2024-02-29");
	assert_string_equal(p->pronouns, "she/her");
}

/* ---- people: managers -------------------------------------------------------- */

static void test_manager_loops(void **state)
{
	struct fixture *f = *state;
	int64_t a = add(f, "a@example.com", "member"), b = add(f, "b@example.com", "member");
	struct person *p;

	assert_int_equal(people_set_manager(f->db, a, a), PLEIN_INVALID);        /* self */
	assert_int_equal(people_set_manager(f->db, a, b), PLEIN_OK);
	assert_int_equal(people_set_manager(f->db, b, a), PLEIN_INVALID);        /* 2-cycle */
	assert_int_equal(people_get(f->db, f->pool, b, &p), PLEIN_OK);
	assert_int_equal(p->manager_id, 0);                                       /* unchanged */
	assert_int_equal(people_set_manager(f->db, a, b + 100), PLEIN_NOTFOUND);  /* no such manager */
	assert_int_equal(people_set_manager(f->db, b + 100, a), PLEIN_NOTFOUND);  /* no such person */
	assert_int_equal(people_get(f->db, f->pool, a, &p), PLEIN_OK);
	assert_int_equal(p->manager_id, b);
	assert_string_equal(p->manager_name, "b@example.com");
	assert_int_equal(people_set_manager(f->db, a, 0), PLEIN_OK);              /* removed */
	assert_int_equal(people_get(f->db, f->pool, a, &p), PLEIN_OK);
	assert_int_equal(p->manager_id, 0);

	/* a long chain: c[0] reports to c[1] … to c[n-1]; the top cannot report
	 * to anyone below, however deep (longer than any recursion bound) */
	enum { N = 1200 };
	static int64_t c[N];
	assert_int_equal(db_begin(f->db), PLEIN_OK);
	for (int i = 0; i < N; i++) {
		char email[64];
		snprintf(email, sizeof(email), "c%d@example.com", i);
		c[i] = add(f, email, "member");
		if (i)
			assert_int_equal(people_set_manager(f->db, c[i - 1], c[i]), PLEIN_OK);
	}
	assert_int_equal(db_commit(f->db), PLEIN_OK);
	assert_int_equal(people_set_manager(f->db, c[N - 1], c[0]), PLEIN_INVALID);
	assert_int_equal(people_set_manager(f->db, c[N - 1], c[N / 2]), PLEIN_INVALID);
	assert_int_equal(people_set_manager(f->db, c[N - 1], c[N - 2]), PLEIN_INVALID);
	/* sideways and upwards moves are fine */
	assert_int_equal(people_set_manager(f->db, c[N - 1], a), PLEIN_OK);
	assert_int_equal(people_set_manager(f->db, c[0], c[N - 1]), PLEIN_OK);
	/* now a → … ; c[0] reports to the top, and a cannot report to c[5] (c[5] → … → top → a) */
	assert_int_equal(people_set_manager(f->db, a, c[5]), PLEIN_INVALID);
}

static void test_manage_last_admin(void **state)
{
	struct fixture *f = *state;
	int64_t ann = add(f, "ann@example.com", "admin"), mo = add(f, "mo@example.com", "member");
	struct person *p;
	struct person_change ch = { .department = "Finance", .role = "member", .status = "active" };

	/* the only admin cannot step down nor be deactivated; nothing changes */
	assert_int_equal(db_begin(f->db), PLEIN_OK);
	assert_int_equal(people_manage(f->db, ann, &ch), PLEIN_CONFLICT);
	db_rollback(f->db);
	ch.role = "admin";
	ch.status = "deactivated";
	assert_int_equal(people_manage(f->db, ann, &ch), PLEIN_CONFLICT);
	assert_int_equal(people_get(f->db, f->pool, ann, &p), PLEIN_OK);
	assert_string_equal(p->role, "admin");
	assert_string_equal(p->status, "active");
	assert_string_equal(p->department, "");

	/* keeping the role and status is fine */
	ch.status = "active";
	assert_int_equal(people_manage(f->db, ann, &ch), PLEIN_OK);
	assert_int_equal(people_get(f->db, f->pool, ann, &p), PLEIN_OK);
	assert_string_equal(p->department, "Finance");

	/* managing someone else is fine */
	ch = (struct person_change){ .department = "Sales", .manager_id = ann, .role = "moderator", .status = "active" };
	assert_int_equal(people_manage(f->db, mo, &ch), PLEIN_OK);
	assert_int_equal(people_get(f->db, f->pool, mo, &p), PLEIN_OK);
	assert_string_equal(p->role, "moderator");
	assert_string_equal(p->department, "Sales");
	assert_int_equal(p->manager_id, ann);

	/* a deactivated admin does not count */
	int64_t old = add(f, "old@example.com", "admin");
	assert_int_equal(people_set_status(f->db, old, "deactivated"), PLEIN_OK);
	ch = (struct person_change){ .department = "", .role = "member", .status = "active" };
	assert_int_equal(people_manage(f->db, ann, &ch), PLEIN_CONFLICT);

	/* with a second active admin, the first may step down */
	ch.role = "admin";
	assert_int_equal(people_manage(f->db, mo, &ch), PLEIN_OK);
	ch.role = "member";
	assert_int_equal(people_manage(f->db, ann, &ch), PLEIN_OK);
	assert_int_equal(people_get(f->db, f->pool, ann, &p), PLEIN_OK);
	assert_string_equal(p->role, "member");
	/* and now mo is the last one */
	ch.role = "alumni";
	assert_int_equal(people_manage(f->db, mo, &ch), PLEIN_CONFLICT);

	/* invalid values and loops */
	ch = (struct person_change){ .department = "", .role = "root", .status = "active" };
	assert_int_equal(people_manage(f->db, ann, &ch), PLEIN_INVALID);
	ch = (struct person_change){ .department = "", .role = "member", .status = "gone" };
	assert_int_equal(people_manage(f->db, ann, &ch), PLEIN_INVALID);
	ch = (struct person_change){ .department = "", .role = "admin", .status = "active", .manager_id = ann };
	assert_int_equal(people_manage(f->db, mo, &ch), PLEIN_OK);
	ch = (struct person_change){ .department = "", .role = "member", .status = "active", .manager_id = mo };
	assert_int_equal(people_manage(f->db, ann, &ch), PLEIN_INVALID);
}

static void test_deactivation_ends_sessions(void **state)
{
	struct fixture *f = *state;
	int64_t ann = add(f, "ann@example.com", "admin"), mo = add(f, "mo@example.com", "member");
	char t1[SESSION_TOKEN_LEN + 1], t2[SESSION_TOKEN_LEN + 1], t3[SESSION_TOKEN_LEN + 1];
	int64_t sid;
	struct session *s;
	assert_int_equal(sessions_create(f->db, mo, "ua", "127.0.0.1", t1, &sid), PLEIN_OK);
	assert_int_equal(sessions_create(f->db, mo, "ua", "127.0.0.1", t2, &sid), PLEIN_OK);
	assert_int_equal(sessions_create(f->db, ann, "ua", "127.0.0.1", t3, &sid), PLEIN_OK);
	assert_int_equal(sessions_lookup(f->db, f->pool, t1, &s), PLEIN_OK);

	assert_int_equal(people_set_status(f->db, mo, "deactivated"), PLEIN_OK);
	assert_int_equal(sessions_lookup(f->db, f->pool, t1, &s), PLEIN_NOTFOUND);
	assert_int_equal(sessions_lookup(f->db, f->pool, t2, &s), PLEIN_NOTFOUND);
	assert_int_equal(sessions_lookup(f->db, f->pool, t3, &s), PLEIN_OK);  /* others keep theirs */
	struct person *p;
	assert_int_equal(people_get(f->db, f->pool, mo, &p), PLEIN_OK);
	assert_string_equal(p->status, "deactivated");

	/* reactivating does not bring sessions back; new ones work */
	assert_int_equal(people_set_status(f->db, mo, "active"), PLEIN_OK);
	assert_int_equal(sessions_lookup(f->db, f->pool, t1, &s), PLEIN_NOTFOUND);
	assert_int_equal(sessions_create(f->db, mo, "ua", "127.0.0.1", t1, &sid), PLEIN_OK);
	assert_int_equal(people_set_status(f->db, mo, "asleep"), PLEIN_INVALID);
	assert_int_equal(sessions_lookup(f->db, f->pool, t1, &s), PLEIN_OK);

	/* through people_manage too */
	struct person_change ch = { .department = "", .role = "member", .status = "deactivated" };
	assert_int_equal(people_manage(f->db, mo, &ch), PLEIN_OK);
	assert_int_equal(sessions_lookup(f->db, f->pool, t1, &s), PLEIN_NOTFOUND);
	assert_int_equal(sessions_lookup(f->db, f->pool, t3, &s), PLEIN_OK);
	/* and deactivated people leave the directory */
	struct people_page page;
	assert_int_equal(people_list(f->db, f->pool, NULL, NULL, 10, &page), PLEIN_OK);
	assert_int_equal(page.n, 1);
	assert_int_equal(page.items[0]->id, ann);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_tags_separators_and_trim),
		T(test_tags_dedup_ignores_case),
		T(test_tags_limits),
		T(test_tags_hostile_bytes),
		T(test_languages_spellings),
		T(test_languages_errors),
		T(test_set_get_order),
		T(test_suggestions),
		T(test_validate_phone_and_date),
		T(test_manager_loops),
		T(test_manage_last_admin),
		T(test_deactivation_ends_sessions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

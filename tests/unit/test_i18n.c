/* test_i18n.c — language negotiation from Accept-Language (q-values, ties,
 * region subtags, junk), gettext with and without a catalogue, and the
 * embedded Dutch catalogue checked entry by entry against po/nl.po. */
#include "unit.h"
#include "core/i18n.h"

struct neg_case {
	const char *header, *want;
};

static void test_negotiate(void **state)
{
	static const struct neg_case cases[] = {
		{ "nl", "nl" },
		{ "nl-NL,en;q=0.5", "nl" },
		{ "en-GB,nl;q=0.9", "en" },
		{ "fr", "en" },
		{ "", "en" },
		{ "de;q=1, nl;q=0.1", "nl" },
		{ "de, fr;q=0.9, nl;q=0.8, en;q=0.7", "nl" },
		{ "en;q=0.5, nl;q=0.8", "nl" },
		{ "nl;q=0.5, en;q=0.5", "nl" }, /* a tie goes to the first listed */
		{ "en, nl", "en" },
		{ "NL", "nl" },
		{ "nl-be", "nl" },
		{ "nl_BE", "nl" },
		{ "En-Us", "en" },
		{ "  nl  ", "nl" },
		{ "fr,nl", "nl" },
		{ "nld", "en" },    /* not "nl" */
		{ "nlx-foo", "en" },
		{ "n", "en" },
		{ "*", "en" },
		{ "nl;q=0", "en" }, /* q=0 means "not acceptable" */
		{ "nl;q=0.0, en;q=0", "en" },
		{ "nl;q=-1", "en" },
		{ "nl;q=", "en" },
		{ "nl;q=abc", "en" },
		{ "nl;q=nan", "en" },
		{ "nl;level=1;q=0.9", "nl" },
		{ "en;q=0.1;x=y, nl;q=0.2", "nl" },
		{ ";;;,,,", "en" },
		{ ",,nl,,", "nl" },
		{ "q=1", "en" },
		{ ";q=1", "en" },
		{ "=;,=;q", "en" },
		{ "\xff\xfe", "en" },
		{ "nl\n", "en" },
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const char *got = i18n_negotiate(cases[i].header);
		if (strcmp(got, cases[i].want) != 0)
			print_error("'%s' gave %s, want %s\n", cases[i].header, got, cases[i].want);
		assert_string_equal(got, cases[i].want);
	}
	assert_string_equal(i18n_negotiate(NULL), "en");
}

static void test_negotiate_long(void **state)
{
	(void)state;
	/* a long header of many tags: ends, and finds the one that counts */
	size_t n = 20000;
	char *h = malloc(n + 16);
	assert_non_null(h);
	size_t k = 0;
	while (k + 8 < n) {
		memcpy(h + k, "xx;q=1, ", 8);
		k += 8;
	}
	memcpy(h + k, "nl;q=0.3", 9);
	assert_string_equal(i18n_negotiate(h), "nl");
	/* a run of one character */
	memset(h, ';', n);
	h[n] = '\0';
	assert_string_equal(i18n_negotiate(h), "en");
	memset(h, ' ', n);
	assert_string_equal(i18n_negotiate(h), "en");
	memset(h, 'n', n);
	assert_string_equal(i18n_negotiate(h), "en");
	free(h);
}

static void test_supported(void **state)
{
	(void)state;
	assert_true(i18n_supported("en"));
	assert_true(i18n_supported("nl"));
	assert_false(i18n_supported("fr"));
	assert_false(i18n_supported("NL"));
	assert_false(i18n_supported("nl-NL"));
	assert_false(i18n_supported(""));
	assert_false(i18n_supported(NULL));
}

static void test_gettext_no_catalog(void **state)
{
	(void)state;
	const char *msgid = "Please enter a name.";
	assert_ptr_equal(i18n_gettext(NULL, msgid), msgid);
	const char *empty = "";
	assert_ptr_equal(i18n_gettext(NULL, empty), empty);
	/* English has no catalogue: the source strings are English */
	i18n_init();
	assert_null(i18n_catalog("en"));
	assert_null(i18n_catalog(NULL));
	assert_null(i18n_catalog(""));
	assert_null(i18n_catalog("xx"));
	assert_null(i18n_catalog("nl-NL"));
}

/* ---- the Dutch catalogue against its source -------------------------------- */

/* Unescape a PO string body (between the quotes) and append it to out. */
static void po_append(char *out, size_t cap, const char *s)
{
	size_t o = strlen(out);
	const char *end = strrchr(s, '"');
	for (; *s && s < end && o + 1 < cap; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			switch (*s) {
			case 'n': out[o++] = '\n'; break;
			case 't': out[o++] = '\t'; break;
			case '"': out[o++] = '"'; break;
			case '\\': out[o++] = '\\'; break;
			default: out[o++] = *s;
			}
		} else {
			out[o++] = *s;
		}
	}
	out[o] = '\0';
}

struct po_stats {
	int checked, untranslated;
};

static void check_entry(const struct catalog *nl, const char *id, const char *str, bool skip,
                        struct po_stats *st)
{
	if (skip || !id[0])
		return;
	const char *got = i18n_gettext(nl, id);
	if (!str[0]) {
		assert_string_equal(got, id); /* untranslated: English */
		st->untranslated++;
		return;
	}
	if (strcmp(got, str) != 0)
		print_error("msgid '%s': got '%s', want '%s'\n", id, got, str);
	assert_string_equal(got, str);
	st->checked++;
}

static void test_catalog_nl(void **state)
{
	(void)state;
	i18n_init();
	const struct catalog *nl = i18n_catalog("nl");
	if (!nl) {
		print_message("no compiled nl catalogue: skipping\n");
		skip();
	}
	/* unknown ids come back as they are, the same pointer */
	const char *unknown = "No such message in any catalogue, surely.";
	assert_ptr_equal(i18n_gettext(nl, unknown), unknown);
	/* the header entry (msgid "") is never served as a translation */
	assert_string_equal(i18n_gettext(nl, ""), "");

	FILE *f = fopen("po/nl.po", "r");
	if (!f) {
		print_message("po/nl.po not found (run from the repository root): skipping\n");
		skip();
	}
	static char id[8192], str[8192];
	char line[4096];
	enum { NONE, ID, STR, OTHER } in = NONE;
	bool fuzzy = false, skip_entry = false;
	struct po_stats st = { 0, 0 };
	id[0] = str[0] = '\0';
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '\n' || line[0] == '#') {
			if (in == STR) {
				check_entry(nl, id, str, skip_entry || fuzzy, &st);
				fuzzy = skip_entry = false;
				id[0] = str[0] = '\0';
			}
			in = NONE;
			if (strncmp(line, "#,", 2) == 0 && strstr(line, "fuzzy"))
				fuzzy = true;
			continue;
		}
		if (strncmp(line, "msgctxt ", 8) == 0 || strncmp(line, "msgid_plural ", 13) == 0 ||
		    strncmp(line, "msgstr[", 7) == 0) {
			skip_entry = true; /* contexts and plurals are not used by plein */
			in = OTHER;
		} else if (strncmp(line, "msgid \"", 7) == 0) {
			if (in == STR) {
				check_entry(nl, id, str, skip_entry || fuzzy, &st);
				fuzzy = skip_entry = false;
				id[0] = str[0] = '\0';
			}
			in = ID;
			po_append(id, sizeof(id), line + 7);
		} else if (strncmp(line, "msgstr \"", 8) == 0) {
			in = STR;
			po_append(str, sizeof(str), line + 8);
		} else if (line[0] == '"') {
			if (in == ID)
				po_append(id, sizeof(id), line + 1);
			else if (in == STR)
				po_append(str, sizeof(str), line + 1);
		}
	}
	if (in == STR)
		check_entry(nl, id, str, skip_entry || fuzzy, &st);
	fclose(f);
	print_message("nl: %d translations checked, %d untranslated\n", st.checked, st.untranslated);
	assert_true(st.checked > 0);
}

static void test_free_and_reload(void **state)
{
	(void)state;
	i18n_init();
	i18n_init(); /* idempotent */
	const struct catalog *before = i18n_catalog("nl");
	i18n_free();
	assert_null(i18n_catalog("nl"));
	i18n_init();
	const struct catalog *after = i18n_catalog("nl");
	assert_true((before == NULL) == (after == NULL));
	if (after) {
		const char *id = "This field must be text.";
		const char *t = i18n_gettext(after, id);
		assert_non_null(t);
	}
	i18n_free(); /* ASan: nothing left behind */
	i18n_free(); /* twice is harmless */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_negotiate),
		cmocka_unit_test(test_negotiate_long),
		cmocka_unit_test(test_supported),
		cmocka_unit_test(test_gettext_no_catalog),
		cmocka_unit_test(test_catalog_nl),
		cmocka_unit_test(test_free_and_reload),
	};
	return cmocka_run_group_tests_name("i18n", tests, NULL, NULL);
}

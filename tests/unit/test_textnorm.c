/* test_textnorm.c — word splitting, folding and stemming for "who knows X":
 * Dutch and English inflections meet on one term, case and diacritics are
 * ignored, stop words and over-long words are dropped, and the stemmers are
 * per thread. */
#include "unit.h"
#include "core/textnorm.h"
#include <pthread.h>

/* True when the two words share at least one match term. */
static bool meet(const char *a, const char *b)
{
	textnorm_term fa, fb, ta[TEXTNORM_TERMS_MAX], tb[TEXTNORM_TERMS_MAX];
	if (!textnorm_fold(a, strlen(a), fa) || !textnorm_fold(b, strlen(b), fb))
		return false;
	int na = textnorm_terms(fa, ta), nb = textnorm_terms(fb, tb);
	for (int i = 0; i < na; i++)
		for (int j = 0; j < nb; j++)
			if (strcmp(ta[i], tb[j]) == 0)
				return true;
	return false;
}

static void test_inflections_meet(void **state)
{
	(void)state;
	assert_true(meet("vertalen", "vertaling"));
	assert_true(meet("vertalen", "Vertaler"));
	assert_true(meet("translate", "translation"));
	assert_true(meet("Translations", "translator"));
	assert_true(meet("subsidies", "subsidie"));
	assert_true(meet("subsidy", "Subsidies"));
	assert_true(meet("begroting", "begrotingen"));
	assert_false(meet("vertalen", "translation"));  /* no translation between languages */
	assert_false(meet("french", "finance"));
}

static void test_fold(void **state)
{
	(void)state;
	textnorm_term t;
	assert_int_equal(textnorm_fold("Ëngels", strlen("Ëngels"), t), 6);
	assert_string_equal(t, "engels");
	assert_true(meet("Ëngels", "engels"));
	textnorm_fold("café", strlen("café"), t);
	assert_string_equal(t, "cafe");
	assert_true(meet("CAFÉ", "cafe"));
	/* decomposed input (e + combining acute) folds the same */
	textnorm_fold("cafe\xcc\x81", 6, t);
	assert_string_equal(t, "cafe");
	textnorm_fold("Financiën", strlen("Financiën"), t);
	assert_string_equal(t, "financien");
	textnorm_fold("Straße", strlen("Straße"), t);
	assert_string_equal(t, "strasse");
	textnorm_fold("ZOË", strlen("ZOË"), t);
	assert_string_equal(t, "zoe");
	/* too long: nothing */
	char longw[200];
	memset(longw, 'a', sizeof(longw));
	assert_int_equal(textnorm_fold(longw, sizeof(longw), t), 0);
	assert_int_equal(textnorm_fold("", 0, t), 0);
}

struct collect {
	char words[16][TEXTNORM_WORD_MAX + 1];
	char origs[16][80];
	int n;
};

static int collect(void *arg, const char *orig, size_t orig_len, const char *folded)
{
	struct collect *c = arg;
	if (c->n == 16)
		return 1;
	snprintf(c->words[c->n], sizeof(c->words[0]), "%s", folded);
	snprintf(c->origs[c->n], sizeof(c->origs[0]), "%.*s", (int)orig_len, orig);
	c->n++;
	return 0;
}

static void test_words(void **state)
{
	(void)state;
	struct collect c = { 0 };
	const char *s = "Hulp bij vertalen: Frans/Engels, 3D-print & \"C\"; collega's — Zoë!";
	assert_int_equal(textnorm_each_word(s, strlen(s), collect, &c), 0);
	const char *want[] = { "hulp", "bij", "vertalen", "frans", "engels", "3d", "print", "c", "collega", "s", "zoe" };
	assert_int_equal(c.n, (int)ARRAY_LEN(want));
	for (size_t i = 0; i < ARRAY_LEN(want); i++)
		assert_string_equal(c.words[i], want[i]);
	assert_string_equal(c.origs[10], "Zoë");
	/* invalid UTF-8 separates words, never crashes */
	struct collect d = { 0 };
	const char bad[] = "ab\xff\xfe" "cd\xc3";
	assert_int_equal(textnorm_each_word(bad, sizeof(bad) - 1, collect, &d), 0);
	assert_int_equal(d.n, 2);
	assert_string_equal(d.words[0], "ab");
	assert_string_equal(d.words[1], "cd");
	/* a callback can stop the walk */
	struct collect e = { .n = 16 };
	assert_int_equal(textnorm_each_word("one two", 7, collect, &e), 1);
}

static void test_terms(void **state)
{
	(void)state;
	textnorm_term t[TEXTNORM_TERMS_MAX];
	int n = textnorm_terms("vertaling", t);
	assert_true(n >= 2);
	assert_string_equal(t[0], "vertaling");
	assert_string_equal(t[1], "vertal");
	n = textnorm_terms("french", t);
	assert_int_equal(n, 1);  /* every stem is the word itself: one term */
	for (int i = 0; i < textnorm_terms("translations", t); i++)
		assert_true(strlen(t[i]) > 0);
}

static void test_stop(void **state)
{
	(void)state;
	assert_true(textnorm_is_stop("the"));
	assert_true(textnorm_is_stop("de"));
	assert_true(textnorm_is_stop("x"));
	assert_false(textnorm_is_stop("it"));  /* IT, the department */
	assert_false(textnorm_is_stop("subsidies"));
}

static void *thread_main(void *arg)
{
	textnorm_term t[TEXTNORM_TERMS_MAX];
	int *ok = arg;
	for (int i = 0; i < 200; i++)
		*ok += textnorm_terms("vertaling", t) >= 2 && strcmp(t[1], "vertal") == 0;
	return NULL;  /* the thread-exit hook frees the stemmers (LSan checks) */
}

static void test_threads(void **state)
{
	(void)state;
	pthread_t th[4];
	int ok[4] = { 0 };
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&th[i], NULL, thread_main, &ok[i]), 0);
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(ok[i], 200);
	}
	textnorm_thread_release();
	textnorm_thread_release();  /* twice is fine */
	assert_true(meet("vertalen", "vertaling"));  /* and they come back */
	textnorm_thread_release();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inflections_meet), cmocka_unit_test(test_fold), cmocka_unit_test(test_words),
		cmocka_unit_test(test_terms), cmocka_unit_test(test_stop), cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

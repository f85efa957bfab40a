/* test_throttle.c — failed sign-in counting: a key may fail up to the
 * maximum, then must wait (at most the window); reset forgets it; keys are
 * independent; many keys stay bounded; the table is thread-safe. No timing
 * assertions: windows are long enough that they never end during a test. */
#include "unit.h"
#include "core/throttle.h"
#include <pthread.h>

static void test_allow_then_wait(void **state)
{
	struct throttle *t = throttle_new(3, 600);
	(void)state;
	assert_int_equal(throttle_check(t, "10.0.0.1"), 0); /* unknown key */
	throttle_fail(t, "10.0.0.1");
	assert_int_equal(throttle_check(t, "10.0.0.1"), 0);
	throttle_fail(t, "10.0.0.1");
	assert_int_equal(throttle_check(t, "10.0.0.1"), 0);
	throttle_fail(t, "10.0.0.1"); /* the third failure reaches the maximum */
	unsigned wait = throttle_check(t, "10.0.0.1");
	assert_true(wait > 0);
	assert_true(wait <= 600);
	/* more failures keep it throttled; the wait never exceeds the window */
	for (int i = 0; i < 50; i++)
		throttle_fail(t, "10.0.0.1");
	wait = throttle_check(t, "10.0.0.1");
	assert_true(wait > 0 && wait <= 600);
	throttle_free(t);
}

static void test_reset(void **state)
{
	struct throttle *t = throttle_new(2, 600);
	(void)state;
	throttle_fail(t, "anna@example.com");
	throttle_fail(t, "anna@example.com");
	assert_true(throttle_check(t, "anna@example.com") > 0);
	throttle_reset(t, "anna@example.com");
	assert_int_equal(throttle_check(t, "anna@example.com"), 0);
	/* counting starts again from zero */
	throttle_fail(t, "anna@example.com");
	assert_int_equal(throttle_check(t, "anna@example.com"), 0);
	throttle_fail(t, "anna@example.com");
	assert_true(throttle_check(t, "anna@example.com") > 0);
	/* resetting an unknown key is harmless */
	throttle_reset(t, "nobody");
	throttle_reset(t, "");
	throttle_free(t);
}

static void test_independent_keys(void **state)
{
	struct throttle *t = throttle_new(2, 600);
	(void)state;
	throttle_fail(t, "a");
	throttle_fail(t, "a");
	assert_true(throttle_check(t, "a") > 0);
	assert_int_equal(throttle_check(t, "b"), 0);
	assert_int_equal(throttle_check(t, "A"), 0);  /* keys are exact strings */
	assert_int_equal(throttle_check(t, "a "), 0);
	assert_int_equal(throttle_check(t, ""), 0);
	throttle_fail(t, "b");
	assert_int_equal(throttle_check(t, "b"), 0);
	/* resetting one leaves the other */
	throttle_fail(t, "b");
	throttle_reset(t, "a");
	assert_int_equal(throttle_check(t, "a"), 0);
	assert_true(throttle_check(t, "b") > 0);
	throttle_free(t);
}

static void test_max_one(void **state)
{
	struct throttle *t = throttle_new(1, 60);
	(void)state;
	assert_int_equal(throttle_check(t, "k"), 0);
	throttle_fail(t, "k");
	assert_true(throttle_check(t, "k") > 0);
	assert_true(throttle_check(t, "k") <= 60);
	throttle_free(t);
}

/* Many keys sharing buckets: each counted on its own; removing from the
 * middle of a chain keeps the rest. */
static void test_many_keys(void **state)
{
	struct throttle *t = throttle_new(2, 600);
	char key[32];
	(void)state;
	for (int i = 0; i < 20000; i++) {
		snprintf(key, sizeof(key), "192.0.2.%d/%d", i % 256, i);
		throttle_fail(t, key);
		if (i % 2 == 0)
			throttle_fail(t, key);
	}
	for (int i = 0; i < 20000; i += 1) {
		snprintf(key, sizeof(key), "192.0.2.%d/%d", i % 256, i);
		if (i % 2 == 0)
			assert_true(throttle_check(t, key) > 0);
		else
			assert_int_equal(throttle_check(t, key), 0);
	}
	for (int i = 0; i < 20000; i += 3) {
		snprintf(key, sizeof(key), "192.0.2.%d/%d", i % 256, i);
		throttle_reset(t, key);
	}
	for (int i = 0; i < 20000; i++) {
		snprintf(key, sizeof(key), "192.0.2.%d/%d", i % 256, i);
		bool throttled = i % 2 == 0 && i % 3 != 0;
		assert_int_equal(throttle_check(t, key) > 0, throttled);
	}
	throttle_free(t);
}

/* Past the key limit (100,000) the table sweeps instead of growing without
 * bound; the newest key is still counted. */
static void test_key_limit(void **state)
{
	struct throttle *t = throttle_new(1, 600);
	char key[32];
	(void)state;
	for (int i = 0; i < 100005; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		throttle_fail(t, key);
	}
	assert_true(throttle_check(t, "k100004") > 0);
	throttle_fail(t, "last");
	assert_true(throttle_check(t, "last") > 0);
	throttle_free(t); /* ASan: nothing leaked or freed twice */
}

struct worker {
	struct throttle *t;
	int id;
};

static void *hammer(void *arg)
{
	struct worker *w = arg;
	char key[32];
	for (int i = 0; i < 2000; i++) {
		snprintf(key, sizeof(key), "shared-%d", i % 50);
		throttle_fail(w->t, key);
		(void)throttle_check(w->t, key);
		snprintf(key, sizeof(key), "own-%d-%d", w->id, i % 10);
		throttle_fail(w->t, key);
		if (i % 7 == 0)
			throttle_reset(w->t, key);
	}
	return NULL;
}

static void test_threads(void **state)
{
	struct throttle *t = throttle_new(1000000, 600);
	pthread_t th[4];
	struct worker w[4];
	(void)state;
	for (int i = 0; i < 4; i++) {
		w[i] = (struct worker){ t, i };
		assert_int_equal(pthread_create(&th[i], NULL, hammer, &w[i]), 0);
	}
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	/* 4 threads × 40 failures per shared key, below the maximum */
	assert_int_equal(throttle_check(t, "shared-0"), 0);
	throttle_free(t);

	/* with a low maximum the shared keys end up throttled */
	t = throttle_new(100, 600);
	for (int i = 0; i < 4; i++) {
		w[i] = (struct worker){ t, i };
		assert_int_equal(pthread_create(&th[i], NULL, hammer, &w[i]), 0);
	}
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	assert_true(throttle_check(t, "shared-0") > 0); /* 160 failures counted, none lost below 100 */
	throttle_free(t);
}

static void test_free_null(void **state)
{
	(void)state;
	throttle_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_allow_then_wait),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_independent_keys),
		cmocka_unit_test(test_max_one),
		cmocka_unit_test(test_many_keys),
		cmocka_unit_test(test_key_limit),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_free_null),
	};
	return cmocka_run_group_tests_name("throttle", tests, NULL, NULL);
}

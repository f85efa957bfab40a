/* test_pool.c — the per-request memory pool: many small and big allocations
 * that never overlap, 16-byte alignment, zeroing, string helpers, and the
 * cleanup hooks (run once each, in reverse order, on pool_free). Leaks would
 * show up under ASan's leak checker. */
#include "unit.h"
#include "lib/pool.h"

static bool aligned16(const void *p)
{
	return ((uintptr_t)p & 15) == 0;
}

static void test_free_null(void **state)
{
	(void)state;
	pool_free(NULL);
	struct pool *p = pool_new();
	assert_non_null(p);
	assert_int_equal(pool_used(p), 0);
	pool_free(p); /* empty pool */
}

/* Fill each allocation with its own byte; any overlap corrupts a neighbour. */
static void test_many_small(void **state)
{
	enum { N = 5000 };
	struct pool *p = pool_new();
	unsigned char **ptrs = calloc(N, sizeof(*ptrs));
	(void)state;
	assert_non_null(ptrs);
	for (size_t i = 0; i < N; i++) {
		size_t n = 1 + i % 97;
		ptrs[i] = pool_alloc(p, n);
		assert_non_null(ptrs[i]);
		assert_true(aligned16(ptrs[i]));
		memset(ptrs[i], (int)(i & 0xff), n);
	}
	for (size_t i = 0; i < N; i++) {
		size_t n = 1 + i % 97;
		for (size_t k = 0; k < n; k++)
			assert_int_equal(ptrs[i][k], i & 0xff);
	}
	assert_true(pool_used(p) >= (size_t)N * 16);
	free(ptrs);
	pool_free(p);
}

static void test_big(void **state)
{
	struct pool *p = pool_new();
	(void)state;
	/* sizes around the "own block" threshold and the standard block size */
	static const size_t sizes[] = { 2047, 2048, 2049, 4096, 8191, 8192, 8193, 100000, 1 << 20 };
	unsigned char *ptrs[ARRAY_LEN(sizes)];
	unsigned char *small_before = pool_alloc(p, 8);
	memset(small_before, 0xAA, 8);
	for (size_t i = 0; i < ARRAY_LEN(sizes); i++) {
		ptrs[i] = pool_alloc(p, sizes[i]);
		assert_true(aligned16(ptrs[i]));
		memset(ptrs[i], (int)i + 1, sizes[i]);
	}
	/* small allocations still work after big ones, and keep their content */
	unsigned char *small_after = pool_alloc(p, 8);
	memset(small_after, 0x55, 8);
	for (size_t i = 0; i < ARRAY_LEN(sizes); i++) {
		assert_int_equal(ptrs[i][0], i + 1);
		assert_int_equal(ptrs[i][sizes[i] - 1], i + 1);
	}
	for (int k = 0; k < 8; k++) {
		assert_int_equal(small_before[k], 0xAA);
		assert_int_equal(small_after[k], 0x55);
	}
	size_t total = 16;
	for (size_t i = 0; i < ARRAY_LEN(sizes); i++)
		total += sizes[i];
	assert_true(pool_used(p) >= total);
	pool_free(p);
}

static void test_alignment(void **state)
{
	struct pool *p = pool_new();
	(void)state;
	for (size_t n = 0; n < 200; n++) {
		void *a = pool_alloc(p, n);
		assert_non_null(a);
		assert_true(aligned16(a));
		/* a long double / max_align_t store must be fine */
		if (n >= sizeof(max_align_t)) {
			max_align_t *m = a;
			memset(m, 0, sizeof(*m));
		}
	}
	/* zero-size allocations are distinct, valid pointers */
	void *z1 = pool_alloc(p, 0), *z2 = pool_alloc(p, 0);
	assert_ptr_not_equal(z1, z2);
	pool_free(p);
}

static void test_zalloc_and_strings(void **state)
{
	struct pool *p = pool_new();
	(void)state;
	/* dirty the block first so zalloc really has to clear */
	for (int i = 0; i < 10; i++)
		memset(pool_alloc(p, 64), 0xff, 64);
	unsigned char *z = pool_zalloc(p, 300);
	for (int i = 0; i < 300; i++)
		assert_int_equal(z[i], 0);
	unsigned char *zb = pool_zalloc(p, 50000);
	for (int i = 0; i < 50000; i += 997)
		assert_int_equal(zb[i], 0);

	char *s = pool_strdup(p, "hello");
	assert_string_equal(s, "hello");
	char *e = pool_strdup(p, "");
	assert_string_equal(e, "");
	char *n = pool_strndup(p, "abcdef", 3);
	assert_string_equal(n, "abc");
	char *n0 = pool_strndup(p, "abc\0def", 7); /* copies n bytes, terminates after */
	assert_memory_equal(n0, "abc\0def", 7);
	assert_int_equal(n0[7], '\0');
	pool_free(p);
}

static void test_printf(void **state)
{
	struct pool *p = pool_new();
	(void)state;
	char *s = pool_printf(p, "%s=%d;%05.1f", "x", -42, 3.14159);
	assert_string_equal(s, "x=-42;003.1");
	assert_true(aligned16(s));
	assert_string_equal(pool_printf(p, "%s", ""), "");

	/* longer than a standard block */
	char big[20001];
	memset(big, 'b', 20000);
	big[20000] = '\0';
	char *l = pool_printf(p, "<%s>", big);
	assert_int_equal(strlen(l), 20002);
	assert_int_equal(l[0], '<');
	assert_int_equal(l[20001], '>');
	assert_int_equal(l[1000], 'b');
	assert_string_equal(s, "x=-42;003.1"); /* earlier strings intact */
	pool_free(p);
}

/* Cleanup hooks: each records its position in a shared log. */
struct log {
	int order[16];
	int n;
};
struct hook {
	struct log *log;
	int id;
};

static void record(void *arg)
{
	struct hook *h = arg;
	assert_true(h->log->n < 16);
	h->log->order[h->log->n++] = h->id;
}

static void free_it(void *arg)
{
	free(arg);
}

static void test_cleanup_reverse(void **state)
{
	struct log log = { { 0 }, 0 };
	struct hook hooks[5];
	struct pool *p = pool_new();
	(void)state;
	for (int i = 0; i < 5; i++) {
		hooks[i] = (struct hook){ &log, i + 1 };
		pool_cleanup_add(p, record, &hooks[i]);
		/* allocations in between must not disturb the hook list */
		(void)pool_alloc(p, 3000);
	}
	/* a hook that frees heap memory owned by the request: no leak report */
	pool_cleanup_add(p, free_it, malloc(100));
	assert_int_equal(log.n, 0); /* nothing runs before pool_free */
	pool_free(p);
	assert_int_equal(log.n, 5);
	for (int i = 0; i < 5; i++)
		assert_int_equal(log.order[i], 5 - i);
}

/* A cleanup hook may still read pool memory: hooks run before blocks go. */
struct pool_ref {
	const char *text;
	int *seen;
};

static void read_pool_string(void *arg)
{
	struct pool_ref *r = arg;
	if (strcmp(r->text, "still here") == 0)
		(*r->seen)++;
}

static void test_cleanup_sees_pool(void **state)
{
	int seen = 0;
	struct pool *p = pool_new();
	(void)state;
	struct pool_ref *r = pool_alloc(p, sizeof(*r));
	r->text = pool_strdup(p, "still here");
	r->seen = &seen;
	pool_cleanup_add(p, read_pool_string, r);
	for (int i = 0; i < 20; i++)
		(void)pool_alloc(p, 5000); /* move on to other blocks */
	pool_free(p);
	assert_int_equal(seen, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_free_null),
		cmocka_unit_test(test_many_small),
		cmocka_unit_test(test_big),
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_zalloc_and_strings),
		cmocka_unit_test(test_printf),
		cmocka_unit_test(test_cleanup_reverse),
		cmocka_unit_test(test_cleanup_sees_pool),
	};
	return cmocka_run_group_tests_name("pool", tests, NULL, NULL);
}

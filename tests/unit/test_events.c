/* test_events.c — the event log as the live hub reads it: rows after an id
 * (bounded above and in number), the bounds, and pruning that always keeps
 * the newest row so that ids never start again from 1 (a client's
 * Last-Event-ID must keep naming the same event). */
#include "unit.h"
#include "core/events.h"

struct fixture {
	char dir[64], path[128];
	struct db *db;
	struct pool *pool;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f || unit_store_open("events", f->dir, f->path, &f->db, &f->pool))
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

static void test_after_and_bounds(void **state)
{
	struct fixture *f = *state;
	struct event ev[8];
	size_t n;
	int64_t first, last;
	assert_int_equal(events_bounds(f->db, &first, &last), PLEIN_OK);
	assert_int_equal(first, 0);
	assert_int_equal(last, 0);
	assert_int_equal(events_add(f->db, "post", 5, 0, 0), PLEIN_OK);
	assert_int_equal(events_add(f->db, "comment", 5, 9, 0), PLEIN_OK);
	assert_int_equal(events_add(f->db, "notification", 5, 9, 3), PLEIN_OK);
	assert_int_equal(events_add(f->db, "reaction", 6, 0, 0), PLEIN_OK);
	assert_int_equal(events_bounds(f->db, &first, &last), PLEIN_OK);
	assert_int_equal(first, 1);
	assert_int_equal(last, 4);
	assert_int_equal(events_after(f->db, 1, 0, ev, 8, &n), PLEIN_OK);
	assert_int_equal(n, 3);
	assert_int_equal(ev[0].id, 2);
	assert_string_equal(ev[0].kind, "comment");
	assert_int_equal(ev[0].post_id, 5);
	assert_int_equal(ev[0].comment_id, 9);
	assert_int_equal(ev[0].person_id, 0);
	assert_int_equal(ev[1].person_id, 3);
	/* an upper bound, and a bound on the number */
	assert_int_equal(events_after(f->db, 0, 2, ev, 8, &n), PLEIN_OK);
	assert_int_equal(n, 2);
	assert_int_equal(events_after(f->db, 0, 0, ev, 3, &n), PLEIN_OK);
	assert_int_equal(n, 3);
	assert_int_equal(ev[2].id, 3);
	assert_int_equal(events_after(f->db, 4, 0, ev, 8, &n), PLEIN_OK);
	assert_int_equal(n, 0);
}

static void test_prune_keeps_the_newest(void **state)
{
	struct fixture *f = *state;
	struct event ev[8];
	size_t n;
	int64_t first, last, deleted;
	for (int i = 0; i < 5; i++)
		assert_int_equal(events_add(f->db, "post", i + 1, 0, 0), PLEIN_OK);
	/* by count: the newest 2 stay */
	assert_int_equal(events_prune(f->db, 0, 2, &deleted), PLEIN_OK);
	assert_int_equal(deleted, 3);
	assert_int_equal(events_bounds(f->db, &first, &last), PLEIN_OK);
	assert_int_equal(first, 4);
	assert_int_equal(last, 5);
	/* by age: everything is older than "the future", yet the newest stays */
	assert_int_equal(events_prune(f->db, INT64_C(1) << 40, 100, &deleted), PLEIN_OK);
	assert_int_equal(deleted, 1);
	assert_int_equal(events_bounds(f->db, &first, &last), PLEIN_OK);
	assert_int_equal(first, 5);
	assert_int_equal(last, 5);
	/* so the next id continues the sequence */
	assert_int_equal(events_add(f->db, "post", 9, 0, 0), PLEIN_OK);
	assert_int_equal(events_after(f->db, 5, 0, ev, 8, &n), PLEIN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ev[0].id, 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_after_and_bounds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prune_keeps_the_newest, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

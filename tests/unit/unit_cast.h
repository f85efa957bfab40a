/* unit_cast.h — the fixture of unit tests that play a scene with a cast of
 * people (questions, reputation, articles, the board): a fresh store with
 * each person of the cast created, a person as a request's viewer (their
 * groups loaded), and a count by SQL. Include after unit.h. */
#ifndef PLEIN_TESTS_UNIT_CAST_H
#define PLEIN_TESTS_UNIT_CAST_H
#include "core/people.h"
#include "core/visibility.h"

#define UNIT_CAST_MAX 16

struct unit_cast_member {
	const char *name, *role;
};

struct fixture {
	char dir[64], path[128];
	struct db *db;
	struct pool *pool;
	int64_t id[UNIT_CAST_MAX];
};

/* A cmocka setup: the store, then cast[0..n) as people (n ≤ UNIT_CAST_MAX). */
static inline int unit_cast_setup(void **state, const char *tag, const struct unit_cast_member *cast, size_t n)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f || n > UNIT_CAST_MAX || unit_store_open(tag, f->dir, f->path, &f->db, &f->pool))
		return -1;
	for (size_t i = 0; i < n; i++) {
		char email[64];
		snprintf(email, sizeof(email), "%s%zu@example.com", tag, i);
		if (people_create(f->db, email, cast[i].name, cast[i].role, NULL, &f->id[i]) != PLEIN_OK)
			return -1;
	}
	*state = f;
	return 0;
}

static inline int unit_cast_teardown(void **state)
{
	struct fixture *f = *state;
	unit_store_close(f->dir, f->path, f->db, f->pool);
	free(f);
	return 0;
}

/* Cast member i with their groups loaded, as a request's viewer is. */
static inline struct person *who(struct fixture *f, int i)
{
	struct person *p;
	assert_int_equal(visibility_person_get(f->db, f->pool, f->id[i], &p), PLEIN_OK);
	return p;
}

/* The one integer an SQL statement with one integer parameter gives. */
static inline int64_t count(struct fixture *f, const char *sql, int64_t a)
{
	int64_t n = -1;
	assert_int_equal(db_query_int(f->db, &n, sql, "i", a), PLEIN_OK);
	return n;
}
#endif

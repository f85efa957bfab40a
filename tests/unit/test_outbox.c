/* test_outbox.c — the mail outbox over a fresh database: queued rows, one
 * outcome each (sent, retry, failed) and never a second one, errors kept to
 * one clean line, rows failed at start, and invitations created by mail
 * getting their row in the same transaction (none when the batch fails). */
#include "unit.h"
#include "core/invitations.h"
#include "core/outbox.h"
#include "core/people.h"
#include "core/secret.h"
#include <sodium.h>

struct fixture {
	char dir[64], path[128];
	struct db *db;
	struct pool *pool;
	int64_t admin;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f || unit_store_open("outbox", f->dir, f->path, &f->db, &f->pool))
		return -1;
	if (secret_load(f->db) || people_create(f->db, "ann@example.com", "Ann", "admin", "$argon2id$x", &f->admin))
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

static void test_states(void **state)
{
	struct fixture *f = *state;
	struct outbox_row *r;
	int64_t a, b, c;
	assert_int_equal(outbox_enqueue(f->db, OUTBOX_KIND_INVITATION, 7, "a@example.com", &a), PLEIN_OK);
	assert_int_equal(outbox_enqueue(f->db, OUTBOX_KIND_INVITATION, 8, "b@example.com", &b), PLEIN_OK);
	assert_int_equal(outbox_enqueue(f->db, OUTBOX_KIND_INVITATION, 9, "c@example.com", &c), PLEIN_OK);
	assert_int_equal(outbox_get(f->db, f->pool, a, &r), PLEIN_OK);
	assert_int_equal(r->state, OUTBOX_QUEUED);
	assert_string_equal(r->to_addr, "a@example.com");
	assert_int_equal(r->ref_id, 7);
	assert_int_equal(r->attempts, 0);

	/* a retry keeps it queued with the reason, cleaned to one line */
	assert_int_equal(outbox_mark_retry(f->db, a, "refused\r\nby \x01server", 12345), PLEIN_OK);
	assert_int_equal(outbox_find(f->db, f->pool, OUTBOX_KIND_INVITATION, 7, &r), PLEIN_OK);
	assert_int_equal(r->state, OUTBOX_QUEUED);
	assert_string_equal(r->last_error, "refused  by  server");
	assert_int_equal(r->attempts, 1);
	assert_int_equal(r->next_attempt_at, 12345);
	assert_int_equal(outbox_mark_sent(f->db, a), PLEIN_OK);
	assert_int_equal(outbox_get(f->db, f->pool, a, &r), PLEIN_OK);
	assert_int_equal(r->state, OUTBOX_SENT);
	assert_int_equal(r->attempts, 2);
	assert_string_equal(r->last_error, "");
	/* settled: nothing changes it again */
	assert_int_equal(outbox_mark_sent(f->db, a), PLEIN_NOTFOUND);
	assert_int_equal(outbox_mark_failed(f->db, a, "x", true), PLEIN_NOTFOUND);
	assert_int_equal(outbox_mark_retry(f->db, a, "x", 1), PLEIN_NOTFOUND);

	/* long errors are cut without splitting a character */
	char long_err[OUTBOX_ERROR_MAX + 50];
	memset(long_err, 'x', sizeof(long_err));
	memcpy(long_err + OUTBOX_ERROR_MAX - 1, "é", 2);
	long_err[sizeof(long_err) - 1] = '\0';
	assert_int_equal(outbox_mark_failed(f->db, b, long_err, false), PLEIN_OK);
	assert_int_equal(outbox_get(f->db, f->pool, b, &r), PLEIN_OK);
	assert_int_equal(r->state, OUTBOX_FAILED);
	assert_int_equal(r->attempts, 0);
	assert_int_equal(strlen(r->last_error), OUTBOX_ERROR_MAX - 1);

	/* at start, only the queued one is failed */
	int64_t n;
	assert_int_equal(outbox_fail_queued(f->db, "plein restarted before sending; invite again", &n), PLEIN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(outbox_get(f->db, f->pool, c, &r), PLEIN_OK);
	assert_int_equal(r->state, OUTBOX_FAILED);
	assert_string_equal(r->last_error, "plein restarted before sending; invite again");
	assert_int_equal(outbox_get(f->db, f->pool, a, &r), PLEIN_OK);
	assert_int_equal(r->state, OUTBOX_SENT);
	assert_int_equal(outbox_find(f->db, f->pool, OUTBOX_KIND_INVITATION, 99, &r), PLEIN_NOTFOUND);
}

static void test_invitations_by_mail(void **state)
{
	struct fixture *f = *state;
	struct invitation_new list[2] = { { .email = "nina@example.com" }, { .email = "otto@example.com" } };
	struct outbox_row *r;
	assert_int_equal(invitations_create_many(f->db, list, 2, "member", f->admin, NULL, true), PLEIN_OK);
	for (int i = 0; i < 2; i++) {
		assert_true(list[i].outbox_id > 0);
		assert_int_equal(outbox_find(f->db, f->pool, OUTBOX_KIND_INVITATION, list[i].id, &r), PLEIN_OK);
		assert_int_equal(r->id, list[i].outbox_id);
		assert_string_equal(r->to_addr, list[i].email);
		assert_int_equal(r->state, OUTBOX_QUEUED);
	}
	/* without mail: no row */
	struct invitation_new one[1] = { { .email = "pia@example.com" } };
	assert_int_equal(invitations_create_many(f->db, one, 1, "member", f->admin, NULL, false), PLEIN_OK);
	assert_int_equal(one[0].outbox_id, 0);
	assert_int_equal(outbox_find(f->db, f->pool, OUTBOX_KIND_INVITATION, one[0].id, &r), PLEIN_NOTFOUND);
	/* a refused batch writes no outbox row */
	int64_t before, after;
	assert_int_equal(db_query_int(f->db, &before, "SELECT count(*) FROM mail_outbox", NULL), 0);
	struct invitation_new bad[2] = { { .email = "fine@example.com" }, { .email = "not an address" } };
	assert_int_equal(invitations_create_many(f->db, bad, 2, "member", f->admin, NULL, true), PLEIN_INVALID);
	assert_int_equal(db_query_int(f->db, &after, "SELECT count(*) FROM mail_outbox", NULL), 0);
	assert_int_equal(after, before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_states, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invitations_by_mail, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_invitations.c — invitations over a fresh temporary database per test:
 * tokens handed out once and stored hashed, lookup states (pending, expired,
 * revoked, used, unknown), a newer invitation replacing an older one,
 * refusing addresses that can sign in, single-use acceptance for new and
 * imported people, batches that are all or nothing, and the pending list. */
#include "unit.h"
#include "core/invitations.h"
#include "core/people.h"
#include "core/secret.h"
#include <sodium.h>
#include <time.h>

struct fixture {
	char dir[64], path[128];
	struct db *db;
	struct pool *pool;
	int64_t admin;
	int64_t saved_lifetime;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f || unit_store_open("invitations", f->dir, f->path, &f->db, &f->pool))
		return -1;
	if (secret_load(f->db) || people_create(f->db, "ann@example.com", "Ann", "admin", "$argon2id$x", &f->admin))
		return -1;
	f->saved_lifetime = invitation_lifetime;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	invitation_lifetime = f->saved_lifetime;
	unit_store_close(f->dir, f->path, f->db, f->pool);
	free(f);
	return 0;
}

static void test_create_and_lookup(void **state)
{
	struct fixture *f = *state;
	char token[INVITATION_TOKEN_LEN + 1];
	int64_t id;
	struct invitation *inv;
	assert_int_equal(invitations_create(f->db, "Nina@example.com", "moderator", f->admin, token, &id), PLEIN_OK);
	assert_int_equal(strlen(token), INVITATION_TOKEN_LEN);
	assert_int_equal(invitations_lookup(f->db, f->pool, token, &inv), PLEIN_OK);
	assert_int_equal(inv->id, id);
	assert_string_equal(inv->email, "Nina@example.com");
	assert_string_equal(inv->role, "moderator");
	assert_string_equal(inv->invited_by_name, "Ann");
	assert_int_equal(inv->state, INVITATION_PENDING);
	assert_false(inv->has_account);
	assert_true(inv->expires_at - inv->created_at == 7 * 24 * 3600);
	/* only the hash is stored */
	int64_t n = -1;
	assert_int_equal(db_query_int(f->db, &n, "SELECT count(*) FROM invitations WHERE token_hash = ?", "s", token), 0);
	assert_int_equal(n, 0);
	assert_int_equal(db_query_int(f->db, &n, "SELECT length(token_hash) FROM invitations WHERE id = ?", "i", id), 0);
	assert_int_equal(n, INVITATION_HASH_LEN);
	/* unknown, altered and malformed tokens */
	char other[INVITATION_TOKEN_LEN + 1];
	memcpy(other, token, sizeof(other));
	other[5] = other[5] == 'A' ? 'B' : 'A';
	assert_int_equal(invitations_lookup(f->db, f->pool, other, &inv), PLEIN_NOTFOUND);
	assert_null(inv);
	assert_int_equal(invitations_lookup(f->db, f->pool, "short", &inv), PLEIN_NOTFOUND);
	assert_int_equal(invitations_lookup(f->db, f->pool, NULL, &inv), PLEIN_NOTFOUND);
	assert_int_equal(invitations_create(f->db, "x@example.com", "emperor", f->admin, token, &id), PLEIN_INVALID);
}

static void test_refused_addresses(void **state)
{
	struct fixture *f = *state;
	char token[INVITATION_TOKEN_LEN + 1];
	int64_t id, imported, gone;
	/* can sign in already (any case) */
	assert_int_equal(invitations_create(f->db, "ANN@example.com", "member", f->admin, token, &id), PLEIN_CONFLICT);
	/* deactivated */
	assert_int_equal(people_create(f->db, "gone@example.com", "Gone", "member", NULL, &gone), 0);
	assert_int_equal(people_set_status(f->db, gone, "deactivated"), 0);
	assert_int_equal(invitations_create(f->db, "gone@example.com", "member", f->admin, token, &id), PLEIN_DENIED);
	/* imported, no password: fine */
	assert_int_equal(people_create(f->db, "imp@example.com", "Imp", "member", NULL, &imported), 0);
	assert_int_equal(invitations_create(f->db, "imp@example.com", "member", f->admin, token, &id), PLEIN_OK);
	struct invitation *inv;
	assert_int_equal(invitations_lookup(f->db, f->pool, token, &inv), PLEIN_OK);
	assert_true(inv->has_account);
}

static void test_states(void **state)
{
	struct fixture *f = *state;
	char t1[INVITATION_TOKEN_LEN + 1], t2[INVITATION_TOKEN_LEN + 1], t3[INVITATION_TOKEN_LEN + 1];
	int64_t id1, id2, id3;
	struct invitation *inv;
	/* a newer invitation for the same address replaces the older */
	assert_int_equal(invitations_create(f->db, "bo@example.com", "member", f->admin, t1, &id1), PLEIN_OK);
	assert_int_equal(invitations_create(f->db, "BO@example.com", "member", f->admin, t2, &id2), PLEIN_OK);
	assert_int_equal(invitations_lookup(f->db, f->pool, t1, &inv), PLEIN_OK);
	assert_int_equal(inv->state, INVITATION_REVOKED);
	assert_int_equal(invitations_lookup(f->db, f->pool, t2, &inv), PLEIN_OK);
	assert_int_equal(inv->state, INVITATION_PENDING);
	/* revoke */
	assert_int_equal(invitations_revoke(f->db, id2), PLEIN_OK);
	assert_int_equal(invitations_revoke(f->db, id2), PLEIN_NOTFOUND);
	assert_int_equal(invitations_revoke(f->db, 99999), PLEIN_NOTFOUND);
	assert_int_equal(invitations_lookup(f->db, f->pool, t2, &inv), PLEIN_OK);
	assert_int_equal(inv->state, INVITATION_REVOKED);
	/* expired: moved into the past */
	assert_int_equal(invitations_create(f->db, "cy@example.com", "member", f->admin, t3, &id3), PLEIN_OK);
	assert_int_equal(db_exec(f->db, "UPDATE invitations SET expires_at = ? WHERE id = ?", "ii", (int64_t)time(NULL) - 1, id3), 0);
	assert_int_equal(invitations_lookup(f->db, f->pool, t3, &inv), PLEIN_OK);
	assert_int_equal(inv->state, INVITATION_EXPIRED);
	int64_t person;
	enum invitation_state st;
	assert_int_equal(invitations_accept(f->db, f->pool, t3, "Cy", "$argon2id$h", NULL, &person, &st), PLEIN_DENIED);
	assert_int_equal(st, INVITATION_EXPIRED);
	assert_int_equal(person, 0);
	assert_int_equal(invitations_accept(f->db, f->pool, t2, "Bo", "$argon2id$h", NULL, &person, &st), PLEIN_DENIED);
	assert_int_equal(st, INVITATION_REVOKED);
	struct person *p;
	assert_int_equal(people_get_by_email(f->db, f->pool, "cy@example.com", &p, NULL), PLEIN_NOTFOUND);
}

static void test_accept_new_person_once(void **state)
{
	struct fixture *f = *state;
	char token[INVITATION_TOKEN_LEN + 1];
	int64_t id, person, again;
	enum invitation_state st;
	assert_int_equal(invitations_create(f->db, "dee@example.com", "guest", f->admin, token, &id), PLEIN_OK);
	/* a new person needs a name */
	assert_int_equal(invitations_accept(f->db, f->pool, token, "", "$argon2id$h", NULL, &person, &st), PLEIN_INVALID);
	assert_int_equal(invitations_accept(f->db, f->pool, token, "Dee", "$argon2id$h", "192.0.2.1", &person, &st), PLEIN_OK);
	struct person *p;
	const char *hash;
	assert_int_equal(people_get_by_email(f->db, f->pool, "dee@example.com", &p, &hash), 0);
	assert_int_equal(p->id, person);
	assert_string_equal(p->name, "Dee");
	assert_string_equal(p->role, "guest");
	assert_string_equal(hash, "$argon2id$h");
	/* single use */
	assert_int_equal(invitations_accept(f->db, f->pool, token, "Dee", "$argon2id$other", NULL, &again, &st), PLEIN_DENIED);
	assert_int_equal(st, INVITATION_USED);
	assert_int_equal(people_get_by_email(f->db, f->pool, "dee@example.com", &p, &hash), 0);
	assert_string_equal(hash, "$argon2id$h");
	int64_t n = 0;
	assert_int_equal(db_query_int(f->db, &n, "SELECT count(*) FROM audit_log WHERE action = 'invitation_accepted'", NULL), 0);
	assert_int_equal(n, 1);
	assert_int_equal(invitations_accept(f->db, f->pool, "nope", "X", "h", NULL, &again, &st), PLEIN_NOTFOUND);
}

static void test_accept_imported_person(void **state)
{
	struct fixture *f = *state;
	char token[INVITATION_TOKEN_LEN + 1];
	int64_t id, imported, person;
	enum invitation_state st;
	assert_int_equal(people_create(f->db, "eva@example.com", "Eva Imported", "member", NULL, &imported), 0);
	assert_int_equal(invitations_create(f->db, "eva@example.com", "moderator", f->admin, token, &id), PLEIN_OK);
	/* no name needed; the profile stays, the role is the invitation's */
	assert_int_equal(invitations_accept(f->db, f->pool, token, NULL, "$argon2id$e", NULL, &person, &st), PLEIN_OK);
	assert_int_equal(person, imported);
	struct person *p;
	const char *hash;
	assert_int_equal(people_get_by_email(f->db, f->pool, "eva@example.com", &p, &hash), 0);
	assert_string_equal(p->name, "Eva Imported");
	assert_string_equal(p->role, "moderator");
	assert_string_equal(hash, "$argon2id$e");

	/* someone who got a password in the meantime: the link no longer takes over the account */
	int64_t fay;
	assert_int_equal(people_create(f->db, "fay@example.com", "Fay", "member", NULL, &fay), 0);
	assert_int_equal(invitations_create(f->db, "fay@example.com", "member", f->admin, token, &id), PLEIN_OK);
	assert_int_equal(people_set_password(f->db, fay, "$argon2id$own"), 0);
	assert_int_equal(invitations_accept(f->db, f->pool, token, NULL, "$argon2id$e", NULL, &person, &st), PLEIN_CONFLICT);
	assert_int_equal(people_get_by_email(f->db, f->pool, "fay@example.com", &p, &hash), 0);
	assert_string_equal(hash, "$argon2id$own");
	struct invitation *inv;
	assert_int_equal(invitations_lookup(f->db, f->pool, token, &inv), PLEIN_OK);
	assert_int_equal(inv->state, INVITATION_PENDING);  /* rolled back */
}

static void test_batch_and_list(void **state)
{
	struct fixture *f = *state;
	const char *addrs[INVITATIONS_BATCH_MAX + 1];
	bool overflow;
	size_t n = invitations_split(f->pool, " a@example.com,b@example.com;\n c@example.com\t\r\n,, bad ann@example.com A@example.com ",
	                             addrs, INVITATIONS_BATCH_MAX, &overflow);
	assert_false(overflow);
	assert_int_equal(n, 6);
	assert_string_equal(addrs[3], "bad");
	struct invitation_new list[6] = { 0 };
	for (size_t i = 0; i < n; i++)
		list[i].email = addrs[i];
	assert_int_equal(invitations_create_many(f->db, list, n, "member", f->admin, NULL, false), PLEIN_INVALID);
	assert_null(list[0].error);
	assert_null(list[1].error);
	assert_null(list[2].error);
	assert_non_null(strstr(list[3].error, "not a valid"));
	assert_non_null(strstr(list[4].error, "can sign in already"));
	assert_non_null(strstr(list[5].error, "twice"));
	struct invitation *items;
	size_t count;
	bool more;
	assert_int_equal(invitations_list_pending(f->db, f->pool, 0, 10, &items, &count, &more), 0);
	assert_int_equal(count, 0);  /* all or nothing */
	/* the good ones */
	assert_int_equal(invitations_create_many(f->db, list, 3, "member", f->admin, NULL, false), PLEIN_OK);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(strlen(list[i].token), INVITATION_TOKEN_LEN);
		assert_true(list[i].id > 0);
	}
	/* pages, newest first */
	assert_int_equal(invitations_list_pending(f->db, f->pool, 0, 2, &items, &count, &more), 0);
	assert_int_equal(count, 2);
	assert_true(more);
	assert_string_equal(items[0].email, "c@example.com");
	assert_int_equal(invitations_list_pending(f->db, f->pool, items[1].id, 2, &items, &count, &more), 0);
	assert_int_equal(count, 1);
	assert_false(more);
	assert_string_equal(items[0].email, "a@example.com");
	assert_int_equal(invitations_list_pending(f->db, f->pool, 0, 0, &items, &count, &more), PLEIN_INVALID);
	/* too many addresses */
	const char *few[2];
	assert_int_equal(invitations_split(f->pool, "a b c", few, 2, &overflow), 2);
	assert_true(overflow);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_and_lookup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_addresses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_states, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accept_new_person_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accept_imported_person, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch_and_list, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* invitations.c — see invitations.h. All SQL over the invitations table
 * lives here. Tokens are hashed with BLAKE2b as session tokens are: they are
 * random and long, so a stolen database cannot be turned into links. */
#include "core/invitations.h"
#include "core/audit.h"
#include "core/i18n.h"
#include "core/outbox.h"
#include "core/people.h"
#include "core/secret.h"
#include <sodium.h>
#include <strings.h>
#include <time.h>

int64_t invitation_lifetime = 7 * 24 * 3600;

#define INVITATION_COLUMNS \
	"i.id, i.email, i.role, coalesce(i.invited_by, 0), coalesce(p.name, ''), i.created_at, i.expires_at," \
	" coalesce(i.accepted_at, 0), coalesce(i.revoked_at, 0), i.token_hash," \
	" EXISTS (SELECT 1 FROM people x WHERE x.email = i.email)"
#define INVITATION_FROM " FROM invitations i LEFT JOIN people p ON p.id = i.invited_by"

static void token_hash(const char *token, unsigned char out[INVITATION_HASH_LEN])
{
	crypto_generichash(out, INVITATION_HASH_LEN, (const unsigned char *)token, strlen(token), NULL, 0);
}

static enum invitation_state state_of(const struct invitation *inv, int64_t now)
{
	if (inv->accepted_at)
		return INVITATION_USED;
	if (inv->revoked_at)
		return INVITATION_REVOKED;
	if (inv->expires_at <= now)
		return INVITATION_EXPIRED;
	return INVITATION_PENDING;
}

static struct invitation *read_invitation(struct db_stmt *st, struct pool *p, int64_t now)
{
	struct invitation *inv = pool_zalloc(p, sizeof(*inv));
	inv->id = db_col_int(st, 0);
	inv->email = pool_strdup(p, db_col_text(st, 1));
	inv->role = pool_strdup(p, db_col_text(st, 2));
	inv->invited_by = db_col_int(st, 3);
	inv->invited_by_name = pool_strdup(p, db_col_text(st, 4));
	inv->created_at = db_col_int(st, 5);
	inv->expires_at = db_col_int(st, 6);
	inv->accepted_at = db_col_int(st, 7);
	inv->revoked_at = db_col_int(st, 8);
	inv->has_account = db_col_int(st, 10) != 0;
	inv->state = state_of(inv, now);
	return inv;
}

int invitations_check_email(struct db *db, const char *email)
{
	struct pool *p = pool_new();
	struct person *who;
	const char *hash;
	int rc = people_get_by_email(db, p, email, &who, &hash);
	if (rc == PLEIN_OK)
		rc = strcmp(who->status, "active") != 0 ? PLEIN_DENIED : hash ? PLEIN_CONFLICT : PLEIN_OK;
	else if (rc == PLEIN_NOTFOUND)
		rc = PLEIN_OK;
	pool_free(p);
	return rc;
}

int invitations_create(struct db *db, const char *email, const char *role, int64_t invited_by,
                       char token_out[INVITATION_TOKEN_LEN + 1], int64_t *id_out)
{
	unsigned char h[INVITATION_HASH_LEN];
	int64_t now = time(NULL);
	token_out[0] = '\0';
	if (!people_role_valid(role))
		return PLEIN_INVALID;
	int rc = invitations_check_email(db, email);
	if (rc)
		return rc;
	/* the newest invitation is the only one that works: older links say "withdrawn" */
	rc = db_exec(db, "UPDATE invitations SET revoked_at = ? WHERE email = ? AND accepted_at IS NULL"
	                 " AND revoked_at IS NULL", "is", now, email);
	if (rc)
		return rc;
	random_token(32, token_out, INVITATION_TOKEN_LEN + 1);
	token_hash(token_out, h);
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO invitations(email, token_hash, role, invited_by, created_at, expires_at)"
		" VALUES (?, ?, ?, nullif(?, 0), ?, ?)");
	if (!st)
		return PLEIN_ERROR;
	db_bind_str(st, 1, email);
	db_bind_blob(st, 2, h, sizeof(h));
	db_bind_str(st, 3, role);
	db_bind_int(st, 4, invited_by);
	db_bind_int(st, 5, now);
	db_bind_int(st, 6, now + invitation_lifetime);
	rc = db_step(st);
	db_done(st);
	if (rc < 0) {
		sodium_memzero(token_out, INVITATION_TOKEN_LEN + 1);
		return rc;
	}
	if (id_out)
		*id_out = db_last_insert_id(db);
	return PLEIN_OK;
}

int invitations_list_pending(struct db *db, struct pool *p, int64_t before_id, int limit,
                             struct invitation **out, size_t *n, bool *more)
{
	int64_t now = time(NULL);
	*out = NULL;
	*n = 0;
	*more = false;
	if (limit < 1 || limit > INVITATIONS_PAGE_MAX)
		return PLEIN_INVALID;
	struct invitation *arr = pool_alloc(p, st_mult((size_t)limit, sizeof(*arr)));
	struct db_stmt *st = db_prepare(db, "SELECT " INVITATION_COLUMNS INVITATION_FROM
		" WHERE i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.id < ? ORDER BY i.id DESC LIMIT ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, before_id > 0 ? before_id : INT64_MAX);
	db_bind_int(st, 2, limit + 1);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n == (size_t)limit) {
			*more = true;
			break;
		}
		arr[(*n)++] = *read_invitation(st, p, now);
	}
	db_done(st);
	*out = arr;
	return rc < 0 ? rc : PLEIN_OK;
}

int invitations_revoke(struct db *db, int64_t id)
{
	int rc = db_exec(db, "UPDATE invitations SET revoked_at = ? WHERE id = ? AND accepted_at IS NULL"
	                     " AND revoked_at IS NULL", "ii", (int64_t)time(NULL), id);
	if (rc)
		return rc;
	return db_changes(db) ? PLEIN_OK : PLEIN_NOTFOUND;
}

int invitations_lookup(struct db *db, struct pool *p, const char *token, struct invitation **out)
{
	unsigned char h[INVITATION_HASH_LEN];
	*out = NULL;
	if (!token || strlen(token) != INVITATION_TOKEN_LEN)
		return PLEIN_NOTFOUND;
	token_hash(token, h);
	struct db_stmt *st = db_prepare(db, "SELECT " INVITATION_COLUMNS INVITATION_FROM " WHERE i.token_hash = ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_blob(st, 1, h, sizeof(h));
	int rc = db_step(st);
	/* the index finds the row; the comparison that decides is constant-time */
	if (rc == DB_ROW && db_col_len(st, 9) == INVITATION_HASH_LEN &&
	    sodium_memcmp(db_col_blob(st, 9), h, INVITATION_HASH_LEN) == 0)
		*out = read_invitation(st, p, time(NULL));
	db_done(st);
	if (rc < 0)
		return rc;
	return *out ? PLEIN_OK : PLEIN_NOTFOUND;
}

int invitations_accept(struct db *db, struct pool *p, const char *token, const char *name,
                       const char *password_hash, const char *address, int64_t *person_id,
                       enum invitation_state *state)
{
	struct invitation *inv = NULL;
	struct person *who;
	const char *old_hash;
	*person_id = 0;
	*state = INVITATION_PENDING;
	int rc = db_begin(db);
	if (rc)
		return rc;
	/* looked up again inside the transaction: two tabs submitting the same
	 * link must not both get in */
	rc = invitations_lookup(db, p, token, &inv);
	if (rc)
		goto out;
	*state = inv->state;
	if (inv->state != INVITATION_PENDING) {
		rc = PLEIN_DENIED;
		goto out;
	}
	rc = people_get_by_email(db, p, inv->email, &who, &old_hash);
	if (rc == PLEIN_OK) {
		if (old_hash || strcmp(who->status, "active") != 0) {
			rc = PLEIN_CONFLICT;
			goto out;
		}
		*person_id = who->id;
		rc = people_set_password(db, who->id, password_hash);
		if (!rc && strcmp(who->role, inv->role) != 0)
			rc = people_set_role(db, who->id, inv->role);
	} else if (rc == PLEIN_NOTFOUND) {
		if (!name || !*name) {
			rc = PLEIN_INVALID;
			goto out;
		}
		rc = people_create(db, inv->email, name, inv->role, password_hash, person_id);
	}
	if (rc)
		goto out;
	rc = db_exec(db, "UPDATE invitations SET accepted_at = ? WHERE id = ? AND accepted_at IS NULL", "ii",
	             (int64_t)time(NULL), inv->id);
	if (rc)
		goto out;
	audit_log(db, *person_id, "invitation_accepted", inv->email, address);
	rc = db_commit(db);
out:
	if (rc) {
		db_rollback(db);
		*person_id = 0;
	}
	return rc;
}

int invitations_get(struct db *db, struct pool *p, int64_t id, struct invitation **out)
{
	*out = NULL;
	struct db_stmt *st = db_prepare(db, "SELECT " INVITATION_COLUMNS INVITATION_FROM " WHERE i.id = ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*out = read_invitation(st, p, time(NULL));
	db_done(st);
	return rc == DB_ROW ? PLEIN_OK : rc == DB_DONE ? PLEIN_NOTFOUND : rc;
}

static bool is_separator(char c)
{
	return c == ',' || c == ';' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

size_t invitations_split(struct pool *p, const char *text, const char **out, size_t max, bool *overflow)
{
	size_t n = 0;
	*overflow = false;
	while (text && *text) {
		while (*text && is_separator(*text))
			text++;
		const char *start = text;
		while (*text && !is_separator(*text))
			text++;
		if (text == start)
			continue;
		if (n == max) {
			*overflow = true;
			break;
		}
		out[n++] = pool_strndup(p, start, (size_t)(text - start));
	}
	return n;
}

int invitations_create_many(struct db *db, struct invitation_new *list, size_t n, const char *role,
                            int64_t invited_by, const char *address, bool by_mail)
{
	bool bad = false;
	for (size_t i = 0; i < n; i++) {
		struct invitation_new *x = &list[i];
		x->error = NULL;
		x->token[0] = '\0';
		x->id = 0;
		x->outbox_id = 0;
		if (people_email_error(x->email)) {
			x->error = N_("This is not a valid e-mail address.");
		} else {
			for (size_t j = 0; j < i && !x->error; j++)
				if (strcasecmp(list[j].email, x->email) == 0)
					x->error = N_("This address is in the list twice.");
		}
		if (!x->error) {
			int rc = invitations_check_email(db, x->email);
			if (rc == PLEIN_CONFLICT)
				x->error = N_("Someone with this address can sign in already.");
			else if (rc == PLEIN_DENIED)
				x->error = N_("This person's account is deactivated.");
			else if (rc)
				return PLEIN_ERROR;
		}
		bad = bad || x->error;
	}
	if (bad)
		return PLEIN_INVALID;
	if (db_begin(db))
		return PLEIN_ERROR;
	for (size_t i = 0; i < n; i++) {
		if (invitations_create(db, list[i].email, role, invited_by, list[i].token, &list[i].id) ||
		    (by_mail && outbox_enqueue(db, OUTBOX_KIND_INVITATION, list[i].id, list[i].email, &list[i].outbox_id))) {
			db_rollback(db);
			for (size_t j = 0; j <= i; j++)
				sodium_memzero(list[j].token, sizeof(list[j].token));
			return PLEIN_ERROR;
		}
		audit_log(db, invited_by, "invitation_created", list[i].email, address);
	}
	if (db_commit(db)) {
		db_rollback(db);
		return PLEIN_ERROR;
	}
	return PLEIN_OK;
}

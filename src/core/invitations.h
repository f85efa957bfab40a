/* invitations.h — joining plein by invitation. An administrator invites an
 * e-mail address with a role; the invitee gets a single-use link holding a
 * random 256-bit token (only its hash is stored) that expires after
 * invitation_lifetime seconds, and sets a password there. A newer invitation
 * for the same address replaces a pending one. With mail on, each new
 * invitation gets an outbox row in the same transaction (core/outbox.h) and
 * the caller hands the link to the sender (jobs/mailer.h); with mail off,
 * the caller shows the link to the administrator, once. */
#ifndef PLEIN_INVITATIONS_H
#define PLEIN_INVITATIONS_H
#include "db/db.h"
#include "lib/pool.h"

#define INVITATION_TOKEN_LEN 43     /* base64url of 32 bytes */
#define INVITATION_HASH_LEN 32
#define INVITATIONS_PAGE_MAX 100
#define INVITATIONS_BATCH_MAX 200   /* addresses in one request */

/* Seconds an invitation stays valid (default 7 days; [auth] invitation_lifetime). */
extern int64_t invitation_lifetime;

enum invitation_state {
	INVITATION_PENDING,
	INVITATION_EXPIRED,
	INVITATION_REVOKED,   /* withdrawn by an administrator, or replaced by a newer one */
	INVITATION_USED,      /* accepted already: single use */
};

struct invitation {
	int64_t id;
	const char *email, *role;
	int64_t invited_by;          /* 0 when that person is gone (or the console) */
	const char *invited_by_name; /* "" when unknown */
	int64_t created_at, expires_at, accepted_at, revoked_at;  /* 0 when not (yet) */
	enum invitation_state state;
	bool has_account;            /* someone with this e-mail exists (e.g. imported), without a password */
};

/* Create a pending invitation for email (validated by the caller with
 * people_email_error) with role, replacing an older pending one for the same
 * address. token_out receives the link's token (INVITATION_TOKEN_LEN + 1
 * bytes); it is never stored. PLEIN_CONFLICT when someone with this address
 * can sign in already (has a password), PLEIN_DENIED when their account is
 * deactivated, PLEIN_INVALID for an unknown role. Runs in the caller's
 * transaction, if any. */
int invitations_create(struct db *db, const char *email, const char *role, int64_t invited_by,
                       char token_out[INVITATION_TOKEN_LEN + 1], int64_t *id_out) WARN_UNUSED;
/* Check whether email may be invited, without writing: PLEIN_OK, or
 * PLEIN_CONFLICT / PLEIN_DENIED as invitations_create would answer. */
int invitations_check_email(struct db *db, const char *email) WARN_UNUSED;
/* Pending (not accepted, not revoked; expired ones included, with their
 * state) invitations, newest first; before_id 0 for the first page. *more is
 * set when there are older ones (the next page starts before the last id). */
int invitations_list_pending(struct db *db, struct pool *p, int64_t before_id, int limit,
                             struct invitation **out, size_t *n, bool *more) WARN_UNUSED;
/* One invitation by id, whatever its state. */
int invitations_get(struct db *db, struct pool *p, int64_t id, struct invitation **out) WARN_UNUSED;

/* Several addresses at once. Each entry's error is NULL or an English
 * sentence; token and id are filled when created. */
struct invitation_new {
	const char *email;
	const char *error;
	char token[INVITATION_TOKEN_LEN + 1];
	int64_t id;
	int64_t outbox_id;   /* the mail_outbox row when by_mail, else 0 */
};
/* Split text at commas, semicolons and white space into addresses, into the
 * pool; empty pieces dropped. More than max → *overflow and max returned. */
size_t invitations_split(struct pool *p, const char *text, const char **out, size_t max, bool *overflow);
/* Check every address (valid, not twice in the list, not someone who can
 * sign in already) and, when all are fine, create them all in one
 * transaction, with an outbox row each when by_mail. PLEIN_INVALID when any
 * entry has an error (nothing created), PLEIN_ERROR when the database
 * failed (nothing created). */
int invitations_create_many(struct db *db, struct invitation_new *list, size_t n, const char *role,
                            int64_t invited_by, const char *address, bool by_mail) WARN_UNUSED;

/* Revoke a pending invitation; PLEIN_NOTFOUND when there is none with this
 * id (or it was accepted or revoked already). */
int invitations_revoke(struct db *db, int64_t id) WARN_UNUSED;
/* Find an invitation by its token, whatever its state. PLEIN_NOTFOUND for
 * unknown or malformed tokens. */
int invitations_lookup(struct db *db, struct pool *p, const char *token, struct invitation **out) WARN_UNUSED;
/* Accept: in one transaction, check the invitation is still pending, then
 * set the password on the person with that e-mail (who has none yet: e.g.
 * imported) and give them the invitation's role, or create the person with
 * `name` (validated by the caller; required then); mark the invitation used;
 * write the audit log. *person_id gets the person.
 * PLEIN_NOTFOUND (unknown token), PLEIN_INVALID (no name for a new person),
 * PLEIN_CONFLICT (the person can sign in by now, or is deactivated), and
 * PLEIN_DENIED with *state set when the invitation is no longer pending
 * (expired, revoked, used). */
int invitations_accept(struct db *db, struct pool *p, const char *token, const char *name,
                       const char *password_hash, const char *address, int64_t *person_id,
                       enum invitation_state *state) WARN_UNUSED;
#endif

/* auth.h — signing in: throttling per address and per account, the same
 * answer and the same work for an unknown account and a wrong password, a
 * new session, and an audit entry. Shared by the web form and the API. */
#ifndef PLEIN_AUTH_H
#define PLEIN_AUTH_H
#include "core/people.h"
#include "core/sessions.h"

struct auth_limits {
	unsigned ip_attempts, ip_window;
	unsigned account_attempts, account_window;
};

void auth_init(const struct auth_limits *limits);
void auth_shutdown(void);

struct sign_in {
	struct person *person;
	char token[SESSION_TOKEN_LEN + 1];
	int64_t session_id;
	unsigned retry_after;  /* seconds, when throttled */
};

/* PLEIN_OK and *out filled; PLEIN_DENIED for a wrong e-mail or password
 * (deliberately indistinguishable); PLEIN_TOOBIG when throttled
 * (out->retry_after set); PLEIN_ERROR on storage failure. */
int auth_sign_in(struct db *db, struct pool *p, const char *email, const char *password,
                 const char *address, const char *user_agent, struct sign_in *out) WARN_UNUSED;
/* Verify a person's current password (for password change); counts toward
 * the account's throttle like a sign-in. */
int auth_check_password(struct db *db, struct pool *p, const struct person *who, const char *password,
                        const char *address) WARN_UNUSED;
#endif

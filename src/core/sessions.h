/* sessions.h — sign-in sessions. A session is a random 256-bit token given
 * to the client once; the database keeps only its hash. Sessions end on
 * sign-out, after an idle period, at an absolute age, and when the password
 * changes (all but the current one). */
#ifndef PLEIN_SESSIONS_H
#define PLEIN_SESSIONS_H
#include "db/db.h"
#include "lib/pool.h"

#define SESSION_TOKEN_LEN 43   /* base64url of 32 bytes */
#define SESSION_HASH_LEN 32

struct session {
	int64_t id;
	int64_t person_id;
	int64_t created_at, last_seen_at, expires_at;
	unsigned char token_hash[SESSION_HASH_LEN];
	const char *user_agent;
	const char *address;
};

struct session_limits {
	int64_t idle_seconds;      /* ends after this long unused */
	int64_t absolute_seconds;  /* ends this long after sign-in, used or not */
};
extern struct session_limits session_limits;

/* The stored form of a token. */
void sessions_token_hash(const char *token, unsigned char out[SESSION_HASH_LEN]);
/* Create a session; token_out gets the client's token (SESSION_TOKEN_LEN + 1 bytes). */
int sessions_create(struct db *db, int64_t person_id, const char *user_agent, const char *address,
                    char token_out[SESSION_TOKEN_LEN + 1], int64_t *id_out) WARN_UNUSED;
/* Find the live session for a token, refreshing its last use. PLEIN_NOTFOUND
 * for unknown, expired or malformed tokens. */
int sessions_lookup(struct db *db, struct pool *p, const char *token, struct session **out) WARN_UNUSED;
int sessions_end(struct db *db, int64_t id) WARN_UNUSED;
/* End one of person's sessions; PLEIN_NOTFOUND if it is not theirs. */
int sessions_end_own(struct db *db, int64_t person_id, int64_t id) WARN_UNUSED;
/* End all of a person's sessions except `keep_id` (0 = end all). */
int sessions_end_others(struct db *db, int64_t person_id, int64_t keep_id) WARN_UNUSED;
/* Is session `id` still live (not ended, not past its absolute expiry)?
 * For long-lived requests (event streams) that hold a session open: they
 * count as use, so idleness is not checked. PLEIN_NOTFOUND when gone. */
int sessions_alive(struct db *db, int64_t id) WARN_UNUSED;
/* Live sessions of a person, newest use first; *out is a pool array. */
int sessions_list(struct db *db, struct pool *p, int64_t person_id, struct session **out, size_t *n) WARN_UNUSED;
#endif

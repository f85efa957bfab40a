/* outbox.h — the durable record of mail plein means to send (mail_outbox).
 * A row is written in the same transaction as what it is about and records
 * where the message goes and how delivery went; it never holds the message,
 * whose link is a secret only the sender thread keeps (jobs/mailer.h). */
#ifndef PLEIN_OUTBOX_H
#define PLEIN_OUTBOX_H
#include "db/db.h"
#include "lib/pool.h"

#define OUTBOX_KIND_INVITATION "invitation"
#define OUTBOX_ERROR_MAX 300          /* bytes of last_error kept */

enum outbox_state { OUTBOX_QUEUED, OUTBOX_SENT, OUTBOX_FAILED };

struct outbox_row {
	int64_t id, ref_id;
	const char *kind, *to_addr;
	int64_t created_at, next_attempt_at, sent_at, failed_at;  /* 0 when not */
	int attempts;
	const char *last_error;       /* "" when none */
	enum outbox_state state;
};

/* A queued row for kind/ref_id to `to`, in the caller's transaction. */
int outbox_enqueue(struct db *db, const char *kind, int64_t ref_id, const char *to, int64_t *id_out) WARN_UNUSED;
int outbox_get(struct db *db, struct pool *p, int64_t id, struct outbox_row **out) WARN_UNUSED;
/* The newest row about kind/ref_id; PLEIN_NOTFOUND when there is none. */
int outbox_find(struct db *db, struct pool *p, const char *kind, int64_t ref_id, struct outbox_row **out) WARN_UNUSED;
/* One attempt done: sent, or failed with a retry due at next_at, or failed
 * for good. Each changes only a queued row (PLEIN_NOTFOUND otherwise).
 * error: one line for administrators, cut to OUTBOX_ERROR_MAX; never secrets. */
int outbox_mark_sent(struct db *db, int64_t id) WARN_UNUSED;
int outbox_mark_retry(struct db *db, int64_t id, const char *error, int64_t next_at) WARN_UNUSED;
int outbox_mark_failed(struct db *db, int64_t id, const char *error, bool attempted) WARN_UNUSED;
/* At start: every queued row is failed with `error` (its link was in the
 * memory of a process that is gone). *n gets how many. */
int outbox_fail_queued(struct db *db, const char *error, int64_t *n) WARN_UNUSED;
#endif

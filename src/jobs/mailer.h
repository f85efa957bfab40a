/* mailer.h — the mail sender: one background thread that sends queued
 * messages over SMTP with libcurl. The durable record is the outbox
 * (core/outbox.h); the message's secret (an invitation link) lives only in
 * this thread's memory, handed over after the outbox row was committed.
 * Whether a message may still go is decided when sending, not when
 * queuing: an invitation revoked, used or expired meanwhile is not sent.
 * Transient failures are retried with backoff, at most MAILER_ATTEMPTS. */
#ifndef PLEIN_MAILER_H
#define PLEIN_MAILER_H
#include "db/db.h"

#define MAILER_ATTEMPTS 5
#define MAILER_DEADLINE 10        /* seconds for one attempt: connect and transfer */
#define MAILER_QUEUE_MAX 10000    /* messages waiting in memory */

struct mailer_config {
	const char *smtp_url;   /* smtp://host[:port] or smtps://…; "" or NULL: no mail */
	const char *from;       /* envelope and From: address */
	const char *username, *password;  /* both or neither */
	const char *base_url;   /* https://plein.example: links in messages; "" to use the request's Host */
};

/* At start, before serving (mail on or off): queued rows of an earlier
 * process can never be sent (their links are gone): mark them failed. */
int mailer_recover(struct db *db) WARN_UNUSED;
/* Check the settings and start the thread when smtp_url is set. After
 * i18n is initialised. PLEIN_INVALID with a message for people in err. */
int mailer_start(const struct mailer_config *c, char *err, size_t errlen) WARN_UNUSED;
/* Stop: the message being sent is abandoned (its row stays queued and is
 * failed at the next start), the thread joined, the links wiped. */
void mailer_stop(void);
bool mailer_enabled(void);
/* The configured public address without a trailing slash, or NULL. */
const char *mailer_base_url(void);
/* Hand over a committed outbox row with its link (copied; wiped after
 * use) and the language to write in. When the queue is full the row is
 * failed at once. */
void mailer_submit(struct db *db, int64_t outbox_id, const char *link, const char *lang);
#endif

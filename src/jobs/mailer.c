/* mailer.c — see mailer.h. One thread, one queue in memory ordered by when
 * each message is due; libcurl's SMTP client does the protocol (with a
 * deadline per attempt and an abort when plein stops). */
#include "jobs/mailer.h"
#include "core/i18n.h"
#include "core/invitations.h"
#include "core/mail.h"
#include "core/outbox.h"
#include "db/thread.h"
#include "lib/pool.h"
#include "lib/strbuf.h"
#include <curl/curl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sodium.h>
#include <strings.h>
#include <time.h>

struct item {
	struct item *next;
	int64_t outbox_id;
	int64_t due;          /* monotonic milliseconds */
	int attempts;
	char lang[4];
	char *link;           /* secret: wiped before it is freed */
};

static struct {
	bool on;
	char *smtp_url, *from, *username, *password, *base_url;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct item *head;    /* in order of submission; the earliest due goes first */
	size_t queued;
	bool stopping;
	atomic_int abort_send;    /* read by libcurl's progress callback */
} M = { .mu = PTHREAD_MUTEX_INITIALIZER };

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Seconds before attempt n + 1 (n ≥ 1): 15 s, 1 min, 4 min, 16 min. */
static int64_t backoff_seconds(int n)
{
	int64_t s = 15;
	while (--n > 0)
		s *= 4;
	return s;
}

static void item_free(struct item *it)
{
	if (!it)
		return;
	if (it->link) {
		sodium_memzero(it->link, strlen(it->link));
		free(it->link);
	}
	free(it);
}

int mailer_recover(struct db *db)
{
	int64_t n = 0;
	int rc = outbox_fail_queued(db, N_("plein restarted before sending; invite again"), &n);
	if (rc == PLEIN_OK && n > 0)
		fprintf(stderr, "plein: %lld e-mail(s) queued before the last stop were not sent; they are marked failed\n",
		        (long long)n);
	return rc;
}

bool mailer_enabled(void)
{
	return M.on;
}

const char *mailer_base_url(void)
{
	return M.base_url;
}

/* ---- sending ------------------------------------------------------------ */

struct reader {
	const char *data;
	size_t len, pos;
};

static size_t read_message(char *buf, size_t size, size_t nmemb, void *user)
{
	struct reader *r = user;
	size_t n = size * nmemb, left = r->len - r->pos;
	if (n > left)
		n = left;
	memcpy(buf, r->data + r->pos, n);
	r->pos += n;
	return n;
}

static int on_progress(void *user, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	return atomic_load(&M.abort_send);
}

enum send_result { SEND_OK, SEND_RETRY, SEND_PERMANENT, SEND_ABORTED };

static enum send_result smtp_send(const char *to, const struct strbuf *msg, char *err, size_t errlen)
{
	char ebuf[CURL_ERROR_SIZE] = "", rcpt_addr[MAIL_ADDRESS_MAX + 3], from_addr[MAIL_ADDRESS_MAX + 3];
	struct reader r = { msg->buf, msg->len, 0 };
	CURL *h = curl_easy_init();
	if (!h) {
		snprintf(err, errlen, "cannot start the mail client");
		return SEND_RETRY;
	}
	snprintf(rcpt_addr, sizeof(rcpt_addr), "<%s>", to);
	snprintf(from_addr, sizeof(from_addr), "<%s>", M.from);
	struct curl_slist *rcpt = curl_slist_append(NULL, rcpt_addr);
	curl_easy_setopt(h, CURLOPT_URL, M.smtp_url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)MAILER_DEADLINE);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)MAILER_DEADLINE);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, ebuf);
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, from_addr);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)msg->len);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_message);
	curl_easy_setopt(h, CURLOPT_READDATA, &r);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
	if (M.username) {
		/* a password never crosses the network in the clear */
		curl_easy_setopt(h, CURLOPT_USERNAME, M.username);
		curl_easy_setopt(h, CURLOPT_PASSWORD, M.password);
		curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	} else {
		/* invitation links are credentials too: encrypted whenever the relay
		 * offers STARTTLS (plain only with a relay that cannot) */
		curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	}
	CURLcode rc = curl_easy_perform(h);
	long code = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(h);
	if (rc == CURLE_OK)
		return SEND_OK;
	if (rc == CURLE_ABORTED_BY_CALLBACK)
		return SEND_ABORTED;
	snprintf(err, errlen, "%s", *ebuf ? ebuf : curl_easy_strerror(rc));
	if (code)
		snprintf(err + strlen(err), errlen - strlen(err), " (server answered %ld)", code);
	/* 5xx: the server refuses (unknown recipient, authentication); 4xx and
	 * network trouble may pass */
	if ((code >= 500 && code < 600) || rc == CURLE_LOGIN_DENIED || rc == CURLE_UNSUPPORTED_PROTOCOL ||
	    rc == CURLE_URL_MALFORMAT)
		return SEND_PERMANENT;
	return SEND_RETRY;
}

static const char *not_sendable(const struct invitation *inv)
{
	switch (inv->state) {
	case INVITATION_PENDING: return NULL;
	case INVITATION_EXPIRED: return N_("The invitation expired before it could be sent.");
	case INVITATION_REVOKED: return N_("The invitation was revoked or replaced before it could be sent.");
	case INVITATION_USED: return N_("The invitation was used before it could be sent.");
	}
	return N_("The invitation cannot be sent.");
}

/* One attempt at one message. Returns true when it is to be tried again
 * (it->due set); false when done with it (sent, failed, or not to be sent). */
static bool deliver(struct item *it)
{
	struct db *db = db_thread_get();
	if (!db) {
		it->due = now_ms() + backoff_seconds(1) * 1000;
		return true;
	}
	struct pool *p = pool_new();
	struct outbox_row *row;
	struct invitation *inv = NULL;
	struct strbuf subject = STRBUF_INIT, body = STRBUF_INIT, msg = STRBUF_INIT;
	char err[OUTBOX_ERROR_MAX + 1] = "";
	bool again = false;
	int rc = outbox_get(db, p, it->outbox_id, &row);
	if (rc != PLEIN_OK || row->state != OUTBOX_QUEUED)
		goto done;   /* gone, or settled elsewhere */
	/* may it still go? decided now, not when it was queued */
	rc = strcmp(row->kind, OUTBOX_KIND_INVITATION) == 0 ? invitations_get(db, p, row->ref_id, &inv) : PLEIN_NOTFOUND;
	const char *why = rc == PLEIN_NOTFOUND ? N_("The invitation no longer exists.")
	                : rc ? NULL : not_sendable(inv);
	if (!why && !rc && strcasecmp(inv->email, row->to_addr) != 0)
		why = N_("The invitation is for another address.");
	if (why) {
		if (outbox_mark_failed(db, it->outbox_id, why, false) < 0)
			fprintf(stderr, "plein: mail: cannot record outbox row %lld: %s\n", (long long)it->outbox_id, db_errmsg(db));
		goto done;
	}
	if (rc) {   /* the database failed: try later */
		it->due = now_ms() + backoff_seconds(1) * 1000;
		again = true;
		goto done;
	}
	mail_invitation_text(it->lang, inv->invited_by_name, it->link, inv->expires_at, &subject, &body);
	struct mail_message m = { .from = M.from, .from_name = "plein", .to = row->to_addr, .subject = subject.buf,
	                          .body = body.buf, .date = time(NULL) };
	if (subject.toobig || body.toobig || mail_compose(&m, &msg)) {
		if (outbox_mark_failed(db, it->outbox_id, N_("The message could not be composed."), false) < 0)
			fprintf(stderr, "plein: mail: cannot record outbox row %lld: %s\n", (long long)it->outbox_id, db_errmsg(db));
		goto done;
	}
	enum send_result res = smtp_send(row->to_addr, &msg, err, sizeof(err));
	it->attempts++;
	if (res == SEND_ABORTED) {
		/* plein is stopping: the row stays queued; the next start fails it */
	} else if (res == SEND_OK) {
		rc = outbox_mark_sent(db, it->outbox_id);
		fprintf(stderr, "plein: mail: invitation %lld sent (outbox %lld)\n", (long long)row->ref_id,
		        (long long)it->outbox_id);
	} else if (res == SEND_PERMANENT || it->attempts >= MAILER_ATTEMPTS) {
		rc = outbox_mark_failed(db, it->outbox_id, err, true);
		fprintf(stderr, "plein: mail: invitation %lld not sent, giving up: %s\n", (long long)row->ref_id, err);
	} else {
		int64_t wait = backoff_seconds(it->attempts);
		rc = outbox_mark_retry(db, it->outbox_id, err, (int64_t)time(NULL) + wait);
		fprintf(stderr, "plein: mail: invitation %lld not sent (attempt %d of %d), retrying in %lld s: %s\n",
		        (long long)row->ref_id, it->attempts, MAILER_ATTEMPTS, (long long)wait, err);
		it->due = now_ms() + wait * 1000;
		again = true;
	}
	if (rc < 0)
		fprintf(stderr, "plein: mail: cannot record outbox row %lld: %s\n", (long long)it->outbox_id, db_errmsg(db));
done:
	/* the message holds the link: wipe it */
	if (msg.alloc)
		sodium_memzero(msg.buf, msg.alloc);
	if (body.alloc)
		sodium_memzero(body.buf, body.alloc);
	strbuf_release(&msg);
	strbuf_release(&body);
	strbuf_release(&subject);
	pool_free(p);
	return again;
}

/* ---- the thread ---------------------------------------------------------- */

static void *run(void *arg)
{
	pthread_mutex_lock(&M.mu);
	while (!M.stopping) {
		struct item **best = NULL;
		for (struct item **pp = &M.head; *pp; pp = &(*pp)->next)
			if (!best || (*pp)->due < (*best)->due)
				best = pp;
		if (!best) {
			pthread_cond_wait(&M.cv, &M.mu);
			continue;
		}
		int64_t wait = (*best)->due - now_ms();
		if (wait > 0) {
			struct timespec ts;
			clock_gettime(CLOCK_MONOTONIC, &ts);
			ts.tv_sec += wait / 1000;
			ts.tv_nsec += (wait % 1000) * 1000000;
			if (ts.tv_nsec >= 1000000000) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000;
			}
			pthread_cond_timedwait(&M.cv, &M.mu, &ts);
			continue;
		}
		struct item *it = *best;
		*best = it->next;
		it->next = NULL;
		M.queued--;
		pthread_mutex_unlock(&M.mu);
		bool again = deliver(it);
		pthread_mutex_lock(&M.mu);
		if (again && !M.stopping) {
			/* back at the end: others due as early go first */
			struct item **pp = &M.head;
			while (*pp)
				pp = &(*pp)->next;
			*pp = it;
			M.queued++;
		} else {
			item_free(it);
		}
	}
	pthread_mutex_unlock(&M.mu);
	db_thread_release();
	return NULL;
}

void mailer_submit(struct db *db, int64_t outbox_id, const char *link, const char *lang)
{
	struct item *it = calloc(1, sizeof(*it));
	if (it)
		it->link = strdup(link);
	if (!it || !it->link) {
		item_free(it);
		it = NULL;
	}
	pthread_mutex_lock(&M.mu);
	bool ok = it && M.on && !M.stopping && M.queued < MAILER_QUEUE_MAX;
	if (ok) {
		it->outbox_id = outbox_id;
		it->due = now_ms();
		snprintf(it->lang, sizeof(it->lang), "%s", lang && strlen(lang) < sizeof(it->lang) ? lang : "en");
		struct item **pp = &M.head;
		while (*pp)
			pp = &(*pp)->next;
		*pp = it;
		M.queued++;
		pthread_cond_signal(&M.cv);
	}
	pthread_mutex_unlock(&M.mu);
	if (!ok) {
		item_free(it);
		if (outbox_mark_failed(db, outbox_id, N_("The mail queue is full or plein is stopping; invite again."),
		                       false) < 0)
			fprintf(stderr, "plein: mail: cannot record outbox row %lld: %s\n", (long long)outbox_id, db_errmsg(db));
	}
}

/* ---- start and stop ---------------------------------------------------- */

static bool base_url_ok(const char *s)
{
	const char *host = !strncmp(s, "https://", 8) ? s + 8 : !strncmp(s, "http://", 7) ? s + 7 : NULL;
	if (!host || !*host || *host == '/')
		return false;
	for (const char *c = s; *c; c++)
		if (*c <= 0x20 || *c >= 0x7f || strchr("?#\"<>\\", *c))
			return false;
	return true;
}

static void free_settings(void)
{
	free(M.smtp_url);
	free(M.from);
	free(M.username);
	if (M.password) {
		sodium_memzero(M.password, strlen(M.password));
		free(M.password);
	}
	free(M.base_url);
	M.smtp_url = M.from = M.username = M.password = M.base_url = NULL;
}

int mailer_start(const struct mailer_config *c, char *err, size_t errlen)
{
	bool on = c->smtp_url && *c->smtp_url;
	bool auth = (c->username && *c->username) || (c->password && *c->password);
	if (c->base_url && *c->base_url) {
		if (!base_url_ok(c->base_url)) {
			snprintf(err, errlen, "mail.base_url must be the public address, like https://plein.example.org");
			return PLEIN_INVALID;
		}
		M.base_url = xstrdup(c->base_url);
		size_t n = strlen(M.base_url);
		while (n > 0 && M.base_url[n - 1] == '/')
			M.base_url[--n] = '\0';
	}
	if (!on)
		return PLEIN_OK;
	if (strncmp(c->smtp_url, "smtp://", 7) != 0 && strncmp(c->smtp_url, "smtps://", 8) != 0) {
		snprintf(err, errlen, "mail.smtp_url must start with smtp:// or smtps://, like smtp://localhost:25");
		goto fail;
	}
	if (!mail_address_ok(c->from)) {
		snprintf(err, errlen, "mail.from must be the sender's e-mail address, like plein@example.org");
		goto fail;
	}
	if (auth && !(c->username && *c->username && c->password && *c->password)) {
		snprintf(err, errlen, "mail.username and mail.password go together: set both or neither");
		goto fail;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(err, errlen, "cannot initialise libcurl");
		goto fail;
	}
	M.smtp_url = xstrdup(c->smtp_url);
	M.from = xstrdup(c->from);
	if (auth) {
		M.username = xstrdup(c->username);
		M.password = xstrdup(c->password);
	}
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&M.cv, &ca);
	pthread_condattr_destroy(&ca);
	M.stopping = false;
	atomic_store(&M.abort_send, 0);
	if (pthread_create(&M.thread, NULL, run, NULL)) {
		snprintf(err, errlen, "cannot start the mail thread");
		pthread_cond_destroy(&M.cv);
		curl_global_cleanup();
		goto fail;
	}
	M.on = true;
	if (!M.base_url)
		fprintf(stderr, "plein: mail: [mail] base_url is not set; links in e-mails use the address the"
		                " administrator's browser used\n");
	return PLEIN_OK;
fail:
	free_settings();
	return PLEIN_INVALID;
}

void mailer_stop(void)
{
	if (M.on) {
		pthread_mutex_lock(&M.mu);
		M.stopping = true;
		atomic_store(&M.abort_send, 1);
		pthread_cond_broadcast(&M.cv);
		pthread_mutex_unlock(&M.mu);
		pthread_join(M.thread, NULL);
		while (M.head) {
			struct item *it = M.head;
			M.head = it->next;
			item_free(it);
		}
		M.queued = 0;
		M.on = false;
		pthread_cond_destroy(&M.cv);
		curl_global_cleanup();
	}
	free_settings();
}

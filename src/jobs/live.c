/* live.c — the live hub's thread (see live.h): takes new subscribers
 * (replaying what they missed), reads the event log after the last id it
 * has seen, hands each event to live_deliver, re-checks sessions, and
 * prunes the log. Subscribers are owned by the thread; workers only append
 * to the pending list. */
#include "jobs/live.h"
#include "jobs/live_int.h"
#include "db/thread.h"
#include "http/sse.h"
#include <pthread.h>
#include <time.h>

#define BATCH 256
#define PRUNE_EVERY_MS (10 * 60 * 1000)

static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t thread;
	bool on, stopping, poked;
	struct live_sub *pending;    /* under mu */
	struct live_sub *subs;       /* the thread's own */
	int64_t last;                /* the newest event handed out (thread's own) */
} L = { .mu = PTHREAD_MUTEX_INITIALIZER };

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sub_free(struct live_sub *s)
{
	http_stream_release(s->stream);
	if (s->scope_pool)
		pool_free(s->scope_pool);
	free(s->people);
	free(s->topics);
	free(s);
}

static void live_poke(void)
{
	pthread_mutex_lock(&L.mu);
	L.poked = true;
	pthread_cond_signal(&L.cv);
	pthread_mutex_unlock(&L.mu);
}

bool live_running(void)
{
	pthread_mutex_lock(&L.mu);
	bool on = L.on && !L.stopping;
	pthread_mutex_unlock(&L.mu);
	return on;
}

void live_subscribe(struct http_stream *stream, const struct person *viewer, int64_t session_id,
                    int64_t last_event_id)
{
	struct live_sub *s = xcalloc(1, sizeof(*s));
	s->stream = stream;
	s->session_id = session_id;
	s->viewer.id = viewer->id;
	snprintf(s->role, sizeof(s->role), "%s", viewer->role);
	snprintf(s->status, sizeof(s->status), "%s", viewer->status);
	s->viewer.role = s->role;
	s->viewer.status = s->status;
	s->sent_id = last_event_id;
	pthread_mutex_lock(&L.mu);
	bool ok = L.on && !L.stopping;
	if (ok) {
		s->next = L.pending;
		L.pending = s;
		L.poked = true;
		pthread_cond_signal(&L.cv);
	}
	pthread_mutex_unlock(&L.mu);
	if (!ok) {
		http_stream_close(stream);
		sub_free(s);
	}
}

/* `event: reset`: the client missed more than the log can replay; it
 * reloads, and continues from the newest event. */
static void send_reset(struct live_sub *s)
{
	if (!http_stream_event(s->stream, L.last, "reset", "{}"))
		s->gone = true;
	s->sent_id = L.last;
}

/* A new subscriber: what it missed up to L.last (later events come with
 * everyone's), or just the newest id so that a reconnect resumes there. */
static void welcome(struct db *db, struct live_sub *s)
{
	s->recheck_ms = mono_ms() + LIVE_RECHECK_SECONDS * 1000;
	if (!live_sub_refresh(db, s)) {
		s->gone = true;
		return;
	}
	if (s->sent_id < 0) {
		s->sent_id = L.last;
		if (!http_stream_event(s->stream, L.last, NULL, NULL))
			s->gone = true;
		return;
	}
	int64_t first, last;
	if (events_bounds(db, &first, &last)) {
		send_reset(s);
		return;
	}
	/* ids past the newest row (another database, a restored backup) or
	 * below the oldest kept one (pruned) cannot be replayed */
	if (s->sent_id > last || (s->sent_id < first - 1) || (first == 0 && s->sent_id > 0)) {
		send_reset(s);
		return;
	}
	struct event *ev = xcalloc(LIVE_REPLAY_MAX + 1, sizeof(*ev));
	size_t n;
	if (s->sent_id >= L.last) {
		free(ev);   /* nothing missed that the hub has handed out; newer ones follow */
		return;
	}
	if (events_after(db, s->sent_id, L.last, ev, LIVE_REPLAY_MAX + 1, &n) || n > LIVE_REPLAY_MAX) {
		send_reset(s);
	} else {
		for (size_t i = 0; i < n && !s->gone; i++)
			live_deliver(db, &ev[i], NULL, s);
		/* what this viewer may not see still counts as seen */
		if (!s->gone && s->sent_id < L.last && !http_stream_event(s->stream, L.last, NULL, NULL))
			s->gone = true;
		s->sent_id = L.last > s->sent_id ? L.last : s->sent_id;
	}
	free(ev);
}

/* New rows of the log, in batches, to everyone. */
static void read_new(struct db *db)
{
	struct event ev[BATCH];
	size_t n;
	do {
		if (events_after(db, L.last, 0, ev, BATCH, &n))
			return;
		for (size_t i = 0; i < n; i++) {
			if (L.subs)
				live_deliver(db, &ev[i], L.subs, NULL);
			L.last = ev[i].id;
		}
	} while (n == BATCH);
}

/* Every LIVE_RECHECK_SECONDS per subscriber: the session, the person and
 * their follows; and the id of the newest event, so that one who sees
 * little does not fall behind the replay window. */
static void recheck(struct db *db, int64_t now)
{
	for (struct live_sub *s = L.subs; s; s = s->next) {
		if (s->gone || now < s->recheck_ms)
			continue;
		s->recheck_ms = now + LIVE_RECHECK_SECONDS * 1000;
		if (!live_sub_refresh(db, s)) {
			http_stream_close(s->stream);
			s->gone = true;
		} else if (s->sent_id < L.last) {
			if (http_stream_event(s->stream, L.last, NULL, NULL))
				s->sent_id = L.last;
			else
				s->gone = true;
		}
	}
}

static void sweep(void)
{
	for (struct live_sub **pp = &L.subs; *pp;) {
		struct live_sub *s = *pp;
		if (s->gone || http_stream_ended(s->stream)) {
			*pp = s->next;
			sub_free(s);
		} else {
			pp = &s->next;
		}
	}
}

static void prune(struct db *db)
{
	int64_t deleted = 0;
	if (events_prune(db, (int64_t)time(NULL) - LIVE_KEEP_SECONDS, LIVE_KEEP_ROWS, &deleted))
		fprintf(stderr, "plein: live: cannot prune the event log: %s\n", db_errmsg(db));
}

static void *live_main(void *arg)
{
	(void)arg;
	struct db *db = db_thread_get();
	int64_t first, next_prune = 0;
	if (db && events_bounds(db, &first, &L.last))
		fprintf(stderr, "plein: live: cannot read the event log: %s\n", db_errmsg(db));
	pthread_mutex_lock(&L.mu);
	while (!L.stopping) {
		if (!L.poked) {
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_nsec += LIVE_TICK_MS * 1000000L;
			ts.tv_sec += ts.tv_nsec / 1000000000L;
			ts.tv_nsec %= 1000000000L;
			pthread_cond_timedwait(&L.cv, &L.mu, &ts);
		}
		if (L.stopping)
			break;
		L.poked = false;
		struct live_sub *fresh = L.pending;
		L.pending = NULL;
		pthread_mutex_unlock(&L.mu);
		if (!db)
			db = db_thread_get();
		while (fresh) {
			struct live_sub *s = fresh;
			fresh = s->next;
			s->next = L.subs;
			L.subs = s;
			if (db)
				welcome(db, s);
			else
				s->gone = true;
		}
		if (db) {
			int64_t now = mono_ms();
			read_new(db);
			recheck(db, now);
			if (now >= next_prune) {
				prune(db);
				next_prune = now + PRUNE_EVERY_MS;
			}
		}
		sweep();
		pthread_mutex_lock(&L.mu);
	}
	struct live_sub *rest = L.pending;
	L.pending = NULL;
	pthread_mutex_unlock(&L.mu);
	while (rest) {
		struct live_sub *s = rest;
		rest = s->next;
		sub_free(s);
	}
	while (L.subs) {
		struct live_sub *s = L.subs;
		L.subs = s->next;
		http_stream_close(s->stream);
		sub_free(s);
	}
	db_thread_release();
	return NULL;
}

int live_start(char *err, size_t errlen)
{
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_cond_init(&L.cv, &ca);
	pthread_condattr_destroy(&ca);
	L.stopping = false;
	L.poked = false;
	if (pthread_create(&L.thread, NULL, live_main, NULL)) {
		snprintf(err, errlen, "cannot start the live updates thread");
		pthread_cond_destroy(&L.cv);
		return PLEIN_ERROR;
	}
	pthread_mutex_lock(&L.mu);
	L.on = true;
	pthread_mutex_unlock(&L.mu);
	events_set_poke(live_poke);
	return PLEIN_OK;
}

void live_stop(void)
{
	pthread_mutex_lock(&L.mu);
	bool on = L.on;
	L.stopping = true;
	pthread_cond_signal(&L.cv);
	pthread_mutex_unlock(&L.mu);
	if (!on)
		return;
	events_set_poke(NULL);
	pthread_join(L.thread, NULL);
	pthread_mutex_lock(&L.mu);
	L.on = false;
	pthread_mutex_unlock(&L.mu);
	pthread_cond_destroy(&L.cv);
}

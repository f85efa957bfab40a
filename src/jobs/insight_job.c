/* insight_job.c — the insight thread (see insight_job.h). It sleeps on a
 * condition variable (woken by a poke or every INSIGHT_JOB_POLL_SECONDS, so
 * requests queued by another process are found too) and runs one
 * computation at a time; stopping asks the running one to give up. */
#include "jobs/insight_job.h"
#include "core/insight.h"
#include "core/insight_store.h"
#include "db/thread.h"
#include "lib/pool.h"
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static struct {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool running, poked;
	atomic_bool stopping;
	int hour;
	int64_t last_queued_day;
} s = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };

static int64_t floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

bool insight_job_nightly_due(int64_t local, int hour, int64_t last_done_day, int64_t last_queued_day)
{
	if (hour < 0 || hour > 23)
		return false;
	int64_t day = floor_div(local, 86400);
	int64_t local_hour = (local - day * 86400) / 3600;
	/* only within the hour itself: a server started in the afternoon does
	 * not compute in the middle of the working day */
	return local_hour == hour && last_done_day < day && last_queued_day < day;
}

/* now shifted by the local UTC offset (the nightly hour is local time) */
static int64_t local_seconds(int64_t now)
{
	time_t t = (time_t)now;
	struct tm tm;
	if (!localtime_r(&t, &tm))
		return now;
	return now + (int64_t)tm.tm_gmtoff;
}

static int should_stop(void *arg)
{
	UNUSED(arg);
	return atomic_load(&s.stopping);
}

/* Request threads must always win the CPU: SCHED_IDLE for this thread, and
 * nice 19 for what ignores it. Neither failing stops the job. */
static void lower_priority(void)
{
	struct sched_param sp = { .sched_priority = 0 };
	int e = pthread_setschedparam(pthread_self(), SCHED_IDLE, &sp);
	if (e)
		fprintf(stderr, "plein: insight: cannot lower the thread's scheduling class: %s\n", strerror(e));
	if (setpriority(PRIO_PROCESS, (id_t)gettid(), 19))
		fprintf(stderr, "plein: insight: cannot lower the thread's priority: %s\n", strerror(errno));
}

int64_t insight_job_local_day(int64_t t)
{
	return floor_div(local_seconds(t), 86400);
}

static void queue_nightly(struct db *db)
{
	int64_t now = (int64_t)time(NULL), local = local_seconds(now);
	int64_t last_done_day = INT64_MIN;
	if (!insight_job_nightly_due(local, s.hour, INT64_MIN, s.last_queued_day))
		return;  /* the cheap answer first: most polls are outside the hour */
	struct pool *p = pool_new();
	struct insight_snapshot last;
	int rc = insight_store_get(db, p, 0, &last);
	if (rc == PLEIN_OK)
		last_done_day = insight_job_local_day(last.finished_at);
	pool_free(p);
	if (rc != PLEIN_OK && rc != PLEIN_NOTFOUND)
		return;
	if (!insight_job_nightly_due(local, s.hour, last_done_day, s.last_queued_day))
		return;
	int64_t id = 0;
	rc = insight_store_request(db, "nightly", 0, now, &id);
	if (rc == PLEIN_OK || rc == PLEIN_CONFLICT)
		s.last_queued_day = floor_div(local, 86400);
	else
		fprintf(stderr, "plein: insight: cannot queue the nightly computation: %s\n", db_errmsg(db));
}

/* Run the queued computations one after the other until none is left. */
static void run_queued(struct db *db)
{
	while (!atomic_load(&s.stopping)) {
		struct pool *p = pool_new();
		struct insight_snapshot snap;
		int64_t now = (int64_t)time(NULL);
		int rc = insight_store_claim(db, p, now, &snap);
		if (rc) {
			if (rc != PLEIN_NOTFOUND)
				fprintf(stderr, "plein: insight: cannot take a queued computation: %s\n", db_errmsg(db));
			pool_free(p);
			return;
		}
		fprintf(stderr, "plein: insight: computing the figures (%s, snapshot %lld)\n", snap.trigger,
		        (long long)snap.id);
		struct insight_options o;
		insight_options_default(&o, now);
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc = insight_run(db, snap.id, &o, should_stop, NULL);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		fprintf(stderr, "plein: insight: snapshot %lld %s after %.1f s\n", (long long)snap.id,
		        rc ? "failed" : "done",
		        (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
		pool_free(p);
	}
}

static void *loop(void *arg)
{
	UNUSED(arg);
	pthread_setname_np(pthread_self(), "plein-insight");  /* for top -H and the tests */
	lower_priority();
	struct db *db = db_thread_get();
	if (!db) {
		fprintf(stderr, "plein: insight: no database connection; no figures will be computed\n");
		return NULL;
	}
	while (!atomic_load(&s.stopping)) {
		queue_nightly(db);
		run_queued(db);
		pthread_mutex_lock(&s.mu);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += INSIGHT_JOB_POLL_SECONDS;
		while (!atomic_load(&s.stopping) && !s.poked && pthread_cond_timedwait(&s.cv, &s.mu, &until) == 0)
			;
		s.poked = false;
		pthread_mutex_unlock(&s.mu);
	}
	db_thread_release();
	return NULL;
}

int insight_job_recover(struct db *db)
{
	return insight_store_fail_abandoned(db, (int64_t)time(NULL));
}

int insight_job_start(int hour, char *err, size_t errlen)
{
	atomic_store(&s.stopping, false);
	s.poked = false;
	s.hour = hour;
	s.last_queued_day = INT64_MIN;
	if (pthread_create(&s.thread, NULL, loop, NULL)) {
		snprintf(err, errlen, "cannot start the insight thread");
		return PLEIN_ERROR;
	}
	s.running = true;
	return PLEIN_OK;
}

void insight_job_poke(void)
{
	if (!s.running)
		return;
	pthread_mutex_lock(&s.mu);
	s.poked = true;
	pthread_cond_signal(&s.cv);
	pthread_mutex_unlock(&s.mu);
}

void insight_job_stop(void)
{
	if (!s.running)
		return;
	pthread_mutex_lock(&s.mu);
	atomic_store(&s.stopping, true);
	pthread_cond_signal(&s.cv);
	pthread_mutex_unlock(&s.mu);
	pthread_join(s.thread, NULL);
	s.running = false;
}

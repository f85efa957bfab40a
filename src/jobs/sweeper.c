/* sweeper.c — the housekeeping thread (see sweeper.h): sleeps on a condition
 * variable so that stopping does not wait out the hour. */
#include "jobs/sweeper.h"
#include "core/articles.h"
#include "core/attachments.h"
#include "db/thread.h"
#include <pthread.h>
#include <time.h>

static struct {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool running, stopping;
} s = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };

void sweeper_run_once(void)
{
	struct db *db = db_thread_get();
	int64_t rows = 0, files = 0;
	if (!db)
		return;
	if (attachments_sweep(db, (int64_t)time(NULL), &rows, &files))
		fprintf(stderr, "plein: sweeping attachments failed: %s\n", db_errmsg(db));
	else if (rows || files)
		fprintf(stderr, "plein: swept %lld attachments and %lld files\n", (long long)rows, (long long)files);
}

/* Scheduled articles due now are published (core/articles.c). */
static void publish_due(void)
{
	struct db *db = db_thread_get();
	int64_t n = 0;
	if (!db)
		return;
	if (articles_tick(db, (int64_t)time(NULL), &n))
		fprintf(stderr, "plein: publishing scheduled articles failed: %s\n", db_errmsg(db));
}

static void *loop(void *arg)
{
	UNUSED(arg);
	pthread_mutex_lock(&s.mu);
	time_t next_sweep = 0;
	while (!s.stopping) {
		pthread_mutex_unlock(&s.mu);
		/* the hourly sweep, and the articles' tick every few seconds */
		if (time(NULL) >= next_sweep) {
			sweeper_run_once();
			next_sweep = time(NULL) + SWEEPER_INTERVAL;
		}
		publish_due();
		pthread_mutex_lock(&s.mu);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += ARTICLES_TICK_SECONDS;
		while (!s.stopping && pthread_cond_timedwait(&s.cv, &s.mu, &until) == 0)
			;
	}
	pthread_mutex_unlock(&s.mu);
	db_thread_release();
	return NULL;
}

int sweeper_start(char *err, size_t errlen)
{
	s.stopping = false;
	if (pthread_create(&s.thread, NULL, loop, NULL)) {
		snprintf(err, errlen, "cannot start the sweeper thread");
		return PLEIN_ERROR;
	}
	s.running = true;
	return PLEIN_OK;
}

void sweeper_stop(void)
{
	if (!s.running)
		return;
	pthread_mutex_lock(&s.mu);
	s.stopping = true;
	pthread_cond_signal(&s.cv);
	pthread_mutex_unlock(&s.mu);
	pthread_join(s.thread, NULL);
	s.running = false;
}

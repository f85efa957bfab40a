/* insight_job.h — the insight thread: computes the figures of issue 7
 * (core/insight_run.c) beside the request path, at the lowest priority
 * (SCHED_IDLE, nice 19) with its own database connection. It takes the
 * queued computations (an administrator's "Compute now", durable as rows),
 * queues the nightly one at [insight] hour; at start those an earlier
 * process left running are failed (insight_job_recover). */
#ifndef PLEIN_INSIGHT_JOB_H
#define PLEIN_INSIGHT_JOB_H
#include "db/db.h"

#define INSIGHT_JOB_POLL_SECONDS 5

/* At start, before the thread (cmd_serve, with its first connection): a
 * computation an earlier process left running will never finish, so it is
 * failed with the reason. */
int insight_job_recover(struct db *db) WARN_UNUSED;
/* hour: local hour (0..23) of the nightly computation, -1 for none.
 * After the signals are blocked and db_thread_init. */
int insight_job_start(int hour, char *err, size_t errlen) WARN_UNUSED;
/* Ask the running computation to stop, wait for it, join. Fine when never started. */
void insight_job_stop(void);
/* A computation was queued: look now rather than at the next poll. */
void insight_job_poke(void);

/* The nightly decision, pure for tests: at local time `local` (seconds
 * since the epoch shifted by the UTC offset, so day = local / 86400) with
 * the nightly hour `hour`, is a computation due? last_done_day: the local
 * day of the newest done snapshot; last_queued_day: the local day this
 * process last queued one (so a failing run is not queued again all day). */
bool insight_job_nightly_due(int64_t local, int hour, int64_t last_done_day, int64_t last_queued_day);
/* The local day (days since the epoch, in the local time zone) of moment
 * t, with the UTC offset in force at t itself (not now's: across a change
 * of daylight saving time the two differ by an hour). */
int64_t insight_job_local_day(int64_t t);
#endif

/* live.h — the live hub: one thread that reads new rows of the event log
 * (core/events.h) and pushes each to the open event streams (http/sse.h)
 * whose viewer may see it. It wakes on events_poke() after a commit in this
 * process, and every LIVE_TICK_MS for events written by other processes or
 * nodes. Events carry ids only; clients fetch content through the normal,
 * permission-checked routes. */
#ifndef PLEIN_LIVE_H
#define PLEIN_LIVE_H
#include "core/people.h"

struct http_stream;

#define LIVE_TICK_MS 250
#define LIVE_RECHECK_SECONDS 30      /* session still valid? follows changed? */
#define LIVE_REPLAY_MAX 1000         /* a client further behind gets `event: reset` */
#define LIVE_KEEP_SECONDS (7 * 86400) /* the log keeps a week … */
#define LIVE_KEEP_ROWS 100000        /* … and at most this many rows */

/* After signals are blocked and db_thread_init; registers events_poke. */
int live_start(char *err, size_t errlen) WARN_UNUSED;
/* Join the thread; streams it still holds are released (end them first:
 * http_server_stop does). */
void live_stop(void);
bool live_running(void);

/* Hand an open stream (and the caller's reference to it) to the hub.
 * last_event_id: the client's Last-Event-ID, or -1 to start from the
 * newest event. The viewer is copied (id, role, status). The hub checks
 * every LIVE_RECHECK_SECONDS that the session lives and the person is
 * still active, and ends the stream when not. */
void live_subscribe(struct http_stream *s, const struct person *viewer, int64_t session_id,
                    int64_t last_event_id);
#endif

/* events.h — the event log behind live streams (table `events`, migration
 * 0007). Writers add an event inside the transaction of the change it
 * reports; the live hub (jobs/live.c) reads new rows and pushes them to the
 * open streams that may see them. Ids only: a client fetches what it may
 * see through the normal, permission-checked routes. */
#ifndef PLEIN_EVENTS_H
#define PLEIN_EVENTS_H
#include "db/db.h"

/* kind: "post" | "post_edited" | "post_deleted" | "comment" | "reaction" |
 * "notification" (person_id: the one recipient) | "post_moved" (person_id:
 * the group the post left, 0 for the organisation: who could see it
 * before is told it went) | "person" (person_id: whose role or status
 * changed; their streams are checked again at once) | "group_changed"
 * (person_id: the group, comment_id: its kind before, 0 open 1 closed 2
 * secret; its kind changed, it was deleted or someone left). 0 for an
 * absent id. */
int events_add(struct db *db, const char *kind, int64_t post_id, int64_t comment_id,
               int64_t person_id) WARN_UNUSED;
/* Wake the live hub after a commit that added events (cheap; no-op when
 * no hub runs, as in the command-line tools). */
void events_poke(void);
typedef void (*events_poke_fn)(void);
void events_set_poke(events_poke_fn fn);
/* ---- reading the log (the live hub) ---------------------------------- */
struct event {
	int64_t id, post_id, comment_id, person_id, created_at;  /* 0 for an absent id */
	char kind[16];
};
/* Up to max events with after < id <= upto (upto 0: no upper bound),
 * oldest first. */
int events_after(struct db *db, int64_t after, int64_t upto, struct event *out, size_t max,
                 size_t *n_out) WARN_UNUSED;
/* The oldest and newest ids kept (0 and 0 for an empty log). */
int events_bounds(struct db *db, int64_t *first, int64_t *last) WARN_UNUSED;
/* Forget events older than min_created_at or beyond the newest keep_rows;
 * the newest row always stays, so ids never start again from 1 (a
 * client's Last-Event-ID must keep meaning the same event). */
int events_prune(struct db *db, int64_t min_created_at, int64_t keep_rows, int64_t *deleted) WARN_UNUSED;
#endif

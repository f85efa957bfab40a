/* events.h — the event log behind live streams (table `events`, migration
 * 0007). Writers add an event inside the transaction of the change it
 * reports; the live hub (jobs/live.c) reads new rows and pushes them to the
 * open streams that may see them. Ids only: a client fetches what it may
 * see through the normal, permission-checked routes. */
#ifndef PLEIN_EVENTS_H
#define PLEIN_EVENTS_H
#include "db/db.h"

/* kind: "post" | "post_edited" | "post_deleted" | "comment" | "reaction" |
 * "notification" (person_id: the one recipient). 0 for an absent id. */
int events_add(struct db *db, const char *kind, int64_t post_id, int64_t comment_id,
               int64_t person_id) WARN_UNUSED;
/* Wake the live hub after a commit that added events (cheap; no-op when
 * no hub runs, as in the command-line tools). */
void events_poke(void);
typedef void (*events_poke_fn)(void);
void events_set_poke(events_poke_fn fn);
#endif

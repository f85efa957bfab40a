/* live_int.h — inside the live hub: a subscriber (one open stream and what
 * the hub knows of its viewer), shared by live.c (the thread, replay,
 * pruning) and live_deliver.c (who gets which event, with what data). */
#ifndef PLEIN_LIVE_INT_H
#define PLEIN_LIVE_INT_H
#include "core/events.h"
#include "core/people.h"

#define LIVE_FOLLOWS_MAX 20000   /* followees / topics kept per viewer for `in_home` */

struct live_sub {
	struct live_sub *next;
	struct http_stream *stream;
	int64_t session_id;
	struct person viewer;        /* id, role, status, scope: what core/visibility.c asks */
	struct pool *scope_pool;     /* holds viewer.scope (their groups), replaced at each reload */
	char role[24], status[24];
	int64_t *people, *topics;    /* followed people and topics, sorted */
	size_t n_people, n_topics;
	int64_t sent_id;             /* the client's last event id as far as we know */
	int64_t recheck_ms;          /* when to look at the session and follows again */
	bool gone;                   /* to be removed */
};

/* Is the session alive and the viewer active? Refreshes role, status,
 * groups (visibility_scope_load) and follows. False: end the stream. */
bool live_sub_refresh(struct db *db, struct live_sub *s);
/* Load the viewer's groups again (kept as they were if the database fails). */
void live_sub_scope_reload(struct db *db, struct live_sub *s);
/* Send ev to the subscribers in the list (or only to `only`) that may
 * have it. Subscribers whose stream ended are marked gone. */
void live_deliver(struct db *db, const struct event *ev, struct live_sub *list, struct live_sub *only);
#endif

/* follows.h — people following people (topics: core/topics.h). Following
 * brings someone's posts into your home stream; a new follower is notified. */
#ifndef PLEIN_FOLLOWS_H
#define PLEIN_FOLLOWS_H
#include "core/people.h"

#define FOLLOWS_PAGE_MAX 100

/* Follow (on) or stop; idempotent; not yourself (PLEIN_INVALID). A new
 * follow notifies the followee. *changed says whether anything changed. */
int follows_set(struct db *db, int64_t follower, int64_t followee, bool on, bool *changed) WARN_UNUSED;
bool follows_is(struct db *db, int64_t follower, int64_t followee);
/* Active followers and active people followed. */
int follows_counts(struct db *db, int64_t person_id, int64_t *followers, int64_t *following) WARN_UNUSED;
#endif

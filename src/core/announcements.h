/* announcements.h — announcements stay on top of the home page until the
 * reader dismisses them or they expire; who has seen them is counted for
 * the author. The posts themselves are posts (kind 'announcement'); this
 * module owns the announcement_views table. */
#ifndef PLEIN_ANNOUNCEMENTS_H
#define PLEIN_ANNOUNCEMENTS_H
#include "core/posts.h"

#define ANNOUNCEMENTS_SHOWN 3

struct announcement {
	struct post post;
	bool seen;        /* the viewer's view is recorded already */
};

/* The viewer's active announcements (not deleted, not expired at now, not
 * dismissed by them, visible to them), newest first, at most limit
 * (≤ ANNOUNCEMENTS_SHOWN). Reads only. */
int announcements_active(struct db *db, struct pool *p, const struct person *viewer, int64_t now, int limit,
                         struct announcement **out, size_t *n) WARN_UNUSED;
/* Record that person_id saw the announcement (first time only). */
int announcements_mark_seen(struct db *db, int64_t post_id, int64_t person_id, int64_t now) WARN_UNUSED;
/* The viewer dismisses it (also counts as seen); idempotent. */
int announcements_dismiss(struct db *db, int64_t post_id, int64_t person_id, int64_t now) WARN_UNUSED;
/* How many people have seen it. */
int announcements_seen_count(struct db *db, int64_t post_id, int64_t *n) WARN_UNUSED;
#endif

/* praise.h — reading praise back: what a person received (badge counts and
 * the latest posts) and the "colleague in the spotlight" of the home page.
 * Praise is written by posts_create (kind 'praise'); this module only reads. */
#ifndef PLEIN_PRAISE_H
#define PLEIN_PRAISE_H
#include "core/posts.h"

#define PRAISE_RECENT_MAX 10
#define PRAISE_SPOTLIGHT_DAYS 30

struct praise_badge_count {
	const char *badge;
	int64_t count;
};

/* One praise post as a profile or the spotlight shows it. */
struct praise_item {
	int64_t post_id, created_at;
	const char *badge, *body;   /* body: the Markdown as written */
	struct post_author author;  /* who gave the praise */
};

/* Badge counts of the praise person_id received in posts the viewer may
 * see, in the order of posts_badges(); badges never received are left out. */
int praise_received_summary(struct db *db, struct pool *p, const struct person *viewer, int64_t person_id,
                            struct praise_badge_count **out, size_t *n) WARN_UNUSED;
/* The newest (at most limit ≤ PRAISE_RECENT_MAX) praise posts person_id
 * received that the viewer may see, newest first. */
int praise_recent_for_person(struct db *db, struct pool *p, const struct person *viewer, int64_t person_id,
                             int limit, struct praise_item **out, size_t *n) WARN_UNUSED;

/* The colleague in the spotlight at time now (Unix seconds): among the
 * active people praised in the last PRAISE_SPOTLIGHT_DAYS days in posts the
 * viewer may see, the one whose hash of (person id, day number) is lowest —
 * the same all day, another the next, every recipient equally likely however
 * often praised. Never the viewer while someone else qualifies. *person and
 * *item (their newest praise in the window) are set, or PLEIN_NOTFOUND. */
int praise_spotlight(struct db *db, struct pool *p, const struct person *viewer, int64_t now,
                     struct person **person, struct praise_item *item) WARN_UNUSED;
/* The rank of a person on a day (lower comes first); exposed for tests. */
uint64_t praise_spotlight_rank(int64_t person_id, int64_t day);
/* Forget the per-process candidate cache (a new praise post; tests; bulk changes). */
void praise_spotlight_forget(void);
#endif

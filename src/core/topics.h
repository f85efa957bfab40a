/* topics.h — #topics: created when first used in a post, followed by
 * people, listed with their posts. A topic is known by its folded key
 * ("Subsidies", "subsidies" and "SUBSIDIES" are one topic) and shown by the
 * name it was first written with. */
#ifndef PLEIN_TOPICS_H
#define PLEIN_TOPICS_H
#include "db/db.h"
#include "lib/pool.h"
#include "core/people.h"

struct topic {
	int64_t id;
	const char *name, *key;
	int64_t followers, posts;
};

/* The topic for a name (creating it); PLEIN_INVALID for an invalid name. */
int topics_ensure(struct db *db, const char *name, int64_t *id) WARN_UNUSED;
/* By name or key (folded); PLEIN_NOTFOUND. followers and posts counted. */
int topics_get(struct db *db, struct pool *p, const struct person *viewer, const char *name,
               struct topic **out) WARN_UNUSED;
/* Link a post to the topics named (replacing earlier links). */
int topics_set_for_post(struct db *db, int64_t post_id, const char *const *names, size_t n) WARN_UNUSED;
int topics_follow(struct db *db, int64_t person_id, int64_t topic_id, bool follow) WARN_UNUSED;
bool topics_following(struct db *db, int64_t person_id, int64_t topic_id);
/* Topics whose key starts with the folded prefix, most followed first (for
 * the composer's autocomplete); at most limit. */
int topics_suggest(struct db *db, struct pool *p, const struct person *viewer, const char *prefix, int limit,
                   struct topic **out, size_t *n) WARN_UNUSED;
/* The topics a person follows, by name. */
int topics_followed(struct db *db, struct pool *p, const struct person *viewer, struct topic **out, size_t *n) WARN_UNUSED;
/* Lean lists for the live hub (no counts): the ids of the topics a person
 * follows, ascending, at most max (malloc'ed: the caller frees *out); a
 * post's topics, ids and names (in p), at most max. */
int topics_followed_ids(struct db *db, int64_t person_id, size_t max, int64_t **out, size_t *n) WARN_UNUSED;
int topics_of_post(struct db *db, struct pool *p, int64_t post_id, int64_t *ids, const char **names, size_t max,
                   size_t *n) WARN_UNUSED;
/* The name of topic id (the board's topic columns keep its id); PLEIN_NOTFOUND. */
int topics_name_of(struct db *db, struct pool *p, int64_t id, const char **name) WARN_UNUSED;
#endif

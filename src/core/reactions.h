/* reactions.h — reactions to posts: like plus a small fixed set of
 * emoji. No down-votes, ever. The post's `reactions` column caches the
 * counts ("like:3,heart:1"), recomputed from the rows in the transaction
 * that changes them. */
#ifndef PLEIN_REACTIONS_H
#define PLEIN_REACTIONS_H
#include "core/posts.h"

#define REACTION_KINDS 6
struct reaction_kind {
	const char *key;    /* "like" */
	const char *emoji;  /* "👍" */
	const char *label;  /* English, translated by the page: "Like" */
};
extern const struct reaction_kind reaction_kinds[REACTION_KINDS];
bool reactions_kind_valid(const char *kind);

/* Add (on) or remove a reaction; idempotent. A new one notifies the author
 * and adds a 'reaction' event. *changed says whether anything changed. */
int reactions_set(struct db *db, const struct person *who, const struct post *post, const char *kind, bool on,
                  bool *changed) WARN_UNUSED;
/* Count of `kind` in a cache string ("like:3,heart:1"). */
int64_t reactions_count(const char *cache, const char *kind);
/* Bit i set when the person reacted with reaction_kinds[i] on the post. */
int reactions_mine(struct db *db, int64_t person_id, int64_t post_id, unsigned *mask) WARN_UNUSED;

/* reactions_mine for several posts at once: masks[i] for ids[i]. */
int reactions_mine_many(struct db *db, struct pool *p, int64_t person_id, const int64_t *ids, size_t n,
                        unsigned *masks) WARN_UNUSED;

struct reactor {
	int64_t id;
	const char *name, *kind;
};
/* Who reacted (newest first), at most limit. */
int reactions_who(struct db *db, struct pool *p, int64_t post_id, int limit, struct reactor **out, size_t *n) WARN_UNUSED;
#endif

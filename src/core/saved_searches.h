/* saved_searches.h — searches a person keeps (table saved_searches,
 * migration 0013): a name, the text as typed and the filters of /search.
 * Each belongs to one person and is seen by that person only: every call
 * takes the owner, and another person's id is PLEIN_NOTFOUND. Running one
 * is search_run with the owner as viewer (saved_search_query). */
#ifndef PLEIN_SAVED_SEARCHES_H
#define PLEIN_SAVED_SEARCHES_H
#include "core/search.h"

#define SAVED_SEARCHES_MAX 50      /* per person */
#define SAVED_SEARCH_NAME_MAX 80   /* characters */

struct saved_search {
	int64_t id, person_id;
	const char *name;
	const char *q;
	const char *kinds;         /* comma-separated kind names, "" for all */
	int64_t group_id, author_id;
	const char *topic;         /* "" for none */
	int64_t since, until;      /* unix seconds, 0: open (until is exclusive, as search_query's) */
	int64_t created_at;
};

/* NULL when s can be saved (name 1 … 80 characters without control
 * characters; q parses with search_query_parse and has at least one word;
 * kinds known; since ≤ until), else an English sentence (a msgid). */
const char *saved_search_error(const struct saved_search *s);
/* Save s for owner. PLEIN_INVALID (see saved_search_error), PLEIN_TOOBIG
 * when the owner has SAVED_SEARCHES_MAX already. */
int saved_searches_create(struct db *db, int64_t owner, const struct saved_search *s, int64_t *id) WARN_UNUSED;
/* The owner's, newest first (at most SAVED_SEARCHES_MAX). */
int saved_searches_list(struct db *db, struct pool *p, int64_t owner, struct saved_search **out, size_t *n) WARN_UNUSED;
int saved_searches_get(struct db *db, struct pool *p, int64_t owner, int64_t id, struct saved_search **out) WARN_UNUSED;
int saved_searches_rename(struct db *db, int64_t owner, int64_t id, const char *name) WARN_UNUSED;
/* Delete it and the board columns showing it, in one transaction. */
int saved_searches_delete(struct db *db, int64_t owner, int64_t id) WARN_UNUSED;
/* The search_query that runs s (cursor and limit as given). PLEIN_INVALID
 * when its kinds are no longer known. */
int saved_search_query(const struct saved_search *s, const char *cursor, int limit, struct search_query *q) WARN_UNUSED;
/* s's fields from a search as the page or the API read it (q->kinds as
 * names); name as given. Strings in p. */
void saved_search_from_query(struct pool *p, const struct search_query *q, const char *name, struct saved_search *s);
/* A name for a search saved without one: q, cut to SAVED_SEARCH_NAME_MAX
 * characters (q may be longer than a name), in p. */
const char *saved_search_default_name(struct pool *p, const char *q);
/* The /search URL that runs s (q, kind, group, author, topic, since and
 * until as YYYY-MM-DD, until inclusive), in p. */
const char *saved_search_url(struct pool *p, const struct saved_search *s);
#endif

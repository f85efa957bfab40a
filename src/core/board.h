/* board.h — a person's board (table board_columns, migration 0013): up to
 * BOARD_COLUMNS_MAX columns side by side, each a saved search, a topic, a
 * group or a person, that update live (static/app.js). A column is its
 * owner's only (another person's id is PLEIN_NOTFOUND). What it shows is
 * read when it is shown, through the same visibility-filtered calls as the
 * pages (search_run, stream_topic, stream_group, stream_person), so a group
 * turned secret to the owner or a person deactivated shows an explanation
 * instead of content, and nothing is ever shown the owner may not see. */
#ifndef PLEIN_BOARD_H
#define PLEIN_BOARD_H
#include "core/people.h"
#include "db/db.h"
#include "lib/pool.h"

#define BOARD_COLUMNS_MAX 12
#define BOARD_PAGE 10          /* items of a column page */

struct board_column {
	int64_t id, person_id;
	int position;              /* 0, 1, … left to right */
	const char *kind;          /* "search" | "topic" | "group" | "person" */
	int64_t ref;               /* the saved search's, topic's, group's or person's id */
	int64_t created_at;
};

bool board_kind_valid(const char *kind);
/* The owner's columns, left to right. */
int board_columns_list(struct db *db, struct pool *p, int64_t owner, struct board_column **out, size_t *n) WARN_UNUSED;
int board_column_get(struct db *db, struct pool *p, int64_t owner, int64_t id, struct board_column **out) WARN_UNUSED;
/* Add a column at the right end for viewer (its owner, scope loaded).
 * The target must exist and the viewer see it (a saved search of their
 * own; a topic or a person: only viewers who may browse, as those pages;
 * a group whose posts they may read). PLEIN_INVALID (unknown kind),
 * PLEIN_DENIED, PLEIN_NOTFOUND, PLEIN_TOOBIG (BOARD_COLUMNS_MAX),
 * PLEIN_CONFLICT (already on the board); *msg: an English msgid saying why. */
int board_column_add(struct db *db, struct pool *p, const struct person *viewer, const char *kind, int64_t ref,
                     int64_t *id, const char **msg) WARN_UNUSED;
/* The topic a viewer names ("#Subsidies", "subsidies") for a column:
 * PLEIN_DENIED when they may not browse topics, PLEIN_NOTFOUND when there
 * is no such topic they may see; *msg says why. */
int board_topic_id(struct db *db, struct pool *p, const struct person *viewer, const char *name, int64_t *id,
                   const char **msg) WARN_UNUSED;
/* Move a column to position (clamped to the board), the others closing up;
 * every position rewritten in one transaction. */
int board_column_move(struct db *db, int64_t owner, int64_t id, int position) WARN_UNUSED;
int board_column_remove(struct db *db, int64_t owner, int64_t id) WARN_UNUSED;

/* ---- what a column shows ---- */
struct board_item {
	const char *key;           /* "post:12", "comment:3", … unique in a column */
	const char *kind;          /* a search kind name ("post", "person", …) */
	int64_t id;
	const char *title;         /* plain text: a name, a title, a post's first words */
	const char *snippet;       /* search hits: with SEARCH_MARK_* around matched words; else "" */
	int64_t author_id;         /* 0: none shown (search hits, anonymous posts) */
	const char *author_name;   /* "" when author_id is 0 */
	const char *url;
	int64_t created_at;        /* 0: no time (people, groups, topics) */
	int64_t group_id;          /* where it is, 0: the organisation */
};
enum board_state {
	BOARD_SHOWN,               /* items (maybe none) */
	BOARD_HIDDEN,              /* the owner may no longer see the target: reason */
	BOARD_GONE,                /* the target no longer exists: reason */
};
struct board_view {
	enum board_state state;
	const char *title;         /* the saved search's name, the topic's, group's or person's name;
	                            * a generic word when hidden */
	const char *url;           /* the target's own page; NULL when hidden or gone */
	const char *reason;        /* English msgid when not shown */
	struct board_item *items;
	size_t n;
	const char *next;          /* cursor of the next page; NULL on the last */
};
/* A page of column c for viewer (its owner, scope loaded) from cursor
 * (NULL/"": the first), limit 1 … 50. PLEIN_INVALID for a bad cursor. */
int board_column_view(struct db *db, struct pool *p, const struct person *viewer, const struct board_column *c,
                      const char *cursor, int limit, struct board_view *out) WARN_UNUSED;
/* A page of a saved search's results as board items (its title and url
 * set), for viewer, its owner: search_run underneath. */
struct saved_search;
int board_search_view(struct db *db, struct pool *p, const struct person *viewer, const struct saved_search *s,
                      const char *cursor, int limit, struct board_view *out) WARN_UNUSED;
#endif

/* stream.h — lists of posts, newest first, with a cursor (the last post
 * id shown): home (your own posts, people and topics you follow,
 * announcements), discover (everything you may see), a topic's, a person's.
 * Every list is filtered by visibility_post_sql. Answers are no stream
 * items (they show under their question, core/questions.h); an anonymous
 * question never comes from following its asker, and a person's stream
 * holds their anonymous questions for themself only. */
#ifndef PLEIN_STREAM_H
#define PLEIN_STREAM_H
#include "core/posts.h"

struct stream_page {
	struct post *items;
	size_t n;
	int64_t next;   /* cursor of the following page; 0 on the last */
};

/* Posts with after < id < before (0: unbounded), newest first: a page is
 * (cursor, 0); what is new since the newest shown is (0, newest). limit
 * 1 … STREAM_PAGE_MAX. */
struct stream_range {
	int64_t before, after;
	int limit;
};
int stream_home(struct db *db, struct pool *p, const struct person *viewer, struct stream_range r,
                struct stream_page *out) WARN_UNUSED;
int stream_discover(struct db *db, struct pool *p, const struct person *viewer, struct stream_range r,
                    struct stream_page *out) WARN_UNUSED;
int stream_topic(struct db *db, struct pool *p, const struct person *viewer, int64_t topic_id,
                 struct stream_range r, struct stream_page *out) WARN_UNUSED;
int stream_person(struct db *db, struct pool *p, const struct person *viewer, int64_t author_id,
                  struct stream_range r, struct stream_page *out) WARN_UNUSED;
/* Parse a cursor ("" or NULL → 0); PLEIN_INVALID when malformed. */
/* A group's posts (the caller checked visibility_can_read_group; the
 * condition is applied all the same). */
int stream_group(struct db *db, struct pool *p, const struct person *viewer, int64_t group_id,
                 struct stream_range r, struct stream_page *out) WARN_UNUSED;
int stream_cursor_parse(const char *s, int64_t *out) WARN_UNUSED;
#endif

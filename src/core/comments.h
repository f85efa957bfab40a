/* comments.h — comments on posts, threaded one level deep: a reply
 * gathers under the top-level comment it answers (a reply to a reply joins
 * the same thread). Markdown, mentions; soft deletes. */
#ifndef PLEIN_COMMENTS_H
#define PLEIN_COMMENTS_H
#include "core/posts.h"

#define COMMENT_TEXT_MAX 10000
#define COMMENTS_PAGE_MAX 500   /* comments shown under one post at most */

struct comment {
	int64_t id, post_id, parent_id;  /* parent_id 0: top level */
	struct post_author author;       /* masked (id 0) when anonymous */
	int64_t owner_id;                /* the real author: for the rules only, never shown */
	bool anonymous;                  /* the anonymous asker in their question's thread */
	const char *body, *body_html;    /* "" once deleted */
	int64_t created_at, deleted_at;
};

/* In one transaction: the comment, the post's comment count, mentions,
 * notifications (the post's author, and the answered comment's author:
 * "reply"), and a 'comment' event. parent_id 0 for top level; a parent of
 * another post is PLEIN_INVALID. The caller checked visibility_can_interact. */
int comments_create(struct db *db, struct pool *p, const struct person *author, const struct post *post,
                    int64_t parent_id, const char *text, const int64_t *attachments, size_t n_attachments,
                    int64_t *id_out, const char **msg) WARN_UNUSED;
int comments_get(struct db *db, struct pool *p, int64_t id, struct comment **out) WARN_UNUSED;
/* The comments of a post with id > after, in thread order: each top-level
 * comment followed by its replies (oldest first), at most limit. */
int comments_list(struct db *db, struct pool *p, int64_t post_id, int64_t after, int limit, struct comment **out,
                  size_t *n) WARN_UNUSED;
/* Soft delete (text emptied, "deleted" shown, replies stay). */
int comments_delete(struct db *db, int64_t id) WARN_UNUSED;
#endif

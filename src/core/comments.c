/* comments.c — see comments.h. The post's comment_count is recounted in
 * the same transaction, never incremented, so concurrent writers cannot
 * make it drift. */
#include "core/comments.h"
#include "core/search.h"
#include "core/i18n.h"
#include "core/attachments.h"
#include "core/events.h"
#include "core/markdown.h"
#include "core/notifications.h"
#include "core/visibility.h"
#include <time.h>

#define COMMENT_COLUMNS \
	"c.id, c.post_id, coalesce(c.parent_id, 0), c.author_id, a.name, a.title, a.photo, a.role, a.status, " \
	"c.body, c.body_html, c.created_at, coalesce(c.deleted_at, 0), c.anonymous"
#define COMMENT_FROM " FROM comments c JOIN people a ON a.id = c.author_id"

static void read_comment(struct pool *pl, struct db_stmt *st, struct comment *c)
{
	c->id = db_col_int(st, 0);
	c->post_id = db_col_int(st, 1);
	c->parent_id = db_col_int(st, 2);
	c->owner_id = db_col_int(st, 3);
	c->anonymous = db_col_int(st, 13) != 0;
	if (c->anonymous) {  /* masked as posts are (core/posts.c) */
		c->author = (struct post_author){ .id = POST_AUTHOR_ANONYMOUS, .name = "", .title = "", .photo = "",
		                                  .role = "", .status = "active" };
	} else {
		c->author.id = c->owner_id;
		c->author.name = pool_strdup(pl, db_col_text(st, 4));
		c->author.title = pool_strdup(pl, db_col_text(st, 5));
		c->author.photo = pool_strdup(pl, db_col_text(st, 6));
		c->author.role = pool_strdup(pl, db_col_text(st, 7));
		c->author.status = pool_strdup(pl, db_col_text(st, 8));
	}
	c->body = pool_strdup(pl, db_col_text(st, 9));
	c->body_html = pool_strdup(pl, db_col_text(st, 10));
	c->created_at = db_col_int(st, 11);
	c->deleted_at = db_col_int(st, 12);
}

int comments_get(struct db *db, struct pool *p, int64_t id, struct comment **out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " COMMENT_COLUMNS COMMENT_FROM " WHERE c.id = ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*out = pool_zalloc(p, sizeof(**out));
		read_comment(p, st, *out);
		rc = PLEIN_OK;
	} else if (rc == DB_DONE) {
		rc = PLEIN_NOTFOUND;
	}
	db_done(st);
	return rc;
}

static int recount(struct db *db, int64_t post_id)
{
	return db_exec(db, "UPDATE posts SET comment_count = (SELECT count(*) FROM comments "
	                   "WHERE post_id = ?1 AND deleted_at IS NULL) WHERE id = ?1", "i", post_id);
}

static int notify(struct db *db, struct pool *pl, const struct post *post, int64_t who, const char *kind,
                  int64_t actor, int64_t comment_id)
{
	struct person *target;
	if (visibility_person_get(db, pl, who, &target) != PLEIN_OK || !visibility_can_see_post(target, post))
		return PLEIN_OK;
	return notifications_add(db, who, kind, actor, post->id, comment_id);
}

int comments_create(struct db *db, struct pool *pl, const struct person *author, const struct post *post,
                    int64_t parent_id, const char *text, const int64_t *attachments, size_t n_attachments,
                    int64_t *id_out, const char **msg)
{
	if ((*msg = posts_text_error(text, COMMENT_TEXT_MAX)))
		return PLEIN_INVALID;
	if (n_attachments > POST_ATTACHMENTS_MAX) {
		*msg = N_("At most 10 attachments per comment.");
		return PLEIN_INVALID;
	}
	struct markdown_refs refs;
	const char *html = markdown_to_html_refs(pl, text, strlen(text), &refs);
	if (!html) {
		*msg = N_("This text is too long.");
		return PLEIN_INVALID;
	}
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	/* the caller's copy may be stale: a delete committed since it was read
	 * would otherwise leave this comment's text on a deleted post */
	int64_t live = 0;
	if ((rc = db_query_int(db, &live, "SELECT 1 FROM posts WHERE id = ? AND deleted_at IS NULL", "i", post->id)) !=
	    PLEIN_OK) {
		*msg = N_("This post has been deleted.");
		goto fail;
	}
	struct comment *parent = NULL;
	if (parent_id) {
		if (comments_get(db, pl, parent_id, &parent) != PLEIN_OK || parent->post_id != post->id) {
			*msg = N_("The comment you answer is not on this post.");
			rc = PLEIN_INVALID;
			goto fail;
		}
		if (parent->parent_id)  /* one level deep: answer the thread */
			parent_id = parent->parent_id;
	}
	int64_t now = (int64_t)time(NULL);
	/* the asker of an anonymous question stays anonymous in its thread
	 * (on the question and on its answers) */
	int64_t hidden = 0;
	if ((rc = db_query_int(db, &hidden, "SELECT count(*) FROM posts q WHERE q.id = ? AND q.anonymous = 1 "
	                       "AND q.kind = 'question' AND q.author_id = ?", "ii",
	                       post->parent_id ? post->parent_id : post->id, author->id)) != PLEIN_OK)
		goto fail;
	rc = db_exec(db, "INSERT INTO comments(post_id, parent_id, author_id, body, body_html, created_at, anonymous) "
	                 "VALUES (?, NULLIF(?, 0), ?, ?, ?, ?, ?)",
	             "iiissii", post->id, parent_id, author->id, text, html, now, hidden);
	if (rc != PLEIN_OK)
		goto fail;
	int64_t id = db_last_insert_id(db);
	if ((rc = attachments_claim(db, author->id, attachments, n_attachments, 0, id, msg)) != PLEIN_OK)
		goto fail;
	if ((rc = recount(db, post->id)) != PLEIN_OK)
		goto fail;
	for (size_t i = 0; i < refs.n_mentions; i++) {
		rc = db_exec(db, "INSERT OR IGNORE INTO mentions(post_id, comment_id, person_id) "
		                 "SELECT ?, ?, id FROM people WHERE id = ?", "iii", post->id, id, refs.mentions[i]);
		if (rc == PLEIN_OK && db_changes(db))
			rc = notify(db, pl, post, refs.mentions[i], "mention", author->id, id);
		if (rc != PLEIN_OK)
			goto fail;
	}
	if ((rc = notify(db, pl, post, post->owner_id, "reply", author->id, id)) != PLEIN_OK)
		goto fail;
	if (parent && parent->owner_id != post->owner_id &&
	    (rc = notify(db, pl, post, parent->owner_id, "reply", author->id, id)) != PLEIN_OK)
		goto fail;
	if ((rc = search_index_comment(db, id)) != PLEIN_OK)
		goto fail;
	if ((rc = events_add(db, "comment", post->id, id, 0)) != PLEIN_OK)
		goto fail;
	if ((rc = db_commit(db)) != PLEIN_OK)
		goto fail;
	events_poke();
	*id_out = id;
	return PLEIN_OK;
fail:
	db_rollback(db);
	return rc;
}

int comments_list(struct db *db, struct pool *p, int64_t post_id, int64_t after, int limit, struct comment **out,
                  size_t *n)
{
	if (limit < 1 || limit > COMMENTS_PAGE_MAX)
		limit = COMMENTS_PAGE_MAX;
	*out = pool_zalloc(p, sizeof(**out) * (size_t)limit);
	*n = 0;
	/* thread order: a top-level comment, then its replies */
	struct db_stmt *st = db_prepare(db,
		"SELECT " COMMENT_COLUMNS COMMENT_FROM " WHERE c.post_id = ? AND c.id > ? "
		"ORDER BY coalesce(c.parent_id, c.id), c.id LIMIT ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, post_id);
	db_bind_int(st, 2, after);
	db_bind_int(st, 3, limit);
	int rc;
	while ((rc = db_step(st)) == DB_ROW && (int)*n < limit)
		read_comment(p, st, &(*out)[(*n)++]);
	db_done(st);
	return rc < 0 ? rc : PLEIN_OK;
}

int comments_delete(struct db *db, int64_t id)
{
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	int64_t post_id = 0;
	rc = db_query_int(db, &post_id, "SELECT post_id FROM comments WHERE id = ? AND deleted_at IS NULL", "i", id);
	if (rc == PLEIN_OK)
		rc = db_exec(db, "UPDATE comments SET body = '', body_html = '', deleted_at = ? WHERE id = ?", "ii",
		             (int64_t)time(NULL), id);
	if (rc == PLEIN_OK)
		rc = db_exec(db, "DELETE FROM mentions WHERE comment_id = ?", "i", id);
	if (rc == PLEIN_OK)
		rc = recount(db, post_id);
	if (rc == PLEIN_OK)
		rc = search_index_comment(db, id);
	if (rc == PLEIN_OK)
		rc = events_add(db, "comment", post_id, id, 0);
	if (rc == PLEIN_OK)
		rc = db_commit(db);
	if (rc != PLEIN_OK) {
		db_rollback(db);
		return rc;
	}
	events_poke();
	return PLEIN_OK;
}

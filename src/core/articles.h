/* articles.h — articles (blogs): long-form posts of kind "article" with a
 * title and an optional cover image. Only published articles are posts;
 * drafts and scheduled ones live in `article_drafts` (migration 0012) and
 * are read by their author only, so no stream, search or feed shows one.
 * Scheduled drafts are published by articles_tick (jobs/sweeper.c runs it
 * every ARTICLES_TICK_SECONDS). Who may see an article is visibility.c's
 * answer, as for every post. */
#ifndef PLEIN_ARTICLES_H
#define PLEIN_ARTICLES_H
#include "core/posts.h"

#define ARTICLE_TITLE_MAX 200     /* characters (code points) */
#define ARTICLE_DRAFTS_MAX 100    /* drafts one author may keep */
#define ARTICLES_PAGE_MAX 50
#define ARTICLE_EXCERPT_CHARS 200 /* the "first words" of a card or feed entry */
#define ARTICLES_TICK_SECONDS 15  /* how often due drafts are looked for */
#define ARTICLES_TICK_BATCH 50    /* drafts published per tick at most */

/* What a writer sends, for a draft or a publication. */
struct article_input {
	const char *title;        /* trimmed here */
	const char *body;         /* Markdown, ≤ ARTICLE_TEXT_MAX characters */
	const char *visibility;   /* "organisation" (NULL) | "public" | "group" (with group_id) */
	int64_t group_id;
	int64_t cover_id;         /* 0: none; an image upload of the author (unclaimed) */
	int64_t publish_at;       /* drafts only: 0 not scheduled, else in the future */
};

struct article_draft {
	int64_t id, author_id, group_id, cover_id, publish_at, created_at, updated_at;
	const char *title, *body, *visibility;
	const char *publish_error;  /* NULL, or why a scheduled publication failed */
};

/* A published article: the post (title, body, visibility…) and its row. */
struct article {
	struct post post;
	int64_t cover_id;      /* 0: none */
	int64_t published_at;
};

/* NULL when title is acceptable (1 … ARTICLE_TITLE_MAX characters, one
 * line, UTF-8), else an English sentence (N_). */
const char *articles_title_error(const char *title);
/* The first words of Markdown text as plain text (≤ max characters, "…"
 * when cut), in the pool. */
const char *articles_excerpt(struct pool *p, const char *markdown, size_t max);

/* A time from a form or the API: "YYYY-MM-DDTHH:MM[:SS]" in the zone
 * offset_minutes west of UTC (JavaScript's getTimezoneOffset; 0: UTC), or
 * with a trailing "Z" (then offset 0). PLEIN_INVALID for anything else
 * (fuzzed: fuzz_article_time). */
int articles_parse_time(const char *s, int64_t offset_minutes, int64_t *out) WARN_UNUSED;

/* Save a draft (draft_id 0: a new one; else the author's draft). Empty
 * title or body is fine in a draft, not both. Checks the author may
 * write where it goes (organisation or the group) and that the cover is
 * their unclaimed image. PLEIN_INVALID + English *msg (N_), *field
 * ("title", "body", "visibility", "cover", "publish_at"); PLEIN_NOTFOUND;
 * PLEIN_TOOBIG (too many drafts). `author` has their scope loaded. */
int articles_draft_save(struct db *db, struct pool *p, const struct person *author, int64_t draft_id,
                        const struct article_input *in, int64_t now, int64_t *id_out, const char **msg,
                        const char **field) WARN_UNUSED;
/* The author's draft (never anyone else's: PLEIN_NOTFOUND). */
int articles_draft_get(struct db *db, struct pool *p, int64_t author_id, int64_t id, struct article_draft **out) WARN_UNUSED;
/* The author's drafts, scheduled first (soonest), then last saved first. */
int articles_drafts(struct db *db, struct pool *p, int64_t author_id, struct article_draft **out, size_t *n) WARN_UNUSED;
int articles_draft_delete(struct db *db, int64_t author_id, int64_t id) WARN_UNUSED;
/* Publish the author's draft now: in one transaction the post (kind
 * "article", through posts_create_in), the articles row, the cover claimed
 * by the post, the draft removed. *post_id_out: the article. */
int articles_draft_publish(struct db *db, struct pool *p, const struct person *author, int64_t draft_id,
                           int64_t *post_id_out, const char **msg, const char **field) WARN_UNUSED;
/* Publish at once without a draft (the API). */
int articles_publish(struct db *db, struct pool *p, const struct person *author, const struct article_input *in,
                     int64_t *post_id_out, const char **msg, const char **field) WARN_UNUSED;
/* Publish every draft due at `now` (at most ARTICLES_TICK_BATCH). A draft
 * that cannot be published (its author left, lost the group, the text is
 * wrong) stays a draft, unscheduled, with publish_error. *published: how
 * many were. */
int articles_tick(struct db *db, int64_t now, int64_t *published) WARN_UNUSED;

/* One article (deleted ones too: post.deleted_at); PLEIN_NOTFOUND when
 * id is not an article. The caller checks visibility_can_see_post. */
int articles_get(struct db *db, struct pool *p, int64_t id, struct article **out) WARN_UNUSED;
/* Several articles in the order of ids (missing ones skipped). */
int articles_load(struct db *db, struct pool *p, const int64_t *ids, size_t n, struct article **out,
                  size_t *n_out) WARN_UNUSED;
/* Edit a published article: title, text (a revision, as posts_edit) and
 * cover (cover_id 0 keeps it, -1 removes it). One transaction. The caller
 * checked visibility_can_edit_post. */
int articles_edit(struct db *db, struct pool *p, const struct person *editor, int64_t id, const char *title,
                  const char *body, int64_t cover_id, const char **msg, const char **field) WARN_UNUSED;

/* Article ids newest first with id < before (0: from the newest), at most
 * limit (≤ ARTICLES_PAGE_MAX + 1): those the viewer may see
 * (visibility_post_sql). *ids malloc'ed (the caller frees). */
int articles_list(struct db *db, const struct person *viewer, int64_t before, size_t limit, int64_t **ids,
                  size_t *n) WARN_UNUSED;
/* The public blog: public articles of active authors only (author_id 0:
 * everyone's), newest first. */
int articles_public_list(struct db *db, int64_t author_id, int64_t before, size_t limit, int64_t **ids,
                         size_t *n) WARN_UNUSED;
/* The top-level comments of an article not written by its author that
 * the author has not replied to (undeleted), oldest first: their ids. */
int articles_unanswered(struct db *db, int64_t post_id, int64_t author_id, int64_t **ids, size_t *n) WARN_UNUSED;
#endif

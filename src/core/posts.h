/* posts.h — posts: short updates, praise and announcements, written in
 * Markdown, with topics (#name) and mentions (@name) taken from the text,
 * edits that keep earlier versions, and soft deletes. Who may see or change
 * a post is core/visibility.c's answer; this module stores and loads. */
#ifndef PLEIN_POSTS_H
#define PLEIN_POSTS_H
#include "core/people.h"

#define POST_TEXT_MAX 10000      /* characters (code points), as the issue asks */
#define ARTICLE_TEXT_MAX 50000   /* articles (kind "article", core/articles.c) are long-form */
#define POST_TOPICS_MAX 10       /* distinct #topics kept per post */
#define POST_MENTIONS_MAX 20     /* distinct @mentions notified per post */
#define POST_PRAISED_MAX 10      /* colleagues thanked by one praise post */
#define POST_ATTACHMENTS_MAX 10
#define STREAM_PAGE_MAX 50

/* The author as streams show them (joined from people). id 0: anonymous
 * (a question asked anonymously, or the asker's answer or comment in its
 * thread): every other field is "" then, and nothing says who it is. */
#define POST_AUTHOR_ANONYMOUS 0
struct post_author {
	int64_t id;
	const char *name, *title, *photo, *role, *status;
};

/* Strings live in the pool the post was read into. */
struct post {
	int64_t id;
	struct post_author author;  /* masked (id 0) when anonymous */
	int64_t owner_id;        /* the real author, for the rules only (edit, delete, notify the author,
	                          * accept): never shown, never in a response */
	bool anonymous;          /* the author is hidden from everyone (docs/design-questions.md) */
	const char *kind;        /* "update" | "praise" | "announcement" | "question" | "answer" | "article" */
	const char *title;       /* questions: 5 … 200 characters; articles: 1 … 200; NULL otherwise */
	int64_t parent_id;       /* answers: the question; 0 otherwise */
	const char *visibility;  /* "organisation" | "public" | "group" (always, in a group) */
	const char *body;        /* Markdown as written ("" once deleted) */
	const char *body_html;   /* safe HTML ("" once deleted) */
	const char *badge;       /* praise: "helpful" …; NULL otherwise */
	const char *reactions;   /* "like:3,heart:1" ("" for none) */
	int64_t group_id;        /* 0: not in a group */
	const char *group_kind;  /* the group's kind now ("open" …); NULL when not in a group or the group is deleted */
	const char *group_name;  /* NULL when not in a group */
	int64_t created_at, edited_at, deleted_at, expires_at; /* 0: not edited / deleted / no expiry */
	int64_t comment_count;
};

/* What a writer sends. text is Markdown of 1 … POST_TEXT_MAX characters. */
struct post_input {
	const char *text;
	const char *visibility;  /* NULL → "organisation" ("group" when group_id is set) */
	int64_t group_id;        /* 0: not in a group; the caller checked visibility_can_post_in_group */
	const char *kind;        /* NULL → "update" */
	const char *badge;       /* praise only */
	const int64_t *praised;  /* praise only: the thanked colleagues */
	size_t n_praised;
	int64_t expires_at;      /* announcements only; 0: until dismissed */
	const int64_t *attachments;  /* ids from attachments_store by the same author */
	size_t n_attachments;
	bool signup;             /* people can sign up (core/signups.h) */
	/* questions and answers: set by core/questions.c only (posts_kind_valid
	 * does not accept these kinds from a client) */
	const char *title;       /* kind "question": checked by questions_title_error */
	int64_t parent_id;       /* kind "answer": the question, in the same group and visibility */
	bool anonymous;          /* hide the author (a question, or the anonymous asker in its thread) */
	int64_t signup_cap;      /* 0: no limit */
	int64_t signup_deadline; /* 0: none; else in the future */
};

bool posts_visibility_valid(const char *v);
/* The kinds a client may choose for a plain post: update, praise, announcement. */
bool posts_kind_valid(const char *k);
/* The author is hidden (anonymous): show "Anonymous" with no link, photo or id. */
bool posts_author_hidden(const struct post_author *a);
bool posts_badge_valid(const char *b);
/* The praise badges, in the order a form offers them. */
const char *const *posts_badges(size_t *n);
/* NULL when text is acceptable for a post or comment of at most max_chars
 * characters (valid UTF-8, no control characters but newlines and tabs, not
 * blank), else an English sentence. */
const char *posts_text_error(const char *text, size_t max_chars);
/* The checks every title shares (questions, articles): NULL when title is
 * valid UTF-8 on one line without control characters, with *chars its
 * length in characters without the spaces and tabs around it; else an
 * English sentence. Each kind then checks its own bounds. */
const char *posts_title_error(const char *title, size_t *chars);
/* The title without the spaces and tabs around it, in p. */
const char *posts_title_trim(struct pool *p, const char *title);

/* Validate (English *msg on PLEIN_INVALID), then in one transaction: the
 * post, its topics, mentions (+ notifications), praise rows (+
 * notifications), claimed attachments, and a 'post' event. The caller has
 * checked the author may post this kind (visibility_can_post*). */
int posts_create(struct db *db, struct pool *p, const struct person *author, const struct post_input *in,
                 int64_t *id_out, const char **msg) WARN_UNUSED;
/* posts_create inside the caller's transaction (core/questions.c writes
 * its own rows with the post): no commit, no events_poke. */
int posts_create_in(struct db *db, struct pool *p, const struct person *author, const struct post_input *in,
                    int64_t *id_out, const char **msg) WARN_UNUSED;
/* One post, deleted ones too (deleted_at set); PLEIN_NOTFOUND. */
int posts_get(struct db *db, struct pool *p, int64_t id, struct post **out) WARN_UNUSED;
/* Several posts in the order of ids; missing ones are skipped (*n_out). */
int posts_load(struct db *db, struct pool *p, const int64_t *ids, size_t n, struct post **out,
               size_t *n_out) WARN_UNUSED;
/* Replace the text: the old version goes to post_revisions, topics and
 * mentions follow the new text (newly mentioned people are notified), a
 * 'post_edited' event. */
int posts_edit(struct db *db, struct pool *p, const struct person *editor, int64_t id, const char *text,
               const char **msg) WARN_UNUSED;
/* posts_edit inside the caller's transaction (core/articles.c edits the
 * title and cover with the text): no commit, no events_poke; *changed says
 * whether the text changed. */
int posts_edit_in(struct db *db, struct pool *p, const struct person *editor, int64_t id, const char *text,
                  bool *changed, const char **msg) WARN_UNUSED;
/* Move a post into group_id (0: out of its group, to the organisation).
 * One transaction: group and visibility ('group' in a group, 'organisation'
 * outside: a public post moved in and out again is not public any more),
 * pins in the group it leaves, a 'post_moved' event (person_id: the group
 * it left, 0 for the organisation) so live streams look again, an audit
 * row. Everything reads the post's group at each check, so comments,
 * reactions, files and notifications follow at once. The caller checked
 * visibility_can_move_post. PLEIN_NOTFOUND: no such (undeleted) post;
 * PLEIN_INVALID + English *msg: an announcement, no such group, or
 * already there. */
int posts_move(struct db *db, const struct person *actor, int64_t id, int64_t group_id, const char **msg) WARN_UNUSED;
/* Soft delete: body, html and revisions emptied, a 'post_deleted' event. */
int posts_delete(struct db *db, const struct person *actor, int64_t id) WARN_UNUSED;

struct post_revision {
	int64_t id, created_at, editor_id;
	const char *body, *body_html;
};
/* Earlier versions, oldest first (the current text is the post itself). */
int posts_revisions(struct db *db, struct pool *p, int64_t post_id, struct post_revision **out,
                    size_t *n_out) WARN_UNUSED;

/* The #topics of a post (names as first written), up to POST_TOPICS_MAX. */
int posts_topics(struct db *db, struct pool *p, int64_t post_id, const char ***names, size_t *n) WARN_UNUSED;
/* posts_topics for several posts at once (a stream page): names[i] and
 * counts[i] for ids[i]; n ≤ STREAM_PAGE_MAX + 1. */
int posts_topics_many(struct db *db, struct pool *p, const int64_t *ids, size_t n, const char ***names,
                      size_t *counts) WARN_UNUSED;
/* "?, ?, ?": the placeholders of an IN list of n values, in the pool. */
const char *posts_placeholders(struct pool *p, size_t n);
/* The colleagues a praise post thanks (active ones), by name. */
int posts_praised(struct db *db, struct pool *p, int64_t post_id, struct post_author **out, size_t *n) WARN_UNUSED;
#endif

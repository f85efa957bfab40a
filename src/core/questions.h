/* questions.h — questions and answers (docs/design-questions.md). Both are
 * posts (kind "question" with a title, kind "answer" with its question as
 * parent), so visibility, groups, topics, mentions, attachments, comments,
 * reactions and live events are those of posts. This module adds what only
 * questions have: the queue state (side table `questions`), "helpful"
 * marks, one accepted answer, colleagues asked by name, similar questions,
 * and anonymous askers. Who may do what is core/visibility.c's answer. */
#ifndef PLEIN_QUESTIONS_H
#define PLEIN_QUESTIONS_H
#include "core/posts.h"

#define QUESTION_TITLE_MIN 5     /* characters (code points) */
#define QUESTION_TITLE_MAX 200
#define QUESTION_ASK_MAX 10      /* colleagues asked by name */
#define QUESTION_ANSWERS_MAX 200 /* answers shown under one question */
#define QUESTIONS_PAGE_MAX 50
#define QUESTIONS_SIMILAR_MAX 10

/* NULL when title is acceptable (valid UTF-8, one line, no control
 * characters, 5 … 200 characters after trimming), else an English
 * sentence (N_). */
const char *questions_title_error(const char *title);

struct question_input {
	const char *title;       /* trimmed by the caller or not: spaces around are dropped */
	const char *text;        /* Markdown, 1 … POST_TEXT_MAX characters; #topics and @mentions as in posts */
	int64_t group_id;        /* 0: the organisation; the caller checked visibility_can_post_in_group */
	bool anonymous;          /* hide the asker from everyone (kept in posts.author_id and the audit log) */
	const int64_t *ask;      /* colleagues asked by name (notified "question_asked") */
	size_t n_ask;
	const int64_t *attachments;
	size_t n_attachments;
};

/* Validate (English *msg on PLEIN_INVALID), then in one transaction: the
 * question post, its `questions` row, the colleagues asked (each must be
 * active and able to see the question, not the asker) with their
 * notifications, an audit row for an anonymous question (who asked), and
 * the live event. The caller checked visibility_can_post (organisation). */
/* *field names what *msg is about: "title", "body" or "ask". */
int questions_ask(struct db *db, struct pool *p, const struct person *author, const struct question_input *in,
                  int64_t *id_out, const char **msg, const char **field) WARN_UNUSED;

/* Answer `question` (a post of kind "question" the caller read and checked
 * with visibility_can_interact). One transaction: the answer post (same
 * group and visibility as the question; anonymous when it is the
 * anonymous asker answering), the question's counts, time to first answer,
 * a "question_answered" notification to the asker. PLEIN_NOTFOUND when the
 * question was deleted meanwhile; PLEIN_INVALID + *msg for bad text. */
int questions_answer(struct db *db, struct pool *p, const struct person *author, const struct post *question,
                     const char *text, const int64_t *attachments, size_t n_attachments, int64_t *id_out,
                     const char **msg) WARN_UNUSED;

/* What a question's row holds. */
struct question_state {
	int64_t accepted_id;     /* 0: none accepted */
	int64_t accepted_at;
	int64_t answer_count;    /* undeleted answers */
	int64_t last_answer_id;  /* 0: none */
	int64_t first_answer_at; /* 0: never answered; time to first answer = this - the question's created_at */
};
/* PLEIN_NOTFOUND when post_id is not a question. */
int questions_state(struct db *db, int64_t post_id, struct question_state *out) WARN_UNUSED;

struct answer {
	struct post post;        /* author masked when anonymous, as every post */
	int64_t helpful;         /* "helpful" marks */
	bool helpful_mine;       /* the viewer marked it */
	bool accepted;
};
/* The undeleted answers of a question the viewer may see: the accepted one
 * first, then by helpful marks, then oldest first; at most
 * QUESTION_ANSWERS_MAX. */
int questions_answers(struct db *db, struct pool *p, const struct person *viewer, const struct post *question,
                      struct answer **out, size_t *n) WARN_UNUSED;

/* Mark (on) or unmark an answer "helpful"; idempotent, *changed says
 * whether anything changed. PLEIN_INVALID: not an answer; PLEIN_DENIED:
 * your own answer. The caller checked visibility_can_interact. */
int questions_helpful(struct db *db, const struct person *who, const struct post *answer, bool on,
                      bool *changed) WARN_UNUSED;

/* Accept answer_id as the answer of `question` (replacing an earlier one),
 * or withdraw the acceptance (answer_id 0: whichever is accepted). One
 * transaction with an audit row and a live event for the question. The
 * caller checked visibility_can_accept_answer. PLEIN_INVALID: answer_id is
 * not an undeleted answer of this question. */
int questions_accept(struct db *db, const struct person *actor, const struct post *question,
                     int64_t answer_id) WARN_UNUSED;

enum question_queue {
	QUESTIONS_NEWEST,        /* every question, newest first */
	QUESTIONS_UNANSWERED,    /* no (undeleted) answer yet, newest first */
	QUESTIONS_ANSWERED,      /* with answers, the most recently answered first */
};
struct question_filter {
	enum question_queue queue;
	int64_t topic_id;        /* 0: any */
	int64_t group_id;        /* 0: any (the organisation's and the viewer's groups) */
	int64_t cursor;          /* 0: from the start; else the `next` of the page before */
	int limit;               /* 1 … QUESTIONS_PAGE_MAX */
};
struct question_item {
	struct post post;
	struct question_state state;
};
struct question_page {
	struct question_item *items;
	size_t n;
	int64_t next;            /* 0 on the last page */
};
/* A queue, filtered by visibility_post_sql. */
int questions_list(struct db *db, struct pool *p, const struct person *viewer, const struct question_filter *f,
                   struct question_page *out) WARN_UNUSED;

/* Questions like a title being typed, best first, that the viewer may see.
 * One search (core/search.h search_similar) of question titles holding
 * any of the title's words, through stems and without diacritics, more
 * and rarer shared words first. */
int questions_similar(struct db *db, struct pool *p, const struct person *viewer, const char *title, int limit,
                      struct post **out, size_t *n) WARN_UNUSED;

/* The colleagues the asker asked by name, active ones, by name (at most
 * QUESTION_ASK_MAX: no more are ever written). Names in p. */
struct question_asked {
	int64_t id;
	const char *name;
};
int questions_asked(struct db *db, struct pool *p, int64_t question_id, struct question_asked **out,
                    size_t *n) WARN_UNUSED;

/* For core/posts.c, inside its delete transaction: the undeleted answers
 * of a question (malloc'ed, the caller frees; none for other posts), and
 * after a post is deleted the question state it changes (an answer:
 * counts, and the acceptance if it was accepted). */
int questions_answer_ids(struct db *db, int64_t question_id, int64_t **ids, size_t *n) WARN_UNUSED;
int questions_after_delete(struct db *db, int64_t post_id) WARN_UNUSED;
#endif

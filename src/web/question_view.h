/* question_view.h — what the question pages share: a question as the
 * queues show it (title, answers, accepted, time to first answer, topics,
 * group, the asker or "Anonymous colleague"), and the question page
 * rendered again with a refused comment (pages_posts.c hands comments on
 * questions and answers back here). */
#ifndef PLEIN_QUESTION_VIEW_H
#define PLEIN_QUESTION_VIEW_H
#include "web/app.h"
#include "core/questions.h"
#include <jansson.h>

/* "First answer after 2 hours" (translated), for seconds ≥ 0. */
const char *question_view_first_answer(struct request *req, int64_t seconds);
/* The asker as question pages show them: {anonymous, name, url}; an
 * anonymous asker is "Anonymous colleague" with nothing that leads anyone. */
json_t *question_view_asker(struct request *req, const struct post *q);
/* One question of a queue (topics: its names, n_topics of them). */
json_t *question_view_item(struct request *req, const struct post *q, const struct question_state *s,
                           const char *const *topics, size_t n_topics);
/* The question page of `post` (a question, or an answer: its question) with
 * a refused comment on `post` kept in its form (status 422 or as the
 * uploads deserve). */
void question_view_comment_refused(struct request *req, const struct post *post, int status, const char *text,
                                   const char *error, int64_t parent_id);
/* Where a question or an answer is read: /questions/Q (#answer-A); NULL for other posts. */
const char *question_view_url(struct request *req, const struct post *post);
/* The profile's "Answered 14 questions on #subsidies" lines (web/pages_reputation.c):
 * {lines: [...], leaders_url}, or null when there are none or the viewer
 * may not browse the organisation. */
struct person;
json_t *reputation_profile_json(struct request *req, const struct person *p);
#endif

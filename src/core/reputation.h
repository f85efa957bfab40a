/* reputation.h — recognition earned by answering: per person and per topic,
 * answers given, answers accepted and "helpful" marks received (issue 6,
 * point 2). Shown on profiles ("answered 14 questions on subsidies"), in
 * leaderboards (the top only, never the bottom) and used as evidence by
 * "who knows X" (core/expertise_index.c).
 *
 * What counts is only what everyone in the organisation may read: answers
 * to questions outside closed and secret groups, not deleted. So a count
 * shown to anyone never tells of a question they may not see. Answers to
 * anonymous questions count for the answerer (it is the asker who is
 * hidden, not the one who answers); answers to your own question do not
 * count, so the anonymous asker's own (anonymous) answers never do. A topic
 * is a topic of the question. */
#ifndef PLEIN_REPUTATION_H
#define PLEIN_REPUTATION_H
#include "db/db.h"
#include "lib/pool.h"

#define REPUTATION_TOPICS_MAX 20    /* topics listed for one person */
#define REPUTATION_LEADERS_MAX 50

struct reputation_topic {
	int64_t topic_id;
	const char *topic;     /* its name, without '#' */
	int answered;          /* questions on it this person answered */
	int accepted;          /* of which their answer was accepted */
	int helpful;           /* "helpful" marks on those answers */
	int64_t score;         /* accepted * 10 + helpful * 2 + answered: the order */
};

/* A person's topics, highest score first, at most max (≤ REPUTATION_TOPICS_MAX).
 * Strings in p; *n may be 0. */
int reputation_of_person(struct db *db, struct pool *p, int64_t person_id, size_t max, struct reputation_topic **out,
                         size_t *n) WARN_UNUSED;

/* Totals over all topics (questions counted once even with several topics). */
struct reputation_total {
	int answered, accepted, helpful;
	int64_t score;
};
int reputation_total_of_person(struct db *db, int64_t person_id, struct reputation_total *out) WARN_UNUSED;

struct reputation_leader {
	int64_t person_id;
	const char *name;
	struct reputation_total total;   /* within the topic when one was asked */
};
/* The top people, for one topic (topic_id > 0) or all (0), best first, only
 * people with a score > 0 and active; at most limit (≤ REPUTATION_LEADERS_MAX). */
int reputation_leaders(struct db *db, struct pool *p, int64_t topic_id, int limit, struct reputation_leader **out,
                       size_t *n) WARN_UNUSED;
/* Leaderboards read every answer of the organisation (or of a topic), so
 * they are kept per process for REPUTATION_CACHE_SECONDS, and computed
 * again sooner after any write of this process that changes reputation
 * (reputation_touch after the commits of core/questions.c's answer, accept
 * and helpful, posts_delete, posts_move, groups_update of a kind and
 * groups_delete). Other processes' writes, topic edits and people leaving
 * show within the TTL. */
#define REPUTATION_CACHE_SECONDS 60
void reputation_touch(void);
#endif

/* reputation.c — see reputation.h. Computed from the answers themselves
 * (posts of kind 'answer', questions.accepted_id, answer_helpful) at read
 * time: no counters to keep right, and a deleted answer or a group made
 * closed stops counting at once. Every statement starts from an index: a
 * person's posts (posts_author), a topic's posts (post_topics' key), or all
 * answers (posts_special, kind <> 'update'). */
#include "core/reputation.h"
#include <string.h>

/* The answers that count, one row each: (pid, qid, aid, helpful, accepted).
 * Not deleted, not anonymous (the anonymous asker answering their own
 * question), not an answer to your own question, and the question is
 * undeleted and outside closed and secret groups (so a count shown to
 * anyone tells of nothing they may not read). %s: where the rows start. */
#define COUNTED_COLUMNS                                                                                             \
	"a.author_id AS pid, a.parent_id AS qid, "                                                                  \
	"(SELECT count(*) FROM answer_helpful h WHERE h.answer_id = a.id) AS helpful, "                              \
	"(x.accepted_id IS a.id) AS accepted "
#define COUNTED_WHERE                                                                                               \
	"a.kind = 'answer' AND a.deleted_at IS NULL AND a.anonymous = 0 "                   \
	"AND q.id = a.parent_id AND q.kind = 'question' AND q.deleted_at IS NULL AND q.author_id <> a.author_id "   \
	"AND x.post_id = q.id "                                                                                     \
	"AND (q.group_id IS NULL OR EXISTS (SELECT 1 FROM groups g WHERE g.id = q.group_id AND g.kind = 'open' "    \
	"AND g.deleted_at IS NULL)) "

/* Per question (several answers to one question count it once). */
#define PER_QUESTION "SELECT pid, qid, max(accepted) AS acc, sum(helpful) AS hel FROM counted GROUP BY pid, qid"
#define SCORE "(sum(acc) * 10 + sum(hel) * 2 + count(*))"

/* One person's answers, from posts_author. */
#define PERSON_COUNTED                                                                                              \
	"WITH counted AS (SELECT " COUNTED_COLUMNS                                                                \
	"FROM posts a INDEXED BY posts_author CROSS JOIN posts q CROSS JOIN questions x "                           \
	"WHERE a.author_id = ?1 AND " COUNTED_WHERE "), perq AS (" PER_QUESTION ") "

int reputation_of_person(struct db *db, struct pool *p, int64_t person_id, size_t max, struct reputation_topic **out,
                         size_t *n)
{
	*out = NULL;
	*n = 0;
	if (max < 1 || max > REPUTATION_TOPICS_MAX)
		max = REPUTATION_TOPICS_MAX;
	struct db_stmt *st = db_prepare(db, PERSON_COUNTED
		"SELECT t.id, t.name, count(*), sum(acc), sum(hel), " SCORE " AS score "
		"FROM perq CROSS JOIN post_topics pt CROSS JOIN topics t "
		"WHERE pt.post_id = perq.qid AND t.id = pt.topic_id "
		"GROUP BY t.id ORDER BY score DESC, count(*) DESC, t.name COLLATE NOCASE, t.id LIMIT ?2");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, person_id);
	db_bind_int(st, 2, (int64_t)max);
	struct reputation_topic *r = pool_zalloc(p, sizeof(*r) * max);
	int rc;
	size_t k = 0;
	while (k < max && (rc = db_step(st)) == DB_ROW) {
		r[k].topic_id = db_col_int(st, 0);
		r[k].topic = pool_strdup(p, db_col_text(st, 1));
		r[k].answered = (int)db_col_int(st, 2);
		r[k].accepted = (int)db_col_int(st, 3);
		r[k].helpful = (int)db_col_int(st, 4);
		r[k].score = db_col_int(st, 5);
		k++;
	}
	if (k == max)
		rc = DB_DONE;
	db_done(st);
	if (rc < 0)
		return rc;
	*out = r;
	*n = k;
	return PLEIN_OK;
}

int reputation_total_of_person(struct db *db, int64_t person_id, struct reputation_total *out)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *st = db_prepare(db, PERSON_COUNTED
		"SELECT count(*), coalesce(sum(acc), 0), coalesce(sum(hel), 0), coalesce(" SCORE ", 0) FROM perq");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, person_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		out->answered = (int)db_col_int(st, 0);
		out->accepted = (int)db_col_int(st, 1);
		out->helpful = (int)db_col_int(st, 2);
		out->score = db_col_int(st, 3);
		rc = PLEIN_OK;
	} else if (rc == DB_DONE) {
		rc = PLEIN_OK;
	}
	db_done(st);
	return rc;
}

/* All answers (posts_special), or those to the questions of one topic
 * (post_topics' key, then posts_parent). */
static const char *const leaders_sql[2] = {
	"WITH counted AS (SELECT " COUNTED_COLUMNS "FROM posts a CROSS JOIN posts q CROSS JOIN questions x "
	"WHERE ?1 = 0 AND a.kind <> 'update' AND " COUNTED_WHERE "), perq AS (" PER_QUESTION ") "
	"SELECT pid, pe.name, count(*), sum(acc), sum(hel), " SCORE " AS score FROM perq CROSS JOIN people pe "
	"WHERE pe.id = pid AND pe.status = 'active' GROUP BY pid HAVING score > 0 "
	"ORDER BY score DESC, count(*) DESC, pe.name COLLATE NOCASE, pid LIMIT ?2",
	"WITH counted AS (SELECT " COUNTED_COLUMNS "FROM post_topics pt CROSS JOIN posts q CROSS JOIN questions x "
	"CROSS JOIN posts a WHERE pt.topic_id = ?1 AND q.id = pt.post_id AND a.parent_id = pt.post_id AND "
	COUNTED_WHERE "), perq AS (" PER_QUESTION ") "
	"SELECT pid, pe.name, count(*), sum(acc), sum(hel), " SCORE " AS score FROM perq CROSS JOIN people pe "
	"WHERE pe.id = pid AND pe.status = 'active' GROUP BY pid HAVING score > 0 "
	"ORDER BY score DESC, count(*) DESC, pe.name COLLATE NOCASE, pid LIMIT ?2",
};

int reputation_leaders(struct db *db, struct pool *p, int64_t topic_id, int limit, struct reputation_leader **out,
                       size_t *n)
{
	*out = NULL;
	*n = 0;
	if (limit < 1 || limit > REPUTATION_LEADERS_MAX)
		limit = REPUTATION_LEADERS_MAX;
	if (topic_id < 0)
		return PLEIN_INVALID;
	struct db_stmt *st = db_prepare(db, leaders_sql[topic_id > 0]);
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, topic_id);
	db_bind_int(st, 2, limit);
	struct reputation_leader *r = pool_zalloc(p, sizeof(*r) * (size_t)limit);
	int rc;
	size_t k = 0;
	while (k < (size_t)limit && (rc = db_step(st)) == DB_ROW) {
		r[k].person_id = db_col_int(st, 0);
		r[k].name = pool_strdup(p, db_col_text(st, 1));
		r[k].total.answered = (int)db_col_int(st, 2);
		r[k].total.accepted = (int)db_col_int(st, 3);
		r[k].total.helpful = (int)db_col_int(st, 4);
		r[k].total.score = db_col_int(st, 5);
		k++;
	}
	if (k == (size_t)limit)
		rc = DB_DONE;
	db_done(st);
	if (rc < 0)
		return rc;
	*out = r;
	*n = k;
	return PLEIN_OK;
}

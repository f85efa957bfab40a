/* reputation.c — see reputation.h. Computed from the answers themselves
 * (posts of kind 'answer', questions.accepted_id, answer_helpful) at read
 * time: no counters to keep right, and a deleted answer or a group made
 * closed stops counting at once. Every statement starts from an index: a
 * person's posts (posts_author), a topic's posts (post_topics' key), or all
 * answers (posts_special, kind <> 'update'). */
#include "core/reputation.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* ---- the leaderboards' cache: a few boards (all, and the topics asked
 * for most recently), each the full REPUTATION_LEADERS_MAX, malloc'ed ---- */

#define CACHE_SLOTS 32

struct board {
	int64_t topic_id, generation;
	time_t at;
	struct reputation_leader items[REPUTATION_LEADERS_MAX];
	size_t n;
	bool used;
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct board cache[CACHE_SLOTS];
static int64_t generation;  /* under cache_lock */

void reputation_touch(void)
{
	pthread_mutex_lock(&cache_lock);
	generation++;
	pthread_mutex_unlock(&cache_lock);
}

static void board_release(struct board *b)
{
	for (size_t i = 0; i < b->n; i++)
		free((char *)b->items[i].name);
	b->n = 0;
	b->used = false;
}

/* Copy a fresh cached board into the pool: true on a hit. */
static bool cache_get(struct pool *p, int64_t topic_id, int limit, struct reputation_leader **out, size_t *n,
                      int64_t *gen)
{
	bool hit = false;
	time_t now = time(NULL);
	pthread_mutex_lock(&cache_lock);
	*gen = generation;
	for (size_t s = 0; s < CACHE_SLOTS && !hit; s++) {
		struct board *b = &cache[s];
		if (!b->used || b->topic_id != topic_id || b->generation != generation || now - b->at >= REPUTATION_CACHE_SECONDS ||
		    now < b->at)
			continue;
		size_t k = b->n < (size_t)limit ? b->n : (size_t)limit;
		struct reputation_leader *r = pool_zalloc(p, sizeof(*r) * (k ? k : 1));
		for (size_t i = 0; i < k; i++) {
			r[i] = b->items[i];
			r[i].name = pool_strdup(p, b->items[i].name);
		}
		*out = r;
		*n = k;
		hit = true;
	}
	pthread_mutex_unlock(&cache_lock);
	return hit;
}

/* Keep a board computed at generation gen (the oldest slot makes room). */
static void cache_put(int64_t topic_id, int64_t gen, const struct reputation_leader *r, size_t n)
{
	pthread_mutex_lock(&cache_lock);
	if (gen == generation) {
		struct board *b = &cache[0];
		for (size_t s = 0; s < CACHE_SLOTS; s++) {
			if (cache[s].used && cache[s].topic_id == topic_id) {
				b = &cache[s];
				break;
			}
			if (!cache[s].used || cache[s].at < b->at)
				b = &cache[s];
		}
		board_release(b);
		for (size_t i = 0; i < n; i++) {
			b->items[i] = r[i];
			b->items[i].name = xstrdup(r[i].name);
		}
		b->n = n;
		b->topic_id = topic_id;
		b->generation = gen;
		b->at = time(NULL);
		b->used = true;
	}
	pthread_mutex_unlock(&cache_lock);
}

int reputation_leaders(struct db *db, struct pool *p, int64_t topic_id, int limit, struct reputation_leader **out,
                       size_t *n)
{
	*out = NULL;
	*n = 0;
	if (limit < 1 || limit > REPUTATION_LEADERS_MAX)
		limit = REPUTATION_LEADERS_MAX;
	if (topic_id < 0)
		return PLEIN_INVALID;
	int64_t gen;
	if (cache_get(p, topic_id, limit, out, n, &gen))
		return PLEIN_OK;
	struct db_stmt *st = db_prepare(db, leaders_sql[topic_id > 0]);
	if (!st)
		return PLEIN_ERROR;
	/* always the whole board: the cache answers any smaller limit */
	db_bind_int(st, 1, topic_id);
	db_bind_int(st, 2, REPUTATION_LEADERS_MAX);
	struct reputation_leader *r = pool_zalloc(p, sizeof(*r) * REPUTATION_LEADERS_MAX);
	int rc;
	size_t k = 0;
	while (k < REPUTATION_LEADERS_MAX && (rc = db_step(st)) == DB_ROW) {
		r[k].person_id = db_col_int(st, 0);
		r[k].name = pool_strdup(p, db_col_text(st, 1));
		r[k].total.answered = (int)db_col_int(st, 2);
		r[k].total.accepted = (int)db_col_int(st, 3);
		r[k].total.helpful = (int)db_col_int(st, 4);
		r[k].total.score = db_col_int(st, 5);
		k++;
	}
	if (k == REPUTATION_LEADERS_MAX)
		rc = DB_DONE;
	db_done(st);
	if (rc < 0)
		return rc;
	cache_put(topic_id, gen, r, k);
	*out = r;
	*n = k < (size_t)limit ? k : (size_t)limit;
	return PLEIN_OK;
}

/* topics.c — see topics.h. Keys come from markdown_topic_key so that the
 * links rendered in posts and the rows here always agree. */
#include "core/topics.h"
#include "core/search.h"
#include "core/visibility.h"
#include "core/markdown.h"
#include "core/textnorm.h"
#include <time.h>

int topics_ensure(struct db *db, const char *name, int64_t *id)
{
	char key[TEXTNORM_WORD_MAX + 1];
	if (!markdown_topic_key(name, strlen(name), key, sizeof(key)))
		return PLEIN_INVALID;
	int rc = db_exec(db, "INSERT INTO topics(name, key, created_at) VALUES (?, ?, ?) ON CONFLICT(key) DO NOTHING",
	                 "ssi", name, key, (int64_t)time(NULL));
	if (rc != PLEIN_OK)
		return rc;
	bool created = db_changes(db) > 0;
	rc = db_query_int(db, id, "SELECT id FROM topics WHERE key = ?", "s", key);
	return rc == PLEIN_OK && created ? search_index_topic(db, *id) : rc;
}

static void read_topic(struct pool *p, struct db_stmt *st, struct topic *t)
{
	t->id = db_col_int(st, 0);
	t->name = pool_strdup(p, db_col_text(st, 1));
	t->key = pool_strdup(p, db_col_text(st, 2));
	t->followers = db_col_int(st, 3);
	t->posts = db_col_int(st, 4);
}

/* A topic exists for a viewer when a post they may see uses it, or they
 * follow it themselves: its name came from a post, and a name used only in
 * a closed group's posts is as private as they are. The post count is of
 * the posts they may see. Holds the visibility condition twice (one %s,
 * given twice) and ?90. */
#define TOPIC_COLS "t.id, t.name, t.key, " \
	"(SELECT count(*) FROM topic_follows f WHERE f.topic_id = t.id), " \
	"(SELECT count(*) FROM post_topics pt JOIN posts p ON p.id = pt.post_id WHERE pt.topic_id = t.id AND %s)"
#define TOPIC_VISIBLE \
	"(EXISTS (SELECT 1 FROM post_topics pt JOIN posts p ON p.id = pt.post_id WHERE pt.topic_id = t.id AND %s) OR " \
	"EXISTS (SELECT 1 FROM topic_follows f WHERE f.topic_id = t.id AND f.person_id = ?90))"

int topics_get(struct db *db, struct pool *p, const struct person *viewer, const char *name, struct topic **out)
{
	char key[TEXTNORM_WORD_MAX + 1];
	if (!name || !markdown_topic_key(name, strlen(name), key, sizeof(key)))
		return PLEIN_NOTFOUND;
	/* a topic no post uses any more and no one follows is gone: its name
	 * may have come from a deleted or edited post */
	const char *vis = visibility_post_sql(viewer);
	struct db_stmt *st = db_prepare(db, pool_printf(p, "SELECT " TOPIC_COLS " FROM topics t WHERE t.key = ?1 AND "
		TOPIC_VISIBLE, vis, vis));
	if (!st)
		return PLEIN_ERROR;
	db_bind_str(st, 1, key);
	visibility_bind(st, viewer);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*out = pool_zalloc(p, sizeof(**out));
		read_topic(p, st, *out);
		rc = PLEIN_OK;
	} else if (rc == DB_DONE) {
		rc = PLEIN_NOTFOUND;
	}
	db_done(st);
	return rc;
}

int topics_set_for_post(struct db *db, int64_t post_id, const char *const *names, size_t n)
{
	int rc = db_exec(db, "DELETE FROM post_topics WHERE post_id = ?", "i", post_id);
	for (size_t i = 0; rc == PLEIN_OK && i < n; i++) {
		int64_t id;
		rc = topics_ensure(db, names[i], &id);
		if (rc == PLEIN_OK)
			rc = db_exec(db, "INSERT OR IGNORE INTO post_topics(topic_id, post_id) VALUES (?, ?)", "ii", id, post_id);
	}
	return rc;
}

int topics_follow(struct db *db, int64_t person_id, int64_t topic_id, bool follow)
{
	if (follow)
		return db_exec(db, "INSERT OR IGNORE INTO topic_follows(person_id, topic_id, created_at) VALUES (?, ?, ?)",
		               "iii", person_id, topic_id, (int64_t)time(NULL));
	return db_exec(db, "DELETE FROM topic_follows WHERE person_id = ? AND topic_id = ?", "ii", person_id, topic_id);
}

bool topics_following(struct db *db, int64_t person_id, int64_t topic_id)
{
	int64_t one;
	return db_query_int(db, &one, "SELECT 1 FROM topic_follows WHERE person_id = ? AND topic_id = ?", "ii",
	                    person_id, topic_id) == PLEIN_OK;
}

static int read_list(struct db_stmt *st, struct pool *p, int limit, struct topic **out, size_t *n)
{
	*out = pool_zalloc(p, sizeof(**out) * (size_t)(limit > 0 ? limit : 1));
	*n = 0;
	int rc = DB_DONE;
	while ((int)*n < limit && (rc = db_step(st)) == DB_ROW)
		read_topic(p, st, &(*out)[(*n)++]);
	db_done(st);
	return rc < 0 ? rc : PLEIN_OK;
}

int topics_suggest(struct db *db, struct pool *p, const struct person *viewer, const char *prefix, int limit,
                   struct topic **out, size_t *n)
{
	textnorm_term folded = "";
	if (prefix && *prefix && !textnorm_fold(prefix, strlen(prefix), folded)) {
		*out = NULL;
		*n = 0;
		return PLEIN_OK;
	}
	const char *vis = visibility_post_sql(viewer);
	struct db_stmt *st = db_prepare(db, pool_printf(p,
		"SELECT " TOPIC_COLS " FROM topics t WHERE t.key >= ?1 AND t.key < ?1 || char(1114111) AND " TOPIC_VISIBLE
		" ORDER BY (SELECT count(*) FROM topic_follows f WHERE f.topic_id = t.id) DESC, t.key LIMIT ?2", vis, vis));
	if (!st)
		return PLEIN_ERROR;
	db_bind_str(st, 1, folded);
	db_bind_int(st, 2, limit);
	visibility_bind(st, viewer);
	return read_list(st, p, limit, out, n);
}

int topics_followed(struct db *db, struct pool *p, const struct person *viewer, struct topic **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, pool_printf(p,
		"SELECT " TOPIC_COLS " FROM topic_follows tf JOIN topics t ON t.id = tf.topic_id "
		"WHERE tf.person_id = ?90 ORDER BY t.key LIMIT 500", visibility_post_sql(viewer)));
	if (!st)
		return PLEIN_ERROR;
	visibility_bind(st, viewer);
	return read_list(st, p, 500, out, n);
}

int topics_followed_ids(struct db *db, int64_t person_id, size_t max, int64_t **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db,
		"SELECT topic_id FROM topic_follows WHERE person_id = ? ORDER BY topic_id LIMIT ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, person_id);
	db_bind_int(st, 2, (int64_t)max);
	return db_step_ids(st, out, n);
}

int topics_of_post(struct db *db, struct pool *p, int64_t post_id, int64_t *ids, const char **names, size_t max,
                   size_t *n)
{
	*n = 0;
	struct db_stmt *st = db_prepare(db,
		"SELECT t.id, t.name FROM post_topics pt JOIN topics t ON t.id = pt.topic_id "
		"WHERE pt.post_id = ? ORDER BY t.id LIMIT ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, post_id);
	db_bind_int(st, 2, (int64_t)max);
	int rc;
	while ((rc = db_step(st)) == DB_ROW && *n < max) {
		ids[*n] = db_col_int(st, 0);
		names[(*n)++] = pool_strdup(p, db_col_text(st, 1));
	}
	db_done(st);
	return rc < 0 ? rc : PLEIN_OK;
}

int topics_name_of(struct db *db, struct pool *p, int64_t id, const char **name)
{
	struct db_stmt *st = db_prepare(db, "SELECT name FROM topics WHERE id = ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*name = pool_strdup(p, db_col_text(st, 0));
	db_done(st);
	return rc == DB_ROW ? PLEIN_OK : rc == DB_DONE ? PLEIN_NOTFOUND : rc;
}

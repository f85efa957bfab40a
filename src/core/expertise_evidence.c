/* expertise_evidence.c — the rows of "who knows X" that come from content:
 * posts on a #topic, answers (core/reputation.h) and articles, counted only
 * where every colleague may read them (visibility_post_everyone_sql, never
 * anonymous), so a reason shown never tells of a post its reader may not
 * see. One person's rows at each write (expertise_reindex), or everyone's
 * in a few set-based statements (expertise_evidence_all). Weights and
 * labels: expertise.h. */
#include "core/expertise.h"
#include "core/reputation.h"
#include "core/visibility.h"

/* Kinds of posts that count as "posts on a topic": questions ask rather than
 * show knowledge, answers and articles are evidence of their own. */
#define POST_KINDS "p.kind IN ('update', 'praise', 'announcement')"
#define SHOWN "p.anonymous = 0"

/* ---------- one person ---------- */

struct emit_text {
	expertise_evidence_fn fn;
	void *arg;
	const char *kind, *label;
	int64_t weight, detail;
};

static void emit_term(void *arg, const char *term)
{
	struct emit_text *e = arg;
	e->fn(e->arg, term, e->kind, e->label, e->weight, e->detail);
}

/* One signal whose terms are the words of text (a topic's name). */
static void emit(expertise_evidence_fn fn, void *arg, const char *kind, const char *label, const char *text,
                 int64_t weight, int64_t detail)
{
	struct emit_text e = { fn, arg, kind, label, weight, detail };
	expertise_text_terms(text, emit_term, &e);
}

/* A person's topics of posts of kinds, most written on first. */
static const char *person_topics_sql(struct pool *p, const char *kinds)
{
	return pool_printf(p,
		"SELECT t.id, t.name, count(*) AS n, coalesce(min(p.title), '') FROM posts p CROSS JOIN post_topics pt "
		"CROSS JOIN topics t WHERE p.author_id = ?1 AND " SHOWN " AND %s AND %s AND pt.post_id = p.id "
		"AND t.id = pt.topic_id GROUP BY t.id ORDER BY n DESC, t.id LIMIT ?2",
		kinds, visibility_post_everyone_sql());
}

/* One article on a topic says which ("Wrote “Subsidies explained”"); more
 * say how many. */
static void article_topic(expertise_evidence_fn fn, void *arg, const char *topic, int64_t n, const char *title)
{
	int64_t w = expertise_log_weight(EXPERTISE_W_ARTICLES, n);
	if (n == 1 && *title)
		emit(fn, arg, "article", title, topic, w, 0);
	else
		emit(fn, arg, "article", topic, topic, w, n);
}

static int person_topics(struct db *db, struct pool *p, int64_t id, bool articles, expertise_evidence_fn fn,
                         void *arg)
{
	struct db_stmt *st = db_prepare(db, person_topics_sql(p, articles ? "p.kind = 'article'" : POST_KINDS));
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, EXPERTISE_TOPICS_MAX);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *topic = db_col_text(st, 1);
		int64_t n = db_col_int(st, 2);
		if (articles)
			article_topic(fn, arg, topic, n, db_col_text(st, 3));
		else
			emit(fn, arg, "post", topic, topic, expertise_log_weight(EXPERTISE_W_POSTS, n), n);
	}
	db_done(st);
	return rc == DB_DONE ? PLEIN_OK : PLEIN_ERROR;
}

/* Title words of one person's latest articles, newest first: a term counts
 * each article once, and not when the article's own topics give it (the
 * topic row counts that article already). */
struct title_term {
	textnorm_term term;
	const char *title;   /* the latest with it: the reason's label */
	int64_t k;           /* articles */
	size_t last;         /* the article that counted last */
};

struct titles {
	struct pool *p;
	struct title_term *items;
	size_t n, cap, article;
	textnorm_term *topic_terms;   /* the current article's */
	size_t n_topic, cap_topic;
	const char *title;
};

static void push_topic_term(void *arg, const char *term)
{
	struct titles *t = arg;
	if (t->n_topic == t->cap_topic) {
		t->cap_topic = t->cap_topic ? 2 * t->cap_topic : 16;
		t->topic_terms = xrealloc(t->topic_terms, st_mult(t->cap_topic, sizeof(*t->topic_terms)));
	}
	snprintf(t->topic_terms[t->n_topic++], sizeof(textnorm_term), "%s", term);
}

static void count_title_term(void *arg, const char *term)
{
	struct titles *t = arg;
	for (size_t i = 0; i < t->n_topic; i++)
		if (strcmp(t->topic_terms[i], term) == 0)
			return;
	for (size_t i = 0; i < t->n; i++) {
		if (strcmp(t->items[i].term, term) == 0) {
			if (t->items[i].last != t->article) {
				t->items[i].k++;
				t->items[i].last = t->article;
			}
			return;
		}
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 32;
		t->items = xrealloc(t->items, st_mult(t->cap, sizeof(*t->items)));
	}
	struct title_term *x = &t->items[t->n++];
	snprintf(x->term, sizeof(x->term), "%s", term);
	x->title = t->title;
	x->k = 1;
	x->last = t->article;
}

/* topics: the article's topic names, one a line. */
static void titles_add(struct titles *t, const char *title, const char *topics)
{
	t->article++;
	t->n_topic = 0;
	t->title = pool_strdup(t->p, title);
	for (const char *s = topics; *s;) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		expertise_text_terms(pool_strndup(t->p, s, len), push_topic_term, t);
		s += len + (nl != NULL);
	}
	expertise_text_terms(title, count_title_term, t);
}

static void titles_emit(struct titles *t, expertise_evidence_fn fn, void *arg)
{
	for (size_t i = 0; i < t->n; i++)
		fn(arg, t->items[i].term, "article", t->items[i].title,
		   expertise_log_weight(EXPERTISE_W_ARTICLES, t->items[i].k), 0);
	t->n = 0;
}

static void titles_free(struct titles *t)
{
	free(t->items);
	free(t->topic_terms);
}

/* An article's topic names, one a line (as titles_add reads them). */
#define ARTICLE_TOPICS                                                                                      	"coalesce((SELECT group_concat(t.name, char(10)) FROM post_topics pt CROSS JOIN topics t "             	"WHERE pt.post_id = p.id AND t.id = pt.topic_id), '')"

static int person_titles(struct db *db, struct pool *p, int64_t id, expertise_evidence_fn fn, void *arg)
{
	struct db_stmt *st = db_prepare(db, pool_printf(p,
		"SELECT p.title, " ARTICLE_TOPICS " FROM posts p WHERE p.author_id = ?1 AND " SHOWN
		" AND p.kind = 'article' AND coalesce(p.title, '') <> '' AND %s ORDER BY p.id DESC LIMIT ?2",
		visibility_post_everyone_sql()));
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, EXPERTISE_ARTICLES_MAX);
	struct titles t = { .p = p };
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		titles_add(&t, db_col_text(st, 0), db_col_text(st, 1));
	db_done(st);
	if (rc == DB_DONE)
		titles_emit(&t, fn, arg);
	titles_free(&t);
	return rc == DB_DONE ? PLEIN_OK : PLEIN_ERROR;
}

static int64_t answer_weight(int64_t answered, int64_t accepted, int64_t helpful)
{
	return (EXPERTISE_W_ANSWERED * expertise_log_weight(1000, answered) +
	        EXPERTISE_W_ACCEPTED * expertise_log_weight(1000, accepted) +
	        EXPERTISE_W_HELPFUL * expertise_log_weight(1000, helpful)) / 1000;
}

int expertise_evidence_person(struct db *db, struct pool *p, int64_t person_id, expertise_evidence_fn fn, void *arg)
{
	struct reputation_topic *topics;
	size_t n;
	int rc = person_topics(db, p, person_id, false, fn, arg);
	if (rc == PLEIN_OK)
		rc = person_topics(db, p, person_id, true, fn, arg);
	if (rc == PLEIN_OK)
		rc = person_titles(db, p, person_id, fn, arg);
	if (rc == PLEIN_OK)
		rc = reputation_of_person(db, p, person_id, EXPERTISE_TOPICS_MAX, &topics, &n);
	for (size_t i = 0; rc == PLEIN_OK && i < n; i++) {
		const struct reputation_topic *t = &topics[i];
		if (t->answered > 0)
			emit(fn, arg, "answer", t->topic, t->topic, answer_weight(t->answered, t->accepted, t->helpful),
			     EXPERTISE_ANSWER_DETAIL(t->answered, t->accepted));
	}
	return rc;
}

int expertise_reindex_group_authors(struct db *db, int64_t group_id)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT DISTINCT p.author_id FROM posts p WHERE p.group_id = ? AND " SHOWN " AND p.deleted_at IS NULL "
		"AND (p.kind IN ('article', 'answer') OR EXISTS (SELECT 1 FROM post_topics pt WHERE pt.post_id = p.id))");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, group_id);
	int64_t *ids;
	size_t n;
	int rc = db_step_ids(st, &ids, &n);
	for (size_t i = 0; rc == PLEIN_OK && i < n; i++)
		rc = expertise_reindex(db, ids[i]);
	free(ids);
	return rc;
}

/* ---------- everyone ---------- */

/* Two scratch tables the statements join: each topic's terms (made by
 * textnorm, which SQL cannot do) and log2 in thousandths for every count
 * (SQLite may be built without math functions; the same integers as
 * expertise_log_weight either way). */
static int scratch_create(struct db *db)
{
	if (db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS expertise_topic_terms (topic_id INTEGER NOT NULL, "
	                "term TEXT NOT NULL, PRIMARY KEY (topic_id, term)) WITHOUT ROWID", NULL) ||
	    db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS expertise_logs (n INTEGER PRIMARY KEY, milli INTEGER NOT NULL)",
	            NULL) ||
	    db_exec(db, "DELETE FROM temp.expertise_topic_terms", NULL) ||
	    db_exec(db, "DELETE FROM temp.expertise_logs", NULL))
		return PLEIN_ERROR;
	int rc = PLEIN_OK;
	for (int64_t n = 0; rc == PLEIN_OK && n <= EXPERTISE_COUNT_MAX; n++)
		rc = db_exec(db, "INSERT INTO temp.expertise_logs(n, milli) VALUES (?, ?)", "ii", n,
		             expertise_log_weight(1000, n));
	return rc;
}

static int scratch_drop(struct db *db)
{
	return db_exec(db, "DROP TABLE IF EXISTS temp.expertise_topic_terms", NULL) ||
	       db_exec(db, "DROP TABLE IF EXISTS temp.expertise_logs", NULL) ? PLEIN_ERROR : PLEIN_OK;
}

struct topic_terms {
	struct db *db;
	int64_t topic_id;
	int rc;
};

static void add_topic_term(void *arg, const char *term)
{
	struct topic_terms *t = arg;
	if (t->rc == PLEIN_OK)
		t->rc = db_exec(t->db, "INSERT OR IGNORE INTO temp.expertise_topic_terms(topic_id, term) VALUES (?, ?)",
		                "is", t->topic_id, term);
}

/* The terms of every topic some evidence may name (topics are few next to
 * posts: one walk over them). */
static int topic_terms_fill(struct db *db)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, name FROM topics");
	if (!st)
		return PLEIN_ERROR;
	struct pool *p = pool_new();
	int64_t *ids = NULL;
	const char **names = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 1024;
			ids = xrealloc(ids, st_mult(cap, sizeof(*ids)));
			names = xrealloc(names, st_mult(cap, sizeof(*names)));
		}
		ids[n] = db_col_int(st, 0);
		names[n++] = pool_strdup(p, db_col_text(st, 1));
	}
	db_done(st);
	rc = rc == DB_DONE ? PLEIN_OK : PLEIN_ERROR;
	for (size_t i = 0; rc == PLEIN_OK && i < n; i++) {
		struct topic_terms t = { db, ids[i], PLEIN_OK };
		expertise_text_terms(names[i], add_topic_term, &t);
		rc = t.rc;
	}
	free(ids);
	free(names);
	pool_free(p);
	return rc;
}

/* Per (person, topic) counts of posts of kinds everyone may read, the
 * person's top EXPERTISE_TOPICS_MAX: columns pid, topic_id, n, title. */
#define RANKED_TOPICS(from, kinds)                                                                            \
	"(SELECT pid, topic_id, n, title, row_number() OVER (PARTITION BY pid ORDER BY n DESC, topic_id) AS rk " \
	"FROM (SELECT p.author_id AS pid, pt.topic_id AS topic_id, count(*) AS n, "                             \
	"coalesce(min(p.title), '') AS title FROM " from " "                                                   \
	"WHERE p.id = pt.post_id AND " SHOWN " AND " kinds " AND %s GROUP BY p.author_id, pt.topic_id))"
/* Most posts are updates: walk the topic links and look each post up. Few
 * are articles: start from them (posts_special) and look up their links. */
#define FROM_LINKS "post_topics pt CROSS JOIN posts p"
#define FROM_ARTICLES "posts p CROSS JOIN post_topics pt"

/* The rows for people's ranked topics: c (ranked), pe, t, l (log of c.n)
 * and tt; in the index's key order, so the inserts append rather than
 * land all over the table. */
#define TOPIC_ROWS_FROM                                                                                        \
	" c CROSS JOIN people pe CROSS JOIN topics t CROSS JOIN temp.expertise_logs l "                           \
	"CROSS JOIN temp.expertise_topic_terms tt WHERE c.rk <= ?1 AND pe.id = c.pid AND pe.status = 'active' "   \
	"AND t.id = c.topic_id AND l.n = min(c.n, ?2) AND tt.topic_id = c.topic_id ORDER BY 1, 2 DESC, 3, 4"

static int all_posts(struct db *db, struct pool *p)
{
	const char *sql = pool_printf(p,
		"INSERT OR IGNORE INTO expertise(term, weight, name, person_id, kind, label, detail) "
		"SELECT tt.term, ?3 * l.milli / 1000, pe.name, c.pid, 'post', t.name, c.n FROM "
		RANKED_TOPICS(FROM_LINKS, POST_KINDS) TOPIC_ROWS_FROM, visibility_post_everyone_sql());
	return db_exec(db, sql, "iii", (int64_t)EXPERTISE_TOPICS_MAX, (int64_t)EXPERTISE_COUNT_MAX,
	               (int64_t)EXPERTISE_W_POSTS);
}

static int all_article_topics(struct db *db, struct pool *p)
{
	/* as article_topic: one article is named by its title */
	const char *sql = pool_printf(p,
		"INSERT OR IGNORE INTO expertise(term, weight, name, person_id, kind, label, detail) "
		"SELECT tt.term, ?3 * l.milli / 1000, pe.name, c.pid, 'article', "
		"CASE WHEN c.n = 1 AND c.title <> '' THEN c.title ELSE t.name END, "
		"CASE WHEN c.n = 1 AND c.title <> '' THEN 0 ELSE c.n END FROM "
		RANKED_TOPICS(FROM_ARTICLES, "p.kind = 'article' AND p.kind <> 'update'") TOPIC_ROWS_FROM, visibility_post_everyone_sql());
	return db_exec(db, sql, "iii", (int64_t)EXPERTISE_TOPICS_MAX, (int64_t)EXPERTISE_COUNT_MAX,
	               (int64_t)EXPERTISE_W_ARTICLES);
}

struct title_rows {
	struct db *db;
	int64_t pid;
	const char *name;
	int rc;
};

static void insert_title_row(void *arg, const char *term, const char *kind, const char *label, int64_t weight,
                             int64_t detail)
{
	struct title_rows *t = arg;
	if (t->rc == PLEIN_OK)
		t->rc = db_exec(t->db, "INSERT OR IGNORE INTO expertise(term, weight, name, person_id, kind, label, detail) "
		                       "VALUES (?, ?, ?, ?, ?, ?, ?)",
		                "sisissi", term, weight, t->name, t->pid, kind, label, detail);
}

/* Title words need textnorm: read everyone's latest articles (articles are
 * few next to posts), person by person, and write their rows from here. */
static int all_article_titles(struct db *db, struct pool *p)
{
	struct db_stmt *st = db_prepare(db, pool_printf(p,
		"SELECT c.pid, pe.name, c.title, c.topics FROM (SELECT p.author_id AS pid, p.title AS title, "
		ARTICLE_TOPICS " AS topics, row_number() OVER (PARTITION BY p.author_id ORDER BY p.id DESC) AS rk "
		"FROM posts p WHERE p.kind = 'article' AND p.kind <> 'update' AND " SHOWN " AND coalesce(p.title, '') <> '' AND %s) c "
		"CROSS JOIN people pe WHERE c.rk <= ?1 AND pe.id = c.pid AND pe.status = 'active' ORDER BY c.pid, c.rk",
		visibility_post_everyone_sql()));
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, EXPERTISE_ARTICLES_MAX);
	/* read all first: the inserts go to the table the statement reads */
	struct pool *rows = pool_new();
	struct art { int64_t pid; const char *name, *title, *topics; } *items = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			items = xrealloc(items, st_mult(cap, sizeof(*items)));
		}
		items[n++] = (struct art){ db_col_int(st, 0), pool_strdup(rows, db_col_text(st, 1)),
		                           pool_strdup(rows, db_col_text(st, 2)), pool_strdup(rows, db_col_text(st, 3)) };
	}
	db_done(st);
	rc = rc == DB_DONE ? PLEIN_OK : PLEIN_ERROR;
	struct titles t = { .p = rows };
	for (size_t i = 0; rc == PLEIN_OK && i < n; i++) {
		titles_add(&t, items[i].title, items[i].topics);
		if (i + 1 == n || items[i + 1].pid != items[i].pid) {
			struct title_rows out = { db, items[i].pid, items[i].name, PLEIN_OK };
			titles_emit(&t, insert_title_row, &out);
			rc = out.rc;
		}
	}
	titles_free(&t);
	free(items);
	pool_free(rows);
	return rc;
}

/* Answers as core/reputation.c counts them (its definition, for everyone
 * at once: reputation.h offers it per person only): not deleted, not
 * anonymous, not to your own question, the question undeleted and outside
 * closed and secret groups; a question counts once per answerer; the
 * person's top topics by accepted * 10 + helpful * 2 + answered.
 * tests/unit/test_expertise_evidence.c checks both give the same rows. */
#define ANSWERS_SQL                                                                                              \
	"WITH counted AS (SELECT a.author_id AS pid, a.parent_id AS qid, "                                          \
	"(SELECT count(*) FROM answer_helpful h WHERE h.answer_id = a.id) AS helpful, "                              \
	"(x.accepted_id IS a.id) AS accepted FROM posts a CROSS JOIN posts q CROSS JOIN questions x "               \
	"WHERE a.kind = 'answer' AND a.kind <> 'update' AND a.deleted_at IS NULL AND a.anonymous = 0 "             \
	"AND q.id = a.parent_id AND q.kind = 'question' AND q.deleted_at IS NULL AND q.author_id <> a.author_id "   \
	"AND x.post_id = q.id AND (q.group_id IS NULL OR EXISTS (SELECT 1 FROM groups g WHERE g.id = q.group_id "  \
	"AND g.kind = 'open' AND g.deleted_at IS NULL))), "                                                         \
	"perq AS (SELECT pid, qid, max(accepted) AS acc, sum(helpful) AS hel FROM counted GROUP BY pid, qid), "     \
	"pert AS (SELECT pid, pt.topic_id AS topic_id, count(*) AS answered, sum(acc) AS accepted, "                \
	"sum(hel) AS helpful, sum(acc) * 10 + sum(hel) * 2 + count(*) AS score FROM perq CROSS JOIN post_topics pt " \
	"WHERE pt.post_id = perq.qid GROUP BY pid, pt.topic_id), "                                                  \
	"ranked AS (SELECT pert.*, t.name AS topic, row_number() OVER (PARTITION BY pid ORDER BY score DESC, "     \
	"answered DESC, t.name COLLATE NOCASE, t.id) AS rk FROM pert CROSS JOIN topics t WHERE t.id = pert.topic_id) " \
	"INSERT OR IGNORE INTO expertise(term, weight, name, person_id, kind, label, detail) "                     \
	"SELECT tt.term, (?3 * la.milli + ?4 * lc.milli + ?5 * lh.milli) / 1000, pe.name, c.pid, 'answer', c.topic, " \
	"c.answered * 16777216 + c.accepted FROM ranked c CROSS JOIN people pe "                                     \
	"CROSS JOIN temp.expertise_logs la CROSS JOIN temp.expertise_logs lc CROSS JOIN temp.expertise_logs lh "    \
	"CROSS JOIN temp.expertise_topic_terms tt WHERE c.rk <= ?1 AND c.answered > 0 AND pe.id = c.pid "          \
	"AND pe.status = 'active' AND la.n = min(c.answered, ?2) AND lc.n = min(c.accepted, ?2) "                  \
	"AND lh.n = min(c.helpful, ?2) AND tt.topic_id = c.topic_id ORDER BY 1, 2 DESC, 3, 4"

static int all_answers(struct db *db)
{
	return db_exec(db, ANSWERS_SQL, "iiiii", (int64_t)EXPERTISE_TOPICS_MAX, (int64_t)EXPERTISE_COUNT_MAX,
	               (int64_t)EXPERTISE_W_ANSWERED, (int64_t)EXPERTISE_W_ACCEPTED, (int64_t)EXPERTISE_W_HELPFUL);
}

int expertise_evidence_all(struct db *db, bool clear)
{
	struct pool *p = pool_new();
	int rc = clear ? db_exec(db, "DELETE FROM expertise WHERE kind IN ('post', 'answer', 'article')", NULL) : PLEIN_OK;
	if (rc == PLEIN_OK)
		rc = scratch_create(db);
	if (rc == PLEIN_OK)
		rc = topic_terms_fill(db);
	if (rc == PLEIN_OK)
		rc = all_posts(db, p);
	if (rc == PLEIN_OK)
		rc = all_article_topics(db, p);
	if (rc == PLEIN_OK)
		rc = all_article_titles(db, p);
	if (rc == PLEIN_OK)
		rc = all_answers(db);
	if (scratch_drop(db) && rc == PLEIN_OK)
		rc = PLEIN_ERROR;
	pool_free(p);
	return rc;
}

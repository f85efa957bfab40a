/* expertise_index.c — writing the expertise index (see expertise.h): turn a
 * person's profile into (term, weight, kind, label, detail) rows, with the
 * rows of evidence from their content (expertise_evidence.c, which also
 * writes everyone's evidence rows set-based). The search reads the table in
 * expertise.c. */
#include "core/expertise.h"
#include "core/endorsements.h"
#include "core/people.h"
#include "core/profile.h"
#include <math.h>
#include <pthread.h>
#include <time.h>

#define BIO_TERMS_MAX 300    /* distinct terms of one bio that are indexed */
#define POPULAR_MAX_AGE 60   /* seconds the popular skills are reused */

struct row {
	const char *term, *kind, *label;
	int64_t weight, detail;
};

struct rows {
	struct pool *p;
	struct row *items;
	size_t n, cap;
	/* bio: terms already indexed, so each counts once */
	const char **bio_terms;
	size_t n_bio;
};

static void rows_add(struct rows *r, const char *term, const char *kind, const char *label, int64_t weight,
                     int64_t detail)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;
		struct row *bigger = pool_alloc(r->p, st_mult(cap, sizeof(*bigger)));
		if (r->n)
			memcpy(bigger, r->items, r->n * sizeof(*bigger));
		r->items = bigger;
		r->cap = cap;
	}
	r->items[r->n++] = (struct row){ pool_strdup(r->p, term), kind, label, weight, detail };
}

struct terms_walk {
	expertise_term_fn fn;
	void *arg;
	bool skip_stop;   /* the text has words that are not stop words: drop those that are */
	size_t meaningful;
};

static int count_meaningful(void *arg, const char *orig, size_t orig_len, const char *folded)
{
	struct terms_walk *w = arg;
	w->meaningful += !textnorm_is_stop(folded);
	return 0;
}

static int each_word_terms(void *arg, const char *orig, size_t orig_len, const char *folded)
{
	struct terms_walk *w = arg;
	if (w->skip_stop && textnorm_is_stop(folded))
		return 0;
	textnorm_term terms[TEXTNORM_TERMS_MAX];
	int n = textnorm_terms(folded, terms);
	for (int i = 0; i < n; i++)
		w->fn(w->arg, terms[i]);
	return 0;
}

void expertise_text_terms(const char *text, expertise_term_fn fn, void *arg)
{
	struct terms_walk w = { fn, arg, false, 0 };
	size_t len = strlen(text);
	(void)textnorm_each_word(text, len, count_meaningful, &w);
	w.skip_stop = w.meaningful > 0;
	(void)textnorm_each_word(text, len, each_word_terms, &w);
}

int64_t expertise_log_weight(int64_t base, int64_t n)
{
	if (n <= 0)
		return 0;
	if (n > EXPERTISE_COUNT_MAX)
		n = EXPERTISE_COUNT_MAX;
	return base * (int64_t)lround(1000.0 * log2(1.0 + (double)n)) / 1000;
}

struct label_rows {
	struct rows *rows;
	const char *kind, *label;
	int64_t weight, detail;
};

static void add_label_term(void *arg, const char *term)
{
	struct label_rows *x = arg;
	rows_add(x->rows, term, x->kind, x->label, x->weight, x->detail);
}

/* Every word of label (a skill, a title, a language name) as terms. */
static void add_label(struct rows *r, const char *kind, const char *label, const char *text, int64_t weight,
                      int64_t detail)
{
	struct label_rows x = { r, kind, label, weight, detail };
	expertise_text_terms(text, add_label_term, &x);
}

/* Evidence rows (core/expertise_evidence.c) join the profile's. */
static void add_evidence(void *arg, const char *term, const char *kind, const char *label, int64_t weight,
                         int64_t detail)
{
	struct rows *r = arg;
	rows_add(r, term, kind, pool_strdup(r->p, label), weight, detail);
}

static int add_bio_word(void *arg, const char *orig, size_t orig_len, const char *folded)
{
	struct rows *r = arg;
	if (textnorm_is_stop(folded))
		return 0;
	textnorm_term terms[TEXTNORM_TERMS_MAX];
	int n = textnorm_terms(folded, terms);
	const char *label = NULL;
	for (int i = 0; i < n; i++) {
		bool seen = false;
		for (size_t j = 0; j < r->n_bio && !seen; j++)
			seen = strcmp(r->bio_terms[j], terms[i]) == 0;
		if (seen)
			continue;
		if (r->n_bio == BIO_TERMS_MAX)
			return 1;  /* enough of this bio */
		if (!label)
			label = pool_strndup(r->p, orig, orig_len);
		rows_add(r, terms[i], "bio", label, EXPERTISE_W_BIO, 0);
		r->bio_terms[r->n_bio++] = r->items[r->n - 1].term;
	}
	return 0;
}

static int64_t skill_weight(int64_t endorsements)
{
	return EXPERTISE_W_SKILL + (int64_t)lround(300.0 * log2(1.0 + (double)endorsements));
}

static int64_t language_weight(int level)
{
	static const int64_t w[] = { 0, 200, 500, 800, 1000 };
	return level >= 1 && level <= 4 ? w[level] : 0;
}

/* The rows of one person (none when not active); evidence: with the rows
 * from their content (the bulk rebuild adds those for everyone at once). */
static int person_rows(struct db *db, struct pool *p, int64_t id, bool evidence, struct rows *r, const char **name)
{
	struct person *person;
	struct endorsed_skills skills;
	struct tag_list interests;
	struct language_list langs;
	*name = NULL;
	int rc = people_get(db, p, id, &person);
	if (rc == PLEIN_NOTFOUND)
		return PLEIN_OK;
	if (rc)
		return rc;
	if (strcmp(person->status, "active") != 0)
		return PLEIN_OK;
	if (endorsements_list(db, p, id, 0, &skills) || profile_interests_get(db, p, id, &interests) ||
	    profile_languages_get(db, p, id, &langs))
		return PLEIN_ERROR;
	*name = person->name;
	for (size_t i = 0; i < skills.n; i++)
		add_label(r, "skill", skills.items[i].name, skills.items[i].name, skill_weight(skills.items[i].count),
		          skills.items[i].count);
	for (size_t i = 0; i < langs.n; i++) {
		const struct language *l = languages_find(langs.items[i].code);
		int64_t w = language_weight(langs.items[i].level);
		if (!l || !w)
			continue;
		/* "French" and "Frans" both find a French speaker; the two-letter
		 * codes are left out: "it", "en", "de" are words too (IT!) */
		const char *text = pool_printf(p, "%s %s", l->en, l->nl);
		add_label(r, "language", l->code, text, w, langs.items[i].level);
	}
	for (size_t i = 0; i < interests.n; i++)
		add_label(r, "interest", interests.items[i], interests.items[i], EXPERTISE_W_INTEREST, 0);
	if (person->title && *person->title)
		add_label(r, "title", person->title, person->title, EXPERTISE_W_TITLE, 0);
	if (person->department && *person->department)
		add_label(r, "department", person->department, person->department, EXPERTISE_W_DEPARTMENT, 0);
	if (person->bio && *person->bio) {
		r->bio_terms = pool_alloc(p, BIO_TERMS_MAX * sizeof(*r->bio_terms));
		(void)textnorm_each_word(person->bio, strlen(person->bio), add_bio_word, r);
	}
	/* what they wrote and answered that everyone may read */
	return evidence ? expertise_evidence_person(db, p, id, add_evidence, r) : PLEIN_OK;
}

/* Replace the person's rows (clear: delete the old ones first; evidence:
 * with those from their content). */
static int index_person(struct db *db, int64_t id, bool clear, bool evidence)
{
	struct pool *p = pool_new();
	struct rows r = { .p = p };
	const char *name;
	int rc = clear ? db_exec(db, "DELETE FROM expertise WHERE person_id = ?", "i", id) : PLEIN_OK;
	if (rc == PLEIN_OK)
		rc = person_rows(db, p, id, evidence, &r, &name);
	for (size_t i = 0; rc == PLEIN_OK && i < r.n; i++) {
		/* the same term twice from one signal ("Translation translator") is one row */
		const struct row *x = &r.items[i];
		rc = db_exec(db, "INSERT INTO expertise(term, weight, name, person_id, kind, label, detail)"
		                 " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
		             "sisissi", x->term, x->weight, name, id, x->kind, x->label, x->detail);
	}
	pool_free(p);
	return rc;
}

/* The people noted while deferring, per thread (each worker has its own
 * connection and transaction). */
static _Thread_local struct {
	bool on;
	int64_t *ids;
	size_t n, cap;
} deferred;

void expertise_defer_begin(void)
{
	deferred.on = true;
	deferred.n = 0;
}

static int compare_ids(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

int expertise_defer_end(struct db *db, bool apply)
{
	int rc = PLEIN_OK;
	deferred.on = false;
	if (apply && deferred.n) {
		sort_array(deferred.ids, deferred.n, sizeof(*deferred.ids), compare_ids);
		for (size_t i = 0; rc == PLEIN_OK && i < deferred.n; i++)
			if (i == 0 || deferred.ids[i] != deferred.ids[i - 1])
				rc = expertise_reindex(db, deferred.ids[i]);
	}
	free(deferred.ids);
	deferred.ids = NULL;
	deferred.n = deferred.cap = 0;
	return rc;
}

int expertise_reindex(struct db *db, int64_t person_id)
{
	if (deferred.on) {
		if (deferred.n == deferred.cap) {
			deferred.cap = deferred.cap ? 2 * deferred.cap : 1024;
			deferred.ids = xrealloc(deferred.ids, st_mult(deferred.cap, sizeof(*deferred.ids)));
		}
		deferred.ids[deferred.n++] = person_id;
		return PLEIN_OK;
	}
	/* a savepoint nests inside the caller's transaction, or makes its own */
	if (db_exec(db, "SAVEPOINT expertise_reindex", NULL))
		return PLEIN_ERROR;
	int rc = index_person(db, person_id, true, true);
	if (rc && db_exec(db, "ROLLBACK TO expertise_reindex", NULL))
		rc = PLEIN_ERROR;  /* already failing: the caller rolls back */
	if (db_exec(db, "RELEASE expertise_reindex", NULL) && rc == PLEIN_OK)
		rc = PLEIN_ERROR;
	return rc;
}

/* Bulk rebuilds write millions of rows all over the index: with SQLite's
 * default 2 MB page cache most of the time went to evicting and re-reading
 * pages (I/O-bound, ~40 % slower on the 5,000,000-post demo). A larger
 * cache for the duration, then the connection's own again. */
#define BULK_CACHE "PRAGMA cache_size=-262144"

static int64_t bulk_cache_begin(struct db *db)
{
	int64_t before = -2000;
	if (db_query_int(db, &before, "PRAGMA cache_size", NULL) || db_exec(db, BULK_CACHE, NULL))
		return -2000;
	return before;
}

static void bulk_cache_end(struct db *db, int64_t before)
{
	char sql[64];
	snprintf(sql, sizeof(sql), "PRAGMA cache_size=%lld", (long long)before);
	if (db_exec(db, sql, NULL))
		return;  /* a larger cache than needed: only memory, until the connection closes */
}

int expertise_reindex_all(struct db *db)
{
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int rc = PLEIN_ERROR;
	int64_t cache = bulk_cache_begin(db);
	if (db_begin(db)) {
		bulk_cache_end(db, cache);
		return PLEIN_ERROR;
	}
	struct db_stmt *st = db_prepare(db, "SELECT id FROM people WHERE status = 'active' ORDER BY id");
	if (!st)
		goto out;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 1024;
			ids = xrealloc(ids, st_mult(cap, sizeof(*ids)));
		}
		ids[n++] = db_col_int(st, 0);
	}
	db_done(st);
	if (rc != DB_DONE) {
		rc = PLEIN_ERROR;
		goto out;
	}
	rc = db_exec(db, "DELETE FROM expertise", NULL);
	for (size_t i = 0; rc == PLEIN_OK && i < n; i++)
		rc = index_person(db, ids[i], false, false);
	/* content: a few set-based statements over all posts, not a query per person */
	if (rc == PLEIN_OK)
		rc = expertise_evidence_all(db, false);
	if (rc == PLEIN_OK)
		rc = db_commit(db);
out:
	if (rc)
		db_rollback(db);
	bulk_cache_end(db, cache);
	free(ids);
	return rc;
}

int expertise_reindex_evidence(struct db *db)
{
	int64_t cache = bulk_cache_begin(db);
	int rc = db_begin(db);
	if (rc == PLEIN_OK) {
		rc = expertise_evidence_all(db, true);
		if (rc == PLEIN_OK)
			rc = db_commit(db);
		if (rc)
			db_rollback(db);
	}
	bulk_cache_end(db, cache);
	return rc;
}

int expertise_needs_rebuild(struct db *db, bool *needed)
{
	int64_t v = 0;
	*needed = false;
	int rc = db_query_int(db, &v,
		"SELECT NOT EXISTS (SELECT 1 FROM expertise) AND ("
		" EXISTS (SELECT 1 FROM person_skills) OR EXISTS (SELECT 1 FROM person_languages)"
		" OR EXISTS (SELECT 1 FROM person_interests) OR EXISTS (SELECT 1 FROM post_topics)"
		" OR EXISTS (SELECT 1 FROM people WHERE status = 'active' AND (title <> '' OR department <> '' OR bio <> '')))",
		NULL);
	*needed = rc == PLEIN_OK && v;
	return rc;
}

/* Popular skills: one list per process, refreshed after POPULAR_MAX_AGE. An
 * empty list is not kept, so the first skills show up at once. */
static pthread_mutex_t popular_lock = PTHREAD_MUTEX_INITIALIZER;
static char *popular[PROFILE_SUGGEST_MAX];
static size_t n_popular;
static time_t popular_at;

int expertise_popular_skills(struct db *db, struct pool *p, size_t max, const char ***out, size_t *n)
{
	time_t now = time(NULL);
	int rc = PLEIN_OK;
	if (max > PROFILE_SUGGEST_MAX)
		max = PROFILE_SUGGEST_MAX;
	pthread_mutex_lock(&popular_lock);
	if (n_popular == 0 || now - popular_at > POPULAR_MAX_AGE || now < popular_at) {
		struct tag_list l;
		rc = profile_skills_suggest(db, p, "", PROFILE_SUGGEST_MAX, &l);
		if (rc == PLEIN_OK) {
			for (size_t i = 0; i < n_popular; i++)
				free(popular[i]);
			n_popular = 0;
			for (size_t i = 0; i < l.n && i < PROFILE_SUGGEST_MAX; i++)
				popular[n_popular++] = xstrdup(l.items[i]);
			popular_at = now;
		}
	}
	*out = pool_alloc(p, (max ? max : 1) * sizeof(**out));
	*n = 0;
	for (size_t i = 0; rc == PLEIN_OK && i < n_popular && i < max; i++)
		(*out)[(*n)++] = pool_strdup(p, popular[i]);
	pthread_mutex_unlock(&popular_lock);
	return rc;
}

/* directory.c — see directory.h. A search is planned here, not left to
 * SQLite alone: each filter's size is known from the cached unfiltered
 * facet counts, and the cheapest of "walk the sort index and check every
 * filter per row" and "fetch the smallest filter's people and sort them"
 * is written out with CROSS JOIN / INDEXED BY so SQLite keeps that order. */
#include "core/directory.h"
#include "core/i18n.h"
#include "core/languages.h"
#include "core/profile.h"
#include "lib/strbuf.h"
#include "lib/utf8.h"
#include <sodium.h>
#include <pthread.h>
#include <strings.h>
#include <time.h>

#define SORT_FACTOR 3        /* a fetched row that must be sorted costs about 3 walked rows */
#define FACET_CACHE_SLOTS 64
#define ARGS_MAX 16

/* The filter dimensions; facets exclude their own. */
enum dim { D_Q, D_DEPT, D_LOC, D_SKILL, D_LANG, D_INTEREST, D_COUNT };

/* A filter with names resolved to ids and the text turned into FTS. */
struct resolved {
	const char *fts, *department, *location, *language;
	int64_t skill_id, interest_id;
	int min_level;
	unsigned set;        /* bit per enum dim */
	bool impossible;     /* an unknown skill or interest: no one matches */
};

/* SQL text with its arguments, bound in order. */
struct query {
	struct strbuf sql;
	struct { bool is_int; int64_t i; const char *s; } args[ARGS_MAX];
	int n;
};

static void arg_s(struct query *q, const char *s)
{
	if (q->n == ARGS_MAX)
		BUG("directory: out of range");
	q->args[q->n].is_int = false;
	q->args[q->n++].s = s;
}

static void arg_i(struct query *q, int64_t i)
{
	if (q->n == ARGS_MAX)
		BUG("directory: out of range");
	q->args[q->n].is_int = true;
	q->args[q->n++].i = i;
}

static struct db_stmt *query_prepare(struct db *db, struct query *q)
{
	struct db_stmt *st = q->sql.toobig ? NULL : db_prepare(db, q->sql.buf);
	strbuf_release(&q->sql);
	if (!st)
		return NULL;
	for (int i = 0; i < q->n; i++) {
		if (q->args[i].is_int)
			db_bind_int(st, i + 1, q->args[i].i);
		else
			db_bind_str(st, i + 1, q->args[i].s);
	}
	return st;
}

/* ---------- filter parsing ---------- */

static bool has(const char *s)
{
	return s && *s;
}

bool directory_filter_any(const struct directory_filter *f)
{
	return has(f->department) || has(f->location) || has(f->skill) || has(f->language) || has(f->interest);
}

static bool text_ok(const char *s, size_t max_chars)
{
	if (!s)
		return true;
	size_t n = strlen(s);
	return n <= max_chars * 4 && utf8_valid(s, n) && !utf8_has_control(s, n, false) &&
	       utf8_length(s, n) <= max_chars;
}

int directory_filter_check(struct directory_filter *f, const char *sort, const char *level,
                           const char **field, const char **msg)
{
	static const struct { const char *name; size_t off; size_t max; } texts[] = {
		{ "q", offsetof(struct directory_filter, q), PEOPLE_QUERY_MAX },
		{ "department", offsetof(struct directory_filter, department), PERSON_FIELD_MAX },
		{ "location", offsetof(struct directory_filter, location), PERSON_FIELD_MAX },
		{ "skill", offsetof(struct directory_filter, skill), PROFILE_TAG_MAX },
		{ "language", offsetof(struct directory_filter, language), 10 },
		{ "interest", offsetof(struct directory_filter, interest), PROFILE_TAG_MAX },
	};
	*field = NULL;
	*msg = NULL;
	for (size_t i = 0; i < ARRAY_LEN(texts); i++) {
		const char *v = *(const char **)((char *)f + texts[i].off);
		if (!text_ok(v, texts[i].max)) {
			*field = texts[i].name;
			*msg = i == 0 ? "The search text can be at most 200 characters."
			              : N_("This filter value is too long or contains characters that are not allowed.");
			return PLEIN_INVALID;
		}
	}
	if (!sort || !*sort || strcmp(sort, "name") == 0) {
		f->sort = DIRECTORY_SORT_NAME;
	} else if (strcmp(sort, "newest") == 0) {
		f->sort = DIRECTORY_SORT_NEWEST;
	} else {
		*field = "sort";
		*msg = N_("sort must be \"name\" or \"newest\".");
		return PLEIN_INVALID;
	}
	f->min_level = 0;
	if (level && *level) {
		if (level[0] >= '1' && level[0] <= '4' && !level[1])
			f->min_level = level[0] - '0';
		else
			f->min_level = languages_level_parse(level);
		if (!f->min_level) {
			*field = "level";
			*msg = "level must be one of basic, working, fluent or native.";
			return PLEIN_INVALID;
		}
	}
	if (f->limit < 1 || f->limit > PEOPLE_PAGE_MAX) {
		*field = "limit";
		*msg = "limit must be a number from 1 to 100.";
		return PLEIN_INVALID;
	}
	return PLEIN_OK;
}

static int interest_id(struct db *db, const char *name, int64_t *id)
{
	return db_query_int(db, id, "SELECT id FROM interests WHERE name = ?", "s", name);
}

static int resolve(struct db *db, struct pool *p, const struct directory_filter *f, struct resolved *r)
{
	memset(r, 0, sizeof(*r));
	r->min_level = f->min_level;
	if (has(f->q) && (r->fts = people_fts_query(p, f->q)))
		r->set |= 1u << D_Q;
	if (has(f->department)) {
		r->department = f->department;
		r->set |= 1u << D_DEPT;
	}
	if (has(f->location)) {
		r->location = f->location;
		r->set |= 1u << D_LOC;
	}
	if (has(f->language)) {
		r->language = f->language;
		r->set |= 1u << D_LANG;
	}
	if (has(f->skill)) {
		int rc = profile_skill_id(db, f->skill, &r->skill_id);
		if (rc == PLEIN_NOTFOUND)
			r->impossible = true;
		else if (rc)
			return rc;
		r->set |= 1u << D_SKILL;
	}
	if (has(f->interest)) {
		int rc = interest_id(db, f->interest, &r->interest_id);
		if (rc == PLEIN_NOTFOUND)
			r->impossible = true;
		else if (rc)
			return rc;
		r->set |= 1u << D_INTEREST;
	}
	return PLEIN_OK;
}

/* ---------- facet storage and the caches ---------- */

static int facet_cmp(const void *a, const void *b)
{
	const struct facet_value *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->value, y->value);
}

/* Values with no one left (the totals subtract deactivated people, so a tag
 * only they had counts 0) are not copied: a filter that finds nobody. */
static void facet_copy(struct pool *p, struct facet *dst, const struct facet *src, size_t max)
{
	size_t n = src->n < max ? src->n : max;
	dst->items = pool_alloc(p, st_mult(n ? n : 1, sizeof(*dst->items)));
	dst->n = 0;
	for (size_t i = 0; i < n; i++) {
		if (src->items[i].count <= 0)
			continue;
		dst->items[dst->n].value = pool_strdup(p, src->items[i].value);
		dst->items[dst->n++].count = src->items[i].count;
	}
}

static struct facet *facet_of(struct directory_facets *f, enum dim d)
{
	switch (d) {
	case D_DEPT: return &f->department;
	case D_LOC: return &f->location;
	case D_SKILL: return &f->skill;
	case D_LANG: return &f->language;
	case D_INTEREST: return &f->interest;
	default: BUG("directory: out of range");
	}
	return NULL;
}

/* Everything counted over all active people, kept for DIRECTORY_FACETS_MAX_AGE:
 * the facets when nothing is filtered, and the sizes that plan a search. */
struct totals {
	struct pool *pool;
	int64_t people;
	struct facet department, location, skill, interest;  /* every value */
	struct facet language[5];  /* [level]: people speaking it at exactly that level */
	int64_t *skill_ids, *interest_ids;                   /* parallel to skill, interest */
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct totals *totals;
static int64_t totals_at;

/* One filter's facets. A stale entry is still served while one thread
 * recomputes it (busy); a first computation makes the others wait for it
 * instead of all counting the same thing at once. */
struct cached_facets {
	char *key;
	int64_t at;
	struct pool *pool;
	struct directory_facets facets;
	bool ready, busy;
};
static pthread_cond_t cache_cond = PTHREAD_COND_INITIALIZER;
static bool totals_loading;
static struct cached_facets facet_cache[FACET_CACHE_SLOTS];
static unsigned facet_cache_next;

static int64_t now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + 1;  /* never 0: 0 means "empty" */
}

static void totals_free(struct totals *t)
{
	if (t)
		pool_free(t->pool);
	free(t);
}

void directory_cache_clear(void)
{
	pthread_mutex_lock(&cache_lock);
	totals_free(totals);
	totals = NULL;
	totals_at = 0;
	for (size_t i = 0; i < FACET_CACHE_SLOTS; i++) {
		free(facet_cache[i].key);
		pool_free(facet_cache[i].pool);
		memset(&facet_cache[i], 0, sizeof(facet_cache[i]));
	}
	pthread_mutex_unlock(&cache_lock);
}

/* Rows of (text, count[, id]) into a facet, ordered by count. */
static int read_facet(struct db_stmt *st, struct pool *p, struct facet *out, int64_t **ids)
{
	size_t cap = 16;
	out->items = pool_alloc(p, cap * sizeof(*out->items));
	out->n = 0;
	int64_t *idv = ids ? pool_alloc(p, cap * sizeof(*idv)) : NULL;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (db_col_text(st, 0)[0] == '\0')
			continue;  /* no department, no location */
		if (out->n == cap) {
			struct facet_value *bigger = pool_alloc(p, st_mult(cap * 2, sizeof(*bigger)));
			memcpy(bigger, out->items, cap * sizeof(*bigger));
			out->items = bigger;
			if (idv) {
				int64_t *b2 = pool_alloc(p, st_mult(cap * 2, sizeof(*b2)));
				memcpy(b2, idv, cap * sizeof(*b2));
				idv = b2;
			}
			cap *= 2;
		}
		if (idv)
			idv[out->n] = db_col_int(st, 2);
		out->items[out->n].value = pool_strdup(p, db_col_text(st, 0));
		out->items[out->n++].count = db_col_int(st, 1);
	}
	db_done(st);
	if (ids)
		*ids = idv;
	return rc < 0 ? rc : PLEIN_OK;
}

/* Add (value, count) to a facet, merging equal values; cap grows by doubling. */
static void facet_add(struct pool *p, struct facet *f, size_t *cap, const char *value, int64_t count)
{
	for (size_t i = 0; i < f->n; i++) {
		if (strcmp(f->items[i].value, value) == 0) {
			f->items[i].count += count;
			return;
		}
	}
	if (f->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct facet_value *bigger = pool_alloc(p, st_mult(ncap, sizeof(*bigger)));
		if (f->n)
			memcpy(bigger, f->items, f->n * sizeof(*bigger));
		f->items = bigger;
		*cap = ncap;
	}
	f->items[f->n].value = pool_strdup(p, value);
	f->items[f->n++].count = count;
}

/* Tag counts from the covering (tag, person) index, less the links of
 * people who are not active (few): two cheap scans instead of a join of
 * every link with its person. */
static int tag_totals(struct db *db, struct pool *p, const char *all_sql, const char *inactive_sql,
                      struct facet *out, int64_t **ids)
{
	struct db_stmt *st = db_prepare(db, all_sql);
	if (!st)
		return PLEIN_ERROR;
	int rc = read_facet(st, p, out, ids);
	if (rc || !(st = db_prepare(db, inactive_sql)))
		return rc ? rc : PLEIN_ERROR;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_col_int(st, 0), n = db_col_int(st, 1);
		for (size_t i = 0; i < out->n; i++)
			if ((*ids)[i] == id)
				out->items[i].count -= n;
	}
	db_done(st);
	return rc < 0 ? rc : PLEIN_OK;
}

static int totals_load(struct db *db, struct totals *t)
{
	int rc;
	size_t cap_d = 0, cap_l = 0, cap_lang[5] = { 0 };
	t->people = 0;
	/* one scan of people gives the count, departments and locations */
	struct db_stmt *st = db_prepare(db, "SELECT department, location, count(*) FROM people"
	                                    " WHERE status = 'active' GROUP BY department, location");
	if (!st)
		return PLEIN_ERROR;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *d = db_col_text(st, 0), *l = db_col_text(st, 1);
		int64_t n = db_col_int(st, 2);
		t->people += n;
		if (*d)
			facet_add(t->pool, &t->department, &cap_d, d, n);
		if (*l)
			facet_add(t->pool, &t->location, &cap_l, l, n);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	sort_array(t->department.items, t->department.n, sizeof(*t->department.items), facet_cmp);
	sort_array(t->location.items, t->location.n, sizeof(*t->location.items), facet_cmp);
	/* ids stay parallel to the rows: not sorted (lookups scan them) */
	rc = tag_totals(db, t->pool,
		"SELECT s.name, c.n, s.id FROM (SELECT skill_id, count(*) AS n FROM person_skills GROUP BY skill_id) c"
		" JOIN skills s ON s.id = c.skill_id",
		"SELECT ps.skill_id, count(*) FROM people p CROSS JOIN person_skills ps ON ps.person_id = p.id"
		" WHERE p.status != 'active' GROUP BY ps.skill_id", &t->skill, &t->skill_ids);
	if (!rc)
		rc = tag_totals(db, t->pool,
			"SELECT i.name, c.n, i.id FROM (SELECT interest_id, count(*) AS n FROM person_interests"
			" GROUP BY interest_id) c JOIN interests i ON i.id = c.interest_id",
			"SELECT pi.interest_id, count(*) FROM people p CROSS JOIN person_interests pi ON pi.person_id = p.id"
			" WHERE p.status != 'active' GROUP BY pi.interest_id", &t->interest, &t->interest_ids);
	if (rc)
		return rc;
	/* languages: all links by (language, level) from the covering index,
	 * then the inactive people's taken off */
	for (int pass = 0; pass < 2; pass++) {
		st = db_prepare(db, pass == 0
			? "SELECT language, level, count(*) FROM person_languages GROUP BY language, level"
			: "SELECT pl.language, pl.level, count(*) FROM people p CROSS JOIN person_languages pl"
			  " ON pl.person_id = p.id WHERE p.status != 'active' GROUP BY pl.language, pl.level");
		if (!st)
			return PLEIN_ERROR;
		while ((rc = db_step(st)) == DB_ROW) {
			int64_t level = db_col_int(st, 1), n = db_col_int(st, 2);
			if (level >= 1 && level <= 4)
				facet_add(t->pool, &t->language[level], &cap_lang[level], db_col_text(st, 0), pass ? -n : n);
		}
		db_done(st);
		if (rc < 0)
			return rc;
	}
	return PLEIN_OK;
}

/* Run fn with the totals (loaded or refreshed when stale), under the lock. */
static int with_totals(struct db *db, void (*fn)(const struct totals *, void *), void *arg)
{
	int64_t now = now_s();
	int rc = PLEIN_OK;
	pthread_mutex_lock(&cache_lock);
	if (!totals) {
		/* the first time everyone waits for the one load, under the lock */
		struct totals *t = xcalloc(1, sizeof(*t));
		t->pool = pool_new();
		if ((rc = totals_load(db, t))) {
			totals_free(t);
		} else {
			totals = t;
			totals_at = now;
		}
	} else if (now - totals_at >= DIRECTORY_FACETS_MAX_AGE && !totals_loading) {
		/* stale: this caller reloads outside the lock; the others read the old figures */
		totals_loading = true;
		pthread_mutex_unlock(&cache_lock);
		struct totals *t = xcalloc(1, sizeof(*t));
		t->pool = pool_new();
		int lrc = totals_load(db, t);
		pthread_mutex_lock(&cache_lock);
		totals_loading = false;
		if (lrc || !totals) {
			totals_free(t);  /* keep the old figures; try again in a few seconds */
			if (totals)
				totals_at = now - DIRECTORY_FACETS_MAX_AGE + 5;
		} else {
			totals_free(totals);
			totals = t;
			totals_at = now;
		}
	}
	if (totals)
		fn(totals, arg);
	pthread_mutex_unlock(&cache_lock);
	return totals ? PLEIN_OK : rc ? rc : PLEIN_ERROR;
}

static int64_t facet_count(const struct facet *f, const char *value)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->items[i].value, value) == 0)
			return f->items[i].count;
	return 0;
}

static int64_t id_count(const struct facet *f, const int64_t *ids, int64_t id)
{
	for (size_t i = 0; i < f->n; i++)
		if (ids[i] == id)
			return f->items[i].count;
	return 0;
}

/* ---------- planning ---------- */

struct sizes {
	const struct resolved *r;
	int64_t people;
	int64_t size[D_COUNT];  /* people matching each set filter alone */
};

static void take_sizes(const struct totals *t, void *arg)
{
	struct sizes *s = arg;
	const struct resolved *r = s->r;
	s->people = t->people;
	if (r->set & (1u << D_DEPT))
		s->size[D_DEPT] = facet_count(&t->department, r->department);
	if (r->set & (1u << D_LOC))
		s->size[D_LOC] = facet_count(&t->location, r->location);
	if (r->set & (1u << D_SKILL))
		s->size[D_SKILL] = id_count(&t->skill, t->skill_ids, r->skill_id);
	if (r->set & (1u << D_INTEREST))
		s->size[D_INTEREST] = id_count(&t->interest, t->interest_ids, r->interest_id);
	if (r->set & (1u << D_LANG))
		for (int l = r->min_level ? r->min_level : 1; l <= 4; l++)
			s->size[D_LANG] += facet_count(&t->language[l], r->language);
}

static int measure(struct db *db, const struct resolved *r, struct sizes *s)
{
	memset(s, 0, sizeof(*s));
	s->r = r;
	int rc = with_totals(db, take_sizes, s);
	if (!rc && (r->set & (1u << D_Q)))
		rc = db_query_int(db, &s->size[D_Q], "SELECT count(*) FROM people_fts WHERE people_fts MATCH ?", "s", r->fts);
	return rc == PLEIN_NOTFOUND ? PLEIN_ERROR : rc;
}

/* The set filter with the fewest people among mask, or D_COUNT for none. */
static enum dim smallest(const struct sizes *s, unsigned mask)
{
	enum dim best = D_COUNT;
	for (int d = 0; d < D_COUNT; d++)
		if ((mask & (1u << d)) && (best == D_COUNT || s->size[d] < s->size[best]))
			best = (enum dim)d;
	return best;
}

/* FROM clause starting at `driver` (D_COUNT: every person), people as p. */
static void add_from(struct query *q, const struct resolved *r, enum dim driver)
{
	switch (driver) {
	case D_Q:
		(void)strbuf_addstr(&q->sql, " FROM (SELECT rowid AS id FROM people_fts WHERE people_fts MATCH ?) d"
		                             " CROSS JOIN people p ON p.id = d.id");
		arg_s(q, r->fts);
		break;
	case D_SKILL:
		(void)strbuf_addstr(&q->sql, " FROM person_skills d CROSS JOIN people p ON p.id = d.person_id");
		break;
	case D_INTEREST:
		(void)strbuf_addstr(&q->sql, " FROM person_interests d CROSS JOIN people p ON p.id = d.person_id");
		break;
	case D_LANG:
		(void)strbuf_addstr(&q->sql, " FROM person_languages d INDEXED BY person_languages_language"
		                             " CROSS JOIN people p ON p.id = d.person_id");
		break;
	case D_DEPT:
		(void)strbuf_addstr(&q->sql, " FROM people p INDEXED BY people_department_name");
		break;
	case D_LOC:
		(void)strbuf_addstr(&q->sql, " FROM people p INDEXED BY people_location");
		break;
	default:
		(void)strbuf_addstr(&q->sql, " FROM people p");
	}
}

/* WHERE clause: active, and every filter in mask (the driver's own as a
 * condition on d, the others as checks on p). */
static void add_where(struct query *q, const struct resolved *r, enum dim driver, unsigned mask)
{
	(void)strbuf_addstr(&q->sql, " WHERE p.status = 'active'");
	if (mask & (1u << D_Q) && driver != D_Q) {
		(void)strbuf_addstr(&q->sql, " AND p.id IN (SELECT rowid FROM people_fts WHERE people_fts MATCH ?)");
		arg_s(q, r->fts);
	}
	if (mask & (1u << D_DEPT)) {
		(void)strbuf_addstr(&q->sql, " AND p.department = ?");
		arg_s(q, r->department);
	}
	if (mask & (1u << D_LOC)) {
		(void)strbuf_addstr(&q->sql, " AND p.location = ?");
		arg_s(q, r->location);
	}
	if (mask & (1u << D_SKILL)) {
		(void)strbuf_addstr(&q->sql, driver == D_SKILL ? " AND d.skill_id = ?" :
			" AND EXISTS (SELECT 1 FROM person_skills s WHERE s.skill_id = ? AND s.person_id = p.id)");
		arg_i(q, r->skill_id);
	}
	if (mask & (1u << D_INTEREST)) {
		(void)strbuf_addstr(&q->sql, driver == D_INTEREST ? " AND d.interest_id = ?" :
			" AND EXISTS (SELECT 1 FROM person_interests i WHERE i.interest_id = ? AND i.person_id = p.id)");
		arg_i(q, r->interest_id);
	}
	if (mask & (1u << D_LANG)) {
		(void)strbuf_addstr(&q->sql, driver == D_LANG ? " AND d.language = ? AND d.level >= ?" :
			" AND EXISTS (SELECT 1 FROM person_languages l WHERE l.person_id = p.id"
			" AND l.language = ? AND l.level >= ?)");
		arg_s(q, r->language);
		arg_i(q, r->min_level ? r->min_level : 1);
	}
}

/* ---------- cursors ---------- */

static const char *encode(struct pool *p, const char *raw)
{
	size_t n = strlen(raw);
	size_t outlen = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = pool_alloc(p, outlen);
	sodium_bin2base64(out, outlen, (const unsigned char *)raw, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

/* Name order: "<id>:<name>" (the same cursor people_list hands out).
 * Newest: "t<created_at>:<id>". Both base64url. */
static const char *make_cursor(struct pool *p, enum directory_sort sort, const struct person *last)
{
	if (sort == DIRECTORY_SORT_NEWEST)
		return encode(p, pool_printf(p, "t%lld:%lld", (long long)last->created_at, (long long)last->id));
	return encode(p, pool_printf(p, "%lld:%s", (long long)last->id, last->name));
}

static bool parse_int(const char *s, const char *end, int64_t *out)
{
	*out = 0;
	if (s == end || end - s > 18)
		return false;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9')
			return false;
		*out = *out * 10 + (*s - '0');
	}
	return true;
}

static int parse_cursor(struct pool *p, enum directory_sort sort, const char *cursor, int64_t *key,
                        int64_t *id, const char **name)
{
	size_t clen = strlen(cursor), n;
	if (clen == 0 || clen > 600)
		return PLEIN_INVALID;
	char *raw = pool_alloc(p, clen + 1);
	if (sodium_base642bin((unsigned char *)raw, clen, cursor, clen, NULL, &n, NULL,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING))
		return PLEIN_INVALID;
	raw[n] = '\0';
	if (strlen(raw) != n || !utf8_valid(raw, n))
		return PLEIN_INVALID;
	char *colon = strchr(raw, ':');
	if (!colon)
		return PLEIN_INVALID;
	if (sort == DIRECTORY_SORT_NEWEST)
		return raw[0] == 't' && parse_int(raw + 1, colon, key) && parse_int(colon + 1, raw + n, id)
		       ? PLEIN_OK : PLEIN_INVALID;
	*name = colon + 1;
	return parse_int(raw, colon, id) ? PLEIN_OK : PLEIN_INVALID;
}

/* ---------- search ---------- */

/* Load the people named by the page query's ids, in order. */
static int fetch_people(struct db *db, struct pool *p, struct db_stmt *st, int limit,
                        enum directory_sort sort, struct people_page *out)
{
	int64_t *ids = pool_alloc(p, st_mult((size_t)limit + 1, sizeof(*ids)));
	size_t n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && n <= (size_t)limit)
		ids[n++] = db_col_int(st, 0);
	db_done(st);
	if (rc < 0)
		return rc;
	bool more = n > (size_t)limit;
	if (more)
		n = (size_t)limit;
	out->items = pool_alloc(p, st_mult(n ? n : 1, sizeof(*out->items)));
	out->n = 0;
	for (size_t i = 0; i < n; i++) {
		rc = people_get(db, p, ids[i], &out->items[out->n]);
		if (rc == PLEIN_NOTFOUND)
			continue;  /* removed between the two reads */
		if (rc)
			return rc;
		out->n++;
	}
	out->next = more && out->n ? make_cursor(p, sort, out->items[out->n - 1]) : NULL;
	return PLEIN_OK;
}

int directory_search(struct db *db, struct pool *p, const struct directory_filter *f, struct people_page *out)
{
	struct resolved r;
	struct sizes s;
	int64_t key = 0, after_id = 0;
	const char *after_name = "";
	memset(out, 0, sizeof(*out));
	if (f->limit < 1 || f->limit > PEOPLE_PAGE_MAX || (f->q && strlen(f->q) > PEOPLE_QUERY_MAX * 4))
		return PLEIN_INVALID;
	if (has(f->cursor) && parse_cursor(p, f->sort, f->cursor, &key, &after_id, &after_name))
		return PLEIN_INVALID;
	if (f->sort == DIRECTORY_SORT_NEWEST && !has(f->cursor)) {
		key = INT64_MAX;
		after_id = INT64_MAX;
	}
	int rc = resolve(db, p, f, &r);
	if (rc)
		return rc;
	out->items = pool_alloc(p, sizeof(*out->items));
	if (r.impossible)
		return PLEIN_OK;
	if ((rc = measure(db, &r, &s)))
		return rc;

	/* Walking the sort index visits about limit / (share of people matching)
	 * rows; with name order and a department, its own index is in name
	 * order too, so only the other filters thin it out. */
	bool by_name = f->sort == DIRECTORY_SORT_NAME;
	double walk = (double)f->limit + 1, walk_dept = walk;
	for (int d = 0; d < D_COUNT; d++) {
		if (!(r.set & (1u << d)))
			continue;
		double share = s.people ? (double)s.size[d] / (double)s.people : 0;
		walk = share > 0 ? walk / share : 1e18;
		if (d != D_DEPT)
			walk_dept = share > 0 ? walk_dept / share : 1e18;
	}
	enum dim driver = smallest(&s, r.set);
	double fetch = driver == D_COUNT ? 1e18 : (double)s.size[driver] * SORT_FACTOR;
	if (r.set & (1u << D_Q))
		walk += (double)s.size[D_Q];  /* the IN list is built before the walk */
	if (by_name && (r.set & (1u << D_DEPT)) && walk_dept < walk && walk_dept <= fetch) {
		driver = D_DEPT;  /* people_department_name is (department, name, id) */
		fetch = -1;
	} else if (walk < fetch) {
		driver = D_COUNT;
	}

	struct query q = { .sql = STRBUF_INIT };
	(void)strbuf_addstr(&q.sql, "SELECT p.id");
	if (driver == D_COUNT)
		(void)strbuf_addstr(&q.sql, by_name ? " FROM people p INDEXED BY people_name"
		                                    : " FROM people p INDEXED BY people_created");
	else
		add_from(&q, &r, driver);
	add_where(&q, &r, driver, r.set);
	if (by_name) {
		(void)strbuf_addstr(&q.sql, " AND (p.name COLLATE NOCASE, p.id) > (?, ?)"
		                            " ORDER BY p.name COLLATE NOCASE, p.id LIMIT ?");
		arg_s(&q, after_name);
	} else {
		(void)strbuf_addstr(&q.sql, " AND (p.created_at, p.id) < (?, ?)"
		                            " ORDER BY p.created_at DESC, p.id DESC LIMIT ?");
		arg_i(&q, key);
	}
	arg_i(&q, after_id);
	arg_i(&q, f->limit + 1);
	struct db_stmt *st = query_prepare(db, &q);
	if (!st)
		return PLEIN_ERROR;
	return fetch_people(db, p, st, f->limit, f->sort, out);
}

/* count(*) over the filters in mask, driven by the smallest one. */
static int count_masked(struct db *db, const struct resolved *r, const struct sizes *s, unsigned mask, int64_t *n)
{
	if (!mask) {
		*n = s->people;
		return PLEIN_OK;
	}
	enum dim driver = smallest(s, mask);
	struct query q = { .sql = STRBUF_INIT };
	(void)strbuf_addstr(&q.sql, "SELECT count(*)");
	add_from(&q, r, driver);
	add_where(&q, r, driver, mask);
	struct db_stmt *st = query_prepare(db, &q);
	if (!st)
		return PLEIN_ERROR;
	int rc = db_step(st);
	*n = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	return rc < 0 ? rc : PLEIN_OK;
}

int directory_count(struct db *db, struct pool *p, const struct directory_filter *f, int64_t *n)
{
	struct resolved r;
	struct sizes s;
	*n = 0;
	if (f->q && strlen(f->q) > PEOPLE_QUERY_MAX * 4)
		return PLEIN_INVALID;
	int rc = resolve(db, p, f, &r);
	if (rc || r.impossible)
		return rc;
	if ((rc = measure(db, &r, &s)))
		return rc;
	return count_masked(db, &r, &s, r.set, n);
}

/* ---------- facets ---------- */

struct copy_arg {
	struct pool *pool;
	struct directory_facets *out;
	unsigned dims;      /* which facets to copy from the totals */
	int min_level;
};

static void copy_totals(const struct totals *t, void *arg)
{
	struct copy_arg *a = arg;
	if (a->dims & (1u << D_DEPT))
		facet_copy(a->pool, &a->out->department, &t->department, SIZE_MAX);
	if (a->dims & (1u << D_LOC))
		facet_copy(a->pool, &a->out->location, &t->location, SIZE_MAX);
	if (a->dims & (1u << D_SKILL)) {
		struct facet sorted;
		facet_copy(a->pool, &sorted, &t->skill, SIZE_MAX);
		sort_array(sorted.items, sorted.n, sizeof(*sorted.items), facet_cmp);
		sorted.n = sorted.n < DIRECTORY_TOP_TAGS ? sorted.n : DIRECTORY_TOP_TAGS;
		a->out->skill = sorted;
	}
	if (a->dims & (1u << D_INTEREST)) {
		struct facet sorted;
		facet_copy(a->pool, &sorted, &t->interest, SIZE_MAX);
		sort_array(sorted.items, sorted.n, sizeof(*sorted.items), facet_cmp);
		sorted.n = sorted.n < DIRECTORY_TOP_TAGS ? sorted.n : DIRECTORY_TOP_TAGS;
		a->out->interest = sorted;
	}
	if (a->dims & (1u << D_LANG)) {
		/* sum the levels at or above min_level, per language */
		struct facet *l = &a->out->language;
		size_t cap = 0;
		for (int level = 1; level <= 4; level++)
			cap += t->language[level].n;
		l->items = pool_alloc(a->pool, st_mult(cap ? cap : 1, sizeof(*l->items)));
		l->n = 0;
		for (int level = a->min_level ? a->min_level : 1; level <= 4; level++) {
			for (size_t i = 0; i < t->language[level].n; i++) {
				const struct facet_value *v = &t->language[level].items[i];
				size_t j;
				for (j = 0; j < l->n && strcmp(l->items[j].value, v->value) != 0; j++)
					;
				if (j == l->n) {
					l->items[l->n].value = pool_strdup(a->pool, v->value);
					l->items[l->n++].count = 0;
				}
				l->items[j].count += v->count;
			}
		}
		/* languages only deactivated people speak count 0: left out */
		size_t kept = 0;
		for (size_t i = 0; i < l->n; i++)
			if (l->items[i].count > 0)
				l->items[kept++] = l->items[i];
		l->n = kept;
		sort_array(l->items, l->n, sizeof(*l->items), facet_cmp);
	}
}

/* One facet over the people matching the filters in mask. */
static int facet_masked(struct db *db, struct pool *p, const struct resolved *r, const struct sizes *s,
                        unsigned mask, enum dim dim, struct facet *out)
{
	enum dim driver = smallest(s, mask);
	struct query q = { .sql = STRBUF_INIT };
	switch (dim) {
	case D_DEPT: (void)strbuf_addstr(&q.sql, "SELECT p.department, count(*)"); break;
	case D_LOC: (void)strbuf_addstr(&q.sql, "SELECT p.location, count(*)"); break;
	case D_SKILL: (void)strbuf_addstr(&q.sql, "SELECT t.name, count(*)"); break;
	case D_INTEREST: (void)strbuf_addstr(&q.sql, "SELECT t.name, count(*)"); break;
	case D_LANG: (void)strbuf_addstr(&q.sql, "SELECT fl.language, count(*)"); break;
	default: BUG("directory: out of range");
	}
	add_from(&q, r, driver);
	switch (dim) {
	case D_SKILL:
		(void)strbuf_addstr(&q.sql, " CROSS JOIN person_skills fs ON fs.person_id = p.id"
		                            " JOIN skills t ON t.id = fs.skill_id");
		break;
	case D_INTEREST:
		(void)strbuf_addstr(&q.sql, " CROSS JOIN person_interests fi ON fi.person_id = p.id"
		                            " JOIN interests t ON t.id = fi.interest_id");
		break;
	case D_LANG:
		(void)strbuf_addstr(&q.sql, " CROSS JOIN person_languages fl ON fl.person_id = p.id");
		break;
	default:
		break;
	}
	add_where(&q, r, driver, mask);
	switch (dim) {
	case D_DEPT: (void)strbuf_addstr(&q.sql, " GROUP BY p.department"); break;
	case D_LOC: (void)strbuf_addstr(&q.sql, " GROUP BY p.location"); break;
	case D_SKILL: (void)strbuf_addstr(&q.sql, " GROUP BY fs.skill_id ORDER BY 2 DESC, 1 LIMIT 20"); break;
	case D_INTEREST: (void)strbuf_addstr(&q.sql, " GROUP BY fi.interest_id ORDER BY 2 DESC, 1 LIMIT 20"); break;
	case D_LANG:
		(void)strbuf_addstr(&q.sql, " AND fl.level >= ? GROUP BY fl.language");
		arg_i(&q, r->min_level ? r->min_level : 1);
		break;
	default: break;
	}
	struct db_stmt *st = query_prepare(db, &q);
	if (!st)
		return PLEIN_ERROR;
	int rc = read_facet(st, p, out, NULL);
	if (!rc)
		sort_array(out->items, out->n, sizeof(*out->items), facet_cmp);
	return rc;
}

static const char *facet_key(struct pool *p, const struct resolved *r)
{
	/* \x1f cannot appear in a filter value (control characters are refused) */
	return pool_printf(p, "%s\x1f%s\x1f%s\x1f%lld\x1f%s\x1f%d\x1f%lld\x1f%u",
	                   r->fts ? r->fts : "", r->department ? r->department : "", r->location ? r->location : "",
	                   (long long)r->skill_id, r->language ? r->language : "", r->min_level,
	                   (long long)r->interest_id, r->set);
}

static void facets_copy(struct pool *p, struct directory_facets *dst, const struct directory_facets *src)
{
	for (int d = D_DEPT; d < D_COUNT; d++)
		facet_copy(p, facet_of(dst, (enum dim)d), facet_of((struct directory_facets *)src, (enum dim)d), SIZE_MAX);
	dst->total = src->total;
}

/* true: out holds the facets. false: the caller computes them and must
 * call cache_put (the slot is reserved for it). */
static bool cache_get(const char *key, struct pool *p, struct directory_facets *out)
{
	int64_t now = now_s();
	pthread_mutex_lock(&cache_lock);
	for (int waits = 0;; waits++) {
		struct cached_facets *c = NULL;
		for (size_t i = 0; i < FACET_CACHE_SLOTS && !c; i++)
			if (facet_cache[i].key && strcmp(facet_cache[i].key, key) == 0)
				c = &facet_cache[i];
		if (c && c->ready && (now - c->at < DIRECTORY_FACETS_MAX_AGE || c->busy)) {
			facets_copy(p, out, &c->facets);
			pthread_mutex_unlock(&cache_lock);
			return true;
		}
		if (c && c->ready) {
			c->busy = true;  /* stale: this caller refreshes, the others keep reading */
			break;
		}
		if (c && waits < 1) {  /* being computed for the first time */
			struct timespec until;
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_sec += 5;
			pthread_cond_timedwait(&cache_cond, &cache_lock, &until);
			continue;
		}
		if (c)
			break;  /* waited long enough: compute too, cache_put sorts it out */
		for (size_t tries = 0; tries < FACET_CACHE_SLOTS; tries++) {
			c = &facet_cache[facet_cache_next++ % FACET_CACHE_SLOTS];
			if (!c->busy)
				break;
		}
		if (c->busy)
			break;  /* every slot busy: compute without caching */
		free(c->key);
		pool_free(c->pool);
		memset(c, 0, sizeof(*c));
		c->key = xstrdup(key);
		c->busy = true;
		break;
	}
	pthread_mutex_unlock(&cache_lock);
	return false;
}

/* Store (ok) or give up (!ok) the computation cache_get asked for. */
static void cache_put(const char *key, const struct directory_facets *f, bool ok)
{
	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < FACET_CACHE_SLOTS; i++) {
		struct cached_facets *c = &facet_cache[i];
		if (!c->key || strcmp(c->key, key) != 0)
			continue;
		if (ok) {
			pool_free(c->pool);
			c->pool = pool_new();
			facets_copy(c->pool, &c->facets, f);
			c->at = now_s();
			c->ready = true;
		} else if (!c->ready) {
			free(c->key);
			memset(c, 0, sizeof(*c));
		}
		c->busy = false;
		break;
	}
	pthread_cond_broadcast(&cache_cond);
	pthread_mutex_unlock(&cache_lock);
}

static void facets_empty(struct pool *p, struct directory_facets *out)
{
	for (int d = D_DEPT; d < D_COUNT; d++) {
		struct facet *f = facet_of(out, (enum dim)d);
		f->items = pool_alloc(p, sizeof(*f->items));
		f->n = 0;
	}
}

static int facets_compute(struct db *db, struct pool *p, const struct resolved *rp, struct directory_facets *out)
{
	struct resolved r = *rp;
	struct sizes s;
	int rc;
	/* A facet whose dimension is the only filter counts everyone: that is
	 * in the totals. An unknown skill or interest leaves only its own
	 * facet non-empty. */
	struct copy_arg ca = { .pool = p, .out = out, .min_level = r.min_level };
	for (int d = D_DEPT; d < D_COUNT; d++)
		if ((r.set & ~(1u << d)) == 0)
			ca.dims |= 1u << d;
	if ((rc = measure(db, &r, &s)))
		return rc;
	if (ca.dims && (rc = with_totals(db, copy_totals, &ca)))
		return rc;
	if (r.impossible)
		out->total = 0;
	else if ((rc = count_masked(db, &r, &s, r.set, &out->total)))
		return rc;
	for (int d = D_DEPT; d < D_COUNT; d++) {
		unsigned mask = r.set & ~(1u << d);
		bool unknown_other = r.impossible &&
			(((mask & (1u << D_SKILL)) && !r.skill_id) || ((mask & (1u << D_INTEREST)) && !r.interest_id));
		if (ca.dims & (1u << d) || unknown_other)
			continue;
		if ((rc = facet_masked(db, p, &r, &s, mask, (enum dim)d, facet_of(out, (enum dim)d))))
			return rc;
	}
	return PLEIN_OK;
}

int directory_facets(struct db *db, struct pool *p, const struct directory_filter *f,
                     struct directory_facets *out)
{
	struct resolved r;
	memset(out, 0, sizeof(*out));
	if (f->q && strlen(f->q) > PEOPLE_QUERY_MAX * 4)
		return PLEIN_INVALID;
	int rc = resolve(db, p, f, &r);
	if (rc)
		return rc;
	facets_empty(p, out);
	const char *key = facet_key(p, &r);
	if (cache_get(key, p, out))
		return PLEIN_OK;
	rc = facets_compute(db, p, &r, out);
	cache_put(key, out, rc == PLEIN_OK);
	return rc;
}

/* ---------- departments and the org chart ---------- */

static void copy_departments(const struct totals *t, void *arg)
{
	struct copy_arg *a = arg;
	facet_copy(a->pool, &a->out->department, &t->department, SIZE_MAX);
}

static int value_cmp(const void *a, const void *b)
{
	const struct facet_value *x = a, *y = b;
	return strcasecmp(x->value, y->value);
}

int directory_departments(struct db *db, struct pool *p, struct facet *out)
{
	struct directory_facets f;
	struct copy_arg ca = { .pool = p, .out = &f };
	memset(&f, 0, sizeof(f));
	memset(out, 0, sizeof(*out));
	int rc = with_totals(db, copy_departments, &ca);
	if (rc)
		return rc;
	*out = f.department;
	sort_array(out->items, out->n, sizeof(*out->items), value_cmp);
	return PLEIN_OK;
}

int directory_department_heads(struct db *db, struct pool *p, const char *department, struct people_page *out)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *st = db_prepare(db,
		"SELECT p.id FROM people p INDEXED BY people_department_name LEFT JOIN people m ON m.id = p.manager_id"
		" WHERE p.department = ? AND p.status = 'active'"
		/* a deactivated manager leads no one: their reports head the department */
		" AND (m.id IS NULL OR m.department != p.department OR m.status != 'active')"
		" ORDER BY p.name COLLATE NOCASE, p.id LIMIT ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_str(st, 1, department);
	db_bind_int(st, 2, DIRECTORY_HEADS_MAX);
	int rc = fetch_people(db, p, st, DIRECTORY_HEADS_MAX, DIRECTORY_SORT_NAME, out);
	out->next = NULL;
	return rc;
}

int directory_org(struct db *db, struct pool *p, int64_t person_id, struct directory_org *out)
{
	memset(out, 0, sizeof(*out));
	struct person *me;
	int rc = people_get(db, p, person_id, &me);
	if (rc)
		return rc;
	/* Walk up one manager at a time: bounded, and a cycle (people.c refuses
	 * them, but the data may come from elsewhere) stops at a repeat. */
	struct person **up = pool_alloc(p, (DIRECTORY_ORG_DEPTH + 1) * sizeof(*up));
	int64_t seen[DIRECTORY_ORG_DEPTH * 2 + 2];
	size_t n_up = 0, n_seen = 0;
	seen[n_seen++] = me->id;
	int64_t next = me->manager_id;
	while (next && n_seen < ARRAY_LEN(seen)) {
		bool repeat = false;
		for (size_t i = 0; i < n_seen; i++)
			repeat = repeat || seen[i] == next;
		if (repeat)
			break;
		seen[n_seen++] = next;
		struct person *m;
		rc = people_get(db, p, next, &m);
		if (rc == PLEIN_NOTFOUND)
			break;
		if (rc)
			return rc;
		if (strcmp(m->status, "active") == 0) {
			if (n_up == DIRECTORY_ORG_DEPTH) {
				out->chain_truncated = true;
				break;
			}
			up[n_up++] = m;
		}
		next = m->manager_id;
	}
	if (next && n_seen == ARRAY_LEN(seen))
		out->chain_truncated = true;
	out->chain.items = pool_alloc(p, (n_up ? n_up : 1) * sizeof(*out->chain.items));
	for (size_t i = 0; i < n_up; i++)
		out->chain.items[i] = up[n_up - 1 - i];
	out->chain.n = n_up;
	if ((rc = people_reports(db, p, person_id, &out->reports)))
		return rc;
	out->report_counts = pool_alloc(p, (out->reports.n ? out->reports.n : 1) * sizeof(int64_t));
	for (size_t i = 0; i < out->reports.n; i++) {
		rc = db_query_int(db, &out->report_counts[i],
			"SELECT count(*) FROM people WHERE manager_id = ? AND status = 'active'", "i", out->reports.items[i]->id);
		if (rc)
			return rc;
	}
	return db_query_int(db, &out->reports_total,
		"SELECT count(*) FROM people WHERE manager_id = ? AND status = 'active'", "i", person_id);
}

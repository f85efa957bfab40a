/* expertise.c — "who knows X": parse a query, read the strongest index rows
 * per term, add them up per person, sort, and word the reasons (see
 * expertise.h for the ranking). The index is written by expertise_index.c.
 * The ranking never looks at a row's kind; only reason_text does. */
#include "core/expertise.h"
#include "core/i18n.h"
#include "core/languages.h"
#include "lib/utf8.h"
#include <strings.h>

#define ROWS_PER_TERM 300      /* strongest rows read for an exact term */
#define ROWS_PER_PREFIX 40     /* ... and for each term the last word's prefix reaches */
#define PREFIX_TERMS_MAX 8
#define PREFIX_MIN 3           /* bytes typed before prefixes count */
#define SIGNALS_MAX 6          /* signals kept per person (the strongest) */
#define COMPLETE_TOP 100       /* best candidates checked for words their lists missed */

/* ---------- the query ---------- */

struct parse_walk {
	struct expertise_query *q;
	bool stops[EXPERTISE_WORDS_MAX];
};

static int add_query_word(void *arg, const char *orig, size_t orig_len, const char *folded)
{
	struct parse_walk *w = arg;
	struct expertise_query *q = w->q;
	for (size_t i = 0; i < q->n; i++)
		if (strcmp(q->words[i].folded, folded) == 0)
			return 0;
	if (q->n == EXPERTISE_WORDS_MAX)
		return 1;
	struct expertise_word *x = &q->words[q->n];
	memcpy(x->folded, folded, strlen(folded) + 1);
	x->n_terms = textnorm_terms(folded, x->terms);
	if (x->n_terms > 1) {
		/* the stems reach every row the word itself does (the same word
		 * always stems the same way): one list fewer to read */
		memmove(x->terms[0], x->terms[1], (size_t)(x->n_terms - 1) * sizeof(x->terms[0]));
		x->n_terms--;
	}
	x->prefix = false;
	w->stops[q->n++] = textnorm_is_stop(folded);
	return 0;
}

int expertise_query_parse(const char *q, struct expertise_query *out)
{
	struct parse_walk w = { .q = out };
	out->n = 0;
	size_t len = q ? strlen(q) : 0;
	if (len > EXPERTISE_QUERY_MAX * 4 || !utf8_valid(q ? q : "", len) || utf8_length(q ? q : "", len) > EXPERTISE_QUERY_MAX)
		return PLEIN_INVALID;
	(void)textnorm_each_word(q ? q : "", len, add_query_word, &w);
	/* "translation in French": drop "in", but keep "IT" or "de" alone */
	size_t keep = 0;
	for (size_t i = 0; i < out->n; i++)
		keep += !w.stops[i];
	if (keep > 0 && keep < out->n) {
		size_t j = 0;
		for (size_t i = 0; i < out->n; i++)
			if (!w.stops[i])
				out->words[j++] = out->words[i];
		out->n = j;
	}
	if (out->n > 0 && strlen(out->words[out->n - 1].folded) >= PREFIX_MIN)
		out->words[out->n - 1].prefix = true;
	return PLEIN_OK;
}

/* ---------- candidates ---------- */

struct signal {
	const char *kind, *label;
	int64_t weight, detail;
};

struct cand {
	int64_t id;
	const char *name;
	uint32_t words;   /* bit i: query word i matched */
	int n_sig;
	struct signal sig[SIGNALS_MAX];
};

struct ranking {
	struct pool *p;
	struct cand *c;        /* malloc'd, grows */
	size_t n, cap;
	int32_t *slots;        /* open addressing on id → index into c, -1 empty */
	size_t mask;
	/* bit t of truncated[w]: term t of word w had more rows than were read */
	uint8_t truncated[EXPERTISE_WORDS_MAX];
};

static int32_t *slot_of(struct ranking *r, int64_t id)
{
	size_t h = (size_t)((uint64_t)id * 0x9E3779B97F4A7C15ull >> 17) & r->mask;
	while (r->slots[h] >= 0 && r->c[r->slots[h]].id != id)
		h = (h + 1) & r->mask;
	return &r->slots[h];
}

static void grow_slots(struct ranking *r)
{
	size_t cap = r->mask ? 2 * (r->mask + 1) : 1024;
	free(r->slots);
	r->slots = xmalloc(st_mult(cap, sizeof(*r->slots)));
	for (size_t i = 0; i < cap; i++)
		r->slots[i] = -1;
	r->mask = cap - 1;
	for (size_t i = 0; i < r->n; i++)
		*slot_of(r, r->c[i].id) = (int32_t)i;
}

/* Known kinds are interned; a later kind is copied. */
static const char *intern_kind(struct pool *p, const char *kind)
{
	static const char *const known[] = { "skill", "language", "interest", "title", "department", "bio",
	                                     "post", "answer", "article" };
	for (size_t i = 0; i < ARRAY_LEN(known); i++)
		if (strcmp(kind, known[i]) == 0)
			return known[i];
	return pool_strdup(p, kind);
}

static struct cand *cand_get(struct ranking *r, int64_t id, const char *name)
{
	if ((r->n + 1) * 2 > r->mask + 1)
		grow_slots(r);
	int32_t *s = slot_of(r, id);
	if (*s >= 0)
		return &r->c[*s];
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 256;
		r->c = xrealloc(r->c, st_mult(r->cap, sizeof(*r->c)));
	}
	struct cand *c = &r->c[r->n];
	*s = (int32_t)r->n++;
	c->id = id;
	c->name = pool_strdup(r->p, name);
	c->words = 0;
	c->n_sig = 0;
	return c;
}

/* One matching row: the word counts, and the signal keeps its best weight. */
static void cand_match(struct ranking *r, struct cand *c, size_t word, const char *kind, const char *label,
                       int64_t weight, int64_t detail)
{
	c->words |= 1u << word;
	int weakest = 0;
	for (int i = 0; i < c->n_sig; i++) {
		struct signal *s = &c->sig[i];
		if (strcmp(s->label, label) == 0 && strcmp(s->kind, kind) == 0) {
			if (weight > s->weight)
				s->weight = weight;
			return;
		}
		if (s->weight < c->sig[weakest].weight)
			weakest = i;
	}
	struct signal *s;
	if (c->n_sig < SIGNALS_MAX)
		s = &c->sig[c->n_sig++];
	else if (c->sig[weakest].weight < weight)
		s = &c->sig[weakest];
	else
		return;
	*s = (struct signal){ intern_kind(r->p, kind), pool_strdup(r->p, label), weight, detail };
}

/* Read the strongest rows for term; factor: 1 exact, 2 prefix (half weight). */
static int read_term(struct db *db, struct ranking *r, size_t word, const char *term, int limit, int divisor,
                     bool *truncated)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT weight, name, person_id, kind, label, detail FROM expertise WHERE term = ?"
		" ORDER BY weight DESC, name, person_id LIMIT ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_str(st, 1, term);
	db_bind_int(st, 2, limit);
	int rc, rows = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		struct cand *c = cand_get(r, db_col_int(st, 2), db_col_text(st, 1));
		cand_match(r, c, word, db_col_text(st, 3), db_col_text(st, 4), db_col_int(st, 0) / divisor,
		           db_col_int(st, 5));
		rows++;
	}
	db_done(st);
	if (truncated)
		*truncated = rows == limit;
	return rc == DB_DONE ? PLEIN_OK : PLEIN_ERROR;
}

static bool is_term_of(const struct expertise_word *w, const char *t)
{
	for (int i = 0; i < w->n_terms; i++)
		if (strcmp(w->terms[i], t) == 0)
			return true;
	return false;
}

/* Terms that start with the word being typed: walk the distinct terms of
 * the index in order, one seek each. */
static int read_prefix(struct db *db, struct ranking *r, size_t word, const struct expertise_word *w)
{
	char hi[TEXTNORM_WORD_MAX + 8], after[TEXTNORM_WORD_MAX + 1];
	snprintf(hi, sizeof(hi), "%s\xf4\x8f\xbf\xbf", w->folded);
	snprintf(after, sizeof(after), "%s", w->folded);
	for (int k = 0; k < PREFIX_TERMS_MAX; k++) {
		struct db_stmt *st = db_prepare(db,
			"SELECT term FROM expertise WHERE term > ? AND term < ? ORDER BY term LIMIT 1");
		if (!st)
			return PLEIN_ERROR;
		db_bind_str(st, 1, after);
		db_bind_str(st, 2, hi);
		int rc = db_step(st);
		if (rc == DB_ROW)
			snprintf(after, sizeof(after), "%s", db_col_text(st, 0));
		db_done(st);
		if (rc == DB_DONE)
			return PLEIN_OK;
		if (rc != DB_ROW)
			return PLEIN_ERROR;
		if (!is_term_of(w, after) && read_term(db, r, word, after, ROWS_PER_PREFIX, 2, NULL))
			return PLEIN_ERROR;
	}
	return PLEIN_OK;
}

struct ranked {
	struct cand *c;
	int words;
	int64_t score;
};

/* A term whose list was cut off may still match people found by the other
 * words: ask the index about the best candidates directly (the others rank
 * below them anyway). Always the person index: by the term alone SQLite
 * would walk every row of a common term. */
static int complete(struct db *db, struct ranking *r, const struct expertise_query *q, struct ranked *order,
                    size_t n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT weight, kind, label, detail FROM expertise INDEXED BY expertise_person"
		" WHERE person_id = ? AND term = ?");
	if (!st)
		return PLEIN_ERROR;
	for (size_t i = 0; i < n && i < COMPLETE_TOP; i++) {
		struct cand *c = order[i].c;
		for (size_t w = 0; w < q->n; w++) {
			if (c->words & (1u << w))
				continue;
			for (int t = 0; t < q->words[w].n_terms; t++) {
				if (!(r->truncated[w] & (1u << t)))
					continue;  /* read whole: it would have found them */
				db_bind_int(st, 1, c->id);
				db_bind_str(st, 2, q->words[w].terms[t]);
				int rc;
				while ((rc = db_step(st)) == DB_ROW)
					cand_match(r, c, w, db_col_text(st, 1), db_col_text(st, 2), db_col_int(st, 0),
					           db_col_int(st, 3));
				db_done(st);  /* reset: the statement is bound again next time */
				if (rc != DB_DONE)
					return PLEIN_ERROR;
			}
		}
	}
	return PLEIN_OK;
}

static int64_t cand_score(const struct cand *c)
{
	int64_t s = 0;
	for (int i = 0; i < c->n_sig; i++)
		s += c->sig[i].weight;
	return s;
}

static int by_rank(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->words != y->words)
		return x->words > y->words ? -1 : 1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	int n = strcasecmp(x->c->name, y->c->name);
	if (n)
		return n;
	return x->c->id < y->c->id ? -1 : x->c->id > y->c->id;
}

/* Rank without the name: enough to pick whom to complete. */
static int by_score(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->words != y->words)
		return x->words > y->words ? -1 : 1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->c->id < y->c->id ? -1 : x->c->id > y->c->id;
}

static int by_weight(const void *a, const void *b)
{
	const struct signal *x = a, *y = b;
	return x->weight > y->weight ? -1 : x->weight < y->weight;
}

/* ---------- reasons ---------- */

/* fmt with "{x}" replaced by value (first occurrence), into the pool. */
static const char *fill(struct pool *p, const char *fmt, const char *key, const char *value)
{
	const char *at = strstr(fmt, key);
	if (!at)
		return pool_strdup(p, fmt);
	return pool_printf(p, "%.*s%s%s", (int)(at - fmt), fmt, value, at + strlen(key));
}

static const char *reason_text(struct pool *p, const struct catalog *cat, const char *lang, const struct signal *s)
{
	const char *kind = s->kind;
	if (strcmp(kind, "skill") == 0) {
		if (s->detail == 0)
			return fill(p, i18n_gettext(cat, N_("Skill: {skill}")), "{skill}", s->label);
		const char *fmt = s->detail == 1 ? N_("Endorsed for “{skill}” by 1 colleague")
		                                 : N_("Endorsed for “{skill}” by {n} colleagues");
		const char *t = fill(p, i18n_gettext(cat, fmt), "{skill}", s->label);
		return fill(p, t, "{n}", pool_printf(p, "%lld", (long long)s->detail));
	}
	if (strcmp(kind, "language") == 0) {
		const struct language *l = languages_find(s->label);
		const char *level = languages_level_name((int)s->detail, lang);
		if (l && level)
			return pool_printf(p, "%s — %s", languages_name(l, lang), level);
	}
	if (strcmp(kind, "interest") == 0)
		return fill(p, i18n_gettext(cat, N_("Interested in {topic}")), "{topic}", s->label);
	if (strcmp(kind, "title") == 0)
		return fill(p, i18n_gettext(cat, N_("Job title: {title}")), "{title}", s->label);
	if (strcmp(kind, "department") == 0)
		return fill(p, i18n_gettext(cat, N_("Department: {department}")), "{department}", s->label);
	if (strcmp(kind, "bio") == 0)
		return fill(p, i18n_gettext(cat, N_("Mentions “{word}” in their bio")), "{word}", s->label);
	if (strcmp(kind, "post") == 0) {
		const char *fmt = s->detail == 1 ? N_("1 post on #{topic}") : N_("{n} posts on #{topic}");
		return fill(p, fill(p, i18n_gettext(cat, fmt), "{topic}", s->label), "{n}",
		            pool_printf(p, "%lld", (long long)s->detail));
	}
	if (strcmp(kind, "answer") == 0) {
		int64_t answered = EXPERTISE_DETAIL_ANSWERED(s->detail), accepted = EXPERTISE_DETAIL_ACCEPTED(s->detail);
		const char *fmt = answered == 1 ? (accepted ? N_("Answered 1 question on #{topic}, accepted")
		                                            : N_("Answered 1 question on #{topic}"))
		                                : (accepted ? N_("Answered {n} questions on #{topic}, {k} accepted")
		                                            : N_("Answered {n} questions on #{topic}"));
		const char *t = fill(p, i18n_gettext(cat, fmt), "{topic}", s->label);
		t = fill(p, t, "{n}", pool_printf(p, "%lld", (long long)answered));
		return fill(p, t, "{k}", pool_printf(p, "%lld", (long long)accepted));
	}
	if (strcmp(kind, "article") == 0) {
		/* detail 0: the label is an article's title; else a topic and how many */
		if (s->detail == 0)
			return fill(p, i18n_gettext(cat, N_("Wrote “{title}”")), "{title}", s->label);
		const char *fmt = s->detail == 1 ? N_("1 article on #{topic}") : N_("{n} articles on #{topic}");
		return fill(p, fill(p, i18n_gettext(cat, fmt), "{topic}", s->label), "{n}",
		            pool_printf(p, "%lld", (long long)s->detail));
	}
	/* a kind this version does not word yet */
	return fill(p, i18n_gettext(cat, N_("Matches “{label}”")), "{label}", s->label);
}

/* ---------- search ---------- */

int expertise_search(struct db *db, struct pool *p, const char *q, const char *lang, int limit, int offset,
                     struct expertise_result *out)
{
	struct expertise_query query;
	struct ranking r = { .p = p };
	struct ranked *order = NULL;
	memset(out, 0, sizeof(*out));
	if (limit < 1 || limit > EXPERTISE_PAGE_MAX || offset < 0 || expertise_query_parse(q, &query))
		return PLEIN_INVALID;
	out->items = pool_alloc(p, (size_t)limit * sizeof(*out->items));
	if (query.n == 0)
		return PLEIN_OK;
	/* one read transaction for the dozens of statements: each would
	 * otherwise take and drop the file's read lock (a global mutex in
	 * SQLite's unix VFS, contended across worker threads) */
	if (db_exec(db, "SAVEPOINT expertise_search", NULL))
		return PLEIN_ERROR;
	int rc = PLEIN_OK;
	for (size_t w = 0; rc == PLEIN_OK && w < query.n; w++) {
		for (int t = 0; rc == PLEIN_OK && t < query.words[w].n_terms; t++) {
			bool cut = false;
			rc = read_term(db, &r, w, query.words[w].terms[t], ROWS_PER_TERM, 1, &cut);
			r.truncated[w] |= (uint8_t)(cut << t);
		}
		if (rc == PLEIN_OK && query.words[w].prefix)
			rc = read_prefix(db, &r, w, &query.words[w]);
	}
	if (rc)
		goto out;
	order = xmalloc(st_mult(r.n ? r.n : 1, sizeof(*order)));
	for (size_t i = 0; i < r.n; i++)
		order[i] = (struct ranked){ &r.c[i], __builtin_popcount(r.c[i].words), cand_score(&r.c[i]) };
	if (query.n > 1) {
		sort_array(order, r.n, sizeof(*order), by_score);
		if ((rc = complete(db, &r, &query, order, r.n)))
			goto out;
		for (size_t i = 0; i < r.n; i++)
			order[i] = (struct ranked){ order[i].c, __builtin_popcount(order[i].c->words), cand_score(order[i].c) };
	}
	sort_array(order, r.n, sizeof(*order), by_rank);
	out->total = r.n;
	for (size_t w = 0; w < query.n; w++)
		out->capped = out->capped || r.truncated[w];
	const struct catalog *cat = i18n_catalog(lang);
	for (size_t i = (size_t)offset; i < r.n && out->n < (size_t)limit; i++) {
		struct cand *c = order[i].c;
		struct expert *e = &out->items[out->n++];
		e->id = c->id;
		e->name = c->name;
		e->words = order[i].words;
		e->score = order[i].score;
		sort_array(c->sig, (size_t)c->n_sig, sizeof(c->sig[0]), by_weight);
		e->n_reasons = 0;
		for (int k = 0; k < c->n_sig && e->n_reasons < EXPERTISE_REASONS_MAX; k++)
			e->reasons[e->n_reasons++] = reason_text(p, cat, lang, &c->sig[k]);
	}
	out->more = (size_t)offset + out->n < r.n;
out:
	if (db_exec(db, "RELEASE expertise_search", NULL) && rc == PLEIN_OK)
		rc = PLEIN_ERROR;
	free(order);
	free(r.c);
	free(r.slots);
	return rc;
}

int expertise_cursor_parse(const char *cursor, int *offset)
{
	*offset = 0;
	if (!cursor || !*cursor || strlen(cursor) > 6)
		return PLEIN_INVALID;
	for (const char *c = cursor; *c; c++) {
		if (*c < '0' || *c > '9')
			return PLEIN_INVALID;
		*offset = *offset * 10 + (*c - '0');
	}
	return PLEIN_OK;
}

const char *expertise_cursor_make(struct pool *p, int offset)
{
	return pool_printf(p, "%d", offset);
}

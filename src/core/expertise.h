/* expertise.h — "who knows X": people ranked for a skill, topic or language,
 * each with the reasons shown. Signals (skills and their endorsements,
 * spoken languages, interests, job title, department, bio; later posts,
 * answers, articles) are kept in one derived index, `expertise`, of rows
 * (term, weight, person, kind, label, detail). A new signal is only new rows
 * with a new kind: the ranking sums weights without knowing kinds, and only
 * the wording of reasons looks at them.
 *
 * Ranking for a query of words: people matching more of the words first,
 * then the sum over their matching signals of each signal's best weight,
 * then name and id. A word matches through its folded form and its Dutch
 * and English stems (core/textnorm.h); the last word also by prefix (at
 * half weight), so results follow typing. Each term reads at most a bounded
 * number of the strongest rows, so the cost does not grow with the
 * organisation. */
#ifndef PLEIN_EXPERTISE_H
#define PLEIN_EXPERTISE_H
#include "db/db.h"
#include "lib/pool.h"
#include "core/textnorm.h"

#define EXPERTISE_QUERY_MAX 200   /* characters */
#define EXPERTISE_WORDS_MAX 8     /* words of a query that count */
#define EXPERTISE_REASONS_MAX 3
#define EXPERTISE_PAGE_MAX 100

/* Weights of the built-in signals, in hundredths (the index stores
 * integers so that sums and ties are exact). */
#define EXPERTISE_W_SKILL 500     /* + 300 * log2(1 + endorsements) */
#define EXPERTISE_W_INTEREST 200
#define EXPERTISE_W_TITLE 300
#define EXPERTISE_W_DEPARTMENT 100
#define EXPERTISE_W_BIO 100
/* spoken language by level: basic 200, working 500, fluent 800, native 1000 */

struct expertise_word {
	textnorm_term folded;
	textnorm_term terms[TEXTNORM_TERMS_MAX];
	int n_terms;
	bool prefix;   /* also match terms that start with folded */
};

struct expertise_query {
	struct expertise_word words[EXPERTISE_WORDS_MAX];
	size_t n;
};

/* Split q into query words: folded, stop words dropped when other words
 * remain, duplicates dropped, at most EXPERTISE_WORDS_MAX. PLEIN_INVALID
 * when q is not valid UTF-8 or longer than EXPERTISE_QUERY_MAX characters;
 * out->n may be 0 (nothing to search for). */
int expertise_query_parse(const char *q, struct expertise_query *out) WARN_UNUSED;

struct expert {
	int64_t id;
	const char *name;
	int words;      /* how many query words matched */
	int64_t score;  /* hundredths */
	const char *reasons[EXPERTISE_REASONS_MAX];  /* strongest first, in the asked language */
	size_t n_reasons;
};

struct expertise_result {
	struct expert *items;
	size_t n;
	size_t total;   /* people found (bounded: the strongest rows per term) */
	bool capped;    /* some term had more rows than were read: more people match */
	bool more;      /* a page after this one */
};

/* A page of people for q, reasons in lang ("en" or "nl"). offset counts
 * from the best. PLEIN_INVALID as expertise_query_parse; a query without
 * words gives an empty result. Strings live in p. */
int expertise_search(struct db *db, struct pool *p, const char *q, const char *lang, int limit, int offset,
                     struct expertise_result *out) WARN_UNUSED;

/* Rebuild one person's rows from their current profile: none unless they
 * are active. Call after any write that changes a signal; runs inside the
 * caller's transaction when there is one (as a savepoint either way). */
int expertise_reindex(struct db *db, int64_t person_id) WARN_UNUSED;
/* Bulk writes (imports): between defer_begin and defer_end, reindexing on
 * this thread only notes the person; defer_end(db, true) then rebuilds each
 * noted person once (inside the caller's transaction), defer_end(db, false)
 * forgets them (the caller rolls back). Saves rebuilding a person once per
 * list written. */
void expertise_defer_begin(void);
int expertise_defer_end(struct db *db, bool apply) WARN_UNUSED;
/* Rebuild every row (demo data, imports, an upgrade), in one transaction. */
int expertise_reindex_all(struct db *db) WARN_UNUSED;
/* Whether the index has no rows while active people do have signals to index
 * (an upgraded database): then `plein serve` rebuilds it at start. */
int expertise_needs_rebuild(struct db *db, bool *needed) WARN_UNUSED;

/* The most listed skills, for suggestions when nothing is asked or found;
 * cached per process for a minute (counting reads every listing). */
int expertise_popular_skills(struct db *db, struct pool *p, size_t max, const char ***out, size_t *n) WARN_UNUSED;

/* Page cursors are offsets into the ranking, written as decimal digits;
 * callers treat them as opaque. PLEIN_INVALID for anything else. */
int expertise_cursor_parse(const char *cursor, int *offset) WARN_UNUSED;
const char *expertise_cursor_make(struct pool *p, int offset);
#endif

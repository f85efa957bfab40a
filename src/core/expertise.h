/* expertise.h — "who knows X": people ranked for a skill, topic or language,
 * each with the reasons shown. Signals (skills and their endorsements,
 * spoken languages, interests, job title, department, bio; posts, answers
 * and articles on a topic) are kept in one derived index, `expertise`, of rows
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

/* Evidence from content (core/expertise_evidence.c), per topic of the
 * person's content that every colleague may read (never anonymous, never
 * in a closed or secret group, never deleted). A count n weighs
 * base * log2(1 + n), so the tenth post adds less than the first
 * (expertise_log_weight; counts above EXPERTISE_COUNT_MAX weigh as it).
 *   kind "post":    updates, praise, announcements on a #topic;
 *                   label the topic, detail n.
 *   kind "answer":  reputation_of_person: answered a, accepted c, helpful h:
 *                   100 log2(1+a) + 250 log2(1+c) + 50 log2(1+h);
 *                   label the topic, detail EXPERTISE_ANSWER_DETAIL(a, c).
 *   kind "article": published articles; per topic: label the topic and
 *                   detail n, or (one article) its title and detail 0; and
 *                   per word of the titles of the latest
 *                   EXPERTISE_ARTICLES_MAX that is not a term of the same
 *                   article's topics (each article counts once per term):
 *                   k such articles weigh 300 log2(1+k), label the latest
 *                   title, detail 0. */
#define EXPERTISE_W_POSTS 150
#define EXPERTISE_W_ARTICLES 300
#define EXPERTISE_W_ANSWERED 100
#define EXPERTISE_W_ACCEPTED 250
#define EXPERTISE_W_HELPFUL 50
#define EXPERTISE_TOPICS_MAX 20      /* topics per person and kind: the most written on */
#define EXPERTISE_ARTICLES_MAX 20    /* latest articles whose title words count */
#define EXPERTISE_COUNT_MAX 10000
#define EXPERTISE_ANSWER_DETAIL(answered, accepted) (((int64_t)(answered) << 24) | (int64_t)(accepted))
#define EXPERTISE_DETAIL_ANSWERED(detail) ((detail) >> 24)
#define EXPERTISE_DETAIL_ACCEPTED(detail) ((detail) & 0xffffff)

/* base * log2(1 + n) in integers, computed the same way by the one-person
 * and the all-people writers: base * round(1000 log2(1 + n)) / 1000. */
int64_t expertise_log_weight(int64_t base, int64_t n);
/* The terms an index row gets for the words of text (a skill, a topic, a
 * title): each word's folded form and stems, stop words left out when
 * other words remain. fn is called once per term, duplicates included. */
typedef void (*expertise_term_fn)(void *arg, const char *term);
void expertise_text_terms(const char *text, expertise_term_fn fn, void *arg);

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
/* Rebuild only the rows of evidence from content, in one transaction: after
 * content was loaded in bulk past the writers (the demo). Set-based: a few
 * statements over all posts, not one per person. */
int expertise_reindex_evidence(struct db *db) WARN_UNUSED;

/* The evidence rows of one person, one call per row (strings valid during
 * the call only): core/expertise_index.c adds them to the profile's. */
typedef void (*expertise_evidence_fn)(void *arg, const char *term, const char *kind, const char *label,
                                      int64_t weight, int64_t detail);
int expertise_evidence_person(struct db *db, struct pool *p, int64_t person_id, expertise_evidence_fn fn,
                              void *arg) WARN_UNUSED;
/* A group became open or stopped being open (or an open group was
 * deleted): rebuild the rows of everyone whose posts or answers in it may
 * have counted, inside the caller's transaction. One rebuild per author
 * (a large group takes a moment; kinds change rarely). */
int expertise_reindex_group_authors(struct db *db, int64_t group_id) WARN_UNUSED;
/* All people's evidence rows, inserted set-based (inside the caller's
 * transaction; clear: the old evidence rows deleted first — a scan of the
 * whole index, which a caller that emptied it saves). */
int expertise_evidence_all(struct db *db, bool clear) WARN_UNUSED;
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

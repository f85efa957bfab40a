/* insight_adoption_internal.h — what the parts of the adoption figures
 * share: insight_adoption_read.c reads each table once into the arrays
 * below, insight_adoption_sum.c adds them up into the design's JSON
 * (docs/design-insight.md "Snapshot JSON"). Not for other modules. */
#ifndef PLEIN_INSIGHT_ADOPTION_INTERNAL_H
#define PLEIN_INSIGHT_ADOPTION_INTERNAL_H
#include "core/insight.h"
#include "lib/pool.h"

#define ADOPTION_MAX_PERIODS 8
#define ADOPTION_TOPICS_MAX 10    /* trending topics listed per period */
#define ADOPTION_TOPIC_MIN_POSTS 3
/* a topic is named only when this many people wrote its posts in the
 * period: one person's (or a few people's) topic would point at them */
#define ADOPTION_TOPIC_MIN_AUTHORS INSIGHT_MIN_GROUP

struct adoption_range { int64_t from, to; };   /* days, both included */

struct adoption {
	struct db *db;
	struct pool *pool;
	const struct insight_progress *pr;
	int64_t lo, hi;             /* days held per person: [lo, hi] */
	int64_t topic_lo;           /* posts are read from here, for the topics' "before" */
	size_t ndays, words;        /* hi - lo + 1; 64-bit words per person */

	/* people: every row, by id; "base" = active, not guest or alumni */
	size_t n;
	int64_t *ids;
	int64_t *activated;         /* activated_at; INT64_MAX when never */
	unsigned char *base;
	int32_t *dept, *loc;        /* index into the names; -1: none given */
	const char **dept_names, **loc_names;
	size_t n_dept, n_loc;
	int32_t *map;               /* id → index + 1 when ids are dense enough, else NULL (binary search) */
	int64_t map_n;
	uint64_t *act, *con;        /* n × words: days active, days contributed */

	/* the periods asked for, and per period and person: contributions, posts */
	size_t np;
	struct adoption_range per[ADOPTION_MAX_PERIODS];
	int32_t *pcon, *pposts;     /* n × np (person-major: one cache line per event) */

	/* volumes per day in [lo, hi] (everyone's, not only base people) */
	int32_t *v_posts, *v_comments, *v_questions, *v_answers, *v_reactions;

	/* groups (by id): counted ones are neither deleted nor secret */
	size_t ng;
	int64_t *gids;
	unsigned char *gok;
	uint64_t *gact;             /* ng × words: days with a post or comment */
	size_t nhp, cap_hp;         /* posts in secret or deleted groups, by id: their */
	int64_t *hp_post;           /* comments and reactions count nowhere either */
	size_t ngp, cap_gp;         /* posts in counted groups, by id, for comments */
	int64_t *gp_post;
	int32_t *gp_group;

	/* questions asked in [lo, hi] */
	size_t nq, cap_q;
	int64_t *q_id, *q_created, *q_secs;   /* q_secs: to the first answer; -1 none */
	int32_t *q_day;
	unsigned char *q_answered;

	/* topics (by id): posts per range, 2 ranges per period (the period, the one before) */
	size_t nt;
	int64_t *tids;
	const char **tnames;
	int32_t *tcount;            /* nt × 2np */
	int64_t *tauth;             /* nt × np × ADOPTION_TOPIC_MIN_AUTHORS: distinct authors in the period, */
	uint8_t *tnauth;            /* nt × np: how many of them (counting stops there) */
};

/* insight_adoption_read.c: every pass, in one read transaction; progress
 * through a->pr (a non-zero answer stops it: PLEIN_ERROR) */
int adoption_read(struct adoption *a) WARN_UNUSED;
int adoption_report(struct adoption *a, const char *phase, int percent) WARN_UNUSED;

/* insight_adoption_sum.c */
json_t *adoption_period_json(struct adoption *a, size_t p, const int32_t *dau, const int32_t *wau,
                             const int32_t *mau);
/* DAU, WAU and MAU of every day of [lo, hi] (arrays of ndays, caller frees). */
void adoption_daily(struct adoption *a, int32_t **dau, int32_t **wau, int32_t **mau);
json_t *adoption_series_json(struct adoption *a, int64_t end, const int32_t *dau, const int32_t *wau,
                             const int32_t *mau);
int64_t adoption_week_start(int64_t day);
void adoption_month_of(int64_t day, int *year, int *month);
int64_t adoption_month_first(int year, int month);

static inline bool adoption_bit(const uint64_t *row, int64_t k)
{
	return (row[k >> 6] >> (k & 63)) & 1;
}
static inline void adoption_set(uint64_t *row, int64_t k)
{
	row[k >> 6] |= 1ull << (k & 63);
}
/* Whether any bit in [from, to] (indexes into the row) is set. */
bool adoption_any(const uint64_t *row, int64_t from, int64_t to);
#endif

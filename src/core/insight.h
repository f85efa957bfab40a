/* insight.h — the figures of issue 7: adoption (core/insight_adoption.c)
 * and the shape of the network (core/insight_graph.c collects the
 * interaction graph, core/insight_network.c analyses it with igraph), put
 * together by insight_run (core/insight_run.c) into a dated snapshot
 * (core/insight_store.h). The JSON shapes are in docs/design-insight.md.
 *
 * Everything here runs on one thread at a time: igraph (Debian's build is
 * not thread-safe) is used only by the insight thread (jobs/insight_job.c)
 * or the console (`plein insight`). */
#ifndef PLEIN_INSIGHT_H
#define PLEIN_INSIGHT_H
#include <jansson.h>
#include "db/db.h"

#define INSIGHT_DAY_SECONDS 86400
/* UTC day number (days since 1970-01-01) of a unix time. */
static inline int64_t insight_day(int64_t unix_seconds)
{
	return unix_seconds >= 0 ? unix_seconds / INSIGHT_DAY_SECONDS : -((-unix_seconds + INSIGHT_DAY_SECONDS - 1) / INSIGHT_DAY_SECONDS);
}

/* Where a long computation reports: phase is an English msgid (N_()),
 * percent 0..100 over the whole run. May be NULL. A non-zero return asks
 * the computation to stop (PLEIN_ERROR, "stopped"): plein is shutting down. */
struct insight_progress {
	int (*report)(void *ctx, const char *phase, int percent);
	void *ctx;
	int from, to;                 /* the share of 0..100 this step owns */
};
int insight_progress_report(const struct insight_progress *pr, const char *phase, int step_percent);

struct insight_options {
	int64_t now;                  /* unix seconds; figures cover days up to insight_day(now) - 1 */
	int half_life_days;           /* decay of an interaction's weight; default 180 */
	int betweenness_samples;      /* sources sampled for betweenness; 0 = default; >= people: exact */
	uint64_t seed;                /* igraph's RNG (samples, communities): same input, same figures */
	int people_graph_max;         /* people in the admins' network picture; default 300 */
	FILE *progress_echo;          /* insight_run also prints each phase and percent here (the console); NULL */
};
void insight_options_default(struct insight_options *o, int64_t now);

/* ---- adoption (core/insight_adoption.c) ---------------------------------- */
/* The "adoption" JSON of a snapshot (docs/design-insight.md): accounts,
 * daily DAU/WAU/MAU, weekly and monthly series, and for each standard
 * period (7, 30, 90, 365 days) the figures and those of the period before.
 * Departments and locations under INSIGHT_MIN_GROUP people are merged. */
int insight_adoption_compute(struct db *db, const struct insight_options *o, const struct insight_progress *pr,
                             json_t **out) WARN_UNUSED;
/* One period's figures (the "period" object of the design), for a custom
 * range of days [from_day, to_day] (at most 731 days, within years
 * 1970..9999; else PLEIN_INVALID): the page and the API compare any period
 * with the one before through this. It reads every table once (seconds on
 * a large organisation): callers should not run many at a time. */
int insight_adoption_period(struct db *db, int64_t from_day, int64_t to_day, json_t **out) WARN_UNUSED;

/* A custom period [from, to] and the one of equal length before it, for
 * the pages and the API (core/insight_period.c): one computation at a time
 * per process — PLEIN_TOOBIG when another is running, say "busy, try again"
 * — and the answers remembered for ten minutes. PLEIN_INVALID for an empty,
 * too long (> INSIGHT_PERIOD_MAX_DAYS) range or one whose previous period
 * starts before 1970. New references in *cur and *prev. */
#define INSIGHT_PERIOD_MAX_DAYS 731
int insight_period_compare(struct db *db, int64_t from, int64_t to, int64_t now, json_t **cur,
                           json_t **prev) WARN_UNUSED;
/* Drop the remembered answers (a new snapshot, the tests). */
void insight_period_forget(void);

/* ---- the network (core/insight_graph.c, core/insight_network.c) ----------- */
/* One person's figures (a row of insight_people). */
struct insight_person {
	int64_t person_id;
	double pagerank;
	int pagerank_rank;
	double betweenness;
	int betweenness_rank;
	int ties, departments, community;
	int activity, helpful;
	double ambassador;
	int ambassador_rank;
	unsigned flags;               /* INSIGHT_ISOLATED | INSIGHT_NEWCOMER | INSIGHT_BRIDGE */
};
#define INSIGHT_ISOLATED 1u
#define INSIGHT_NEWCOMER 2u
#define INSIGHT_BRIDGE   4u

/* The analysis: aggregates (the "network" JSON: departments, matrix, quiet
 * pairs, communities, layout; never a person), the admins' people picture
 * ("people_graph" JSON), a few headline figures merged into the snapshot's
 * summary, and one row per person. Owned by the caller: insight_network_free. */
struct insight_network {
	json_t *aggregates;
	json_t *people_graph;
	json_t *summary;
	struct insight_person *people;
	size_t n_people;
};
int insight_network_compute(struct db *db, const struct insight_options *o, const struct insight_progress *pr,
                            struct insight_network *out) WARN_UNUSED;
void insight_network_free(struct insight_network *n);
/* The weighted interaction graph as a text edge list ("src dst weight" per
 * line, person ids, after decay; a header comment names the kinds' weights),
 * for comparison with NetworkX (bench/insight-networkx.py). */
int insight_graph_export(struct db *db, const struct insight_options *o, const char *path) WARN_UNUSED;

/* ---- the whole run (core/insight_run.c) ----------------------------------- */
/* Compute adoption and the network for snapshot id (already 'running'),
 * reporting progress into the snapshot row, and store the results (done) or
 * the error (failed). */
int insight_run(struct db *db, int64_t snapshot_id, const struct insight_options *o,
                int (*should_stop)(void *), void *stop_ctx) WARN_UNUSED;
#endif

/* insight_store.h — the insight snapshots (migration 0016): a queue of
 * computations (nightly, on an administrator's demand, from the console),
 * their progress, and their results. Aggregates are kept for trends; the
 * individual rows (insight_people) for the newest INSIGHT_KEEP_PEOPLE done
 * snapshots only. Who may read what is visibility_insight_level's; this
 * module only stores. */
#ifndef PLEIN_INSIGHT_STORE_H
#define PLEIN_INSIGHT_STORE_H
#include <jansson.h>
#include "core/insight.h"
#include "lib/pool.h"

#define INSIGHT_KEEP_PEOPLE 7

struct insight_snapshot {
	int64_t id, day;
	const char *trigger;          /* "nightly" | "manual" | "console" */
	int64_t requested_by;         /* 0: none */
	const char *status;           /* "queued" | "running" | "done" | "failed" */
	const char *phase;            /* English msgid, "" */
	int progress;                 /* 0..100 */
	const char *error;            /* "" */
	int64_t created_at, started_at, finished_at;   /* 0: not yet */
};

/* Queue a computation. When one is already queued or running, returns its
 * id in *id and PLEIN_CONFLICT (nothing new is queued). */
int insight_store_request(struct db *db, const char *trigger, int64_t requested_by, int64_t now,
                          int64_t *id) WARN_UNUSED;
/* Take the oldest queued computation (queued → running, day = the last full
 * day of now). PLEIN_NOTFOUND when none. */
int insight_store_claim(struct db *db, struct pool *p, int64_t now, struct insight_snapshot *out) WARN_UNUSED;
/* A computation left 'running' by a process that stopped: failed, with a reason. */
int insight_store_fail_abandoned(struct db *db, int64_t now) WARN_UNUSED;
int insight_store_progress(struct db *db, int64_t id, const char *phase, int percent) WARN_UNUSED;
/* Results of a run, in one transaction: the JSON columns, the people rows,
 * status done; then the people rows of older snapshots beyond
 * INSIGHT_KEEP_PEOPLE are removed. */
int insight_store_finish(struct db *db, int64_t id, int64_t now, json_t *adoption, json_t *network, json_t *summary,
                         json_t *people_graph, const struct insight_person *people, size_t n) WARN_UNUSED;
int insight_store_fail(struct db *db, int64_t id, int64_t now, const char *error) WARN_UNUSED;

/* The newest queued or running computation (for progress); PLEIN_NOTFOUND. */
int insight_store_current(struct db *db, struct pool *p, struct insight_snapshot *out) WARN_UNUSED;
/* The newest computation when it failed (none done or queued after it):
 * for the admins' "the last computation failed" note. PLEIN_NOTFOUND. */
int insight_store_last_failure(struct db *db, struct pool *p, struct insight_snapshot *out) WARN_UNUSED;
/* A done snapshot: id 0 for the newest. PLEIN_NOTFOUND when none. */
int insight_store_get(struct db *db, struct pool *p, int64_t id, struct insight_snapshot *out) WARN_UNUSED;
/* One JSON column of a done snapshot: which is "adoption", "network",
 * "summary" or "people_graph" (anything else: PLEIN_INVALID). New reference. */
int insight_store_json(struct db *db, int64_t id, const char *which, json_t **out) WARN_UNUSED;
/* Done snapshots newest first, before_id 0 for the first page (keyset),
 * with each one's summary (new references in summaries[i]). */
int insight_store_list(struct db *db, struct pool *p, int64_t before_id, size_t limit, struct insight_snapshot **out,
                       json_t ***summaries, size_t *n) WARN_UNUSED;

/* Individual rows. A person's own (PLEIN_NOTFOUND when not in it). */
int insight_store_person(struct db *db, int64_t snapshot_id, int64_t person_id, struct insight_person *out) WARN_UNUSED;
/* Number of people rows in a snapshot (0 when pruned). */
int insight_store_people_count(struct db *db, int64_t snapshot_id, int64_t *n) WARN_UNUSED;
enum insight_list {
	INSIGHT_LIST_INFLUENCERS,     /* by pagerank_rank */
	INSIGHT_LIST_BRIDGES,         /* by betweenness_rank */
	INSIGHT_LIST_AMBASSADORS,     /* by ambassador_rank */
	INSIGHT_LIST_ISOLATED,        /* flags & ISOLATED, newest people first */
	INSIGHT_LIST_NEWCOMERS,       /* flags & NEWCOMER and ties < 2, newest first */
};
/* A page of a list: offset-free keyset on the list's order (after: the last
 * row's rank, or person id for ISOLATED/NEWCOMERS; 0 for the first page). */
int insight_store_top(struct db *db, int64_t snapshot_id, enum insight_list list, int64_t after, size_t limit,
                      struct insight_person *out, size_t *n) WARN_UNUSED;
#endif

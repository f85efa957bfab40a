/* insight_graph.h — the interaction graph of the insight figures, between
 * core/insight_graph.c (collects it from the database) and
 * core/insight_network*.c (analyse it with igraph). Internal to insight:
 * others use insight.h. Vertices are indexes 0..n-1 into the people arrays
 * (person ids ascending); edges are directed, merged, sorted by (a, b). */
#ifndef PLEIN_INSIGHT_GRAPH_H
#define PLEIN_INSIGHT_GRAPH_H
#include "core/insight.h"

enum insight_kind {
	INSIGHT_FOLLOW, INSIGHT_COMMENT, INSIGHT_REPLY, INSIGHT_REACTION, INSIGHT_MENTION,
	INSIGHT_PRAISE, INSIGHT_ANSWER, INSIGHT_ACCEPTED, INSIGHT_HELPFUL, INSIGHT_KINDS
};
extern const char *const insight_kind_names[INSIGHT_KINDS];
extern const double insight_kind_weights[INSIGHT_KINDS];

#define INSIGHT_MIN_GROUP_PEOPLE 5   /* INSIGHT_MIN_GROUP of the design */
#define INSIGHT_TIE_MIN 1.0
#define INSIGHT_NEWCOMER_DAYS 90
#define INSIGHT_ACTIVITY_DAYS 90

struct insight_edge {
	uint32_t a, b;                /* vertex indexes: a → b (ties: a < b) */
	float w;
};

struct insight_graph {
	size_t n;
	int64_t *person_id;           /* [n], ascending */
	int64_t *created_at;          /* [n] */
	int32_t *dept;                /* [n] index into dept_names; -1: no department */
	int32_t *activity;            /* [n] posts, comments, answers, reactions in 90 days */
	int32_t *helpful;             /* [n] accepted answers + helpful marks received */
	char **dept_names;            /* sorted (strcmp) */
	size_t n_depts;
	struct insight_edge *edges;   /* directed, merged, sorted by (a, b) */
	size_t n_edges;
	int64_t by_kind[INSIGHT_KINDS];
	int64_t interactions;
};

/* Read the graph as of o->now (one read transaction; progress 0..100 of
 * pr's share; a stop asked through pr: PLEIN_ERROR). insight_graph_free. */
int insight_graph_collect(struct db *db, const struct insight_options *o, const struct insight_progress *pr,
                          struct insight_graph *g) WARN_UNUSED;
void insight_graph_free(struct insight_graph *g);
/* Sort edges by (a, b) and merge equal pairs (weights summed); returns the
 * new count. n_vertices bounds a and b. */
size_t insight_edges_sort_merge(struct insight_edge *e, size_t n, size_t n_vertices);
/* The ties: unordered pairs (a < b) whose weights both ways sum to at least
 * INSIGHT_TIE_MIN, sorted. *out malloc'ed (NULL when none). */
size_t insight_graph_ties(const struct insight_graph *g, struct insight_edge **out);
/* Decay of an interaction made at `when`, seen at `now`. */
double insight_decay(int64_t when, int64_t now, int half_life_days);

/* The analysis of a collected graph (core/insight_network.c); the tests
 * call it on graphs built by hand. */
int insight_network_analyse(const struct insight_graph *g, const struct insight_options *o,
                            const struct insight_progress *pr, struct insight_network *out) WARN_UNUSED;
#endif

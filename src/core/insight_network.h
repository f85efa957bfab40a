/* insight_network.h — between the two halves of the network analysis:
 * core/insight_network.c (igraph: PageRank, betweenness, communities, the
 * people picture, each person's figures) and core/insight_network_json.c
 * (department aggregates, matrix, quiet pairs, their layout, the JSON).
 * Internal to insight. */
#ifndef PLEIN_INSIGHT_NETWORK_H
#define PLEIN_INSIGHT_NETWORK_H
#include "core/insight_graph.h"

/* Sampled betweenness sources by default: as many as fit a fixed amount of
 * work (sources × (people + 2 ties): ~14 s on the 100,000-person demo,
 * docs/benchmarks.md), at least 256; a small organisation gets the exact
 * figure for the same time. */
#define INSIGHT_DEFAULT_SAMPLES 256
#define INSIGHT_BETWEENNESS_WORK 630000000.0
#define INSIGHT_QUIET_PAIRS 10

struct insight_analysis {
	const struct insight_graph *g;
	const struct insight_options *o;
	struct insight_edge *ties;    /* a < b, sorted */
	size_t n_ties;
	double *pagerank;             /* [n] */
	double *betweenness;          /* [n] estimated */
	int32_t *n_ties_of;           /* [n] */
	int32_t *depts_reached;       /* [n] other departments among one's ties */
	int32_t *community;           /* [n] renumbered largest first; -1: no tie */
	int32_t *community_size;      /* [n_communities] */
	size_t n_communities;
	double modularity, nmi;
	int samples;
	bool exact;
	unsigned *flags;              /* [n] INSIGHT_* */
};

/* The layout of a small weighted undirected graph (edges as pairs into
 * 0..n-1) scaled into 0.05..0.95: xy[2 * i], xy[2 * i + 1]. */
int insight_layout(size_t n, const struct insight_edge *e, size_t m, double *xy) WARN_UNUSED;
/* The aggregates ("network" JSON), the summary and the people rows. */
int insight_network_json(const struct insight_analysis *an, struct insight_network *out) WARN_UNUSED;
#endif

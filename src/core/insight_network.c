/* insight_network.c — the analysis of the interaction graph with igraph
 * (docs/design-insight.md): PageRank on the directed weighted graph;
 * betweenness on the ties, estimated from sampled sources; Leiden
 * communities against departments (NMI); each person's figures and ranks;
 * the admins' picture of the most influential people. One thread only:
 * Debian's igraph is not thread-safe. Memory: igraph holds one graph at a
 * time (the directed one, then the ties). */
#include <igraph/igraph.h>
#include <math.h>
#include "lib/common.h"
#include "core/i18n.h"
#include "core/insight_network.h"

#define BETWEENNESS_BATCH 16

/* igraph reports its errors here instead of aborting plein. */
static void setup_igraph(uint64_t seed)
{
	igraph_set_error_handler(igraph_error_handler_printignore);
	igraph_set_warning_handler(igraph_warning_handler_ignore);
	igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)seed);
}

static int make_graph(igraph_t *ig, size_t n, const struct insight_edge *e, size_t m, bool directed, igraph_vector_t *w)
{
	igraph_vector_int_t ev;
	if (igraph_vector_int_init(&ev, (igraph_integer_t)(2 * m)))
		return PLEIN_ERROR;
	for (size_t i = 0; i < m; i++) {
		VECTOR(ev)[2 * i] = e[i].a;
		VECTOR(ev)[2 * i + 1] = e[i].b;
	}
	igraph_error_t err = igraph_create(ig, &ev, (igraph_integer_t)n, directed);
	igraph_vector_int_destroy(&ev);
	if (err)
		return PLEIN_ERROR;
	if (!w)
		return PLEIN_OK;
	if (igraph_vector_init(w, (igraph_integer_t)m)) {
		igraph_destroy(ig);
		return PLEIN_ERROR;
	}
	for (size_t i = 0; i < m; i++)
		VECTOR(*w)[i] = e[i].w;
	return PLEIN_OK;
}

static int compute_pagerank(struct insight_analysis *an)
{
	const struct insight_graph *g = an->g;
	igraph_t ig;
	igraph_vector_t w, res;
	if (make_graph(&ig, g->n, g->edges, g->n_edges, true, &w))
		return PLEIN_ERROR;
	int rc = PLEIN_ERROR;
	if (igraph_vector_init(&res, 0) == IGRAPH_SUCCESS) {
		if (igraph_pagerank(&ig, IGRAPH_PAGERANK_ALGO_PRPACK, &res, NULL, igraph_vss_all(), true, 0.85, &w, NULL) ==
		    IGRAPH_SUCCESS) {
			for (size_t i = 0; i < g->n; i++)
				an->pagerank[i] = VECTOR(res)[i];
			rc = PLEIN_OK;
		}
		igraph_vector_destroy(&res);
	}
	igraph_vector_destroy(&w);
	igraph_destroy(&ig);
	return rc;
}

/* Ties per person and the distinct other departments among them. */
static void count_ties(struct insight_analysis *an)
{
	const struct insight_graph *g = an->g;
	size_t n = g->n;
	size_t *off = xcalloc(n + 1, sizeof *off);
	for (size_t i = 0; i < an->n_ties; i++) {
		off[an->ties[i].a + 1]++;
		off[an->ties[i].b + 1]++;
	}
	for (size_t v = 0; v < n; v++)
		off[v + 1] += off[v];
	uint32_t *adj = xmalloc(st_mult(off[n] ? off[n] : 1, sizeof *adj));
	size_t *pos = xmalloc(st_mult(n ? n : 1, sizeof *pos));
	memcpy(pos, off, n * sizeof *pos);
	for (size_t i = 0; i < an->n_ties; i++) {
		adj[pos[an->ties[i].a]++] = an->ties[i].b;
		adj[pos[an->ties[i].b]++] = an->ties[i].a;
	}
	uint32_t *stamp = xcalloc(g->n_depts ? g->n_depts : 1, sizeof *stamp);
	for (size_t v = 0; v < n; v++) {
		an->n_ties_of[v] = (int32_t)(off[v + 1] - off[v]);
		int reached = 0;
		for (size_t k = off[v]; k < off[v + 1]; k++) {
			int32_t d = g->dept[adj[k]];
			if (d >= 0 && d != g->dept[v] && stamp[d] != v + 1) {
				stamp[d] = (uint32_t)(v + 1);
				reached++;
			}
		}
		an->depts_reached[v] = reached;
	}
	free(stamp);
	free(pos);
	free(adj);
	free(off);
}

/* Betweenness from k sampled sources scaled by n / k (exact when k ≥ n;
 * by default k fits INSIGHT_BETWEENNESS_WORK), in batches so progress
 * shows and a stop is honoured. Hop distances: a tie is a tie, whatever
 * its weight. */
static int compute_betweenness(struct insight_analysis *an, const igraph_t *ig, const struct insight_progress *pr)
{
	size_t n = an->g->n;
	size_t k = (size_t)an->o->betweenness_samples;
	if (an->o->betweenness_samples <= 0) {
		double fit = INSIGHT_BETWEENNESS_WORK / ((double)n + 2.0 * (double)an->n_ties);
		k = fit > INSIGHT_DEFAULT_SAMPLES ? (fit < (double)n ? (size_t)fit : n) : INSIGHT_DEFAULT_SAMPLES;
	}
	if (k >= n)
		k = n;
	an->exact = k == n;
	an->samples = (int)k;
	if (!n)
		return PLEIN_OK;
	igraph_integer_t *perm = xmalloc(st_mult(n, sizeof *perm));
	for (size_t i = 0; i < n; i++)
		perm[i] = (igraph_integer_t)i;
	for (size_t i = 0; i < k && !an->exact; i++) {
		size_t j = i + (size_t)igraph_rng_get_integer(igraph_rng_default(), 0, (igraph_integer_t)(n - 1 - i));
		igraph_integer_t t = perm[i];
		perm[i] = perm[j];
		perm[j] = t;
	}
	int rc = PLEIN_OK;
	igraph_vector_t res;
	if (igraph_vector_init(&res, 0)) {
		free(perm);
		return PLEIN_ERROR;
	}
	for (size_t done = 0; done < k && rc == PLEIN_OK; done += BETWEENNESS_BATCH) {
		size_t b = k - done < BETWEENNESS_BATCH ? k - done : BETWEENNESS_BATCH;
		igraph_vector_int_t src;
		igraph_vector_int_view(&src, perm + done, (igraph_integer_t)b);
		if (igraph_betweenness_subset(ig, &res, igraph_vss_all(), false, igraph_vss_vector(&src), igraph_vss_all(),
		                              NULL) != IGRAPH_SUCCESS) {
			rc = PLEIN_ERROR;
			break;
		}
		for (size_t v = 0; v < n; v++)
			an->betweenness[v] += VECTOR(res)[v];
		if (insight_progress_report(pr, N_("Finding the bridge-builders"), 30 + (int)(50 * (done + b) / k)))
			rc = PLEIN_ERROR;
	}
	igraph_vector_destroy(&res);
	free(perm);
	double scale = (double)n / (double)k;
	for (size_t v = 0; v < n && !an->exact; v++)
		an->betweenness[v] *= scale;
	return rc;
}

static int cmp_size_desc(const void *x, const void *y)
{
	const int64_t *a = x, *b = y;   /* (size, old id) */
	if (a[0] != b[0])
		return a[0] > b[0] ? -1 : 1;
	return a[1] < b[1] ? -1 : a[1] > b[1];
}

/* Leiden with the modularity objective (resolution 1/2m, node weights =
 * strengths) on the weighted ties; renumbered largest first; people
 * without ties get -1. NMI against departments over people with ties. */
static int compute_communities(struct insight_analysis *an, const igraph_t *ig, const igraph_vector_t *w)
{
	const struct insight_graph *g = an->g;
	size_t n = g->n;
	for (size_t v = 0; v < n; v++)
		an->community[v] = -1;
	if (!an->n_ties)
		return PLEIN_OK;
	igraph_vector_t strength;
	igraph_vector_int_t memb;
	if (igraph_vector_init(&strength, 0))
		return PLEIN_ERROR;
	if (igraph_vector_int_init(&memb, 0)) {
		igraph_vector_destroy(&strength);
		return PLEIN_ERROR;
	}
	int rc = PLEIN_ERROR;
	igraph_integer_t nc = 0;
	double total = 0;
	for (size_t i = 0; i < an->n_ties; i++)
		total += an->ties[i].w;
	if (igraph_strength(ig, &strength, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS, w) ||
	    igraph_community_leiden(ig, w, &strength, 1.0 / (2.0 * total), 0.01, false, -1, &memb, &nc, NULL) ||
	    igraph_modularity(ig, &memb, w, 1.0, false, &an->modularity))
		goto out;
	int64_t (*order)[2] = xcalloc((size_t)nc ? (size_t)nc : 1, sizeof *order);
	for (igraph_integer_t c = 0; c < nc; c++)
		order[c][1] = c;
	for (size_t v = 0; v < n; v++)
		if (an->n_ties_of[v] > 0)
			order[VECTOR(memb)[v]][0]++;
	sort_array(order, (size_t)nc, sizeof *order, cmp_size_desc);
	int32_t *renum = xmalloc(st_mult((size_t)nc ? (size_t)nc : 1, sizeof *renum));
	an->community_size = xcalloc((size_t)nc ? (size_t)nc : 1, sizeof *an->community_size);
	an->n_communities = 0;
	for (igraph_integer_t c = 0; c < nc; c++) {
		renum[order[c][1]] = order[c][0] > 0 ? (int32_t)c : -1;
		if (order[c][0] > 0)
			an->community_size[an->n_communities++] = (int32_t)order[c][0];
	}
	for (size_t v = 0; v < n; v++)
		if (an->n_ties_of[v] > 0)
			an->community[v] = renum[VECTOR(memb)[v]];
	free(renum);
	free(order);
	/* NMI over the people with ties; no department is a label of its own */
	igraph_vector_int_t c1, c2;
	size_t m = 0;
	if (igraph_vector_int_init(&c1, 0))
		goto out;
	if (igraph_vector_int_init(&c2, 0)) {
		igraph_vector_int_destroy(&c1);
		goto out;
	}
	for (size_t v = 0; v < n; v++)
		if (an->community[v] >= 0) {
			if (igraph_vector_int_push_back(&c1, an->community[v]) ||
			    igraph_vector_int_push_back(&c2, g->dept[v] >= 0 ? g->dept[v] : (igraph_integer_t)g->n_depts))
				break;
			m++;
		}
	an->nmi = 0;
	rc = PLEIN_OK;
	if (m > 1 && igraph_compare_communities(&c1, &c2, &an->nmi, IGRAPH_COMMCMP_NMI))
		rc = PLEIN_ERROR;
	igraph_vector_int_destroy(&c1);
	igraph_vector_int_destroy(&c2);
out:
	igraph_vector_int_destroy(&memb);
	igraph_vector_destroy(&strength);
	return rc;
}

static int analyse_ties(struct insight_analysis *an, const struct insight_progress *pr)
{
	igraph_t ig;
	igraph_vector_t w;
	if (make_graph(&ig, an->g->n, an->ties, an->n_ties, false, &w))
		return PLEIN_ERROR;
	int rc = compute_betweenness(an, &ig, pr);
	if (rc == PLEIN_OK && insight_progress_report(pr, N_("Finding communities"), 80))
		rc = PLEIN_ERROR;
	if (rc == PLEIN_OK)
		rc = compute_communities(an, &ig, &w);
	igraph_vector_destroy(&w);
	igraph_destroy(&ig);
	return rc;
}

int insight_layout(size_t n, const struct insight_edge *e, size_t m, double *xy)
{
	if (n == 0)
		return PLEIN_OK;
	if (n == 1) {
		xy[0] = xy[1] = 0.5;
		return PLEIN_OK;
	}
	igraph_t ig;
	igraph_vector_t w;
	igraph_matrix_t pos;
	if (make_graph(&ig, n, e, m, false, &w))
		return PLEIN_ERROR;
	int rc = PLEIN_ERROR;
	if (igraph_matrix_init(&pos, 0, 0) == IGRAPH_SUCCESS) {
		if (igraph_layout_fruchterman_reingold(&ig, &pos, false, 500, sqrt((double)n), IGRAPH_LAYOUT_NOGRID,
		                                       m ? &w : NULL, NULL, NULL, NULL, NULL) == IGRAPH_SUCCESS) {
			double lo[2] = {HUGE_VAL, HUGE_VAL}, hi[2] = {-HUGE_VAL, -HUGE_VAL};
			for (size_t i = 0; i < n; i++)
				for (int d = 0; d < 2; d++) {
					double x = MATRIX(pos, i, d);
					lo[d] = x < lo[d] ? x : lo[d];
					hi[d] = x > hi[d] ? x : hi[d];
				}
			for (size_t i = 0; i < n; i++)
				for (int d = 0; d < 2; d++)
					xy[2 * i + d] = hi[d] - lo[d] > 1e-12 ? 0.05 + 0.9 * (MATRIX(pos, i, d) - lo[d]) / (hi[d] - lo[d]) : 0.5;
			rc = PLEIN_OK;
		}
		igraph_matrix_destroy(&pos);
	}
	igraph_vector_destroy(&w);
	igraph_destroy(&ig);
	return rc;
}

int insight_network_analyse(const struct insight_graph *g, const struct insight_options *o,
                            const struct insight_progress *pr, struct insight_network *out)
{
	memset(out, 0, sizeof *out);
	setup_igraph(o->seed);
	size_t n = g->n, n1 = n ? n : 1;
	struct insight_analysis an = {.g = g, .o = o};
	an.pagerank = xcalloc(n1, sizeof *an.pagerank);
	an.betweenness = xcalloc(n1, sizeof *an.betweenness);
	an.n_ties_of = xcalloc(n1, sizeof *an.n_ties_of);
	an.depts_reached = xcalloc(n1, sizeof *an.depts_reached);
	an.community = xcalloc(n1, sizeof *an.community);
	an.flags = xcalloc(n1, sizeof *an.flags);
	int rc = PLEIN_ERROR;
	if (insight_progress_report(pr, N_("Finding the influencers"), 0))
		goto out;
	if (n && compute_pagerank(&an)) {
		fprintf(stderr, "plein: insight: PageRank failed\n");
		goto out;
	}
	if (insight_progress_report(pr, N_("Finding the bridge-builders"), 25))
		goto out;
	an.n_ties = insight_graph_ties(g, &an.ties);
	count_ties(&an);
	if (n && analyse_ties(&an, pr)) {
		fprintf(stderr, "plein: insight: betweenness or communities failed\n");
		goto out;
	}
	if (insight_progress_report(pr, N_("Summing up"), 90))
		goto out;
	rc = insight_network_json(&an, out);
	if (rc == PLEIN_OK && insight_progress_report(pr, N_("Summing up"), 100))
		rc = PLEIN_ERROR;
out:
	if (rc != PLEIN_OK)
		insight_network_free(out);
	free(an.ties);
	free(an.pagerank);
	free(an.betweenness);
	free(an.n_ties_of);
	free(an.depts_reached);
	free(an.community);
	free(an.community_size);
	free(an.flags);
	return rc;
}

int insight_network_compute(struct db *db, const struct insight_options *o, const struct insight_progress *pr,
                            struct insight_network *out)
{
	memset(out, 0, sizeof *out);
	struct insight_graph g;
	int from = pr ? pr->from : 0, to = pr && pr->to > pr->from ? pr->to : 100;
	struct insight_progress half = {pr ? pr->report : NULL, pr ? pr->ctx : NULL, from, from + (to - from) * 45 / 100};
	int rc = insight_graph_collect(db, o, &half, &g);
	if (rc != PLEIN_OK)
		return rc;
	half.from = half.to;
	half.to = to;
	rc = insight_network_analyse(&g, o, &half, out);
	insight_graph_free(&g);
	return rc;
}

void insight_network_free(struct insight_network *n)
{
	json_decref(n->aggregates);
	json_decref(n->people_graph);
	json_decref(n->summary);
	free(n->people);
	memset(n, 0, sizeof *n);
}

/* insight_network_json.c — what the analysis of core/insight_network.c
 * becomes: each person's row (ranks, flags, ambassador score), the admins'
 * people picture, and the aggregates that never name anyone (departments of
 * at least INSIGHT_MIN_GROUP people, smaller ones merged, their matrix,
 * quiet pairs and layout, communities), as docs/design-insight.md shapes
 * them. */
#include <math.h>
#include "lib/common.h"
#include "core/insight_network.h"

#define COMMUNITY_LIST_MAX 50

static double r4(double x)
{
	return isfinite(x) ? round(x * 10000.0) / 10000.0 : 0.0;
}

static int cmp_desc_ctx(const void *x, const void *y, void *ctx)
{
	const double *val = ctx;
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	if (val[a] != val[b])
		return val[a] > val[b] ? -1 : 1;
	return a < b ? -1 : a > b;    /* vertex order is person id order */
}

/* order[i]: the vertex ranked i + 1 by val, highest first. */
static uint32_t *rank_order(const double *val, size_t n)
{
	uint32_t *order = xmalloc(st_mult(n ? n : 1, sizeof *order));
	for (size_t i = 0; i < n; i++)
		order[i] = (uint32_t)i;
	if (n > 1)
		qsort_r(order, n, sizeof *order, cmp_desc_ctx, (void *)val);
	return order;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return a < b ? -1 : a > b;
}

/* pct[v]: the share of the others with a strictly lower value (0..1). */
static void percentiles(const double *val, size_t n, double *pct)
{
	double *s = xmalloc(st_mult(n ? n : 1, sizeof *s));
	memcpy(s, val, n * sizeof *s);
	sort_array(s, n, sizeof *s, cmp_double);
	for (size_t v = 0; v < n; v++) {
		size_t lo = 0, hi = n;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (s[mid] < val[v])
				lo = mid + 1;
			else
				hi = mid;
		}
		pct[v] = n > 1 ? (double)lo / (double)(n - 1) : 0.0;
	}
	free(s);
}

static void build_people(const struct insight_analysis *an, struct insight_network *out)
{
	const struct insight_graph *g = an->g;
	size_t n = g->n;
	struct insight_person *p = xcalloc(n ? n : 1, sizeof *p);
	uint32_t *order = rank_order(an->pagerank, n);
	for (size_t i = 0; i < n; i++)
		p[order[i]].pagerank_rank = (int)i + 1;
	free(order);
	order = rank_order(an->betweenness, n);
	size_t top = (n + 99) / 100;  /* the top 1 % */
	for (size_t i = 0; i < n; i++) {
		p[order[i]].betweenness_rank = (int)i + 1;
		if (i < top && an->betweenness[order[i]] > 0 && an->depts_reached[order[i]] >= 3)
			an->flags[order[i]] |= INSIGHT_BRIDGE;
	}
	free(order);
	double *val = xmalloc(st_mult(n ? n : 1, sizeof *val)), *amb = xcalloc(n ? n : 1, sizeof *amb);
	double *pct = xmalloc(st_mult(n ? n : 1, sizeof *pct));
	for (int k = 0; k < 3; k++) {
		for (size_t v = 0; v < n; v++)
			val[v] = k == 0 ? g->activity[v] : k == 1 ? an->pagerank[v] : g->helpful[v];
		percentiles(val, n, pct);
		for (size_t v = 0; v < n; v++)
			amb[v] += pct[v] / 3.0;
	}
	for (size_t v = 0; v < n; v++)
		amb[v] = r4(amb[v]);
	order = rank_order(amb, n);
	for (size_t i = 0; i < n; i++)
		p[order[i]].ambassador_rank = (int)i + 1;
	free(order);
	int64_t newcomer_since = an->o->now - (int64_t)INSIGHT_NEWCOMER_DAYS * INSIGHT_DAY_SECONDS;
	for (size_t v = 0; v < n; v++) {
		if (an->n_ties_of[v] == 0)
			an->flags[v] |= INSIGHT_ISOLATED;
		if (g->created_at[v] >= newcomer_since)
			an->flags[v] |= INSIGHT_NEWCOMER;
		p[v].person_id = g->person_id[v];
		p[v].pagerank = an->pagerank[v];
		p[v].betweenness = an->betweenness[v];
		p[v].ties = an->n_ties_of[v];
		p[v].departments = an->depts_reached[v];
		p[v].community = an->community[v];
		p[v].activity = g->activity[v];
		p[v].helpful = g->helpful[v];
		p[v].ambassador = amb[v];
		p[v].flags = an->flags[v];
	}
	free(val);
	free(amb);
	free(pct);
	out->people = p;
	out->n_people = n;
}

/* The people_graph_max most influential people and the ties among them. */
static int build_people_graph(const struct insight_analysis *an, const struct insight_network *net, json_t **out)
{
	const struct insight_graph *g = an->g;
	size_t max = an->o->people_graph_max > 0 ? (size_t)an->o->people_graph_max : 300;
	int32_t *slot = xmalloc(st_mult(g->n ? g->n : 1, sizeof *slot));
	size_t k = 0;
	uint32_t *pick = xmalloc(st_mult(max, sizeof *pick));
	for (size_t v = 0; v < g->n; v++) {
		slot[v] = -1;
		if ((size_t)net->people[v].pagerank_rank <= max)
			pick[net->people[v].pagerank_rank - 1] = (uint32_t)v;
	}
	k = g->n < max ? g->n : max;
	for (size_t i = 0; i < k; i++)
		slot[pick[i]] = (int32_t)i;
	struct insight_edge *e = NULL;
	size_t m = 0, cap = 0;
	for (size_t i = 0; i < an->n_ties; i++) {
		int32_t a = slot[an->ties[i].a], b = slot[an->ties[i].b];
		if (a < 0 || b < 0)
			continue;
		if (m == cap) {
			cap = cap ? cap * 2 : 256;
			e = xrealloc(e, st_mult(cap, sizeof *e));
		}
		e[m++] = (struct insight_edge){(uint32_t)a, (uint32_t)b, an->ties[i].w};
	}
	double *xy = xcalloc(2 * (k ? k : 1), sizeof *xy);
	int rc = insight_layout(k, e, m, xy);
	if (rc == PLEIN_OK) {
		json_t *nodes = json_array(), *edges = json_array();
		for (size_t i = 0; i < k; i++) {
			uint32_t v = pick[i];
			json_array_append_new(nodes, json_pack("{sI sf sf ss si si}", "id", (json_int_t)g->person_id[v], "x", r4(xy[2 * i]),
			                                       "y", r4(xy[2 * i + 1]), "department",
			                                       g->dept[v] >= 0 ? g->dept_names[g->dept[v]] : "", "community",
			                                       an->community[v], "pagerank_rank", (int)i + 1));
		}
		for (size_t i = 0; i < m; i++)
			json_array_append_new(edges, json_pack("[i i f]", (int)e[i].a, (int)e[i].b, r4(e[i].w)));
		*out = json_pack("{so so}", "nodes", nodes, "edges", edges);
		if (!*out)
			rc = PLEIN_ERROR;
	}
	free(xy);
	free(e);
	free(pick);
	free(slot);
	return rc;
}

/* Departments as shown: those with at least INSIGHT_MIN_GROUP_PEOPLE, then
 * the others and the people without a department merged into one row. The
 * rows add up to the whole (people, isolated, newcomers, bridges, ...), so a
 * merged row under INSIGHT_MIN_GROUP_PEOPLE is not simply dropped — the
 * totals minus the rows shown would give it away — but joined by the
 * smallest shown departments until it is large enough (dropped only when
 * nothing is left to join it: the whole organisation is that small). */
struct depts {
	size_t n;                      /* rows shown */
	bool has_other;                /* the last row is the merged one */
	int32_t *row_of;               /* [g->n] row, -1: not shown */
	const char **name;             /* [n] ("" for the merged row) */
	int64_t *people;
};

static void depts_build(const struct insight_graph *g, struct depts *d)
{
	int64_t *size = xcalloc(g->n_depts + 1, sizeof *size);
	int64_t other = 0;
	for (size_t v = 0; v < g->n; v++) {
		if (g->dept[v] >= 0)
			size[g->dept[v]]++;
		else
			other++;
	}
	bool *merged = xcalloc(g->n_depts + 1, sizeof *merged);
	for (size_t i = 0; i < g->n_depts; i++)
		if (size[i] < INSIGHT_MIN_GROUP_PEOPLE) {
			merged[i] = true;
			other += size[i];
		}
	while (other > 0 && other < INSIGHT_MIN_GROUP_PEOPLE) {
		size_t pick = g->n_depts;
		for (size_t i = 0; i < g->n_depts; i++)
			if (!merged[i] && (pick == g->n_depts || size[i] < size[pick]))
				pick = i;
		if (pick == g->n_depts)
			break;
		merged[pick] = true;
		other += size[pick];
	}
	int32_t *row = xmalloc((g->n_depts + 1) * sizeof *row);
	d->n = 0;
	for (size_t i = 0; i < g->n_depts; i++)
		if (!merged[i])
			row[i] = (int32_t)d->n++;
	d->has_other = other >= INSIGHT_MIN_GROUP_PEOPLE;
	size_t rows = d->n + (d->has_other ? 1 : 0);
	d->name = xcalloc(rows ? rows : 1, sizeof *d->name);
	d->people = xcalloc(rows ? rows : 1, sizeof *d->people);
	int32_t other_row = d->has_other ? (int32_t)d->n : -1;
	for (size_t i = 0; i < g->n_depts; i++)
		if (merged[i])
			row[i] = other_row;
		else
			d->name[row[i]] = g->dept_names[i];
	if (d->has_other)
		d->name[d->n] = "";
	d->n = rows;
	d->row_of = xmalloc(st_mult(g->n ? g->n : 1, sizeof *d->row_of));
	for (size_t v = 0; v < g->n; v++) {
		d->row_of[v] = g->dept[v] >= 0 ? row[g->dept[v]] : other_row;
		if (d->row_of[v] >= 0)
			d->people[d->row_of[v]]++;
	}
	free(row);
	free(merged);
	free(size);
}

static void depts_free(struct depts *d)
{
	free(d->row_of);
	free(d->name);
	free(d->people);
}

static int cmp_quiet(const void *x, const void *y)
{
	const double *a = x, *b = y;   /* ratio, expected, i, j */
	if (a[0] != b[0])
		return a[0] < b[0] ? -1 : 1;
	if (a[1] != b[1])
		return a[1] > b[1] ? -1 : 1;
	return a[2] != b[2] ? (a[2] < b[2] ? -1 : 1) : (a[3] < b[3] ? -1 : a[3] > b[3]);
}

static json_t *dept_name_json(const struct depts *d, size_t i)
{
	return json_string(d->name[i]);
}

static int build_departments(const struct insight_analysis *an, const struct depts *d, json_t *agg)
{
	const struct insight_graph *g = an->g;
	size_t D = d->n, D1 = D ? D : 1;
	int64_t *ties = xcalloc(st_mult(D1, D1), sizeof *ties);
	double *weight = xcalloc(st_mult(D1, D1), sizeof *weight);
	for (size_t i = 0; i < an->n_ties; i++) {
		int32_t a = d->row_of[an->ties[i].a], b = d->row_of[an->ties[i].b];
		if (a < 0 || b < 0)
			continue;
		ties[a * D + b]++;
		weight[a * D + b] += an->ties[i].w;
		if (a != b) {
			ties[b * D + a]++;
			weight[b * D + a] += an->ties[i].w;
		}
	}
	/* layout of the department graph: ties between departments */
	struct insight_edge *de = xmalloc(st_mult(D1 * D1, sizeof *de));
	size_t dm = 0;
	for (size_t a = 0; a < D; a++)
		for (size_t b = a + 1; b < D; b++)
			if (ties[a * D + b])
				de[dm++] = (struct insight_edge){(uint32_t)a, (uint32_t)b, (float)ties[a * D + b]};
	double *xy = xcalloc(2 * D1, sizeof *xy);
	int rc = insight_layout(D, de, dm, xy);
	free(de);
	int64_t *iso = xcalloc(D1, sizeof *iso), *newc = xcalloc(D1, sizeof *newc), *bridges = xcalloc(D1, sizeof *bridges);
	double *prs = xcalloc(D1, sizeof *prs);
	for (size_t v = 0; v < g->n; v++) {
		int32_t r = d->row_of[v];
		if (r < 0)
			continue;
		iso[r] += (an->flags[v] & INSIGHT_ISOLATED) != 0;
		newc[r] += (an->flags[v] & INSIGHT_NEWCOMER) && an->n_ties_of[v] < 2;
		bridges[r] += (an->flags[v] & INSIGHT_BRIDGE) != 0;
		prs[r] += an->pagerank[v];
	}
	json_t *list = json_array(), *names = json_array(), *mt = json_array(), *mw = json_array();
	for (size_t a = 0; a < D; a++) {
		int64_t outside = 0;
		int reached = 0;
		json_t *rt = json_array(), *rw = json_array();
		for (size_t b = 0; b < D; b++) {
			json_array_append_new(rt, json_integer(ties[a * D + b]));
			json_array_append_new(rw, json_real(r4(weight[a * D + b])));
			if (b != a) {
				outside += ties[a * D + b];
				reached += ties[a * D + b] > 0;
			}
		}
		json_array_append_new(mt, rt);
		json_array_append_new(mw, rw);
		int64_t inside = ties[a * D + a];
		json_t *row = json_pack("{so sI sI sI sf si sI sI sf sI sf sf}", "name", dept_name_json(d, a), "people",
		                        (json_int_t)d->people[a], "ties_inside", (json_int_t)inside, "ties_outside",
		                        (json_int_t)outside, "openness",
		                        inside + outside ? r4((double)outside / (double)(inside + outside)) : 0.0,
		                        "departments_reached", reached, "isolated", (json_int_t)iso[a], "newcomers_unconnected",
		                        (json_int_t)newc[a], "pagerank_share", r4(prs[a]), "bridges", (json_int_t)bridges[a], "x",
		                        r4(xy[2 * a]), "y", r4(xy[2 * a + 1]));
		if (d->has_other && a == D - 1)
			json_object_set_new(row, "other", json_true());
		json_array_append_new(list, row);
		json_array_append_new(names, dept_name_json(d, a));
	}
	json_object_set_new(agg, "departments", list);
	json_object_set_new(agg, "matrix", json_pack("{so so so}", "names", names, "ties", mt, "weight", mw));
	/* quiet pairs: named departments only; expected from sizes if the ties
	 * were spread evenly over all pairs of people */
	size_t named = d->has_other ? D - 1 : D;
	double N = (double)g->n, pairs = N * (N - 1) / 2.0, T = (double)an->n_ties;
	double (*q)[4] = xmalloc(st_mult(named * named / 2 + 1, sizeof *q));
	size_t nq = 0;
	for (size_t a = 0; a < named; a++)
		for (size_t b = a + 1; b < named; b++) {
			double expected = pairs > 0 ? T * (double)d->people[a] * (double)d->people[b] / pairs : 0;
			if (expected < 1.0)
				continue;   /* too few ties expected to call their absence quiet */
			q[nq][0] = (double)ties[a * D + b] / expected;
			q[nq][1] = expected;
			q[nq][2] = (double)a;
			q[nq][3] = (double)b;
			nq++;
		}
	sort_array(q, nq, sizeof *q, cmp_quiet);
	json_t *quiet = json_array();
	for (size_t i = 0; i < nq && i < INSIGHT_QUIET_PAIRS; i++) {
		size_t a = (size_t)q[i][2], b = (size_t)q[i][3];
		json_array_append_new(quiet, json_pack("{so so sI sf sf}", "a", dept_name_json(d, a), "b", dept_name_json(d, b), "ties",
		                                       (json_int_t)ties[a * D + b], "expected", r4(q[i][1]), "ratio", r4(q[i][0])));
	}
	json_object_set_new(agg, "quiet_pairs", quiet);
	free(q);
	free(iso);
	free(newc);
	free(bridges);
	free(prs);
	free(xy);
	free(ties);
	free(weight);
	return rc;
}

static json_t *build_communities(const struct insight_analysis *an, const struct depts *d, size_t *count_out)
{
	const struct insight_graph *g = an->g;
	size_t count = 0, small = 0;
	for (size_t c = 0; c < an->n_communities; c++) {
		if (an->community_size[c] >= INSIGHT_MIN_GROUP_PEOPLE)
			count++;
		else
			small++;
	}
	*count_out = count;
	size_t listed = count < COMMUNITY_LIST_MAX ? count : COMMUNITY_LIST_MAX, D = d->n;
	int64_t *share = xcalloc(st_mult(listed ? listed : 1, D ? D : 1), sizeof *share);
	for (size_t v = 0; v < g->n; v++) {
		int32_t c = an->community[v], r = d->row_of[v];
		if (c >= 0 && (size_t)c < listed && r >= 0)
			share[(size_t)c * D + (size_t)r]++;
	}
	json_t *list = json_array();
	for (size_t c = 0; c < listed; c++) {
		json_t *deps = json_array();
		for (int top = 0; top < 3; top++) {
			size_t best = D;
			for (size_t r = 0; r < D; r++)
				if (share[c * D + r] > 0 && (best == D || share[c * D + r] > share[c * D + best]))
					best = r;
			if (best == D)
				break;
			json_t *row = json_pack("{so sf}", "name", dept_name_json(d, best), "share",
			                        r4((double)share[c * D + best] / an->community_size[c]));
			if (d->has_other && best == D - 1)
				json_object_set_new(row, "other", json_true());
			json_array_append_new(deps, row);
			share[c * D + best] = 0;
		}
		json_array_append_new(list, json_pack("{sI sI so}", "id", (json_int_t)c, "size", (json_int_t)an->community_size[c],
		                                      "departments", deps));
	}
	free(share);
	return json_pack("{ss sI sI sf sf so}", "algorithm", "leiden", "count", (json_int_t)count, "small", (json_int_t)small,
	                 "modularity", r4(an->modularity), "nmi_departments", r4(an->nmi), "list", list);
}

int insight_network_json(const struct insight_analysis *an, struct insight_network *out)
{
	const struct insight_graph *g = an->g;
	build_people(an, out);
	int rc = build_people_graph(an, out, &out->people_graph);
	if (rc != PLEIN_OK)
		return rc;
	struct depts d;
	depts_build(g, &d);
	json_t *agg = json_object(), *by_kind = json_object(), *weights = json_object();
	for (int k = 0; k < INSIGHT_KINDS; k++) {
		json_object_set_new(by_kind, insight_kind_names[k], json_integer(g->by_kind[k]));
		json_object_set_new(weights, insight_kind_names[k], json_real(insight_kind_weights[k]));
	}
	int64_t isolated = 0, newcomers = 0, unconnected = 0;
	for (size_t v = 0; v < g->n; v++) {
		isolated += (an->flags[v] & INSIGHT_ISOLATED) != 0;
		newcomers += (an->flags[v] & INSIGHT_NEWCOMER) != 0;
		unconnected += (an->flags[v] & INSIGHT_NEWCOMER) && an->n_ties_of[v] < 2;
	}
	json_object_set_new(agg, "people", json_integer((json_int_t)g->n));
	json_object_set_new(agg, "ties", json_integer((json_int_t)an->n_ties));
	json_object_set_new(agg, "interactions", json_integer(g->interactions));
	json_object_set_new(agg, "by_kind", by_kind);
	json_object_set_new(agg, "weights", weights);
	json_object_set_new(agg, "half_life_days", json_integer(an->o->half_life_days));
	rc = build_departments(an, &d, agg);
	size_t communities = 0;
	json_object_set_new(agg, "communities", build_communities(an, &d, &communities));
	json_object_set_new(agg, "betweenness", json_pack("{si sI sb}", "samples", an->samples, "people", (json_int_t)g->n,
	                                                  "exact", an->exact));
	json_object_set_new(agg, "isolated", json_integer(isolated));
	json_object_set_new(agg, "newcomers", json_integer(newcomers));
	json_object_set_new(agg, "newcomers_unconnected", json_integer(unconnected));
	out->aggregates = agg;
	out->summary = json_pack("{sI sI sI sf sf sI sI}", "people", (json_int_t)g->n, "ties", (json_int_t)an->n_ties,
	                         "communities", (json_int_t)communities, "modularity", r4(an->modularity), "nmi_departments",
	                         r4(an->nmi), "isolated", (json_int_t)isolated, "newcomers_unconnected", (json_int_t)unconnected);
	depts_free(&d);
	if (!out->summary || !out->people_graph)
		rc = PLEIN_ERROR;
	return rc;
}

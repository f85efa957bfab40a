/* test_insight_network.c — the network figures on small fixed graphs with
 * hand-computed expectations: betweenness of a star and a path, two
 * cliques joined by one tie (two communities, modularity, NMI 1, the
 * matrix and the quiet pair), a hub reaching four departments (the one
 * bridge-builder), PageRank against NetworkX, isolated people and
 * newcomers, small departments merged or dropped; and the collection from
 * a database: weights, decay, and what never counts (secret groups,
 * anonymous authors, deleted posts, guests, people never activated). */
#include "unit.h"
#include <math.h>
#include "core/people.h"
#include "core/insight_graph.h"

#define DAY 86400
#define NOW (int64_t)1790000000

/* A graph built by hand: n people (ids 101..), departments by letter. */
struct hand {
	struct insight_graph g;
	size_t cap;
};

static void hand_init(struct hand *h, size_t n, const char *depts, const char *const *names, size_t n_names)
{
	memset(h, 0, sizeof *h);
	struct insight_graph *g = &h->g;
	g->n = n;
	g->person_id = calloc(n, sizeof(int64_t));
	g->created_at = calloc(n, sizeof(int64_t));
	g->dept = calloc(n, sizeof(int32_t));
	g->activity = calloc(n, sizeof(int32_t));
	g->helpful = calloc(n, sizeof(int32_t));
	g->dept_names = calloc(n_names ? n_names : 1, sizeof(char *));
	for (size_t i = 0; i < n_names; i++)
		g->dept_names[i] = strdup(names[i]);
	g->n_depts = n_names;
	for (size_t v = 0; v < n; v++) {
		g->person_id[v] = 101 + (int64_t)v;
		g->created_at[v] = NOW - 400 * DAY;
		g->dept[v] = depts && depts[v] != '-' ? depts[v] - 'A' : -1;
	}
}

static void edge(struct hand *h, uint32_t a, uint32_t b, float w)
{
	struct insight_graph *g = &h->g;
	if (g->n_edges == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 64;
		g->edges = realloc(g->edges, h->cap * sizeof *g->edges);
	}
	g->edges[g->n_edges++] = (struct insight_edge){a, b, w};
}

static void tie(struct hand *h, uint32_t a, uint32_t b)
{
	edge(h, a, b, 1.0f);
}

static void analyse(struct hand *h, struct insight_network *net)
{
	h->g.n_edges = insight_edges_sort_merge(h->g.edges, h->g.n_edges, h->g.n);
	struct insight_options o;
	insight_options_default(&o, NOW);
	assert_int_equal(insight_network_analyse(&h->g, &o, NULL, net), PLEIN_OK);
}

static void hand_free(struct hand *h, struct insight_network *net)
{
	insight_network_free(net);
	insight_graph_free(&h->g);
}

static double num(json_t *o, const char *path)
{
	json_t *v = o;
	char buf[128];
	snprintf(buf, sizeof buf, "%s", path);
	for (char *save = NULL, *k = strtok_r(buf, ".", &save); k; k = strtok_r(NULL, ".", &save))
		v = json_object_get(v, k);
	assert_non_null(v);
	return json_number_value(v);
}

static void test_star(void **state)
{
	(void)state;
	struct hand h;
	struct insight_network net;
	hand_init(&h, 5, NULL, NULL, 0);
	for (uint32_t leaf = 1; leaf < 5; leaf++)
		tie(&h, leaf, 0);
	analyse(&h, &net);
	/* the centre lies on the one shortest path between each of the C(4,2) = 6 pairs of leaves */
	assert_float_equal(net.people[0].betweenness, 6.0, 1e-9);
	assert_int_equal(net.people[0].betweenness_rank, 1);
	for (int leaf = 1; leaf < 5; leaf++) {
		assert_float_equal(net.people[leaf].betweenness, 0.0, 1e-9);
		assert_int_equal(net.people[leaf].ties, 1);
	}
	assert_int_equal(net.people[0].ties, 4);
	assert_int_equal(net.people[0].pagerank_rank, 1);   /* everyone points at the centre */
	assert_true(json_is_true(json_object_get(json_object_get(net.aggregates, "betweenness"), "exact")));
	hand_free(&h, &net);
}

/* two sampled sources of five: each leaf source sees 3 leaf pairs through
 * the centre (counted half, as undirected), scaled by 5 / 2 */
static void test_star_sampled(void **state)
{
	(void)state;
	struct hand h;
	struct insight_network net;
	hand_init(&h, 5, NULL, NULL, 0);
	for (uint32_t leaf = 1; leaf < 5; leaf++)
		tie(&h, leaf, 0);
	h.g.n_edges = insight_edges_sort_merge(h.g.edges, h.g.n_edges, h.g.n);
	struct insight_options o;
	insight_options_default(&o, NOW);
	o.betweenness_samples = 2;
	assert_int_equal(insight_network_analyse(&h.g, &o, NULL, &net), PLEIN_OK);
	double c = net.people[0].betweenness;
	assert_true(fabs(c - 7.5) < 1e-9 || fabs(c - 3.75) < 1e-9);
	for (int leaf = 1; leaf < 5; leaf++)
		assert_float_equal(net.people[leaf].betweenness, 0.0, 1e-9);
	json_t *b = json_object_get(net.aggregates, "betweenness");
	assert_false(json_is_true(json_object_get(b, "exact")));
	assert_int_equal((int)num(b, "samples"), 2);
	/* the same seed, the same sample */
	struct insight_network again;
	assert_int_equal(insight_network_analyse(&h.g, &o, NULL, &again), PLEIN_OK);
	assert_float_equal(again.people[0].betweenness, c, 1e-12);
	insight_network_free(&again);
	hand_free(&h, &net);
}

static void test_path(void **state)
{
	(void)state;
	struct hand h;
	struct insight_network net;
	hand_init(&h, 5, NULL, NULL, 0);
	for (uint32_t v = 0; v < 4; v++)
		tie(&h, v, v + 1);
	analyse(&h, &net);
	static const double expect[5] = {0, 3, 4, 3, 0};   /* pairs each inner person separates */
	for (int v = 0; v < 5; v++)
		assert_float_equal(net.people[v].betweenness, expect[v], 1e-9);
	assert_int_equal(net.people[2].betweenness_rank, 1);
	hand_free(&h, &net);
}

/* two cliques of five (departments A and B) joined by the tie 4 – 5 */
static void two_cliques(struct hand *h)
{
	static const char *const names[] = {"Alpha", "Beta"};
	hand_init(h, 10, "AAAAABBBBB", names, 2);
	for (uint32_t c = 0; c < 10; c += 5)
		for (uint32_t a = c; a < c + 5; a++)
			for (uint32_t b = a + 1; b < c + 5; b++)
				tie(h, a, b);
	tie(h, 4, 5);
}

static void test_two_cliques(void **state)
{
	(void)state;
	struct hand h;
	struct insight_network net;
	two_cliques(&h);
	analyse(&h, &net);
	/* the bridge's ends each separate 4 × 5 = 20 pairs */
	assert_float_equal(net.people[4].betweenness, 20.0, 1e-9);
	assert_float_equal(net.people[5].betweenness, 20.0, 1e-9);
	assert_float_equal(net.people[0].betweenness, 0.0, 1e-9);
	for (int v = 0; v < 5; v++) {
		assert_int_equal(net.people[v].community, net.people[0].community);
		assert_int_equal(net.people[v + 5].community, net.people[5].community);
	}
	assert_int_not_equal(net.people[0].community, net.people[5].community);
	/* reaching one other department is not enough to be a bridge-builder */
	assert_false(net.people[4].flags & INSIGHT_BRIDGE);
	assert_int_equal(net.people[4].departments, 1);
	assert_int_equal(net.people[0].departments, 0);
	json_t *a = net.aggregates;
	assert_int_equal((int)num(a, "ties"), 21);
	assert_int_equal((int)num(a, "communities.count"), 2);
	assert_int_equal((int)num(a, "communities.small"), 0);
	/* m = 21, each side 10 inside with degrees summing to 21: 2 (10/21 - (21/42)^2) */
	assert_float_equal(num(a, "communities.modularity"), 0.4524, 1e-4);
	assert_float_equal(num(a, "communities.nmi_departments"), 1.0, 1e-4);
	json_t *m = json_object_get(a, "matrix");
	assert_string_equal(json_string_value(json_array_get(json_object_get(m, "names"), 0)), "Alpha");
	json_t *ties = json_object_get(m, "ties");
	assert_int_equal(json_integer_value(json_array_get(json_array_get(ties, 0), 0)), 10);
	assert_int_equal(json_integer_value(json_array_get(json_array_get(ties, 0), 1)), 1);
	assert_int_equal(json_integer_value(json_array_get(json_array_get(ties, 1), 0)), 1);
	json_t *d0 = json_array_get(json_object_get(a, "departments"), 0);
	assert_int_equal((int)num(d0, "people"), 5);
	assert_int_equal((int)num(d0, "ties_inside"), 10);
	assert_int_equal((int)num(d0, "ties_outside"), 1);
	assert_float_equal(num(d0, "openness"), 0.0909, 1e-4);
	assert_int_equal((int)num(d0, "departments_reached"), 1);
	/* 21 ties over 45 pairs of people; 25 pairs across: 11.667 expected, 1 seen */
	json_t *q = json_array_get(json_object_get(a, "quiet_pairs"), 0);
	assert_string_equal(json_string_value(json_object_get(q, "a")), "Alpha");
	assert_string_equal(json_string_value(json_object_get(q, "b")), "Beta");
	assert_int_equal((int)num(q, "ties"), 1);
	assert_float_equal(num(q, "expected"), 11.6667, 1e-4);
	assert_float_equal(num(q, "ratio"), 0.0857, 1e-4);
	/* the people picture has everyone (10 < 300) and the 21 ties, laid out in 0..1 */
	json_t *nodes = json_object_get(net.people_graph, "nodes");
	assert_int_equal(json_array_size(nodes), 10);
	assert_int_equal(json_array_size(json_object_get(net.people_graph, "edges")), 21);
	for (size_t i = 0; i < 10; i++) {
		double x = num(json_array_get(nodes, i), "x"), y = num(json_array_get(nodes, i), "y");
		assert_true(x >= 0 && x <= 1 && y >= 0 && y <= 1);
		assert_int_equal((int)num(json_array_get(nodes, i), "pagerank_rank"), (int)i + 1);
	}
	hand_free(&h, &net);
}

/* The department rows add up to the totals: nothing is left to be read
 * by difference. */
static void assert_rows_add_up(json_t *a)
{
	json_t *deps = json_object_get(a, "departments");
	double people = 0, isolated = 0, unconnected = 0;
	for (size_t i = 0; i < json_array_size(deps); i++) {
		json_t *r = json_array_get(deps, i);
		assert_true(num(r, "people") >= 5);
		people += num(r, "people");
		isolated += num(r, "isolated");
		unconnected += num(r, "newcomers_unconnected");
	}
	assert_int_equal((int)people, (int)num(a, "people"));
	assert_int_equal((int)isolated, (int)num(a, "isolated"));
	assert_int_equal((int)unconnected, (int)num(a, "newcomers_unconnected"));
}

/* four cliques of five (A..D) and a hub (E) tied to one member of each */
static void test_bridge_builder(void **state)
{
	(void)state;
	static const char *const names[] = {"A", "B", "C", "D", "E"};
	struct hand h;
	struct insight_network net;
	hand_init(&h, 21, "AAAAABBBBBCCCCCDDDDDE", names, 5);
	for (uint32_t c = 0; c < 20; c += 5) {
		for (uint32_t a = c; a < c + 5; a++)
			for (uint32_t b = a + 1; b < c + 5; b++)
				tie(&h, a, b);
		tie(&h, 20, c);
	}
	analyse(&h, &net);
	/* top 1 % of 21 people is one person: the hub, reaching 4 other departments */
	assert_int_equal(net.people[20].betweenness_rank, 1);
	assert_int_equal(net.people[20].departments, 4);
	assert_true(net.people[20].flags & INSIGHT_BRIDGE);
	for (int v = 0; v < 20; v++)
		assert_false(net.people[v].flags & INSIGHT_BRIDGE);
	/* department E has one person: merged, and the merged row (1) is too
	 * small, so the smallest shown department (A, the first of four of 5)
	 * joins it; dropping it would have left the hub readable as the
	 * difference of the totals and the rows (bridges 1, rows 0) */
	json_t *deps = json_object_get(net.aggregates, "departments");
	assert_int_equal(json_array_size(deps), 4);
	for (size_t i = 0; i < 3; i++) {
		assert_null(json_object_get(json_array_get(deps, i), "other"));
		assert_int_equal((int)num(json_array_get(deps, i), "bridges"), 0);
	}
	assert_string_equal(json_string_value(json_object_get(json_array_get(deps, 0), "name")), "B");
	json_t *other = json_array_get(deps, 3);
	assert_true(json_is_true(json_object_get(other, "other")));
	assert_int_equal((int)num(other, "people"), 6);
	assert_int_equal((int)num(other, "bridges"), 1);
	assert_rows_add_up(net.aggregates);
	hand_free(&h, &net);
}

static void test_pagerank(void **state)
{
	(void)state;
	struct hand h;
	struct insight_network net;
	hand_init(&h, 4, NULL, NULL, 0);
	edge(&h, 0, 1, 1);
	edge(&h, 1, 2, 2);
	edge(&h, 2, 0, 1);
	edge(&h, 0, 2, 3);
	edge(&h, 3, 0, 1);
	analyse(&h, &net);
	/* NetworkX 2.8.8 nx.pagerank(alpha=0.85, weight='weight'); person 3: (1 - 0.85) / 4 */
	assert_float_equal(net.people[0].pagerank, 0.42136, 1e-5);
	assert_float_equal(net.people[1].pagerank, 0.127039, 1e-5);
	assert_float_equal(net.people[2].pagerank, 0.4141, 1e-5);
	assert_float_equal(net.people[3].pagerank, 0.0375, 1e-5);
	assert_int_equal(net.people[0].pagerank_rank, 1);
	assert_int_equal(net.people[2].pagerank_rank, 2);
	assert_int_equal(net.people[3].pagerank_rank, 4);
	hand_free(&h, &net);
}

/* ties need 1.0 both ways together; isolated people; newcomers; the merged row */
static void test_isolated_newcomers_merged(void **state)
{
	(void)state;
	static const char *const names[] = {"Big", "S1", "S2"};
	struct hand h;
	struct insight_network net;
	hand_init(&h, 11, "AAAAAABBBCC", names, 3);
	edge(&h, 0, 1, 0.6f);
	edge(&h, 1, 0, 0.5f);          /* 1.1 together: a tie */
	edge(&h, 2, 3, 0.9f);          /* 0.9: no tie */
	tie(&h, 4, 6);
	tie(&h, 6, 9);
	h.g.created_at[9] = NOW - 10 * DAY;   /* a newcomer with one tie: unconnected */
	h.g.created_at[6] = NOW - 89 * DAY;   /* a newcomer with two ties */
	analyse(&h, &net);
	assert_int_equal(net.people[0].ties, 1);
	assert_int_equal(net.people[2].ties, 0);
	assert_true(net.people[2].flags & INSIGHT_ISOLATED);
	assert_true(net.people[3].flags & INSIGHT_ISOLATED);
	assert_false(net.people[0].flags & INSIGHT_ISOLATED);
	assert_true(net.people[9].flags & INSIGHT_NEWCOMER);
	assert_true(net.people[6].flags & INSIGHT_NEWCOMER);
	assert_false(net.people[5].flags & INSIGHT_NEWCOMER);
	json_t *a = net.aggregates;
	assert_int_equal((int)num(a, "ties"), 3);
	assert_int_equal((int)num(a, "isolated"), 6);           /* 2, 3, 5, 7, 8 and 10 */
	assert_int_equal((int)num(a, "newcomers"), 2);
	assert_int_equal((int)num(a, "newcomers_unconnected"), 1);
	/* S1 (3) and S2 (2) together make 5: one row "other" */
	json_t *deps = json_object_get(a, "departments");
	assert_int_equal(json_array_size(deps), 2);
	json_t *other = json_array_get(deps, 1);
	assert_true(json_is_true(json_object_get(other, "other")));
	assert_string_equal(json_string_value(json_object_get(other, "name")), "");
	assert_int_equal((int)num(other, "people"), 5);
	assert_int_equal((int)num(other, "newcomers_unconnected"), 1);
	assert_rows_add_up(a);
	hand_free(&h, &net);
}

/* People without a department are in the merged row: three of them, and
 * every department of 5 or more, would otherwise be the totals minus the
 * rows (here: the one isolated person is one of the three) */
static void test_no_department_merged(void **state)
{
	(void)state;
	static const char *const names[] = {"A", "B"};
	struct hand h;
	struct insight_network net;
	hand_init(&h, 13, "AAAAABBBBBB--", names, 2);
	for (uint32_t v = 0; v < 11; v++)
		tie(&h, v, (v + 1) % 11);
	tie(&h, 11, 0);
	analyse(&h, &net);
	json_t *deps = json_object_get(net.aggregates, "departments");
	/* the two without a department (2) are too few: A (5) joins them */
	assert_int_equal(json_array_size(deps), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(deps, 0), "name")), "B");
	json_t *other = json_array_get(deps, 1);
	assert_true(json_is_true(json_object_get(other, "other")));
	assert_int_equal((int)num(other, "people"), 7);
	assert_int_equal((int)num(other, "isolated"), 1);
	assert_int_equal((int)num(net.aggregates, "isolated"), 1);
	assert_rows_add_up(net.aggregates);
	hand_free(&h, &net);
}

/* ---- collection from a database -------------------------------------- */
static char dir[64], path[128];
static struct db *db;
static struct pool *pool;

static int64_t person(const char *email, const char *role)
{
	int64_t id = 0;
	assert_int_equal(people_create(db, email, email, role, NULL, &id), PLEIN_OK);
	return id;
}

static int64_t post(int64_t author, const char *kind, int64_t group, int64_t when, int anonymous, int64_t parent)
{
	assert_int_equal(db_exec(db, "INSERT INTO posts(author_id, kind, group_id, body, body_html, created_at, anonymous, "
	                             "parent_id) VALUES (?, ?, nullif(?, 0), 'x', 'x', ?, ?, nullif(?, 0))",
	                         "isiiii", author, kind, group, when, (int64_t)anonymous, parent), PLEIN_OK);
	return db_last_insert_id(db);
}

static int64_t comment(int64_t post_id, int64_t author, int64_t parent, int64_t when)
{
	assert_int_equal(db_exec(db, "INSERT INTO comments(post_id, parent_id, author_id, body, body_html, created_at) "
	                             "VALUES (?, nullif(?, 0), ?, 'x', 'x', ?)", "iiii", post_id, parent, author, when), PLEIN_OK);
	return db_last_insert_id(db);
}

static double weight(const struct insight_graph *g, int64_t from, int64_t to)
{
	for (size_t i = 0; i < g->n_edges; i++)
		if (g->person_id[g->edges[i].a] == from && g->person_id[g->edges[i].b] == to)
			return g->edges[i].w;
	return 0;
}

static int stop_after;
static int stop_report(void *ctx, const char *phase, int percent);

static void test_collect(void **state)
{
	(void)state;
	assert_int_equal(unit_store_open("insightnet", dir, path, &db, &pool), 0);
	int64_t a = person("a@x.org", "member"), b = person("b@x.org", "member"), c = person("c@x.org", "member");
	int64_t d = person("d@x.org", "moderator"), guest = person("g@x.org", "guest"), gone = person("e@x.org", "member");
	assert_int_equal(db_exec(db, "UPDATE people SET status = 'deactivated' WHERE id = ?", "i", gone), PLEIN_OK);
	/* created without a password: activated here, except one who never signed in */
	assert_int_equal(db_exec(db, "UPDATE people SET activated_at = created_at", ""), PLEIN_OK);
	int64_t invited = person("i@x.org", "member");
	assert_int_equal(db_exec(db, "INSERT INTO follows VALUES (?, ?, ?), (?, ?, ?)", "iiiiii", a, invited, NOW, invited, b,
	                         NOW), PLEIN_OK);
	assert_int_equal(db_exec(db, "INSERT INTO groups(id, name, name_key, kind, created_at, updated_at) VALUES "
	                             "(7, 'S', 's', 'secret', 0, 0)", ""), PLEIN_OK);
	int64_t half = NOW - 180 * DAY;
	assert_int_equal(db_exec(db, "INSERT INTO follows VALUES (?, ?, ?), (?, ?, ?), (?, ?, ?)", "iiiiiiiii", a, b, NOW,
	                         guest, a, NOW, gone, a, NOW), PLEIN_OK);
	int64_t pb = post(b, "update", 0, half, 0, 0);
	int64_t ca = comment(pb, a, 0, half);                 /* a → b comment 2, half-life old: 1 */
	comment(pb, d, ca, NOW);                              /* d → a reply 2 */
	int64_t secret = post(b, "update", 7, NOW, 0, 0);
	comment(secret, c, 0, NOW);                           /* secret group: nothing */
	assert_int_equal(db_exec(db, "INSERT INTO reactions VALUES (?, 'like', ?, ?)", "iii", secret, c, NOW), PLEIN_OK);
	int64_t deleted = post(b, "update", 0, NOW, 0, 0);
	comment(deleted, d, 0, NOW);                          /* deleted post: nothing */
	assert_int_equal(db_exec(db, "UPDATE posts SET deleted_at = ? WHERE id = ?", "ii", NOW, deleted), PLEIN_OK);
	int64_t anon = post(c, "question", 0, NOW, 1, 0);
	assert_int_equal(db_exec(db, "INSERT INTO questions(post_id) VALUES (?)", "i", anon), PLEIN_OK);
	int64_t to_anon = post(d, "answer", 0, NOW, 0, anon);  /* answer to the hidden asker: nothing */
	/* nor the hidden asker's helpful mark on it: an edge c → d would name them */
	assert_int_equal(db_exec(db, "INSERT INTO answer_helpful VALUES (?, ?, ?)", "iii", to_anon, c, NOW), PLEIN_OK);
	assert_int_equal(db_exec(db, "INSERT INTO reactions VALUES (?, 'like', ?, ?)", "iii", anon, a, NOW), PLEIN_OK);
	int64_t pa = post(a, "update", 0, NOW, 0, 0);
	assert_int_equal(db_exec(db, "INSERT INTO mentions VALUES (?, 0, ?)", "ii", pa, c), PLEIN_OK);   /* a → c 2 */
	int64_t praise = post(b, "praise", 0, NOW, 0, 0);
	assert_int_equal(db_exec(db, "INSERT INTO praise VALUES (?, ?, ?)", "iii", praise, d, NOW), PLEIN_OK);  /* b → d 3 */
	int64_t q = post(a, "question", 0, NOW, 0, 0);
	int64_t ans = post(b, "answer", 0, NOW, 0, q);        /* b → a answer 3 */
	assert_int_equal(db_exec(db, "INSERT INTO questions(post_id, accepted_id, accepted_at) VALUES (?, ?, ?)", "iii", q, ans,
	                         NOW), PLEIN_OK);             /* a → b accepted 3 */
	assert_int_equal(db_exec(db, "INSERT INTO answer_helpful VALUES (?, ?, ?)", "iii", ans, c, NOW), PLEIN_OK); /* c → b 1 */
	assert_int_equal(db_exec(db, "INSERT INTO reactions VALUES (?, 'like', ?, ?)", "iii", pa, guest, NOW), PLEIN_OK);

	struct insight_options o;
	insight_options_default(&o, NOW);
	struct insight_graph g;
	assert_int_equal(insight_graph_collect(db, &o, NULL, &g), PLEIN_OK);
	assert_int_equal(g.n, 4);   /* a, b, c, d: not the guest, the deactivated, nor the never activated */
	assert_float_equal(weight(&g, a, b), 1 + 1.0 + 3, 1e-5);   /* follow + decayed comment + accepted */
	assert_float_equal(weight(&g, d, a), 2, 1e-5);
	assert_float_equal(weight(&g, a, c), 2, 1e-5);
	assert_float_equal(weight(&g, b, d), 3, 1e-5);
	assert_float_equal(weight(&g, b, a), 3, 1e-5);
	assert_float_equal(weight(&g, c, b), 1, 1e-5);
	assert_float_equal(weight(&g, c, a), 0, 1e-9);        /* the anonymous question's reaction goes nowhere */
	assert_float_equal(weight(&g, d, c), 0, 1e-9);        /* nor its answer */
	assert_float_equal(weight(&g, c, d), 0, 1e-9);        /* nor the asker's helpful mark on that answer */
	assert_int_equal(g.n_edges, 6);
	assert_int_equal(g.by_kind[INSIGHT_FOLLOW], 1);
	assert_int_equal(g.by_kind[INSIGHT_COMMENT], 1);
	assert_int_equal(g.by_kind[INSIGHT_REPLY], 1);
	assert_int_equal(g.by_kind[INSIGHT_REACTION], 0);
	assert_int_equal(g.by_kind[INSIGHT_ANSWER], 1);
	assert_int_equal(g.by_kind[INSIGHT_ACCEPTED], 1);
	assert_int_equal(g.by_kind[INSIGHT_HELPFUL], 1);
	assert_int_equal(g.interactions, 8);
	/* b: one accepted answer and one helpful mark received; d: the mark
	 * on the answer to the anonymous question (counted, but no edge) */
	assert_int_equal(g.helpful[1], 2);
	assert_int_equal(g.helpful[3], 1);
	insight_graph_free(&g);

	/* the analysis end to end, and the export NetworkX reads */
	struct insight_network net;
	assert_int_equal(insight_network_compute(db, &o, NULL, &net), PLEIN_OK);
	assert_int_equal(net.n_people, 4);
	assert_int_equal((int)num(net.aggregates, "by_kind.praise"), 1);
	insight_network_free(&net);
	char out[160];
	snprintf(out, sizeof out, "%s/graph.txt", dir);
	assert_int_equal(insight_graph_export(db, &o, out), PLEIN_OK);
	FILE *f = fopen(out, "r");
	assert_non_null(f);
	char line[256];
	int edges = 0, vertices = 0;
	while (fgets(line, sizeof line, f))
		if (line[0] == 'v')
			vertices++;
		else if (line[0] != '#')
			edges++;
	fclose(f);
	unlink(out);
	assert_int_equal(vertices, 4);
	assert_int_equal(edges, 6);
	/* stopped while collecting or analysing: an error, nothing left behind */
	struct insight_progress pr = {stop_report, NULL, 0, 100};
	int calls = 0;
	for (;; calls++) {
		stop_after = calls;
		int rc = insight_network_compute(db, &o, &pr, &net);
		if (rc == PLEIN_OK)
			break;
		assert_int_equal(rc, PLEIN_ERROR);
	}
	assert_true(calls >= 8);
	insight_network_free(&net);
	unit_store_close(dir, path, db, pool);
}

/* no one, and people without a single tie: figures, not failures */
static void test_empty(void **state)
{
	(void)state;
	struct hand h;
	struct insight_network net;
	hand_init(&h, 0, NULL, NULL, 0);
	analyse(&h, &net);
	assert_int_equal(net.n_people, 0);
	assert_int_equal((int)num(net.aggregates, "ties"), 0);
	assert_int_equal(json_array_size(json_object_get(net.people_graph, "nodes")), 0);
	hand_free(&h, &net);
	static const char *const names[] = {"Alpha"};
	hand_init(&h, 6, "AAAAAA", names, 1);
	edge(&h, 0, 1, 0.5f);
	analyse(&h, &net);
	assert_int_equal((int)num(net.aggregates, "isolated"), 6);
	assert_int_equal((int)num(net.aggregates, "communities.count"), 0);
	assert_int_equal(net.people[0].community, -1);
	assert_int_equal(json_array_size(json_object_get(net.aggregates, "quiet_pairs")), 0);
	hand_free(&h, &net);
}

/* A stop asked for at any point of the analysis ends it with an error and
 * nothing half-made (LeakSanitizer checks that nothing is left behind). */
static int stop_report(void *ctx, const char *phase, int percent)
{
	(void)ctx;
	(void)phase;
	(void)percent;
	return --stop_after < 0;
}

static void test_stop(void **state)
{
	(void)state;
	struct hand h;
	struct insight_network net;
	two_cliques(&h);
	h.g.n_edges = insight_edges_sort_merge(h.g.edges, h.g.n_edges, h.g.n);
	struct insight_options o;
	insight_options_default(&o, NOW);
	struct insight_progress pr = {stop_report, NULL, 0, 100};
	int calls = 0;
	for (;; calls++) {
		stop_after = calls;
		int rc = insight_network_analyse(&h.g, &o, &pr, &net);
		if (rc == PLEIN_OK)
			break;
		assert_int_equal(rc, PLEIN_ERROR);
		assert_null(net.aggregates);
		assert_null(net.people);
	}
	assert_true(calls >= 5);   /* influencers, bridges (start, batch), communities, summing up */
	insight_network_free(&net);
	insight_graph_free(&h.g);
}

static void test_decay(void **state)
{
	(void)state;
	assert_float_equal(insight_decay(NOW, NOW, 180), 1.0, 1e-12);
	assert_float_equal(insight_decay(NOW - 180 * DAY, NOW, 180), 0.5, 1e-12);
	assert_float_equal(insight_decay(NOW - 360 * DAY, NOW, 180), 0.25, 1e-12);
	assert_float_equal(insight_decay(NOW + DAY, NOW, 180), 1.0, 1e-12);   /* the future does not count more */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_star),
		cmocka_unit_test(test_star_sampled),
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_two_cliques),
		cmocka_unit_test(test_bridge_builder),
		cmocka_unit_test(test_pagerank),
		cmocka_unit_test(test_isolated_newcomers_merged),
		cmocka_unit_test(test_no_department_merged),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_decay),
		cmocka_unit_test(test_collect),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

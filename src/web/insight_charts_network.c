/* insight_charts_network.c — the charts of /insight/network (department
 * map, departments as a network, quiet pairs, communities, interactions by
 * kind), of /insight/history (trend lines over snapshots) and the admins'
 * people picture; see insight_charts.h. */
#include "web/insight_charts_internal.h"

/* ---- network ---- */

/* The indexes of departments big enough to show (departments[i] and
 * matrix.names[i] share their order). */
static size_t shown_departments(struct request *req, json_t *deps, size_t **idx)
{
	size_t n = json_array_size(deps), m = 0;
	*idx = pool_alloc(req->pool, (n + 1) * sizeof(**idx));
	for (size_t i = 0; i < n; i++)
		if (!too_small(json_array_get(deps, i), "people"))
			(*idx)[m++] = i;
	return m;
}

static int chart_matrix(struct request *req, const struct insight_data *d, struct insight_chart *c)
{
	json_t *deps = json_object_get(d->network, "departments");
	json_t *ties = json_object_get(json_object_get(d->network, "matrix"), "ties");
	if (!json_is_array(deps) || json_array_size(ties) != json_array_size(deps))
		return PLEIN_NOTFOUND;
	size_t *idx, m = shown_departments(req, deps, &idx);
	init(req, c, "matrix", N_("Department map"),
	     N_("Ties between the people of each pair of departments; the diagonal counts ties inside a department. Darker is more."));
	json_t *h = json_array();
	json_array_append_new(h, json_string(T(req, N_("Department"))));
	const char **names = pool_alloc(req->pool, (m + 1) * sizeof(*names));
	double *v = pool_alloc(req->pool, (m * m + 1) * sizeof(double));
	for (size_t i = 0; i < m; i++) {
		names[i] = insight_group_name(req, json_array_get(deps, idx[i]));
		json_array_append_new(h, json_string(names[i]));
	}
	c->head = h;
	for (size_t i = 0; i < m; i++) {
		json_t *r = json_array();
		json_array_append_new(r, json_string(names[i]));
		json_t *row = json_array_get(ties, idx[i]);
		for (size_t j = 0; j < m; j++) {
			json_t *e = json_array_get(row, idx[j]);
			v[i * m + j] = json_is_number(e) ? json_number_value(e) : NAN;
			json_array_append_new(r, json_string(fmt_num(req, v[i * m + j])));
		}
		json_array_append_new(c->rows, r);
	}
	struct strbuf sb;
	strbuf_init(&sb, SVG_MAX);
	struct svg_text t = text_of(c);
	(void)svg_heatmap(&sb, &t, names, m, v, T(req, N_("ties")));
	c->svg = svg_done(req, &sb);
	return PLEIN_OK;
}

static int chart_department_map(struct request *req, const struct insight_data *d, struct insight_chart *c)
{
	json_t *deps = json_object_get(d->network, "departments");
	json_t *ties = json_object_get(json_object_get(d->network, "matrix"), "ties");
	if (!json_is_array(deps))
		return PLEIN_NOTFOUND;
	size_t *idx, m = shown_departments(req, deps, &idx);
	init(req, c, "department-map", N_("Departments as a network"),
	     N_("Each circle is a department (bigger: more people); a thicker line: more ties between two departments."));
	static const char *const h[] = { N_("Department"), N_("People"), N_("Ties inside"), N_("Ties outside"),
	                                 N_("Openness"), N_("Departments reached"), N_("Isolated people"),
	                                 N_("Newcomers without connections"), N_("Bridge-builders") };
	static const char *const keys[] = { "people", "ties_inside", "ties_outside", "openness", "departments_reached",
	                                    "isolated", "newcomers_unconnected", "bridges" };
	c->head = head_of(req, h, 9);
	struct svg_node *nodes = pool_zalloc(req->pool, (m + 1) * sizeof(*nodes));
	struct svg_edge *edges = pool_zalloc(req->pool, (m * m / 2 + 1) * sizeof(*edges));
	size_t ne = 0;
	for (size_t i = 0; i < m; i++) {
		json_t *e = json_array_get(deps, idx[i]);
		const char *name = insight_group_name(req, e);
		nodes[i] = (struct svg_node){ num(e, "x"), num(e, "y"), num(e, "people"), (int)i, name };
		const char *cells[9] = { name };
		for (int k = 0; k < 8; k++)
			cells[k + 1] = fmt_num(req, num(e, keys[k]));
		row_add(c->rows, 9, cells);
		for (size_t j = i + 1; j < m; j++) {
			json_t *w = json_array_get(json_array_get(ties, idx[i]), idx[j]);
			if (json_is_number(w) && json_number_value(w) > 0)
				edges[ne++] = (struct svg_edge){ i, j, json_number_value(w) };
		}
	}
	struct strbuf sb;
	strbuf_init(&sb, SVG_MAX);
	struct svg_text t = text_of(c);
	(void)svg_network(&sb, &t, nodes, m, edges, ne, true);
	c->svg = svg_done(req, &sb);
	return PLEIN_OK;
}

static int chart_quiet_pairs(struct request *req, const struct insight_data *d, struct insight_chart *c)
{
	json_t *list = json_object_get(d->network, "quiet_pairs");
	if (!json_is_array(list))
		return PLEIN_NOTFOUND;
	init(req, c, "quiet-pairs", N_("Departments that barely talk to each other"),
	     N_("Pairs of departments with the fewest ties compared with what their sizes would predict."));
	static const char *const h[] = { N_("Department"), N_("Department"), N_("Ties"), N_("Expected"), N_("Ratio") };
	c->head = head_of(req, h, 5);
	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *e = json_array_get(list, i);
		const char *a = json_string_value(json_object_get(e, "a")), *b = json_string_value(json_object_get(e, "b"));
		const char *cells[] = { network_department(req, d->network, a), network_department(req, d->network, b),
		                        fmt_num(req, num(e, "ties")),
		                        pool_printf(req->pool, "%.1f", num(e, "expected")),
		                        pool_printf(req->pool, "%.2f", num(e, "ratio")) };
		row_add(c->rows, 5, cells);
	}
	return PLEIN_OK;
}

static int chart_communities(struct request *req, const struct insight_data *d, struct insight_chart *c)
{
	json_t *com = json_object_get(d->network, "communities");
	json_t *list = json_object_get(com, "list");
	if (!json_is_array(list))
		return PLEIN_NOTFOUND;
	init(req, c, "communities", N_("Communities against departments"),
	     N_("Groups of people who interact most with each other, found from the interactions, and the departments they come from."));
	static const char *const h[] = { N_("Community"), N_("People"), N_("Largest departments in it") };
	c->head = head_of(req, h, 3);
	size_t n = json_array_size(list), m = 0;
	const char **labels = pool_alloc(req->pool, (n + 1) * sizeof(*labels));
	double *v = pool_alloc(req->pool, (n + 1) * sizeof(double));
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(list, i);
		if (too_small(e, "size"))
			continue;
		struct strbuf sb = STRBUF_INIT;
		json_t *ds = json_object_get(e, "departments");
		for (size_t k = 0; k < json_array_size(ds); k++) {
			json_t *x = json_array_get(ds, k);
			(void)strbuf_addf(&sb, "%s%s %.0f %%", k ? ", " : "",
			                  network_department(req, d->network, json_string_value(json_object_get(x, "name"))),
			                  num(x, "share") * 100);
		}
		labels[m] = pool_printf(req->pool, "%s %.0f", T(req, N_("Community")), num(e, "id") + 1);
		v[m] = num(e, "size");
		const char *cells[] = { labels[m], fmt_num(req, v[m]), sb.toobig ? "" : pool_strdup(req->pool, sb.buf) };
		strbuf_release(&sb);
		row_add(c->rows, 3, cells);
		m++;
	}
	c->svg = hbars(req, c, labels, v, m, T(req, h[1]));
	return PLEIN_OK;
}

static int chart_kinds(struct request *req, const struct insight_data *d, struct insight_chart *c)
{
	json_t *by = json_object_get(d->network, "by_kind"), *w = json_object_get(d->network, "weights");
	if (!json_is_object(by))
		return PLEIN_NOTFOUND;
	init(req, c, "kinds", N_("Interactions by kind"), N_("What the network is made of: interactions of each kind, and the weight each kind gets."));
	static const char *const h[] = { N_("Kind"), N_("Interactions"), N_("Weight") };
	static const char *const kinds[][2] = {
		{ "follow", N_("Follows") }, { "comment", N_("Comments") }, { "reply", N_("Replies") },
		{ "reaction", N_("Reactions") }, { "mention", N_("Mentions") }, { "praise", N_("Praise") },
		{ "answer", N_("Answers") }, { "accepted", N_("Accepted answers") }, { "helpful", N_("Helpful marks") },
	};
	c->head = head_of(req, h, 3);
	const char *labels[ARRAY_LEN(kinds)];
	double v[ARRAY_LEN(kinds)];
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++) {
		labels[i] = T(req, kinds[i][1]);
		v[i] = num(by, kinds[i][0]);
		const char *cells[] = { labels[i], fmt_num(req, v[i]), fmt_num(req, num(w, kinds[i][0])) };
		row_add(c->rows, 3, cells);
	}
	c->svg = hbars(req, c, labels, v, ARRAY_LEN(kinds), T(req, h[1]));
	return PLEIN_OK;
}

/* ---- history ---- */

static int chart_history(struct request *req, const struct insight_data *d, struct insight_chart *c, int which)
{
	size_t n = json_array_size(d->history);
	if (!n)
		return PLEIN_NOTFOUND;
	/* one chart per scale: counts of hundreds, small counts, shares 0..1 */
	static const char *const keys[4][3] = {
		{ "dau", "wau", "mau" }, { "isolated", "newcomers_unconnected", "communities" },
		{ "stickiness", "modularity", "nmi_departments" }, { "people", "ties", NULL },
	};
	static const char *const heads[4][4] = {
		{ N_("Day"), N_("Active that day"), N_("Active in 7 days"), N_("Active in 30 days") },
		{ N_("Day"), N_("Isolated people"), N_("Newcomers without connections"), N_("Communities") },
		{ N_("Day"), N_("Stickiness"), N_("Modularity"), N_("Communities against departments (NMI)") },
		{ N_("Day"), N_("People in the network"), N_("Ties"), NULL },
	};
	static const char *const names[4] = { "history-activity", "history-network", "history-structure", "history-ties" };
	static const char *const titles[4] = { N_("Active people over time"), N_("Isolation over time"),
	                                       N_("How closely knit, over time"), N_("People and ties over time") };
	static const char *const descs[4] = {
		N_("DAU, WAU and MAU as each snapshot found them."),
		N_("Isolated people, newcomers without connections and the number of communities, per snapshot."),
		N_("Stickiness, modularity of the communities and how much they follow departments (0 to 1), per snapshot."),
		N_("People in the network and the ties between them, per snapshot."),
	};
	int ns = keys[which][2] ? 3 : 2;
	init(req, c, names[which], titles[which], descs[which]);
	c->head = head_of(req, heads[which], (size_t)ns + 1);
	c->legend = legend_of(req, heads[which] + 1, (size_t)ns);
	int64_t *x = pool_alloc(req->pool, n * sizeof(*x));
	double *v[3];
	for (int k = 0; k < 3; k++)
		v[k] = pool_alloc(req->pool, n * sizeof(double));
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(d->history, i), *s = json_object_get(e, "summary");
		x[i] = (int64_t)num(e, "day");
		const char *cells[4] = { fmt_day(req, x[i]) };
		for (int k = 0; k < ns; k++) {
			v[k][i] = num(s, keys[which][k]);
			cells[k + 1] = which == 2 && isfinite(v[k][i]) ? pool_printf(req->pool, "%.2f", v[k][i]) : fmt_num(req, v[k][i]);
		}
		row_add(c->rows, (size_t)ns + 1, cells);
	}
	struct svg_series s[3];
	for (int k = 0; k < ns; k++)
		s[k] = (struct svg_series){ T(req, heads[which][k + 1]), v[k] };
	struct strbuf sb;
	strbuf_init(&sb, SVG_MAX);
	struct svg_text t = text_of(c);
	(void)svg_line_chart(&sb, &t, x, n, s, (size_t)ns);
	c->svg = svg_done(req, &sb);
	return PLEIN_OK;
}

/* ---- the people picture (admins) ---- */

static int chart_people_picture(struct request *req, const struct insight_data *d, struct insight_chart *c)
{
	json_t *nodes = json_object_get(d->people_graph, "nodes"), *edges = json_object_get(d->people_graph, "edges");
	if (!json_is_array(nodes))
		return PLEIN_NOTFOUND;
	init(req, c, "people-picture", N_("The most influential people and their ties"),
	     d->by_community ? N_("Each circle is a person (bigger: more influential), coloured by community.")
	                     : N_("Each circle is a person (bigger: more influential), coloured by department."));
	static const char *const h[] = { N_("Influence rank"), N_("Name"), N_("Department"), N_("Community"), N_("Ties shown") };
	c->head = head_of(req, h, 5);
	size_t n_all = json_array_size(nodes), ne = json_array_size(edges);
	/* only the people still here (people_names: active, not deleted): one
	 * deleted or deactivated since the snapshot drops out with their
	 * department, rank and ties, as in the API */
	size_t *slot = pool_zalloc(req->pool, (n_all + 1) * sizeof(*slot)), n = 0;
	for (size_t i = 0; i < n_all; i++) {
		char key[32];
		snprintf(key, sizeof(key), "%lld", (long long)json_integer_value(json_object_get(json_array_get(nodes, i), "id")));
		slot[i] = json_object_get(d->people_names, key) ? n++ : SIZE_MAX;
	}
	struct svg_node *sn = pool_zalloc(req->pool, (n + 1) * sizeof(*sn));
	struct svg_edge *se = pool_zalloc(req->pool, (ne + 1) * sizeof(*se));
	int *degree = pool_zalloc(req->pool, (n + 1) * sizeof(int));
	size_t m = 0;
	for (size_t i = 0; i < ne; i++) {
		json_t *e = json_array_get(edges, i);
		json_t *a = json_array_get(e, 0), *b = json_array_get(e, 1), *w = json_array_get(e, 2);
		if (!json_is_integer(a) || !json_is_integer(b) || json_integer_value(a) < 0 || json_integer_value(b) < 0 ||
		    (size_t)json_integer_value(a) >= n_all || (size_t)json_integer_value(b) >= n_all)
			continue;
		size_t x = slot[json_integer_value(a)], y = slot[json_integer_value(b)];
		if (x == SIZE_MAX || y == SIZE_MAX)
			continue;
		se[m++] = (struct svg_edge){ x, y, json_is_number(w) ? json_number_value(w) : 1 };
		degree[x]++;
		degree[y]++;
	}
	/* departments and communities to palette colours, in order of first appearance */
	json_t *colours = json_object();
	json_t *legend = json_array();
	for (size_t j = 0; j < n_all; j++) {
		if (slot[j] == SIZE_MAX)
			continue;
		size_t i = slot[j];
		json_t *e = json_array_get(nodes, j);
		char key[32];
		snprintf(key, sizeof(key), "%lld", (long long)json_integer_value(json_object_get(e, "id")));
		const char *name = json_string_value(json_object_get(d->people_names, key));
		const char *dep = json_string_value(json_object_get(e, "department"));
		double rank = num(e, "pagerank_rank");
		int community = (int)json_integer_value(json_object_get(e, "community"));
		const char *group = d->by_community ? community < 0 ? T(req, N_("No community"))
		                                                    : pool_printf(req->pool, "%s %d", T(req, N_("Community")), community + 1)
		                                    : dep && *dep ? dep : T(req, N_("Smaller departments together"));
		json_t *col = json_object_get(colours, group);
		if (!col) {
			col = json_integer((json_int_t)json_object_size(colours));
			json_object_set_new(colours, group, col);
			if (json_integer_value(col) < SVG_PALETTE_SIZE)
				json_array_append_new(legend, json_pack("{s:s, s:I}", "name", group, "swatch", json_integer_value(col)));
		}
		int colour = json_integer_value(col) < SVG_PALETTE_SIZE ? (int)json_integer_value(col) : -1;
		const char *label = name ? name : "";
		sn[i] = (struct svg_node){ num(e, "x"), num(e, "y"), isfinite(rank) && rank > 0 ? 1.0 / sqrt(rank) : 0.05,
		                           colour, label };
		const char *cells[] = { fmt_num(req, rank), label, dep && *dep ? dep : "",
		                        community >= 0 ? pool_printf(req->pool, "%d", community + 1) : "",
		                        pool_printf(req->pool, "%d", degree[i]) };
		row_add(c->rows, 5, cells);
	}
	if (json_object_size(colours) > SVG_PALETTE_SIZE)
		json_array_append_new(legend, json_pack("{s:s, s:s}", "name", T(req, N_("Others")), "swatch", "other"));
	json_decref(colours);
	c->legend = legend;
	struct strbuf sb;
	strbuf_init(&sb, SVG_MAX);
	struct svg_text t = text_of(c);
	(void)svg_network(&sb, &t, sn, n, se, m, false);
	c->svg = svg_done(req, &sb);
	return PLEIN_OK;
}

int insight_chart_build_network(struct request *req, const struct insight_data *d, const char *name,
                                struct insight_chart *c)
{
	if (d->network && strcmp(name, "matrix") == 0)
		return chart_matrix(req, d, c);
	if (d->network && strcmp(name, "department-map") == 0)
		return chart_department_map(req, d, c);
	if (d->network && strcmp(name, "quiet-pairs") == 0)
		return chart_quiet_pairs(req, d, c);
	if (d->network && strcmp(name, "communities") == 0)
		return chart_communities(req, d, c);
	if (d->network && strcmp(name, "kinds") == 0)
		return chart_kinds(req, d, c);
	if (d->history && strcmp(name, "history-activity") == 0)
		return chart_history(req, d, c, 0);
	if (d->history && strcmp(name, "history-network") == 0)
		return chart_history(req, d, c, 1);
	if (d->history && strcmp(name, "history-structure") == 0)
		return chart_history(req, d, c, 2);
	if (d->history && strcmp(name, "history-ties") == 0)
		return chart_history(req, d, c, 3);
	if (d->people_graph && strcmp(name, "people-picture") == 0)
		return chart_people_picture(req, d, c);
	return PLEIN_NOTFOUND;
}

/* insight_charts.c — every chart of the insight pages as a table plus the
 * SVG drawn from it (insight_charts.h). Cells are strings formatted here,
 * the same in the page's table and in the CSV. Department, location and
 * community rows of fewer than INSIGHT_MIN_GROUP people are dropped here
 * too, although the computation already merged them: a second lock on the
 * rule "a group of fewer than 5 is never shown on its own". */
#include "web/insight_charts_internal.h"
#include "core/signups.h"

static const char *const known[] = {
	"figures", "activity", "accounts", "activations", "split", "weekly", "monthly", "departments", "locations", "topics",
	"matrix", "department-map", "quiet-pairs", "communities", "kinds",
	"history-activity", "history-network", "history-structure", "history-ties",
};
static const char *const known_people[] = {
	"influencers", "bridges", "ambassadors", "isolated", "newcomers", "people-picture",
};

bool insight_chart_known(const char *name, enum insight_chart_kind *kind)
{
	for (size_t i = 0; name && i < ARRAY_LEN(known); i++)
		if (strcmp(name, known[i]) == 0) {
			*kind = INSIGHT_CHART_DEPARTMENTS;
			return true;
		}
	for (size_t i = 0; name && i < ARRAY_LEN(known_people); i++)
		if (strcmp(name, known_people[i]) == 0) {
			*kind = INSIGHT_CHART_PEOPLE;
			return true;
		}
	return false;
}

const char *insight_group_name(struct request *req, json_t *row)
{
	if (json_is_true(json_object_get(row, "other")))
		return T(req, N_("Smaller departments together"));
	const char *s = json_string_value(json_object_get(row, "name"));
	return s ? s : "";
}

/* ---- adoption ---- */

static const char *const figure_names[][2] = {
	{ "people", N_("People with an account") },
	{ "active", N_("Active people") },
	{ "contributors", N_("Contributors") },
	{ "readers", N_("Readers") },
	{ "dau_mean", N_("Active per day (mean)") },
	{ "wau", N_("Active in the last week") },
	{ "mau", N_("Active in the last 30 days") },
	{ "stickiness", N_("Stickiness (daily ÷ monthly)") },
	{ "posts", N_("Posts") },
	{ "comments", N_("Comments") },
	{ "reactions", N_("Reactions") },
	{ "questions", N_("Questions") },
	{ "answers", N_("Answers") },
	{ "questions_answered_share", N_("Questions answered") },
	{ "median_first_answer_seconds", N_("Median time to first answer (hours)") },
	{ "active_groups", N_("Active groups") },
};

static const char *fmt_change(struct request *req, double cur, double prev)
{
	if (!isfinite(cur) || !isfinite(prev))
		return "";
	if (prev == 0)
		return cur == 0 ? "0 %" : "";
	double pct = (cur - prev) / fabs(prev) * 100;
	/* U+2212: a CSV cell starting with '-' would be neutralised as a formula */
	return pool_printf(req->pool, "%s%.0f %%", pct > 0 ? "+" : pct < 0 ? "−" : "", fabs(pct));
}

/* The picture of a bar chart whose table rows are built: series k is named
 * names[k] (a msgid) and has the values v[k][0..n). */
static void draw_bars(struct request *req, struct insight_chart *c, const char **labels, size_t n,
                      const char *const *names, double **v, size_t k, enum svg_bar_mode mode, bool horizontal)
{
	struct svg_series *s = pool_alloc(req->pool, k * sizeof(*s));
	for (size_t i = 0; i < k; i++)
		s[i] = (struct svg_series){ T(req, names[i]), v[i] };
	struct strbuf sb;
	strbuf_init(&sb, SVG_MAX);
	struct svg_text t = text_of(c);
	(void)svg_bar_chart(&sb, &t, labels, n, s, k, mode, horizontal);
	c->svg = svg_done(req, &sb);
}

static int chart_figures(struct request *req, const struct insight_data *d, struct insight_chart *c)
{
	if (!d->current)
		return PLEIN_NOTFOUND;
	init(req, c, "figures", N_("Figures of the period"), N_("The period's figures beside those of the period before it."));
	static const char *const h[] = { N_("Figure"), N_("This period"), N_("Period before"), N_("Change") };
	c->head = head_of(req, h, ARRAY_LEN(h));
	for (size_t i = 0; i < ARRAY_LEN(figure_names); i++) {
		double cur = num(d->current, figure_names[i][0]), prev = num(d->previous, figure_names[i][0]);
		bool hours = strcmp(figure_names[i][0], "median_first_answer_seconds") == 0;
		if (hours) {
			cur /= 3600;
			prev /= 3600;
		}
		bool share = strcmp(figure_names[i][0], "questions_answered_share") == 0;
		const char *cs = share && isfinite(cur) ? pool_printf(req->pool, "%.0f %%", cur * 100)
			: hours && isfinite(cur) ? pool_printf(req->pool, "%.1f", cur) : fmt_num(req, cur);
		const char *ps = share && isfinite(prev) ? pool_printf(req->pool, "%.0f %%", prev * 100)
			: hours && isfinite(prev) ? pool_printf(req->pool, "%.1f", prev) : fmt_num(req, prev);
		const char *cells[] = { T(req, figure_names[i][1]), cs, ps, fmt_change(req, cur, prev) };
		row_add(c->rows, 4, cells);
	}
	return PLEIN_OK;
}

static int chart_activity(struct request *req, const struct insight_data *d, struct insight_chart *c)
{
	json_t *daily = json_object_get(d->adoption, "daily");
	json_t *dau = json_object_get(daily, "dau"), *wau = json_object_get(daily, "wau"), *mau = json_object_get(daily, "mau");
	size_t total = json_array_size(dau);
	if (!total)
		return PLEIN_NOTFOUND;
	int64_t from = (int64_t)num(daily, "from_day");
	double days = d->current ? num(d->current, "days") : 30;
	size_t show = isfinite(days) && days > 30 ? (size_t)days : 30;
	if (show > total)
		show = total;
	size_t first = total - show;
	init(req, c, "activity", N_("Active people per day, week and month"),
	     N_("Daily, weekly and monthly active people (DAU, WAU, MAU) for each day."));
	static const char *const h[] = { N_("Day"), N_("Active that day"), N_("Active in 7 days"), N_("Active in 30 days") };
	c->head = head_of(req, h, ARRAY_LEN(h));
	c->legend = legend_of(req, h + 1, 3);
	int64_t *x = pool_alloc(req->pool, show * sizeof(*x));
	double *v[3];
	json_t *src[3] = { dau, wau, mau };
	for (int k = 0; k < 3; k++)
		v[k] = pool_alloc(req->pool, show * sizeof(double));
	for (size_t i = 0; i < show; i++) {
		x[i] = from + (int64_t)(first + i);
		const char *cells[4] = { fmt_day(req, x[i]) };
		for (int k = 0; k < 3; k++) {
			json_t *e = json_array_get(src[k], first + i);
			v[k][i] = json_is_number(e) ? json_number_value(e) : NAN;
			cells[k + 1] = fmt_num(req, v[k][i]);
		}
		row_add(c->rows, 4, cells);
	}
	struct svg_series s[3] = { { T(req, h[1]), v[0] }, { T(req, h[2]), v[1] }, { T(req, h[3]), v[2] } };
	struct strbuf sb;
	strbuf_init(&sb, SVG_MAX);
	struct svg_text t = text_of(c);
	(void)svg_line_chart(&sb, &t, x, show, s, 3);
	c->svg = svg_done(req, &sb);
	return PLEIN_OK;
}


static int chart_accounts(struct request *req, const struct insight_data *d, struct insight_chart *c)
{
	json_t *a = json_object_get(d->adoption, "accounts");
	if (!a)
		return PLEIN_NOTFOUND;
	init(req, c, "accounts", N_("Accounts"), N_("How many people were invited, activated their account or left."));
	static const char *const h[] = { N_("Accounts"), N_("People") };
	c->head = head_of(req, h, 2);
	static const char *const keys[][2] = {
		{ "activated", N_("Activated") }, { "not_activated", N_("Not activated yet") },
		{ "invited_pending", N_("Invitations waiting") }, { "deactivated", N_("Deactivated") },
	};
	const char *labels[4];
	double v[4];
	for (size_t i = 0; i < 4; i++) {
		labels[i] = T(req, keys[i][1]);
		v[i] = num(a, keys[i][0]);
		const char *cells[] = { labels[i], fmt_num(req, v[i]) };
		row_add(c->rows, 2, cells);
	}
	c->svg = hbars(req, c, labels, v, 4, T(req, h[1]));
	return PLEIN_OK;
}

static int chart_activations(struct request *req, const struct insight_data *d, struct insight_chart *c)
{
	json_t *w = json_object_get(json_object_get(d->adoption, "accounts"), "activated_by_week");
	size_t n = json_array_size(w);
	if (!n)
		return PLEIN_NOTFOUND;
	init(req, c, "activations", N_("Accounts activated per week"), N_("People who set their password and could sign in for the first time, each week."));
	static const char *const h[] = { N_("Week of"), N_("Activated") };
	c->head = head_of(req, h, 2);
	const char **labels = pool_alloc(req->pool, n * sizeof(*labels));
	double *v = pool_alloc(req->pool, n * sizeof(double));
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(w, i);
		labels[i] = fmt_day(req, (int64_t)num(e, "start_day"));
		v[i] = num(e, "activated");
		const char *cells[] = { labels[i], fmt_num(req, v[i]) };
		row_add(c->rows, 2, cells);
	}
	draw_bars(req, c, labels, n, h + 1, &v, 1, SVG_BARS_GROUPED, false);
	return PLEIN_OK;
}

static int chart_split(struct request *req, const struct insight_data *d, struct insight_chart *c)
{
	if (!d->current)
		return PLEIN_NOTFOUND;
	init(req, c, "split", N_("Contributors and readers"),
	     N_("Of the people with an account: who writes often, now and then, only reads, or did not come (the 90-9-1 split)."));
	static const char *const h[] = { N_("Period"), N_("Frequent contributors"), N_("Occasional contributors"),
	                                 N_("Readers"), N_("Not active") };
	static const char *const keys[] = { "frequent", "occasional", "readers", "inactive" };
	c->head = head_of(req, h, 5);
	c->legend = legend_of(req, h + 1, 4);
	json_t *per[2] = { d->current, d->previous };
	const char *labels[2] = { T(req, N_("This period")), T(req, N_("Period before")) };
	size_t n = d->previous ? 2 : 1;
	double *v[4];
	for (int k = 0; k < 4; k++)
		v[k] = pool_alloc(req->pool, 2 * sizeof(double));
	for (size_t i = 0; i < n; i++) {
		const char *cells[5] = { labels[i] };
		for (int k = 0; k < 4; k++) {
			v[k][i] = num(per[i], keys[k]);
			cells[k + 1] = fmt_num(req, v[k][i]);
		}
		row_add(c->rows, 5, cells);
	}
	draw_bars(req, c, labels, n, h + 1, v, 4, SVG_BARS_STACKED, true);
	return PLEIN_OK;
}

static int chart_weekly(struct request *req, const struct insight_data *d, struct insight_chart *c)
{
	json_t *w = json_object_get(d->adoption, "weekly");
	size_t total = json_array_size(w);
	if (!total)
		return PLEIN_NOTFOUND;
	double days = d->current ? num(d->current, "days") : 90;
	size_t show = isfinite(days) ? (size_t)ceil(days / 7) : 13;
	if (show < 13)
		show = 13;
	if (show > total)
		show = total;
	init(req, c, "weekly", N_("Posts, comments, questions and answers per week"),
	     N_("What was written each week, by kind (weeks start on Monday)."));
	static const char *const h[] = { N_("Week of"), N_("Posts"), N_("Comments"), N_("Questions"), N_("Answers"),
	                                 N_("Reactions"), N_("Active people") };
	static const char *const keys[] = { "posts", "comments", "questions", "answers", "reactions", "active" };
	c->head = head_of(req, h, 7);
	c->legend = legend_of(req, h + 1, 4);
	const char **labels = pool_alloc(req->pool, show * sizeof(*labels));
	double *v[4];
	for (int k = 0; k < 4; k++)
		v[k] = pool_alloc(req->pool, show * sizeof(double));
	for (size_t i = 0; i < show; i++) {
		json_t *e = json_array_get(w, total - show + i);
		labels[i] = fmt_day(req, (int64_t)num(e, "start_day"));
		const char *cells[7] = { labels[i] };
		for (int k = 0; k < 6; k++) {
			double x = num(e, keys[k]);
			if (k < 4)
				v[k][i] = x;
			cells[k + 1] = fmt_num(req, x);
		}
		row_add(c->rows, 7, cells);
	}
	draw_bars(req, c, labels, show, h + 1, v, 4, SVG_BARS_STACKED, false);
	return PLEIN_OK;
}

static int chart_monthly(struct request *req, const struct insight_data *d, struct insight_chart *c)
{
	json_t *m = json_object_get(d->adoption, "monthly");
	size_t n = json_array_size(m);
	if (!n)
		return PLEIN_NOTFOUND;
	init(req, c, "monthly", N_("Active people and contributors per month"),
	     N_("Each month: the people who used plein, and those who wrote something."));
	static const char *const h[] = { N_("Month"), N_("Active people"), N_("Contributors") };
	c->head = head_of(req, h, 3);
	c->legend = legend_of(req, h + 1, 2);
	const char **labels = pool_alloc(req->pool, n * sizeof(*labels));
	double *v[2] = { pool_alloc(req->pool, n * sizeof(double)), pool_alloc(req->pool, n * sizeof(double)) };
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(m, i);
		const char *month = json_string_value(json_object_get(e, "month"));
		labels[i] = month ? month : "";
		v[0][i] = num(e, "active");
		v[1][i] = num(e, "contributors");
		const char *cells[] = { labels[i], fmt_num(req, v[0][i]), fmt_num(req, v[1][i]) };
		row_add(c->rows, 3, cells);
	}
	draw_bars(req, c, labels, n, h + 1, v, 2, SVG_BARS_GROUPED, false);
	return PLEIN_OK;
}

/* departments or locations of the current period */
static int chart_groups(struct request *req, const struct insight_data *d, struct insight_chart *c, bool locations)
{
	json_t *list = json_object_get(d->current, locations ? "locations" : "departments");
	if (!json_is_array(list))
		return PLEIN_NOTFOUND;
	if (locations)
		init(req, c, "locations", N_("Per location"), N_("People, active people and contributors in each location."));
	else
		init(req, c, "departments", N_("Per department"), N_("People, active people and contributors in each department."));
	static const char *const hd[] = { N_("Department"), N_("People"), N_("Active"), N_("Contributors"), N_("Readers"), N_("Posts") };
	static const char *const hl[] = { N_("Location"), N_("People"), N_("Active"), N_("Contributors"), N_("Readers"), N_("Posts") };
	static const char *const keys[] = { "people", "active", "contributors", "readers", "posts" };
	c->head = head_of(req, locations ? hl : hd, 6);
	c->legend = legend_of(req, hd + 2, 2);
	size_t n = json_array_size(list), m = 0;
	const char **labels = pool_alloc(req->pool, (n + 1) * sizeof(*labels));
	double *v[2] = { pool_alloc(req->pool, (n + 1) * sizeof(double)), pool_alloc(req->pool, (n + 1) * sizeof(double)) };
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(list, i);
		if (too_small(e, "people"))
			continue;
		labels[m] = insight_group_name(req, e);
		const char *cells[6] = { labels[m] };
		for (int k = 0; k < 5; k++)
			cells[k + 1] = fmt_num(req, num(e, keys[k]));
		v[0][m] = num(e, "active");
		v[1][m] = num(e, "contributors");
		row_add(c->rows, 6, cells);
		m++;
	}
	draw_bars(req, c, labels, m, hd + 2, v, 2, SVG_BARS_GROUPED, true);
	return PLEIN_OK;
}

static int chart_topics(struct request *req, const struct insight_data *d, struct insight_chart *c)
{
	json_t *list = json_object_get(d->current, "topics");
	if (!json_is_array(list))
		return PLEIN_NOTFOUND;
	init(req, c, "topics", N_("Trending topics"), N_("Topics with the most growth in posts against the period before."));
	static const char *const h[] = { N_("Topic"), N_("Posts"), N_("Period before"), N_("Growth") };
	c->head = head_of(req, h, 4);
	c->legend = legend_of(req, h + 1, 2);
	size_t n = json_array_size(list);
	if (n > 20)
		n = 20;
	const char **labels = pool_alloc(req->pool, (n + 1) * sizeof(*labels));
	double *v[2] = { pool_alloc(req->pool, (n + 1) * sizeof(double)), pool_alloc(req->pool, (n + 1) * sizeof(double)) };
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(list, i);
		const char *name = json_string_value(json_object_get(e, "name"));
		labels[i] = pool_printf(req->pool, "#%s", name ? name : "");
		v[0][i] = num(e, "posts");
		v[1][i] = num(e, "before");
		const char *cells[] = { labels[i], fmt_num(req, v[0][i]), fmt_num(req, v[1][i]),
		                        pool_printf(req->pool, "×%.2f", num(e, "growth")) };
		row_add(c->rows, 4, cells);
	}
	draw_bars(req, c, labels, n, h + 1, v, 2, SVG_BARS_GROUPED, true);
	return PLEIN_OK;
}

static void decref(void *j)
{
	json_decref(j);
}

int insight_chart_build(struct request *req, const struct insight_data *d, const char *name, struct insight_chart *out)
{
	memset(out, 0, sizeof(*out));
	int rc = PLEIN_NOTFOUND;
	if (!name)
		return rc;
	if (d->adoption && strcmp(name, "activity") == 0)
		rc = chart_activity(req, d, out);
	else if (d->adoption && strcmp(name, "accounts") == 0)
		rc = chart_accounts(req, d, out);
	else if (d->adoption && strcmp(name, "activations") == 0)
		rc = chart_activations(req, d, out);
	else if (d->adoption && strcmp(name, "weekly") == 0)
		rc = chart_weekly(req, d, out);
	else if (d->adoption && strcmp(name, "monthly") == 0)
		rc = chart_monthly(req, d, out);
	else if (d->current && strcmp(name, "figures") == 0)
		rc = chart_figures(req, d, out);
	else if (d->current && strcmp(name, "split") == 0)
		rc = chart_split(req, d, out);
	else if (d->current && strcmp(name, "departments") == 0)
		rc = chart_groups(req, d, out, false);
	else if (d->current && strcmp(name, "locations") == 0)
		rc = chart_groups(req, d, out, true);
	else if (d->current && strcmp(name, "topics") == 0)
		rc = chart_topics(req, d, out);
	else
		rc = insight_chart_build_network(req, d, name, out);
	if (rc == PLEIN_OK) {  /* the chart lives as long as the request */
		pool_cleanup_add(req->pool, decref, out->rows);
		pool_cleanup_add(req->pool, decref, out->head);
		if (out->legend)
			pool_cleanup_add(req->pool, decref, out->legend);
	} else if (out->rows) {
		json_decref(out->rows);
		json_decref(out->head);
		json_decref(out->legend);
		memset(out, 0, sizeof(*out));
	}
	return rc;
}

json_t *insight_chart_json(const struct insight_chart *c, const char *csv_query)
{
	json_t *o = json_object();
	json_object_set_new(o, "name", json_string(c->name));
	json_object_set_new(o, "title", json_string(c->title));
	json_object_set_new(o, "desc", json_string(c->desc));
	if (c->svg)
		json_object_set_new(o, "svg", json_string(c->svg));
	json_object_set(o, "head", c->head);
	/* rows as {"first": the row's header cell, "rest": the others} */
	json_t *rows = json_array();
	for (size_t r = 0; r < json_array_size(c->rows); r++) {
		json_t *row = json_array_get(c->rows, r), *rest = json_array();
		for (size_t i = 1; i < json_array_size(row); i++)
			json_array_append(rest, json_array_get(row, i));
		json_array_append_new(rows, json_pack("{s:O, s:o}", "first", json_array_get(row, 0), "rest", rest));
	}
	json_object_set_new(o, "rows", rows);
	json_object_set_new(o, "has_rows", json_boolean(json_array_size(c->rows) > 0));
	if (c->legend && json_array_size(c->legend)) {
		json_object_set(o, "legend", c->legend);
		json_object_set_new(o, "has_legend", json_true());
	}
	json_object_set_new(o, "csv_url", json_string(c->name));
	json_object_set_new(o, "csv_query", json_string(csv_query ? csv_query : ""));
	return o;
}

int insight_chart_csv(const struct insight_chart *c, struct strbuf *out)
{
	for (size_t i = 0; i < json_array_size(c->head); i++) {
		if (i)
			(void)strbuf_addch(out, ',');
		signups_csv_cell(out, json_string_value(json_array_get(c->head, i)));
	}
	(void)strbuf_addstr(out, "\r\n");
	for (size_t r = 0; r < json_array_size(c->rows); r++) {
		json_t *row = json_array_get(c->rows, r);
		for (size_t i = 0; i < json_array_size(row); i++) {
			if (i)
				(void)strbuf_addch(out, ',');
			signups_csv_cell(out, json_string_value(json_array_get(row, i)));
		}
		(void)strbuf_addstr(out, "\r\n");
	}
	return out->toobig ? PLEIN_TOOBIG : PLEIN_OK;
}

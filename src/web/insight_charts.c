/* insight_charts.c — every chart of the insight pages as a table plus the
 * SVG drawn from it (insight_charts.h). Cells are strings formatted here,
 * the same in the page's table and in the CSV. Department, location and
 * community rows of fewer than INSIGHT_MIN_GROUP people are dropped here
 * too, although the computation already merged them: a second lock on the
 * rule "a group of fewer than 5 is never shown on its own". */
#include "web/insight_charts.h"
#include "web/svg_chart.h"
#include "web/app.h"
#include "core/i18n.h"
#include "core/signups.h"
#include "core/visibility.h"
#include <math.h>

#define SVG_MAX (4u << 20)

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

/* ---- small helpers ---- */

static double num(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_number(v) ? json_number_value(v) : NAN;
}

static const char *fmt_num(struct request *req, double v)
{
	if (!isfinite(v))
		return "";
	if (v == floor(v) && fabs(v) < 1e15)
		return pool_printf(req->pool, "%.0f", v);
	return pool_printf(req->pool, "%.2f", v);
}

static const char *fmt_day(struct request *req, int64_t day)
{
	char *b = pool_alloc(req->pool, 11);
	svg_day_iso(day, b);
	return b;
}

const char *insight_group_name(struct request *req, json_t *row)
{
	if (json_is_true(json_object_get(row, "other")))
		return T(req, N_("Smaller departments together"));
	const char *s = json_string_value(json_object_get(row, "name"));
	return s ? s : "";
}

/* Too small to be shown on its own (and not the merged row, which the
 * computation keeps only at ≥ 5 too). */
static bool too_small(json_t *row, const char *key)
{
	double n = num(row, key);
	return !(n >= INSIGHT_MIN_GROUP);
}

/* A department name the network may show: one of its departments of at
 * least INSIGHT_MIN_GROUP people. Anything else (a name the computation
 * should have merged) is shown as the merged row. */
static const char *network_department(struct request *req, json_t *network, const char *name)
{
	json_t *deps = json_object_get(network, "departments");
	for (size_t i = 0; name && *name && i < json_array_size(deps); i++) {
		json_t *e = json_array_get(deps, i);
		const char *n = json_string_value(json_object_get(e, "name"));
		if (n && strcmp(n, name) == 0 && !json_is_true(json_object_get(e, "other")))
			return too_small(e, "people") ? T(req, N_("Smaller departments together")) : n;
	}
	return T(req, N_("Smaller departments together"));
}

static json_t *head_of(struct request *req, const char *const *msgids, size_t n)
{
	json_t *h = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(h, json_string(T(req, msgids[i])));
	return h;
}

static void row_add(json_t *rows, size_t n, const char *const *cells)
{
	json_t *r = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(r, json_string(cells[i] ? cells[i] : ""));
	json_array_append_new(rows, r);
}

static const char *svg_done(struct request *req, struct strbuf *sb)
{
	const char *s = sb->toobig ? NULL : pool_strdup(req->pool, sb->buf);
	strbuf_release(sb);
	return s;
}

static json_t *legend_of(struct request *req, const char *const *msgids, size_t n)
{
	json_t *l = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(l, json_pack("{s:s, s:I}", "name", T(req, msgids[i]), "swatch", (json_int_t)i));
	return l;
}

static void init(struct request *req, struct insight_chart *c, const char *name, const char *title, const char *desc)
{
	memset(c, 0, sizeof(*c));
	c->name = name;
	c->title = T(req, title);
	c->desc = T(req, desc);
	c->rows = json_array();
}

static struct svg_text text_of(const struct insight_chart *c)
{
	return (struct svg_text){ .id = c->name, .title = c->title, .desc = c->desc };
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

/* Horizontal bars of single-series figures: rows (label, value). */
static const char *hbars(struct request *req, const struct insight_chart *c, const char **labels, double *values, size_t n,
                         const char *series)
{
	struct svg_series s = { series, values };
	struct strbuf sb;
	strbuf_init(&sb, SVG_MAX);
	struct svg_text t = text_of(c);
	(void)svg_bar_chart(&sb, &t, labels, n, &s, 1, SVG_BARS_GROUPED, true);
	return svg_done(req, &sb);
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
	struct svg_series s = { T(req, h[1]), v };
	struct strbuf sb;
	strbuf_init(&sb, SVG_MAX);
	struct svg_text t = text_of(c);
	(void)svg_bar_chart(&sb, &t, labels, n, &s, 1, SVG_BARS_GROUPED, false);
	c->svg = svg_done(req, &sb);
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
	struct svg_series s[4];
	for (int k = 0; k < 4; k++)
		s[k] = (struct svg_series){ T(req, h[k + 1]), v[k] };
	struct strbuf sb;
	strbuf_init(&sb, SVG_MAX);
	struct svg_text t = text_of(c);
	(void)svg_bar_chart(&sb, &t, labels, n, s, 4, SVG_BARS_STACKED, true);
	c->svg = svg_done(req, &sb);
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
	struct svg_series s[4];
	for (int k = 0; k < 4; k++)
		s[k] = (struct svg_series){ T(req, h[k + 1]), v[k] };
	struct strbuf sb;
	strbuf_init(&sb, SVG_MAX);
	struct svg_text t = text_of(c);
	(void)svg_bar_chart(&sb, &t, labels, show, s, 4, SVG_BARS_STACKED, false);
	c->svg = svg_done(req, &sb);
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
	struct svg_series s[2] = { { T(req, h[1]), v[0] }, { T(req, h[2]), v[1] } };
	struct strbuf sb;
	strbuf_init(&sb, SVG_MAX);
	struct svg_text t = text_of(c);
	(void)svg_bar_chart(&sb, &t, labels, n, s, 2, SVG_BARS_GROUPED, false);
	c->svg = svg_done(req, &sb);
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
	struct svg_series s[2] = { { T(req, hd[2]), v[0] }, { T(req, hd[3]), v[1] } };
	struct strbuf sb;
	strbuf_init(&sb, SVG_MAX);
	struct svg_text t = text_of(c);
	(void)svg_bar_chart(&sb, &t, labels, m, s, 2, SVG_BARS_GROUPED, true);
	c->svg = svg_done(req, &sb);
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
	struct svg_series s[2] = { { T(req, h[1]), v[0] }, { T(req, h[2]), v[1] } };
	struct strbuf sb;
	strbuf_init(&sb, SVG_MAX);
	struct svg_text t = text_of(c);
	(void)svg_bar_chart(&sb, &t, labels, n, s, 2, SVG_BARS_GROUPED, true);
	c->svg = svg_done(req, &sb);
	return PLEIN_OK;
}

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
	size_t n = json_array_size(nodes), ne = json_array_size(edges);
	struct svg_node *sn = pool_zalloc(req->pool, (n + 1) * sizeof(*sn));
	struct svg_edge *se = pool_zalloc(req->pool, (ne + 1) * sizeof(*se));
	int *degree = pool_zalloc(req->pool, (n + 1) * sizeof(int));
	size_t m = 0;
	for (size_t i = 0; i < ne; i++) {
		json_t *e = json_array_get(edges, i);
		json_t *a = json_array_get(e, 0), *b = json_array_get(e, 1), *w = json_array_get(e, 2);
		if (!json_is_integer(a) || !json_is_integer(b) || json_integer_value(a) < 0 || json_integer_value(b) < 0 ||
		    (size_t)json_integer_value(a) >= n || (size_t)json_integer_value(b) >= n)
			continue;
		se[m++] = (struct svg_edge){ (size_t)json_integer_value(a), (size_t)json_integer_value(b),
		                             json_is_number(w) ? json_number_value(w) : 1 };
		degree[json_integer_value(a)]++;
		degree[json_integer_value(b)]++;
	}
	/* departments and communities to palette colours, in order of first appearance */
	json_t *colours = json_object();
	json_t *legend = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(nodes, i);
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
		/* a person deleted since the snapshot has no name: drawn, never named */
		const char *label = name ? name : T(req, N_("(no longer here)"));
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
	else if (d->network && strcmp(name, "matrix") == 0)
		rc = chart_matrix(req, d, out);
	else if (d->network && strcmp(name, "department-map") == 0)
		rc = chart_department_map(req, d, out);
	else if (d->network && strcmp(name, "quiet-pairs") == 0)
		rc = chart_quiet_pairs(req, d, out);
	else if (d->network && strcmp(name, "communities") == 0)
		rc = chart_communities(req, d, out);
	else if (d->network && strcmp(name, "kinds") == 0)
		rc = chart_kinds(req, d, out);
	else if (d->history && strncmp(name, "history-", 8) == 0)
		rc = strcmp(name, "history-activity") == 0 ? chart_history(req, d, out, 0)
		   : strcmp(name, "history-network") == 0 ? chart_history(req, d, out, 1)
		   : strcmp(name, "history-structure") == 0 ? chart_history(req, d, out, 2)
		   : strcmp(name, "history-ties") == 0 ? chart_history(req, d, out, 3) : PLEIN_NOTFOUND;
	else if (d->people_graph && strcmp(name, "people-picture") == 0)
		rc = chart_people_picture(req, d, out);
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

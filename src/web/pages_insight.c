/* pages_insight.c — the insight pages (issue 7): adoption (/insight, any
 * period compared with the one before), the network (/insight/network),
 * the trends over snapshots (/insight/history), the individual figures for
 * administrators (/insight/people, every view audited), one's own figures
 * (/insight/me), every chart's CSV (/insight/csv/{chart}) and "Compute now"
 * (POST /insight/run). Who sees what is visibility_insight_level's alone;
 * the figures come from the newest done snapshot (core/insight_store.h),
 * the charts from web/insight_charts.c. */
#include "web/page.h"
#include "web/handlers.h"
#include "web/app.h"
#include "web/insight_charts.h"
#include "web/svg_chart.h"
#include "core/audit.h"
#include "core/i18n.h"
#include "core/insight.h"
#include "core/insight_store.h"
#include "core/people.h"
#include "core/visibility.h"
#include "jobs/insight_job.h"
#include "http/static.h"
#include "lib/strbuf.h"
#include <math.h>
#include <time.h>

#define HISTORY_MAX 400       /* snapshots drawn in the trends (a year of nights and more) */
#define LIST_SHOWN 10         /* people per list on /insight/people */
#define LIST_PAGE 50          /* people per page of one list (?list=…) and in its CSV */
#define CSV_MAX (8u << 20)

static const char *const db_down = N_("plein cannot reach its database right now. Please try again in a minute.");

static enum insight_level level_of(struct request *req)
{
	return visibility_insight_level(req->viewer);
}

/* ---- what every insight page shares ---- */

static const char *phase_text(struct request *req, const struct insight_snapshot *s)
{
	if (strcmp(s->status, "queued") == 0)
		return T(req, N_("Waiting to start"));
	return s->phase && *s->phase ? T(req, s->phase) : T(req, N_("Starting"));
}

/* The tabs, the privacy note, the computation under way and the admins' button. */
static json_t *base_ctx(struct request *req, const char *tab, const char *refresh)
{
	enum insight_level lv = level_of(req);
	json_t *ctx = json_object();
	json_object_set_new(ctx, "nav_insight", json_true());
	json_object_set_new(ctx, pool_printf(req->pool, "tab_%s", tab), json_true());
	json_object_set_new(ctx, "show_departments", json_boolean(lv >= INSIGHT_DEPARTMENTS));
	json_object_set_new(ctx, "is_admin", json_boolean(lv == INSIGHT_PEOPLE));
	json_object_set_new(ctx, "insight_js_url", json_string(static_url(req->pool, "insight.js")));
	if (lv >= INSIGHT_DEPARTMENTS) {
		struct insight_snapshot cur;
		int rc = insight_store_current(req->db, req->pool, &cur);
		if (rc == PLEIN_OK)
			json_object_set_new(ctx, "run", json_pack("{s:I, s:s, s:I, s:s, s:s}", "id", (json_int_t)cur.id,
				"status", cur.status, "progress", (json_int_t)cur.progress, "phase", phase_text(req, &cur),
				"refresh", refresh));
		else if (lv == INSIGHT_PEOPLE && insight_store_last_failure(req->db, req->pool, &cur) == PLEIN_OK)
			json_object_set_new(ctx, "run_failed", json_pack("{s:s, s:s}", "when",
				page_ago(req, cur.finished_at ? cur.finished_at : cur.created_at), "error", T(req, cur.error)));
	}
	return ctx;
}

/* The newest done snapshot: false (with the empty state in ctx) when none. */
static bool newest(struct request *req, json_t *ctx, struct insight_snapshot *s, bool *failed)
{
	*failed = false;
	int rc = insight_store_get(req->db, req->pool, 0, s);
	if (rc == PLEIN_NOTFOUND) {
		json_object_set_new(ctx, "empty", json_true());
		return false;
	}
	if (rc) {
		*failed = true;
		return false;
	}
	char iso[11];
	svg_day_iso(s->day, iso);
	json_object_set_new(ctx, "snapshot", json_pack("{s:I, s:s, s:s}", "id", (json_int_t)s->id, "day", iso,
		"computed", page_ago(req, s->finished_at ? s->finished_at : s->created_at)));
	return true;
}

/* newest() for the pages that show nothing without figures: false when
 * the page has been answered — its empty state, or 503. */
static bool newest_or_answer(struct request *req, json_t *ctx, struct insight_snapshot *s, const char *template,
                             const char *title)
{
	bool failed;
	if (newest(req, ctx, s, &failed))
		return true;
	if (failed) {
		json_decref(ctx);
		page_error(req, 503, db_down);
	} else
		page_render(req, 200, template, ctx, title);
	return false;
}

static void add_chart(struct request *req, json_t *list, const struct insight_data *d, const char *name, const char *query)
{
	struct insight_chart c;
	if (insight_chart_build(req, d, name, &c) == PLEIN_OK)
		json_array_append_new(list, insight_chart_json(&c, query));
}

static void json_release(void *j)
{
	json_decref(j);
}

/* A JSON column of a snapshot, released with the request. */
static json_t *snapshot_json(struct request *req, int64_t id, const char *which)
{
	json_t *j = NULL;
	if (insight_store_json(req->db, id, which, &j) != PLEIN_OK || !j)
		return NULL;
	pool_cleanup_add(req->pool, json_release, j);
	return j;
}

/* ---- the period of /insight (and its CSVs) ---- */

struct period_choice {
	int days;                     /* 7, 30, 90, 365; 0: custom */
	int64_t from, to;             /* custom */
	const char *query;            /* "?period=30" / "?from=…&to=…" for links */
	const char *error;            /* msgid: the custom dates were refused */
};

static void period_read(struct request *req, const struct insight_snapshot *s, struct period_choice *pc)
{
	memset(pc, 0, sizeof(*pc));
	pc->days = 30;
	const char *p = req_query(req, "period"), *from = req_query(req, "from"), *to = req_query(req, "to");
	if (p && (strcmp(p, "7") == 0 || strcmp(p, "30") == 0 || strcmp(p, "90") == 0 || strcmp(p, "365") == 0))
		pc->days = atoi(p);
	if ((from && *from) || (to && *to)) {
		int64_t f, t;
		if (!svg_day_parse(from, &f) || !svg_day_parse(to, &t))
			pc->error = N_("Give both dates of the period, as year-month-day.");
		else if (t < f)
			pc->error = N_("The period must end after it starts.");
		else if (t - f + 1 > INSIGHT_PERIOD_MAX_DAYS)
			pc->error = N_("A period can be at most two years long.");
		else if (t > s->day)
			pc->error = N_("The period must end before the day the figures were computed.");
		else {
			pc->days = 0;
			pc->from = f;
			pc->to = t;
		}
	}
	if (pc->days) {
		pc->query = pool_printf(req->pool, "?period=%d", pc->days);
	} else {
		char a[11], b[11];
		svg_day_iso(pc->from, a);
		svg_day_iso(pc->to, b);
		pc->query = pool_printf(req->pool, "?from=%s&to=%s", a, b);
	}
}

/* The current and previous PERIOD objects of the choice: from the snapshot
 * for the standard ones, computed for a custom one. */
static int period_figures(struct request *req, json_t *adoption, const struct period_choice *pc, json_t **cur, json_t **prev)
{
	*cur = *prev = NULL;
	if (pc->days) {
		json_t *p = json_object_get(json_object_get(adoption, "periods"), pool_printf(req->pool, "%d", pc->days));
		*cur = json_object_get(p, "current");
		*prev = json_object_get(p, "previous");
		return *cur ? PLEIN_OK : PLEIN_NOTFOUND;
	}
	json_t *a = NULL, *b = NULL;
	int rc = insight_period_compare(req->db, pc->from, pc->to, (int64_t)time(NULL), &a, &b);
	if (rc != PLEIN_OK)
		return rc;
	pool_cleanup_add(req->pool, json_release, a);
	pool_cleanup_add(req->pool, json_release, b);
	*cur = a;
	*prev = b;
	return PLEIN_OK;
}

static json_t *period_tabs(struct request *req, const struct period_choice *pc)
{
	static const struct { int days; const char *label; } tabs[] = {
		{ 7, N_("7 days") }, { 30, N_("30 days") }, { 90, N_("90 days") }, { 365, N_("A year") },
	};
	json_t *a = json_array();
	for (size_t i = 0; i < ARRAY_LEN(tabs); i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "label", T(req, tabs[i].label), "url",
			pool_printf(req->pool, "/insight?period=%d", tabs[i].days), "current", pc->days == tabs[i].days));
	return a;
}

/* The headline cards: a figure, the one before, ↑/↓ with the change. */
static json_t *headline(struct request *req, json_t *cur, json_t *prev)
{
	static const struct { const char *key, *label; bool share; } figs[] = {
		{ "active", N_("Active people"), false },
		{ "contributors", N_("Contributors"), false },
		{ "dau_mean", N_("Active per day (mean)"), false },
		{ "stickiness", N_("Stickiness"), true },
		{ "posts", N_("Posts"), false },
		{ "questions_answered_share", N_("Questions answered"), true },
		{ "active_groups", N_("Active groups"), false },
	};
	json_t *a = json_array();
	for (size_t i = 0; i < ARRAY_LEN(figs); i++) {
		json_t *c = json_object_get(cur, figs[i].key), *p = json_object_get(prev, figs[i].key);
		double v = json_is_number(c) ? json_number_value(c) : NAN, w = json_is_number(p) ? json_number_value(p) : NAN;
		json_t *o = json_object();
		json_object_set_new(o, "label", json_string(T(req, figs[i].label)));
		const char *vs = !isfinite(v) ? "–" : figs[i].share ? pool_printf(req->pool, "%.0f %%", v * 100)
			: v == floor(v) ? pool_printf(req->pool, "%.0f", v) : pool_printf(req->pool, "%.1f", v);
		json_object_set_new(o, "value", json_string(vs));
		if (isfinite(v) && isfinite(w) && w != 0) {
			double pct = (v - w) / fabs(w) * 100;
			json_object_set_new(o, pct >= 0.5 ? "up" : pct <= -0.5 ? "down" : "same", json_true());
			json_object_set_new(o, "change", json_string(pool_printf(req->pool, "%.0f %%", fabs(pct))));
			const char *ws = figs[i].share ? pool_printf(req->pool, "%.0f %%", w * 100)
				: w == floor(w) ? pool_printf(req->pool, "%.0f", w) : pool_printf(req->pool, "%.1f", w);
			json_object_set_new(o, "before", json_string(ws));
		}
		json_array_append_new(a, o);
	}
	return a;
}

static const char *const adoption_charts[] = {
	"figures", "activity", "split", "weekly", "accounts", "activations", "monthly", "departments", "locations", "topics",
};
static const char *const network_charts[] = {
	"department-map", "matrix", "quiet-pairs", "communities", "kinds",
};
static const char *const history_charts[] = { "history-activity", "history-ties", "history-network", "history-structure" };

void page_insight(struct request *req)
{
	enum insight_level lv = level_of(req);
	if (lv == INSIGHT_OWN) {
		page_redirect(req, "/insight/me", NULL);
		return;
	}
	if (lv < INSIGHT_DEPARTMENTS) {
		page_error(req, 404, N_("Page not found"));
		return;
	}
	json_t *ctx = base_ctx(req, "adoption", "/insight");
	struct insight_snapshot s;
	if (!newest_or_answer(req, ctx, &s, "insight", N_("Insight")))
		return;
	struct insight_data d = { .adoption = snapshot_json(req, s.id, "adoption") };
	struct period_choice pc;
	period_read(req, &s, &pc);
	if (pc.error)
		json_object_set_new(ctx, "period_error", json_string(T(req, pc.error)));
	int prc = period_figures(req, d.adoption, &pc, &d.current, &d.previous);
	if (prc == PLEIN_TOOBIG)
		json_object_set_new(ctx, "period_error", json_string(T(req,
			N_("Another period is being computed right now. Try again in a moment."))));
	else if (prc != PLEIN_OK)
		json_object_set_new(ctx, "period_error", json_string(T(req, N_("The figures of that period could not be computed."))));
	json_object_set_new(ctx, "periods", period_tabs(req, &pc));
	json_t *run = json_object_get(ctx, "run");  /* Refresh keeps the period */
	if (run && !pc.error)
		json_object_set_new(run, "refresh", json_string(pool_printf(req->pool, "/insight%s", pc.query)));
	json_object_set_new(ctx, "custom", json_boolean(pc.days == 0));
	char a[11], b[11];
	svg_day_iso(pc.days ? s.day - pc.days + 1 : pc.from, a);
	svg_day_iso(pc.days ? s.day : pc.to, b);
	json_object_set_new(ctx, "from", json_string(req_query(req, "from") && pc.error ? req_query(req, "from") : a));
	json_object_set_new(ctx, "to", json_string(req_query(req, "to") && pc.error ? req_query(req, "to") : b));
	json_object_set_new(ctx, "max_day", json_string(pool_strdup(req->pool, b)));
	if (d.current)
		json_object_set_new(ctx, "headline", headline(req, d.current, d.previous));
	json_object_set_new(ctx, "has_headline", json_boolean(d.current != NULL));
	json_t *charts = json_array();
	for (size_t i = 0; i < ARRAY_LEN(adoption_charts); i++)
		add_chart(req, charts, &d, adoption_charts[i], pc.query);
	json_object_set_new(ctx, "charts", charts);
	page_render(req, 200, "insight", ctx, N_("Insight"));
}

void page_insight_network(struct request *req)
{
	if (level_of(req) < INSIGHT_DEPARTMENTS) {
		page_error(req, 404, N_("Page not found"));
		return;
	}
	json_t *ctx = base_ctx(req, "network", "/insight/network");
	struct insight_snapshot s;
	bool failed;
	if (newest(req, ctx, &s, &failed)) {
		struct insight_data d = { .network = snapshot_json(req, s.id, "network") };
		json_t *com = json_object_get(d.network, "communities");
		if (com) {
			json_t *nmi = json_object_get(com, "nmi_departments"), *mod = json_object_get(com, "modularity");
			json_object_set_new(ctx, "communities", json_pack("{s:I, s:s, s:s}", "count",
				(json_int_t)json_integer_value(json_object_get(com, "count")),
				"nmi", pool_printf(req->pool, "%.2f", json_number_value(nmi)),
				"modularity", pool_printf(req->pool, "%.2f", json_number_value(mod))));
		}
		json_object_set_new(ctx, "totals", json_pack("{s:I, s:I, s:I, s:I, s:I}",
			"people", (json_int_t)json_integer_value(json_object_get(d.network, "people")),
			"ties", (json_int_t)json_integer_value(json_object_get(d.network, "ties")),
			"isolated", (json_int_t)json_integer_value(json_object_get(d.network, "isolated")),
			"newcomers", (json_int_t)json_integer_value(json_object_get(d.network, "newcomers")),
			"newcomers_unconnected", (json_int_t)json_integer_value(json_object_get(d.network, "newcomers_unconnected"))));
		json_t *charts = json_array();
		for (size_t i = 0; i < ARRAY_LEN(network_charts); i++)
			add_chart(req, charts, &d, network_charts[i], "");
		json_object_set_new(ctx, "charts", charts);
	} else if (failed) {
		json_decref(ctx);
		page_error(req, 503, db_down);
		return;
	}
	page_render(req, 200, "insight_network", ctx, N_("Insight: the network"));
}

/* Summaries of the done snapshots, oldest first: [{"day", "summary"}]. */
static json_t *history_json(struct request *req)
{
	json_t *h = json_array();
	int64_t before = 0;
	while (json_array_size(h) < HISTORY_MAX) {
		struct insight_snapshot *s;
		json_t **sum;
		size_t n;
		if (insight_store_list(req->db, req->pool, before, 100, &s, &sum, &n) != PLEIN_OK)
			break;
		for (size_t i = 0; i < n; i++) {
			json_array_insert_new(h, 0, json_pack("{s:I, s:o}", "day", (json_int_t)s[i].day, "summary",
				sum[i] ? sum[i] : json_object()));
			before = s[i].id;
		}
		if (n < 100)
			break;
	}
	pool_cleanup_add(req->pool, json_release, h);
	return h;
}

void page_insight_history(struct request *req)
{
	if (level_of(req) < INSIGHT_DEPARTMENTS) {
		page_error(req, 404, N_("Page not found"));
		return;
	}
	json_t *ctx = base_ctx(req, "history", "/insight/history");
	struct insight_snapshot s;
	bool failed;
	if (newest(req, ctx, &s, &failed)) {
		struct insight_data d = { .history = history_json(req) };
		json_t *charts = json_array();
		for (size_t i = 0; i < ARRAY_LEN(history_charts); i++)
			add_chart(req, charts, &d, history_charts[i], "");
		json_object_set_new(ctx, "charts", charts);
		json_object_set_new(ctx, "snapshots", json_integer((json_int_t)json_array_size(d.history)));
	} else if (failed) {
		json_decref(ctx);
		page_error(req, 503, db_down);
		return;
	}
	page_render(req, 200, "insight_history", ctx, N_("Insight: over time"));
}

/* ---- individual figures (admins) ---- */

static const struct {
	const char *name, *title, *desc;
	enum insight_list list;
} lists[] = {
	{ "influencers", N_("Influencers"), N_("Whose posts and answers reach the most people, directly and through others (PageRank)."), INSIGHT_LIST_INFLUENCERS },
	{ "bridges", N_("Bridge-builders"), N_("People on the shortest paths between many colleagues, whose ties often span several departments (betweenness)."), INSIGHT_LIST_BRIDGES },
	{ "ambassadors", N_("Ambassador suggestions"), N_("Active, widely reached and helpful: people who could help colleagues get going."), INSIGHT_LIST_AMBASSADORS },
	{ "isolated", N_("Isolated people"), N_("No ties with any colleague yet."), INSIGHT_LIST_ISOLATED },
	{ "newcomers", N_("Newcomers without connections"), N_("Joined in the last 90 days and tied to fewer than two colleagues: someone could welcome them."), INSIGHT_LIST_NEWCOMERS },
};

static int list_index(const char *name)
{
	for (size_t i = 0; name && i < ARRAY_LEN(lists); i++)
		if (strcmp(name, lists[i].name) == 0)
			return (int)i;
	return -1;
}

/* One list as a chart (a table with links): rows of the people still here. */
static int insight_people_list(struct request *req, int64_t snap, int li, int64_t after, size_t limit, struct insight_chart *c,
                       json_t **links, int64_t *next)
{
	struct insight_person *p = pool_alloc(req->pool, limit * sizeof(*p));
	size_t n = 0;
	int rc = insight_store_top(req->db, snap, lists[li].list, after, limit, p, &n);
	if (rc)
		return rc;
	memset(c, 0, sizeof(*c));
	c->name = lists[li].name;
	c->title = T(req, lists[li].title);
	c->desc = T(req, lists[li].desc);
	static const char *const h[] = { N_("Rank"), N_("Name"), N_("Department"), N_("Ties"), N_("Departments reached"),
	                                 N_("Figure") };
	c->head = json_array();
	for (size_t i = 0; i < ARRAY_LEN(h); i++)
		json_array_append_new(c->head, json_string(T(req, h[i])));
	c->rows = json_array();
	pool_cleanup_add(req->pool, json_release, c->head);
	pool_cleanup_add(req->pool, json_release, c->rows);
	*links = json_array();
	*next = 0;
	for (size_t i = 0; i < n; i++) {
		enum insight_list l = lists[li].list;
		*next = l == INSIGHT_LIST_INFLUENCERS ? p[i].pagerank_rank : l == INSIGHT_LIST_BRIDGES ? p[i].betweenness_rank
		      : l == INSIGHT_LIST_AMBASSADORS ? p[i].ambassador_rank : p[i].person_id;
		struct person *who;
		if (people_get(req->db, req->pool, p[i].person_id, &who) != PLEIN_OK || strcmp(who->status, "active") != 0)
			continue;  /* deleted or deactivated since the snapshot (as in the picture) */
		const char *figure = l == INSIGHT_LIST_INFLUENCERS ? pool_printf(req->pool, "%.5f", p[i].pagerank)
			: l == INSIGHT_LIST_BRIDGES ? pool_printf(req->pool, "%.0f", p[i].betweenness)
			: l == INSIGHT_LIST_AMBASSADORS ? pool_printf(req->pool, "%.2f", p[i].ambassador)
			: pool_printf(req->pool, "%d", p[i].ties);
		const char *rank = l == INSIGHT_LIST_INFLUENCERS ? pool_printf(req->pool, "%d", p[i].pagerank_rank)
			: l == INSIGHT_LIST_BRIDGES ? pool_printf(req->pool, "%d", p[i].betweenness_rank)
			: l == INSIGHT_LIST_AMBASSADORS ? pool_printf(req->pool, "%d", p[i].ambassador_rank) : "";
		json_t *row = json_pack("[s, s, s, s, s, s]", rank, who->name, who->department ? who->department : "",
			pool_printf(req->pool, "%d", p[i].ties), pool_printf(req->pool, "%d", p[i].departments), figure);
		json_array_append_new(c->rows, row);
		json_t *o = page_person_json(req, who);
		json_object_set_new(o, "rank", page_text(rank));
		json_object_set_new(o, "figure", json_string(figure));
		json_object_set_new(o, "ties", json_integer(p[i].ties));
		json_object_set_new(o, "reached", json_integer(p[i].departments));
		json_object_set_new(o, "dept", page_text(who->department));
		json_array_append_new(*links, o);
	}
	if (n < limit)
		*next = 0;
	return PLEIN_OK;
}

/* The names of the people in the picture who are still here. */
static json_t *picture_names(struct request *req, json_t *graph)
{
	json_t *names = json_object();
	pool_cleanup_add(req->pool, json_release, names);
	json_t *nodes = json_object_get(graph, "nodes");
	for (size_t i = 0; i < json_array_size(nodes); i++) {
		json_int_t id = json_integer_value(json_object_get(json_array_get(nodes, i), "id"));
		struct person *who;
		if (id > 0 && people_get(req->db, req->pool, id, &who) == PLEIN_OK && strcmp(who->status, "active") == 0)
			json_object_set_new(names, pool_printf(req->pool, "%lld", (long long)id), json_string(who->name));
	}
	return names;
}

void page_insight_people(struct request *req)
{
	if (level_of(req) != INSIGHT_PEOPLE) {
		page_error(req, 404, N_("Page not found"));
		return;
	}
	json_t *ctx = base_ctx(req, "people", "/insight/people");
	struct insight_snapshot s;
	if (!newest_or_answer(req, ctx, &s, "insight_people", N_("Insight: people")))
		return;
	const char *one = req_query(req, "list");
	int li = one && *one ? list_index(one) : -1;
	if (one && *one && li < 0) {
		json_decref(ctx);
		page_error(req, 404, N_("There is no such list."));
		return;
	}
	int64_t after = 0;
	const char *a = req_query(req, "after");
	if (a && *a) {
		char *end;
		long long v = strtoll(a, &end, 10);
		if (*end || v < 0) {
			json_decref(ctx);
			page_error(req, 400, N_("This page link is not valid."));
			return;
		}
		after = v;
	}
	int64_t count = 0;
	if (insight_store_people_count(req->db, s.id, &count) != PLEIN_OK)
		count = 0;
	json_t *out = json_array();
	for (size_t i = 0; i < ARRAY_LEN(lists); i++) {
		if (li >= 0 && (int)i != li)
			continue;
		struct insight_chart c;
		json_t *links;
		int64_t next;
		if (insight_people_list(req, s.id, (int)i, li >= 0 ? after : 0, li >= 0 ? LIST_PAGE : LIST_SHOWN, &c, &links, &next))
			continue;
		json_t *o = insight_chart_json(&c, "");
		json_object_set_new(o, "people", links);
		json_object_set_new(o, "none", json_boolean(json_array_size(links) == 0));
		if (next)
			json_object_set_new(o, "more_url", json_string(pool_printf(req->pool, "/insight/people?list=%s&after=%lld",
				lists[i].name, (long long)(li >= 0 ? next : 0))));
		json_array_append_new(out, o);
	}
	json_object_set_new(ctx, "lists", out);
	json_object_set_new(ctx, "one_list", json_boolean(li >= 0));
	json_object_set_new(ctx, "pruned", json_boolean(count == 0));
	bool by_community = false;
	if (li < 0) {
		const char *colour = req_query(req, "colour");
		by_community = colour && strcmp(colour, "community") == 0;
		struct insight_data d = { .people_graph = snapshot_json(req, s.id, "people_graph"), .by_community = by_community };
		if (d.people_graph) {
			d.people_names = picture_names(req, d.people_graph);
			struct insight_chart c;
			if (insight_chart_build(req, &d, "people-picture", &c) == PLEIN_OK)
				json_object_set_new(ctx, "picture", insight_chart_json(&c, by_community ? "?colour=community" : ""));
		}
	}
	json_object_set_new(ctx, "by_community", json_boolean(by_community));
	/* individual figures of others were shown: who looked, at what */
	audit_log(req->db, req->viewer->id, "insight.people_viewed",
	          li >= 0 ? pool_printf(req->pool, "snapshot %lld: %s", (long long)s.id, lists[li].name)
	                  : pool_printf(req->pool, "snapshot %lld: lists and picture", (long long)s.id),
	          req->client_addr);
	page_render(req, 200, "insight_people", ctx, N_("Insight: people"));
}

/* ---- one's own figures ---- */

void page_insight_me(struct request *req)
{
	if (level_of(req) < INSIGHT_OWN) {
		page_error(req, 404, N_("Page not found"));
		return;
	}
	json_t *ctx = base_ctx(req, "me", "/insight/me");
	struct insight_snapshot s;
	bool failed;
	if (newest(req, ctx, &s, &failed)) {
		struct insight_person p;
		int rc = insight_store_person(req->db, s.id, req->viewer->id, &p);
		if (rc == PLEIN_OK) {
			int64_t total = 0;
			if (insight_store_people_count(req->db, s.id, &total) != PLEIN_OK)
				total = 0;
			json_t *me = json_object();
			json_object_set_new(me, "rank", json_integer(p.pagerank_rank));
			json_object_set_new(me, "people", json_integer(total));
			json_object_set_new(me, "ties", json_integer(p.ties));
			json_object_set_new(me, "departments", json_integer(p.departments));
			json_object_set_new(me, "activity", json_integer(p.activity));
			json_object_set_new(me, "helpful", json_integer(p.helpful));
			json_object_set_new(me, "ambassador", json_string(pool_printf(req->pool, "%.0f", p.ambassador * 100)));
			json_object_set_new(me, "bridge_rank", json_integer(p.betweenness_rank));
			json_object_set_new(me, "isolated", json_boolean(p.flags & INSIGHT_ISOLATED));
			json_object_set_new(me, "newcomer", json_boolean(p.flags & INSIGHT_NEWCOMER));
			json_object_set_new(me, "bridge", json_boolean(p.flags & INSIGHT_BRIDGE));
			json_object_set_new(ctx, "me", me);
		} else if (rc == PLEIN_NOTFOUND) {
			json_object_set_new(ctx, "not_in", json_true());
		} else {
			json_decref(ctx);
			page_error(req, 503, db_down);
			return;
		}
	} else if (failed) {
		json_decref(ctx);
		page_error(req, 503, db_down);
		return;
	}
	page_render(req, 200, "insight_me", ctx, N_("My figures"));
}

/* ---- CSV and Compute now ---- */

void page_insight_csv(struct request *req)
{
	const char *name = req_param(req, "chart");
	enum insight_chart_kind kind;
	enum insight_level lv = level_of(req);
	if (lv < INSIGHT_DEPARTMENTS || !insight_chart_known(name, &kind) || (kind == INSIGHT_CHART_PEOPLE && lv != INSIGHT_PEOPLE)) {
		page_error(req, 404, N_("Page not found"));
		return;
	}
	struct insight_snapshot s;
	int rc = insight_store_get(req->db, req->pool, 0, &s);
	if (rc) {
		page_error(req, rc == PLEIN_NOTFOUND ? 404 : 503, rc == PLEIN_NOTFOUND ? N_("No figures have been computed yet.") : db_down);
		return;
	}
	struct insight_chart c;
	memset(&c, 0, sizeof(c));
	int li = list_index(name);
	if (li >= 0) {
		json_t *links;
		int64_t next;
		rc = insight_people_list(req, s.id, li, 0, LIST_PAGE, &c, &links, &next);
		json_decref(links);
		if (rc == PLEIN_OK)
			audit_log(req->db, req->viewer->id, "insight.people_viewed",
			          pool_printf(req->pool, "snapshot %lld: %s (CSV)", (long long)s.id, name), req->client_addr);
	} else {
		struct insight_data d = { 0 };
		struct period_choice pc;
		if (strcmp(name, "people-picture") == 0) {
			d.people_graph = snapshot_json(req, s.id, "people_graph");
			if (d.people_graph)
				d.people_names = picture_names(req, d.people_graph);
			const char *colour = req_query(req, "colour");
			d.by_community = colour && strcmp(colour, "community") == 0;
		} else if (strncmp(name, "history-", 8) == 0) {
			d.history = history_json(req);
		} else {
			d.adoption = snapshot_json(req, s.id, "adoption");
			d.network = snapshot_json(req, s.id, "network");
			period_read(req, &s, &pc);
			if (pc.error) {
				page_error(req, 400, pc.error);
				return;
			}
			int prc = d.adoption ? period_figures(req, d.adoption, &pc, &d.current, &d.previous) : PLEIN_NOTFOUND;
			if (prc == PLEIN_TOOBIG) {
				page_error(req, 503, N_("Another period is being computed right now. Try again in a moment."));
				return;
			}
			if (prc != PLEIN_OK)
				d.current = d.previous = NULL;
		}
		rc = insight_chart_build(req, &d, name, &c);
		if (rc == PLEIN_OK && strcmp(name, "people-picture") == 0)
			audit_log(req->db, req->viewer->id, "insight.people_viewed",
			          pool_printf(req->pool, "snapshot %lld: people picture (CSV)", (long long)s.id), req->client_addr);
	}
	if (rc) {
		page_error(req, rc == PLEIN_NOTFOUND ? 404 : 503, rc == PLEIN_NOTFOUND ? N_("This chart has no figures yet.") : db_down);
		return;
	}
	struct strbuf csv;
	strbuf_init(&csv, CSV_MAX);
	if (insight_chart_csv(&c, &csv) != PLEIN_OK) {
		strbuf_release(&csv);
		page_error(req, 413, N_("The figures are too many to download."));
		return;
	}
	strbuf_reset(&req->out);
	(void)strbuf_add(&req->out, csv.buf, csv.len);
	strbuf_release(&csv);
	char iso[11];
	svg_day_iso(s.day, iso);
	req->status = 200;
	resp_header(req, "Content-Type", "text/csv; charset=utf-8");
	resp_header(req, "Content-Disposition", pool_printf(req->pool, "attachment; filename=\"insight-%s-%s.csv\"", name, iso));
	resp_header(req, "Cache-Control", "no-store");
}

void page_insight_run(struct request *req)
{
	if (level_of(req) != INSIGHT_PEOPLE) {  /* R_ADMIN already; the rule is visibility's */
		page_error(req, 403, N_("Not allowed"));
		return;
	}
	int64_t id = 0;
	int rc = insight_store_request(req->db, "manual", req->viewer->id, (int64_t)time(NULL), &id);
	if (rc == PLEIN_CONFLICT) {
		page_redirect(req, "/insight#insight-run", "insight_busy");
		return;
	}
	if (rc) {
		page_error(req, 503, db_down);
		return;
	}
	audit_log(req->db, req->viewer->id, "insight.run_requested", pool_printf(req->pool, "snapshot %lld", (long long)id),
	          req->client_addr);
	insight_job_poke();  /* the insight thread starts now, not at its next look */
	page_redirect(req, "/insight#insight-run", "insight_queued");
}

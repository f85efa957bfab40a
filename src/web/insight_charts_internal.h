/* insight_charts_internal.h — what the chart builders of
 * web/insight_charts.c (adoption) and web/insight_charts_network.c (the
 * network, the trends, the people picture) share: reading figures from the
 * snapshot's JSON, formatting cells, starting a chart and drawing it. */
#ifndef PLEIN_INSIGHT_CHARTS_INTERNAL_H
#define PLEIN_INSIGHT_CHARTS_INTERNAL_H
#include "web/insight_charts.h"
#include "web/svg_chart.h"
#include "web/app.h"
#include "core/i18n.h"
#include "core/visibility.h"
#include <math.h>

#define SVG_MAX (4u << 20)

/* ---- small helpers ---- */

static inline double num(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_number(v) ? json_number_value(v) : NAN;
}

static inline const char *fmt_num(struct request *req, double v)
{
	if (!isfinite(v))
		return "";
	if (v == floor(v) && fabs(v) < 1e15)
		return pool_printf(req->pool, "%.0f", v);
	return pool_printf(req->pool, "%.2f", v);
}

static inline const char *fmt_day(struct request *req, int64_t day)
{
	char *b = pool_alloc(req->pool, 11);
	svg_day_iso(day, b);
	return b;
}


/* Too small to be shown on its own (and not the merged row, which the
 * computation keeps only at ≥ 5 too). */
static inline bool too_small(json_t *row, const char *key)
{
	double n = num(row, key);
	return !(n >= INSIGHT_MIN_GROUP);
}

/* A department name the network may show: one of its departments of at
 * least INSIGHT_MIN_GROUP people. Anything else (a name the computation
 * should have merged) is shown as the merged row. */
static inline const char *network_department(struct request *req, json_t *network, const char *name)
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

static inline json_t *head_of(struct request *req, const char *const *msgids, size_t n)
{
	json_t *h = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(h, json_string(T(req, msgids[i])));
	return h;
}

static inline void row_add(json_t *rows, size_t n, const char *const *cells)
{
	json_t *r = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(r, json_string(cells[i] ? cells[i] : ""));
	json_array_append_new(rows, r);
}

static inline const char *svg_done(struct request *req, struct strbuf *sb)
{
	const char *s = sb->toobig ? NULL : pool_strdup(req->pool, sb->buf);
	strbuf_release(sb);
	return s;
}

static inline json_t *legend_of(struct request *req, const char *const *msgids, size_t n)
{
	json_t *l = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(l, json_pack("{s:s, s:I}", "name", T(req, msgids[i]), "swatch", (json_int_t)i));
	return l;
}

static inline void init(struct request *req, struct insight_chart *c, const char *name, const char *title, const char *desc)
{
	memset(c, 0, sizeof(*c));
	c->name = name;
	c->title = T(req, title);
	c->desc = T(req, desc);
	c->rows = json_array();
}

static inline struct svg_text text_of(const struct insight_chart *c)
{
	return (struct svg_text){ .id = c->name, .title = c->title, .desc = c->desc };
}

/* Horizontal bars of single-series figures: rows (label, value). */
static inline const char *hbars(struct request *req, const struct insight_chart *c, const char **labels, double *values, size_t n,
                         const char *series)
{
	struct svg_series s = { series, values };
	struct strbuf sb;
	strbuf_init(&sb, SVG_MAX);
	struct svg_text t = text_of(c);
	(void)svg_bar_chart(&sb, &t, labels, n, &s, 1, SVG_BARS_GROUPED, true);
	return svg_done(req, &sb);
}

/* The network's, the trends' and the people picture's charts
 * (web/insight_charts_network.c): PLEIN_NOTFOUND when name is none of them
 * or its data is missing. */
int insight_chart_build_network(struct request *req, const struct insight_data *d, const char *name,
                                struct insight_chart *out);
#endif

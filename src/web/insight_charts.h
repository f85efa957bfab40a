/* insight_charts.h — the insight pages' charts (web/insight_charts.c): each
 * one a table of figures (what the page shows beside the picture, and what
 * its CSV download holds) and an SVG picture drawn from the same table, so
 * the three can never disagree. Built from a snapshot's JSON
 * (docs/design-insight.md); who may see which chart is decided by the
 * caller (web/pages_insight.c) with visibility_insight_level. */
#ifndef PLEIN_INSIGHT_CHARTS_H
#define PLEIN_INSIGHT_CHARTS_H
#include <jansson.h>
#include "http/request.h"
#include "lib/strbuf.h"

/* What a chart is drawn from: the parts of one snapshot, the period chosen
 * on the page (current and the one before), the history of summaries. Any
 * may be NULL when the page does not need it. */
struct insight_data {
	json_t *adoption, *network, *people_graph;
	json_t *current, *previous;   /* PERIOD objects */
	json_t *history;              /* [{"day": d, "summary": {...}}] oldest first */
	json_t *people_names;         /* people_graph: {"<id>": "name"} of people still there */
	bool by_community;            /* people picture: coloured by community, not department */
};

struct insight_chart {
	const char *name;             /* in /insight/csv/{name} and element ids */
	const char *title, *desc;     /* translated */
	json_t *head;                 /* ["Day", "DAU", ...] translated */
	json_t *rows;                 /* [[cell, ...], ...]: strings and numbers */
	json_t *legend;               /* [{"name", "swatch"}] or NULL */
	const char *svg;              /* pool; NULL: a table only */
};

enum insight_chart_kind { INSIGHT_CHART_DEPARTMENTS, INSIGHT_CHART_PEOPLE };
/* Is name a chart, and of which level (people charts are admins' only). */
bool insight_chart_known(const char *name, enum insight_chart_kind *kind);
/* Build chart name from d: PLEIN_NOTFOUND for an unknown name or when the
 * data it needs is missing. Translated with req's language; pool memory. */
int insight_chart_build(struct request *req, const struct insight_data *d, const char *name, struct insight_chart *out);
/* The chart as a template context: title, desc, svg, head, rows, csv_url (with query, "" for none). */
json_t *insight_chart_json(const struct insight_chart *c, const char *csv_query);
/* RFC 4180 CSV of the chart's table, formula cells neutralised. */
int insight_chart_csv(const struct insight_chart *c, struct strbuf *out);
/* "Smaller departments together" for the merged row, else the name. */
const char *insight_group_name(struct request *req, json_t *row);
#endif

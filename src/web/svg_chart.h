/* svg_chart.h — charts drawn on the server as inline SVG (issue 7's
 * insight pages): line charts over days, bar charts (grouped or stacked,
 * vertical or horizontal), a square heatmap (the department map) and a
 * network picture. No script and no style attribute (the CSP allows
 * neither inline), so they print and work without JavaScript; colours are
 * presentation attributes from one fixed palette that colour-blind readers
 * can tell apart (Okabe & Ito), lines also differ by dash. Every chart is
 * role="img" with a <title> and <desc>; the page pairs it with a table of
 * the same figures. All text is HTML-escaped here (department names are
 * typed by people). Values that are NAN are "no figure" (a gap). */
#ifndef PLEIN_SVG_CHART_H
#define PLEIN_SVG_CHART_H
#include "lib/strbuf.h"

#define SVG_PALETTE_SIZE 8
/* The palette colour i (mod SVG_PALETTE_SIZE), "#rrggbb". */
const char *svg_palette(size_t i);

struct svg_series {
	const char *name;
	const double *values;         /* n values (the chart's n) */
};

struct svg_text {
	const char *id;               /* element id prefix (unique in the page), [a-z0-9-] */
	const char *title;            /* the chart's accessible name */
	const char *desc;             /* one sentence: what it shows */
};

/* Lines over days: x[i] are UTC day numbers (ascending), one line per series. */
int svg_line_chart(struct strbuf *out, const struct svg_text *t, const int64_t *days, size_t n,
                   const struct svg_series *s, size_t ns);

enum svg_bar_mode { SVG_BARS_GROUPED, SVG_BARS_STACKED };
/* Bars per category (labels[i]); horizontal puts the labels on the left,
 * which suits names (departments) on a phone. Vertical bars with many
 * categories label every k-th one. */
int svg_bar_chart(struct strbuf *out, const struct svg_text *t, const char *const *labels, size_t n,
                  const struct svg_series *s, size_t ns, enum svg_bar_mode mode, bool horizontal);

/* A square matrix names × names (values row-major, n*n), darker = more;
 * cells show their number when there is room. cell_unit names what a cell
 * counts for its tooltip ("ties"). */
int svg_heatmap(struct strbuf *out, const struct svg_text *t, const char *const *names, size_t n,
                const double *values, const char *cell_unit);

struct svg_node {
	double x, y;                  /* 0..1 */
	double size;                  /* >= 0, relative */
	int colour;                   /* palette index; < 0: grey */
	const char *label;            /* tooltip; also drawn when the picture shows labels */
};
struct svg_edge {
	size_t a, b;                  /* node indexes */
	double weight;
};
/* Nodes and edges inside a <g class="zoom-layer"> (static/insight.js pans
 * and zooms it; without script the picture is shown whole). */
int svg_network(struct strbuf *out, const struct svg_text *t, const struct svg_node *nodes, size_t n,
                const struct svg_edge *edges, size_t ne, bool labels);

/* "2026-11-23" of a UTC day number, into buf (at least 11 bytes). */
void svg_day_iso(int64_t day, char buf[static 11]);
/* The UTC day number of "YYYY-MM-DD" (a real date, 1970..9999, nothing
 * more): the insight pages' custom periods. Fuzzed: fuzz_svg_chart. */
bool svg_day_parse(const char *s, int64_t *day);
#endif

/* test_svg_chart.c — the server-drawn charts of the insight pages: dates
 * to and from UTC day numbers, every chart an accessible image (role,
 * title, desc) whose text is escaped (department names are typed by
 * people), gaps in a line where a figure is missing, round axis ticks,
 * stacked bars that add up, the heatmap's cells and the network's nodes
 * and edges inside the layer insight.js zooms. */
#include "unit.h"
#include "web/svg_chart.h"
#include <math.h>

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void test_days(void **state)
{
	(void)state;
	char b[11];
	svg_day_iso(0, b);
	assert_string_equal(b, "1970-01-01");
	svg_day_iso(20415, b);
	assert_string_equal(b, "2025-11-23");
	svg_day_iso(11016, b);
	assert_string_equal(b, "2000-02-29");
	int64_t d;
	assert_true(svg_day_parse("2025-11-23", &d));
	assert_int_equal(d, 20415);
	assert_true(svg_day_parse("2000-02-29", &d));
	assert_int_equal(d, 11016);
	assert_true(svg_day_parse("1970-01-01", &d));
	assert_int_equal(d, 0);
	/* every day of 1970..2100 goes there and back */
	for (int64_t day = 0; day < 47482; day++) {
		svg_day_iso(day, b);
		assert_true(svg_day_parse(b, &d));
		assert_int_equal(d, day);
	}
	const char *bad[] = { "", "2025-11-2", "2025-11-233", "2025/11/23", "2025-13-01", "2025-00-10", "2025-02-29",
	                      "1900-02-29", "2025-04-31", "1969-12-31", "2025-11-2x", "+025-11-23", " 2025-11-23", NULL };
	for (int i = 0; bad[i]; i++)
		assert_false(svg_day_parse(bad[i], &d));
	assert_false(svg_day_parse(NULL, &d));
}

static void test_line(void **state)
{
	(void)state;
	int64_t days[5] = { 20000, 20001, 20002, 20003, 20004 };
	double a[5] = { 1, 2, NAN, 4, 5 }, b[5] = { 10, 20, 30, 40, 47 };
	struct svg_series s[2] = { { "Active <today>", a }, { "WAU", b } };
	struct svg_text t = { "dau", "People & days", "What \"active\" means" };
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(svg_line_chart(&out, &t, days, 5, s, 2), PLEIN_OK);
	const char *o = out.buf;
	assert_non_null(strstr(o, "role=\"img\" aria-labelledby=\"dau-t dau-d\""));
	assert_non_null(strstr(o, "<title id=\"dau-t\">People &amp; days</title>"));
	assert_non_null(strstr(o, "<desc id=\"dau-d\">What &quot;active&quot; means</desc>"));
	assert_non_null(strstr(o, "<title>Active &lt;today&gt;</title>"));
	assert_null(strstr(o, "<today>"));
	/* the missing figure splits the first line in two: two M, the second line one */
	const char *first = strstr(o, "<path");
	const char *second = strstr(first + 1, "<path");
	char *one = strndup(first, (size_t)(second - first));
	assert_int_equal(count(one, "M"), 2);
	assert_int_equal(count(one, "L"), 2);
	free(one);
	/* ticks: about four round steps covering 47: 0, 20, 40, 60 */
	assert_non_null(strstr(o, ">20</text>"));
	assert_non_null(strstr(o, ">60</text>"));
	assert_null(strstr(o, ">50</text>"));
	assert_null(strstr(o, ">80</text>"));
	assert_non_null(strstr(o, ">2024-10-04</text>"));  /* day 20000 */
	assert_non_null(strstr(o, ">2024-10-08</text>"));
	/* no style attribute: the CSP forbids inline style */
	assert_null(strstr(o, "style="));
	strbuf_release(&out);
}

static void test_bars(void **state)
{
	(void)state;
	const char *labels[2] = { "Finance", "<b>Sales</b>" };
	double x[2] = { 3, 4 }, y[2] = { 5, 6 };
	struct svg_series s[2] = { { "Active", x }, { "Readers", y } };
	struct svg_text t = { "deps", "Per department", "d" };
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(svg_bar_chart(&out, &t, labels, 2, s, 2, SVG_BARS_STACKED, true), PLEIN_OK);
	assert_int_equal(count(out.buf, "<rect"), 4);
	assert_non_null(strstr(out.buf, "&lt;b&gt;Sales&lt;/b&gt;"));
	assert_null(strstr(out.buf, "<b>"));
	assert_non_null(strstr(out.buf, "<title>Finance · Readers: 5</title>"));
	assert_non_null(strstr(out.buf, "chart-hbars"));
	/* stacked: the top is the largest sum (10), a round 10 */
	assert_non_null(strstr(out.buf, ">10</text>"));
	strbuf_reset(&out);
	assert_int_equal(svg_bar_chart(&out, &t, labels, 2, s, 2, SVG_BARS_GROUPED, false), PLEIN_OK);
	assert_int_equal(count(out.buf, "<rect"), 4);
	assert_null(strstr(out.buf, "chart-hbars"));
	strbuf_reset(&out);
	/* nothing at all still draws an axis, not a division by zero */
	assert_int_equal(svg_bar_chart(&out, &t, labels, 0, s, 2, SVG_BARS_GROUPED, false), PLEIN_OK);
	assert_null(strstr(out.buf, "nan"));
	assert_null(strstr(out.buf, "inf"));
	strbuf_release(&out);
}

static void test_heatmap_network(void **state)
{
	(void)state;
	const char *names[3] = { "Finance", "HR", "R&D" };
	double v[9] = { 40, 3, 0, 3, 20, 1, 0, 1, 9 };
	struct svg_text t = { "matrix", "Department map", "d" };
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(svg_heatmap(&out, &t, names, 3, v, "ties"), PLEIN_OK);
	assert_int_equal(count(out.buf, "<rect"), 9);
	assert_non_null(strstr(out.buf, "<title>Finance – R&amp;D: 0 ties</title>"));
	/* the largest cell is the darkest colour, an empty one the palest */
	assert_non_null(strstr(out.buf, "fill=\"#084c45\""));
	assert_non_null(strstr(out.buf, "fill=\"#f1f7f6\""));
	strbuf_reset(&out);
	struct svg_node nodes[3] = { { 0, 0, 10, 0, "Ann <admin>" }, { 1, 1, 5, 9, "Bob" }, { 0.5, NAN, 0, -1, NULL } };
	struct svg_edge edges[3] = { { 0, 1, 2.5 }, { 1, 2, 1 }, { 0, 7, 1 } };  /* the last names no node: skipped */
	assert_int_equal(svg_network(&out, &t, nodes, 3, edges, 3, false), PLEIN_OK);
	assert_int_equal(count(out.buf, "<circle"), 3);
	assert_int_equal(count(out.buf, "<line "), 2);
	assert_non_null(strstr(out.buf, "<g class=\"zoom-layer\">"));
	assert_non_null(strstr(out.buf, "<title>Ann &lt;admin&gt;</title>"));
	assert_non_null(strstr(out.buf, svg_palette(9)));
	assert_non_null(strstr(out.buf, "fill=\"#9aa1ab\""));  /* no colour: grey */
	assert_null(strstr(out.buf, "nan"));
	assert_int_equal(count(out.buf, "<text"), 0);  /* people: names in tooltips only */
	strbuf_reset(&out);
	assert_int_equal(svg_network(&out, &t, nodes, 3, edges, 2, true), PLEIN_OK);
	assert_non_null(strstr(out.buf, ">Ann &lt;admin&gt;</text>"));
	strbuf_release(&out);
	/* many people: the span is the 2nd..98th percentile, a far-away one drawn at the edge */
	struct svg_node many[60];
	for (int i = 0; i < 60; i++)
		many[i] = (struct svg_node){ i == 59 ? 0.0 : 0.4 + i * 0.001, 0.5, 1, 0, "x" };
	strbuf_reset(&out);
	assert_int_equal(svg_network(&out, &t, many, 60, NULL, 0, false), PLEIN_OK);
	assert_int_equal(count(out.buf, "cx=\"24.0\""), 2);   /* the outlier and the smallest of the rest */
	assert_non_null(strstr(out.buf, "cx=\"976.0\""));     /* the largest but one fills the width */
	assert_non_null(strstr(out.buf, "cy=\"350.0\""));     /* one y for all: the middle */
	strbuf_release(&out);
	/* a bounded buffer: too big is reported, not cut silently */
	strbuf_init(&out, 64);
	assert_int_equal(svg_heatmap(&out, &t, names, 3, v, "ties"), PLEIN_TOOBIG);
	strbuf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_line),
		cmocka_unit_test(test_bars),
		cmocka_unit_test(test_heatmap_network),
	};
	return cmocka_run_group_tests_name("svg_chart", tests, NULL, NULL);
}

/* fuzz_svg_chart.c — libFuzzer harness for the insight pages' charts
 * (web/svg_chart.c): the custom period's dates (svg_day_parse: an accepted
 * date goes back to the same text) and every chart drawn with labels and
 * figures from the bytes. Whatever the bytes: no crash, and no label ever
 * becomes markup — every '<' of the output opens one of the chart's own
 * elements. */
#include "lib/common.h"
#include "web/svg_chart.h"
#include <math.h>

#define INPUT_MAX 4096
#define ITEMS 8

static void check_markup(const struct strbuf *sb)
{
	static const char *const tags[] = { "svg", "/svg", "title", "/title", "desc", "/desc", "line", "text", "/text",
	                                    "path", "/path", "rect", "/rect", "circle", "/circle", "g", "g ", "/g", NULL };
	for (const char *p = sb->buf; (p = strchr(p, '<')); p++) {
		bool known = false;
		for (int i = 0; tags[i] && !known; i++) {
			size_t n = strlen(tags[i]);
			known = strncmp(p + 1, tags[i], n) == 0 && (p[1 + n] == ' ' || p[1 + n] == '>' || p[1 + n] == '/');
		}
		if (!known)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	if (len < 2 || len > INPUT_MAX)
		return 0;
	char *s = xmalloc(len + 1);
	memcpy(s, buf, len);
	s[len] = '\0';
	int64_t day;
	if (svg_day_parse(s, &day)) {
		char back[11];
		svg_day_iso(day, back);
		if (strcmp(back, s) != 0)
			abort();
	}
	/* labels: the text split at '|'; figures: from the bytes */
	const char *labels[ITEMS] = { "" };
	size_t n = 0;
	for (char *p = s, *bar; n < ITEMS && p; p = bar ? bar + 1 : NULL) {
		bar = strchr(p, '|');
		if (bar)
			*bar = '\0';
		labels[n++] = p;
	}
	double a[ITEMS], b[ITEMS], m[ITEMS * ITEMS];
	int64_t days[ITEMS];
	for (size_t i = 0; i < ITEMS; i++) {
		unsigned char c = (unsigned char)buf[i % len];
		a[i] = c == 255 ? NAN : c == 254 ? INFINITY : (double)c * 1.5;
		b[i] = c == 0 ? -3 : (double)(c % 7);
		days[i] = 20000 + (int64_t)i * (1 + c % 3);
	}
	for (size_t i = 0; i < ITEMS * ITEMS; i++)
		m[i] = (double)(unsigned char)buf[i % len];
	struct svg_series series[2] = { { labels[0], a }, { labels[n > 1 ? 1 : 0], b } };
	struct svg_text t = { "f", labels[0], labels[n - 1] };
	struct svg_node nodes[ITEMS];
	struct svg_edge edges[ITEMS];
	for (size_t i = 0; i < ITEMS; i++) {
		nodes[i] = (struct svg_node){ a[i] / 300, b[i] / 6, a[i], (int)(buf[i % len] % 12) - 2, labels[i % n] };
		edges[i] = (struct svg_edge){ i, (size_t)buf[(i + 1) % len] % (ITEMS + 2), b[i] };
	}
	struct strbuf sb;
	strbuf_init(&sb, 1u << 20);
	(void)svg_line_chart(&sb, &t, days, n, series, 2);
	check_markup(&sb);
	strbuf_reset(&sb);
	(void)svg_bar_chart(&sb, &t, labels, n, series, 2, buf[0] & 1 ? SVG_BARS_STACKED : SVG_BARS_GROUPED, buf[1] & 1);
	check_markup(&sb);
	strbuf_reset(&sb);
	(void)svg_heatmap(&sb, &t, labels, n, m, labels[0]);
	check_markup(&sb);
	strbuf_reset(&sb);
	(void)svg_network(&sb, &t, nodes, n, edges, ITEMS, buf[1] & 2);
	check_markup(&sb);
	strbuf_release(&sb);
	free(s);
	return 0;
}

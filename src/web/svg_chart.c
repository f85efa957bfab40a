/* svg_chart.c — inline SVG charts for the insight pages (svg_chart.h):
 * axes with round ticks, lines, bars, a heatmap and a network picture,
 * drawn with presentation attributes only (the CSP forbids inline style)
 * and every text HTML-escaped. */
#include "web/svg_chart.h"
#include <math.h>

/* Okabe & Ito's colour-blind-safe set (yellow swapped for a dark purple:
 * yellow is unreadable on white), then a brown; grey (#9aa1ab) is kept for
 * "no colour" and "others". */
static const char *const palette[SVG_PALETTE_SIZE] = {
	"#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#6a3d9a", "#8c564b",
};
/* a second cue besides colour for lines */
static const char *const dashes[SVG_PALETTE_SIZE] = {
	"", "6 3", "2 3", "8 3 2 3", "", "6 3", "2 3", "8 3 2 3",
};

const char *svg_palette(size_t i)
{
	return palette[i % SVG_PALETTE_SIZE];
}

void svg_day_iso(int64_t day, char buf[static 11])
{
	/* civil_from_days (H. Hinnant): proleptic Gregorian, UTC */
	int64_t z = day + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	if (m <= 2)
		y++;
	if (y < 0 || y > 9999)
		y = 0;
	snprintf(buf, 11, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
}

bool svg_day_parse(const char *s, int64_t *day)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] || (m == 2 && d == 29 && !leap))
		return false;
	/* days_from_civil (H. Hinnant) */
	int64_t yy = m <= 2 ? y - 1 : y;
	int64_t era = yy / 400, yoe = yy - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	*day = era * 146097 + doe - 719468;
	return true;
}

/* ---- helpers ---- */

static void add_esc(struct strbuf *out, const char *s)
{
	if (s)
		(void)strbuf_add_html(out, s, strlen(s));
}

/* At most max code points of s, with "…" when cut (labels on axes). */
static void add_esc_short(struct strbuf *out, const char *s, size_t max)
{
	if (!s)
		return;
	size_t cps = 0, i = 0, len = strlen(s);
	while (i < len) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (cps == max)
				break;
			cps++;
		}
		i++;
	}
	(void)strbuf_add_html(out, s, i);
	if (i < len)
		(void)strbuf_addstr(out, "…");
}

static bool ok(double v)
{
	return isfinite(v);
}

/* A round step so that max is covered by about `ticks` steps: 1, 2 or 5 × 10^k. */
static double nice_step(double max, int ticks)
{
	if (!(max > 0))
		return 1;
	double raw = max / ticks;
	double mag = pow(10, floor(log10(raw)));
	double f = raw / mag;
	double step = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
	return step * mag;
}

static void add_number(struct strbuf *out, double v, double step)
{
	if (step >= 1 || v == 0) {
		if (fabs(v) >= 1e6)
			(void)strbuf_addf(out, "%.3gM", v / 1e6);
		else if (fabs(v) >= 1e4)
			(void)strbuf_addf(out, "%.4gk", v / 1e3);
		else
			(void)strbuf_addf(out, "%.0f", v);
	} else {
		int decimals = (int)ceil(-log10(step));
		if (decimals > 6)
			decimals = 6;
		(void)strbuf_addf(out, "%.*f", decimals, v);
	}
}

static void open_svg(struct strbuf *out, const struct svg_text *t, int w, int h, const char *cls)
{
	const char *id = t && t->id ? t->id : "chart";
	(void)strbuf_addf(out, "<svg class=\"chart %s\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
	                  "role=\"img\" aria-labelledby=\"%s-t %s-d\" font-family=\"system-ui, sans-serif\" font-size=\"%d\">",
	                  cls, w, h, id, id, strstr(cls, "hbars") ? 14 : 12);
	(void)strbuf_addf(out, "<title id=\"%s-t\">", id);
	add_esc(out, t ? t->title : NULL);
	(void)strbuf_addf(out, "</title><desc id=\"%s-d\">", id);
	add_esc(out, t ? t->desc : NULL);
	(void)strbuf_addstr(out, "</desc>");
}

static int close_svg(struct strbuf *out)
{
	(void)strbuf_addstr(out, "</svg>");
	return out->toobig ? PLEIN_TOOBIG : PLEIN_OK;
}

/* Horizontal grid lines and the value axis on the left of [x0,x1]×[y0,y1]. */
static double value_axis(struct strbuf *out, double max, int x0, int x1, int y0, int y1)
{
	double step = nice_step(max, 4);
	double top = step * ceil(max / step);
	if (!(top > 0))
		top = step;
	for (double v = 0; v <= top + step / 2; v += step) {
		double y = y1 - (y1 - y0) * v / top;
		(void)strbuf_addf(out, "<line class=\"chart-grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#d5d9e0\"/>",
		                  x0, x1, y, y);
		(void)strbuf_addf(out, "<text class=\"chart-tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"currentColor\">",
		                  x0 - 6, y + 4);
		add_number(out, v, step);
		(void)strbuf_addstr(out, "</text>");
	}
	return top;
}

/* ---- lines ---- */

int svg_line_chart(struct strbuf *out, const struct svg_text *t, const int64_t *days, size_t n,
                   const struct svg_series *s, size_t ns)
{
	const int W = 640, H = 250, ML = 48, MR = 14, MT = 10, MB = 28;
	open_svg(out, t, W, H, "chart-line");
	double max = 0;
	for (size_t j = 0; j < ns; j++)
		for (size_t i = 0; i < n; i++)
			if (ok(s[j].values[i]) && s[j].values[i] > max)
				max = s[j].values[i];
	double top = value_axis(out, max, ML, W - MR, MT, H - MB);
	int64_t d0 = n ? days[0] : 0, d1 = n ? days[n - 1] : 1;
	if (d1 <= d0)
		d1 = d0 + 1;
	double pw = W - ML - MR, ph = H - MT - MB;
#define XOF(d) (n == 1 ? ML + pw / 2 : ML + pw * (double)((d) - d0) / (double)(d1 - d0))
	/* about five dates along the bottom */
	size_t ticks = n < 5 ? n : 5;
	for (size_t k = 0; k < ticks; k++) {
		size_t i = ticks == 1 ? 0 : k * (n - 1) / (ticks - 1);
		char iso[11];
		svg_day_iso(days[i], iso);
		const char *anchor = k == 0 ? "start" : k + 1 == ticks && ticks > 1 ? "end" : "middle";
		/* the in-between dates give way on a phone (static/app.css) */
		(void)strbuf_addf(out, "<text class=\"chart-tick%s\" x=\"%.1f\" y=\"%d\" text-anchor=\"%s\" fill=\"currentColor\">%s</text>",
		                  k % 2 ? " chart-tick-minor" : "", XOF(days[i]), H - 8, anchor, iso);
	}
	for (size_t j = 0; j < ns; j++) {
		(void)strbuf_addf(out, "<path class=\"chart-series\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
		                  "stroke-linejoin=\"round\"%s%s%s d=\"", palette[j % SVG_PALETTE_SIZE],
		                  *dashes[j % SVG_PALETTE_SIZE] ? " stroke-dasharray=\"" : "", dashes[j % SVG_PALETTE_SIZE],
		                  *dashes[j % SVG_PALETTE_SIZE] ? "\"" : "");
		bool pen = false;
		size_t points = 0;
		for (size_t i = 0; i < n; i++) {
			double v = s[j].values[i];
			if (!ok(v)) {
				pen = false;
				continue;
			}
			(void)strbuf_addf(out, "%c%.1f %.1f ", pen ? 'L' : 'M', XOF(days[i]), MT + ph - ph * v / top);
			pen = true;
			points++;
		}
		(void)strbuf_addstr(out, "\"><title>");
		add_esc(out, s[j].name);
		(void)strbuf_addstr(out, "</title></path>");
		if (points == 1)  /* a single figure: a dot, or nothing would show */
			for (size_t i = 0; i < n; i++)
				if (ok(s[j].values[i]))
					(void)strbuf_addf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", XOF(days[i]),
					                  MT + ph - ph * s[j].values[i] / top, palette[j % SVG_PALETTE_SIZE]);
	}
#undef XOF
	return close_svg(out);
}

/* ---- bars ---- */

int svg_bar_chart(struct strbuf *out, const struct svg_text *t, const char *const *labels, size_t n,
                  const struct svg_series *s, size_t ns, enum svg_bar_mode mode, bool horizontal)
{
	double max = 0;
	for (size_t i = 0; i < n; i++) {
		double sum = 0;
		for (size_t j = 0; j < ns; j++) {
			double v = ok(s[j].values[i]) && s[j].values[i] > 0 ? s[j].values[i] : 0;
			sum += v;
			if (mode == SVG_BARS_GROUPED && v > max)
				max = v;
		}
		if (mode == SVG_BARS_STACKED && sum > max)
			max = sum;
	}
	int W, H, ML, MR = 16, MT = 10, MB;
	if (horizontal) {
		/* narrower than the others and larger type: these sit in half a
		 * column on a desktop and hold names */
		int row = mode == SVG_BARS_GROUPED && ns > 1 ? 12 * (int)ns + 12 : 28;
		W = 560, ML = 180, MB = 26;
		H = MT + MB + row * (int)(n ? n : 1);
		open_svg(out, t, W, H, "chart-bars chart-hbars");
		double step = nice_step(max, 4);
		double top = step * ceil(max / step);
		if (!(top > 0))
			top = step;
		double pw = W - ML - MR;
		for (double v = 0; v <= top + step / 2; v += step) {
			double x = ML + pw * v / top;
			(void)strbuf_addf(out, "<line class=\"chart-grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#d5d9e0\"/>",
			                  x, x, MT, H - MB);
			(void)strbuf_addf(out, "<text class=\"chart-tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"currentColor\">",
			                  x, H - 8);
			add_number(out, v, step);
			(void)strbuf_addstr(out, "</text>");
		}
		for (size_t i = 0; i < n; i++) {
			double y = MT + (double)row * (double)i;
			(void)strbuf_addf(out, "<text class=\"chart-label\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"currentColor\">",
			                  ML - 8, y + row / 2.0 + 4);
			add_esc_short(out, labels[i], 18);
			(void)strbuf_addstr(out, "</text>");
			double x = ML, band = row - 6.0;
			for (size_t j = 0; j < ns; j++) {
				double v = ok(s[j].values[i]) && s[j].values[i] > 0 ? s[j].values[i] : 0;
				double w = pw * v / top;
				double by = mode == SVG_BARS_STACKED ? y + 3 : y + 3 + band / (double)ns * (double)j;
				double bh = mode == SVG_BARS_STACKED ? band : band / (double)ns;
				(void)strbuf_addf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>",
				                  mode == SVG_BARS_STACKED ? x : ML, by, w, bh, palette[j % SVG_PALETTE_SIZE]);
				add_esc(out, labels[i]);
				(void)strbuf_addstr(out, " · ");
				add_esc(out, s[j].name);
				(void)strbuf_addf(out, ": %g</title></rect>", ok(s[j].values[i]) ? s[j].values[i] : 0);
				if (mode == SVG_BARS_STACKED)
					x += w;
			}
		}
		return close_svg(out);
	}
	W = 640, H = 250, ML = 48, MB = 28;
	open_svg(out, t, W, H, "chart-bars");
	double top = value_axis(out, max, ML, W - MR, MT, H - MB);
	double pw = W - ML - MR, ph = H - MT - MB;
	double band = n ? pw / (double)n : pw;
	size_t every = n <= 12 ? 1 : (n + 5) / 6;
	for (size_t i = 0; i < n; i++) {
		double x0 = ML + band * (double)i + band * 0.1, bw = band * 0.8;
		double y = MT + ph;
		for (size_t j = 0; j < ns; j++) {
			double v = ok(s[j].values[i]) && s[j].values[i] > 0 ? s[j].values[i] : 0;
			double h = ph * v / top;
			double x = mode == SVG_BARS_STACKED ? x0 : x0 + bw / (double)ns * (double)j;
			double w = mode == SVG_BARS_STACKED ? bw : bw / (double)ns;
			double by = mode == SVG_BARS_STACKED ? y - h : MT + ph - h;
			(void)strbuf_addf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>",
			                  x, by, w, h, palette[j % SVG_PALETTE_SIZE]);
			add_esc(out, labels[i]);
			(void)strbuf_addstr(out, " · ");
			add_esc(out, s[j].name);
			(void)strbuf_addf(out, ": %g</title></rect>", ok(s[j].values[i]) ? s[j].values[i] : 0);
			if (mode == SVG_BARS_STACKED)
				y -= h;
		}
		if (i % every == 0) {
			(void)strbuf_addf(out, "<text class=\"chart-tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"currentColor\">",
			                  ML + band * ((double)i + 0.5), H - 8);
			add_esc_short(out, labels[i], every > 1 ? 10 : 14);
			(void)strbuf_addstr(out, "</text>");
		}
	}
	return close_svg(out);
}

/* ---- heatmap ---- */

/* From a pale tint to the accent's dark teal. */
static void heat_colour(double f, char buf[8])
{
	static const int lo[3] = { 0xf1, 0xf7, 0xf6 }, hi[3] = { 0x08, 0x4c, 0x45 };
	if (!(f >= 0))
		f = 0;
	if (f > 1)
		f = 1;
	snprintf(buf, 8, "#%02x%02x%02x", (int)lround(lo[0] + (hi[0] - lo[0]) * f),
	         (int)lround(lo[1] + (hi[1] - lo[1]) * f), (int)lround(lo[2] + (hi[2] - lo[2]) * f));
}

int svg_heatmap(struct strbuf *out, const struct svg_text *t, const char *const *names, size_t n,
                const double *values, const char *cell_unit)
{
	int cell = n ? (int)(520 / n) : 40;
	if (cell > 44)
		cell = 44;
	if (cell < 14)
		cell = 14;
	const int L = 150, T = 110, R = 90, B = 10;  /* R: the last rotated column label leans right */
	int W = L + cell * (int)n + R, H = T + cell * (int)n + B;
	open_svg(out, t, W, H, "chart-heatmap");
	double max = 0;
	for (size_t i = 0; i < n * n; i++)
		if (ok(values[i]) && values[i] > max)
			max = values[i];
	/* logarithmic: the diagonal (ties inside a department) would wash out the rest */
	double lmax = log1p(max);
	for (size_t i = 0; i < n; i++) {
		(void)strbuf_addf(out, "<text class=\"chart-label\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"currentColor\">",
		                  L - 6, T + cell * (i + 0.5) + 4);
		add_esc_short(out, names[i], 20);
		(void)strbuf_addstr(out, "</text>");
		double cx = L + cell * (i + 0.5);
		(void)strbuf_addf(out, "<text class=\"chart-label\" x=\"%.1f\" y=\"%d\" transform=\"rotate(-50 %.1f %d)\" "
		                  "fill=\"currentColor\">", cx, T - 6, cx, T - 6);
		add_esc_short(out, names[i], 16);
		(void)strbuf_addstr(out, "</text>");
	}
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < n; j++) {
			double v = values[i * n + j];
			double f = ok(v) && lmax > 0 ? log1p(v > 0 ? v : 0) / lmax : 0;
			char c[8];
			heat_colour(f, c);
			(void)strbuf_addf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#ffffff\"><title>",
			                  L + cell * (int)j, T + cell * (int)i, cell, cell, c);
			add_esc(out, names[i]);
			(void)strbuf_addstr(out, " – ");
			add_esc(out, names[j]);
			(void)strbuf_addf(out, ": %g ", ok(v) ? v : 0);
			add_esc(out, cell_unit);
			(void)strbuf_addstr(out, "</title></rect>");
			if (cell >= 28 && ok(v)) {
				(void)strbuf_addf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10\" fill=\"%s\" "
				                  "aria-hidden=\"true\">", L + cell * (j + 0.5), T + cell * (i + 0.5) + 3.5,
				                  f > 0.55 ? "#ffffff" : "#16181d");
				add_number(out, v, 1);
				(void)strbuf_addstr(out, "</text>");
			}
		}
	}
	return close_svg(out);
}

/* ---- network ---- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The span of the coordinates to draw: all of them for a few nodes; for
 * many, the 2nd to 98th percentile, so one far-away node (a layout puts
 * the loosely tied at the rim) does not squeeze everyone else into the
 * middle; those outside are drawn at the edge. */
static void network_span(const struct svg_node *nodes, size_t n, bool x_axis, double *lo, double *hi)
{
	double *v = xmalloc((n ? n : 1) * sizeof(*v));
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		double c = x_axis ? nodes[i].x : nodes[i].y;
		if (isfinite(c))
			v[m++] = c;
	}
	*lo = 0;
	*hi = 1;
	if (m) {
		qsort(v, m, sizeof(*v), cmp_double);
		size_t cut = m >= 20 ? m / 50 : 0;
		*lo = v[cut];
		*hi = v[m - 1 - cut];
	}
	if (!(*hi - *lo > 1e-9)) {  /* one point, or all in one place: the middle */
		*lo -= 0.5;
		*hi += 0.5;
	}
	free(v);
}

int svg_network(struct strbuf *out, const struct svg_text *t, const struct svg_node *nodes, size_t n,
                const struct svg_edge *edges, size_t ne, bool labels)
{
	const int W = 1000, H = 700, P = labels ? 70 : 24;
	open_svg(out, t, W, H, "chart-network");
	double x0, x1, y0, y1;
	network_span(nodes, n, true, &x0, &x1);
	network_span(nodes, n, false, &y0, &y1);
	double wmax = 0, smax = 0;
	for (size_t i = 0; i < ne; i++)
		if (ok(edges[i].weight) && edges[i].weight > wmax)
			wmax = edges[i].weight;
	for (size_t i = 0; i < n; i++)
		if (ok(nodes[i].size) && nodes[i].size > smax)
			smax = nodes[i].size;
	(void)strbuf_addstr(out, "<g class=\"zoom-layer\"><g class=\"chart-edges\" stroke=\"#8a93a0\" stroke-linecap=\"round\">");
#define PX(v) (P + (W - 2 * P) * (ok(v) ? fmin(fmax(((v) - x0) / (x1 - x0), 0), 1) : 0.5))
#define PY(v) (P + (H - 2 * P) * (ok(v) ? fmin(fmax(((v) - y0) / (y1 - y0), 0), 1) : 0.5))
	for (size_t i = 0; i < ne; i++) {
		if (edges[i].a >= n || edges[i].b >= n)
			continue;
		double f = wmax > 0 && ok(edges[i].weight) ? sqrt(edges[i].weight / wmax) : 0;
		(void)strbuf_addf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke-width=\"%.2f\" "
		                  "stroke-opacity=\"%.2f\"%s/>", PX(nodes[edges[i].a].x), PY(nodes[edges[i].a].y),
		                  PX(nodes[edges[i].b].x), PY(nodes[edges[i].b].y), (labels ? 1.0 : 0.4) + (labels ? 9 : 2.5) * f,
		                  0.25 + 0.5 * f, labels ? "" : " vector-effect=\"non-scaling-stroke\"");  /* thin when zoomed */
	}
	(void)strbuf_addstr(out, "</g><g class=\"chart-nodes\" stroke=\"#ffffff\" stroke-width=\"1.5\">");
	double rmin = labels ? 8 : 3.5, rmax = labels ? 34 : 12;
	for (size_t i = 0; i < n; i++) {
		double f = smax > 0 && ok(nodes[i].size) && nodes[i].size > 0 ? sqrt(nodes[i].size / smax) : 0;
		(void)strbuf_addf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"><title>", PX(nodes[i].x),
		                  PY(nodes[i].y), rmin + (rmax - rmin) * f,
		                  nodes[i].colour < 0 ? "#9aa1ab" : palette[(size_t)nodes[i].colour % SVG_PALETTE_SIZE]);
		add_esc(out, nodes[i].label);
		(void)strbuf_addstr(out, "</title></circle>");
	}
	(void)strbuf_addstr(out, "</g>");
	if (labels) {
		(void)strbuf_addstr(out, "<g class=\"chart-node-labels\" font-size=\"17\" text-anchor=\"middle\" "
		                    "fill=\"currentColor\" stroke=\"#ffffff\" stroke-width=\"4\" paint-order=\"stroke\" "
		                    "stroke-linejoin=\"round\">");
		for (size_t i = 0; i < n; i++) {
			double f = smax > 0 && ok(nodes[i].size) && nodes[i].size > 0 ? sqrt(nodes[i].size / smax) : 0;
			(void)strbuf_addf(out, "<text x=\"%.1f\" y=\"%.1f\">", PX(nodes[i].x),
			                  PY(nodes[i].y) + rmin + (rmax - rmin) * f + 18);
			add_esc_short(out, nodes[i].label, 22);
			(void)strbuf_addstr(out, "</text>");
		}
		(void)strbuf_addstr(out, "</g>");
	}
#undef PX
#undef PY
	(void)strbuf_addstr(out, "</g>");
	return close_svg(out);
}

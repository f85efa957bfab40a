/* insight_adoption_sum.c — adds up what insight_adoption.c read: DAU, WAU
 * and MAU of every day, the weekly and monthly series, and one period's
 * figures (the 90-9-1 split, volumes, questions answered, active groups,
 * departments and locations with small ones merged, trending topics) as the
 * JSON of docs/design-insight.md. */
#include "lib/common.h"
#include "core/insight_adoption_internal.h"
#include "core/visibility.h"
#include <math.h>

/* ---------- calendar ---------- */

/* Day 0 (1970-01-01) was a Thursday; weeks start on Monday. */
int64_t adoption_week_start(int64_t day)
{
	int64_t r = (day + 3) % 7;
	return day - (r < 0 ? r + 7 : r);
}

/* civil_from_days / days_from_civil (proleptic Gregorian, H. Hinnant) */
void adoption_month_of(int64_t day, int *year, int *month)
{
	int64_t z = day + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	*year = (int)(yoe + era * 400 + (m <= 2));
	*month = (int)m;
}

int64_t adoption_month_first(int year, int month)
{
	int64_t y = year - (month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
	int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static double round_to(double x, double unit)
{
	return round(x / unit) * unit;
}

/* ---------- DAU, WAU, MAU ---------- */

/* One pass over every base person's active days: DAU directly; WAU and MAU
 * as difference arrays, each person covering [d, d + 6] / [d, d + 29] once
 * however many active days overlap. */
void adoption_daily(struct adoption *a, int32_t **dau_out, int32_t **wau_out, int32_t **mau_out)
{
	size_t nd = a->ndays;
	int32_t *dau = xcalloc(nd + 1, sizeof(*dau)), *wau = xcalloc(nd + 1, sizeof(*wau));
	int32_t *mau = xcalloc(nd + 1, sizeof(*mau));
	int32_t *wd = xcalloc(nd + 2, sizeof(*wd)), *md = xcalloc(nd + 2, sizeof(*md));
	for (size_t i = 0; i < a->n; i++) {
		if (!a->base[i])
			continue;
		const uint64_t *row = a->act + i * a->words;
		int64_t wcov = -1, mcov = -1;
		for (size_t w = 0; w < a->words; w++) {
			for (uint64_t bits = row[w]; bits; bits &= bits - 1) {
				int64_t k = (int64_t)(w * 64) + __builtin_ctzll(bits);
				dau[k]++;
				int64_t s = k > wcov ? k : wcov + 1, e = k + 6 < (int64_t)nd - 1 ? k + 6 : (int64_t)nd - 1;
				if (s <= e) {
					wd[s]++;
					wd[e + 1]--;
					wcov = e;
				}
				s = k > mcov ? k : mcov + 1;
				e = k + 29 < (int64_t)nd - 1 ? k + 29 : (int64_t)nd - 1;
				if (s <= e) {
					md[s]++;
					md[e + 1]--;
					mcov = e;
				}
			}
		}
	}
	int32_t w = 0, m = 0;
	for (size_t k = 0; k < nd; k++) {
		w += wd[k];
		m += md[k];
		wau[k] = w;
		mau[k] = m;
	}
	free(wd);
	free(md);
	*dau_out = dau;
	*wau_out = wau;
	*mau_out = mau;
}

/* ---------- the series: daily (365 days), weekly (104 weeks), monthly (24) ---------- */

json_t *adoption_series_json(struct adoption *a, int64_t end, const int32_t *dau, const int32_t *wau,
                             const int32_t *mau)
{
	int64_t from = end - 364;
	json_t *jd = json_array(), *jw = json_array(), *jm = json_array();
	for (int64_t d = from; d <= end; d++) {
		int64_t k = d - a->lo;
		json_array_append_new(jd, json_integer(dau[k]));
		json_array_append_new(jw, json_integer(wau[k]));
		json_array_append_new(jm, json_integer(mau[k]));
	}
	json_t *daily = json_pack("{sI so so so}", "from_day", (json_int_t)from, "dau", jd, "wau", jw, "mau", jm);

	/* distinct people per week and per month, from each person's days */
	int64_t w0 = adoption_week_start(end) - 103 * 7;
	int y, m;
	adoption_month_of(end, &y, &m);
	int y0 = m == 12 ? y - 1 : y - 2, m0 = m == 12 ? 1 : m + 1;
	int64_t mstart[25];
	for (int i = 0; i <= 24; i++) {
		int mm = m0 - 1 + i;
		mstart[i] = adoption_month_first(y0 + mm / 12, mm % 12 + 1);
	}
	int32_t week_active[104] = { 0 }, month_active[24] = { 0 }, month_con[24] = { 0 };
	int8_t *month_of = xcalloc(a->ndays, 1);   /* day index → month 0..23, or -1 */
	for (size_t k = 0; k < a->ndays; k++) {
		int64_t d = a->lo + (int64_t)k;
		month_of[k] = -1;
		for (int i = 0; i < 24; i++)
			if (d >= mstart[i] && d < mstart[i + 1])
				month_of[k] = (int8_t)i;
	}
	for (size_t i = 0; i < a->n; i++) {
		if (!a->base[i])
			continue;
		for (int pass = 0; pass < 2; pass++) {
			const uint64_t *row = (pass ? a->con : a->act) + i * a->words;
			int64_t last_week = -1, last_month = -1;
			for (size_t w = 0; w < a->words; w++) {
				for (uint64_t bits = row[w]; bits; bits &= bits - 1) {
					int64_t k = (int64_t)(w * 64) + __builtin_ctzll(bits), d = a->lo + k;
					int64_t wk = d >= w0 ? (d - w0) / 7 : -1;
					if (!pass && wk >= 0 && wk < 104 && wk != last_week)
						week_active[wk]++;
					last_week = wk;
					int64_t mo = month_of[k];
					if (mo >= 0 && mo != last_month)
						(pass ? month_con : month_active)[mo]++;
					last_month = mo;
				}
			}
		}
	}
	free(month_of);
	json_t *weekly = json_array();
	for (int wk = 0; wk < 104; wk++) {
		int64_t s = w0 + 7 * wk;
		int64_t sums[5] = { 0 };
		for (int64_t d = s; d < s + 7 && d <= end; d++) {
			if (d < a->lo)
				continue;
			int64_t k = d - a->lo;
			sums[0] += a->v_posts[k];
			sums[1] += a->v_comments[k];
			sums[2] += a->v_questions[k];
			sums[3] += a->v_answers[k];
			sums[4] += a->v_reactions[k];
		}
		json_array_append_new(weekly, json_pack("{sI sI sI sI sI sI sI}", "start_day", (json_int_t)s, "posts",
		                                        (json_int_t)sums[0], "comments", (json_int_t)sums[1],
		                                        "questions", (json_int_t)sums[2], "answers", (json_int_t)sums[3],
		                                        "reactions", (json_int_t)sums[4], "active",
		                                        (json_int_t)week_active[wk]));
	}
	json_t *monthly = json_array();
	for (int i = 0; i < 24; i++) {
		int yy, mm;
		adoption_month_of(mstart[i], &yy, &mm);
		char name[16];
		snprintf(name, sizeof name, "%04d-%02d", yy, mm);
		json_array_append_new(monthly, json_pack("{ss sI sI}", "month", name, "active", (json_int_t)month_active[i],
		                                         "contributors", (json_int_t)month_con[i]));
	}
	return json_pack("{so so so}", "daily", daily, "weekly", weekly, "monthly", monthly);
}

/* ---------- one period ---------- */

struct split { int64_t people, active, contributors, readers, posts; };

static json_t *split_row(const char *name, bool other, const struct split *s)
{
	json_t *o = json_pack("{ss sI sI sI sI sI}", "name", name, "people", (json_int_t)s->people, "active",
	                      (json_int_t)s->active, "contributors", (json_int_t)s->contributors, "readers",
	                      (json_int_t)s->readers, "posts", (json_int_t)s->posts);
	if (other)
		json_object_set_new(o, "other", json_true());
	return o;
}

static void split_add(struct split *to, const struct split *s)
{
	to->people += s->people;
	to->active += s->active;
	to->contributors += s->contributors;
	to->readers += s->readers;
	to->posts += s->posts;
}

/* Every department (or location) of at least INSIGHT_MIN_GROUP people in
 * name order; the smaller ones (and people without one) merged into one
 * "other" row. The rows always add up to the period's own figures, so a
 * merged row under INSIGHT_MIN_GROUP is never simply left out (the total
 * minus the rows shown would give it away): the smallest departments join
 * it until it is large enough, and only when nothing is left to join it
 * (the whole organisation is that small) is it dropped. */
static json_t *splits_json(const char **names, const struct split *s, size_t n, const struct split *none)
{
	json_t *list = json_array();
	struct split other = *none;
	bool *merged = xcalloc(n + 1, sizeof(*merged));
	for (size_t i = 0; i < n; i++) {
		if (s[i].people < INSIGHT_MIN_GROUP) {
			merged[i] = true;
			split_add(&other, &s[i]);
		}
	}
	while (other.people > 0 && other.people < INSIGHT_MIN_GROUP) {
		size_t pick = n;
		for (size_t i = 0; i < n; i++)
			if (!merged[i] && (pick == n || s[i].people < s[pick].people))
				pick = i;
		if (pick == n)
			break;
		merged[pick] = true;
		split_add(&other, &s[pick]);
	}
	for (size_t i = 0; i < n; i++)
		if (!merged[i])
			json_array_append_new(list, split_row(names[i], false, &s[i]));
	if (other.people >= INSIGHT_MIN_GROUP)
		json_array_append_new(list, split_row("", true, &other));
	free(merged);
	return list;
}

static int cmp_i64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return (a > b) - (a < b);
}

/* the name travels with the figures: insight_adoption_period runs on
 * request threads too, so the comparator may not read any shared state */
struct trend { const char *name; int32_t n, before; double growth; };

static int cmp_trend(const void *x, const void *y)
{
	const struct trend *a = x, *b = y;
	if (a->growth != b->growth)
		return a->growth < b->growth ? 1 : -1;
	if (a->n != b->n)
		return a->n < b->n ? 1 : -1;
	return strcmp(a->name, b->name);
}

static json_t *topics_json(struct adoption *a, size_t p)
{
	struct trend *tr = xcalloc(a->nt + 1, sizeof(*tr));
	size_t n = 0;
	for (size_t t = 0; t < a->nt; t++) {
		const int32_t *c = a->tcount + t * 2 * a->np + 2 * p;
		if (c[0] < ADOPTION_TOPIC_MIN_POSTS || a->tnauth[t * a->np + p] < ADOPTION_TOPIC_MIN_AUTHORS)
			continue;
		tr[n++] = (struct trend){ a->tnames[t], c[0], c[1], (double)(c[0] + 1) / (double)(c[1] + 1) };
	}
	sort_array(tr, n, sizeof(*tr), cmp_trend);
	json_t *list = json_array();
	for (size_t i = 0; i < n && i < ADOPTION_TOPICS_MAX; i++)
		json_array_append_new(list, json_pack("{ss sI sI sf}", "name", tr[i].name, "posts",
		                                      (json_int_t)tr[i].n, "before", (json_int_t)tr[i].before, "growth",
		                                      round_to(tr[i].growth, 0.01)));
	free(tr);
	return list;
}

json_t *adoption_period_json(struct adoption *a, size_t p, const int32_t *dau, const int32_t *wau,
                             const int32_t *mau)
{
	int64_t from = a->per[p].from, to = a->per[p].to, days = to - from + 1;
	int64_t kf = from - a->lo, kt = to - a->lo, end_ts = (to + 1) * INSIGHT_DAY_SECONDS;
	int64_t frequent_min = (days + 6) / 7;
	struct split all = { 0 }, no_dept = { 0 }, no_loc = { 0 };
	int64_t frequent = 0;
	struct split *ds = xcalloc(a->n_dept + 1, sizeof(*ds)), *ls = xcalloc(a->n_loc + 1, sizeof(*ls));
	for (size_t i = 0; i < a->n; i++) {
		if (!a->base[i] || a->activated[i] >= end_ts)
			continue;
		int32_t con = a->pcon[i * a->np + p], posts = a->pposts[i * a->np + p];
		bool active = adoption_any(a->act + i * a->words, kf, kt);
		struct split one = { 1, active, con > 0, active && con == 0, posts };
		frequent += con >= frequent_min;
		struct split *targets[3] = { &all, a->dept[i] >= 0 ? &ds[a->dept[i]] : &no_dept,
		                             a->loc[i] >= 0 ? &ls[a->loc[i]] : &no_loc };
		for (int t = 0; t < 3; t++) {
			targets[t]->people += one.people;
			targets[t]->active += one.active;
			targets[t]->contributors += one.contributors;
			targets[t]->readers += one.readers;
			targets[t]->posts += one.posts;
		}
	}
	int64_t dau_sum = 0, vol[5] = { 0 };
	for (int64_t k = kf; k <= kt; k++) {
		dau_sum += dau[k];
		vol[0] += a->v_posts[k];
		vol[1] += a->v_comments[k];
		vol[2] += a->v_reactions[k];
		vol[3] += a->v_questions[k];
		vol[4] += a->v_answers[k];
	}
	double dau_mean = (double)dau_sum / (double)days;
	/* questions asked in the period: answered share, median time to the first answer */
	int64_t asked = 0, answered = 0, n_secs = 0;
	int64_t *secs = xcalloc(a->nq + 1, sizeof(*secs));
	for (size_t q = 0; q < a->nq; q++) {
		if (a->q_day[q] < kf || a->q_day[q] > kt)
			continue;
		asked++;
		answered += a->q_answered[q];
		if (a->q_secs[q] >= 0)
			secs[n_secs++] = a->q_secs[q];
	}
	sort_array(secs, (size_t)n_secs, sizeof(*secs), cmp_i64);
	json_t *share = asked ? json_real(round_to((double)answered / (double)asked, 0.001)) : json_null();
	json_t *median = n_secs ? json_integer(n_secs % 2 ? secs[n_secs / 2]
	                                                  : (secs[n_secs / 2 - 1] + secs[n_secs / 2]) / 2)
	                        : json_null();
	free(secs);
	int64_t groups = 0, active_groups = 0;
	for (size_t g = 0; g < a->ng; g++) {
		if (!a->gok[g])
			continue;
		groups++;
		active_groups += adoption_any(a->gact + g * a->words, kf, kt);
	}
	json_t *o = json_pack("{sI sI sI sI sI sI sI sI sI sI}", "from_day", (json_int_t)from, "to_day",
	                      (json_int_t)to, "days", (json_int_t)days, "people", (json_int_t)all.people, "active",
	                      (json_int_t)all.active, "inactive", (json_int_t)(all.people - all.active),
	                      "contributors", (json_int_t)all.contributors, "frequent", (json_int_t)frequent,
	                      "occasional", (json_int_t)(all.contributors - frequent), "readers",
	                      (json_int_t)all.readers);
	json_object_set_new(o, "dau_mean", json_real(round_to(dau_mean, 0.1)));
	json_object_set_new(o, "wau", json_integer(wau[kt]));
	json_object_set_new(o, "mau", json_integer(mau[kt]));
	json_object_set_new(o, "stickiness", json_real(mau[kt] ? round_to(dau_mean / mau[kt], 0.001) : 0.0));
	static const char *const vol_names[] = { "posts", "comments", "reactions", "questions", "answers" };
	for (size_t i = 0; i < ARRAY_LEN(vol_names); i++)
		json_object_set_new(o, vol_names[i], json_integer(vol[i]));
	json_object_set_new(o, "questions_answered_share", share);
	json_object_set_new(o, "median_first_answer_seconds", median);
	json_object_set_new(o, "active_groups", json_integer(active_groups));
	json_object_set_new(o, "groups", json_integer(groups));
	json_object_set_new(o, "departments", splits_json(a->dept_names, ds, a->n_dept, &no_dept));
	json_object_set_new(o, "locations", splits_json(a->loc_names, ls, a->n_loc, &no_loc));
	json_object_set_new(o, "topics", topics_json(a, p));
	free(ds);
	free(ls);
	return o;
}

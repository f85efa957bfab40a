/* insight_adoption.c — the adoption figures of insight (docs/design-insight.md):
 * which days to read for the periods asked (the snapshot's four and the ones
 * before, or one custom range), the read (insight_adoption_read.c), the
 * accounts, and the JSON put together (insight_adoption_sum.c). */
#include "lib/common.h"
#include "core/insight_adoption_internal.h"
#include "core/i18n.h"

/* ---------- set-up and the two entry points ---------- */

static void adoption_init(struct adoption *a, struct db *db, const struct insight_progress *pr, int64_t lo,
                          int64_t hi)
{
	memset(a, 0, sizeof(*a));
	a->db = db;
	a->pool = pool_new();
	a->pr = pr;
	a->lo = lo;
	a->hi = hi;
	a->topic_lo = lo;
	a->ndays = (size_t)(hi - lo + 1);
	a->words = (a->ndays + 63) / 64;
	size_t nd = a->ndays + 1;
	a->v_posts = xcalloc(nd, sizeof(int32_t));
	a->v_comments = xcalloc(nd, sizeof(int32_t));
	a->v_questions = xcalloc(nd, sizeof(int32_t));
	a->v_answers = xcalloc(nd, sizeof(int32_t));
	a->v_reactions = xcalloc(nd, sizeof(int32_t));
}

static void adoption_free(struct adoption *a)
{
	void *all[] = { a->ids, a->activated, a->base, a->dept, a->loc, a->map, a->act, a->con, a->pcon, a->pposts,
	                a->v_posts, a->v_comments, a->v_questions, a->v_answers, a->v_reactions, a->gids, a->gok,
	                a->gact, a->gp_post, a->gp_group, a->q_id, a->q_created, a->q_secs, a->q_day, a->q_answered,
	                a->tids, a->tnames, a->tcount, a->tauth, a->tnauth, a->hp_post };
	for (size_t i = 0; i < ARRAY_LEN(all); i++)
		free(all[i]);
	pool_free(a->pool);
}

/* Add a period: its days, and what the window must hold for it (its own
 * days, 29 before its end for MAU, as many before its start for topics). */
static void add_period(struct adoption *a, int64_t from, int64_t to, int64_t *lo, int64_t *topic_lo)
{
	a->per[a->np++] = (struct adoption_range){ from, to };
	int64_t need = from < to - 29 ? from : to - 29;
	if (need < *lo)
		*lo = need;
	if (from - (to - from + 1) < *topic_lo)
		*topic_lo = from - (to - from + 1);
}

static json_t *accounts_json(struct adoption *a, int64_t now, int64_t end)
{
	int64_t pending = 0, never = 0, activated = 0, deactivated = 0;
	int64_t end_ts = (end + 1) * INSIGHT_DAY_SECONDS;
	int64_t w0 = adoption_week_start(end) - 103 * 7;
	int32_t by_week[104] = { 0 };
	for (size_t i = 0; i < a->n; i++) {
		if (!a->base[i])
			continue;
		if (a->activated[i] >= end_ts) {
			never += a->activated[i] == INT64_MAX;
			continue;
		}
		activated++;
		int64_t wk = (insight_day(a->activated[i]) - w0) / 7;
		if (insight_day(a->activated[i]) >= w0 && wk < 104)
			by_week[wk]++;
	}
	if (db_query_int(a->db, &pending,
	                 "SELECT count(DISTINCT lower(i.email)) FROM invitations i WHERE i.accepted_at IS NULL"
	                 " AND i.revoked_at IS NULL AND i.expires_at > ?"
	                 " AND NOT EXISTS (SELECT 1 FROM people p WHERE p.email = i.email)", "i", now) ||
	    db_query_int(a->db, &deactivated,
	                 "SELECT count(*) FROM people WHERE status <> 'active' AND role NOT IN ('guest', 'alumni')",
	                 NULL))
		return NULL;
	json_t *weeks = json_array();
	for (int k = 0; k < 104; k++)
		json_array_append_new(weeks, json_pack("{sI sI}", "start_day", (json_int_t)(w0 + 7 * k), "activated",
		                                       (json_int_t)by_week[k]));
	return json_pack("{sI sI sI sI so}", "not_activated", (json_int_t)(never + pending), "invited_pending",
	                 (json_int_t)pending, "activated", (json_int_t)activated, "deactivated",
	                 (json_int_t)deactivated, "activated_by_week", weeks);
}

static const int standard_days[] = { 7, 30, 90, 365 };

int insight_adoption_compute(struct db *db, const struct insight_options *o, const struct insight_progress *pr,
                             json_t **out)
{
	*out = NULL;
	int64_t end = insight_day(o->now) - 1;
	/* the window: two of the longest period (and MAU before), 104 weeks, 24 months */
	int64_t lo = end - 364 - 29, topic_lo = lo;
	int y, m;
	adoption_month_of(end, &y, &m);
	int64_t months_from = adoption_month_first(y - 2 + (m == 12), m == 12 ? 1 : m + 1);
	int64_t weeks_from = adoption_week_start(end) - 103 * 7;
	if (months_from < lo)
		lo = months_from;
	if (weeks_from < lo)
		lo = weeks_from;
	struct adoption a;
	int64_t los[ARRAY_LEN(standard_days) * 2][2];
	size_t k = 0;
	for (size_t i = 0; i < ARRAY_LEN(standard_days); i++) {
		int64_t L = standard_days[i];
		los[k][0] = end - L + 1, los[k++][1] = end;
		los[k][0] = end - 2 * L + 1, los[k++][1] = end - L;
	}
	for (size_t i = 0; i < k; i++) {
		int64_t need = los[i][0] < los[i][1] - 29 ? los[i][0] : los[i][1] - 29;
		if (need < lo)
			lo = need;
	}
	adoption_init(&a, db, pr, lo, end);
	for (size_t i = 0; i < k; i++)
		add_period(&a, los[i][0], los[i][1], &lo, &topic_lo);
	a.topic_lo = topic_lo;
	int rc = adoption_read(&a);
	if (rc) {
		adoption_free(&a);
		return rc;
	}
	int32_t *dau, *wau, *mau;
	adoption_daily(&a, &dau, &wau, &mau);
	json_t *accounts = accounts_json(&a, o->now, end);
	json_t *periods = json_object();
	for (size_t i = 0; i < ARRAY_LEN(standard_days); i++) {
		char key[8];
		snprintf(key, sizeof key, "%d", standard_days[i]);
		json_object_set_new(periods, key,
		                    json_pack("{so so}", "current", adoption_period_json(&a, 2 * i, dau, wau, mau),
		                              "previous", adoption_period_json(&a, 2 * i + 1, dau, wau, mau)));
	}
	json_t *series = adoption_series_json(&a, end, dau, wau, mau);
	if (accounts && series) {
		*out = json_pack("{sI so}", "day", (json_int_t)end, "accounts", accounts);
		json_object_update(*out, series);
		json_object_set_new(*out, "periods", periods);
		json_decref(series);
		rc = adoption_report(&a, N_("Adding up"), 100);
	} else {
		json_decref(accounts);
		json_decref(series);
		json_decref(periods);
		rc = PLEIN_ERROR;
	}
	free(dau);
	free(wau);
	free(mau);
	adoption_free(&a);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

int insight_adoption_period(struct db *db, int64_t from_day, int64_t to_day, json_t **out)
{
	*out = NULL;
	/* days of years 1970..9999 only: times in seconds stay far from overflowing */
	if (from_day < 0 || to_day > 2932896 || from_day > to_day || to_day - from_day + 1 > 731)
		return PLEIN_INVALID;
	int64_t lo = from_day < to_day - 29 ? from_day : to_day - 29, topic_lo = lo;
	struct adoption a;
	adoption_init(&a, db, NULL, lo, to_day);
	add_period(&a, from_day, to_day, &lo, &topic_lo);
	a.topic_lo = topic_lo;
	int rc = adoption_read(&a);
	if (rc == PLEIN_OK) {
		int32_t *dau, *wau, *mau;
		adoption_daily(&a, &dau, &wau, &mau);
		*out = adoption_period_json(&a, 0, dau, wau, mau);
		free(dau);
		free(wau);
		free(mau);
		rc = *out ? PLEIN_OK : PLEIN_ERROR;
	}
	adoption_free(&a);
	return rc;
}

/* insight_period.c — a custom period and the one before it, as the pages
 * and the API show them (insight.h: insight_period_compare). Each costs a
 * full read of the activity (seconds and ~100 MB at 100,000 people) on a
 * request thread, so a process computes one at a time — a second caller is
 * told "busy" at once instead of queueing threads behind it — and keeps the
 * last few answers for ten minutes, so reloading a page or paging through
 * tabs costs nothing. */
#include "lib/common.h"
#include "core/insight.h"
#include <pthread.h>

#define CACHE_SLOTS 8
#define CACHE_SECONDS 600

struct period_slot {
	int64_t from, to, at;
	json_t *cur, *prev;      /* owned by the cache */
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t compute_lock = PTHREAD_MUTEX_INITIALIZER;
static struct period_slot cache[CACHE_SLOTS];

/* Under cache_lock: copies of a fresh answer, or false. */
static bool cache_get(int64_t from, int64_t to, int64_t now, json_t **cur, json_t **prev)
{
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		struct period_slot *s = &cache[i];
		if (s->cur && s->from == from && s->to == to && now - s->at < CACHE_SECONDS && now >= s->at) {
			*cur = json_deep_copy(s->cur);
			*prev = json_deep_copy(s->prev);
			return true;
		}
	}
	return false;
}

/* Under cache_lock: keep copies, replacing the oldest slot. */
static void cache_put(int64_t from, int64_t to, int64_t now, json_t *cur, json_t *prev)
{
	size_t oldest = 0;
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		if (!cache[i].cur) {
			oldest = i;
			break;
		}
		if (cache[i].at < cache[oldest].at)
			oldest = i;
	}
	struct period_slot *s = &cache[oldest];
	json_decref(s->cur);
	json_decref(s->prev);
	s->from = from;
	s->to = to;
	s->at = now;
	s->cur = json_deep_copy(cur);
	s->prev = json_deep_copy(prev);
}

int insight_period_compare(struct db *db, int64_t from, int64_t to, int64_t now, json_t **cur, json_t **prev)
{
	*cur = *prev = NULL;
	if (to < from || to - from + 1 > INSIGHT_PERIOD_MAX_DAYS || from - (to - from + 1) < 0)
		return PLEIN_INVALID;
	pthread_mutex_lock(&cache_lock);
	bool hit = cache_get(from, to, now, cur, prev);
	pthread_mutex_unlock(&cache_lock);
	if (hit)
		return PLEIN_OK;
	if (pthread_mutex_trylock(&compute_lock) != 0)
		return PLEIN_TOOBIG;
	int64_t days = to - from + 1;
	int rc = insight_adoption_period(db, from, to, cur);
	if (rc == PLEIN_OK)
		rc = insight_adoption_period(db, from - days, from - 1, prev);
	if (rc == PLEIN_OK) {
		pthread_mutex_lock(&cache_lock);
		cache_put(from, to, now, *cur, *prev);
		pthread_mutex_unlock(&cache_lock);
	}
	pthread_mutex_unlock(&compute_lock);
	if (rc != PLEIN_OK) {
		json_decref(*cur);
		json_decref(*prev);
		*cur = *prev = NULL;
	}
	return rc;
}

void insight_period_forget(void)
{
	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		json_decref(cache[i].cur);
		json_decref(cache[i].prev);
		memset(&cache[i], 0, sizeof cache[i]);
	}
	pthread_mutex_unlock(&cache_lock);
}

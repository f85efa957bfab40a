/* activity.c — visits: one activity_days row per person and day, written
 * by the first signed-in request of that day (web/app.c). An open-addressing
 * set of today's person ids keeps every later request of the day from
 * writing at all. */
#include "lib/common.h"
#include "core/activity.h"
#include "core/insight.h"
#include <pthread.h>

#define SLOTS (1u << 17)              /* 1 MiB of ids */
#define MAX_FILL (SLOTS / 4 * 3)      /* emptied past this: probes stay short */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t slots[SLOTS];          /* person ids written on set_day; 0 = empty */
static size_t filled;
static int64_t set_day = INT64_MIN;

static size_t slot_of(int64_t id)
{
	uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15ull;
	return (size_t)(h >> 47) & (SLOTS - 1);
}

/* Whether id was written on day; with add, remember it (the set belongs to
 * the newest day seen: an older day is never remembered). Under lock. */
static bool seen(int64_t id, int64_t day, bool add)
{
	if (day > set_day) {
		if (!add)
			return false;
		memset(slots, 0, sizeof slots);
		filled = 0;
		set_day = day;
	}
	if (day < set_day)
		return false;
	size_t i = slot_of(id);
	while (slots[i]) {
		if (slots[i] == id)
			return true;
		i = (i + 1) & (SLOTS - 1);
	}
	if (add) {
		if (filled >= MAX_FILL) {
			memset(slots, 0, sizeof slots);
			filled = 0;
			i = slot_of(id);
		}
		slots[i] = id;
		filled++;
	}
	return false;
}

int activity_touch(struct db *db, int64_t person_id, int64_t now)
{
	if (person_id <= 0)
		return PLEIN_INVALID;
	int64_t day = insight_day(now);
	pthread_mutex_lock(&lock);
	bool known = seen(person_id, day, false);
	pthread_mutex_unlock(&lock);
	if (known)
		return PLEIN_OK;
	/* outside the lock: two threads may both write, which INSERT OR IGNORE allows */
	int rc = db_exec(db, "INSERT OR IGNORE INTO activity_days(day, person_id) VALUES (?, ?)", "ii", day,
	                 person_id);
	if (rc)
		return rc;
	pthread_mutex_lock(&lock);
	(void)seen(person_id, day, true);
	pthread_mutex_unlock(&lock);
	return PLEIN_OK;
}

void activity_forget(void)
{
	pthread_mutex_lock(&lock);
	memset(slots, 0, sizeof slots);
	filled = 0;
	set_day = INT64_MIN;
	pthread_mutex_unlock(&lock);
}

/* events.c — appending to the event log that live streams replay (see
 * events.h and the `events` table in migration 0007). */
#include "core/events.h"
#include <stdatomic.h>
#include <time.h>

static _Atomic(events_poke_fn) poke_fn;

int events_add(struct db *db, const char *kind, int64_t post_id, int64_t comment_id, int64_t person_id)
{
	return db_exec(db,
		"INSERT INTO events(kind, post_id, comment_id, person_id, created_at) "
		"VALUES (?, NULLIF(?, 0), NULLIF(?, 0), NULLIF(?, 0), ?)",
		"siiii", kind, post_id, comment_id, person_id, (int64_t)time(NULL));
}

void events_set_poke(events_poke_fn fn) { atomic_store(&poke_fn, fn); }

void events_poke(void)
{
	events_poke_fn fn = atomic_load(&poke_fn);
	if (fn)
		fn();
}

/* activity.h — the days on which a person used plein (activity_days,
 * migration 0016): one row per person and day, written when a signed-in
 * request arrives. "Readers" (active without writing) are only visible
 * through these rows (docs/design-insight.md). */
#ifndef PLEIN_ACTIVITY_H
#define PLEIN_ACTIVITY_H
#include "db/db.h"

/* Record that person_id used plein on the UTC day of now. At most one
 * INSERT OR IGNORE per person and day per process: what was written today
 * is remembered in a bounded in-memory set (thread-safe; when it is full it
 * is simply emptied, costing one more harmless INSERT OR IGNORE each). A
 * failed write is not remembered, so the next request tries again. */
int activity_touch(struct db *db, int64_t person_id, int64_t now) WARN_UNUSED;
/* Forget what this process remembers (tests; a new day does it by itself). */
void activity_forget(void);
#endif

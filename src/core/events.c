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

int events_after(struct db *db, int64_t after, int64_t upto, struct event *out, size_t max, size_t *n_out)
{
	*n_out = 0;
	struct db_stmt *st = db_prepare(db,
		"SELECT id, kind, coalesce(post_id, 0), coalesce(comment_id, 0), coalesce(person_id, 0), created_at "
		"FROM events WHERE id > ? AND (? = 0 OR id <= ?) ORDER BY id LIMIT ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, after);
	db_bind_int(st, 2, upto);
	db_bind_int(st, 3, upto);
	db_bind_int(st, 4, (int64_t)max);
	int rc;
	size_t n = 0;
	while ((rc = db_step(st)) == DB_ROW && n < max) {
		struct event *e = &out[n++];
		e->id = db_col_int(st, 0);
		snprintf(e->kind, sizeof(e->kind), "%s", db_col_text(st, 1));
		e->post_id = db_col_int(st, 2);
		e->comment_id = db_col_int(st, 3);
		e->person_id = db_col_int(st, 4);
		e->created_at = db_col_int(st, 5);
	}
	db_done(st);
	*n_out = n;
	return rc < 0 ? rc : PLEIN_OK;
}

int events_bounds(struct db *db, int64_t *first, int64_t *last)
{
	*first = *last = 0;
	/* two subqueries: SQLite answers a lone min() or max() from the index's
	 * end, but min() and max() together in one SELECT scan the table */
	struct db_stmt *st = db_prepare(db,
		"SELECT coalesce((SELECT min(id) FROM events), 0), coalesce((SELECT max(id) FROM events), 0)");
	if (!st)
		return PLEIN_ERROR;
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*first = db_col_int(st, 0);
		*last = db_col_int(st, 1);
	}
	db_done(st);
	return rc < 0 ? rc : PLEIN_OK;
}

int events_prune(struct db *db, int64_t min_created_at, int64_t keep_rows, int64_t *deleted)
{
	int rc = db_exec(db,
		"DELETE FROM events WHERE id < (SELECT max(id) FROM events) "
		"AND (created_at < ? OR id <= (SELECT max(id) FROM events) - ?)",
		"ii", min_created_at, keep_rows);
	*deleted = rc ? 0 : db_changes(db);
	return rc;
}

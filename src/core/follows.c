/* follows.c — see follows.h. */
#include "core/follows.h"
#include "core/notifications.h"
#include "core/events.h"
#include <time.h>

int follows_set(struct db *db, int64_t follower, int64_t followee, bool on, bool *changed)
{
	*changed = false;
	if (follower == followee)
		return PLEIN_INVALID;
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	if (on)
		rc = db_exec(db, "INSERT OR IGNORE INTO follows(follower_id, followee_id, created_at) VALUES (?, ?, ?)",
		             "iii", follower, followee, (int64_t)time(NULL));
	else
		rc = db_exec(db, "DELETE FROM follows WHERE follower_id = ? AND followee_id = ?", "ii", follower, followee);
	if (rc == PLEIN_OK)
		*changed = db_changes(db) > 0;
	if (rc == PLEIN_OK && *changed && on)
		rc = notifications_add(db, followee, "follow", follower, 0, 0);
	if (rc == PLEIN_OK)
		rc = db_commit(db);
	if (rc != PLEIN_OK) {
		db_rollback(db);
		*changed = false;
		return rc;
	}
	if (*changed && on)
		events_poke();
	return PLEIN_OK;
}

bool follows_is(struct db *db, int64_t follower, int64_t followee)
{
	int64_t one;
	return db_query_int(db, &one, "SELECT 1 FROM follows WHERE follower_id = ? AND followee_id = ?", "ii",
	                    follower, followee) == PLEIN_OK;
}

int follows_counts(struct db *db, int64_t person_id, int64_t *followers, int64_t *following)
{
	int rc = db_query_int(db, followers,
		"SELECT count(*) FROM follows f JOIN people p ON p.id = f.follower_id "
		"WHERE f.followee_id = ? AND p.status = 'active'", "i", person_id);
	if (rc == PLEIN_OK)
		rc = db_query_int(db, following,
			"SELECT count(*) FROM follows f JOIN people p ON p.id = f.followee_id "
			"WHERE f.follower_id = ? AND p.status = 'active'", "i", person_id);
	return rc;
}

int follows_followee_ids(struct db *db, int64_t follower, size_t max, int64_t **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db,
		"SELECT followee_id FROM follows WHERE follower_id = ? ORDER BY followee_id LIMIT ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, follower);
	db_bind_int(st, 2, (int64_t)max);
	return db_step_ids(st, out, n);
}

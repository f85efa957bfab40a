/* announcements.c — see announcements.h. The home page lists announcements
 * on every view, so reading is one indexed query and a view is written only
 * the first time (no writes from a steady home page). */
#include "core/announcements.h"
#include "core/visibility.h"

int announcements_active(struct db *db, struct pool *p, const struct person *viewer, int64_t now, int limit,
                         struct announcement **out, size_t *n)
{
	if (limit < 1 || limit > ANNOUNCEMENTS_SHOWN)
		limit = ANNOUNCEMENTS_SHOWN;
	*out = pool_zalloc(p, sizeof(**out) * (size_t)limit);
	*n = 0;
	const char *sql = pool_printf(p,
		"SELECT p.id, v.person_id IS NOT NULL FROM posts p "
		"LEFT JOIN announcement_views v ON v.post_id = p.id AND v.person_id = ?1 "
		"WHERE p.kind = 'announcement' AND p.kind <> 'update' AND %s AND (p.expires_at IS NULL OR p.expires_at = 0 OR p.expires_at > ?2) "
		"AND v.dismissed_at IS NULL ORDER BY p.id DESC LIMIT ?3", visibility_post_sql(viewer));
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return PLEIN_ERROR;
	visibility_bind(st, viewer);
	db_bind_int(st, 1, viewer ? viewer->id : 0);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, limit);
	int64_t ids[ANNOUNCEMENTS_SHOWN];
	bool seen[ANNOUNCEMENTS_SHOWN];
	size_t k = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && k < (size_t)limit) {
		ids[k] = db_col_int(st, 0);
		seen[k++] = db_col_int(st, 1) != 0;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	struct post *posts;
	size_t got;
	if (k == 0)
		return PLEIN_OK;
	if ((rc = posts_load(db, p, ids, k, &posts, &got)) != PLEIN_OK)
		return rc;
	for (size_t i = 0; i < got; i++) {
		(*out)[*n].post = posts[i];
		for (size_t j = 0; j < k; j++)
			if (ids[j] == posts[i].id)
				(*out)[*n].seen = seen[j];
		(*n)++;
	}
	return PLEIN_OK;
}

int announcements_mark_seen(struct db *db, int64_t post_id, int64_t person_id, int64_t now)
{
	return db_exec(db, "INSERT OR IGNORE INTO announcement_views(post_id, person_id, seen_at) VALUES (?, ?, ?)",
	               "iii", post_id, person_id, now);
}

int announcements_dismiss(struct db *db, int64_t post_id, int64_t person_id, int64_t now)
{
	return db_exec(db,
		"INSERT INTO announcement_views(post_id, person_id, seen_at, dismissed_at) VALUES (?, ?, ?, ?) "
		"ON CONFLICT(post_id, person_id) DO UPDATE SET dismissed_at = coalesce(dismissed_at, excluded.dismissed_at)",
		"iiii", post_id, person_id, now, now);
}

int announcements_seen_count(struct db *db, int64_t post_id, int64_t *n)
{
	return db_query_int(db, n, "SELECT count(*) FROM announcement_views WHERE post_id = ?", "i", post_id);
}

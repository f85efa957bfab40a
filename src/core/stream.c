/* stream.c — see stream.h. The home stream merges several sources (own
 * posts, followed people, followed topics, announcements); reading each
 * source's index in full would touch every post of every followee, so it
 * reads a window of recent ids and widens it (×8) until the page is full
 * or the window reaches the start. It reads ids only (the union's indexes)
 * and stops at the page size, then loads those posts: a page costs one
 * index seek per followed person and topic, plus ~20 rows. */
#include "core/stream.h"
#include "core/visibility.h"
#include "lib/strbuf.h"
#include <stdatomic.h>

#define HOME_WINDOW_FIRST 1024   /* post ids in the first window */
#define HOME_HINTS 4096          /* viewers whose last window is remembered (a hint only) */

/* How far back a viewer's last first page reached, per process: the next
 * request starts with a window that will likely do in one query instead of
 * widening from the smallest (each query seeks once per followed person).
 * Keyed by viewer id modulo the table; a collision just gives a worse start. */
static _Atomic int64_t home_hint[HOME_HINTS];

int stream_cursor_parse(const char *s, int64_t *out)
{
	*out = 0;
	if (!s || !*s)
		return PLEIN_OK;
	int64_t v = 0;
	for (const char *c = s; *c; c++) {
		if (*c < '0' || *c > '9' || c - s > 17)
			return PLEIN_INVALID;
		v = v * 10 + (*c - '0');
	}
	if (v <= 0)
		return PLEIN_INVALID;
	*out = v;
	return PLEIN_OK;
}

static int clamp_limit(int limit)
{
	return limit < 1 ? 20 : limit > STREAM_PAGE_MAX ? STREAM_PAGE_MAX : limit;
}

/* Run an id query (binds: ?1 viewer or subject, ?2 before, ?3 after/floor,
 * ?4 limit + 1) and load the posts; one extra row tells whether a next
 * page exists. */
static int run_ids(struct db *db, struct pool *p, const struct person *viewer, const char *sql, int64_t subject,
                   int64_t before, int64_t floor, int limit, int64_t *ids, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, subject);
	db_bind_int(st, 2, before ? before : INT64_MAX);
	db_bind_int(st, 3, floor);
	db_bind_int(st, 4, limit + 1);
	visibility_bind(st, viewer);
	db_bind_int(st, 5, visibility_implicit_group(viewer));
	int rc;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW && *n < (size_t)limit + 1)
		ids[(*n)++] = db_col_int(st, 0);
	db_done(st);
	(void)p;
	return rc < 0 ? rc : PLEIN_OK;
}

static int finish(struct db *db, struct pool *p, int64_t *ids, size_t n, int limit, struct stream_page *out)
{
	out->next = 0;
	if (n > (size_t)limit) {
		n = (size_t)limit;
		out->next = ids[n - 1];
	}
	return posts_load(db, p, ids, n, &out->items, &out->n);
}

/* The query with the visibility condition in place of its one "%s". */
static const char *with_visibility(struct pool *p, const char *sql, const struct person *viewer)
{
	const char *at = strstr(sql, "%s");
	if (!at)
		BUG("stream query without a visibility slot");
	return pool_printf(p, "%.*s%s%s", (int)(at - sql), sql, visibility_post_sql(viewer), at + 2);
}

int stream_home(struct db *db, struct pool *p, const struct person *viewer, struct stream_range r,
                struct stream_page *out)
{
	int limit = clamp_limit(r.limit);
	memset(out, 0, sizeof(*out));
	if (!viewer)
		return PLEIN_OK;  /* no one to follow */
	int64_t top = r.before;
	if (!top && db_query_int(db, &top, "SELECT coalesce(max(id), 0) + 1 FROM posts", "") != PLEIN_OK)
		return PLEIN_ERROR;
	/* Candidates only (ids from the indexes, no post rows): each source reads
	 * its own index within the window; "kind <> 'update'" repeats the partial
	 * index's condition so that SQLite uses it. Visibility is then asked of
	 * visibility_can_see_post for the few candidates loaded. */
	static const char sql[] =
		"SELECT id FROM ("
		" SELECT id FROM posts WHERE author_id = ?1 AND id < ?2 AND id > ?3"
		" UNION SELECT po.id FROM follows f JOIN posts po ON po.author_id = f.followee_id"
		"  WHERE f.follower_id = ?1 AND po.id < ?2 AND po.id > ?3 AND po.anonymous = 0"
		" UNION SELECT pt.post_id FROM topic_follows tf JOIN post_topics pt ON pt.topic_id = tf.topic_id"
		"  WHERE tf.person_id = ?1 AND pt.post_id < ?2 AND pt.post_id > ?3"
		" UNION SELECT id FROM posts WHERE kind = 'announcement' AND kind <> 'update' AND id < ?2 AND id > ?3"
		" UNION SELECT id FROM posts WHERE group_id IN (SELECT group_id FROM group_members WHERE person_id = ?1"
		"  UNION SELECT ?5) AND id < ?2 AND id > ?3"
		") ORDER BY id DESC LIMIT ?4";
	int64_t *cand = pool_alloc(p, sizeof(*cand) * (size_t)(limit + 1));
	out->items = pool_zalloc(p, sizeof(*out->items) * (size_t)(limit + 1));
	size_t have = 0;
	_Atomic int64_t *hint = &home_hint[(uint64_t)viewer->id % HOME_HINTS];
	int64_t start = top, window = atomic_load_explicit(hint, memory_order_relaxed);
	if (window < HOME_WINDOW_FIRST)
		window = HOME_WINDOW_FIRST;
	while (have <= (size_t)limit) {
		int64_t floor = top - window > r.after ? top - window : r.after;
		int want = limit + 1 - (int)have;
		size_t n;
		int rc = run_ids(db, p, viewer, sql, viewer->id, top, floor, want - 1, cand, &n);
		struct post *loaded;
		size_t nl;
		if (rc == PLEIN_OK)
			rc = posts_load(db, p, cand, n, &loaded, &nl);
		if (rc != PLEIN_OK)
			return rc;
		for (size_t i = 0; i < nl; i++)
			if (visibility_can_see_post(viewer, &loaded[i]) && strcmp(loaded[i].kind, "answer") != 0)
				out->items[have++] = loaded[i];
		if (n == (size_t)want) {
			top = cand[n - 1];   /* the window holds more: go on below the last candidate */
		} else if (floor <= r.after) {
			break;               /* nothing older is asked for */
		} else {
			top = floor + 1;     /* the window is used up: the next, wider one below it */
			window *= 8;
		}
	}
	out->n = have;
	if (have && !r.before && !r.after)  /* first pages only: how far back this one reached, with room */
		atomic_store_explicit(hint, (start - out->items[have - 1].id) * 3 / 2 + HOME_WINDOW_FIRST,
		                      memory_order_relaxed);
	if (have > (size_t)limit) {
		out->n = (size_t)limit;
		out->next = out->items[limit - 1].id;
	}
	return PLEIN_OK;
}

int stream_discover(struct db *db, struct pool *p, const struct person *viewer, struct stream_range r,
                    struct stream_page *out)
{
	int limit = clamp_limit(r.limit);
	memset(out, 0, sizeof(*out));
	const char *sql = with_visibility(p,
		"SELECT p.id FROM posts p WHERE ?1 = ?1 AND p.id < ?2 AND p.id > ?3 AND p.kind <> 'answer' AND %s "
		"ORDER BY p.id DESC LIMIT ?4",
		viewer);
	int64_t *ids = pool_alloc(p, sizeof(*ids) * (size_t)(limit + 1));
	size_t n;
	int rc = run_ids(db, p, viewer, sql, 0, r.before, r.after, limit, ids, &n);
	return rc != PLEIN_OK ? rc : finish(db, p, ids, n, limit, out);
}

int stream_topic(struct db *db, struct pool *p, const struct person *viewer, int64_t topic_id,
                 struct stream_range r, struct stream_page *out)
{
	int limit = clamp_limit(r.limit);
	memset(out, 0, sizeof(*out));
	const char *sql = with_visibility(p,
		"SELECT p.id FROM post_topics pt CROSS JOIN posts p ON p.id = pt.post_id "
		"WHERE pt.topic_id = ?1 AND pt.post_id < ?2 AND pt.post_id > ?3 AND p.kind <> 'answer' AND %s "
		"ORDER BY pt.post_id DESC LIMIT ?4", viewer);
	int64_t *ids = pool_alloc(p, sizeof(*ids) * (size_t)(limit + 1));
	size_t n;
	int rc = run_ids(db, p, viewer, sql, topic_id, r.before, r.after, limit, ids, &n);
	return rc != PLEIN_OK ? rc : finish(db, p, ids, n, limit, out);
}

int stream_person(struct db *db, struct pool *p, const struct person *viewer, int64_t author_id,
                  struct stream_range r, struct stream_page *out)
{
	int limit = clamp_limit(r.limit);
	memset(out, 0, sizeof(*out));
	const char *sql = with_visibility(p,
		"SELECT p.id FROM posts p WHERE p.author_id = ?1 AND p.id < ?2 AND p.id > ?3 AND p.kind <> 'answer' "
		"AND (p.anonymous = 0 OR p.author_id = ?90) AND %s "
		"ORDER BY p.id DESC LIMIT ?4", viewer);
	int64_t *ids = pool_alloc(p, sizeof(*ids) * (size_t)(limit + 1));
	size_t n;
	int rc = run_ids(db, p, viewer, sql, author_id, r.before, r.after, limit, ids, &n);
	return rc != PLEIN_OK ? rc : finish(db, p, ids, n, limit, out);
}

int stream_group(struct db *db, struct pool *p, const struct person *viewer, int64_t group_id,
                 struct stream_range r, struct stream_page *out)
{
	int limit = clamp_limit(r.limit);
	memset(out, 0, sizeof(*out));
	const char *sql = with_visibility(p,
		"SELECT p.id FROM posts p WHERE p.group_id = ?1 AND p.id < ?2 AND p.id > ?3 AND p.kind <> 'answer' AND %s "
		"ORDER BY p.id DESC LIMIT ?4", viewer);
	int64_t *ids = pool_alloc(p, sizeof(*ids) * (size_t)(limit + 1));
	size_t n;
	int rc = run_ids(db, p, viewer, sql, group_id, r.before, r.after, limit, ids, &n);
	return rc != PLEIN_OK ? rc : finish(db, p, ids, n, limit, out);
}

/* praise.c — see praise.h. The spotlight's candidates (who was praised
 * recently) are cached per process for a minute per visibility rule: the
 * home page asks on every view and must stay cheap at scale. */
#include "core/praise.h"
#include "core/visibility.h"
#include <pthread.h>

#define DAY 86400
#define CACHE_TTL 60
#define CACHE_KEEP 4   /* enough to skip the viewer and someone deactivated since */


static void read_author(struct pool *p, struct db_stmt *st, int col, struct post_author *a)
{
	a->id = db_col_int(st, col);
	a->name = pool_strdup(p, db_col_text(st, col + 1));
	a->title = pool_strdup(p, db_col_text(st, col + 2));
	a->photo = pool_strdup(p, db_col_text(st, col + 3));
	a->role = pool_strdup(p, db_col_text(st, col + 4));
	a->status = pool_strdup(p, db_col_text(st, col + 5));
}

int praise_received_summary(struct db *db, struct pool *p, const struct person *viewer, int64_t person_id,
                            struct praise_badge_count **out, size_t *n)
{
	size_t nb;
	const char *const *badges = posts_badges(&nb);
	*out = pool_zalloc(p, sizeof(**out) * nb);
	*n = 0;
	const char *sql = pool_printf(p,
		"SELECT p.badge, count(*) FROM praise pr JOIN posts p ON p.id = pr.post_id "
		"WHERE pr.person_id = ?1 AND p.kind = 'praise' AND %s GROUP BY p.badge", visibility_post_sql(viewer));
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return PLEIN_ERROR;
	visibility_bind(st, viewer);
	db_bind_int(st, 1, person_id);
	int64_t counts[16] = { 0 };
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		for (size_t i = 0; i < nb && i < ARRAY_LEN(counts); i++)
			if (strcmp(badges[i], db_col_text(st, 0)) == 0)
				counts[i] = db_col_int(st, 1);
	db_done(st);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < nb && i < ARRAY_LEN(counts); i++)
		if (counts[i])
			(*out)[(*n)++] = (struct praise_badge_count){ .badge = badges[i], .count = counts[i] };
	return PLEIN_OK;
}

#define ITEM_COLS "p.id, p.created_at, coalesce(p.badge, ''), p.body, " \
	"a.id, a.name, a.title, a.photo, a.role, a.status"

static void read_item(struct pool *p, struct db_stmt *st, struct praise_item *it)
{
	it->post_id = db_col_int(st, 0);
	it->created_at = db_col_int(st, 1);
	it->badge = pool_strdup(p, db_col_text(st, 2));
	it->body = pool_strdup(p, db_col_text(st, 3));
	read_author(p, st, 4, &it->author);
}

int praise_recent_for_person(struct db *db, struct pool *p, const struct person *viewer, int64_t person_id,
                             int limit, struct praise_item **out, size_t *n)
{
	if (limit < 1 || limit > PRAISE_RECENT_MAX)
		limit = PRAISE_RECENT_MAX;
	*out = pool_zalloc(p, sizeof(**out) * (size_t)limit);
	*n = 0;
	const char *sql = pool_printf(p,
		"SELECT " ITEM_COLS " FROM praise pr JOIN posts p ON p.id = pr.post_id JOIN people a ON a.id = p.author_id "
		"WHERE pr.person_id = ?1 AND p.kind = 'praise' AND %s ORDER BY pr.created_at DESC, p.id DESC LIMIT ?2",
		visibility_post_sql(viewer));
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return PLEIN_ERROR;
	visibility_bind(st, viewer);
	db_bind_int(st, 1, person_id);
	db_bind_int(st, 2, limit);
	int rc;
	while ((rc = db_step(st)) == DB_ROW && *n < (size_t)limit)
		read_item(p, st, &(*out)[(*n)++]);
	db_done(st);
	return rc < 0 ? rc : PLEIN_OK;
}

/* splitmix64: a well-mixed 64-bit hash, so "lowest rank" is a fair draw. */
uint64_t praise_spotlight_rank(int64_t person_id, int64_t day)
{
	uint64_t z = (uint64_t)person_id * 0x9E3779B97F4A7C15u ^ ((uint64_t)day + 0x632BE59BD9B4E019u);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	z ^= z >> 31;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;  /* a second round: days next to each other differ too */
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	return z ^ (z >> 31);
}

/* The candidates of one day for one visibility rule, lowest rank first. */
struct spot_cache {
	bool valid;
	int64_t day, fetched;
	size_t n;
	int64_t ids[CACHE_KEEP];
};
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct spot_cache cache[2];  /* [0] organisation viewers, [1] public only */

void praise_spotlight_forget(void)
{
	pthread_mutex_lock(&cache_lock);
	memset(cache, 0, sizeof(cache));
	pthread_mutex_unlock(&cache_lock);
}

static int candidates(struct db *db, struct pool *p, const struct person *viewer, int64_t now, struct spot_cache *out)
{
	int64_t day = now / DAY;
	/* Shared by every viewer of a kind, so only posts outside groups and
	 * no one's own: what each viewer may see is then asked per person
	 * (newest_in_window) with the viewer's own condition. */
	bool browse = visibility_can_browse(viewer);
	const char *vis = browse ? "p.deleted_at IS NULL AND p.group_id IS NULL AND p.visibility IN ('organisation', 'public')"
	                         : "p.deleted_at IS NULL AND p.group_id IS NULL AND p.visibility = 'public'";
	struct spot_cache *c = &cache[browse ? 0 : 1];
	pthread_mutex_lock(&cache_lock);
	bool hit = c->valid && c->day == day && now >= c->fetched && now < c->fetched + CACHE_TTL;
	if (hit)
		*out = *c;
	pthread_mutex_unlock(&cache_lock);
	if (hit)
		return PLEIN_OK;
	const char *sql = pool_printf(p,
		"SELECT DISTINCT pr.person_id FROM praise pr JOIN posts p ON p.id = pr.post_id "
		"JOIN people x ON x.id = pr.person_id "
		"WHERE pr.created_at > ? AND pr.created_at <= ? AND p.kind = 'praise' AND x.status = 'active' AND %s", vis);
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, now - PRAISE_SPOTLIGHT_DAYS * DAY);
	db_bind_int(st, 2, now);
	struct spot_cache fresh = { .valid = true, .day = day, .fetched = now };
	uint64_t ranks[CACHE_KEEP];
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		/* keep the CACHE_KEEP lowest ranks, sorted (insertion into a tiny array) */
		int64_t id = db_col_int(st, 0);
		uint64_t r = praise_spotlight_rank(id, day);
		size_t at = fresh.n;
		while (at > 0 && ranks[at - 1] > r)
			at--;
		if (at >= CACHE_KEEP)
			continue;
		size_t last = fresh.n < CACHE_KEEP ? fresh.n : CACHE_KEEP - 1;
		for (size_t i = last; i > at; i--) {
			ranks[i] = ranks[i - 1];
			fresh.ids[i] = fresh.ids[i - 1];
		}
		ranks[at] = r;
		fresh.ids[at] = id;
		if (fresh.n < CACHE_KEEP)
			fresh.n++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	pthread_mutex_lock(&cache_lock);
	*c = fresh;
	pthread_mutex_unlock(&cache_lock);
	*out = fresh;
	return PLEIN_OK;
}

static int newest_in_window(struct db *db, struct pool *p, const struct person *viewer, int64_t person_id,
                            int64_t now, struct praise_item *item)
{
	const char *sql = pool_printf(p,
		"SELECT " ITEM_COLS " FROM praise pr JOIN posts p ON p.id = pr.post_id JOIN people a ON a.id = p.author_id "
		"WHERE pr.person_id = ?1 AND pr.created_at > ?2 AND pr.created_at <= ?3 AND p.kind = 'praise' AND %s "
		"ORDER BY pr.created_at DESC, p.id DESC LIMIT 1", visibility_post_sql(viewer));
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return PLEIN_ERROR;
	visibility_bind(st, viewer);
	db_bind_int(st, 1, person_id);
	db_bind_int(st, 2, now - PRAISE_SPOTLIGHT_DAYS * DAY);
	db_bind_int(st, 3, now);
	int rc = db_step(st);
	if (rc == DB_ROW)
		read_item(p, st, item);
	db_done(st);
	return rc == DB_ROW ? PLEIN_OK : rc == DB_DONE ? PLEIN_NOTFOUND : rc;
}

int praise_spotlight(struct db *db, struct pool *p, const struct person *viewer, int64_t now,
                     struct person **person, struct praise_item *item)
{
	struct spot_cache c;
	int rc = candidates(db, p, viewer, now, &c);
	if (rc != PLEIN_OK)
		return rc;
	/* the viewer only when no one else qualifies: try the others first */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < c.n; i++) {
			bool self = viewer && c.ids[i] == viewer->id;
			if (self != (pass == 1))
				continue;
			struct person *x;
			rc = people_get(db, p, c.ids[i], &x);
			if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && strcmp(x->status, "active") != 0))
				continue;
			if (rc == PLEIN_OK)
				rc = newest_in_window(db, p, viewer, x->id, now, item);
			if (rc == PLEIN_NOTFOUND)
				continue;  /* deleted since the cache was filled */
			if (rc != PLEIN_OK)
				return rc;
			*person = x;
			return PLEIN_OK;
		}
	}
	return PLEIN_NOTFOUND;
}

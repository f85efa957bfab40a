/* demo_insight.c — what insight's adoption figures need in the demo (see
 * demo.h), after everything else: when each person activated their account
 * (a few never did: colleagues imported in the last months who never signed
 * in, and some who wrote nothing), a few pending and expired invitations of
 * newcomers, and visits (activity_days) over the last 400
 * days — readers who never write, writers who also visit, weekdays busier
 * than weekends, use growing slowly. Also run alone on an existing demo
 * (`plein demo --insight-only`): it replaces what an earlier run made. */
#include "core/demo.h"
#include "core/demo_rng.h"
#include "core/insight.h"
#include "core/people.h"
#include "lib/strbuf.h"
#include <time.h>

#define DAY 86400
#define VISIT_DAYS 400
#define NEVER_PERMILLE 40           /* of the people who wrote nothing */
#define INVITED_PERMILLE 8          /* newcomers invited, of the people */
#define INVITE_EMAIL "newcomer.%lld@example.com"
#define IMPORTED_PERCENT 3          /* colleagues imported lately who never signed in */
#define IMPORTED_EMAIL "imported.%lld@example.com"

struct who {
	int64_t id, created, activated, first_write;
	int writes;
	bool password, left;        /* left: alumni or deactivated */
	bool imported;              /* made by add_imported: never activated */
	float p;                    /* chance of a visit on a weekday */
};

static double unit(void)
{
	return (double)(demo_rnd() >> 11) / 9007199254740992.0;
}

static int load_people(struct db *db, struct who **out, size_t *n_out)
{
	int64_t count = 0;
	if (db_query_int(db, &count, "SELECT count(*) FROM people", NULL))
		return PLEIN_ERROR;
	struct who *w = xcalloc((size_t)count + 1, sizeof(*w));
	size_t n = 0;
	struct db_stmt *st = db_prepare(db,
		"SELECT id, created_at, password_hash IS NOT NULL, role = 'alumni' OR status <> 'active',"
		" email LIKE 'imported.%@example.com' FROM people ORDER BY id");
	if (!st) {
		free(w);
		return PLEIN_ERROR;
	}
	int step;
	while ((step = db_step(st)) == DB_ROW && n < (size_t)count) {
		w[n] = (struct who){ .id = db_col_int(st, 0), .created = db_col_int(st, 1),
		                     .password = db_col_int(st, 2) != 0, .left = db_col_int(st, 3) != 0,
		                     .imported = db_col_int(st, 4) != 0, .first_write = INT64_MAX };
		n++;
	}
	db_done(st);
	if (step != DB_DONE && step != DB_ROW) {
		free(w);
		return PLEIN_ERROR;
	}
	*out = w;
	*n_out = n;
	return PLEIN_OK;
}

static struct who *find(struct who *w, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (w[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && w[lo].id == id ? &w[lo] : NULL;
}

/* How much each person wrote and when first (their first row by id: the
 * demo writes in time order), from the authors' indexes. */
static int load_writing(struct db *db, struct who *w, size_t n)
{
	static const char *const sql[] = {
		"SELECT f.author_id, f.c, p.created_at FROM (SELECT author_id, min(id) AS m, count(*) AS c FROM posts"
		" GROUP BY author_id) f JOIN posts p ON p.id = f.m",
		"SELECT f.author_id, f.c, p.created_at FROM (SELECT author_id, min(id) AS m, count(*) AS c FROM comments"
		" GROUP BY author_id) f JOIN comments p ON p.id = f.m",
	};
	for (size_t q = 0; q < ARRAY_LEN(sql); q++) {
		struct db_stmt *st = db_prepare(db, sql[q]);
		if (!st)
			return PLEIN_ERROR;
		int step;
		while ((step = db_step(st)) == DB_ROW) {
			struct who *x = find(w, n, db_col_int(st, 0));
			if (!x)
				continue;
			x->writes += (int)db_col_int(st, 1);
			if (db_col_int(st, 2) < x->first_write)
				x->first_write = db_col_int(st, 2);
		}
		db_done(st);
		if (step != DB_DONE)
			return PLEIN_ERROR;
	}
	return PLEIN_OK;
}

/* Activation: most within a day of being created, some after weeks; never
 * after their first post or comment. A few who wrote nothing never did. */
static void choose_activation(struct who *w, size_t n, struct demo_insight_result *out)
{
	for (size_t i = 0; i < n; i++) {
		struct who *x = &w[i];
		if (x->imported || (!x->password && x->writes == 0 && demo_pick(1000) < NEVER_PERMILLE)) {
			x->activated = 0;
			out->never_activated++;
			continue;
		}
		int64_t delay = demo_pick(10) < 7 ? (int64_t)demo_pick(DAY) : (int64_t)demo_pick(30 * DAY);
		x->activated = x->created + delay;
		if (x->first_write < x->activated)
			x->activated = x->first_write;
		out->activated++;
		/* how often they come: dormant, occasional, regular, daily; writers come more */
		size_t kind = demo_pick(100);
		int level = kind < 15 ? 0 : kind < 65 ? 1 : kind < 92 ? 2 : 3;
		if (x->writes >= 40 && level < 3)
			level++;
		static const float lo[] = { 0.002f, 0.02f, 0.15f, 0.5f }, span[] = { 0.006f, 0.06f, 0.20f, 0.3f };
		x->p = lo[level] + span[level] * (float)unit();
		if (x->left)
			x->p *= 0.1f;
	}
}

static int write_activation(struct db *db, const struct who *w, size_t n)
{
	struct db_stmt *st = db_prepare(db, "UPDATE people SET activated_at = ?1 WHERE id = ?2");
	if (!st)
		return PLEIN_ERROR;
	for (size_t i = 0; i < n; i++) {
		if (w[i].activated)
			db_bind_int(st, 1, w[i].activated);
		else
			db_bind_null(st, 1);
		db_bind_int(st, 2, w[i].id);
		int rc = db_step(st);
		db_done(st);
		if (rc != DB_DONE)
			return PLEIN_ERROR;
	}
	return PLEIN_OK;
}

/* Newcomers invited by the administrator: two in three still pending, the
 * others expired unanswered. The token hashes are random: no link opens them. */
static int write_invitations(struct db *db, size_t n, int64_t now, struct demo_insight_result *out)
{
	int64_t admin = 0;
	if (db_query_int(db, &admin, "SELECT coalesce(min(id), 0) FROM people WHERE role = 'admin'", NULL) ||
	    db_exec(db, "DELETE FROM invitations WHERE email LIKE 'newcomer.%@example.com'", NULL))
		return PLEIN_ERROR;
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO invitations(email, token_hash, role, invited_by, created_at, expires_at)"
		" SELECT ?1, ?2, 'member', nullif(?3, 0), ?4, ?5 WHERE NOT EXISTS (SELECT 1 FROM people WHERE email = ?1)");
	if (!st)
		return PLEIN_ERROR;
	size_t want = n * INVITED_PERMILLE / 1000 + 3;
	for (size_t k = 1; k <= want; k++) {
		char email[64];
		snprintf(email, sizeof email, INVITE_EMAIL, (long long)k);
		uint64_t hash[4] = { demo_rnd(), demo_rnd(), demo_rnd(), demo_rnd() };
		bool pending = demo_pick(3) != 0;
		int64_t created = pending ? now - (int64_t)demo_pick(6 * DAY) : now - 8 * DAY - (int64_t)demo_pick(60 * DAY);
		db_bind_str(st, 1, email);
		db_bind_blob(st, 2, hash, sizeof hash);
		db_bind_int(st, 3, admin);
		db_bind_int(st, 4, created);
		db_bind_int(st, 5, created + 7 * DAY);
		int rc = db_step(st);
		db_done(st);
		if (rc != DB_DONE)
			return PLEIN_ERROR;
		if (pending)
			out->invited_pending++;
	}
	return PLEIN_OK;
}

/* Visits day by day (rows in the table's key order: one sorted append),
 * each activated person with their own chance; weekends a fifth of it; use
 * grows by a third over the 400 days. */
static int write_visits(struct db *db, const struct who *w, size_t n, int64_t now, struct demo_insight_result *out,
                        void (*progress)(const char *what, int64_t done, int64_t total))
{
	struct pool *keep = pool_new();
	struct demo_indexes ix;
	int rc = PLEIN_ERROR;
	if (demo_indexes_drop(db, keep, "tbl_name = 'activity_days'", &ix) ||
	    db_exec(db, "DELETE FROM activity_days", NULL)) {
		pool_free(keep);
		return PLEIN_ERROR;
	}
	struct db_stmt *st = db_prepare(db, "INSERT INTO activity_days(day, person_id) VALUES (?, ?)");
	if (!st)
		goto out;
	int64_t today = insight_day(now), first = today - VISIT_DAYS + 1;
	for (int64_t d = first; d <= today; d++) {
		int wd = (int)((d + 3) % 7);   /* 0 Monday … 6 Sunday */
		double f = (wd >= 5 ? 0.2 : 1.0) * (0.75 + 0.25 * (double)(d - first) / VISIT_DAYS);
		int64_t day_end = (d + 1) * DAY;
		for (size_t i = 0; i < n; i++) {
			if (!w[i].activated || w[i].activated >= day_end || unit() >= w[i].p * f)
				continue;
			db_bind_int(st, 1, d);
			db_bind_int(st, 2, w[i].id);
			int step = db_step(st);
			db_done(st);
			if (step != DB_DONE)
				goto out;
			out->visits++;
		}
		if (progress && (d - first) % 20 == 0)
			progress("days of visits", d - first, VISIT_DAYS);
	}
	if (progress)
		progress("indexes of visits", 0, (int64_t)ix.n);
	rc = demo_indexes_create(db, &ix);
out:
	pool_free(keep);
	return rc;
}

/* Colleagues imported (no password) in the last 120 days who never signed
 * in: a first name and a surname of two colleagues, the job of a third;
 * half of them were sent an invitation still pending. A second run makes
 * only those missing. */
static int add_imported(struct db *db, int64_t now)
{
	int64_t n = 0, max_id = 0;
	/* counted without the ones made here: a second run draws the same numbers */
	if (db_query_int(db, &n, "SELECT count(*) FROM people WHERE role NOT IN ('guest', 'alumni')"
	                         " AND email NOT LIKE 'imported.%@example.com'", NULL) ||
	    db_query_int(db, &max_id, "SELECT max(id) FROM people WHERE email NOT LIKE 'imported.%@example.com'", NULL) ||
	    db_exec(db, "DELETE FROM invitations WHERE email LIKE 'imported.%@example.com'", NULL))
		return PLEIN_ERROR;
	struct db_stmt *pick = db_prepare(db,
		"SELECT name, title, department, location, coalesce(manager_id, 0) FROM people"
		" WHERE id >= ? AND role = 'member' AND email NOT LIKE 'imported.%' ORDER BY id LIMIT 1");
	struct db_stmt *inv = db_prepare(db,
		"INSERT INTO invitations(email, token_hash, role, created_at, expires_at) VALUES (?, ?, 'member', ?, ?)");
	if (!pick || !inv)
		return PLEIN_ERROR;
	struct strbuf name = STRBUF_INIT;
	int rc = PLEIN_OK;
	int64_t want = n * IMPORTED_PERCENT / 100 + 2;
	for (int64_t k = 1; k <= want && rc == PLEIN_OK; k++) {
		char email[64], first[64] = "", title[128] = "", dept[128] = "", loc[128] = "";
		int64_t manager = 0, exists = 0;
		snprintf(email, sizeof email, IMPORTED_EMAIL, (long long)k);
		/* the same draws whether or not the person exists: a second run matches the first */
		int64_t from[3] = { 1 + (int64_t)demo_pick((size_t)max_id), 1 + (int64_t)demo_pick((size_t)max_id),
		                    1 + (int64_t)demo_pick((size_t)max_id) };
		int64_t created = now - (int64_t)demo_pick(120 * DAY);
		uint64_t hash[4] = { demo_rnd(), demo_rnd(), demo_rnd(), demo_rnd() };
		bool invited = demo_pick(2) == 0;
		strbuf_reset(&name);
		for (int j = 0; j < 3 && rc == PLEIN_OK; j++) {
			db_bind_int(pick, 1, from[j]);
			int step = db_step(pick);
			if (step == DB_ROW) {
				const char *full = db_col_text(pick, 0), *space = strchr(full, ' ');
				if (j == 0)
					snprintf(first, sizeof first, "%.*s", space ? (int)(space - full) : (int)strlen(full), full);
				else if (j == 1)
					(void)strbuf_addf(&name, "%s %s", first[0] ? first : "Sam", space ? space + 1 : full);
				else {
					snprintf(title, sizeof title, "%s", db_col_text(pick, 1));
					snprintf(dept, sizeof dept, "%s", db_col_text(pick, 2));
					snprintf(loc, sizeof loc, "%s", db_col_text(pick, 3));
					manager = db_col_int(pick, 4);
				}
			} else if (step != DB_DONE) {
				rc = PLEIN_ERROR;
			}
			db_done(pick);
		}
		if (rc || db_query_int(db, &exists, "SELECT count(*) FROM people WHERE email = ?", "s", email)) {
			rc = PLEIN_ERROR;
			break;
		}
		if (!exists) {
			struct person p = { .email = email, .name = name.len ? name.buf : "Sam Jansen", .title = title,
			                    .department = dept, .location = loc, .bio = "", .manager_id = manager,
			                    .role = "member", .created_at = created };
			int64_t id;
			rc = people_create_full(db, &p, NULL, &id);
		}
		if (rc == PLEIN_OK && invited) {
			db_bind_str(inv, 1, email);
			db_bind_blob(inv, 2, hash, sizeof hash);
			db_bind_int(inv, 3, now - (int64_t)demo_pick(6 * DAY));
			db_bind_int(inv, 4, now + DAY);
			rc = db_step(inv) == DB_DONE ? PLEIN_OK : PLEIN_ERROR;
			db_done(inv);
		}
	}
	strbuf_release(&name);
	return rc;
}

int demo_insight(struct db *db, uint64_t seed, int64_t now, struct demo_insight_result *out,
                 void (*progress)(const char *what, int64_t done, int64_t total))
{
	memset(out, 0, sizeof(*out));
	demo_seed(seed ^ 0x1a5e7u);
	struct who *w = NULL;
	size_t n = 0;
	if (db_begin(db))
		return PLEIN_ERROR;
	int rc = PLEIN_ERROR;
	if (add_imported(db, now) || load_people(db, &w, &n) || load_writing(db, w, n)) {
		db_rollback(db);
		goto out;
	}
	choose_activation(w, n, out);
	if (write_activation(db, w, n) || write_invitations(db, n, now, out) ||
	    write_visits(db, w, n, now, out, progress) || db_commit(db)) {
		db_rollback(db);
		goto out;
	}
	rc = PLEIN_OK;
out:
	free(w);
	return rc;
}

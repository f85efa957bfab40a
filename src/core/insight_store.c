/* insight_store.c — see insight_store.h. Every query on insight_snapshots
 * and insight_people lives here: the queue of computations, their
 * progress, and the stored results (JSON columns and per-person rows). */
#include "core/insight_store.h"
#include <time.h>

#define SNAP_COLS "id, day, trigger, requested_by, status, phase, progress, error, created_at, " \
                  "coalesce(started_at, 0), coalesce(finished_at, 0)"

static void snap_row(struct db_stmt *st, struct pool *p, struct insight_snapshot *s)
{
	s->id = db_col_int(st, 0);
	s->day = db_col_int(st, 1);
	s->trigger = pool_strdup(p, db_col_text(st, 2));
	s->requested_by = db_col_int(st, 3);
	s->status = pool_strdup(p, db_col_text(st, 4));
	s->phase = pool_strdup(p, db_col_text(st, 5));
	s->progress = (int)db_col_int(st, 6);
	s->error = pool_strdup(p, db_col_text(st, 7));
	s->created_at = db_col_int(st, 8);
	s->started_at = db_col_int(st, 9);
	s->finished_at = db_col_int(st, 10);
}

/* One snapshot by a query binding ?1 (an id, or unused). */
static int snap_one(struct db *db, struct pool *p, const char *sql, int64_t arg, struct insight_snapshot *out)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, arg);
	int rc = db_step(st);
	if (rc == DB_ROW)
		snap_row(st, p, out);
	db_done(st);
	return rc == DB_ROW ? PLEIN_OK : rc == DB_DONE ? PLEIN_NOTFOUND : PLEIN_ERROR;
}

static int64_t last_full_day(int64_t now)
{
	return insight_day(now) - 1;
}

int insight_store_request(struct db *db, const char *trigger, int64_t requested_by, int64_t now, int64_t *id)
{
	if (!trigger || (strcmp(trigger, "nightly") && strcmp(trigger, "manual") && strcmp(trigger, "console")))
		return PLEIN_INVALID;
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	int64_t existing = 0;
	rc = db_query_int(db, &existing,
		"SELECT id FROM insight_snapshots WHERE status IN ('queued', 'running') ORDER BY id LIMIT 1", "");
	if (rc == PLEIN_OK) {
		*id = existing;
		db_rollback(db);
		return PLEIN_CONFLICT;
	}
	if (rc == PLEIN_NOTFOUND)
		rc = db_exec(db,
			"INSERT INTO insight_snapshots(day, trigger, requested_by, status, created_at) "
			"VALUES (?, ?, nullif(?, 0), 'queued', ?)", "isii",
			last_full_day(now), trigger, requested_by, now);
	if (rc == PLEIN_OK) {
		*id = db_last_insert_id(db);
		rc = db_commit(db);
	}
	if (rc != PLEIN_OK)
		db_rollback(db);
	return rc;
}

int insight_store_claim(struct db *db, struct pool *p, int64_t now, struct insight_snapshot *out)
{
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	int64_t id = 0;
	rc = db_query_int(db, &id, "SELECT id FROM insight_snapshots WHERE status = 'queued' ORDER BY id LIMIT 1", "");
	if (rc == PLEIN_OK)
		rc = db_exec(db,
			"UPDATE insight_snapshots SET status = 'running', started_at = ?, day = ?, progress = 0, "
			"phase = '' WHERE id = ?", "iii", now, last_full_day(now), id);
	if (rc == PLEIN_OK)
		rc = snap_one(db, p, "SELECT " SNAP_COLS " FROM insight_snapshots WHERE id = ?1", id, out);
	if (rc == PLEIN_OK)
		rc = db_commit(db);
	if (rc != PLEIN_OK)
		db_rollback(db);
	return rc;
}

int insight_store_fail_abandoned(struct db *db, int64_t now)
{
	return db_exec(db,
		"UPDATE insight_snapshots SET status = 'failed', finished_at = ?, "
		"error = 'plein stopped while this ran; compute again' WHERE status = 'running'", "i", now);
}

int insight_store_progress(struct db *db, int64_t id, const char *phase, int percent)
{
	if (percent < 0)
		percent = 0;
	if (percent > 100)
		percent = 100;
	return db_exec(db, "UPDATE insight_snapshots SET phase = ?, progress = ? WHERE id = ? AND status = 'running'",
	               "sii", phase ? phase : "", (int64_t)percent, id);
}

/* A JSON column's text, or NULL for a NULL json (stored as NULL). */
static char *dump(json_t *j)
{
	return j ? json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(10)) : NULL;
}

static int insert_people(struct db *db, int64_t id, const struct insight_person *people, size_t n)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO insight_people(snapshot_id, person_id, pagerank, pagerank_rank, betweenness, "
		"betweenness_rank, ties, departments, community, activity, helpful, ambassador, ambassador_rank, flags) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
	if (!st)
		return PLEIN_ERROR;
	int rc = PLEIN_OK;
	for (size_t i = 0; i < n && rc == PLEIN_OK; i++) {
		const struct insight_person *r = &people[i];
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, r->person_id);
		db_bind_double(st, 3, r->pagerank);
		db_bind_int(st, 4, r->pagerank_rank);
		db_bind_double(st, 5, r->betweenness);
		db_bind_int(st, 6, r->betweenness_rank);
		db_bind_int(st, 7, r->ties);
		db_bind_int(st, 8, r->departments);
		db_bind_int(st, 9, r->community);
		db_bind_int(st, 10, r->activity);
		db_bind_int(st, 11, r->helpful);
		db_bind_double(st, 12, r->ambassador);
		db_bind_int(st, 13, r->ambassador_rank);
		db_bind_int(st, 14, r->flags);
		rc = db_step(st) == DB_DONE ? PLEIN_OK : PLEIN_ERROR;
		db_done(st);
	}
	return rc;
}

int insight_store_finish(struct db *db, int64_t id, int64_t now, json_t *adoption, json_t *network, json_t *summary,
                         json_t *people_graph, const struct insight_person *people, size_t n)
{
	char *a = dump(adoption), *nw = dump(network), *s = dump(summary), *g = dump(people_graph);
	int rc = db_begin(db);
	if (rc == PLEIN_OK) {
		int64_t running = 0;
		rc = db_query_int(db, &running, "SELECT status = 'running' FROM insight_snapshots WHERE id = ?", "i", id);
		if (rc == PLEIN_OK && !running)
			rc = PLEIN_CONFLICT;
	}
	if (rc == PLEIN_OK)
		rc = db_exec(db,
			"UPDATE insight_snapshots SET status = 'done', progress = 100, phase = '', finished_at = ?, "
			"adoption = ?, network = ?, summary = ?, people_graph = ? WHERE id = ?", "issssi",
			now, a, nw, s, g, id);
	if (rc == PLEIN_OK)
		rc = insert_people(db, id, people, n);
	/* Individual rows are kept for the newest few done snapshots only:
	 * trends need the aggregates, not who was where a year ago. */
	if (rc == PLEIN_OK)
		rc = db_exec(db,
			"DELETE FROM insight_people WHERE snapshot_id IN (SELECT id FROM insight_snapshots "
			"WHERE status = 'done' ORDER BY id DESC LIMIT -1 OFFSET ?)", "i", (int64_t)INSIGHT_KEEP_PEOPLE);
	if (rc == PLEIN_OK)
		rc = db_commit(db);
	if (rc != PLEIN_OK)
		db_rollback(db);
	free(a);
	free(nw);
	free(s);
	free(g);
	return rc;
}

int insight_store_fail(struct db *db, int64_t id, int64_t now, const char *error)
{
	return db_exec(db,
		"UPDATE insight_snapshots SET status = 'failed', finished_at = ?, error = substr(?, 1, 500) "
		"WHERE id = ? AND status IN ('queued', 'running')", "isi", now, error ? error : "failed", id);
}

int insight_store_current(struct db *db, struct pool *p, struct insight_snapshot *out)
{
	return snap_one(db, p,
		"SELECT " SNAP_COLS " FROM insight_snapshots WHERE status IN ('queued', 'running') "
		"ORDER BY id DESC LIMIT 1", 0, out);
}

int insight_store_last_failure(struct db *db, struct pool *p, struct insight_snapshot *out)
{
	return snap_one(db, p,
		"SELECT " SNAP_COLS " FROM insight_snapshots WHERE id = (SELECT max(id) FROM insight_snapshots) "
		"AND status = 'failed' AND ?1 = ?1", 0, out);
}

int insight_store_get(struct db *db, struct pool *p, int64_t id, struct insight_snapshot *out)
{
	if (id < 0)
		return PLEIN_NOTFOUND;
	if (id == 0)
		return snap_one(db, p,
			"SELECT " SNAP_COLS " FROM insight_snapshots WHERE status = 'done' ORDER BY id DESC LIMIT 1",
			0, out);
	return snap_one(db, p, "SELECT " SNAP_COLS " FROM insight_snapshots WHERE id = ?1 AND status = 'done'",
	                id, out);
}

int insight_store_json(struct db *db, int64_t id, const char *which, json_t **out)
{
	const char *sql;
	*out = NULL;
	if (!which)
		return PLEIN_INVALID;
	/* The column is chosen from a fixed list, never from the caller's text. */
	if (!strcmp(which, "adoption"))
		sql = "SELECT adoption FROM insight_snapshots WHERE id = ? AND status = 'done'";
	else if (!strcmp(which, "network"))
		sql = "SELECT network FROM insight_snapshots WHERE id = ? AND status = 'done'";
	else if (!strcmp(which, "summary"))
		sql = "SELECT summary FROM insight_snapshots WHERE id = ? AND status = 'done'";
	else if (!strcmp(which, "people_graph"))
		sql = "SELECT people_graph FROM insight_snapshots WHERE id = ? AND status = 'done'";
	else
		return PLEIN_INVALID;
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW && !db_col_null(st, 0)) {
		json_error_t err;
		*out = json_loadb(db_col_text(st, 0), db_col_len(st, 0), 0, &err);
		rc = *out ? PLEIN_OK : PLEIN_ERROR;
	} else
		rc = rc == DB_ROW || rc == DB_DONE ? PLEIN_NOTFOUND : PLEIN_ERROR;
	db_done(st);
	return rc;
}

int insight_store_list(struct db *db, struct pool *p, int64_t before_id, size_t limit, struct insight_snapshot **out,
                       json_t ***summaries, size_t *n)
{
	*n = 0;
	*out = NULL;
	*summaries = NULL;
	if (!limit)
		return PLEIN_OK;
	if (limit > 1000)
		limit = 1000;
	struct db_stmt *st = db_prepare(db,
		"SELECT " SNAP_COLS ", summary FROM insight_snapshots WHERE status = 'done' AND id < ?1 "
		"ORDER BY id DESC LIMIT ?2");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, before_id > 0 ? before_id : INT64_MAX);
	db_bind_int(st, 2, (int64_t)limit);
	struct insight_snapshot *rows = pool_alloc(p, limit * sizeof *rows);
	json_t **sums = pool_alloc(p, limit * sizeof *sums);
	int rc;
	while ((rc = db_step(st)) == DB_ROW && *n < limit) {
		snap_row(st, p, &rows[*n]);
		json_error_t err;
		sums[*n] = db_col_null(st, 11) ? json_object()
		                               : json_loadb(db_col_text(st, 11), db_col_len(st, 11), 0, &err);
		if (!sums[*n])
			sums[*n] = json_object();
		(*n)++;
	}
	db_done(st);
	*out = rows;
	*summaries = sums;
	if (rc < 0) {
		for (size_t i = 0; i < *n; i++)
			json_decref(sums[i]);
		*n = 0;
		return PLEIN_ERROR;
	}
	return PLEIN_OK;
}

#define PERSON_COLS "person_id, pagerank, pagerank_rank, betweenness, betweenness_rank, ties, departments, " \
                    "community, activity, helpful, ambassador, ambassador_rank, flags"

static void person_row(struct db_stmt *st, struct insight_person *r)
{
	r->person_id = db_col_int(st, 0);
	r->pagerank = db_col_double(st, 1);
	r->pagerank_rank = (int)db_col_int(st, 2);
	r->betweenness = db_col_double(st, 3);
	r->betweenness_rank = (int)db_col_int(st, 4);
	r->ties = (int)db_col_int(st, 5);
	r->departments = (int)db_col_int(st, 6);
	r->community = (int)db_col_int(st, 7);
	r->activity = (int)db_col_int(st, 8);
	r->helpful = (int)db_col_int(st, 9);
	r->ambassador = db_col_double(st, 10);
	r->ambassador_rank = (int)db_col_int(st, 11);
	r->flags = (unsigned)db_col_int(st, 12);
}

int insight_store_person(struct db *db, int64_t snapshot_id, int64_t person_id, struct insight_person *out)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT " PERSON_COLS " FROM insight_people WHERE snapshot_id = ?1 AND person_id = ?2");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, snapshot_id);
	db_bind_int(st, 2, person_id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		person_row(st, out);
	db_done(st);
	return rc == DB_ROW ? PLEIN_OK : rc == DB_DONE ? PLEIN_NOTFOUND : PLEIN_ERROR;
}

int insight_store_people_count(struct db *db, int64_t snapshot_id, int64_t *n)
{
	return db_query_int(db, n, "SELECT count(*) FROM insight_people WHERE snapshot_id = ?", "i", snapshot_id);
}

int insight_store_top(struct db *db, int64_t snapshot_id, enum insight_list list, int64_t after, size_t limit,
                      struct insight_person *out, size_t *n)
{
	const char *sql;
	*n = 0;
	switch (list) {
	case INSIGHT_LIST_INFLUENCERS:
		sql = "SELECT " PERSON_COLS " FROM insight_people WHERE snapshot_id = ?1 AND pagerank_rank > ?2 "
		      "ORDER BY pagerank_rank LIMIT ?3";
		break;
	case INSIGHT_LIST_BRIDGES:
		sql = "SELECT " PERSON_COLS " FROM insight_people WHERE snapshot_id = ?1 AND betweenness_rank > ?2 "
		      "ORDER BY betweenness_rank LIMIT ?3";
		break;
	case INSIGHT_LIST_AMBASSADORS:
		sql = "SELECT " PERSON_COLS " FROM insight_people WHERE snapshot_id = ?1 AND ambassador_rank > ?2 "
		      "ORDER BY ambassador_rank LIMIT ?3";
		break;
	/* Newest people first (ids grow with time): keyset on the person id. */
	case INSIGHT_LIST_ISOLATED:
		sql = "SELECT " PERSON_COLS " FROM insight_people WHERE snapshot_id = ?1 AND (flags & 1) <> 0 "
		      "AND person_id < ?2 ORDER BY person_id DESC LIMIT ?3";
		break;
	case INSIGHT_LIST_NEWCOMERS:
		sql = "SELECT " PERSON_COLS " FROM insight_people WHERE snapshot_id = ?1 AND (flags & 2) <> 0 "
		      "AND ties < 2 AND person_id < ?2 ORDER BY person_id DESC LIMIT ?3";
		break;
	default:
		return PLEIN_INVALID;
	}
	if (list == INSIGHT_LIST_ISOLATED || list == INSIGHT_LIST_NEWCOMERS)
		after = after > 0 ? after : INT64_MAX;
	else if (after < 0)
		after = 0;
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, snapshot_id);
	db_bind_int(st, 2, after);
	db_bind_int(st, 3, (int64_t)limit);
	int rc;
	while ((rc = db_step(st)) == DB_ROW && *n < limit)
		person_row(st, &out[(*n)++]);
	db_done(st);
	return rc < 0 ? PLEIN_ERROR : PLEIN_OK;
}

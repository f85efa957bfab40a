/* endorsements.c — see endorsements.h. All SQL over the endorsements table
 * lives here. A change rebuilds the person's expertise rows in the same
 * transaction, so the ranking never disagrees with the counts shown. Only
 * active endorsers count: a deactivated colleague no longer vouches. */
#include "core/endorsements.h"
#include "core/i18n.h"
#include "core/expertise.h"
#include "core/profile.h"
#include "lib/utf8.h"
#include <time.h>

int endorsements_list(struct db *db, struct pool *p, int64_t person_id, int64_t viewer_id,
                      struct endorsed_skills *out)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT s.name,"
		" (SELECT count(*) FROM endorsements e JOIN people x ON x.id = e.endorser_id AND x.status = 'active'"
		"  WHERE e.person_id = ps.person_id AND e.skill_id = ps.skill_id),"
		" EXISTS (SELECT 1 FROM endorsements e WHERE e.person_id = ps.person_id AND e.skill_id = ps.skill_id"
		"         AND e.endorser_id = ?2)"
		" FROM person_skills ps JOIN skills s ON s.id = ps.skill_id WHERE ps.person_id = ?1 ORDER BY ps.position");
	out->items = pool_alloc(p, PROFILE_SKILLS_MAX * sizeof(*out->items));
	out->n = 0;
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, person_id);
	db_bind_int(st, 2, viewer_id);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (out->n == PROFILE_SKILLS_MAX)
			continue;  /* more than the profile allows: written by something else */
		struct endorsed_skill *s = &out->items[out->n++];
		s->name = pool_strdup(p, db_col_text(st, 0));
		s->count = db_col_int(st, 1);
		s->by_viewer = db_col_int(st, 2) != 0;
	}
	db_done(st);
	return rc == DB_DONE ? PLEIN_OK : PLEIN_ERROR;
}

/* The skill's id if person_id lists it, with its spelling. */
static int listed_skill(struct db *db, struct pool *p, int64_t person_id, const char *skill, int64_t *skill_id,
                        const char **canonical, const char **msg)
{
	size_t len = skill ? strlen(skill) : 0;
	if (len == 0 || len > PROFILE_TAG_MAX * 4 || !utf8_valid(skill, len) || utf8_has_control(skill, len, false) ||
	    utf8_length(skill, len) > PROFILE_TAG_MAX) {
		*msg = N_("Name one skill of at most 50 characters.");
		return PLEIN_INVALID;
	}
	struct db_stmt *st = db_prepare(db,
		"SELECT s.id, s.name FROM skills s JOIN person_skills ps ON ps.skill_id = s.id"
		" WHERE s.name = ? AND ps.person_id = ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_str(st, 1, skill);
	db_bind_int(st, 2, person_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*skill_id = db_col_int(st, 0);
		*canonical = pool_strdup(p, db_col_text(st, 1));
	}
	db_done(st);
	if (rc == DB_DONE) {
		*msg = N_("This person does not list that skill.");
		return PLEIN_INVALID;
	}
	return rc == DB_ROW ? PLEIN_OK : PLEIN_ERROR;
}

static int person_active(struct db *db, int64_t person_id)
{
	int64_t one;
	int rc = db_query_int(db, &one, "SELECT 1 FROM people WHERE id = ? AND status = 'active'", "i", person_id);
	return rc;  /* PLEIN_NOTFOUND when absent or deactivated */
}

static int count_of(struct db *db, int64_t person_id, int64_t skill_id, int64_t *count)
{
	return db_query_int(db, count, "SELECT count(*) FROM endorsements e JOIN people x ON x.id = e.endorser_id"
	                    " AND x.status = 'active' WHERE e.person_id = ? AND e.skill_id = ?", "ii",
	                    person_id, skill_id);
}

/* One write: change, recount, reindex, commit. add: insert, else delete. */
static int change(struct db *db, struct pool *p, bool add, int64_t person_id, int64_t endorser_id,
                  const char *skill, int64_t *count, bool *created, const char **canonical, const char **msg)
{
	int64_t skill_id = 0;
	int changes = 0;
	*msg = NULL;
	*count = 0;
	*canonical = NULL;
	if (created)
		*created = false;
	if (person_id == endorser_id) {
		*msg = N_("You cannot endorse your own skills.");
		return PLEIN_DENIED;
	}
	if (db_begin(db))
		return PLEIN_ERROR;
	int rc = person_active(db, person_id);
	if (rc == PLEIN_NOTFOUND)
		*msg = N_("There is no such person.");
	if (rc == PLEIN_OK)
		rc = listed_skill(db, p, person_id, skill, &skill_id, canonical, msg);
	if (rc == PLEIN_OK && add) {
		rc = db_exec(db, "INSERT INTO endorsements(person_id, skill_id, endorser_id, created_at)"
		                 " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
		             "iiii", person_id, skill_id, endorser_id, (int64_t)time(NULL));
		changes = rc == PLEIN_OK ? db_changes(db) : 0;
		if (created)
			*created = changes > 0;
	} else if (rc == PLEIN_OK) {
		rc = db_exec(db, "DELETE FROM endorsements WHERE person_id = ? AND skill_id = ? AND endorser_id = ?",
		             "iii", person_id, skill_id, endorser_id);
		changes = rc == PLEIN_OK ? db_changes(db) : 0;
	}
	if (rc == PLEIN_OK)
		rc = count_of(db, person_id, skill_id, count);
	/* nothing changed: no need to rebuild the person's expertise */
	if (rc == PLEIN_OK && changes > 0)
		rc = expertise_reindex(db, person_id);
	if (rc == PLEIN_OK)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	return rc;
}

int endorsements_add(struct db *db, struct pool *p, int64_t person_id, int64_t endorser_id, const char *skill,
                     int64_t *count, bool *created, const char **canonical, const char **msg)
{
	return change(db, p, true, person_id, endorser_id, skill, count, created, canonical, msg);
}

int endorsements_remove(struct db *db, struct pool *p, int64_t person_id, int64_t endorser_id, const char *skill,
                        int64_t *count, const char **canonical, const char **msg)
{
	return change(db, p, false, person_id, endorser_id, skill, count, NULL, canonical, msg);
}

int endorsements_prune(struct db *db, int64_t person_id)
{
	return db_exec(db,
		"DELETE FROM endorsements WHERE person_id = ?1"
		" AND skill_id NOT IN (SELECT skill_id FROM person_skills WHERE person_id = ?1)",
		"i", person_id);
}

int endorsements_reindex_endorsed(struct db *db, int64_t endorser_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT DISTINCT person_id FROM endorsements WHERE endorser_id = ?"
	                                    " ORDER BY person_id");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, endorser_id);
	/* collected first: reindexing writes while this statement would still read */
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			ids = xrealloc(ids, st_mult(cap, sizeof(*ids)));
		}
		ids[n++] = db_col_int(st, 0);
	}
	db_done(st);
	rc = rc == DB_DONE ? PLEIN_OK : PLEIN_ERROR;
	for (size_t i = 0; rc == PLEIN_OK && i < n; i++)
		rc = expertise_reindex(db, ids[i]);
	free(ids);
	return rc;
}

/* endorsements.h — colleagues vouch for each other's skills. Only positive:
 * there is no way to endorse against someone. An endorsement names a skill
 * the person lists; when they drop the skill, its endorsements go too. The
 * endorsement counts feed the expertise ranking (core/expertise.h). */
#ifndef PLEIN_ENDORSEMENTS_H
#define PLEIN_ENDORSEMENTS_H
#include "db/db.h"
#include "lib/pool.h"

struct endorsed_skill {
	const char *name;   /* as the person's skill list spells it */
	int64_t count;      /* colleagues who endorsed it */
	bool by_viewer;     /* the viewer is one of them */
};

struct endorsed_skills {
	struct endorsed_skill *items;
	size_t n;
};

/* The person's skills in their order, with counts; viewer_id 0: nobody. */
int endorsements_list(struct db *db, struct pool *p, int64_t person_id, int64_t viewer_id,
                      struct endorsed_skills *out) WARN_UNUSED;

/* endorser_id endorses person_id for skill (a name, case ignored), in one
 * transaction that also updates the person's expertise. Idempotent: *created
 * says whether it is new. *count receives the skill's endorsements and
 * *canonical the skill's name as the person lists it (in the pool).
 * PLEIN_NOTFOUND: no such active person. PLEIN_DENIED: yourself.
 * PLEIN_INVALID: the person does not list that skill (or it is malformed);
 * *msg is then an English sentence. Who may endorse at all is
 * visibility_can_endorse's question, asked by the caller. */
int endorsements_add(struct db *db, struct pool *p, int64_t person_id, int64_t endorser_id, const char *skill,
                     int64_t *count, bool *created, const char **canonical, const char **msg) WARN_UNUSED;
/* Withdraw endorser_id's endorsement (idempotent); same results as _add. */
int endorsements_remove(struct db *db, struct pool *p, int64_t person_id, int64_t endorser_id, const char *skill,
                        int64_t *count, const char **canonical, const char **msg) WARN_UNUSED;

/* Drop endorsements of skills the person no longer lists (inside the
 * caller's transaction; profile_skills_set calls it). */
int endorsements_prune(struct db *db, int64_t person_id) WARN_UNUSED;
/* Rebuild the expertise of everyone endorser_id endorsed (their counts
 * change when the endorser is deactivated or comes back); in the caller's
 * transaction. The work grows with how many people they endorsed (few). */
int endorsements_reindex_endorsed(struct db *db, int64_t endorser_id) WARN_UNUSED;
#endif

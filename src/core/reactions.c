/* reactions.c — see reactions.h. */
#include "core/reactions.h"
#include "core/events.h"
#include "core/i18n.h"
#include "core/notifications.h"
#include "core/visibility.h"
#include "lib/strbuf.h"
#include <time.h>

const struct reaction_kind reaction_kinds[REACTION_KINDS] = {
	{ "like", "👍", N_("Like") },
	{ "thumbsup", "👌", N_("Agreed") },
	{ "heart", "❤️", N_("Love") },
	{ "tada", "🎉", N_("Celebrate") },
	{ "bulb", "💡", N_("Insightful") },
	{ "laugh", "😂", N_("Funny") },
};

bool reactions_kind_valid(const char *kind)
{
	for (size_t i = 0; kind && i < REACTION_KINDS; i++)
		if (strcmp(kind, reaction_kinds[i].key) == 0)
			return true;
	return false;
}

int64_t reactions_count(const char *cache, const char *kind)
{
	size_t klen = strlen(kind);
	for (const char *s = cache; s && *s;) {
		const char *colon = strchr(s, ':');
		if (!colon)
			break;
		if ((size_t)(colon - s) == klen && strncmp(s, kind, klen) == 0)
			return strtoll(colon + 1, NULL, 10);
		s = strchr(colon, ',');
		s = s ? s + 1 : NULL;
	}
	return 0;
}

/* The cache in the fixed kind order, from the rows. */
static int recount(struct db *db, int64_t post_id)
{
	struct strbuf cache = STRBUF_INIT;
	int rc = PLEIN_OK;
	for (size_t i = 0; rc == PLEIN_OK && i < REACTION_KINDS; i++) {
		int64_t n = 0;
		rc = db_query_int(db, &n, "SELECT count(*) FROM reactions WHERE post_id = ? AND kind = ?", "is", post_id,
		                  reaction_kinds[i].key);
		if (rc == PLEIN_OK && n)
			(void)strbuf_addf(&cache, "%s%s:%lld", cache.len ? "," : "", reaction_kinds[i].key, (long long)n);
	}
	if (rc == PLEIN_OK)
		rc = db_exec(db, "UPDATE posts SET reactions = ? WHERE id = ?", "si", cache.buf ? cache.buf : "", post_id);
	strbuf_release(&cache);
	return rc;
}

int reactions_set(struct db *db, const struct person *who, const struct post *post, const char *kind, bool on,
                  bool *changed)
{
	*changed = false;
	if (!reactions_kind_valid(kind))
		return PLEIN_INVALID;
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	int64_t live;  /* deleted since the caller read it: nothing to react to */
	rc = db_query_int(db, &live, "SELECT 1 FROM posts WHERE id = ? AND deleted_at IS NULL", "i", post->id);
	if (rc != PLEIN_OK) {
		db_rollback(db);
		return rc;
	}
	if (on)
		rc = db_exec(db, "INSERT OR IGNORE INTO reactions(post_id, kind, person_id, created_at) VALUES (?, ?, ?, ?)",
		             "isii", post->id, kind, who->id, (int64_t)time(NULL));
	else
		rc = db_exec(db, "DELETE FROM reactions WHERE post_id = ? AND kind = ? AND person_id = ?", "isi", post->id,
		             kind, who->id);
	if (rc == PLEIN_OK)
		*changed = db_changes(db) > 0;
	if (rc == PLEIN_OK && *changed)
		rc = recount(db, post->id);
	if (rc == PLEIN_OK && *changed && on)
		rc = notifications_add(db, post->owner_id, "reaction", who->id, post->id, 0);
	if (rc == PLEIN_OK && *changed)
		rc = events_add(db, "reaction", post->id, 0, 0);
	if (rc == PLEIN_OK)
		rc = db_commit(db);
	if (rc != PLEIN_OK) {
		db_rollback(db);
		*changed = false;
		return rc;
	}
	if (*changed)
		events_poke();
	return PLEIN_OK;
}

int reactions_mine(struct db *db, int64_t person_id, int64_t post_id, unsigned *mask)
{
	*mask = 0;
	struct db_stmt *st = db_prepare(db, "SELECT kind FROM reactions WHERE person_id = ? AND post_id = ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, person_id);
	db_bind_int(st, 2, post_id);
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		for (unsigned i = 0; i < REACTION_KINDS; i++)
			if (strcmp(db_col_text(st, 0), reaction_kinds[i].key) == 0)
				*mask |= 1u << i;
	db_done(st);
	return rc < 0 ? rc : PLEIN_OK;
}

int reactions_mine_many(struct db *db, struct pool *p, int64_t person_id, const int64_t *ids, size_t n,
                        unsigned *masks)
{
	memset(masks, 0, sizeof(*masks) * n);
	if (!n)
		return PLEIN_OK;
	struct db_stmt *st = db_prepare(db, pool_printf(p,
		"SELECT post_id, kind FROM reactions WHERE person_id = ? AND post_id IN (%s)", posts_placeholders(p, n)));
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, person_id);
	for (size_t i = 0; i < n; i++)
		db_bind_int(st, (int)i + 2, ids[i]);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t post = db_col_int(st, 0);
		const char *kind = db_col_text(st, 1);
		for (unsigned k = 0; k < REACTION_KINDS; k++)
			if (strcmp(kind, reaction_kinds[k].key) == 0)
				for (size_t i = 0; i < n; i++)
					if (ids[i] == post)
						masks[i] |= 1u << k;
	}
	db_done(st);
	return rc < 0 ? rc : PLEIN_OK;
}

int reactions_who(struct db *db, struct pool *p, int64_t post_id, int limit, struct reactor **out, size_t *n)
{
	*out = pool_zalloc(p, sizeof(**out) * (size_t)(limit > 0 ? limit : 1));
	*n = 0;
	struct db_stmt *st = db_prepare(db,
		"SELECT r.person_id, a.name, r.kind FROM reactions r JOIN people a ON a.id = r.person_id "
		"JOIN posts p ON p.id = r.post_id "
		/* the anonymous asker reacting in their question's thread is counted, never named */
		"WHERE r.post_id = ? AND a.status = 'active' AND NOT EXISTS (SELECT 1 FROM posts q "
		"WHERE q.id = coalesce(p.parent_id, p.id) AND q.kind = 'question' AND q.anonymous = 1 "
		"AND q.author_id = r.person_id) "
		"ORDER BY r.created_at DESC, r.person_id LIMIT ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, post_id);
	db_bind_int(st, 2, limit);
	int rc;
	while ((rc = db_step(st)) == DB_ROW && (int)*n < limit) {
		struct reactor *r = &(*out)[(*n)++];
		r->id = db_col_int(st, 0);
		r->name = pool_strdup(p, db_col_text(st, 1));
		r->kind = pool_strdup(p, db_col_text(st, 2));
	}
	db_done(st);
	return rc < 0 ? rc : PLEIN_OK;
}

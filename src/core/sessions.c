/* sessions.c — see sessions.h. Token hashes use BLAKE2b: the tokens are
 * random and long, so a fast hash is enough to make a stolen database
 * useless for signing in. */
#include "core/sessions.h"
#include "core/secret.h"
#include <sodium.h>
#include <time.h>

struct session_limits session_limits = {
	.idle_seconds = 7 * 24 * 3600,
	.absolute_seconds = 30 * 24 * 3600,
};

/* last_seen_at is written at most once a minute, so reads stay reads; with
 * a short idle window, often enough that a session in use never looks idle */
static int64_t touch_interval(void)
{
	int64_t quarter = session_limits.idle_seconds / 4;
	return quarter < 60 ? quarter : 60;
}
#define USER_AGENT_MAX 300

void sessions_token_hash(const char *token, unsigned char out[SESSION_HASH_LEN])
{
	crypto_generichash(out, SESSION_HASH_LEN, (const unsigned char *)token, strlen(token), NULL, 0);
}

int sessions_create(struct db *db, int64_t person_id, const char *user_agent, const char *address,
                    char token_out[SESSION_TOKEN_LEN + 1], int64_t *id_out)
{
	unsigned char h[SESSION_HASH_LEN];
	int64_t now = time(NULL);
	random_token(32, token_out, SESSION_TOKEN_LEN + 1);
	sessions_token_hash(token_out, h);
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO sessions(person_id, token_hash, created_at, last_seen_at, expires_at, user_agent, address)"
		" VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return PLEIN_ERROR;
	/* user agents are shown to the person later: printable ASCII, bounded */
	char ua[USER_AGENT_MAX + 1];
	size_t ua_len = 0;
	for (const char *c = user_agent ? user_agent : ""; *c && ua_len < USER_AGENT_MAX; c++)
		ua[ua_len++] = (*c >= 0x20 && *c < 0x7f) ? *c : '?';
	ua[ua_len] = '\0';
	db_bind_int(st, 1, person_id);
	db_bind_blob(st, 2, h, sizeof(h));
	db_bind_int(st, 3, now);
	db_bind_int(st, 4, now);
	db_bind_int(st, 5, now + session_limits.absolute_seconds);
	db_bind_text(st, 6, ua, ua_len);
	db_bind_str(st, 7, address ? address : "");
	int rc = db_step(st);
	db_done(st);
	if (rc < 0)
		return rc;
	if (id_out)
		*id_out = db_last_insert_id(db);
	return PLEIN_OK;
}

static void fill(struct db_stmt *st, struct pool *p, struct session *s)
{
	s->id = db_col_int(st, 0);
	s->person_id = db_col_int(st, 1);
	s->created_at = db_col_int(st, 2);
	s->last_seen_at = db_col_int(st, 3);
	s->expires_at = db_col_int(st, 4);
	s->user_agent = pool_strdup(p, db_col_text(st, 5));
	s->address = pool_strdup(p, db_col_text(st, 6));
}

int sessions_lookup(struct db *db, struct pool *p, const char *token, struct session **out)
{
	unsigned char h[SESSION_HASH_LEN];
	int64_t now = time(NULL);
	*out = NULL;
	if (!token || strlen(token) != SESSION_TOKEN_LEN)
		return PLEIN_NOTFOUND;
	sessions_token_hash(token, h);
	struct db_stmt *st = db_prepare(db,
		"SELECT id, person_id, created_at, last_seen_at, expires_at, user_agent, address"
		" FROM sessions WHERE token_hash = ? AND expires_at > ? AND last_seen_at > ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_blob(st, 1, h, sizeof(h));
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, now - session_limits.idle_seconds);
	int rc = db_step(st);
	if (rc != DB_ROW) {
		db_done(st);
		return rc == DB_DONE ? PLEIN_NOTFOUND : rc;
	}
	struct session *s = pool_zalloc(p, sizeof(*s));
	fill(st, p, s);
	memcpy(s->token_hash, h, sizeof(h));
	db_done(st);
	if (now - s->last_seen_at >= touch_interval()) {
		if (db_exec(db, "UPDATE sessions SET last_seen_at = ? WHERE id = ?", "ii", now, s->id) == 0)
			s->last_seen_at = now;
	}
	*out = s;
	return PLEIN_OK;
}

int sessions_end(struct db *db, int64_t id)
{
	return db_exec(db, "DELETE FROM sessions WHERE id = ?", "i", id);
}

int sessions_end_own(struct db *db, int64_t person_id, int64_t id)
{
	int rc = db_exec(db, "DELETE FROM sessions WHERE id = ? AND person_id = ?", "ii", id, person_id);
	if (rc)
		return rc;
	return db_changes(db) ? PLEIN_OK : PLEIN_NOTFOUND;
}

int sessions_end_others(struct db *db, int64_t person_id, int64_t keep_id)
{
	return db_exec(db, "DELETE FROM sessions WHERE person_id = ? AND id != ?", "ii", person_id, keep_id);
}

int sessions_list(struct db *db, struct pool *p, int64_t person_id, struct session **out, size_t *n)
{
	int64_t now = time(NULL);
	size_t cap = 8, count = 0;
	struct session *arr = pool_alloc(p, cap * sizeof(*arr));
	struct db_stmt *st = db_prepare(db,
		"SELECT id, person_id, created_at, last_seen_at, expires_at, user_agent, address"
		" FROM sessions WHERE person_id = ? AND expires_at > ? AND last_seen_at > ?"
		" ORDER BY last_seen_at DESC, id DESC LIMIT 200");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, person_id);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, now - session_limits.idle_seconds);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (count == cap) {
			struct session *bigger = pool_alloc(p, st_mult(cap * 2, sizeof(*arr)));
			memcpy(bigger, arr, cap * sizeof(*arr));
			arr = bigger;
			cap *= 2;
		}
		memset(&arr[count], 0, sizeof(arr[count]));
		fill(st, p, &arr[count++]);
	}
	db_done(st);
	*out = arr;
	*n = count;
	return rc < 0 ? rc : PLEIN_OK;
}

int sessions_alive(struct db *db, int64_t id)
{
	int64_t one, now = (int64_t)time(NULL);
	/* the same test as sessions_lookup: an open stream does not keep an idle session alive */
	return db_query_int(db, &one, "SELECT 1 FROM sessions WHERE id = ? AND expires_at > ? AND last_seen_at > ?",
	                    "iii", id, now, now - session_limits.idle_seconds);
}

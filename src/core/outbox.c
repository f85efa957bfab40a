/* outbox.c — see outbox.h. All SQL over the mail_outbox table lives here. */
#include "core/outbox.h"
#include "lib/utf8.h"
#include <time.h>

#define OUTBOX_COLUMNS "id, ref_id, kind, to_addr, created_at, coalesce(next_attempt_at, 0), coalesce(sent_at, 0)," \
	" coalesce(failed_at, 0), attempts, coalesce(last_error, '')"

int outbox_enqueue(struct db *db, const char *kind, int64_t ref_id, const char *to, int64_t *id_out)
{
	int64_t now = time(NULL);
	int rc = db_exec(db, "INSERT INTO mail_outbox(kind, ref_id, to_addr, created_at, next_attempt_at)"
	                     " VALUES (?, ?, ?, ?, ?)", "sisii", kind, ref_id, to, now, now);
	if (rc)
		return rc;
	if (id_out)
		*id_out = db_last_insert_id(db);
	return PLEIN_OK;
}

static int read_one(struct db_stmt *st, struct pool *p, struct outbox_row **out)
{
	int rc = db_step(st);
	if (rc == DB_ROW) {
		struct outbox_row *r = pool_zalloc(p, sizeof(*r));
		r->id = db_col_int(st, 0);
		r->ref_id = db_col_int(st, 1);
		r->kind = pool_strdup(p, db_col_text(st, 2));
		r->to_addr = pool_strdup(p, db_col_text(st, 3));
		r->created_at = db_col_int(st, 4);
		r->next_attempt_at = db_col_int(st, 5);
		r->sent_at = db_col_int(st, 6);
		r->failed_at = db_col_int(st, 7);
		r->attempts = (int)db_col_int(st, 8);
		r->last_error = pool_strdup(p, db_col_text(st, 9));
		r->state = r->sent_at ? OUTBOX_SENT : r->failed_at ? OUTBOX_FAILED : OUTBOX_QUEUED;
		*out = r;
	}
	db_done(st);
	return rc == DB_ROW ? PLEIN_OK : rc == DB_DONE ? PLEIN_NOTFOUND : rc;
}

int outbox_get(struct db *db, struct pool *p, int64_t id, struct outbox_row **out)
{
	*out = NULL;
	struct db_stmt *st = db_prepare(db, "SELECT " OUTBOX_COLUMNS " FROM mail_outbox WHERE id = ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, id);
	return read_one(st, p, out);
}

int outbox_find(struct db *db, struct pool *p, const char *kind, int64_t ref_id, struct outbox_row **out)
{
	*out = NULL;
	struct db_stmt *st = db_prepare(db, "SELECT " OUTBOX_COLUMNS " FROM mail_outbox WHERE kind = ? AND ref_id = ?"
	                                    " ORDER BY id DESC LIMIT 1");
	if (!st)
		return PLEIN_ERROR;
	db_bind_str(st, 1, kind);
	db_bind_int(st, 2, ref_id);
	return read_one(st, p, out);
}

/* One line, valid UTF-8, at most OUTBOX_ERROR_MAX bytes: it is shown to
 * administrators and comes partly from a mail server. */
static void clean_error(const char *error, char out[OUTBOX_ERROR_MAX + 1])
{
	size_t n = 0;
	for (const char *s = error ? error : ""; *s && n < OUTBOX_ERROR_MAX; s++)
		out[n++] = (unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s;
	out[n] = '\0';
	/* a cut in the middle of a character, or bytes that were never UTF-8 */
	while (n > 0 && !utf8_valid(out, n))
		out[--n] = '\0';
}

int outbox_mark_sent(struct db *db, int64_t id)
{
	int rc = db_exec(db, "UPDATE mail_outbox SET sent_at = ?, attempts = attempts + 1, next_attempt_at = NULL,"
	                     " last_error = NULL WHERE id = ? AND sent_at IS NULL AND failed_at IS NULL",
	                 "ii", (int64_t)time(NULL), id);
	if (rc)
		return rc;
	return db_changes(db) ? PLEIN_OK : PLEIN_NOTFOUND;
}

int outbox_mark_retry(struct db *db, int64_t id, const char *error, int64_t next_at)
{
	char e[OUTBOX_ERROR_MAX + 1];
	clean_error(error, e);
	int rc = db_exec(db, "UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?"
	                     " WHERE id = ? AND sent_at IS NULL AND failed_at IS NULL", "isi", next_at, e, id);
	if (rc)
		return rc;
	return db_changes(db) ? PLEIN_OK : PLEIN_NOTFOUND;
}

int outbox_mark_failed(struct db *db, int64_t id, const char *error, bool attempted)
{
	char e[OUTBOX_ERROR_MAX + 1];
	clean_error(error, e);
	int rc = db_exec(db, "UPDATE mail_outbox SET failed_at = ?, attempts = attempts + ?, next_attempt_at = NULL,"
	                     " last_error = ? WHERE id = ? AND sent_at IS NULL AND failed_at IS NULL",
	                 "iisi", (int64_t)time(NULL), (int64_t)(attempted ? 1 : 0), e, id);
	if (rc)
		return rc;
	return db_changes(db) ? PLEIN_OK : PLEIN_NOTFOUND;
}

int outbox_fail_queued(struct db *db, const char *error, int64_t *n)
{
	char e[OUTBOX_ERROR_MAX + 1];
	clean_error(error, e);
	*n = 0;
	int rc = db_exec(db, "UPDATE mail_outbox SET failed_at = ?, next_attempt_at = NULL, last_error = ?"
	                     " WHERE sent_at IS NULL AND failed_at IS NULL", "is", (int64_t)time(NULL), e);
	if (rc)
		return rc;
	*n = db_changes(db);
	return PLEIN_OK;
}

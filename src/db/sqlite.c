/* sqlite.c — the SQLite backend of db.h: one connection per thread, WAL mode,
 * foreign keys on, a busy timeout, a per-connection statement cache, and the
 * numbered migrations applied on open. */
#include "db/db.h"
#include "db/migrate.h"
#include "db/sqlite_tokenizer.h"
#include <sqlite3.h>
#include <stdarg.h>

#define CACHE_BUCKETS 64
#define BUSY_TIMEOUT_MS 5000

struct db_stmt {
	struct db_stmt *next;  /* bucket chain */
	const char *sql;       /* owned copy */
	sqlite3_stmt *st;
	struct db *db;
};

struct db {
	sqlite3 *h;
	struct db_stmt *cache[CACHE_BUCKETS];
};

static unsigned hash_sql(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % CACHE_BUCKETS;
}

const char *db_errmsg(struct db *db)
{
	return db && db->h ? sqlite3_errmsg(db->h) : "no database";
}

static int exec_plain(struct db *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "plein: sql error: %s\n", msg ? msg : "?");
		sqlite3_free(msg);
		return PLEIN_ERROR;
	}
	return PLEIN_OK;
}

struct db *db_open(const char *path, char *err, size_t errlen)
{
	struct db *db = xcalloc(1, sizeof(*db));
	int rc = sqlite3_open_v2(path, &db->h,
	                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open database %s: %s", path,
		         db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(db->h, 1);
	/* synchronous=FULL: an acknowledged write survives power loss, not only a crash */
	if (exec_plain(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
	                   "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;")) {
		snprintf(err, errlen, "cannot set up database %s: %s", path, sqlite3_errmsg(db->h));
		goto fail;
	}
	/* before the migrations: the search index is declared with it */
	if (sqlite_tokenizer_register(db->h) != SQLITE_OK) {
		snprintf(err, errlen, "cannot set up database %s: SQLite has no FTS5", path);
		goto fail;
	}
	if (migrate_apply(db, err, errlen))
		goto fail;
	return db;
fail:
	db_close(db);
	return NULL;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	for (int i = 0; i < CACHE_BUCKETS; i++) {
		struct db_stmt *s = db->cache[i];
		while (s) {
			struct db_stmt *next = s->next;
			sqlite3_finalize(s->st);
			free((char *)s->sql);
			free(s);
			s = next;
		}
	}
	sqlite3_close_v2(db->h);
	free(db);
}

struct db_stmt *db_prepare(struct db *db, const char *sql)
{
	unsigned b = hash_sql(sql);
	for (struct db_stmt *s = db->cache[b]; s; s = s->next)
		if (s->sql == sql || strcmp(s->sql, sql) == 0)
			return s;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "plein: BUG: cannot prepare [%s]: %s\n", sql, sqlite3_errmsg(db->h));
		return NULL;
	}
	struct db_stmt *s = xcalloc(1, sizeof(*s));
	s->sql = xstrdup(sql);
	s->st = st;
	s->db = db;
	s->next = db->cache[b];
	db->cache[b] = s;
	return s;
}

void db_bind_int(struct db_stmt *s, int idx, int64_t v) { sqlite3_bind_int64(s->st, idx, v); }
void db_bind_null(struct db_stmt *s, int idx) { sqlite3_bind_null(s->st, idx); }
void db_bind_double(struct db_stmt *s, int idx, double v) { sqlite3_bind_double(s->st, idx, v); }

void db_bind_text(struct db_stmt *s, int idx, const char *p, size_t len)
{
	sqlite3_bind_text64(s->st, idx, p ? p : "", len, SQLITE_TRANSIENT, SQLITE_UTF8);
}

void db_bind_str(struct db_stmt *s, int idx, const char *p)
{
	if (p)
		db_bind_text(s, idx, p, strlen(p));
	else
		sqlite3_bind_null(s->st, idx);
}

void db_bind_blob(struct db_stmt *s, int idx, const void *p, size_t len)
{
	sqlite3_bind_blob64(s->st, idx, p, len, SQLITE_TRANSIENT);
}

int db_step(struct db_stmt *s)
{
	int rc = sqlite3_step(s->st);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	if ((rc & 0xff) == SQLITE_CONSTRAINT &&
	    (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY))
		return PLEIN_CONFLICT;
	fprintf(stderr, "plein: sql error %d: %s [%s]\n", rc, sqlite3_errmsg(s->db->h), s->sql);
	return PLEIN_ERROR;
}

int64_t db_col_int(struct db_stmt *s, int col) { return sqlite3_column_int64(s->st, col); }
double db_col_double(struct db_stmt *s, int col) { return sqlite3_column_double(s->st, col); }
bool db_col_null(struct db_stmt *s, int col) { return sqlite3_column_type(s->st, col) == SQLITE_NULL; }

const char *db_col_text(struct db_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s->st, col);
	return t ? (const char *)t : "";
}

const void *db_col_blob(struct db_stmt *s, int col)
{
	return sqlite3_column_blob(s->st, col);
}

size_t db_col_len(struct db_stmt *s, int col)
{
	return (size_t)sqlite3_column_bytes(s->st, col);
}

void db_done(struct db_stmt *s)
{
	if (!s)
		return;
	sqlite3_reset(s->st);
	sqlite3_clear_bindings(s->st);
}

static struct db_stmt *prepare_bound(struct db *db, const char *sql, const char *fmt, va_list ap)
{
	struct db_stmt *s = db_prepare(db, sql);
	if (!s)
		return NULL;
	int idx = 1;
	for (const char *f = fmt; f && *f; f++, idx++) {
		switch (*f) {
		case 'i': db_bind_int(s, idx, va_arg(ap, int64_t)); break;
		case 's': db_bind_str(s, idx, va_arg(ap, const char *)); break;
		case 'd': db_bind_double(s, idx, va_arg(ap, double)); break;
		case 't': {
			const char *p = va_arg(ap, const char *);
			size_t n = va_arg(ap, size_t);
			db_bind_text(s, idx, p, n);
			break;
		}
		default: BUG("bad db bind format");
		}
	}
	return s;
}

int db_exec(struct db *db, const char *sql, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct db_stmt *s = prepare_bound(db, sql, fmt, ap);
	va_end(ap);
	if (!s)
		return PLEIN_ERROR;
	int rc = db_step(s);
	db_done(s);
	return rc < 0 ? rc : PLEIN_OK;
}

int db_query_int(struct db *db, int64_t *out, const char *sql, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct db_stmt *s = prepare_bound(db, sql, fmt, ap);
	va_end(ap);
	if (!s)
		return PLEIN_ERROR;
	int rc = db_step(s);
	if (rc == DB_ROW)
		*out = db_col_int(s, 0);
	db_done(s);
	return rc == DB_ROW ? PLEIN_OK : rc == DB_DONE ? PLEIN_NOTFOUND : rc;
}

int db_begin(struct db *db) { return exec_plain(db, "BEGIN IMMEDIATE"); }

bool db_read_begin(struct db *db)
{
	return sqlite3_get_autocommit(db->h) && exec_plain(db, "BEGIN") == 0;
}

void db_read_end(struct db *db, bool began)
{
	if (began && !sqlite3_get_autocommit(db->h))
		(void)exec_plain(db, "COMMIT");  /* nothing was written: cannot fail for a reason that matters */
}
const char *db_filename(struct db *db)
{
	const char *f = sqlite3_db_filename(db->h, "main");
	return f ? f : "";
}

bool db_in_transaction(struct db *db)
{
	return !sqlite3_get_autocommit(db->h);
}

void db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		(void)exec_plain(db, "ROLLBACK");
}

/* A failed COMMIT (busy, disk full) leaves the transaction open: roll it
 * back here, so no caller can leave the connection inside it. */
int db_commit(struct db *db)
{
	int rc = exec_plain(db, "COMMIT");
	if (rc)
		db_rollback(db);
	return rc;
}

int db_step_ids(struct db_stmt *st, int64_t **out, size_t *n_out)
{
	size_t n = 0, cap = 0;
	int64_t *v = NULL;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[n++] = db_col_int(st, 0);
	}
	db_done(st);
	if (rc < 0) {
		free(v);
		return rc;
	}
	*out = v;
	*n_out = n;
	return PLEIN_OK;
}

int64_t db_last_insert_id(struct db *db) { return sqlite3_last_insert_rowid(db->h); }
int db_changes(struct db *db) { return sqlite3_changes(db->h); }

int db_exec_script(struct db *db, const char *sql)
{
	return exec_plain(db, sql);
}

int db_schema_version(struct db *db)
{
	int64_t v = 0;
	if (db_query_int(db, &v, "SELECT coalesce(max(version), 0) FROM schema_migrations", NULL))
		return -1;
	return (int)v;
}

int db_ping(struct db *db)
{
	int64_t one;
	return db_query_int(db, &one, "SELECT 1", NULL);
}

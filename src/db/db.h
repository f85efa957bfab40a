/* db.h — the one database interface. core/ talks to storage only through
 * this; db/sqlite.c implements it today, db/postgres.c can implement it
 * later. SQL is written with `?` placeholders in a dialect both accept.
 *
 * A `struct db` is one connection, owned by one thread (each HTTP worker has
 * its own). Statements are cached per connection by their SQL text: the
 * pointer returned by db_prepare stays owned by the connection; call
 * db_done() when finished with it (it resets and unbinds, never frees). */
#ifndef PLEIN_DB_H
#define PLEIN_DB_H
#include "lib/common.h"

struct db;
struct db_stmt;

enum { DB_ROW = 1, DB_DONE = 0 }; /* db_step results; negative = error */

/* Open (creating when absent) the database at path and apply migrations.
 * On failure returns NULL and writes a message for people into err. */
struct db *db_open(const char *path, char *err, size_t errlen);
void db_close(struct db *db);          /* NULL is fine */
const char *db_errmsg(struct db *db);  /* last error, for logs */

struct db_stmt *db_prepare(struct db *db, const char *sql);  /* NULL on error (a bug: logged) */
void db_bind_int(struct db_stmt *st, int idx, int64_t v);   /* idx from 1 */
void db_bind_text(struct db_stmt *st, int idx, const char *s, size_t len);
void db_bind_str(struct db_stmt *st, int idx, const char *s); /* NULL binds NULL */
void db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t len);
void db_bind_null(struct db_stmt *st, int idx);
void db_bind_double(struct db_stmt *st, int idx, double v);
int db_step(struct db_stmt *st) WARN_UNUSED;  /* DB_ROW, DB_DONE, or <0 (PLEIN_CONFLICT on unique violation) */
int64_t db_col_int(struct db_stmt *st, int col);
double db_col_double(struct db_stmt *st, int col);
const char *db_col_text(struct db_stmt *st, int col);     /* "" for NULL; valid until next step/done */
size_t db_col_len(struct db_stmt *st, int col);
const void *db_col_blob(struct db_stmt *st, int col);    /* NULL for an empty blob */
bool db_col_null(struct db_stmt *st, int col);
void db_done(struct db_stmt *st);  /* NULL is fine */
/* Step st to the end (then db_done) collecting its first column: *out is
 * malloc'ed (the caller frees; NULL when there are no rows). */
int db_step_ids(struct db_stmt *st, int64_t **out, size_t *n_out) WARN_UNUSED;

/* Run a statement that returns no rows: bind with a format string,
 * "i" int64_t, "d" double, "s" const char * (NULL → NULL), "t" (const char *, size_t).
 * Returns 0, PLEIN_CONFLICT, or PLEIN_ERROR. */
int db_exec(struct db *db, const char *sql, const char *fmt, ...) WARN_UNUSED;
/* Same binding; fetch the first column of the first row as an integer.
 * Returns 0 and sets *out, PLEIN_NOTFOUND when there is no row, or error. */
int db_query_int(struct db *db, int64_t *out, const char *sql, const char *fmt, ...) WARN_UNUSED;

int db_begin(struct db *db) WARN_UNUSED;     /* immediate: takes the write lock now */
/* A read transaction: one snapshot, and one round of file locks instead of
 * one per statement, for a run of reads (a stream page reads ~60 times).
 * No writes inside. False when the connection is already in a transaction
 * (the reads then join it); pass the result to db_read_end. */
bool db_read_begin(struct db *db);
void db_read_end(struct db *db, bool began);
/* Inside a transaction (read or write) begun on this connection. */
bool db_in_transaction(struct db *db);
/* The file of the connection's database ("" for one in memory), to open another connection to it. */
const char *db_filename(struct db *db);
int db_commit(struct db *db) WARN_UNUSED;
void db_rollback(struct db *db);
int64_t db_last_insert_id(struct db *db);
int db_changes(struct db *db);

int db_schema_version(struct db *db);
int db_ping(struct db *db) WARN_UNUSED;      /* 0 when the database answers */
#endif

/* test_migrate.c — schema migrations: a fresh database reaches the latest
 * version with one row per migration; reopening changes nothing; a database
 * from a newer plein is refused with a message saying so, and left as it
 * was; the embedded migrations are numbered without gaps. */
#include "unit.h"
#include "db/db.h"
#include "db/migrate.h"
#include "lib/embedded.h"
#include <sqlite3.h>
#include <unistd.h>

struct fixture {
	char dir[64];
	char path[128];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/plein-migrate-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/plein.db", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	char p[160];
	for (size_t i = 0; i < ARRAY_LEN(suffix); i++) {
		snprintf(p, sizeof(p), "%s%s", f->path, suffix[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static void test_embedded_numbering(void **state)
{
	(void)state;
	int latest = migrate_latest();
	assert_true(latest >= 1);
	/* sorted, numbered 1..latest without gaps or repeats, NNNN_name.sql */
	int expect = 1;
	for (const struct embedded_file *m = embedded_migrations; m->name; m++) {
		char want[8];
		snprintf(want, sizeof(want), "%04d_", expect);
		if (strncmp(m->name, want, 5) != 0)
			print_error("migration '%s' where %s... was expected\n", m->name, want);
		assert_int_equal(strncmp(m->name, want, 5), 0);
		assert_non_null(strstr(m->name, ".sql"));
		assert_true(m->len > 0);
		assert_int_equal(m->data[m->len], '\0');
		expect++;
	}
	assert_int_equal(expect - 1, latest);
}

static void test_fresh(void **state)
{
	struct fixture *f = *state;
	char err[512] = "";
	struct db *db = db_open(f->path, err, sizeof(err));
	if (!db)
		print_error("db_open: %s\n", err);
	assert_non_null(db);
	assert_int_equal(db_schema_version(db), migrate_latest());
	int64_t n = -1;
	assert_int_equal(db_query_int(db, &n, "SELECT count(*) FROM schema_migrations", NULL), 0);
	assert_int_equal(n, migrate_latest());
	assert_int_equal(db_query_int(db, &n, "SELECT min(version) FROM schema_migrations", NULL), 0);
	assert_int_equal(n, 1);
	assert_int_equal(db_query_int(db, &n, "SELECT count(*) FROM schema_migrations WHERE applied_at <= 0", NULL), 0);
	assert_int_equal(n, 0);
	/* the tables of 0001 exist */
	static const char *const tables[] = { "people", "people_fts", "sessions", "audit_log", "instance" };
	for (size_t i = 0; i < ARRAY_LEN(tables); i++) {
		assert_int_equal(db_query_int(db, &n, "SELECT count(*) FROM sqlite_master WHERE name = ?", "s",
		                              tables[i]), 0);
		assert_int_equal(n, 1);
	}
	/* the connection is set up as promised */
	assert_int_equal(db_query_int(db, &n, "PRAGMA foreign_keys", NULL), 0);
	assert_int_equal(n, 1);
	assert_int_equal(db_ping(db), 0);
	db_close(db);
}

static void test_reopen_idempotent(void **state)
{
	struct fixture *f = *state;
	char err[512] = "";
	int64_t n = -1, rows_before = -1, objects_before = -1;
	struct db *db = db_open(f->path, err, sizeof(err));
	assert_non_null(db);
	assert_int_equal(db_exec(db, "INSERT INTO instance(key, value) VALUES ('canary', x'01')", NULL), 0);
	assert_int_equal(db_query_int(db, &rows_before, "SELECT count(*) FROM schema_migrations", NULL), 0);
	assert_int_equal(db_query_int(db, &objects_before, "SELECT count(*) FROM sqlite_master", NULL), 0);
	db_close(db);
	for (int i = 0; i < 3; i++) {
		db = db_open(f->path, err, sizeof(err));
		if (!db)
			print_error("reopen %d: %s\n", i, err);
		assert_non_null(db);
		assert_int_equal(db_schema_version(db), migrate_latest());
		assert_int_equal(db_query_int(db, &n, "SELECT count(*) FROM schema_migrations", NULL), 0);
		assert_int_equal(n, rows_before);
		assert_int_equal(db_query_int(db, &n, "SELECT count(*) FROM sqlite_master", NULL), 0);
		assert_int_equal(n, objects_before);
		/* data survives */
		assert_int_equal(db_query_int(db, &n, "SELECT count(*) FROM instance WHERE key = 'canary'", NULL), 0);
		assert_int_equal(n, 1);
		/* migrate_apply on an up-to-date database is a no-op */
		assert_int_equal(migrate_apply(db, err, sizeof(err)), 0);
		db_close(db);
	}
}

/* Write to the file with SQLite directly, as a newer plein would have. */
static void raw_exec(const char *path, const char *sql)
{
	sqlite3 *h = NULL;
	char *msg = NULL;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	int rc = sqlite3_exec(h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		print_error("raw_exec: %s\n", msg ? msg : "?");
	sqlite3_free(msg);
	assert_int_equal(rc, SQLITE_OK);
	sqlite3_close(h);
}

static void test_newer_refused(void **state)
{
	struct fixture *f = *state;
	char err[512] = "";
	char sql[256];
	struct db *db = db_open(f->path, err, sizeof(err));
	assert_non_null(db);
	db_close(db);
	snprintf(sql, sizeof(sql), "INSERT INTO schema_migrations(version, applied_at) VALUES (%d, 1)",
	         migrate_latest() + 1);
	raw_exec(f->path, sql);

	err[0] = '\0';
	db = db_open(f->path, err, sizeof(err));
	assert_null(db);
	assert_non_null(strstr(err, "newer"));
	/* the message gives both versions */
	char want[32];
	snprintf(want, sizeof(want), "%d", migrate_latest() + 1);
	assert_non_null(strstr(err, want));

	/* refusing did not change the file: the row is still there */
	sqlite3 *h;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT max(version) FROM schema_migrations", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), migrate_latest() + 1);
	sqlite3_finalize(st);
	sqlite3_close(h);

	/* a far-future version too, and the error buffer is never overrun */
	raw_exec(f->path, "INSERT INTO schema_migrations(version, applied_at) VALUES (999999, 1)");
	char tiny[8];
	memset(tiny, 'x', sizeof(tiny));
	db = db_open(f->path, tiny, sizeof(tiny));
	assert_null(db);
	assert_int_equal(strlen(tiny), sizeof(tiny) - 1);
}

static void test_partial_database(void **state)
{
	struct fixture *f = *state;
	char err[512] = "";
	/* a database that has schema_migrations but no rows (an interrupted
	 * first start) is migrated from the beginning */
	raw_exec(f->path, "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
	struct db *db = db_open(f->path, err, sizeof(err));
	if (!db)
		print_error("db_open: %s\n", err);
	assert_non_null(db);
	assert_int_equal(db_schema_version(db), migrate_latest());
	db_close(db);
}

static void test_conflicting_schema(void **state)
{
	struct fixture *f = *state;
	char err[512] = "";
	/* a file whose tables clash with migration 1: refused with a message,
	 * and nothing half-applied is recorded */
	raw_exec(f->path, "CREATE TABLE sessions (x INTEGER)");
	struct db *db = db_open(f->path, err, sizeof(err));
	assert_null(db);
	assert_true(strlen(err) > 0);
	sqlite3 *h;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT count(*) FROM schema_migrations", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 0);
	sqlite3_finalize(st);
	/* and the people table of the failed migration was rolled back */
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT count(*) FROM sqlite_master WHERE name = 'people'", -1, &st,
	                                    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
}

static void test_not_a_database(void **state)
{
	struct fixture *f = *state;
	char err[512] = "";
	FILE *fp = fopen(f->path, "w");
	assert_non_null(fp);
	fputs("this is not an SQLite database, just some text that is long enough to have a header", fp);
	fclose(fp);
	struct db *db = db_open(f->path, err, sizeof(err));
	assert_null(db);
	assert_true(strlen(err) > 0);
	/* a path in a directory that does not exist */
	err[0] = '\0';
	char p[200];
	snprintf(p, sizeof(p), "%s/missing/dir/plein.db", f->dir);
	db = db_open(p, err, sizeof(err));
	assert_null(db);
	assert_true(strlen(err) > 0);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_embedded_numbering),
		T(test_fresh),
		T(test_reopen_idempotent),
		T(test_newer_refused),
		T(test_partial_database),
		T(test_conflicting_schema),
		T(test_not_a_database),
	};
#undef T
	return cmocka_run_group_tests_name("migrate", tests, NULL, NULL);
}

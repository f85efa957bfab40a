/* unit.h — included first by every unit test: the project's common header,
 * then what cmocka needs before <cmocka.h>, then cmocka itself. */
#ifndef PLEIN_TESTS_UNIT_H
#define PLEIN_TESTS_UNIT_H
#include "lib/common.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "db/db.h"
#include "lib/pool.h"
#include <sodium.h>
#include <unistd.h>

/* A fresh, migrated database in a new directory under /tmp, for tests of
 * modules that store things; NULL after printing why. */
static inline struct db *unit_db_create(const char *tag, char dir[64], char path[128])
{
	char err[256] = "";
	snprintf(dir, 64, "/tmp/plein-%s-XXXXXX", tag);
	if (!mkdtemp(dir))
		return NULL;
	snprintf(path, 128, "%s/plein.db", dir);
	struct db *db = db_open(path, err, sizeof(err));
	if (!db)
		fprintf(stderr, "db_open: %s\n", err);
	return db;
}

/* Remove the database files (and WAL companions) and their directory. */
static inline void unit_db_remove(const char *dir, const char *path)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	char p[160];
	for (size_t i = 0; i < ARRAY_LEN(suffix); i++) {
		snprintf(p, sizeof(p), "%s%s", path, suffix[i]);
		unlink(p);
	}
	rmdir(dir);
}

/* The store most fixtures need: libsodium ready, a fresh migrated database
 * and a pool. 0, or -1 after printing why (cmocka then fails the setup). */
static inline int unit_store_open(const char *tag, char dir[64], char path[128], struct db **db, struct pool **pool)
{
	if (sodium_init() < 0 || !(*db = unit_db_create(tag, dir, path)))
		return -1;
	*pool = pool_new();
	return 0;
}

static inline void unit_store_close(const char *dir, const char *path, struct db *db, struct pool *pool)
{
	db_close(db);
	pool_free(pool);
	unit_db_remove(dir, path);
}
#endif

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
#endif

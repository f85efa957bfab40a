/* migrate.c — applies the embedded migrations in order, each in its own
 * transaction together with its row in schema_migrations, so a crash
 * mid-migration leaves the previous version intact. */
#include "db/migrate.h"
#include "lib/embedded.h"
#include <time.h>

static int version_of(const char *name)
{
	/* "0007_groups.sql" → 7; anything else is not a migration */
	int v = 0, digits = 0;
	for (; *name >= '0' && *name <= '9'; name++, digits++)
		v = v * 10 + (*name - '0');
	return digits == 4 && *name == '_' ? v : -1;
}

int migrate_latest(void)
{
	int max = 0;
	for (const struct embedded_file *f = embedded_migrations; f->name; f++)
		if (version_of(f->name) > max)
			max = version_of(f->name);
	return max;
}

int migrate_apply(struct db *db, char *err, size_t errlen)
{
	if (db_exec_script(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
	                       " version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)")) {
		snprintf(err, errlen, "cannot create schema_migrations: %s", db_errmsg(db));
		return PLEIN_ERROR;
	}
	int current = db_schema_version(db), latest = migrate_latest();
	if (current < 0) {
		snprintf(err, errlen, "cannot read the schema version: %s", db_errmsg(db));
		return PLEIN_ERROR;
	}
	if (current > latest) {
		snprintf(err, errlen,
		         "the database has schema version %d, newer than this plein knows (%d): "
		         "run a newer plein, or restore a backup made for this version", current, latest);
		return PLEIN_ERROR;
	}
	/* embedded_migrations is sorted by file name, so by number */
	for (const struct embedded_file *f = embedded_migrations; f->name; f++) {
		int v = version_of(f->name);
		if (v <= current)
			continue;
		if (db_begin(db))
			goto fail;
		/* another process may have migrated while we waited for the lock */
		if (db_schema_version(db) >= v) {
			db_rollback(db);
			continue;
		}
		if (db_exec_script(db, (const char *)f->data) ||
		    db_exec(db, "INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)", "ii",
		            (int64_t)v, (int64_t)time(NULL)) ||
		    db_commit(db)) {
			db_rollback(db);
			goto fail;
		}
	}
	return PLEIN_OK;
fail:
	snprintf(err, errlen, "database migration failed: %s", db_errmsg(db));
	return PLEIN_ERROR;
}

/* migrate.h — numbered schema migrations (src/db/migrations/NNNN_name.sql,
 * compiled into the binary), applied in order when a database is opened. */
#ifndef PLEIN_MIGRATE_H
#define PLEIN_MIGRATE_H
#include "db/db.h"

/* Bring the schema up to date. Refuses (non-zero, message in err) when the
 * database is newer than this binary. */
int migrate_apply(struct db *db, char *err, size_t errlen) WARN_UNUSED;
/* Highest migration this binary knows. */
int migrate_latest(void);
/* Run a multi-statement script (backend-specific; for migrations only). */
int db_exec_script(struct db *db, const char *sql) WARN_UNUSED;
#endif

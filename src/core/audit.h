/* audit.h — the audit log: sign-ins, failed sign-ins, permission changes,
 * admin actions. Never secrets. Values are stored as given; whoever shows
 * them escapes them (and newlines are neutralised here for log exports). */
#ifndef PLEIN_AUDIT_H
#define PLEIN_AUDIT_H
#include "db/db.h"

/* actor_id 0: the console or an anonymous client. Failure to write is logged, not fatal. */
void audit_log(struct db *db, int64_t actor_id, const char *action, const char *subject, const char *address);
#endif

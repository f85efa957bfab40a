/* audit.c — appends to audit_log. */
#include "core/audit.h"
#include <time.h>

void audit_log(struct db *db, int64_t actor_id, const char *action, const char *subject, const char *address)
{
	char clean[256];
	size_t i = 0;
	for (const char *s = subject ? subject : ""; *s && i < sizeof(clean) - 1; s++)
		clean[i++] = (*s == '\n' || *s == '\r') ? ' ' : *s;
	clean[i] = '\0';
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO audit_log(at, actor_id, action, subject, address) VALUES (?, ?, ?, ?, ?)");
	if (!st)
		return;
	db_bind_int(st, 1, time(NULL));
	if (actor_id)
		db_bind_int(st, 2, actor_id);
	else
		db_bind_null(st, 2);
	db_bind_str(st, 3, action);
	db_bind_str(st, 4, clean);
	db_bind_str(st, 5, address ? address : "");
	if (db_step(st) < 0)
		fprintf(stderr, "plein: audit log write failed: %s\n", db_errmsg(db));
	db_done(st);
}

/* notifications.c — in-app notifications (table `notifications`, settings
 * in `notification_settings`; migration 0007). */
#include "core/notifications.h"
#include "core/events.h"
#include <time.h>

static const char *const kinds[] = { "mention", "reply", "reaction", "praise", "follow" };

bool notifications_kind_valid(const char *kind)
{
	for (size_t i = 0; kind && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kind, kinds[i]) == 0)
			return true;
	return false;
}

int notifications_add(struct db *db, int64_t person_id, const char *kind, int64_t actor_id,
                      int64_t post_id, int64_t comment_id)
{
	if (person_id == actor_id || !notifications_kind_valid(kind))
		return PLEIN_OK;
	int64_t enabled = 1;
	int rc = db_query_int(db, &enabled,
		"SELECT enabled FROM notification_settings WHERE person_id = ? AND kind = ?", "is", person_id, kind);
	if (rc != PLEIN_OK && rc != PLEIN_NOTFOUND)
		return rc;
	if (!enabled)
		return PLEIN_OK;
	rc = db_exec(db,
		"INSERT INTO notifications(person_id, kind, actor_id, post_id, comment_id, created_at) "
		"VALUES (?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), ?)",
		"isiiii", person_id, kind, actor_id, post_id, comment_id, (int64_t)time(NULL));
	if (rc != PLEIN_OK)
		return rc;
	return events_add(db, "notification", post_id, comment_id, person_id);
}

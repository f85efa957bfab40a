/* notifications.h — in-app notifications: mentions, replies, reactions,
 * praise and new followers; per-kind settings; unread counts. */
#ifndef PLEIN_NOTIFICATIONS_H
#define PLEIN_NOTIFICATIONS_H
#include "db/db.h"

/* kind: "mention" | "reply" | "reaction" | "praise" | "follow". */
bool notifications_kind_valid(const char *kind);
/* In the caller's transaction: a notification for `person_id` unless it is
 * the actor themself or they turned the kind off; with a 'notification'
 * event for the live unread count. post_id/comment_id 0 when absent. */
int notifications_add(struct db *db, int64_t person_id, const char *kind, int64_t actor_id,
                      int64_t post_id, int64_t comment_id) WARN_UNUSED;
#endif

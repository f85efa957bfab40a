/* pages_notifications.h — what other pages take from the notifications
 * pages: the settings section of /settings and the top bar's unread count. */
#ifndef PLEIN_PAGES_NOTIFICATIONS_H
#define PLEIN_PAGES_NOTIFICATIONS_H
#include "http/request.h"
#include <jansson.h>

/* The checkboxes of templates/notification_settings.mustache:
 * [{kind, label, hint, checked}], or NULL when they cannot be read. */
json_t *notification_settings_json(struct request *req);
/* The top bar's bell: {count, label, label_none, label_one, label_many}
 * for a signed-in viewer (one indexed count). */
json_t *notification_badge_json(struct request *req);
#endif

/* api_notifications.c — /api/v1/notifications: the viewer's notifications
 * (cursor pages, unread only on request), marking them read, and the
 * per-kind settings. Only ever the viewer's own rows. */
#include "api/api.h"
#include "web/app.h"
#include "web/handlers.h"
#include "core/i18n.h"
#include "core/notifications.h"
#include "core/people.h"
#include "core/stream.h"

static void unavailable(struct request *req)
{
	api_error(req, 503, "unavailable", T(req, N_("Notifications cannot be read or saved right now.")), NULL);
}

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

static json_t *notification_json(const struct notification *x)
{
	/* an anonymous asker: no id, no photo */
	json_t *actor = x->actor_hidden
		? json_pack("{s:n, s:s, s:n, s:b}", "id", "name", "Anonymous", "photo", "anonymous", 1)
		: json_pack("{s:I, s:s, s:o}", "id", (json_int_t)x->actor_id, "name", x->actor_name,
		            "photo", api_photo_urls(x->actor_photo));
	json_t *o = json_pack("{s:I, s:s, s:o, s:o, s:o, s:s, s:o, s:o, s:b, s:b, s:b, s:o}",
		"id", (json_int_t)x->id, "kind", x->kind, "actor", actor,
		"post_id", id_or_null(x->post_id), "comment_id", id_or_null(x->comment_id), "text", x->text,
		"reaction", x->reaction ? json_string(x->reaction) : json_null(),
		"badge", x->badge ? json_string(x->badge) : json_null(),
		"to_comment", x->to_comment, "available", !x->gone, "read", x->read,
		"created_at", api_time(x->created_at));
	/* group_* kinds: the group while the recipient may see it, else null */
	json_object_set_new(o, "group_id", id_or_null(x->group_id));
	json_object_set_new(o, "group_name", x->group_name ? json_string(x->group_name) : json_null());
	return o;
}

void api_notifications_list(struct request *req)
{
	int64_t before = 0, unread = 0, next = 0;
	const char *only = req_query(req, "unread");
	int limit = api_parse_limit(req_query(req, "limit"), NOTIFICATIONS_PAGE, NOTIFICATIONS_PAGE_MAX);
	if (!limit) {
		api_error(req, 400, "bad_request", T(req, N_("limit must be a number from 1 to 50.")), "limit");
		return;
	}
	if (stream_cursor_parse(req_query(req, "cursor"), &before)) {
		api_error(req, 400, "bad_request", T(req, N_("The cursor is not valid.")), "cursor");
		return;
	}
	if (only && strcmp(only, "1") != 0 && strcmp(only, "0") != 0 && strcmp(only, "true") != 0 &&
	    strcmp(only, "false") != 0) {
		api_error(req, 400, "bad_request", T(req, N_("unread must be 1 or 0.")), "unread");
		return;
	}
	bool unread_only = only && (strcmp(only, "1") == 0 || strcmp(only, "true") == 0);
	struct notification *items;
	size_t n;
	if (notifications_list(req->db, req->pool, req->viewer, before, unread_only, limit, &items, &n, &next) ||
	    notifications_unread_count(req->db, req->viewer->id, &unread)) {
		unavailable(req);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, notification_json(&items[i]));
	api_json(req, 200, json_pack("{s:o, s:o, s:I}", "items", a, "next_cursor",
		next ? json_string(pool_printf(req->pool, "%lld", (long long)next)) : json_null(),
		"unread", (json_int_t)unread));
}

void api_notifications_read(struct request *req)
{
	json_t *body = api_body_object(req);
	if (!body)
		return;
	json_t *all = json_object_get(body, "all"), *ids = json_object_get(body, "ids");
	if ((all && !json_is_boolean(all)) || (ids && !json_is_array(ids)) || (!json_is_true(all) && !ids) ||
	    (json_is_true(all) && ids)) {
		api_error(req, 422, "invalid", T(req, N_("Send ids, a list of notification ids, or all: true.")), NULL);
		return;
	}
	int changed = 0, rc;
	if (json_is_true(all)) {
		rc = notifications_mark_all_read(req->db, req->viewer->id, &changed);
	} else {
		size_t n = json_array_size(ids);
		if (n > NOTIFICATIONS_MARK_MAX) {
			api_error(req, 422, "invalid", T(req, N_("At most 100 notifications at once.")), "ids");
			return;
		}
		int64_t *list = pool_alloc(req->pool, sizeof(*list) * (n ? n : 1));
		for (size_t i = 0; i < n; i++) {
			json_t *v = json_array_get(ids, i);
			if (!json_is_integer(v) || json_integer_value(v) <= 0) {
				api_error(req, 422, "invalid", T(req, N_("Each id must be a positive whole number.")), "ids");
				return;
			}
			list[i] = json_integer_value(v);
		}
		/* ids of someone else's notifications are simply not marked */
		rc = notifications_mark_read(req->db, req->viewer->id, list, n, &changed);
	}
	int64_t unread = 0;
	if (rc || notifications_unread_count(req->db, req->viewer->id, &unread)) {
		unavailable(req);
		return;
	}
	api_json(req, 200, json_pack("{s:i, s:I}", "marked", changed, "unread", (json_int_t)unread));
}

static void send_settings(struct request *req)
{
	bool on[NOTIFICATION_KINDS];
	if (notifications_settings_get(req->db, req->viewer->id, on)) {
		unavailable(req);
		return;
	}
	json_t *o = json_object();
	for (size_t i = 0; i < NOTIFICATION_KINDS; i++)
		json_object_set_new(o, notification_kinds[i], json_boolean(on[i]));
	api_json(req, 200, o);
}

void api_notification_settings_get(struct request *req)
{
	send_settings(req);
}

void api_notification_settings_put(struct request *req)
{
	json_t *body = api_body_object(req);
	if (!body)
		return;
	bool on[NOTIFICATION_KINDS];
	if (notifications_settings_get(req->db, req->viewer->id, on)) {
		unavailable(req);
		return;
	}
	/* the kinds sent change; those left out stay as they are */
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v) {
		size_t i = 0;
		while (i < NOTIFICATION_KINDS && strcmp(key, notification_kinds[i]) != 0)
			i++;
		if (i == NOTIFICATION_KINDS) {
			api_error(req, 422, "invalid", T(req, N_("Unknown kind: use mention, reply, reaction, praise or follow.")),
			          key);
			return;
		}
		if (!json_is_boolean(v)) {
			api_error(req, 422, "invalid", T(req, N_("Each kind is true (on) or false (off).")), key);
			return;
		}
		on[i] = json_is_true(v);
	}
	if (notifications_settings_set(req->db, req->viewer->id, on)) {
		unavailable(req);
		return;
	}
	send_settings(req);
}

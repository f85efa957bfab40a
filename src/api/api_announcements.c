/* api_announcements.c — GET /api/v1/announcements (the viewer's active
 * announcements, with seen_count for their author and administrators) and
 * POST /api/v1/announcements/{id}/dismiss. Viewing through the API counts
 * as seeing, as on the home page. */
#include "api/api_posts.h"
#include "web/handlers.h"
#include "core/announcements.h"
#include "core/i18n.h"
#include "core/visibility.h"
#include <time.h>

static void unavailable(struct request *req)
{
	api_error(req, 503, "unavailable", T(req, N_("plein cannot reach its database right now. Please try again in a minute.")), NULL);
}

void api_announcements_list(struct request *req)
{
	int64_t now = (int64_t)time(NULL);
	struct announcement *list;
	size_t n;
	if (announcements_active(req->db, req->pool, req->viewer, now, ANNOUNCEMENTS_SHOWN, &list, &n) != PLEIN_OK) {
		unavailable(req);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct post *post = &list[i].post;
		if (!list[i].seen && announcements_mark_seen(req->db, post->id, req->viewer->id, now) != PLEIN_OK) {
			json_decref(items);
			unavailable(req);
			return;
		}
		json_t *o = api_post_json(req, post);
		int64_t seen;
		if ((post->owner_id == req->viewer->id || visibility_is_admin(req->viewer)) &&
		    announcements_seen_count(req->db, post->id, &seen) == PLEIN_OK)
			json_object_set_new(o, "seen_count", json_integer(seen));
		json_array_append_new(items, o);
	}
	json_t *o = json_object();
	json_object_set_new(o, "items", items);
	json_object_set_new(o, "can_announce", json_boolean(visibility_can_announce(req->viewer)));
	api_json(req, 200, o);
}

void api_announcement_dismiss(struct request *req)
{
	struct post *post = api_load_post(req);
	if (!post)
		return;
	if (strcmp(post->kind, "announcement") != 0) {
		api_error(req, 404, "not_found", T(req, N_("This announcement does not exist.")), NULL);
		return;
	}
	if (announcements_dismiss(req->db, post->id, req->viewer->id, (int64_t)time(NULL))) {
		unavailable(req);
		return;
	}
	api_no_content(req);
}

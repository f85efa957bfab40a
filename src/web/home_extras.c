/* home_extras.c — see home_extras.h. Both run on every home page view (the
 * page is benchmarked at ≥ 1,000 requests/s): the spotlight's candidates
 * are cached in core/praise.c, and an announcement's view is written only
 * the first time a person sees it. */
#include "web/home_extras.h"
#include "web/app.h"
#include "web/page.h"
#include "web/social.h"
#include "core/announcements.h"
#include "core/i18n.h"
#include "core/praise.h"
#include "core/visibility.h"
#include <time.h>

void home_spotlight_json(struct request *req, json_t *ctx)
{
	struct person *p;
	struct praise_item item;
	if (!req->viewer || praise_spotlight(req->db, req->pool, req->viewer, (int64_t)time(NULL), &p, &item) != PLEIN_OK)
		return;
	json_t *o = json_object();
	json_object_set_new(o, "person", page_person_json(req, p));
	json_object_set_new(o, "badge", json_string(social_badge_label(req, item.badge)));
	json_object_set_new(o, "icon", json_string(social_badge_icon(item.badge)));
	json_object_set_new(o, "excerpt", page_text(social_excerpt(req->pool, item.body, 140)));
	json_object_set_new(o, "from", social_author_json(req, &item.author));
	json_object_set_new(o, "url", json_string(pool_printf(req->pool, "/posts/%lld", (long long)item.post_id)));
	json_object_set_new(ctx, "spotlight", o);
}

/* A date for people, "12 March 2025" style, in the viewer's language. */
static const char *date_text(struct request *req, int64_t when)
{
	static const char *const months[2][12] = {
		{ "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
		  "November", "December" },
		{ "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
		  "november", "december" },
	};
	time_t t = (time_t)when;
	struct tm tm;
	localtime_r(&t, &tm);
	int dutch = req->lang && strcmp(req->lang, "nl") == 0;
	return pool_printf(req->pool, "%d %s %d", tm.tm_mday, months[dutch][tm.tm_mon], tm.tm_year + 1900);
}

void home_announcements_json(struct request *req, json_t *ctx)
{
	if (!req->viewer)
		return;
	int64_t now = (int64_t)time(NULL);
	struct announcement *list;
	size_t n;
	if (announcements_active(req->db, req->pool, req->viewer, now, ANNOUNCEMENTS_SHOWN, &list, &n) != PLEIN_OK)
		return;  /* the home page shows without them rather than not at all */
	bool can = visibility_can_announce(req->viewer);
	if (n == 0 && !can)
		return;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct post *post = &list[i].post;
		if (!list[i].seen && announcements_mark_seen(req->db, post->id, req->viewer->id, now) != PLEIN_OK)
			continue;  /* not counted, not shown: next time */
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(post->id));
		json_object_set_new(o, "html", json_string(post->body_html));
		json_object_set_new(o, "author", social_author_json(req, &post->author));
		json_object_set_new(o, "when", json_string(page_ago(req, post->created_at)));
		if (post->expires_at)
			json_object_set_new(o, "expires", json_string(date_text(req, post->expires_at)));
		json_object_set_new(o, "url", json_string(pool_printf(req->pool, "/posts/%lld", (long long)post->id)));
		json_object_set_new(o, "dismiss_url",
		                    json_string(pool_printf(req->pool, "/announcements/%lld/dismiss", (long long)post->id)));
		int64_t seen;
		if ((post->owner_id == req->viewer->id || visibility_is_admin(req->viewer)) &&
		    announcements_seen_count(req->db, post->id, &seen) == PLEIN_OK)
			json_object_set_new(o, "seen_label", json_string(seen == 1 ? T(req, N_("Seen by 1 person"))
				: social_subst(req->pool, T(req, N_("Seen by %s people")), pool_printf(req->pool, "%lld", (long long)seen))));
		json_array_append_new(items, o);
	}
	json_t *a = json_object();
	json_object_set_new(a, "items", items);
	json_object_set_new(a, "has_items", json_boolean(json_array_size(items) > 0));
	if (can)
		json_object_set_new(a, "new_url", json_string("/announcements/new"));
	json_object_set_new(ctx, "announcements", a);
}

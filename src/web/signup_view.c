/* signup_view.c — see signup_view.h. What the viewer may do is asked of
 * visibility.c (visibility_can_interact) and core/signups.c
 * (signups_may_list) here, once, and handed to the template as flags. */
#include "web/signup_view.h"
#include "web/app.h"
#include "core/i18n.h"
#include "core/posts.h"
#include "core/signups.h"
#include "core/visibility.h"
#include <time.h>

const char *signup_view_date(struct request *req, int64_t when)
{
	static const char *const months[2][12] = {
		{ "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" },
		{ "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec" },
	};
	time_t t = (time_t)when, now = time(NULL);
	struct tm tm, today;
	localtime_r(&t, &tm);
	localtime_r(&now, &today);
	int dutch = req->lang && strcmp(req->lang, "nl") == 0;
	const char *day = tm.tm_year == today.tm_year
		? pool_printf(req->pool, "%d %s", tm.tm_mday, months[dutch][tm.tm_mon])
		: pool_printf(req->pool, "%d %s %d", tm.tm_mday, months[dutch][tm.tm_mon], tm.tm_year + 1900);
	if (tm.tm_hour == 23 && tm.tm_min == 59)
		return day;  /* a date without a time: the end of that day */
	return pool_printf(req->pool, "%s, %02d:%02d", day, tm.tm_hour, tm.tm_min);
}

json_t *signup_view_json(struct request *req, const struct post *post)
{
	struct signup s;
	int64_t now = (int64_t)time(NULL);
	if (signups_get(req->db, post->id, req->viewer ? req->viewer->id : 0, now, &s) != PLEIN_OK)
		return json_null();
	bool can = visibility_can_interact(req->viewer, post) && !s.closed;
	const char *url = pool_printf(req->pool, "/posts/%lld/signup", (long long)post->id);
	json_t *o = json_object();
	json_object_set_new(o, "post_id", json_integer(post->id));
	json_object_set_new(o, "count", json_integer(s.count));
	json_object_set_new(o, "cap", json_integer(s.cap));
	json_object_set_new(o, "has_cap", json_boolean(s.cap > 0));
	json_object_set_new(o, "places_left", json_integer(s.cap > s.count ? s.cap - s.count : 0));
	json_object_set_new(o, "has_deadline", json_boolean(s.deadline > 0));
	if (s.deadline) {
		json_object_set_new(o, "deadline_label", json_string(signup_view_date(req, s.deadline)));
		time_t t = (time_t)s.deadline;
		struct tm tm;
		gmtime_r(&t, &tm);
		json_object_set_new(o, "deadline_iso", json_string(pool_printf(req->pool, "%04d-%02d-%02dT%02d:%02d:%02dZ",
			tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec)));
	}
	json_object_set_new(o, "closed", json_boolean(s.closed));
	json_object_set_new(o, "full", json_boolean(s.full && !s.mine));
	json_object_set_new(o, "mine", json_boolean(s.mine));
	json_object_set_new(o, "can_join", json_boolean(can && !s.mine && !s.full));
	json_object_set_new(o, "can_withdraw", json_boolean(can && s.mine));
	json_object_set_new(o, "is_author", json_boolean(signups_may_list(req->viewer, post)));
	json_object_set_new(o, "join_url", json_string(url));
	json_object_set_new(o, "withdraw_url", json_string(pool_printf(req->pool, "%s/withdraw", url)));
	json_object_set_new(o, "csv_url", json_string(pool_printf(req->pool, "%s.csv", url)));
	json_object_set_new(o, "csrf", json_string(req->csrf ? req->csrf : ""));
	return o;
}

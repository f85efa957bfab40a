/* social_view.c — see social.h: the praise and follow view-models a
 * profile (and the home page's spotlight) show. */
#include "web/social.h"
#include "web/app.h"
#include "web/page.h"
#include "api/api.h"
#include "core/follows.h"
#include "core/i18n.h"
#include "core/praise.h"
#include "core/visibility.h"

static const struct { const char *key, *label, *icon; } badge_info[] = {
	{ "helpful", N_("Helpful"), "🙌" },
	{ "team_player", N_("Team player"), "🤝" },
	{ "expert", N_("Expert"), "🎓" },
	{ "above_and_beyond", N_("Above and beyond"), "🚀" },
	{ "mentor", N_("Mentor"), "🧭" },
	{ "creative", N_("Creative"), "🎨" },
};

const char *social_badge_label(struct request *req, const char *badge)
{
	for (size_t i = 0; badge && i < ARRAY_LEN(badge_info); i++)
		if (strcmp(badge, badge_info[i].key) == 0)
			return T(req, badge_info[i].label);
	return "";
}

const char *social_badge_icon(const char *badge)
{
	for (size_t i = 0; badge && i < ARRAY_LEN(badge_info); i++)
		if (strcmp(badge, badge_info[i].key) == 0)
			return badge_info[i].icon;
	return "";
}

/* Markdown marks that read as noise in a one-line excerpt. */
static bool is_mark(char c) { return c == '*' || c == '_' || c == '#' || c == '`' || c == '>' || c == '~'; }

const char *social_excerpt(struct pool *p, const char *md, size_t max)
{
	size_t len = strlen(md), out = 0, chars = 0;
	char *s = pool_alloc(p, len + 4);
	bool space = false;
	for (size_t i = 0; i < len && chars < max; i++) {
		unsigned char c = (unsigned char)md[i];
		if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
			space = out > 0;
			continue;
		}
		if (is_mark((char)c))
			continue;
		if (space) {
			s[out++] = ' ';
			chars++;
			space = false;
		}
		s[out++] = (char)c;
		if ((c & 0xC0) != 0x80)
			chars++;
	}
	/* never cut a UTF-8 sequence in half */
	while (out > 0 && out < len && ((unsigned char)s[out - 1] & 0x80)) {
		size_t start = out - 1;
		while (start > 0 && ((unsigned char)s[start] & 0xC0) == 0x80)
			start--;
		unsigned char lead = (unsigned char)s[start];
		size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
		if (out - start >= need)
			break;
		out = start;
	}
	bool cut = chars >= max;
	if (cut)
		memcpy(s + out, "…", strlen("…") + 1);  /* room: len + 4 */
	else
		s[out] = '\0';
	return s;
}

const char *social_subst(struct pool *p, const char *tmpl, const char *value)
{
	const char *at = strstr(tmpl, "%s");
	if (!at)
		return tmpl;
	return pool_printf(p, "%.*s%s%s", (int)(at - tmpl), tmpl, value, at + 2);
}

json_t *social_author_json(struct request *req, const struct post_author *a)
{
	struct person x = { .id = a->id, .name = a->name, .title = a->title, .photo = a->photo, .email = "",
	                    .department = "", .location = "", .bio = "", .pronouns = "", .phone = "",
	                    .start_date = "", .role = a->role, .status = a->status };
	return page_person_json(req, &x);
}

json_t *social_praise_json(struct request *req, const struct person *p)
{
	struct praise_badge_count *counts;
	struct praise_item *items;
	size_t nc, ni;
	if (praise_received_summary(req->db, req->pool, req->viewer, p->id, &counts, &nc) ||
	    praise_recent_for_person(req->db, req->pool, req->viewer, p->id, 3, &items, &ni))
		return json_null();  /* the profile shows without it rather than not at all */
	json_t *badges = json_array(), *recent = json_array();
	for (size_t i = 0; i < nc; i++)
		json_array_append_new(badges, json_pack("{s:s, s:s, s:s, s:I}", "badge", counts[i].badge,
			"label", social_badge_label(req, counts[i].badge), "icon", social_badge_icon(counts[i].badge),
			"count", (json_int_t)counts[i].count));
	for (size_t i = 0; i < ni; i++) {
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "label", social_badge_label(req, items[i].badge),
			"icon", social_badge_icon(items[i].badge), "excerpt", social_excerpt(req->pool, items[i].body, 120),
			"when", page_ago(req, items[i].created_at),
			"url", pool_printf(req->pool, "/posts/%lld", (long long)items[i].post_id));
		json_object_set_new(o, "author", social_author_json(req, &items[i].author));
		json_array_append_new(recent, o);
	}
	json_t *o = json_object();
	json_object_set_new(o, "badges", badges);
	json_object_set_new(o, "recent", recent);
	json_object_set_new(o, "has_praise", json_boolean(nc > 0));
	bool can = visibility_can_post(req->viewer) && req->viewer->id != p->id && strcmp(p->status, "active") == 0;
	if (can)
		json_object_set_new(o, "praise_url",
		                    json_string(pool_printf(req->pool, "/praise/new?to=%lld", (long long)p->id)));
	json_object_set_new(o, "is_self", json_boolean(req->viewer->id == p->id));
	return o;
}

json_t *social_follow_json(struct request *req, const struct person *p)
{
	int64_t followers = 0, following = 0;
	if (follows_counts(req->db, p->id, &followers, &following))
		return json_null();
	json_t *o = json_pack("{s:I, s:I}", "followers", (json_int_t)followers, "following", (json_int_t)following);
	bool can = visibility_can_post(req->viewer) && req->viewer->id != p->id && strcmp(p->status, "active") == 0;
	if (can) {
		bool on = follows_is(req->db, req->viewer->id, p->id);
		json_object_set_new(o, "can_follow", json_true());
		json_object_set_new(o, "is_following", json_boolean(on));
		json_object_set_new(o, "action_url", json_string(pool_printf(req->pool, "/people/%lld/%s",
			(long long)p->id, on ? "unfollow" : "follow")));
	}
	return o;
}

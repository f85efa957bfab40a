/* post_view.c — see post_view.h. What a viewer may do with a post (edit,
 * delete, react, comment) is asked of core/visibility.c here, once, and
 * handed to the templates as flags. */
#include "web/post_view.h"
#include "web/page.h"
#include "api/api.h"
#include "core/i18n.h"
#include "core/reactions.h"
#include "core/visibility.h"

static const struct { const char *key, *emoji, *label; } badge_info[] = {
	{ "helpful", "🤝", N_("Helpful") },
	{ "team_player", "🧩", N_("Team player") },
	{ "expert", "🎓", N_("Expert") },
	{ "above_and_beyond", "🚀", N_("Above and beyond") },
	{ "mentor", "🌱", N_("Mentor") },
	{ "creative", "🎨", N_("Creative") },
};

const char *post_view_badge_label(struct request *req, const char *badge)
{
	for (size_t i = 0; badge && i < ARRAY_LEN(badge_info); i++)
		if (strcmp(badge, badge_info[i].key) == 0)
			return T(req, badge_info[i].label);
	return "";
}

json_t *post_view_badges(struct request *req, const char *checked)
{
	json_t *a = json_array();
	for (size_t i = 0; i < ARRAY_LEN(badge_info); i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:b}", "key", badge_info[i].key, "emoji",
			badge_info[i].emoji, "label", T(req, badge_info[i].label),
			"checked", checked && strcmp(checked, badge_info[i].key) == 0));
	return a;
}

json_t *post_view_author(struct request *req, const struct post_author *a)
{
	json_t *o = json_pack("{s:I, s:s, s:o, s:I, s:o, s:s}", "id", (json_int_t)a->id, "name", a->name,
		"initials", page_initials(a->name), "avatar_hue", (json_int_t)(a->id % 12),
		"photo", api_photo_urls(a->photo ? a->photo : ""),
		"url", pool_printf(req->pool, "/people/%lld", (long long)a->id));
	json_object_set_new(o, "title", page_text(a->title));
	json_object_set_new(o, "is_alumni", json_boolean(a->role && strcmp(a->role, "alumni") == 0));
	return o;
}

json_t *post_view_reactions(struct request *req, const struct post *post)
{
	unsigned mask = 0;
	if (req->viewer && reactions_mine(req->db, req->viewer->id, post->id, &mask))
		mask = 0;
	bool can = visibility_can_interact(req->viewer, post);
	json_t *items = json_array();
	int64_t total = 0;
	for (unsigned i = 0; i < REACTION_KINDS; i++) {
		int64_t n = reactions_count(post->reactions, reaction_kinds[i].key);
		total += n;
		bool mine = mask & (1u << i);
		json_t *o = json_pack("{s:s, s:s, s:s, s:I, s:b, s:b}", "key", reaction_kinds[i].key, "emoji",
			reaction_kinds[i].emoji, "label", T(req, reaction_kinds[i].label), "count", (json_int_t)n,
			"mine", mine, "has_count", n > 0);
		json_array_append_new(items, o);
	}
	return json_pack("{s:I, s:o, s:b, s:s, s:I}", "post_id", (json_int_t)post->id, "items", items,
	                 "can_react", can, "csrf", req->csrf ? req->csrf : "", "total", (json_int_t)total);
}

json_t *post_view_item(struct request *req, const struct post *post, bool full)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(post->id));
	json_object_set_new(o, "url", json_string(pool_printf(req->pool, "/posts/%lld", (long long)post->id)));
	json_object_set_new(o, "author", post_view_author(req, &post->author));
	json_object_set_new(o, "html", json_string(post->body_html));
	json_object_set_new(o, "ago", json_string(page_ago(req, post->created_at)));
	json_object_set_new(o, "when", api_time(post->created_at));
	json_object_set_new(o, "edited", json_boolean(post->edited_at != 0));
	json_object_set_new(o, "is_public", json_boolean(strcmp(post->visibility, "public") == 0));
	json_object_set_new(o, "is_announcement", json_boolean(strcmp(post->kind, "announcement") == 0));
	json_object_set_new(o, "comment_count", json_integer(post->comment_count));
	json_object_set_new(o, "full", json_boolean(full));
	json_object_set_new(o, "can_edit", json_boolean(visibility_can_edit_post(req->viewer, post)));
	json_object_set_new(o, "can_delete", json_boolean(visibility_can_delete_post(req->viewer, post)));
	json_object_set_new(o, "reactions", post_view_reactions(req, post));
	const char **names;
	size_t n;
	if (posts_topics(req->db, req->pool, post->id, &names, &n) == PLEIN_OK && n) {
		json_t *topics = json_array();
		for (size_t i = 0; i < n; i++) {
			struct strbuf url = STRBUF_INIT;
			(void)strbuf_addstr(&url, "/topics/");
			(void)strbuf_add_urlencoded(&url, names[i], strlen(names[i]));
			json_array_append_new(topics, json_pack("{s:s, s:s%}", "name", names[i], "url", url.buf, url.len));
			strbuf_release(&url);
		}
		json_object_set_new(o, "topics", topics);
		json_object_set_new(o, "has_topics", json_true());
	}
	if (strcmp(post->kind, "praise") == 0) {
		struct post_author *praised;
		json_t *list = json_array();
		if (posts_praised(req->db, req->pool, post->id, &praised, &n) == PLEIN_OK)
			for (size_t i = 0; i < n; i++)
				json_array_append_new(list, post_view_author(req, &praised[i]));
		for (size_t i = 0; i < ARRAY_LEN(badge_info); i++)
			if (post->badge && strcmp(post->badge, badge_info[i].key) == 0)
				json_object_set_new(o, "praise", json_pack("{s:s, s:s, s:o}", "emoji", badge_info[i].emoji,
					"label", T(req, badge_info[i].label), "people", list));
		if (!json_object_get(o, "praise"))
			json_decref(list);
	}
	return o;
}

json_t *post_view_items(struct request *req, const struct stream_page *page)
{
	json_t *a = json_array();
	for (size_t i = 0; i < page->n; i++)
		json_array_append_new(a, post_view_item(req, &page->items[i], false));
	return a;
}

json_t *post_view_comment(struct request *req, const struct post *post, const struct comment *c)
{
	struct post as_comment = *post;
	as_comment.author = c->author;
	json_t *o = json_pack("{s:I, s:I, s:o, s:s, s:s, s:o, s:b, s:b, s:b}", "id", (json_int_t)c->id,
		"parent_id", (json_int_t)(c->parent_id ? c->parent_id : c->id), "author", post_view_author(req, &c->author),
		"html", c->body_html, "ago", page_ago(req, c->created_at), "when", api_time(c->created_at),
		"deleted", c->deleted_at != 0, "can_delete", !c->deleted_at && visibility_can_delete_post(req->viewer, &as_comment),
		"is_reply", c->parent_id != 0);
	json_object_set_new(o, "post_id", json_integer(post->id));
	json_object_set_new(o, "can_reply", json_boolean(visibility_can_interact(req->viewer, post)));
	return o;
}

json_t *post_view_comments(struct request *req, const struct post *post, const struct comment *c, size_t n)
{
	json_t *threads = json_array(), *current = NULL;
	for (size_t i = 0; i < n; i++) {
		json_t *o = post_view_comment(req, post, &c[i]);
		if (!c[i].parent_id || !current) {
			json_object_set_new(o, "replies", json_array());
			json_array_append_new(threads, o);
			current = o;
		} else {
			json_array_append_new(json_object_get(current, "replies"), o);
		}
	}
	return threads;
}

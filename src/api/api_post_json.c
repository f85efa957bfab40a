/* api_post_json.c — the JSON shapes of posts and comments (docs/api.md),
 * shared by every API handler that returns them. */
#include "api/api_posts.h"
#include "api/api_signups.h"
#include "core/reactions.h"

/* An anonymous author has no id, title or photo: only the word. */
static json_t *author_json(const struct post_author *a)
{
	if (posts_author_hidden(a))
		return json_pack("{s:n, s:s, s:b}", "id", "name", "Anonymous", "anonymous", 1);
	return json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)a->id, "name", a->name, "title", a->title,
	                 "photo", api_photo_urls(a->photo));
}

json_t *api_post_json(struct request *req, const struct post *post)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:I}",
		"id", (json_int_t)post->id, "kind", post->kind, "visibility", post->visibility,
		"text", post->body, "html", post->body_html, "author", author_json(&post->author),
		"created_at", api_time(post->created_at), "comment_count", (json_int_t)post->comment_count);
	json_object_set_new(o, "anonymous", json_boolean(post->anonymous));
	if (post->title)
		json_object_set_new(o, "title", json_string(post->title));
	if (post->parent_id)
		json_object_set_new(o, "question_id", json_integer(post->parent_id));
	json_object_set_new(o, "edited_at", post->edited_at ? api_time(post->edited_at) : json_null());
	json_object_set_new(o, "url", json_string(pool_printf(req->pool, "/posts/%lld", (long long)post->id)));
	/* the group as it is now (a viewer only gets here if they may read it) */
	json_object_set_new(o, "group", post->group_id && post->group_kind
		? json_pack("{s:I, s:s, s:s}", "id", (json_int_t)post->group_id, "name", post->group_name ? post->group_name : "",
		            "kind", post->group_kind)
		: json_null());
	json_t *counts = json_object();
	for (size_t i = 0; i < REACTION_KINDS; i++) {
		int64_t n = reactions_count(post->reactions, reaction_kinds[i].key);
		if (n)
			json_object_set_new(counts, reaction_kinds[i].key, json_integer(n));
	}
	json_object_set_new(o, "reactions", counts);
	json_t *mine = json_array();
	unsigned mask = 0;
	if (req->viewer && reactions_mine(req->db, req->viewer->id, post->id, &mask) == PLEIN_OK)
		for (unsigned i = 0; i < REACTION_KINDS; i++)
			if (mask & (1u << i))
				json_array_append_new(mine, json_string(reaction_kinds[i].key));
	json_object_set_new(o, "my_reactions", mine);
	const char **names;
	size_t n;
	json_t *topics = json_array();
	if (posts_topics(req->db, req->pool, post->id, &names, &n) == PLEIN_OK)
		for (size_t i = 0; i < n; i++)
			json_array_append_new(topics, json_string(names[i]));
	json_object_set_new(o, "topics", topics);
	if (strcmp(post->kind, "praise") == 0) {
		struct post_author *praised;
		json_t *list = json_array();
		if (posts_praised(req->db, req->pool, post->id, &praised, &n) == PLEIN_OK)
			for (size_t i = 0; i < n; i++)
				json_array_append_new(list, author_json(&praised[i]));
		json_object_set_new(o, "badge", json_string(post->badge ? post->badge : ""));
		json_object_set_new(o, "praised", list);
	}
	if (strcmp(post->kind, "announcement") == 0)
		json_object_set_new(o, "expires_at", post->expires_at ? api_time(post->expires_at) : json_null());
	json_object_set_new(o, "signup", api_signup_json(req, post));  /* null: none */
	return o;
}

json_t *api_comment_json(const struct comment *c)
{
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:o, s:o}", "id", (json_int_t)c->id, "post_id",
		(json_int_t)c->post_id, "text", c->body, "html", c->body_html, "author", author_json(&c->author),
		"created_at", api_time(c->created_at));
	json_object_set_new(o, "parent_id", c->parent_id ? json_integer(c->parent_id) : json_null());
	json_object_set_new(o, "deleted", json_boolean(c->deleted_at != 0));
	return o;
}

json_t *api_stream_json(struct request *req, const struct stream_page *page)
{
	json_t *items = json_array();
	for (size_t i = 0; i < page->n; i++)
		json_array_append_new(items, api_post_json(req, &page->items[i]));
	return json_pack("{s:o, s:o}", "items", items, "next_cursor",
	                 page->next ? json_string(pool_printf(req->pool, "%lld", (long long)page->next)) : json_null());
}

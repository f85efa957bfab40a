/* post_view.c — see post_view.h. What a viewer may do with a post (edit,
 * delete, react, comment) is asked of core/visibility.c here, once, and
 * handed to the templates as flags. */
#include "web/post_view.h"
#include "core/articles.h"
#include "web/page.h"
#include "api/api.h"
#include "core/i18n.h"
#include "core/reactions.h"
#include "core/visibility.h"
#include "web/social.h"
#include "core/attachments.h"
#include "web/signup_view.h"
#include "core/groups.h"

json_t *post_view_author(struct request *req, const struct post_author *a)
{
	/* an anonymous asker: a name and nothing that leads to anyone (no id,
	 * photo, link, title or role) */
	if (posts_author_hidden(a))
		return json_pack("{s:b, s:s, s:s, s:I}", "anonymous", 1, "name", T(req, N_("Anonymous")), "initials", "?",
		                 "avatar_hue", (json_int_t)0);
	json_t *o = json_pack("{s:I, s:s, s:o, s:I, s:o, s:s}", "id", (json_int_t)a->id, "name", a->name,
		"initials", page_initials(a->name), "avatar_hue", (json_int_t)(a->id % 12),
		"photo", api_photo_urls(a->photo ? a->photo : ""),
		"url", pool_printf(req->pool, "/people/%lld", (long long)a->id));
	json_object_set_new(o, "title", page_text(a->title));
	json_object_set_new(o, "is_alumni", json_boolean(a->role && strcmp(a->role, "alumni") == 0));
	return o;
}

static json_t *reactions_with(struct request *req, const struct post *post, unsigned mask)
{
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
	return json_pack("{s:I, s:o, s:b, s:s, s:I, s:b}", "post_id", (json_int_t)post->id, "items", items,
	                 "can_react", can, "csrf", req->csrf ? req->csrf : "", "total", (json_int_t)total,
	                 "has_any", total > 0);  /* Mustache counts 0 as something */
}

json_t *post_view_reactions(struct request *req, const struct post *post)
{
	unsigned mask = 0;
	if (req->viewer && reactions_mine(req->db, req->viewer->id, post->id, &mask))
		mask = 0;
	return reactions_with(req, post, mask);
}

bool post_view_can_move(struct request *req, const struct post *post)
{
	const struct person *v = req->viewer;
	if (!v || strcmp(post->kind, "announcement") == 0)
		return false;
	if (visibility_can_move_post(v, post, NULL))
		return true;
	/* into one of the viewer's groups: visibility.c asks only the id of a
	 * group for this (membership), the move page then loads the real ones */
	for (size_t i = 0; v->scope && i < v->scope->n; i++) {
		struct group g = { .id = v->scope->m[i].group_id, .kind = "secret" };
		if (visibility_can_move_post(v, post, &g))
			return true;
	}
	return false;
}

/* What item() needs beyond the post, read for a whole page at once. */
struct extras {
	unsigned mask;           /* the viewer's reactions */
	const char **topics;
	size_t n_topics;
};

/* "photo.jpg", 12345 → "12 KB" */
static const char *size_label(struct pool *p, int64_t size)
{
	if (size < 1024)
		return pool_printf(p, "%lld B", (long long)size);
	if (size < 1024 * 1024)
		return pool_printf(p, "%lld KB", (long long)((size + 512) / 1024));
	return pool_printf(p, "%.1f MB", (double)size / (1024.0 * 1024.0));
}

/* Images and files of one post or comment (owner_id: which of atts). */
static void set_attachments(struct request *req, json_t *o, const struct attachment *atts, size_t n, int64_t post_id,
                            int64_t comment_id)
{
	json_t *images = json_array(), *files = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct attachment *a = &atts[i];
		if (comment_id ? a->comment_id != comment_id : (a->post_id != post_id || a->comment_id))
			continue;
		const char *url = attachment_url(req->pool, a);
		if (attachment_is_image(a))
			json_array_append_new(images, json_pack("{s:s, s:s, s:I, s:I}", "url", url, "name", a->name,
				"width", (json_int_t)a->width, "height", (json_int_t)a->height));
		else
			json_array_append_new(files, json_pack("{s:s, s:s, s:s}", "url", url, "name", a->name,
				"size", size_label(req->pool, a->size)));
	}
	json_object_set_new(o, "has_images", json_boolean(json_array_size(images) > 0));
	json_object_set_new(o, "has_files", json_boolean(json_array_size(files) > 0));
	json_object_set_new(o, "images", images);
	json_object_set_new(o, "files", files);
}

static json_t *item(struct request *req, const struct post *post, bool full, const struct attachment *atts,
                    size_t n_atts, const struct extras *x)
{
	json_t *o = json_object();
	set_attachments(req, o, atts, n_atts, post->id, 0);
	json_object_set_new(o, "id", json_integer(post->id));
	json_object_set_new(o, "url", json_string(pool_printf(req->pool, "/posts/%lld", (long long)post->id)));
	json_object_set_new(o, "author", post_view_author(req, &post->author));
	json_object_set_new(o, "html", json_string(post->body_html));
	/* a question's title, leading to its page (web/pages_question.c) */
	if (post->title && strcmp(post->kind, "question") == 0) {
		json_object_set_new(o, "question_title", json_string(post->title));
		json_object_set_new(o, "question_url", json_string(pool_printf(req->pool, "/questions/%lld", (long long)post->id)));
	}
	/* an article is a card in streams: title, first words, its cover, a link */
	if (post->title && strcmp(post->kind, "article") == 0) {
		json_t *card = json_pack("{s:s, s:s, s:s}", "title", post->title,
			"excerpt", articles_excerpt(req->pool, post->body_html, ARTICLE_EXCERPT_CHARS),
			"url", pool_printf(req->pool, "/articles/%lld", (long long)post->id));
		for (size_t i = 0; i < n_atts; i++)
			if (atts[i].post_id == post->id && !atts[i].comment_id && attachment_is_image(&atts[i])) {
				json_object_set_new(card, "cover", json_string(attachment_url(req->pool, &atts[i])));
				break;
			}
		json_object_set_new(o, "article", card);
		json_object_set_new(o, "edit_url", json_string(pool_printf(req->pool, "/articles/%lld/edit", (long long)post->id)));
		json_object_set_new(o, "has_images", json_false());  /* the cover is the card's */
	}
	json_object_set_new(o, "ago", json_string(page_ago(req, post->created_at)));
	json_object_set_new(o, "when", api_time(post->created_at));
	json_object_set_new(o, "edited", json_boolean(post->edited_at != 0));
	json_object_set_new(o, "is_public", json_boolean(strcmp(post->visibility, "public") == 0));
	if (post->group_id && post->group_kind)  /* "in <group>", a lock when only members read it */
		json_object_set_new(o, "group", json_pack("{s:I, s:s, s:s, s:b, s:b}", "id", (json_int_t)post->group_id,
			"name", post->group_name ? post->group_name : "", "url",
			pool_printf(req->pool, "/groups/%lld", (long long)post->group_id),
			"is_closed", strcmp(post->group_kind, "closed") == 0, "is_secret", strcmp(post->group_kind, "secret") == 0));
	json_object_set_new(o, "can_move", json_boolean(post_view_can_move(req, post)));
	json_object_set_new(o, "is_announcement", json_boolean(strcmp(post->kind, "announcement") == 0));
	json_object_set_new(o, "comment_count", json_integer(post->comment_count));
	json_object_set_new(o, "full", json_boolean(full));
	json_object_set_new(o, "can_edit", json_boolean(visibility_can_edit_post(req->viewer, post)));
	json_object_set_new(o, "can_delete", json_boolean(visibility_can_delete_post(req->viewer, post)));
	json_object_set_new(o, "reactions", reactions_with(req, post, x->mask));
	json_object_set_new(o, "signup", signup_view_json(req, post));  /* null: none */
	const char **names = x->topics;
	size_t n = x->n_topics;
	if (n) {
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
		json_object_set_new(o, "praise", json_pack("{s:s, s:s, s:o}", "emoji", social_badge_icon(post->badge),
			"label", social_badge_label(req, post->badge), "people", list));
	}
	return o;
}

json_t *post_view_item(struct request *req, const struct post *post, bool full)
{
	struct attachment *atts = NULL;
	size_t n = 0;
	if (attachments_for_posts(req->db, req->pool, &post->id, 1, &atts, &n))
		n = 0;
	struct extras x = { 0 };
	if (req->viewer && reactions_mine(req->db, req->viewer->id, post->id, &x.mask))
		x.mask = 0;
	if (posts_topics(req->db, req->pool, post->id, &x.topics, &x.n_topics))
		x.n_topics = 0;
	return item(req, post, full, atts, n, &x);
}

json_t *post_view_items(struct request *req, const struct stream_page *page)
{
	int64_t *ids = pool_alloc(req->pool, sizeof(*ids) * (page->n + 1));
	for (size_t i = 0; i < page->n; i++)
		ids[i] = page->items[i].id;
	struct attachment *atts = NULL;
	size_t n = 0;
	if (page->n && attachments_for_posts(req->db, req->pool, ids, page->n, &atts, &n))
		n = 0;  /* shown without them rather than not at all */
	/* the viewer's reactions and the topics of the whole page in two statements */
	unsigned *masks = pool_zalloc(req->pool, sizeof(*masks) * (page->n + 1));
	const char ***topics = pool_zalloc(req->pool, sizeof(*topics) * (page->n + 1));
	size_t *n_topics = pool_zalloc(req->pool, sizeof(*n_topics) * (page->n + 1));
	if (req->viewer && reactions_mine_many(req->db, req->pool, req->viewer->id, ids, page->n, masks))
		memset(masks, 0, sizeof(*masks) * page->n);
	if (posts_topics_many(req->db, req->pool, ids, page->n, topics, n_topics))
		memset(n_topics, 0, sizeof(*n_topics) * page->n);
	json_t *a = json_array();
	for (size_t i = 0; i < page->n; i++) {
		struct extras x = { masks[i], topics[i], n_topics[i] };
		json_array_append_new(a, item(req, &page->items[i], false, atts, n, &x));
	}
	return a;
}

json_t *post_view_comment(struct request *req, const struct post *post, const struct comment *c)
{
	struct attachment *atts = NULL;
	size_t n = 0;
	if (!c->deleted_at && attachments_for_comments(req->db, req->pool, &c->id, 1, &atts, &n))
		n = 0;
	return post_view_comment_with(req, post, c, atts, n);
}

json_t *post_view_comment_with(struct request *req, const struct post *post, const struct comment *c,
                               const struct attachment *atts, size_t n_atts)
{
	json_t *o = json_pack("{s:I, s:I, s:o, s:s, s:s, s:o, s:b, s:b, s:b}", "id", (json_int_t)c->id,
		"parent_id", (json_int_t)(c->parent_id ? c->parent_id : c->id), "author", post_view_author(req, &c->author),
		"html", c->body_html, "ago", page_ago(req, c->created_at), "when", api_time(c->created_at),
		"deleted", c->deleted_at != 0, "can_delete", !c->deleted_at && visibility_can_delete_comment(req->viewer, post, c->owner_id),
		"is_reply", c->parent_id != 0);
	json_object_set_new(o, "post_id", json_integer(post->id));
	json_object_set_new(o, "can_reply", json_boolean(visibility_can_interact(req->viewer, post)));
	set_attachments(req, o, c->deleted_at ? NULL : atts, c->deleted_at ? 0 : n_atts, post->id, c->id);
	return o;
}

json_t *post_view_comments(struct request *req, const struct post *post, const struct comment *c, size_t n)
{
	int64_t *ids = pool_alloc(req->pool, sizeof(*ids) * (n + 1));
	for (size_t i = 0; i < n; i++)
		ids[i] = c[i].id;
	struct attachment *atts = NULL;
	size_t n_atts = 0;
	if (n && attachments_for_comments(req->db, req->pool, ids, n, &atts, &n_atts))
		n_atts = 0;
	json_t *threads = json_array(), *current = NULL;
	for (size_t i = 0; i < n; i++) {
		json_t *o = post_view_comment_with(req, post, &c[i], atts, n_atts);
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

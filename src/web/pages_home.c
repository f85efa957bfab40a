/* pages_home.c — the home page (composer, the Following stream, the side
 * column), /discover, topic pages, and the HTML fragments live updates
 * fetch ("N new posts"). Guests and alumni get the limited home page. */
#include "web/page.h"
#include "web/handlers.h"
#include "web/post_view.h"
#include "web/home_extras.h"
#include "web/composer_view.h"
#include "web/social.h"
#include "core/follows.h"
#include "core/groups.h"
#include "core/i18n.h"
#include "core/people.h"
#include "core/topics.h"
#include "core/visibility.h"

#define HOME_PAGE 20
#define NEWEST_PEOPLE 5
#define TOPIC_FOLLOWERS_SHOWN 12

enum which { HOME, DISCOVER, TOPIC };

static void unavailable(struct request *req)
{
	page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
}

/* ?cursor= (older page) → range; false after answering 400. */
static bool range_from_query(struct request *req, struct stream_range *r)
{
	memset(r, 0, sizeof(*r));
	r->limit = HOME_PAGE;
	if (stream_cursor_parse(req_query(req, "cursor"), &r->before) ||
	    stream_cursor_parse(req_query(req, "after"), &r->after)) {
		page_error(req, 400, N_("This link is not valid."));
		return false;
	}
	return true;
}

static int load(struct request *req, enum which w, int64_t topic_id, struct stream_range r, struct stream_page *page)
{
	switch (w) {
	case HOME: return stream_home(req->db, req->pool, req->viewer, r, page);
	case DISCOVER: return stream_discover(req->db, req->pool, req->viewer, r, page);
	case TOPIC: return stream_topic(req->db, req->pool, req->viewer, topic_id, r, page);
	}
	return PLEIN_ERROR;
}

/* The stream partial's context: items, data-stream, the newest id, the
 * link to the next page (base + "?cursor="). */
json_t *home_stream_json(struct request *req, const struct stream_page *page, const char *stream, const char *base,
                         const char *empty_hint)
{
	json_t *s = json_object();
	json_object_set_new(s, "items", post_view_items(req, page));
	json_object_set_new(s, "has_items", json_boolean(page->n > 0));
	json_object_set_new(s, "stream", json_string(stream));
	json_object_set_new(s, "newest", json_integer(page->n ? page->items[0].id : 0));
	json_object_set_new(s, "empty_hint", json_string(empty_hint));
	if (page->next)
		json_object_set_new(s, "next", json_string(pool_printf(req->pool, "%s?cursor=%lld", base, (long long)page->next)));
	return s;
}

/* The groups a guest or alumnus belongs to, by name (bounded), for their
 * home page: the way into what is shared with them. */
static json_t *my_groups_json(struct request *req)
{
	json_t *a = json_array();
	const struct person *v = req->viewer;
	for (size_t i = 0; v->scope && i < v->scope->n && i < COMPOSER_GROUPS_MAX; i++) {
		struct group *g;
		if (groups_get(req->db, req->pool, v->scope->m[i].group_id, &g) != PLEIN_OK || !visibility_can_see_group(v, g))
			continue;
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "name", g->name, "url",
			pool_printf(req->pool, "/groups/%lld", (long long)g->id), "locked", strcmp(g->kind, "open") != 0));
	}
	return a;
}

/* Guests and alumni: nothing of the organisation, but their groups — the
 * posts of those (and their own) in the home stream, links to each group,
 * a composer for them. */
static void home_limited(struct request *req, const struct composer_state *cs)
{
	struct stream_range r;
	struct stream_page page;
	if (!range_from_query(req, &r))
		return;
	bool began = db_read_begin(req->db);
	if (stream_home(req->db, req->pool, req->viewer, r, &page)) {
		db_read_end(req->db, began);
		unavailable(req);
		return;
	}
	json_t *groups = my_groups_json(req);
	json_t *ctx = json_pack("{s:b, s:b, s:b, s:b}", "nav_home", 1,
		"is_guest", strcmp(req->viewer->role, "guest") == 0,
		"is_alumni", strcmp(req->viewer->role, "alumni") == 0, "has_groups", json_array_size(groups) > 0);
	json_object_set_new(ctx, "groups", groups);
	json_object_set_new(ctx, "stream", home_stream_json(req, &page, "home", "/",
		T(req, N_("Nothing here yet: posts in your groups will appear here."))));
	struct composer_state none = { 0 };
	json_t *composer = composer_view_json(req, cs ? cs : &none);
	db_read_end(req->db, began);
	if (composer) {
		json_object_set_new(ctx, "composer", composer);
		json_object_set_new(ctx, "can_post", json_true());
	}
	page_render(req, cs && cs->error ? 422 : 200, "home_limited", ctx, N_("Home"));
}

/* Render the home or discover page; cs (NULL: empty) refills the composer
 * after a refused post. */
void home_render(struct request *req, bool home, const struct composer_state *cs)
{
	struct composer_state none = { 0 };
	if (!cs)
		cs = &none;
	if (home && !visibility_can_browse(req->viewer)) {
		home_limited(req, cs);
		return;
	}
	struct stream_range r;
	struct stream_page page;
	if (!range_from_query(req, &r))
		return;
	bool began = db_read_begin(req->db);
	if (load(req, home ? HOME : DISCOVER, 0, r, &page)) {
		db_read_end(req->db, began);
		unavailable(req);
		return;
	}
	json_t *ctx = json_object();
	json_object_set_new(ctx, "home", json_boolean(home));
	json_object_set_new(ctx, home ? "nav_home" : "nav_discover", json_true());
	json_object_set_new(ctx, "can_post", json_boolean(visibility_can_post(req->viewer)));
	json_object_set_new(ctx, "stream", home_stream_json(req, &page, home ? "home" : "discover", home ? "/" : "/discover",
		home ? T(req, N_("Follow colleagues and topics to see their posts here, or look around in Discover."))
		     : T(req, N_("No one has posted yet. Be the first: share what you are working on."))));
	json_t *composer = composer_view_json(req, cs);
	if (composer)
		json_object_set_new(ctx, "composer", composer);
	struct people_page newest;
	if (people_newest(req->db, req->pool, NEWEST_PEOPLE, &newest) == PLEIN_OK)
		json_object_set_new(ctx, "newest", page_people_array(req, &newest));
	db_read_end(req->db, began);
	if (home)  /* outside the read transaction: the first view of an announcement is recorded */
		home_announcements_json(req, ctx);
	home_spotlight_json(req, ctx);
	page_render(req, cs->error ? 422 : 200, "home", ctx, home ? N_("Home") : N_("Discover"));
}

void page_home(struct request *req)
{
	home_render(req, true, NULL);
}

void page_discover(struct request *req)
{
	if (!visibility_can_browse(req->viewer)) {
		page_error(req, 403, N_("This page is for colleagues in the organisation."));
		return;
	}
	home_render(req, false, NULL);
}

/* <li> items newer than ?after= for the "N new posts" bar. */
static void fragment(struct request *req, enum which w, int64_t topic_id)
{
	struct stream_range r;
	struct stream_page page;
	if (!range_from_query(req, &r))
		return;
	bool began = db_read_begin(req->db);
	if (load(req, w, topic_id, r, &page)) {
		db_read_end(req->db, began);
		unavailable(req);
		return;
	}
	json_t *items = post_view_items(req, &page);
	db_read_end(req->db, began);
	page_render_fragment(req, "stream_fragment", json_pack("{s:o}", "items", items));
}

void page_stream_fragment(struct request *req)
{
	const char *name = req_param(req, "name");
	if (!name || (strcmp(name, "home") && strcmp(name, "discover"))) {
		page_error(req, 404, N_("There is no such page."));
		return;
	}
	/* everyone has a home stream (guests and alumni: their groups); the
	 * organisation's is for those who may browse */
	if (strcmp(name, "discover") == 0 && !visibility_can_browse(req->viewer)) {
		page_error(req, 403, N_("This page is for colleagues in the organisation."));
		return;
	}
	fragment(req, strcmp(name, "home") == 0 ? HOME : DISCOVER, 0);
}

static struct topic *load_topic(struct request *req)
{
	struct topic *t = NULL;
	if (!visibility_can_browse(req->viewer)) {
		page_error(req, 403, N_("This page is for colleagues in the organisation."));
		return NULL;
	}
	int rc = topics_get(req->db, req->pool, req->viewer, req_param(req, "name"), &t);
	if (rc == PLEIN_NOTFOUND)
		page_error(req, 404, N_("There is no such topic yet. It appears when someone writes a post with it."));
	else if (rc)
		unavailable(req);
	return rc ? NULL : t;
}

void page_topic(struct request *req)
{
	struct topic *t = load_topic(req);
	struct stream_range r;
	struct stream_page page;
	if (!t || !range_from_query(req, &r))
		return;
	if (load(req, TOPIC, t->id, r, &page)) {
		unavailable(req);
		return;
	}
	struct strbuf base = STRBUF_INIT;
	(void)strbuf_addstr(&base, "/topics/");
	(void)strbuf_add_urlencoded(&base, t->key, strlen(t->key));
	json_t *ctx = json_object();
	json_object_set_new(ctx, "topic", json_pack("{s:s, s:s, s:I, s:I, s:b}", "name", t->name, "url", base.buf,
		"followers", (json_int_t)t->followers, "posts", (json_int_t)t->posts,
		"following", topics_following(req->db, req->viewer->id, t->id)));
	json_object_set_new(ctx, "stream", home_stream_json(req, &page, pool_printf(req->pool, "topic:%s", t->key),
		base.buf, T(req, N_("No posts on this topic that you can see."))));
	json_object_set_new(ctx, "can_follow", json_boolean(visibility_can_post(req->viewer)));
	/* "1 post", "12 posts": the count goes in after translating */
	const char *posts = pool_printf(req->pool, "%lld", (long long)t->posts);
	const char *n_followers = pool_printf(req->pool, "%lld", (long long)t->followers);
	json_object_set_new(ctx, "counts", json_string(pool_printf(req->pool, "%s · %s",
		social_subst(req->pool, T(req, t->posts == 1 ? N_("%s post") : N_("%s posts")), posts),
		social_subst(req->pool, T(req, t->followers == 1 ? N_("%s follower") : N_("%s followers")), n_followers))));
	struct people_page followers;
	if (people_topic_followers(req->db, req->pool, t->id, TOPIC_FOLLOWERS_SHOWN, &followers) == PLEIN_OK && followers.n)
		json_object_set_new(ctx, "followers", page_people_array(req, &followers));
	strbuf_release(&base);
	page_render(req, 200, "topic", ctx, t->name);
}

void page_topic_fragment(struct request *req)
{
	struct topic *t = load_topic(req);
	if (t)
		fragment(req, TOPIC, t->id);
}

static void topic_follow(struct request *req, bool on)
{
	struct topic *t = load_topic(req);
	if (!t)
		return;
	if (!visibility_can_post(req->viewer)) {
		page_error(req, 403, N_("You cannot follow topics."));
		return;
	}
	if (topics_follow(req->db, req->viewer->id, t->id, on)) {
		unavailable(req);
		return;
	}
	struct strbuf url = STRBUF_INIT;
	(void)strbuf_addstr(&url, "/topics/");
	(void)strbuf_add_urlencoded(&url, t->key, strlen(t->key));
	page_redirect(req, pool_strdup(req->pool, url.buf), NULL);
	strbuf_release(&url);
}

void page_topic_follow(struct request *req) { topic_follow(req, true); }
void page_topic_unfollow(struct request *req) { topic_follow(req, false); }

json_t *home_person_posts_json(struct request *req, const struct person *p, int limit)
{
	struct stream_page page;
	struct stream_range r = { .limit = limit };
	bool began = db_read_begin(req->db);
	int rc = stream_person(req->db, req->pool, req->viewer, p->id, r, &page);
	json_t *s = rc ? NULL : home_stream_json(req, &page, pool_printf(req->pool, "person:%lld", (long long)p->id),
		pool_printf(req->pool, "/people/%lld/posts", (long long)p->id), T(req, N_("No posts yet.")));
	db_read_end(req->db, began);
	if (!s)
		return json_null();
	if (page.next)  /* the profile shows a few: the rest on the person's own list */
		json_object_set_new(s, "more", json_string(pool_printf(req->pool, "/people/%lld/posts", (long long)p->id)));
	json_object_del(s, "next");
	return s;
}

void page_person_posts(struct request *req)
{
	int64_t id = req_param_id(req, "id");
	struct person *p = NULL;
	int rc = id ? people_get(req->db, req->pool, id, &p) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && !visibility_can_see_person(req->viewer, p))) {
		page_error(req, 404, N_("There is no such person."));
		return;
	}
	struct stream_range r;
	struct stream_page page;
	if (rc || !range_from_query(req, &r)) {
		if (rc)
			unavailable(req);
		return;
	}
	bool began = db_read_begin(req->db);
	rc = stream_person(req->db, req->pool, req->viewer, p->id, r, &page);
	json_t *stream = rc ? NULL : home_stream_json(req, &page, pool_printf(req->pool, "person:%lld", (long long)p->id),
		pool_printf(req->pool, "/people/%lld/posts", (long long)p->id), T(req, N_("No posts yet.")));
	db_read_end(req->db, began);
	if (!stream) {
		unavailable(req);
		return;
	}
	json_t *ctx = json_pack("{s:o, s:o}", "person", page_person_json(req, p), "stream", stream);
	page_render(req, 200, "person_posts", ctx, p->name);
}

/* live_deliver.c — the live hub's decisions: which open stream gets which
 * event, and with what data. A notification reaches its one recipient
 * (with their unread count); everything about a post reaches those who
 * may see the post (core/visibility.c decides, from the post loaded once
 * per event). `in_home` tells a client whether the post belongs in the
 * viewer's home stream. */
#include "jobs/live_int.h"
#include "core/follows.h"
#include "core/groups.h"
#include "core/notifications.h"
#include "core/posts.h"
#include "core/sessions.h"
#include "core/topics.h"
#include "core/visibility.h"
#include "http/sse.h"
#include <jansson.h>

/* ---- the viewer ---------------------------------------------------------- */

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static bool has_id(const int64_t *v, size_t n, int64_t id)
{
	return n && bsearch(&id, v, n, sizeof(*v), cmp_id) != NULL;
}

void live_sub_scope_reload(struct db *db, struct live_sub *s)
{
	struct pool *p = pool_new();
	struct person v = s->viewer;
	v.role = s->role;
	v.status = s->status;
	if (visibility_scope_load(db, p, &v) != PLEIN_OK) {
		pool_free(p);
		return;
	}
	if (s->scope_pool)
		pool_free(s->scope_pool);
	s->scope_pool = p;
	s->viewer.scope = v.scope;
}

bool live_sub_refresh(struct db *db, struct live_sub *s)
{
	struct pool *p = pool_new();
	struct person *who;
	int rc = sessions_alive(db, s->session_id);
	if (rc == PLEIN_OK)
		rc = people_get(db, p, s->viewer.id, &who);
	bool alive = rc == PLEIN_OK && strcmp(who->status, "active") == 0;
	if (rc != PLEIN_OK && rc != PLEIN_NOTFOUND)
		alive = true; /* the database hiccupped: keep the stream, look again later */
	else if (alive) {
		snprintf(s->role, sizeof(s->role), "%s", who->role);
		snprintf(s->status, sizeof(s->status), "%s", who->status);
	}
	pool_free(p);
	if (!alive)
		return false;
	live_sub_scope_reload(db, s);
	int64_t *ids;
	size_t n;
	if (follows_followee_ids(db, s->viewer.id, LIVE_FOLLOWS_MAX, &ids, &n) == PLEIN_OK) {
		free(s->people);
		s->people = ids;
		s->n_people = n;
	}
	if (topics_followed_ids(db, s->viewer.id, LIVE_FOLLOWS_MAX, &ids, &n) == PLEIN_OK) {
		free(s->topics);
		s->topics = ids;
		s->n_topics = n;
	}
	return true;
}

/* ---- the post an event is about, loaded once ---------------------------- */

struct facts {
	bool loaded, found;
	struct pool *pool;
	struct post *post;           /* as posts_get reads it */
	struct post before;          /* post_moved: the post where it was (its group as that is now) */
	char *gone;                  /* post_moved: the data for those who saw it before and no longer do */
	int64_t topic_ids[POST_TOPICS_MAX];
	const char *topic_names[POST_TOPICS_MAX];
	size_t n_topics;
	char *data[2];               /* JSON with in_home false / true */
};

static void load_facts(struct db *db, int64_t post_id, struct facts *f)
{
	f->loaded = true;
	f->pool = pool_new();
	if (posts_get(db, f->pool, post_id, &f->post) != PLEIN_OK)
		return;
	f->found = topics_of_post(db, f->pool, post_id, f->topic_ids, f->topic_names, POST_TOPICS_MAX,
	                          &f->n_topics) == PLEIN_OK;
}

/* Where a moved post was: in group `from` (its kind as it is now), or in
 * the organisation (taken as public, the widest: being told that a post
 * went reveals nothing but its id). */
static void load_before(struct db *db, const struct event *ev, struct facts *f)
{
	f->before = *f->post;
	f->before.group_id = ev->person_id;
	f->before.group_kind = NULL;
	f->before.visibility = ev->person_id ? "group" : "public";
	struct group *g;
	if (ev->person_id && groups_get(db, f->pool, ev->person_id, &g) == PLEIN_OK && !g->deleted_at)
		f->before.group_kind = g->kind;
	json_t *o = json_pack("{s:I, s:b}", "post_id", (json_int_t)ev->post_id, "visible", 0);
	f->gone = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
}

static void facts_free(struct facts *f)
{
	pool_free(f->pool);
	free(f->gone);
	free(f->data[0]);
	free(f->data[1]);
}

static bool in_home(const struct live_sub *s, const struct facts *f)
{
	/* owner_id: the viewer's own post (an anonymous question too); author.id
	 * is 0 for an anonymous post, so following its asker never brings it */
	if (strcmp(f->post->kind, "announcement") == 0 || f->post->owner_id == s->viewer.id ||
	    (!f->post->anonymous && has_id(s->people, s->n_people, f->post->author.id)))
		return true;
	/* the home stream has the posts of the viewer's groups (stream_home) */
	if (f->post->group_id && (visibility_group_role(&s->viewer, f->post->group_id) ||
	                          f->post->group_id == visibility_implicit_group(&s->viewer)))
		return true;
	for (size_t i = 0; i < f->n_topics; i++)
		if (has_id(s->topics, s->n_topics, f->topic_ids[i]))
			return true;
	return false;
}

static const char *post_data(const struct event *ev, struct facts *f, bool home)
{
	if (!f->data[home]) {
		json_t *topics = json_array();
		for (size_t i = 0; i < f->n_topics; i++)
			json_array_append_new(topics, json_string(f->topic_names[i]));
		json_t *o = json_pack("{s:I, s:I, s:o, s:b}", "post_id", (json_int_t)ev->post_id, "author_id",
		                      (json_int_t)f->post->author.id, "topics", topics, "in_home", home);
		if (o && ev->comment_id)
			json_object_set_new(o, "comment_id", json_integer(ev->comment_id));
		/* the board's group columns (static/app.js): a viewer given this
		 * event may see the post, so its group too */
		if (o && f->post->group_id)
			json_object_set_new(o, "group_id", json_integer(f->post->group_id));
		if (o && !strcmp(ev->kind, "post_moved"))
			json_object_set_new(o, "visible", json_true());
		f->data[home] = o ? json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
		json_decref(o);
	}
	return f->data[home];
}

/* ---- delivery ----------------------------------------------------------- */

static void send(struct live_sub *s, const struct event *ev, const char *data)
{
	if (!data)
		return;
	if (http_stream_event(s->stream, ev->id, ev->kind, data))
		s->sent_id = ev->id;
	else
		s->gone = true;
}

static bool is_post_kind(const char *k)
{
	return !strcmp(k, "post") || !strcmp(k, "post_edited") || !strcmp(k, "post_deleted") ||
	       !strcmp(k, "comment") || !strcmp(k, "reaction") || !strcmp(k, "post_moved");
}

/* May the subscriber see p? Access through a group membership is confirmed
 * with the groups as they are now (the scope is otherwise reloaded every
 * LIVE_RECHECK_SECONDS): someone removed from a group a moment ago gets
 * nothing more of it. */
static bool may_see(struct db *db, struct live_sub *s, const struct post *p)
{
	if (!visibility_can_see_post(&s->viewer, p))
		return false;
	if (!p->group_id || !visibility_group_role(&s->viewer, p->group_id))
		return true;
	live_sub_scope_reload(db, s);
	return visibility_can_see_post(&s->viewer, p);
}

static void deliver_notification(struct db *db, const struct event *ev, struct live_sub *list,
                                 struct live_sub *only)
{
	char *data = NULL;
	for (struct live_sub *s = only ? only : list; s; s = only ? NULL : s->next) {
		if (s->gone || ev->id <= s->sent_id || s->viewer.id != ev->person_id)
			continue;
		if (!data) {
			int64_t unread = 0;
			if (notifications_unread_count(db, ev->person_id, &unread))
				return;
			json_t *o = json_pack("{s:I}", "unread", (json_int_t)unread);
			if (ev->post_id)
				json_object_set_new(o, "post_id", json_integer(ev->post_id));
			if (ev->comment_id)
				json_object_set_new(o, "comment_id", json_integer(ev->comment_id));
			data = json_dumps(o, JSON_COMPACT);
			json_decref(o);
		}
		send(s, ev, data);
	}
	free(data);
}

/* A person's role or status changed: their streams are checked now, and
 * closed when the person may no longer have them (deactivated). */
static void recheck_person(struct db *db, const struct event *ev, struct live_sub *list, struct live_sub *only)
{
	for (struct live_sub *s = only ? only : list; s; s = only ? NULL : s->next) {
		if (s->gone || s->viewer.id != ev->person_id)
			continue;
		if (!live_sub_refresh(db, s)) {
			http_stream_close(s->stream);
			s->gone = true;
		}
	}
}

/* A group's kind changed, it was deleted, or someone left it: those who
 * could read it before (its old kind, their groups as loaded) and cannot
 * now are told its id, so their open pages drop its posts. Nobody else
 * hears of it. */
static void group_changed(struct db *db, const struct event *ev, struct live_sub *list, struct live_sub *only)
{
	static const char *const kinds[] = { "open", "closed", "secret" };
	struct group before = { .id = ev->person_id,
	                        .kind = kinds[ev->comment_id >= 0 && ev->comment_id <= 2 ? ev->comment_id : 2] };
	struct pool *p = pool_new();
	struct group *now = NULL;
	if (groups_get(db, p, ev->person_id, &now) != PLEIN_OK)
		now = NULL;
	char data[48];
	snprintf(data, sizeof(data), "{\"group_id\":%lld}", (long long)ev->person_id);
	for (struct live_sub *s = only ? only : list; s; s = only ? NULL : s->next) {
		if (s->gone || ev->id <= s->sent_id)
			continue;
		s->viewer.role = s->role;
		s->viewer.status = s->status;
		if (!visibility_can_read_group(&s->viewer, &before))
			continue;
		live_sub_scope_reload(db, s);
		if (now && visibility_can_read_group(&s->viewer, now))
			continue;
		send(s, ev, data);
	}
	pool_free(p);
}

void live_deliver(struct db *db, const struct event *ev, struct live_sub *list, struct live_sub *only)
{
	if (!strcmp(ev->kind, "group_changed")) {
		group_changed(db, ev, list, only);
		return;
	}
	if (!strcmp(ev->kind, "notification")) {
		deliver_notification(db, ev, list, only);
		return;
	}
	if (!strcmp(ev->kind, "person")) {
		recheck_person(db, ev, list, only);
		return;
	}
	if (!is_post_kind(ev->kind) || !ev->post_id)
		return;   /* a kind this version does not know: nothing to say */
	struct facts f = { 0 };
	for (struct live_sub *s = only ? only : list; s; s = only ? NULL : s->next) {
		if (s->gone || ev->id <= s->sent_id)
			continue;
		bool moved = !strcmp(ev->kind, "post_moved");
		if (!f.loaded) {
			load_facts(db, ev->post_id, &f);
			if (f.found && moved)
				load_before(db, ev, &f);
		}
		if (!f.found)
			break;
		/* a deletion is news to those who could see the post before it */
		struct post p = *f.post;
		if (!strcmp(ev->kind, "post_deleted"))
			p.deleted_at = 0;
		s->viewer.role = s->role;
		s->viewer.status = s->status;
		if (!may_see(db, s, &p)) {
			/* a move: those who saw it where it was are told it went (its id only) */
			if (moved && visibility_can_see_post(&s->viewer, &f.before))
				send(s, ev, f.gone);
			continue;
		}
		send(s, ev, post_data(ev, &f, in_home(s, &f)));
	}
	if (f.loaded)
		facts_free(&f);
}

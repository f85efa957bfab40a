/* live_deliver.c — the live hub's decisions: which open stream gets which
 * event, and with what data. A notification reaches its one recipient
 * (with their unread count); everything about a post reaches those who
 * may see the post (core/visibility.c decides, from the post loaded once
 * per event). `in_home` tells a client whether the post belongs in the
 * viewer's home stream. */
#include "jobs/live_int.h"
#include "core/posts.h"
#include "core/sessions.h"
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

/* The ids of one column, sorted (the query orders them), at most LIVE_FOLLOWS_MAX. */
static int load_ids(struct db *db, const char *sql, int64_t person, int64_t **out, size_t *n_out)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, person);
	db_bind_int(st, 2, LIVE_FOLLOWS_MAX);
	size_t n = 0, cap = 0;
	int64_t *v = NULL;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[n++] = db_col_int(st, 0);
	}
	db_done(st);
	if (rc < 0) {
		free(v);
		return rc;
	}
	free(*out);
	*out = v;
	*n_out = n;
	return PLEIN_OK;
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
	/* TODO(merge): follows.c / topics.c own these tables once merged */
	(void)load_ids(db, "SELECT followee_id FROM follows WHERE follower_id = ? ORDER BY followee_id LIMIT ?",
	               s->viewer.id, &s->people, &s->n_people);
	(void)load_ids(db, "SELECT topic_id FROM topic_follows WHERE person_id = ? ORDER BY topic_id LIMIT ?",
	               s->viewer.id, &s->topics, &s->n_topics);
	return true;
}

/* ---- the post an event is about, loaded once ---------------------------- */

struct facts {
	bool loaded, found;
	struct post post;            /* author.id, kind, visibility, deleted_at */
	char kind[16], visibility[16];
	int64_t topic_ids[POST_TOPICS_MAX];
	size_t n_topics;
	json_t *topics;              /* the names, for clients' topic streams */
	char *data[2];               /* JSON with in_home false / true */
};

/* TODO(merge): posts_get and posts_topics (core/posts.c) once merged; the
 * rule itself stays visibility_can_see_post either way. */
static void load_facts(struct db *db, int64_t post_id, struct facts *f)
{
	f->loaded = true;
	f->topics = json_array();
	struct db_stmt *st = db_prepare(db,
		"SELECT author_id, kind, visibility, coalesce(deleted_at, 0) FROM posts WHERE id = ?");
	if (!st)
		return;
	db_bind_int(st, 1, post_id);
	if (db_step(st) == DB_ROW) {
		f->found = true;
		f->post.id = post_id;
		f->post.author.id = db_col_int(st, 0);
		snprintf(f->kind, sizeof(f->kind), "%s", db_col_text(st, 1));
		snprintf(f->visibility, sizeof(f->visibility), "%s", db_col_text(st, 2));
		f->post.deleted_at = db_col_int(st, 3);
		f->post.kind = f->kind;
		f->post.visibility = f->visibility;
	}
	db_done(st);
	if (!f->found)
		return;
	st = db_prepare(db,
		"SELECT t.id, t.name FROM post_topics pt JOIN topics t ON t.id = pt.topic_id "
		"WHERE pt.post_id = ? ORDER BY t.id LIMIT ?");
	if (!st)
		return;
	db_bind_int(st, 1, post_id);
	db_bind_int(st, 2, POST_TOPICS_MAX);
	while (db_step(st) == DB_ROW && f->n_topics < POST_TOPICS_MAX) {
		f->topic_ids[f->n_topics++] = db_col_int(st, 0);
		json_array_append_new(f->topics, json_string(db_col_text(st, 1)));
	}
	db_done(st);
}

static void facts_free(struct facts *f)
{
	json_decref(f->topics);
	free(f->data[0]);
	free(f->data[1]);
}

static bool in_home(const struct live_sub *s, const struct facts *f)
{
	if (strcmp(f->kind, "announcement") == 0 || f->post.author.id == s->viewer.id ||
	    has_id(s->people, s->n_people, f->post.author.id))
		return true;
	for (size_t i = 0; i < f->n_topics; i++)
		if (has_id(s->topics, s->n_topics, f->topic_ids[i]))
			return true;
	return false;
}

static const char *post_data(const struct event *ev, struct facts *f, bool home)
{
	if (!f->data[home]) {
		json_t *o = json_pack("{s:I, s:I, s:O, s:b}", "post_id", (json_int_t)ev->post_id, "author_id",
		                      (json_int_t)f->post.author.id, "topics", f->topics, "in_home", home);
		if (o && ev->comment_id)
			json_object_set_new(o, "comment_id", json_integer(ev->comment_id));
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
	       !strcmp(k, "comment") || !strcmp(k, "reaction");
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
			/* TODO(merge): the notifications module's unread count */
			if (db_query_int(db, &unread,
			                 "SELECT count(*) FROM notifications WHERE person_id = ? AND read_at IS NULL", "i",
			                 ev->person_id))
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

void live_deliver(struct db *db, const struct event *ev, struct live_sub *list, struct live_sub *only)
{
	if (!strcmp(ev->kind, "notification")) {
		deliver_notification(db, ev, list, only);
		return;
	}
	if (!is_post_kind(ev->kind) || !ev->post_id)
		return;   /* a kind this version does not know: nothing to say */
	struct facts f = { 0 };
	for (struct live_sub *s = only ? only : list; s; s = only ? NULL : s->next) {
		if (s->gone || ev->id <= s->sent_id)
			continue;
		if (!f.loaded)
			load_facts(db, ev->post_id, &f);
		if (!f.found)
			break;
		/* a deletion is news to those who could see the post before it */
		struct post p = f.post;
		if (!strcmp(ev->kind, "post_deleted"))
			p.deleted_at = 0;
		s->viewer.role = s->role;
		s->viewer.status = s->status;
		if (!visibility_can_see_post(&s->viewer, &p))
			continue;
		send(s, ev, post_data(ev, &f, in_home(s, &f)));
	}
	if (f.loaded)
		facts_free(&f);
}

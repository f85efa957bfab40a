/* notifications.c — in-app notifications (table `notifications`, settings
 * in `notification_settings`; migration 0007): adding them in the writer's
 * transaction, listing them for their recipient with what each is about
 * (checked against the post's visibility when read), unread counts, marking
 * read and the per-kind settings. */
#include "core/notifications.h"
#include "core/events.h"
#include "core/people.h"
#include "core/posts.h"
#include "core/groups.h"
#include "core/visibility.h"
#include "lib/strbuf.h"
#include <cmark-gfm.h>
#include <time.h>

const char *const notification_kinds[NOTIFICATION_KINDS] = { "mention", "reply", "reaction", "praise", "follow",
                                                              "groups", "questions" };

/* Bytes of a body read for a snippet: 120 characters of text rarely need
 * more Markdown than this, and it bounds the parsing per notification. */
#define SNIPPET_SOURCE_MAX 1200

bool notifications_kind_valid(const char *kind)
{
	for (size_t i = 0; kind && i < NOTIFICATION_KINDS; i++)
		if (strcmp(kind, notification_kinds[i]) == 0)
			return true;
	return false;
}

/* The setting a kind follows: itself, or "questions" for the three question
 * kinds (core/questions.c); NULL for an unknown kind. */
static const char *setting_of(const char *kind)
{
	if (kind && (strcmp(kind, "question_asked") == 0 || strcmp(kind, "question_answered") == 0 ||
	             strcmp(kind, "answer_accepted") == 0))
		return "questions";
	return notifications_kind_valid(kind) && strcmp(kind, "groups") != 0 && strcmp(kind, "questions") != 0 ? kind
	                                                                                                        : NULL;
}

int notifications_add(struct db *db, int64_t person_id, const char *kind, int64_t actor_id,
                      int64_t post_id, int64_t comment_id)
{
	const char *setting = setting_of(kind);
	if (person_id == actor_id || !setting)
		return PLEIN_OK;
	int64_t enabled = 1;
	int rc = db_query_int(db, &enabled,
		"SELECT enabled FROM notification_settings WHERE person_id = ? AND kind = ?", "is", person_id, setting);
	if (rc != PLEIN_OK && rc != PLEIN_NOTFOUND)
		return rc;
	if (!enabled)
		return PLEIN_OK;
	/* a notification about a post only to someone who may see it now (the
	 * author of a post in a group they left, a recipient since made alumni):
	 * not even its id may reach them, live or in the list */
	if (post_id) {
		struct pool *pl = pool_new();
		struct person *who;
		struct post *post;
		rc = visibility_person_get(db, pl, person_id, &who);
		if (rc == PLEIN_OK)
			rc = posts_get(db, pl, post_id, &post);
		bool may = rc == PLEIN_OK && visibility_can_see_post(who, post);
		pool_free(pl);
		if (rc != PLEIN_OK && rc != PLEIN_NOTFOUND)
			return rc;
		if (!may)
			return PLEIN_OK;
	}
	/* toggling a reaction or a follow off and on again must not pile up
	 * notifications: one unread of the same kind, actor and post is enough */
	if (strcmp(kind, "reaction") == 0 || strcmp(kind, "follow") == 0) {
		int64_t one;
		rc = db_query_int(db, &one,
			"SELECT 1 FROM notifications WHERE person_id = ? AND read_at IS NULL AND kind = ? AND actor_id = ? "
			"AND coalesce(post_id, 0) = ?", "isii", person_id, kind, actor_id, post_id);
		if (rc == PLEIN_OK)
			return PLEIN_OK;
		if (rc != PLEIN_NOTFOUND)
			return rc;
	}
	rc = db_exec(db,
		"INSERT INTO notifications(person_id, kind, actor_id, post_id, comment_id, created_at) "
		"VALUES (?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), ?)",
		"isiiii", person_id, kind, actor_id, post_id, comment_id, (int64_t)time(NULL));
	if (rc != PLEIN_OK)
		return rc;
	return events_add(db, "notification", post_id, comment_id, person_id);
}

static const char *const group_kinds[] = { "group_invite", "group_request", "group_joined" };

int notifications_add_group(struct db *db, int64_t person_id, const char *kind, int64_t actor_id, int64_t group_id)
{
	bool known = false;
	for (size_t i = 0; kind && i < ARRAY_LEN(group_kinds); i++)
		known |= strcmp(kind, group_kinds[i]) == 0;
	if (person_id == actor_id || !known || group_id <= 0)
		return PLEIN_OK;
	int64_t enabled = 1;
	int rc = db_query_int(db, &enabled,
		"SELECT enabled FROM notification_settings WHERE person_id = ? AND kind = 'groups'", "i", person_id);
	if (rc != PLEIN_OK && rc != PLEIN_NOTFOUND)
		return rc;
	if (!enabled)
		return PLEIN_OK;
	rc = db_exec(db,
		"INSERT INTO notifications(person_id, kind, actor_id, group_id, created_at) VALUES (?, ?, ?, ?, ?)",
		"isiii", person_id, kind, actor_id, group_id, (int64_t)time(NULL));
	if (rc != PLEIN_OK)
		return rc;
	return events_add(db, "notification", 0, 0, person_id);
}

/* ---- snippets ------------------------------------------------------------ */

/* Append a space unless the text is empty or already ends in one. */
static void add_space(struct strbuf *b)
{
	if (b->len && b->buf[b->len - 1] != ' ')
		(void)strbuf_addch(b, ' ');
}

/* Append s with every run of whitespace as one space. Control characters
 * count as whitespace: stored text has none, but an entity such as
 * "&#x85;" decodes to one. */
static void add_collapsed(struct strbuf *b, const char *s)
{
	for (; *s && !b->toobig; s++) {
		unsigned char c = (unsigned char)*s;
		if (c <= ' ' || c == 0x7f) {
			add_space(b);
		} else if (c == 0xc2 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] <= 0x9f) {
			add_space(b);  /* C1 control, U+0080 … U+009F */
			s++;
		} else {
			(void)strbuf_addch(b, *s);
		}
	}
}

const char *notifications_snippet(struct pool *p, const char *markdown, size_t len)
{
	if (!markdown || !len)
		return "";
	if (len > SNIPPET_SOURCE_MAX) {
		/* cut at the bound, but not inside a character */
		len = SNIPPET_SOURCE_MAX;
		while (len && ((unsigned char)markdown[len] & 0xc0) == 0x80)
			len--;
	}
	cmark_node *doc = cmark_parse_document(markdown, len, CMARK_OPT_DEFAULT);
	if (!doc)
		return "";
	/* the text of text and code nodes only: raw HTML is dropped, links and
	 * mentions keep their words, blocks are separated by a space */
	struct strbuf b;
	strbuf_init(&b, SNIPPET_SOURCE_MAX * 2);
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE && !b.toobig) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(node);
		if (ev == CMARK_EVENT_EXIT) {
			if (type != CMARK_NODE_DOCUMENT && (type & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK)
				add_space(&b);
			continue;
		}
		if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE || type == CMARK_NODE_CODE_BLOCK) {
			const char *lit = cmark_node_get_literal(node);
			add_collapsed(&b, lit ? lit : "");
			if (type == CMARK_NODE_CODE_BLOCK)
				add_space(&b);
		} else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) {
			add_space(&b);
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	/* trim, then cut at NOTIFICATION_SNIPPET_MAX code points */
	const char *s = b.buf ? b.buf : "";
	size_t n = b.len;
	while (n && s[n - 1] == ' ')
		n--;
	while (n && *s == ' ')
		s++, n--;
	size_t chars = 0, cut = n;
	for (size_t i = 0; i < n; i++) {
		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;
		if (chars == NOTIFICATION_SNIPPET_MAX) {
			cut = i;
			break;
		}
		chars++;
	}
	const char *out;
	if (cut < n) {
		while (cut && s[cut - 1] == ' ')
			cut--;
		out = pool_printf(p, "%.*s…", (int)cut, s);
	} else {
		out = pool_strndup(p, s, n);
	}
	strbuf_release(&b);
	return out;
}

/* ---- reading ----------------------------------------------------------- */

/* One query for the list and for one notification: the actor, the post and
 * comment it is about, and for a reaction the actor's latest reaction. */
#define SELECT_NOTIFICATION \
	"SELECT n.id, n.kind, n.actor_id, a.name, a.photo, coalesce(n.post_id, 0), coalesce(n.comment_id, 0), " \
	"n.read_at IS NOT NULL, n.created_at, p.id IS NOT NULL, p.visibility, coalesce(p.deleted_at, 0), " \
	"p.author_id, coalesce(p.group_id, 0), p.kind, p.badge, substr(p.body, 1, 1200), c.id IS NOT NULL, " \
	"coalesce(c.deleted_at, 0), c.post_id, substr(c.body, 1, 1200), " \
	"coalesce(pc.author_id, 0) = n.person_id, " \
	"(SELECT r.kind FROM reactions r WHERE n.kind = 'reaction' AND r.post_id = n.post_id " \
	"  AND r.person_id = n.actor_id ORDER BY r.created_at DESC LIMIT 1), " \
	"coalesce(n.group_id, 0), " \
	"CASE WHEN pg.deleted_at IS NULL THEN pg.kind END, " \
	"EXISTS (SELECT 1 FROM posts q WHERE q.id = coalesce(p.parent_id, p.id) AND q.kind = 'question' " \
	"  AND q.anonymous = 1 AND q.author_id = n.actor_id) " \
	"FROM notifications n JOIN people a ON a.id = n.actor_id " \
	"LEFT JOIN posts p ON p.id = n.post_id " \
	"LEFT JOIN groups pg ON pg.id = p.group_id " \
	"LEFT JOIN comments c ON c.id = n.comment_id " \
	"LEFT JOIN comments pc ON pc.id = c.parent_id "

/* A group notification is shown while the recipient may see the group
 * (a declined invitation, a group turned secret or deleted: gone). */
static void read_group_part(struct db *db, struct pool *pl, const struct person *viewer, struct notification *x)
{
	struct group *g = NULL;
	if (groups_get(db, pl, x->group_id, &g) != PLEIN_OK || !visibility_can_see_group(viewer, g)) {
		x->gone = true;
		x->group_id = 0;
		return;
	}
	x->group_name = g->name;
}

static void read_row(struct pool *pl, const struct person *viewer, struct db_stmt *st, struct notification *x)
{
	x->id = db_col_int(st, 0);
	x->kind = pool_strdup(pl, db_col_text(st, 1));
	x->actor_id = db_col_int(st, 2);
	x->actor_name = pool_strdup(pl, db_col_text(st, 3));
	x->actor_photo = pool_strdup(pl, db_col_text(st, 4));
	/* the actor is the anonymous asker of the question whose thread it is
	 * about (the question, its answers, their comments and reactions):
	 * decided before anything else, and also when the post is gone */
	if (db_col_int(st, 25)) {
		x->actor_id = 0;
		x->actor_name = "";
		x->actor_photo = "";
		x->actor_hidden = true;
	}
	x->post_id = db_col_int(st, 5);
	x->comment_id = db_col_int(st, 6);
	x->read = db_col_int(st, 7) != 0;
	x->created_at = db_col_int(st, 8);
	x->text = "";
	x->group_id = db_col_int(st, 23);
	if (!x->post_id)
		return;  /* a follow: about a person; a group's: see read_group_part */
	/* visibility is decided now, for the recipient as they are now */
	struct post post = {
		.id = x->post_id, .visibility = db_col_text(st, 10), .deleted_at = db_col_int(st, 11),
		.owner_id = db_col_int(st, 12), .group_id = db_col_int(st, 13), .kind = db_col_text(st, 14),
		/* the post's group as it is now: turned secret, the snippet is gone for non-members */
		.group_kind = db_col_null(st, 24) ? NULL : db_col_text(st, 24),
	};
	if (!db_col_int(st, 9) || !visibility_can_see_post(viewer, &post)) {
		x->gone = true;
		x->post_id = x->comment_id = 0;
		return;
	}
	if (strcmp(x->kind, "praise") == 0 && !db_col_null(st, 15))
		x->badge = pool_strdup(pl, db_col_text(st, 15));
	if (!db_col_null(st, 22))
		x->reaction = pool_strdup(pl, db_col_text(st, 22));
	if (x->comment_id) {
		/* a comment deleted since (or not on this post) is not shown */
		if (!db_col_int(st, 17) || db_col_int(st, 18) || db_col_int(st, 19) != x->post_id) {
			x->comment_id = 0;
			return;
		}
		x->to_comment = db_col_int(st, 21) != 0;
		x->text = notifications_snippet(pl, db_col_text(st, 20), db_col_len(st, 20));
	} else {
		x->text = notifications_snippet(pl, db_col_text(st, 16), db_col_len(st, 16));
	}
}

int notifications_list(struct db *db, struct pool *p, const struct person *viewer, int64_t before,
                       bool unread_only, int limit, struct notification **out, size_t *n, int64_t *next)
{
	*out = NULL;
	*n = 0;
	*next = 0;
	if (limit < 1 || limit > NOTIFICATIONS_PAGE_MAX)
		limit = NOTIFICATIONS_PAGE;
	struct db_stmt *st = db_prepare(db, SELECT_NOTIFICATION
		"WHERE n.person_id = ? AND n.id < ? AND (? = 0 OR n.read_at IS NULL) ORDER BY n.id DESC LIMIT ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, viewer->id);
	db_bind_int(st, 2, before > 0 ? before : INT64_MAX);
	db_bind_int(st, 3, unread_only);
	db_bind_int(st, 4, limit + 1);  /* one more tells whether there is a next page */
	struct notification *items = pool_zalloc(p, sizeof(*items) * (size_t)(limit + 1));
	size_t k = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (k == (size_t)limit) {
			*next = items[k - 1].id;
			break;
		}
		read_row(p, viewer, st, &items[k++]);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < k; i++)
		if (items[i].group_id)
			read_group_part(db, p, viewer, &items[i]);
	*out = items;
	*n = k;
	return PLEIN_OK;
}

int notifications_get(struct db *db, struct pool *p, const struct person *viewer, int64_t id,
                      struct notification **out)
{
	*out = NULL;
	struct db_stmt *st = db_prepare(db, SELECT_NOTIFICATION "WHERE n.id = ? AND n.person_id = ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, viewer->id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*out = pool_zalloc(p, sizeof(**out));
		read_row(p, viewer, st, *out);
		rc = PLEIN_OK;
	} else if (rc == DB_DONE) {
		rc = PLEIN_NOTFOUND;
	}
	db_done(st);
	if (rc == PLEIN_OK && (*out)->group_id)
		read_group_part(db, p, viewer, *out);
	return rc;
}

int notifications_unread_count(struct db *db, int64_t person_id, int64_t *n)
{
	*n = 0;
	return db_query_int(db, n, "SELECT count(*) FROM notifications WHERE person_id = ? AND read_at IS NULL",
	                    "i", person_id);
}

/* ---- marking read -------------------------------------------------------- */

static int finish_marking(struct db *db, int64_t person_id, int total, int *changed)
{
	int rc = total ? events_add(db, "notification", 0, 0, person_id) : PLEIN_OK;
	if (rc == PLEIN_OK)
		rc = db_commit(db);
	if (rc != PLEIN_OK) {
		db_rollback(db);
		return rc;
	}
	if (total)
		events_poke();  /* the person's other pages update their count */
	if (changed)
		*changed = total;
	return PLEIN_OK;
}

int notifications_mark_read(struct db *db, int64_t person_id, const int64_t *ids, size_t n, int *changed)
{
	if (changed)
		*changed = 0;
	if (n > NOTIFICATIONS_MARK_MAX)
		return PLEIN_TOOBIG;
	int rc = db_begin(db), total = 0;
	if (rc != PLEIN_OK)
		return rc;
	int64_t now = (int64_t)time(NULL);
	for (size_t i = 0; i < n; i++) {
		/* person_id in the condition: nobody marks another's notifications */
		rc = db_exec(db, "UPDATE notifications SET read_at = ? WHERE id = ? AND person_id = ? AND read_at IS NULL",
		             "iii", now, ids[i], person_id);
		if (rc != PLEIN_OK) {
			db_rollback(db);
			return rc;
		}
		total += db_changes(db);
	}
	return finish_marking(db, person_id, total, changed);
}

int notifications_mark_all_read(struct db *db, int64_t person_id, int *changed)
{
	if (changed)
		*changed = 0;
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	rc = db_exec(db, "UPDATE notifications SET read_at = ? WHERE person_id = ? AND read_at IS NULL", "ii",
	             (int64_t)time(NULL), person_id);
	if (rc != PLEIN_OK) {
		db_rollback(db);
		return rc;
	}
	return finish_marking(db, person_id, db_changes(db), changed);
}

/* ---- settings ------------------------------------------------------------ */

int notifications_settings_get(struct db *db, int64_t person_id, bool enabled[NOTIFICATION_KINDS])
{
	for (size_t i = 0; i < NOTIFICATION_KINDS; i++)
		enabled[i] = true;
	struct db_stmt *st = db_prepare(db, "SELECT kind, enabled FROM notification_settings WHERE person_id = ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, person_id);
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		for (size_t i = 0; i < NOTIFICATION_KINDS; i++)
			if (strcmp(db_col_text(st, 0), notification_kinds[i]) == 0)
				enabled[i] = db_col_int(st, 1) != 0;
	db_done(st);
	return rc < 0 ? rc : PLEIN_OK;
}

int notifications_settings_set(struct db *db, int64_t person_id, const bool enabled[NOTIFICATION_KINDS])
{
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	for (size_t i = 0; rc == PLEIN_OK && i < NOTIFICATION_KINDS; i++)
		rc = db_exec(db, "INSERT INTO notification_settings(person_id, kind, enabled) VALUES (?, ?, ?) "
		                 "ON CONFLICT(person_id, kind) DO UPDATE SET enabled = excluded.enabled",
		             "isi", person_id, notification_kinds[i], (int64_t)enabled[i]);
	if (rc == PLEIN_OK)
		rc = db_commit(db);
	if (rc != PLEIN_OK)
		db_rollback(db);
	return rc;
}

/* board.c — see board.h. The board_columns table's SQL lives here; what a
 * column shows comes from search_run and the stream functions, which
 * filter by core/visibility.c, and the target itself is checked with
 * visibility.c every time a column is shown. */
#include "core/board.h"
#include "core/groups.h"
#include "core/i18n.h"
#include "core/saved_searches.h"
#include "core/search.h"
#include "core/stream.h"
#include "core/topics.h"
#include "core/visibility.h"
#include "lib/strbuf.h"
#include <time.h>

static const char *const kinds[] = { "search", "topic", "group", "person" };

bool board_kind_valid(const char *kind)
{
	for (size_t i = 0; kind && i < ARRAY_LEN(kinds); i++)
		if (!strcmp(kind, kinds[i]))
			return true;
	return false;
}

static void row(struct db_stmt *st, struct pool *p, struct board_column *c)
{
	c->id = db_col_int(st, 0);
	c->person_id = db_col_int(st, 1);
	c->position = (int)db_col_int(st, 2);
	c->kind = pool_strdup(p, db_col_text(st, 3));
	c->ref = db_col_int(st, 4);
	c->created_at = db_col_int(st, 5);
}

#define COLS "id, person_id, position, kind, ref, created_at"

int board_columns_list(struct db *db, struct pool *p, int64_t owner, struct board_column **out, size_t *n)
{
	*out = pool_zalloc(p, BOARD_COLUMNS_MAX * sizeof(**out));
	*n = 0;
	struct db_stmt *st = db_prepare(db, "SELECT " COLS " FROM board_columns WHERE person_id = ? "
	                                    "ORDER BY position, id LIMIT 12");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, owner);
	int rc;
	while ((rc = db_step(st)) == DB_ROW && *n < BOARD_COLUMNS_MAX)
		row(st, p, &(*out)[(*n)++]);
	db_done(st);
	return rc < 0 ? rc : PLEIN_OK;
}

int board_column_get(struct db *db, struct pool *p, int64_t owner, int64_t id, struct board_column **out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " COLS " FROM board_columns WHERE id = ? AND person_id = ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, owner);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*out = pool_zalloc(p, sizeof(**out));
		row(st, p, *out);
	}
	db_done(st);
	return rc == DB_ROW ? PLEIN_OK : rc == DB_DONE ? PLEIN_NOTFOUND : rc;
}

/* May viewer have a column of this target now? PLEIN_OK, or why not. */
static int target_check(struct db *db, struct pool *p, const struct person *viewer, const char *kind, int64_t ref,
                        const char **msg)
{
	if (!strcmp(kind, "search")) {
		struct saved_search *s;
		int rc = saved_searches_get(db, p, viewer->id, ref, &s);
		if (rc == PLEIN_NOTFOUND)
			*msg = N_("There is no such saved search.");
		return rc;
	}
	if (!strcmp(kind, "topic") || !strcmp(kind, "person")) {
		/* as their pages (POL_BROWSE): guests and alumni have none */
		if (!visibility_can_browse(viewer)) {
			*msg = !strcmp(kind, "topic") ? N_("Topics are for colleagues in the organisation.")
			                              : N_("Columns of people are for colleagues in the organisation.");
			return PLEIN_DENIED;
		}
	}
	if (!strcmp(kind, "topic")) {
		const char *name;
		struct topic *t;
		int rc = topics_name_of(db, p, ref, &name);
		if (rc == PLEIN_OK)
			rc = topics_get(db, p, viewer, name, &t);
		if (rc == PLEIN_NOTFOUND)
			*msg = N_("There is no such topic.");
		return rc;
	}
	if (!strcmp(kind, "group")) {
		struct group *g;
		int rc = groups_get(db, p, ref, &g);
		if (rc == PLEIN_OK && (g->deleted_at || !visibility_can_see_group(viewer, g)))
			rc = PLEIN_NOTFOUND;
		if (rc == PLEIN_NOTFOUND) {
			*msg = N_("There is no such group.");
			return rc;
		}
		if (rc == PLEIN_OK && !visibility_can_read_group(viewer, g)) {
			*msg = N_("Only the group's members can read its posts.");
			return PLEIN_DENIED;
		}
		return rc;
	}
	struct person *who;
	int rc = visibility_person_get(db, p, ref, &who);
	if (rc == PLEIN_OK && !visibility_can_see_person(viewer, who))
		rc = PLEIN_NOTFOUND;
	if (rc == PLEIN_OK && strcmp(who->status, "active") != 0) {
		*msg = N_("This person's account is deactivated.");
		return PLEIN_DENIED;
	}
	if (rc == PLEIN_NOTFOUND)
		*msg = N_("There is no such person.");
	return rc;
}

int board_column_add(struct db *db, struct pool *p, const struct person *viewer, const char *kind, int64_t ref,
                     int64_t *id, const char **msg)
{
	*msg = NULL;
	if (!board_kind_valid(kind)) {
		*msg = N_("kind must be search, topic, group or person.");
		return PLEIN_INVALID;
	}
	if (ref <= 0) {
		*msg = N_("Choose what the column shows.");
		return PLEIN_INVALID;
	}
	int rc = target_check(db, p, viewer, kind, ref, msg);
	if (rc != PLEIN_OK) {
		if (!*msg)
			*msg = N_("The board cannot be changed right now.");
		return rc;
	}
	if ((rc = db_begin(db)) != PLEIN_OK)
		return rc;
	int64_t n = 0, dup = 0;
	rc = db_query_int(db, &n, "SELECT count(*) FROM board_columns WHERE person_id = ?", "i", viewer->id);
	if (rc == PLEIN_OK && n >= BOARD_COLUMNS_MAX) {
		*msg = N_("A board holds at most 12 columns. Remove one first.");
		rc = PLEIN_TOOBIG;
	}
	if (rc == PLEIN_OK &&
	    db_query_int(db, &dup, "SELECT id FROM board_columns WHERE person_id = ? AND kind = ? AND ref = ?", "isi",
	                 viewer->id, kind, ref) == PLEIN_OK) {
		*msg = N_("This column is on your board already.");
		rc = PLEIN_CONFLICT;
	}
	if (rc == PLEIN_OK)
		rc = db_exec(db, "INSERT INTO board_columns(person_id, position, kind, ref, created_at) VALUES (?, ?, ?, ?, ?)",
		             "iisii", viewer->id, n, kind, ref, (int64_t)time(NULL));
	if (rc == PLEIN_OK)
		*id = db_last_insert_id(db);
	if (rc == PLEIN_OK)
		rc = db_commit(db);
	if (rc != PLEIN_OK)
		db_rollback(db);
	return rc;
}

int board_topic_id(struct db *db, struct pool *p, const struct person *viewer, const char *name, int64_t *id,
                   const char **msg)
{
	*id = 0;
	if (!visibility_can_browse(viewer)) {
		*msg = N_("Topics are for colleagues in the organisation.");
		return PLEIN_DENIED;
	}
	while (name && *name == '#')
		name++;
	struct topic *t;
	int rc = name && strlen(name) <= 100 ? topics_get(db, p, viewer, name, &t) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND)
		*msg = N_("There is no such topic.");
	if (rc == PLEIN_OK)
		*id = t->id;
	return rc;
}

/* Positions 0, 1, … in the order of ids[] (inside the caller's transaction). */
static int rewrite(struct db *db, int64_t owner, const int64_t *ids, size_t n)
{
	int rc = PLEIN_OK;
	for (size_t i = 0; i < n && rc == PLEIN_OK; i++)
		rc = db_exec(db, "UPDATE board_columns SET position = ? WHERE id = ? AND person_id = ?", "iii", (int64_t)i,
		             ids[i], owner);
	return rc;
}

/* The owner's column ids left to right, without `skip`; *found: skip was there. */
static int ids_of(struct db *db, int64_t owner, int64_t skip, int64_t *ids, size_t *n, bool *found)
{
	*n = 0;
	*found = false;
	struct db_stmt *st = db_prepare(db, "SELECT id FROM board_columns WHERE person_id = ? ORDER BY position, id");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, owner);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_col_int(st, 0);
		if (id == skip)
			*found = true;
		else if (*n < BOARD_COLUMNS_MAX)
			ids[(*n)++] = id;
	}
	db_done(st);
	return rc < 0 ? rc : PLEIN_OK;
}

int board_column_move(struct db *db, int64_t owner, int64_t id, int position)
{
	int64_t ids[BOARD_COLUMNS_MAX + 1];
	size_t n;
	bool found;
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	rc = ids_of(db, owner, id, ids, &n, &found);
	if (rc == PLEIN_OK && !found)
		rc = PLEIN_NOTFOUND;
	if (rc == PLEIN_OK) {
		size_t at = position < 0 ? 0 : (size_t)position > n ? n : (size_t)position;
		memmove(ids + at + 1, ids + at, (n - at) * sizeof(*ids));
		ids[at] = id;
		rc = rewrite(db, owner, ids, n + 1);
	}
	if (rc == PLEIN_OK)
		rc = db_commit(db);
	if (rc != PLEIN_OK)
		db_rollback(db);
	return rc;
}

int board_column_remove(struct db *db, int64_t owner, int64_t id)
{
	int64_t ids[BOARD_COLUMNS_MAX];
	size_t n;
	bool found;
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	rc = ids_of(db, owner, id, ids, &n, &found);
	if (rc == PLEIN_OK && !found)
		rc = PLEIN_NOTFOUND;
	if (rc == PLEIN_OK)
		rc = db_exec(db, "DELETE FROM board_columns WHERE id = ? AND person_id = ?", "ii", id, owner);
	if (rc == PLEIN_OK)
		rc = rewrite(db, owner, ids, n);
	if (rc == PLEIN_OK)
		rc = db_commit(db);
	if (rc != PLEIN_OK)
		db_rollback(db);
	return rc;
}

/* ---- what a column shows ---- */

#define TITLE_CHARS 120

/* A post's title, else its first words on one line (at most TITLE_CHARS). */
static const char *first_words(struct pool *p, const struct post *post)
{
	const char *s = post->title && *post->title ? post->title : post->body ? post->body : "";
	struct strbuf b = STRBUF_INIT;
	size_t chars = 0;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if ((*c & 0xc0) != 0x80 && chars++ == TITLE_CHARS)
			break;   /* at a character's first byte: never half a character */
		(void)strbuf_addch(&b, *c == '\n' || *c == '\r' || *c == '\t' ? ' ' : (char)*c);
	}
	const char *out = pool_strdup(p, b.buf ? b.buf : "");
	strbuf_release(&b);
	return out;
}

static void from_posts(struct pool *p, const struct stream_page *sp, struct board_view *v)
{
	v->items = pool_zalloc(p, (sp->n ? sp->n : 1) * sizeof(*v->items));
	for (size_t i = 0; i < sp->n; i++) {
		const struct post *x = &sp->items[i];
		bool hidden = posts_author_hidden(&x->author);
		v->items[v->n++] = (struct board_item){
			.key = pool_printf(p, "post:%lld", (long long)x->id),
			.kind = "post",
			.id = x->id,
			.title = first_words(p, x),
			.snippet = "",
			.author_id = hidden ? 0 : x->author.id,
			.author_name = hidden ? "" : x->author.name,
			.url = pool_printf(p, "/posts/%lld", (long long)x->id),
			.created_at = x->created_at,
			.group_id = x->group_id,
		};
	}
	v->next = sp->next ? pool_printf(p, "%lld", (long long)sp->next) : NULL;
}

static int view_stream(struct db *db, struct pool *p, const struct person *viewer, const struct board_column *c,
                       const char *cursor, int limit, struct board_view *v)
{
	struct stream_range r = { .limit = limit };
	if (stream_cursor_parse(cursor, &r.before) != PLEIN_OK)
		return PLEIN_INVALID;
	struct stream_page sp;
	int rc = !strcmp(c->kind, "topic") ? stream_topic(db, p, viewer, c->ref, r, &sp)
	       : !strcmp(c->kind, "group") ? stream_group(db, p, viewer, c->ref, r, &sp)
	                                   : stream_person(db, p, viewer, c->ref, r, &sp);
	if (rc == PLEIN_OK)
		from_posts(p, &sp, v);
	return rc;
}

static int view_search(struct db *db, struct pool *p, const struct person *viewer, const struct saved_search *s,
                       const char *cursor, int limit, struct board_view *v)
{
	struct search_query q;
	struct search_page pg;
	int rc = saved_search_query(s, cursor, limit, &q);
	if (rc == PLEIN_OK)
		rc = search_run(db, p, viewer, &q, &pg);
	if (rc != PLEIN_OK)
		return rc;
	v->items = pool_zalloc(p, (pg.n ? pg.n : 1) * sizeof(*v->items));
	for (size_t i = 0; i < pg.n; i++) {
		const struct search_hit *h = &pg.items[i];
		const char *kind = search_kind_name(h->kind);
		v->items[v->n++] = (struct board_item){
			.key = pool_printf(p, "%s:%lld", kind ? kind : "hit", (long long)h->id),
			.kind = kind ? kind : "",
			.id = h->id,
			.title = search_marks_strip(p, h->title),
			.snippet = h->snippet ? h->snippet : "",
			.author_name = "",
			.url = h->url,
			.created_at = h->created_at,
			.group_id = h->group_id,
		};
	}
	v->next = pg.next;
	return PLEIN_OK;
}

int board_search_view(struct db *db, struct pool *p, const struct person *viewer, const struct saved_search *s,
                      const char *cursor, int limit, struct board_view *out)
{
	memset(out, 0, sizeof(*out));
	out->state = BOARD_SHOWN;
	if (limit < 1 || limit > SEARCH_PAGE_MAX)
		return PLEIN_INVALID;
	out->title = s->name;
	out->url = saved_search_url(p, s);
	return view_search(db, p, viewer, s, cursor, limit, out);
}

static void not_shown(struct board_view *v, enum board_state state, const char *title, const char *reason)
{
	v->state = state;
	v->title = title;
	v->url = NULL;
	v->reason = reason;
}

int board_column_view(struct db *db, struct pool *p, const struct person *viewer, const struct board_column *c,
                      const char *cursor, int limit, struct board_view *out)
{
	memset(out, 0, sizeof(*out));
	out->state = BOARD_SHOWN;
	if (limit < 1 || limit > STREAM_PAGE_MAX)
		return PLEIN_INVALID;
	int rc;
	if (!strcmp(c->kind, "search")) {
		struct saved_search *s;
		rc = saved_searches_get(db, p, viewer->id, c->ref, &s);
		if (rc == PLEIN_NOTFOUND) {
			not_shown(out, BOARD_GONE, N_("Saved search"), N_("This saved search was deleted."));
			return PLEIN_OK;
		}
		if (rc != PLEIN_OK)
			return rc;
		return board_search_view(db, p, viewer, s, cursor, limit, out);
	}
	if ((!strcmp(c->kind, "topic") || !strcmp(c->kind, "person")) && !visibility_can_browse(viewer)) {
		not_shown(out, BOARD_HIDDEN, !strcmp(c->kind, "topic") ? N_("Topic") : N_("Person"),
		          !strcmp(c->kind, "topic") ? N_("Topics are for colleagues in the organisation.")
		                                    : N_("Columns of people are for colleagues in the organisation."));
		return PLEIN_OK;
	}
	if (!strcmp(c->kind, "topic")) {
		const char *name;
		rc = topics_name_of(db, p, c->ref, &name);
		if (rc == PLEIN_NOTFOUND) {
			not_shown(out, BOARD_GONE, N_("Topic"), N_("This topic no longer exists."));
			return PLEIN_OK;
		}
		if (rc != PLEIN_OK)
			return rc;
		out->title = pool_printf(p, "#%s", name);
		struct strbuf u = STRBUF_INIT;
		(void)strbuf_addstr(&u, "/topics/");
		(void)strbuf_add_urlencoded(&u, name, strlen(name));
		out->url = pool_strdup(p, u.buf);
		strbuf_release(&u);
	} else if (!strcmp(c->kind, "group")) {
		struct group *g;
		rc = groups_get(db, p, c->ref, &g);
		if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && g->deleted_at)) {
			not_shown(out, BOARD_GONE, N_("Group"), N_("This group was deleted."));
			return PLEIN_OK;
		}
		if (rc != PLEIN_OK)
			return rc;
		if (!visibility_can_see_group(viewer, g)) {   /* not even its name */
			not_shown(out, BOARD_HIDDEN, N_("Group"), N_("This group is no longer visible to you."));
			return PLEIN_OK;
		}
		if (!visibility_can_read_group(viewer, g)) {
			not_shown(out, BOARD_HIDDEN, g->name, N_("Only the group's members can read its posts now."));
			return PLEIN_OK;
		}
		out->title = g->name;
		out->url = pool_printf(p, "/groups/%lld", (long long)g->id);
	} else {
		struct person *who;
		rc = visibility_person_get(db, p, c->ref, &who);
		if (rc == PLEIN_NOTFOUND) {
			not_shown(out, BOARD_GONE, N_("Person"), N_("This person no longer exists."));
			return PLEIN_OK;
		}
		if (rc != PLEIN_OK)
			return rc;
		if (strcmp(who->status, "active") != 0) {
			not_shown(out, BOARD_HIDDEN, N_("Person"), N_("This person's account was deactivated."));
			return PLEIN_OK;
		}
		if (!visibility_can_see_person(viewer, who)) {
			not_shown(out, BOARD_HIDDEN, N_("Person"), N_("This person is no longer visible to you."));
			return PLEIN_OK;
		}
		out->title = who->name;
		out->url = pool_printf(p, "/people/%lld", (long long)who->id);
	}
	return view_stream(db, p, viewer, c, cursor, limit, out);
}

/* groups.c — every query on groups, group_members, group_requests and
 * group_pins (migration 0008). See groups.h; authorization is the caller's,
 * through core/visibility.c. */
#include "core/expertise.h"
#include "core/groups.h"
#include "core/search.h"
#include "core/cursor.h"
#include "core/i18n.h"
#include "core/markdown.h"
#include "core/textnorm.h"
#include "core/audit.h"
#include "core/events.h"
#include "core/notifications.h"
#include "core/reputation.h"
#include "core/visibility.h"
#include <sodium.h>
#include "lib/utf8.h"
#include "lib/strbuf.h"
#include <time.h>
#include <stdatomic.h>

static const char *const kinds[] = { "open", "closed", "secret" };
static const char *const member_roles[] = { "owner", "moderator", "member" };

static bool in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; s && i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

bool groups_kind_valid(const char *kind) { return in_list(kind, kinds, ARRAY_LEN(kinds)); }
bool groups_member_role_valid(const char *role) { return in_list(role, member_roles, ARRAY_LEN(member_roles)); }

/* The alumni group's members are the active people with the alumni role
 * (no rows) plus its rows: counted when read. */
#define GROUP_COLUMNS \
	"g.id, g.name, g.kind, g.category, g.about, g.about_html, g.special, g.member_count + CASE WHEN " \
	"g.special = 'alumni' THEN (SELECT count(*) FROM people WHERE role = 'alumni' AND status = 'active') ELSE 0 END, " \
	"coalesce(g.created_by, 0), g.created_at, g.updated_at, coalesce(g.deleted_at, 0)"

static void read_group(struct pool *pl, struct db_stmt *st, struct group *g)
{
	g->id = db_col_int(st, 0);
	g->name = pool_strdup(pl, db_col_text(st, 1));
	g->kind = pool_strdup(pl, db_col_text(st, 2));
	g->category = pool_strdup(pl, db_col_text(st, 3));
	g->about = pool_strdup(pl, db_col_text(st, 4));
	g->about_html = pool_strdup(pl, db_col_text(st, 5));
	g->special = db_col_null(st, 6) ? NULL : pool_strdup(pl, db_col_text(st, 6));
	g->member_count = db_col_int(st, 7);
	g->created_by = db_col_int(st, 8);
	g->created_at = db_col_int(st, 9);
	g->updated_at = db_col_int(st, 10);
	g->deleted_at = db_col_int(st, 11);
}

int groups_get(struct db *db, struct pool *p, int64_t id, struct group **out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " GROUP_COLUMNS " FROM groups g WHERE g.id = ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*out = pool_zalloc(p, sizeof(**out));
		read_group(p, st, *out);
		rc = PLEIN_OK;
	} else if (rc == DB_DONE) {
		rc = PLEIN_NOTFOUND;
	}
	db_done(st);
	return rc;
}

/* The alumni group never changes id once made (migration 0008): cached. */
int64_t groups_alumni_id(struct db *db)
{
	static _Atomic int64_t cached;
	int64_t id = atomic_load_explicit(&cached, memory_order_relaxed);
	if (id > 0)
		return id;
	if (db_query_int(db, &id, "SELECT coalesce((SELECT id FROM groups WHERE special = 'alumni'), 0)", "") != PLEIN_OK)
		return 0;
	if (id > 0)
		atomic_store_explicit(&cached, id, memory_order_relaxed);
	return id;
}

/* The folded name: case and diacritics, words joined by one space. */
static int fold_word(void *arg, const char *orig, size_t orig_len, const char *folded)
{
	(void)orig;
	(void)orig_len;
	struct strbuf *sb = arg;
	if (sb->len)
		strbuf_addch(sb, ' ');
	strbuf_addstr(sb, folded);
	return 0;
}

const char *groups_name_key(struct pool *p, const char *name)
{
	struct strbuf sb;
	strbuf_init(&sb, 4 * GROUP_NAME_MAX + 16);
	if (textnorm_each_word(name, strlen(name), fold_word, &sb) != 0 || sb.toobig) {
		strbuf_release(&sb);
		return NULL;
	}
	const char *key = pool_strdup(p, sb.buf ? sb.buf : "");
	strbuf_release(&sb);
	return key;
}

/* The key stored for a group of kind: the folded name, unique among open
 * and closed groups. A secret group's key carries a random tail after a
 * \x1f (which sorts it right after its plain name), so it never collides:
 * otherwise "a group with this name exists already" would tell anyone who
 * tries a name that a secret group of that name exists. */
static const char *stored_key(struct pool *p, const char *key, const char *kind)
{
	if (strcmp(kind, "secret") != 0)
		return key;
	unsigned char r[8];
	char hex[2 * sizeof(r) + 1];
	randombytes_buf(r, sizeof(r));
	sodium_bin2hex(hex, sizeof(hex), r, sizeof(r));
	return pool_printf(p, "%s\x1f%s", key, hex);
}

/* NULL when acceptable, else an English sentence. name/kind may be NULL
 * (unchanged) on update. */
const char *groups_input_error(const struct group_input *in, bool creating)
{
	if (creating && (!in->name || !in->kind))
		return !in->name ? N_("Give the group a name.") : N_("Choose open, closed or secret.");
	if (in->name) {
		size_t len = strlen(in->name);
		if (!utf8_valid(in->name, len) || utf8_has_control(in->name, len, false))
			return N_("The name has characters that cannot be used.");
		if (utf8_length(in->name, len) > GROUP_NAME_MAX)
			return N_("A group name can have at most 80 characters.");
	}
	if (in->kind && !groups_kind_valid(in->kind))
		return N_("Choose open, closed or secret.");
	if (in->category) {
		size_t len = strlen(in->category);
		if (!utf8_valid(in->category, len) || utf8_has_control(in->category, len, false))
			return N_("The category has characters that cannot be used.");
		if (utf8_length(in->category, len) > GROUP_CATEGORY_MAX)
			return N_("A category can have at most 40 characters.");
	}
	if (in->about) {
		size_t len = strlen(in->about);
		if (!utf8_valid(in->about, len))
			return N_("The description is not valid text.");
		if (utf8_length(in->about, len) > GROUP_ABOUT_MAX)
			return N_("A description can have at most 5,000 characters.");
	}
	return NULL;
}

/* Leading and trailing spaces are not part of a name or a category. */
static const char *trim(struct pool *p, const char *s)
{
	if (!s)
		return NULL;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return pool_strndup(p, s, n);
}

int groups_create(struct db *db, struct pool *p, const struct person *creator, const struct group_input *in,
                  int64_t *id_out, const char **msg)
{
	struct group_input copy = *in;
	copy.name = trim(p, in->name);
	copy.category = trim(p, in->category);
	in = &copy;
	if ((*msg = groups_input_error(in, true)))
		return PLEIN_INVALID;
	const char *key = groups_name_key(p, in->name);
	if (!key || !*key) {
		*msg = N_("Give the group a name.");
		return PLEIN_INVALID;
	}
	const char *about = in->about ? in->about : "";
	const char *html = markdown_to_html(p, about, strlen(about));
	if (!html) {
		*msg = N_("The description is too long.");
		return PLEIN_INVALID;
	}
	int64_t now = (int64_t)time(NULL);
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	rc = db_exec(db,
		"INSERT INTO groups(name, name_key, kind, category, about, about_html, member_count, created_by, "
		"created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
		"ssssssiii", in->name, stored_key(p, key, in->kind), in->kind, in->category ? in->category : "", about, html, creator->id, now, now);
	if (rc == PLEIN_CONFLICT) {
		*msg = N_("A group with this name exists already.");
		rc = PLEIN_CONFLICT;
		goto fail;
	}
	if (rc != PLEIN_OK)
		goto fail;
	int64_t id = db_last_insert_id(db);
	rc = db_exec(db, "INSERT INTO group_members(group_id, person_id, role, joined_at) VALUES (?, ?, 'owner', ?)",
	             "iii", id, creator->id, now);
	if (rc != PLEIN_OK)
		goto fail;
	if ((rc = search_index_group(db, id)) != PLEIN_OK)
		goto fail;
	audit_log(db, creator->id, "group.create", pool_printf(p, "group:%lld", (long long)id), NULL);
	if ((rc = db_commit(db)) != PLEIN_OK)
		goto fail;
	*id_out = id;
	return PLEIN_OK;
fail:
	db_rollback(db);
	return rc;
}

const char *groups_pending_of(struct db *db, struct pool *p, int64_t group_id, int64_t person_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT kind FROM group_requests WHERE group_id = ? AND person_id = ?");
	if (!st)
		return NULL;
	db_bind_int(st, 1, group_id);
	db_bind_int(st, 2, person_id);
	const char *kind = db_step(st) == DB_ROW ? pool_strdup(p, db_col_text(st, 0)) : NULL;
	db_done(st);
	return kind;
}

/* ---- changing and deleting ---------------------------------------------- */

/* A 'group_changed' event: live streams of those who could read the group
 * with its kind before (comment_id: 0 open, 1 closed, 2 secret) and no
 * longer can are told to drop its posts (person_id: the group). */
static int group_changed(struct db *db, int64_t id, const char *kind_before)
{
	int64_t code = strcmp(kind_before, "open") == 0 ? 0 : strcmp(kind_before, "closed") == 0 ? 1 : 2;
	return events_add(db, "group_changed", 0, code, id);
}

int groups_update(struct db *db, struct pool *p, const struct person *actor, int64_t id,
                  const struct group_input *in, const char **msg)
{
	struct group_input copy = *in;
	copy.name = trim(p, in->name);
	copy.category = trim(p, in->category);
	in = &copy;
	if ((*msg = groups_input_error(in, false)))
		return PLEIN_INVALID;
	struct group *g;
	int rc = groups_get(db, p, id, &g);
	if (rc != PLEIN_OK)
		return rc;
	if (g->deleted_at)
		return PLEIN_NOTFOUND;
	const char *key = NULL;
	if (in->name && (!(key = groups_name_key(p, in->name)) || !*key)) {
		*msg = N_("Give the group a name.");
		return PLEIN_INVALID;
	}
	/* a new name, or a kind into or out of secret: a new stored key */
	const char *kind = in->kind ? in->kind : g->kind;
	if (key || (strcmp(kind, "secret") == 0) != (strcmp(g->kind, "secret") == 0)) {
		if (!key && (!(key = groups_name_key(p, g->name)) || !*key))
			return PLEIN_ERROR;
		key = stored_key(p, key, kind);
	}
	if (in->kind && g->special && strcmp(in->kind, g->kind) != 0) {
		*msg = N_("The alumni group stays closed.");
		return PLEIN_INVALID;
	}
	const char *html = NULL;
	if (in->about && !(html = markdown_to_html(p, in->about, strlen(in->about)))) {
		*msg = N_("The description is too long.");
		return PLEIN_INVALID;
	}
	bool kind_changed = in->kind && strcmp(in->kind, g->kind) != 0;
	if ((rc = db_begin(db)) != PLEIN_OK)
		return rc;
	rc = db_exec(db,
		"UPDATE groups SET name = coalesce(?, name), name_key = coalesce(?, name_key), kind = coalesce(?, kind), "
		"category = coalesce(?, category), about = coalesce(?, about), about_html = coalesce(?, about_html), "
		"updated_at = ? WHERE id = ? AND deleted_at IS NULL",
		"ssssssii", in->name, key, in->kind, in->category, in->about, html, (int64_t)time(NULL), id);
	if (rc == PLEIN_CONFLICT) {
		*msg = N_("A group with this name exists already.");
		goto fail;
	}
	if (rc != PLEIN_OK)
		goto fail;
	if ((rc = search_index_group(db, id)) != PLEIN_OK)
		goto fail;
	const char *subject = pool_printf(p, "group:%lld", (long long)id);
	audit_log(db, actor->id, "group.update", subject, NULL);
	if (kind_changed) {
		audit_log(db, actor->id, pool_printf(p, "group.kind.%s", in->kind), subject, NULL);
		if ((rc = group_changed(db, id, g->kind)) != PLEIN_OK)
			goto fail;
		/* "who knows X" counts posts in open groups only */
		if ((strcmp(g->kind, "open") == 0) != (strcmp(in->kind, "open") == 0) &&
		    (rc = expertise_reindex_group_authors(db, id)) != PLEIN_OK)
			goto fail;
	}
	if ((rc = db_commit(db)) != PLEIN_OK)
		goto fail;
	if (kind_changed) {
		reputation_touch();  /* a group's answers count only while it is open */
		events_poke();
	}
	return PLEIN_OK;
fail:
	db_rollback(db);
	return rc;
}


int groups_delete(struct db *db, const struct person *actor, int64_t id)
{
	if (id == groups_alumni_id(db))
		return PLEIN_DENIED;  /* the alumni role depends on it */
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	char kind[8] = "secret";
	struct db_stmt *st = db_prepare(db, "SELECT kind FROM groups WHERE id = ?");
	if (st) {
		db_bind_int(st, 1, id);
		if (db_step(st) == DB_ROW)
			snprintf(kind, sizeof(kind), "%s", db_col_text(st, 0));
		db_done(st);
	}
	rc = db_exec(db, "UPDATE groups SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL", "iii",
	             (int64_t)time(NULL), (int64_t)time(NULL), id);
	if (rc == PLEIN_OK && db_changes(db) == 0)
		rc = PLEIN_NOTFOUND;
	if (rc == PLEIN_OK)
		rc = group_changed(db, id, kind);
	if (rc == PLEIN_OK && strcmp(kind, "open") == 0)
		rc = expertise_reindex_group_authors(db, id);  /* its posts stop counting */
	/* nothing waits on a group that is gone */
	if (rc == PLEIN_OK)
		rc = db_exec(db, "DELETE FROM group_requests WHERE group_id = ?", "i", id);
	if (rc == PLEIN_OK)
		rc = search_index_group(db, id);  /* out of search, with its pages and files */
	if (rc == PLEIN_OK) {
		char subject[40];
		snprintf(subject, sizeof(subject), "group:%lld", (long long)id);
		audit_log(db, actor->id, "group.delete", subject, NULL);
		rc = db_commit(db);
	}
	if (rc != PLEIN_OK) {
		db_rollback(db);
	} else {
		reputation_touch();
		events_poke();
	}
	return rc;
}

/* Grow-by-doubling arrays in a pool. */
static void *grow(struct pool *p, void *old, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return old;
	size_t bigger = *cap ? *cap * 2 : 16;
	void *fresh = pool_alloc(p, st_mult(bigger, size));
	if (n)
		memcpy(fresh, old, n * size);
	*cap = bigger;
	return fresh;
}

int groups_list(struct db *db, struct pool *p, const struct person *viewer, const struct group_query *q,
                struct group **out, size_t *n_out, const char **next)
{
	*out = NULL;
	*n_out = 0;
	*next = NULL;
	size_t limit = q->limit < 1 || q->limit > GROUP_PAGE_MAX ? GROUP_PAGE_MAX : q->limit;
	const char *fts = NULL;
	if (q->q && *q->q) {
		if (strlen(q->q) > PEOPLE_QUERY_MAX || !utf8_valid(q->q, strlen(q->q)))
			return PLEIN_INVALID;
		fts = people_fts_query(p, q->q);  /* the same safe word syntax as the people directory */
	}
	if (q->category && strlen(q->category) > 4 * GROUP_CATEGORY_MAX)
		return PLEIN_INVALID;
	int64_t after_id = 0;
	const char *after_key = NULL;
	if (q->cursor && *q->cursor && cursor_parse(p, q->cursor, 1200, &after_id, &after_key) != PLEIN_OK)
		return PLEIN_INVALID;
	/* only the conditions in use, so the planner can walk the name (or
	 * category) index from the cursor on; a few texts, each cached */
	bool by_category = q->category && *q->category;
	char *sql = pool_printf(p,
		"SELECT " GROUP_COLUMNS ", g.name_key FROM groups g WHERE (%s)%s%s%s%s "
		"ORDER BY g.name_key, g.id LIMIT ?7", visibility_group_sql(viewer),
		fts ? " AND g.id IN (SELECT rowid FROM groups_fts WHERE groups_fts MATCH ?1)" : "",
		by_category ? " AND g.category = ?2" : "",
		q->mine ? " AND (g.id = ?4 OR g.id IN (SELECT gm.group_id FROM group_members gm WHERE gm.person_id = ?90))" : "",
		after_key ? " AND g.name_key >= ?5 AND (g.name_key > ?5 OR g.id > ?6)" : "");
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return PLEIN_ERROR;
	if (fts)
		db_bind_str(st, 1, fts);
	if (by_category)
		db_bind_str(st, 2, q->category);
	if (q->mine)
		db_bind_int(st, 4, visibility_implicit_group(viewer));
	if (after_key) {
		db_bind_str(st, 5, after_key);
		db_bind_int(st, 6, after_id);
	}
	db_bind_int(st, 7, (int64_t)limit + 1);
	visibility_bind(st, viewer);
	struct group *items = pool_zalloc(p, st_mult(limit + 1, sizeof(*items)));
	size_t n = 0;
	const char *last_key = NULL;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == limit) {
			*next = cursor_make(p, items[n - 1].id, last_key);
			break;
		}
		read_group(p, st, &items[n]);
		last_key = pool_strdup(p, db_col_text(st, 12));
		n++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*out = items;
	*n_out = n;
	return PLEIN_OK;
}

int groups_categories(struct db *db, struct pool *p, const struct person *viewer, struct group_category **out,
                      size_t *n_out)
{
	*out = NULL;
	*n_out = 0;
	char *sql = pool_printf(p,
		"SELECT g.category, count(*) FROM groups g WHERE (%s) AND g.category <> '' "
		"GROUP BY g.category ORDER BY g.category LIMIT 500", visibility_group_sql(viewer));
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return PLEIN_ERROR;
	visibility_bind(st, viewer);
	struct group_category *items = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		items = grow(p, items, n, &cap, sizeof(*items));
		items[n].name = pool_strdup(p, db_col_text(st, 0));
		items[n].count = db_col_int(st, 1);
		n++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*out = items;
	*n_out = n;
	return PLEIN_OK;
}

/* ---- members ------------------------------------------------------------ */

static void read_brief(struct pool *p, struct db_stmt *st, int col, struct person_brief *b)
{
	b->id = db_col_int(st, col);
	b->name = pool_strdup(p, db_col_text(st, col + 1));
	b->title = pool_strdup(p, db_col_text(st, col + 2));
	b->photo = pool_strdup(p, db_col_text(st, col + 3));
	b->role = pool_strdup(p, db_col_text(st, col + 4));
	b->status = pool_strdup(p, db_col_text(st, col + 5));
}

#define BRIEF_COLUMNS(a) a ".id, " a ".name, " a ".title, " a ".photo, " a ".role, " a ".status"

int groups_members(struct db *db, struct pool *p, int64_t group_id, size_t offset, size_t limit,
                   struct group_member **out, size_t *n_out)
{
	*out = NULL;
	*n_out = 0;
	if (limit < 1 || limit > GROUP_PAGE_MAX)
		limit = GROUP_PAGE_MAX;
	if (offset > 1000000)
		return PLEIN_INVALID;
	/* Active people only (deactivated ones are hidden as in the directory);
	 * in the alumni group, people with the alumni role are members without
	 * a row (and alumni rows elsewhere no longer count). */
	struct db_stmt *st = db_prepare(db,
		"SELECT " BRIEF_COLUMNS("pe") ", m.role, m.joined_at FROM ("
		"  SELECT gm.person_id AS pid, gm.role AS role, gm.joined_at AS joined_at FROM group_members gm "
		"  WHERE gm.group_id = ?1 "
		"  UNION ALL SELECT a.id, 'member', a.created_at FROM people a WHERE ?2 = ?1 AND a.role = 'alumni' "
		"  AND NOT EXISTS (SELECT 1 FROM group_members x WHERE x.group_id = ?1 AND x.person_id = a.id)"
		") m JOIN people pe ON pe.id = m.pid "
		"WHERE pe.status = 'active' AND (pe.role <> 'alumni' OR ?2 = ?1) "
		"ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'moderator' THEN 1 ELSE 2 END, pe.name, pe.id "
		"LIMIT ?3 OFFSET ?4");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, group_id);
	db_bind_int(st, 2, groups_alumni_id(db));
	db_bind_int(st, 3, (int64_t)limit);
	db_bind_int(st, 4, (int64_t)offset);
	struct group_member *items = pool_zalloc(p, st_mult(limit, sizeof(*items)));
	size_t n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && n < limit) {
		read_brief(p, st, 0, &items[n].person);
		items[n].role = pool_strdup(p, db_col_text(st, 6));
		items[n].joined_at = db_col_int(st, 7);
		n++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*out = items;
	*n_out = n;
	return PLEIN_OK;
}

const char *groups_role_of(struct db *db, struct pool *p, int64_t group_id, int64_t person_id)
{
	int64_t alumni = groups_alumni_id(db);
	struct db_stmt *st = db_prepare(db,
		"SELECT CASE WHEN pe.role = 'alumni' THEN (CASE WHEN ?1 = ?3 THEN 'member' END) "
		"ELSE (SELECT gm.role FROM group_members gm WHERE gm.group_id = ?1 AND gm.person_id = ?2) END "
		"FROM people pe WHERE pe.id = ?2");
	if (!st)
		return NULL;
	db_bind_int(st, 1, group_id);
	db_bind_int(st, 2, person_id);
	db_bind_int(st, 3, alumni);
	const char *role = NULL;
	if (db_step(st) == DB_ROW && !db_col_null(st, 0))
		role = pool_strdup(p, db_col_text(st, 0));
	db_done(st);
	return role;
}

/* ---- membership writes ---------------------------------------------------- */

/* member_count is the number of rows, recounted in the writer's transaction. */
static int recount(struct db *db, int64_t group_id)
{
	return db_exec(db,
		"UPDATE groups SET member_count = (SELECT count(*) FROM group_members WHERE group_id = ?) WHERE id = ?",
		"ii", group_id, group_id);
}

static int finish(struct db *db, int rc)
{
	if (rc == PLEIN_OK && (rc = db_commit(db)) == PLEIN_OK) {
		events_poke();  /* live unread counts */
		return PLEIN_OK;
	}
	db_rollback(db);
	return rc;
}

static void audit_member(struct db *db, int64_t actor, const char *action, int64_t group_id, int64_t person_id)
{
	char subject[64];
	snprintf(subject, sizeof(subject), "group:%lld person:%lld", (long long)group_id, (long long)person_id);
	audit_log(db, actor, action, subject, NULL);
}

/* A live group, and a person who may be in it: active, and alumni only in
 * the alumni group. Inside the transaction. */
static int check_target(struct db *db, int64_t group_id, int64_t person_id, const char **msg)
{
	int64_t alive;
	int rc = db_query_int(db, &alive, "SELECT 1 FROM groups WHERE id = ? AND deleted_at IS NULL", "i", group_id);
	if (rc != PLEIN_OK) {
		if (rc == PLEIN_NOTFOUND)
			*msg = N_("There is no such group.");
		return rc;
	}
	int64_t alumni;
	rc = db_query_int(db, &alumni, "SELECT role = 'alumni' FROM people WHERE id = ? AND status = 'active'", "i",
	                  person_id);
	if (rc != PLEIN_OK) {
		if (rc == PLEIN_NOTFOUND)
			*msg = N_("There is no such person.");
		return rc;
	}
	if (alumni) {
		*msg = group_id == groups_alumni_id(db) ? "Alumni are members of the alumni group already."
		                                        : "Alumni can only be in the alumni group.";
		return group_id == groups_alumni_id(db) ? PLEIN_CONFLICT : PLEIN_INVALID;
	}
	return PLEIN_OK;
}

/* Inside the transaction: the row, the count, no pending row, the audit. */
static int add_row(struct db *db, int64_t actor, int64_t group_id, int64_t person_id, const char *role,
                   const char **msg)
{
	int rc = db_exec(db, "INSERT INTO group_members(group_id, person_id, role, joined_at) VALUES (?, ?, ?, ?)",
	                 "iisi", group_id, person_id, role, (int64_t)time(NULL));
	if (rc == PLEIN_CONFLICT) {
		*msg = actor == person_id ? N_("You are a member of this group already.") : N_("This person is a member already.");
		return rc;
	}
	if (rc == PLEIN_OK)
		rc = recount(db, group_id);
	if (rc == PLEIN_OK)
		rc = db_exec(db, "DELETE FROM group_requests WHERE group_id = ? AND person_id = ?", "ii", group_id, person_id);
	if (rc == PLEIN_OK)
		audit_member(db, actor, actor == person_id ? "group.join" : "group.member_add", group_id, person_id);
	return rc;
}

int groups_member_add(struct db *db, const struct person *actor, int64_t group_id, int64_t person_id,
                      const char *role, const char **msg)
{
	*msg = NULL;
	if (!role)
		role = "member";
	if (!groups_member_role_valid(role)) {
		*msg = N_("A role is owner, moderator or member.");
		return PLEIN_INVALID;
	}
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	rc = check_target(db, group_id, person_id, msg);
	if (rc == PLEIN_OK)
		rc = add_row(db, actor->id, group_id, person_id, role, msg);
	if (rc == PLEIN_OK)
		rc = notifications_add_group(db, person_id, "group_joined", actor->id, group_id);
	return finish(db, rc);
}

/* Would the group be left without an owner if person_id stopped being one? */
static int last_owner(struct db *db, int64_t group_id, int64_t person_id, bool *yes)
{
	int64_t owners = 0, is_owner = 0;
	int rc = db_query_int(db, &is_owner,
		"SELECT count(*) FROM group_members WHERE group_id = ? AND person_id = ? AND role = 'owner'", "ii",
		group_id, person_id);
	if (rc == PLEIN_OK)
		rc = db_query_int(db, &owners, "SELECT count(*) FROM group_members WHERE group_id = ? AND role = 'owner'",
		                  "i", group_id);
	*yes = is_owner && owners <= 1;
	return rc;
}

int groups_member_remove(struct db *db, const struct person *actor, int64_t group_id, int64_t person_id,
                         const char **msg)
{
	*msg = NULL;
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	bool last = false;
	rc = last_owner(db, group_id, person_id, &last);
	if (rc == PLEIN_OK && last) {
		*msg = actor->id == person_id
			? N_("You are the last owner: make someone else an owner before you leave, or delete the group.")
			: N_("The last owner cannot be removed: make someone else an owner first.");
		rc = PLEIN_INVALID;
	}
	if (rc == PLEIN_OK)
		rc = db_exec(db, "DELETE FROM group_members WHERE group_id = ? AND person_id = ?", "ii", group_id,
		             person_id);
	if (rc == PLEIN_OK && db_changes(db) == 0) {
		int64_t alumni = 0;
		if (group_id == groups_alumni_id(db) &&
		    db_query_int(db, &alumni, "SELECT role = 'alumni' FROM people WHERE id = ?", "i", person_id) != PLEIN_OK)
			alumni = 0;
		*msg = alumni ? "Alumni stay in the alumni group." : N_("This person is not a member.");
		rc = alumni ? PLEIN_INVALID : PLEIN_NOTFOUND;
	}
	if (rc == PLEIN_OK)
		rc = recount(db, group_id);
	if (rc == PLEIN_OK)
		rc = db_exec(db, "DELETE FROM group_requests WHERE group_id = ? AND person_id = ?", "ii", group_id, person_id);
	if (rc == PLEIN_OK)
		audit_member(db, actor->id, actor->id == person_id ? "group.leave" : "group.member_remove", group_id,
		             person_id);
	if (rc == PLEIN_OK) {
		/* their open pages drop the group's posts unless it is open to them */
		char kind[8] = "secret";
		struct db_stmt *st = db_prepare(db, "SELECT kind FROM groups WHERE id = ?");
		if (st) {
			db_bind_int(st, 1, group_id);
			if (db_step(st) == DB_ROW)
				snprintf(kind, sizeof(kind), "%s", db_col_text(st, 0));
			db_done(st);
		}
		rc = group_changed(db, group_id, kind);
	}
	return finish(db, rc);
}

int groups_member_set_role(struct db *db, const struct person *actor, int64_t group_id, int64_t person_id,
                           const char *role, const char **msg)
{
	*msg = NULL;
	if (!groups_member_role_valid(role)) {
		*msg = N_("A role is owner, moderator or member.");
		return PLEIN_INVALID;
	}
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	bool last = false;
	rc = last_owner(db, group_id, person_id, &last);
	if (rc == PLEIN_OK && last && strcmp(role, "owner") != 0) {
		*msg = N_("A group needs an owner: make someone else an owner first.");
		rc = PLEIN_INVALID;
	}
	if (rc == PLEIN_OK)
		rc = db_exec(db, "UPDATE group_members SET role = ? WHERE group_id = ? AND person_id = ?", "sii", role,
		             group_id, person_id);
	if (rc == PLEIN_OK && db_changes(db) == 0) {
		*msg = N_("This person is not a member.");
		rc = PLEIN_NOTFOUND;
	}
	if (rc == PLEIN_OK) {
		char action[40];
		snprintf(action, sizeof(action), "group.role.%s", role);
		audit_member(db, actor->id, action, group_id, person_id);
	}
	return finish(db, rc);
}

/* ---- requests and invitations ------------------------------------------- */

#define GROUP_MESSAGE_MAX 500

static int is_member(struct db *db, int64_t group_id, int64_t person_id, bool *yes)
{
	int64_t one;
	int rc = db_query_int(db, &one, "SELECT 1 FROM group_members WHERE group_id = ? AND person_id = ?", "ii",
	                      group_id, person_id);
	*yes = rc == PLEIN_OK;
	return rc == PLEIN_NOTFOUND ? PLEIN_OK : rc;
}

/* Who hears about a request: the group's owners and moderators, or, while
 * it has none (the alumni group starts so), the site's administrators. */
static int notify_managers(struct db *db, int64_t group_id, int64_t actor_id)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT gm.person_id FROM group_members gm JOIN people pe ON pe.id = gm.person_id "
		"WHERE gm.group_id = ? AND gm.role IN ('owner', 'moderator') AND pe.status = 'active' "
		"UNION SELECT pe.id FROM people pe WHERE pe.role = 'admin' AND pe.status = 'active' AND NOT EXISTS "
		"(SELECT 1 FROM group_members x JOIN people y ON y.id = x.person_id WHERE x.group_id = ? "
		"AND x.role IN ('owner', 'moderator') AND y.status = 'active') LIMIT 200");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, group_id);
	db_bind_int(st, 2, group_id);
	int64_t *ids;
	size_t n;
	int rc = db_step_ids(st, &ids, &n);
	for (size_t i = 0; rc == PLEIN_OK && i < n; i++)
		rc = notifications_add_group(db, ids[i], "group_request", actor_id, group_id);
	free(ids);
	return rc;
}

int groups_request(struct db *db, const struct person *who, int64_t group_id, const char *message,
                   const char **msg)
{
	*msg = NULL;
	if (!message)
		message = "";
	size_t len = strlen(message);
	if (!utf8_valid(message, len) || utf8_has_control(message, len, true)) {
		*msg = N_("The message has characters that cannot be used.");
		return PLEIN_INVALID;
	}
	if (utf8_length(message, len) > GROUP_MESSAGE_MAX) {
		*msg = N_("A message can have at most 500 characters.");
		return PLEIN_INVALID;
	}
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	bool member = false;
	struct pool *p = pool_new();
	const char *pending = NULL;
	rc = check_target(db, group_id, who->id, msg);
	if (rc == PLEIN_OK)
		rc = is_member(db, group_id, who->id, &member);
	if (rc == PLEIN_OK && member) {
		*msg = N_("You are a member of this group already.");
		rc = PLEIN_CONFLICT;
	}
	if (rc == PLEIN_OK)
		pending = groups_pending_of(db, p, group_id, who->id);
	if (rc == PLEIN_OK && pending && strcmp(pending, "invite") == 0) {
		*msg = N_("You are invited to this group: accept the invitation instead.");
		rc = PLEIN_CONFLICT;
	}
	if (rc == PLEIN_OK)
		rc = db_exec(db,
			"INSERT INTO group_requests(group_id, person_id, kind, actor_id, message, created_at) "
			"VALUES (?, ?, 'request', ?, ?, ?) ON CONFLICT(group_id, person_id) DO UPDATE SET "
			"message = excluded.message", "iiisi", group_id, who->id, who->id, message, (int64_t)time(NULL));
	/* asking again only updates the message: no second round of notifications */
	if (rc == PLEIN_OK && !pending) {
		audit_member(db, who->id, "group.request", group_id, who->id);
		rc = notify_managers(db, group_id, who->id);
	}
	pool_free(p);
	return finish(db, rc);
}

int groups_invite(struct db *db, const struct person *actor, int64_t group_id, int64_t person_id,
                  const char **msg)
{
	*msg = NULL;
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	bool member = false;
	struct pool *p = pool_new();
	const char *pending = NULL;
	rc = check_target(db, group_id, person_id, msg);
	if (rc == PLEIN_OK)
		rc = is_member(db, group_id, person_id, &member);
	if (rc == PLEIN_OK && member) {
		*msg = N_("This person is a member already.");
		rc = PLEIN_CONFLICT;
	}
	if (rc == PLEIN_OK)
		pending = groups_pending_of(db, p, group_id, person_id);
	if (rc == PLEIN_OK && pending && strcmp(pending, "request") == 0) {
		/* they asked already: inviting them is saying yes */
		rc = add_row(db, actor->id, group_id, person_id, "member", msg);
		if (rc == PLEIN_OK)
			rc = notifications_add_group(db, person_id, "group_joined", actor->id, group_id);
	} else if (rc == PLEIN_OK && pending) {
		*msg = N_("This person is invited already.");
		rc = PLEIN_CONFLICT;
	} else if (rc == PLEIN_OK) {
		rc = db_exec(db,
			"INSERT INTO group_requests(group_id, person_id, kind, actor_id, created_at) VALUES (?, ?, 'invite', ?, ?)",
			"iiii", group_id, person_id, actor->id, (int64_t)time(NULL));
		if (rc == PLEIN_OK) {
			audit_member(db, actor->id, "group.invite", group_id, person_id);
			rc = notifications_add_group(db, person_id, "group_invite", actor->id, group_id);
		}
	}
	pool_free(p);
	return finish(db, rc);
}

int groups_request_answer(struct db *db, const struct person *actor, int64_t group_id, int64_t person_id, bool yes)
{
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	struct pool *p = pool_new();
	const char *kind = groups_pending_of(db, p, group_id, person_id), *msg = NULL;
	int64_t alive = 0;
	if (!kind || db_query_int(db, &alive, "SELECT 1 FROM groups WHERE id = ? AND deleted_at IS NULL", "i",
	                          group_id) != PLEIN_OK) {
		rc = PLEIN_NOTFOUND;
	} else if (strcmp(kind, "invite") == 0) {
		/* the invitee accepts or declines; a manager may only withdraw it */
		if (actor->id != person_id && yes)
			rc = PLEIN_DENIED;
	} else if (actor->id == person_id && yes) {
		rc = PLEIN_DENIED;  /* nobody approves their own request (withdrawing it is fine) */
	}
	if (rc == PLEIN_OK && yes) {
		rc = check_target(db, group_id, person_id, &msg);
		if (rc == PLEIN_OK)
			rc = add_row(db, actor->id, group_id, person_id, "member", &msg);
		if (rc == PLEIN_OK && strcmp(kind, "request") == 0)
			rc = notifications_add_group(db, person_id, "group_joined", actor->id, group_id);
	} else if (rc == PLEIN_OK) {
		rc = db_exec(db, "DELETE FROM group_requests WHERE group_id = ? AND person_id = ?", "ii", group_id, person_id);
		if (rc == PLEIN_OK)
			audit_member(db, actor->id, strcmp(kind, "invite") == 0 ? "group.invite_decline" : "group.request_decline",
			             group_id, person_id);
	}
	pool_free(p);
	return finish(db, rc);
}

#define REQUEST_SELECT \
	"SELECT r.group_id, g.name, " BRIEF_COLUMNS("pe") ", r.kind, r.actor_id, a.name, r.message, r.created_at " \
	"FROM group_requests r JOIN groups g ON g.id = r.group_id JOIN people pe ON pe.id = r.person_id " \
	"JOIN people a ON a.id = r.actor_id WHERE g.deleted_at IS NULL AND pe.status = 'active' AND "

static int read_requests(struct db_stmt *st, struct pool *p, int64_t id, struct group_request **out, size_t *n_out)
{
	*out = NULL;
	*n_out = 0;
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, id);
	struct group_request *items = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		items = grow(p, items, n, &cap, sizeof(*items));
		struct group_request *r = &items[n++];
		r->group_id = db_col_int(st, 0);
		r->group_name = pool_strdup(p, db_col_text(st, 1));
		read_brief(p, st, 2, &r->person);
		r->kind = pool_strdup(p, db_col_text(st, 8));
		r->actor_id = db_col_int(st, 9);
		r->actor_name = pool_strdup(p, db_col_text(st, 10));
		r->message = pool_strdup(p, db_col_text(st, 11));
		r->created_at = db_col_int(st, 12);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*out = items;
	*n_out = n;
	return PLEIN_OK;
}

int groups_requests_of_group(struct db *db, struct pool *p, int64_t group_id, struct group_request **out,
                             size_t *n_out)
{
	return read_requests(db_prepare(db, REQUEST_SELECT "r.group_id = ? ORDER BY r.created_at, r.person_id LIMIT 500"),
	                     p, group_id, out, n_out);
}

int groups_requests_of_person(struct db *db, struct pool *p, int64_t person_id, struct group_request **out,
                              size_t *n_out)
{
	return read_requests(db_prepare(db, REQUEST_SELECT "r.person_id = ? ORDER BY r.created_at DESC, r.group_id LIMIT 500"),
	                     p, person_id, out, n_out);
}

/* ---- pins ----------------------------------------------------------------- */

int groups_pin(struct db *db, const struct person *actor, int64_t group_id, int64_t post_id, bool pin)
{
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	int64_t one;
	rc = db_query_int(db, &one,
		"SELECT 1 FROM posts p JOIN groups g ON g.id = p.group_id WHERE p.id = ? AND p.group_id = ? "
		"AND p.deleted_at IS NULL AND g.deleted_at IS NULL", "ii", post_id, group_id);
	if (rc == PLEIN_OK && pin) {
		int64_t n = 0;
		rc = db_query_int(db, &n, "SELECT 1 FROM group_pins WHERE group_id = ? AND post_id = ?", "ii", group_id, post_id);
		if (rc == PLEIN_NOTFOUND) {  /* not pinned yet */
			rc = db_query_int(db, &n,
				"SELECT count(*) FROM group_pins gp JOIN posts p ON p.id = gp.post_id WHERE gp.group_id = ? "
				"AND p.deleted_at IS NULL AND p.group_id = gp.group_id", "i", group_id);
			if (rc == PLEIN_OK && n >= GROUP_PINS_MAX)
				rc = PLEIN_TOOBIG;
			if (rc == PLEIN_OK)
				rc = db_exec(db, "INSERT INTO group_pins(group_id, post_id, pinned_by, pinned_at) VALUES (?, ?, ?, ?)",
				             "iiii", group_id, post_id, actor->id, (int64_t)time(NULL));
		}
	} else if (rc == PLEIN_OK) {
		rc = db_exec(db, "DELETE FROM group_pins WHERE group_id = ? AND post_id = ?", "ii", group_id, post_id);
	}
	if (rc == PLEIN_OK) {
		char subject[64];
		snprintf(subject, sizeof(subject), "group:%lld post:%lld", (long long)group_id, (long long)post_id);
		audit_log(db, actor->id, pin ? "group.pin" : "group.unpin", subject, NULL);
		rc = db_commit(db);
	}
	if (rc != PLEIN_OK)
		db_rollback(db);
	return rc;
}

int groups_pins(struct db *db, struct pool *p, int64_t group_id, int64_t **ids, size_t *n)
{
	*ids = NULL;
	*n = 0;
	/* a post moved out of the group or deleted is no longer its pin */
	struct db_stmt *st = db_prepare(db,
		"SELECT gp.post_id FROM group_pins gp JOIN posts p ON p.id = gp.post_id WHERE gp.group_id = ? "
		"AND p.group_id = gp.group_id AND p.deleted_at IS NULL ORDER BY gp.pinned_at DESC, gp.post_id DESC LIMIT ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, group_id);
	db_bind_int(st, 2, GROUP_PINS_MAX);
	int64_t *raw;
	size_t k;
	int rc = db_step_ids(st, &raw, &k);
	if (rc != PLEIN_OK)
		return rc;
	if (k) {
		*ids = pool_alloc(p, sizeof(*raw) * k);
		memcpy(*ids, raw, sizeof(*raw) * k);
	}
	*n = k;
	free(raw);
	return PLEIN_OK;
}

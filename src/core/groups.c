/* groups.c — every query on groups, group_members, group_requests and
 * group_pins (migration 0008). See groups.h; authorization is the caller's,
 * through core/visibility.c. */
#include "core/groups.h"
#include "core/markdown.h"
#include "core/textnorm.h"
#include "core/audit.h"
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

#define GROUP_COLUMNS \
	"g.id, g.name, g.kind, g.category, g.about, g.about_html, g.special, g.member_count, " \
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

/* NULL when acceptable, else an English sentence. name/kind may be NULL
 * (unchanged) on update. */
const char *groups_input_error(const struct group_input *in, bool creating)
{
	if (creating && (!in->name || !in->kind))
		return !in->name ? "Give the group a name." : "Choose open, closed or secret.";
	if (in->name) {
		size_t len = strlen(in->name);
		if (!utf8_valid(in->name, len) || utf8_has_control(in->name, len, false))
			return "The name has characters that cannot be used.";
		if (utf8_length(in->name, len) > GROUP_NAME_MAX)
			return "A group name can have at most 80 characters.";
	}
	if (in->kind && !groups_kind_valid(in->kind))
		return "Choose open, closed or secret.";
	if (in->category) {
		size_t len = strlen(in->category);
		if (!utf8_valid(in->category, len) || utf8_has_control(in->category, len, false))
			return "The category has characters that cannot be used.";
		if (utf8_length(in->category, len) > GROUP_CATEGORY_MAX)
			return "A category can have at most 40 characters.";
	}
	if (in->about) {
		size_t len = strlen(in->about);
		if (!utf8_valid(in->about, len))
			return "The description is not valid text.";
		if (utf8_length(in->about, len) > GROUP_ABOUT_MAX)
			return "A description can have at most 5,000 characters.";
	}
	return NULL;
}

int groups_create(struct db *db, struct pool *p, const struct person *creator, const struct group_input *in,
                  int64_t *id_out, const char **msg)
{
	if ((*msg = groups_input_error(in, true)))
		return PLEIN_INVALID;
	const char *key = groups_name_key(p, in->name);
	if (!key || !*key) {
		*msg = "Give the group a name.";
		return PLEIN_INVALID;
	}
	const char *about = in->about ? in->about : "";
	const char *html = markdown_to_html(p, about, strlen(about));
	if (!html) {
		*msg = "The description is too long.";
		return PLEIN_INVALID;
	}
	int64_t now = (int64_t)time(NULL);
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	rc = db_exec(db,
		"INSERT INTO groups(name, name_key, kind, category, about, about_html, member_count, created_by, "
		"created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
		"ssssssiii", in->name, key, in->kind, in->category ? in->category : "", about, html, creator->id, now, now);
	if (rc == PLEIN_CONFLICT) {
		*msg = "A group with this name exists already.";
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

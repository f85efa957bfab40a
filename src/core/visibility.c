/* visibility.c — see visibility.h. Deny by default: every function starts
 * from "no" and lists the cases that say yes. The C checks and the SQL
 * conditions state the same rules; tests/unit/test_visibility.c holds them
 * to each other and tests/e2e/authz-matrix.test.mjs to every route. */
#include "core/visibility.h"
#include "core/posts.h"
#include "core/groups.h"

static bool has_role(const struct person *v, const char *role)
{
	return v && v->role && strcmp(v->role, role) == 0;
}

static bool is_active(const struct person *p)
{
	return p && p->status && strcmp(p->status, "active") == 0;
}

bool visibility_is_admin(const struct person *viewer)
{
	return is_active(viewer) && has_role(viewer, "admin");
}

bool visibility_can_browse(const struct person *viewer)
{
	return is_active(viewer) &&
	       (has_role(viewer, "admin") || has_role(viewer, "moderator") || has_role(viewer, "member") ||
	        has_role(viewer, "communicator"));
}

/* ---- the viewer's groups ---- */

static int cmp_membership(const void *a, const void *b)
{
	int64_t x = ((const struct group_membership *)a)->group_id, y = ((const struct group_membership *)b)->group_id;
	return x < y ? -1 : x > y;
}

int visibility_scope_load(struct db *db, struct pool *p, struct person *viewer)
{
	struct viewer_scope *s = pool_zalloc(p, sizeof(*s));
	s->db = db;
	viewer->scope = s;
	if (!is_active(viewer))
		return PLEIN_OK;
	if (has_role(viewer, "alumni")) {
		int64_t id = groups_alumni_id(db);
		if (id > 0) {
			struct group_membership *m = pool_zalloc(p, sizeof(*m));
			m->group_id = id;
			m->role = 'p';
			s->m = m;
			s->n = 1;
		}
		return PLEIN_OK;
	}
	struct db_stmt *st = db_prepare(db,
		"SELECT gm.group_id, gm.role FROM group_members gm JOIN groups g ON g.id = gm.group_id "
		"WHERE gm.person_id = ? AND g.deleted_at IS NULL ORDER BY gm.group_id");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, viewer->id);
	size_t cap = 16, n = 0;
	struct group_membership *m = pool_alloc(p, sizeof(*m) * cap);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == cap) {
			struct group_membership *bigger = pool_alloc(p, sizeof(*m) * cap * 2);
			memcpy(bigger, m, sizeof(*m) * n);
			m = bigger;
			cap *= 2;
		}
		const char *role = db_col_text(st, 1);
		m[n].group_id = db_col_int(st, 0);
		m[n].role = strcmp(role, "owner") == 0 ? 'o' : strcmp(role, "moderator") == 0 ? 'm' : 'p';
		n++;
	}
	db_done(st);
	if (rc != DB_DONE)
		return PLEIN_ERROR;
	qsort(m, n, sizeof(*m), cmp_membership);
	s->m = m;
	s->n = n;
	st = db_prepare(db, "SELECT r.group_id FROM group_requests r JOIN groups g ON g.id = r.group_id "
	                    "WHERE r.person_id = ? AND r.kind = 'invite' AND g.deleted_at IS NULL ORDER BY r.group_id");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, viewer->id);
	int64_t *inv;
	if (db_step_ids(st, &inv, &n) != PLEIN_OK)
		return PLEIN_ERROR;
	if (n) {
		int64_t *copy = pool_alloc(p, sizeof(*inv) * n);
		memcpy(copy, inv, sizeof(*inv) * n);
		s->invited = copy;
		s->n_invited = n;
	}
	free(inv);
	return PLEIN_OK;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static bool invited(const struct person *v, int64_t group_id)
{
	return v && v->scope && is_active(v) && v->scope->n_invited &&
	       bsearch(&group_id, v->scope->invited, v->scope->n_invited, sizeof(group_id), cmp_id);
}

int visibility_person_get(struct db *db, struct pool *p, int64_t id, struct person **out)
{
	int rc = people_get(db, p, id, out);
	return rc != PLEIN_OK ? rc : visibility_scope_load(db, p, *out);
}

static const struct group_membership *membership(const struct person *v, int64_t group_id)
{
	if (!v || !v->scope || !is_active(v) || group_id <= 0)
		return NULL;
	struct group_membership key = { .group_id = group_id };
	return bsearch(&key, v->scope->m, v->scope->n, sizeof(key), cmp_membership);
}

const char *visibility_group_role(const struct person *viewer, int64_t group_id)
{
	const struct group_membership *m = membership(viewer, group_id);
	if (!m)
		return NULL;
	return m->role == 'o' ? "owner" : m->role == 'm' ? "moderator" : "member";
}

int64_t visibility_implicit_group(const struct person *viewer)
{
	if (!has_role(viewer, "alumni") || !is_active(viewer) || !viewer->scope || !viewer->scope->n)
		return 0;
	return viewer->scope->m[0].group_id;
}

/* Do viewer and p share a group? (guests and alumni see only such people) */
static bool shares_group(const struct person *viewer, const struct person *p)
{
	if (!viewer->scope || !viewer->scope->n || !viewer->scope->db)
		return false;
	struct db *db = viewer->scope->db;
	int64_t alumni = groups_alumni_id(db);
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM group_members WHERE group_id = ? AND person_id = ?");
	if (!st)
		return false;
	bool yes = false;
	for (size_t i = 0; i < viewer->scope->n && !yes; i++) {
		int64_t gid = viewer->scope->m[i].group_id;
		if (gid == alumni && has_role(p, "alumni")) {
			yes = true;
			break;
		}
		if (has_role(p, "alumni"))
			continue;  /* alumni are only in the alumni group */
		db_bind_int(st, 1, gid);
		db_bind_int(st, 2, p->id);
		yes = db_step(st) == DB_ROW;
		db_done(st);
	}
	return yes;
}

bool visibility_can_see_person(const struct person *viewer, const struct person *p)
{
	if (!viewer || !p)
		return false;
	if (viewer->id == p->id)
		return true;
	if (visibility_is_admin(viewer))
		return true;
	if (!is_active(p) || !is_active(viewer))
		return false;
	if (visibility_can_browse(viewer))
		return true;
	return (has_role(viewer, "guest") || has_role(viewer, "alumni")) && shares_group(viewer, p);
}

bool visibility_can_edit_profile(const struct person *viewer, const struct person *p)
{
	return viewer && p && is_active(viewer) && (viewer->id == p->id || visibility_is_admin(viewer));
}

bool visibility_can_manage_person(const struct person *viewer, const struct person *p)
{
	return p && visibility_is_admin(viewer);
}

bool visibility_can_endorse(const struct person *viewer, const struct person *p)
{
	return p && visibility_can_browse(viewer) && viewer->id != p->id && is_active(p);
}

/* ---- groups ---- */

bool visibility_can_list_groups(const struct person *viewer)
{
	return visibility_can_browse(viewer);
}

bool visibility_can_create_group(const struct person *viewer)
{
	return visibility_can_browse(viewer);
}

/* The rules on a group given only its id and kind (posts carry these). */
static bool can_read_kind(const struct person *viewer, int64_t group_id, const char *kind)
{
	if (!kind)
		return false;  /* deleted group */
	if (membership(viewer, group_id))
		return true;
	return strcmp(kind, "open") == 0 && visibility_can_browse(viewer);
}

bool visibility_can_see_group(const struct person *viewer, const struct group *g)
{
	if (!g || g->deleted_at)
		return false;
	if (membership(viewer, g->id) || invited(viewer, g->id))
		return true;
	return strcmp(g->kind, "secret") != 0 && visibility_can_browse(viewer);
}

bool visibility_can_read_group(const struct person *viewer, const struct group *g)
{
	return g && !g->deleted_at && can_read_kind(viewer, g->id, g->kind);
}

bool visibility_can_join_group(const struct person *viewer, const struct group *g)
{
	return visibility_can_see_group(viewer, g) && strcmp(g->kind, "open") == 0 && !g->special &&
	       visibility_can_browse(viewer) && !membership(viewer, g->id);
}

bool visibility_can_request_group(const struct person *viewer, const struct group *g)
{
	return visibility_can_see_group(viewer, g) && strcmp(g->kind, "closed") == 0 &&
	       visibility_can_browse(viewer) && !membership(viewer, g->id);
}

bool visibility_can_post_in_group(const struct person *viewer, const struct group *g)
{
	return g && !g->deleted_at && membership(viewer, g->id) != NULL;
}

/* Site administrators stand in for owners of groups they can see without
 * being members: open and closed ones (the alumni group starts ownerless). */
static bool admin_over(const struct person *viewer, const struct group *g)
{
	return visibility_is_admin(viewer) && strcmp(g->kind, "secret") != 0;
}

bool visibility_can_manage_group(const struct person *viewer, const struct group *g)
{
	if (!visibility_can_see_group(viewer, g))
		return false;
	const struct group_membership *m = membership(viewer, g->id);
	return (m && (m->role == 'o' || m->role == 'm')) || admin_over(viewer, g);
}

bool visibility_can_own_group(const struct person *viewer, const struct group *g)
{
	if (!visibility_can_see_group(viewer, g))
		return false;
	const struct group_membership *m = membership(viewer, g->id);
	return (m && m->role == 'o') || admin_over(viewer, g);
}

/* Members and invitees, as visibility_can_see_group (an invitee must find
 * the group to accept; alumni have no invitations in their scope). */
#define MEMBER_OR_INVITED \
	"(g.id IN (SELECT gm.group_id FROM group_members gm WHERE gm.person_id = ?90) OR " \
	"g.id IN (SELECT r.group_id FROM group_requests r WHERE r.person_id = ?90 AND r.kind = 'invite'))"

const char *visibility_group_sql(const struct person *viewer)
{
	if (!is_active(viewer))
		return "0";
	if (has_role(viewer, "alumni"))
		return "g.deleted_at IS NULL AND g.special = 'alumni'";
	if (visibility_can_browse(viewer))
		return "g.deleted_at IS NULL AND (g.kind <> 'secret' OR " MEMBER_OR_INVITED ")";
	return "g.deleted_at IS NULL AND " MEMBER_OR_INVITED;
}

/* ---- posts ---- */

bool visibility_can_see_post(const struct person *viewer, const struct post *post)
{
	if (!post || post->deleted_at)
		return false;
	if (post->group_id)
		return can_read_kind(viewer, post->group_id, post->group_kind);
	if (strcmp(post->visibility, "public") == 0)
		return true;
	if (strcmp(post->visibility, "organisation") == 0)
		return visibility_can_browse(viewer) || (is_active(viewer) && viewer->id == post->owner_id);
	return false;
}

/* One text per kind of viewer; the groups a member reads are those of the
 * directory's condition that are open or theirs. */
/* Correlated (one primary-key lookup per post row): "p.group_id IN (SELECT
 * g.id FROM groups g WHERE ...)" made SQLite build the list of every open
 * group for each statement, ~2 ms a page with 10,000 groups (bench/groups.sh). */
#define GROUP_POST(groups) \
	"EXISTS (SELECT 1 FROM groups g WHERE g.id = p.group_id AND " groups ")"
#define MEMBER_OF "EXISTS (SELECT 1 FROM group_members gm WHERE gm.group_id = g.id AND gm.person_id = ?90)"

const char *visibility_post_sql(const struct person *viewer)
{
	if (!is_active(viewer))
		return "p.deleted_at IS NULL AND p.group_id IS NULL AND p.visibility = 'public'";
	if (visibility_can_browse(viewer))
		return "p.deleted_at IS NULL AND CASE WHEN p.group_id IS NULL "
		       "THEN p.visibility IN ('organisation', 'public') "
		       "ELSE " GROUP_POST("g.deleted_at IS NULL AND (g.kind = 'open' OR " MEMBER_OF ")") " END";
	if (has_role(viewer, "alumni"))
		return "p.deleted_at IS NULL AND CASE WHEN p.group_id IS NULL "
		       "THEN p.visibility = 'public' OR (p.visibility = 'organisation' AND p.author_id = ?90) "
		       "ELSE " GROUP_POST("g.deleted_at IS NULL AND g.special = 'alumni'") " END";
	return "p.deleted_at IS NULL AND CASE WHEN p.group_id IS NULL "
	       "THEN p.visibility = 'public' OR (p.visibility = 'organisation' AND p.author_id = ?90) "
	       "ELSE " GROUP_POST("g.deleted_at IS NULL AND " MEMBER_OF) " END";
}

const char *visibility_post_everyone_sql(void)
{
	return "p.deleted_at IS NULL AND CASE WHEN p.group_id IS NULL "
	       "THEN p.visibility IN ('organisation', 'public') "
	       "ELSE " GROUP_POST("g.deleted_at IS NULL AND g.kind = 'open'") " END";
}

void visibility_bind(struct db_stmt *st, const struct person *viewer)
{
	db_bind_int(st, VISIBILITY_PARAM, viewer ? viewer->id : 0);
}

bool visibility_can_post(const struct person *viewer)
{
	return visibility_can_browse(viewer);
}

bool visibility_can_upload(const struct person *viewer)
{
	return visibility_can_post(viewer) || (is_active(viewer) && viewer->scope && viewer->scope->n > 0);
}

bool visibility_can_announce(const struct person *viewer)
{
	return is_active(viewer) && (has_role(viewer, "admin") || has_role(viewer, "communicator"));
}

bool visibility_can_edit_post(const struct person *viewer, const struct post *post)
{
	return visibility_can_see_post(viewer, post) && is_active(viewer) && viewer->id == post->owner_id;
}

bool visibility_can_delete_post(const struct person *viewer, const struct post *post)
{
	return post && visibility_can_delete_comment(viewer, post, post->owner_id);
}

static bool manages_group_of(const struct person *viewer, const struct post *post)
{
	const struct group_membership *m = membership(viewer, post->group_id);
	return m && (m->role == 'o' || m->role == 'm');
}

bool visibility_can_delete_comment(const struct person *viewer, const struct post *post, int64_t author_id)
{
	if (!visibility_can_see_post(viewer, post) || !is_active(viewer))
		return false;
	return viewer->id == author_id || has_role(viewer, "admin") || has_role(viewer, "moderator") ||
	       (post->group_id && manages_group_of(viewer, post));
}

bool visibility_can_interact(const struct person *viewer, const struct post *post)
{
	if (!visibility_can_see_post(viewer, post))
		return false;
	if (post->group_id)
		return membership(viewer, post->group_id) != NULL || visibility_can_post(viewer);
	return visibility_can_post(viewer);
}

bool visibility_can_move_post(const struct person *viewer, const struct post *post, const struct group *to)
{
	if (!visibility_can_see_post(viewer, post) || !is_active(viewer) || strcmp(post->kind, "announcement") == 0 ||
	    strcmp(post->kind, "answer") == 0)  /* an answer stays with its question */
		return false;
	if (viewer->id != post->owner_id && !has_role(viewer, "admin") && !has_role(viewer, "moderator"))
		return false;
	if (to)
		return to->id != post->group_id && visibility_can_post_in_group(viewer, to);
	return post->group_id != 0 && visibility_can_post(viewer);
}

/* A group page (core/group_pages.c): its creator while still a member, and
 * whoever manages the group. */
bool visibility_can_delete_group_page(const struct person *viewer, const struct group *g, int64_t created_by)
{
	return (viewer && viewer->id == created_by && visibility_can_post_in_group(viewer, g)) ||
	       visibility_can_manage_group(viewer, g);
}

/* Accept an answer of a question (core/questions.c): who asked it (also
 * when anonymous: the rule reads the real author, never shown), the
 * managers of the question's group, and administrators — each among those
 * who may see the question. */
bool visibility_can_accept_answer(const struct person *viewer, const struct post *question)
{
	if (!question || strcmp(question->kind, "question") != 0 || !visibility_can_see_post(viewer, question) ||
	    !is_active(viewer))
		return false;
	return viewer->id == question->owner_id || visibility_is_admin(viewer) ||
	       (question->group_id && manages_group_of(viewer, question));
}

enum insight_level visibility_insight_level(const struct person *viewer)
{
	if (!is_active(viewer) || has_role(viewer, "guest") || has_role(viewer, "alumni"))
		return INSIGHT_NONE;
	if (visibility_is_admin(viewer))
		return INSIGHT_PEOPLE;
	if (has_role(viewer, "communicator"))
		return INSIGHT_DEPARTMENTS;
	/* a manager: someone else, an active colleague, reports to them (being
	 * one's own manager, by an import or a slip, is no report; nor is a
	 * report who has left and stays on as alumni, or a guest) */
	int64_t reports = 0;
	if (viewer->scope && viewer->scope->db &&
	    db_query_int(viewer->scope->db, &reports,
	                 "SELECT EXISTS (SELECT 1 FROM people WHERE manager_id = ?1 AND id <> ?1 AND status = 'active'"
	                 " AND role NOT IN ('guest', 'alumni'))", "i",
	                 viewer->id) == 0 &&
	    reports)
		return INSIGHT_DEPARTMENTS;
	return INSIGHT_OWN;
}

bool visibility_can_see_insight_person(const struct person *viewer, int64_t person_id)
{
	enum insight_level level = visibility_insight_level(viewer);
	return level == INSIGHT_PEOPLE || (level != INSIGHT_NONE && viewer->id == person_id);
}

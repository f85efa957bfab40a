/* test_visibility.c — the whole matrix of who may do what with a person:
 * every viewer role × viewer status (and anonymous) × target (self or
 * another, active or deactivated, of every role) for every visibility_*
 * function, against a table written from the words, plus hostile
 * role and status strings that must grant nothing; and the same for posts
 * (see, write, announce, edit, delete, interact), with the SQL condition
 * the streams use checked against the C rule on real rows; and groups
 * (issue 5): every role × status × relation (non-member, invited, member,
 * moderator, owner) × kind × deleted, the alumni group, posts in groups,
 * and the directory's and streams' SQL against the C rules. */
#include "unit.h"
#include "core/people.h"
#include "core/posts.h"
#include "core/visibility.h"
#include "core/groups.h"
#include <inttypes.h>

/* What each role may do while active, from issue 3: members, moderators and
 * admins browse the organisation; guests and alumni see only themselves
 * (until groups exist); admins manage people and see deactivated ones. */
static const struct {
	const char *role;
	bool browse, admin;
} roles[] = {
	{ "admin", true, true },
	{ "moderator", true, false },
	{ "member", true, false },
	{ "communicator", true, false },  /* issue 4: browses like a member, announces */
	{ "guest", false, false },
	{ "alumni", false, false },
};
static const char *const statuses[] = { "active", "deactivated" };

static struct person make(int64_t id, const char *role, const char *status)
{
	return (struct person){ .id = id, .role = role, .status = status, .name = "x", .email = "x@example.com" };
}

struct expect {
	bool is_admin, browse, see, edit, manage, endorse;
};

/* The rules, one line each, in the words of the issue and visibility.h. */
static struct expect expected(bool anonymous, bool admin_role, bool browse_role, bool viewer_active, bool self,
                              bool target_active)
{
	struct expect e = { 0 };
	if (anonymous)
		return e;  /* nothing at all */
	bool admin = viewer_active && admin_role;
	bool browse = viewer_active && browse_role;
	e.is_admin = admin;
	e.browse = browse;
	e.see = self || admin || (browse && target_active);   /* yourself always; deactivated only for admins */
	e.edit = viewer_active && (self || admin);             /* your own; admins anyone's */
	e.manage = admin;                                      /* department, manager, role, status */
	e.endorse = browse && !self && target_active;          /* a colleague's, not your own */
	return e;
}

static void check(const struct person *viewer, const struct person *target, struct expect e, const char *what)
{
	struct expect got = {
		visibility_is_admin(viewer), visibility_can_browse(viewer), visibility_can_see_person(viewer, target),
		visibility_can_edit_profile(viewer, target), visibility_can_manage_person(viewer, target),
		visibility_can_endorse(viewer, target),
	};
	if (memcmp(&got, &e, sizeof(e)) != 0)
		fail_msg("%s: got admin=%d browse=%d see=%d edit=%d manage=%d endorse=%d, "
		         "want admin=%d browse=%d see=%d edit=%d manage=%d endorse=%d", what,
		         got.is_admin, got.browse, got.see, got.edit, got.manage, got.endorse,
		         e.is_admin, e.browse, e.see, e.edit, e.manage, e.endorse);
}

static void test_matrix(void **state)
{
	char what[200];
	int cases = 0;
	for (size_t r = 0; r < ARRAY_LEN(roles); r++) {
		for (size_t s = 0; s < ARRAY_LEN(statuses); s++) {
			struct person viewer = make(1, roles[r].role, statuses[s]);
			bool active = s == 0;
			/* the viewer themself, as read from the database (a copy) */
			struct person self = viewer;
			snprintf(what, sizeof(what), "%s/%s viewing themself", roles[r].role, statuses[s]);
			check(&viewer, &self, expected(false, roles[r].admin, roles[r].browse, active, true, active), what);
			cases++;
			/* another person of every role and status */
			for (size_t tr = 0; tr < ARRAY_LEN(roles); tr++) {
				for (size_t ts = 0; ts < ARRAY_LEN(statuses); ts++) {
					struct person target = make(2, roles[tr].role, statuses[ts]);
					snprintf(what, sizeof(what), "%s/%s viewing %s/%s", roles[r].role, statuses[s],
					         roles[tr].role, statuses[ts]);
					check(&viewer, &target,
					      expected(false, roles[r].admin, roles[r].browse, active, false, ts == 0), what);
					cases++;
				}
			}
		}
	}
	/* anonymous: nothing, whoever the target */
	for (size_t tr = 0; tr < ARRAY_LEN(roles); tr++)
		for (size_t ts = 0; ts < ARRAY_LEN(statuses); ts++) {
			struct person target = make(2, roles[tr].role, statuses[ts]);
			snprintf(what, sizeof(what), "anonymous viewing %s/%s", roles[tr].role, statuses[ts]);
			check(NULL, &target, expected(true, false, false, false, false, ts == 0), what);
			cases++;
		}
	assert_int_equal(cases, 6 * 2 * (1 + 12) + 12);
}

static void test_spot_checks(void **state)
{
	/* a few rows spelled out, so a shared mistake in rules and code shows */
	struct person admin = make(1, "admin", "active"), member = make(2, "member", "active");
	struct person guest = make(3, "guest", "active"), alumni = make(4, "alumni", "active");
	struct person gone = make(5, "member", "deactivated"), mod = make(6, "moderator", "active");
	assert_true(visibility_can_see_person(&admin, &gone));
	assert_false(visibility_can_see_person(&member, &gone));
	assert_false(visibility_can_see_person(&mod, &gone));
	assert_true(visibility_can_see_person(&member, &guest));   /* colleagues see a guest's profile */
	assert_true(visibility_can_see_person(&member, &alumni));  /* alumni keep their profile */
	assert_false(visibility_can_see_person(&guest, &member));
	assert_false(visibility_can_see_person(&alumni, &member));
	assert_false(visibility_can_see_person(&guest, &alumni));
	assert_true(visibility_can_see_person(&guest, &guest));
	assert_true(visibility_can_edit_profile(&guest, &guest));
	assert_true(visibility_can_edit_profile(&alumni, &alumni));
	assert_false(visibility_can_edit_profile(&mod, &member));   /* moderators are members here */
	assert_false(visibility_can_manage_person(&mod, &member));
	assert_true(visibility_can_manage_person(&admin, &admin));  /* their own role too (last-admin check elsewhere) */
	assert_false(visibility_can_manage_person(&member, &member));
	assert_false(visibility_can_endorse(&member, &member));
	assert_true(visibility_can_endorse(&member, &alumni));
	assert_false(visibility_can_endorse(&guest, &member));
	assert_false(visibility_can_endorse(&member, &gone));
}

static void test_hostile_values(void **state)
{
	/* roles and statuses that are not exactly the known words grant nothing */
	static const char *const bad_roles[] = { "Admin", "ADMIN", "admin ", " admin", "root", "", "administrator",
	                                         "member\n", NULL };
	static const char *const bad_statuses[] = { "Active", "active ", "", "enabled", NULL };
	struct person other = make(2, "member", "active");
	for (size_t i = 0; i < ARRAY_LEN(bad_roles); i++) {
		struct person v = make(1, bad_roles[i], "active");
		assert_false(visibility_is_admin(&v));
		assert_false(visibility_can_browse(&v));
		assert_false(visibility_can_see_person(&v, &other));
		assert_false(visibility_can_edit_profile(&v, &other));
		assert_false(visibility_can_manage_person(&v, &other));
		assert_false(visibility_can_endorse(&v, &other));
	}
	for (size_t i = 0; i < ARRAY_LEN(bad_statuses); i++) {
		struct person v = make(1, "admin", bad_statuses[i]), self = v;
		assert_false(visibility_is_admin(&v));
		assert_false(visibility_can_browse(&v));
		assert_false(visibility_can_see_person(&v, &other));
		assert_false(visibility_can_edit_profile(&v, &self));
		assert_false(visibility_can_manage_person(&v, &other));
		/* a target with an odd status counts as not active */
		struct person admin = make(1, "admin", "active"), member = make(3, "member", "active");
		struct person t = make(2, "member", bad_statuses[i]);
		assert_true(visibility_can_see_person(&admin, &t));
		assert_false(visibility_can_see_person(&member, &t));
		assert_false(visibility_can_endorse(&member, &t));
	}
	/* a NULL target: nothing */
	struct person admin = make(1, "admin", "active");
	assert_false(visibility_can_see_person(&admin, NULL));
	assert_false(visibility_can_edit_profile(&admin, NULL));
	assert_false(visibility_can_manage_person(&admin, NULL));
	assert_false(visibility_can_endorse(&admin, NULL));
	assert_false(visibility_can_see_person(NULL, NULL));
}

/* ---- posts (issue 4) ---------------------------------------------------- */

struct post_expect {
	bool see, post, announce, edit, del, interact;
};

/* The rules for posts, from the issue and visibility.h: public posts for
 * anyone (signed out too), organisation posts for those who browse, deleted
 * ones for no one; writing for those who browse; announcing for admins and
 * communicators; editing by the author; deleting by the author, a
 * moderator or an admin; interacting for writers who can see it. */
static struct post_expect post_expected(const char *role, bool anonymous, bool active, bool own, bool public,
                                        bool deleted)
{
	struct post_expect e = { 0 };
	bool browse = !anonymous && active &&
	              (strcmp(role, "admin") == 0 || strcmp(role, "moderator") == 0 || strcmp(role, "member") == 0 ||
	               strcmp(role, "communicator") == 0);
	/* your own posts stay yours (alumni keep their own content) */
	e.see = !deleted && (public || browse || (own && !anonymous && active));
	e.post = browse;
	e.announce = !anonymous && active && (strcmp(role, "admin") == 0 || strcmp(role, "communicator") == 0);
	e.edit = e.see && !anonymous && active && own;
	e.del = e.see && !anonymous && active &&
	        (own || strcmp(role, "admin") == 0 || strcmp(role, "moderator") == 0);
	e.interact = e.post && e.see;
	return e;
}

static void post_check(const struct person *viewer, const struct post *post, struct post_expect e, const char *what)
{
	struct post_expect got = {
		visibility_can_see_post(viewer, post), visibility_can_post(viewer), visibility_can_announce(viewer),
		visibility_can_edit_post(viewer, post), visibility_can_delete_post(viewer, post),
		visibility_can_interact(viewer, post),
	};
	if (memcmp(&got, &e, sizeof(e)) != 0)
		fail_msg("%s: got see=%d post=%d announce=%d edit=%d delete=%d interact=%d, "
		         "want see=%d post=%d announce=%d edit=%d delete=%d interact=%d", what, got.see, got.post,
		         got.announce, got.edit, got.del, got.interact, e.see, e.post, e.announce, e.edit, e.del,
		         e.interact);
}

static void test_post_matrix(void **state)
{
	static const char *const visibilities[] = { "organisation", "public" };
	static const char *const kinds[] = { "update", "praise", "announcement" };
	char what[200];
	int cases = 0;
	for (size_t r = 0; r <= ARRAY_LEN(roles); r++) {  /* the last round: anonymous */
		bool anonymous = r == ARRAY_LEN(roles);
		for (size_t s = 0; s < ARRAY_LEN(statuses) - (anonymous ? 1 : 0); s++) {
			struct person v = make(1, anonymous ? "" : roles[r].role, statuses[s]);
			const struct person *viewer = anonymous ? NULL : &v;
			for (size_t vi = 0; vi < ARRAY_LEN(visibilities); vi++)
				for (int deleted = 0; deleted < 2; deleted++)
					for (int own = 0; own < 2; own++)
						for (size_t k = 0; k < ARRAY_LEN(kinds); k++) {
							struct post post = {
								.id = 10, .author = { .id = own ? 1 : 2, .name = "a" }, .owner_id = own ? 1 : 2,
								.kind = kinds[k], .visibility = visibilities[vi], .body = "b",
								.body_html = "<p>b</p>", .reactions = "", .created_at = 1,
								.deleted_at = deleted ? 2 : 0,
							};
							snprintf(what, sizeof(what), "%s/%s, %s %s %s post%s",
							         anonymous ? "anonymous" : roles[r].role, statuses[s], own ? "own" : "other",
							         visibilities[vi], kinds[k], deleted ? " (deleted)" : "");
							post_check(viewer, &post,
							           post_expected(anonymous ? "" : roles[r].role, anonymous, s == 0,
							                         own && !anonymous, vi == 1, deleted), what);
							cases++;
						}
		}
	}
	assert_int_equal(cases, (6 * 2 + 1) * 2 * 2 * 2 * 3);
}

static void test_post_spot_checks(void **state)
{
	struct person admin = make(1, "admin", "active"), member = make(2, "member", "active");
	struct person guest = make(3, "guest", "active"), comm = make(4, "communicator", "active");
	struct person mod = make(5, "moderator", "active"), gone = make(6, "member", "deactivated");
	struct post org = { .id = 1, .author = { .id = 2 }, .owner_id = 2, .kind = "update", .visibility = "organisation" };
	struct post pub = { .id = 2, .author = { .id = 3 }, .owner_id = 3, .kind = "update", .visibility = "public" };
	assert_true(visibility_can_see_post(NULL, &pub));
	assert_false(visibility_can_see_post(NULL, &org));
	assert_false(visibility_can_see_post(&guest, &org));
	assert_true(visibility_can_see_post(&guest, &pub));
	assert_false(visibility_can_interact(&guest, &pub));   /* guests read public posts, nothing more */
	assert_true(visibility_can_edit_post(&guest, &pub));    /* their own post, from before they became a guest */
	assert_false(visibility_can_edit_post(&guest, &org));   /* … but what they can no longer see, not */
	assert_true(visibility_can_announce(&comm));
	assert_false(visibility_can_announce(&mod));
	assert_false(visibility_can_edit_post(&comm, &org));    /* communicators moderate nothing */
	assert_false(visibility_can_delete_post(&comm, &org));
	assert_true(visibility_can_delete_post(&mod, &org));
	assert_true(visibility_can_delete_post(&admin, &pub));
	assert_false(visibility_can_edit_post(&admin, &org));   /* admins delete, they do not rewrite */
	assert_true(visibility_can_edit_post(&member, &org));
	assert_false(visibility_can_see_post(&gone, &org));
	assert_false(visibility_can_post(NULL));
	assert_false(visibility_can_announce(NULL));
	/* a post with an unknown visibility is for no one, and NULL is nothing */
	struct post odd = org;
	static const char *const bad[] = { "Public", "group", "", "public ", "organisation\n" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		odd.visibility = bad[i];
		assert_false(visibility_can_see_post(&admin, &odd));
		assert_false(visibility_can_delete_post(&admin, &odd));
		assert_false(visibility_can_interact(&member, &odd));
	}
	assert_false(visibility_can_see_post(&admin, NULL));
	assert_false(visibility_can_delete_post(&admin, NULL));
	assert_false(visibility_can_edit_post(&member, NULL));
	assert_false(visibility_can_interact(&member, NULL));
	/* hostile roles grant nothing on posts either */
	static const char *const bad_roles[] = { "Communicator", "communicator ", "Admin", "", NULL };
	for (size_t i = 0; i < ARRAY_LEN(bad_roles); i++) {
		struct person v = make(9, bad_roles[i], "active");  /* not the author: own posts stay visible */
		assert_false(visibility_can_see_post(&v, &org));
		assert_false(visibility_can_post(&v));
		assert_false(visibility_can_announce(&v));
		assert_false(visibility_can_edit_post(&v, &org));
	}
}

/* visibility_post_sql must select exactly the rows visibility_can_see_post
 * allows, for every viewer, on real rows (including odd ones written
 * behind the module's back). */
/* Comments are deleted by the same rule as posts, with the comment's author. */
static void test_comment_delete(void **state)
{
	(void)state;
	struct post org = { .id = 1, .author = { .id = 2 }, .owner_id = 2, .kind = "update", .visibility = "organisation" };
	struct person member = make(3, "member", "active"), author = make(2, "member", "active");
	struct person mod = make(4, "moderator", "active"), guest = make(5, "guest", "active");
	assert_true(visibility_can_delete_comment(&member, &org, 3));     /* their own comment on another's post */
	assert_false(visibility_can_delete_comment(&member, &org, 7));    /* someone else's */
	assert_false(visibility_can_delete_comment(&author, &org, 3));    /* the post's author: not others' comments */
	assert_true(visibility_can_delete_comment(&mod, &org, 3));
	assert_false(visibility_can_delete_comment(&guest, &org, 5));     /* cannot see the post */
	assert_false(visibility_can_delete_comment(NULL, &org, 3));
	org.deleted_at = 1;
	assert_false(visibility_can_delete_comment(&member, &org, 3));
}

static void test_post_sql_agrees(void **state)
{
	char dir[64], path[128];
	struct db *db;
	struct pool *pool;
	assert_int_equal(unit_store_open("visibility", dir, path, &db, &pool), 0);
	int64_t author;
	assert_int_equal(people_create(db, "author@example.com", "Author", "member", NULL, &author), PLEIN_OK);
	static const char *const vis[] = { "organisation", "public", "Public", "group", "" };
	static const char *const kinds[] = { "update", "praise", "announcement" };
	int64_t n_posts = 0;
	for (size_t v = 0; v < ARRAY_LEN(vis); v++)
		for (size_t k = 0; k < ARRAY_LEN(kinds); k++)
			for (int deleted = 0; deleted < 2; deleted++) {
				assert_int_equal(db_exec(db,
					"INSERT INTO posts(author_id, kind, visibility, body, body_html, created_at, deleted_at) "
					"VALUES (?, ?, ?, 'b', '<p>b</p>', 1, NULLIF(?, 0))", "issi", author, kinds[k], vis[v],
					(int64_t)deleted), PLEIN_OK);
				n_posts++;
			}
	/* viewers: every role and status as stored people, and anonymous */
	struct person *viewers[2 * ARRAY_LEN(roles) + 1] = { 0 };
	size_t n_viewers = 0;
	for (size_t r = 0; r < ARRAY_LEN(roles); r++)
		for (size_t s = 0; s < ARRAY_LEN(statuses); s++) {
			char email[64];
			int64_t id;
			snprintf(email, sizeof(email), "%s-%s@example.com", roles[r].role, statuses[s]);
			assert_int_equal(people_create(db, email, "V", roles[r].role, NULL, &id), PLEIN_OK);
			if (s)
				assert_int_equal(people_set_status(db, id, statuses[s]), PLEIN_OK);
			assert_int_equal(people_get(db, pool, id, &viewers[n_viewers]), PLEIN_OK);
			n_viewers++;
		}
	n_viewers++;  /* the last stays NULL: anonymous */
	for (size_t i = 0; i < n_viewers; i++) {
		const struct person *viewer = viewers[i];
		const char *sql = pool_printf(pool, "SELECT p.id FROM posts p WHERE %s ORDER BY p.id",
		                              visibility_post_sql(viewer));
		struct db_stmt *st = db_prepare(db, sql);
		assert_non_null(st);
		visibility_bind(st, viewer);
		bool selected[64] = { 0 };
		int64_t n_selected = 0;
		while (db_step(st) == DB_ROW) {
			int64_t id = db_col_int(st, 0);
			assert_true(id > 0 && id < 64);
			selected[id] = true;
			n_selected++;
		}
		db_done(st);
		int64_t n_seen = 0;
		for (int64_t id = 1; id <= n_posts; id++) {
			struct post *post;
			assert_int_equal(posts_get(db, pool, id, &post), PLEIN_OK);
			bool see = visibility_can_see_post(viewer, post);
			if (see != selected[id])
				fail_msg("viewer %s/%s, post %s/%s%s: C says %d, SQL says %d",
				         viewer ? viewer->role : "anonymous", viewer ? viewer->status : "", post->kind,
				         post->visibility, post->deleted_at ? " deleted" : "", see, selected[id]);
			n_seen += see;
		}
		assert_int_equal(n_seen, n_selected);
		/* members see org and public posts not deleted: 2 × 3; outsiders 3 */
		assert_int_equal(n_seen, visibility_can_browse(viewer) ? 6 : 3);
	}
	unit_store_close(dir, path, db, pool);
}

/* ---- groups (issue 5) ---------------------------------------------------- */

/* A stored world for the group rules: the six groups of every kind, live
 * and deleted, the alumni group, and one viewer for every role × status ×
 * relation to all of them (none, invited, member, moderator, owner), each
 * with their own post in every group; an outsider author with a post (and
 * a deleted post) in every group, and organisation and public posts. The
 * scopes are loaded from the rows (visibility_person_get), as a request's
 * viewer is. */
static const char *const group_kinds[] = { "open", "closed", "secret" };
enum relation { REL_NONE, REL_INVITED, REL_MEMBER, REL_MODERATOR, REL_OWNER, N_REL };
static const char *const relation_names[] = { "non-member", "invited", "member", "moderator", "owner" };

struct gworld {
	char dir[64], path[128];
	struct db *db;
	struct pool *pool;
	int64_t groups[7];            /* 3 kinds × live/deleted, then the alumni group */
	size_t n_groups;
	struct {
		int64_t id;
		size_t role, status;
		enum relation rel;
	} viewers[ARRAY_LEN(roles) * ARRAY_LEN(statuses) * N_REL];
	size_t n_viewers;
	int64_t n_posts;
};

static int64_t insert_post(struct db *db, int64_t author, const char *visibility, int64_t group_id, bool deleted)
{
	assert_int_equal(db_exec(db,
		"INSERT INTO posts(author_id, kind, visibility, group_id, body, body_html, created_at, deleted_at) "
		"VALUES (?, 'update', ?, NULLIF(?, 0), 'b', '<p>b</p>', 1, NULLIF(?, 0))", "isii", author, visibility,
		group_id, (int64_t)deleted), PLEIN_OK);
	return db_last_insert_id(db);
}

static void gworld_open(struct gworld *w)
{
	memset(w, 0, sizeof(*w));
	assert_int_equal(unit_store_open("visgroups", w->dir, w->path, &w->db, &w->pool), 0);
	struct db *db = w->db;
	for (size_t k = 0; k < ARRAY_LEN(group_kinds); k++)
		for (int deleted = 0; deleted < 2; deleted++) {
			char name[40];
			snprintf(name, sizeof(name), "%s%s", group_kinds[k], deleted ? " (deleted)" : "");
			assert_int_equal(db_exec(db,
				"INSERT INTO groups(name, name_key, kind, created_at, updated_at, deleted_at) "
				"VALUES (?, ?, ?, 1, 1, NULLIF(?, 0))", "sssi", name, name, group_kinds[k], (int64_t)deleted),
				PLEIN_OK);
			w->groups[w->n_groups++] = db_last_insert_id(db);
		}
	w->groups[w->n_groups] = groups_alumni_id(db);
	assert_true(w->groups[w->n_groups] > 0);
	w->n_groups++;
	int64_t author;
	assert_int_equal(people_create(db, "group-author@example.com", "Author", "member", NULL, &author), PLEIN_OK);
	for (size_t r = 0; r < ARRAY_LEN(roles); r++)
		for (size_t s = 0; s < ARRAY_LEN(statuses); s++)
			for (int rel = 0; rel < N_REL; rel++) {
				char email[80];
				int64_t id;
				snprintf(email, sizeof(email), "%s-%s-%s@example.com", roles[r].role, statuses[s],
				         relation_names[rel]);
				assert_int_equal(people_create(db, email, "V", roles[r].role, NULL, &id), PLEIN_OK);
				if (s)
					assert_int_equal(people_set_status(db, id, statuses[s]), PLEIN_OK);
				for (size_t g = 0; g < w->n_groups; g++) {
					if (rel == REL_INVITED)
						assert_int_equal(db_exec(db,
							"INSERT INTO group_requests(group_id, person_id, kind, actor_id, created_at) "
							"VALUES (?, ?, 'invite', ?, 1)", "iii", w->groups[g], id, author), PLEIN_OK);
					else if (rel != REL_NONE)
						assert_int_equal(db_exec(db,
							"INSERT INTO group_members(group_id, person_id, role, joined_at) VALUES (?, ?, ?, 1)",
							"iis", w->groups[g], id,
							rel == REL_OWNER ? "owner" : rel == REL_MODERATOR ? "moderator" : "member"), PLEIN_OK);
					insert_post(db, id, "group", w->groups[g], false);  /* their own post there */
				}
				insert_post(db, id, "organisation", 0, false);
				w->viewers[w->n_viewers].id = id;
				w->viewers[w->n_viewers].role = r;
				w->viewers[w->n_viewers].status = s;
				w->viewers[w->n_viewers].rel = (enum relation)rel;
				w->n_viewers++;
			}
	for (size_t g = 0; g < w->n_groups; g++) {
		insert_post(db, author, "group", w->groups[g], false);
		insert_post(db, author, "group", w->groups[g], true);
	}
	insert_post(db, author, "organisation", 0, false);
	insert_post(db, author, "public", 0, false);
	insert_post(db, author, "public", 0, true);
	assert_int_equal(db_query_int(db, &w->n_posts, "SELECT max(id) FROM posts", ""), PLEIN_OK);
}

static void gworld_close(struct gworld *w)
{
	unit_store_close(w->dir, w->path, w->db, w->pool);
}

struct group_expect {
	bool see, read, join, request, post, manage, own;
};

/* The group rules in the words of the issue and groups-contract.md, from
 * the viewer's role, status and relation to one group. */
static struct group_expect group_expected(const char *role, bool active, enum relation rel, const char *kind,
                                          bool deleted, bool alumni_group)
{
	struct group_expect e = { 0 };
	bool browse = active && (strcmp(role, "admin") == 0 || strcmp(role, "moderator") == 0 ||
	                         strcmp(role, "member") == 0 || strcmp(role, "communicator") == 0);
	bool admin = active && strcmp(role, "admin") == 0;
	bool alumni = strcmp(role, "alumni") == 0;
	/* membership that counts: alumni belong to the alumni group only (as
	 * plain members, whatever rows they kept); people who are not active
	 * to none; nobody to a deleted group */
	enum relation m = REL_NONE;
	if (active && !deleted)
		m = alumni ? (alumni_group ? REL_MEMBER : REL_NONE) : (rel >= REL_MEMBER ? rel : REL_NONE);
	bool member = m != REL_NONE;
	bool invited = active && !alumni && !deleted && rel == REL_INVITED;
	bool secret = strcmp(kind, "secret") == 0;
	if (deleted)
		return e;  /* a deleted group: no one, for anything */
	e.see = member || invited || (!secret && browse);
	e.read = member || (strcmp(kind, "open") == 0 && browse);
	e.join = e.see && strcmp(kind, "open") == 0 && !alumni_group && browse && !member;
	e.request = e.see && strcmp(kind, "closed") == 0 && browse && !member;
	e.post = member;
	e.manage = e.see && (m == REL_OWNER || m == REL_MODERATOR || (admin && !secret));
	e.own = e.see && (m == REL_OWNER || (admin && !secret));
	return e;
}

static void group_check(const struct person *viewer, const struct group *g, struct group_expect e, const char *what)
{
	struct group_expect got = {
		visibility_can_see_group(viewer, g), visibility_can_read_group(viewer, g),
		visibility_can_join_group(viewer, g), visibility_can_request_group(viewer, g),
		visibility_can_post_in_group(viewer, g), visibility_can_manage_group(viewer, g),
		visibility_can_own_group(viewer, g),
	};
	if (memcmp(&got, &e, sizeof(e)) != 0)
		fail_msg("%s: got see=%d read=%d join=%d request=%d post=%d manage=%d own=%d, "
		         "want see=%d read=%d join=%d request=%d post=%d manage=%d own=%d", what, got.see, got.read,
		         got.join, got.request, got.post, got.manage, got.own, e.see, e.read, e.join, e.request, e.post,
		         e.manage, e.own);
}

/* A post in a group: as the group's content; interact: members and those
 * who may post in the organisation; edit: the author; delete: the author,
 * site moderators and admins, the group's owners and moderators. */
static struct post_expect group_post_expected(const char *role, bool active, enum relation rel,
                                              struct group_expect ge, bool own, bool deleted)
{
	struct post_expect e = { 0 };
	bool browse = active && (strcmp(role, "admin") == 0 || strcmp(role, "moderator") == 0 ||
	                         strcmp(role, "member") == 0 || strcmp(role, "communicator") == 0);
	e.see = !deleted && ge.read;
	e.post = browse;
	e.announce = active && (strcmp(role, "admin") == 0 || strcmp(role, "communicator") == 0);
	e.edit = e.see && active && own;
	bool group_manager = ge.post && (rel == REL_OWNER || rel == REL_MODERATOR) && strcmp(role, "alumni") != 0;
	e.del = e.see && active &&
	        (own || strcmp(role, "admin") == 0 || strcmp(role, "moderator") == 0 || group_manager);
	e.interact = e.see && (ge.post || browse);
	return e;
}

static void test_group_matrix(void **state)
{
	(void)state;
	struct gworld w;
	gworld_open(&w);
	char what[240];
	int cases = 0;
	struct group *groups[8];
	for (size_t g = 0; g < w.n_groups; g++)
		assert_int_equal(groups_get(w.db, w.pool, w.groups[g], &groups[g]), PLEIN_OK);
	for (size_t i = 0; i <= w.n_viewers; i++) {  /* the last round: anonymous */
		bool anonymous = i == w.n_viewers;
		struct person *viewer = NULL;
		const char *role = "", *status = "";
		enum relation rel = REL_NONE;
		bool active = false;
		if (!anonymous) {
			assert_int_equal(visibility_person_get(w.db, w.pool, w.viewers[i].id, &viewer), PLEIN_OK);
			role = roles[w.viewers[i].role].role;
			status = statuses[w.viewers[i].status];
			active = w.viewers[i].status == 0;
			rel = w.viewers[i].rel;
		}
		for (size_t g = 0; g < w.n_groups; g++) {
			const struct group *grp = groups[g];
			bool alumni_group = grp->special != NULL;
			snprintf(what, sizeof(what), "%s/%s %s of %s group%s%s", anonymous ? "anonymous" : role, status,
			         relation_names[rel], grp->kind, alumni_group ? " (alumni)" : "",
			         grp->deleted_at ? " (deleted)" : "");
			struct group_expect ge = group_expected(role, active, rel, grp->kind, grp->deleted_at != 0,
			                                        alumni_group);
			group_check(viewer, grp, ge, what);
			cases++;
		}
		/* every post in a group: theirs, the outsider's, the outsider's deleted one */
		for (int64_t id = 1; id <= w.n_posts; id++) {
			struct post *post;
			assert_int_equal(posts_get(w.db, w.pool, id, &post), PLEIN_OK);
			if (!post->group_id)
				continue;
			bool own = viewer && post->author.id == viewer->id;
			if (!own && strcmp(post->author.name, "Author") != 0)
				continue;  /* another viewer's post: the outsider's stand for them */
			size_t g = 0;
			while (g < w.n_groups && w.groups[g] != post->group_id)
				g++;
			assert_true(g < w.n_groups);
			struct group_expect ge = group_expected(role, active, rel, groups[g]->kind, groups[g]->deleted_at != 0,
			                                        groups[g]->special != NULL);
			snprintf(what, sizeof(what), "%s/%s %s of %s group%s%s: %s post%s", anonymous ? "anonymous" : role,
			         status, relation_names[rel], groups[g]->kind, groups[g]->special ? " (alumni)" : "",
			         groups[g]->deleted_at ? " (deleted)" : "", own ? "own" : "another's",
			         post->deleted_at ? " (deleted)" : "");
			post_check(viewer, post, group_post_expected(role, active, rel, ge, own, post->deleted_at != 0), what);
			cases++;
		}
	}
	/* viewers × (groups + 2 outsider posts per group + own post per group); anonymous: no own posts */
	assert_int_equal(cases, (int)(w.n_viewers * w.n_groups * 4 + w.n_groups * 3));
	gworld_close(&w);
}

/* The rows the SQL conditions select are exactly those the C rules allow,
 * for every stored viewer and anonymous: groups (the directory) and posts
 * (every stream), on a database with membership, invitation and deleted
 * rows. */
static void test_group_sql_agrees(void **state)
{
	(void)state;
	struct gworld w;
	gworld_open(&w);
	int64_t n_groups_total;
	assert_int_equal(db_query_int(w.db, &n_groups_total, "SELECT max(id) FROM groups", ""), PLEIN_OK);
	for (size_t i = 0; i <= w.n_viewers; i++) {
		struct person *viewer = NULL;
		if (i < w.n_viewers)
			assert_int_equal(visibility_person_get(w.db, w.pool, w.viewers[i].id, &viewer), PLEIN_OK);
		const char *who = viewer ? pool_printf(w.pool, "%s/%s %s", viewer->role, viewer->status,
		                                       relation_names[w.viewers[i].rel]) : "anonymous";
		/* groups */
		struct db_stmt *st = db_prepare(w.db, pool_printf(w.pool, "SELECT g.id FROM groups g WHERE %s ORDER BY g.id",
		                                                  visibility_group_sql(viewer)));
		assert_non_null(st);
		visibility_bind(st, viewer);
		int64_t *ids;
		size_t n;
		assert_int_equal(db_step_ids(st, &ids, &n), PLEIN_OK);
		size_t j = 0;
		for (int64_t id = 1; id <= n_groups_total; id++) {
			struct group *g;
			assert_int_equal(groups_get(w.db, w.pool, id, &g), PLEIN_OK);
			bool sql = j < n && ids[j] == id;
			j += sql;
			bool c = visibility_can_see_group(viewer, g);
			if (c != sql)
				fail_msg("%s, %s group%s%s: C says %d, SQL says %d", who, g->kind, g->special ? " (alumni)" : "",
				         g->deleted_at ? " (deleted)" : "", c, sql);
		}
		assert_int_equal(j, n);
		free(ids);
		/* posts */
		st = db_prepare(w.db, pool_printf(w.pool, "SELECT p.id FROM posts p WHERE %s ORDER BY p.id",
		                                  visibility_post_sql(viewer)));
		assert_non_null(st);
		visibility_bind(st, viewer);
		assert_int_equal(db_step_ids(st, &ids, &n), PLEIN_OK);
		j = 0;
		for (int64_t id = 1; id <= w.n_posts; id++) {
			struct post *post;
			assert_int_equal(posts_get(w.db, w.pool, id, &post), PLEIN_OK);
			bool sql = j < n && ids[j] == id;
			j += sql;
			bool c = visibility_can_see_post(viewer, post);
			if (c != sql)
				fail_msg("%s, post %" PRId64 " (%s, group %" PRId64 " %s, by %s%s): C says %d, SQL says %d", who, id,
				         post->visibility, post->group_id, post->group_kind ? post->group_kind : "-",
				         viewer && post->author.id == viewer->id ? "themself" : "another",
				         post->deleted_at ? ", deleted" : "", c, sql);
		}
		assert_int_equal(j, n);
		free(ids);
	}
	gworld_close(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_spot_checks),
		cmocka_unit_test(test_hostile_values),
		cmocka_unit_test(test_post_matrix),
		cmocka_unit_test(test_post_spot_checks),
		cmocka_unit_test(test_comment_delete),
		cmocka_unit_test(test_post_sql_agrees),
		cmocka_unit_test(test_group_matrix),
		cmocka_unit_test(test_group_sql_agrees),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

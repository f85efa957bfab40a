/* test_visibility.c — the whole matrix of who may do what with a person:
 * every viewer role × viewer status (and anonymous) × target (self or
 * another, active or deactivated, of every role) for every visibility_*
 * function, against a table written from the words, plus hostile
 * role and status strings that must grant nothing; and the same for posts
 * (see, write, announce, edit, delete, interact), with the SQL condition
 * the streams use checked against the C rule on real rows. */
#include "unit.h"
#include "core/people.h"
#include "core/posts.h"
#include "core/visibility.h"

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
								.id = 10, .author = { .id = own ? 1 : 2, .name = "a" },
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
	struct post org = { .id = 1, .author = { .id = 2 }, .kind = "update", .visibility = "organisation" };
	struct post pub = { .id = 2, .author = { .id = 3 }, .kind = "update", .visibility = "public" };
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
	struct post org = { .id = 1, .author = { .id = 2 }, .kind = "update", .visibility = "organisation" };
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

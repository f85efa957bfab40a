/* test_visibility.c — the whole matrix of who may do what with a person:
 * every viewer role × viewer status (and anonymous) × target (self or
 * another, active or deactivated, of every role) for every visibility_*
 * function, against a table written from the words, plus hostile
 * role and status strings that must grant nothing. */
#include "unit.h"
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
	assert_int_equal(cases, 5 * 2 * (1 + 10) + 10);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_spot_checks),
		cmocka_unit_test(test_hostile_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_groups.c — core/groups.c on a real database: creating (validation,
 * unique folded names), updating and deleting, the directory (search,
 * category, mine, keyset paging) as each kind of viewer sees it, membership
 * (member_count kept exact, the last owner stays), requests and
 * invitations with their notifications, and pins. */
#include "unit.h"
#include "core/groups.h"
#include "core/notifications.h"
#include "core/people.h"
#include "core/posts.h"
#include "core/visibility.h"

struct fx {
	char dir[64], path[128];
	struct db *db;
	struct pool *pool;
	int64_t ann, bob, cas, gus, alf, adm;  /* member, member, member, guest, alumni, admin */
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	if (!f || unit_store_open("groups", f->dir, f->path, &f->db, &f->pool) ||
	    people_create(f->db, "ann@example.com", "Ann Peeters", "member", NULL, &f->ann) ||
	    people_create(f->db, "bob@example.com", "Bob Jansen", "member", NULL, &f->bob) ||
	    people_create(f->db, "cas@example.com", "Cas de Vries", "member", NULL, &f->cas) ||
	    people_create(f->db, "gus@example.com", "Gus Guest", "guest", NULL, &f->gus) ||
	    people_create(f->db, "alf@example.com", "Alf Alumnus", "alumni", NULL, &f->alf) ||
	    people_create(f->db, "adm@example.com", "Ada Admin", "admin", NULL, &f->adm))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	unit_store_close(f->dir, f->path, f->db, f->pool);
	free(f);
	return 0;
}

/* The person as a request would see them now (scope reloaded). */
static struct person *who(struct fx *f, int64_t id)
{
	struct person *p = NULL;
	assert_int_equal(visibility_person_get(f->db, f->pool, id, &p), PLEIN_OK);
	return p;
}

static int64_t make_group(struct fx *f, int64_t owner, const char *name, const char *kind, const char *category,
                          const char *about)
{
	struct group_input in = { .name = name, .kind = kind, .category = category, .about = about };
	int64_t id = 0;
	const char *msg = NULL;
	int rc = groups_create(f->db, f->pool, who(f, owner), &in, &id, &msg);
	if (rc)
		fail_msg("groups_create %s: %d %s", name, rc, msg ? msg : "");
	return id;
}

static struct group *get(struct fx *f, int64_t id)
{
	struct group *g = NULL;
	assert_int_equal(groups_get(f->db, f->pool, id, &g), PLEIN_OK);
	return g;
}

static int64_t rows(struct fx *f, int64_t group_id)
{
	int64_t n = -1;
	assert_int_equal(db_query_int(f->db, &n, "SELECT count(*) FROM group_members WHERE group_id = ?", "i", group_id),
	                 PLEIN_OK);
	return n;
}

/* member_count always equals the rows. */
static void assert_count(struct fx *f, int64_t group_id, int64_t want)
{
	assert_int_equal(rows(f, group_id), want);
	assert_int_equal(get(f, group_id)->member_count, want);
}

/* Names of the directory page as viewer sees it, joined by ",". */
static const char *names(struct fx *f, int64_t viewer, const struct group_query *q, const char **next)
{
	struct group *g;
	size_t n;
	const char *nx = NULL;
	int rc = groups_list(f->db, f->pool, viewer ? who(f, viewer) : NULL, q, &g, &n, &nx);
	assert_int_equal(rc, PLEIN_OK);
	char *out = pool_strdup(f->pool, "");
	for (size_t i = 0; i < n; i++)
		out = pool_printf(f->pool, "%s%s%s", out, i ? "," : "", g[i].name);
	if (next)
		*next = nx;
	return out;
}

static void test_create_and_validate(void **state)
{
	struct fx *f = *state;
	const char *msg = NULL;
	int64_t id = 0;
	struct person *ann = who(f, f->ann);
	struct group_input bad[] = {
		{ .kind = "open" },
		{ .name = "X" },
		{ .name = "X", .kind = "public" },
		{ .name = "   ", .kind = "open" },
		{ .name = "Tab\there", .kind = "open" },
		{ .name = "A name that is far too long for any group because it goes on and on beyond eighty chars",
		  .kind = "open" },
		{ .name = "Fine", .kind = "open", .category = "A category that is longer than forty chars" },
		{ .name = "Fine", .kind = "open", .about = "\xff\xfe" },
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		msg = NULL;
		assert_int_equal(groups_create(f->db, f->pool, ann, &bad[i], &id, &msg), PLEIN_INVALID);
		assert_non_null(msg);
	}
	int64_t g = make_group(f, f->ann, "  Modem Testers ", "closed", " Product ", "We **test** modems.");
	struct group *got = get(f, g);
	assert_string_equal(got->name, "Modem Testers");
	assert_string_equal(got->category, "Product");
	assert_string_equal(got->kind, "closed");
	assert_non_null(strstr(got->about_html, "<strong>test</strong>"));
	assert_string_equal(groups_role_of(f->db, f->pool, g, f->ann), "owner");
	assert_count(f, g, 1);
	/* the folded name is unique: case, accents and spacing do not matter */
	struct group_input dup = { .name = "módem   TESTERS", .kind = "open" };
	assert_int_equal(groups_create(f->db, f->pool, ann, &dup, &id, &msg), PLEIN_CONFLICT);
	assert_string_equal(msg, "A group with this name exists already.");
}

static void test_update_and_delete(void **state)
{
	struct fx *f = *state;
	int64_t a = make_group(f, f->ann, "Alpha", "open", "", "");
	int64_t b = make_group(f, f->ann, "Beta", "open", "", "");
	struct person *ann = who(f, f->ann);
	const char *msg = NULL;
	struct group_input rename = { .name = "ALPHA" };
	assert_int_equal(groups_update(f->db, f->pool, ann, b, &rename, &msg), PLEIN_CONFLICT);
	assert_non_null(msg);
	struct group_input kind = { .kind = "secret", .category = "Teams", .about = "Hush" };
	assert_int_equal(groups_update(f->db, f->pool, ann, a, &kind, &msg), PLEIN_OK);
	struct group *g = get(f, a);
	assert_string_equal(g->kind, "secret");
	assert_string_equal(g->name, "Alpha");  /* unchanged */
	assert_string_equal(g->category, "Teams");
	assert_string_equal(g->about_html, "<p>Hush</p>\n");
	struct group_input badkind = { .kind = "public" };
	assert_int_equal(groups_update(f->db, f->pool, ann, a, &badkind, &msg), PLEIN_INVALID);
	/* the alumni group keeps its kind and cannot be deleted */
	struct group_input alumni_secret = { .kind = "secret" };
	assert_int_equal(groups_update(f->db, f->pool, ann, groups_alumni_id(f->db), &alumni_secret, &msg), PLEIN_INVALID);
	assert_int_equal(groups_delete(f->db, ann, groups_alumni_id(f->db)), PLEIN_DENIED);
	/* soft delete: gone for everyone, its name free again */
	assert_int_equal(groups_delete(f->db, ann, b), PLEIN_OK);
	assert_int_not_equal(get(f, b)->deleted_at, 0);
	assert_int_equal(groups_delete(f->db, ann, b), PLEIN_NOTFOUND);
	assert_int_equal(groups_update(f->db, f->pool, ann, b, &kind, &msg), PLEIN_NOTFOUND);
	assert_false(visibility_can_see_group(who(f, f->ann), get(f, b)));
	make_group(f, f->bob, "Beta", "open", "", "");
	int64_t audit = 0;
	assert_int_equal(db_query_int(f->db, &audit, "SELECT count(*) FROM audit_log WHERE action = 'group.delete'", ""),
	                 PLEIN_OK);
	assert_int_equal(audit, 1);
}

static void test_directory(void **state)
{
	struct fx *f = *state;
	int64_t open = make_group(f, f->ann, "Cyclists", "open", "Sport", "Riding to work together");
	make_group(f, f->ann, "Board games", "closed", "Fun", "Friday evenings");
	int64_t secret = make_group(f, f->ann, "Acquisition Zeta", "secret", "Projects", "Riding the merger");
	make_group(f, f->bob, "Drummers", "open", "Fun", "");
	const char *msg;
	assert_int_equal(groups_member_add(f->db, who(f, f->ann), open, f->gus, NULL, &msg), PLEIN_OK);
	struct group_query all = { .q = "", .category = "" };
	/* ann sees her secret group; bob and the admin do not; the alumni group is closed and listed */
	assert_string_equal(names(f, f->ann, &all, NULL), "Acquisition Zeta,Alumni,Board games,Cyclists,Drummers");
	assert_string_equal(names(f, f->bob, &all, NULL), "Alumni,Board games,Cyclists,Drummers");
	assert_string_equal(names(f, f->adm, &all, NULL), "Alumni,Board games,Cyclists,Drummers");
	/* guests only their groups, alumni only theirs, anonymous nothing */
	assert_string_equal(names(f, f->gus, &all, NULL), "Cyclists");
	assert_string_equal(names(f, f->alf, &all, NULL), "Alumni");
	assert_string_equal(names(f, 0, &all, NULL), "");
	/* search: words, prefixes, diacritics, operators are only text */
	struct group_query q = { .q = "riding", .category = "" };
	assert_string_equal(names(f, f->ann, &q, NULL), "Acquisition Zeta,Cyclists");
	assert_string_equal(names(f, f->bob, &q, NULL), "Cyclists");
	q.q = "bóard gam";
	assert_string_equal(names(f, f->bob, &q, NULL), "Board games");
	q.q = "\"NEAR( OR * -";
	assert_string_equal(names(f, f->bob, &q, NULL), "");
	q.q = "sport";
	assert_string_equal(names(f, f->bob, &q, NULL), "Cyclists");
	/* category and mine */
	struct group_query fun = { .q = "", .category = "Fun" };
	assert_string_equal(names(f, f->ann, &fun, NULL), "Board games,Drummers");
	struct group_query mine = { .q = "", .category = "", .mine = true };
	assert_string_equal(names(f, f->bob, &mine, NULL), "Drummers");
	assert_string_equal(names(f, f->alf, &mine, NULL), "Alumni");
	/* categories with counts, as the viewer sees them */
	struct group_category *cats;
	size_t n;
	assert_int_equal(groups_categories(f->db, f->pool, who(f, f->bob), &cats, &n), PLEIN_OK);
	assert_int_equal(n, 3);  /* Community (alumni), Fun, Sport: not Projects */
	assert_string_equal(cats[1].name, "Fun");
	assert_int_equal(cats[1].count, 2);
	/* paging by two, keyset: every group once, in order */
	struct group_query page = { .q = "", .category = "", .limit = 2 };
	const char *next = NULL;
	assert_string_equal(names(f, f->ann, &page, &next), "Acquisition Zeta,Alumni");
	assert_non_null(next);
	page.cursor = next;
	assert_string_equal(names(f, f->ann, &page, &next), "Board games,Cyclists");
	page.cursor = next;
	assert_string_equal(names(f, f->ann, &page, &next), "Drummers");
	assert_null(next);
	/* a forged cursor is refused, not trusted */
	struct group *g;
	page.cursor = "!!!";
	assert_int_equal(groups_list(f->db, f->pool, who(f, f->ann), &page, &g, &n, &next), PLEIN_INVALID);
	/* turning a group secret takes it out of the directory at once */
	struct group_input hush = { .kind = "secret" };
	assert_int_equal(groups_update(f->db, f->pool, who(f, f->ann), open, &hush, &msg), PLEIN_OK);
	assert_string_equal(names(f, f->bob, &all, NULL), "Alumni,Board games,Drummers");
	assert_string_equal(names(f, f->gus, &all, NULL), "Cyclists");  /* still a member */
	(void)secret;
}

static void test_membership(void **state)
{
	struct fx *f = *state;
	int64_t g = make_group(f, f->ann, "Open house", "open", "", "");
	struct person *ann = who(f, f->ann);
	const char *msg = NULL;
	assert_int_equal(groups_member_add(f->db, who(f, f->bob), g, f->bob, NULL, &msg), PLEIN_OK);  /* joins */
	assert_int_equal(groups_member_add(f->db, who(f, f->bob), g, f->bob, NULL, &msg), PLEIN_CONFLICT);
	assert_int_equal(groups_member_add(f->db, ann, g, f->cas, "moderator", &msg), PLEIN_OK);
	assert_int_equal(groups_member_add(f->db, ann, g, f->cas, "boss", &msg), PLEIN_INVALID);
	assert_int_equal(groups_member_add(f->db, ann, g, 9999, NULL, &msg), PLEIN_NOTFOUND);
	assert_int_equal(groups_member_add(f->db, ann, g, f->alf, NULL, &msg), PLEIN_INVALID);  /* alumni elsewhere */
	assert_int_equal(groups_member_add(f->db, ann, 9999, f->bob, NULL, &msg), PLEIN_NOTFOUND);
	assert_count(f, g, 3);
	/* owners, moderators, then by name */
	struct group_member *m;
	size_t n;
	assert_int_equal(groups_members(f->db, f->pool, g, 0, 10, &m, &n), PLEIN_OK);
	assert_int_equal(n, 3);
	assert_string_equal(m[0].person.name, "Ann Peeters");
	assert_string_equal(m[0].role, "owner");
	assert_string_equal(m[1].person.name, "Cas de Vries");
	assert_string_equal(m[2].person.name, "Bob Jansen");
	assert_int_equal(groups_members(f->db, f->pool, g, 2, 10, &m, &n), PLEIN_OK);
	assert_int_equal(n, 1);
	/* the last owner can neither leave nor be demoted */
	assert_int_equal(groups_member_remove(f->db, ann, g, f->ann, &msg), PLEIN_INVALID);
	assert_non_null(strstr(msg, "last owner"));
	assert_int_equal(groups_member_set_role(f->db, ann, g, f->ann, "member", &msg), PLEIN_INVALID);
	assert_int_equal(groups_member_set_role(f->db, ann, g, f->bob, "owner", &msg), PLEIN_OK);
	assert_int_equal(groups_member_set_role(f->db, ann, g, f->ann, "member", &msg), PLEIN_OK);
	assert_int_equal(groups_member_remove(f->db, who(f, f->bob), g, f->bob, &msg), PLEIN_INVALID);
	assert_int_equal(groups_member_remove(f->db, ann, g, f->ann, &msg), PLEIN_OK);  /* now she may leave */
	assert_int_equal(groups_member_remove(f->db, ann, g, f->ann, &msg), PLEIN_NOTFOUND);
	assert_int_equal(groups_member_set_role(f->db, ann, g, f->ann, "member", &msg), PLEIN_NOTFOUND);
	assert_count(f, g, 2);
	assert_null(groups_role_of(f->db, f->pool, g, f->ann));
	assert_string_equal(groups_role_of(f->db, f->pool, g, f->bob), "owner");
	/* the alumni group: alumni are members without a row, and stay */
	int64_t alumni = groups_alumni_id(f->db);
	assert_string_equal(groups_role_of(f->db, f->pool, alumni, f->alf), "member");
	assert_null(groups_role_of(f->db, f->pool, alumni, f->bob));
	assert_int_equal(groups_member_add(f->db, who(f, f->adm), alumni, f->alf, NULL, &msg), PLEIN_CONFLICT);
	assert_int_equal(groups_member_remove(f->db, who(f, f->alf), alumni, f->alf, &msg), PLEIN_INVALID);
	assert_int_equal(groups_members(f->db, f->pool, alumni, 0, 10, &m, &n), PLEIN_OK);
	assert_int_equal(n, 1);
	assert_string_equal(m[0].person.name, "Alf Alumnus");
}

static int64_t notes(struct fx *f, int64_t person, const char *kind, int64_t group_id)
{
	int64_t n = -1;
	assert_int_equal(db_query_int(f->db, &n,
		"SELECT count(*) FROM notifications WHERE person_id = ? AND kind = ? AND group_id = ?", "isi", person, kind,
		group_id), PLEIN_OK);
	return n;
}

static void test_requests_and_invitations(void **state)
{
	struct fx *f = *state;
	int64_t g = make_group(f, f->ann, "Closed club", "closed", "", "");
	const char *msg = NULL;
	assert_int_equal(groups_member_add(f->db, who(f, f->ann), g, f->cas, "moderator", &msg), PLEIN_OK);
	/* bob asks: both managers hear of it, once even when he asks again */
	assert_int_equal(groups_request(f->db, who(f, f->bob), g, "Let me in", &msg), PLEIN_OK);
	assert_int_equal(groups_request(f->db, who(f, f->bob), g, "Please", &msg), PLEIN_OK);
	assert_int_equal(notes(f, f->ann, "group_request", g), 1);
	assert_int_equal(notes(f, f->cas, "group_request", g), 1);
	assert_string_equal(groups_pending_of(f->db, f->pool, g, f->bob), "request");
	struct group_request *r;
	size_t n;
	assert_int_equal(groups_requests_of_group(f->db, f->pool, g, &r, &n), PLEIN_OK);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].person.name, "Bob Jansen");
	assert_string_equal(r[0].message, "Please");
	assert_string_equal(r[0].kind, "request");
	assert_int_equal(groups_request(f->db, who(f, f->ann), g, "", &msg), PLEIN_CONFLICT);  /* member already */
	char long_msg[600];
	memset(long_msg, 'x', sizeof(long_msg) - 1);
	long_msg[sizeof(long_msg) - 1] = '\0';
	assert_int_equal(groups_request(f->db, who(f, f->adm), g, long_msg, &msg), PLEIN_INVALID);
	/* nobody approves their own request; the manager approves */
	assert_int_equal(groups_request_answer(f->db, who(f, f->bob), g, f->bob, true), PLEIN_DENIED);
	assert_int_equal(groups_request_answer(f->db, who(f, f->cas), g, f->bob, true), PLEIN_OK);
	assert_string_equal(groups_role_of(f->db, f->pool, g, f->bob), "member");
	assert_null(groups_pending_of(f->db, f->pool, g, f->bob));
	assert_int_equal(notes(f, f->bob, "group_joined", g), 1);
	assert_int_equal(groups_request_answer(f->db, who(f, f->cas), g, f->bob, true), PLEIN_NOTFOUND);
	assert_count(f, g, 3);
	/* a declined request is deleted */
	assert_int_equal(groups_request(f->db, who(f, f->adm), g, "", &msg), PLEIN_OK);
	assert_int_equal(groups_request_answer(f->db, who(f, f->ann), g, f->adm, false), PLEIN_OK);
	assert_null(groups_pending_of(f->db, f->pool, g, f->adm));
	assert_count(f, g, 3);
	/* invitations: to a secret group, seen by the invitee only while invited */
	int64_t s = make_group(f, f->ann, "Secret sauce", "secret", "", "");
	assert_int_equal(groups_invite(f->db, who(f, f->ann), s, f->gus, &msg), PLEIN_OK);
	assert_int_equal(groups_invite(f->db, who(f, f->ann), s, f->gus, &msg), PLEIN_CONFLICT);
	assert_int_equal(groups_invite(f->db, who(f, f->ann), s, f->ann, &msg), PLEIN_CONFLICT);
	assert_int_equal(groups_invite(f->db, who(f, f->ann), s, 9999, &msg), PLEIN_NOTFOUND);
	assert_int_equal(notes(f, f->gus, "group_invite", s), 1);
	assert_true(visibility_can_see_group(who(f, f->gus), get(f, s)));
	assert_false(visibility_can_see_group(who(f, f->bob), get(f, s)));
	assert_int_equal(groups_requests_of_person(f->db, f->pool, f->gus, &r, &n), PLEIN_OK);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].group_name, "Secret sauce");
	assert_string_equal(r[0].actor_name, "Ann Peeters");
	/* the notification shows while the invitee may see the group */
	struct notification *items;
	int64_t next;
	assert_int_equal(notifications_list(f->db, f->pool, who(f, f->gus), 0, false, 10, &items, &n, &next), PLEIN_OK);
	assert_int_equal(n, 1);
	assert_string_equal(items[0].kind, "group_invite");
	assert_int_equal(items[0].group_id, s);
	assert_string_equal(items[0].group_name, "Secret sauce");
	assert_false(items[0].gone);
	/* the manager cannot accept for them; the invitee declines: gone */
	assert_int_equal(groups_request_answer(f->db, who(f, f->ann), s, f->gus, true), PLEIN_DENIED);
	assert_int_equal(groups_request_answer(f->db, who(f, f->gus), s, f->gus, false), PLEIN_OK);
	assert_false(visibility_can_see_group(who(f, f->gus), get(f, s)));
	assert_int_equal(notifications_list(f->db, f->pool, who(f, f->gus), 0, false, 10, &items, &n, &next), PLEIN_OK);
	assert_int_equal(n, 1);
	assert_true(items[0].gone);
	assert_int_equal(items[0].group_id, 0);
	assert_null(items[0].group_name);
	/* invited again, accepts: a member */
	assert_int_equal(groups_invite(f->db, who(f, f->ann), s, f->gus, &msg), PLEIN_OK);
	assert_int_equal(groups_request_answer(f->db, who(f, f->gus), s, f->gus, true), PLEIN_OK);
	assert_string_equal(groups_role_of(f->db, f->pool, s, f->gus), "member");
	assert_count(f, s, 2);
	/* inviting someone who asked lets them in */
	assert_int_equal(groups_request(f->db, who(f, f->adm), g, "", &msg), PLEIN_OK);
	assert_int_equal(groups_invite(f->db, who(f, f->ann), g, f->adm, &msg), PLEIN_OK);
	assert_string_equal(groups_role_of(f->db, f->pool, g, f->adm), "member");
	/* someone invited who asks is told to accept */
	assert_int_equal(groups_invite(f->db, who(f, f->ann), g, f->gus, &msg), PLEIN_OK);
	assert_int_equal(groups_request(f->db, who(f, f->gus), g, "", &msg), PLEIN_CONFLICT);
	/* the "groups" setting turns all three kinds off */
	bool on[NOTIFICATION_KINDS];
	assert_int_equal(notifications_settings_get(f->db, f->cas, on), PLEIN_OK);
	size_t groups_kind = 0;
	while (groups_kind < NOTIFICATION_KINDS && strcmp(notification_kinds[groups_kind], "groups") != 0)
		groups_kind++;
	assert_true(groups_kind < NOTIFICATION_KINDS);
	on[groups_kind] = false;
	assert_int_equal(notifications_settings_set(f->db, f->cas, on), PLEIN_OK);
	int64_t ann_before = notes(f, f->ann, "group_request", g), cas_before = notes(f, f->cas, "group_request", g);
	assert_int_equal(groups_member_remove(f->db, who(f, f->ann), g, f->bob, &msg), PLEIN_OK);
	assert_int_equal(groups_request(f->db, who(f, f->bob), g, "", &msg), PLEIN_OK);
	assert_int_equal(notes(f, f->ann, "group_request", g), ann_before + 1);
	assert_int_equal(notes(f, f->cas, "group_request", g), cas_before);
	/* a group with no managers (the alumni group at first): administrators hear of requests */
	assert_int_equal(groups_request(f->db, who(f, f->bob), groups_alumni_id(f->db), "", &msg), PLEIN_OK);
	assert_int_equal(notes(f, f->adm, "group_request", groups_alumni_id(f->db)), 1);
}

static void test_pins(void **state)
{
	struct fx *f = *state;
	int64_t g = make_group(f, f->ann, "Pinboard", "open", "", "");
	int64_t other = make_group(f, f->ann, "Elsewhere", "open", "", "");
	struct person *ann = who(f, f->ann);
	int64_t ids[GROUP_PINS_MAX + 1], outside = 0, stray = 0;
	const char *msg = NULL;
	for (size_t i = 0; i < ARRAY_LEN(ids); i++) {
		struct post_input in = { .text = "pin me", .group_id = g };
		assert_int_equal(posts_create(f->db, f->pool, ann, &in, &ids[i], &msg), PLEIN_OK);
	}
	struct post_input org = { .text = "not in a group" }, there = { .text = "other group", .group_id = other };
	assert_int_equal(posts_create(f->db, f->pool, ann, &org, &outside, &msg), PLEIN_OK);
	assert_int_equal(posts_create(f->db, f->pool, ann, &there, &stray, &msg), PLEIN_OK);
	assert_int_equal(groups_pin(f->db, ann, g, outside, true), PLEIN_NOTFOUND);
	assert_int_equal(groups_pin(f->db, ann, g, stray, true), PLEIN_NOTFOUND);
	for (size_t i = 0; i < GROUP_PINS_MAX; i++)
		assert_int_equal(groups_pin(f->db, ann, g, ids[i], true), PLEIN_OK);
	assert_int_equal(groups_pin(f->db, ann, g, ids[0], true), PLEIN_OK);  /* again: no change */
	assert_int_equal(groups_pin(f->db, ann, g, ids[GROUP_PINS_MAX], true), PLEIN_TOOBIG);
	int64_t *pins;
	size_t n;
	assert_int_equal(groups_pins(f->db, f->pool, g, &pins, &n), PLEIN_OK);
	assert_int_equal(n, GROUP_PINS_MAX);
	assert_int_equal(groups_pin(f->db, ann, g, ids[3], false), PLEIN_OK);
	assert_int_equal(groups_pin(f->db, ann, g, ids[GROUP_PINS_MAX], true), PLEIN_OK);
	assert_int_equal(groups_pins(f->db, f->pool, g, &pins, &n), PLEIN_OK);
	assert_int_equal(n, GROUP_PINS_MAX);
	for (size_t i = 0; i < n; i++)
		assert_int_not_equal(pins[i], ids[3]);
	/* a deleted post is no longer a pin */
	assert_int_equal(db_exec(f->db, "UPDATE posts SET deleted_at = 1 WHERE id = ?", "i", ids[5]), PLEIN_OK);
	assert_int_equal(groups_pins(f->db, f->pool, g, &pins, &n), PLEIN_OK);
	assert_int_equal(n, GROUP_PINS_MAX - 1);
}

/* A secret group's name is no one else's business: trying a name it has
 * (creating or renaming) must not answer "exists already", and two secret
 * groups may share one. Open and closed names stay unique, also when a
 * secret group turns closed. The directory still sorts by name. */
static void test_secret_names_not_revealed(void **state)
{
	struct fx *f = *state;
	const char *msg = NULL;
	int64_t id = 0;
	int64_t hidden = make_group(f, f->ann, "Layoffs 2027", "secret", "", "");
	struct group_input same = { .name = "layoffs  2027", .kind = "open" };
	assert_int_equal(groups_create(f->db, f->pool, who(f, f->bob), &same, &id, &msg), PLEIN_OK);
	int64_t open = id;
	struct group_input secret_too = { .name = "LAYOFFS 2027", .kind = "secret" };
	assert_int_equal(groups_create(f->db, f->pool, who(f, f->cas), &secret_too, &id, &msg), PLEIN_OK);
	int64_t other = make_group(f, f->bob, "Something", "closed", "", "");
	struct group_input rename = { .name = "Layoffs 2027" };
	assert_int_equal(groups_delete(f->db, who(f, f->bob), open), PLEIN_OK);
	assert_int_equal(groups_update(f->db, f->pool, who(f, f->bob), other, &rename, &msg), PLEIN_OK);
	/* turning secret when an open or closed group has the name: fine;
	 * turning it back is refused while that name is taken */
	struct group_input to_closed = { .kind = "closed" }, to_secret = { .kind = "secret" };
	assert_int_equal(groups_update(f->db, f->pool, who(f, f->ann), hidden, &to_closed, &msg), PLEIN_CONFLICT);
	assert_int_equal(groups_update(f->db, f->pool, who(f, f->bob), other, &to_secret, &msg), PLEIN_OK);
	assert_int_equal(groups_update(f->db, f->pool, who(f, f->ann), hidden, &to_closed, &msg), PLEIN_OK);
	assert_string_equal(get(f, hidden)->kind, "closed");
	/* sorted by name: the secret ones right after an equal plain name */
	make_group(f, f->ann, "Layoffs", "secret", "", "");
	make_group(f, f->ann, "Layoffs 2027 b", "open", "", "");
	make_group(f, f->ann, "Layoffs 2026", "open", "", "");
	struct group_query q = { .q = "layoffs", .limit = 20 };
	assert_string_equal(names(f, f->ann, &q, NULL), "Layoffs,Layoffs 2026,Layoffs 2027,Layoffs 2027 b");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_and_validate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update_and_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_membership, setup, teardown),
		cmocka_unit_test_setup_teardown(test_requests_and_invitations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_secret_names_not_revealed, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_group_files.c — group files (attachments claimed by a group): only
 * members add files; a claimed file is no one's pending upload and cannot be
 * claimed again by a post; the list is newest first with keyset pages and
 * the uploader's name; who may fetch one (the privacy boundary: open, closed
 * and secret groups, members, non-members, guests, alumni, admins, signed
 * out, after the group turns secret, after the file or the group is
 * deleted); who may delete; the group quota; and the sweep keeps claimed
 * group files but removes deleted ones. */
#include "unit.h"
#include "core/attachments.h"
#include "core/groups.h"
#include "core/people.h"
#include "core/photo.h"
#include "core/visibility.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

enum { OWNER, MEMBER, OTHER, GUEST, ALUM, ADMIN, MOD, N_PEOPLE };
static const struct { const char *email, *role; } cast[N_PEOPLE] = {
	[OWNER] = { "owner@example.org", "member" },  [MEMBER] = { "member@example.org", "member" },
	[OTHER] = { "other@example.org", "member" },  [GUEST] = { "guest@example.org", "guest" },
	[ALUM] = { "alum@example.org", "alumni" },    [ADMIN] = { "admin@example.org", "admin" },
	[MOD] = { "mod@example.org", "member" },
};

static char data_dir[64], db_dir[64], db_path[128];
static struct db *db;
static struct pool *pool;
static int64_t id[N_PEOPLE];
static struct person *who[N_PEOPLE];

/* (Re)load everyone with their groups, as a request would. */
static void load_people(void)
{
	for (int i = 0; i < N_PEOPLE; i++)
		assert_int_equal(visibility_person_get(db, pool, id[i], &who[i]), PLEIN_OK);
}

static int setup(void **state)
{
	char err[256];
	snprintf(data_dir, sizeof(data_dir), "/tmp/plein-gfiles-XXXXXX");
	if (!mkdtemp(data_dir) || photo_init(NULL, err, sizeof(err)) || attachments_init(data_dir, err, sizeof(err)))
		return -1;
	if (unit_store_open("gfilesdb", db_dir, db_path, &db, &pool))
		return -1;
	for (int i = 0; i < N_PEOPLE; i++)
		if (people_create(db, cast[i].email, cast[i].email, cast[i].role, NULL, &id[i]) != PLEIN_OK)
			return -1;
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];
	unit_store_close(db_dir, db_path, db, pool);
	photo_shutdown();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", data_dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A group created by OWNER with MEMBER, GUEST (and MOD as moderator) added
 * by SQL (groups_member_add belongs to another module's branch). */
static struct group *make_group(const char *name, const char *kind)
{
	const char *msg;
	int64_t gid;
	load_people();
	struct group_input in = { .name = name, .kind = kind };
	assert_int_equal(groups_create(db, pool, who[OWNER], &in, &gid, &msg), PLEIN_OK);
	int members[] = { MEMBER, GUEST, MOD };
	for (size_t i = 0; i < ARRAY_LEN(members); i++)
		assert_int_equal(db_exec(db, "INSERT INTO group_members(group_id, person_id, role, joined_at) VALUES (?, ?, ?, 1)",
		                         "iis", gid, id[members[i]], members[i] == MOD ? "moderator" : "member"), 0);
	assert_int_equal(db_exec(db, "UPDATE groups SET member_count = 4 WHERE id = ?", "i", gid), 0);
	load_people();
	struct group *g;
	assert_int_equal(groups_get(db, pool, gid, &g), PLEIN_OK);
	return g;
}

static struct attachment *upload(int who_i, struct group *g, const char *text, int expect)
{
	struct attachment *a = NULL;
	enum attachment_problem why;
	const char *msg;
	int rc = attachments_store_group(db, pool, who[who_i], g, "minutes.txt", text, strlen(text), &a, &why, &msg);
	assert_int_equal(rc, expect);
	if (rc != PLEIN_OK)
		assert_non_null(msg);
	return a;
}

static struct attachment *reload(int64_t aid)
{
	struct attachment *a = NULL;
	assert_int_equal(attachments_get(db, pool, aid, &a), PLEIN_OK);
	return a;
}

static void test_upload_and_claim(void **state)
{
	struct group *g = make_group("Modem testers", "closed");
	struct attachment *a = upload(MEMBER, g, "agenda for Monday", PLEIN_OK);
	assert_int_equal(a->group_id, g->id);
	a = reload(a->id);
	assert_int_equal(a->group_id, g->id);
	assert_int_equal(a->owner_id, id[MEMBER]);
	assert_string_equal(a->mime, "text/plain");
	/* guests are members of their groups: they may add files too */
	upload(GUEST, g, "guest's notes", PLEIN_OK);
	/* non-members, alumni and admins who are not members: refused, nothing stored */
	int64_t before = 0, after = 0;
	assert_int_equal(db_query_int(db, &before, "SELECT count(*) FROM attachments", ""), 0);
	upload(OTHER, g, "not mine to add", PLEIN_DENIED);
	upload(ALUM, g, "not mine either", PLEIN_DENIED);
	upload(ADMIN, g, "admins are not members", PLEIN_DENIED);
	assert_int_equal(db_query_int(db, &after, "SELECT count(*) FROM attachments", ""), 0);
	assert_int_equal(before, after);
	/* the upload rules hold: markup refused */
	struct attachment *x;
	enum attachment_problem why;
	const char *msg;
	static const char html[] = "<!DOCTYPE html><script>alert(1)</script>";
	assert_int_equal(attachments_store_group(db, pool, who[MEMBER], g, "x.html", html, sizeof(html) - 1, &x, &why, &msg),
	                 PLEIN_INVALID);
	assert_int_equal(why, ATT_MARKUP);
	/* a claimed group file is nobody's pending upload, and no post can claim it */
	int64_t pending = -1;
	assert_int_equal(db_query_int(db, &pending, "SELECT count(*) FROM attachments WHERE owner_id = ? AND group_id IS NULL "
	                                            "AND post_id IS NULL AND comment_id IS NULL", "i", id[MEMBER]), 0);
	assert_int_equal(pending, 0);
	assert_int_equal(db_exec(db, "INSERT INTO posts(author_id, visibility, body, body_html, created_at) VALUES (?, 'organisation', 'x', 'x', 1)",
	                         "i", id[MEMBER]), 0);
	int64_t post = db_last_insert_id(db);
	assert_int_equal(attachments_claim(db, id[MEMBER], &a->id, 1, post, 0, &msg), PLEIN_INVALID);
	/* nor another group; nor can someone claim another's upload for a group */
	struct group *g2 = make_group("Second group", "open");
	assert_int_equal(attachments_claim_group(db, who[MEMBER], g2, a->id, &msg), PLEIN_INVALID);
	struct attachment *loose;
	assert_int_equal(attachments_store(db, pool, id[OWNER], "loose.txt", "loose", 5, &loose, &why), PLEIN_OK);
	assert_int_equal(attachments_claim_group(db, who[MEMBER], g2, loose->id, &msg), PLEIN_INVALID);
	assert_int_equal(attachments_claim_group(db, who[OWNER], g2, loose->id, &msg), PLEIN_OK);
	assert_int_equal(reload(loose->id)->group_id, g2->id);
}

static void test_list_paging(void **state)
{
	struct group *g = make_group("Paging group", "open");
	int64_t ids[7];
	for (int i = 0; i < 7; i++) {
		char text[32];
		snprintf(text, sizeof(text), "file number %d", i);
		ids[i] = upload(i % 2 ? MEMBER : OWNER, g, text, PLEIN_OK)->id;
	}
	struct group_file *f;
	size_t n;
	int64_t next;
	assert_int_equal(attachments_group_list(db, pool, g->id, 0, 3, &f, &n, &next), PLEIN_OK);
	assert_int_equal(n, 3);
	assert_int_equal(f[0].file.id, ids[6]);
	assert_int_equal(f[2].file.id, ids[4]);
	assert_string_equal(f[0].owner_name, "owner@example.org");
	assert_string_equal(f[1].owner_name, "member@example.org");
	assert_int_equal(next, ids[4]);
	assert_int_equal(attachments_group_list(db, pool, g->id, next, 3, &f, &n, &next), PLEIN_OK);
	assert_int_equal(n, 3);
	assert_int_equal(f[0].file.id, ids[3]);
	assert_int_equal(attachments_group_list(db, pool, g->id, next, 3, &f, &n, &next), PLEIN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(f[0].file.id, ids[0]);
	assert_int_equal(next, 0);
	/* exactly a page: no next */
	assert_int_equal(attachments_group_list(db, pool, g->id, ids[3], 3, &f, &n, &next), PLEIN_OK);
	assert_int_equal(n, 3);
	assert_int_equal(next, 0);
	int64_t count, bytes;
	assert_int_equal(attachments_group_usage(db, g->id, &count, &bytes), PLEIN_OK);
	assert_int_equal(count, 7);
	assert_true(bytes > 7 * 10);
}

static bool sees(int who_i, struct attachment *a)
{
	return attachments_may_see(db, pool, who_i < 0 ? NULL : who[who_i], a);
}

static void test_who_may_fetch(void **state)
{
	struct group *open = make_group("Open house", "open"), *closed = make_group("Closed room", "closed"),
	             *secret = make_group("Secret lab", "secret");
	struct attachment *ao = upload(MEMBER, open, "open file", PLEIN_OK);
	struct attachment *ac = upload(MEMBER, closed, "closed file", PLEIN_OK);
	struct attachment *as = upload(MEMBER, secret, "secret file", PLEIN_OK);
	load_people();
	/* open: members and everyone who may browse; not guests of other groups, alumni or the signed out */
	assert_true(sees(MEMBER, ao));
	assert_true(sees(OTHER, ao));
	assert_true(sees(ADMIN, ao));
	assert_true(sees(GUEST, ao));   /* a member of it */
	assert_false(sees(ALUM, ao));
	assert_false(sees(-1, ao));
	/* closed and secret: members only; admins who are not members neither */
	for (int k = 0; k < 2; k++) {
		struct attachment *a = k ? as : ac;
		assert_true(sees(MEMBER, a));
		assert_true(sees(OWNER, a));
		assert_true(sees(GUEST, a));
		assert_false(sees(OTHER, a));
		assert_false(sees(ADMIN, a));
		assert_false(sees(ALUM, a));
		assert_false(sees(-1, a));
	}
	/* a guest who is not in the group */
	assert_int_equal(db_exec(db, "DELETE FROM group_members WHERE group_id = ? AND person_id = ?", "ii", open->id, id[GUEST]), 0);
	load_people();
	assert_false(sees(GUEST, ao));
	/* the group turns secret: colleagues lose the file at once */
	assert_int_equal(db_exec(db, "UPDATE groups SET kind = 'secret' WHERE id = ?", "i", open->id), 0);
	assert_false(sees(OTHER, ao));
	assert_false(sees(ADMIN, ao));
	assert_true(sees(MEMBER, ao));
	/* a member who leaves loses it too */
	assert_int_equal(db_exec(db, "DELETE FROM group_members WHERE group_id = ? AND person_id = ?", "ii", open->id, id[MEMBER]), 0);
	load_people();
	assert_false(sees(MEMBER, ao));
	/* a deactivated member */
	assert_int_equal(people_set_status(db, id[OWNER], "deactivated"), PLEIN_OK);
	load_people();
	assert_false(sees(OWNER, ac));
	assert_int_equal(people_set_status(db, id[OWNER], "active"), PLEIN_OK);
	load_people();
	/* the group deleted: no one */
	assert_int_equal(db_exec(db, "UPDATE groups SET deleted_at = 9 WHERE id = ?", "i", closed->id), 0);
	load_people();
	assert_false(sees(MEMBER, ac));
	assert_false(sees(OWNER, ac));
	/* the file deleted: gone */
	assert_int_equal(attachments_group_delete(db, pool, who[MEMBER], secret->id, as->id), PLEIN_OK);
	struct attachment *x;
	assert_int_equal(attachments_get(db, pool, as->id, &x), PLEIN_NOTFOUND);
}

static void test_delete_rules(void **state)
{
	struct group *g = make_group("Delete rules", "open");
	struct attachment *a = upload(MEMBER, g, "to be deleted", PLEIN_OK);
	a = reload(a->id);
	load_people();
	assert_true(attachments_may_delete(who[MEMBER], g, a));    /* the uploader */
	assert_true(attachments_may_delete(who[OWNER], g, a));     /* owner */
	assert_true(attachments_may_delete(who[MOD], g, a));       /* moderator */
	assert_true(attachments_may_delete(who[ADMIN], g, a));     /* admin: an open group they can read */
	assert_false(attachments_may_delete(who[GUEST], g, a));    /* another member */
	assert_false(attachments_may_delete(who[OTHER], g, a));    /* reads it, but neither uploader nor manager */
	assert_false(attachments_may_delete(who[ALUM], g, a));
	assert_false(attachments_may_delete(NULL, g, a));
	/* the uploader who left the group: no longer theirs to delete (as a
	 * group page's creator), though they still read the open group */
	assert_int_equal(db_exec(db, "DELETE FROM group_members WHERE group_id = ? AND person_id = ?", "ii", g->id,
	                         id[MEMBER]), 0);
	load_people();
	assert_false(attachments_may_delete(who[MEMBER], g, a));
	assert_int_equal(db_exec(db, "INSERT INTO group_members(group_id, person_id, role, joined_at) VALUES (?, ?, 'member', 1)",
	                         "ii", g->id, id[MEMBER]), 0);
	load_people();
	/* closed: an admin who is not a member cannot read the files, so not delete them;
	 * secret: admins are not above its owners at all */
	for (int k = 0; k < 2; k++) {
		assert_int_equal(db_exec(db, "UPDATE groups SET kind = ? WHERE id = ?", "si", k ? "secret" : "closed", g->id), 0);
		assert_int_equal(groups_get(db, pool, g->id, &g), PLEIN_OK);
		assert_false(attachments_may_delete(who[ADMIN], g, a));
		assert_false(attachments_may_delete(who[OTHER], g, a));
		assert_true(attachments_may_delete(who[MEMBER], g, a));
	}
	assert_true(attachments_may_delete(who[MOD], g, a));
	/* a file of another group is never this group's to delete */
	struct group *other = make_group("Another group", "open");
	assert_false(attachments_may_delete(who[OWNER], other, a));
	assert_int_equal(attachments_group_delete(db, pool, who[OWNER], other->id, a->id), PLEIN_NOTFOUND);
	assert_int_equal(attachments_group_delete(db, pool, who[OWNER], g->id, a->id), PLEIN_OK);
	assert_int_equal(attachments_group_delete(db, pool, who[OWNER], g->id, a->id), PLEIN_NOTFOUND);
	int64_t audit = 0;
	assert_int_equal(db_query_int(db, &audit, "SELECT count(*) FROM audit_log WHERE action = 'group.file_delete'", ""), 0);
	assert_true(audit >= 1);
}

static void test_quota(void **state)
{
	struct group *g = make_group("Quota group", "open");
	upload(OWNER, g, "almost full", PLEIN_OK);
	/* pretend the group holds nearly 2 GB */
	assert_int_equal(db_exec(db, "UPDATE attachments SET size = ? WHERE group_id = ?", "ii",
	                         ATTACHMENTS_GROUP_MAX_BYTES - 10, g->id), 0);
	upload(MEMBER, g, "this is more than ten bytes", PLEIN_TOOBIG);
	upload(MEMBER, g, "tiny", PLEIN_OK);
	/* the refused upload was discarded, not left pending */
	int64_t pending = -1;
	assert_int_equal(db_query_int(db, &pending, "SELECT count(*) FROM attachments WHERE owner_id = ? AND group_id IS NULL "
	                                            "AND post_id IS NULL AND comment_id IS NULL", "i", id[MEMBER]), 0);
	assert_int_equal(pending, 0);
}

static void make_old(const char *key, int64_t now)
{
	char *path = attachments_file_path(key);
	struct timespec ts[2] = { { now - 2 * ATTACHMENT_SWEEP_GRACE, 0 }, { now - 2 * ATTACHMENT_SWEEP_GRACE, 0 } };
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
	free(path);
}

static bool file_exists(const char *key)
{
	char *path = attachments_file_path(key);
	struct stat st;
	bool yes = stat(path, &st) == 0;
	free(path);
	return yes;
}

static void test_sweep(void **state)
{
	struct group *g = make_group("Sweep group", "closed"), *gone = make_group("Deleted group", "open");
	struct attachment *kept = upload(MEMBER, g, "kept for years", PLEIN_OK);
	struct attachment *deleted = upload(MEMBER, g, "deleted by its uploader", PLEIN_OK);
	struct attachment *of_gone = upload(MEMBER, gone, "in a group that was deleted", PLEIN_OK);
	int64_t now = (int64_t)time(NULL);
	/* all old: far past the unclaimed expiry and the grace */
	assert_int_equal(db_exec(db, "UPDATE attachments SET created_at = ? WHERE group_id IN (?, ?)", "iii",
	                         now - 10 * ATTACHMENT_UNCLAIMED_SECONDS, g->id, gone->id), 0);
	make_old(kept->key, now);
	make_old(deleted->key, now);
	make_old(of_gone->key, now);
	assert_int_equal(attachments_group_delete(db, pool, who[MEMBER], g->id, deleted->id), PLEIN_OK);
	assert_int_equal(db_exec(db, "UPDATE groups SET deleted_at = ? WHERE id = ?", "ii", now, gone->id), 0);
	int64_t rows, files;
	assert_int_equal(attachments_sweep(db, now, &rows, &files), 0);
	struct attachment *x;
	assert_int_equal(attachments_get(db, pool, kept->id, &x), PLEIN_OK);
	assert_int_equal(x->group_id, g->id);
	assert_true(file_exists(kept->key));
	assert_false(file_exists(deleted->key));
	assert_int_equal(attachments_get(db, pool, of_gone->id, &x), PLEIN_NOTFOUND);
	assert_false(file_exists(of_gone->key));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_upload_and_claim),
		cmocka_unit_test(test_list_paging),
		cmocka_unit_test(test_who_may_fetch),
		cmocka_unit_test(test_delete_rules),
		cmocka_unit_test(test_quota),
		cmocka_unit_test(test_sweep),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

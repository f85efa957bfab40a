/* test_demo.c — the demo generator at a small size, made the way `plein
 * demo` makes it (bulk settings, people, conversations, settings back):
 * the caches agree with their tables, ids ascend with time, follows are
 * distinct and never of oneself, every stored HTML is the renderer's,
 * topics and mentions match the texts, replies are one level deep, and the
 * indexes, foreign keys and journal mode end as a migrated database has
 * them, and the same seed makes the same conversations again. Groups:
 * member counts exact, one owner each, every kind, guests only in partner
 * groups, alumni without rows, group posts only by members and with
 * visibility 'group', requests only from outsiders, the search index full.
 * Questions: ~2 % of the updates, their `questions` rows exact, answers in
 * the question's place by others, later; accepted answers among them;
 * helpful marks never by the answerer nor where not everyone may read;
 * the anonymous asker's comments in the thread anonymous. Teams stay in a
 * department and most follows, comments and reactions do too. */
#include "unit.h"
#include "core/demo.h"
#include "core/markdown.h"
#include "core/posts.h"
#include "core/questions.h"
#include "core/reactions.h"
#include "lib/strbuf.h"
#include <time.h>

#define PEOPLE 300
#define POSTS 2500
#define GROUPS 40

static struct {
	char dir[64], path[128];
	struct db *db;
	struct pool *pool;
	struct demo_result people;
	struct demo_posts_result made;
	struct demo_groups_result groups;
	struct demo_questions_result questions;
	int64_t built_at;
} F;

static int group_setup(void **state)
{
	if (unit_store_open("demo", F.dir, F.path, &F.db, &F.pool))
		return -1;
	F.built_at = (int64_t)time(NULL);
	if (demo_bulk_begin(F.db) || demo_create(F.db, PEOPLE, 7, &F.people, NULL) ||
	    demo_conversations(F.db, POSTS, 7, &F.made, NULL) || demo_groups(F.db, GROUPS, 7, &F.groups, NULL) ||
	    demo_questions(F.db, 7, &F.questions, NULL) || demo_bulk_end(F.db)) {
		fprintf(stderr, "demo: %s\n", db_errmsg(F.db));
		return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	unit_store_close(F.dir, F.path, F.db, F.pool);
	return 0;
}

static int64_t count(const char *sql)
{
	int64_t n = -1;
	int rc = db_query_int(F.db, &n, sql, NULL);
	if (rc)
		print_error("%s: %d %s\n", sql, rc, db_errmsg(F.db));
	assert_int_equal(rc, PLEIN_OK);
	return n;
}

/* The rows of a query as one string, "a|b;c|d" (cols text columns). */
static const char *rows(struct db *db, const char *sql, int64_t arg, int cols)
{
	struct db_stmt *st = db_prepare(db, sql);
	assert_non_null(st);
	if (arg)
		db_bind_int(st, 1, arg);
	struct strbuf sb = STRBUF_INIT;
	int rc;
	bool first = true;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!first)
			(void)strbuf_addch(&sb, ';');
		first = false;
		for (int c = 0; c < cols; c++)
			(void)strbuf_addf(&sb, "%s%s", c ? "|" : "", db_col_text(st, c));
	}
	db_done(st);
	assert_int_equal(rc, DB_DONE);
	const char *out = pool_strdup(F.pool, sb.buf ? sb.buf : "");
	strbuf_release(&sb);
	return out;
}

static void test_counts_match_tables(void **state)
{
	assert_int_equal(F.made.posts, POSTS);
	assert_int_equal(count("SELECT count(*) FROM posts"), POSTS);
	assert_int_equal(count("SELECT count(*) FROM comments"), F.made.comments);
	assert_int_equal(count("SELECT count(*) FROM reactions"), F.made.reactions);
	assert_int_equal(count("SELECT count(*) FROM follows"), F.made.follows);
	assert_int_equal(count("SELECT count(*) FROM topic_follows"), F.made.topic_follows);
	assert_int_equal(count("SELECT count(*) FROM praise"), F.made.praise);
	assert_int_equal(count("SELECT count(*) FROM mentions"), F.made.mentions - F.questions.mentions_dropped);
	assert_int_equal(count("SELECT count(*) FROM topics"), F.made.topics);
	/* a realistic mix: some of everything */
	assert_true(F.made.topics >= 250 && F.made.topics <= 300);
	assert_true(F.made.comments > POSTS / 4 && F.made.reactions > POSTS / 4);
	assert_true(count("SELECT count(*) FROM posts WHERE kind = 'announcement'") >= 1);
	assert_true(count("SELECT count(*) FROM posts WHERE kind = 'praise'") > POSTS / 100);
	assert_true(count("SELECT count(*) FROM posts WHERE visibility = 'public'") > 0);
	assert_true(count("SELECT count(*) FROM post_topics") > POSTS / 5);
	assert_true(count("SELECT count(*) FROM comments WHERE parent_id IS NOT NULL") > 0);
}

static void test_comment_count_is_exact(void **state)
{
	assert_int_equal(count("SELECT count(*) FROM posts p WHERE comment_count <> "
	                       "(SELECT count(*) FROM comments c WHERE c.post_id = p.id AND c.deleted_at IS NULL)"), 0);
	assert_true(count("SELECT count(*) FROM posts WHERE comment_count > 0") > 0);
}

static void test_reactions_cache_matches_rows(void **state)
{
	struct db_stmt *st = db_prepare(F.db, "SELECT id, reactions FROM posts ORDER BY id");
	assert_non_null(st);
	int64_t checked = 0, with = 0;
	while (db_step(st) == DB_ROW) {
		int64_t id = db_col_int(st, 0);
		const char *cache = pool_strdup(F.pool, db_col_text(st, 1));
		struct strbuf want = STRBUF_INIT;
		for (int k = 0; k < REACTION_KINDS; k++) {
			int64_t n = 0;
			assert_int_equal(db_query_int(F.db, &n, "SELECT count(*) FROM reactions WHERE post_id = ? AND kind = ?",
			                              "is", id, reaction_kinds[k].key), PLEIN_OK);
			if (n)
				(void)strbuf_addf(&want, "%s%s:%lld", want.len ? "," : "", reaction_kinds[k].key, (long long)n);
		}
		assert_string_equal(cache, want.buf ? want.buf : "");
		with += *cache != 0;
		strbuf_release(&want);
		checked++;
	}
	db_done(st);
	assert_int_equal(checked, POSTS);
	assert_true(with > 0);
	/* only the fixed kinds, never a down-vote */
	assert_int_equal(count("SELECT count(*) FROM reactions WHERE kind NOT IN "
	                       "('like', 'thumbsup', 'heart', 'tada', 'bulb', 'laugh')"), 0);
}

static void test_ids_ascend_with_time(void **state)
{
	assert_int_equal(count("SELECT count(*) FROM (SELECT created_at, lag(created_at) OVER (ORDER BY id) AS prev "
	                       "FROM posts) WHERE created_at < prev"), 0);
	int64_t first = count("SELECT min(created_at) FROM posts"), last = count("SELECT max(created_at) FROM posts");
	assert_true(first >= F.built_at - 2 * 365 * 86400 - 60);
	assert_true(last <= (int64_t)time(NULL) && last > F.built_at - 86400);
	/* nothing happens before its post, or in the future */
	assert_int_equal(count("SELECT count(*) FROM comments c JOIN posts p ON p.id = c.post_id "
	                       "WHERE c.created_at < p.created_at OR c.created_at > strftime('%s', 'now')"), 0);
	assert_int_equal(count("SELECT count(*) FROM reactions r JOIN posts p ON p.id = r.post_id "
	                       "WHERE r.created_at < p.created_at OR r.created_at > strftime('%s', 'now')"), 0);
	/* and no one writes before they joined */
	assert_int_equal(count("SELECT count(*) FROM posts p JOIN people a ON a.id = p.author_id "
	                       "WHERE p.created_at < a.created_at"), 0);
}

static void test_follows_distinct_not_self_and_skewed(void **state)
{
	assert_int_equal(count("SELECT count(*) FROM follows WHERE follower_id = followee_id"), 0);
	assert_int_equal(count("SELECT count(*) FROM (SELECT 1 FROM follows GROUP BY follower_id, followee_id "
	                       "HAVING count(*) > 1)"), 0);
	assert_int_equal(count("SELECT count(*) FROM (SELECT 1 FROM topic_follows GROUP BY person_id, topic_id "
	                       "HAVING count(*) > 1)"), 0);
	/* a few are followed by many: the most followed has several times the average */
	int64_t top = count("SELECT max(n) FROM (SELECT count(*) AS n FROM follows GROUP BY followee_id)");
	int64_t avg = count("SELECT count(*) / count(DISTINCT followee_id) FROM follows");
	assert_true(top >= 3 * avg);
	/* the demo member, whom the benchmark signs in as, follows many */
	assert_true(count("SELECT count(*) FROM follows f JOIN people p ON p.id = f.follower_id "
	                  "WHERE p.email = 'member@example.com'") >= 50);
}

/* People work mostly inside their department (so the insight network has
 * communities and quiet pairs to find): teams stay in a department, and
 * most follows, comments and reactions of others are within it (a
 * department-blind draw would give about one in ten here). */
static void test_interactions_mostly_within_department(void **state)
{
	assert_int_equal(count("SELECT count(*) FROM people p JOIN people m ON m.id = p.manager_id "
	                       "WHERE p.department <> m.department AND p.title <> 'Head of department'"), 0);
	static const char *const shares[] = {
		"SELECT 100 * sum(a.department = b.department) / count(*) FROM follows f "
		"JOIN people a ON a.id = f.follower_id JOIN people b ON b.id = f.followee_id",
		"SELECT 100 * sum(a.department = b.department) / count(*) FROM comments c JOIN posts p ON p.id = c.post_id "
		"JOIN people a ON a.id = c.author_id JOIN people b ON b.id = p.author_id WHERE a.id <> b.id",
		"SELECT 100 * sum(a.department = b.department) / count(*) FROM reactions r JOIN posts p ON p.id = r.post_id "
		"JOIN people a ON a.id = r.person_id JOIN people b ON b.id = p.author_id WHERE a.id <> b.id",
	};
	for (size_t i = 0; i < ARRAY_LEN(shares); i++) {
		int64_t pct = count(shares[i]);
		if (pct < 50)
			print_error("%s: %lld %%\n", shares[i], (long long)pct);
		assert_true(pct >= 50);
	}
}

static void test_html_topics_and_mentions_are_the_renderers(void **state)
{
	struct db_stmt *st = db_prepare(F.db, "SELECT id, body, body_html FROM posts ORDER BY id");
	assert_non_null(st);
	int64_t topics = 0, mentions = 0;
	while (db_step(st) == DB_ROW) {
		int64_t id = db_col_int(st, 0);
		struct pool *p = pool_new();
		const char *body = pool_strdup(p, db_col_text(st, 1));
		const char *html = pool_strdup(p, db_col_text(st, 2));
		struct markdown_refs refs;
		const char *want = markdown_to_html_refs(p, body, strlen(body), &refs);
		assert_non_null(want);
		assert_string_equal(html, want);
		/* post_topics: exactly the text's #topics */
		const char *got = rows(F.db, "SELECT t.key FROM post_topics pt JOIN topics t ON t.id = pt.topic_id "
		                             "WHERE pt.post_id = ? ORDER BY t.key", id, 1);
		/* refs keep the text's order; compare as sets */
		assert_int_equal(count(pool_printf(p, "SELECT count(*) FROM post_topics WHERE post_id = %lld", (long long)id)),
		                 (int64_t)refs.n_topics);
		for (size_t i = 0; i < refs.n_topics; i++) {
			char key[MARKDOWN_TOPIC_MAX * 2 + 1];
			assert_true(markdown_topic_key(refs.topics[i], strlen(refs.topics[i]), key, sizeof(key)));
			assert_non_null(strstr(got, key));
		}
		topics += (int64_t)refs.n_topics;
		/* mentions of the post itself (comment_id 0): exactly the text's */
		assert_int_equal(count(pool_printf(p, "SELECT count(*) FROM mentions WHERE post_id = %lld AND comment_id = 0",
		                                   (long long)id)), (int64_t)refs.n_mentions);
		for (size_t i = 0; i < refs.n_mentions; i++)
			assert_int_equal(count(pool_printf(p, "SELECT count(*) FROM mentions WHERE post_id = %lld AND "
			                                      "comment_id = 0 AND person_id = %lld", (long long)id,
			                                   (long long)refs.mentions[i])), 1);
		mentions += (int64_t)refs.n_mentions;
		pool_free(p);
	}
	db_done(st);
	assert_true(topics > 0 && mentions > 0);

	st = db_prepare(F.db, "SELECT id, post_id, body, body_html FROM comments ORDER BY id");
	assert_non_null(st);
	int64_t comment_mentions = 0;
	while (db_step(st) == DB_ROW) {
		struct pool *p = pool_new();
		int64_t id = db_col_int(st, 0), post = db_col_int(st, 1);
		const char *body = pool_strdup(p, db_col_text(st, 2));
		const char *html = pool_strdup(p, db_col_text(st, 3));
		struct markdown_refs refs;
		const char *want = markdown_to_html_refs(p, body, strlen(body), &refs);
		assert_non_null(want);
		assert_string_equal(html, want);
		assert_int_equal(count(pool_printf(p, "SELECT count(*) FROM mentions WHERE post_id = %lld AND comment_id = %lld",
		                                   (long long)post, (long long)id)), (int64_t)refs.n_mentions);
		comment_mentions += (int64_t)refs.n_mentions;
		pool_free(p);
	}
	db_done(st);
	assert_true(comment_mentions > 0);
}

static void test_replies_praise_and_announcements(void **state)
{
	/* a reply answers a top-level comment of the same post */
	assert_int_equal(count("SELECT count(*) FROM comments c JOIN comments t ON t.id = c.parent_id "
	                       "WHERE t.parent_id IS NOT NULL OR t.post_id <> c.post_id OR t.id > c.id"), 0);
	assert_int_equal(count("SELECT count(*) FROM comments c WHERE c.parent_id IS NOT NULL AND "
	                       "NOT EXISTS (SELECT 1 FROM comments t WHERE t.id = c.parent_id)"), 0);
	/* praise: a valid badge, thanked colleagues who are not the author and are mentioned */
	struct db_stmt *st = db_prepare(F.db, "SELECT id, author_id, coalesce(badge, '') FROM posts WHERE kind = 'praise'");
	assert_non_null(st);
	while (db_step(st) == DB_ROW) {
		assert_true(posts_badge_valid(db_col_text(st, 2)));
		int64_t id = db_col_int(st, 0), author = db_col_int(st, 1), n = 0;
		assert_int_equal(db_query_int(F.db, &n, "SELECT count(*) FROM praise WHERE post_id = ?", "i", id), PLEIN_OK);
		assert_true(n >= 1 && n <= 2);
		assert_int_equal(db_query_int(F.db, &n, "SELECT count(*) FROM praise WHERE post_id = ? AND person_id = ?", "ii",
		                              id, author), PLEIN_OK);
		assert_int_equal(n, 0);
		assert_int_equal(db_query_int(F.db, &n, "SELECT count(*) FROM praise pr WHERE post_id = ? AND NOT EXISTS "
		                              "(SELECT 1 FROM mentions m WHERE m.post_id = pr.post_id AND m.comment_id = 0 "
		                              "AND m.person_id = pr.person_id)", "i", id), PLEIN_OK);
		assert_int_equal(n, 0);
	}
	db_done(st);
	assert_int_equal(count("SELECT count(*) FROM posts WHERE kind <> 'praise' AND badge IS NOT NULL"), 0);
	assert_int_equal(count("SELECT count(*) FROM posts WHERE (kind = 'announcement') <> (expires_at IS NOT NULL)"), 0);
	/* announcements are the administrator's, and the newest is still on */
	assert_int_equal(count("SELECT count(*) FROM posts p JOIN people a ON a.id = p.author_id "
	                       "WHERE p.kind = 'announcement' AND a.role <> 'admin'"), 0);
	assert_true(count("SELECT expires_at FROM posts WHERE kind = 'announcement' ORDER BY id DESC LIMIT 1") >
	            (int64_t)time(NULL));
}

static void test_schema_ends_as_migrated(void **state)
{
	static const char sql[] = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name";
	char dir[64], path[128];
	struct db *fresh = unit_db_create("demo-fresh", dir, path);
	assert_non_null(fresh);
	const char *want = rows(fresh, sql, 0, 2), *got = rows(F.db, sql, 0, 2);
	db_close(fresh);
	unit_db_remove(dir, path);
	assert_non_null(strstr(want, "posts_author|CREATE INDEX posts_author ON posts(author_id, id)"));
	assert_string_equal(got, want);
	/* every reference resolves (they were not checked during the load) */
	int64_t n = 0;
	assert_int_equal(db_query_int(F.db, &n, "PRAGMA foreign_key_check", NULL), PLEIN_NOTFOUND);
	assert_int_equal(count("PRAGMA foreign_keys"), 1);
	assert_int_equal(count("PRAGMA synchronous"), 2);  /* FULL */
	assert_string_equal(rows(F.db, "PRAGMA journal_mode", 0, 1), "wal");
	assert_true(count("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'posts'") > 0);  /* ANALYZE ran */
}

static void test_groups_counts_and_kinds(void **state)
{
	assert_int_equal(F.groups.groups, GROUPS);
	assert_int_equal(count("SELECT count(*) FROM groups WHERE special IS NULL"), GROUPS);
	assert_int_equal(count("SELECT count(*) FROM groups WHERE special = 'alumni'"), 1);
	assert_int_equal(count("SELECT count(*) FROM groups WHERE kind = 'open' AND special IS NULL"), F.groups.open);
	assert_int_equal(count("SELECT count(*) FROM groups WHERE kind = 'closed' AND special IS NULL"), F.groups.closed);
	assert_int_equal(count("SELECT count(*) FROM groups WHERE kind = 'secret'"), F.groups.secret);
	/* mostly open, some closed, a few secret */
	assert_true(F.groups.open > F.groups.closed && F.groups.closed >= 1 && F.groups.secret >= 1);
	assert_true(F.groups.open + F.groups.closed + F.groups.secret == GROUPS);
	assert_int_equal(count("SELECT count(*) FROM group_members"), F.groups.memberships);
	assert_int_equal(count("SELECT count(*) FROM group_requests WHERE kind = 'request'"), F.groups.requests);
	assert_int_equal(count("SELECT count(*) FROM group_requests WHERE kind = 'invite'"), F.groups.invites);
	assert_int_equal(count("SELECT count(*) FROM group_pins"), F.groups.pins);
	assert_true(F.groups.pins > 0 && F.groups.requests + F.groups.invites > 0);
	/* categories: a handful, every group has one, and an about text in HTML */
	int64_t cats = count("SELECT count(DISTINCT category) FROM groups");
	assert_true(cats >= 5 && cats <= 14);
	assert_int_equal(count("SELECT count(*) FROM groups WHERE category = '' OR about = '' OR about_html NOT LIKE '<p>%'"), 0);
	/* names fold to their key (unique by the index) */
	assert_int_equal(count("SELECT count(*) FROM (SELECT name_key FROM groups GROUP BY 1 HAVING count(*) > 1)"), 0);
	/* the search index holds every group */
	assert_int_equal(count("SELECT count(*) FROM groups_fts"), GROUPS + 1);
	assert_int_equal(count("SELECT count(*) FROM groups_fts WHERE groups_fts MATCH 'coffee'"), 1);
	assert_int_equal(db_exec(F.db, "INSERT INTO groups_fts(groups_fts) VALUES ('integrity-check')", NULL), PLEIN_OK);
}

static void test_groups_members_exact_and_owned(void **state)
{
	assert_int_equal(count("SELECT count(*) FROM groups g WHERE member_count <> "
	                       "(SELECT count(*) FROM group_members m WHERE m.group_id = g.id)"), 0);
	/* one owner per group (the alumni group has one or, in a tiny demo, none) */
	assert_int_equal(count("SELECT count(*) FROM groups g WHERE special IS NULL AND "
	                       "(SELECT count(*) FROM group_members m WHERE m.group_id = g.id AND m.role = 'owner') <> 1"), 0);
	assert_true(count("SELECT count(*) FROM group_members m JOIN groups g ON g.id = m.group_id "
	                  "WHERE g.special = 'alumni' AND m.role = 'owner'") <= 1);
	assert_int_equal(count("SELECT count(*) FROM groups g JOIN group_members m ON m.group_id = g.id AND m.role = 'owner' "
	                       "WHERE g.created_by <> m.person_id"), 0);
	assert_true(F.groups.moderators > 0);
	assert_int_equal(count("SELECT count(*) FROM group_members WHERE role = 'moderator'"), F.groups.moderators);
	/* skewed: the biggest group has several times the average */
	int64_t biggest = count("SELECT max(member_count) FROM groups");
	assert_int_equal(biggest, F.groups.largest);
	assert_true(biggest >= 3 * (F.groups.memberships / (GROUPS + 1)));
	/* no one joins before they or the group existed */
	assert_int_equal(count("SELECT count(*) FROM group_members m JOIN people p ON p.id = m.person_id "
	                       "JOIN groups g ON g.id = m.group_id WHERE m.joined_at < p.created_at "
	                       "OR (g.special IS NULL AND m.joined_at < g.created_at) OR m.joined_at > strftime('%s', 'now')"), 0);
	/* the demo member: in many groups, owns one, has an invitation waiting */
	static const char me[] = "(SELECT id FROM people WHERE email = 'member@example.com')";
	assert_true(count(pool_printf(F.pool, "SELECT count(*) FROM group_members WHERE person_id = %s", me)) >= 8);
	assert_int_equal(count(pool_printf(F.pool, "SELECT count(*) FROM group_members WHERE person_id = %s AND role = 'owner'", me)), 1);
	assert_int_equal(count(pool_printf(F.pool, "SELECT count(*) FROM group_requests WHERE person_id = %s AND kind = 'invite'", me)), 1);
}

static void test_groups_guests_alumni_requests(void **state)
{
	assert_true(F.groups.guests >= 2 && F.groups.alumni >= 2);
	assert_int_equal(count("SELECT count(*) FROM people WHERE role = 'guest'"), F.groups.guests);
	assert_int_equal(count("SELECT count(*) FROM people WHERE role = 'alumni'"), F.groups.alumni);
	/* guests: members (never owners or moderators) of closed partner groups only */
	assert_true(count("SELECT count(*) FROM group_members m JOIN people p ON p.id = m.person_id WHERE p.role = 'guest'") >= 2);
	assert_int_equal(count("SELECT count(*) FROM group_members m JOIN people p ON p.id = m.person_id "
	                       "JOIN groups g ON g.id = m.group_id WHERE p.role = 'guest' AND "
	                       "(g.kind <> 'closed' OR g.category <> 'Customers and partners' OR m.role <> 'member')"), 0);
	/* alumni are the alumni group's without a row */
	assert_int_equal(count("SELECT count(*) FROM group_members m JOIN people p ON p.id = m.person_id WHERE p.role = 'alumni'"), 0);
	/* requests come from colleagues outside the group, to closed groups;
	 * invitations from its owner */
	assert_int_equal(count("SELECT count(*) FROM group_requests r JOIN group_members m "
	                       "ON m.group_id = r.group_id AND m.person_id = r.person_id"), 0);
	assert_int_equal(count("SELECT count(*) FROM group_requests r JOIN groups g ON g.id = r.group_id "
	                       "WHERE r.kind = 'request' AND (g.kind <> 'closed' OR r.actor_id <> r.person_id)"), 0);
	assert_int_equal(count("SELECT count(*) FROM group_requests r WHERE r.kind = 'invite' AND NOT EXISTS "
	                       "(SELECT 1 FROM group_members m WHERE m.group_id = r.group_id AND m.person_id = r.actor_id "
	                       "AND m.role = 'owner')"), 0);
	assert_int_equal(count("SELECT count(*) FROM group_requests r JOIN people p ON p.id = r.person_id "
	                       "WHERE p.role IN ('guest', 'alumni')"), 0);
}

static void test_group_posts(void **state)
{
	assert_int_equal(count("SELECT count(*) FROM posts WHERE group_id IS NOT NULL"), F.groups.group_posts);
	assert_true(F.groups.group_posts > POSTS / 20);
	/* visibility 'group' exactly for posts in a group */
	assert_int_equal(count("SELECT count(*) FROM posts WHERE (group_id IS NOT NULL) <> (visibility = 'group')"), 0);
	/* updates (some become questions and answers), by members who had joined by then */
	assert_int_equal(count("SELECT count(*) FROM posts WHERE group_id IS NOT NULL AND kind NOT IN ('update', 'question', "
	                       "'answer')"), 0);
	assert_int_equal(count("SELECT count(*) FROM posts p WHERE group_id IS NOT NULL AND NOT EXISTS "
	                       "(SELECT 1 FROM group_members m WHERE m.group_id = p.group_id AND m.person_id = p.author_id "
	                       "AND m.joined_at <= p.created_at)"), 0);
	/* no outsider answered in a closed or secret group */
	assert_int_equal(count("SELECT count(*) FROM posts p JOIN groups g ON g.id = p.group_id "
	                       "WHERE g.kind <> 'open' AND (p.comment_count > 0 OR p.reactions <> '')"), 0);
	assert_true(count("SELECT count(*) FROM posts p JOIN groups g ON g.id = p.group_id WHERE g.kind <> 'open'") > 0);
	/* pins: posts of the same group */
	assert_int_equal(count("SELECT count(*) FROM group_pins gp JOIN posts p ON p.id = gp.post_id "
	                       "WHERE p.group_id IS NOT gp.group_id"), 0);
}

static void test_questions_consistent(void **state)
{
	const struct demo_questions_result *q = &F.questions;
	int64_t updates = count("SELECT count(*) FROM posts WHERE kind IN ('update', 'question', 'answer')");
	assert_int_equal(count("SELECT count(*) FROM posts WHERE kind = 'question'"), q->questions);
	assert_int_equal(count("SELECT count(*) FROM questions"), q->questions);
	assert_int_equal(count("SELECT count(*) FROM posts WHERE kind = 'answer'"), q->answers);
	assert_true(q->questions > updates / 100 && q->questions < updates / 25);  /* about 2 % */
	/* a realistic mix: anonymous, in groups, answered, unanswered, accepted, marked, asked */
	assert_true(q->anonymous > 0 && q->answers > q->questions / 2 && q->accepted > 0 && q->helpful > 0 && q->asked > 0);
	assert_int_equal(count("SELECT count(*) FROM answer_helpful"), q->helpful);
	assert_int_equal(count("SELECT count(*) FROM question_asks"), q->asked);
	assert_true(count("SELECT count(*) FROM posts WHERE kind = 'question' AND group_id IS NOT NULL") > 0);
	assert_true(count("SELECT count(*) FROM questions WHERE answer_count = 0") > 0);
	/* the rows agree with the answers */
	assert_int_equal(count("SELECT count(*) FROM questions x WHERE answer_count <> (SELECT count(*) FROM posts a "
	                       "WHERE a.parent_id = x.post_id AND a.kind = 'answer') OR last_answer_id IS NOT (SELECT max(id) "
	                       "FROM posts a WHERE a.parent_id = x.post_id) OR first_answer_at IS NOT (SELECT min(created_at) "
	                       "FROM posts a WHERE a.parent_id = x.post_id)"), 0);
	assert_int_equal(count("SELECT count(*) FROM questions x WHERE accepted_id IS NOT NULL AND NOT EXISTS (SELECT 1 "
	                       "FROM posts a WHERE a.id = x.accepted_id AND a.parent_id = x.post_id AND a.kind = 'answer') "
	                       "OR (accepted_id IS NULL) <> (accepted_at IS NULL)"), 0);
	assert_int_equal(count("SELECT count(*) FROM questions WHERE accepted_id IS NOT NULL"), q->accepted);
	/* answers: in the question's place, later, by someone else, once per person */
	assert_int_equal(count("SELECT count(*) FROM posts a JOIN posts x ON x.id = a.parent_id WHERE a.kind = 'answer' AND "
	                       "(a.group_id IS NOT x.group_id OR a.visibility <> x.visibility OR a.id < x.id OR "
	                       "a.author_id = x.author_id OR x.kind <> 'question')"), 0);
	assert_int_equal(count("SELECT count(*) FROM (SELECT parent_id, author_id FROM posts WHERE kind = 'answer' "
	                       "GROUP BY 1, 2 HAVING count(*) > 1)"), 0);
	assert_int_equal(count("SELECT count(*) FROM posts WHERE kind = 'answer' AND (title IS NOT NULL OR anonymous <> 0)"), 0);
	/* questions: a valid title, organisation ones not public, anonymous only in the organisation */
	assert_int_equal(count("SELECT count(*) FROM posts WHERE kind = 'question' AND (visibility = 'public' OR "
	                       "(anonymous = 1 AND group_id IS NOT NULL) OR parent_id IS NOT NULL)"), 0);
	struct db_stmt *st = db_prepare(F.db, "SELECT title FROM posts WHERE kind = 'question'");
	assert_non_null(st);
	while (db_step(st) == DB_ROW)
		assert_null(questions_title_error(db_col_text(st, 0)));
	db_done(st);
	/* helpful marks: never by the answerer, never where not everyone may read */
	assert_int_equal(count("SELECT count(*) FROM answer_helpful h JOIN posts a ON a.id = h.answer_id WHERE "
	                       "h.person_id = a.author_id OR a.kind <> 'answer' OR EXISTS (SELECT 1 FROM groups g WHERE "
	                       "g.id = a.group_id AND g.kind <> 'open')"), 0);
	assert_int_equal(count("SELECT count(*) FROM question_asks qa JOIN posts x ON x.id = qa.question_id WHERE "
	                       "qa.person_id = x.author_id OR x.kind <> 'question'"), 0);
	/* the anonymous asker never named by a comment in their thread */
	assert_int_equal(count("SELECT count(*) FROM comments c JOIN posts p ON p.id = c.post_id JOIN posts x ON "
	                       "x.id = coalesce(p.parent_id, p.id) WHERE x.kind = 'question' AND x.anonymous = 1 AND "
	                       "c.author_id = x.author_id AND c.anonymous = 0"), 0);
}

/* The same seed, a second time: the same people follow the same people and
 * write the same posts with the same comments and reactions. */
static void test_same_seed_same_conversations(void **state)
{
	static const char *const digests[] = {
		"SELECT group_concat(author_id || ':' || body || ':' || reactions || ':' || comment_count, '|') FROM "
		"(SELECT * FROM posts ORDER BY id LIMIT 400)",
		"SELECT group_concat(follower_id || '>' || followee_id, ',') FROM (SELECT * FROM follows ORDER BY 1, 2 LIMIT 3000)",
		"SELECT group_concat(post_id || ':' || author_id || ':' || body, '|') FROM (SELECT * FROM comments ORDER BY id LIMIT 400)",
		"SELECT group_concat(name || ':' || kind || ':' || category || ':' || member_count, '|') FROM groups",
		"SELECT group_concat(group_id || ':' || person_id || ':' || role, ',') FROM group_members",
		"SELECT group_concat(id || ':' || group_id, ',') FROM posts WHERE group_id IS NOT NULL",
		"SELECT group_concat(id || ':' || title || ':' || coalesce(parent_id, 0), ',') FROM posts WHERE kind IN ('question', 'answer')",
	};
	char dir[64], path[128];
	struct db *again = unit_db_create("demo-again", dir, path);
	assert_non_null(again);
	struct demo_result people;
	struct demo_posts_result made;
	assert_int_equal(demo_bulk_begin(again), PLEIN_OK);
	assert_int_equal(demo_create(again, PEOPLE, 7, &people, NULL), PLEIN_OK);
	assert_int_equal(demo_conversations(again, POSTS, 7, &made, NULL), PLEIN_OK);
	struct demo_groups_result groups;
	assert_int_equal(demo_groups(again, GROUPS, 7, &groups, NULL), PLEIN_OK);
	struct demo_questions_result questions;
	assert_int_equal(demo_questions(again, 7, &questions, NULL), PLEIN_OK);
	assert_int_equal(demo_bulk_end(again), PLEIN_OK);
	assert_int_equal(questions.answers, F.questions.answers);
	assert_int_equal(questions.helpful, F.questions.helpful);
	assert_int_equal(made.posts, F.made.posts);
	assert_int_equal(made.comments, F.made.comments);
	assert_int_equal(made.reactions, F.made.reactions);
	assert_int_equal(groups.memberships, F.groups.memberships);
	assert_int_equal(groups.group_posts, F.groups.group_posts);
	for (size_t i = 0; i < ARRAY_LEN(digests); i++) {
		const char *a = rows(again, digests[i], 0, 1), *b = rows(F.db, digests[i], 0, 1);
		assert_true(strlen(a) > 100);
		assert_string_equal(a, b);
	}
	db_close(again);
	unit_db_remove(dir, path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_match_tables),
		cmocka_unit_test(test_comment_count_is_exact),
		cmocka_unit_test(test_reactions_cache_matches_rows),
		cmocka_unit_test(test_ids_ascend_with_time),
		cmocka_unit_test(test_follows_distinct_not_self_and_skewed),
		cmocka_unit_test(test_interactions_mostly_within_department),
		cmocka_unit_test(test_html_topics_and_mentions_are_the_renderers),
		cmocka_unit_test(test_replies_praise_and_announcements),
		cmocka_unit_test(test_groups_counts_and_kinds),
		cmocka_unit_test(test_groups_members_exact_and_owned),
		cmocka_unit_test(test_groups_guests_alumni_requests),
		cmocka_unit_test(test_group_posts),
		cmocka_unit_test(test_questions_consistent),
		cmocka_unit_test(test_schema_ends_as_migrated),
		cmocka_unit_test(test_same_seed_same_conversations),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

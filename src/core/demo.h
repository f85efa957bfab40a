/* demo.h — a synthetic organisation for trying plein and for benchmarks:
 * departments, locations, people with Dutch and English names, titles and a
 * management chain. Deterministic for a given seed. */
#ifndef PLEIN_DEMO_H
#define PLEIN_DEMO_H
#include "db/db.h"
#include "lib/pool.h"

struct demo_result {
	int64_t people;
	int departments;
	char admin_email[64], admin_password[32];
	char member_email[64], member_password[32];
};

/* Create n people (n ≥ 2) in one transaction. progress(done, total) may be NULL. */
int demo_create(struct db *db, int64_t n, uint64_t seed, struct demo_result *out,
                void (*progress)(int64_t done, int64_t total)) WARN_UNUSED;
/* Write the same kind of organisation as a CSV file for `plein import`
 * (header name,email,title,department,location,manager_email,skills,languages),
 * n rows, managers named by e-mail. For import benchmarks and trials. */
int demo_write_csv(FILE *f, int64_t n, uint64_t seed) WARN_UNUSED;
/* Give the demo admin and member new passwords (for `make run` on existing data). */
int demo_reset_passwords(struct db *db, struct demo_result *out) WARN_UNUSED;

/* Conversations for the people demo_create made (demo_posts.c): ~300
 * topics, follows of people (skewed: a few popular, most follow 20–200)
 * and of topics, then n_posts posts over the last two years in time order
 * (updates, praise, a few announcements) with comments, replies,
 * reactions, mentions and topics, caches (comment_count, reactions) exact.
 * One transaction; the conversation tables' secondary indexes are dropped
 * for the load and re-created as the migration wrote them. */
struct demo_posts_result {
	int64_t topics, follows, topic_follows, posts, comments, reactions, praise, mentions;
};
int demo_conversations(struct db *db, int64_t n_posts, uint64_t seed, struct demo_posts_result *out,
                       void (*progress)(const char *what, int64_t done, int64_t total)) WARN_UNUSED;
/* Settings for a one-off bulk load into a fresh database (no fsync, a big
 * page cache, no rollback journal on disk, foreign keys unchecked), and
 * back to the normal ones (WAL, synchronous=FULL, foreign keys on) with
 * fresh planner statistics. Run outside a transaction. */
/* Groups for the organisation (demo_groups.c), after the people and the
 * conversations: n_groups open, closed and secret groups (department
 * teams, projects, communities of practice, clubs, partner groups with
 * guests, a few confidential ones) with categories and about texts;
 * Zipf-like memberships (a few huge groups, most 5–50 members, everyone in
 * ~5–15), an owner and moderators each, member_count exact; pending
 * requests and invitations; guests and alumni (people made here, a
 * guest@ and an alumni@ account with a password); a quarter of the
 * updates of people in groups moved into one of their groups (visibility
 * 'group'); pinned posts. One transaction, like demo_conversations. */
struct demo_groups_result {
	int64_t groups, open, closed, secret;   /* made here (not the alumni group) */
	int64_t memberships, owners, moderators, largest, requests, invites, group_posts, pins, guests, alumni;
	char guest_email[64], guest_password[32], alumni_email[64], alumni_password[32];
};
int demo_groups(struct db *db, int64_t n_groups, uint64_t seed, struct demo_groups_result *out,
                void (*progress)(const char *what, int64_t done, int64_t total)) WARN_UNUSED;
/* Questions and answers (demo_questions.c), after the posts and groups:
 * ~2 % of the updates become questions (a tenth of the organisation's
 * anonymous), later updates in the same place by others their answers;
 * the `questions` rows, accepted answers, "helpful" marks and colleagues
 * asked. Posts are converted, so ids stay in time order. One transaction. */
struct demo_questions_result {
	int64_t questions, anonymous, answers, accepted, helpful, asked;
	int64_t mentions_dropped;   /* mentions in the texts the questions and answers replaced */
};
int demo_questions(struct db *db, uint64_t seed, struct demo_questions_result *out,
                   void (*progress)(const char *what, int64_t done, int64_t total)) WARN_UNUSED;
/* Articles (demo_articles.c), after the posts and groups: about 0.2 % of
 * the plain updates become articles (a title, a longer text keeping the
 * update's words; one in five outside groups public) with their rows. */
int demo_articles(struct db *db, uint64_t seed, int64_t *made) WARN_UNUSED;
/* Insight's adoption data (demo_insight.c), last: activated_at for nearly
 * everyone (a few who wrote nothing never activated), newcomers' pending
 * and expired invitations, and visits (activity_days) over the last 400
 * days, weekdays busier. Replaces what an earlier run made, so it also
 * completes an existing demo (`plein demo --insight-only`). One transaction. */
struct demo_insight_result {
	int64_t activated, never_activated, invited_pending, visits;
};
int demo_insight(struct db *db, uint64_t seed, int64_t now, struct demo_insight_result *out,
                 void (*progress)(const char *what, int64_t done, int64_t total)) WARN_UNUSED;
/* Secondary indexes dropped for a bulk load and made again after it: one
 * sort at the end instead of row-by-row updates. The statements are the
 * migrations' own, read from sqlite_master (`where`: a condition on it);
 * strings live in the pool. */
struct demo_indexes { const char **name, **sql; size_t n; };
int demo_indexes_drop(struct db *db, struct pool *p, const char *where, struct demo_indexes *out) WARN_UNUSED;
int demo_indexes_create(struct db *db, const struct demo_indexes *ix) WARN_UNUSED;
int demo_bulk_begin(struct db *db) WARN_UNUSED;
int demo_bulk_end(struct db *db) WARN_UNUSED;
#endif

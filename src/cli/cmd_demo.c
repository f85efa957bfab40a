/* cmd_demo.c — `plein demo`: fill a data directory with a demo organisation
 * and print an administrator's and a member's sign-in. */
#include "cli/commands.h"
#include "core/expertise.h"
#include "core/demo.h"
#include "core/people.h"
#include "core/insight_store.h"
#include "core/search.h"
#include <errno.h>
#include <getopt.h>
#include <time.h>

static const char demo_usage[] =
	"usage: plein demo [--data DIR] [--people N] [--posts N] [--groups N] [--seed S] [--if-empty]\n"
	"       plein demo --data DIR --insight-only [--seed S]\n"
	"       plein demo --csv FILE [--people N] [--seed S]\n"
	"\n"
	"  --data DIR    data directory (default ./data)\n"
	"  --people N    how many people (default 200, at most 1000000)\n"
	"  --posts N     how many posts over the last two years, with comments, reactions,\n"
	"                praise, topics and follows (default 3000, at most 50000000)\n"
	"  --groups N    how many groups: open, closed and secret, with members, guests,\n"
	"                alumni, requests, pinned posts and a share of the posts (default\n"
	"                people/10, at least 30; at most 1000000; 0 for none)\n"
	"  --seed S      random seed, for the same organisation every time (default 1)\n"
	"  --if-empty    when people exist already, only give the demo accounts new passwords\n"
	"  --csv FILE    write the organisation as a CSV file for `plein import` instead\n"
	"                (no data directory is touched)\n"
	"  --insight-only  add only what insight's adoption figures need to an existing\n"
	"                demo: activation dates, newcomers' invitations, 400 days of visits\n";

static void progress(int64_t done, int64_t total)
{
	fprintf(stderr, "\rplein demo: %lld of %lld people", (long long)done, (long long)total);
}

static void progress_posts(const char *what, int64_t done, int64_t total)
{
	fprintf(stderr, "\rplein demo: %lld of %lld %s          ", (long long)done, (long long)total, what);
}

static int parse_count(const char *s, long long min, long long max, long long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int write_csv(const char *path, long long n, uint64_t seed)
{
	FILE *f = fopen(path, "we");
	if (!f) {
		fprintf(stderr, "plein demo: cannot write %s: %s\n", path, strerror(errno));
		return 1;
	}
	int rc = demo_write_csv(f, n, seed);
	if (fclose(f) || rc) {
		fprintf(stderr, "plein demo: writing %s failed\n", path);
		return 1;
	}
	printf("plein: wrote %lld people to %s\n", n, path);
	return 0;
}

/* --insight-only: an existing demo (made before insight existed) gets its
 * activation dates, invitations and visits; the rest is left as it is. */
static int insight_only_run(struct db *db, const char *dir, int64_t existing, uint64_t seed)
{
	if (!existing) {
		fprintf(stderr, "plein demo: %s has no people; make a demo first\n", dir);
		return 1;
	}
	struct demo_insight_result ir;
	if (db_exec(db, "PRAGMA synchronous=OFF", NULL) || db_exec(db, "PRAGMA cache_size=-262144", NULL) ||
	    demo_insight(db, seed, time(NULL), &ir, existing >= 20000 ? progress_posts : NULL) ||
	    db_exec(db, "PRAGMA synchronous=FULL", NULL) || db_exec(db, "ANALYZE activity_days", NULL)) {
		fprintf(stderr, "\nplein demo: adding the insight data failed: %s\n", db_errmsg(db));
		return 1;
	}
	if (existing >= 20000)
		fputc('\n', stderr);
	printf("plein: %s: %lld people activated, %lld never; %lld invitations pending; %lld visits.\n", dir,
	       (long long)ir.activated, (long long)ir.never_activated, (long long)ir.invited_pending,
	       (long long)ir.visits);
	return 0;
}

int cmd_demo(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, 0, 'd' }, { "people", required_argument, 0, 'n' },
		{ "seed", required_argument, 0, 's' }, { "if-empty", no_argument, 0, 'e' },
		{ "csv", required_argument, 0, 'c' }, { "posts", required_argument, 0, 'p' },
		{ "groups", required_argument, 0, 'g' }, { "insight-only", no_argument, 0, 'i' },
		{ "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 },
	};
	const char *data = NULL, *csv = NULL;
	long long n = 200, seed = 1, posts = 3000, groups = -1;
	bool if_empty = false, insight_only = false;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': data = optarg; break;
		case 'n':
			if (parse_count(optarg, 2, 1000000, &n)) {
				fprintf(stderr, "plein demo: --people wants a number from 2 to 1000000, not '%s'\n", optarg);
				return 2;
			}
			break;
		case 'p':
			if (parse_count(optarg, 0, 50000000, &posts)) {
				fprintf(stderr, "plein demo: --posts wants a number from 0 to 50000000, not '%s'\n", optarg);
				return 2;
			}
			break;
		case 'g':
			if (parse_count(optarg, 0, 1000000, &groups)) {
				fprintf(stderr, "plein demo: --groups wants a number from 0 to 1000000, not '%s'\n", optarg);
				return 2;
			}
			break;
		case 's':
			if (parse_count(optarg, 0, INT64_MAX, &seed)) {
				fprintf(stderr, "plein demo: --seed wants a non-negative number, not '%s'\n", optarg);
				return 2;
			}
			break;
		case 'e': if_empty = true; break;
		case 'i': insight_only = true; break;
		case 'c': csv = optarg; break;
		case 'h': fputs(demo_usage, stdout); return 0;
		default:
			fprintf(stderr, "plein demo: unknown or incomplete option '%s' (see plein demo --help)\n", argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "plein demo: unexpected argument '%s' (see plein demo --help)\n", argv[optind]);
		return 2;
	}
	if (csv)
		return write_csv(csv, n, (uint64_t)seed);
	if (groups < 0)
		groups = n / 10 > 30 ? n / 10 : 30;
	struct config cfg;
	if (cli_config(&cfg, "demo", data, NULL))
		return 1;
	struct db *db = cli_open_data("demo", &cfg);
	if (!db)
		return 1;
	int64_t existing = 0;
	struct demo_result r;
	int rc = 1;
	double search_seconds = 0;
	if (people_count(db, &existing))
		goto out;
	if (insight_only) {
		rc = insight_only_run(db, cfg.data_dir, existing, (uint64_t)seed);
		goto out;
	}
	if (existing) {
		if (!if_empty) {
			fprintf(stderr, "plein demo: %s already has %lld people; use an empty --data directory\n",
			        cfg.data_dir, (long long)existing);
			goto out;
		}
		if (demo_reset_passwords(db, &r)) {
			printf("plein: %s already has %lld people (not a demo organisation); sign in with your own account.\n",
			       cfg.data_dir, (long long)existing);
			rc = 0;
			goto out;
		}
		printf("plein: using the demo organisation in %s (%lld people); new demo passwords:\n",
		       cfg.data_dir, (long long)existing);
	} else {
		/* a fresh database, thrown away if this fails: load it in bulk */
		bool loud = n >= 20000 || posts >= 200000;
		struct demo_posts_result pr;
		struct demo_groups_result gr = { 0 };
		struct demo_questions_result qr = { 0 };
		int64_t n_articles = 0;
		struct demo_insight_result ir = { 0 };
		if (demo_bulk_begin(db) || demo_create(db, n, (uint64_t)seed, &r, loud ? progress : NULL) ||
		    demo_conversations(db, posts, (uint64_t)seed, &pr, loud ? progress_posts : NULL) ||
		    (groups && demo_groups(db, groups, (uint64_t)seed, &gr, loud ? progress_posts : NULL)) ||
		    demo_questions(db, (uint64_t)seed, &qr, loud ? progress_posts : NULL) ||
		    demo_articles(db, (uint64_t)seed, &n_articles) ||
		    demo_insight(db, (uint64_t)seed, time(NULL), &ir, loud ? progress_posts : NULL) || demo_bulk_end(db)) {
			fprintf(stderr, "\nplein demo: creating the demo organisation failed: %s\n", db_errmsg(db));
			goto out;
		}
		/* the loaders write in bulk, past the writers: index it all at once */
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (search_rebuild(db)) {
			fprintf(stderr, "\nplein demo: building the search index failed: %s\n", db_errmsg(db));
			goto out;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		search_seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		/* "who knows X" was built with the people, before their posts: add
		 * the evidence from what they wrote (set-based) */
		if (expertise_reindex_evidence(db)) {
			fprintf(stderr, "\nplein demo: building the expertise evidence failed: %s\n", db_errmsg(db));
			goto out;
		}
		if (loud)
			fputc('\n', stderr);
		printf("plein: created a demo organisation in %s: %lld people in %d departments.\n", cfg.data_dir,
		       (long long)r.people, r.departments);
		printf("  %lld posts, %lld comments, %lld reactions, %lld praise, %lld mentions;\n"
		       "  %lld topics, %lld follows of people, %lld of topics.\n",
		       (long long)pr.posts, (long long)pr.comments, (long long)pr.reactions, (long long)pr.praise,
		       (long long)pr.mentions, (long long)pr.topics, (long long)pr.follows, (long long)pr.topic_follows);
		printf("  %lld questions (%lld anonymous), %lld answers, %lld accepted, %lld helpful marks.\n",
		       (long long)qr.questions, (long long)qr.anonymous, (long long)qr.answers, (long long)qr.accepted,
		       (long long)qr.helpful);
		printf("  %lld articles.\n", (long long)n_articles);
		printf("  %lld people activated, %lld never; %lld invitations pending; %lld visits.\n",
		       (long long)ir.activated, (long long)ir.never_activated, (long long)ir.invited_pending,
		       (long long)ir.visits);
		printf("  search index built in %.1f s.\n", search_seconds);
		/* the insight pages have figures as soon as the server has run this
		 * (its insight thread takes queued computations at once) */
		int64_t snapshot = 0;
		if (insight_store_request(db, "manual", 0, (int64_t)time(NULL), &snapshot) == PLEIN_OK)
			printf("  insight: first figures queued; plein serve computes them at start.\n");
		if (groups) {
			printf("  %lld groups (%lld open, %lld closed, %lld secret), %lld memberships (largest group %lld),\n"
			       "  %lld requests and %lld invitations waiting, %lld posts in groups, %lld pinned;\n"
			       "  %lld guests and %lld alumni.\n",
			       (long long)gr.groups, (long long)gr.open, (long long)gr.closed, (long long)gr.secret,
			       (long long)gr.memberships, (long long)gr.largest, (long long)gr.requests, (long long)gr.invites,
			       (long long)gr.group_posts, (long long)gr.pins, (long long)gr.guests, (long long)gr.alumni);
			printf("  guest:  %s / %s\n  alumni: %s / %s\n", gr.guest_email, gr.guest_password, gr.alumni_email,
			       gr.alumni_password);
		}
	}
	printf("  admin:  %s / %s\n  member: %s / %s\n", r.admin_email, r.admin_password, r.member_email,
	       r.member_password);
	rc = 0;
out:
	db_close(db);
	return rc;
}

/* cmd_insight.c — `plein insight`: compute the insight figures at the
 * console (the same computation as the server's nightly one, stored as a
 * snapshot with trigger 'console'), progress on stderr, then a readable
 * summary; --export-graph writes the weighted edge list for NetworkX. */
#include "cli/commands.h"
#include "core/insight.h"
#include "core/insight_store.h"
#include "core/textnorm.h"
#include "lib/pool.h"
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <time.h>

static const char insight_usage[] =
	"usage: plein insight [--data DIR] [--samples K] [--export-graph FILE]\n"
	"\n"
	"Computes adoption and the shape of the network now, stores them as a\n"
	"snapshot (as the nightly computation does) and prints a summary.\n"
	"\n"
	"  --data DIR           data directory (default ./data)\n"
	"  --samples K          sources sampled for betweenness (default: the built-in\n"
	"                       number; K at least the number of people: exact)\n"
	"  --export-graph FILE  also write the weighted interaction graph as \"src dst weight\"\n"
	"                       lines (for bench/insight-networkx.py)\n"
	"\nCtrl-C stops the computation (the snapshot is marked failed).\n";

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
	UNUSED(sig);
	interrupted = 1;
}

static int console_should_stop(void *arg)
{
	UNUSED(arg);
	return interrupted;
}

static double num(json_t *v)
{
	return json_is_number(v) ? json_number_value(v) : 0.0;
}

static json_t *path2(json_t *o, const char *a, const char *b)
{
	return json_object_get(json_object_get(o, a), b);
}

/* "12.3 %" of part in whole, or "-" */
static void print_share(const char *label, double part, double whole)
{
	if (whole > 0)
		printf("  %-28s %8.0f  (%.1f %%)\n", label, part, 100.0 * part / whole);
	else
		printf("  %-28s %8.0f\n", label, part);
}

static void print_summary(json_t *summary, json_t *adoption, json_t *network)
{
	json_t *cur = json_object_get(path2(adoption, "periods", "30"), "current");
	printf("\nAdoption (last full day; the last 30 days)\n");
	printf("  %-28s %8.0f / %.0f / %.0f\n", "DAU / WAU / MAU", num(json_object_get(summary, "dau")),
	       num(json_object_get(summary, "wau")), num(json_object_get(summary, "mau")));
	printf("  %-28s %8.2f\n", "stickiness (DAU/MAU)", num(json_object_get(summary, "stickiness")));
	printf("  %-28s %8.0f\n", "people (activated)", num(json_object_get(summary, "people")));
	printf("  %-28s %8.0f\n", "not activated", num(path2(adoption, "accounts", "not_activated")));
	double active = num(json_object_get(cur, "active"));
	print_share("active in 30 days", active, num(json_object_get(cur, "people")));
	printf("  90-9-1 among the active: readers / occasional / frequent contributors\n");
	print_share("  readers", num(json_object_get(cur, "readers")), active);
	print_share("  occasional contributors", num(json_object_get(cur, "occasional")), active);
	print_share("  frequent contributors", num(json_object_get(cur, "frequent")), active);
	json_t *share = json_object_get(cur, "questions_answered_share");
	if (json_is_number(share))
		printf("  %-28s %7.0f %%\n", "questions answered", 100.0 * num(share));
	json_t *median = json_object_get(cur, "median_first_answer_seconds");
	if (json_is_number(median))
		printf("  %-28s %8.1f h\n", "median time to first answer", num(median) / 3600.0);

	printf("\nNetwork\n");
	printf("  %-28s %8.0f\n", "people in the graph", num(json_object_get(network, "people")));
	printf("  %-28s %8.0f\n", "interactions", num(json_object_get(network, "interactions")));
	printf("  %-28s %8.0f\n", "ties", num(json_object_get(summary, "ties")));
	json_t *com = json_object_get(network, "communities");
	const char *algo = json_string_value(json_object_get(com, "algorithm"));
	printf("  %-28s %8.0f  (%s; modularity %.2f; NMI with departments %.2f)\n", "communities",
	       num(json_object_get(summary, "communities")), algo ? algo : "?", num(json_object_get(summary, "modularity")),
	       num(json_object_get(summary, "nmi_departments")));
	json_t *bw = json_object_get(network, "betweenness");
	if (bw)
		printf("  %-28s %8.0f  %s\n", "betweenness sources", num(json_object_get(bw, "samples")),
		       json_is_true(json_object_get(bw, "exact")) ? "(exact)" : "(sampled)");
	printf("  %-28s %8.0f\n", "isolated people", num(json_object_get(summary, "isolated")));
	printf("  %-28s %8.0f\n", "newcomers without ties", num(json_object_get(summary, "newcomers_unconnected")));
	json_t *quiet = json_object_get(network, "quiet_pairs");
	if (json_array_size(quiet)) {
		printf("  quietest department pairs (ties observed / expected):\n");
		for (size_t i = 0; i < json_array_size(quiet) && i < 5; i++) {
			json_t *q = json_array_get(quiet, i);
			const char *a = json_string_value(json_object_get(q, "a")), *b = json_string_value(json_object_get(q, "b"));
			printf("    %s – %s: %.0f / %.1f (%.2f)\n", a ? a : "?", b ? b : "?", num(json_object_get(q, "ties")),
			       num(json_object_get(q, "expected")), num(json_object_get(q, "ratio")));
		}
	}
	printf("\nComputed in %.1f s, peak memory %.0f MB\n", num(json_object_get(summary, "seconds")),
	       num(json_object_get(summary, "peak_rss_mb")));
}

/* Wait for computation id, run by another process, to end: PLEIN_OK when
 * it is done, else after saying why. */
static int wait_for(struct db *db, struct pool *p, int64_t id)
{
	int last = -1;
	while (!interrupted) {
		struct insight_snapshot cur;
		int rc = insight_store_current(db, p, &cur);
		if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && cur.id != id)) {
			if (insight_store_get(db, p, id, &cur) == PLEIN_OK)
				return PLEIN_OK;
			fprintf(stderr, "plein insight: snapshot %lld failed; see the server's log\n", (long long)id);
			return PLEIN_ERROR;
		}
		if (rc) {
			fprintf(stderr, "plein insight: cannot read the progress: %s\n", db_errmsg(db));
			return PLEIN_ERROR;
		}
		if (cur.progress / 5 != last / 5) {
			fprintf(stderr, "%3d %%  %s\n", cur.progress, cur.phase);
			last = cur.progress;
		}
		struct timespec pause = { 1, 0 };
		nanosleep(&pause, NULL);
	}
	fprintf(stderr, "plein insight: stopped waiting (the server goes on computing)\n");
	return PLEIN_ERROR;
}

int cmd_insight(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, 0, 'd' }, { "samples", required_argument, 0, 's' },
		{ "export-graph", required_argument, 0, 'e' }, { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 },
	};
	const char *data = NULL, *export_path = NULL;
	long samples = 0;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		char *end;
		switch (c) {
		case 'd': data = optarg; break;
		case 'e': export_path = optarg; break;
		case 's':
			errno = 0;
			samples = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || samples < 1 || samples > 10000000) {
				fprintf(stderr, "plein insight: --samples wants a number from 1 to 10000000, not '%s'\n", optarg);
				return 2;
			}
			break;
		case 'h': fputs(insight_usage, stdout); return 0;
		default:
			fprintf(stderr, "plein insight: unknown or incomplete option '%s' (see plein insight --help)\n",
			        argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "plein insight: unexpected argument '%s' (see plein insight --help)\n", argv[optind]);
		return 2;
	}
	struct config cfg;
	if (cli_config(&cfg, "insight", data, NULL))
		return 1;
	struct db *db = cli_open_data("insight", &cfg);
	if (!db)
		return 1;
	int64_t now = (int64_t)time(NULL);
	struct insight_options o;
	insight_options_default(&o, now);
	o.betweenness_samples = (int)samples;
	o.progress_echo = stderr;
	int status = 1;
	struct pool *p = pool_new();
	json_t *summary = NULL, *adoption = NULL, *network = NULL;

	if (export_path) {
		if (insight_graph_export(db, &o, export_path)) {
			fprintf(stderr, "plein insight: cannot write the graph to %s: %s\n", export_path, db_errmsg(db));
			goto out;
		}
		fprintf(stderr, "plein insight: wrote the interaction graph to %s\n", export_path);
	}
	/* queued like any other computation, so a server sees it running (and
	 * does not start a second one); a queued one is taken over */
	int64_t id = 0;
	int rc = insight_store_request(db, "console", 0, now, &id);
	if (rc && rc != PLEIN_CONFLICT) {
		fprintf(stderr, "plein insight: cannot queue the computation: %s\n", db_errmsg(db));
		goto out;
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_interrupt;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	struct insight_snapshot snap;
	rc = insight_store_claim(db, p, now, &snap);
	if (rc == PLEIN_NOTFOUND) {
		/* a server's insight thread runs one (perhaps the one just queued):
		 * its figures are as fresh, so wait for them */
		fprintf(stderr, "plein insight: a server is computing snapshot %lld; waiting for it (Ctrl-C stops waiting)\n",
		        (long long)id);
		if (wait_for(db, p, id) != PLEIN_OK)
			goto out;
		snap.id = id;
	} else if (rc) {
		fprintf(stderr, "plein insight: cannot start the computation: %s\n", db_errmsg(db));
		goto out;
	} else {
		fprintf(stderr, "plein insight: computing snapshot %lld\n", (long long)snap.id);
		if (insight_run(db, snap.id, &o, console_should_stop, NULL)) {
			fprintf(stderr, "plein insight: the computation %s\n", interrupted ? "was stopped" : "failed");
			goto out;
		}
	}
	if (insight_store_json(db, snap.id, "summary", &summary) || insight_store_json(db, snap.id, "adoption", &adoption) ||
	    insight_store_json(db, snap.id, "network", &network)) {
		fprintf(stderr, "plein insight: cannot read the figures back: %s\n", db_errmsg(db));
		goto out;
	}
	printf("plein: insight snapshot %lld\n", (long long)snap.id);
	print_summary(summary, adoption, network);
	status = 0;
out:
	json_decref(summary);
	json_decref(adoption);
	json_decref(network);
	pool_free(p);
	textnorm_thread_release();
	db_close(db);
	return status;
}

/* insight_run.c — one whole computation of the insight figures (insight.h):
 * adoption, then the network, with progress written into the snapshot row
 * (throttled, so a fast run does not write hundreds of times), the results
 * stored as one snapshot, or the reason it failed. */
#include "lib/common.h"
#include "core/insight.h"
#include "core/insight_store.h"
#include "core/i18n.h"
#include <sys/resource.h>
#include <time.h>

/* Shares of 0..100 (docs/design-insight.md "Computation"): the network step
 * collects the graph and analyses it, so it owns both of their shares. */
#define ADOPTION_TO 35
#define NETWORK_TO 97

struct run_ctx {
	struct db *db;
	struct db *progress_db;       /* its own connection, or db */
	int64_t id;
	int (*should_stop)(void *);
	void *stop_ctx;
	FILE *echo;
	const char *echo_phase;
	int echo_percent;
	int last_percent;
	const char *last_phase;
	bool stopped;
};

static double now_monotonic(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The progress callback: asks whether to stop (every call, it is cheap)
 * and writes the row only when the phase changed or the figure moved (by
 * at least one point: the steps report far more often than that). A failed
 * progress write is not worth failing the run for. */
static int on_progress(void *arg, const char *phase, int percent)
{
	struct run_ctx *c = arg;
	if (c->should_stop && c->should_stop(c->stop_ctx)) {
		c->stopped = true;
		return 1;
	}
	if (!phase)
		phase = "";
	if (c->echo && (!c->echo_phase || strcmp(c->echo_phase, phase) != 0 || percent / 5 != c->echo_percent / 5)) {
		fprintf(c->echo, "%3d %%  %s\n", percent, phase);
		c->echo_phase = phase;
		c->echo_percent = percent;
	}
	if (c->last_phase && !strcmp(c->last_phase, phase) && percent == c->last_percent)
		return 0;
	/* on the step's own connection, inside its read transaction, a write
	 * would join it and hold the write lock until it ends, stalling every
	 * request that writes: the figure waits for the next report outside */
	if (c->progress_db == c->db && db_in_transaction(c->db))
		return 0;
	if (insight_store_progress(c->progress_db, c->id, phase, percent))
		fprintf(stderr, "plein: insight: cannot write the progress: %s\n", db_errmsg(c->progress_db));
	c->last_percent = percent;
	c->last_phase = phase;
	return 0;
}

/* A number from adoption: periods."30".current.<key>, or the last element
 * of daily.<key> (dau/wau/mau). NULL when absent. */
static json_t *period30(json_t *adoption, const char *key)
{
	return json_object_get(json_object_get(json_object_get(json_object_get(adoption, "periods"), "30"), "current"),
	                       key);
}

static json_t *last_daily(json_t *adoption, const char *key)
{
	json_t *a = json_object_get(json_object_get(adoption, "daily"), key);
	size_t n = json_array_size(a);
	return n ? json_array_get(a, n - 1) : NULL;
}

static void put(json_t *summary, const char *key, json_t *value)
{
	if (!json_object_get(summary, key))
		json_object_set(summary, key, value ? value : json_null());
}

/* The snapshot's headline figures (docs/design-insight.md "summary"): the
 * network's own summary, what it lacks from its aggregates, the adoption
 * headline, and what the run cost. */
static json_t *summary_of(json_t *adoption, const struct insight_network *net, double seconds)
{
	json_t *s = json_object();
	if (json_is_object(net->summary))
		json_object_update(s, net->summary);
	json_t *agg = net->aggregates, *com = json_object_get(agg, "communities");
	/* "people" is adoption's (activated by the end of the covered days, as
	 * active_30 counts them), not the graph's vertices (network.people) */
	if (period30(adoption, "people"))
		json_object_set(s, "people", period30(adoption, "people"));
	put(s, "dau", last_daily(adoption, "dau"));
	put(s, "wau", last_daily(adoption, "wau"));
	put(s, "mau", last_daily(adoption, "mau"));
	put(s, "stickiness", period30(adoption, "stickiness"));
	put(s, "people", period30(adoption, "people"));
	put(s, "active_30", period30(adoption, "active"));
	put(s, "contributors_30", period30(adoption, "contributors"));
	put(s, "ties", json_object_get(agg, "ties"));
	put(s, "communities", json_object_get(com, "count"));
	put(s, "modularity", json_object_get(com, "modularity"));
	put(s, "nmi_departments", json_object_get(com, "nmi_departments"));
	put(s, "isolated", json_object_get(agg, "isolated"));
	put(s, "newcomers_unconnected", json_object_get(agg, "newcomers_unconnected"));
	struct rusage ru;
	long peak_kb = getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : 0;  /* Linux: kilobytes, the whole process */
	json_object_set_new(s, "seconds", json_real((double)(int64_t)(seconds * 10.0 + 0.5) / 10.0));
	json_object_set_new(s, "peak_rss_mb", json_integer((json_int_t)((peak_kb + 1023) / 1024)));
	return s;
}

static void fail(struct run_ctx *c, int64_t now, const char *why)
{
	if (insight_store_fail(c->db, c->id, now, why))
		fprintf(stderr, "plein: insight: cannot record that computation %lld failed (%s): %s\n", (long long)c->id,
		        why, db_errmsg(c->db));
}

int insight_run(struct db *db, int64_t snapshot_id, const struct insight_options *o, int (*should_stop)(void *),
                void *stop_ctx)
{
	struct run_ctx c = { .db = db, .id = snapshot_id, .should_stop = should_stop, .stop_ctx = stop_ctx,
	                     .echo = o->progress_echo, .last_percent = -1 };
	const char *stopped_msg = N_("plein stopped during the computation; it runs again at the next request or night");
	double t0 = now_monotonic();
	/* the steps read in long transactions of their own: progress goes
	 * through a second connection so it shows while they read */
	char err[256];
	const char *path = db_filename(db);
	struct db *pdb = *path ? db_open(path, err, sizeof err) : NULL;
	c.progress_db = pdb ? pdb : db;
	json_t *adoption = NULL;
	struct insight_network net;
	memset(&net, 0, sizeof net);

	struct insight_progress pr = { on_progress, &c, 0, ADOPTION_TO };
	(void)on_progress(&c, N_("Counting who is active"), 0);
	if (insight_adoption_compute(db, o, &pr, &adoption)) {
		if (c.stopped)
			fail(&c, (int64_t)time(NULL), stopped_msg);
		else {
			fprintf(stderr, "plein: insight: computing adoption failed: %s\n", db_errmsg(db));
			fail(&c, (int64_t)time(NULL), N_("Computing the adoption figures failed (the server log says why)."));
		}
		db_close(pdb);
		return PLEIN_ERROR;
	}
	pr.from = ADOPTION_TO;
	pr.to = NETWORK_TO;
	if (on_progress(&c, N_("Collecting the interactions"), ADOPTION_TO) ||
	    insight_network_compute(db, o, &pr, &net)) {
		if (c.stopped)
			fail(&c, (int64_t)time(NULL), stopped_msg);
		else {
			fprintf(stderr, "plein: insight: analysing the network failed: %s\n", db_errmsg(db));
			fail(&c, (int64_t)time(NULL), N_("Analysing the network failed (the server log says why)."));
		}
		json_decref(adoption);
		insight_network_free(&net);
		db_close(pdb);
		return PLEIN_ERROR;
	}
	int rc = PLEIN_OK;
	if (on_progress(&c, N_("Storing the figures"), NETWORK_TO)) {
		fail(&c, (int64_t)time(NULL), stopped_msg);
		rc = PLEIN_ERROR;
	} else {
		json_t *summary = summary_of(adoption, &net, now_monotonic() - t0);
		json_t *network = net.aggregates ? net.aggregates : json_object();
		json_t *graph = net.people_graph ? net.people_graph : json_pack("{s:[], s:[]}", "nodes", "edges");
		rc = insight_store_finish(db, snapshot_id, (int64_t)time(NULL), adoption, network, summary, graph,
		                          net.people, net.n_people);
		if (network != net.aggregates)
			json_decref(network);
		if (graph != net.people_graph)
			json_decref(graph);
		json_decref(summary);
		if (rc) {
			fprintf(stderr, "plein: insight: storing the figures failed: %s\n", db_errmsg(db));
			fail(&c, (int64_t)time(NULL), N_("Storing the figures failed (the server log says why)."));
		}
	}
	json_decref(adoption);
	insight_network_free(&net);
	db_close(pdb);
	return rc;
}

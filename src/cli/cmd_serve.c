/* cmd_serve.c — `plein serve`: start the HTTP server and stop it gracefully
 * on SIGTERM or SIGINT (in-flight requests finish, the database closes). */
#include "cli/commands.h"
#include "core/attachments.h"
#include "core/auth.h"
#include "core/photo.h"
#include "core/invitations.h"
#include "core/expertise.h"
#include "core/people.h"
#include "core/search.h"
#include "core/sessions.h"
#include "db/thread.h"
#include "http/server.h"
#include "jobs/insight_job.h"
#include "jobs/live.h"
#include "jobs/mailer.h"
#include "jobs/sweeper.h"
#include "web/app.h"
#include <getopt.h>
#include <signal.h>
#include <sodium.h>

static const char serve_usage[] =
	"usage: plein serve [--listen HOST:PORT] [--data DIR] [--config FILE] [--threads N]\n"
	"\n"
	"  --listen HOST:PORT  address to serve on (default 127.0.0.1:8080; port 0 picks a free one)\n"
	"  --data DIR          data directory (default ./data, or $PLEIN_DATA)\n"
	"  --config FILE       settings file (default DIR/plein.ini)\n"
	"  --threads N         worker threads (default: four per core)\n"
	"\nStops gracefully on SIGTERM or SIGINT.\n";

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, 0, 'l' }, { "data", required_argument, 0, 'd' },
		{ "config", required_argument, 0, 'c' }, { "threads", required_argument, 0, 't' },
		{ "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 },
	};
	const char *listen = NULL, *data = NULL, *config = NULL, *threads = NULL;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'l': listen = optarg; break;
		case 'd': data = optarg; break;
		case 'c': config = optarg; break;
		case 't': threads = optarg; break;
		case 'h': fputs(serve_usage, stdout); return 0;
		default:
			fprintf(stderr, "plein serve: unknown or incomplete option '%s' (see plein serve --help)\n", argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "plein serve: unexpected argument '%s' (see plein serve --help)\n", argv[optind]);
		return 2;
	}
	struct config cfg;
	char err[512];
	if (cli_config(&cfg, "serve", data, config))
		return 1;
	if (listen && config_set_listen(&cfg, listen)) {
		fprintf(stderr, "plein serve: --listen wants HOST:PORT, like 127.0.0.1:8080, not '%s'\n", listen);
		return 2;
	}
	if (threads && config_set(&cfg, "server", "threads", threads, err, sizeof(err))) {
		fprintf(stderr, "plein serve: --threads: %s\n", err);
		return 2;
	}
	struct db *db = cli_open_data("serve", &cfg);
	if (!db)
		return 1;
	/* profiles from before "who knows X" (an upgrade): build its index once */
	bool rebuild = false;
	if (expertise_needs_rebuild(db, &rebuild) == PLEIN_OK && rebuild) {
		fprintf(stderr, "plein serve: building the expertise index for \"who knows X\"\n");
		if (expertise_reindex_all(db))
			fprintf(stderr, "plein serve: building the expertise index failed: %s\n", db_errmsg(db));
	}
	/* a database from before search (an upgrade): build its index once */
	if (search_needs_rebuild(db, &rebuild) == PLEIN_OK && rebuild) {
		int64_t people = 0;
		if (people_count(db, &people) == PLEIN_OK && people > 0)  /* a new database: nothing to say */
			fprintf(stderr, "plein serve: building the search index\n");
		if (search_rebuild(db))
			fprintf(stderr, "plein serve: building the search index failed: %s\n", db_errmsg(db));
	}
	/* e-mails queued by an earlier process: their links are gone */
	if (mailer_recover(db))
		fprintf(stderr, "plein serve: cannot update the mail outbox: %s\n", db_errmsg(db));
	/* insight computations an earlier process left running: failed, with the reason */
	if (insight_job_recover(db))
		fprintf(stderr, "plein serve: cannot update the insight computations: %s\n", db_errmsg(db));
	textnorm_thread_release();
	db_close(db); /* checked it opens and migrates; workers open their own */

	session_limits.idle_seconds = cfg.session_idle_seconds;
	session_limits.absolute_seconds = cfg.session_max_seconds;
	invitation_lifetime = cfg.invitation_lifetime_seconds;
	struct auth_limits limits = { cfg.ip_attempts, cfg.ip_window, cfg.account_attempts, cfg.account_window };
	auth_init(&limits);
	if (photo_init(cfg.data_dir, err, sizeof(err)) || attachments_init(cfg.data_dir, err, sizeof(err)) ||
	    app_init(err, sizeof(err))) {
		fprintf(stderr, "plein serve: %s\n", err);
		photo_shutdown();
		return 1;
	}

	/* block the stop signals in every thread; this one waits for them */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* after the signals are blocked: the mail thread must not take SIGTERM */
	struct mailer_config mc = { cfg.mail_smtp_url, cfg.mail_from, cfg.mail_username, cfg.mail_password,
	                            cfg.mail_base_url };
	int mrc = mailer_start(&mc, err, sizeof(err));
	sodium_memzero(cfg.mail_password, sizeof(cfg.mail_password));
	if (mrc) {
		fprintf(stderr, "plein serve: %s\n", err);
		app_shutdown();
		auth_shutdown();
		photo_shutdown();
		return 1;
	}

	if (live_start(err, sizeof(err))) {
		fprintf(stderr, "plein serve: %s\n", err);
		mailer_stop();
		app_shutdown();
		auth_shutdown();
		photo_shutdown();
		return 1;
	}
	/* attachments: expired uploads and unused files, now and every hour */
	if (sweeper_start(err, sizeof(err))) {
		fprintf(stderr, "plein serve: %s\n", err);
		live_stop();
		mailer_stop();
		app_shutdown();
		auth_shutdown();
		photo_shutdown();
		return 1;
	}

	/* the insight figures: queued and nightly computations, at the lowest priority */
	if (insight_job_start(cfg.insight_hour, err, sizeof(err))) {
		fprintf(stderr, "plein serve: %s\n", err);
		sweeper_stop();
		live_stop();
		mailer_stop();
		app_shutdown();
		auth_shutdown();
		photo_shutdown();
		return 1;
	}

	struct http_config hc = {
		.host = cfg.listen_host, .port = cfg.listen_port, .threads = cfg.threads,
		.max_connections = cfg.max_connections,
		/* behind a proxy every connection comes from the proxy's address: a
		 * per-address limit would then cap everyone together (each open page
		 * holds a live-updates stream); the proxy limits per client instead */
		.per_ip_connections = cfg.behind_tls ? 0 : cfg.per_ip_connections,
		.timeout_seconds = cfg.timeout_seconds, .max_body = cfg.max_body,
		.max_upload = cfg.max_upload, .access_log = cfg.access_log, .behind_tls = cfg.behind_tls,
		.max_streams = cfg.max_streams,
	};
	struct http_server *srv;
	if (http_server_start(&srv, &hc, &plein_app, err, sizeof(err))) {
		fprintf(stderr, "plein serve: %s\n", err);
		insight_job_stop();
		sweeper_stop();
		live_stop();
		mailer_stop();
		app_shutdown();
		auth_shutdown();
		photo_shutdown();
		return 1;
	}
	bool v6 = strchr(cfg.listen_host, ':') != NULL;
	fprintf(stderr, "plein: listening on http://%s%s%s:%d\n", v6 ? "[" : "", cfg.listen_host, v6 ? "]" : "",
	        http_server_port(srv));
	int sig = 0;
	sigwait(&stop, &sig);
	fprintf(stderr, "plein: %s received, finishing requests and stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	http_server_stop(srv, 10); /* ends the event streams first */
	insight_job_stop(); /* a computation under way gives up at its next progress report */
	sweeper_stop();
	live_stop();     /* after the workers: no more subscribers */
	mailer_stop();   /* after the workers: no more submissions; before i18n goes */
	app_shutdown();
	auth_shutdown();
	photo_shutdown();
	fprintf(stderr, "plein: stopped\n");
	return 0;
}

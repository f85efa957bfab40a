/* cmd_reindex.c — `plein reindex`: rebuild the "who knows X" expertise
 * index from every profile (after an import or a change of the ranking
 * rules; `plein serve` does it by itself when the index is empty). */
#include "cli/commands.h"
#include "core/expertise.h"
#include <getopt.h>
#include <time.h>

static const char reindex_usage[] =
	"usage: plein reindex [--data DIR]\n"
	"\n"
	"  --data DIR    data directory (default ./data)\n";

int cmd_reindex(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, 0, 'd' }, { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 },
	};
	const char *data = NULL;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': data = optarg; break;
		case 'h': fputs(reindex_usage, stdout); return 0;
		default:
			fprintf(stderr, "plein reindex: unknown or incomplete option '%s' (see plein reindex --help)\n",
			        argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "plein reindex: unexpected argument '%s' (see plein reindex --help)\n", argv[optind]);
		return 2;
	}
	struct config cfg;
	if (cli_config(&cfg, "reindex", data, NULL))
		return 1;
	struct db *db = cli_open_data("reindex", &cfg);
	if (!db)
		return 1;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = expertise_reindex_all(db);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc)
		fprintf(stderr, "plein reindex: rebuilding the expertise index failed: %s\n", db_errmsg(db));
	else
		printf("plein: rebuilt the expertise index in %.1f s\n",
		       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	textnorm_thread_release();
	db_close(db);
	return rc ? 1 : 0;
}

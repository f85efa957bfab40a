/* cmd_reindex.c — `plein reindex`: rebuild the "who knows X" expertise
 * index from every profile (after an import or a change of the ranking
 * rules; `plein serve` does it by itself when the index is empty);
 * `--search` rebuilds the search index instead (after a change of its
 * tokenizer's rules, or to time it). */
#include "cli/commands.h"
#include "core/expertise.h"
#include "core/search.h"
#include <getopt.h>
#include <time.h>

static const char reindex_usage[] =
	"usage: plein reindex [--data DIR] [--search]\n"
	"\n"
	"  --data DIR    data directory (default ./data)\n"
	"  --search      rebuild the search index (people, posts, comments, groups,\n"
	"                topics, group pages, file names) instead\n";

int cmd_reindex(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, 0, 'd' }, { "search", no_argument, 0, 's' },
		{ "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 },
	};
	const char *data = NULL;
	bool search = false;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': data = optarg; break;
		case 's': search = true; break;
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
	const char *what = search ? "search" : "expertise";
	int rc = search ? search_rebuild(db) : expertise_reindex_all(db);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc)
		fprintf(stderr, "plein reindex: rebuilding the %s index failed: %s\n", what, db_errmsg(db));
	else
		printf("plein: rebuilt the %s index in %.1f s\n", what,
		       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	textnorm_thread_release();
	db_close(db);
	return rc ? 1 : 0;
}

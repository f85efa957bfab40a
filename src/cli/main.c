/* main.c — the plein command: serve, demo, user, import. Parses flags, loads the
 * configuration, and hands over to the modules. The only place that exits. */
#include "cli/config.h"
#include "cli/commands.h"
#include "version.h"

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "serve", cmd_serve, "serve plein over HTTP" },
	{ "demo", cmd_demo, "create a demo organisation" },
	{ "user", cmd_user, "add people, set passwords and roles at the console" },
	{ "import", cmd_import, "add and update people from a CSV file" },
	{ "reindex", cmd_reindex, "rebuild the \"who knows X\" index from every profile" },
	{ "insight", cmd_insight, "compute the adoption and network figures now and print a summary" },
	{ "routes", cmd_routes, "list the HTTP routes with who may use them (--check: all declared)" },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: plein <command> [options]\n\ncommands:\n");
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'plein <command> --help' tells more. plein --version prints the version.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("plein %s\n", PLEIN_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "plein: unknown command '%s' (see plein --help)\n", argv[1]);
	return 2;
}

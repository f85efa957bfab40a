/* cmd_import.c — `plein import [--dry-run] FILE.csv`: bring people in from
 * a spreadsheet at the console. Prints one line per problem and a summary;
 * exit 0 when imported (or a clean dry run), 1 when rows have problems or
 * the database failed, 2 for a wrong command line or an unreadable file. */
#include "cli/commands.h"
#include "core/import.h"
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sys/stat.h>
#include <unistd.h>

static const char import_usage[] =
	"usage: plein import [--dry-run] [--data DIR] FILE.csv\n"
	"\n"
	"Adds and updates people from a CSV file with a header row. Columns, in any order:\n"
	"  name,email,title,department,location,manager_email,skills,languages\n"
	"name and email are required; a column left out is left unchanged on people who\n"
	"exist. skills: \"Budgets; Excel\". languages: \"fr:native; en:fluent\".\n"
	"People are matched by e-mail (ignoring case). New people get no password: invite\n"
	"them from /admin/people. Every row is checked first; if any row has a problem,\n"
	"nothing is written.\n"
	"\n"
	"  --dry-run   only check the file and say what would change\n"
	"  --data DIR  data directory (default ./data)\n";

/* Read the whole file, at most IMPORT_MAX_BYTES (+1 to notice a larger one). */
static char *read_file(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return NULL;
	}
	size_t cap = IMPORT_MAX_BYTES + 1, n = 0;
	if ((size_t)st.st_size < cap)
		cap = (size_t)st.st_size + 1;
	char *buf = xmalloc(cap);
	for (;;) {
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(buf);
			close(fd);
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n == cap) {
			if (cap > IMPORT_MAX_BYTES)
				break;  /* larger than allowed: the import says so */
			cap = cap * 2 > IMPORT_MAX_BYTES + 1 ? IMPORT_MAX_BYTES + 1 : cap * 2;
			buf = xrealloc(buf, cap);
		}
	}
	close(fd);
	*len = n;
	return buf;
}

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dry-run", no_argument, 0, 'n' }, { "data", required_argument, 0, 'd' },
		{ "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 },
	};
	const char *data = NULL;
	bool dry_run = false;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n': dry_run = true; break;
		case 'd': data = optarg; break;
		case 'h': fputs(import_usage, stdout); return 0;
		default:
			fprintf(stderr, "plein import: unknown or incomplete option '%s' (see plein import --help)\n", argv[optind - 1]);
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, optind == argc ? "plein import: name the CSV file to import (see plein import --help)\n"
		                               : "plein import: give one CSV file, not several (see plein import --help)\n");
		return 2;
	}
	const char *path = argv[optind];
	size_t len = 0;
	char *csv = read_file(path, &len);
	if (!csv) {
		fprintf(stderr, "plein import: cannot read %s: %s\n", path, strerror(errno));
		return 2;
	}
	struct config cfg;
	struct db *db = NULL;
	struct pool *p = pool_new();
	struct import_report r;
	int rc = 1;
	if (cli_config(&cfg, "import", data, NULL) || !(db = cli_open_data("import", &cfg)))
		goto out;
	int res = import_people_csv(db, p, csv, len, dry_run, 0, "console", &r);
	if (res == PLEIN_ERROR) {
		fprintf(stderr, "plein import: the database failed, nothing was imported: %s\n", db_errmsg(db));
		goto out;
	}
	for (size_t i = 0; i < r.n_errors; i++) {
		if (r.errors[i].line)
			printf("line %lld: %s\n", (long long)r.errors[i].line, r.errors[i].message);
		else
			printf("%s: %s\n", path, r.errors[i].message);
	}
	if (res == PLEIN_INVALID) {
		if (r.total_errors > (int64_t)r.n_errors)
			printf("… and %lld more problems\n", (long long)(r.total_errors - (int64_t)r.n_errors));
		printf("plein import: %lld problem%s in %s; nothing was imported\n", (long long)r.total_errors,
		       r.total_errors == 1 ? "" : "s", path);
		goto out;
	}
	printf("plein import: %s%lld rows: %lld %s, %lld %s, %lld unchanged\n", dry_run ? "dry run, nothing written: " : "",
	       (long long)r.rows, (long long)r.created, dry_run ? "to create" : "created", (long long)r.updated,
	       dry_run ? "to update" : "updated", (long long)r.unchanged);
	rc = 0;
out:
	free(csv);
	db_close(db);
	pool_free(p);
	return rc;
}

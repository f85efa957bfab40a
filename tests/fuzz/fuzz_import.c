/* fuzz_import.c — libFuzzer harness for the CSV import's checking: the
 * input is a CSV file given to import_people_csv as a dry run against a
 * small temporary database made once at start-up (people who can be named
 * as managers, one managing another, so loops across the file and the
 * database are reachable). Invariants: it answers PLEIN_OK or
 * PLEIN_INVALID (never a database error), a dry run writes nothing, the
 * listed problems are sorted by line, at most IMPORT_ERRORS_MAX, with
 * messages that are valid UTF-8; a clean report counts every row. */
#include "lib/common.h"
#include "lib/pool.h"
#include "lib/utf8.h"
#include "core/import.h"
#include "core/people.h"
#include <sodium.h>
#include <unistd.h>
#include "fuzz_db.h"

#define INPUT_MAX (256 * 1024)

static struct db *db;
static int64_t n_people;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int64_t ann, bob;
	UNUSED(argc);
	UNUSED(argv);
	db = fuzz_db_open("import", NULL);
	if (people_create(db, "ann@example.com", "Ann", "admin", NULL, &ann) ||
	    people_create(db, "bob@example.com", "Bob", "member", NULL, &bob) ||
	    people_create(db, "Zoe@Example.com", "Zo\xc3\xab", "member", NULL, NULL) ||
	    people_set_manager(db, bob, ann) || people_count(db, &n_people))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	if (len > INPUT_MAX)
		return 0;
	struct pool *p = pool_new();
	struct import_report r;
	int rc = import_people_csv(db, p, (const char *)buf, len, true, 0, "fuzz", &r);
	if (rc != PLEIN_OK && rc != PLEIN_INVALID)
		abort();
	if (rc == PLEIN_OK && (r.n_errors || r.total_errors || r.created + r.updated + r.unchanged != r.rows))
		abort();
	if (rc == PLEIN_INVALID && (!r.total_errors || !r.n_errors))
		abort();
	if (r.n_errors > IMPORT_ERRORS_MAX || (int64_t)r.n_errors > r.total_errors)
		abort();
	for (size_t i = 0; i < r.n_errors; i++) {
		const char *m = r.errors[i].message;
		if (!m || !utf8_valid(m, strlen(m)) || r.errors[i].line < 0 || (i && r.errors[i - 1].line > r.errors[i].line))
			abort();
	}
	int64_t n = -1;
	if (people_count(db, &n) || n != n_people)
		abort();
	pool_free(p);
	return 0;
}

/* fuzz_db.h — a temporary, migrated database for the harnesses that need
 * one: made once in LLVMFuzzerInitialize, removed at exit (after the
 * harness's own clean-up, if it gives one). Included by harnesses only. */
#ifndef PLEIN_FUZZ_DB_H
#define PLEIN_FUZZ_DB_H
#include "lib/common.h"
#include "db/db.h"
#include <sodium.h>
#include <unistd.h>

static struct db *fuzz_db;
static char fuzz_dir[64], fuzz_path[128];
static void (*fuzz_db_before_close)(void);

static void fuzz_db_cleanup(void)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	char p[160];
	if (fuzz_db_before_close)
		fuzz_db_before_close();
	db_close(fuzz_db);
	fuzz_db = NULL;
	for (size_t i = 0; i < ARRAY_LEN(suffix); i++) {
		snprintf(p, sizeof(p), "%s%s", fuzz_path, suffix[i]);
		unlink(p);
	}
	rmdir(fuzz_dir);
}

/* libsodium ready and a fresh database under /tmp; aborts with a message
 * when that cannot be (a harness cannot run without it). */
static inline struct db *fuzz_db_open(const char *tag, void (*before_close)(void))
{
	char err[256] = "";
	if (sodium_init() < 0)
		abort();
	snprintf(fuzz_dir, sizeof(fuzz_dir), "/tmp/plein-fuzz-%s-XXXXXX", tag);
	if (!mkdtemp(fuzz_dir))
		abort();
	snprintf(fuzz_path, sizeof(fuzz_path), "%s/plein.db", fuzz_dir);
	if (!(fuzz_db = db_open(fuzz_path, err, sizeof(err)))) {
		fprintf(stderr, "fuzz_%s: %s\n", tag, err);
		abort();
	}
	fuzz_db_before_close = before_close;
	atexit(fuzz_db_cleanup);
	return fuzz_db;
}
#endif

/* thread.c — see thread.h. A pthread key's destructor closes the connection
 * when a worker thread exits, so a stopped server leaves a clean WAL. */
#include "db/thread.h"
#include <pthread.h>

static char *db_path;
static pthread_key_t key;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void close_conn(void *p)
{
	db_close(p);
}

static void make_key(void)
{
	pthread_key_create(&key, close_conn);
}

void db_thread_init(const char *path)
{
	free(db_path);
	db_path = xstrdup(path);
	pthread_once(&once, make_key);
}

struct db *db_thread_get(void)
{
	struct db *db = pthread_getspecific(key);
	if (db)
		return db;
	char err[512];
	db = db_open(db_path, err, sizeof(err));
	if (!db) {
		fprintf(stderr, "plein: %s\n", err);
		return NULL;
	}
	pthread_setspecific(key, db);
	return db;
}

void db_thread_release(void)
{
	struct db *db = pthread_getspecific(key);
	if (db) {
		pthread_setspecific(key, NULL);
		db_close(db);
	}
}

/* thread.h — one database connection per thread (each HTTP worker and each
 * job runner), opened on first use and closed when the thread ends. */
#ifndef PLEIN_DB_THREAD_H
#define PLEIN_DB_THREAD_H
#include "db/db.h"

void db_thread_init(const char *path);   /* before any thread uses it */
struct db *db_thread_get(void);          /* NULL when the database cannot be opened (logged) */
void db_thread_release(void);            /* close this thread's connection now */
#endif

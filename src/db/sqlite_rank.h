/* sqlite_rank.h — plein_rank(), the FTS5 ranking function of search: BM25
 * whose word frequencies are counted with a bound, so ranking a window of
 * hits costs the same for a rare word and for one in every post. */
#ifndef PLEIN_SQLITE_RANK_H
#define PLEIN_SQLITE_RANK_H
#include <sqlite3.h>

/* SQLITE_OK, or an SQLite error code. */
int sqlite_rank_register(fts5_api *api);
#endif

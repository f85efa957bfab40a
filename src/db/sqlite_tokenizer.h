/* sqlite_tokenizer.h — the FTS5 tokenizer `plein` of the SQLite backend:
 * words folded (case, diacritics) with their Dutch and English stems
 * colocated, so one index serves both languages (docs/design-search.md).
 * Registered by db_open on every connection, before migrations run. */
#ifndef PLEIN_SQLITE_TOKENIZER_H
#define PLEIN_SQLITE_TOKENIZER_H
#include <sqlite3.h>

/* SQLITE_OK, or an SQLite error code (FTS5 missing). */
int sqlite_tokenizer_register(sqlite3 *h);
#endif

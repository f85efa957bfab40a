/* cursor.h — the opaque keyset cursor of name-ordered lists (people,
 * groups): base64url of "<id>:<text>", the last row of a page. Clients pass
 * it back unchanged; anything else is refused, never trusted. */
#ifndef PLEIN_CURSOR_H
#define PLEIN_CURSOR_H
#include "lib/common.h"
#include "lib/pool.h"

const char *cursor_make(struct pool *p, int64_t id, const char *text);
/* PLEIN_INVALID unless cursor (at most max_len characters) is one that
 * cursor_make wrote: *id ≥ 0 and *text (valid UTF-8) point into the pool. */
int cursor_parse(struct pool *p, const char *cursor, size_t max_len, int64_t *id, const char **text) WARN_UNUSED;
#endif

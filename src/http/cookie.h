/* cookie.h — reading the Cookie request header and writing Set-Cookie. */
#ifndef PLEIN_COOKIE_H
#define PLEIN_COOKIE_H
#include "lib/strbuf.h"

/* Find cookie `name` in a Cookie header value; 0 and *out set, or PLEIN_NOTFOUND.
 * Values are returned as written (no decoding); quotes around a value are removed. */
int cookie_find(const char *header, const char *name, struct slice *out) WARN_UNUSED;
#endif

/* strbuf.h — the one string type for building output (after git's strbuf and
 * curl's dynbuf). A strbuf owns its buffer, keeps it NUL-terminated, and never
 * grows past the maximum given at init: an append that would pass it fails
 * with PLEIN_TOOBIG, leaves the contents unchanged, and sets `toobig`, which
 * stays set, so a long chain of appends can be checked once at the end.
 *
 * Also here: `struct slice`, a non-owning {ptr, len} view for parsing. */
#ifndef PLEIN_STRBUF_H
#define PLEIN_STRBUF_H
#include "common.h"
#include <stdarg.h>

struct slice {
	const char *ptr;
	size_t len;
};
#define SLICE_LIT(s) ((struct slice){ (s), sizeof(s) - 1 })
static inline struct slice slice_of(const char *s) { return (struct slice){ s, s ? strlen(s) : 0 }; }
bool slice_eq(struct slice a, const char *lit);

#define STRBUF_DEFAULT_MAX ((size_t)64 << 20)

struct strbuf {
	char *buf;     /* always NUL-terminated; points at a static "" until first growth */
	size_t len;
	size_t alloc;
	size_t max;    /* largest len allowed */
	bool toobig;   /* sticky: some append was refused */
};

extern char strbuf_empty[];
#define STRBUF_INIT { strbuf_empty, 0, 0, STRBUF_DEFAULT_MAX, false }

void strbuf_init(struct strbuf *sb, size_t max);
/* Free the buffer; the strbuf is empty and usable again. */
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
/* Hand the buffer to the caller (who frees it); the strbuf is left empty. */
char *strbuf_detach(struct strbuf *sb, size_t *len_out);

int strbuf_add(struct strbuf *sb, const void *data, size_t len);
int strbuf_addstr(struct strbuf *sb, const char *s);
int strbuf_addch(struct strbuf *sb, int c);
int strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Append with HTML escaping of & < > " ' (safe in text and quoted attributes). */
int strbuf_add_html(struct strbuf *sb, const char *s, size_t len);
/* Append with percent-encoding of everything but unreserved characters. */
int strbuf_add_urlencoded(struct strbuf *sb, const char *s, size_t len);
void strbuf_truncate(struct strbuf *sb, size_t len);
/* Value of a hexadecimal digit, or -1 (for percent-decoding). */
int hex_digit(char c);

#endif

/* common.h — included first by every plein source file.
 * Project-wide types, the status convention, allocation wrappers and the
 * banned-function list. Status convention: 0 is success, negative is failure. */
#ifndef PLEIN_COMMON_H
#define PLEIN_COMMON_H

#define _GNU_SOURCE 1
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

enum {
	PLEIN_OK = 0,
	PLEIN_ERROR = -1,     /* generic failure; a message says why */
	PLEIN_NOTFOUND = -2,  /* the thing asked for does not exist (or is not visible) */
	PLEIN_INVALID = -3,   /* the input was rejected */
	PLEIN_CONFLICT = -4,  /* e.g. a unique key already taken */
	PLEIN_DENIED = -5,    /* not allowed */
	PLEIN_TOOBIG = -6,    /* a bound was hit */
};

#define WARN_UNUSED __attribute__((warn_unused_result))
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* qsort that accepts an empty (possibly NULL) array: passing NULL to qsort
 * is undefined even with zero elements. */
static inline void sort_array(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}
#define UNUSED(x) ((void)(x))

/* Allocation: out of memory aborts in one place (as Redis and git do). Only
 * sizes chosen by a client are checked explicitly, and always bounded. */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* size multiplication that aborts on overflow */
size_t st_mult(size_t a, size_t b);
size_t st_add(size_t a, size_t b);

/* Bug: an invariant broke. Prints and aborts. */
#define BUG(msg) plein_bug(__FILE__, __LINE__, (msg))
_Noreturn void plein_bug(const char *file, int line, const char *msg);

#include "banned.h"
#endif

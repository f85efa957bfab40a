/* xalloc.c — allocation wrappers that abort on out-of-memory, so the rest of
 * the code never handles a NULL from malloc (Redis zmalloc, git xmalloc). */
#include "common.h"

static _Noreturn void oom(size_t n)
{
	fprintf(stderr, "plein: out of memory allocating %zu bytes\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		oom(count * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(st_add(n, 1));
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

size_t st_mult(size_t a, size_t b)
{
	size_t r;
	if (__builtin_mul_overflow(a, b, &r))
		BUG("size overflow in multiplication");
	return r;
}

size_t st_add(size_t a, size_t b)
{
	size_t r;
	if (__builtin_add_overflow(a, b, &r))
		BUG("size overflow in addition");
	return r;
}

void plein_bug(const char *file, int line, const char *msg)
{
	fprintf(stderr, "plein: BUG at %s:%d: %s\n", file, line, msg);
	abort();
}

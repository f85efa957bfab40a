/* pool.c — bump allocator in chained blocks, plus cleanup hooks; big
 * allocations get a block of their own so one large body does not waste a
 * standard block. See pool.h. */
#include "pool.h"
#include <stdarg.h>

#define BLOCK_SIZE 8192
#define ALIGN 16

struct block {
	struct block *next;
	size_t used, size;
	_Alignas(ALIGN) unsigned char data[];
};

struct cleanup {
	struct cleanup *next;
	pool_cleanup_fn fn;
	void *arg;
};

struct pool {
	struct block *head;
	struct cleanup *cleanups;
	size_t total;
};

static struct block *block_new(size_t size)
{
	struct block *b = xmalloc(st_add(sizeof(*b), size));
	b->next = NULL;
	b->used = 0;
	b->size = size;
	return b;
}

struct pool *pool_new(void)
{
	struct pool *p = xcalloc(1, sizeof(*p));
	p->head = block_new(BLOCK_SIZE);
	return p;
}

void pool_free(struct pool *p)
{
	if (!p)
		return;
	for (struct cleanup *c = p->cleanups; c; c = c->next)
		c->fn(c->arg);
	struct block *b = p->head;
	while (b) {
		struct block *next = b->next;
		free(b);
		b = next;
	}
	free(p);
}

void *pool_alloc(struct pool *p, size_t n)
{
	size_t need = st_add(n, ALIGN - 1) & ~(size_t)(ALIGN - 1);
	struct block *b = p->head;
	if (need == 0)
		need = ALIGN;
	p->total += need;
	if (need > BLOCK_SIZE / 4) {
		/* a block of its own, linked behind the head so the head keeps serving */
		struct block *big = block_new(need);
		big->used = need;
		big->next = b->next;
		b->next = big;
		return big->data;
	}
	if (b->size - b->used < need) {
		b = block_new(BLOCK_SIZE);
		b->next = p->head;
		p->head = b;
	}
	void *res = b->data + b->used;
	b->used += need;
	return res;
}

void *pool_zalloc(struct pool *p, size_t n)
{
	void *r = pool_alloc(p, n);
	memset(r, 0, n);
	return r;
}

char *pool_strndup(struct pool *p, const char *s, size_t n)
{
	char *r = pool_alloc(p, st_add(n, 1));
	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

char *pool_strdup(struct pool *p, const char *s)
{
	return pool_strndup(p, s, strlen(s));
}

char *pool_printf(struct pool *p, const char *fmt, ...)
{
	va_list ap, cp;
	va_start(ap, fmt);
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0) {
		va_end(ap);
		return pool_strdup(p, "");
	}
	char *r = pool_alloc(p, (size_t)n + 1);
	vsnprintf(r, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return r;
}

void pool_cleanup_add(struct pool *p, pool_cleanup_fn fn, void *arg)
{
	struct cleanup *c = pool_alloc(p, sizeof(*c));
	c->fn = fn;
	c->arg = arg;
	c->next = p->cleanups;
	p->cleanups = c;
}

size_t pool_used(const struct pool *p)
{
	return p->total;
}

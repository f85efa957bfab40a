/* pool.h — a memory pool per request and per job (after nginx's ngx_pool and
 * h2o's mem_pool). Everything allocated from a pool is freed at once by
 * pool_free(); cleanup hooks run first, in reverse order of registration, so
 * statements, JSON values and file descriptors tied to a request are released
 * with it. Nothing allocated from a pool is freed one by one. */
#ifndef PLEIN_POOL_H
#define PLEIN_POOL_H
#include "common.h"

struct pool;

struct pool *pool_new(void);
void pool_free(struct pool *p); /* NULL is fine */

/* Memory aligned for any type; never NULL (aborts on out-of-memory). */
void *pool_alloc(struct pool *p, size_t n);
void *pool_zalloc(struct pool *p, size_t n);
char *pool_strdup(struct pool *p, const char *s);
char *pool_strndup(struct pool *p, const char *s, size_t n);
char *pool_printf(struct pool *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

typedef void (*pool_cleanup_fn)(void *arg);
void pool_cleanup_add(struct pool *p, pool_cleanup_fn fn, void *arg);

/* Bytes handed out so far (for tests and limits). */
size_t pool_used(const struct pool *p);
#endif

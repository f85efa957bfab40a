/* throttle.c — a chained hash table of counters. Bounded: past MAX_KEYS the
 * expired entries are swept; if all are live, the oldest window is dropped
 * first, so memory stays flat under a many-address attack. */
#include "core/throttle.h"
#include <pthread.h>
#include <time.h>

#define BUCKETS 4096
#define MAX_KEYS 100000

struct entry {
	struct entry *next;
	int64_t window_start;
	unsigned count;
	char key[];
};

struct throttle {
	pthread_mutex_t lock;
	unsigned max, window;
	size_t n;
	struct entry *b[BUCKETS];
};

static unsigned hash_key(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % BUCKETS;
}

static int64_t mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

struct throttle *throttle_new(unsigned max_attempts, unsigned window_seconds)
{
	struct throttle *t = xcalloc(1, sizeof(*t));
	pthread_mutex_init(&t->lock, NULL);
	t->max = max_attempts;
	t->window = window_seconds;
	return t;
}

void throttle_free(struct throttle *t)
{
	if (!t)
		return;
	for (int i = 0; i < BUCKETS; i++) {
		struct entry *e = t->b[i];
		while (e) {
			struct entry *next = e->next;
			free(e);
			e = next;
		}
	}
	pthread_mutex_destroy(&t->lock);
	free(t);
}

/* Remove entries whose window ended before `cutoff`. Lock held. */
static void sweep(struct throttle *t, int64_t cutoff)
{
	for (int i = 0; i < BUCKETS; i++) {
		struct entry **pp = &t->b[i];
		while (*pp) {
			struct entry *e = *pp;
			if (e->window_start < cutoff) {
				*pp = e->next;
				free(e);
				t->n--;
			} else {
				pp = &e->next;
			}
		}
	}
}

static struct entry *find(struct throttle *t, const char *key, struct entry ***slot)
{
	struct entry **pp = &t->b[hash_key(key)];
	for (; *pp; pp = &(*pp)->next)
		if (strcmp((*pp)->key, key) == 0)
			break;
	if (slot)
		*slot = pp;
	return *pp;
}

unsigned throttle_check(struct throttle *t, const char *key)
{
	unsigned wait = 0;
	int64_t now = mono_now();
	pthread_mutex_lock(&t->lock);
	struct entry *e = find(t, key, NULL);
	if (e && now - e->window_start < t->window && e->count >= t->max)
		wait = (unsigned)(t->window - (now - e->window_start));
	pthread_mutex_unlock(&t->lock);
	return wait;
}

void throttle_fail(struct throttle *t, const char *key)
{
	int64_t now = mono_now();
	pthread_mutex_lock(&t->lock);
	struct entry *e = find(t, key, NULL);
	if (!e) {
		if (t->n >= MAX_KEYS) {
			sweep(t, now - t->window);
			for (int64_t age = t->window / 2; t->n >= MAX_KEYS && age > 0; age /= 2)
				sweep(t, now - age);
			if (t->n >= MAX_KEYS)
				sweep(t, now + 1);
		}
		size_t klen = strlen(key);
		e = xmalloc(st_add(sizeof(*e), klen + 1));
		memcpy(e->key, key, klen + 1);
		e->count = 0;
		e->window_start = now;
		unsigned h = hash_key(key);
		e->next = t->b[h];
		t->b[h] = e;
		t->n++;
	}
	if (now - e->window_start >= t->window) {
		e->window_start = now;
		e->count = 0;
	}
	e->count++;
	pthread_mutex_unlock(&t->lock);
}

void throttle_reset(struct throttle *t, const char *key)
{
	pthread_mutex_lock(&t->lock);
	struct entry **slot;
	struct entry *e = find(t, key, &slot);
	if (e) {
		*slot = e->next;
		free(e);
		t->n--;
	}
	pthread_mutex_unlock(&t->lock);
}

/* throttle.h — failed sign-in counting per key (an address, an account) in
 * fixed windows. In memory, per process: enough for one node; several nodes
 * each count separately (documented limitation). Thread-safe. */
#ifndef PLEIN_THROTTLE_H
#define PLEIN_THROTTLE_H
#include "lib/common.h"

struct throttle;

struct throttle *throttle_new(unsigned max_attempts, unsigned window_seconds);
void throttle_free(struct throttle *t);
/* 0 when key may try; otherwise the seconds until it may try again. */
unsigned throttle_check(struct throttle *t, const char *key);
/* Count one failure for key. */
void throttle_fail(struct throttle *t, const char *key);
/* Forget key (after a successful sign-in of that account). */
void throttle_reset(struct throttle *t, const char *key);
#endif

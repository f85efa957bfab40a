/* demo_rng.h — the demo generators' shared random numbers (demo.c owns the
 * state): splitmix64, so a seed gives the same organisation and the same
 * conversations on every machine. Only for synthetic data, never secrets. */
#ifndef PLEIN_DEMO_RNG_H
#define PLEIN_DEMO_RNG_H
#include "lib/common.h"

void demo_seed(uint64_t seed);
uint64_t demo_rnd(void);
size_t demo_pick(size_t n);  /* 0 … n-1 */
/* Zipf-like: index k with weight 1 / (k + 4), from a table of cumulative
 * weights built once per list by demo_zipf_table. */
void demo_zipf_table(double *cum, size_t n);
size_t demo_zipf(const double *cum, size_t n);
#endif

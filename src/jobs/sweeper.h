/* sweeper.h — one background thread for housekeeping that no request
 * should wait for: at start and then every SWEEPER_INTERVAL seconds it
 * removes expired unclaimed attachments, those of deleted posts and
 * comments, and files no attachment names (core/attachments.h). Other
 * periodic clean-ups can join it. Every ARTICLES_TICK_SECONDS it also
 * publishes the scheduled articles that are due (articles_tick). */
#ifndef PLEIN_SWEEPER_H
#define PLEIN_SWEEPER_H
#include "lib/common.h"

#define SWEEPER_INTERVAL 3600

/* Start the thread (after attachments_init and db_thread_init). */
int sweeper_start(char *err, size_t errlen) WARN_UNUSED;
/* Wake it, wait for a sweep under way to end, join. Fine when never started. */
void sweeper_stop(void);
/* One sweep now, in the calling thread (tests, `plein` commands). */
void sweeper_run_once(void);
#endif

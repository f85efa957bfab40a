/* insight_day.h — the day numbers of insight (UTC days since 1970-01-01,
 * insight_day() in insight.h) as people and clients write them: a
 * calendar date "YYYY-MM-DD". For the API's custom periods and the pages. */
#ifndef PLEIN_INSIGHT_DAY_H
#define PLEIN_INSIGHT_DAY_H
#include "lib/common.h"

/* A real calendar date, exactly "YYYY-MM-DD" (years 1970–9999), as its day
 * number. PLEIN_INVALID for anything else (NULL too). */
int insight_day_parse(const char *s, int64_t *day) WARN_UNUSED;
/* The date of a day number (0 … 2932896) into buf (at least 11 bytes). */
void insight_day_format(int64_t day, char *buf, size_t size);
#endif

/* search_params.h — the search query of a request's URL, shared by the
 * /search page and GET /api/v1/search: q, kind (comma-separated kinds),
 * group, author (ids), topic, since and until (YYYY-MM-DD, UTC, until
 * inclusive), cursor and limit. */
#ifndef PLEIN_WEB_SEARCH_PARAMS_H
#define PLEIN_WEB_SEARCH_PARAMS_H
#include "http/request.h"
#include "core/search.h"

/* Fill q from req's query string (limit: the limit parameter, else def).
 * PLEIN_INVALID with *field (the parameter) and *msg (N_() text, English)
 * for a value that cannot be searched. */
int search_params_read(struct request *req, int def, struct search_query *q, const char **field,
                       const char **msg) WARN_UNUSED;
#endif

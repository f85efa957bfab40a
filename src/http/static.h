/* static.h — the assets compiled into the binary (static/), served with a
 * strong ETag and a year of caching; pages link them with ?v=<etag> so a
 * new build busts every cache. */
#ifndef PLEIN_STATIC_H
#define PLEIN_STATIC_H
#include "http/request.h"

void static_init(void);                 /* computes ETags; call once at start */
void static_serve(struct request *req); /* handler for GET /static/{name} */
/* "/static/app.css?v=1a2b3c" — for templates. Unknown names give "/static/<name>". */
const char *static_url(struct pool *p, const char *name);
#endif

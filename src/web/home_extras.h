/* home_extras.h — parts of the home page built beside the stream: the
 * colleague in the spotlight (templates/spotlight.mustache) and the
 * announcements on top (templates/announcements.mustache). The home page
 * handler calls both with its context; each sets its key or nothing. */
#ifndef PLEIN_HOME_EXTRAS_H
#define PLEIN_HOME_EXTRAS_H
#include "http/request.h"
#include <jansson.h>

/* ctx "spotlight": {person, badge, icon, excerpt, url}, or nothing. */
void home_spotlight_json(struct request *req, json_t *ctx);
/* ctx "announcements": {items: [...], can_announce, new_url}, when there
 * are any or the viewer may post one. Records first views. */
void home_announcements_json(struct request *req, json_t *ctx);
#endif

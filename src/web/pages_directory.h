/* pages_directory.h — what other pages can borrow from the directory pages:
 * the org chart as a template context, for `{{> org_chart}}` inside an
 * object named "org" (the profile page can show it). */
#ifndef PLEIN_PAGES_DIRECTORY_H
#define PLEIN_PAGES_DIRECTORY_H
#include "http/request.h"
#include "core/directory.h"
#include <jansson.h>

json_t *page_org_json(struct request *req, const struct person *p, const struct directory_org *org);
#endif

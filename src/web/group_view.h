/* group_view.h — what every group page shares: the header (name, kind,
 * member count, the viewer's role, join/leave buttons) and its tabs, and
 * loading a group from the path with the visibility check, so the stream,
 * members, pages, files and about tabs all answer the same way. */
#ifndef PLEIN_GROUP_VIEW_H
#define PLEIN_GROUP_VIEW_H
#include "http/request.h"
#include <jansson.h>

struct group;

/* The group named by the path parameter `id`, if the viewer may see that it
 * exists (visibility_can_see_group); else the 404 page was sent and NULL is
 * returned. `need_read`: also require its content (visibility_can_read_group),
 * answering 403 with a "join/ask to join" message when they can see it but
 * not read it. */
struct group *group_view_load(struct request *req, bool need_read);

/* The header context for templates/group_header.mustache: "group" (id,
 * name, url, kind, kind_label, category, member_count, about_html), the
 * viewer's "role" and what they may do ("can_join", "can_request",
 * "can_leave", "can_manage", "can_own", "can_post", "pending"), and
 * "tab_<name>": true for the current tab ("stream", "members", "pages",
 * "files", "about", "settings"). Merge it into the page context with
 * json_object_update or put it under "header". */
json_t *group_view_header(struct request *req, const struct group *g, const char *tab);

/* The translated label of a kind ("Open", "Closed", "Secret") and a one-line
 * explanation of who sees what. */
const char *group_view_kind_label(struct request *req, const char *kind);
const char *group_view_kind_hint(struct request *req, const char *kind);
#endif

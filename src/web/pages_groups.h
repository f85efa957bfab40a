/* pages_groups.h — what the group pages (pages_groups.c: directory and
 * creation, pages_group.c: a group's stream, about, settings, pins,
 * pages_group_members.c: members and membership forms) share. */
#ifndef PLEIN_PAGES_GROUPS_H
#define PLEIN_PAGES_GROUPS_H
#include "http/request.h"
#include <jansson.h>

struct group;

/* 503 page: the database did not answer. */
void group_pages_unavailable(struct request *req);
/* "/groups/ID" + suffix ("" for the group's own page). */
const char *group_pages_url(struct request *req, const struct group *g, const char *suffix);
/* A confirmation page (templates/group_confirm.mustache) for a POST to
 * action: title and question are English msgids (%s: the group's or the
 * person's name), button its label; danger styles it red. hidden: extra
 * form fields to send along (name → string), consumed; may be NULL. */
void group_pages_confirm(struct request *req, const struct group *g, int status, const char *title,
                         const char *question, const char *subject, const char *action, const char *button,
                         bool danger, json_t *hidden);
/* The translated msgid with %s replaced by s (one occurrence). */
const char *group_pages_subst(struct request *req, const char *msgid, const char *s);
/* A form field, or "" when absent. */
const char *group_pages_form(struct request *req, const char *key);
#endif

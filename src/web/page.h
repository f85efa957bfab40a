/* page.h — rendering HTML pages: a page template inside the layout, with
 * the viewer, language, CSRF token, asset URLs and flash message filled in
 * for every page. Template contexts are jansson objects. */
#ifndef PLEIN_PAGE_H
#define PLEIN_PAGE_H
#include "http/request.h"
#include <jansson.h>

struct people_page;

struct person;

int page_init(char *err, size_t errlen) WARN_UNUSED;  /* load the embedded templates */
void page_shutdown(void);

/* Render `tmpl` (ctx is consumed) inside the layout with status; title is an English msgid. */
void page_render(struct request *req, int status, const char *tmpl, json_t *ctx, const char *title);
/* Render only `tmpl` (no layout), e.g. a fragment for as-you-type search. ctx is consumed. */
void page_render_fragment(struct request *req, const char *tmpl, json_t *ctx);
void page_error(struct request *req, int status, const char *msg);
/* Redirect (303) after a successful POST, with an optional flash message
 * shown on the next page: one of the codes in page.c's flash table. */
void page_redirect(struct request *req, const char *location, const char *flash_code);

/* A string for a template: null when empty or NULL (Mustache treats "" as true). */
json_t *page_text(const char *s);
/* A colleague typed into a form (praise, group invitations): an e-mail
 * address, or a name (or its start) that matches exactly one person `ok`
 * accepts; an exact name wins over prefixes. NULL with *msg (a msgid with
 * one %s for the entry) otherwise. */
struct person *page_resolve_person(struct request *req, const char *entry,
                                   bool (*ok)(struct request *req, const struct person *p), const char **msg);
/* A person as templates see them: names, initials, avatar colour, URL. */
json_t *page_person_json(struct request *req, const struct person *p);
/* "AB" from "Ann Bakker" (for avatars without a photo). */
json_t *page_initials(const char *name);
/* page_person_json of each person of a page of people. */
json_t *page_people_array(struct request *req, const struct people_page *page);
/* Check a new password and its confirmation from the form fields named
 * `field` and `confirm_field`; a problem goes into errors under that name. */
void page_check_new_password(struct request *req, json_t *errors, const char *field, const char *confirm_field);
/* Format a time in the past for people: "just now", "5 minutes ago", … */
const char *page_ago(struct request *req, int64_t when);
/* An absolute URL for path on the host the viewer reached (for links an
 * administrator copies, like invitations); just the path when the Host
 * header is missing or odd. */
const char *page_absolute_url(struct request *req, const char *path);
/* A link for someone else to open (an invitation): [mail] base_url + path
 * when set, else page_absolute_url. */
const char *page_public_url(struct request *req, const char *path);
/* The person's skills with endorsement counts and, for colleagues, the
 * endorse/withdraw buttons: the context of templates/endorsements.mustache
 * (web/pages_experts.c). */
json_t *page_endorsements_json(struct request *req, const struct person *p);
#endif

/* signup_view.h — the sign-up box of a post for the templates (places taken,
 * closing date, Sign up / Withdraw, the author's CSV link), and the short
 * date the box and its pages show. */
#ifndef PLEIN_SIGNUP_VIEW_H
#define PLEIN_SIGNUP_VIEW_H
#include "http/request.h"
#include <jansson.h>

struct post;
/* The context of templates/signup_box.mustache, or JSON null when the post
 * carries no sign-up (or it cannot be read now). */
json_t *signup_view_json(struct request *req, const struct post *post);
/* "1 Dec" (this year), "1 Dec 2026", with ", 18:30" unless it is the end of
 * the day; server local time; Dutch month names for Dutch readers. */
const char *signup_view_date(struct request *req, int64_t when);
/* The composer's sign-up fields (web/pages_signups.c): the checkbox
 * `signup`, `signup_cap` ("" for no limit) and `signup_deadline` (a date)
 * into in->signup*. PLEIN_OK (also when the box is not ticked), or
 * PLEIN_INVALID with an English *msg (N_). */
struct post_input;
int signup_view_form(struct request *req, struct post_input *in, const char **msg) WARN_UNUSED;
#endif

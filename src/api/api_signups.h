/* api_signups.h — the sign-up parts of the post API (api/api_signups.c):
 * the `signup` object of the post JSON and reading `signup` from a new
 * post's body. */
#ifndef PLEIN_API_SIGNUPS_H
#define PLEIN_API_SIGNUPS_H
#include "api/api.h"

struct post;
struct post_input;
/* {cap, deadline, count, mine, closed} (cap and deadline null when none),
 * or JSON null when the post has no sign-up. */
json_t *api_signup_json(struct request *req, const struct post *post);
/* body.signup: absent or null → none; {} or {cap, deadline} → in->signup*.
 * cap: null or 1 … 100000; deadline: null, a Unix time in seconds, or a
 * string (RFC 3339, or YYYY-MM-DD for the end of that day). Answers 422 and
 * returns PLEIN_INVALID when it is not acceptable. */
int api_signup_input(struct request *req, json_t *body, struct post_input *in) WARN_UNUSED;
#endif

/* composer_view.h — the post composer's view-model (templates/composer.mustache):
 * the text and error of a refused post, who can see it, and where it goes —
 * the organisation or one of the viewer's groups ("Post in"), or a group
 * fixed by the page it is on (a group page sends a hidden group_id). */
#ifndef PLEIN_COMPOSER_VIEW_H
#define PLEIN_COMPOSER_VIEW_H
#include "web/app.h"
#include <jansson.h>

#define COMPOSER_GROUPS_MAX 50   /* groups offered in "Post in" (by name) */

struct composer_state {
	const char *text;        /* refill after a refused post, or NULL */
	const char *error;       /* translated, or NULL */
	bool public;             /* "Public" chosen */
	int64_t group_id;        /* the group chosen (0: the organisation) */
	bool fixed;              /* the page is the group's: no choice, a hidden group_id */
	const char *return_to;   /* a local path to come back to after posting (validated), or NULL */
};

/* The composer object for `{{> composer}}` (context key "composer"), or
 * NULL when the viewer can post nowhere (a guest in no group). */
json_t *composer_view_json(struct request *req, const struct composer_state *st);
/* s if it is a plain local path ("/groups/12"), else NULL: the form's
 * `return` field never sends anyone elsewhere. */
const char *composer_return_path(const char *s);
#endif

/* post_view.h — view-models of posts and comments for the pages (the
 * templates post_item, comment_item and reactions read them). */
#ifndef PLEIN_POST_VIEW_H
#define PLEIN_POST_VIEW_H
#include "web/app.h"
#include "core/comments.h"
#include "core/stream.h"
#include <jansson.h>

json_t *post_view_author(struct request *req, const struct post_author *a);
/* One post as a stream shows it (full: also on its own page). */
json_t *post_view_item(struct request *req, const struct post *post, bool full);
json_t *post_view_items(struct request *req, const struct stream_page *page);
/* May the viewer move the post somewhere (out of its group, or into one
 * of theirs)? The "Move" button. */
bool post_view_can_move(struct request *req, const struct post *post);
/* The reaction buttons of a post (counts, the viewer's own, forms). */
json_t *post_view_reactions(struct request *req, const struct post *post);
/* Comments grouped into threads: [{comment…, replies: [..]}]. */
json_t *post_view_comments(struct request *req, const struct post *post, const struct comment *c, size_t n);
json_t *post_view_comment(struct request *req, const struct post *post, const struct comment *c);
struct attachment;
/* The same with the comments' attachments already read (atts may hold others'). */
json_t *post_view_comment_with(struct request *req, const struct post *post, const struct comment *c,
                               const struct attachment *atts, size_t n_atts);
/* web/pages_home.c: the stream partial's context, and the home or discover
 * page (cs, NULL for none, refills the composer after a refused post;
 * guests and alumni get their limited home). */
json_t *home_stream_json(struct request *req, const struct stream_page *page, const char *stream, const char *base,
                         const char *empty_hint);
struct composer_state;
void home_render(struct request *req, bool home, const struct composer_state *cs);
/* The person's latest posts the viewer may see, for the profile (the
 * stream partial's context, with "more" linking to /people/ID/posts). */
#define PROFILE_POSTS_SHOWN 3
json_t *home_person_posts_json(struct request *req, const struct person *p, int limit);
#endif

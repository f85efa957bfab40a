/* api_posts.h — JSON shapes shared by the conversation API handlers. */
#ifndef PLEIN_API_POSTS_H
#define PLEIN_API_POSTS_H
#include "api/api.h"
#include "web/app.h"
#include "core/comments.h"
#include "core/stream.h"

json_t *api_post_json(struct request *req, const struct post *post);
json_t *api_comment_json(const struct comment *c);
json_t *api_stream_json(struct request *req, const struct stream_page *page);
/* The post named by the route's {id} if the viewer may see it; else
 * answers 404 (hidden and absent alike) or 503 and returns NULL. */
struct post *api_load_post(struct request *req);
#endif

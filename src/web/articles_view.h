/* articles_view.h — view-models of articles shared by the signed-in pages
 * (web/pages_articles.c) and the public blog (web/pages_blog.c): cards of a
 * blog page with "older articles" paging, and the reading page. */
#ifndef PLEIN_ARTICLES_VIEW_H
#define PLEIN_ARTICLES_VIEW_H
#include "web/app.h"
#include "core/articles.h"
#include <jansson.h>

#define ARTICLES_VIEW_PAGE 20

/* ?before= of a blog page: a positive article id. */
int articles_cursor_parse(const char *s, int64_t *out) WARN_UNUSED;
/* One card: title, excerpt, author, date, cover, url. */
json_t *articles_view_card(struct request *req, const struct article *a);
/* A blog page into ctx: "items" (cards), "empty", "more_url" (base?before=…).
 * public_only: the public blog (author_id 0: everyone's), else what the
 * viewer may see. */
int articles_view_page(struct request *req, json_t *ctx, int64_t before, int64_t author_id, bool public_only,
                       const char *base) WARN_UNUSED;
/* The reading page of one article: the card's fields, the text as HTML,
 * where it is seen, edited, what the viewer may do. */
json_t *articles_view_full(struct request *req, const struct article *a);
#endif

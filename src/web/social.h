/* social.h — the praise and follow parts other pages show: badge labels and
 * icons, the "Praise received" section and the Follow button of a profile
 * (web/social_view.c). pages_profile.c puts them into the person page. */
#ifndef PLEIN_WEB_SOCIAL_H
#define PLEIN_WEB_SOCIAL_H
#include "http/request.h"
#include "core/posts.h"
#include <jansson.h>

/* The translated label and the emoji of a praise badge ("" / "" if unknown). */
const char *social_badge_label(struct request *req, const char *badge);
const char *social_badge_icon(const char *badge);
/* The first words of a post's Markdown as plain text, at most max characters. */
const char *social_excerpt(struct pool *p, const char *markdown, size_t max);
/* tmpl (a translated message) with its first "%s" replaced by value. */
const char *social_subst(struct pool *p, const char *tmpl, const char *value);
/* A post's author for templates: id, name, initials, avatar_hue, photo, url. */
json_t *social_author_json(struct request *req, const struct post_author *a);
/* Context of templates/praise_received.mustache: badge counts, the newest
 * three, and the Praise button (not on your own profile). */
json_t *social_praise_json(struct request *req, const struct person *p);
/* Context of templates/follow_button.mustache: counts, and the button for
 * colleagues who may follow (not on your own profile). */
json_t *social_follow_json(struct request *req, const struct person *p);
#endif

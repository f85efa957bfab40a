/* articles_view.c — view-models of articles (see articles_view.h). */
#include "web/articles_view.h"
#include "web/page.h"
#include "web/post_view.h"
#include "core/attachments.h"
#include "core/i18n.h"
#include "core/visibility.h"
#include "api/api.h"
#include <stdlib.h>
#include <time.h>

int articles_cursor_parse(const char *s, int64_t *out)
{
	*out = 0;
	if (!s || !*s || strlen(s) > 19 || strspn(s, "0123456789") != strlen(s))
		return PLEIN_INVALID;
	*out = strtoll(s, NULL, 10);
	return *out > 0 ? PLEIN_OK : PLEIN_INVALID;
}

/* "24 November 2026" in the viewer's language. */
static const char *long_date(struct request *req, int64_t when)
{
	static const char *const months[] = {
		N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
		N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
	};
	time_t t = (time_t)when;
	struct tm tm;
	gmtime_r(&t, &tm);
	return pool_printf(req->pool, "%d %s %d", tm.tm_mday, T(req, months[tm.tm_mon]), tm.tm_year + 1900);
}

json_t *articles_view_card(struct request *req, const struct article *a)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(a->post.id));
	json_object_set_new(o, "url", json_string(pool_printf(req->pool, "/articles/%lld", (long long)a->post.id)));
	json_object_set_new(o, "title", json_string(a->post.title ? a->post.title : ""));
	json_object_set_new(o, "excerpt", json_string(articles_excerpt(req->pool, a->post.body_html, ARTICLE_EXCERPT_CHARS)));
	json_object_set_new(o, "author", post_view_author(req, &a->post.author));
	json_object_set_new(o, "when", api_time(a->published_at));
	json_object_set_new(o, "date", json_string(long_date(req, a->published_at)));
	json_object_set_new(o, "is_public", json_boolean(strcmp(a->post.visibility, "public") == 0));
	json_object_set_new(o, "comment_count", json_integer(a->post.comment_count));
	if (a->post.group_id && a->post.group_name)
		json_object_set_new(o, "group", json_pack("{s:s, s:s}", "name", a->post.group_name, "url",
			pool_printf(req->pool, "/groups/%lld", (long long)a->post.group_id)));
	struct attachment *c;
	if (a->cover_id && attachments_get(req->db, req->pool, a->cover_id, &c) == PLEIN_OK)
		json_object_set_new(o, "cover", json_pack("{s:s, s:I, s:I}", "url", attachment_url(req->pool, c),
			"width", (json_int_t)c->width, "height", (json_int_t)c->height));
	return o;
}

int articles_view_page(struct request *req, json_t *ctx, int64_t before, int64_t author_id, bool public_only,
                       const char *base)
{
	int64_t *ids = NULL;
	size_t n = 0, na = 0;
	int rc = public_only ? articles_public_list(req->db, author_id, before, ARTICLES_VIEW_PAGE + 1, &ids, &n)
	                     : articles_list(req->db, req->viewer, before, ARTICLES_VIEW_PAGE + 1, &ids, &n);
	struct article *a = NULL;
	bool more = n > ARTICLES_VIEW_PAGE;
	if (rc == PLEIN_OK)
		rc = articles_load(req->db, req->pool, ids, more ? ARTICLES_VIEW_PAGE : n, &a, &na);
	free(ids);
	if (rc)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < na; i++)
		json_array_append_new(items, articles_view_card(req, &a[i]));
	json_object_set_new(ctx, "items", items);
	json_object_set_new(ctx, "empty", json_boolean(na == 0));
	if (more && na)
		json_object_set_new(ctx, "more_url", json_string(pool_printf(req->pool, "%s?before=%lld", base,
		                                                                (long long)a[na - 1].post.id)));
	return PLEIN_OK;
}

json_t *articles_view_full(struct request *req, const struct article *a)
{
	json_t *o = articles_view_card(req, a);
	json_object_set_new(o, "html", json_string(a->post.body_html));
	json_object_set_new(o, "edited", json_boolean(a->post.edited_at != 0));
	json_object_set_new(o, "post_url", json_string(pool_printf(req->pool, "/posts/%lld", (long long)a->post.id)));
	json_object_set_new(o, "can_edit", json_boolean(visibility_can_edit_post(req->viewer, &a->post)));
	json_object_set_new(o, "can_delete", json_boolean(visibility_can_delete_post(req->viewer, &a->post)));
	json_object_set_new(o, "reactions", post_view_reactions(req, &a->post));
	if (strcmp(a->post.visibility, "public") == 0 && a->post.author.id)
		json_object_set_new(o, "blog_url", json_string(pool_printf(req->pool, "/blog/%lld", (long long)a->post.author.id)));
	return o;
}

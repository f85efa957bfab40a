/* pages_articles.c — the article pages of signed-in people: the
 * organisation blog (/articles: every article the viewer may see), the
 * editor (new, a draft, a published article: title, cover, Markdown,
 * where it is seen, save / schedule / publish), the author's drafts
 * (delete after a confirmation, publish now), and the reading page
 * (/articles/{id}: cover, title, author, text, comments with an inline
 * reply under each, and for the author the comments not answered yet).
 * Public articles' pages are readable signed out (visibility.c decides). */
#include "web/page.h"
#include "web/handlers.h"
#include "web/post_view.h"
#include "web/articles_view.h"
#include "web/attachments_form.h"
#include "core/articles.h"
#include "core/attachments.h"
#include "core/groups.h"
#include "core/i18n.h"
#include "core/visibility.h"
#include "api/api.h"
#include <stdlib.h>
#include <time.h>

static void unavailable(struct request *req)
{
	page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
}

static const char *form(struct request *req, const char *key)
{
	const char *v = form_get(&req->form, key);
	return v ? v : "";
}

/* ---- the organisation blog ------------------------------------------ */

void page_articles(struct request *req)
{
	int64_t before = 0;
	const char *b = req_query(req, "before");
	if (b && *b && (articles_cursor_parse(b, &before) || before <= 0)) {
		page_error(req, 400, N_("This page link is not valid."));
		return;
	}
	json_t *ctx = json_object();
	if (articles_view_page(req, ctx, before, 0, false, "/articles")) {
		json_decref(ctx);
		unavailable(req);
		return;
	}
	json_object_set_new(ctx, "can_write", json_boolean(visibility_can_upload(req->viewer)));
	json_object_set_new(ctx, "nav_articles", json_true());
	page_render(req, 200, "articles", ctx, N_("Articles"));
}

/* ---- the editor ------------------------------------------------------- */

struct editor {
	int64_t draft_id, post_id;        /* editing a draft / a published article (0: new) */
	struct article_input in;
	const char *publish_at_local;     /* the datetime-local value to show again */
	const char *error, *field;
};

/* The places the viewer may publish: the organisation (and public) if
 * allowed, then their groups where they may write. */
static json_t *places(struct request *req, const struct editor *e)
{
	json_t *list = json_array();
	const char *vis = e->in.visibility ? e->in.visibility : "organisation";
	if (visibility_can_post(req->viewer)) {
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", "organisation", "label",
			T(req, N_("Organisation: everyone who works here")), "selected", strcmp(vis, "organisation") == 0));
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", "public", "label",
			T(req, N_("Public: anyone on the internet, on the blog and its feeds")), "selected", strcmp(vis, "public") == 0));
	}
	const struct person *v = req->viewer;
	for (size_t i = 0; v->scope && i < v->scope->n && i < 200; i++) {
		struct group *g;
		if (groups_get(req->db, req->pool, v->scope->m[i].group_id, &g) != PLEIN_OK || g->deleted_at ||
		    !visibility_can_post_in_group(v, g))
			continue;
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value",
			pool_printf(req->pool, "group:%lld", (long long)g->id), "label",
			pool_printf(req->pool, "%s: %s", T(req, N_("Group")), g->name), "selected", e->in.group_id == g->id));
	}
	return list;
}

static void render_editor(struct request *req, int status, const struct editor *e)
{
	json_t *ctx = json_object();
	json_object_set_new(ctx, "article_title", json_string(e->in.title ? e->in.title : ""));  /* "title" is the layout's */
	json_object_set_new(ctx, "body", json_string(e->in.body ? e->in.body : ""));
	json_object_set_new(ctx, "published", json_boolean(e->post_id != 0));
	json_object_set_new(ctx, "action", json_string(
		e->post_id ? pool_printf(req->pool, "/articles/%lld/edit", (long long)e->post_id)
		: e->draft_id ? pool_printf(req->pool, "/articles/drafts/%lld/edit", (long long)e->draft_id) : "/articles/new"));
	json_object_set_new(ctx, "back", json_string(
		e->post_id ? pool_printf(req->pool, "/articles/%lld", (long long)e->post_id) : "/articles/drafts"));
	if (!e->post_id)
		json_object_set_new(ctx, "places", places(req, e));
	if (e->in.cover_id > 0) {
		struct attachment *a;
		if (attachments_get(req->db, req->pool, e->in.cover_id, &a) == PLEIN_OK)
			json_object_set_new(ctx, "cover", json_pack("{s:I, s:s}", "id", (json_int_t)a->id, "url",
			                                               attachment_url(req->pool, a)));
	}
	json_object_set_new(ctx, "publish_at", json_string(e->publish_at_local ? e->publish_at_local : ""));
	json_object_set_new(ctx, "scheduled", json_boolean(e->in.publish_at != 0));
	if (e->error) {
		json_object_set_new(ctx, "error", json_string(e->error));
		json_object_set_new(ctx, e->field && *e->field ? pool_printf(req->pool, "error_%s", e->field) : "error_title",
		                    json_true());
	}
	json_object_set_new(ctx, "nav_articles", json_true());
	page_render(req, status, "article_form", ctx,
	            e->post_id ? N_("Edit article") : e->draft_id ? N_("Edit draft") : N_("New article"));
}

void page_article_new(struct request *req)
{
	struct editor e = { 0 };
	render_editor(req, 200, &e);
}

/* The editor's fields from the form into e (the cover file stored). */
static int read_editor(struct request *req, struct editor *e, int *status)
{
	e->in.title = form(req, "title");
	e->in.body = form(req, "body");
	const char *place = form(req, "visibility");
	if (!strncmp(place, "group:", 6)) {
		e->in.visibility = "group";
		e->in.group_id = strtoll(place + 6, NULL, 10);
		if (e->in.group_id <= 0)
			e->in.group_id = -1;  /* refused by the core as no such group */
	} else if (*place) {
		e->in.visibility = place;
	}
	const char *keep = form(req, "cover_id");
	if (*keep && *form(req, "remove_cover") == '\0')
		e->in.cover_id = strtoll(keep, NULL, 10) > 0 ? strtoll(keep, NULL, 10) : 0;
	else if (*form(req, "remove_cover"))
		e->in.cover_id = e->post_id ? -1 : 0;
	int64_t ids[1];
	size_t n = 0;
	const char *msg = NULL;
	if (attachments_from_form(req, "cover", NULL, ids, 1, &n, status, &msg)) {
		e->error = T(req, msg);
		e->field = "cover";
		return PLEIN_INVALID;
	}
	if (n)
		e->in.cover_id = ids[0];
	e->publish_at_local = form(req, "publish_at");
	return PLEIN_OK;
}

/* Save, schedule or publish what the editor sent (a new one, or draft e->draft_id). */
static void editor_submit(struct request *req, struct editor *e)
{
	int status = 0;
	if (read_editor(req, e, &status)) {
		render_editor(req, status ? status : 422, e);
		return;
	}
	const char *what = form(req, "action");
	bool schedule = strcmp(what, "schedule") == 0, publish = strcmp(what, "publish") == 0;
	/* a time in the form schedules (Save draft keeps it scheduled; clear the time to stop) */
	if (schedule || *e->publish_at_local) {
		schedule = true;
		const char *tz = form(req, "tz_offset");
		int64_t offset = *tz ? strtoll(tz, NULL, 10) : 0;
		if (articles_parse_time(e->publish_at_local, offset, &e->in.publish_at)) {
			e->error = T(req, N_("Choose the date and time to publish."));
			e->field = "publish_at";
			render_editor(req, 422, e);
			return;
		}
	}
	const char *msg = NULL, *field = NULL;
	int64_t id = 0, post_id = 0;
	int64_t group = e->in.group_id < 0 ? 0 : e->in.group_id;
	if (e->in.group_id < 0) {
		e->error = T(req, N_("There is no such group."));
		e->field = "visibility";
		render_editor(req, 422, e);
		return;
	}
	e->in.group_id = group;
	int rc = articles_draft_save(req->db, req->pool, req->viewer, e->draft_id, &e->in, (int64_t)time(NULL), &id, &msg,
	                             &field);
	if (rc == PLEIN_OK && publish)
		rc = articles_draft_publish(req->db, req->pool, req->viewer, id, &post_id, &msg, &field);
	if (rc == PLEIN_OK && !publish)
		e->draft_id = id;
	if (rc == PLEIN_NOTFOUND) {
		page_error(req, 404, N_("There is no such draft."));
		return;
	}
	if (rc == PLEIN_INVALID || rc == PLEIN_DENIED || rc == PLEIN_TOOBIG) {
		if (publish && id)  /* the draft is kept: go on editing it */
			e->draft_id = id;
		e->error = T(req, msg);
		e->field = field;
		render_editor(req, rc == PLEIN_DENIED ? 403 : 422, e);
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	if (publish)
		page_redirect(req, pool_printf(req->pool, "/articles/%lld", (long long)post_id), "article_published");
	else
		page_redirect(req, "/articles/drafts", schedule ? "article_scheduled" : "article_saved");
}

void page_article_create(struct request *req)
{
	struct editor e = { 0 };
	editor_submit(req, &e);
}

/* The viewer's draft of {id}, else 404. */
static struct article_draft *load_draft(struct request *req)
{
	int64_t id = req_param_id(req, "id");
	struct article_draft *d = NULL;
	int rc = id ? articles_draft_get(req->db, req->pool, req->viewer->id, id, &d) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND)
		page_error(req, 404, N_("There is no such draft."));
	else if (rc)
		unavailable(req);
	return rc ? NULL : d;
}

void page_article_draft_edit_form(struct request *req)
{
	struct article_draft *d = load_draft(req);
	if (!d)
		return;
	struct editor e = {
		.draft_id = d->id,
		.in = { .title = d->title, .body = d->body, .visibility = d->visibility, .group_id = d->group_id,
		        .cover_id = d->cover_id, .publish_at = d->publish_at },
		.error = d->publish_error ? T(req, d->publish_error) : NULL,
	};
	if (d->publish_at) {
		time_t t = (time_t)d->publish_at;
		struct tm tm;
		char buf[32];
		gmtime_r(&t, &tm);
		strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M", &tm);
		e.publish_at_local = pool_strdup(req->pool, buf);  /* UTC: app.js shows it in the browser's zone */
	}
	render_editor(req, 200, &e);
}

void page_article_draft_save(struct request *req)
{
	struct article_draft *d = load_draft(req);
	if (!d)
		return;
	struct editor e = { .draft_id = d->id };
	editor_submit(req, &e);
}

void page_article_drafts(struct request *req)
{
	struct article_draft *d;
	size_t n;
	if (articles_drafts(req->db, req->pool, req->viewer->id, &d, &n)) {
		unavailable(req);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)d[i].id, "title",
			*d[i].title ? d[i].title : T(req, N_("(no title yet)")), "excerpt",
			articles_excerpt(req->pool, d[i].body, ARTICLE_EXCERPT_CHARS), "saved_ago", page_ago(req, d[i].updated_at));
		json_object_set_new(o, "saved_when", api_time(d[i].updated_at));
		if (d[i].publish_at)
			json_object_set_new(o, "scheduled", json_pack("{s:o}", "when", api_time(d[i].publish_at)));
		if (d[i].publish_error)
			json_object_set_new(o, "publish_error", json_string(T(req, d[i].publish_error)));
		json_array_append_new(items, o);
	}
	json_t *ctx = json_pack("{s:o, s:b, s:b}", "drafts", items, "empty", n == 0, "nav_articles", 1);
	page_render(req, 200, "article_drafts", ctx, N_("Your drafts"));
}

void page_article_draft_delete_form(struct request *req)
{
	struct article_draft *d = load_draft(req);
	if (!d)
		return;
	json_t *ctx = json_pack("{s:s, s:s, s:s, s:s}", "title", T(req, N_("Delete this draft?")), "question",
		T(req, N_("The draft will be gone, also if it was scheduled. This cannot be undone.")), "action",
		pool_printf(req->pool, "/articles/drafts/%lld/delete", (long long)d->id), "back", "/articles/drafts");
	page_render(req, 200, "confirm_delete", ctx, N_("Delete this draft?"));
}

void page_article_draft_delete(struct request *req)
{
	struct article_draft *d = load_draft(req);
	if (!d)
		return;
	if (articles_draft_delete(req->db, req->viewer->id, d->id)) {
		unavailable(req);
		return;
	}
	page_redirect(req, "/articles/drafts", "draft_deleted");
}

void page_article_draft_publish(struct request *req)
{
	struct article_draft *d = load_draft(req);
	if (!d)
		return;
	const char *msg = NULL, *field = NULL;
	int64_t post_id;
	int rc = articles_draft_publish(req->db, req->pool, req->viewer, d->id, &post_id, &msg, &field);
	if (rc == PLEIN_INVALID || rc == PLEIN_DENIED) {
		struct editor e = {
			.draft_id = d->id,
			.in = { .title = d->title, .body = d->body, .visibility = d->visibility, .group_id = d->group_id,
			        .cover_id = d->cover_id },
			.error = T(req, msg), .field = field,
		};
		render_editor(req, rc == PLEIN_DENIED ? 403 : 422, &e);
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	page_redirect(req, pool_printf(req->pool, "/articles/%lld", (long long)post_id), "article_published");
}

/* ---- one article ------------------------------------------------------ */

/* The article of {id} if the viewer may see it; else 404 (signed out: sign in first). */
static struct article *load_article(struct request *req)
{
	int64_t id = req_param_id(req, "id");
	struct article *a = NULL;
	int rc = id ? articles_get(req->db, req->pool, id, &a) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && !visibility_can_see_post(req->viewer, &a->post))) {
		if (!req->viewer && rc == PLEIN_OK && !a->post.deleted_at) {
			resp_redirect(req, 303, pool_printf(req->pool, "/signin?next=/articles/%lld", (long long)id));
			return NULL;
		}
		page_error(req, 404, N_("There is no such article, or it is not shared with you."));
		return NULL;
	}
	if (rc) {
		unavailable(req);
		return NULL;
	}
	return a;
}

static void render_article(struct request *req, struct article *a, int status, const char *comment_error,
                           const char *comment_text)
{
	bool author = req->viewer && req->viewer->id == a->post.owner_id && !a->post.anonymous;
	bool only_open = author && req_query(req, "unanswered") != NULL;
	struct comment *c;
	size_t n;
	int64_t *open = NULL;
	size_t n_open = 0;
	if (comments_list(req->db, req->pool, a->post.id, 0, COMMENTS_PAGE_MAX, &c, &n) ||
	    (author && articles_unanswered(req->db, a->post.id, a->post.owner_id, &open, &n_open))) {
		free(open);
		unavailable(req);
		return;
	}
	if (only_open) {  /* the threads the author has not answered yet */
		size_t k = 0;
		int64_t keep = 0;
		for (size_t i = 0; i < n; i++) {
			if (!c[i].parent_id) {
				keep = 0;
				for (size_t j = 0; j < n_open; j++)
					if (open[j] == c[i].id)
						keep = c[i].id;
			}
			if (keep && (c[i].parent_id == keep || c[i].id == keep))
				c[k++] = c[i];
		}
		n = k;
	}
	json_t *ctx = json_object();
	json_object_set_new(ctx, "article", articles_view_full(req, a));
	json_t *threads = post_view_comments(req, &a->post, c, n);
	/* each thread answered by the author or not (the author's filter marks them) */
	size_t i;
	json_t *t;
	json_array_foreach(threads, i, t) {
		int64_t cid = json_integer_value(json_object_get(t, "id"));
		for (size_t j = 0; j < n_open; j++)
			if (open[j] == cid)
				json_object_set_new(t, "unanswered", json_true());
	}
	free(open);
	json_object_set_new(ctx, "threads", threads);
	json_object_set_new(ctx, "has_comments", json_boolean(n > 0));
	json_object_set_new(ctx, "can_comment", json_boolean(visibility_can_interact(req->viewer, &a->post)));
	json_object_set_new(ctx, "is_author", json_boolean(author));
	json_object_set_new(ctx, "unanswered_count", json_integer((json_int_t)n_open));
	json_object_set_new(ctx, "only_unanswered", json_boolean(only_open));
	json_object_set_new(ctx, "signed_out", json_boolean(!req->viewer));
	json_object_set_new(ctx, "nav_articles", json_true());
	json_object_set_new(ctx, "comment_text", json_string(comment_text ? comment_text : ""));
	if (comment_error)
		json_object_set_new(ctx, "comment_error", json_string(comment_error));
	page_render(req, status, "article", ctx, a->post.title ? a->post.title : N_("Article"));
}

void page_article(struct request *req)
{
	struct article *a = load_article(req);
	if (a)
		render_article(req, a, 200, NULL, NULL);
}

void page_article_comment(struct request *req)
{
	struct article *a = load_article(req);
	if (!a)
		return;
	if (!visibility_can_interact(req->viewer, &a->post)) {
		page_error(req, 403, N_("You cannot comment here."));
		return;
	}
	const char *text = form(req, "text"), *parent = form(req, "parent_id"), *msg = NULL;
	int64_t parent_id = *parent ? strtoll(parent, NULL, 10) : 0, id;
	int rc = comments_create(req->db, req->pool, req->viewer, &a->post, parent_id > 0 ? parent_id : 0, text, NULL, 0,
	                         &id, &msg);
	if (rc == PLEIN_INVALID) {
		render_article(req, a, 422, T(req, msg), text);
		return;
	}
	if (rc == PLEIN_NOTFOUND) {
		page_error(req, 404, N_("There is no such article, or it is not shared with you."));
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	const char *back = *form(req, "unanswered") ? "?unanswered=1" : "";
	page_redirect(req, pool_printf(req->pool, "/articles/%lld%s#comment-%lld", (long long)a->post.id, back,
	                               (long long)id), "commented");
}

/* The article of {id} for its author to edit; else 404/403. */
static struct article *load_editable(struct request *req)
{
	struct article *a = load_article(req);
	if (a && !visibility_can_edit_post(req->viewer, &a->post)) {
		page_error(req, 403, N_("Only the author can edit an article."));
		return NULL;
	}
	return a;
}

void page_article_edit_form(struct request *req)
{
	struct article *a = load_editable(req);
	if (!a)
		return;
	struct editor e = {
		.post_id = a->post.id,
		.in = { .title = a->post.title, .body = a->post.body, .cover_id = a->cover_id },
	};
	render_editor(req, 200, &e);
}

void page_article_edit(struct request *req)
{
	struct article *a = load_editable(req);
	if (!a)
		return;
	struct editor e = { .post_id = a->post.id };
	int status = 0;
	if (read_editor(req, &e, &status)) {
		render_editor(req, status ? status : 422, &e);
		return;
	}
	/* the cover kept is the article's own: only a new upload changes it */
	int64_t cover = e.in.cover_id == a->cover_id ? 0 : e.in.cover_id;
	const char *msg = NULL, *field = NULL;
	int rc = articles_edit(req->db, req->pool, req->viewer, a->post.id, e.in.title, e.in.body, cover, &msg, &field);
	if (rc == PLEIN_INVALID) {
		e.error = T(req, msg);
		e.field = field;
		render_editor(req, 422, &e);
		return;
	}
	if (rc == PLEIN_NOTFOUND) {
		page_error(req, 404, N_("There is no such article, or it is not shared with you."));
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	page_redirect(req, pool_printf(req->pool, "/articles/%lld", (long long)a->post.id), "article_updated");
}

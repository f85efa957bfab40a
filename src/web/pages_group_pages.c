/* pages_group_pages.c — a group's pages and meeting minutes in the browser:
 * the index, a page, new/edit forms (the version the editor started from
 * travels in a hidden field; a conflict shows the other person's version
 * and keeps the editor's text), history, one version, compare two, restore
 * and delete after a confirmation. The group comes through group_view_load;
 * what the viewer may do is visibility.c's answer. */
#include "web/page.h"
#include "web/handlers.h"
#include "web/group_view.h"
#include "web/app.h"
#include "api/api.h"
#include "core/group_pages.h"
#include "core/groups.h"
#include "core/i18n.h"
#include "core/visibility.h"
#include <time.h>

#define INDEX_PAGE 50
#define HISTORY_PAGE 50
#define DIFF_CONTEXT 3

static void unavailable(struct request *req)
{
	page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
}

static const char *form(struct request *req, const char *key)
{
	return form_get(&req->form, key);
}

/* A count from the query (?from=), 0 when absent or not a small number. */
static size_t query_offset(struct request *req, const char *key)
{
	const char *v = req_query(req, key);
	if (!v || !*v || strlen(v) > 6 || strspn(v, "0123456789") != strlen(v))
		return 0;
	return (size_t)strtoul(v, NULL, 10);
}

/* A positive number from a string (a form field, the query), else 0. */
static int64_t number_of(const char *v)
{
	if (!v || !*v || strlen(v) > 9 || strspn(v, "0123456789") != strlen(v))
		return 0;
	return strtoll(v, NULL, 10);
}

static const char *group_url(struct request *req, const struct group *g)
{
	return pool_printf(req->pool, "/groups/%lld/pages", (long long)g->id);
}

static const char *page_url(struct request *req, const struct group *g, int64_t page_id)
{
	return pool_printf(req->pool, "/groups/%lld/pages/%lld", (long long)g->id, (long long)page_id);
}

/* The page of {page} in the group, or answers 404/503 and returns NULL. */
static struct group_page *load_page(struct request *req, const struct group *g)
{
	int64_t id = req_param_id(req, "page");
	struct group_page *pg = NULL;
	int rc = id > 0 ? group_pages_get(req->db, req->pool, g->id, id, &pg) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND) {
		page_error(req, 404, N_("There is no such page in this group."));
		return NULL;
	}
	if (rc) {
		unavailable(req);
		return NULL;
	}
	return pg;
}

/* The context every page here starts from: the group header and tab. */
static json_t *base_ctx(struct request *req, const struct group *g)
{
	json_t *ctx = json_object();
	json_t *hdr = group_view_header(req, g, "pages");
	json_object_update(ctx, hdr);
	json_decref(hdr);
	json_object_set_new(ctx, "pages_url", json_string(group_url(req, g)));
	return ctx;
}

static json_t *page_json(struct request *req, const struct group *g, const struct group_page *pg)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:o, s:I, s:s, s:o, s:s, s:s, s:o}",
		"id", (json_int_t)pg->id, "url", page_url(req, g, pg->id), "title", pg->title,
		"meeting_date", page_text(pg->meeting_date), "revision", (json_int_t)pg->revision,
		"updated_by", pg->updated_by_name, "updated_when", api_time(pg->updated_at),
		"updated_ago", page_ago(req, pg->updated_at), "created_by", pg->created_by_name,
		"edited", json_boolean(pg->revision > 1));
	if (pg->body_html)
		json_object_set_new(o, "html", json_string(pg->body_html));
	return o;
}

/* ---- the index ---------------------------------------------------------- */

static json_t *index_section(struct request *req, const struct group *g, bool minutes, size_t from, int *rc)
{
	struct group_page *pg;
	size_t n;
	bool more;
	*rc = group_pages_list(req->db, req->pool, g->id, minutes, from, INDEX_PAGE, &pg, &n, &more);
	json_t *items = json_array();
	for (size_t i = 0; *rc == PLEIN_OK && i < n; i++)
		json_array_append_new(items, page_json(req, g, &pg[i]));
	json_t *o = json_pack("{s:o, s:b}", "items", items, "any", n > 0);
	if (more)
		json_object_set_new(o, "more_url", json_string(pool_printf(req->pool, "%s?%s=%zu", group_url(req, g),
			minutes ? "minutes_from" : "pages_from", from + n)));
	return o;
}

void page_group_pages(struct request *req)
{
	struct group *g = group_view_load(req, true);
	if (!g)
		return;
	int rc1, rc2;
	json_t *ctx = base_ctx(req, g);
	json_object_set_new(ctx, "pages", index_section(req, g, false, query_offset(req, "pages_from"), &rc1));
	json_object_set_new(ctx, "minutes", index_section(req, g, true, query_offset(req, "minutes_from"), &rc2));
	if (rc1 || rc2) {
		json_decref(ctx);
		unavailable(req);
		return;
	}
	page_render(req, 200, "group_pages", ctx, N_("Pages"));
}

/* ---- new and edit --------------------------------------------------------- */

struct form_state {
	const char *title, *body, *meeting_date;
	bool minutes;
	int64_t base_revision;       /* 0: a new page */
	const char *error, *error_field;
};

static void today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static void render_form(struct request *req, const struct group *g, const struct group_page *pg, int status,
                        const struct form_state *s, json_t *conflict)
{
	json_t *ctx = base_ctx(req, g);
	json_t *f = json_pack("{s:s, s:s, s:o, s:b, s:I}", "title", s->title ? s->title : "", "body",
		s->body ? s->body : "", "meeting_date", page_text(s->meeting_date), "minutes", s->minutes,
		"base_revision", (json_int_t)s->base_revision);
	json_object_set_new(f, "action", json_string(pg ? pool_printf(req->pool, "%s/edit", page_url(req, g, pg->id))
	                                                : pool_printf(req->pool, "%s/new", group_url(req, g))));
	json_object_set_new(f, "cancel", json_string(pg ? page_url(req, g, pg->id) : group_url(req, g)));
	json_object_set_new(f, "editing", json_boolean(pg != NULL));
	if (s->error) {
		json_object_set_new(f, "error", json_string(s->error));
		json_object_set_new(f, pool_printf(req->pool, "error_%s", s->error_field ? s->error_field : "body"),
		                    json_true());
	}
	json_object_set_new(ctx, "form", f);
	if (pg)
		json_object_set_new(ctx, "page", page_json(req, g, pg));
	if (conflict)
		json_object_set_new(ctx, "conflict", conflict);
	page_render(req, status, "group_page_form", ctx,
	            pg ? N_("Edit page") : s->minutes ? N_("New minutes") : N_("New page"));
}

/* Posting pages asks for membership: 403 with a sentence otherwise. */
static struct group *load_group_for_writing(struct request *req)
{
	struct group *g = group_view_load(req, true);
	if (g && !visibility_can_post_in_group(req->viewer, g)) {
		page_error(req, 403, N_("Only members of this group can write its pages."));
		return NULL;
	}
	return g;
}

void page_group_page_new_form(struct request *req)
{
	struct group *g = load_group_for_writing(req);
	if (!g)
		return;
	char date[11];
	today(date);
	const char *m = req_query(req, "minutes");
	struct form_state s = { .minutes = m && strcmp(m, "1") == 0 };
	s.meeting_date = s.minutes ? date : NULL;
	render_form(req, g, NULL, 200, &s, NULL);
}

void page_group_page_create(struct request *req)
{
	struct group *g = load_group_for_writing(req);
	if (!g)
		return;
	const char *m = form(req, "minutes");
	struct form_state s = { .title = form(req, "title"), .body = form(req, "body"),
	                        .meeting_date = form(req, "meeting_date"), .minutes = m && strcmp(m, "1") == 0 };
	if (s.minutes && (!s.meeting_date || !*s.meeting_date)) {
		s.error = T(req, N_("Give the date of the meeting."));
		s.error_field = "meeting_date";
		render_form(req, g, NULL, 422, &s, NULL);
		return;
	}
	struct group_page_input in = { .title = s.title, .body = s.body ? s.body : "",
	                               .meeting_date = s.minutes ? s.meeting_date : NULL };
	const char *msg = NULL, *field = NULL;
	int64_t id;
	int rc = group_pages_create(req->db, req->pool, req->viewer, g->id, &in, &id, &msg, &field);
	if (rc == PLEIN_INVALID) {
		s.error = T(req, msg);
		s.error_field = field;
		render_form(req, g, NULL, 422, &s, NULL);
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	page_redirect(req, page_url(req, g, id), "group_page_created");
}

void page_group_page(struct request *req)
{
	struct group *g = group_view_load(req, true);
	struct group_page *pg = g ? load_page(req, g) : NULL;
	if (!pg)
		return;
	json_t *ctx = base_ctx(req, g);
	json_object_set_new(ctx, "page", page_json(req, g, pg));
	json_object_set_new(ctx, "can_edit", json_boolean(visibility_can_post_in_group(req->viewer, g)));
	json_object_set_new(ctx, "can_delete",
	                    json_boolean(visibility_can_delete_group_page(req->viewer, g, pg->created_by)));
	page_render(req, 200, "group_page", ctx, pg->title);
}

void page_group_page_edit_form(struct request *req)
{
	struct group *g = load_group_for_writing(req);
	struct group_page *pg = g ? load_page(req, g) : NULL;
	if (!pg)
		return;
	struct form_state s = { .title = pg->title, .body = pg->body, .meeting_date = pg->meeting_date,
	                        .minutes = pg->meeting_date != NULL, .base_revision = pg->revision };
	render_form(req, g, pg, 200, &s, NULL);
}

static json_t *diff_json(struct request *req, const struct textdiff *d);

void page_group_page_edit(struct request *req)
{
	struct group *g = load_group_for_writing(req);
	struct group_page *pg = g ? load_page(req, g) : NULL;
	if (!pg)
		return;
	const char *m = form(req, "minutes");
	struct form_state s = { .title = form(req, "title"), .body = form(req, "body"),
	                        .meeting_date = form(req, "meeting_date"), .minutes = m && strcmp(m, "1") == 0,
	                        .base_revision = number_of(form(req, "base_revision")) };
	if (!s.base_revision) {
		page_error(req, 400, N_("This form is incomplete. Open the page and edit it again."));
		return;
	}
	if (s.minutes && (!s.meeting_date || !*s.meeting_date)) {
		s.error = T(req, N_("Give the date of the meeting."));
		s.error_field = "meeting_date";
		render_form(req, g, pg, 422, &s, NULL);
		return;
	}
	struct group_page_input in = { .title = s.title ? s.title : "", .body = s.body ? s.body : "",
	                               .meeting_date = s.minutes ? s.meeting_date : "" };
	const char *msg = NULL, *field = NULL;
	int64_t rev;
	int rc = group_pages_edit(req->db, req->pool, req->viewer, g->id, pg->id, s.base_revision, &in, &rev, &msg,
	                          &field);
	if (rc == PLEIN_INVALID) {
		s.error = T(req, msg);
		s.error_field = field;
		render_form(req, g, pg, 422, &s, NULL);
		return;
	}
	if (rc == PLEIN_CONFLICT) {
		/* the other person's version as it is now; the editor's text stays
		 * in the form, which now builds on that version */
		struct group_page *now;
		if (group_pages_get(req->db, req->pool, g->id, pg->id, &now)) {
			unavailable(req);
			return;
		}
		struct textdiff d;
		const char *mine = group_pages_newlines(req->pool, in.body);
		json_t *c = page_json(req, g, now);
		json_object_set_new(c, "body", json_string(now->body));
		if (textdiff_lines(req->pool, now->body, strlen(now->body), mine, strlen(mine), DIFF_CONTEXT, &d) == PLEIN_OK)
			json_object_set_new(c, "diff", diff_json(req, &d));
		s.error = T(req, msg);
		s.error_field = "conflict";
		s.base_revision = now->revision;
		render_form(req, g, now, 409, &s, c);
		return;
	}
	if (rc == PLEIN_NOTFOUND) {
		page_error(req, 404, N_("There is no such page in this group."));
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	page_redirect(req, page_url(req, g, pg->id), "group_page_saved");
}

/* ---- history, one version, compare, restore --------------------------------- */

void page_group_page_history(struct request *req)
{
	struct group *g = group_view_load(req, true);
	struct group_page *pg = g ? load_page(req, g) : NULL;
	if (!pg)
		return;
	size_t from = query_offset(req, "from"), n;
	struct group_page_revision *r;
	bool more;
	if (group_pages_revisions(req->db, req->pool, pg->id, from, HISTORY_PAGE, &r, &n, &more)) {
		unavailable(req);
		return;
	}
	json_t *items = json_array();
	const char *url = page_url(req, g, pg->id);
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_pack("{s:I, s:s, s:s, s:o, s:s, s:s, s:o, s:b}", "number", (json_int_t)r[i].number, "url",
			pool_printf(req->pool, "%s/revisions/%lld", url, (long long)r[i].number), "title", r[i].title, "when",
			api_time(r[i].created_at), "ago", page_ago(req, r[i].created_at), "editor", r[i].editor_name,
			"meeting_date", page_text(r[i].meeting_date), "current", r[i].number == pg->revision);
		/* preselect the two newest versions: the last change */
		json_object_set_new(o, "to_checked", json_boolean(from == 0 && i == 0));
		json_object_set_new(o, "from_checked", json_boolean(from == 0 && i == 1));
		json_array_append_new(items, o);
	}
	json_t *ctx = base_ctx(req, g);
	json_object_set_new(ctx, "page", page_json(req, g, pg));
	json_object_set_new(ctx, "revisions", items);
	json_object_set_new(ctx, "can_compare", json_boolean(pg->revision > 1));
	if (more)
		json_object_set_new(ctx, "more_url",
		                    json_string(pool_printf(req->pool, "%s/history?from=%zu", url, from + n)));
	page_render(req, 200, "group_page_history", ctx, N_("Page history"));
}

/* The version {n} of the page, or answers 404/503. */
static struct group_page_revision *load_revision(struct request *req, const struct group_page *pg)
{
	int64_t n = req_param_id(req, "n");
	struct group_page_revision *r = NULL;
	int rc = n > 0 ? group_pages_revision(req->db, req->pool, pg->id, n, &r) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND) {
		page_error(req, 404, N_("This page has no such version."));
		return NULL;
	}
	if (rc) {
		unavailable(req);
		return NULL;
	}
	return r;
}

static json_t *revision_json(struct request *req, const struct group *g, const struct group_page *pg,
                             const struct group_page_revision *r)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:s, s:s, s:o, s:s, s:b}", "number", (json_int_t)r->number, "url",
		pool_printf(req->pool, "%s/revisions/%lld", page_url(req, g, pg->id), (long long)r->number), "title",
		r->title, "when", api_time(r->created_at), "ago", page_ago(req, r->created_at), "editor", r->editor_name,
		"meeting_date", page_text(r->meeting_date), "html", r->body_html ? r->body_html : "", "current",
		r->number == pg->revision);
}

void page_group_page_revision(struct request *req)
{
	struct group *g = group_view_load(req, true);
	struct group_page *pg = g ? load_page(req, g) : NULL;
	struct group_page_revision *r = pg ? load_revision(req, pg) : NULL;
	if (!r)
		return;
	json_t *ctx = base_ctx(req, g);
	json_object_set_new(ctx, "page", page_json(req, g, pg));
	json_object_set_new(ctx, "revision", revision_json(req, g, pg, r));
	json_object_set_new(ctx, "can_restore",
	                    json_boolean(visibility_can_post_in_group(req->viewer, g) && r->number != pg->revision));
	if (r->number > 1)
		json_object_set_new(ctx, "compare_url", json_string(pool_printf(req->pool, "%s/compare?from=%lld&to=%lld",
			page_url(req, g, pg->id), (long long)(r->number - 1), (long long)r->number)));
	page_render(req, 200, "group_page_revision", ctx, N_("Earlier version"));
}

void page_group_page_restore_form(struct request *req)
{
	struct group *g = load_group_for_writing(req);
	struct group_page *pg = g ? load_page(req, g) : NULL;
	struct group_page_revision *r = pg ? load_revision(req, pg) : NULL;
	if (!r)
		return;
	json_t *ctx = base_ctx(req, g);
	json_object_set_new(ctx, "page", page_json(req, g, pg));
	json_object_set_new(ctx, "revision", revision_json(req, g, pg, r));
	page_render(req, 200, "group_page_restore", ctx, N_("Restore this version?"));
}

void page_group_page_restore(struct request *req)
{
	struct group *g = load_group_for_writing(req);
	struct group_page *pg = g ? load_page(req, g) : NULL;
	struct group_page_revision *r = pg ? load_revision(req, pg) : NULL;
	if (!r)
		return;
	int64_t rev;
	int rc = group_pages_restore(req->db, req->pool, req->viewer, g->id, pg->id, r->number, &rev);
	if (rc == PLEIN_NOTFOUND) {
		page_error(req, 404, N_("There is no such page in this group."));
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	page_redirect(req, page_url(req, g, pg->id), "group_page_restored");
}

static json_t *diff_json(struct request *req, const struct textdiff *d)
{
	json_t *lines = json_array();
	for (size_t i = 0; i < d->n; i++) {
		const struct textdiff_line *l = &d->lines[i];
		const char *kind = l->op == TEXTDIFF_ADD ? "add" : l->op == TEXTDIFF_DEL ? "del"
		                 : l->op == TEXTDIFF_HUNK ? "hunk" : "same";
		json_t *o = json_pack("{s:b, s:s%}", kind, 1, "text", l->text, l->len);
		if (l->old_no)
			json_object_set_new(o, "old_no", json_integer(l->old_no));
		if (l->new_no)
			json_object_set_new(o, "new_no", json_integer(l->new_no));
		json_array_append_new(lines, o);
	}
	return json_pack("{s:o, s:I, s:I, s:b}", "lines", lines, "added", (json_int_t)d->added, "removed",
	                 (json_int_t)d->removed, "same", d->n == 0);
}

void page_group_page_compare(struct request *req)
{
	struct group *g = group_view_load(req, true);
	struct group_page *pg = g ? load_page(req, g) : NULL;
	if (!pg)
		return;
	int64_t from = number_of(req_query(req, "from")), to = number_of(req_query(req, "to"));
	if (!from || !to) {
		page_error(req, 400, N_("Choose two versions to compare."));
		return;
	}
	if (from > to) {  /* older first, whichever order they were picked in */
		int64_t t = from;
		from = to;
		to = t;
	}
	struct group_page_revision *a, *b;
	struct textdiff d;
	int rc = group_pages_compare(req->db, req->pool, pg->id, from, to, DIFF_CONTEXT, &a, &b, &d);
	if (rc == PLEIN_NOTFOUND) {
		page_error(req, 404, N_("This page has no such version."));
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	json_t *ctx = base_ctx(req, g);
	json_object_set_new(ctx, "page", page_json(req, g, pg));
	json_object_set_new(ctx, "from", revision_json(req, g, pg, a));
	json_object_set_new(ctx, "to", revision_json(req, g, pg, b));
	json_object_set_new(ctx, "diff", diff_json(req, &d));
	json_object_set_new(ctx, "title_changed", json_boolean(strcmp(a->title, b->title) != 0));
	json_object_set_new(ctx, "date_changed", json_boolean(
		(a->meeting_date ? strcmp(a->meeting_date, b->meeting_date ? b->meeting_date : "") != 0
		                 : b->meeting_date != NULL)));
	page_render(req, 200, "group_page_compare", ctx, N_("Compare versions"));
}

/* ---- delete --------------------------------------------------------------------- */

static struct group_page *load_page_deletable(struct request *req, struct group **g)
{
	*g = group_view_load(req, true);
	struct group_page *pg = *g ? load_page(req, *g) : NULL;
	if (pg && !visibility_can_delete_group_page(req->viewer, *g, pg->created_by)) {
		page_error(req, 403, N_("Only the person who wrote this page or the group's owners and moderators can "
		                        "delete it."));
		return NULL;
	}
	return pg;
}

void page_group_page_delete_form(struct request *req)
{
	struct group *g;
	struct group_page *pg = load_page_deletable(req, &g);
	if (!pg)
		return;
	const char *url = page_url(req, g, pg->id);
	json_t *ctx = json_pack("{s:s, s:s, s:s, s:s}", "title", T(req, N_("Delete this page?")), "question",
		T(req, N_("The page and all its versions will be gone for everyone in the group. This cannot be undone.")),
		"action", pool_printf(req->pool, "%s/delete", url), "back", url);
	page_render(req, 200, "confirm_delete", ctx, N_("Delete this page?"));
}

void page_group_page_delete(struct request *req)
{
	struct group *g;
	struct group_page *pg = load_page_deletable(req, &g);
	if (!pg)
		return;
	int rc = group_pages_delete(req->db, req->pool, req->viewer, g->id, pg->id);
	if (rc == PLEIN_NOTFOUND) {
		page_error(req, 404, N_("There is no such page in this group."));
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	page_redirect(req, group_url(req, g), "group_page_deleted");
}

/* pages_searches.c — saved searches: POST /searches (the "Save this search"
 * form of /search, its query string the search), /searches (list, run,
 * rename, add to the board, delete with a confirmation). A saved search is
 * its owner's only: another person's id is 404. */
#include "web/page.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/search_params.h"
#include "core/board.h"
#include "core/i18n.h"
#include "core/saved_searches.h"
#include "http/form.h"
#include "web/social.h"
#include "lib/strbuf.h"

static void unavailable(struct request *req)
{
	page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
}

const char *page_searches_save_action(struct request *req)
{
	static const char *const keys[] = { "q", "kind", "group", "author", "topic", "since", "until" };
	struct strbuf b = STRBUF_INIT;
	(void)strbuf_addstr(&b, "/searches");
	char sep = '?';
	for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
		const char *v = req_query(req, keys[i]);
		if (!v || !*v)
			continue;
		(void)strbuf_addch(&b, sep);
		(void)strbuf_addstr(&b, keys[i]);
		(void)strbuf_addch(&b, '=');
		(void)strbuf_add_urlencoded(&b, v, strlen(v));
		sep = '&';
	}
	const char *out = b.toobig ? NULL : pool_strdup(req->pool, b.buf);
	strbuf_release(&b);
	return out;
}

/* "People, posts · in a group · since 2026-01-01": what the filters are. */
static const char *filters_text(struct request *req, const struct saved_search *s)
{
	struct strbuf b = STRBUF_INIT;
	if (*s->kinds)
		(void)strbuf_addstr(&b, s->kinds);
	if (s->group_id || s->author_id || *s->topic || s->since || s->until) {
		if (b.len)
			(void)strbuf_addstr(&b, " · ");
		(void)strbuf_addstr(&b, T(req, N_("with filters")));
	}
	const char *out = b.len ? pool_strdup(req->pool, b.buf) : NULL;
	strbuf_release(&b);
	return out;
}

static void render_list(struct request *req, int status, const char *error)
{
	struct saved_search *s;
	size_t n;
	struct board_column *cols;
	size_t n_cols;
	if (saved_searches_list(req->db, req->pool, req->viewer->id, &s, &n) ||
	    board_columns_list(req->db, req->pool, req->viewer->id, &cols, &n_cols)) {
		unavailable(req);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		bool on_board = false;
		for (size_t j = 0; j < n_cols; j++)
			on_board |= !strcmp(cols[j].kind, "search") && cols[j].ref == s[i].id;
		json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:s, s:o, s:b}", "id", (json_int_t)s[i].id, "name",
		                                   s[i].name, "q", s[i].q, "run_url", saved_search_url(req->pool, &s[i]),
		                                   "filters", page_text(filters_text(req, &s[i])), "on_board", on_board));
	}
	json_t *ctx = json_pack("{s:o, s:b, s:o}", "searches", a, "has_searches", n > 0, "error",
	                        page_text(error ? T(req, error) : NULL));
	page_render(req, status, "searches", ctx, N_("Saved searches"));
}

void page_searches(struct request *req) { render_list(req, 200, NULL); }

void page_searches_save(struct request *req)
{
	struct search_query q;
	const char *field = NULL, *msg = NULL;
	if (search_params_read(req, 20, &q, &field, &msg) != PLEIN_OK) {
		page_error(req, 400, msg);
		return;
	}
	const char *name = form_get(&req->form, "name");
	if (!name || !*name)
		name = q.q;
	struct saved_search s;
	saved_search_from_query(req->pool, &q, name, &s);
	const char *err = saved_search_error(&s);
	if (err) {
		page_error(req, 422, err);
		return;
	}
	int64_t id;
	int rc = saved_searches_create(req->db, req->viewer->id, &s, &id);
	if (rc == PLEIN_TOOBIG) {
		render_list(req, 422, N_("You can keep at most 50 saved searches. Delete one first."));
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	page_redirect(req, pool_printf(req->pool, "/searches#search-%lld", (long long)id), "search_saved");
}

static struct saved_search *load(struct request *req)
{
	int64_t id = req_param_id(req, "id");
	struct saved_search *s = NULL;
	int rc = id ? saved_searches_get(req->db, req->pool, req->viewer->id, id, &s) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND)
		page_error(req, 404, N_("There is no such saved search."));
	else if (rc)
		unavailable(req);
	return rc ? NULL : s;
}

void page_searches_rename(struct request *req)
{
	struct saved_search *s = load(req);
	if (!s)
		return;
	int rc = saved_searches_rename(req->db, req->viewer->id, s->id, form_get(&req->form, "name"));
	if (rc == PLEIN_INVALID) {
		render_list(req, 422, N_("Give the search a name of 1 to 80 characters."));
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	page_redirect(req, pool_printf(req->pool, "/searches#search-%lld", (long long)s->id), "search_renamed");
}

void page_searches_delete_form(struct request *req)
{
	struct saved_search *s = load(req);
	if (!s)
		return;
	json_t *ctx = json_pack("{s:s, s:s, s:s, s:s, s:s}", "heading", T(req, N_("Delete this saved search?")),
		"question", social_subst(req->pool, T(req, N_("“%s” will be gone, and its column too if it is on your board.")),
		                         s->name),
		"action", pool_printf(req->pool, "/searches/%lld/delete", (long long)s->id), "back", "/searches",
		"button", T(req, N_("Delete")));
	page_render(req, 200, "board_confirm", ctx, N_("Delete this saved search?"));
}

void page_searches_delete(struct request *req)
{
	struct saved_search *s = load(req);
	if (!s)
		return;
	if (saved_searches_delete(req->db, req->viewer->id, s->id)) {
		unavailable(req);
		return;
	}
	page_redirect(req, "/searches", "search_deleted");
}

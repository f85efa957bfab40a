/* pages_board.c — the board: /board (the viewer's columns side by side,
 * each column's first page rendered here so the board works without
 * JavaScript; the "Add column" form), one column's further pages
 * (/board/columns/{id}?cursor=), its items as a fragment for the live
 * updates and "More" of static/app.js, moving columns left and right, and
 * removing one after a confirmation. A column is its owner's only
 * (another person's id is 404); what it shows comes from core/board.c,
 * which reads through the same visibility-filtered calls as the pages. */
#include "web/page.h"
#include "web/app.h"
#include "web/handlers.h"
#include "core/board.h"
#include "core/groups.h"
#include "core/i18n.h"
#include "core/saved_searches.h"
#include "core/search.h"
#include "core/topics.h"
#include "core/visibility.h"
#include "api/api.h"
#include "http/form.h"
#include "lib/strbuf.h"
#include "web/social.h"

static void unavailable(struct request *req)
{
	page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
}

static const char *kind_label(struct request *req, const char *kind)
{
	if (!strcmp(kind, "search"))
		return T(req, N_("Saved search"));
	if (!strcmp(kind, "topic"))
		return T(req, N_("Topic"));
	if (!strcmp(kind, "group"))
		return T(req, N_("Group"));
	return T(req, N_("Person"));
}

/* A search hit's kind as one word ("Comment"); posts need none. */
static const char *item_label(struct request *req, const char *kind)
{
	static const struct { const char *kind, *label; } labels[] = {
		{ "person", N_("Person") }, { "comment", N_("Comment") }, { "group", N_("Group") },
		{ "topic", N_("Topic") }, { "group_page", N_("Group page") }, { "group_file", N_("File") },
		{ "question", N_("Question") }, { "answer", N_("Answer") }, { "article", N_("Article") },
	};
	for (size_t i = 0; i < ARRAY_LEN(labels); i++)
		if (!strcmp(kind, labels[i].kind))
			return T(req, labels[i].label);
	return NULL;
}

static json_t *items_json(struct request *req, const struct board_view *v)
{
	json_t *a = json_array();
	for (size_t i = 0; i < v->n; i++) {
		const struct board_item *it = &v->items[i];
		/* a post's hit: its snippet is its first words, marked, so it is the title */
		const char *snip = *it->snippet ? search_marks_strip(req->pool, it->snippet) : "";
		size_t tl = strlen(it->title) < 24 ? strlen(it->title) : 24;
		bool same = *snip && tl && strncmp(snip, it->title, tl) == 0;
		json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}", "key", it->key, "title", it->title, "url", it->url,
		                      "kind_label", page_text(item_label(req, it->kind)), "snippet_html",
		                      page_text(*snip && !same ? search_marks_html(req->pool, it->snippet) : NULL),
		                      "title_html", page_text(same ? search_marks_html(req->pool, it->snippet) : NULL));
		if (it->author_id) {
			json_object_set_new(o, "author_name", json_string(it->author_name));
			json_object_set_new(o, "author_url",
			                    json_string(pool_printf(req->pool, "/people/%lld", (long long)it->author_id)));
		}
		if (it->created_at) {
			json_object_set_new(o, "ago", json_string(page_ago(req, it->created_at)));
			json_object_set_new(o, "when", api_time(it->created_at));
		}
		if (it->group_id)
			json_object_set_new(o, "group_id", json_integer(it->group_id));
		json_array_append_new(a, o);
	}
	return a;
}

/* The template context of one column (its body included). */
static json_t *column_json(struct request *req, const struct board_column *c, const struct board_view *v,
                           size_t index, size_t count)
{
	static const char *const states[] = { "shown", "hidden", "gone" };
	bool shown = v->state == BOARD_SHOWN;
	json_t *o = json_pack("{s:I, s:s, s:s, s:I, s:s, s:o, s:b, s:s, s:b, s:b}", "id", (json_int_t)c->id, "kind",
	                      c->kind, "kind_label", kind_label(req, c->kind), "ref", (json_int_t)c->ref, "title",
	                      shown ? v->title : T(req, v->title), "url", page_text(v->url), "shown", shown, "state",
	                      states[v->state], "can_left", index > 0, "can_right", index + 1 < count);
	if (!shown)
		json_object_set_new(o, "reason", json_string(T(req, v->reason)));
	json_object_set_new(o, "items", items_json(req, v));
	if (!strcmp(c->kind, "topic") && shown && v->title[0] == '#')
		json_object_set_new(o, "topic", json_string(v->title + 1));
	if (shown && v->next) {   /* the cursor is opaque (a search's may change form): encoded */
		struct strbuf cur = STRBUF_INIT;
		(void)strbuf_add_urlencoded(&cur, v->next, strlen(v->next));
		json_object_set_new(o, "next_url", json_string(pool_printf(req->pool, "/board/columns/%lld?cursor=%s",
		                                                           (long long)c->id, cur.buf)));
		json_object_set_new(o, "next_fragment", json_string(pool_printf(
			req->pool, "/board/columns/%lld/fragment?cursor=%s", (long long)c->id, cur.buf)));
		strbuf_release(&cur);
	}
	return o;
}

/* The viewer's groups whose posts they may read, for the "Add column" select. */
static json_t *groups_json(struct request *req)
{
	json_t *a = json_array();
	const struct viewer_scope *sc = req->viewer->scope;
	for (size_t i = 0; sc && i < sc->n && i < 100; i++) {
		struct group *g;
		if (groups_get(req->db, req->pool, sc->m[i].group_id, &g) == PLEIN_OK && !g->deleted_at &&
		    visibility_can_read_group(req->viewer, g))
			json_array_append_new(a, json_pack("{s:I, s:s}", "id", (json_int_t)g->id, "name", g->name));
	}
	return a;
}

static void render_board(struct request *req, int status, const char *error)
{
	struct board_column *cols;
	size_t n;
	struct saved_search *s;
	size_t n_s;
	bool began = db_read_begin(req->db);
	int rc = board_columns_list(req->db, req->pool, req->viewer->id, &cols, &n);
	if (rc == PLEIN_OK)
		rc = saved_searches_list(req->db, req->pool, req->viewer->id, &s, &n_s);
	json_t *columns = json_array();
	for (size_t i = 0; rc == PLEIN_OK && i < n; i++) {
		struct board_view v;
		rc = board_column_view(req->db, req->pool, req->viewer, &cols[i], NULL, BOARD_PAGE, &v);
		if (rc == PLEIN_OK)
			json_array_append_new(columns, column_json(req, &cols[i], &v, i, n));
	}
	json_t *searches = json_array();
	for (size_t i = 0; rc == PLEIN_OK && i < n_s; i++)
		json_array_append_new(searches, json_pack("{s:I, s:s}", "id", (json_int_t)s[i].id, "name", s[i].name));
	json_t *groups = rc == PLEIN_OK ? groups_json(req) : json_array();
	db_read_end(req->db, began);
	if (rc != PLEIN_OK) {
		json_decref(columns);
		json_decref(searches);
		json_decref(groups);
		unavailable(req);
		return;
	}
	json_t *ctx = json_pack("{s:o, s:b, s:o, s:o, s:b, s:b, s:o}", "columns", columns, "has_columns", n > 0,
	                        "searches", json_array_size(searches) ? searches : (json_decref(searches), json_null()),
	                        "groups", json_array_size(groups) ? groups : (json_decref(groups), json_null()),
	                        "can_browse", visibility_can_browse(req->viewer), "full", n >= BOARD_COLUMNS_MAX,
	                        "error", page_text(error ? T(req, error) : NULL));
	json_object_set_new(ctx, "nav_board", json_true());
	page_render(req, status, "board", ctx, N_("Board"));
}

void page_board(struct request *req) { render_board(req, 200, NULL); }

static struct board_column *load(struct request *req)
{
	int64_t id = req_param_id(req, "id");
	struct board_column *c = NULL;
	int rc = id ? board_column_get(req->db, req->pool, req->viewer->id, id, &c) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND)
		page_error(req, 404, N_("There is no such column on your board."));
	else if (rc)
		unavailable(req);
	return rc ? NULL : c;
}

/* One column: the page for "More" without JavaScript, or (fragment) its
 * body alone for static/app.js. */
static void column(struct request *req, bool fragment)
{
	struct board_column *c = load(req);
	if (!c)
		return;
	struct board_column *cols;
	size_t n, index = 0;
	struct board_view v;
	bool began = db_read_begin(req->db);
	int rc = board_columns_list(req->db, req->pool, req->viewer->id, &cols, &n);
	for (size_t i = 0; rc == PLEIN_OK && i < n; i++)
		if (cols[i].id == c->id)
			index = i;
	if (rc == PLEIN_OK)
		rc = board_column_view(req->db, req->pool, req->viewer, c, req_query(req, "cursor"), BOARD_PAGE, &v);
	json_t *o = rc == PLEIN_OK ? column_json(req, c, &v, index, n) : NULL;
	db_read_end(req->db, began);
	if (rc == PLEIN_INVALID) {
		page_error(req, 400, N_("This page of the column does not exist. Start again from the first page."));
		return;
	}
	if (rc != PLEIN_OK) {
		unavailable(req);
		return;
	}
	if (fragment) {
		page_render_fragment(req, "board_column_body", o);
		return;
	}
	page_render(req, 200, "board_column_page", json_pack("{s:o, s:b}", "column", o, "nav_board", 1),
	            N_("Board"));
}

void page_board_column(struct request *req) { column(req, false); }
void page_board_column_fragment(struct request *req) { column(req, true); }

static bool column_person_ok(struct request *req, const struct person *p)
{
	return strcmp(p->status, "active") == 0 && visibility_can_see_person(req->viewer, p);
}

/* What the "Add column" form names: an id, or a topic's or person's name. */
static int64_t form_target(struct request *req, const char *kind, const char **msg)
{
	const char *v = form_get(&req->form, kind);
	if (!v || !*v)
		return 0;
	if (!strcmp(kind, "search") || !strcmp(kind, "group")) {
		if (strlen(v) > 18 || strspn(v, "0123456789") != strlen(v))
			return 0;
		return strtoll(v, NULL, 10);
	}
	if (!strcmp(kind, "topic")) {
		int64_t id;
		return board_topic_id(req->db, req->pool, req->viewer, v, &id, msg) == PLEIN_OK ? id : 0;
	}
	struct person *p = page_resolve_person(req, v, column_person_ok, msg);
	if (!p && *msg)
		*msg = social_subst(req->pool, T(req, *msg), v);
	return p ? p->id : 0;
}

void page_board_column_add(struct request *req)
{
	const char *kind = form_get(&req->form, "kind");
	const char *msg = NULL;
	if (!board_kind_valid(kind)) {
		render_board(req, 422, N_("Choose what the column shows."));
		return;
	}
	int64_t ref = form_target(req, kind, &msg), id;
	int rc = ref ? board_column_add(req->db, req->pool, req->viewer, kind, ref, &id, &msg) : PLEIN_INVALID;
	if (rc == PLEIN_OK) {
		page_redirect(req, pool_printf(req->pool, "/board#col-%lld", (long long)id), "column_added");
		return;
	}
	if (rc == PLEIN_ERROR) {
		unavailable(req);
		return;
	}
	render_board(req, 422, msg ? msg : N_("Choose what the column shows."));
}

void page_board_column_move(struct request *req)
{
	struct board_column *c = load(req);
	if (!c)
		return;
	const char *dir = form_get(&req->form, "direction");
	int to;
	if (dir && !strcmp(dir, "left"))
		to = c->position - 1;
	else if (dir && !strcmp(dir, "right"))
		to = c->position + 1;
	else {
		page_error(req, 400, N_("Move a column left or right."));
		return;
	}
	if (board_column_move(req->db, req->viewer->id, c->id, to < 0 ? 0 : to)) {
		unavailable(req);
		return;
	}
	page_redirect(req, pool_printf(req->pool, "/board#col-%lld", (long long)c->id), NULL);
}

void page_board_column_remove_form(struct request *req)
{
	struct board_column *c = load(req);
	if (!c)
		return;
	struct board_view v;
	int rc = board_column_view(req->db, req->pool, req->viewer, c, NULL, 1, &v);
	if (rc) {
		unavailable(req);
		return;
	}
	const char *title = v.state == BOARD_SHOWN ? v.title : T(req, v.title);
	json_t *ctx = json_pack("{s:s, s:s, s:s, s:s, s:s}", "heading", T(req, N_("Remove this column?")), "question",
		social_subst(req->pool, T(req, N_("The column “%s” leaves your board. What it shows is not deleted.")), title),
		"action", pool_printf(req->pool, "/board/columns/%lld/remove", (long long)c->id), "back", "/board",
		"button", T(req, N_("Remove column")));
	page_render(req, 200, "board_confirm", ctx, N_("Remove this column?"));
}

void page_board_column_remove(struct request *req)
{
	struct board_column *c = load(req);
	if (!c)
		return;
	if (board_column_remove(req->db, req->viewer->id, c->id)) {
		unavailable(req);
		return;
	}
	page_redirect(req, "/board", "column_removed");
}

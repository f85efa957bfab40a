/* api_search.c — GET /api/v1/search (one search over people, posts,
 * comments, questions, answers, articles, groups, topics, group pages and
 * group files, with facets: visible hits per kind; contract:
 * docs/api.md "Search") and GET /api/v1/search/suggest (as you type).
 * Every hit is one the viewer may see: core/search decides with
 * core/visibility. */
#include "api/api.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/search_params.h"
#include "core/i18n.h"
#include "core/search.h"

#define SEARCH_PAGE 20
#define SUGGEST_PAGE 8

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

/* People, groups and topics have a name; the rest a title. */
static json_t *hit_json(struct request *req, const struct search_hit *h)
{
	bool named = h->kind == SEARCH_PERSON || h->kind == SEARCH_GROUP || h->kind == SEARCH_TOPIC;
	json_t *o = json_pack("{s:s, s:I, s:s, s:s, s:s, s:s}", "kind", search_kind_name(h->kind), "id",
	                      (json_int_t)h->id, named ? "name" : "title", h->title, "snippet",
	                      search_marks_strip(req->pool, h->snippet), "snippet_html",
	                      search_marks_html(req->pool, h->snippet), "url", h->url);
	if (h->group_id)
		json_object_set_new(o, "group_id", json_integer(h->group_id));
	if (h->kind == SEARCH_COMMENT)
		json_object_set_new(o, "post_id", json_integer(h->parent_id));
	if (h->kind == SEARCH_ANSWER)
		json_object_set_new(o, "question_id", json_integer(h->parent_id));
	if (h->created_at)
		json_object_set_new(o, "created_at", api_time(h->created_at));
	return o;
}

/* Visible hits per kind (every kind, 0 included) and whether more matches
 * existed than were looked at. */
static json_t *facets_json(const struct search_page *pg)
{
	json_t *kinds = json_object();
	for (int i = 0; i < SEARCH_KIND_COUNT; i++)
		json_object_set_new(kinds, search_kind_name(1u << i), json_integer(pg->facets[i]));
	return json_pack("{s:o, s:b}", "kinds", kinds, "capped", pg->capped);
}

static void answer(struct request *req, const struct search_page *pg, bool facets)
{
	json_t *items = json_array();
	for (size_t i = 0; i < pg->n; i++)
		json_array_append_new(items, hit_json(req, &pg->items[i]));
	json_t *o = json_pack("{s:o, s:o, s:o}", "items", items, "next_cursor",
	                      pg->next ? json_string(pg->next) : json_null(), "corrected",
	                      pg->corrected ? json_string(pg->corrected) : json_null());
	if (facets)
		json_object_set_new(o, "facets", facets_json(pg));
	api_json(req, 200, o);
}

void api_search(struct request *req)
{
	struct search_query q;
	const char *field = NULL, *msg = NULL;
	if (search_params_read(req, SEARCH_PAGE, &q, &field, &msg) != PLEIN_OK) {
		api_error(req, 400, "bad_request", T(req, msg), field);
		return;
	}
	if (blank(q.q)) {
		api_error(req, 400, "bad_request", T(req, N_("Say what you are looking for.")), "q");
		return;
	}
	struct search_page pg;
	int rc = search_run(req->db, req->pool, req->viewer, &q, &pg);
	if (rc == PLEIN_INVALID) {
		/* the text and the other values were checked: what is left is the cursor */
		api_error(req, 400, "bad_request", T(req, N_("The cursor is not valid.")), "cursor");
		return;
	}
	if (rc != PLEIN_OK) {
		api_error(req, 503, "unavailable", T(req, N_("Search is not available right now.")), NULL);
		return;
	}
	answer(req, &pg, true);
}

void api_search_suggest(struct request *req)
{
	struct search_query q;
	const char *field = NULL, *msg = NULL;
	if (search_params_read(req, SUGGEST_PAGE, &q, &field, &msg) != PLEIN_OK || q.limit > SEARCH_SUGGEST_MAX) {
		api_error(req, 400, "bad_request", T(req, msg ? msg : N_("limit must be a number from 1 to 10.")),
		          field ? field : "limit");
		return;
	}
	struct search_page pg = { 0 };
	int rc = blank(q.q) ? PLEIN_OK : search_suggest(req->db, req->pool, req->viewer, q.q, q.kinds, q.limit, &pg);
	if (rc != PLEIN_OK) {
		api_error(req, 503, "unavailable", T(req, N_("Search is not available right now.")), NULL);
		return;
	}
	answer(req, &pg, false);
}

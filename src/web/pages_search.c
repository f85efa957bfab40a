/* pages_search.c — the /search page: one box over people, posts, comments,
 * groups, topics, group pages and file names, a kind filter, highlighted
 * snippets (escaped by search_marks_html, then marked), "More results".
 * Everyone signed in may search; each sees only what they may see. */
#include "web/page.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/search_params.h"
#include "core/i18n.h"
#include "core/search.h"
#include "lib/strbuf.h"

#define SEARCH_PAGE 20

static const struct {
	unsigned kind;
	const char *label;   /* one hit */
	const char *filter;  /* the filter's option */
} kinds[] = {
	{ SEARCH_PERSON, N_("Person"), N_("People") },
	{ SEARCH_POST, N_("Post"), N_("Posts") },
	{ SEARCH_COMMENT, N_("Comment"), N_("Comments") },
	{ SEARCH_GROUP, N_("Group"), N_("Groups") },
	{ SEARCH_TOPIC, N_("Topic"), N_("Topics") },
	{ SEARCH_GROUP_PAGE, N_("Group page"), N_("Group pages") },
	{ SEARCH_GROUP_FILE, N_("File"), N_("Files") },
};

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

static const char *label_of(struct request *req, unsigned kind)
{
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
		if (kinds[i].kind == kind)
			return T(req, kinds[i].label);
	return "";
}

/* The filter's options: all kinds, then each, the asked one selected. */
static json_t *filter_json(struct request *req, unsigned asked)
{
	json_t *a = json_array();
	json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", "", "label", T(req, N_("Everything")),
	                                   "selected", asked == 0));
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", search_kind_name(kinds[i].kind), "label",
		                                   T(req, kinds[i].filter), "selected", asked == kinds[i].kind));
	return a;
}

void page_search(struct request *req)
{
	struct search_query q;
	const char *field = NULL, *msg = NULL;
	if (search_params_read(req, SEARCH_PAGE, &q, &field, &msg) != PLEIN_OK) {
		page_error(req, 400, msg);
		return;
	}
	bool asked = !blank(q.q);
	struct search_page pg = { 0 };
	if (asked) {
		int rc = search_run(req->db, req->pool, req->viewer, &q, &pg);
		if (rc == PLEIN_INVALID) {
			page_error(req, 400, N_("This page of the results does not exist. Start again from the first page."));
			return;
		}
		if (rc != PLEIN_OK) {
			page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
			return;
		}
	}
	json_t *ctx = json_object(), *hits = json_array();
	for (size_t i = 0; i < pg.n; i++) {
		const struct search_hit *h = &pg.items[i];
		json_array_append_new(hits, json_pack("{s:s, s:s, s:s, s:s, s:o}", "kind", search_kind_name(h->kind),
		                                      "kind_label", label_of(req, h->kind), "title", h->title, "url",
		                                      h->url, "snippet_html",
		                                      page_text(search_marks_html(req->pool, h->snippet))));
	}
	json_object_set_new(ctx, "q", page_text(q.q));
	json_object_set_new(ctx, "asked", json_boolean(asked));
	json_object_set_new(ctx, "hits", hits);
	json_object_set_new(ctx, "empty", json_boolean(pg.n == 0));
	json_object_set_new(ctx, "kinds", filter_json(req, q.kinds));
	json_object_set_new(ctx, "corrected", page_text(pg.corrected));
	if (pg.next) {
		/* the same search, one page on: q and kind are all the form sends */
		struct strbuf url = STRBUF_INIT;
		(void)strbuf_addstr(&url, "/search?q=");
		(void)strbuf_add_urlencoded(&url, q.q, strlen(q.q));
		const char *kind = req_query(req, "kind");
		if (kind && *kind) {
			(void)strbuf_addstr(&url, "&kind=");
			(void)strbuf_add_urlencoded(&url, kind, strlen(kind));
		}
		(void)strbuf_addstr(&url, "&cursor=");
		(void)strbuf_add_urlencoded(&url, pg.next, strlen(pg.next));
		json_object_set_new(ctx, "next_url", json_string(url.buf));
		strbuf_release(&url);
	}
	json_object_set_new(ctx, "nav_search", json_true());
	if (asked)   /* saved searches (web/pages_searches.c) */
		json_object_set_new(ctx, "save_action", page_text(page_searches_save_action(req)));
	page_render(req, 200, "search", ctx, N_("Search"));
}

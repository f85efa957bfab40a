/* pages_search.c — the /search page: one box over people, posts, comments,
 * questions, answers, articles, groups, topics, group pages and file names;
 * kinds as facets with counts of visible hits, filters by group, author,
 * topic and dates, highlighted snippets (escaped by search_marks_html, then
 * marked), "More results".
 * Everyone signed in may search; each sees only what they may see. */
#include "web/page.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/search_params.h"
#include "core/groups.h"
#include "core/i18n.h"
#include "core/search.h"
#include "core/visibility.h"
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
	{ SEARCH_QUESTION, N_("Question"), N_("Questions") },
	{ SEARCH_ANSWER, N_("Answer"), N_("Answers") },
	{ SEARCH_ARTICLE, N_("Article"), N_("Articles") },
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

/* The filters other than kind and q, as they came (search_params_read
 * checked them), for links that keep them. */
static void filters_add(struct request *req, struct strbuf *url)
{
	static const char *const names[] = { "group", "author", "topic", "since", "until" };
	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		const char *v = req_query(req, names[i]);
		if (v && *v) {
			(void)strbuf_addf(url, "&%s=", names[i]);
			(void)strbuf_add_urlencoded(url, v, strlen(v));
		}
	}
}

static const char *search_url(struct request *req, const char *q, const char *kind, const char *cursor)
{
	struct strbuf url = STRBUF_INIT;
	(void)strbuf_addstr(&url, "/search?q=");
	(void)strbuf_add_urlencoded(&url, q, strlen(q));
	if (kind && *kind) {
		(void)strbuf_addstr(&url, "&kind=");
		(void)strbuf_add_urlencoded(&url, kind, strlen(kind));
	}
	filters_add(req, &url);
	if (cursor) {
		(void)strbuf_addstr(&url, "&cursor=");
		(void)strbuf_add_urlencoded(&url, cursor, strlen(cursor));
	}
	const char *res = pool_strndup(req->pool, url.buf, url.len);
	strbuf_release(&url);
	return res;
}

/* The kinds as facets: everything, then each kind with visible hits (and
 * the asked one), with its count and a link that keeps the other filters. */
static json_t *facets_json(struct request *req, const struct search_query *q, const struct search_page *pg)
{
	json_t *a = json_array();
	int total = 0;
	for (int i = 0; i < SEARCH_KIND_COUNT; i++)
		total += pg->facets[i];
	json_array_append_new(a, json_pack("{s:s, s:s, s:i, s:b}", "label", T(req, N_("Everything")), "url",
	                                   search_url(req, q->q, NULL, NULL), "count", total, "selected", q->kinds == 0));
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++) {
		int count = 0;
		for (int b = 0; b < SEARCH_KIND_COUNT; b++)
			if (kinds[i].kind == 1u << b)
				count = pg->facets[b];
		bool selected = q->kinds == kinds[i].kind;
		if (!count && !selected)
			continue;
		json_array_append_new(a, json_pack("{s:s, s:s, s:i, s:b}", "label", T(req, kinds[i].filter), "url",
		                                   search_url(req, q->q, search_kind_name(kinds[i].kind), NULL), "count",
		                                   count, "selected", selected));
	}
	return a;
}

/* The kind select of the form (without JavaScript the facets are links). */
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

/* The group filter's options: the viewer's groups, and the asked one when
 * the viewer may see it. */
static json_t *groups_json(struct request *req, int64_t asked)
{
	json_t *a = json_array();
	json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", "", "label", T(req, N_("Any group")), "selected",
	                                   asked == 0));
	struct group_query gq = { .q = "", .category = "", .limit = GROUP_PAGE_MAX, .mine = true };
	struct group *gs = NULL;
	size_t n = 0;
	const char *next = NULL;
	bool listed = false;
	if (groups_list(req->db, req->pool, req->viewer, &gq, &gs, &n, &next) == PLEIN_OK)
		for (size_t i = 0; i < n; i++) {
			listed |= gs[i].id == asked;
			json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value",
			                                   pool_printf(req->pool, "%lld", (long long)gs[i].id), "label",
			                                   gs[i].name, "selected", gs[i].id == asked));
		}
	struct group *g = NULL;
	if (asked && !listed && groups_get(req->db, req->pool, asked, &g) == PLEIN_OK &&
	    visibility_can_see_group(req->viewer, g))
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", pool_printf(req->pool, "%lld", (long long)asked),
		                                   "label", g->name, "selected", true));
	return a;
}

/* The author filter's options: anyone, me, and the asked person when the
 * viewer may see them (a link from elsewhere can ask for anyone). */
static json_t *authors_json(struct request *req, int64_t asked)
{
	json_t *a = json_array();
	json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", "", "label", T(req, N_("Anyone")), "selected",
	                                   asked == 0));
	if (req->viewer)
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value",
		                                   pool_printf(req->pool, "%lld", (long long)req->viewer->id), "label",
		                                   T(req, N_("Me")), "selected", asked == req->viewer->id));
	struct person *pe = NULL;
	if (asked && (!req->viewer || asked != req->viewer->id) &&
	    visibility_person_get(req->db, req->pool, asked, &pe) == PLEIN_OK && visibility_can_see_person(req->viewer, pe))
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", pool_printf(req->pool, "%lld", (long long)asked),
		                                   "label", pe->name, "selected", true));
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
	if (asked) {
		json_object_set_new(ctx, "facets", facets_json(req, &q, &pg));
		json_object_set_new(ctx, "has_facets", json_true());
		struct strbuf clear = STRBUF_INIT;
		(void)strbuf_addstr(&clear, "/search?q=");
		(void)strbuf_add_urlencoded(&clear, q.q, strlen(q.q));
		json_object_set_new(ctx, "clear_url", json_string(clear.buf));
		strbuf_release(&clear);
	}
	json_object_set_new(ctx, "capped", json_boolean(pg.capped));
	json_object_set_new(ctx, "groups", groups_json(req, q.group_id));
	json_object_set_new(ctx, "authors", authors_json(req, q.author_id));
	json_object_set_new(ctx, "topic", page_text(req_query(req, "topic")));
	json_object_set_new(ctx, "since", page_text(req_query(req, "since")));
	json_object_set_new(ctx, "until", page_text(req_query(req, "until")));
	json_object_set_new(ctx, "filtered", json_boolean(q.group_id || q.author_id || q.topic || q.since || q.until));
	json_object_set_new(ctx, "corrected", page_text(pg.corrected));
	if (pg.next)  /* the same search, one page on */
		json_object_set_new(ctx, "next_url", json_string(search_url(req, q.q, req_query(req, "kind"), pg.next)));
	json_object_set_new(ctx, "nav_search", json_true());
	if (asked)   /* saved searches (web/pages_searches.c) */
		json_object_set_new(ctx, "save_action", page_text(page_searches_save_action(req)));
	page_render(req, 200, "search", ctx, N_("Search"));
}

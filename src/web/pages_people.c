/* pages_people.c — the home page and the people directory (with as-you-type
 * search fragments). Profiles: pages_profile.c. */
#include "web/page.h"
#include "web/app.h"
#include "web/handlers.h"
#include "core/audit.h"
#include "core/i18n.h"
#include "core/people.h"
#include "core/visibility.h"
#include "lib/utf8.h"

#define DIRECTORY_PAGE 24

static json_t *people_array(struct request *req, const struct people_page *page)
{
	json_t *a = json_array();
	for (size_t i = 0; i < page->n; i++)
		json_array_append_new(a, page_person_json(req, page->items[i]));
	return a;
}

void page_home(struct request *req)
{
	struct people_page newest;
	if (!visibility_can_browse(req->viewer)) {
		/* guests and alumni: nothing of the organisation until it is shared */
		json_t *ctx = json_pack("{s:b, s:b, s:b}", "nav_home", 1,
			"is_guest", strcmp(req->viewer->role, "guest") == 0,
			"is_alumni", strcmp(req->viewer->role, "alumni") == 0);
		page_render(req, 200, "home_limited", ctx, N_("Home"));
		return;
	}
	int64_t count = 0, departments = 0;
	if (people_newest(req->db, req->pool, 6, &newest) || people_stats(req->db, &count, &departments)) {
		page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
		return;
	}
	json_t *ctx = json_object();
	json_object_set_new(ctx, "people_count", json_integer(count));
	json_object_set_new(ctx, "departments_count", json_integer(departments));
	json_object_set_new(ctx, "newest", people_array(req, &newest));
	json_object_set_new(ctx, "nav_home", json_true());
	page_render(req, 200, "home", ctx, N_("Home"));
}

static const char *count_label(struct request *req, int64_t n)
{
	if (n == 0)
		return T(req, N_("No one found"));
	if (n == 1)
		return T(req, N_("1 person"));
	const char *fmt = T(req, N_("%d people"));
	const char *at = strstr(fmt, "%d");
	return at ? pool_printf(req->pool, "%.*s%lld%s", (int)(at - fmt), fmt, (long long)n, at + 2) : fmt;
}

void page_people(struct request *req)
{
	if (!visibility_can_browse(req->viewer)) {
		page_error(req, 403, N_("The directory is for colleagues. As a guest or alumni you see your own profile."));
		return;
	}
	const char *q = req_query(req, "q"), *cursor = req_query(req, "cursor");
	bool partial = req_query(req, "partial") != NULL;
	if (q && utf8_length(q, strlen(q)) > PEOPLE_QUERY_MAX) {
		page_error(req, 400, N_("The search text can be at most 200 characters."));
		return;
	}
	struct people_page page;
	int64_t total = 0;
	int rc = people_list(req->db, req->pool, q, cursor, DIRECTORY_PAGE, &page);
	if (rc == PLEIN_INVALID) {
		page_error(req, 400, N_("This page of the directory does not exist. Start again from the first page."));
		return;
	}
	if (rc || people_count_matching(req->db, req->pool, q, &total)) {
		page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
		return;
	}
	json_t *ctx = json_object();
	bool is_search = q && people_fts_query(req->pool, q);
	json_object_set_new(ctx, "q", page_text(q));
	json_object_set_new(ctx, "people", people_array(req, &page));
	json_object_set_new(ctx, "count_label", json_string(count_label(req, total)));
	json_object_set_new(ctx, "empty", json_boolean(page.n == 0));
	json_object_set_new(ctx, "is_search", json_boolean(is_search));
	json_object_set_new(ctx, "has_more", json_boolean(page.next != NULL));
	if (page.next) {
		struct strbuf url = STRBUF_INIT;
		(void)strbuf_addstr(&url, "/people?");
		if (q) {
			(void)strbuf_addstr(&url, "q=");
			(void)strbuf_add_urlencoded(&url, q, strlen(q));
			(void)strbuf_addch(&url, '&');
		}
		(void)strbuf_addstr(&url, "cursor=");
		(void)strbuf_add_urlencoded(&url, page.next, strlen(page.next));
		json_object_set_new(ctx, "next_url", json_string(url.buf));
		strbuf_release(&url);
	}
	json_object_set_new(ctx, "nav_people", json_true());
	if (partial)
		page_render_fragment(req, "people_list", ctx);
	else
		page_render(req, 200, "people", ctx, N_("People"));
}

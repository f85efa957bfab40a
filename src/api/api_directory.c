/* api_directory.c — the directory in the API: /api/v1/people with filters,
 * sort, cursor and facets; org charts; departments; tag suggestions for the
 * profile form. Who may browse is visibility_can_browse's to say. */
#include "api/api.h"
#include "web/app.h"
#include "web/handlers.h"
#include "core/directory.h"
#include "core/i18n.h"
#include "core/languages.h"
#include "core/profile.h"
#include "core/visibility.h"
#include "lib/utf8.h"

/* 403 for guests and alumni; true when the viewer may browse. */
static bool may_browse(struct request *req)
{
	if (visibility_can_browse(req->viewer))
		return true;
	api_error(req, 403, "forbidden",
	          T(req, N_("Guests and alumni cannot browse the directory. Ask an administrator if you need access.")),
	          NULL);
	return false;
}

static void unavailable(struct request *req)
{
	api_error(req, 503, "unavailable", T(req, N_("The directory cannot be read right now.")), NULL);
}

static json_t *facet_json(const struct facet *f, bool languages)
{
	json_t *a = json_array();
	for (size_t i = 0; i < f->n; i++) {
		json_t *o = json_pack("{s:s, s:I}", "value", f->items[i].value, "count", (json_int_t)f->items[i].count);
		const struct language *l = languages ? languages_find(f->items[i].value) : NULL;
		if (l)
			json_object_set_new(o, "name", json_string(l->en));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *people_json(const struct people_page *page)
{
	json_t *items = json_array();
	for (size_t i = 0; i < page->n; i++)
		json_array_append_new(items, api_person(page->items[i]));
	return items;
}

void api_people_list(struct request *req)
{
	if (!may_browse(req))
		return;
	struct directory_filter f = {
		.q = req_query(req, "q"), .department = req_query(req, "department"),
		.location = req_query(req, "location"), .skill = req_query(req, "skill"),
		.language = req_query(req, "language"), .interest = req_query(req, "interest"),
		.cursor = req_query(req, "cursor"),
		.limit = api_parse_limit(req_query(req, "limit"), 20, PEOPLE_PAGE_MAX),
	};
	const char *facets = req_query(req, "facets"), *field, *msg;
	if (directory_filter_check(&f, req_query(req, "sort"), req_query(req, "level"), &field, &msg)) {
		api_error(req, 400, "bad_request", T(req, msg), field);
		return;
	}
	if (facets && strcmp(facets, "0") != 0 && strcmp(facets, "1") != 0) {
		api_error(req, 400, "bad_request", T(req, N_("facets must be 0 or 1.")), "facets");
		return;
	}
	struct people_page page;
	int rc = directory_search(req->db, req->pool, &f, &page);
	if (rc == PLEIN_INVALID) {
		api_error(req, 400, "bad_request", T(req, N_("The cursor is not valid.")), "cursor");
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	json_t *o = json_pack("{s:o, s:o}", "items", people_json(&page), "next_cursor",
	                      page.next ? json_string(page.next) : json_null());
	if (facets && strcmp(facets, "1") == 0) {
		struct directory_facets fc;
		if (directory_facets(req->db, req->pool, &f, &fc)) {
			json_decref(o);
			unavailable(req);
			return;
		}
		json_object_set_new(o, "total", json_integer(fc.total));
		json_object_set_new(o, "facets", json_pack("{s:o, s:o, s:o, s:o, s:o}",
			"department", facet_json(&fc.department, false), "location", facet_json(&fc.location, false),
			"skill", facet_json(&fc.skill, false), "language", facet_json(&fc.language, true),
			"interest", facet_json(&fc.interest, false)));
	}
	api_json(req, 200, o);
}

void api_people_org(struct request *req)
{
	if (!may_browse(req))
		return;
	int64_t id = req_param_id(req, "id");
	struct person *p = NULL;
	struct directory_org org;
	int rc = id ? people_get(req->db, req->pool, id, &p) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND || (p && !visibility_can_see_person(req->viewer, p)) ||
	    (p && strcmp(p->status, "active") != 0)) {
		api_error(req, 404, "not_found", T(req, N_("There is no such person.")), NULL);
		return;
	}
	if (rc || directory_org(req->db, req->pool, id, &org)) {
		unavailable(req);
		return;
	}
	json_t *reports = json_array();
	for (size_t i = 0; i < org.reports.n; i++) {
		json_t *r = api_person(org.reports.items[i]);
		json_object_set_new(r, "reports_count", json_integer(org.report_counts[i]));
		json_array_append_new(reports, r);
	}
	api_json(req, 200, json_pack("{s:o, s:o, s:b, s:o, s:I}", "person", api_person(p),
		"managers", people_json(&org.chain), "managers_truncated", org.chain_truncated,
		"reports", reports, "reports_count", (json_int_t)org.reports_total));
}

void api_departments_list(struct request *req)
{
	if (!may_browse(req))
		return;
	struct facet d;
	if (directory_departments(req->db, req->pool, &d)) {
		unavailable(req);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < d.n; i++)
		json_array_append_new(items, json_pack("{s:s, s:I}", "name", d.items[i].value,
		                                       "people", (json_int_t)d.items[i].count));
	api_json(req, 200, json_pack("{s:o}", "items", items));
}

void api_department_people(struct request *req)
{
	if (!may_browse(req))
		return;
	const char *name = req_query(req, "name"), *field, *msg;
	struct directory_filter f = { .department = name, .cursor = req_query(req, "cursor"),
	                              .limit = api_parse_limit(req_query(req, "limit"), 20, PEOPLE_PAGE_MAX) };
	if (!name || !*name) {
		api_error(req, 400, "bad_request", T(req, N_("Which department? Give its name in name=.")), "name");
		return;
	}
	if (directory_filter_check(&f, req_query(req, "sort"), NULL, &field, &msg)) {
		api_error(req, 400, "bad_request", T(req, msg), field);
		return;
	}
	int64_t total;
	struct people_page heads, page;
	int rc = directory_count(req->db, req->pool, &f, &total);
	if (!rc && total == 0) {
		api_error(req, 404, "not_found", T(req, N_("There is no such department.")), "name");
		return;
	}
	if (!rc)
		rc = directory_search(req->db, req->pool, &f, &page);
	if (rc == PLEIN_INVALID) {
		api_error(req, 400, "bad_request", T(req, N_("The cursor is not valid.")), "cursor");
		return;
	}
	if (rc || directory_department_heads(req->db, req->pool, name, &heads)) {
		unavailable(req);
		return;
	}
	api_json(req, 200, json_pack("{s:s, s:I, s:o, s:o, s:o}", "name", name, "people", (json_int_t)total,
		"heads", people_json(&heads), "items", people_json(&page),
		"next_cursor", page.next ? json_string(page.next) : json_null()));
}

/* Any signed-in person may ask, but only colleagues get answers: the tags in
 * use say who knows what, which guests and alumni are not shown (their own
 * edit form simply gets no suggestions). */
static void suggest(struct request *req, bool skills)
{
	const char *prefix = req_query(req, "prefix");
	if (!visibility_can_browse(req->viewer)) {
		api_json(req, 200, json_pack("{s:[]}", "items"));
		return;
	}
	if (prefix && (!utf8_valid(prefix, strlen(prefix)) || utf8_length(prefix, strlen(prefix)) > PROFILE_TAG_MAX)) {
		api_error(req, 400, "bad_request", T(req, N_("The prefix can be at most 50 characters.")), "prefix");
		return;
	}
	struct tag_list l;
	int rc = skills ? profile_skills_suggest(req->db, req->pool, prefix, PROFILE_SUGGEST_MAX, &l)
	                : profile_interests_suggest(req->db, req->pool, prefix, PROFILE_SUGGEST_MAX, &l);
	if (rc) {
		unavailable(req);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < l.n; i++)
		json_array_append_new(items, json_string(l.items[i]));
	api_json(req, 200, json_pack("{s:o}", "items", items));
}

void api_skills_suggest(struct request *req)
{
	suggest(req, true);
}

void api_interests_suggest(struct request *req)
{
	suggest(req, false);
}

/* pages_directory.c — the directory (/people with search, filters, facet
 * counts and keyset pages; fragments for as-you-type updates), the org chart
 * (/people/{id}/org) and the department pages (/departments). */
#include "web/page.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/pages_directory.h"
#include "core/directory.h"
#include "core/i18n.h"
#include "core/languages.h"
#include "core/visibility.h"
#include "lib/utf8.h"

#define DIRECTORY_PAGE 24

static const char db_down[] = N_("plein cannot reach its database right now. Please try again in a minute.");

/* Guests and alumni may not browse: 403 with a reason. */
static bool may_browse(struct request *req)
{
	if (visibility_can_browse(req->viewer))
		return true;
	page_error(req, 403, N_("Guests and alumni cannot browse the directory, org charts or departments. "
	                        "Ask an administrator if you need access."));
	return false;
}

static json_t *card_json(struct request *req, const struct person *p)
{
	json_t *o = page_person_json(req, p);
	json_object_set_new(o, "org_url", json_string(pool_printf(req->pool, "/people/%lld/org", (long long)p->id)));
	return o;
}

static json_t *people_array(struct request *req, const struct people_page *page)
{
	json_t *a = json_array();
	for (size_t i = 0; i < page->n; i++)
		json_array_append_new(a, card_json(req, page->items[i]));
	return a;
}

/* "%d people" with the number put in without printf (the format is a translation) */
static const char *with_count(struct request *req, const char *msgid, int64_t n)
{
	const char *fmt = T(req, msgid);
	const char *at = strstr(fmt, "%d");
	return at ? pool_printf(req->pool, "%.*s%lld%s", (int)(at - fmt), fmt, (long long)n, at + 2) : fmt;
}

static const char *count_label(struct request *req, int64_t n)
{
	if (n == 0)
		return T(req, N_("No one found"));
	if (n == 1)
		return T(req, N_("1 person"));
	return with_count(req, N_("%d people"), n);
}

/* ---------- /people ---------- */

struct dir_params {
	struct directory_filter f;
	const char *sort, *level;  /* as given */
};

static void add_param(struct strbuf *url, const char *key, const char *value)
{
	if (!value || !*value)
		return;
	if (url->buf[url->len - 1] != '?')
		(void)strbuf_addch(url, '&');
	(void)strbuf_addf(url, "%s=", key);
	(void)strbuf_add_urlencoded(url, value, strlen(value));
}

/* /people?… with the current filters, optionally another cursor */
static const char *people_url(struct request *req, const struct dir_params *d, bool with_q, const char *cursor)
{
	struct strbuf url = STRBUF_INIT;
	(void)strbuf_addstr(&url, "/people?");
	if (with_q)
		add_param(&url, "q", d->f.q);
	add_param(&url, "department", d->f.department);
	add_param(&url, "location", d->f.location);
	add_param(&url, "skill", d->f.skill);
	add_param(&url, "language", d->f.language);
	add_param(&url, "level", d->f.language && *d->f.language ? d->level : NULL);
	add_param(&url, "interest", d->f.interest);
	add_param(&url, "sort", d->f.sort == DIRECTORY_SORT_NEWEST ? "newest" : NULL);
	add_param(&url, "cursor", cursor);
	if (url.buf[url.len - 1] == '?')
		url.buf[--url.len] = '\0';
	const char *res = pool_strdup(req->pool, url.buf);
	strbuf_release(&url);
	return res;
}

/* Options for one filter select: {value, label, selected}; the selected
 * value is kept even when the facet does not list it. */
static json_t *options(struct request *req, const struct facet *f, const char *selected, bool languages)
{
	json_t *a = json_array();
	bool seen = false;
	for (size_t i = 0; i < f->n; i++) {
		const char *v = f->items[i].value;
		const char *name = v;
		if (languages) {
			const struct language *l = languages_find(v);
			if (!l)
				continue;
			name = languages_name(l, req->lang);
		}
		bool sel = selected && strcmp(selected, v) == 0;
		seen = seen || sel;
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", v, "label",
			pool_printf(req->pool, "%s (%lld)", name, (long long)f->items[i].count), "selected", sel));
	}
	if (selected && *selected && !seen) {
		const struct language *l = languages ? languages_find(selected) : NULL;
		json_array_insert_new(a, 0, json_pack("{s:s, s:s, s:b}", "value", selected, "label",
			l ? languages_name(l, req->lang) : selected, "selected", 1));
	}
	return a;
}

static json_t *level_options(struct request *req, int level)
{
	static const char *const labels[] = { NULL, N_("Basic or better"), N_("Working or better"),
	                                      N_("Fluent or better"), N_("Native") };
	json_t *a = json_array();
	for (int l = LEVEL_BASIC; l <= LEVEL_NATIVE; l++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", languages_level_key(l),
			"label", T(req, labels[l]), "selected", l == level));
	return a;
}

void page_people(struct request *req)
{
	if (!may_browse(req))
		return;
	struct dir_params d = { .f = {
		.q = req_query(req, "q"), .department = req_query(req, "department"),
		.location = req_query(req, "location"), .skill = req_query(req, "skill"),
		.language = req_query(req, "language"), .interest = req_query(req, "interest"),
		.cursor = req_query(req, "cursor"), .limit = DIRECTORY_PAGE,
	}, .sort = req_query(req, "sort"), .level = req_query(req, "level") };
	bool partial = req_query(req, "partial") != NULL;
	const char *field, *msg;
	if (directory_filter_check(&d.f, d.sort, d.level, &field, &msg)) {
		page_error(req, 400, msg);
		return;
	}
	struct people_page page;
	struct directory_facets facets;
	int64_t total = 0;
	int rc = directory_search(req->db, req->pool, &d.f, &page);
	if (rc == PLEIN_INVALID) {
		page_error(req, 400, N_("This page of the directory does not exist. Start again from the first page."));
		return;
	}
	if (rc || directory_facets(req->db, req->pool, &d.f, &facets)) {
		page_error(req, 503, db_down);
		return;
	}
	total = facets.total;
	bool filtered = directory_filter_any(&d.f);
	bool is_search = d.f.q && people_fts_query(req->pool, d.f.q);
	json_t *ctx = json_object();
	json_object_set_new(ctx, "q", page_text(d.f.q));
	json_object_set_new(ctx, "people", people_array(req, &page));
	json_object_set_new(ctx, "count_label", json_string(count_label(req, total)));
	json_object_set_new(ctx, "empty", json_boolean(page.n == 0));
	json_object_set_new(ctx, "is_search", json_boolean(is_search || filtered));
	json_object_set_new(ctx, "is_filtered", json_boolean(filtered));
	json_object_set_new(ctx, "has_more", json_boolean(page.next != NULL));
	json_object_set_new(ctx, "is_later_page", json_boolean(d.f.cursor && *d.f.cursor));
	json_object_set_new(ctx, "first_url", json_string(people_url(req, &d, true, NULL)));
	if (page.next)
		json_object_set_new(ctx, "next_url", json_string(people_url(req, &d, true, page.next)));
	/* "clear filters" keeps the search text; "show everyone" drops both */
	struct dir_params none = { .f = { .q = d.f.q } };
	json_object_set_new(ctx, "clear_url", json_string(people_url(req, &none, true, NULL)));
	json_object_set_new(ctx, "departments", options(req, &facets.department, d.f.department, false));
	json_object_set_new(ctx, "locations", options(req, &facets.location, d.f.location, false));
	json_object_set_new(ctx, "skills", options(req, &facets.skill, d.f.skill, false));
	json_object_set_new(ctx, "languages", options(req, &facets.language, d.f.language, true));
	json_object_set_new(ctx, "interests", options(req, &facets.interest, d.f.interest, false));
	json_object_set_new(ctx, "levels", level_options(req, d.f.min_level));
	json_object_set_new(ctx, "sort_newest", json_boolean(d.f.sort == DIRECTORY_SORT_NEWEST));
	int active = (d.f.department && *d.f.department) + (d.f.location && *d.f.location) +
	             (d.f.skill && *d.f.skill) + (d.f.language && *d.f.language) + (d.f.interest && *d.f.interest);
	if (active)
		json_object_set_new(ctx, "active_filters", json_integer(active));
	json_object_set_new(ctx, "nav_people", json_true());
	if (partial)
		page_render_fragment(req, "people_results", ctx);
	else
		page_render(req, 200, "people", ctx, N_("People"));
}

/* ---------- org chart ---------- */

json_t *page_org_json(struct request *req, const struct person *p, const struct directory_org *org)
{
	json_t *o = json_object();
	json_t *chain = json_array();
	for (size_t i = 0; i < org->chain.n; i++)
		json_array_append_new(chain, card_json(req, org->chain.items[i]));
	json_object_set_new(o, "managers", chain);
	json_object_set_new(o, "has_managers", json_boolean(org->chain.n > 0));
	json_object_set_new(o, "managers_truncated", json_boolean(org->chain_truncated));
	json_object_set_new(o, "person", card_json(req, p));
	json_t *reports = json_array();
	for (size_t i = 0; i < org->reports.n; i++) {
		json_t *r = card_json(req, org->reports.items[i]);
		int64_t n = org->report_counts[i];
		if (n)
			json_object_set_new(r, "reports_label", json_string(n == 1 ? T(req, N_("1 report"))
			                                                           : with_count(req, N_("%d reports"), n)));
		json_array_append_new(reports, r);
	}
	json_object_set_new(o, "reports", reports);
	json_object_set_new(o, "has_reports", json_boolean(org->reports.n > 0));
	json_object_set_new(o, "reports_label", json_string(org->reports_total == 0 ? T(req, N_("No direct reports"))
		: org->reports_total == 1 ? T(req, N_("1 direct report"))
		: with_count(req, N_("%d direct reports"), org->reports_total)));
	if (org->reports_total > (int64_t)org->reports.n)
		json_object_set_new(o, "reports_more", json_string(with_count(req, N_("and %d more"),
			org->reports_total - (int64_t)org->reports.n)));
	return o;
}

void page_person_org(struct request *req)
{
	if (!may_browse(req))
		return;
	int64_t id = req_param_id(req, "id");
	struct person *p = NULL;
	struct directory_org org;
	int rc = id ? people_get(req->db, req->pool, id, &p) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND || (p && (strcmp(p->status, "active") != 0 || !visibility_can_see_person(req->viewer, p)))) {
		page_error(req, 404, N_("This person does not exist, or has left."));
		return;
	}
	if (rc || directory_org(req->db, req->pool, id, &org)) {
		page_error(req, 503, db_down);
		return;
	}
	json_t *ctx = json_object();
	json_object_set_new(ctx, "org", page_org_json(req, p, &org));
	json_object_set_new(ctx, "name", json_string(p->name));
	json_object_set_new(ctx, "profile_url", json_string(pool_printf(req->pool, "/people/%lld", (long long)p->id)));
	json_object_set_new(ctx, "nav_people", json_true());
	page_render(req, 200, "org", ctx, N_("Org chart"));
}

/* ---------- departments ---------- */

static const char *department_url(struct request *req, const char *name, const char *cursor)
{
	struct strbuf url = STRBUF_INIT;
	(void)strbuf_addstr(&url, "/departments?name=");
	(void)strbuf_add_urlencoded(&url, name, strlen(name));
	if (cursor) {
		(void)strbuf_addstr(&url, "&cursor=");
		(void)strbuf_add_urlencoded(&url, cursor, strlen(cursor));
	}
	const char *res = pool_strdup(req->pool, url.buf);
	strbuf_release(&url);
	return res;
}

static void department_page(struct request *req, const char *name)
{
	struct directory_filter f = { .department = name, .cursor = req_query(req, "cursor"), .limit = DIRECTORY_PAGE };
	const char *field, *msg;
	if (directory_filter_check(&f, NULL, NULL, &field, &msg)) {
		page_error(req, 400, msg);
		return;
	}
	int64_t total;
	struct people_page heads, page;
	int rc = directory_count(req->db, req->pool, &f, &total);
	if (!rc && total == 0) {
		page_error(req, 404, N_("There is no such department, or no one works there any more."));
		return;
	}
	if (!rc)
		rc = directory_search(req->db, req->pool, &f, &page);
	if (rc == PLEIN_INVALID) {
		page_error(req, 400, N_("This page of the directory does not exist. Start again from the first page."));
		return;
	}
	if (rc || directory_department_heads(req->db, req->pool, name, &heads)) {
		page_error(req, 503, db_down);
		return;
	}
	bool first = !f.cursor || !*f.cursor;
	json_t *ctx = json_object();
	json_object_set_new(ctx, "name", json_string(name));
	json_object_set_new(ctx, "count_label", json_string(count_label(req, total)));
	json_object_set_new(ctx, "heads", people_array(req, first ? &heads : &(struct people_page){ 0 }));
	json_object_set_new(ctx, "has_heads", json_boolean(first && heads.n > 0));
	json_object_set_new(ctx, "people", people_array(req, &page));
	json_object_set_new(ctx, "directory_url", json_string(people_url(req, &(struct dir_params){
		.f = { .department = name } }, false, NULL)));
	if (!first)
		json_object_set_new(ctx, "first_url", json_string(department_url(req, name, NULL)));
	if (page.next)
		json_object_set_new(ctx, "next_url", json_string(department_url(req, name, page.next)));
	json_object_set_new(ctx, "nav_people", json_true());
	page_render(req, 200, "department", ctx, name);
}

void page_departments(struct request *req)
{
	if (!may_browse(req))
		return;
	const char *name = req_query(req, "name");
	if (name && *name) {
		department_page(req, name);
		return;
	}
	struct facet d;
	if (directory_departments(req->db, req->pool, &d)) {
		page_error(req, 503, db_down);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < d.n; i++)
		json_array_append_new(items, json_pack("{s:s, s:s, s:s}", "name", d.items[i].value,
			"url", department_url(req, d.items[i].value, NULL), "count_label", count_label(req, d.items[i].count)));
	json_t *ctx = json_object();
	json_object_set_new(ctx, "departments", items);
	json_object_set_new(ctx, "empty", json_boolean(d.n == 0));
	json_object_set_new(ctx, "nav_people", json_true());
	page_render(req, 200, "departments", ctx, N_("Departments"));
}

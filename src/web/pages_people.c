/* pages_people.c — the home page, the people directory (with as-you-type
 * search fragments), profiles and profile editing. */
#include "web/page.h"
#include "web/app.h"
#include "web/handlers.h"
#include "core/audit.h"
#include "core/i18n.h"
#include "core/people.h"
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

/* Load the person named by the route, or answer 404. */
static struct person *load_person(struct request *req)
{
	int64_t id = req_param_id(req, "id");
	struct person *p = NULL;
	int rc = id ? people_get(req->db, req->pool, id, &p) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND || (rc == 0 && strcmp(p->status, "active") != 0)) {
		page_error(req, 404, N_("This person does not exist, or has left."));
		return NULL;
	}
	if (rc) {
		page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
		return NULL;
	}
	return p;
}

static bool can_edit(struct request *req, const struct person *p)
{
	return req->viewer->id == p->id || app_viewer_is_admin(req);
}

void page_person(struct request *req)
{
	struct person *p = load_person(req);
	struct people_page reports;
	if (!p)
		return;
	if (people_reports(req->db, req->pool, p->id, &reports)) {
		page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
		return;
	}
	json_t *ctx = json_object(), *person = page_person_json(req, p);
	json_object_set_new(person, "reports", people_array(req, &reports));
	json_object_set_new(ctx, "person", person);
	json_object_set_new(ctx, "is_self", json_boolean(p->id == req->viewer->id));
	json_object_set_new(ctx, "can_edit", json_boolean(can_edit(req, p)));
	json_object_set_new(ctx, "edit_url", json_string(pool_printf(req->pool, "/people/%lld/edit", (long long)p->id)));
	json_object_set_new(ctx, "endorsements", page_endorsements_json(req, p));
	if (p->id == req->viewer->id)
		json_object_set_new(ctx, "nav_profile", json_true());
	else
		json_object_set_new(ctx, "nav_people", json_true());
	page_render(req, 200, "person", ctx, p->name);
}

static void edit_page(struct request *req, int status, const struct person *p, const struct person_fields *f,
                      json_t *errors)
{
	json_t *ctx = json_object();
	json_object_set_new(ctx, "person", page_person_json(req, p));
	json_t *form = json_object();
	json_object_set_new(form, "name", page_text(f->name));
	json_object_set_new(form, "title", page_text(f->title));
	json_object_set_new(form, "department", page_text(f->department));
	json_object_set_new(form, "location", page_text(f->location));
	json_object_set_new(form, "bio", page_text(f->bio));
	json_object_set_new(ctx, "form", form);
	json_object_set_new(ctx, "errors", errors ? errors : json_object());
	json_object_set_new(ctx, "action_url", json_string(pool_printf(req->pool, "/people/%lld/edit", (long long)p->id)));
	json_object_set_new(ctx, "nav_people", json_true());
	page_render(req, status, "profile_edit", ctx, N_("Edit profile"));
}

void page_person_edit_form(struct request *req)
{
	struct person *p = load_person(req);
	if (!p)
		return;
	if (!can_edit(req, p)) {
		page_error(req, 403, N_("You can only edit your own profile."));
		return;
	}
	struct person_fields f = { .name = p->name, .title = p->title, .department = p->department,
	                           .location = p->location, .bio = p->bio };
	edit_page(req, 200, p, &f, NULL);
}

void page_person_edit(struct request *req)
{
	struct person *p = load_person(req);
	const char *field, *msg;
	if (!p)
		return;
	if (!can_edit(req, p)) {
		page_error(req, 403, N_("You can only edit your own profile."));
		return;
	}
	struct person_fields f = {
		.name = form_get(&req->form, "name"), .title = form_get(&req->form, "title"),
		.department = form_get(&req->form, "department"), .location = form_get(&req->form, "location"),
		.bio = form_get(&req->form, "bio"),
	};
	if (!f.name)
		f.name = "";
	struct person_fields shown = f;
	if (people_validate(req->pool, &f, &field, &msg)) {
		edit_page(req, 422, p, &shown, json_pack("{s:s}", field, T(req, msg)));
		return;
	}
	if (people_update(req->db, p->id, &f)) {
		page_error(req, 503, N_("Your profile could not be saved. Please try again."));
		return;
	}
	if (p->id != req->viewer->id)
		audit_log(req->db, req->viewer->id, "profile_edited_by_admin", p->email, req->client_addr);
	page_redirect(req, pool_printf(req->pool, "/people/%lld", (long long)p->id), "profile");
}

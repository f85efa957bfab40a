/* pages_people.c — the home page, profiles and profile editing (the
 * directory itself is in pages_directory.c). */
#include "web/page.h"
#include "web/app.h"
#include "web/handlers.h"
#include "core/audit.h"
#include "core/i18n.h"
#include "core/people.h"
#include "lib/utf8.h"

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

/* pages_people.c — the home page. The directory: pages_directory.c;
 * profiles: pages_profile.c. */
#include "web/page.h"
#include "web/app.h"
#include "web/handlers.h"
#include "core/audit.h"
#include "core/i18n.h"
#include "core/people.h"
#include "core/visibility.h"

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

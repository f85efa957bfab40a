/* pages_follow.c — the Follow / Following buttons of a profile: POST
 * /people/{id}/follow and /people/{id}/unfollow, back to the profile. */
#include "web/page.h"
#include "web/app.h"
#include "web/handlers.h"
#include "core/follows.h"
#include "core/i18n.h"
#include "core/people.h"
#include "core/visibility.h"

static void follow(struct request *req, bool on)
{
	if (!visibility_can_post(req->viewer)) {
		page_error(req, 403, N_("Only colleagues can follow people."));
		return;
	}
	int64_t id = req_param_id(req, "id");
	struct person *p = NULL;
	int rc = id ? people_get(req->db, req->pool, id, &p) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && !visibility_can_see_person(req->viewer, p))) {
		page_error(req, 404, N_("This person does not exist, or has left."));
		return;
	}
	if (rc == PLEIN_OK && p->id == req->viewer->id) {
		page_error(req, 422, N_("You cannot follow yourself."));
		return;
	}
	if (rc == PLEIN_OK && on && strcmp(p->status, "active") != 0) {
		page_error(req, 422, N_("This person has left."));
		return;
	}
	bool changed;
	if (rc || follows_set(req->db, req->viewer->id, p->id, on, &changed)) {
		page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
		return;
	}
	page_redirect(req, pool_printf(req->pool, "/people/%lld#follow", (long long)p->id), NULL);
}

void page_person_follow(struct request *req) { follow(req, true); }
void page_person_unfollow(struct request *req) { follow(req, false); }

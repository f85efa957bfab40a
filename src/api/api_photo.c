/* api_photo.c — PUT and DELETE /api/v1/people/{id}/photo: a person's profile
 * photo as raw image bytes. The Content-Type must name an image type, but the
 * type that counts is the one read from the bytes (core/photo.c). */
#include "api/api.h"
#include "web/app.h"
#include "web/handlers.h"
#include "core/audit.h"
#include "core/i18n.h"
#include "core/people.h"
#include "core/person_photo.h"
#include "core/visibility.h"

static bool image_type(const char *ct)
{
	static const char *const types[] = { "image/jpeg", "image/png", "image/webp" };
	if (!ct)
		return false;
	for (size_t i = 0; i < ARRAY_LEN(types); i++) {
		size_t n = strlen(types[i]);
		if (strncasecmp(ct, types[i], n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' '))
			return true;
	}
	return false;
}

/* The person of the route, if the viewer may change their photo (themself
 * or an admin); otherwise NULL after answering 404 (not visible, as for the
 * profile) or 403. */
static struct person *target(struct request *req)
{
	int64_t id = req_param_id(req, "id");
	struct person *p = NULL;
	int rc = id ? people_get(req->db, req->pool, id, &p) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND || (rc == 0 && !visibility_can_see_person(req->viewer, p))) {
		api_error(req, 404, "not_found", T(req, N_("This person does not exist, or has left.")), NULL);
		return NULL;
	}
	if (rc) {
		api_error(req, 503, "unavailable", T(req, N_("plein cannot reach its database right now. Please try again in a minute.")), NULL);
		return NULL;
	}
	if (!visibility_can_edit_profile(req->viewer, p)) {
		api_error(req, 403, "forbidden", T(req, N_("You can only change your own photo.")), NULL);
		return NULL;
	}
	return p;
}

static void answer_person(struct request *req, int64_t id)
{
	struct person *p;
	if (people_get(req->db, req->pool, id, &p)) {
		api_error(req, 503, "unavailable", T(req, N_("plein cannot reach its database right now. Please try again in a minute.")), NULL);
		return;
	}
	api_json(req, 200, api_person(p));
}

void api_person_photo_put(struct request *req)
{
	struct person *p = target(req);
	if (!p)
		return;
	if (!image_type(req_header(req, "Content-Type"))) {
		api_error(req, 415, "unsupported_media_type",
		          T(req, N_("Send the photo as image/jpeg, image/png or image/webp.")), NULL);
		return;
	}
	enum photo_problem why;
	int rc = person_photo_set(req->db, p->id, req->body.buf, req->body.len, &why);
	if (rc && why == PHOTO_TOO_LARGE) {
		api_error(req, 413, "too_large", T(req, photo_problem_message(why)), "photo");
		return;
	}
	if ((rc == PLEIN_INVALID || rc == PLEIN_TOOBIG) && why != PHOTO_STORAGE) {
		api_error(req, 422, "invalid", T(req, photo_problem_message(why)), "photo");
		return;
	}
	if (rc == PLEIN_NOTFOUND) {
		api_error(req, 404, "not_found", T(req, N_("This person does not exist, or has left.")), NULL);
		return;
	}
	if (rc) {
		api_error(req, 503, "unavailable", T(req, photo_problem_message(PHOTO_STORAGE)), NULL);
		return;
	}
	if (p->id != req->viewer->id)
		audit_log(req->db, req->viewer->id, "photo_set_by_admin", p->email, req->client_addr);
	answer_person(req, p->id);
}

void api_person_photo_delete(struct request *req)
{
	struct person *p = target(req);
	if (!p)
		return;
	if (person_photo_remove(req->db, p->id)) {
		api_error(req, 503, "unavailable", T(req, N_("plein cannot reach its database right now. Please try again in a minute.")), NULL);
		return;
	}
	if (p->id != req->viewer->id)
		audit_log(req->db, req->viewer->id, "photo_removed_by_admin", p->email, req->client_addr);
	answer_person(req, p->id);
}

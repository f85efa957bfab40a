/* api_people.c — /api/v1/me and /api/v1/people/{id} (the directory
 * listing is in api_directory.c). */
#include "api/api.h"
#include "web/app.h"
#include "web/handlers.h"
#include "core/audit.h"
#include "core/i18n.h"
#include "core/people.h"
#include "lib/utf8.h"

void api_me_get(struct request *req)
{
	json_t *o = api_person(req->viewer);
	json_object_set_new(o, "language", req->viewer->language ? json_string(req->viewer->language) : json_null());
	json_object_set_new(o, "csrf_token", json_string(req->csrf));
	api_json(req, 200, o);
}

void api_me_patch(struct request *req)
{
	json_t *body = api_body_object(req);
	struct person_fields f = { 0 };
	const char *language = NULL, *field, *msg;
	bool lang_present = false;
	if (!body || api_string_member(req, body, "name", false, &f.name, NULL) ||
	    api_string_member(req, body, "title", false, &f.title, NULL) ||
	    api_string_member(req, body, "department", false, &f.department, NULL) ||
	    api_string_member(req, body, "location", false, &f.location, NULL) ||
	    api_string_member(req, body, "bio", false, &f.bio, NULL) ||
	    api_string_member(req, body, "language", true, &language, &lang_present))
		return;
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v) {
		static const char *known[] = { "name", "title", "department", "location", "bio", "language" };
		bool ok = false;
		for (size_t i = 0; i < ARRAY_LEN(known); i++)
			ok = ok || strcmp(key, known[i]) == 0;
		if (!ok) {
			api_error(req, 422, "invalid", T(req, N_("This field cannot be changed here.")), key);
			return;
		}
	}
	if (people_validate(req->pool, &f, &field, &msg)) {
		api_error(req, 422, "invalid", T(req, msg), field);
		return;
	}
	if (language && !i18n_supported(language)) {
		api_error(req, 422, "invalid", T(req, N_("The language must be \"en\", \"nl\" or null.")), "language");
		return;
	}
	if (db_begin(req->db))
		goto fail;
	if (people_update(req->db, req->viewer->id, &f) ||
	    (lang_present && people_set_language(req->db, req->viewer->id, language)) ||
	    db_commit(req->db)) {
		db_rollback(req->db);
		goto fail;
	}
	struct person *p;
	if (people_get(req->db, req->pool, req->viewer->id, &p))
		goto fail;
	json_t *o = api_person(p);
	json_object_set_new(o, "language", p->language ? json_string(p->language) : json_null());
	api_json(req, 200, o);
	return;
fail:
	api_error(req, 503, "unavailable", T(req, N_("Your profile could not be saved. Please try again.")), NULL);
}

void api_people_get(struct request *req)
{
	int64_t id = req_param_id(req, "id");
	struct person *p = NULL;
	int rc = id ? people_get(req->db, req->pool, id, &p) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND || (p && strcmp(p->status, "active") != 0)) {
		api_error(req, 404, "not_found", T(req, N_("There is no such person.")), NULL);
		return;
	}
	if (rc) {
		api_error(req, 503, "unavailable", T(req, N_("The directory cannot be read right now.")), NULL);
		return;
	}
	api_json(req, 200, api_person(p));
}

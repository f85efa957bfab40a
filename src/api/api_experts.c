/* api_experts.c — /api/v1/experts ("who knows X") and endorsements of a
 * person's skills (/api/v1/people/{id}/endorsements). */
#include "api/api.h"
#include "web/app.h"
#include "web/handlers.h"
#include "core/endorsements.h"
#include "core/expertise.h"
#include "core/i18n.h"
#include "core/people.h"
#include "core/visibility.h"
#include "lib/utf8.h"

#define EXPERTS_PAGE 20

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

void api_experts_list(struct request *req)
{
	const char *q = req_query(req, "q"), *cursor = req_query(req, "cursor");
	int limit = api_parse_limit(req_query(req, "limit"), EXPERTS_PAGE, EXPERTISE_PAGE_MAX), offset = 0;
	if (!visibility_can_browse(req->viewer)) {
		api_error(req, 403, "forbidden", T(req, N_("Only colleagues can search for expertise.")), NULL);
		return;
	}
	if (blank(q)) {
		api_error(req, 400, "bad_request", T(req, N_("Say what you are looking for: a skill, a topic or a language.")), "q");
		return;
	}
	if (utf8_length(q, strlen(q)) > EXPERTISE_QUERY_MAX) {
		api_error(req, 400, "bad_request", T(req, N_("The search text can be at most 200 characters.")), "q");
		return;
	}
	if (!limit) {
		api_error(req, 400, "bad_request", T(req, N_("limit must be a number from 1 to 100.")), "limit");
		return;
	}
	if (cursor && expertise_cursor_parse(cursor, &offset)) {
		api_error(req, 400, "bad_request", T(req, N_("The cursor is not valid.")), "cursor");
		return;
	}
	struct expertise_result r;
	int rc = expertise_search(req->db, req->pool, q, req->lang, limit, offset, &r);
	if (rc == PLEIN_INVALID) {
		api_error(req, 400, "bad_request", T(req, N_("The search text is not valid.")), "q");
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; rc == PLEIN_OK && i < r.n; i++) {
		struct person *p;
		rc = people_get(req->db, req->pool, r.items[i].id, &p);
		if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && !visibility_can_see_person(req->viewer, p)) ||
		    (rc == PLEIN_OK && strcmp(p->status, "active") != 0)) {
			rc = PLEIN_OK;  /* left between the index and now */
			continue;
		}
		if (rc)
			break;
		json_t *reasons = json_array();
		for (size_t k = 0; k < r.items[i].n_reasons; k++)
			json_array_append_new(reasons, json_string(r.items[i].reasons[k]));
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)p->id,
		                                       "name", p->name, "title", p->title, "department", p->department,
		                                       "location", p->location, "reasons", reasons));
	}
	if (rc) {
		json_decref(items);
		api_error(req, 503, "unavailable", T(req, N_("The directory cannot be read right now.")), NULL);
		return;
	}
	json_t *next = r.more ? json_string(expertise_cursor_make(req->pool, offset + (int)r.n)) : json_null();
	api_json(req, 200, json_pack("{s:o, s:o, s:I}", "items", items, "next_cursor", next, "total",
	                             (json_int_t)r.total));
}

/* The person named by the route, visible to the viewer; NULL after answering. */
static struct person *endorsee(struct request *req)
{
	int64_t id = req_param_id(req, "id");
	struct person *p = NULL;
	if (!visibility_can_browse(req->viewer)) {
		/* guests and alumni: not their feature, whoever the person is */
		api_error(req, 403, "forbidden", T(req, N_("Only colleagues can endorse skills.")), NULL);
		return NULL;
	}
	int rc = id ? people_get(req->db, req->pool, id, &p) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && !visibility_can_see_person(req->viewer, p))) {
		api_error(req, 404, "not_found", T(req, N_("There is no such person.")), NULL);
		return NULL;
	}
	if (rc) {
		api_error(req, 503, "unavailable", T(req, N_("The directory cannot be read right now.")), NULL);
		return NULL;
	}
	if (!visibility_can_endorse(req->viewer, p)) {
		api_error(req, 403, "forbidden", T(req, p->id == req->viewer->id
		                                           ? N_("You cannot endorse your own skills.")
		                                           : N_("You cannot endorse this person.")), NULL);
		return NULL;
	}
	return p;
}

static void answer(struct request *req, int rc, int status, const char *skill, int64_t count, bool endorsed,
                   const char *msg)
{
	if (rc == PLEIN_OK)
		api_json(req, status, json_pack("{s:s, s:I, s:b}", "skill", skill, "count", (json_int_t)count,
		                                "endorsed", endorsed));
	else if (rc == PLEIN_INVALID)
		api_error(req, 422, "invalid", T(req, msg), "skill");
	else if (rc == PLEIN_NOTFOUND)
		api_error(req, 404, "not_found", T(req, N_("There is no such person.")), NULL);
	else if (rc == PLEIN_DENIED)
		api_error(req, 403, "forbidden", T(req, msg), NULL);
	else
		api_error(req, 503, "unavailable", T(req, N_("The endorsement could not be saved. Please try again.")), NULL);
}

void api_endorsement_create(struct request *req)
{
	json_t *body = api_body_object(req);
	const char *skill = NULL, *canonical, *msg = NULL;
	if (!body || api_string_member(req, body, "skill", false, &skill, NULL))
		return;
	struct person *p = endorsee(req);
	if (!p)
		return;
	if (!skill) {
		api_error(req, 422, "invalid", T(req, N_("Name one skill of at most 50 characters.")), "skill");
		return;
	}
	int64_t count = 0;
	bool created = false;
	int rc = endorsements_add(req->db, req->pool, p->id, req->viewer->id, skill, &count, &created, &canonical, &msg);
	answer(req, rc, created ? 201 : 200, canonical, count, true, msg);
}

void api_endorsement_delete(struct request *req)
{
	const char *skill = req_query(req, "skill"), *canonical, *msg = NULL;
	struct person *p = endorsee(req);
	if (!p)
		return;
	int64_t count = 0;
	int rc = endorsements_remove(req->db, req->pool, p->id, req->viewer->id, skill, &count, &canonical, &msg);
	answer(req, rc, 200, canonical, count, false, msg);
}

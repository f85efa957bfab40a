/* api.c — see api.h. */
#include "api/api.h"
#include "web/app.h"
#include "core/i18n.h"
#include "core/people.h"
#include "core/visibility.h"
#include "core/photo.h"
#include "core/sessions.h"
#include "lib/utf8.h"
#include <time.h>

void api_json(struct request *req, int status, json_t *value)
{
	char *s = json_dumps(value, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_ESCAPE_SLASH);
	strbuf_reset(&req->out);
	if (s) {
		(void)strbuf_addstr(&req->out, s);
		(void)strbuf_addch(&req->out, '\n');
		free(s);
	}
	json_decref(value);
	req->status = status;
	resp_header(req, "Content-Type", "application/json; charset=utf-8");
}

void api_error(struct request *req, int status, const char *code, const char *message, const char *field)
{
	json_t *e = json_pack("{s:s, s:s}", "code", code, "message", message);
	if (field)
		json_object_set_new(e, "field", json_string(field));
	api_json(req, status, json_pack("{s:o}", "error", e));
}

void api_no_content(struct request *req)
{
	strbuf_reset(&req->out);
	req->status = 204;
}

static void decref(void *v)
{
	json_decref(v);
}

json_t *api_body_object(struct request *req)
{
	json_error_t jerr;
	if (!utf8_valid(req->body.buf, req->body.len)) {
		api_error(req, 400, "bad_request", T(req, N_("The request body is not valid UTF-8.")), NULL);
		return NULL;
	}
	/* depth is bounded by jansson (2048); size by the route's body limit */
	json_t *v = json_loadb(req->body.buf, req->body.len, JSON_REJECT_DUPLICATES, &jerr);
	if (!v) {
		api_error(req, 400, "bad_request", T(req, N_("The request body is not valid JSON.")), NULL);
		return NULL;
	}
	pool_cleanup_add(req->pool, decref, v);
	if (!json_is_object(v)) {
		api_error(req, 400, "bad_request", T(req, N_("The request body must be a JSON object.")), NULL);
		return NULL;
	}
	return v;
}

int api_string_member(struct request *req, json_t *obj, const char *key, bool allow_null, const char **out, bool *present)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (present)
		*present = v != NULL;
	if (!v)
		return PLEIN_OK;
	if (json_is_null(v) && allow_null)
		return PLEIN_OK;
	if (!json_is_string(v)) {
		api_error(req, 422, "invalid", T(req, N_("This field must be text.")), key);
		return PLEIN_INVALID;
	}
	*out = json_string_value(v);
	if (strlen(*out) != json_string_length(v)) {
		api_error(req, 422, "invalid", T(req, N_("This field contains characters that are not allowed.")), key);
		return PLEIN_INVALID;
	}
	return PLEIN_OK;
}

json_t *api_time(int64_t when)
{
	char buf[32];
	time_t t = (time_t)when;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(buf);
}

int api_parse_limit(const char *s, int def, int max)
{
	int n = 0;
	if (!s)
		return def;
	if (!*s || strlen(s) > 3)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		n = n * 10 + (*s - '0');
	}
	return n >= 1 && n <= max ? n : 0;
}

struct person *api_load_person(struct request *req)
{
	int64_t id = req_param_id(req, "id");
	struct person *p = NULL;
	int rc = id ? people_get(req->db, req->pool, id, &p) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && !visibility_can_see_person(req->viewer, p))) {
		api_error(req, 404, "not_found", T(req, N_("There is no such person.")), NULL);
		return NULL;
	}
	if (rc) {
		api_error(req, 503, "unavailable", T(req, N_("The directory cannot be read right now.")), NULL);
		return NULL;
	}
	return p;
}

json_t *api_person(const struct person *p)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
		"id", (json_int_t)p->id, "name", p->name, "email", p->email, "title", p->title,
		"department", p->department, "location", p->location, "bio", p->bio, "role", p->role);
	json_object_set_new(o, "manager", p->manager_id
		? json_pack("{s:I, s:s}", "id", (json_int_t)p->manager_id, "name", p->manager_name)
		: json_null());
	json_object_set_new(o, "pronouns", *p->pronouns ? json_string(p->pronouns) : json_null());
	json_object_set_new(o, "phone", *p->phone ? json_string(p->phone) : json_null());
	json_object_set_new(o, "start_date", *p->start_date ? json_string(p->start_date) : json_null());
	json_object_set_new(o, "status", json_string(p->status));
	json_object_set_new(o, "created_at", api_time(p->created_at));
	json_object_set_new(o, "photo", api_photo_urls(p->photo));
	return o;
}

json_t *api_photo_urls(const char *key)
{
	char small[128], big[128];
	if (!key || !photo_key_valid(key))
		return json_null();
	photo_url(key, PHOTO_SMALL, small, sizeof(small));
	photo_url(key, PHOTO_BIG, big, sizeof(big));
	return json_pack("{s:s, s:s}", "96", small, "512", big);
}

json_t *api_session(const struct session *s, bool current)
{
	json_t *o = json_pack("{s:I, s:s, s:b}", "id", (json_int_t)s->id, "user_agent", s->user_agent, "current", current);
	json_object_set_new(o, "created_at", api_time(s->created_at));
	json_object_set_new(o, "last_seen_at", api_time(s->last_seen_at));
	json_object_set_new(o, "expires_at", api_time(s->expires_at));
	return o;
}

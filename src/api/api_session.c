/* api_session.c — POST/DELETE /api/v1/session and /api/v1/sessions. */
#include "api/api.h"
#include "core/visibility.h"
#include "web/app.h"
#include "web/handlers.h"
#include "core/auth.h"
#include "core/audit.h"
#include "core/i18n.h"

static const char *csrf_for(struct sign_in *s, struct request *req)
{
	unsigned char h[SESSION_HASH_LEN];
	sessions_token_hash(s->token, h);
	return app_csrf_token(req->pool, h);
}

void api_session_create(struct request *req)
{
	json_t *body = api_body_object(req);
	const char *email, *password;
	if (!body || api_string_member(req, body, "email", false, &email, NULL) ||
	    api_string_member(req, body, "password", false, &password, NULL))
		return;
	if (!email || !password || strlen(email) > 254 || strlen(password) > 1024) {
		api_error(req, 422, "invalid", T(req, N_("Send an e-mail address and a password.")), !email ? "email" : "password");
		return;
	}
	struct sign_in s;
	int rc = auth_sign_in(req->db, req->pool, email, password, req->client_addr,
	                      req_header(req, "User-Agent"), &s);
	if (rc == PLEIN_TOOBIG) {
		resp_header(req, "Retry-After", pool_printf(req->pool, "%u", s.retry_after));
		api_error(req, 429, "too_many_attempts",
		          T(req, N_("Too many sign-in attempts. Please wait a few minutes and try again.")), NULL);
		return;
	}
	if (rc == PLEIN_DENIED) {
		api_error(req, 401, "invalid_credentials", T(req, N_("The e-mail address or password is incorrect.")), NULL);
		return;
	}
	if (rc) {
		api_error(req, 503, "unavailable", T(req, N_("Signing in is not possible right now. Please try again.")), NULL);
		return;
	}
	resp_set_cookie(req, SESSION_COOKIE, s.token, -1);
	json_t *person = api_person(s.person);
	if (!visibility_can_browse(s.person))
		json_object_set_new(person, "manager", json_null());  /* guests and alumni: see api_profile.c */
	api_json(req, 200, json_pack("{s:s, s:s, s:o}", "token", s.token, "csrf_token", csrf_for(&s, req),
	                             "person", person));
}

void api_session_delete(struct request *req)
{
	if (sessions_end(req->db, req->session->id)) {
		api_error(req, 503, "unavailable", T(req, N_("Signing out failed. Please try again.")), NULL);
		return;
	}
	audit_log(req->db, req->viewer->id, "sign_out", req->viewer->email, req->client_addr);
	if (!req->bearer)
		resp_set_cookie(req, SESSION_COOKIE, "", 0);
	api_no_content(req);
}

void api_sessions_list(struct request *req)
{
	struct session *list;
	size_t n;
	if (sessions_list(req->db, req->pool, req->viewer->id, &list, &n)) {
		api_error(req, 503, "unavailable", T(req, N_("Your sessions cannot be listed right now.")), NULL);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, api_session(&list[i], list[i].id == req->session->id));
	api_json(req, 200, json_pack("{s:o, s:n}", "items", items, "next_cursor"));
}

void api_sessions_delete(struct request *req)
{
	int64_t id = req_param_id(req, "id");
	int rc = id ? sessions_end_own(req->db, req->viewer->id, id) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND) {
		api_error(req, 404, "not_found", T(req, N_("There is no such session.")), NULL);
		return;
	}
	if (rc) {
		api_error(req, 503, "unavailable", T(req, N_("The session could not be ended. Please try again.")), NULL);
		return;
	}
	audit_log(req->db, req->viewer->id, "session_end", pool_printf(req->pool, "%lld", (long long)id), req->client_addr);
	api_no_content(req);
}

/* routes.c — the whole HTTP surface of plein in one table: method, path,
 * handler, flags, body limit. Read it to know what plein answers; the
 * authorization tests walk it too. */
#include "web/app.h"
#include "web/handlers.h"
#include "http/static.h"

#define KB 1024

const struct route app_routes[] = {
	/* pages */
	{ "GET",  "/",                                   page_home,                    R_AUTH, 0 },
	{ "GET",  "/signin",                             page_signin_form,             0, 0 },
	{ "POST", "/signin",                             page_signin,                  R_FORM, 8 * KB },
	{ "POST", "/signout",                            page_signout,                 R_FORM | R_AUTH, 4 * KB },
	{ "GET",  "/setup",                              page_setup_form,              0, 0 },
	{ "POST", "/setup",                              page_setup,                   R_FORM, 8 * KB },
	{ "GET",  "/people",                             page_people,                  R_AUTH, 0 },
	{ "GET",  "/people/{id}",                        page_person,                  R_AUTH, 0 },
	{ "GET",  "/people/{id}/edit",                   page_person_edit_form,        R_AUTH, 0 },
	{ "POST", "/people/{id}/edit",                   page_person_edit,             R_FORM | R_AUTH, 32 * KB },
	{ "GET",  "/settings",                           page_settings,                R_AUTH, 0 },
	{ "POST", "/settings/language",                  page_settings_language,       R_FORM | R_AUTH, 4 * KB },
	{ "POST", "/settings/password",                  page_settings_password,       R_FORM | R_AUTH, 4 * KB },
	{ "POST", "/settings/sessions/{id}/end",         page_settings_session_end,    R_FORM | R_AUTH, 4 * KB },
	{ "POST", "/settings/sessions/end-others",       page_settings_sessions_end_others, R_FORM | R_AUTH, 4 * KB },
	{ "GET",  "/experts",                            page_experts,                 R_AUTH, 0 },
	{ "POST", "/people/{id}/endorsements",           page_person_endorse,          R_FORM | R_AUTH, 4 * KB },
	{ "GET",  "/static/{name}",                      static_serve,                 R_NOLOG, 0 },
	{ "GET",  "/healthz",                            page_healthz,                 R_NOLOG, 0 },

	/* JSON API, see docs/api.md. Sign-in is exempt from CSRF: there is no
	 * session yet, and the required JSON content type forces a CORS preflight
	 * that a foreign site cannot pass. */
	{ "POST",   "/api/v1/session",                   api_session_create,   R_API | R_JSONBODY | R_NOCSRF, 8 * KB },
	{ "DELETE", "/api/v1/session",                   api_session_delete,   R_API | R_AUTH, 0 },
	{ "GET",    "/api/v1/me",                        api_me_get,           R_API | R_AUTH, 0 },
	{ "PATCH",  "/api/v1/me",                        api_me_patch,         R_API | R_AUTH | R_JSONBODY, 64 * KB },
	{ "GET",    "/api/v1/people",                    api_people_list,      R_API | R_AUTH, 0 },
	{ "GET",    "/api/v1/people/{id}",               api_people_get,       R_API | R_AUTH, 0 },
	{ "GET",    "/api/v1/sessions",                  api_sessions_list,    R_API | R_AUTH, 0 },
	{ "DELETE", "/api/v1/sessions/{id}",             api_sessions_delete,  R_API | R_AUTH, 0 },
	{ "GET",    "/api/v1/experts",                   api_experts_list,     R_API | R_AUTH, 0 },
	{ "POST",   "/api/v1/people/{id}/endorsements",  api_endorsement_create, R_API | R_AUTH | R_JSONBODY, 4 * KB },
	{ "DELETE", "/api/v1/people/{id}/endorsements",  api_endorsement_delete, R_API | R_AUTH, 0 },
	{ 0 }
};

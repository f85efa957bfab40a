/* handlers.h — every route handler, named route_<area>_<action>; the table
 * in web/routes.c binds them to methods and paths. */
#ifndef PLEIN_HANDLERS_H
#define PLEIN_HANDLERS_H
#include "http/request.h"

/* pages: web/ */
void page_signin_form(struct request *req);
void page_signin(struct request *req);
void page_signout(struct request *req);
void page_setup_form(struct request *req);
void page_setup(struct request *req);
void page_home(struct request *req);
void page_people(struct request *req);
void page_person(struct request *req);
void page_person_edit_form(struct request *req);
void page_person_edit(struct request *req);
void page_settings(struct request *req);
void page_settings_language(struct request *req);
void page_settings_password(struct request *req);
void page_settings_session_end(struct request *req);
void page_settings_sessions_end_others(struct request *req);
void page_healthz(struct request *req);
void page_experts(struct request *req);
void page_person_endorse(struct request *req);

/* JSON API: api/ */
void api_session_create(struct request *req);
void api_session_delete(struct request *req);
void api_me_get(struct request *req);
void api_me_patch(struct request *req);
void api_people_list(struct request *req);
void api_people_get(struct request *req);
void api_sessions_list(struct request *req);
void api_sessions_delete(struct request *req);
void api_experts_list(struct request *req);
void api_endorsement_create(struct request *req);
void api_endorsement_delete(struct request *req);
#endif

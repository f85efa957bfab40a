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
void page_person_manage(struct request *req);
void page_settings(struct request *req);
void page_settings_language(struct request *req);
void page_settings_password(struct request *req);
void page_settings_session_end(struct request *req);
void page_settings_sessions_end_others(struct request *req);
void page_healthz(struct request *req);
void page_photo_serve(struct request *req);
void page_person_photo_form(struct request *req);
void page_person_photo_upload(struct request *req);
void page_person_photo_remove_form(struct request *req);
void page_person_photo_remove(struct request *req);
void page_admin_people(struct request *req);
void page_admin_invite(struct request *req);
void page_admin_invitation_revoke_form(struct request *req);
void page_admin_invitation_revoke(struct request *req);
void page_admin_import(struct request *req);
void page_invite_form(struct request *req);
void page_invite_accept(struct request *req);
/* directory: web/pages_directory.c */
void page_person_org(struct request *req);
void page_departments(struct request *req);
void page_experts(struct request *req);
void page_person_endorse(struct request *req);

/* attachments: web/pages_attachments.c */
void page_attachment_upload(struct request *req);
void page_file_serve(struct request *req);

/* JSON API: api/ */
void api_session_create(struct request *req);
void api_session_delete(struct request *req);
void api_me_get(struct request *req);
void api_me_patch(struct request *req);
void api_people_list(struct request *req);
void api_people_get(struct request *req);
void api_people_patch(struct request *req);
void api_sessions_list(struct request *req);
void api_sessions_delete(struct request *req);
void api_person_photo_put(struct request *req);
void api_person_photo_delete(struct request *req);
void api_invitations_create(struct request *req);
void api_invitations_list(struct request *req);
void api_invitations_delete(struct request *req);
void api_imports_create(struct request *req);
/* directory: api/api_directory.c */
void api_people_org(struct request *req);
void api_departments_list(struct request *req);
void api_department_people(struct request *req);
void api_skills_suggest(struct request *req);
void api_interests_suggest(struct request *req);
void api_experts_list(struct request *req);
void api_endorsement_create(struct request *req);
void api_endorsement_delete(struct request *req);
/* attachments: api/api_attachments.c */
void api_attachments_create(struct request *req);
#endif

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
/* conversations, pages: web/pages_home.c, web/pages_posts.c */
void page_discover(struct request *req);
void page_person_posts(struct request *req);
void page_stream_fragment(struct request *req);
void page_topic(struct request *req);
void page_topic_fragment(struct request *req);
void page_topic_follow(struct request *req);
void page_topic_unfollow(struct request *req);
void page_post(struct request *req);
void page_post_create(struct request *req);
void page_post_preview(struct request *req);
void page_post_edit_form(struct request *req);
void page_post_edit(struct request *req);
void page_post_history(struct request *req);
void page_post_delete_form(struct request *req);
void page_post_delete(struct request *req);
void page_comment_create(struct request *req);
void page_comment_delete_form(struct request *req);
void page_comment_delete(struct request *req);
void page_reaction(struct request *req);
void page_reactions_who(struct request *req);
void page_comments_fragment(struct request *req);
void page_reactions_fragment(struct request *req);
/* conversations: api/api_posts.c, api/api_stream.c */
void api_posts_create(struct request *req);
void api_posts_get(struct request *req);
void api_posts_patch(struct request *req);
void api_posts_delete(struct request *req);
void api_posts_revisions(struct request *req);
void api_comments_list(struct request *req);
void api_comments_create(struct request *req);
void api_comments_delete(struct request *req);
void api_reaction_put(struct request *req);
void api_reaction_delete(struct request *req);
void api_reactions_list(struct request *req);
void api_stream_home(struct request *req);
void api_stream_discover(struct request *req);
void api_people_posts(struct request *req);
void api_topic_get(struct request *req);
void api_topic_posts(struct request *req);
void api_topic_follow(struct request *req);
void api_topic_unfollow(struct request *req);
void api_topics_suggest(struct request *req);
void api_person_follow(struct request *req);
void api_person_unfollow(struct request *req);
/* praise, follow buttons, announcements: web/pages_praise.c, pages_follow.c,
 * pages_announcements.c, api/api_announcements.c */
void page_praise_form(struct request *req);
void page_praise_create(struct request *req);
void page_person_follow(struct request *req);
void page_person_unfollow(struct request *req);
void page_announcement_form(struct request *req);
void page_announcement_create(struct request *req);
void page_announcement_dismiss(struct request *req);
void api_announcements_list(struct request *req);
void api_announcement_dismiss(struct request *req);
/* live updates (server-sent events): web/pages_live.c, for both /events and /api/v1/events */
void live_events(struct request *req);
/* notifications: web/pages_notifications.c, api/api_notifications.c */
void page_notifications(struct request *req);
void page_notifications_read_all(struct request *req);
void page_notification_open(struct request *req);
void page_settings_notifications(struct request *req);
void api_notifications_list(struct request *req);
void api_notifications_read(struct request *req);
void api_notification_settings_get(struct request *req);
void api_notification_settings_put(struct request *req);
/* group files: web/pages_group_files.c, api/api_group_files.c */
void page_group_files(struct request *req);
void page_group_file_upload(struct request *req);
void page_group_file_delete_form(struct request *req);
void page_group_file_delete(struct request *req);
void api_group_files_list(struct request *req);
void api_group_files_create(struct request *req);
void api_group_files_delete(struct request *req);
/* sign-ups on posts: web/pages_signups.c, api/api_signups.c */
void page_signup_join(struct request *req);
void page_signup_withdraw(struct request *req);
void page_signup_csv(struct request *req);
void api_signup_put(struct request *req);
void api_signup_delete(struct request *req);
void api_signups_list(struct request *req);
#endif

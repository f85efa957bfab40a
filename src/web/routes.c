/* routes.c — the whole HTTP surface of plein in one table: method, path,
 * handler, flags, body limit. Read it to know what plein answers; the
 * authorization tests walk it too. */
#include "web/app.h"
#include "web/handlers.h"
#include "http/static.h"
#include "core/attachments.h"
#include "core/photo.h"

#define KB 1024
#define MB (1024 * KB)

const struct route app_routes[] = {
	/* pages */
	{ "GET",  "/",                                   page_home,                    R_AUTH, 0, POL_SIGNED_IN },
	{ "GET",  "/signin",                             page_signin_form,             0, 0, POL_PUBLIC },
	{ "POST", "/signin",                             page_signin,                  R_FORM, 8 * KB, POL_PUBLIC },
	{ "POST", "/signout",                            page_signout,                 R_FORM | R_AUTH, 4 * KB, POL_SIGNED_IN },
	{ "GET",  "/setup",                              page_setup_form,              0, 0, POL_PUBLIC },
	{ "POST", "/setup",                              page_setup,                   R_FORM, 8 * KB, POL_PUBLIC },
	{ "GET",  "/people",                             page_people,                  R_AUTH, 0, POL_BROWSE },
	{ "GET",  "/people/{id}",                        page_person,                  R_AUTH, 0, POL_OBJECT },
	{ "GET",  "/people/{id}/org",                    page_person_org,              R_AUTH, 0, POL_BROWSE },
	{ "GET",  "/departments",                        page_departments,             R_AUTH, 0, POL_BROWSE },
	{ "GET",  "/people/{id}/edit",                   page_person_edit_form,        R_AUTH, 0, POL_OBJECT },
	{ "POST", "/people/{id}/edit",                   page_person_edit,             R_FORM | R_AUTH, 32 * KB, POL_OBJECT },
	{ "POST", "/people/{id}/manage",                 page_person_manage,           R_FORM | R_AUTH, 8 * KB, POL_OBJECT },
	{ "GET",  "/settings",                           page_settings,                R_AUTH, 0, POL_SIGNED_IN },
	{ "POST", "/settings/language",                  page_settings_language,       R_FORM | R_AUTH, 4 * KB, POL_SIGNED_IN },
	{ "POST", "/settings/password",                  page_settings_password,       R_FORM | R_AUTH, 4 * KB, POL_SIGNED_IN },
	{ "POST", "/settings/sessions/{id}/end",         page_settings_session_end,    R_FORM | R_AUTH, 4 * KB, POL_SIGNED_IN },
	{ "POST", "/settings/sessions/end-others",       page_settings_sessions_end_others, R_FORM | R_AUTH, 4 * KB, POL_SIGNED_IN },
	/* profile photos: the multipart limit leaves room for the form around a 10 MB file */
	{ "GET",  "/photos/{name}",                      page_photo_serve,             R_AUTH, 0, POL_OBJECT },
	{ "GET",  "/people/{id}/photo",                  page_person_photo_form,       R_AUTH, 0, POL_OBJECT },
	{ "POST", "/people/{id}/photo",                  page_person_photo_upload,     R_MULTIPART | R_AUTH, PHOTO_MAX_BYTES + 256 * KB, POL_OBJECT },
	{ "GET",  "/people/{id}/photo/remove",           page_person_photo_remove_form, R_AUTH, 0, POL_OBJECT },
	{ "POST", "/people/{id}/photo/remove",           page_person_photo_remove,     R_FORM | R_AUTH, 4 * KB, POL_OBJECT },
	{ "GET",  "/admin/people",                       page_admin_people,            R_AUTH | R_ADMIN, 0, POL_ADMIN },
	{ "POST", "/admin/people/invite",                page_admin_invite,            R_FORM | R_AUTH | R_ADMIN, 64 * KB, POL_ADMIN },
	{ "GET",  "/admin/people/invitations/{id}/revoke", page_admin_invitation_revoke_form, R_AUTH | R_ADMIN, 0, POL_ADMIN },
	{ "POST", "/admin/people/invitations/{id}/revoke", page_admin_invitation_revoke, R_FORM | R_AUTH | R_ADMIN, 4 * KB, POL_ADMIN },
	{ "POST", "/admin/people/import",                page_admin_import,            R_MULTIPART | R_AUTH | R_ADMIN, 51 * MB, POL_ADMIN },
	/* public: the token in the path is the invitee's only credential (kept out of the access log) */
	{ "GET",  "/invite/{token}",                     page_invite_form,             R_SECRET_PATH, 0, POL_PUBLIC },
	{ "POST", "/invite/{token}",                     page_invite_accept,           R_FORM | R_SECRET_PATH, 8 * KB, POL_PUBLIC },
	{ "GET",  "/experts",                            page_experts,                 R_AUTH, 0, POL_BROWSE },
	{ "POST", "/people/{id}/endorsements",           page_person_endorse,          R_FORM | R_AUTH, 4 * KB, POL_BROWSE },
	/* attachments: upload for the composer (JSON answer); files are served to
	 * whoever may see their post, signed out too for public posts */
	{ "POST", "/attachments",                        page_attachment_upload,       R_MULTIPART | R_AUTH, ATTACHMENT_MAX_BYTES + 64 * KB, POL_SIGNED_IN },
	{ "GET",  "/files/{id}/{name}",                  page_file_serve,              0, 0, POL_OBJECT },
	/* conversations: a public post's page is readable signed out (visibility.c decides) */
	{ "GET",  "/discover",                           page_discover,                R_AUTH, 0, POL_BROWSE },
	{ "GET",  "/people/{id}/posts",                  page_person_posts,            R_AUTH, 0, POL_OBJECT },
	{ "GET",  "/stream/{name}/fragment",             page_stream_fragment,         R_AUTH, 0, POL_SIGNED_IN },
	{ "GET",  "/topics/{name}",                      page_topic,                   R_AUTH, 0, POL_BROWSE },
	{ "GET",  "/topics/{name}/fragment",             page_topic_fragment,          R_AUTH, 0, POL_BROWSE },
	{ "POST", "/topics/{name}/follow",               page_topic_follow,            R_FORM | R_AUTH, 4 * KB, POL_BROWSE },
	{ "POST", "/topics/{name}/unfollow",             page_topic_unfollow,          R_FORM | R_AUTH, 4 * KB, POL_BROWSE },
	/* the post and comment forms carry files: a post's 25 MB and the form around them */
	{ "POST", "/posts",                              page_post_create,             R_FORM | R_MULTIPART | R_AUTH, 26 * MB, POL_SIGNED_IN },
	{ "POST", "/posts/preview",                      page_post_preview,            R_FORM | R_AUTH, 64 * KB, POL_SIGNED_IN },
	{ "GET",  "/posts/{id}",                         page_post,                    0, 0, POL_OBJECT },
	{ "GET",  "/posts/{id}/edit",                    page_post_edit_form,          R_AUTH, 0, POL_OBJECT },
	{ "POST", "/posts/{id}/edit",                    page_post_edit,               R_FORM | R_AUTH, 64 * KB, POL_OBJECT },
	{ "GET",  "/posts/{id}/history",                 page_post_history,            0, 0, POL_OBJECT },
	{ "GET",  "/posts/{id}/delete",                  page_post_delete_form,        R_AUTH, 0, POL_OBJECT },
	{ "POST", "/posts/{id}/delete",                  page_post_delete,             R_FORM | R_AUTH, 4 * KB, POL_OBJECT },
	{ "POST", "/posts/{id}/comments",                page_comment_create,          R_FORM | R_MULTIPART | R_AUTH, 26 * MB, POL_OBJECT },
	{ "GET",  "/posts/{id}/comments/fragment",       page_comments_fragment,       0, 0, POL_OBJECT },
	{ "GET",  "/comments/{id}/delete",               page_comment_delete_form,     R_AUTH, 0, POL_OBJECT },
	{ "POST", "/comments/{id}/delete",               page_comment_delete,          R_FORM | R_AUTH, 4 * KB, POL_OBJECT },
	{ "POST", "/posts/{id}/reactions/{kind}",        page_reaction,                R_FORM | R_AUTH, 4 * KB, POL_OBJECT },
	{ "GET",  "/posts/{id}/reactions",               page_reactions_who,           0, 0, POL_OBJECT },
	{ "GET",  "/posts/{id}/reactions/fragment",      page_reactions_fragment,      0, 0, POL_OBJECT },
	/* praise, follow buttons and announcements (web/pages_praise.c, pages_follow.c, pages_announcements.c) */
	{ "GET",  "/praise/new",                         page_praise_form,             R_AUTH, 0, POL_BROWSE },
	{ "POST", "/praise/new",                         page_praise_create,           R_FORM | R_AUTH, 64 * KB, POL_BROWSE },
	{ "POST", "/people/{id}/follow",                 page_person_follow,           R_FORM | R_AUTH, 4 * KB, POL_BROWSE },
	{ "POST", "/people/{id}/unfollow",               page_person_unfollow,         R_FORM | R_AUTH, 4 * KB, POL_BROWSE },
	{ "GET",  "/announcements/new",                  page_announcement_form,       R_AUTH, 0, POL_BROWSE },
	{ "POST", "/announcements/new",                  page_announcement_create,     R_FORM | R_AUTH, 64 * KB, POL_BROWSE },
	{ "POST", "/announcements/{id}/dismiss",         page_announcement_dismiss,    R_FORM | R_AUTH, 4 * KB, POL_SIGNED_IN },
	{ "GET",  "/notifications",                      page_notifications,           R_AUTH, 0, POL_SIGNED_IN },
	{ "POST", "/notifications/read-all",             page_notifications_read_all,  R_FORM | R_AUTH, 4 * KB, POL_SIGNED_IN },
	{ "POST", "/notifications/{id}/open",            page_notification_open,       R_FORM | R_AUTH, 4 * KB, POL_SIGNED_IN },
	{ "POST", "/settings/notifications",             page_settings_notifications,  R_FORM | R_AUTH, 4 * KB, POL_SIGNED_IN },
	/* group files (web/pages_group_files.c): the upload form carries up to five 10 MB files */
	{ "GET",  "/groups/{id}/files",                  page_group_files,             R_AUTH, 0, POL_OBJECT },
	{ "POST", "/groups/{id}/files",                  page_group_file_upload,       R_MULTIPART | R_AUTH, 5 * ATTACHMENT_MAX_BYTES + 256 * KB, POL_OBJECT },
	{ "GET",  "/groups/{id}/files/{file_id}/delete", page_group_file_delete_form,  R_AUTH, 0, POL_OBJECT },
	{ "POST", "/groups/{id}/files/{file_id}/delete", page_group_file_delete,       R_FORM | R_AUTH, 4 * KB, POL_OBJECT },
	/* sign-ups on posts (web/pages_signups.c) */
	{ "POST", "/posts/{id}/signup",                  page_signup_join,             R_FORM | R_AUTH, 4 * KB, POL_OBJECT },
	{ "POST", "/posts/{id}/signup/withdraw",         page_signup_withdraw,         R_FORM | R_AUTH, 4 * KB, POL_OBJECT },
	{ "GET",  "/posts/{id}/signup.csv",              page_signup_csv,              R_AUTH, 0, POL_OBJECT },
	{ "GET",  "/static/{name}",                      static_serve,                 R_NOLOG, 0, POL_PUBLIC },
	{ "GET",  "/healthz",                            page_healthz,                 R_NOLOG, 0, POL_PUBLIC },

	/* JSON API, see docs/api.md. Sign-in is exempt from CSRF: there is no
	 * session yet, and the required JSON content type forces a CORS preflight
	 * that a foreign site cannot pass. */
	{ "POST",   "/api/v1/session",                   api_session_create,   R_API | R_JSONBODY | R_NOCSRF, 8 * KB, POL_PUBLIC },
	{ "DELETE", "/api/v1/session",                   api_session_delete,   R_API | R_AUTH, 0, POL_SIGNED_IN },
	{ "GET",    "/api/v1/me",                        api_me_get,           R_API | R_AUTH, 0, POL_SIGNED_IN },
	{ "PATCH",  "/api/v1/me",                        api_me_patch,         R_API | R_AUTH | R_JSONBODY, 64 * KB, POL_SIGNED_IN },
	{ "GET",    "/api/v1/people",                    api_people_list,      R_API | R_AUTH, 0, POL_BROWSE },
	{ "GET",    "/api/v1/people/{id}",               api_people_get,       R_API | R_AUTH, 0, POL_OBJECT },
	{ "PATCH",  "/api/v1/people/{id}",               api_people_patch,     R_API | R_AUTH | R_JSONBODY, 64 * KB, POL_OBJECT },
	{ "GET",    "/api/v1/people/{id}/org",           api_people_org,       R_API | R_AUTH, 0, POL_BROWSE },
	{ "GET",    "/api/v1/departments",               api_departments_list, R_API | R_AUTH, 0, POL_BROWSE },
	{ "GET",    "/api/v1/departments/people",        api_department_people, R_API | R_AUTH, 0, POL_BROWSE },
	{ "GET",    "/api/v1/skills",                    api_skills_suggest,   R_API | R_AUTH, 0, POL_BROWSE },
	{ "GET",    "/api/v1/interests",                 api_interests_suggest, R_API | R_AUTH, 0, POL_BROWSE },
	{ "GET",    "/api/v1/sessions",                  api_sessions_list,    R_API | R_AUTH, 0, POL_SIGNED_IN },
	{ "DELETE", "/api/v1/sessions/{id}",             api_sessions_delete,  R_API | R_AUTH, 0, POL_SIGNED_IN },
	{ "PUT",    "/api/v1/people/{id}/photo",         api_person_photo_put,    R_API | R_AUTH | R_UPLOAD, PHOTO_MAX_BYTES, POL_OBJECT },
	{ "DELETE", "/api/v1/people/{id}/photo",         api_person_photo_delete, R_API | R_AUTH, 0, POL_OBJECT },
	{ "POST",   "/api/v1/invitations",               api_invitations_create, R_API | R_AUTH | R_ADMIN | R_JSONBODY, 64 * KB, POL_ADMIN },
	{ "GET",    "/api/v1/invitations",               api_invitations_list, R_API | R_AUTH | R_ADMIN, 0, POL_ADMIN },
	{ "DELETE", "/api/v1/invitations/{id}",          api_invitations_delete, R_API | R_AUTH | R_ADMIN, 0, POL_ADMIN },
	{ "POST",   "/api/v1/imports",                   api_imports_create,   R_API | R_AUTH | R_ADMIN | R_UPLOAD, 50 * MB, POL_ADMIN },
	{ "GET",    "/api/v1/experts",                   api_experts_list,     R_API | R_AUTH, 0, POL_BROWSE },
	{ "POST",   "/api/v1/people/{id}/endorsements",  api_endorsement_create, R_API | R_AUTH | R_JSONBODY, 4 * KB, POL_BROWSE },
	{ "DELETE", "/api/v1/people/{id}/endorsements",  api_endorsement_delete, R_API | R_AUTH, 0, POL_BROWSE },
	{ "POST",   "/api/v1/attachments",               api_attachments_create, R_API | R_AUTH | R_UPLOAD, ATTACHMENT_MAX_BYTES, POL_SIGNED_IN },
	/* conversations: public posts are readable signed out (visibility.c decides) */
	{ "POST",   "/api/v1/posts",                     api_posts_create,     R_API | R_AUTH | R_JSONBODY, 64 * KB, POL_SIGNED_IN },
	{ "GET",    "/api/v1/posts/{id}",                api_posts_get,        R_API, 0, POL_OBJECT },
	{ "PATCH",  "/api/v1/posts/{id}",                api_posts_patch,      R_API | R_AUTH | R_JSONBODY, 64 * KB, POL_OBJECT },
	{ "DELETE", "/api/v1/posts/{id}",                api_posts_delete,     R_API | R_AUTH, 0, POL_OBJECT },
	{ "GET",    "/api/v1/posts/{id}/revisions",      api_posts_revisions,  R_API, 0, POL_OBJECT },
	{ "GET",    "/api/v1/posts/{id}/comments",       api_comments_list,    R_API, 0, POL_OBJECT },
	{ "POST",   "/api/v1/posts/{id}/comments",       api_comments_create,  R_API | R_AUTH | R_JSONBODY, 64 * KB, POL_OBJECT },
	{ "DELETE", "/api/v1/comments/{id}",             api_comments_delete,  R_API | R_AUTH, 0, POL_OBJECT },
	{ "GET",    "/api/v1/posts/{id}/reactions",      api_reactions_list,   R_API, 0, POL_OBJECT },
	{ "PUT",    "/api/v1/posts/{id}/reactions/{kind}", api_reaction_put,   R_API | R_AUTH, 0, POL_OBJECT },
	{ "DELETE", "/api/v1/posts/{id}/reactions/{kind}", api_reaction_delete, R_API | R_AUTH, 0, POL_OBJECT },
	{ "GET",    "/api/v1/stream/home",               api_stream_home,      R_API | R_AUTH, 0, POL_SIGNED_IN },
	{ "GET",    "/api/v1/stream/discover",           api_stream_discover,  R_API | R_AUTH, 0, POL_BROWSE },
	{ "GET",    "/api/v1/people/{id}/posts",         api_people_posts,     R_API | R_AUTH, 0, POL_OBJECT },
	{ "POST",   "/api/v1/people/{id}/follow",        api_person_follow,    R_API | R_AUTH, 0, POL_BROWSE },
	{ "DELETE", "/api/v1/people/{id}/follow",        api_person_unfollow,  R_API | R_AUTH, 0, POL_BROWSE },
	{ "GET",    "/api/v1/topics",                    api_topics_suggest,   R_API | R_AUTH, 0, POL_BROWSE },
	{ "GET",    "/api/v1/topics/{name}",             api_topic_get,        R_API | R_AUTH, 0, POL_BROWSE },
	{ "GET",    "/api/v1/topics/{name}/posts",       api_topic_posts,      R_API | R_AUTH, 0, POL_BROWSE },
	{ "POST",   "/api/v1/topics/{name}/follow",      api_topic_follow,     R_API | R_AUTH, 0, POL_BROWSE },
	{ "DELETE", "/api/v1/topics/{name}/follow",      api_topic_unfollow,   R_API | R_AUTH, 0, POL_BROWSE },
	/* announcements (api/api_announcements.c) */
	{ "GET",    "/api/v1/announcements",             api_announcements_list, R_API | R_AUTH, 0, POL_SIGNED_IN },
	{ "POST",   "/api/v1/announcements/{id}/dismiss", api_announcement_dismiss, R_API | R_AUTH, 0, POL_SIGNED_IN },
	/* live updates: one stream for pages (session cookie) and API clients
	 * (bearer too); see docs/api.md "Live events" */
	{ "GET",    "/events",                           live_events,          R_AUTH, 0, POL_SIGNED_IN },
	{ "GET",    "/api/v1/events",                    live_events,          R_API | R_AUTH, 0, POL_SIGNED_IN },
	{ "GET",    "/api/v1/notifications",             api_notifications_list, R_API | R_AUTH, 0, POL_SIGNED_IN },
	{ "POST",   "/api/v1/notifications/read",        api_notifications_read, R_API | R_AUTH | R_JSONBODY, 8 * KB, POL_SIGNED_IN },
	{ "GET",    "/api/v1/notifications/settings",    api_notification_settings_get, R_API | R_AUTH, 0, POL_SIGNED_IN },
	{ "PUT",    "/api/v1/notifications/settings",    api_notification_settings_put, R_API | R_AUTH | R_JSONBODY, 4 * KB, POL_SIGNED_IN },
	/* group files and sign-ups (api/api_group_files.c, api_signups.c) */
	{ "GET",    "/api/v1/groups/{id}/files",         api_group_files_list, R_API | R_AUTH, 0, POL_OBJECT },
	{ "POST",   "/api/v1/groups/{id}/files",         api_group_files_create, R_API | R_AUTH | R_UPLOAD, ATTACHMENT_MAX_BYTES, POL_OBJECT },
	{ "DELETE", "/api/v1/groups/{id}/files/{file_id}", api_group_files_delete, R_API | R_AUTH, 0, POL_OBJECT },
	{ "PUT",    "/api/v1/posts/{id}/signup",         api_signup_put,       R_API | R_AUTH, 0, POL_OBJECT },
	{ "DELETE", "/api/v1/posts/{id}/signup",         api_signup_delete,    R_API | R_AUTH, 0, POL_OBJECT },
	{ "GET",    "/api/v1/posts/{id}/signups",        api_signups_list,     R_API | R_AUTH, 0, POL_OBJECT },
	{ 0 }
};

/* app.h — the application as the HTTP layer sees it: the route table, and
 * the hooks that run around every handler (viewer, language, CSRF, roles).
 * Pages live in web/, the JSON API in api/, both register here. */
#ifndef PLEIN_APP_H
#define PLEIN_APP_H
#include "http/server.h"

#define SESSION_COOKIE "plein_session"

extern const struct route app_routes[];
extern const struct http_app plein_app;

int app_init(char *err, size_t errlen) WARN_UNUSED;  /* templates, catalogues, assets */
void app_shutdown(void);

/* Translate an English msgid into the request's language. */
const char *T(struct request *req, const char *msgid);
/* The CSRF token that goes with a session (by its token hash). */
const char *app_csrf_token(struct pool *p, const unsigned char *session_hash);
/* Is the viewer an admin? */
bool app_viewer_is_admin(struct request *req);
#endif

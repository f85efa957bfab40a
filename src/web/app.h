/* app.h — the application as the HTTP layer sees it: the route table, and
 * the hooks that run around every handler (viewer, language, CSRF, roles).
 * Pages live in web/, the JSON API in api/, both register here. */
#ifndef PLEIN_APP_H
#define PLEIN_APP_H
#include "http/server.h"

#define SESSION_COOKIE "plein_session"

/* Who may use a route: the last field of each line of the route table.
 * app.c enforces the role-only ones before the handler runs; POL_OBJECT
 * routes ask visibility.c about the object they name. A route line without
 * one does not compile (-Wmissing-field-initializers with -Werror), the
 * build also runs `plein routes --check` (policy fits the flags), and
 * tests/e2e/authz-matrix.test.mjs walks every route with every role. */
enum route_policy {
	POL_NONE = 0,    /* not declared: the build fails */
	POL_PUBLIC,      /* anyone, signed out too: signing in, assets, health */
	POL_SIGNED_IN,   /* anyone signed in, guests and alumni too, on their own things (settings, home, notifications) */
	POL_BROWSE,      /* the organisation's members (visibility_can_browse): directory, experts, discover, topics */
	POL_ADMIN,       /* administrators (with R_ADMIN) */
	POL_OBJECT,      /* decided per object by visibility.c (posts, groups, profiles, files) */
};
/* The policy's name ("browse"), NULL for an unknown value. */
const char *app_policy_name(unsigned policy);
/* Every route declares a policy that fits its flags: 0, else prints the
 * offending routes to f and returns the number. */
int app_routes_check(FILE *f);

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

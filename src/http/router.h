/* router.h — the declarative route table (one line per route, like git's
 * command table) and the matcher. Patterns are literal segments and `{name}`
 * captures of one segment: "/people/{id}/edit". */
#ifndef PLEIN_ROUTER_H
#define PLEIN_ROUTER_H
#include "lib/common.h"

struct request;
typedef void (*route_handler)(struct request *req);

enum route_flags {
	R_AUTH    = 1 << 0,  /* needs a signed-in person */
	R_API     = 1 << 1,  /* errors as JSON, bearer tokens accepted */
	R_NOCSRF  = 1 << 2,  /* state-changing but exempt from CSRF (documented per route) */
	R_FORM    = 1 << 3,  /* body is application/x-www-form-urlencoded; parsed before the handler */
	R_JSONBODY= 1 << 4,  /* body must be application/json */
	R_ADMIN   = 1 << 5,  /* needs an admin */
	R_NOLOG   = 1 << 6,  /* keep out of the access log (health checks) */
	R_MULTIPART = 1 << 7, /* body is multipart/form-data: text fields in req->form, files via req_upload();
	                         the body limit is the route's own, capped by [server] max_upload */
	R_UPLOAD  = 1 << 8,  /* body is one raw file (e.g. PUT of an image): limit capped by max_upload, not max_body */
	R_SECRET_PATH = 1 << 9, /* the path holds a secret (an invitation token): the access log shows the pattern */
};

struct route {
	const char *method;   /* "GET", "POST", … */
	const char *pattern;
	route_handler handler;
	unsigned flags;
	size_t max_body;      /* 0: no body accepted beyond the default form limit */
	unsigned char policy; /* who may use it, defined by the application (web/app.h POL_*); 0: none declared */
};

#define ROUTE_MAX_PARAMS 4
struct route_params {
	int n;
	struct { const char *name; size_t name_len; const char *value; size_t value_len; } p[ROUTE_MAX_PARAMS];
};

enum route_result { ROUTE_FOUND, ROUTE_NO_PATH, ROUTE_NO_METHOD };

/* Match method + path against the table (ends with a zeroed entry).
 * ROUTE_NO_METHOD means the path exists for another method (→ 405). Param values point into path. */
enum route_result router_match(const struct route *table, const char *method, const char *path,
                               const struct route **out, struct route_params *params);
/* Does the pattern match the path? (exposed for tests and the fuzzer) */
bool router_pattern_match(const char *pattern, const char *path, struct route_params *params);
#endif

/* router.c — matches a request path against the route table, segment by
 * segment. Linear over the table: a few dozen routes cost less than a hash. */
#include "http/router.h"

bool router_pattern_match(const char *pat, const char *path, struct route_params *params)
{
	params->n = 0;
	while (*pat && *path) {
		if (*pat == '{') {
			const char *close = strchr(pat, '}');
			if (!close)
				return false;
			const char *seg = path;
			while (*path && *path != '/')
				path++;
			if (path == seg || params->n >= ROUTE_MAX_PARAMS)
				return false; /* an empty segment never matches a capture */
			params->p[params->n].name = pat + 1;
			params->p[params->n].name_len = (size_t)(close - pat - 1);
			params->p[params->n].value = seg;
			params->p[params->n].value_len = (size_t)(path - seg);
			params->n++;
			pat = close + 1;
		} else {
			if (*pat != *path)
				return false;
			pat++;
			path++;
		}
	}
	return *pat == '\0' && *path == '\0';
}

enum route_result router_match(const struct route *table, const char *method, const char *path,
                               const struct route **out, struct route_params *params)
{
	bool path_seen = false;
	struct route_params tmp;
	for (const struct route *r = table; r->pattern; r++) {
		if (!router_pattern_match(r->pattern, path, &tmp))
			continue;
		/* HEAD is served by the GET handler; the HTTP library drops the body */
		if (strcmp(r->method, method) == 0 ||
		    (strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0)) {
			*out = r;
			*params = tmp;
			return ROUTE_FOUND;
		}
		path_seen = true;
	}
	*out = NULL;
	params->n = 0;
	return path_seen ? ROUTE_NO_METHOD : ROUTE_NO_PATH;
}

/* fuzz_route.c — libFuzzer harness for request paths: the input is
 * "METHOD\nPATH" (split at the first newline; no newline: GET and the whole
 * input as the path). The path is matched against plein's route table and
 * against a few hand-made patterns, and checked with utf8_valid. Checks the
 * matcher's promises: captures are non-empty, inside the path, free of '/',
 * at most ROUTE_MAX_PARAMS; a found route matches the path by itself; a
 * 405 names a path that some route matches. */
#include "lib/common.h"
#include "lib/utf8.h"
#include "http/router.h"
#include "web/app.h"

#define INPUT_MAX 4096

/* named: the pattern is ours, so every capture has a name */
static void check_params(const struct route_params *ps, const char *path, size_t plen, bool named)
{
	if (ps->n < 0 || ps->n > ROUTE_MAX_PARAMS)
		abort();
	for (int i = 0; i < ps->n; i++) {
		const char *v = ps->p[i].value;
		size_t vl = ps->p[i].value_len;
		if (vl == 0 || v < path || v + vl > path + plen || memchr(v, '/', vl) || (named && ps->p[i].name_len == 0))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	static const char *const patterns[] = {
		"/", "/people/{id}", "/people/{id}/edit", "/static/{name}", "/{a}/{b}/{c}/{d}",
		"/{a}/{b}/{c}/{d}/{e}", "/x{y}", "/{unterminated", "", "{a}{b}",
	};
	if (len > INPUT_MAX)
		return 0;
	char *copy = xmalloc(len + 1);
	memcpy(copy, buf, len);
	copy[len] = '\0';
	const char *method = "GET", *path = copy;
	char *nl = memchr(copy, '\n', len);
	if (nl) {
		*nl = '\0';
		method = copy;
		path = nl + 1;
	}
	/* the HTTP layer hands NUL-terminated strings to the router */
	size_t plen = strlen(path);
	(void)utf8_valid(path, plen);
	(void)utf8_has_control(path, plen, false);
	(void)utf8_length(path, plen);

	const struct route *r = NULL;
	struct route_params ps;
	enum route_result res = router_match(app_routes, method, path, &r, &ps);
	switch (res) {
	case ROUTE_FOUND: {
		struct route_params again;
		if (!r || !router_pattern_match(r->pattern, path, &again) || again.n != ps.n)
			abort();
		if (strcmp(r->method, method) != 0 && !(strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0))
			abort();
		check_params(&ps, path, plen, true);
		break;
	}
	case ROUTE_NO_METHOD: {
		bool any = false;
		struct route_params tmp;
		if (r || ps.n != 0)
			abort();
		for (const struct route *x = app_routes; x->pattern; x++)
			any |= router_pattern_match(x->pattern, path, &tmp);
		if (!any)
			abort();
		break;
	}
	case ROUTE_NO_PATH:
		if (r || ps.n != 0)
			abort();
		break;
	default:
		abort();
	}
	for (size_t i = 0; i < ARRAY_LEN(patterns); i++) {
		if (router_pattern_match(patterns[i], path, &ps))
			check_params(&ps, path, plen, true);
		else if (ps.n < 0 || ps.n > ROUTE_MAX_PARAMS)
			abort();
	}
	/* the input's own first line as a pattern, against the path */
	if (nl && router_pattern_match(method, path, &ps))
		check_params(&ps, path, plen, false);
	free(copy);
	return 0;
}

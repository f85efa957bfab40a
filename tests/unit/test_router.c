/* test_router.c — the route matcher against plein's real table (app_routes)
 * and against small hand-made tables: exact paths, {captures}, trailing
 * slashes, empty segments, 405 detection, HEAD served by GET, and patterns
 * with more captures than ROUTE_MAX_PARAMS. */
#include "unit.h"
#include "http/router.h"
#include "web/app.h"

static void h_a(struct request *r) { (void)r; }
static void h_b(struct request *r) { (void)r; }
static void h_c(struct request *r) { (void)r; }
static void h_d(struct request *r) { (void)r; }

static const struct route table[] = {
	{ "GET",    "/",                   h_a, 0, 0, 0 },
	{ "GET",    "/things",             h_a, 0, 0, 0 },
	{ "POST",   "/things",             h_b, 0, 0, 0 },
	{ "GET",    "/things/{id}",        h_c, 0, 0, 0 },
	{ "DELETE", "/things/{id}",        h_d, 0, 0, 0 },
	{ "GET",    "/things/{id}/parts/{part}", h_a, 0, 0, 0 },
	{ "GET",    "/things/new",         h_b, 0, 0, 0 }, /* shadowed by {id}: first match wins */
	{ "PUT",    "/only-put",           h_b, 0, 0, 0 },
	{ 0 }
};

static bool param_is(const struct route_params *p, int i, const char *name, const char *value)
{
	return i < p->n && p->p[i].name_len == strlen(name) &&
	       memcmp(p->p[i].name, name, p->p[i].name_len) == 0 && p->p[i].value_len == strlen(value) &&
	       memcmp(p->p[i].value, value, p->p[i].value_len) == 0;
}

static enum route_result match(const struct route *t, const char *method, const char *path,
                               const struct route **r, struct route_params *params)
{
	memset(params, 0x5a, sizeof(*params)); /* garbage in, so stale values would show */
	*r = &table[0]; /* likewise */
	return router_match(t, method, path, r, params);
}

static void test_exact(void **state)
{
	const struct route *r;
	struct route_params ps;
	(void)state;
	assert_int_equal(match(table, "GET", "/", &r, &ps), ROUTE_FOUND);
	assert_ptr_equal(r, &table[0]);
	assert_int_equal(ps.n, 0);
	assert_int_equal(match(table, "GET", "/things", &r, &ps), ROUTE_FOUND);
	assert_ptr_equal(r, &table[1]);
	assert_int_equal(match(table, "POST", "/things", &r, &ps), ROUTE_FOUND);
	assert_ptr_equal(r, &table[2]);
	assert_int_equal(match(table, "GET", "/nothing", &r, &ps), ROUTE_NO_PATH);
	assert_null(r);
	assert_int_equal(ps.n, 0);
	/* case matters in paths and methods */
	assert_int_equal(match(table, "GET", "/Things", &r, &ps), ROUTE_NO_PATH);
	assert_int_equal(match(table, "get", "/things", &r, &ps), ROUTE_NO_METHOD);
	/* prefixes and extensions of a literal do not match */
	assert_int_equal(match(table, "GET", "/thing", &r, &ps), ROUTE_NO_PATH);
	assert_int_equal(match(table, "GET", "/thingsx", &r, &ps), ROUTE_NO_PATH);
	assert_int_equal(match(table, "GET", "", &r, &ps), ROUTE_NO_PATH);
}

static void test_captures(void **state)
{
	const struct route *r;
	struct route_params ps;
	(void)state;
	assert_int_equal(match(table, "GET", "/things/42", &r, &ps), ROUTE_FOUND);
	assert_ptr_equal(r, &table[3]);
	assert_int_equal(ps.n, 1);
	assert_true(param_is(&ps, 0, "id", "42"));

	assert_int_equal(match(table, "GET", "/things/a%20b/parts/x.y", &r, &ps), ROUTE_FOUND);
	assert_ptr_equal(r, &table[5]);
	assert_int_equal(ps.n, 2);
	assert_true(param_is(&ps, 0, "id", "a%20b")); /* no decoding in the router */
	assert_true(param_is(&ps, 1, "part", "x.y"));

	/* "new" is captured by the earlier {id} route */
	assert_int_equal(match(table, "GET", "/things/new", &r, &ps), ROUTE_FOUND);
	assert_ptr_equal(r, &table[3]);
	assert_true(param_is(&ps, 0, "id", "new"));

	/* a capture takes exactly one segment */
	assert_int_equal(match(table, "GET", "/things/1/2", &r, &ps), ROUTE_NO_PATH);
	assert_int_equal(match(table, "GET", "/things/1/parts", &r, &ps), ROUTE_NO_PATH);
	assert_int_equal(match(table, "GET", "/things/1/parts/", &r, &ps), ROUTE_NO_PATH);
	/* the values point into the path */
	const char *path = "/things/77";
	assert_int_equal(match(table, "GET", path, &r, &ps), ROUTE_FOUND);
	assert_ptr_equal(ps.p[0].value, path + 8);
}

static void test_trailing_and_empty(void **state)
{
	const struct route *r;
	struct route_params ps;
	(void)state;
	/* a trailing slash is a different path */
	assert_int_equal(match(table, "GET", "/things/", &r, &ps), ROUTE_NO_PATH);
	assert_int_equal(match(table, "GET", "/things/42/", &r, &ps), ROUTE_NO_PATH);
	/* an empty segment never matches a capture */
	assert_int_equal(match(table, "GET", "/things//parts/x", &r, &ps), ROUTE_NO_PATH);
	assert_int_equal(match(table, "GET", "//things", &r, &ps), ROUTE_NO_PATH);
	assert_int_equal(match(table, "GET", "/things/1/parts//", &r, &ps), ROUTE_NO_PATH);
	/* dot segments are not normalised by the router */
	assert_int_equal(match(table, "GET", "/things/../things", &r, &ps), ROUTE_NO_PATH);
	assert_int_equal(match(table, "GET", "/things/..", &r, &ps), ROUTE_FOUND);
	assert_true(param_is(&ps, 0, "id", ".."));
}

static void test_methods(void **state)
{
	const struct route *r;
	struct route_params ps;
	(void)state;
	/* the path exists for other methods: 405 */
	assert_int_equal(match(table, "PATCH", "/things", &r, &ps), ROUTE_NO_METHOD);
	assert_null(r);
	assert_int_equal(ps.n, 0);
	assert_int_equal(match(table, "POST", "/things/9", &r, &ps), ROUTE_NO_METHOD);
	assert_int_equal(match(table, "DELETE", "/things/9", &r, &ps), ROUTE_FOUND);
	assert_ptr_equal(r, &table[4]);
	assert_true(param_is(&ps, 0, "id", "9"));

	/* HEAD is served by GET, and only by GET */
	assert_int_equal(match(table, "HEAD", "/things", &r, &ps), ROUTE_FOUND);
	assert_ptr_equal(r, &table[1]);
	assert_int_equal(match(table, "HEAD", "/things/5", &r, &ps), ROUTE_FOUND);
	assert_ptr_equal(r, &table[3]);
	assert_int_equal(match(table, "HEAD", "/only-put", &r, &ps), ROUTE_NO_METHOD);
	assert_int_equal(match(table, "GET", "/only-put", &r, &ps), ROUTE_NO_METHOD);
	assert_int_equal(match(table, "", "/only-put", &r, &ps), ROUTE_NO_METHOD);
	assert_int_equal(match(table, "PUT", "/only-put", &r, &ps), ROUTE_FOUND);
}

static void test_pattern_edge(void **state)
{
	struct route_params ps;
	(void)state;
	assert_true(router_pattern_match("/", "/", &ps));
	assert_true(router_pattern_match("", "", &ps));
	assert_false(router_pattern_match("", "/", &ps));
	assert_false(router_pattern_match("/", "", &ps));
	/* a capture needs at least one character */
	assert_false(router_pattern_match("/{x}", "/", &ps));
	assert_true(router_pattern_match("/{x}", "/y", &ps));
	assert_int_equal(ps.n, 1);
	assert_true(param_is(&ps, 0, "x", "y"));
	/* a capture stops at '/', literal text after it must follow */
	assert_true(router_pattern_match("/{a}/{b}", "/1/2", &ps));
	assert_false(router_pattern_match("/{a}/{b}", "/1", &ps));
	assert_false(router_pattern_match("/{a}/{b}", "/1/", &ps));
	/* a capture inside a segment: runs to the end of the segment */
	assert_true(router_pattern_match("/f{name}", "/foo.css", &ps));
	assert_true(param_is(&ps, 0, "name", "oo.css"));
	assert_false(router_pattern_match("/f{name}.css", "/foo.css", &ps));
	/* an unterminated capture in a pattern never matches */
	assert_false(router_pattern_match("/{oops", "/x", &ps));
	/* ps.n is reset on every call, matched or not */
	ps.n = 3;
	assert_false(router_pattern_match("/a", "/b", &ps));
	assert_int_equal(ps.n, 0);
}

static void test_too_many_params(void **state)
{
	struct route_params ps;
	const struct route *r;
	(void)state;
	assert_int_equal(ROUTE_MAX_PARAMS, 4);
	assert_true(router_pattern_match("/{a}/{b}/{c}/{d}", "/1/2/3/4", &ps));
	assert_int_equal(ps.n, 4);
	assert_true(param_is(&ps, 3, "d", "4"));
	/* a fifth capture is refused, never written past the array */
	assert_false(router_pattern_match("/{a}/{b}/{c}/{d}/{e}", "/1/2/3/4/5", &ps));
	assert_true(ps.n <= ROUTE_MAX_PARAMS);
	static const struct route many[] = {
		{ "GET", "/{a}/{b}/{c}/{d}/{e}", h_a, 0, 0, 0 },
		{ 0 }
	};
	assert_int_equal(match(many, "GET", "/1/2/3/4/5", &r, &ps), ROUTE_NO_PATH);
}

static void test_empty_table(void **state)
{
	static const struct route none[] = { { 0 } };
	const struct route *r;
	struct route_params ps;
	(void)state;
	assert_int_equal(match(none, "GET", "/", &r, &ps), ROUTE_NO_PATH);
	assert_null(r);
}

/* ---- the real table -------------------------------------------------------- */

static void test_app_routes_shape(void **state)
{
	(void)state;
	size_t n = 0;
	for (const struct route *r = app_routes; r->pattern; r++, n++) {
		assert_non_null(r->method);
		assert_non_null(r->handler);
		assert_int_equal(r->pattern[0], '/');
		/* balanced braces, at most ROUTE_MAX_PARAMS captures */
		int captures = 0, open = 0;
		for (const char *c = r->pattern; *c; c++) {
			if (*c == '{') { open++; captures++; }
			if (*c == '}') open--;
			assert_in_range(open, 0, 1);
		}
		assert_int_equal(open, 0);
		assert_true(captures <= ROUTE_MAX_PARAMS);
		/* a body flag goes with a body limit; a body limit with a method that has one */
		if (r->flags & (R_FORM | R_JSONBODY))
			assert_true(r->max_body > 0);
		if (strcmp(r->method, "GET") == 0)
			assert_int_equal(r->flags & (R_FORM | R_JSONBODY), 0);
		/* no two rows with the same method and pattern */
		for (const struct route *o = app_routes; o < r; o++)
			assert_false(strcmp(o->method, r->method) == 0 && strcmp(o->pattern, r->pattern) == 0);
		/* every route matches itself (captures filled with "1") */
		char path[256];
		size_t k = 0;
		for (const char *c = r->pattern; *c && k < sizeof(path) - 2; c++) {
			if (*c == '{') {
				path[k++] = '1';
				c = strchr(c, '}');
			} else {
				path[k++] = *c;
			}
		}
		path[k] = '\0';
		const struct route *found;
		struct route_params ps;
		assert_int_equal(router_match(app_routes, r->method, path, &found, &ps), ROUTE_FOUND);
		assert_string_equal(found->method, r->method);
	}
	assert_true(n >= 10);
}

struct app_case {
	const char *method, *path;
	enum route_result want;
	const char *pattern; /* when found */
	const char *param;   /* the first capture, when any */
};

static void test_app_routes(void **state)
{
	static const struct app_case cases[] = {
		{ "GET", "/", ROUTE_FOUND, "/", NULL },
		{ "HEAD", "/", ROUTE_FOUND, "/", NULL },
		{ "GET", "/signin", ROUTE_FOUND, "/signin", NULL },
		{ "POST", "/signin", ROUTE_FOUND, "/signin", NULL },
		{ "PUT", "/signin", ROUTE_NO_METHOD, NULL, NULL },
		{ "GET", "/signout", ROUTE_NO_METHOD, NULL, NULL }, /* sign-out is POST only (CSRF) */
		{ "POST", "/signout", ROUTE_FOUND, "/signout", NULL },
		{ "GET", "/people", ROUTE_FOUND, "/people", NULL },
		{ "GET", "/people/", ROUTE_NO_PATH, NULL, NULL },
		{ "GET", "/people/12", ROUTE_FOUND, "/people/{id}", "12" },
		{ "GET", "/people/12/edit", ROUTE_FOUND, "/people/{id}/edit", "12" },
		{ "POST", "/people/12/edit", ROUTE_FOUND, "/people/{id}/edit", "12" },
		{ "DELETE", "/people/12", ROUTE_NO_METHOD, NULL, NULL },
		{ "GET", "/people//edit", ROUTE_NO_PATH, NULL, NULL },
		{ "GET", "/people/12/edit/", ROUTE_NO_PATH, NULL, NULL },
		{ "POST", "/settings/sessions/5/end", ROUTE_FOUND, "/settings/sessions/{id}/end", "5" },
		{ "POST", "/settings/sessions/end-others", ROUTE_FOUND, "/settings/sessions/end-others", NULL },
		{ "GET", "/settings/sessions/5/end", ROUTE_NO_METHOD, NULL, NULL },
		{ "GET", "/static/app.css", ROUTE_FOUND, "/static/{name}", "app.css" },
		{ "GET", "/static/../etc/passwd", ROUTE_NO_PATH, NULL, NULL },
		{ "GET", "/static/", ROUTE_NO_PATH, NULL, NULL },
		{ "GET", "/healthz", ROUTE_FOUND, "/healthz", NULL },
		{ "POST", "/api/v1/session", ROUTE_FOUND, "/api/v1/session", NULL },
		{ "DELETE", "/api/v1/session", ROUTE_FOUND, "/api/v1/session", NULL },
		{ "GET", "/api/v1/session", ROUTE_NO_METHOD, NULL, NULL },
		{ "GET", "/api/v1/me", ROUTE_FOUND, "/api/v1/me", NULL },
		{ "PATCH", "/api/v1/me", ROUTE_FOUND, "/api/v1/me", NULL },
		{ "POST", "/api/v1/me", ROUTE_NO_METHOD, NULL, NULL },
		{ "GET", "/api/v1/people/7", ROUTE_FOUND, "/api/v1/people/{id}", "7" },
		{ "DELETE", "/api/v1/sessions/7", ROUTE_FOUND, "/api/v1/sessions/{id}", "7" },
		{ "GET", "/api/v1/sessions/7", ROUTE_NO_METHOD, NULL, NULL },
		{ "GET", "/api/v1", ROUTE_NO_PATH, NULL, NULL },
		{ "GET", "/api/v2/me", ROUTE_NO_PATH, NULL, NULL },
		{ "GET", "/API/v1/me", ROUTE_NO_PATH, NULL, NULL },
		{ "GET", "/nope", ROUTE_NO_PATH, NULL, NULL },
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const struct app_case *c = &cases[i];
		const struct route *r;
		struct route_params ps;
		enum route_result got = match(app_routes, c->method, c->path, &r, &ps);
		if (got != c->want)
			print_error("%s %s: got %d, want %d\n", c->method, c->path, got, c->want);
		assert_int_equal(got, c->want);
		if (c->want != ROUTE_FOUND) {
			assert_null(r);
			continue;
		}
		assert_string_equal(r->pattern, c->pattern);
		if (strcmp(c->method, "HEAD") == 0)
			assert_string_equal(r->method, "GET");
		else
			assert_string_equal(r->method, c->method);
		if (c->param) {
			assert_int_equal(ps.n, 1);
			assert_int_equal(ps.p[0].value_len, strlen(c->param));
			assert_memory_equal(ps.p[0].value, c->param, ps.p[0].value_len);
		} else {
			assert_int_equal(ps.n, 0);
		}
	}
}

/* Routes that change state are never plain GETs, and every page that
 * shows people's data needs a signed-in viewer. */
static void test_app_routes_auth(void **state)
{
	(void)state;
	for (const struct route *r = app_routes; r->pattern; r++) {
		bool public = strcmp(r->pattern, "/signin") == 0 || strcmp(r->pattern, "/setup") == 0 ||
		              strncmp(r->pattern, "/static/", 8) == 0 || strcmp(r->pattern, "/healthz") == 0 ||
		              (strcmp(r->pattern, "/api/v1/session") == 0 && strcmp(r->method, "POST") == 0) ||
		              /* the invitation link: its token is the credential (reviewed, issue 3) */
		              strcmp(r->pattern, "/invite/{token}") == 0 ||
		              /* public posts and their files are for anyone; each handler asks
		               * visibility_can_see_post (reviewed, issue 4; e2e routes-anon) */
		              (strcmp(r->method, "GET") == 0 &&
		               (strncmp(r->pattern, "/posts/{id}", 11) == 0 || strncmp(r->pattern, "/api/v1/posts/{id}", 18) == 0 ||
		                strcmp(r->pattern, "/files/{id}/{name}") == 0)) ||
		              /* a public article's page and the public blog with its feeds: only
		               * public articles of active authors (reviewed, issue 6; e2e articles) */
		              (strcmp(r->method, "GET") == 0 &&
		               (strcmp(r->pattern, "/articles/{id}") == 0 || strncmp(r->pattern, "/blog", 5) == 0));
		if (!public && !(r->flags & R_AUTH))
			print_error("%s %s has no R_AUTH\n", r->method, r->pattern);
		assert_true(public || (r->flags & R_AUTH));
		if (strncmp(r->pattern, "/api/", 5) == 0)
			assert_true(r->flags & R_API);
		/* only the documented exception is exempt from CSRF */
		if (r->flags & R_NOCSRF)
			assert_string_equal(r->pattern, "/api/v1/session");
	}
}

/* Every route declares who may use it (web/app.h), fitting its flags: the
 * build checks this too (plein routes --check). */
static void test_app_routes_policy(void **state)
{
	(void)state;
	assert_int_equal(app_routes_check(stderr), 0);
	for (const struct route *r = app_routes; r->pattern; r++)
		assert_non_null(app_policy_name(r->policy));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_app_routes_policy),
		cmocka_unit_test(test_exact),
		cmocka_unit_test(test_captures),
		cmocka_unit_test(test_trailing_and_empty),
		cmocka_unit_test(test_methods),
		cmocka_unit_test(test_pattern_edge),
		cmocka_unit_test(test_too_many_params),
		cmocka_unit_test(test_empty_table),
		cmocka_unit_test(test_app_routes_shape),
		cmocka_unit_test(test_app_routes),
		cmocka_unit_test(test_app_routes_auth),
	};
	return cmocka_run_group_tests_name("router", tests, NULL, NULL);
}

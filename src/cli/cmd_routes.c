/* cmd_routes.c — `plein routes`: the route table with each route's flags
 * and policy, one per line (tests read it), and `--check`, which the build
 * runs so that a route without a policy never makes it into a binary. */
#include "cli/commands.h"
#include "web/app.h"

static void flag_names(unsigned flags, char *out, size_t size)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{ R_AUTH, "auth" }, { R_API, "api" }, { R_NOCSRF, "nocsrf" }, { R_FORM, "form" },
		{ R_JSONBODY, "json" }, { R_ADMIN, "admin" }, { R_NOLOG, "nolog" }, { R_MULTIPART, "multipart" },
		{ R_UPLOAD, "upload" }, { R_SECRET_PATH, "secretpath" },
	};
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (flags & names[i].bit)
			len += (size_t)snprintf(out + len, len < size ? size - len : 0, "%s%s", len ? "," : "", names[i].name);
	if (!len)
		snprintf(out, size, "-");
}

int cmd_routes(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: plein routes [--check]\n\nPrints METHOD PATH FLAGS POLICY for every route; --check only\n"
		       "verifies that each route declares a policy that fits its flags.\n");
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--check"))
		return app_routes_check(stderr) ? 1 : 0;
	if (argc > 1) {
		fprintf(stderr, "plein routes: unknown option %s\n", argv[1]);
		return 2;
	}
	for (const struct route *r = app_routes; r->method; r++) {
		char flags[128];
		flag_names(r->flags, flags, sizeof(flags));
		const char *pol = app_policy_name(r->policy);
		printf("%s %s %s %s\n", r->method, r->pattern, flags, pol ? pol : "NONE");
	}
	return app_routes_check(stderr) ? 1 : 0;
}

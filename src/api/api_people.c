/* api_people.c — the directory list /api/v1/people. One profile, /me and
 * profile changes: api_profile.c. */
#include "api/api.h"
#include "web/app.h"
#include "web/handlers.h"
#include "core/audit.h"
#include "core/i18n.h"
#include "core/people.h"
#include "core/visibility.h"
#include "lib/utf8.h"

/* limit: 1–100, default 20; 0 when malformed */
static int parse_limit(const char *s)
{
	if (!s)
		return 20;
	int n = 0;
	if (!*s || strlen(s) > 3)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		n = n * 10 + (*s - '0');
	}
	return n >= 1 && n <= PEOPLE_PAGE_MAX ? n : 0;
}

void api_people_list(struct request *req)
{
	if (!visibility_can_browse(req->viewer)) {
		api_error(req, 403, "forbidden", T(req, N_("The directory is for colleagues. As a guest or alumni you see your own profile.")), NULL);
		return;
	}
	const char *q = req_query(req, "q"), *cursor = req_query(req, "cursor");
	int limit = parse_limit(req_query(req, "limit"));
	if (!limit) {
		api_error(req, 400, "bad_request", T(req, N_("limit must be a number from 1 to 100.")), "limit");
		return;
	}
	if (q && utf8_length(q, strlen(q)) > PEOPLE_QUERY_MAX) {
		api_error(req, 400, "bad_request", T(req, N_("The search text can be at most 200 characters.")), "q");
		return;
	}
	struct people_page page;
	int rc = people_list(req->db, req->pool, q, cursor, limit, &page);
	if (rc == PLEIN_INVALID) {
		api_error(req, 400, "bad_request", T(req, N_("The cursor is not valid.")), "cursor");
		return;
	}
	if (rc) {
		api_error(req, 503, "unavailable", T(req, N_("The directory cannot be read right now.")), NULL);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < page.n; i++)
		json_array_append_new(items, api_person(page.items[i]));
	api_json(req, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor",
	                             page.next ? json_string(page.next) : json_null()));
}

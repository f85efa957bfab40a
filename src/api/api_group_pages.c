/* api_group_pages.c — /api/v1/groups/{id}/pages: a group's pages and
 * meeting minutes, their versions, comparing two and restoring one (the
 * contract: docs/api.md "Group pages"). A group the viewer may not see is a
 * 404 like one that does not exist; one they see but may not read, 403.
 * Edits name the version they start from and get 409 when it is no longer
 * the current one. */
#include "api/api.h"
#include "web/handlers.h"
#include "web/app.h"
#include "core/group_pages.h"
#include "core/groups.h"
#include "core/i18n.h"
#include "core/visibility.h"

#define DIFF_CONTEXT 3

static void unavailable(struct request *req)
{
	api_error(req, 503, "unavailable", T(req, N_("Group pages cannot be read or saved right now.")), NULL);
}

static void page_not_found(struct request *req)
{
	api_error(req, 404, "not_found", T(req, N_("There is no such page in this group.")), NULL);
}

enum need { READ, WRITE };

/* The group of {id} for reading (or writing), else answered. */
static struct group *load_group(struct request *req, enum need need)
{
	int64_t id = req_param_id(req, "id");
	struct group *g = NULL;
	int rc = id > 0 ? groups_get(req->db, req->pool, id, &g) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && !visibility_can_see_group(req->viewer, g))) {
		api_error(req, 404, "not_found", T(req, N_("There is no such group.")), NULL);
		return NULL;
	}
	if (rc) {
		unavailable(req);
		return NULL;
	}
	if (!visibility_can_read_group(req->viewer, g)) {
		api_error(req, 403, "forbidden", T(req, N_("Only members see what is in this group.")), NULL);
		return NULL;
	}
	if (need == WRITE && !visibility_can_post_in_group(req->viewer, g)) {
		api_error(req, 403, "forbidden", T(req, N_("Only members of this group can write its pages.")), NULL);
		return NULL;
	}
	return g;
}

static struct group_page *load_page(struct request *req, const struct group *g)
{
	int64_t id = req_param_id(req, "page");
	struct group_page *pg = NULL;
	int rc = id > 0 ? group_pages_get(req->db, req->pool, g->id, id, &pg) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND)
		page_not_found(req);
	else if (rc)
		unavailable(req);
	return rc ? NULL : pg;
}

static json_t *person_ref(int64_t id, const char *name)
{
	return json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", name);
}

static json_t *nullable(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *page_json(struct request *req, const struct group_page *pg)
{
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:o, s:I, s:o, s:o, s:o, s:o, s:s}",
		"id", (json_int_t)pg->id, "group_id", (json_int_t)pg->group_id, "title", pg->title,
		"kind", pg->meeting_date ? "minutes" : "page", "meeting_date", nullable(pg->meeting_date),
		"revision", (json_int_t)pg->revision, "created_by", person_ref(pg->created_by, pg->created_by_name),
		"created_at", api_time(pg->created_at), "updated_by", person_ref(pg->updated_by, pg->updated_by_name),
		"updated_at", api_time(pg->updated_at),
		"url", pool_printf(req->pool, "/groups/%lld/pages/%lld", (long long)pg->group_id, (long long)pg->id));
	if (pg->body) {
		json_object_set_new(o, "text", json_string(pg->body));
		json_object_set_new(o, "html", json_string(pg->body_html));
	}
	return o;
}

static json_t *revision_json(const struct group_page_revision *r)
{
	json_t *o = json_pack("{s:I, s:s, s:o, s:o, s:o}", "number", (json_int_t)r->number, "title", r->title,
		"meeting_date", nullable(r->meeting_date), "editor", person_ref(r->editor_id, r->editor_name),
		"created_at", api_time(r->created_at));
	if (r->body) {
		json_object_set_new(o, "text", json_string(r->body));
		json_object_set_new(o, "html", json_string(r->body_html));
	} else {
		json_object_set_new(o, "size", json_integer((json_int_t)r->size));
	}
	return o;
}

/* ?offset= (0 when absent); false after answering 400. */
static bool parse_offset(struct request *req, size_t *out)
{
	const char *v = req_query(req, "offset");
	*out = 0;
	if (!v)
		return true;
	if (!*v || strlen(v) > 6 || strspn(v, "0123456789") != strlen(v)) {
		api_error(req, 400, "bad_request", T(req, N_("offset must be a number.")), "offset");
		return false;
	}
	*out = (size_t)strtoul(v, NULL, 10);
	return true;
}

static bool parse_limit(struct request *req, size_t *out)
{
	int n = api_parse_limit(req_query(req, "limit"), 50, GROUP_PAGE_LIST_MAX);
	if (!n) {
		api_error(req, 400, "bad_request", T(req, N_("limit must be a number from 1 to 100.")), "limit");
		return false;
	}
	*out = (size_t)n;
	return true;
}

void api_group_pages_list(struct request *req)
{
	struct group *g = load_group(req, READ);
	if (!g)
		return;
	const char *kind = req_query(req, "kind");
	if (kind && strcmp(kind, "page") != 0 && strcmp(kind, "minutes") != 0) {
		api_error(req, 400, "bad_request", T(req, N_("kind must be page or minutes.")), "kind");
		return;
	}
	size_t offset, limit, n;
	if (!parse_offset(req, &offset) || !parse_limit(req, &limit))
		return;
	struct group_page *pg;
	bool more;
	if (group_pages_list(req->db, req->pool, g->id, kind && strcmp(kind, "minutes") == 0, offset, limit, &pg, &n,
	                     &more)) {
		unavailable(req);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, page_json(req, &pg[i]));
	api_json(req, 200, json_pack("{s:o, s:o}", "items", items, "next_offset",
	                             more ? json_integer((json_int_t)(offset + n)) : json_null()));
}

/* title, text, meeting_date (string, or null/"" for none) from the body. */
static int read_input(struct request *req, json_t *body, struct group_page_input *in, bool *date_present)
{
	static const char *const known[] = { "title", "text", "meeting_date", "base_revision" };
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v) {
		bool ok = false;
		for (size_t i = 0; i < ARRAY_LEN(known); i++)
			ok |= strcmp(key, known[i]) == 0;
		if (!ok) {
			api_error(req, 422, "invalid", T(req, N_("A page has a title, a text and a meeting date only.")), key);
			return PLEIN_INVALID;
		}
	}
	if (api_string_member(req, body, "title", false, &in->title, NULL) ||
	    api_string_member(req, body, "text", false, &in->body, NULL) ||
	    api_string_member(req, body, "meeting_date", true, &in->meeting_date, date_present))
		return PLEIN_INVALID;
	if (*date_present && !in->meeting_date)
		in->meeting_date = "";
	return PLEIN_OK;
}

/* The API calls the text "text" (as posts do); the core says "body". */
static void invalid(struct request *req, const char *msg, const char *field)
{
	api_error(req, 422, "invalid", T(req, msg), field && strcmp(field, "body") == 0 ? "text" : field);
}

void api_group_pages_create(struct request *req)
{
	json_t *body = api_body_object(req);
	if (!body)
		return;
	struct group *g = load_group(req, WRITE);
	if (!g)
		return;
	struct group_page_input in = { 0 };
	bool date_present;
	if (read_input(req, body, &in, &date_present))
		return;
	if (json_object_get(body, "base_revision")) {
		invalid(req, N_("A new page has no base_revision."), "base_revision");
		return;
	}
	const char *msg = NULL, *field = NULL;
	int64_t id;
	int rc = group_pages_create(req->db, req->pool, req->viewer, g->id, &in, &id, &msg, &field);
	if (rc == PLEIN_INVALID) {
		invalid(req, msg, field);
		return;
	}
	struct group_page *pg;
	if (rc || group_pages_get(req->db, req->pool, g->id, id, &pg)) {
		unavailable(req);
		return;
	}
	api_json(req, 201, page_json(req, pg));
}

void api_group_page_get(struct request *req)
{
	struct group *g = load_group(req, READ);
	struct group_page *pg = g ? load_page(req, g) : NULL;
	if (pg)
		api_json(req, 200, page_json(req, pg));
}

void api_group_page_patch(struct request *req)
{
	json_t *body = api_body_object(req);
	if (!body)
		return;
	struct group *g = load_group(req, WRITE);
	struct group_page *pg = g ? load_page(req, g) : NULL;
	if (!pg)
		return;
	struct group_page_input in = { 0 };
	bool date_present;
	if (read_input(req, body, &in, &date_present))
		return;
	json_t *base = json_object_get(body, "base_revision");
	if (!json_is_integer(base) || json_integer_value(base) < 1) {
		invalid(req, N_("Send base_revision: the number of the version your changes start from."), "base_revision");
		return;
	}
	const char *msg = NULL, *field = NULL;
	int64_t rev;
	int rc = group_pages_edit(req->db, req->pool, req->viewer, g->id, pg->id, json_integer_value(base), &in, &rev,
	                          &msg, &field);
	if (rc == PLEIN_INVALID) {
		invalid(req, msg, field);
		return;
	}
	if (rc == PLEIN_CONFLICT) {
		json_t *e = json_pack("{s:s, s:s, s:s, s:I}", "code", "conflict", "message", T(req, msg), "field",
		                      "base_revision", "current_revision", (json_int_t)rev);
		api_json(req, 409, json_pack("{s:o}", "error", e));
		return;
	}
	if (rc == PLEIN_NOTFOUND) {
		page_not_found(req);
		return;
	}
	if (rc || group_pages_get(req->db, req->pool, g->id, pg->id, &pg)) {
		unavailable(req);
		return;
	}
	api_json(req, 200, page_json(req, pg));
}

void api_group_page_delete(struct request *req)
{
	struct group *g = load_group(req, READ);
	struct group_page *pg = g ? load_page(req, g) : NULL;
	if (!pg)
		return;
	if (!visibility_can_delete_group_page(req->viewer, g, pg->created_by)) {
		api_error(req, 403, "forbidden", T(req, N_("Only the person who wrote this page or the group's owners and "
		                                           "moderators can delete it.")), NULL);
		return;
	}
	int rc = group_pages_delete(req->db, req->pool, req->viewer, g->id, pg->id);
	if (rc == PLEIN_NOTFOUND)
		page_not_found(req);
	else if (rc)
		unavailable(req);
	else
		api_no_content(req);
}

void api_group_page_revisions(struct request *req)
{
	struct group *g = load_group(req, READ);
	struct group_page *pg = g ? load_page(req, g) : NULL;
	size_t offset, limit, n;
	if (!pg || !parse_offset(req, &offset) || !parse_limit(req, &limit))
		return;
	struct group_page_revision *r;
	bool more;
	if (group_pages_revisions(req->db, req->pool, pg->id, offset, limit, &r, &n, &more)) {
		unavailable(req);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, revision_json(&r[i]));
	api_json(req, 200, json_pack("{s:o, s:o}", "items", items, "next_offset",
	                             more ? json_integer((json_int_t)(offset + n)) : json_null()));
}

/* Version {n} of the page, else answered. */
static struct group_page_revision *load_revision(struct request *req, const struct group_page *pg)
{
	int64_t n = req_param_id(req, "n");
	struct group_page_revision *r = NULL;
	int rc = n > 0 ? group_pages_revision(req->db, req->pool, pg->id, n, &r) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND)
		api_error(req, 404, "not_found", T(req, N_("This page has no such version.")), NULL);
	else if (rc)
		unavailable(req);
	return rc ? NULL : r;
}

void api_group_page_revision(struct request *req)
{
	struct group *g = load_group(req, READ);
	struct group_page *pg = g ? load_page(req, g) : NULL;
	struct group_page_revision *r = pg ? load_revision(req, pg) : NULL;
	if (r)
		api_json(req, 200, revision_json(r));
}

void api_group_page_restore(struct request *req)
{
	struct group *g = load_group(req, WRITE);
	struct group_page *pg = g ? load_page(req, g) : NULL;
	struct group_page_revision *r = pg ? load_revision(req, pg) : NULL;
	if (!r)
		return;
	int64_t rev;
	int rc = group_pages_restore(req->db, req->pool, req->viewer, g->id, pg->id, r->number, &rev);
	if (rc == PLEIN_NOTFOUND) {
		page_not_found(req);
		return;
	}
	if (rc || group_pages_get(req->db, req->pool, g->id, pg->id, &pg)) {
		unavailable(req);
		return;
	}
	api_json(req, 200, page_json(req, pg));
}

static int64_t query_number(struct request *req, const char *key)
{
	const char *v = req_query(req, key);
	if (!v || !*v || strlen(v) > 9 || strspn(v, "0123456789") != strlen(v))
		return 0;
	return strtoll(v, NULL, 10);
}

void api_group_page_compare(struct request *req)
{
	struct group *g = load_group(req, READ);
	struct group_page *pg = g ? load_page(req, g) : NULL;
	if (!pg)
		return;
	int64_t from = query_number(req, "from"), to = query_number(req, "to");
	if (from < 1 || to < 1) {
		api_error(req, 400, "bad_request", T(req, N_("Send from and to: two version numbers.")),
		          from < 1 ? "from" : "to");
		return;
	}
	struct group_page_revision *a, *b;
	struct textdiff d;
	int rc = group_pages_compare(req->db, req->pool, pg->id, from, to, DIFF_CONTEXT, &a, &b, &d);
	if (rc == PLEIN_NOTFOUND) {
		api_error(req, 404, "not_found", T(req, N_("This page has no such version.")), NULL);
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	json_t *lines = json_array();
	for (size_t i = 0; i < d.n; i++) {
		const struct textdiff_line *l = &d.lines[i];
		const char *op = l->op == TEXTDIFF_ADD ? "add" : l->op == TEXTDIFF_DEL ? "del"
		               : l->op == TEXTDIFF_HUNK ? "hunk" : "same";
		json_array_append_new(lines, json_pack("{s:s, s:o, s:o, s:s%}", "op", op,
			"old_line", l->old_no ? json_integer(l->old_no) : json_null(),
			"new_line", l->new_no ? json_integer(l->new_no) : json_null(), "text", l->text, l->len));
	}
	a->body = b->body = NULL;  /* the versions' summaries, without their texts */
	api_json(req, 200, json_pack("{s:o, s:o, s:I, s:I, s:o}", "from", revision_json(a), "to", revision_json(b),
	                             "added", (json_int_t)d.added, "removed", (json_int_t)d.removed, "lines", lines));
}

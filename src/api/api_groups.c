/* api_groups.c — /api/v1/groups: the directory and categories, one group,
 * creating, changing and deleting groups, members and their roles, requests
 * to join and invitations, pinned posts and a group's stream. Every answer
 * asks core/visibility.c first: a group the viewer may not see is a 404, the
 * same as one that does not exist; so is a person they may not see. */
#include "api/api_posts.h"
#include "web/handlers.h"
#include "core/groups.h"
#include "core/posts.h"
#include "core/visibility.h"
#include "lib/utf8.h"

#define GROUP_STREAM_PAGE 20
#define GROUP_MEMBERS_PAGE 20

static void unavailable(struct request *req)
{
	api_error(req, 503, "unavailable", "Groups cannot be read or saved right now.", NULL);
}

static void group_not_found(struct request *req)
{
	api_error(req, 404, "not_found", "There is no such group.", NULL);
}

static void person_not_found(struct request *req, const char *field)
{
	api_error(req, 404, "not_found", "There is no such person.", field);
}

static void forbidden(struct request *req, const char *msg)
{
	api_error(req, 403, "forbidden", msg, NULL);
}

/* The answer for a core status other than PLEIN_OK, with its message. */
static void core_error(struct request *req, int rc, const char *msg, const char *field)
{
	switch (rc) {
	case PLEIN_INVALID: api_error(req, 422, "invalid", msg ? msg : "This is not valid.", field); break;
	case PLEIN_CONFLICT: api_error(req, 409, "conflict", msg ? msg : "This exists already.", field); break;
	case PLEIN_NOTFOUND:
		api_error(req, 404, "not_found", msg ? msg : "There is nothing waiting here.", field);
		break;
	case PLEIN_DENIED: forbidden(req, msg ? msg : "You cannot do this in this group."); break;
	case PLEIN_TOOBIG: api_error(req, 422, "invalid", msg ? msg : "There are too many.", field); break;
	default: unavailable(req);
	}
}

/* The group named by {id} if the viewer may see it; else 404 (hidden and
 * absent alike) or 503, and NULL. */
static struct group *load_group(struct request *req)
{
	int64_t id = req_param_id(req, "id");
	struct group *g = NULL;
	int rc = id ? groups_get(req->db, req->pool, id, &g) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && !visibility_can_see_group(req->viewer, g))) {
		group_not_found(req);
		return NULL;
	}
	if (rc) {
		unavailable(req);
		return NULL;
	}
	return g;
}

/* load_group, then the viewer must be allowed (else 403 with denied). */
static struct group *load_group_allowed(struct request *req, bool (*may)(const struct person *, const struct group *),
                                        const char *denied)
{
	struct group *g = load_group(req);
	if (g && !may(req->viewer, g)) {
		forbidden(req, denied);
		return NULL;
	}
	return g;
}

static json_t *group_json(struct request *req, const struct group *g)
{
	const struct person *v = req->viewer;
	const char *role = visibility_group_role(v, g->id);
	const char *pending = groups_pending_of(req->db, req->pool, g->id, v->id);
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:b}",
		"id", (json_int_t)g->id, "name", g->name, "kind", g->kind, "category", g->category, "about", g->about,
		"about_html", g->about_html, "member_count", (json_int_t)g->member_count, "alumni", g->special != NULL);
	json_object_set_new(o, "your_role", role ? json_string(role) : json_null());
	json_object_set_new(o, "can_join", json_boolean(visibility_can_join_group(v, g)));
	json_object_set_new(o, "can_request", json_boolean(visibility_can_request_group(v, g) && !pending));
	json_object_set_new(o, "can_read", json_boolean(visibility_can_read_group(v, g)));
	json_object_set_new(o, "can_post", json_boolean(visibility_can_post_in_group(v, g)));
	json_object_set_new(o, "can_manage", json_boolean(visibility_can_manage_group(v, g)));
	json_object_set_new(o, "can_own", json_boolean(visibility_can_own_group(v, g)));
	json_object_set_new(o, "pending", pending ? json_string(pending) : json_null());
	json_object_set_new(o, "url", json_string(pool_printf(req->pool, "/groups/%lld", (long long)g->id)));
	json_object_set_new(o, "created_at", api_time(g->created_at));
	return o;
}

static json_t *brief_json(const struct person_brief *b)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:b}", "id", (json_int_t)b->id, "name", b->name, "title", b->title,
	                 "photo", api_photo_urls(b->photo), "guest", strcmp(b->role, "guest") == 0);
}

static json_t *member_json(const struct group_member *m)
{
	return json_pack("{s:o, s:s, s:o}", "person", brief_json(&m->person), "role", m->role, "joined_at",
	                 api_time(m->joined_at));
}

/* A person named in the body ("person_id") or the path ("person_id"), whom
 * the viewer may see; else 404/422 and 0 (never a hint about hidden people). */
static int64_t person_from_body(struct request *req, json_t *body)
{
	json_t *v = json_object_get(body, "person_id");
	if (!v || !json_is_integer(v) || json_integer_value(v) <= 0) {
		api_error(req, 422, "invalid", "person_id must be the id of a person.", "person_id");
		return 0;
	}
	return json_integer_value(v);
}

static struct person *visible_person(struct request *req, int64_t id, const char *field)
{
	struct person *p = NULL;
	int rc = id > 0 ? visibility_person_get(req->db, req->pool, id, &p) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && (!visibility_can_see_person(req->viewer, p) ||
	                                                strcmp(p->status, "active") != 0))) {
		person_not_found(req, field);
		return NULL;
	}
	if (rc) {
		unavailable(req);
		return NULL;
	}
	return p;
}

/* The group_input of a create or change body; false after answering. */
static bool input_from_body(struct request *req, json_t *body, struct group_input *in)
{
	static const char *const keys[] = { "name", "kind", "category", "about" };
	const char **slots[] = { &in->name, &in->kind, &in->category, &in->about };
	memset(in, 0, sizeof(*in));
	const char *key;
	json_t *value;
	json_object_foreach(body, key, value) {
		bool known = false;
		for (size_t i = 0; i < ARRAY_LEN(keys); i++)
			known |= strcmp(key, keys[i]) == 0;
		if (!known) {
			api_error(req, 422, "invalid", "This field is not part of a group.", key);
			return false;
		}
	}
	for (size_t i = 0; i < ARRAY_LEN(keys); i++)
		if (api_string_member(req, body, keys[i], false, slots[i], NULL))
			return false;
	return true;
}

static const char *input_field(const char *msg)
{
	if (!msg)
		return NULL;
	if (strstr(msg, "name"))
		return "name";
	if (strstr(msg, "open, closed"))
		return "kind";
	if (strstr(msg, "ategory"))
		return "category";
	return strstr(msg, "escription") ? "about" : NULL;
}

/* ---- groups ---------------------------------------------------------------- */

void api_groups_create(struct request *req)
{
	if (!visibility_can_create_group(req->viewer)) {
		forbidden(req, "Only colleagues in the organisation can start groups.");
		return;
	}
	json_t *body = api_body_object(req);
	struct group_input in;
	if (!body || !input_from_body(req, body, &in))
		return;
	int64_t id = 0;
	const char *msg = NULL;
	int rc = groups_create(req->db, req->pool, req->viewer, &in, &id, &msg);
	struct group *g = NULL;
	/* the creator is now an owner: reload their groups for the answer */
	if (rc == PLEIN_OK && (rc = visibility_scope_load(req->db, req->pool, req->viewer)) == PLEIN_OK)
		rc = groups_get(req->db, req->pool, id, &g);
	if (rc) {
		core_error(req, rc, msg, input_field(msg));
		return;
	}
	resp_header(req, "Location", pool_printf(req->pool, "/api/v1/groups/%lld", (long long)id));
	api_json(req, 201, group_json(req, g));
}

/* ?mine= accepts 1/0/true/false. */
static int flag(const char *s, bool *out)
{
	*out = false;
	if (!s || strcmp(s, "0") == 0 || strcmp(s, "false") == 0)
		return PLEIN_OK;
	if (strcmp(s, "1") == 0 || strcmp(s, "true") == 0) {
		*out = true;
		return PLEIN_OK;
	}
	return PLEIN_INVALID;
}

void api_groups_list(struct request *req)
{
	struct group_query q = { .q = req_query(req, "q"), .category = req_query(req, "category"),
	                         .cursor = req_query(req, "cursor") };
	int limit = api_parse_limit(req_query(req, "limit"), 20, GROUP_PAGE_MAX);
	if (!limit) {
		api_error(req, 400, "bad_request", "limit must be a number from 1 to 50.", "limit");
		return;
	}
	q.limit = (size_t)limit;
	if (flag(req_query(req, "mine"), &q.mine)) {
		api_error(req, 400, "bad_request", "mine must be 1 or 0.", "mine");
		return;
	}
	if (q.q && (strlen(q.q) > PEOPLE_QUERY_MAX || !utf8_valid(q.q, strlen(q.q)))) {
		api_error(req, 400, "bad_request", "The search text is too long or not valid text.", "q");
		return;
	}
	if (q.category && (strlen(q.category) > 4 * GROUP_CATEGORY_MAX || !utf8_valid(q.category, strlen(q.category)))) {
		api_error(req, 400, "bad_request", "The category is too long or not valid text.", "category");
		return;
	}
	struct group *items;
	size_t n;
	const char *next = NULL;
	int rc = groups_list(req->db, req->pool, req->viewer, &q, &items, &n, &next);
	if (rc == PLEIN_INVALID) {
		api_error(req, 400, "bad_request", "The cursor is not valid.", "cursor");
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, group_json(req, &items[i]));
	api_json(req, 200, json_pack("{s:o, s:o}", "items", a, "next", next ? json_string(next) : json_null()));
}

void api_groups_categories(struct request *req)
{
	struct group_category *c;
	size_t n;
	if (groups_categories(req->db, req->pool, req->viewer, &c, &n)) {
		unavailable(req);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:I}", "name", c[i].name, "count", (json_int_t)c[i].count));
	api_json(req, 200, json_pack("{s:o}", "items", a));
}

void api_groups_get(struct request *req)
{
	struct group *g = load_group(req);
	if (g)
		api_json(req, 200, group_json(req, g));
}

void api_groups_patch(struct request *req)
{
	struct group *g = load_group_allowed(req, visibility_can_own_group, "Only the group's owners can change it.");
	json_t *body = g ? api_body_object(req) : NULL;
	struct group_input in;
	if (!body || !input_from_body(req, body, &in))
		return;
	const char *msg = NULL;
	int rc = groups_update(req->db, req->pool, req->viewer, g->id, &in, &msg);
	if (rc == PLEIN_OK)
		rc = groups_get(req->db, req->pool, g->id, &g);
	if (rc) {
		core_error(req, rc, msg, input_field(msg));
		return;
	}
	api_json(req, 200, group_json(req, g));
}

void api_groups_delete(struct request *req)
{
	struct group *g = load_group_allowed(req, visibility_can_own_group, "Only the group's owners can delete it.");
	if (!g)
		return;
	int rc = groups_delete(req->db, req->viewer, g->id);
	if (rc == PLEIN_DENIED) {
		forbidden(req, "The alumni group cannot be deleted.");
		return;
	}
	if (rc) {
		core_error(req, rc, NULL, NULL);
		return;
	}
	api_no_content(req);
}

/* ---- members ---------------------------------------------------------------- */

/* The person's membership as JSON after a change (201/200). */
static void answer_member(struct request *req, int status, int64_t group_id, int64_t person_id)
{
	struct person *p = NULL;
	const char *role = groups_role_of(req->db, req->pool, group_id, person_id);
	if (!role || people_get(req->db, req->pool, person_id, &p)) {
		unavailable(req);
		return;
	}
	struct group_member m = {
		.person = { .id = p->id, .name = p->name, .title = p->title, .photo = p->photo, .role = p->role,
		            .status = p->status },
		.role = role,
		.joined_at = 0,
	};
	int64_t joined = 0;
	if (db_query_int(req->db, &joined, "SELECT joined_at FROM group_members WHERE group_id = ? AND person_id = ?",
	                 "ii", group_id, person_id) == PLEIN_OK)
		m.joined_at = joined;
	api_json(req, status, member_json(&m));
}

void api_groups_members_add(struct request *req)
{
	struct group *g = load_group(req);
	json_t *body = g ? api_body_object(req) : NULL;
	if (!body)
		return;
	int64_t pid = person_from_body(req, body);
	const char *role = NULL;
	if (!pid || api_string_member(req, body, "role", true, &role, NULL))
		return;
	if (role && !groups_member_role_valid(role)) {
		api_error(req, 422, "invalid", "A role is owner, moderator or member.", "role");
		return;
	}
	const char *msg = NULL;
	int rc;
	if (pid == req->viewer->id) {
		/* yourself: join an open group */
		if (visibility_group_role(req->viewer, g->id)) {
			api_error(req, 409, "conflict", "You are a member of this group already.", NULL);
			return;
		}
		if (!visibility_can_join_group(req->viewer, g) && !visibility_can_manage_group(req->viewer, g)) {
			forbidden(req, visibility_can_request_group(req->viewer, g)
				? "This group is closed: ask to join with POST /api/v1/groups/{id}/requests."
				: "You cannot join this group yourself: its owners can invite you.");
			return;
		}
		if (role && strcmp(role, "member") != 0) {
			forbidden(req, "You join a group as a member.");
			return;
		}
		rc = groups_member_add(req->db, req->viewer, g->id, pid, "member", &msg);
	} else {
		if (!visibility_can_manage_group(req->viewer, g)) {
			forbidden(req, "Only the group's owners and moderators can add people.");
			return;
		}
		if (role && strcmp(role, "member") != 0 && !visibility_can_own_group(req->viewer, g)) {
			forbidden(req, "Only the group's owners can give someone a role.");
			return;
		}
		if (!visible_person(req, pid, "person_id"))
			return;
		rc = groups_member_add(req->db, req->viewer, g->id, pid, role ? role : "member", &msg);
	}
	if (rc) {
		core_error(req, rc, msg, "person_id");
		return;
	}
	answer_member(req, 201, g->id, pid);
}

void api_groups_members_remove(struct request *req)
{
	struct group *g = load_group(req);
	if (!g)
		return;
	int64_t pid = req_param_id(req, "person_id");
	const char *role = pid ? groups_role_of(req->db, req->pool, g->id, pid) : NULL;
	if (pid != req->viewer->id) {
		if (!visibility_can_manage_group(req->viewer, g)) {
			forbidden(req, "Only the group's owners and moderators can remove members.");
			return;
		}
		if (!visible_person(req, pid, NULL))
			return;
		/* moderators remove members; owners also moderators and owners (as on the web) */
		if (role && strcmp(role, "member") != 0 && !visibility_can_own_group(req->viewer, g)) {
			forbidden(req, "Only owners can remove an owner or a moderator.");
			return;
		}
	}
	const char *msg = NULL;
	int rc = groups_member_remove(req->db, req->viewer, g->id, pid, &msg);
	if (rc) {
		core_error(req, rc, pid == req->viewer->id && rc == PLEIN_NOTFOUND ? "You are not a member of this group." : msg,
		           NULL);
		return;
	}
	api_no_content(req);
}

void api_groups_members_patch(struct request *req)
{
	struct group *g = load_group_allowed(req, visibility_can_own_group, "Only the group's owners can change roles.");
	json_t *body = g ? api_body_object(req) : NULL;
	const char *role = NULL;
	if (!body || api_string_member(req, body, "role", false, &role, NULL))
		return;
	if (!role || !groups_member_role_valid(role)) {
		api_error(req, 422, "invalid", "A role is owner, moderator or member.", "role");
		return;
	}
	int64_t pid = req_param_id(req, "person_id");
	if (!visible_person(req, pid, NULL))
		return;
	const char *msg = NULL;
	int rc = groups_member_set_role(req->db, req->viewer, g->id, pid, role, &msg);
	if (rc) {
		core_error(req, rc, msg, "role");
		return;
	}
	answer_member(req, 200, g->id, pid);
}

void api_groups_members_list(struct request *req)
{
	struct group *g = load_group_allowed(req, visibility_can_read_group,
	                                     "Only the group's members can see who is in it.");
	if (!g)
		return;
	int limit = api_parse_limit(req_query(req, "limit"), GROUP_MEMBERS_PAGE, GROUP_PAGE_MAX);
	const char *off = req_query(req, "offset");
	long long offset = 0;
	if (off) {
		char *end;
		offset = strtoll(off, &end, 10);
		if (!*off || *end || offset < 0 || offset > 1000000) {
			api_error(req, 400, "bad_request", "offset must be a number from 0 to 1000000.", "offset");
			return;
		}
	}
	if (!limit) {
		api_error(req, 400, "bad_request", "limit must be a number from 1 to 50.", "limit");
		return;
	}
	struct group_member *m;
	size_t n;
	/* one more than asked tells whether another page follows */
	if (groups_members(req->db, req->pool, g->id, (size_t)offset, (size_t)limit + 1 > GROUP_PAGE_MAX
	                   ? GROUP_PAGE_MAX : (size_t)limit + 1, &m, &n)) {
		unavailable(req);
		return;
	}
	bool more = n > (size_t)limit;
	if (more)
		n = (size_t)limit;
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, member_json(&m[i]));
	api_json(req, 200, json_pack("{s:o, s:I, s:o}", "items", a, "member_count", (json_int_t)g->member_count,
	                             "next_offset", more ? json_integer(offset + (long long)n) : json_null()));
}

/* ---- the stream and pins ------------------------------------------------------ */

void api_groups_stream(struct request *req)
{
	struct group *g = load_group_allowed(req, visibility_can_read_group,
	                                     "Only the group's members can read its posts.");
	if (!g)
		return;
	struct stream_range r = { 0 };
	r.limit = api_parse_limit(req_query(req, "limit"), GROUP_STREAM_PAGE, STREAM_PAGE_MAX);
	if (!r.limit) {
		api_error(req, 400, "bad_request", "limit must be a number from 1 to 50.", "limit");
		return;
	}
	if (stream_cursor_parse(req_query(req, "cursor"), &r.before) ||
	    stream_cursor_parse(req_query(req, "after"), &r.after)) {
		api_error(req, 400, "bad_request", "The cursor is not valid.", "cursor");
		return;
	}
	struct stream_page page;
	bool began = db_read_begin(req->db);
	int rc = stream_group(req->db, req->pool, req->viewer, g->id, r, &page);
	json_t *o = rc ? NULL : api_stream_json(req, &page);
	db_read_end(req->db, began);
	if (!o)
		unavailable(req);
	else
		api_json(req, 200, o);
}

static json_t *pins_json(struct request *req, int64_t group_id, int *rc)
{
	int64_t *ids;
	size_t n;
	json_t *a = json_array();
	if ((*rc = groups_pins(req->db, req->pool, group_id, &ids, &n)))
		return a;
	for (size_t i = 0; i < n; i++) {
		struct post *p = NULL;
		if (posts_get(req->db, req->pool, ids[i], &p) == PLEIN_OK && visibility_can_see_post(req->viewer, p))
			json_array_append_new(a, api_post_json(req, p));
	}
	return a;
}

void api_groups_pins_list(struct request *req)
{
	struct group *g = load_group_allowed(req, visibility_can_read_group,
	                                     "Only the group's members can read its posts.");
	if (!g)
		return;
	int rc;
	json_t *a = pins_json(req, g->id, &rc);
	if (rc) {
		json_decref(a);
		unavailable(req);
		return;
	}
	api_json(req, 200, json_pack("{s:o}", "items", a));
}

static void pin(struct request *req, bool on)
{
	struct group *g = load_group_allowed(req, visibility_can_manage_group,
	                                     "Only the group's owners and moderators can pin posts.");
	if (!g)
		return;
	int rc = groups_pin(req->db, req->viewer, g->id, req_param_id(req, "post_id"), on);
	if (rc == PLEIN_NOTFOUND) {
		api_error(req, 404, "not_found", "There is no such post in this group.", NULL);
		return;
	}
	if (rc == PLEIN_TOOBIG) {
		api_error(req, 422, "invalid", "A group can have at most 10 pinned posts: unpin one first.", NULL);
		return;
	}
	if (rc) {
		unavailable(req);
		return;
	}
	api_groups_pins_list(req);
}

void api_groups_pin(struct request *req) { pin(req, true); }
void api_groups_unpin(struct request *req) { pin(req, false); }

/* ---- requests and invitations -------------------------------------------------- */

static json_t *request_json(struct request *req, const struct group_request *r)
{
	json_t *o = json_pack("{s:o, s:s, s:s, s:o}", "person", brief_json(&r->person), "kind", r->kind,
	                      "message", r->message, "created_at", api_time(r->created_at));
	json_object_set_new(o, "group", json_pack("{s:I, s:s, s:s}", "id", (json_int_t)r->group_id, "name",
		r->group_name, "url", pool_printf(req->pool, "/groups/%lld", (long long)r->group_id)));
	json_object_set_new(o, "actor", json_pack("{s:I, s:s}", "id", (json_int_t)r->actor_id, "name", r->actor_name));
	return o;
}

void api_groups_request(struct request *req)
{
	struct group *g = load_group(req);
	if (!g)
		return;
	const char *message = NULL;
	if (req->body.len) {
		json_t *body = api_body_object(req);
		if (!body || api_string_member(req, body, "message", true, &message, NULL))
			return;
	}
	if (visibility_group_role(req->viewer, g->id)) {
		api_error(req, 409, "conflict", "You are a member of this group already.", NULL);
		return;
	}
	if (!visibility_can_request_group(req->viewer, g)) {
		forbidden(req, visibility_can_join_group(req->viewer, g)
			? "This group is open: join it with POST /api/v1/groups/{id}/members."
			: "You cannot ask to join this group: its owners can invite you.");
		return;
	}
	const char *msg = NULL;
	int rc = groups_request(req->db, req->viewer, g->id, message, &msg);
	if (rc) {
		core_error(req, rc, msg, rc == PLEIN_INVALID ? "message" : NULL);
		return;
	}
	api_json(req, 201, group_json(req, g));
}

static void list_requests(struct request *req, struct group_request *r, size_t n, const char *kind)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		if (!kind || strcmp(r[i].kind, kind) == 0)
			json_array_append_new(a, request_json(req, &r[i]));
	api_json(req, 200, json_pack("{s:o}", "items", a));
}

void api_groups_requests_list(struct request *req)
{
	struct group *g = load_group_allowed(req, visibility_can_manage_group,
	                                     "Only the group's owners and moderators can see requests.");
	struct group_request *r;
	size_t n;
	if (!g)
		return;
	if (groups_requests_of_group(req->db, req->pool, g->id, &r, &n)) {
		unavailable(req);
		return;
	}
	const char *kind = req_query(req, "kind");
	if (kind && strcmp(kind, "request") != 0 && strcmp(kind, "invite") != 0) {
		api_error(req, 400, "bad_request", "kind must be request or invite.", "kind");
		return;
	}
	list_requests(req, r, n, kind);
}

/* Approve or decline someone's request (managers; the requester may
 * decline, i.e. withdraw, their own). */
static void answer_request(struct request *req, bool yes)
{
	struct group *g = load_group(req);
	if (!g)
		return;
	int64_t pid = req_param_id(req, "person_id");
	bool self = pid == req->viewer->id;
	if (!(visibility_can_manage_group(req->viewer, g) || (self && !yes))) {
		forbidden(req, "Only the group's owners and moderators can answer requests.");
		return;
	}
	const char *pending = pid ? groups_pending_of(req->db, req->pool, g->id, pid) : NULL;
	if (!pending || strcmp(pending, "request") != 0) {
		api_error(req, 404, "not_found", "There is no request from this person.", NULL);
		return;
	}
	if (!self && !visible_person(req, pid, NULL))
		return;
	int rc = groups_request_answer(req->db, req->viewer, g->id, pid, yes);
	if (rc) {
		core_error(req, rc, rc == PLEIN_NOTFOUND ? "There is no request from this person." : NULL, NULL);
		return;
	}
	if (yes)
		answer_member(req, 200, g->id, pid);
	else
		api_no_content(req);
}

void api_groups_request_approve(struct request *req) { answer_request(req, true); }
void api_groups_request_decline(struct request *req) { answer_request(req, false); }

void api_groups_invite(struct request *req)
{
	struct group *g = load_group_allowed(req, visibility_can_manage_group,
	                                     "Only the group's owners and moderators can invite people.");
	json_t *body = g ? api_body_object(req) : NULL;
	if (!body)
		return;
	int64_t pid = person_from_body(req, body);
	if (!pid || !visible_person(req, pid, "person_id"))
		return;
	const char *msg = NULL;
	int rc = groups_invite(req->db, req->viewer, g->id, pid, &msg);
	if (rc) {
		core_error(req, rc, msg, "person_id");
		return;
	}
	const char *now = groups_pending_of(req->db, req->pool, g->id, pid);
	/* someone who had asked to join is now simply a member */
	api_json(req, 201, json_pack("{s:I, s:s}", "person_id", (json_int_t)pid, "status", now ? "invited" : "member"));
}

static void answer_invitation(struct request *req, bool yes)
{
	struct group *g = load_group(req);
	if (!g)
		return;
	const char *pending = groups_pending_of(req->db, req->pool, g->id, req->viewer->id);
	if (!pending || strcmp(pending, "invite") != 0) {
		api_error(req, 404, "not_found", "You have no invitation to this group.", NULL);
		return;
	}
	int rc = groups_request_answer(req->db, req->viewer, g->id, req->viewer->id, yes);
	if (rc) {
		core_error(req, rc, rc == PLEIN_NOTFOUND ? "You have no invitation to this group." : NULL, NULL);
		return;
	}
	if (yes)
		answer_member(req, 200, g->id, req->viewer->id);
	else
		api_no_content(req);
}

/* A manager withdraws an invitation that has not been answered. */
void api_groups_invitation_withdraw(struct request *req)
{
	struct group *g = load_group_allowed(req, visibility_can_manage_group,
	                                     "Only the group's owners and moderators can withdraw invitations.");
	if (!g)
		return;
	int64_t pid = req_param_id(req, "person_id");
	const char *pending = pid ? groups_pending_of(req->db, req->pool, g->id, pid) : NULL;
	/* the group's requests list shows managers every pending invitation,
	 * so its existence tells them nothing new */
	if (!pending || strcmp(pending, "invite") != 0) {
		api_error(req, 404, "not_found", "There is no invitation for this person.", NULL);
		return;
	}
	int rc = groups_request_answer(req->db, req->viewer, g->id, pid, false);
	if (rc) {
		core_error(req, rc, rc == PLEIN_NOTFOUND ? "There is no invitation for this person." : NULL, NULL);
		return;
	}
	api_no_content(req);
}

void api_groups_invitation_accept(struct request *req) { answer_invitation(req, true); }
void api_groups_invitation_decline(struct request *req) { answer_invitation(req, false); }

/* The viewer's own pending invitations and requests (of groups they may
 * still see). */
void api_me_group_requests(struct request *req)
{
	struct group_request *r;
	size_t n, k = 0;
	if (groups_requests_of_person(req->db, req->pool, req->viewer->id, &r, &n)) {
		unavailable(req);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct group *g = NULL;
		if (groups_get(req->db, req->pool, r[i].group_id, &g) == PLEIN_OK && visibility_can_see_group(req->viewer, g))
			r[k++] = r[i];
	}
	list_requests(req, r, k, req_query(req, "kind") && strcmp(req_query(req, "kind"), "invite") == 0 ? "invite"
	                         : req_query(req, "kind") && strcmp(req_query(req, "kind"), "request") == 0 ? "request"
	                         : NULL);
}

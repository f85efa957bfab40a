/* pages_group_members.c — /groups/{id}/members (owners, moderators,
 * members; for managers the invite form, pending requests and remove /
 * role controls) and every membership form: join, leave (confirmed), ask
 * to join, accept or decline an invitation, invite, approve or decline a
 * request, remove a member (confirmed), change a role. visibility.c decides
 * who may; core/groups.c writes. */
#include "web/pages_groups.h"
#include "web/page.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/group_view.h"
#include "core/groups.h"
#include "core/i18n.h"
#include "core/people.h"
#include "core/visibility.h"
#include <ctype.h>

#define MEMBERS_PAGE 40
#define MEMBERS_OFFSET_MAX 1000000
#define INVITE_TEXT_MAX 254

static const char *role_label(struct request *req, const char *role)
{
	if (strcmp(role, "owner") == 0)
		return T(req, N_("Owner"));
	if (strcmp(role, "moderator") == 0)
		return T(req, N_("Moderator"));
	return T(req, N_("Member"));
}

/* A struct person from a member row, for page_person_json. */
static json_t *brief_json(struct request *req, const struct person_brief *b)
{
	struct person p = { .id = b->id, .name = b->name, .title = b->title ? b->title : "", .photo = b->photo ? b->photo : "",
	                    .role = b->role ? b->role : "member", .status = b->status ? b->status : "active",
	                    .email = "", .department = "", .location = "", .bio = "", .pronouns = "", .phone = "",
	                    .start_date = "" };
	return page_person_json(req, &p);
}

static json_t *member_json(struct request *req, const struct group *g, const struct group_member *m, bool manage, bool own)
{
	json_t *o = brief_json(req, &m->person);
	bool self = req->viewer->id == m->person.id;
	json_object_set_new(o, "group_role", json_string(m->role));
	json_object_set_new(o, "group_role_label", json_string(role_label(req, m->role)));
	json_object_set_new(o, "is_owner", json_boolean(strcmp(m->role, "owner") == 0));
	json_object_set_new(o, "is_self", json_boolean(self));
	/* moderators manage members, owners also owners and moderators */
	bool removable = !self && (own || (manage && strcmp(m->role, "member") == 0));
	if (removable)
		json_object_set_new(o, "remove_url", json_string(group_pages_url(req, g,
			pool_printf(req->pool, "/members/%lld/remove", (long long)m->person.id))));
	if (own) {
		json_t *roles = json_array();
		static const char *const names[] = { "owner", "moderator", "member" };
		for (size_t i = 0; i < ARRAY_LEN(names); i++)
			json_array_append_new(roles, json_pack("{s:s, s:s, s:b}", "value", names[i], "label",
				role_label(req, names[i]), "selected", strcmp(m->role, names[i]) == 0));
		json_object_set_new(o, "roles", roles);
		json_object_set_new(o, "role_action", json_string(group_pages_url(req, g,
			pool_printf(req->pool, "/members/%lld/role", (long long)m->person.id))));
	}
	return o;
}

/* The members page; invite_text/invite_error refill the invite form. */
static void members_page(struct request *req, const struct group *g, int status, const char *invite_text,
                         const char *invite_error)
{
	const char *off_s = req_query(req, "offset");
	char *end = NULL;
	long long offset = off_s && *off_s ? strtoll(off_s, &end, 10) : 0;
	if (off_s && *off_s && (*end || offset < 0 || offset > MEMBERS_OFFSET_MAX)) {
		page_error(req, 400, N_("This link is not valid."));
		return;
	}
	bool manage = visibility_can_manage_group(req->viewer, g), own = visibility_can_own_group(req->viewer, g);
	struct group_member *m = NULL;
	size_t n = 0;
	struct group_request *reqs = NULL;
	size_t n_reqs = 0;
	bool began = db_read_begin(req->db);
	int rc = groups_members(req->db, req->pool, g->id, (size_t)offset, MEMBERS_PAGE + 1, &m, &n);
	if (!rc && manage)
		rc = groups_requests_of_group(req->db, req->pool, g->id, &reqs, &n_reqs);
	db_read_end(req->db, began);
	if (rc) {
		group_pages_unavailable(req);
		return;
	}
	bool more = n > MEMBERS_PAGE;
	if (more)
		n = MEMBERS_PAGE;
	json_t *owners = json_array(), *mods = json_array(), *members = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = member_json(req, g, &m[i], manage, own);
		json_array_append_new(strcmp(m[i].role, "owner") == 0 ? owners : strcmp(m[i].role, "moderator") == 0 ? mods : members, o);
	}
	json_t *requests = json_array(), *invited = json_array();
	for (size_t i = 0; i < n_reqs; i++) {
		json_t *o = brief_json(req, &reqs[i].person);
		const char *base = pool_printf(req->pool, "/requests/%lld/", (long long)reqs[i].person.id);
		json_object_set_new(o, "message", page_text(reqs[i].message));
		json_object_set_new(o, "ago", json_string(page_ago(req, reqs[i].created_at)));
		json_object_set_new(o, "approve", json_string(group_pages_url(req, g, pool_printf(req->pool, "%sapprove", base))));
		json_object_set_new(o, "decline", json_string(group_pages_url(req, g, pool_printf(req->pool, "%sdecline", base))));
		json_array_append_new(strcmp(reqs[i].kind, "invite") == 0 ? invited : requests, o);
	}
	json_t *ctx = group_view_header(req, g, "members");
	json_object_set_new(ctx, "owners", owners);
	json_object_set_new(ctx, "moderators", mods);
	json_object_set_new(ctx, "members", members);
	json_object_set_new(ctx, "has_owners", json_boolean(json_array_size(owners) > 0));
	json_object_set_new(ctx, "has_moderators", json_boolean(json_array_size(mods) > 0));
	json_object_set_new(ctx, "has_members", json_boolean(json_array_size(members) > 0));
	json_object_set_new(ctx, "requests", requests);
	json_object_set_new(ctx, "has_requests", json_boolean(json_array_size(requests) > 0));
	json_object_set_new(ctx, "invited", invited);
	json_object_set_new(ctx, "has_invited", json_boolean(json_array_size(invited) > 0));
	json_object_set_new(ctx, "invite", json_pack("{s:o, s:o}", "text", page_text(invite_text), "error", page_text(invite_error)));
	if (more)
		json_object_set_new(ctx, "next", json_string(group_pages_url(req, g,
			pool_printf(req->pool, "/members?offset=%lld", offset + MEMBERS_PAGE))));
	if (offset > 0)
		json_object_set_new(ctx, "prev", json_string(group_pages_url(req, g, offset > MEMBERS_PAGE
			? pool_printf(req->pool, "/members?offset=%lld", offset - MEMBERS_PAGE) : "/members")));
	json_object_set_new(ctx, "pager", json_boolean(more || offset > 0));
	json_object_set_new(ctx, "nav_groups", json_true());
	page_render(req, status, "group_members", ctx, g->name);
}

void page_group_members(struct request *req)
{
	struct group *g = group_view_load(req, true);
	if (g)
		members_page(req, g, 200, NULL, NULL);
}

/* ---------- joining and leaving ---------- */

void page_group_join(struct request *req)
{
	struct group *g = group_view_load(req, false);
	if (!g)
		return;
	if (!visibility_can_join_group(req->viewer, g)) {
		if (visibility_group_role(req->viewer, g->id)) {
			page_redirect(req, group_pages_url(req, g, ""), NULL);  /* a member already */
			return;
		}
		page_error(req, 403, strcmp(g->kind, "closed") == 0
			? N_("This group is closed: ask to join it from its page.")
			: N_("You cannot join this group yourself."));
		return;
	}
	const char *msg = NULL;
	int rc = groups_member_add(req->db, req->viewer, g->id, req->viewer->id, "member", &msg);
	if (rc == PLEIN_INVALID) {
		page_error(req, 422, msg ? msg : N_("This did not work."));
		return;
	}
	if (rc && rc != PLEIN_CONFLICT) {
		group_pages_unavailable(req);
		return;
	}
	page_redirect(req, group_pages_url(req, g, ""), "group_joined");
}

/* Is the viewer the group's only owner? (Then leaving is refused.) */
static bool last_owner(struct request *req, const struct group *g)
{
	const char *role = visibility_group_role(req->viewer, g->id);
	if (!role || strcmp(role, "owner") != 0)
		return false;
	struct group_member *m = NULL;
	size_t n = 0;
	if (groups_members(req->db, req->pool, g->id, 0, 2, &m, &n))
		return false;  /* the writer checks again */
	return n < 2 || strcmp(m[1].role, "owner") != 0;
}

static const char *LAST_OWNER = N_("You are the last owner of this group. Make another member an owner first, or delete the group.");

void page_group_leave_form(struct request *req)
{
	struct group *g = group_view_load(req, false);
	if (!g)
		return;
	if (!visibility_group_role(req->viewer, g->id) || g->special) {
		page_error(req, 409, g->special ? N_("Alumni stay in the alumni group.") : N_("You are not a member of this group."));
		return;
	}
	if (last_owner(req, g)) {
		page_error(req, 409, LAST_OWNER);
		return;
	}
	group_pages_confirm(req, g, 200, N_("Leave %s?"), strcmp(g->kind, "open") == 0
		? N_("You will no longer get its posts in your stream. You can join again at any time.")
		: strcmp(g->kind, "closed") == 0
		? N_("You will no longer see its posts, members, pages and files. To come back, you will have to ask to join again.")
		: N_("You will no longer see this group at all. To come back, a member will have to invite you again."),
		g->name, group_pages_url(req, g, "/leave"), N_("Leave the group"), strcmp(g->kind, "open") != 0, NULL);
}

void page_group_leave(struct request *req)
{
	struct group *g = group_view_load(req, false);
	if (!g)
		return;
	if (!visibility_group_role(req->viewer, g->id) || g->special) {
		page_error(req, 409, g->special ? N_("Alumni stay in the alumni group.") : N_("You are not a member of this group."));
		return;
	}
	const char *msg = NULL;
	int rc = groups_member_remove(req->db, req->viewer, g->id, req->viewer->id, &msg);
	if (rc == PLEIN_INVALID) {
		page_error(req, 409, msg ? msg : LAST_OWNER);
		return;
	}
	if (rc && rc != PLEIN_NOTFOUND) {
		group_pages_unavailable(req);
		return;
	}
	/* a closed or secret group is out of sight now: back to the directory */
	page_redirect(req, strcmp(g->kind, "open") == 0 ? group_pages_url(req, g, "") : "/groups", "group_left");
}

void page_group_request(struct request *req)
{
	struct group *g = group_view_load(req, false);
	if (!g)
		return;
	if (!visibility_can_request_group(req->viewer, g)) {
		page_error(req, 403, visibility_group_role(req->viewer, g->id) ? N_("You are a member of this group already.")
			: N_("You cannot ask to join this group."));
		return;
	}
	const char *msg = NULL;
	int rc = groups_request(req->db, req->viewer, g->id, group_pages_form(req, "message"), &msg);
	if (rc == PLEIN_INVALID || rc == PLEIN_CONFLICT) {
		page_error(req, rc == PLEIN_INVALID ? 422 : 409, msg ? msg : N_("This did not work."));
		return;
	}
	if (rc) {
		group_pages_unavailable(req);
		return;
	}
	page_redirect(req, group_pages_url(req, g, ""), "group_requested");
}

/* ---------- invitations and requests ---------- */

static void invitation_answer(struct request *req, bool yes)
{
	struct group *g = group_view_load(req, false);
	if (!g)
		return;
	const char *pending = groups_pending_of(req->db, req->pool, g->id, req->viewer->id);
	if (!pending || strcmp(pending, "invite") != 0) {
		page_error(req, 404, N_("There is no invitation to this group waiting for you."));
		return;
	}
	int rc = groups_request_answer(req->db, req->viewer, g->id, req->viewer->id, yes);
	if (rc == PLEIN_NOTFOUND) {
		page_error(req, 404, N_("There is no invitation to this group waiting for you."));
		return;
	}
	if (rc && rc != PLEIN_CONFLICT) {
		group_pages_unavailable(req);
		return;
	}
	page_redirect(req, yes ? group_pages_url(req, g, "") : "/groups", yes ? "group_joined" : "group_invitation_declined");
}

void page_group_invitation_accept(struct request *req) { invitation_answer(req, true); }
void page_group_invitation_decline(struct request *req) { invitation_answer(req, false); }

static struct group *load_managed(struct request *req)
{
	struct group *g = group_view_load(req, true);
	if (g && !visibility_can_manage_group(req->viewer, g)) {
		page_error(req, 403, N_("Only the owners and moderators of this group can do this."));
		return NULL;
	}
	return g;
}

/* Someone the viewer may invite: visible to them and active. */
static bool invitable(struct request *req, const struct person *p)
{
	return visibility_can_see_person(req->viewer, p) && strcmp(p->status, "active") == 0;
}

void page_group_invite(struct request *req)
{
	struct group *g = load_managed(req);
	if (!g)
		return;
	const char *raw = group_pages_form(req, "person");
	while (isspace((unsigned char)*raw))
		raw++;
	char *entry = pool_strdup(req->pool, raw);
	for (size_t n = strlen(entry); n > 0 && isspace((unsigned char)entry[n - 1]);)
		entry[--n] = '\0';
	const char *err = NULL;
	struct person *p = NULL;
	if (!*entry)
		err = T(req, N_("Type the name or e-mail address of a colleague."));
	else if (strlen(entry) > INVITE_TEXT_MAX)
		err = T(req, N_("That is too long for a name or an e-mail address."));
	else {
		const char *msgid = NULL;
		p = page_resolve_person(req, entry, invitable, &msgid);
		if (!p)
			err = group_pages_subst(req, msgid, entry);
		else if (groups_role_of(req->db, req->pool, g->id, p->id))
			err = group_pages_subst(req, N_("%s is a member already."), p->name);
	}
	if (!err) {
		const char *msg = NULL;
		int rc = groups_invite(req->db, req->viewer, g->id, p->id, &msg);
		if (rc == PLEIN_CONFLICT)
			err = group_pages_subst(req, N_("%s is a member already."), p->name);
		else if (rc == PLEIN_INVALID)
			err = T(req, msg ? msg : N_("This did not work."));
		else if (rc) {
			group_pages_unavailable(req);
			return;
		}
	}
	if (err) {
		members_page(req, g, 422, entry, err);
		return;
	}
	page_redirect(req, group_pages_url(req, g, "/members"), "group_invited");
}

static void request_answer(struct request *req, bool yes)
{
	struct group *g = load_managed(req);
	if (!g)
		return;
	int64_t person_id = req_param_id(req, "person_id");
	const char *pending = person_id ? groups_pending_of(req->db, req->pool, g->id, person_id) : NULL;
	/* approve a request; decline a request or withdraw an invitation */
	if (!pending || (yes && strcmp(pending, "request") != 0)) {
		page_error(req, 404, N_("There is no such request waiting."));
		return;
	}
	int rc = groups_request_answer(req->db, req->viewer, g->id, person_id, yes);
	if (rc == PLEIN_NOTFOUND) {
		page_error(req, 404, N_("There is no such request waiting."));
		return;
	}
	if (rc && rc != PLEIN_CONFLICT) {
		group_pages_unavailable(req);
		return;
	}
	page_redirect(req, group_pages_url(req, g, "/members"), yes ? "group_request_approved" : "group_request_declined");
}

void page_group_request_approve(struct request *req) { request_answer(req, true); }
void page_group_request_decline(struct request *req) { request_answer(req, false); }

/* ---------- removing members and roles ---------- */

/* The member named by {person_id}, with their role; NULL after answering. */
static struct person *load_member(struct request *req, const struct group *g, const char **role)
{
	int64_t id = req_param_id(req, "person_id");
	struct person *p = NULL;
	*role = id ? groups_role_of(req->db, req->pool, g->id, id) : NULL;
	if (!*role || people_get(req->db, req->pool, id, &p) != PLEIN_OK) {
		page_error(req, 404, N_("This person is not a member of this group."));
		return NULL;
	}
	return p;
}

static struct person *load_removable(struct request *req, struct group **gp)
{
	struct group *g = *gp = load_managed(req);
	const char *role = NULL;
	struct person *p = g ? load_member(req, g, &role) : NULL;
	if (!p)
		return NULL;
	if (p->id == req->viewer->id) {
		page_error(req, 409, N_("To leave the group yourself, use Leave on the group's page."));
		return NULL;
	}
	if (strcmp(role, "member") != 0 && !visibility_can_own_group(req->viewer, g)) {
		page_error(req, 403, N_("Only owners can remove owners and moderators."));
		return NULL;
	}
	return p;
}

void page_group_member_remove_form(struct request *req)
{
	struct group *g = NULL;
	struct person *p = load_removable(req, &g);
	if (!p)
		return;
	const char *question = group_pages_subst(req, N_("%s will no longer be a member of this group."), p->name);
	group_pages_confirm(req, g, 200, N_("Remove a member?"), question, p->name,
		group_pages_url(req, g, pool_printf(req->pool, "/members/%lld/remove", (long long)p->id)),
		N_("Remove"), true, NULL);
}

void page_group_member_remove(struct request *req)
{
	struct group *g = NULL;
	struct person *p = load_removable(req, &g);
	if (!p)
		return;
	const char *msg = NULL;
	int rc = groups_member_remove(req->db, req->viewer, g->id, p->id, &msg);
	if (rc == PLEIN_INVALID) {
		page_error(req, 409, msg ? msg : N_("This did not work."));
		return;
	}
	if (rc && rc != PLEIN_NOTFOUND) {
		group_pages_unavailable(req);
		return;
	}
	page_redirect(req, group_pages_url(req, g, "/members"), "group_member_removed");
}

void page_group_member_role(struct request *req)
{
	struct group *g = group_view_load(req, true);
	if (!g)
		return;
	if (!visibility_can_own_group(req->viewer, g)) {
		page_error(req, 403, N_("Only the owners of this group can change roles."));
		return;
	}
	const char *role = NULL;
	struct person *p = load_member(req, g, &role);
	if (!p)
		return;
	const char *want = group_pages_form(req, "role");
	if (!groups_member_role_valid(want)) {
		page_error(req, 422, N_("Choose owner, moderator or member."));
		return;
	}
	const char *msg = NULL;
	int rc = strcmp(want, role) == 0 ? PLEIN_OK : groups_member_set_role(req->db, req->viewer, g->id, p->id, want, &msg);
	if (rc == PLEIN_INVALID) {
		page_error(req, 409, msg ? msg : LAST_OWNER);
		return;
	}
	if (rc == PLEIN_NOTFOUND) {
		page_error(req, 404, N_("This person is not a member of this group."));
		return;
	}
	if (rc) {
		group_pages_unavailable(req);
		return;
	}
	page_redirect(req, group_pages_url(req, g, "/members"), "group_role_saved");
}

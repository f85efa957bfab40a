/* group_view.c — see group_view.h: the shared header and loading of group
 * pages. The rules are visibility.c's; this only asks and shows. */
#include "web/group_view.h"
#include "web/app.h"
#include "web/page.h"
#include "web/social.h"
#include "core/groups.h"
#include "core/visibility.h"
#include "core/i18n.h"

struct group *group_view_load(struct request *req, bool need_read)
{
	int64_t id = req_param_id(req, "id");
	struct group *g = NULL;
	int rc = id <= 0 ? PLEIN_NOTFOUND : groups_get(req->db, req->pool, id, &g);
	if (rc == PLEIN_OK && !visibility_can_see_group(req->viewer, g))
		rc = PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND) {
		page_error(req, 404, N_("There is no such group, or it is not visible to you."));
		return NULL;
	}
	if (rc != PLEIN_OK) {
		page_error(req, 500, N_("Something went wrong on our side. Please try again."));
		return NULL;
	}
	if (need_read && !visibility_can_read_group(req->viewer, g)) {
		page_error(req, 403, N_("Only members see what is in this group. Ask to join it from its page."));
		return NULL;
	}
	return g;
}

const char *group_view_kind_label(struct request *req, const char *kind)
{
	if (strcmp(kind, "open") == 0)
		return T(req, N_("Open"));
	if (strcmp(kind, "closed") == 0)
		return T(req, N_("Closed"));
	return T(req, N_("Secret"));
}

const char *group_view_kind_hint(struct request *req, const char *kind)
{
	if (strcmp(kind, "open") == 0)
		return T(req, N_("Anyone in the organisation can join and read along."));
	if (strcmp(kind, "closed") == 0)
		return T(req, N_("Anyone can find it and ask to join; only members see what is posted."));
	return T(req, N_("Only members know it exists; people join by invitation."));
}

json_t *group_view_header(struct request *req, const struct group *g, const char *tab)
{
	const char *role = visibility_group_role(req->viewer, g->id);
	const char *pending = req->viewer ? groups_pending_of(req->db, req->pool, g->id, req->viewer->id) : NULL;
	json_t *o = json_pack("{s:{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:I, s:s, s:b}}",
		"group", "id", (json_int_t)g->id, "name", g->name, "url", pool_printf(req->pool, "/groups/%lld", (long long)g->id),
		"kind", g->kind, "kind_label", group_view_kind_label(req, g->kind), "kind_hint",
		group_view_kind_hint(req, g->kind), "category", page_text(g->category), "member_count",
		(json_int_t)g->member_count, "about_html", g->about_html, "alumni", g->special != NULL);
	json_t *grp = json_object_get(o, "group");
	json_object_set_new(grp, "is_open", json_boolean(strcmp(g->kind, "open") == 0));
	/* "1 member", "12 members": the count goes in after translating */
	json_object_set_new(grp, "member_count_label", json_string(social_subst(req->pool,
		T(req, g->member_count == 1 ? N_("%s member") : N_("%s members")),
		pool_printf(req->pool, "%lld", (long long)g->member_count))));
	json_object_set_new(o, "role", page_text(role));
	json_object_set_new(o, "role_label", page_text(!role ? NULL : strcmp(role, "owner") == 0 ? T(req, N_("Owner"))
		: strcmp(role, "moderator") == 0 ? T(req, N_("Moderator")) : T(req, N_("Member"))));
	json_object_set_new(o, "is_owner", json_boolean(role && strcmp(role, "owner") == 0));
	json_object_set_new(o, "can_join", json_boolean(visibility_can_join_group(req->viewer, g)));
	/* the alumni group's members are the alumni: no one asks to join it */
	json_object_set_new(o, "can_request",
	                    json_boolean(visibility_can_request_group(req->viewer, g) && !pending));
	json_object_set_new(o, "can_leave", json_boolean(role != NULL && !g->special));
	json_object_set_new(o, "can_manage", json_boolean(visibility_can_manage_group(req->viewer, g)));
	json_object_set_new(o, "can_own", json_boolean(visibility_can_own_group(req->viewer, g)));
	json_object_set_new(o, "can_post", json_boolean(visibility_can_post_in_group(req->viewer, g)));
	json_object_set_new(o, "can_read", json_boolean(visibility_can_read_group(req->viewer, g)));
	json_object_set_new(o, "pending_request", json_boolean(pending && strcmp(pending, "request") == 0));
	json_object_set_new(o, "pending_invite", json_boolean(pending && strcmp(pending, "invite") == 0));
	if (tab)
		json_object_set_new(o, pool_printf(req->pool, "tab_%s", tab), json_true());
	return o;
}

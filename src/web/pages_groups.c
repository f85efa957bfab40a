/* pages_groups.c — /groups (the directory: search, categories, "My groups",
 * your invitations, Join / Ask to join) and /groups/new; plus the helpers
 * all group pages share (pages_groups.h). Guests and alumni see only their
 * own groups: groups_list filters with visibility_group_sql. */
#include "web/pages_groups.h"
#include "web/page.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/group_view.h"
#include "web/social.h"
#include "core/groups.h"
#include "core/i18n.h"
#include "core/visibility.h"
#include <ctype.h>

#define DIRECTORY_PAGE 24
#define QUERY_MAX 200
#define ABOUT_EXCERPT 160

void group_pages_unavailable(struct request *req)
{
	page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
}

const char *group_pages_url(struct request *req, const struct group *g, const char *suffix)
{
	return pool_printf(req->pool, "/groups/%lld%s", (long long)g->id, suffix);
}

const char *group_pages_subst(struct request *req, const char *msgid, const char *s)
{
	return social_subst(req->pool, T(req, msgid), s);
}

const char *group_pages_form(struct request *req, const char *key)
{
	const char *v = form_get(&req->form, key);
	return v ? v : "";
}

const char *group_pages_form_trimmed(struct request *req, const char *key)
{
	const char *s = group_pages_form(req, key);
	while (*s && isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	char *out = pool_alloc(req->pool, n + 1);
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

void group_pages_confirm(struct request *req, const struct group *g, int status, const char *title,
                         const char *question, const char *subject, const char *action, const char *button,
                         bool danger, json_t *hidden)
{
	json_t *fields = json_array();
	const char *k;
	json_t *v;
	if (hidden)
		json_object_foreach(hidden, k, v)
			json_array_append_new(fields, json_pack("{s:s, s:O}", "name", k, "value", v));
	json_decref(hidden);
	json_t *ctx = group_view_header(req, g, NULL);
	json_object_set_new(ctx, "confirm", json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:o}",
		"title", group_pages_subst(req, title, subject), "question", group_pages_subst(req, question, subject),
		"action", action, "button", T(req, button), "back", group_pages_url(req, g, ""), "danger", danger,
		"fields", fields));
	json_object_set_new(ctx, "nav_groups", json_true());
	page_render(req, status, "group_confirm", ctx, title);
}

/* "12 members" / "1 member", translated, the count put in after. */
static const char *members_label(struct request *req, int64_t n)
{
	return group_pages_subst(req, n == 1 ? N_("%s member") : N_("%s members"), pool_printf(req->pool, "%lld", (long long)n));
}

static const char *role_label(struct request *req, const char *role)
{
	if (!role)
		return NULL;
	if (strcmp(role, "owner") == 0)
		return T(req, N_("Owner"));
	if (strcmp(role, "moderator") == 0)
		return T(req, N_("Moderator"));
	return T(req, N_("Member"));
}

/* The directory's link with the current filters and `cursor`. */
static const char *directory_url(struct request *req, const char *q, const char *category, bool mine, const char *cursor)
{
	struct strbuf u = STRBUF_INIT;
	char sep = '?';
	(void)strbuf_addstr(&u, "/groups");
	const char *keys[] = { "q", "category", "cursor" }, *vals[] = { q, category, cursor };
	for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
		if (!vals[i] || !*vals[i])
			continue;
		(void)strbuf_addf(&u, "%c%s=", sep, keys[i]);
		(void)strbuf_add_urlencoded(&u, vals[i], strlen(vals[i]));
		sep = '&';
	}
	if (mine)
		(void)strbuf_addf(&u, "%cmine=1", sep);
	const char *s = pool_strdup(req->pool, u.buf);
	strbuf_release(&u);
	return s;
}

static bool pending_request_for(const struct group_request *r, size_t n, int64_t group_id)
{
	for (size_t i = 0; i < n; i++)
		if (r[i].group_id == group_id && strcmp(r[i].kind, "request") == 0)
			return true;
	return false;
}

static json_t *group_card(struct request *req, const struct group *g, const struct group_request *reqs, size_t n_reqs)
{
	const char *role = visibility_group_role(req->viewer, g->id);
	bool pending = pending_request_for(reqs, n_reqs, g->id);
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(g->id));
	json_object_set_new(o, "name", json_string(g->name));
	json_object_set_new(o, "url", json_string(group_pages_url(req, g, "")));
	json_object_set_new(o, "kind", json_string(g->kind));
	json_object_set_new(o, "kind_label", json_string(group_view_kind_label(req, g->kind)));
	json_object_set_new(o, "category", page_text(g->category));
	json_object_set_new(o, "members", json_string(members_label(req, g->member_count)));
	json_object_set_new(o, "about", page_text(social_excerpt(req->pool, g->about ? g->about : "", ABOUT_EXCERPT)));
	json_object_set_new(o, "role", page_text(role_label(req, role)));
	json_object_set_new(o, "can_join", json_boolean(visibility_can_join_group(req->viewer, g)));
	/* the alumni group's members are the alumni: no one asks to join it */
	json_object_set_new(o, "can_request", json_boolean(!pending && visibility_can_request_group(req->viewer, g)));
	json_object_set_new(o, "pending", json_boolean(pending));
	return o;
}

void page_groups(struct request *req)
{
	bool browse = visibility_can_list_groups(req->viewer);
	const char *q = req_query(req, "q"), *category = req_query(req, "category"), *cursor = req_query(req, "cursor");
	const char *mine_s = req_query(req, "mine");
	bool mine = !browse || (mine_s && strcmp(mine_s, "1") == 0);
	if (!browse)  /* guests and alumni: their own groups, no search */
		q = category = NULL;
	if ((q && strlen(q) > QUERY_MAX) || (category && strlen(category) > GROUP_CATEGORY_MAX * 4) ||
	    (cursor && strlen(cursor) > 400)) {
		page_error(req, 400, N_("This search is too long."));
		return;
	}
	struct group_query gq = { .q = q ? q : "", .category = category ? category : "", .cursor = cursor && *cursor ? cursor : NULL,
	                          .limit = DIRECTORY_PAGE, .mine = mine };
	struct group *groups = NULL;
	size_t n = 0;
	const char *next = NULL;
	struct group_category *cats = NULL;
	size_t n_cats = 0;
	struct group_request *reqs = NULL;
	size_t n_reqs = 0;
	bool began = db_read_begin(req->db);
	int rc = groups_list(req->db, req->pool, req->viewer, &gq, &groups, &n, &next);
	if (rc == PLEIN_INVALID) {
		db_read_end(req->db, began);
		page_error(req, 400, N_("This link is not valid."));
		return;
	}
	if (!rc && browse)
		rc = groups_categories(req->db, req->pool, req->viewer, &cats, &n_cats);
	if (!rc)
		rc = groups_requests_of_person(req->db, req->pool, req->viewer->id, &reqs, &n_reqs);
	if (rc) {
		db_read_end(req->db, began);
		group_pages_unavailable(req);
		return;
	}
	json_t *ctx = json_object(), *cards = json_array(), *cat_list = json_array(), *invites = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(cards, group_card(req, &groups[i], reqs, n_reqs));
	for (size_t i = 0; i < n_cats; i++)
		json_array_append_new(cat_list, json_pack("{s:s, s:I, s:b}", "name", cats[i].name, "count",
			(json_int_t)cats[i].count, "selected", category && strcmp(category, cats[i].name) == 0));
	for (size_t i = 0; i < n_reqs; i++) {
		if (strcmp(reqs[i].kind, "invite") != 0)
			continue;
		/* only while the group is still there for them (not deleted) */
		struct group *g = NULL;
		if (groups_get(req->db, req->pool, reqs[i].group_id, &g) || !visibility_can_see_group(req->viewer, g))
			continue;
		json_array_append_new(invites, json_pack("{s:s, s:s, s:s, s:s, s:s?}",
			"text", group_pages_subst(req, N_("You are invited to join %s."), g->name), "url", group_pages_url(req, g, ""),
			"accept", group_pages_url(req, g, "/invitation/accept"), "decline", group_pages_url(req, g, "/invitation/decline"),
			"by", reqs[i].actor_name ? group_pages_subst(req, N_("Invited by %s"), reqs[i].actor_name) : NULL));
	}
	db_read_end(req->db, began);
	bool filtered = (q && *q) || (category && *category);
	json_object_set_new(ctx, "browse", json_boolean(browse));
	json_object_set_new(ctx, "can_create", json_boolean(visibility_can_create_group(req->viewer)));
	json_object_set_new(ctx, "q", page_text(q));
	json_object_set_new(ctx, "category", page_text(category));
	json_object_set_new(ctx, "mine", json_boolean(mine));
	json_object_set_new(ctx, "all_url", json_string(directory_url(req, q, category, false, NULL)));
	json_object_set_new(ctx, "mine_url", json_string(directory_url(req, q, category, true, NULL)));
	json_object_set_new(ctx, "clear_url", json_string(directory_url(req, NULL, NULL, mine, NULL)));
	json_object_set_new(ctx, "categories", cat_list);
	json_object_set_new(ctx, "has_categories", json_boolean(n_cats > 0));
	json_object_set_new(ctx, "groups", cards);
	json_object_set_new(ctx, "has_groups", json_boolean(n > 0));
	json_object_set_new(ctx, "filtered", json_boolean(filtered));
	json_object_set_new(ctx, "invitations", invites);
	json_object_set_new(ctx, "has_invitations", json_boolean(json_array_size(invites) > 0));
	if (next)
		json_object_set_new(ctx, "next", json_string(directory_url(req, q, category, mine, next)));
	json_object_set_new(ctx, "nav_groups", json_true());
	page_render(req, 200, "groups", ctx, browse ? N_("Groups") : N_("Your groups"));
}

/* ---------- /groups/new ---------- */

static void new_form(struct request *req, int status, const struct group_input *in, json_t *errors)
{
	json_t *ctx = json_object(), *kinds = json_array();
	static const char *const kind_names[] = { "open", "closed", "secret" };
	const char *kind = in && in->kind && groups_kind_valid(in->kind) ? in->kind : "open";
	for (size_t i = 0; i < ARRAY_LEN(kind_names); i++)
		json_array_append_new(kinds, json_pack("{s:s, s:s, s:s, s:b}", "value", kind_names[i],
			"label", group_view_kind_label(req, kind_names[i]), "hint", group_view_kind_hint(req, kind_names[i]),
			"checked", strcmp(kind, kind_names[i]) == 0));
	json_object_set_new(ctx, "kinds", kinds);
	json_object_set_new(ctx, "name", page_text(in ? in->name : NULL));
	json_object_set_new(ctx, "category", page_text(in ? in->category : NULL));
	json_object_set_new(ctx, "about", page_text(in ? in->about : NULL));
	struct group_category *cats = NULL;
	size_t n_cats = 0;
	json_t *cat_list = json_array();
	if (groups_categories(req->db, req->pool, req->viewer, &cats, &n_cats) == PLEIN_OK)
		for (size_t i = 0; i < n_cats; i++)
			json_array_append_new(cat_list, json_pack("{s:s}", "name", cats[i].name));
	json_object_set_new(ctx, "categories", cat_list);
	if (errors && json_object_size(errors))
		json_object_set_new(errors, "any", json_true());
	json_object_set_new(ctx, "errors", errors ? errors : json_object());
	json_object_set_new(ctx, "nav_groups", json_true());
	page_render(req, status, "group_new", ctx, N_("New group"));
}

void page_group_new_form(struct request *req)
{
	if (!visibility_can_create_group(req->viewer)) {
		page_error(req, 403, N_("Only colleagues in the organisation can start a group."));
		return;
	}
	new_form(req, 200, NULL, NULL);
}

/* Which field an English message from groups_input_error is about. */
static const char *error_field(const char *msg)
{
	if (strstr(msg, "ategor"))
		return "category";
	if (strstr(msg, "bout") || strstr(msg, "escription"))
		return "about";
	if (strstr(msg, "kind") || strstr(msg, "open, closed"))
		return "kind";
	return "name";
}

void page_group_create(struct request *req)
{
	if (!visibility_can_create_group(req->viewer)) {
		page_error(req, 403, N_("Only colleagues in the organisation can start a group."));
		return;
	}
	struct group_input in = { .name = group_pages_form_trimmed(req, "name"), .kind = group_pages_form(req, "kind"),
	                          .category = group_pages_form_trimmed(req, "category"),
	                          .about = group_pages_form(req, "about") };
	const char *msg = groups_input_error(&in, true);
	int64_t id = 0;
	int rc = msg ? PLEIN_INVALID : groups_create(req->db, req->pool, req->viewer, &in, &id, &msg);
	if (rc == PLEIN_INVALID || rc == PLEIN_CONFLICT) {
		json_t *errors = json_object();
		if (rc == PLEIN_CONFLICT)
			json_object_set_new(errors, "name", json_string(T(req, N_("There is already a group with this name."))));
		else
			json_object_set_new(errors, error_field(msg ? msg : ""), json_string(T(req, msg ? msg : N_("This is not valid."))));
		new_form(req, 422, &in, errors);
		return;
	}
	if (rc) {
		group_pages_unavailable(req);
		return;
	}
	page_redirect(req, pool_printf(req->pool, "/groups/%lld", (long long)id), "group_created");
}
